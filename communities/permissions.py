"""Editor groups, their page and image permissions and the review workflow, from published pages.

A community page owns a "<社区> 编辑" group that may add and edit pages in its subtree only and
upload images to the community's own collection; a street page owns a "<街道> 审核" group that may
also publish in the street's subtree, and a workflow that sends its communities' submissions to
those reviewers.

Translations (Kazakh) go through the same review: each community page also owns a "<社区> 翻译"
group that may edit its pages' translations (the translated community page and below) but not
publish them, and /communities/ owns the city's "全市 翻译" group, which may edit every
translation. A street's workflow and its reviewers' rights reach its translation too, so a
translator's work is approved by the street's reviewers (communities.wagtail_hooks turns
wagtail-localize's "publish" into a submission for review for those who may not publish).

Only a published page sets these up (see communities.signals): a draft is not yet approved, so
its title changes nothing. The group and the collection are the ones stored on the page, created
for it; a name is never used to find one, so a title can rename what the page owns but never
adopt a group or collection someone else made. Every function here is idempotent.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
REVIEWER_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
EDITOR_IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image"]
# Translators edit translated pages and submit them for review; they never publish.
TRANSLATOR_PAGE_PERMISSIONS = ["change_page"]
CITY_TRANSLATORS = "全市 翻译"


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant_admin_access(group):
    group.permissions.add(permission("wagtailadmin", "access_admin"))


def require_two_factor(group):
    """Members must sign in to the admin with a second factor (site_config.two_factor); granted
    once, when the group is made, so an administrator may take it away in the group editor."""
    group.permissions.add(permission("core", "require_two_factor"))


def grant_pages(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=permission("wagtailcore", codename)
        )


def editor_group_name(title):
    return f"{title} 编辑"


def reviewer_group_name(title):
    return f"{title} 审核"


def translator_group_name(title):
    return f"{title} 翻译"


def translations_of(page):
    """The page's translations: the pages of other languages with its translation key."""
    return list(
        Page.objects.filter(translation_key=page.translation_key).exclude(locale_id=page.locale_id)
    )


def _grant_exactly(group, pages, codenames):
    """The group's page permissions become `codenames` on `pages` (and nothing elsewhere)."""
    GroupPagePermission.objects.filter(group=group).exclude(page__in=pages).delete()
    for page in pages:
        grant_pages(group, page, codenames)


def group_name_taken(name, own_group_id):
    """Whether a group other than the page's own already has `name` (group names are unique)."""
    return Group.objects.filter(name=name).exclude(pk=own_group_id).exists()


def _unused_group_name(name, page):
    return name if not group_name_taken(name, None) else f"{name}（页面 {page.pk}）"


def _owned_group(owner, field, name):
    """The group stored in `owner.<field>`, created for it if missing, renamed to `name` if free.

    An existing group of that name is never adopted: a new group gets a name marked with the
    page's id instead, and a rename to a taken name keeps the old one.
    """
    group = getattr(owner, field)
    if group is None:
        group = Group.objects.create(name=_unused_group_name(name, owner))
        # update() rather than save(): no new revision, no page signals.
        type(owner).objects.filter(pk=owner.pk).update(**{field: group})
        setattr(owner, field, group)
    elif group.name != name and not group_name_taken(name, group.pk):
        group.name = name
        group.save(update_fields=["name"])
    return group


def _owned_collection(community):
    """The collection stored on the community, created for it if missing, named after it if free.

    Collection names are not unique in the database; a name already used by another collection
    under the root is left to that collection, so editors never see two alike.
    """
    root = Collection.get_first_root_node()
    collection = community.collection
    taken = (
        root.get_children()
        .filter(name=community.title)
        .exclude(pk=collection.pk if collection else None)
        .exists()
    )
    if collection is None:
        name = community.title if not taken else f"{community.title}（页面 {community.pk}）"
        collection = root.add_child(name=name)
        type(community).objects.filter(pk=community.pk).update(collection=collection)
        community.collection = collection
    elif collection.name != community.title and not taken:
        collection.name = community.title
        collection.save(update_fields=["name"])
    return collection


@transaction.atomic
def ensure_community_editors(community):
    """Set up the editors of the published `community` (its live title and place in the tree)."""
    group = _owned_group(community, "editors_group", editor_group_name(community.title))
    grant_admin_access(group)
    # The group's page and image permissions are exactly those of its own community.
    GroupPagePermission.objects.filter(group=group).exclude(page=community).delete()
    grant_pages(group, community, EDITOR_PAGE_PERMISSIONS)
    collection = _owned_collection(community)
    GroupCollectionPermission.objects.filter(group=group).exclude(collection=collection).delete()
    for codename in EDITOR_IMAGE_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission("wagtailimages", codename)
        )
    return group


def revoke_community_editors(community):
    """A deleted community's editors and translators keep their groups (and their users) but no
    longer any rights."""
    if community.editors_group_id is not None:
        GroupCollectionPermission.objects.filter(group_id=community.editors_group_id).delete()
        GroupPagePermission.objects.filter(group_id=community.editors_group_id).delete()
    if community.translators_group_id is not None:
        GroupPagePermission.objects.filter(group_id=community.translators_group_id).delete()


@transaction.atomic
def ensure_street_reviewers(street):
    """Set up the reviewers and the workflow of the published `street`."""
    new = street.reviewers_group_id is None
    group = _owned_group(street, "reviewers_group", reviewer_group_name(street.title))
    if new:
        # Reviewers publish for the whole street: a stolen password alone must not be enough.
        require_two_factor(group)
    grant_admin_access(group)
    # The street and its translations: reviewers approve translators' work too.
    _grant_exactly(group, [street, *translations_of(street)], REVIEWER_PAGE_PERMISSIONS)
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
    else:
        workflow = link.workflow
        if workflow.name != name:
            workflow.name = name
            workflow.save(update_fields=["name"])
    # The translated street (its own tree) has the same workflow: translations are reviewed alike.
    for translated in translations_of(street):
        WorkflowPage.objects.update_or_create(page=translated, defaults={"workflow": workflow})


@transaction.atomic
def ensure_community_translators(community):
    """Set up the translators of the published `community`: they may edit the translations of
    its pages (its translated page and below, once made), not publish them."""
    group = _owned_group(community, "translators_group", translator_group_name(community.title))
    grant_admin_access(group)
    _grant_exactly(group, translations_of(community), TRANSLATOR_PAGE_PERMISSIONS)
    return group


@transaction.atomic
def ensure_city_translators(index):
    """Set up the city's translators, owned by /communities/ (`index`, published): they may edit
    every translation (the translated home pages and below), not publish them."""
    group = _owned_group(index, "translators_group", CITY_TRANSLATORS)
    grant_admin_access(group)
    home = index.get_parent()
    _grant_exactly(group, translations_of(home), TRANSLATOR_PAGE_PERMISSIONS)
    return group
