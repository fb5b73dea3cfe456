"""What community, story and participation pages show of residents' participation: the links to
the forms and the yearly counts of fulfilled wishes and handled reports. Lives here so that
communities and news need not know this app (they load the tags in their templates)."""

from django import template
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from communities.models import CommunityPage, community_path
from pagecache.generation import remember
from participation.models import DONE_STATES, Submission, storage_stations

register = template.Library()
YEARS_SHOWN = 3


def yearly_counts(community_id=None):
    """[{year, wishes, reports}] for the last YEARS_SHOWN years with any, newest first; a
    year is the year (Beijing time) the item was closed."""
    done = Submission.objects.filter(state__in=DONE_STATES, kind__in=("wish", "report"))
    if community_id is not None:
        done = done.filter(community_id=community_id)
    rows = (
        done.annotate(year=ExtractYear("closed_at", tzinfo=timezone.get_current_timezone()))
        .values("year")
        .annotate(
            wishes=Count("pk", filter=Q(kind="wish")), reports=Count("pk", filter=Q(kind="report"))
        )
        .order_by("-year")[:YEARS_SHOWN]
    )
    return [dict(row) for row in rows]


def _community_of(page):
    if isinstance(page, CommunityPage):
        return page.pk, page.title
    path = community_path(page) if page is not None else None
    if path is None:
        return None, ""
    found = CommunityPage.objects.filter(path=path).values_list("pk", "title").first()
    return found or (None, "")


@register.inclusion_tag("participation/includes/counts.html")
def participation_counts(page=None):
    """The yearly counts of the page's community (a community page, or a story or news item
    inside one), or the city's without a page. Kept per page-cache generation."""
    key = community_path(page) if page is not None else None
    community_id, title = remember(f"participation-community:{key}", lambda: _community_of(page))
    if key is not None and community_id is None:
        return {"rows": []}
    rows = remember(f"participation-counts:{community_id}", lambda: yearly_counts(community_id))
    return {"rows": rows, "community_title": title, "key": community_id or "city"}


@register.inclusion_tag("participation/includes/community_participation.html")
def community_participation(community):
    """On a community page: links to the forms for this community, and its yearly counts."""
    stations = remember(
        "participation-storage-stations",
        lambda: list(storage_stations().values_list("pk", flat=True)),
    )
    return {
        "community": community,
        "offers_storage": community.pk in stations,
        **participation_counts(community),
    }
