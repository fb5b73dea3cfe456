"""The newsroom's filters, as a form bound to the query string (?page= is read by the paginator)."""

from django import forms

from communities.models import CommunityPage, StreetPage
from core.filters import SlugChoiceField
from core.models import under_view_restriction

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
        None,
        label="社区",
        error_messages={"invalid_choice": "没有这个社区"},
    )
    street = SlugChoiceField(
        None,
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Restricted places are unknown here, as their pages are to the public. Set per form, not
        # at import: the condition needs the models loaded.
        public = ~under_view_restriction()
        self.fields["community"].queryset = CommunityPage.objects.live().filter(public)
        self.fields["street"].queryset = StreetPage.objects.live().filter(public)

    def clean_tag(self):
        # As the newsroom always has, read at most TAG_LENGTH characters: a longer value is cut
        # (and finds nothing) rather than refused.
        return self.cleaned_data["tag"][:TAG_LENGTH]
