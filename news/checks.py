"""The newsroom's rule for the content check: phone numbers in articles are their community's."""

from django.urls import reverse

from communities.models import CommunityPage, StreetPage
from core.content_checks import Finding, register_rule
from news.models import NewsPage, StoryPage
from news.rules import phone_problems, strings_of


@register_rule
def article_phones():
    communities = {page.pk: page for page in CommunityPage.objects.all()}
    streets = {page.path: page for page in StreetPage.objects.all()}
    for model in (NewsPage, StoryPage):
        for article in model.objects.order_by("path"):
            parent_path = article.path[: -model.steplen]
            community = next((c for c in communities.values() if c.path == parent_path), None)
            if community is None:
                continue
            street = streets.get(community.path[: -model.steplen])
            texts = [article.summary, *strings_of(article.body.get_prep_value())]
            for problem in phone_problems(texts, community, street):
                yield Finding(
                    rule="article-phone",
                    severity="error",
                    record=f"{community.title} · {article.title}",
                    field="正文",
                    message=problem,
                    page_id=article.pk,
                    admin_url=reverse("wagtailadmin_pages:edit", args=[article.pk]),
                )
