"""Keep editor groups, collections and workflows in step with published street and community pages.

Only publishing counts: a draft (which Wagtail also saves to the page row) changes no group,
collection or permission, since nobody has approved it yet.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from wagtail.signals import page_published

from communities.models import CommunityPage, StreetPage
from communities.permissions import (
    ensure_community_editors,
    ensure_street_reviewers,
    revoke_community_editors,
)
from core.localization import default_language, locale_id


def is_translation(page):
    """A Kazakh translation shares its Chinese page's groups: publishing it renames nothing."""
    return page.locale_id != locale_id(default_language())


@receiver(page_published, sender=CommunityPage)
def community_published(sender, instance, **kwargs):
    if is_translation(instance):
        return
    # The live row as stored, not the object in hand.
    ensure_community_editors(CommunityPage.objects.get(pk=instance.pk))


@receiver(page_published, sender=StreetPage)
def street_published(sender, instance, **kwargs):
    if is_translation(instance):
        return
    ensure_street_reviewers(StreetPage.objects.get(pk=instance.pk))


@receiver(post_delete, sender=CommunityPage)
def community_deleted(sender, instance, **kwargs):
    if is_translation(instance):
        return
    revoke_community_editors(instance)
