from django.apps import AppConfig

from pagecache import registry


class ServicesCatalogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "services_catalog"
    verbose_name = "便民服务与政务指南"

    def ready(self):
        # Categories and audiences are shown on every service page and listing.
        registry.invalidate_on(self.get_model("ServiceCategory"), self.get_model("Audience"))
        # Every guide page shows its authority's name, code, address and phone.
        registry.invalidate_on(self.get_model("Authority"))
        # The catalogue's and the guides' filters (services_catalog.forms).
        registry.query_parameters(
            "audience", "category", "community", "theme", "type", "proxy", "group"
        )
        # A community page links the services it offers and the guides it handles: their pages
        # list its station (pagecache.registry; one it stops linking is retired by the tag its
        # page carries, services_catalog.models.ServicePage.offerings).
        from communities.models import CommunityPage
        from services_catalog.models import linked_pages

        registry.affects(CommunityPage, linked_pages)
        # The catalogue's rules for the content check (register themselves on import).
        from services_catalog import checks  # noqa: F401
