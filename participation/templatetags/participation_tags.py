"""What community, story and participation pages show of residents' participation: the links to
the forms and the yearly counts of fulfilled wishes and handled reports. Lives here so that
communities and news need not know this app (they load the tags in their templates)."""

from django import template
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from communities.models import CommunityPage, community_path, community_title_at
from pagecache.generation import remember
from participation.models import DONE_STATES, Submission, storage_stations

register = template.Library()
YEARS_SHOWN = 3


def public_facts():
    """What pages show of participation, for every community at once (two queries, kept per
    page-cache generation): the stations taking storage pre-registrations, and per community
    (by tree path) and year the fulfilled wishes and handled reports (a year is the year,
    Beijing time, the item was closed)."""
    rows = (
        Submission.objects.filter(state__in=DONE_STATES, kind__in=("wish", "report"))
        .annotate(year=ExtractYear("closed_at", tzinfo=timezone.get_current_timezone()))
        .values("community__path", "year")
        .annotate(
            wishes=Count("pk", filter=Q(kind="wish")),
            reports=Count("pk", filter=Q(kind="report")),
        )
    )
    counts = {}
    for row in rows:
        for key in (row["community__path"], "city"):
            year = counts.setdefault(key, {}).setdefault(row["year"], [0, 0])
            year[0] += row["wishes"]
            year[1] += row["reports"]
    return {
        "stations": set(storage_stations().values_list("pk", flat=True)),
        "counts": {
            key: [
                {"year": year, "wishes": wishes, "reports": reports}
                for year, (wishes, reports) in sorted(years.items(), reverse=True)[:YEARS_SHOWN]
            ]
            for key, years in counts.items()
        },
    }


def facts():
    return remember("participation-public", public_facts)


@register.inclusion_tag("participation/includes/counts.html")
def participation_counts(page=None):
    """The yearly counts of the page's community (a community page, or a story or news item
    inside one), or the city's without a page."""
    counts = facts()["counts"]
    if page is None:
        return {"rows": counts.get("city", []), "key": "city"}
    path = community_path(page)
    if path is None:
        return {"rows": []}
    title = page.title if isinstance(page, CommunityPage) else community_title_at(path)
    return {"rows": counts.get(path, []), "community_title": title, "key": path}


@register.inclusion_tag("participation/includes/community_participation.html")
def community_participation(community):
    """On a community page: links to the forms for this community, and its yearly counts."""
    return {
        "community": community,
        "offers_storage": community.pk in facts()["stations"],
        **participation_counts(community),
    }
