"""Whose submissions an editor sees: one rule for the inbox, its detail, export and photo views.

A community's editors see its submissions; a street's reviewers those of the street's
communities (the same page permissions that let them edit there); users holding
"处理全市的居民来件" (the city editors, administrators) see every community's and the city-wide
ones (errors reported on catalogue pages, 这页有用吗 on services and guides).
"""

from wagtail.permission_policies.pages import PagePermissionPolicy

from communities.models import CommunityPage
from participation.models import Submission

CITYWIDE_PERMISSION = "participation.handle_citywide"


def is_citywide(user):
    return user.is_active and (user.is_superuser or user.has_perm(CITYWIDE_PERMISSION))


def communities_in_scope(user):
    """The communities whose submissions `user` may read and handle, in tree order."""
    communities = CommunityPage.objects.order_by("path")
    if is_citywide(user):
        return communities
    if not user.is_active:
        return communities.none()
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return communities.filter(pk__in=editable.values("pk"))


def submissions_in_scope(user):
    submissions = Submission.objects.all()
    if is_citywide(user):
        return submissions
    return submissions.filter(community__in=communities_in_scope(user).values("pk"))


def has_scope(user):
    return is_citywide(user) or communities_in_scope(user).exists()
