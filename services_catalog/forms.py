"""The filters of the service catalogue and the guide index, as forms bound to the query string.

The index pages pass in what the forms choose from (the audiences and categories they have
already loaded, the guide themes and item types) because services_catalog.models uses these forms.
"""

from django import forms

from communities.models import CommunityPage
from core.filters import SlugChoiceField
from core.models import under_view_restriction


def choices(values):
    return [(value, value) for value in values]


class ServiceFilterForm(forms.Form):
    """/services/?audience=elderly&category=elderly-care&community=lanjing"""

    audience = SlugChoiceField(
        None, label="服务对象", error_messages={"invalid_choice": "没有这个服务对象"}
    )
    category = SlugChoiceField(
        None, label="服务类别", error_messages={"invalid_choice": "没有这个服务类别"}
    )
    community = SlugChoiceField(
        None, label="社区", error_messages={"invalid_choice": "没有这个社区"}
    )

    def __init__(self, *args, audiences, categories, category_in_path=False, **kwargs):
        super().__init__(*args, **kwargs)
        # Audiences and categories come from the page's own filter links: checking costs no query.
        self.fields["audience"].use_loaded(audiences)
        if category_in_path:  # a category's own page: its path, not ?category=, chooses it
            del self.fields["category"]
        else:
            self.fields["category"].use_loaded(categories)
        # A community under a view restriction is, to this public listing, no community at all.
        self.fields["community"].queryset = CommunityPage.objects.live().exclude(
            under_view_restriction()
        )


class GroupChoiceField(forms.ChoiceField):
    """How to group the list. A display choice, not a filter: an unknown value falls back to the
    first choice, as the page always has, instead of a 404."""

    def clean(self, value):
        value = self.to_python(value)
        return value if self.valid_value(value) else self.choices[0][0]


class GuideFilterForm(forms.Form):
    """/guides/?theme=社会保障&type=行政给付&proxy=1&group=type"""

    theme = forms.ChoiceField(
        label="主题", required=False, error_messages={"invalid_choice": "没有这个主题"}
    )
    type = forms.ChoiceField(
        label="事项类型", required=False, error_messages={"invalid_choice": "没有这个事项类型"}
    )
    proxy = forms.TypedChoiceField(
        label="社区可帮代办",
        choices=[("1", "社区可帮代办")],
        coerce=lambda value: value == "1",
        empty_value=False,
        required=False,
        error_messages={"invalid_choice": "帮代办筛选只接受 proxy=1"},
    )
    group = GroupChoiceField(
        label="分组", choices=[("theme", "按主题"), ("type", "按事项类型")], required=False
    )

    def __init__(self, *args, themes, item_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = choices(themes)
        self.fields["type"].choices = choices(item_types)
