"""Categories and audiences are translatable snippets (wagtail-localize): a /kk/ page shows a
category's Kazakh name where it is translated, Chinese otherwise; the Chinese pages and the facts
(slug, order, which services belong) stay the Chinese record's; and the migration that made them
translatable gives the rows a database already had a Chinese locale and a key of their own."""

import io
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from django.conf import settings
from django.urls import reverse
from django.utils.translation import override

from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation

from core.localization import in_default_language
from services_catalog.importing import export_services, import_services
from services_catalog.models import Audience, ServiceCategory, ServicePage
from tests.conftest import force_login, html_of

pytestmark = [pytest.mark.django_db]

KAZAKH_NAME = "قارتتارعا قىزمەت"
KAZAKH_DESCRIPTION = "قارتتارعا ارنالعان قىزمەتتەر."


def chinese_url(page):
    with override(settings.LANGUAGE_CODE):
        return page.url


def translate_in_the_admin(client, record, texts):
    """An administrator sends the record for translation and fills in its strings, as in
    wagtail-localize's editor; returns the Kazakh record."""
    kazakh = Locale.objects.get(language_code=settings.KAZAKH)
    url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=[record._meta.app_label, record._meta.model_name, record.pk],
    )
    response = client.post(url, {"locales": [kazakh.pk]})
    assert response.status_code == 302, html_of(response)[:2000]
    translation = Translation.objects.get(
        source__object_id=record.translation_key, target_locale=kazakh
    )
    for path, text in texts.items():
        segment = StringSegment.objects.get(source=translation.source, context__path=path)
        edit = reverse(
            "wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]
        )
        response = client.put(
            edit,
            data=f"value={text}",
            content_type="application/x-www-form-urlencoded; charset=utf-8",
        )
        assert response.status_code in (200, 201), response.content[:500]
    translation.save_target(user=None, publish=True)
    return type(record).objects.get(translation_key=record.translation_key, locale=kazakh)


@pytest.mark.e2e
def test_a_translated_category_shows_in_kazakh_and_the_chinese_pages_are_unchanged(
    client, admin_user
):
    service = in_default_language(ServicePage.objects).get(slug="tuesday-free-haircut")
    category = service.category
    chinese_name = category.name
    untranslated = in_default_language(ServicePage.objects).exclude(category=category).first()
    force_login(client, admin_user)
    translated = translate_in_the_admin(
        client, category, {"name": KAZAKH_NAME, "description": KAZAKH_DESCRIPTION}
    )
    client.logout()
    # The translation carries the Chinese record's facts.
    assert (translated.slug, translated.sort_order) == (category.slug, category.sort_order)
    assert translated.name == KAZAKH_NAME and translated.pk != category.pk
    category.refresh_from_db()
    assert category.name == chinese_name  # the Chinese record is unchanged

    index = html_of(client.get("/kk/services/"))
    assert KAZAKH_NAME in index and chinese_name not in index
    # Its listing keeps the Chinese slug in its address; its heading and lead are Kazakh.
    listing = html_of(client.get(f"/kk/services/category/{category.slug}/"))
    assert f"<h1>{KAZAKH_NAME}</h1>" in listing and KAZAKH_DESCRIPTION in listing
    # A translated service and an untranslated one (shown in Chinese) name it in Kazakh.
    for page in (
        service,
        in_default_language(ServicePage.objects)
        .filter(category=category)
        .exclude(pk=service.pk)
        .first(),
    ):
        html = html_of(client.get("/kk" + chinese_url(page)))
        assert f'category/{category.slug}/">{KAZAKH_NAME}</a>' in html
    # Another category, not translated, stays Chinese on /kk/ (the fallback).
    other = html_of(client.get("/kk" + chinese_url(untranslated)))
    assert f">{untranslated.category.name}</a>" in other
    # The Chinese pages show the Chinese name only.
    for url in ("/services/", chinese_url(service), f"/services/category/{category.slug}/"):
        html = html_of(client.get(url))
        assert chinese_name in html and KAZAKH_NAME not in html


@pytest.mark.e2e
def test_files_and_filters_name_the_chinese_records_only(client, admin_user):
    """A translation not yet translated carries the Chinese name and slug: imports, the API's
    ?category= and the catalogue's filters still mean the Chinese record."""
    category = in_default_language(ServiceCategory.objects).first()
    audience = in_default_language(Audience.objects).first()
    force_login(client, admin_user)
    for record in (category, audience):
        copy = translate_in_the_admin(client, record, {})
        assert copy.name == record.name and copy.slug == record.slug  # same texts, other locale
    client.logout()
    assert ServiceCategory.objects.filter(slug=category.slug).count() == 2

    exported = io.StringIO()
    export_services(exported)
    report = import_services(exported.getvalue().encode())
    services = in_default_language(ServicePage.objects)
    assert report.updated == [] and len(report.unchanged) == services.count()
    assert {page.category.locale.language_code for page in services} == {settings.LANGUAGE_CODE}

    response = client.get(
        f"/api/v2/pages/?type=services_catalog.ServicePage&category={category.slug}"
    )
    assert response.status_code == 200 and response.json()["meta"]["total_count"] > 0
    listing = client.get(f"/services/?category={category.slug}&audience={audience.slug}")
    assert listing.status_code == 200


@pytest.mark.slow
def test_the_migration_gives_existing_categories_and_audiences_a_locale_and_key(tmp_path):
    """A database from before translatable categories, with categories and audiences in it,
    migrated forward: each row is a Chinese record with a translation key of its own."""
    database = tmp_path / "before.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "site_config.settings.test",
    }
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]

    def run(*args):
        done = subprocess.run([*manage, *args], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]

    run("migrate", "services_catalog", "0006", "--noinput")
    with sqlite3.connect(database) as db:
        db.executemany(
            "INSERT INTO services_catalog_servicecategory (name, slug, description, sort_order)"
            " VALUES (?, ?, ?, ?)",
            [("养老服务", "elderly", "老年人的服务。", 1), ("助餐服务", "meals", "", 2)],
        )
        db.executemany(
            "INSERT INTO services_catalog_audience (name, slug, sort_order) VALUES (?, ?, ?)",
            [("老年人", "elderly", 1), ("儿童", "children", 2), ("骑手", "riders", 3)],
        )
    run("migrate", "--noinput")
    with sqlite3.connect(database) as db:
        chinese = db.execute(
            "SELECT id FROM wagtailcore_locale WHERE language_code = ?", [settings.LANGUAGE_CODE]
        ).fetchone()[0]
        for table, count in (("servicecategory", 2), ("audience", 3)):
            rows = db.execute(
                f"SELECT slug, locale_id, translation_key FROM services_catalog_{table}"
            ).fetchall()
            assert len(rows) == count
            assert {locale for _slug, locale, _key in rows} == {chinese}
            keys = {uuid.UUID(str(key)) for _slug, _locale, key in rows}
            assert len(keys) == count  # one key each, never a shared default
        # A Kazakh record may now share a Chinese record's slug, never another Chinese one's.
        kazakh = db.execute(
            "SELECT id FROM wagtailcore_locale WHERE language_code = ?", [settings.KAZAKH]
        ).fetchone()[0]
        db.execute(
            "INSERT INTO services_catalog_servicecategory"
            " (name, slug, description, sort_order, locale_id, translation_key)"
            " VALUES ('قارتتار', 'elderly', '', 1, ?, ?)",
            [kazakh, uuid.uuid4().hex],
        )
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(
                "INSERT INTO services_catalog_servicecategory"
                " (name, slug, description, sort_order, locale_id, translation_key)"
                " VALUES ('另一个', 'elderly', '', 3, ?, ?)",
                [chinese, uuid.uuid4().hex],
            )
