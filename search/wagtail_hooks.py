"""Admin wiring for search: editable synonyms and residents' everyday phrasings, and the list of
queries that found nothing (the editors' to-do list: each can be turned into a phrasing).

Residents' recorded queries can hold phone numbers or names, so only those allowed to work with
them may read them: the list of unanswered queries for users with its model permissions, the
promotions' query chooser for users who may add or change promotions. Community editors see
neither. The query chooser below is routed ahead of Wagtail's in site_config/urls.py.
"""

from urllib.parse import urlencode

import django_filters

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.contrib.search_promotions import views as promotion_views
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

from search.models import SearchIntent, SynonymGroup, UnansweredQuery

QUERY_READER_ACTIONS = ["add", "change", "delete", "view"]


def may_read_unanswered_queries(user):
    return policy_registry.get_by_type(UnansweredQuery).user_has_any_permission(
        user, QUERY_READER_ACTIONS
    )


def may_read_promotion_queries(user):
    return user.has_perm("wagtailsearchpromotions.add_searchpromotion") or user.has_perm(
        "wagtailsearchpromotions.change_searchpromotion"
    )


class QueryReadersOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_read_unanswered_queries(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UnansweredQueryChooseView(QueryReadersOnlyMixin, ChooseView):
    pass


class UnansweredQueryChooseResultsView(QueryReadersOnlyMixin, ChooseResultsView):
    pass


class UnansweredQueryChosenView(QueryReadersOnlyMixin, SnippetChosenView):
    pass


class UnansweredQueryChosenMultipleView(QueryReadersOnlyMixin, SnippetChosenMultipleView):
    pass


class UnansweredQueryChooserViewSet(SnippetChooserViewSet):
    choose_view_class = UnansweredQueryChooseView
    choose_results_view_class = UnansweredQueryChooseResultsView
    chosen_view_class = UnansweredQueryChosenView
    chosen_multiple_view_class = UnansweredQueryChosenMultipleView


def promotion_query_readers_only(view):
    def wrapped(request, *args, **kwargs):
        if not may_read_promotion_queries(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


promotion_query_chooser = promotion_query_readers_only(promotion_views.chooser)
promotion_query_chooser_results = promotion_query_readers_only(promotion_views.chooserresults)


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "resubmit"
    list_display = ["terms"]
    search_fields = ["terms"]


FROM_QUERY = "from_query"


class SearchIntentCreateView(CreateView):
    """Adding a phrasing from the to-do list (?from_query=<id>): the query is its first phrasing,
    and once saved the query is marked as handled by it."""

    def unanswered_query(self):
        pk = self.request.GET.get(FROM_QUERY, "")
        if not pk.isdigit() or not may_read_unanswered_queries(self.request.user):
            return None
        return UnansweredQuery.objects.filter(pk=pk).first()

    def get_add_url(self):
        url = super().get_add_url()
        query = self.unanswered_query()
        if query is None:
            return url
        return f"{url}{'&' if '?' in url else '?'}{urlencode({FROM_QUERY: query.pk})}"

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        query = self.unanswered_query()
        if query is not None:
            instance.phrases = query.query_string
        return instance

    def save_instance(self):
        instance = super().save_instance()
        query = self.unanswered_query()
        if query is not None:
            UnansweredQuery.objects.filter(pk=query.pk).update(intent=instance)
        return instance


class SearchIntentViewSet(SnippetViewSet):
    model = SearchIntent
    icon = "help"
    add_view_class = SearchIntentCreateView
    list_display = ["phrases", "search_words", "note"]
    list_export = ["phrases", "search_words", "note"]
    search_fields = ["phrases", "search_words", "note"]


class UnansweredQueryFilterSet(WagtailFilterSet):
    pending = django_filters.BooleanFilter(
        field_name="intent", lookup_expr="isnull", label="还没有转为常见说法"
    )

    class Meta:
        model = UnansweredQuery
        fields = []


def turn_into_intent(query):
    """The to-do list's action: the phrasing that answers it, or a link to add one."""
    if query.intent_id:
        return f"已处理：{query.intent}"
    url = reverse("wagtailsnippets_search_searchintent:add")
    return format_html(
        '<a class="button button-small button-secondary" href="{}?{}">转为常见说法</a>',
        url,
        urlencode({FROM_QUERY: query.pk}),
    )


class UnansweredQueryViewSet(SnippetViewSet):
    model = UnansweredQuery
    icon = "warning"
    list_display = [
        "query_string",
        "hits",
        "last_searched_at",
        Column("handling", label="处理", accessor=turn_into_intent),
    ]
    list_export = ["query_string", "hits", "last_searched_at", "intent"]
    filterset_class = UnansweredQueryFilterSet
    ordering = ["-hits"]
    search_fields = ["query_string"]
    chooser_viewset_class = UnansweredQueryChooserViewSet


class SearchViewSetGroup(SnippetViewSetGroup):
    menu_label = "站内搜索"
    menu_icon = "search"
    menu_order = 260
    items = (SynonymGroupViewSet, SearchIntentViewSet, UnansweredQueryViewSet)


register_snippet(SearchViewSetGroup)
