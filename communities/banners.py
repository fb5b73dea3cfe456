"""The notice banner: active city-wide notices everywhere, a community's own on its pages."""

from django.template.loader import render_to_string

from communities.models import NOTICES, NoticePage, community_path
from pagecache import registry, tags


def notice_banner(page):
    notices = NoticePage.active_for(page)
    if not notices:
        return ""
    return render_to_string("communities/includes/notice_banner.html", {"notices": notices})


def notice_shown_on(notice):
    """The cache tags a notice's change retires: a city-wide notice is in the banner of every
    page; a community's in the banner of that community's pages, and in the notice lists."""
    community = community_path(notice)
    if community is None:
        return [registry.EVERYTHING]
    return [NOTICES, tags.at(community), tags.below(community)]


def next_notice_change(now):
    """When the next notice starts or ends (a banner appears or goes), or None."""
    moments = [
        moment
        for pair in NoticePage.objects.live()
        .filter(ends_at__gt=now)
        .values_list("starts_at", "ends_at")
        for moment in pair
        if moment > now
    ]
    return min(moments, default=None)
