from django.apps import AppConfig

from pagecache import registry


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "站点基础"

    def ready(self):
        registry.invalidate_on(self.get_model("SiteSettings"))
        registry.query_parameters("page")  # core.pagination
        from core import content_checks, translation_checks

        content_checks.register_rule(translation_checks.translation_rules)
