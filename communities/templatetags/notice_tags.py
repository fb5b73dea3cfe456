"""The notice banner: active city-wide notices everywhere, a community's own on its pages."""

from django import template

from wagtail.models import Page

from communities.models import NoticePage

register = template.Library()


@register.inclusion_tag("communities/includes/notice_banner.html")
def notice_banner(page=None):
    # Views that are not pages (404, search) pass no page: only city-wide notices apply.
    return {"notices": NoticePage.active_for(page if isinstance(page, Page) else None)}
