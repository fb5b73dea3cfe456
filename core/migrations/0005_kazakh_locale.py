"""The Kazakh (Arabic script) locale beside the default Chinese one that Wagtail made."""

from django.db import migrations

KAZAKH = "kk-arab"


def add_locale(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.get_or_create(language_code=KAZAKH)


def remove_locale(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.filter(language_code=KAZAKH, page__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_trust_markers"),
        ("wagtailcore", "0057_page_locale_fields_notnull"),
    ]

    operations = [migrations.RunPython(add_locale, remove_locale)]
