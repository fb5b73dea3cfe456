"""Site search: clean and segment the query, expand synonyms, search each kind, merge by weight."""

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import mark_safe

from wagtail.models import Page, PageViewRestriction
from wagtail.search.query import And, Or, PlainText

from communities.models import CommunityPage, NoticePage
from core.segmentation import query_words
from news.models import NewsPage, StoryPage
from pagecache.generation import remember
from search.models import SynonymGroup
from services_catalog.models import GuidePage, ServicePage

MAX_QUERY_LENGTH = 100
MAX_PAGE = 50


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    model: type
    # Services and guides are what residents come for: they outrank news of the same match strength.
    weight: float
    # The text shown under a hit's title (a notice has its body, other pages a summary).
    summary: str = "summary"


KINDS = {
    kind.key: kind
    for kind in (
        Kind("service", "便民服务", ServicePage, 1.5),
        Kind("guide", "政务指南", GuidePage, 1.5),
        Kind("community", "社区", CommunityPage, 1.2),
        Kind("news", "社区动态", NewsPage, 1.0),
        Kind("story", "志愿服务", StoryPage, 1.0),
        Kind("notice", "通知", NoticePage, 1.0, summary="body"),
    )
}


def clean_query(raw):
    """The query with control characters removed and whitespace folded; (text, was_truncated)."""
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in raw or ""
    )
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > MAX_QUERY_LENGTH:
        return text[:MAX_QUERY_LENGTH].strip(), True
    return text, False


# Words that carry no subject in a resident's question (我想办…, 哪里可以…).
STOPWORDS = {
    "我",
    "你",
    "想",
    "给",
    "的",
    "了",
    "在",
    "办",
    "要",
    "去",
    "能",
    "吗",
    "呢",
    "啊",
    "吧",
    "是",
    "有",
    "和",
    "与",
    "及",
    "请",
    "问",
    "怎么",
    "怎样",
    "如何",
    "哪里",
    "哪儿",
    "什么",
    "可以",
    "需要",
    "一下",
}


def _meaningful(found):
    """Drop stopwords and lone single characters (证, 站), but keep runs of single characters,
    which are usually a name the dictionary does not know (览 景 → 览景社区)."""
    found = [w for w in found if w not in STOPWORDS] or found
    kept = []
    for i, word in enumerate(found):
        neighbours = found[max(i - 1, 0) : i] + found[i + 1 : i + 2]
        if len(word) > 1 or any(len(n) == 1 for n in neighbours) or len(found) == 1:
            kept.append(word)
    return list(dict.fromkeys(kept))


def query_alternatives(text):
    """Ways to say what the resident asked: their own words first, then the same words with each
    one that has synonyms replaced by each synonym.

    A page matches an alternative when it has all of its words; it matches the query when it
    matches any alternative. 办残疾证 → [[残疾证], [残疾人证]];
    外卖小哥 充电 → [[外卖小哥, 充电], [骑手, 充电], [外卖员, 充电], …]: the rider who asks where to
    charge wants charging points, not every page about riders.
    """
    own = _meaningful(query_words(text))
    alternatives = [own] if own else []
    seen = {frozenset(own)}
    for group in SynonymGroup.objects.all():
        terms = group.term_list
        if text in terms:  # the whole query is one term, however it is cut (快递小哥)
            rests = [[]]
        else:  # for each of the query's words in this group: the query's other words
            rests = [[word for word in own if word != term] for term in terms if term in own]
        for rest in rests:
            for synonym in terms:
                alternative = list(dict.fromkeys(_meaningful(query_words(synonym)) + rest))
                if alternative and frozenset(alternative) not in seen:
                    seen.add(frozenset(alternative))
                    alternatives.append(alternative)
    return alternatives


def highlight_terms(alternatives):
    return list(dict.fromkeys(word for alternative in alternatives for word in alternative))


def searchable_pages(kinds, restricted_paths, community=None):
    """Live, public pages of the given kinds, as one queryset a search backend can filter; for a
    community: the services it offers, the guides it handles, itself and its news and stories.

    `restricted_paths` are the tree paths under a view restriction, looked up once per search.
    """
    content_types = [ContentType.objects.get_for_model(kind.model).pk for kind in kinds]
    pages = Page.objects.live().filter(content_type_id__in=content_types)
    for path in restricted_paths:
        pages = pages.exclude(path__startswith=path)
    if community is not None:
        ids = [
            community.pk,
            *community.services.values_list("service_id", flat=True),
            *community.proxy_guides.values_list("guide_id", flat=True),
        ]
        pages = pages.filter(
            Q(id__in=ids) | Q(path__startswith=community.path, depth=community.depth + 1)
        )
    return pages


def restricted_page_paths():
    """Tree paths under a view restriction: kept per page-cache generation, like the pages."""
    return remember(
        "restricted-paths",
        lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def kinds_by_content_type():
    return {ContentType.objects.get_for_model(kind.model).pk: kind for kind in KINDS.values()}


def build_query(alternatives, strict=True):
    """Any alternative with all its words (strict), or, as a fallback, any word at all."""
    if not strict:
        return PlainText(" ".join(highlight_terms(alternatives)), operator="or")
    return Or([And([PlainText(word) for word in alternative]) for alternative in alternatives])


# Only what ranking and the result list need is loaded: never a page body.
@dataclass
class Hit:
    """One search result: just what ranking and the result list need, never a page body."""

    kind: Kind
    pk: int
    title: str
    summary: str
    path: str
    tags: str = ""
    community: str = ""
    url: str = ""


# The catalogue is small and always ranked whole; news grows without end, so only its newest
# matches are ranked (older news rarely answers a resident's question).
POOLS = ((("service", "guide", "community"), 2000), (("news", "story", "notice"), 500))


def summary_of(pool):
    """Each page type keeps its summary in its own table: join only the pool's tables (on
    PostgreSQL every extra join costs planning time on each search)."""
    names = [f"{kind.model._meta.model_name}__{kind.summary}" for kind in pool]
    return Coalesce(*names) if len(names) > 1 else F(names[0])


def _hits(results, pool, limit, terms):
    """Hits for search results, as plain rows where the backend builds a query (the database
    backends): constructing thousands of page objects would cost more than the search itself.

    Of each hit's tags only those containing a query term are loaded: ranking looks at no other,
    and asking by tag keeps the query small however many pages matched.
    """
    kinds = kinds_by_content_type()
    if hasattr(results, "get_queryset"):
        rows = (
            results.get_queryset()
            .annotate(hit_summary=summary_of(pool))
            .order_by("-pk")  # newest first, when a pool is cut off
            .values_list("pk", "title", "hit_summary", "path", "content_type_id")[:limit]
        )
    else:  # a search server: pages come back as objects
        rows = (
            (
                p.pk,
                p.title,
                getattr(p.specific, kinds[p.content_type_id].summary),
                p.path,
                p.content_type_id,
            )
            for p in results[:limit]
        )
    hits = [Hit(kinds[ct], pk, title, summary or "", path) for pk, title, summary, path, ct in rows]
    tag_names = Q()
    for term in terms:
        tag_names |= Q(tag__name__contains=term)
    for kind in pool:
        tagged = {hit.pk: hit for hit in hits if hit.kind is kind}
        if tagged and hasattr(kind.model, "tags"):
            through = kind.model.tags.through.objects.filter(tag_names)
            for pk, name in through.values_list("content_object_id", "tag__name"):
                if pk in tagged:
                    tagged[pk].tags += f" {name}"
    return hits


def rank(hit, own, synonyms):
    """Title matches first, then tags, then summary and the page's community, then body-only
    matches; longer words and the resident's own words count more than synonyms; a page that has
    all the resident's words (雪苑 社区 义剪) counts double; services and guides come above news at
    the same strength.

    Scores are ours, not the backend's: Wagtail's database backend cannot tell a title match
    from a body match on SQLite, and its relevance ordering costs the square of the hit count.
    """
    described = f"{hit.summary} {hit.community}"
    score = 0.0
    for terms, weight in ((own, 1.0), (synonyms, 0.6)):
        for term in terms:
            places = 10 * (term in hit.title) + 6 * (term in hit.tags) + 3 * (term in described)
            score += weight * len(term) * places
    everything = f"{hit.title} {hit.tags} {described}"
    coverage = sum(term in everything for term in own) / len(own) if own else 0
    return hit.kind.weight * (score + 1) * (1 + coverage)


def search(alternatives, kind_key=None, community=None):
    """(ranked hits, counts per kind, kinds with more matches than counted) for the query.

    Pages must have every word of at least one alternative; when no page does, any word will do.
    Ranking happens here, on the matches of each pool (see POOLS).
    """
    own = set(alternatives[0])
    synonyms = set(highlight_terms(alternatives)) - own
    restricted = restricted_page_paths()
    for strict in (True, False):
        query = build_query(alternatives, strict)
        hits, counts, more = [], dict.fromkeys(KINDS, 0), set()
        for keys, limit in POOLS:
            pool = [KINDS[key] for key in keys]
            pages = searchable_pages(pool, restricted, community)
            results = pages.search(query, order_by_relevance=False)
            found = _hits(results, pool, limit, own | synonyms)
            hits.extend(found)
            for hit in found:
                counts[hit.kind.key] += 1
            if len(found) == limit:  # more matched than were ranked: say so rather than count
                more.update(keys)
        if hits:
            break
    communities = remember(
        "community-titles", lambda: dict(CommunityPage.objects.values_list("path", "title"))
    )
    ranked = []
    for hit in hits:
        if kind_key and hit.kind.key != kind_key:
            continue
        hit.community = communities.get(hit.path[: -Page.steplen], "")
        ranked.append((-rank(hit, own, synonyms), -hit.pk, hit))
    ranked.sort(key=lambda entry: entry[:2])
    return [hit for _score, _pk, hit in ranked], counts, more


def add_urls(hits, request=None):
    """Set the URL of each hit (the shown page of results only), with one query."""
    pages = Page.objects.filter(pk__in=[hit.pk for hit in hits]).only(
        "id", "url_path", "path", "depth", "title", "content_type_id"
    )
    urls = {page.pk: page.get_url(request) for page in pages}
    for hit in hits:
        hit.url = urls.get(hit.pk, "")
    return hits


def highlight(text, terms, width=90):
    """An escaped excerpt of `text` around the first matched term, matched terms in <mark>."""
    text = text or ""
    positions = [text.find(term) for term in terms if term and term in text]
    start = max(min(positions) - 20, 0) if positions else 0
    excerpt = text[start : start + width]
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(text) else ""
    html = escape(excerpt)
    marked = sorted({escape(t) for t in terms if t}, key=len, reverse=True)
    if marked:
        # One alternation, longest first, so 残疾人证 is marked once rather than 残疾 inside it.
        pattern = "|".join(re.escape(term) for term in marked)
        html = re.sub(pattern, lambda match: f"<mark>{match.group(0)}</mark>", html)
    return mark_safe(prefix + html + suffix)
