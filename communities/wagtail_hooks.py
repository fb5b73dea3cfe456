"""Admin wiring for communities: other communities' unpublished pages stay out of the admin, and
urgent notices (communities.urgent) are published at once and shown to the street's reviewers.

An editor sees drafts only in the subtrees their groups hold page permissions on (their own
community, street, catalogue or guides). Anywhere else they see live pages only, by their live
titles, never an unpublished page or an unpublished new title. Page choosers, bulk-action
confirmations and the page types report follow that rule; the chooser and report views below are
routed ahead of Wagtail's in site_config/urls.py.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views import chooser
from wagtail.admin.views.pages.bulk_actions import (
    DeleteBulkAction,
    MoveBulkAction,
    PublishBulkAction,
    UnpublishBulkAction,
)
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import GroupPagePermission, Page, WorkflowState
from wagtail_localize.models import Translation

from communities.models import CommunityPage, NoticePage
from communities.urgent import (
    URGENT_PUBLISH,
    URGENT_PUBLISH_LABEL,
    may_publish_urgent_notice,
    recent_urgent_notices,
    urgent_notice_communities,
)
from communities.views import UrgentNoticeCommunitiesView, UrgentNoticeView


def draft_roots(user):
    """Paths of the pages whose subtrees `user` may see drafts in (cached on the user)."""
    if not hasattr(user, "_draft_roots"):
        user._draft_roots = set(
            GroupPagePermission.objects.filter(group__user=user).values_list(
                "page__path", flat=True
            )
        )
    return user._draft_roots


def may_see_drafts_of(user, page):
    return user.is_superuser or any(page.path.startswith(root) for root in draft_roots(user))


def as_seen_by(user, page):
    """`page` as `user` may see it: itself, its live state, or None for another's draft."""
    if page is None or may_see_drafts_of(user, page):
        return page
    if not page.live:
        return None
    # The page row holds the live title; draft_title holds an unpublished new one.
    page.draft_title = page.title
    page.has_unpublished_changes = False
    return page


@hooks.register("construct_page_chooser_queryset")
def hide_other_communities_drafts(pages, request):
    """Editors choose from live pages anywhere, but see drafts only where they may edit."""
    user = request.user
    if user.is_superuser:
        return pages
    visible = Q(live=True)
    for root in draft_roots(user):
        visible |= Q(path__startswith=root)
    return pages.filter(visible)


# Page chooser: rows show what the user may see (the chooser's queryset hook cannot reach the
# parent row, nor the titles of live pages with an unpublished new title).


class ScopedPageTitleColumn(chooser.PageTitleColumn):
    """The title column shows a live page outside the user's scope as it is published."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def get_cell_context_data(self, instance, parent_context):
        as_seen_by(self.user, instance)
        return super().get_cell_context_data(instance, parent_context)


class ScopedParentPageColumn(chooser.ParentPageColumn):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def get_value(self, instance):
        return as_seen_by(self.user, super().get_value(instance))


def scoped_columns(columns, user):
    scoped = []
    for column in columns:
        if isinstance(column, chooser.PageTitleColumn):
            column = ScopedPageTitleColumn(
                column.name,
                label=column.label,
                is_multiple_choice=column.is_multiple_choice,
                user=user,
            )
        elif isinstance(column, chooser.ParentPageColumn):
            column = ScopedParentPageColumn(column.name, label=column.label, user=user)
        scoped.append(column)
    return scoped


class ScopedBrowseView(chooser.BrowseView):
    @property
    def columns(self):
        return scoped_columns(super().columns, self.request.user)

    def get_object_list(self):
        # Called once the parent page is known: another community's draft cannot be browsed.
        if as_seen_by(self.request.user, self.parent_page) is None:
            raise Http404
        return super().get_object_list()


class ScopedSearchView(chooser.SearchView):
    @property
    def columns(self):
        return scoped_columns(super().columns, self.request.user)


class ScopedChosenMultipleView(chooser.ChosenMultipleView):
    def get(self, request):
        pages = hide_other_communities_drafts(
            Page.objects.filter(pk__in=request.GET.getlist("id")), request
        ).specific()
        result = []
        for page in pages:
            as_seen_by(request.user, page)
            result.append(
                {
                    "id": page.pk,
                    "parentId": page.get_parent().pk,
                    "adminTitle": page.get_admin_display_title(),
                    "editUrl": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                    "url": page.url,
                }
            )
        return self.render_chosen_response(result)


# Bulk actions: the confirmation page lists no page the user cannot edit.


class OwnPagesOnlyMixin:
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["items_with_no_access"] = [
            item for item in context["items_with_no_access"] if item["can_edit"]
        ]
        return context


class ScopedDeleteBulkAction(OwnPagesOnlyMixin, DeleteBulkAction):
    pass


class ScopedMoveBulkAction(OwnPagesOnlyMixin, MoveBulkAction):
    pass


class ScopedPublishBulkAction(OwnPagesOnlyMixin, PublishBulkAction):
    pass


class ScopedUnpublishBulkAction(OwnPagesOnlyMixin, UnpublishBulkAction):
    pass


# Registered after Wagtail's own (order 0), so these replace them for the same action types.
for action_class in (
    ScopedDeleteBulkAction,
    ScopedMoveBulkAction,
    ScopedPublishBulkAction,
    ScopedUnpublishBulkAction,
):
    hooks.register("register_bulk_action", action_class, order=1)


# The page types report counts and names pages site-wide, drafts included: administrators only.


class AdministratorsPageTypesReportView(PageTypesUsageReportView):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


@hooks.register("construct_reports_menu")
def hide_page_types_report(request, menu_items):
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]


# Urgent notices: the form, the ways to it, the audit-log action and the reviewers' dashboard.


@hooks.register("register_admin_urls")
def urgent_notice_urls():
    return [
        path("urgent-notice/", UrgentNoticeCommunitiesView.as_view(), name="urgent_notices"),
        path("urgent-notice/<int:community_id>/", UrgentNoticeView.as_view(), name="urgent_notice"),
    ]


@hooks.register("register_log_actions")
def register_urgent_publish(actions):
    actions.register_action(
        URGENT_PUBLISH, URGENT_PUBLISH_LABEL, "紧急通知未经审核立即发布，已提醒街道审核人"
    )


class UrgentNoticeMenuItem(MenuItem):
    def is_shown(self, request):
        # Not for administrators, who reach every community from its page.
        return not request.user.is_superuser and bool(urgent_notice_communities(request.user))


@hooks.register("register_admin_menu_item")
def urgent_notice_menu_item():
    return UrgentNoticeMenuItem(
        "发布紧急通知",
        reverse("urgent_notices"),
        name="urgent-notice",
        icon_name="warning",
        order=150,
    )


class UrgentNoticeButton(PageMenuItem):
    label = "发布紧急通知"
    icon_name = "warning"
    url_name = "urgent_notice"

    def is_shown(self, user):
        return self.page.specific_class is CommunityPage and may_publish_urgent_notice(
            user, self.page
        )


@hooks.register("register_page_header_buttons")
def urgent_notice_header_button(page, user, view_name, next_url=None):
    yield UrgentNoticeButton(page=page, priority=16)


@hooks.register("register_page_listing_more_buttons")
def urgent_notice_listing_button(page, user, next_url=None):
    yield UrgentNoticeButton(page=page, priority=9)


class UrgentNoticesPanel(Component):
    """Dashboard list for street reviewers of the urgent notices published without their review."""

    name = "urgent_notices"
    order = 90
    template_name = "communities/admin/urgent_notices_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return {"rows": recent_urgent_notices(self.user)}


@hooks.register("construct_homepage_panels")
def add_urgent_notices_panel(request, panels):
    panels.append(UrgentNoticesPanel(request.user))


class CommunityWorkPanel(Component):
    """A community editor's desk: their community's drafts, what waits for review, its current
    notices, and buttons for what they write most."""

    name = "community_work"
    order = 50
    template_name = "communities/admin/community_work_panel.html"
    most_communities = 3

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        # The communities the user may add pages under (the urgent-notice rule checks just that).
        communities = urgent_notice_communities(self.user)[: self.most_communities]
        desks = []
        for community in communities:
            pages = Page.objects.descendant_of(community, inclusive=True)
            drafts = list(
                pages.filter(has_unpublished_changes=True)
                .order_by("-latest_revision_created_at")
                .only("title", "live", "latest_revision_created_at")[:10]
            )
            in_review = list(
                pages.filter(_workflow_states__status=WorkflowState.STATUS_IN_PROGRESS).distinct()[
                    :10
                ]
            )
            reviewing = {page.pk for page in in_review}
            desks.append(
                {
                    "community": community,
                    "drafts": [page for page in drafts if page.pk not in reviewing],
                    "in_review": in_review,
                    "notices": NoticePage.for_paths([community.path], city_wide=False),
                    "actions": [
                        ("写社区动态", add_url("news", "newspage", community)),
                        ("写志愿服务故事", add_url("news", "storypage", community)),
                        ("发通知", add_url("communities", "noticepage", community)),
                    ],
                }
            )
        return {"desks": desks}


def add_url(app_label, model_name, parent):
    return reverse("wagtailadmin_pages:add", args=[app_label, model_name, parent.pk])


@hooks.register("construct_homepage_panels")
def add_community_work_panel(request, panels):
    if not request.user.is_superuser:
        panels.append(CommunityWorkPanel(request.user))


@hooks.register("before_edit_page", order=-1)
def submit_translation_for_review(request, page):
    """wagtail-localize's translation editor offers only "publish". For a translator, who may
    edit the translation but not publish it, "publish" saves the translation as a draft and
    submits it to the page's workflow (the street's reviewers approve it, as any edit there);
    those who may publish publish as before. Runs before wagtail-localize's own hook."""
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    translation = Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).first()
    permissions = page.permissions_for_user(request.user)
    if translation is None or not permissions.can_edit() or permissions.can_publish():
        return None
    workflow = page.get_workflow()
    if workflow is None:
        return permission_denied(request)
    with transaction.atomic():
        translation.save_target(user=request.user, publish=False)
        draft = Page.objects.get(pk=page.pk).specific
        _keep_live_content(draft)
        if draft.workflow_in_progress:
            draft.current_workflow_state.cancel(user=request.user)
        workflow.start(draft, request.user)
    messages.success(request, f"“{draft.get_admin_display_title()}”的译文已提交审核。")
    return redirect("wagtailadmin_pages:edit", page.pk)


def _keep_live_content(page):
    """wagtail-localize saves a draft translation into the page's row as well as a revision; a
    live page's row must keep what is published until the reviewers approve (/kk/ shows the
    row), so it is rewritten from the live revision, the draft staying the latest revision."""
    if not page.live or page.live_revision is None:
        return
    live = page.live_revision.as_object()
    live.latest_revision = page.latest_revision
    live.draft_title = page.draft_title
    live.has_unpublished_changes = True
    live.save(clean=False)
