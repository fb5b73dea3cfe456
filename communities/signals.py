"""Keep editor groups and workflows in step with street and community pages as they are saved."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from communities.models import CommunityPage, StreetPage
from communities.permissions import ensure_community_editors, ensure_street_reviewers


@receiver(post_save, sender=CommunityPage)
def community_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        ensure_community_editors(instance)


@receiver(post_save, sender=StreetPage)
def street_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        ensure_street_reviewers(instance)
