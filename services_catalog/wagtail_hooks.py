"""Admin wiring for the catalogue: category and audience snippets, and the stale-guide warnings."""

from django.contrib import messages
from django.utils import timezone

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.localization import in_default_language
from services_catalog.models import (
    STALE_AFTER,
    Audience,
    GuideIndexPage,
    GuidePage,
    ServiceCategory,
)


class ServiceCategoryViewSet(SnippetViewSet):
    model = ServiceCategory
    icon = "folder-open-inverse"
    list_display = ["name", "slug", "sort_order"]
    list_export = ["name", "slug", "description", "sort_order"]
    search_fields = ["name"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    list_display = ["name", "slug", "sort_order"]
    list_export = ["name", "slug", "sort_order"]


class CatalogueViewSetGroup(SnippetViewSetGroup):
    menu_label = "服务目录设置"
    menu_icon = "list-ul"
    menu_order = 250
    items = (ServiceCategoryViewSet, AudienceViewSet)


register_snippet(CatalogueViewSetGroup)


def stale_guides():
    cutoff = timezone.localdate() - STALE_AFTER
    return in_default_language(GuidePage.objects.filter(last_checked__lt=cutoff)).order_by(
        "last_checked"
    )


class StaleGuidesPanel(Component):
    """Dashboard list of guides nobody has checked for 12 months."""

    order = 120
    template_name = "services_catalog/admin/stale_guides_panel.html"

    def get_context_data(self, parent_context):
        return {"guides": list(stale_guides().only("id", "title", "last_checked"))}


@hooks.register("construct_homepage_panels")
def add_stale_guides_panel(request, panels):
    # Only for those who can act on it: editors of the guides (city editors, administrators).
    index = GuideIndexPage.objects.first()
    if index is not None and index.permissions_for_user(request.user).can_edit():
        panels.append(StaleGuidesPanel())


@hooks.register("before_edit_page")
def warn_about_stale_guide(request, page):
    if isinstance(page.specific, GuidePage) and page.specific.is_stale:
        messages.warning(
            request,
            f"这份指南自 {page.specific.last_checked:%Y年%m月%d日} 起已超过12个月没有核对，"
            "请向实施机关确认材料、时限和地点后更新“最近核对日期”。",
        )
