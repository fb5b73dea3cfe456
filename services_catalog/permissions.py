"""City editors: they own the catalogue, the guides and their categories and audiences."""

from django.contrib.auth.models import Group
from django.db import transaction

from wagtail.models import Collection, GroupCollectionPermission

from communities.permissions import (
    REVIEWER_PAGE_PERMISSIONS,
    grant_admin_access,
    grant_pages,
    permission,
    require_two_factor,
)

CITY_EDITORS = "市级编辑"
CITY_SNIPPETS = ["servicecategory", "audience", "authority"]


@transaction.atomic
def ensure_city_editors(service_index, guide_index):
    group, created = Group.objects.get_or_create(name=CITY_EDITORS)
    if created:
        # City editors publish the catalogue and the guides: a password alone is not enough.
        require_two_factor(group)
    grant_admin_access(group)
    for index in (service_index, guide_index):
        grant_pages(group, index, REVIEWER_PAGE_PERMISSIONS)
    for model in CITY_SNIPPETS:
        for action in ("add", "change", "delete"):
            group.permissions.add(permission("services_catalog", f"{action}_{model}"))
    GroupCollectionPermission.objects.get_or_create(
        group=group,
        collection=Collection.get_first_root_node(),
        permission=permission("wagtailimages", "choose_image"),
    )
    return group
