"""The open read-only API (Wagtail API v2 at /api/v2/): live public pages only, never drafts."""

from wagtail.api.v2.filters import BaseFilterBackend
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from communities.models import CommunityPage
from core.models import under_view_restriction
from services_catalog.models import GuidePage, ServicePage


class CatalogueFilter(BaseFilterBackend):
    """?category=<slug> (services) and ?community=<slug> (services it offers, guides it handles,
    its news and stories; with no type, everything under the community)."""

    def filter_queryset(self, request, queryset, view):
        model = queryset.model
        if "category" in request.GET:
            if model is not ServicePage:
                raise BadRequestError("category 只能与 type=services_catalog.ServicePage 一起使用")
            queryset = queryset.filter(category__slug=request.GET["category"])
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


# Beyond this an offset overflows the database's integers (a 500 on SQLite); no listing is as long.
MAX_OFFSET = 1_000_000


class ParameterCheck(BaseFilterBackend):
    """Numbers Wagtail passes to the database unchecked: a clear 400 instead of a 500."""

    def filter_queryset(self, request, queryset, view):
        offset = request.GET.get("offset", "0")
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset 不能大于 {MAX_OFFSET}")
        return queryset


class SitePagesAPIViewSet(PagesAPIViewSet):
    filter_backends = [ParameterCheck, CatalogueFilter, *PagesAPIViewSet.filter_backends]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["category", "community"])

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
