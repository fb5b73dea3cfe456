"""Below every page (core.page_actions): 这页信息有误 (a link to the 纠错 form with the page), and on
services and guides 这页有用吗. Both are plain links and a GET form, so the page stays cacheable:
the forms with a CSRF token are our own, uncached pages."""

from django.template.loader import render_to_string

from services_catalog.models import GuidePage, ServicePage


def page_actions_for(page):
    if page is None or page.pk is None:
        return ""
    return render_to_string(
        "participation/includes/page_actions.html",
        {"page": page, "asks_feedback": isinstance(page, ServicePage | GuidePage)},
    )
