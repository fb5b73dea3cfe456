"""Listing filters read from the query string through a Django form: a bad or unknown value is a
404 with a clear message, never a 500, and an empty parameter means no filter."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404

# The shape of a Wagtail or snippet slug (Unicode allowed), no longer than Page.slug: anything
# else (control characters, 10,000 characters) is refused before it reaches the database.
SLUG = re.compile(r"[-\w]{1,255}")


def bind_filters(form_class, request, **kwargs):
    """The cleaned filters of `form_class` bound to request.GET, or Http404 naming the first bad one."""
    form = form_class(request.GET, **kwargs)
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        label = form.fields[name].label if name in form.fields else name
        raise Http404(f"筛选条件“{label}”无效：{errors[0]}")
    return form.cleaned_data


class SlugChoiceField(forms.ModelChoiceField):
    """An optional choice of one object by its slug.

    Unlike ModelChoiceField it never raises MultipleObjectsReturned (page slugs are unique only
    among siblings), checks the slug's shape before querying, and can look values up among objects
    the page has already loaded for its own links, so that filtering costs no extra query.
    """

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(queryset, to_field_name="slug", **kwargs)
        self.loaded = None

    def use_loaded(self, objects):
        """Choose among these objects, already fetched, instead of querying the queryset."""
        self.loaded = {obj.slug: obj for obj in objects}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value)
        if not SLUG.fullmatch(value):
            found = None
        elif self.loaded is not None:
            found = self.loaded.get(value)
        else:
            found = self.queryset.filter(slug=value).first()
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return found
