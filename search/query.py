"""Site search: clean and segment the query, expand synonyms, search each kind, merge by weight."""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

from wagtail.models import Page
from wagtail.search.query import And, Or, PlainText

from communities.models import CommunityPage
from news.models import NewsPage, StoryPage
from search.models import SynonymGroup
from search.segmentation import query_words
from services_catalog.models import GuidePage, ServicePage

MAX_QUERY_LENGTH = 100
MAX_PAGE = 50
# Matches ranked per kind; beyond this a query is too broad to be worth ranking further.
MAX_CANDIDATES = 1000


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    model: type
    # Services and guides are what residents come for: they outrank news of the same match strength.
    weight: float


KINDS = {
    kind.key: kind
    for kind in (
        Kind("service", "便民服务", ServicePage, 1.5),
        Kind("guide", "政务指南", GuidePage, 1.5),
        Kind("community", "社区", CommunityPage, 1.2),
        Kind("news", "社区动态", NewsPage, 1.0),
        Kind("story", "志愿服务", StoryPage, 1.0),
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
    """Ways to say what the resident asked: their own words first, then each synonym they used.

    A page matches an alternative when it has all of its words; it matches the query when it
    matches any alternative. 办残疾证 → [[残疾证], [残疾人证]].
    """
    own = _meaningful(query_words(text))
    alternatives = [own] if own else []
    for group in SynonymGroup.objects.all():
        terms = group.term_list
        if any(term in own or term == text for term in terms):
            for term in terms:
                words_of_term = _meaningful(query_words(term))
                if words_of_term and words_of_term not in alternatives:
                    alternatives.append(words_of_term)
    return alternatives


def highlight_terms(alternatives):
    return list(dict.fromkeys(word for alternative in alternatives for word in alternative))


def base_queryset(kind, community=None):
    """Live public pages of a kind; for a community, what it offers, handles or published.

    Search backends only filter on indexed filter fields, so relations become lists of ids.
    """
    pages = kind.model.objects.live().public()
    if community is None:
        return pages
    if kind.key == "service":
        ids = community.services.values_list("service_id", flat=True)
    elif kind.key == "guide":
        ids = community.proxy_guides.values_list("guide_id", flat=True)
    elif kind.key == "community":
        ids = [community.pk]
    else:
        return pages.child_of(community)
    return pages.filter(id__in=list(ids))


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


HIT_FIELDS = ("pk", "title", "summary", "path")


def _hits(kind, results):
    """Hits for search results; a plain row query where the backend builds one (the database
    backends), as constructing thousands of page objects would cost more than the search."""
    if hasattr(results, "get_queryset"):
        rows = results.get_queryset().values_list(*HIT_FIELDS)
    else:
        rows = ((page.pk, page.title, page.summary, page.path) for page in results)
    return [Hit(kind, *row) for row in rows]


def _add_tags(kind, hits):
    """Tag names of the hits, in one query (a manager per page would cost a queryset each)."""
    if not hits or not hasattr(kind.model, "tags"):
        return
    by_pk = {hit.pk: hit for hit in hits}
    rows = kind.model.tags.through.objects.filter(content_object_id__in=list(by_pk))
    for page_id, name in rows.values_list("content_object_id", "tag__name"):
        by_pk[page_id].tags += f" {name}"


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
    """(ranked hits, counts per kind) for the query alternatives.

    Pages must have every word of at least one alternative; when no page does, any word will do.
    """
    own = set(alternatives[0])
    synonyms = set(highlight_terms(alternatives)) - own
    for strict in (True, False):
        query = build_query(alternatives, strict)
        found = {
            key: _hits(
                kind,
                base_queryset(kind, community).search(query, order_by_relevance=False)[
                    :MAX_CANDIDATES
                ],
            )
            for key, kind in KINDS.items()
        }
        if any(found.values()):
            break
    counts = {key: len(hits) for key, hits in found.items()}
    communities = dict(CommunityPage.objects.values_list("path", "title"))
    ranked = []
    for key, hits in found.items():
        if kind_key and key != kind_key:
            continue
        _add_tags(KINDS[key], hits)
        for hit in hits:
            hit.community = communities.get(hit.path[: -Page.steplen], "")
            ranked.append((-rank(hit, own, synonyms), -hit.pk, hit))
    ranked.sort(key=lambda entry: entry[:2])
    return [hit for _score, _pk, hit in ranked], counts


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
