"""Site-wide template tags: the site's facts, section links from the page tree, banners, navigation."""

from django import template

from wagtail.models import Page

from core import banners, seo
from core.models import SiteSettings
from pagecache.generation import remember

register = template.Library()


@register.simple_tag(takes_context=True)
def site_facts(context, offline=False):
    """Site name, city, hotline, organiser, ICP number (see core.models.SiteSettings); with
    offline=True, without touching the database (error pages)."""
    if offline:
        return SiteSettings.last_known_facts()
    return seo.site_facts(context.get("request"))


def _sections(request):
    """The live pages directly below the home page, read in one query and kept per page-cache
    generation: {"urls": {model label: (title, url)}, "menu": [(title, url), …]}. Links to a
    section come from here, so renaming its slug moves every link with it."""
    site = seo.site_for(request)

    def lookup():
        urls, menu = {}, []
        for page in site.root_page.get_children().live().order_by("path"):
            model = page.specific_class
            url = page.get_url(request)
            urls.setdefault(model._meta.label, (page.title, url))
            if page.show_in_menus:
                # A section may offer more than one entry (the newsroom: news and stories).
                entries = getattr(model, "menu_entries", None)
                menu.extend(entries(page.title, url) if entries else [(page.title, url)])
        return {"urls": urls, "menu": menu}

    return remember(f"sections:{site.pk}", lookup)


@register.simple_tag(takes_context=True)
def section_url(context, model_label):
    """The URL of the section page of this type, e.g. {% section_url "news.NewsIndexPage" %}."""
    return _sections(context.get("request"))["urls"].get(model_label, ("", ""))[1]


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    """The home page's children shown in menus, in tree order, with the current one marked."""
    request = context.get("request")
    entries = _sections(request)["menu"]
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
