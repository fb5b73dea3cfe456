"""The anonymous page cache and answers kept per cache generation; it knows no content app."""

from django.apps import AppConfig, apps

from pagecache import registry


class PageCacheConfig(AppConfig):
    """Pages are Wagtail's, so the cache watches them itself; other models are registered by
    the apps that own them (see pagecache.registry)."""

    name = "pagecache"
    verbose_name = "页面缓存"

    def ready(self):
        # Django's app loading: model modules are imported once the registry is ready.
        from wagtail.models import Page, PageViewRestriction, Site

        from pagecache import purge

        registry.watch_pages([model for model in apps.get_models() if issubclass(model, Page)])
        registry.invalidate_on(PageViewRestriction, Site)
        registry.on_retire(purge.purge_retired)
