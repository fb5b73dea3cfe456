"""Blocks of a community's station: its opening hours, one row per set of days and times."""

from django import forms
from django.core.exceptions import ValidationError

from wagtail import blocks

from communities.hours import WEEKDAY_CHOICES, as_row, row_problem


class OpeningHoursBlock(blocks.StructBlock):
    """Days, opening and closing time (Beijing time) and a note, e.g. 法定节假日闭馆."""

    days = blocks.MultipleChoiceBlock(
        label="星期",
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="这一行适用的日子。",
    )
    opens = blocks.TimeBlock(label="开始", help_text="北京时间，例如 10:00。")
    closes = blocks.TimeBlock(label="结束", help_text="北京时间，例如 19:30；跨过午夜的请分两行。")
    note = blocks.CharBlock(
        label="说明",
        max_length=60,
        required=False,
        help_text="节假日、季节或场地，例如“法定节假日闭馆”“雪季”“每月第一个周二”。",
    )

    class Meta:
        icon = "time"
        label = "时间段"

    def clean(self, value):
        value = super().clean(value)
        problem = row_problem(as_row(value))
        if problem:
            raise blocks.StructBlockValidationError(
                block_errors={"closes": ValidationError(problem)}
                if "结束时间" in problem
                else {"days": ValidationError(problem)}
            )
        return value
