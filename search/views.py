"""The search page and its autocomplete endpoint."""

import logging

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import F
from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.search.utils import normalise_query_string

from communities.models import CommunityPage
from core import seo
from core.pagination import paginate
from pagecache.generation import remember
from search import query as site_search
from search.models import UnansweredQuery
from services_catalog.models import GuidePage, ServicePage

PER_PAGE = 10
logger = logging.getLogger(__name__)


def _without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def catalogue_size():
    return {
        "services": ServicePage.objects.live().public().count(),
        "guides": GuidePage.objects.live().public().count(),
    }


@require_GET
def search(request):
    text, truncated = site_search.clean_query(request.GET.get("q", ""))
    kind_key = request.GET.get("type", "")
    if kind_key not in site_search.KINDS:
        kind_key = ""
    community = None
    if request.GET.get("community"):
        community = CommunityPage.objects.live().filter(slug=request.GET["community"][:80]).first()
    context = {
        "seo_title": f"搜索：{text}" if text else "搜索",
        "extra_crumb": "搜索",
        "seo_description": f"在{seo.site_facts(request)['site_name']}搜索便民服务、政务办事指南、社区和社区动态。",
        "search_query": text,
        "truncated": truncated,
        "max_length": site_search.MAX_QUERY_LENGTH,
        "kinds": site_search.KINDS.values(),
        "current_kind": kind_key,
        "community": community,
        "query_string": _without_page(request),
        "communities": CommunityPage.objects.live().public().order_by("path").only("title", "slug"),
        # Shown only when nothing is found: counted then, and kept per cache generation.
        "catalogue_size": SimpleLazyObject(lambda: remember("catalogue-size", catalogue_size)),
    }
    alternatives = site_search.query_alternatives(text) if text else []
    if alternatives:
        terms = site_search.highlight_terms(alternatives)
        page_number = request.GET.get("page", "1")
        if page_number.isdigit() and int(page_number) > site_search.MAX_PAGE:
            raise Http404("搜索结果最多显示 50 页")
        results, counts, more = site_search.search(alternatives, kind_key or None, community)
        page_obj = paginate(request, results, PER_PAGE) if results else None
        hits = site_search.add_urls(list(page_obj.object_list), request) if page_obj else []
        context.update(
            counts=[
                (kind, f"{counts[kind.key]}+" if kind.key in more else counts[kind.key])
                for kind in site_search.KINDS.values()
            ],
            total=f"{sum(counts.values())}{'+' if more else ''}",
            page_obj=page_obj,
            results=[
                {
                    "hit": hit,
                    "title": site_search.highlight(hit.title, terms, width=80),
                    "snippet": site_search.highlight(hit.summary, terms),
                }
                for hit in hits
            ],
        )
        _record(text, found=bool(sum(counts.values())))
        context["promotions"] = SearchPromotion.objects.filter(
            query__query_string=normalise_query_string(text)
        ).select_related("page")
    return TemplateResponse(request, "search/search.html", context)


# How long a search waits for another writer before it gives up counting (SQLite). Reads never
# wait (WAL); without this the count waited out the 20 s busy timeout and the search failed.
STATISTICS_WAIT_MS = 200


def _record(text, found):
    """Count the query for editors (Wagtail's search terms report, plus our list of dead ends) in
    one transaction. The count is best effort: a resident never waits on it.

    On PostgreSQL the commit does not wait for the disk (a crash may lose the last moment's
    counts, never consistency); on SQLite a busy database is waited for STATISTICS_WAIT_MS only,
    then the count is skipped.
    """
    sqlite = connection.vendor == "sqlite"
    try:
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {STATISTICS_WAIT_MS}")
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            Query.get(text).add_hit()
            if not found:
                entry, _ = UnansweredQuery.objects.get_or_create(query_string=text)
                UnansweredQuery.objects.filter(pk=entry.pk).update(hits=F("hits") + 1)
    except OperationalError:
        logger.warning("Search statistics skipped: the database is busy")
    finally:
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {settings.SQLITE_BUSY_TIMEOUT_S * 1000}")


@require_GET
def suggest(request):
    """Up to 8 page titles for the search box's suggestions (progressive enhancement)."""
    text, _ = site_search.clean_query(request.GET.get("q", ""))
    alternatives = site_search.query_alternatives(text[:30]) if text else []
    suggestions = []
    if alternatives:
        results, _counts, _more = site_search.search(alternatives)
        suggestions = [
            {"title": hit.title, "url": hit.url, "kind": hit.kind.label}
            for hit in site_search.add_urls(results[:8], request)
        ]
    return JsonResponse({"results": suggestions}, json_dumps_params={"ensure_ascii": False})
