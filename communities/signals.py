"""Keep editor groups, collections and workflows in step with published street and community pages.

Only publishing counts: a draft (which Wagtail also saves to the page row) changes no group,
collection or permission, since nobody has approved it yet. A translation made of a street, a
community or /communities/ (wagtail-localize copies the parents as drafts) extends its Chinese
page's reviewers, workflow and translators to it as soon as it exists.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.signals import page_published

from communities.models import CommunityIndexPage, CommunityPage, StreetPage
from communities.permissions import (
    ensure_city_translators,
    ensure_community_editors,
    ensure_community_translators,
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
    community = CommunityPage.objects.get(pk=instance.pk)
    ensure_community_editors(community)
    ensure_community_translators(community)


@receiver(page_published, sender=StreetPage)
def street_published(sender, instance, **kwargs):
    if is_translation(instance):
        return
    ensure_street_reviewers(StreetPage.objects.get(pk=instance.pk))


@receiver(page_published, sender=CommunityIndexPage)
def community_index_published(sender, instance, **kwargs):
    if not is_translation(instance):
        ensure_city_translators(CommunityIndexPage.objects.get(pk=instance.pk))


def _published_source(translation):
    """The live Chinese page a new translation was made from, or None."""
    model = type(translation)
    return (
        model.objects.filter(
            translation_key=translation.translation_key,
            locale_id=locale_id(default_language()),
            live=True,
        )
        .exclude(pk=translation.pk)
        .first()
    )


SETUP_OF_TRANSLATED = {
    StreetPage: ensure_street_reviewers,
    CommunityPage: ensure_community_translators,
    CommunityIndexPage: ensure_city_translators,
}


@receiver(post_save, sender=StreetPage)
@receiver(post_save, sender=CommunityPage)
@receiver(post_save, sender=CommunityIndexPage)
def translation_created(sender, instance, created, raw=False, **kwargs):
    if not created or raw or not is_translation(instance):
        return
    source = _published_source(instance)
    if source is not None:
        SETUP_OF_TRANSLATED[sender](source)


@receiver(post_delete, sender=CommunityPage)
def community_deleted(sender, instance, **kwargs):
    if is_translation(instance):
        return
    revoke_community_editors(instance)
