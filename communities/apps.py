from django.apps import AppConfig

from core import banners
from pagecache import registry


class CommunitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "communities"
    verbose_name = "社区"

    def ready(self):
        # Django's app loading: modules that define or import models load once the registry is
        # ready, so they are imported here, not at the top of this file.
        from communities import signals  # noqa: F401 - connects the group and workflow upkeep
        from communities.banners import next_notice_change, notice_banner, notice_shown_on
        from communities.models import COMMUNITIES, CommunityPage, NoticePage, StreetPage

        banners.provide(notice_banner)
        registry.next_change_from(next_notice_change)
        # What a change shows beyond the page's own tree (pagecache.registry): a notice is in
        # banners and notice lists; a street's or community's name is in every list of them.
        registry.affects(NoticePage, notice_shown_on)
        for model in (StreetPage, CommunityPage):
            registry.affects(model, lambda page: [COMMUNITIES])
        # /notices/ filters (communities.forms.NoticeFilterForm); "community" and "kind" are
        # also the newsroom's. The community finder's ?q= is free text: not page-cached.
        registry.query_parameters("community", "kind", "status")
