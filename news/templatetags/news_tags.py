"""What a community page shows of the news: its latest news and volunteer stories. Lives here so
communities need not know the news app."""

from django import template

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
