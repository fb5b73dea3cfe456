"""The open read-only API (Wagtail API v2 at /api/v2/): live public pages only, never drafts."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from wagtail.api.v2.filters import BaseFilterBackend
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from communities.models import CommunityPage
from core.localization import in_default_language
from core.models import under_view_restriction
from services_catalog.models import GuidePage, ServiceCategory, ServicePage


class CatalogueFilter(BaseFilterBackend):
    """?category=<slug> (services) and ?community=<slug> (services it offers, guides it handles,
    its news and stories; with no type, everything under the community)."""

    def filter_queryset(self, request, queryset, view):
        model = queryset.model
        if "category" in request.GET:
            if model is not ServicePage:
                raise BadRequestError("category 只能与 type=services_catalog.ServicePage 一起使用")
            category = (
                in_default_language(ServiceCategory.objects)
                .filter(slug=request.GET["category"][:40])
                .first()
            )
            if category is None:  # answered like an unknown community
                raise BadRequestError(f"没有这个服务类别：{request.GET['category'][:40]}")
            queryset = queryset.filter(category=category)
        if "community" in request.GET:
            # A community under a view restriction is answered like an unknown one.
            community = (
                CommunityPage.objects.live()
                .exclude(under_view_restriction())
                .filter(slug=request.GET["community"])
                .first()
            )
            if community is None:
                raise BadRequestError(f"没有这个社区：{request.GET['community'][:40]}")
            if model is ServicePage:
                queryset = queryset.filter(offered_at__community=community)
            elif model is GuidePage:
                queryset = queryset.filter(handled_by__community=community)
            else:
                queryset = community.content(queryset)
        return queryset


class LanguageFilter(BaseFilterBackend):
    """The Chinese pages unless ?locale= names another language (?locale=kk-arab: the Kazakh
    translations, each with its page's codes and its own title and texts): a translation is never
    listed beside its page as a second entry. Wagtail's LocaleFilter then applies ?locale=; an
    unknown code is a 400 naming the known ones (Wagtail would answer 404)."""

    def filter_queryset(self, request, queryset, view):
        if "locale" not in request.GET:
            return in_default_language(queryset)
        known = [code for code, _name in settings.LANGUAGES]
        if request.GET["locale"] not in known:
            raise BadRequestError(f"locale 应为 {' 或 '.join(known)}")
        return queryset


# Beyond this an offset overflows the database's integers (a 500 on SQLite); no listing is as long.
MAX_OFFSET = 1_000_000


class ParameterCheck(BaseFilterBackend):
    """Numbers Wagtail passes to the database unchecked: a clear 400 instead of a 500."""

    def filter_queryset(self, request, queryset, view):
        offset = request.GET.get("offset", "0")
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset 不能大于 {MAX_OFFSET}")
        return queryset


class ModifiedSinceFilter(BaseFilterBackend):
    """?modified_since=2026-11-01T00:00:00+08:00 (or a date): pages published since then, for
    systems that copy the catalogue and fetch only what changed."""

    def filter_queryset(self, request, queryset, view):
        value = request.GET.get("modified_since")
        if value is None:
            return queryset
        try:
            # parse_* return None for a wrong shape and raise for impossible values (month 13).
            moment = parse_datetime(value) if "T" in value else None
            day = parse_date(value) if moment is None and len(value) == 10 else None
        except ValueError:
            moment = day = None
        if moment is None and day is None:
            raise BadRequestError(
                "modified_since 应为日期或带时区的时间，例如 2026-11-01T00:00:00+08:00"
            )
        if moment is None:
            moment = datetime.datetime.combine(day, datetime.time())
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return queryset.filter(last_published_at__gte=moment)


class SitePagesAPIViewSet(PagesAPIViewSet):
    filter_backends = [
        ParameterCheck,
        LanguageFilter,
        CatalogueFilter,
        ModifiedSinceFilter,
        *PagesAPIViewSet.filter_backends,
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        ["category", "community", "modified_since"]
    )
    # When each page last changed, in every listing and detail: what a copying system compares.
    meta_fields = [*PagesAPIViewSet.meta_fields, "last_published_at"]
    listing_default_fields = [*PagesAPIViewSet.listing_default_fields, "last_published_at"]

    def finalize_response(self, request, response, *args, **kwargs):
        """Read-only and public: any web page may read it from the browser (no credentials)."""
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        return response

    def find_object(self, queryset, request):
        # ?id= must be a page id; Wagtail hands any text to the database (a 500 for "abc").
        if "id" in request.GET and not request.GET["id"].isdigit():
            raise BadRequestError("id 应为页面编号（正整数）")
        return super().find_object(queryset, request)

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        # ?category= takes a slug (CatalogueFilter), not the id Wagtail's field filter expects.
        fields = super().get_available_fields(model, db_fields_only)
        return [f for f in fields if f != "category"] if db_fields_only else fields


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", SitePagesAPIViewSet)
