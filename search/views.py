"""The search page and its autocomplete endpoint."""

from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from core import seo
from core.localization import current_language, in_default_language
from core.pagination import paginate
from pagecache.generation import remember
from search import phrasing, places, statistics
from search import query as site_search
from search.knowledge import knowledge
from services_catalog.models import GuidePage, ServicePage

PER_PAGE = 10
# Fewer results than this and the page offers help: a did-you-mean, related services, the hotline.
FEW_RESULTS = 3
RELATED = 4


def _without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def catalogue_size():
    return {
        "services": in_default_language(ServicePage.objects.live().public()).count(),
        "guides": in_default_language(GuidePage.objects.live().public()).count(),
    }


@require_GET
def search(request):
    text, truncated = site_search.clean_query(request.GET.get("q", ""))
    kind_key = request.GET.get("type", "")
    if kind_key not in site_search.KINDS:
        kind_key = ""
    know = knowledge()
    community = know.gazetteer.community(str(request.GET.get("community", ""))[:80])
    context = {
        "seo_title": gettext("搜索：%(query)s") % {"query": text} if text else gettext("搜索"),
        "extra_crumb": gettext("搜索"),
        "seo_description": gettext("在%(site)s搜索便民服务、政务办事指南、社区和社区动态。")
        % {"site": seo.site_facts(request)["site_name"]},
        "search_query": text,
        "truncated": truncated,
        "max_length": site_search.MAX_QUERY_LENGTH,
        "kinds": site_search.KINDS.values(),
        "current_kind": kind_key,
        "community": community,
        "query_string": _without_page(request),
        "communities": know.gazetteer.communities,
        # Shown only when nothing is found: counted then, and kept per cache generation.
        "catalogue_size": SimpleLazyObject(lambda: remember("catalogue-size", catalogue_size)),
    }
    if text:
        page_number = request.GET.get("page", "1")
        if page_number.isdigit() and int(page_number) > site_search.MAX_PAGE:
            raise Http404("搜索结果最多显示 50 页")
        results = site_search.search(text, kind_key or None, community, language=current_language())
        understood = results.understood
        page_obj = paginate(request, results.hits, PER_PAGE) if results.hits else None
        hits = site_search.add_urls(list(page_obj.object_list), request) if page_obj else []
        terms = understood.terms
        total = sum(results.counts.values())
        context.update(
            counts=[
                (kind, f"{results.counts[kind.key]}+" if kind.key in results.more else count)
                for kind in site_search.KINDS.values()
                if (count := results.counts[kind.key]) or kind.key == kind_key
            ],
            total=f"{total}{'+' if results.more else ''}",
            page_obj=page_obj,
            results=[
                {
                    "hit": hit,
                    "title": site_search.highlight(hit.title, terms, width=80),
                    "snippet": site_search.highlight(hit.summary, terms),
                }
                for hit in hits
            ],
            answer=places.answer(understood.reading)
            if not page_obj or page_obj.number == 1
            else None,
            places=understood.places,
        )
        if len(results.hits) < FEW_RESULTS or _unknown_words(understood):
            context.update(_help(request, text, results, know))
        statistics.record(text, found=bool(total))
        if know.has_promotions(text):
            context["promotions"] = SearchPromotion.objects.filter(
                query__query_string=normalise_query_string(text)
            ).select_related("page")
    return TemplateResponse(request, "search/search.html", context)


def _unknown_words(understood):
    """The query was cut into lone characters: words the site does not know (低宝)."""
    return bool(understood.own) and all(len(word) == 1 for word in understood.own)


def _help(request, text, results, know):
    """For few results: a did-you-mean by sound, related services, and the hotline."""
    suggestion = phrasing.did_you_mean(text, know.vocabulary, *know.sounds)
    if suggestion == text:
        suggestion = ""
    if suggestion:
        related = site_search.search(suggestion).hits[:RELATED]
        related = [
            {"title": hit.title, "url": hit.url, "label": hit.kind.label}
            for hit in site_search.add_urls(related, request)
        ]
    else:
        rows = phrasing.related_services(
            text, results.hits, know.catalogue, know.service_categories, RELATED
        )
        related = [
            {
                "title": row.title,
                "url": site_search.page_url(row.pk, row.url_path, request=request),
                "label": site_search.KINDS[row.kind].label,
            }
            for row in rows
        ]
    return {"few_results": True, "suggestion": suggestion, "related": related}


@require_GET
def suggest(request):
    """Up to 8 page titles for the search box's suggestions (progressive enhancement)."""
    text, _ = site_search.clean_query(request.GET.get("q", ""))
    suggestions = []
    if text:
        hits = site_search.search(text[:30], language=current_language()).hits[:8]
        suggestions = [
            {"title": hit.title, "url": hit.url, "kind": hit.kind.label}
            for hit in site_search.add_urls(hits, request)
        ]
    return JsonResponse({"results": suggestions}, json_dumps_params={"ensure_ascii": False})
