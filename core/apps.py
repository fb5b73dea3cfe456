from django.apps import AppConfig

from pagecache import registry


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "站点基础"

    def ready(self):
        registry.invalidate_on(self.get_model("SiteSettings"))
        registry.query_parameters("page")  # core.pagination
        from wagtail.models import Page

        from core import content_checks, localization, translation_checks

        # /kk/ pages are served from the Chinese tree: a translation's change retires its
        # Chinese page's tags (every page type, so registered for Wagtail's Page).
        registry.affects(Page, localization.retired_with_source)

        content_checks.register_rule(translation_checks.translation_rules)
