"""The article admin form: the phone rule of news/rules.py, against the community the article is
being written under (a new page has no place in the tree until it is saved)."""

from django.core.exceptions import ValidationError

from communities.models import CommunityPage, StreetPage
from core.forms import SitePageForm
from news.rules import phone_problems, strings_of


class ArticlePageForm(SitePageForm):
    def clean(self):
        cleaned_data = super().clean()
        parent = self.parent_page.specific if self.parent_page else None
        body = cleaned_data.get("body")
        if isinstance(parent, CommunityPage) and body is not None:
            street = StreetPage.objects.filter(pk=parent.get_parent().pk).first()
            texts = [cleaned_data.get("summary") or "", *strings_of(body.get_prep_value())]
            problems = phone_problems(texts, parent, street)
            if problems:
                self.add_error(None, ValidationError(problems))
        return cleaned_data
