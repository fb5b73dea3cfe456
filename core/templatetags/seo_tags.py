"""The head metadata of every page: title, description, canonical URL, Open Graph, JSON-LD."""

from django import template

from core.models import BasePage
from core.seo import breadcrumb_list, json_ld, site_facts, site_root

register = template.Library()


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
    crumbs = list(page.breadcrumbs) if is_page else [("首页", "/")]
    if context.get("extra_crumb"):
        crumbs.append((context["extra_crumb"], request.path))
    blocks = [breadcrumb_list(request, crumbs)]
    if is_page:
        blocks.extend(page.structured_data(request))
    return {
        "title": title,
        "description": description or f"{facts['city']}社区便民服务、政务办事指南与社区动态。",
        "canonical": site_root(request) + request.path,
        "image": page.og_image_url(request) if is_page else "",
        "crumbs": crumbs,
        "json_ld": json_ld(blocks),
    }
