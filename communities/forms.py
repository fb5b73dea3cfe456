"""The community page's admin form: the offerings' time slots checked against the station's hours
as the editor has them on screen (the hours and the offerings are saved together)."""

from django import forms

from wagtail.blocks import StreamBlockValidationError

from communities.hours import rows_of, slot_problems
from core.filters import SlugChoiceField
from core.forms import SitePageForm

# The inline relation of offerings (services_catalog's CommunityService) and its fields: named,
# not imported, as the panels name it.
OFFERINGS = "services"


class CommunityPageForm(SitePageForm):
    def clean(self):
        cleaned_data = super().clean()
        station_rows = rows_of(cleaned_data.get("opening_hours"))
        formset = self.formsets.get(OFFERINGS)
        if formset is None or not formset.is_bound:
            return cleaned_data
        formset.is_valid()  # clean every offering form first
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or data.get("place") or "time_slots" not in data:
                continue
            problems = slot_problems(rows_of(data["time_slots"]), station_rows)
            if problems:
                form.add_error("time_slots", StreamBlockValidationError(non_block_errors=problems))
        return cleaned_data


class NoticeFilterForm(forms.Form):
    """/notices/?community=lanjing&kind=water&status=current"""

    community = SlugChoiceField(
        None, label="社区", error_messages={"invalid_choice": "没有这个社区"}
    )
    kind = forms.ChoiceField(
        label="类型", choices=[], required=False, error_messages={"invalid_choice": "没有这种类型"}
    )
    status = forms.ChoiceField(
        label="状态", choices=[], required=False, error_messages={"invalid_choice": "没有这种状态"}
    )

    def __init__(self, *args, communities, kinds, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["kind"].choices = kinds
        self.fields["status"].choices = statuses
