"""What a community page shows of the news: its latest news and volunteer stories (here so
communities need not know the news app); and the months the newsroom's filter offers."""

import datetime

from django import template
from django.db import connections

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

    A skip scan of each kind's (date, page) index: the newest item, then the newest before the
    month found, and so on — one short read per month of the archive (after a change), never a
    pass over every item (about 450 ms at 100,000 items). The query is built by the ORM once and
    run again with each month's start: compiling it was most of the cost."""
    visible = ~under_view_restriction()
    months = set()
    for model in (NewsPage, StoryPage):
        dates = model.objects.live().filter(visible).values_list("date", flat=True)
        months.update((day.year, day.month) for day in month_starts(dates))
    return sorted(months)


def month_starts(dates):
    """The newest date of each month in a date queryset, newest month first (skip scan)."""
    ceiling = datetime.date(datetime.MAXYEAR, 12, 31)
    newest = dates.filter(date__lt=ceiling).order_by("-date")[:1]
    sql, params = newest.query.sql_with_params()
    ops = connections[newest.db].ops
    slot = [
        index for index, value in enumerate(params) if value == ops.adapt_datefield_value(ceiling)
    ]
    # The ceiling is the query's only date parameter; each read moves it down to a month's start.
    (slot,) = slot
    params = list(params)
    with connections[newest.db].cursor() as cursor:
        while True:
            cursor.execute(sql, params)
            row = cursor.fetchone()
            if row is None:
                return
            day = (
                row[0] if isinstance(row[0], datetime.date) else datetime.date.fromisoformat(row[0])
            )
            yield day
            params[slot] = ops.adapt_datefield_value(day.replace(day=1))
