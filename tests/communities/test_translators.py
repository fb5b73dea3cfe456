"""Translators: a group per community and one for the city, editing translations only, whose
"publish" in wagtail-localize's editor becomes a submission to the street's review workflow."""

from io import StringIO

import pytest

from django.conf import settings as settings_module
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from wagtail.models import Locale, Site
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from communities.models import CommunityIndexPage, CommunityPage, StreetPage
from communities.permissions import CITY_TRANSLATORS, translator_group_name
from tests.communities.test_security import edit_form_data
from tests.conftest import force_login, html_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

KAZAKH_TITLE = "قالقاق ماحالاسى"
REVIEWED_TITLE = "قالقاق ماحاللاسى"


@pytest.fixture
def translated_community(db, django_capture_on_commit_callbacks, settings):
    """A shipped community translated into Kazakh with wagtail-localize (its street copied as a
    draft parent), after the shipped Kazakh seed."""
    Site.clear_site_root_paths_cache()
    community = CommunityPage.objects.filter(locale__language_code="zh-hans").live().first()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_kazakh", stdout=StringIO())
        source, _created = TranslationSource.get_or_create_from_instance(community)
        translation = Translation.objects.create(
            source=source, target_locale=Locale.objects.get(language_code=settings.KAZAKH)
        )
        po = translation.export_po()
        for item in po:
            if item.msgctxt == "title":
                item.msgstr = KAZAKH_TITLE
        translation.import_po(po)
        translation.save_target(publish=True)
    yield community, translation
    Site.clear_site_root_paths_cache()


def title_segment(translation):
    return StringSegment.objects.get(source=translation.source, context__path="title")


def edit_title(client, translation, text):
    url = reverse(
        "wagtail_localize:edit_string_translation",
        args=[translation.pk, title_segment(translation).pk],
    )
    return client.put(
        url, data=f"value={text}", content_type="application/x-www-form-urlencoded; charset=utf-8"
    )


def test_each_community_and_the_city_have_translators_who_may_not_publish(translated_community):
    community, translation = translated_community
    community.refresh_from_db()
    group = community.translators_group
    assert group.name == translator_group_name(community.title)
    target = translation.get_target_instance()
    permissions = {(p.page_id, p.permission.codename) for p in group.page_permissions.all()}
    assert permissions == {(target.pk, "change_page")}  # the translation, not the Chinese page
    city = CommunityIndexPage.objects.get(locale__language_code="zh-hans").translators_group
    assert city.name == CITY_TRANSLATORS
    kazakh_home = target.get_ancestors().get(depth=2)
    assert {p.page_id for p in city.page_permissions.all()} == {kazakh_home.pk}


def test_a_translation_goes_through_the_streets_review(
    client, make_user, translated_community, django_capture_on_commit_callbacks
):
    community, translation = translated_community
    community.refresh_from_db()
    target = translation.get_target_instance()
    street = community.get_parent().specific
    kazakh_url = "/kk" + community.url
    assert f"<h1>{KAZAKH_TITLE}</h1>" in html_of(client.get(kazakh_url))

    translator = make_user("translator", community.translators_group.name)
    force_login(client, translator)
    assert edit_title(client, translation, REVIEWED_TITLE).status_code == 200
    edit = reverse("wagtailadmin_pages:edit", args=[target.pk])
    response = client.post(edit, {"action": "publish"})
    assert response.status_code == 302
    target.refresh_from_db()
    state = target.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert state.workflow.name == f"{street.title}审核"
    client.logout()
    # Not live yet: the resident still sees the published translation.
    assert f"<h1>{KAZAKH_TITLE}</h1>" in html_of(client.get(kazakh_url))

    reviewer = make_user("reviewer", street.reviewers_group.name)
    force_login(client, reviewer)
    task_state = state.current_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[target.pk, "approve", task_state.pk]
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(approve, {"comment": ""}).status_code == 302
    client.logout()
    html = html_of(client.get(kazakh_url))
    assert f"<h1>{REVIEWED_TITLE}</h1>" in html


def test_a_translator_of_another_community_is_refused(client, make_user, translated_community):
    community, translation = translated_community
    other = (
        CommunityPage.objects.filter(locale__language_code="zh-hans")
        .live()
        .exclude(pk=community.pk)
        .first()
    )
    target = translation.get_target_instance()
    outsider = make_user("outsider", other.translators_group.name)
    force_login(client, outsider)
    assert edit_title(client, translation, REVIEWED_TITLE).status_code == 403
    edit = reverse("wagtailadmin_pages:edit", args=[target.pk])
    assert client.post(edit, {"action": "publish"}).status_code in (302, 403)
    target.refresh_from_db()
    assert target.current_workflow_state is None
    assert target.title == KAZAKH_TITLE
    # Control: the community's own translator may edit it.
    client.logout()
    force_login(client, make_user("insider", community.translators_group.name))
    assert edit_title(client, translation, REVIEWED_TITLE).status_code == 200


STREET_TITLE = "ازاتتىق جولى كوشەسى"


def submit_for_translation(client, page, include_subtree=False):
    """An administrator's "翻译" action in the admin (wagtail-localize's submit view)."""
    kazakh = Locale.objects.get(language_code=settings_module.KAZAKH)
    data = {"locales": [kazakh.pk]}
    if include_subtree:
        data["include_subtree"] = "on"
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    response = client.post(url, data)
    assert response.status_code == 302, html_of(response)[:2000]
    return Translation.objects.get(
        source__object_id=page.translation_key, target_locale=kazakh, enabled=True
    )


def translate_and_review(client, make_user, page, translation, translator_group, street, title):
    """A translator edits the translation's title and submits it; the street's reviewers approve;
    /kk/ shows it."""
    target = translation.get_target_instance()
    force_login(client, make_user(f"translator-{page.pk}", translator_group))
    assert edit_title(client, translation, title).status_code in (200, 201)  # updated or new
    edit = reverse("wagtailadmin_pages:edit", args=[target.pk])
    assert client.post(edit, {"action": "publish"}).status_code == 302
    target.refresh_from_db()
    state = target.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert state.workflow.name == f"{street.title}审核"
    client.logout()

    force_login(client, make_user(f"reviewer-{page.pk}", street.reviewers_group.name))
    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[target.pk, "approve", state.current_task_state.pk],
    )
    assert client.post(approve, {"comment": ""}).status_code == 302
    client.logout()
    return html_of(client.get("/kk" + chinese_url(page)))


def chinese_url(page):
    """The page's Chinese address (a Kazakh request leaves Kazakh active in the thread)."""
    with override(settings_module.LANGUAGE_CODE):
        return page.url


def test_a_street_and_its_community_are_translated_and_reviewed(
    client, make_user, admin_user, django_capture_on_commit_callbacks
):
    """An administrator sends a street (with its communities) for translation; the city's
    translators translate the street and the community's translators the community; each goes
    through the street's review and shows in Kazakh under /kk/."""
    Site.clear_site_root_paths_cache()
    street = StreetPage.objects.filter(locale__language_code="zh-hans").live().first()
    community = CommunityPage.objects.live().child_of(street).first()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            force_login(client, admin_user)
            street_translation = submit_for_translation(client, street, include_subtree=True)
            client.logout()
        community_translation = Translation.objects.get(
            source__object_id=community.translation_key,
            target_locale=street_translation.target_locale,
        )
        street.refresh_from_db()
        community.refresh_from_db()
        # Each Chinese page keeps its own groups; the translations own none.
        kazakh_street = street_translation.get_target_instance()
        kazakh_community = community_translation.get_target_instance()
        assert kazakh_street.reviewers_group is None
        assert kazakh_community.editors_group is None and kazakh_community.translators_group is None
        assert street.reviewers_group.name == f"{street.title} 审核"
        assert community.translators_group.name == translator_group_name(community.title)
        # Until translated, the translations carry the Chinese titles: the Chinese street and
        # community can still be edited and published (their names clash with no other place).
        assert kazakh_street.title == street.title and kazakh_community.title == community.title
        reviewer = force_login(Client(), make_user("street-reviewer", street.reviewers_group.name))
        for page in (street, community):
            data = edit_form_data(reviewer, page, summary="（已更新）", **{"action-publish": "1"})
            response = reviewer.post(f"/admin/pages/{page.pk}/edit/", data)
            assert response.status_code == 302, html_of(response)[:3000]
            page.refresh_from_db()
            assert page.summary == "（已更新）" and page.live

        with django_capture_on_commit_callbacks(execute=True):
            html = translate_and_review(
                client,
                make_user,
                street,
                street_translation,
                CITY_TRANSLATORS,
                street,
                STREET_TITLE,
            )
        assert f"<h1>{STREET_TITLE}</h1>" in html
        with django_capture_on_commit_callbacks(execute=True):
            html = translate_and_review(
                client,
                make_user,
                community,
                community_translation,
                community.translators_group.name,
                street,
                KAZAKH_TITLE,
            )
        assert f"<h1>{KAZAKH_TITLE}</h1>" in html
        # The Chinese pages are unchanged.
        assert f"<h1>{street.title}</h1>" in html_of(client.get(chinese_url(street)))
        assert f"<h1>{community.title}</h1>" in html_of(client.get(chinese_url(community)))
    finally:
        Site.clear_site_root_paths_cache()
