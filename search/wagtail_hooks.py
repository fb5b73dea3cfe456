"""Admin wiring for search: editable synonyms and the list of queries that found nothing.

Residents' recorded queries can hold phone numbers or names, so only those allowed to work with
them may read them: the list of unanswered queries for users with its model permissions, the
promotions' query chooser for users who may add or change promotions. Community editors see
neither. The query chooser below is routed ahead of Wagtail's in site_config/urls.py.
"""

from django.core.exceptions import PermissionDenied

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
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from search.models import SynonymGroup, UnansweredQuery

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


class UnansweredQueryViewSet(SnippetViewSet):
    model = UnansweredQuery
    icon = "warning"
    list_display = ["query_string", "hits", "last_searched_at"]
    list_export = ["query_string", "hits", "last_searched_at"]
    ordering = ["-hits"]
    search_fields = ["query_string"]
    chooser_viewset_class = UnansweredQueryChooserViewSet


class SearchViewSetGroup(SnippetViewSetGroup):
    menu_label = "站内搜索"
    menu_icon = "search"
    menu_order = 260
    items = (SynonymGroupViewSet, UnansweredQueryViewSet)


register_snippet(SearchViewSetGroup)
