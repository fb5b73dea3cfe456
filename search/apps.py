from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.models.signals import post_save

from pagecache import registry


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = "搜索"

    def ready(self):
        # Django's app loading: modules that import models load once the registry is ready.
        from wagtail.contrib.search_promotions.models import SearchPromotion

        from search import statistics
        from search.signals import mark_answered_queries

        # Synonyms, phrasings and promotions change what a search finds (and what search keeps
        # per cache generation, search.knowledge).
        registry.invalidate_on(
            self.get_model("SynonymGroup"),
            self.get_model("SearchIntent"),
            self.get_model("IntentAnswer"),
            SearchPromotion,
        )
        # Statistics are written after the response, in batches (search.statistics).
        request_finished.connect(statistics.flush_if_due, dispatch_uid="search-statistics")
        post_save.connect(
            mark_answered_queries,
            sender=self.get_model("SearchIntent"),
            dispatch_uid="search-intent-answers",
        )
