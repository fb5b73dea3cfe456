"""Site URLs: admin, documents, site preferences, local media, then Wagtail's page serving.

A few admin views are routed ahead of Wagtail's own, to versions that keep drafts and residents'
queries from editors who may not see them (communities and search wagtail_hooks).
"""

from django.conf import settings
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.views.decorators.cache import never_cache
from django.views.generic import RedirectView
from django.views.static import serve

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from communities import wagtail_hooks as community_admin
from search import wagtail_hooks as search_admin
from services_catalog import views as catalogue_views
from site_config import i18n, sitemaps
from site_config import views as site_views
from site_config.api import api_router
from site_config.i18n import language_patterns

admin_overrides = [
    path("choose-page/", community_admin.ScopedBrowseView.as_view()),
    path("choose-page/<int:parent_page_id>/", community_admin.ScopedBrowseView.as_view()),
    path("choose-page/search/", community_admin.ScopedSearchView.as_view()),
    path("choose-page/chosen-multiple/", community_admin.ScopedChosenMultipleView.as_view()),
    path(
        "reports/page-types-usage/",
        community_admin.AdministratorsPageTypesReportView.as_view(),
    ),
    path(
        "reports/page-types-usage/results/",
        community_admin.AdministratorsPageTypesReportView.as_view(results_only=True),
    ),
    path("searchpicks/queries/chooser/", search_admin.promotion_query_chooser),
    path("searchpicks/queries/chooser/results/", search_admin.promotion_query_chooser_results),
]
# The same guards as Wagtail's admin URLs.
admin_overrides = decorate_urlpatterns(admin_overrides, require_admin_access)
admin_overrides = decorate_urlpatterns(admin_overrides, never_cache)

urlpatterns = [
    path("admin/", include(admin_overrides)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-pages.xml", sitemaps.sitemap_file, name="sitemap_pages"),
    path("robots.txt", site_views.robots_txt, name="robots_txt"),
    path("api/v2/", api_router.urls),
    path("services/catalogue.csv", catalogue_views.services_csv, name="services_csv"),
    path("guides/catalogue.csv", catalogue_views.guides_csv, name="guides_csv"),
    path("open-data/hsds.json", catalogue_views.hsds_json, name="hsds_json"),
    path("open-data/hsds/", catalogue_views.hsds_api_root, name="hsds_api"),
    path("open-data/hsds/services", catalogue_views.hsds_services, name="hsds_services"),
    path(
        "open-data/hsds/services/<uuid:service_id>",
        catalogue_views.hsds_service,
        name="hsds_service",
    ),
    path("preferences/", site_views.set_preferences, name="set_preferences"),
    path("preferences.css", site_views.preferences_css, name="preferences_css"),
    # Browsers, feed readers and bookmarks ask for /favicon.ico whatever the page links. A
    # temporary redirect, because its target (the hashed static file) changes with the icon.
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("img/favicon.ico"), permanent=False),
        name="favicon",
    ),
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

# Pages, search and the residents' forms (/take-part/) in each language: Chinese at the addresses
# they always had, Kazakh under /kk/ (site_config.i18n). Wagtail's own page view is replaced by one that routes every language
# through the Chinese tree; its other URLs (password and login forms) stay as they are.
urlpatterns += [
    *[pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"],
    *language_patterns(
        path("search/", include("search.urls")),
        path("take-part/", include("participation.urls")),
        re_path(wagtail_urls.serve_pattern, i18n.serve, name="wagtail_serve"),
    ),
]

handler500 = "site_config.views.server_error"
