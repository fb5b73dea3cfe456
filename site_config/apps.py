from django.apps import AppConfig

from pagecache import registry


class SiteConfigConfig(AppConfig):
    """The project package as an app: request plumbing that must hear about model changes."""

    name = "site_config"
    verbose_name = "站点配置"

    def ready(self):
        # Django's app loading: model modules are imported once the registry is ready.
        from django.db.models.signals import post_delete, post_save

        from site_config.sites import forget

        post_save.connect(forget, sender="wagtailcore.Site", dispatch_uid="sites-forget-save")
        post_delete.connect(forget, sender="wagtailcore.Site", dispatch_uid="sites-forget-delete")
        registry.query_parameters("p")  # the sitemap files
