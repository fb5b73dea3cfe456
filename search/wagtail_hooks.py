"""Admin wiring for search: editable synonyms and the list of queries that found nothing."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from search.models import SynonymGroup, UnansweredQuery


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "resubmit"
    list_display = ["terms"]
    search_fields = ["terms"]


class UnansweredQueryViewSet(SnippetViewSet):
    model = UnansweredQuery
    icon = "warning"
    list_display = ["query_string", "hits", "last_searched_at"]
    list_export = ["query_string", "hits", "last_searched_at"]
    ordering = ["-hits"]
    search_fields = ["query_string"]


class SearchViewSetGroup(SnippetViewSetGroup):
    menu_label = "站内搜索"
    menu_icon = "search"
    menu_order = 260
    items = (SynonymGroupViewSet, UnansweredQueryViewSet)


register_snippet(SearchViewSetGroup)
