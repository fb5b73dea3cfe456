"""Residents' everyday phrasing: the editors' phrasings (SearchIntent) a query contains, and help
when a search finds little: a did-you-mean by sound (低宝 → 低保) and related services."""

import re
from functools import lru_cache

from pypinyin import lazy_pinyin

from core.segmentation import query_words
from search.words import STOPWORDS

HAN = re.compile(r"[\u3400-\u9fff]+")
# Below this many characters a phrasing must be the query's own words (or the whole query), not
# just inside it: short phrasings are ordinary words.
SUBSTRING_MIN = 3


@lru_cache(maxsize=8192)
def phrase_words(text):
    """The words of a phrasing or query that say something (single characters included: 玩, 冷).
    Kept across cache generations: a phrasing's words do not change when a page does."""
    return frozenset(word for word in query_words(text) if word not in STOPWORDS)


@lru_cache(maxsize=8192)
def title_words(title):
    return tuple(query_words(title))


@lru_cache(maxsize=16384)
def sound_of(word):
    return tuple(lazy_pinyin(word))


def matching_intents(text, words, intents):
    """[(search words, page ids)] of the phrasings `text` contains, strongest first.

    A phrasing matches when the query holds it (three characters or more), or holds all its words
    (孩子放学了没人管 holds 放学 and 没人管; 周末带孩子去哪玩 holds 带, 孩子 and 玩), where `words`
    are the query's words and, whole, their synonyms (外卖小哥 取暖 holds 骑手 取暖)."""
    compact = text.replace(" ", "")
    words = set(words)
    matched = []
    for phrasings, search_words, pages in intents:
        strength = 0
        for phrase, needed in phrasings:
            if phrase == compact or (len(phrase) >= SUBSTRING_MIN and phrase in compact):
                strength = max(strength, len(phrase))
            elif needed and needed <= words:
                strength = max(strength, sum(len(word) for word in needed))
        if strength:
            matched.append((strength, search_words, pages))
    matched.sort(key=lambda match: -match[0])
    return [(search_words, pages) for _strength, search_words, pages in matched]


def vocabulary_of(catalogue, synonyms, intents, gazetteer):
    """Words residents mean, with how often the site uses them: titles and tags of the catalogue,
    synonyms, phrasings and place names."""
    counts = {}

    def add(word, weight=1):
        if 2 <= len(word) <= 8 and HAN.fullmatch(word):
            counts[word] = counts.get(word, 0) + weight

    for row in catalogue:
        for word in title_words(row.title):
            add(word)
        for tag in row.tags.split():
            add(tag, 2)
    for terms in synonyms:
        for term in terms:
            add(term, 3)
    for phrasings, search_words, _pages in intents:
        for phrase, _words in phrasings:
            add(phrase, 2)
        for word in search_words:
            add(word, 2)
    for place in gazetteer.places:
        for name in (*place.names, *place.short_names):
            add(name, 3)
    return counts


def sound_index(vocabulary):
    """Pinyin (without tones) of each word → the word the site uses most with that sound; also
    the pinyin run together (dibao → 低保) for residents who type pinyin."""
    by_sound, typed = {}, {}
    for word, _count in sorted(vocabulary.items(), key=lambda item: -item[1]):
        sound = sound_of(word)
        by_sound.setdefault(sound, word)
        typed.setdefault("".join(sound), word)
    return by_sound, typed


def did_you_mean(text, vocabulary, by_sound, typed):
    """The query with words that sound like one the site uses put right (低宝 → 低保, 以剪 → 义剪,
    dibao → 低保), or "" when nothing needs it."""
    corrected, changed = [], False
    for chunk in re.split(r"(\s+)", text):
        if chunk.isascii() and chunk.isalpha() and chunk.lower() in typed:
            corrected.append(typed[chunk.lower()])
            changed = True
            continue
        position, pieces = 0, []
        for match in HAN.finditer(chunk):
            pieces.append(chunk[position : match.start()])
            fixed = _fix_run(match.group(), vocabulary, by_sound)
            changed |= fixed != match.group()
            pieces.append(fixed)
            position = match.end()
        pieces.append(chunk[position:])
        corrected.append("".join(pieces))
    return "".join(corrected) if changed else ""


def _fix_run(run, vocabulary, by_sound):
    sounds = lazy_pinyin(run)
    if len(sounds) != len(run):
        return run
    out, i = [], 0
    while i < len(run):
        for size in range(min(6, len(run) - i), 1, -1):
            written = run[i : i + size]
            if written in vocabulary:
                out.append(written)
                i += size
                break
            meant = by_sound.get(tuple(sounds[i : i + size]))
            if meant:
                out.append(meant)
                i += size
                break
        else:
            out.append(run[i])
            i += 1
    return "".join(out)


def bigrams(text):
    return {text[i : i + 2] for i in range(len(text) - 1) if HAN.fullmatch(text[i : i + 2])}


def related_services(text, hits, catalogue, categories, limit=4):
    """Services near what was asked: when something was found, others of its category; when
    nothing was, those sharing two-character runs with the query (宠物疫苗 → 儿童预防接种 shares
    疫苗)."""
    shown = {hit.pk for hit in hits}
    services = [row for row in catalogue if row.kind == "service" and row.pk not in shown]
    found_categories = [categories.get(hit.pk) for hit in hits if hit.kind.key == "service"]
    found_categories = [c for c in found_categories if c is not None]
    if found_categories:
        return [row for row in services if categories.get(row.pk) == found_categories[0]][:limit]
    wanted = bigrams(text.replace(" ", ""))
    scored = [(len(wanted & bigrams(f"{row.title} {row.tags}")), row) for row in services]
    scored = [(score, row) for score, row in scored if score]
    scored.sort(key=lambda pair: -pair[0])
    return [row for _score, row in scored[:limit]]
