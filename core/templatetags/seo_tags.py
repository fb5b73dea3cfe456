"""The head metadata of every page: title, description, canonical URL, Open Graph, JSON-LD."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.translation import gettext

from core.localization import bcp47, current_language, default_language, split_path
from core.models import BasePage
from core.seo import breadcrumb_list, default_image, json_ld, site_facts, site_root

register = template.Library()


def canonical_url(context, request):
    """The page's address, with the query parameters that make a listing a page of its own: those
    the view names in `canonical_query` (e.g. the newsroom's kind=story) and the page number."""
    query = dict(context.get("canonical_query") or {})
    page_obj = context.get("page_obj")
    if page_obj is not None and getattr(page_obj, "number", 1) > 1:
        query["page"] = page_obj.number
    path = request.path
    if getattr(request, "untranslated_page", None) is not None:
        # Under /kk/ without a translation: the Chinese page is the one to index.
        path = split_path(path)[1]
    return site_root(request) + path + (f"?{urlencode(query)}" if query else "")


def content_language(request):
    """The language the page's text is in, as BCP 47 (zh-Hans, kk-Arab): a Kazakh address showing
    a page without a translation shows it in Chinese."""
    if getattr(request, "untranslated_page", None) is not None:
        return bcp47(default_language())
    return bcp47(current_language())


@register.simple_tag(takes_context=True)
def seo_meta(context):
    """One place that decides what a page tells browsers and search engines about itself.

    Views may set `seo_title`, `seo_description` and `extra_crumb` (title of a sub-view, e.g.
    a category of the catalogue) in the context; pages supply the rest.
    """
    request = context["request"]
    page = context.get("page")
    is_page = isinstance(page, BasePage)
    facts = site_facts(request)
    title = context.get("seo_title") or (
        (page.seo_title or page.title) if is_page else facts["site_name"]
    )
    description = context.get("seo_description") or (page.get_meta_description() if is_page else "")
    crumbs = (
        list(page.breadcrumbs)
        if is_page
        else [(gettext("首页"), reverse("wagtail_serve", args=[""]))]
    )
    if context.get("extra_crumb"):
        crumbs.append((context["extra_crumb"], request.path))
    # A trail of one (the home page itself) says nothing.
    blocks = [breadcrumb_list(request, crumbs)] if len(crumbs) > 1 else []
    if is_page:
        blocks.extend(page.structured_data(request))
    # Every block says the language of the text it describes (copies: a page may keep its blocks).
    language = content_language(request)
    blocks = [{**block, "inLanguage": language} for block in blocks]
    return {
        "title": title,
        "description": description or f"{facts['city']}社区便民服务、政务办事指南与社区动态。",
        "canonical": canonical_url(context, request),
        "image": (page.og_image_url(request) if is_page else "") or default_image(request),
        "crumbs": crumbs,
        "json_ld": json_ld(blocks),
    }
