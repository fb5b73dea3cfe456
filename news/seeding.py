"""Seeds the newsroom page and the demo news items and volunteer stories under their communities."""

import datetime
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils.html import escape

from communities.models import CommunityPage, StreetPage
from core.seeding import ensure_child
from news.models import NewsIndexPage, NewsPage, StoryPage
from news.rules import phone_problems, strings_of

DATA_FILE = Path(__file__).resolve().parent / "data" / "news.json"
LOCAL = ZoneInfo("Asia/Shanghai")


def body_blocks(blocks):
    """Data-file blocks as StreamField data; plain paragraphs become rich text."""
    converted = []
    for block in blocks:
        if block["type"] == "paragraph":
            converted.append(("paragraph", f"<p>{escape(block['value'])}</p>"))
        else:
            converted.append((block["type"], block["value"]))
    return converted


class InvalidNewsData(Exception):
    """A shipped article breaks a content rule; the message names the article and the field."""


def check_phones(item, community):
    """The rule the article form applies (news/rules.py), on a data-file entry."""
    street = StreetPage.objects.filter(pk=community.get_parent().pk).first()
    texts = [item["summary"], *strings_of(item["body"])]
    problems = phone_problems(texts, community, street)
    if problems:
        raise InvalidNewsData(
            f"{community.title}的文章“{item['slug']}”，正文：{'；'.join(problems)}"
        )


def _article_fields(item):
    date = datetime.date.fromisoformat(item["date"])
    return {
        "title": item["title"],
        "summary": item["summary"],
        "date": date,
        "body": body_blocks(item["body"]),
        "first_published_at": datetime.datetime.combine(date, datetime.time(9), tzinfo=LOCAL),
    }


def ensure_newsroom(home, log):
    return ensure_child(
        home,
        NewsIndexPage,
        "news",
        log,
        title="社区动态",
        show_in_menus=True,
        summary="阿勒泰市各社区的活动通知、新闻和志愿服务故事，可按社区、街道、类型、标签和月份查看。",
    )


def seed_news(log):
    """The shipped news items and stories, each under its community (seed communities first)."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    communities = {c.slug: c for c in CommunityPage.objects.all()}
    for item in [*data["news"], *data["stories"]]:
        check_phones(item, communities[item["community"]])
    for item in data["news"]:
        community = communities[item["community"]]
        event = item.get("event_date")
        ensure_child(
            community,
            NewsPage,
            item["slug"],
            log,
            tags=item["tags"],
            **_article_fields(item),
            event_start=datetime.datetime.fromisoformat(event).replace(tzinfo=LOCAL)
            if event
            else None,
            event_place=item.get("event_place") or "",
        )
    teams = {}
    for community in communities.values():
        for team in community.volunteer_teams.all():
            teams[team.name] = team
    for item in data["stories"]:
        ensure_child(
            communities[item["community"]],
            StoryPage,
            item["slug"],
            log,
            tags=item["tags"],
            **_article_fields(item),
            team=teams.get(item["team"]),
            activity=item["activity"],
            volunteers=item["volunteers"],
            hours_served=item["hours_served"],
            people_helped=item["people_helped"],
            wishes_fulfilled=item["wishes_fulfilled"],
        )
