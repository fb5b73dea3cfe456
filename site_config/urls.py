"""Site URLs: admin, documents, site preferences, local media, then Wagtail's page serving."""

from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.documents import urls as wagtaildocs_urls

from services_catalog import views as catalogue_views
from site_config import views as site_views
from site_config.api import api_router
from site_config.sitemaps import PagesSitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", include("search.urls")),
    path("sitemap.xml", site_views.sitemap_index, name="sitemap"),
    path(
        "sitemap-pages.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"pages": PagesSitemap}, "template_name": "sitemap.xml"},
        name="sitemap_pages",
    ),
    path("robots.txt", site_views.robots_txt, name="robots_txt"),
    path("api/v2/", api_router.urls),
    path("services/catalogue.csv", catalogue_views.services_csv, name="services_csv"),
    path("guides/catalogue.csv", catalogue_views.guides_csv, name="guides_csv"),
    path("preferences/", site_views.set_preferences, name="set_preferences"),
    path("preferences.css", site_views.preferences_css, name="preferences_css"),
]

# Local runs (dev settings, no bucket) serve uploads themselves; in production the proxy or the
# bucket's route answers /media/ and Django never does.
if getattr(settings, "SERVE_MEDIA", False):
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler500 = "site_config.views.server_error"
