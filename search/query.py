"""Site search: read the query (places, questions about them, phrasings, synonyms), find the
pages that match in the search documents, rank them."""

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from wagtail.models import Page

from core.localization import (
    address_language,
    default_language,
    is_default,
    path_in,
)
from core.segmentation import fold, query_words
from search import documents, phrasing, places
from search.kinds import ARTICLES, CATALOGUE, KINDS, POOL_LIMITS
from search.knowledge import knowledge
from search.words import MAX_QUERY_LENGTH, clean_query, dictionary_words, meaningful, parts

# The search page reads these through this module.
__all__ = ["KINDS", "MAX_QUERY_LENGTH", "clean_query", "search", "understand"]

MAX_PAGE = 50
# When no page has all the words, each of this many words is looked up on its own.
LOOSE_WORDS = 8
HAN = re.compile(r"[\u3400-\u9fff]")


def synonym_alternatives(text, own, synonyms):
    """Ways to say what the resident asked: their own words first, then the same words with each
    one that has synonyms replaced by each synonym, then compounds split into their parts.

    A page matches an alternative when it has all of its words; it matches the query when it
    matches any alternative. 办残疾证 → [[残疾证], [残疾人证]];
    外卖小哥 充电 → [[外卖小哥, 充电], [骑手, 充电], [外卖员, 充电], …]: the rider who asks where to
    charge wants charging points, not every page about riders. A synonym found inside the query
    counts even where the query was cut otherwise (暖心驿站, cut 暖 心 驿站, holds 暖心).
    """
    compact = text.replace(" ", "")
    alternatives = [own] if own else []
    seen = {frozenset(own)}

    def add(alternative):
        alternative = list(dict.fromkeys(alternative))
        if alternative and frozenset(alternative) not in seen:
            seen.add(frozenset(alternative))
            alternatives.append(alternative)

    for terms in synonyms:
        if text in terms:  # the whole query is one term, however it is cut (快递小哥)
            rests = [[]]
        else:  # for each of the query's words in this group: the query's other words
            rests = [
                [word for word in own if word != term and word not in term]
                for term in terms
                if term in own or (len(term) >= 2 and term in compact)
            ]
        for rest in rests:
            for synonym in terms:
                add(meaningful(query_words(synonym)) + rest)
    return alternatives


def split_alternatives(alternatives):
    """The alternatives with each compound split into its parts (停水通知 → 停水 + 通知), for when
    no page has the compounds themselves."""
    split = []
    for alternative in alternatives:
        parted = list(dict.fromkeys(part for word in alternative for part in parts(word) or [word]))
        if parted != alternative and parted not in split and parted not in alternatives:
            split.append(parted)
    return split


@dataclass
class Understood:
    """What a query asks: its subject words and the ways to say them, the places it names and
    what it asks about them, and the pages editors or the places put first."""

    text: str
    own: list  # the resident's own subject words (ranking)
    alternatives: list  # a page with every word of one of these matches
    reading: places.Reading
    split: list = field(default_factory=list)  # searched when no page matches `alternatives`
    pinned: list = field(default_factory=list)  # page ids listed first, in this order
    place_pins: int = 0  # how many of `pinned` are the named places themselves
    subject: str = ""  # the query without the places and what is asked about them

    @property
    def synonyms(self):
        return set(highlight_terms(self.alternatives + self.split)) - set(self.own)

    @property
    def terms(self):
        """Words to mark in titles and snippets."""
        names = [mention.written for mention in self.reading.mentions]
        words = highlight_terms(self.alternatives + self.split)
        return list(dict.fromkeys([*names, *words]))

    @property
    def places(self):
        return self.reading.places


def understand(text, know=None):
    know = know or knowledge()
    reading = places.read(text, know.gazetteer)
    subject = reading.rest if reading.mentions else text
    own = meaningful(query_words(subject)) if subject else []
    alternatives = synonym_alternatives(subject, own, know.synonyms)
    pinned, place_pins = [], 0
    if not own and reading.mentions:
        # Only places (and what is asked about them): the places first, a street's communities
        # after it, then whatever mentions them.
        own = meaningful(query_words(" ".join(m.written for m in reading.mentions)))
        alternatives = [own] if own else []
        pinned = _place_pins(reading, know.gazetteer)
        place_pins = len(pinned)
    # The query's words and, whole, their synonyms (外卖小哥 → 骑手, not 快递 of 快递小哥).
    words = [*phrasing.phrase_words(subject)] + [
        term
        for terms in know.synonyms
        if any(t in own or t == subject for t in terms)
        for term in terms
    ]
    for search_words, pages in phrasing.matching_intents(subject, words, know.intents):
        pinned.extend(pk for pk in pages if pk not in pinned)
        for word in search_words:
            alternative = meaningful(query_words(word))
            if alternative and alternative not in alternatives:
                alternatives.append(alternative)
    return Understood(
        text,
        own,
        alternatives,
        reading,
        split_alternatives(alternatives),
        pinned,
        place_pins,
        subject,
    )


def searched_language(text, language=None):
    """Whose documents a query searches: the page's language's, but the Chinese pages' for a query
    in Chinese characters (a Kazakh resident may type 身份证 on /kk/search/)."""
    if language is None or is_default(language) or HAN.search(text):
        return default_language()
    return language


def understand_words(text):
    """A query in a language written with spaces between words (Kazakh): its words, folded as the
    pages' are (core.segmentation). Places, phrasings and synonyms know Chinese only."""
    own = meaningful(query_words(text))
    return Understood(text, own, [own] if own else [], places.Reading(), subject=text)


def _place_pins(reading, gazetteer):
    """The named places, the most specific first (览景社区 before 解放路街道), then the
    communities of a named street."""
    first = reading.place
    pinned = [first.pk] + [place.pk for place in reading.places if place != first]
    for street in reading.places:
        if street.kind == "street":
            pinned += [
                place.pk
                for place in gazetteer.places
                if place.kind == "community" and place.path in street.community_paths
            ]
    return list(dict.fromkeys(pinned))


def highlight_terms(alternatives):
    return list(dict.fromkeys(word for alternative in alternatives for word in alternative))


@dataclass
class Hit:
    """One search result: just what ranking and the result list need, never a page body."""

    kind: object
    pk: int
    title: str
    summary: str
    path: str
    tags: str = ""
    url_path: str = ""
    community: str = ""
    url: str = ""
    # For a place's search: what that station says about this service (览景社区：在一楼…).
    local_note: str = ""
    in_place: bool = False


@dataclass
class Results:
    hits: list
    counts: dict
    more: set  # kinds with more matches than were ranked
    understood: Understood

    def __iter__(self):  # hits, counts, more = search(…)
        return iter((self.hits, self.counts, self.more))


def _hit(row):
    return Hit(
        KINDS[row.kind], row.pk, row.title, row.summary or "", row.path, row.tags, row.url_path
    )


def search(text, kind_key=None, scope=None, understood=None, language=None):
    """The ranked results for a query, with counts per kind; `scope`, a community (a Place),
    keeps its pages, the services it offers and the guides it handles. `language`: the page's
    language (see `searched_language`); a translation's hit is its Chinese page, with the
    translation's title and summary.

    Pages must have every word of at least one alternative; when no page does, any word will do.
    The pages of a named place and of a phrasing are added whether they match or not. Only the
    newest matches of the articles pool are ranked (see search.kinds); the catalogue is ranked
    whole.
    """
    know = knowledge()
    language = searched_language(text, language)
    if understood is None:
        own_language = is_default(language)
        understood = understand(text, know) if own_language else understand_words(text)
    restricted = know.restricted_paths
    # The city's newest articles; with the community filter, the community's; with a place named,
    # the place's, whatever their age (览景 义剪: 览景's news, not the city's newest on haircuts).
    # Services and guides are searched city-wide, the place's first.
    if scope is not None:
        article_scopes = [[scope]]
    elif understood.places:
        communities = [c for p in understood.places for c in know.gazetteer.communities_in(p)]
        article_scopes = [list(dict.fromkeys(communities))]
    else:
        article_scopes = [[]]
    rows, more, matched_words = {}, set(), {}

    def find_articles(alternatives):
        limit = POOL_LIMITS[ARTICLES]
        for number, within in enumerate(article_scopes):
            found = documents.find(alternatives, ARTICLES, limit, restricted, within, language)
            if number == 0 and len(found) == limit:  # more matched than are ranked
                more.update(kind.key for kind in KINDS.values() if kind.pool == ARTICLES)
            for row in found:
                rows.setdefault(row.pk, row)

    catalogue_limit = POOL_LIMITS[CATALOGUE]
    # Compounds match their parts apart too (停水通知 → 停水 + 通知).
    alternatives = understood.alternatives + understood.split
    for row in documents.find(
        alternatives, CATALOGUE, catalogue_limit, restricted, language=language
    ):
        rows[row.pk] = row
    find_articles(alternatives)
    if not rows and understood.alternatives:
        # No page has all the words of any alternative: any word will do (the query's words, their
        # synonyms, and every dictionary word inside it: 水压低 holds 水压), and catalogue pages
        # with more of them come first (捡到一部手机: lost and found has 捡到 and 手机).
        words = [*highlight_terms(understood.alternatives), *dictionary_words(understood.subject)]
        words = list(dict.fromkeys(words))[:LOOSE_WORDS]
        for word in words:
            for row in documents.find(
                [[word]], CATALOGUE, catalogue_limit, restricted, language=language
            ):
                rows.setdefault(row.pk, row)
                matched_words[row.pk] = matched_words.get(row.pk, 0) + 1
        find_articles([[word] for word in words])
    missing = [pk for pk in understood.pinned if pk not in rows]
    for row in documents.fetch(missing, restricted):
        rows[row.pk] = row
    hits = [_hit(row) for row in rows.values()]
    if scope is not None:
        hits = [hit for hit in hits if places.contains(scope, hit.pk, hit.path, know.gazetteer)]
    counts = dict.fromkeys(KINDS, 0)
    for hit in hits:
        counts[hit.kind.key] += 1
    ranked = _rank_all(hits, understood, know, matched_words)
    if kind_key:
        ranked = [hit for hit in ranked if hit.kind.key == kind_key]
    return Results(ranked, counts, more, understood)


def _rank_all(hits, understood, know, matched_words):
    own, synonyms = set(understood.own), understood.synonyms
    gazetteer = know.gazetteer
    named = understood.places
    note_place = understood.reading.place if named else None
    scores = {}
    for hit in hits:
        hit.community = gazetteer.titles.get(hit.path[: -Page.steplen], "")
        hit.in_place = any(places.contains(p, hit.pk, hit.path, gazetteer) for p in named)
        if note_place is not None and note_place.kind == "community":
            note = gazetteer.notes.get((hit.pk, note_place.path))
            if note:
                hit.local_note = f"{note_place.title}：{note}"
        scores[hit.pk] = rank(hit, own, synonyms)
    by_pk = {hit.pk: hit for hit in hits}
    place_pins = understood.pinned[: understood.place_pins]
    phrasing_pins = [pk for pk in understood.pinned[understood.place_pins :] if pk in by_pk]
    order = {pk: i for i, pk in enumerate(place_pins)}
    phrasing_order = {pk: i for i, pk in enumerate(phrasing_pins)}
    # The named places themselves; then, with a place named, its pages (its canteen before the
    # city's other canteens); then the pages of a phrasing; then the rest by score.
    return sorted(
        hits,
        key=lambda hit: (
            order.get(hit.pk, len(order)),
            not hit.in_place,
            phrasing_order.get(hit.pk, len(phrasing_order)),
            -matched_words.get(hit.pk, 1),
            -scores[hit.pk],
            -hit.pk,
        ),
    )


def rank(hit, own, synonyms):
    """Title matches first, then tags, then summary and the page's community, then body-only
    matches; longer words and the resident's own words count more than synonyms; a page that has
    all the resident's words (雪苑 社区 义剪) counts double; services and guides come above news at
    the same strength.

    Scores are ours, not the database's: its relevance ordering cannot tell a title match from a
    body match on SQLite, and costs the square of the hit count.
    """
    # Kazakh texts as their words were folded (a no-op for Chinese).
    title, tags = fold(hit.title), fold(hit.tags)
    described = fold(f"{hit.summary} {hit.community}")
    score = 0.0
    for terms, weight in ((own, 1.0), (synonyms, 0.6)):
        for term in terms:
            places_found = 10 * (term in title) + 6 * (term in tags) + 3 * (term in described)
            score += weight * len(term) * places_found
    everything = f"{title} {tags} {described}"
    coverage = sum(term in everything for term in own) / len(own) if own else 0
    return hit.kind.weight * (score + 1) * (1 + coverage)


def add_urls(hits, request=None):
    """Set the URL of each hit (the shown page of results only) from its URL path: no query."""
    for hit in hits:
        hit.url = page_url(hit.pk, hit.url_path, hit.path, request)
    return hits


def page_url(pk, url_path, path="", request=None):
    """A result's address in the active language (/kk/… on a Kazakh page), from its URL path."""
    url = Page(pk=pk, url_path=url_path, path=path).get_url(request) or ""
    language = address_language()
    if url.startswith("/") and not is_default(language):
        url = path_in(url, language)
    return url


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
