"""Site search: clean and segment the query, expand synonyms, search each kind, merge by weight."""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

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


def _meaningful(found):
    """Drop single characters (办, 的, 证) unless they are all there is."""
    long_words = [w for w in found if len(w) > 1]
    return list(dict.fromkeys(long_words or found))


def query_alternatives(text):
    """Ways to say what the resident asked: their own words, then each synonym they touched.

    A page matches an alternative when it has all of its words; it matches the query when it
    matches any alternative. 办残疾证 → [[残疾证], [残疾人证]].
    """
    own = _meaningful(query_words(text))
    alternatives = [own] if own else []
    for group in SynonymGroup.objects.all():
        terms = group.term_list
        if any(term in text for term in terms):
            for term in terms:
                words_of_term = _meaningful(query_words(term))
                if words_of_term and words_of_term not in alternatives:
                    alternatives.append(words_of_term)
    return alternatives


def highlight_terms(alternatives):
    return list(dict.fromkeys(word for alternative in alternatives for word in alternative))


def base_queryset(kind, community=None):
    pages = kind.model.objects.live().public()
    if community is None:
        return pages
    if kind.key == "service":
        return pages.filter(offered_at__community=community)
    if kind.key == "guide":
        return pages.filter(handled_by__community=community)
    if kind.key == "community":
        return pages.filter(pk=community.pk)
    return pages.child_of(community)


def build_query(alternatives, strict=True):
    """Any alternative with all its words (strict), or, as a fallback, any word at all."""
    if not strict:
        return PlainText(" ".join(highlight_terms(alternatives)), operator="or")
    return Or([And([PlainText(word) for word in alternative]) for alternative in alternatives])


# Only what ranking and the result list need is loaded: never a page body.
RESULT_FIELDS = ("id", "title", "summary", "path", "depth", "url_path", "live", "content_type_id")


def rank(kind, page, terms):
    """Title matches first, then summary matches, then body-only matches; services and guides
    above news at the same strength. Scores are ours, not the backend's: Wagtail's database
    backend cannot tell a title match from a body match on SQLite, and its relevance ordering
    costs the square of the hit count there."""
    in_title = sum(term in page.title for term in terms)
    in_summary = sum(term in page.summary for term in terms)
    return kind.weight * (10 * in_title + 3 * in_summary + 1)


def search(alternatives, kind_key=None, community=None):
    """(ranked list of (kind key, page), counts per kind) for the query alternatives.

    Pages must have every word of at least one alternative; when no page does, any word will do.
    """
    terms = highlight_terms(alternatives)
    for strict in (True, False):
        query = build_query(alternatives, strict)
        found = {
            key: list(
                base_queryset(kind, community)
                .only(*RESULT_FIELDS)
                .search(query, order_by_relevance=False)[:MAX_CANDIDATES]
            )
            for key, kind in KINDS.items()
        }
        if any(found.values()):
            break
    counts = {key: len(pages) for key, pages in found.items()}
    ranked = [
        (-rank(KINDS[key], page, terms), -page.pk, key, page)
        for key, pages in found.items()
        if not kind_key or key == kind_key
        for page in pages
    ]
    ranked.sort(key=lambda entry: entry[:2])
    return [(key, page) for _score, _pk, key, page in ranked], counts


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
