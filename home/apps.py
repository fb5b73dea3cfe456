from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "首页与站点"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from wagtail.signals import page_published, page_unpublished, post_page_move

        from home.pagecache import new_generation
        from home.sites import forget

        post_save.connect(forget, sender="wagtailcore.Site", dispatch_uid="sites-forget-save")
        post_delete.connect(forget, sender="wagtailcore.Site", dispatch_uid="sites-forget-delete")

        # Any change a visitor could see starts a new page-cache generation.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(new_generation, dispatch_uid=f"pagecache-{signal}")
        for model in self.cached_content_models():
            post_save.connect(new_generation, sender=model, dispatch_uid=f"pagecache-save-{model}")
            post_delete.connect(new_generation, sender=model, dispatch_uid=f"pagecache-del-{model}")

    @staticmethod
    def cached_content_models():
        from django.apps import apps

        from wagtail.models import Page, PageViewRestriction, Site

        names = [
            "services_catalog.ServiceCategory",
            "services_catalog.Audience",
            "search.SynonymGroup",
        ]
        pages = [m for m in apps.get_models() if issubclass(m, Page)]
        return [Page, *pages, PageViewRestriction, Site, *(apps.get_model(n) for n in names)]
