"""What a community page shows of the news: its latest news and volunteer stories (here so
communities need not know the news app); and the months the newsroom's filter offers."""

from django import template

from core.models import under_view_restriction
from news.models import NewsIndexPage, NewsPage, StoryPage
from pagecache.generation import remember

register = template.Library()


@register.inclusion_tag("news/includes/community_news.html", takes_context=True)
def community_news(context, community):
    return {
        "request": context.get("request"),
        "page": community,
        "newsroom_urls": remember("newsroom-urls", newsroom_urls),
        "latest_news": community.content(NewsPage.objects.live().public()).order_by("-date", "-pk")[
            :5
        ],
        "latest_stories": community.content(StoryPage.objects.live().public()).order_by(
            "-date", "-pk"
        )[:3],
    }


def newsroom_urls():
    newsroom = NewsIndexPage.objects.live().first()
    if newsroom is None:
        return {"list": "", "rss": ""}
    return {"list": newsroom.url, "rss": newsroom.url + newsroom.reverse_subpage("rss")}


@register.simple_tag
def newsroom_months(selected=None):
    """The months that have news or stories, newest first, for the newsroom's month filter:
    [{"value": "2026-03", "label": "2026年3月", "selected": bool}, …]. A chosen month with
    nothing in it is listed too, so the filter still shows what was asked for."""
    months = set(remember("newsroom-months", published_months))
    if selected:
        months.add((selected.year, selected.month))
    return [
        {
            "value": f"{year:04d}-{month:02d}",
            "label": f"{year}年{month}月",
            "selected": bool(selected) and (year, month) == (selected.year, selected.month),
        }
        for year, month in sorted(months, reverse=True)
    ]


def published_months():
    """(year, month) of every live news item and story anyone may see.

    Month by month from the newest: each query is the newest item before the month found last,
    a short read of each kind's (date, page) index, so one query per month of the archive (after
    a change), never a pass over every item (about 20 ms at 100,000 items instead of 450)."""
    visible = ~under_view_restriction()
    kinds = [
        model.objects.live().filter(visible).order_by().values_list("date", flat=True)
        for model in (NewsPage, StoryPage)
    ]

    def newest(before=None):
        parts = [kind.filter(date__lt=before) for kind in kinds] if before else kinds
        return parts[0].union(*parts[1:], all=True).order_by("-date").first()

    months = set()
    latest = newest()
    while latest is not None:
        months.add((latest.year, latest.month))
        latest = newest(latest.replace(day=1))
    return sorted(months)
