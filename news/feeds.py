"""RSS and Atom feeds of the newsroom, city-wide or for one community (?community=slug): news,
volunteer stories and the notices (停水、停电…) residents need to hear about."""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from communities.models import COMMUNITY_DEPTH, NoticePage, attach_community_titles
from core import localization, seo
from core.models import under_view_restriction

FEED_LENGTH = 30
FEED_NOTICES = 10


def feed_notices(filters, translated_into=None):
    """The latest published notices for the feed's filters: a community's own and the city-wide
    ones (which concern it too), a street's communities' and the city-wide ones, or all (with
    `translated_into`, those with a live translation in that language)."""
    if filters.get("kind") == "story" or filters.get("tag"):
        return []
    notices = localization.in_default_language(
        NoticePage.objects.live().exclude(under_view_restriction())
    )
    if translated_into:
        notices = notices.filter(
            translation_key__in=list(localization.translations(translated_into))
        )
    community, street = filters.get("community"), filters.get("street")
    place = community or street
    if place:
        # City-wide notices sit above every community (community_path): shallower than one.
        notices = notices.filter(Q(path__startswith=place.path) | Q(depth__lt=COMMUNITY_DEPTH))
    month = filters.get("month")
    if month:
        notices = notices.filter(
            first_published_at__year=month.year, first_published_at__month=month.month
        )
    return attach_community_titles(list(notices.order_by("-first_published_at")[:FEED_NOTICES]))


def published(item):
    if isinstance(item, NoticePage):
        return item.first_published_at
    return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9, 0)))


class NewsFeed(Feed):
    """A feed in the language of its address: /news/feed/… in Chinese, /kk/news/feed/… in Kazakh
    (`<language>` in RSS, `xml:lang` in Atom). A Kazakh feed lists only the entries with a live
    Kazakh translation, with the translation's texts and /kk/ links: an entry in another language
    than its feed's would be mislabelled for readers and crawlers."""

    def __init__(self, index, request, atom):
        super().__init__()
        self.index = index
        self.feed_type = Atom1Feed if atom else Rss201rev2Feed
        language = localization.current_language()
        self.language = localization.bcp47(language)
        translated_into = None if localization.is_default(language) else language
        self.filters, parts = index.filtered(request, translated_into)
        entries = [
            *index.load(index.newest(parts, FEED_LENGTH)),
            *feed_notices(self.filters, translated_into),
        ]
        self.entries = sorted(entries, key=published, reverse=True)[:FEED_LENGTH]
        if translated_into:
            for entry in self.entries:
                localization.overlay(entry, localization.translation_of(entry, translated_into))
        self.translated_into = translated_into
        self.request = request

    def title(self):
        community = self.filters.get("community")
        if self.translated_into:  # the newsroom's own title, as translated
            return f"{community.title} - {self.index.title}" if community else self.index.title
        site_name = seo.site_facts(self.request)["site_name"]
        return f"{community.title}动态 - {site_name}" if community else f"{site_name} 社区动态"

    def link(self):
        # Absolute from the site's public address (the Site record), never the request's Host.
        return self.index.get_full_url(self.request)

    def feed_url(self):
        """This feed's own address, its filters included (a community's feed links to itself)."""
        return seo.absolute(self.request, self.request.get_full_path())

    def feed_guid(self):
        return self.feed_url()

    def author_name(self):
        return seo.site_facts(self.request)["site_name"]

    def author_link(self):
        return seo.site_root(self.request) + "/"

    def item_author_name(self, item):
        """Who wrote it: its community (RFC 4287 wants an author on every Atom entry)."""
        if isinstance(item, NoticePage):
            return item.community_title or seo.site_facts(self.request)["organiser"]
        community = item.community_page
        return community.title if community else seo.site_facts(self.request)["site_name"]

    def description(self):
        if self.translated_into:
            return self.index.summary or self.index.title
        return f"{seo.site_facts(self.request)['city']}各社区的活动新闻、志愿服务故事和停水停电等通知。"

    def items(self):
        return self.entries

    def item_title(self, item):
        if isinstance(item, NoticePage):
            return f"【{item.kind_label}通知】{item.title}"
        return item.title

    def item_description(self, item):
        if isinstance(item, NoticePage):
            starts = timezone.localtime(item.starts_at)
            ends = timezone.localtime(item.ends_at)
            return (
                f"影响范围：{item.affected_area}；时间：{starts:%Y年%m月%d日 %H:%M} 至 "
                f"{ends:%Y年%m月%d日 %H:%M}（北京时间）。{item.body}"
            )
        return item.summary

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return published(item)

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        if isinstance(item, NoticePage):
            return [label for label in ("通知", item.kind_label, item.community_title) if label]
        community = item.community_page
        return [item.kind_label, community.title] if community else [item.kind_label]
