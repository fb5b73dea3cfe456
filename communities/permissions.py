"""Editor groups, their page permissions and the review workflow, derived from the page tree.

A community page owns a "<社区> 编辑" group that may add and edit pages in its subtree only; a
street page owns a "<街道> 审核" group that may also publish in the street's subtree, and a workflow
that sends its communities' submissions to those reviewers. Every function here is idempotent.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
REVIEWER_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant_admin_access(group):
    group.permissions.add(permission("wagtailadmin", "access_admin"))


def grant_pages(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=permission("wagtailcore", codename)
        )


def _owned_group(owner, field, name):
    """The group stored in `owner.<field>`, created (or found by name) and renamed to `name`."""
    group = getattr(owner, field)
    if group is None:
        group, _ = Group.objects.get_or_create(name=name)
        # update() rather than save(): no new revision, no recursion into the post_save handler.
        type(owner).objects.filter(pk=owner.pk).update(**{field: group})
        setattr(owner, field, group)
    elif group.name != name:
        group.name = name
        group.save(update_fields=["name"])
    return group


@transaction.atomic
def ensure_community_editors(community):
    group = _owned_group(community, "editors_group", f"{community.title} 编辑")
    grant_admin_access(group)
    grant_pages(group, community, EDITOR_PAGE_PERMISSIONS)
    collection = _community_collection(community)
    for codename in ("add_image", "change_image", "choose_image"):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission("wagtailimages", codename)
        )
    return group


def _community_collection(community):
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=community.title).first()
    return existing or root.add_child(name=community.title)


@transaction.atomic
def ensure_street_reviewers(street):
    group = _owned_group(street, "reviewers_group", f"{street.title} 审核")
    grant_admin_access(group)
    grant_pages(group, street, REVIEWER_PAGE_PERMISSIONS)
    GroupCollectionPermission.objects.get_or_create(
        group=group,
        collection=Collection.get_first_root_node(),
        permission=permission("wagtailimages", "choose_image"),
    )
    _ensure_street_workflow(street, group)
    return group


def _ensure_street_workflow(street, reviewers):
    link = WorkflowPage.objects.filter(page=street).select_related("workflow").first()
    name = f"{street.title}审核"
    if link is None:
        workflow = Workflow.objects.create(name=name)
        task = GroupApprovalTask.objects.create(name=f"{street.title}审核人审批")
        task.groups.set([reviewers])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.create(workflow=workflow, page=street)
    elif link.workflow.name != name:
        link.workflow.name = name
        link.workflow.save(update_fields=["name"])
