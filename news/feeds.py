"""RSS and Atom feeds of the newsroom, city-wide or for one community (?community=slug)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from core import seo

FEED_LENGTH = 30


class NewsFeed(Feed):
    def __init__(self, index, request, atom):
        super().__init__()
        self.index = index
        self.feed_type = Atom1Feed if atom else Rss201rev2Feed
        self.filters, combined = index.filtered(request)
        self.entries = index.load(combined[:FEED_LENGTH])
        self.request = request

    def title(self):
        community = self.filters.get("community")
        site_name = seo.site_facts(self.request)["site_name"]
        return f"{community.title}动态 - {site_name}" if community else f"{site_name} 社区动态"

    def link(self):
        return self.index.get_url(self.request)

    def description(self):
        return f"{seo.site_facts(self.request)['city']}各社区的活动新闻与志愿服务故事。"

    def items(self):
        return self.entries

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9, 0)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        community = item.community_page
        return [item.kind_label, community.title] if community else [item.kind_label]
