"""The existing categories and audiences are Chinese records, each its own translation key."""

import uuid

from django.conf import settings
from django.db import migrations

MODELS = ("ServiceCategory", "Audience")


def backfill(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for name in MODELS:
        model = apps.get_model("services_catalog", name)
        rows = model.objects.filter(locale__isnull=True) | model.objects.filter(
            translation_key__isnull=True
        )
        rows = list(rows)
        if not rows:
            continue
        chinese = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
        for row in rows:
            row.locale_id = row.locale_id or chinese.pk
            row.translation_key = row.translation_key or uuid.uuid4()
        model.objects.bulk_update(rows, ["locale", "translation_key"])


class Migration(migrations.Migration):
    dependencies = [("services_catalog", "0007_vocabulary_translation_fields")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
