"""The newsroom's filters, as a form bound to the query string (?page= is read by the paginator)."""

from django import forms

from communities.models import CommunityPage, StreetPage
from core.filters import SlugChoiceField

KINDS = [("news", "社区动态"), ("story", "志愿服务")]
TAG_LENGTH = 50


class NewsFilterForm(forms.Form):
    """/news/?kind=news&street=jiefanglu&community=lanjing&tag=义剪&month=2026-03"""

    kind = forms.ChoiceField(
        label="类型",
        choices=KINDS,
        required=False,
        error_messages={"invalid_choice": "没有这种类型"},
    )
    community = SlugChoiceField(
        CommunityPage.objects.live(),
        label="社区",
        error_messages={"invalid_choice": "没有这个社区"},
    )
    street = SlugChoiceField(
        StreetPage.objects.live(),
        label="街道",
        error_messages={"invalid_choice": "没有这个街道"},
    )
    # Not stripped: a tag is matched exactly, as it is written.
    tag = forms.CharField(label="标签", required=False, strip=False)
    month = forms.DateField(
        label="月份",
        input_formats=["%Y-%m"],
        required=False,
        error_messages={"invalid": "月份格式应为 2026-01"},
    )

    def clean_tag(self):
        # As the newsroom always has, read at most TAG_LENGTH characters: a longer value is cut
        # (and finds nothing) rather than refused.
        return self.cleaned_data["tag"][:TAG_LENGTH]
