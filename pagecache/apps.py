from django.apps import AppConfig, apps

from pagecache import registry
from pagecache.generation import new_generation


class PageCacheConfig(AppConfig):
    """Pages are Wagtail's, so the cache watches them itself; other models are registered by
    the apps that own them (see pagecache.registry)."""

    name = "pagecache"
    verbose_name = "页面缓存"

    def ready(self):
        # Django's app loading: model modules are imported once the registry is ready.
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(new_generation, dispatch_uid=f"pagecache-{signal}")
        pages = [model for model in apps.get_models() if issubclass(model, Page)]
        registry.invalidate_on(*pages, PageViewRestriction, Site)
