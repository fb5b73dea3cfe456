"""Site-wide template tags: the site's facts, section links from the page tree, banners, navigation."""

from django import template
from django.apps import apps

from wagtail.models import Page, Site

from core import banners, seo
from pagecache.generation import remember

register = template.Library()


@register.simple_tag(takes_context=True)
def site_facts(context):
    """Site name, city, hotline, organiser, ICP number (see core.models.SiteSettings)."""
    return seo.site_facts(context.get("request"))


def _section(request, model_label):
    """The live index page of `model_label` (e.g. "news.NewsIndexPage") on this request's site,
    as (title, url), kept per page-cache generation: renaming a slug moves every link with it."""
    site = seo.site_for(request)

    def lookup():
        model = apps.get_model(model_label)
        page = model.objects.live().descendant_of(site.root_page, inclusive=True).first()
        return (page.title, page.get_url(request)) if page else ("", "")

    return remember(f"section-url:{site.pk}:{model_label}", lookup)


@register.simple_tag(takes_context=True)
def section_url(context, model_label):
    return _section(context.get("request"), model_label)[1]


@register.simple_tag(takes_context=True)
def section_title(context, model_label):
    return _section(context.get("request"), model_label)[0]


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    """The home page's children shown in menus, in tree order, plus any extra entries a section
    offers (`menu_entries()`), with the current section marked for screen readers."""
    request = context.get("request")
    site = seo.site_for(request) or Site.objects.first()

    def lookup():
        entries = []
        for page in site.root_page.get_children().live().in_menu().specific():
            entries.extend(
                page.menu_entries() if hasattr(page, "menu_entries") else [(page.title, page.url)]
            )
        return entries

    entries = remember(f"main-nav:{site.pk}", lookup)
    full_path = request.get_full_path() if request else ""
    exact = [url for _title, url in entries if url == full_path]
    sections = [url for _title, url in entries if "?" not in url and full_path.startswith(url)]
    current = exact[0] if exact else max(sections, key=len, default=None)
    return {"entries": [(title, url, url == current) for title, url in entries]}


@register.simple_tag
def page_banners(page=None):
    """Banners the apps provide for this page (see core.banners); views that are not pages
    (404, search) pass no page."""
    return banners.render_for(page if isinstance(page, Page) else None)
