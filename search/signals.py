"""Keeps the editors' to-do list current: saving a phrasing marks the searches it now answers."""

from search import phrasing
from search.models import UnansweredQuery


def mark_answered_queries(sender, instance, raw=False, **kwargs):
    """Searches that found nothing and contain one of this phrasing's phrasings are handled by it."""
    if raw:
        return
    intent = [
        (
            [
                (phrase.replace(" ", ""), phrasing.phrase_words(phrase))
                for phrase in instance.phrase_list
            ],
            [],
            [instance.pk],
        )
    ]
    answered = [
        query.pk
        for query in UnansweredQuery.objects.filter(intent__isnull=True).only("query_string")
        if phrasing.matching_intents(
            query.query_string, phrasing.phrase_words(query.query_string), intent
        )
    ]
    if answered:
        UnansweredQuery.objects.filter(pk__in=answered).update(intent=instance)
