"""What search knows beyond the full-text index (synonyms, phrasings, places, promoted queries,
view restrictions), read once per page-cache generation and kept in each process's memory.

Every change that could alter it (a page published or moved, a synonym, phrasing, promotion or
view restriction saved) starts a new generation (see SearchConfig.ready and pagecache.registry),
so it is never older than the last change; between changes a search reads none of it from the
database. Each part is read the first time a search needs it.
"""

import threading
from functools import cached_property

from django.db.models import Prefetch

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import PageViewRestriction
from wagtail.search.utils import normalise_query_string

from pagecache.generation import current_generation, page_cache
from search import documents, phrasing
from search.kinds import CATALOGUE
from search.models import IntentAnswer, SearchIntent, SynonymGroup
from search.places import build_gazetteer
from services_catalog.models import ServicePage

_lock = threading.Lock()
_current = None


class Knowledge:
    def __init__(self, generation):
        self.generation = generation

    @cached_property
    def restricted_paths(self):
        return list(PageViewRestriction.objects.values_list("page__path", flat=True))

    @cached_property
    def synonyms(self):
        return [group.term_list for group in SynonymGroup.objects.all()]

    @cached_property
    def gazetteer(self):
        return build_gazetteer(self.restricted_paths)

    @cached_property
    def intents(self):
        """[(phrasings, search words, page ids)], each phrasing as (text, its words)."""
        intents = SearchIntent.objects.prefetch_related(
            Prefetch("answers", queryset=IntentAnswer.objects.order_by("sort_order"))
        )
        found = []
        for intent in intents:
            phrasings = [
                (phrase.replace(" ", ""), phrasing.phrase_words(phrase))
                for phrase in intent.phrase_list
            ]
            pages = [answer.page_id for answer in intent.answers.all()]
            found.append((phrasings, intent.search_word_list, pages))
        return found

    @cached_property
    def promoted_queries(self):
        return set(SearchPromotion.objects.values_list("query__query_string", flat=True).distinct())

    def has_promotions(self, text):
        return normalise_query_string(text) in self.promoted_queries

    @cached_property
    def catalogue(self):
        """Every live public page of the catalogue pool (services, guides, places, sections), as
        search documents' rows: for suggestions when a search finds little."""
        return documents.pool_rows(CATALOGUE, self.restricted_paths)

    @cached_property
    def vocabulary(self):
        return phrasing.vocabulary_of(self.catalogue, self.synonyms, self.intents, self.gazetteer)

    @cached_property
    def sounds(self):
        """(by sound, typed pinyin) indexes of the vocabulary, for the did-you-mean."""
        return phrasing.sound_index(self.vocabulary)

    @cached_property
    def service_categories(self):
        return dict(ServicePage.objects.values_list("pk", "category_id"))


def knowledge():
    """The current generation's Knowledge (computed afresh when the page cache is down)."""
    global _current
    try:
        generation = current_generation(page_cache())
    except Exception:
        return Knowledge(None)
    with _lock:
        if _current is None or _current.generation != generation:
            _current = Knowledge(generation)
        return _current
