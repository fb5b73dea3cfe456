"""Every category and audience now has a locale and a translation key; names and slugs are
unique per language (a translation carries its record's slug)."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("services_catalog", "0008_vocabulary_translation_backfill")]

    operations = [
        *(
            operation
            for model in ("servicecategory", "audience")
            for operation in (
                migrations.AlterField(
                    model_name=model,
                    name="translation_key",
                    field=models.UUIDField(default=uuid.uuid4, editable=False),
                ),
                migrations.AlterField(
                    model_name=model,
                    name="locale",
                    field=models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
                migrations.AlterUniqueTogether(
                    name=model, unique_together={("translation_key", "locale")}
                ),
            )
        ),
        migrations.AlterField(
            model_name="servicecategory",
            name="name",
            field=models.CharField(max_length=30, verbose_name="名称"),
        ),
        migrations.AlterField(
            model_name="servicecategory",
            name="slug",
            field=models.SlugField(max_length=40, verbose_name="网址名"),
        ),
        migrations.AlterField(
            model_name="audience",
            name="name",
            field=models.CharField(max_length=20, verbose_name="名称"),
        ),
        migrations.AlterField(
            model_name="audience",
            name="slug",
            field=models.SlugField(max_length=30, verbose_name="网址名"),
        ),
        migrations.AddConstraint(
            model_name="servicecategory",
            constraint=models.UniqueConstraint(
                fields=("name", "locale"), name="unique_category_name_per_language"
            ),
        ),
        migrations.AddConstraint(
            model_name="servicecategory",
            constraint=models.UniqueConstraint(
                fields=("slug", "locale"), name="unique_category_slug_per_language"
            ),
        ),
        migrations.AddConstraint(
            model_name="audience",
            constraint=models.UniqueConstraint(
                fields=("name", "locale"), name="unique_audience_name_per_language"
            ),
        ),
        migrations.AddConstraint(
            model_name="audience",
            constraint=models.UniqueConstraint(
                fields=("slug", "locale"), name="unique_audience_slug_per_language"
            ),
        ),
    ]
