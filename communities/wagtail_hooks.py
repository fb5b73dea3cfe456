"""Admin wiring for communities: keep other communities' unpublished pages out of page choosers."""

from django.db.models import Q

from wagtail import hooks
from wagtail.models import GroupPagePermission


@hooks.register("construct_page_chooser_queryset")
def hide_other_communities_drafts(pages, request):
    """Editors choose from live pages anywhere, but see drafts only where they may edit."""
    user = request.user
    if user.is_superuser:
        return pages
    roots = GroupPagePermission.objects.filter(group__user=user).values_list(
        "page__path", flat=True
    )
    visible = Q(live=True)
    for path in set(roots):
        visible |= Q(path__startswith=path)
    return pages.filter(visible)
