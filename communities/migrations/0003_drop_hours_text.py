"""The old hours text goes once its rows are in opening_hours (a migration of its own, so that
PostgreSQL never alters a table it updated in the same transaction)."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("communities", "0002_structured_facts")]

    operations = [
        migrations.RemoveField(model_name="communitypage", name="hours"),
        migrations.AlterField(
            model_name="communitypage",
            name="phone",
            field=models.CharField(
                help_text="服务站的电话，多个用“、”隔开；本站服务没有自己的电话时显示这个号码。",
                max_length=100,
                validators=[
                    django.core.validators.RegexValidator(
                        "^(0\\d{2,3}-\\d{7,8}|1\\d{10}|12345)(、(0\\d{2,3}-\\d{7,8}|1\\d{10}|12345))*$",
                        "电话格式应为 0906-2312345、手机号或 12345，多个号码用“、”分隔。",
                    )
                ],
                verbose_name="电话",
            ),
        ),
    ]
