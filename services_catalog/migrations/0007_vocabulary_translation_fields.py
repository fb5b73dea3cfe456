"""Categories and audiences become translatable (wagtail-localize): the locale and translation
key, nullable until 0008 fills them in for the rows that exist."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("services_catalog", "0006_codes_unique_per_language"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name=model,
            name=name,
            field=field,
        )
        for model in ("servicecategory", "audience")
        for name, field in (
            ("translation_key", models.UUIDField(editable=False, null=True)),
            (
                "locale",
                models.ForeignKey(
                    editable=False,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="wagtailcore.locale",
                    verbose_name="locale",
                ),
            ),
        )
    ]
