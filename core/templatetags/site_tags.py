"""Site-wide template tags: the site's facts and footer trust markers, section links from the
page tree, banners, navigation."""

import re
from urllib.parse import parse_qsl, quote

from django import template

from wagtail.models import Page

from core import banners, localization, phones, seo
from core import page_actions as page_actions_registry
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


# Where residents check a site's filings: plain links, nothing is loaded from these hosts.
ICP_LOOKUP_URL = "https://beian.miit.gov.cn/"
POLICE_RECORD_LOOKUP_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"


@register.inclusion_tag("includes/trust_markers.html")
def trust_markers(facts):
    """主办单位, 承办单位, the ICP and public-security filings, 网站标识码 and where to report a
    mistake, each only when filled: {% trust_markers facts %}. Reads only `facts` (no database),
    so the error pages show them too, from the last known facts."""
    police = facts.get("police_record_number") or ""
    contact = facts.get("correction_contact") or ""
    markers = [
        ("主办单位", facts.get("organiser"), ""),
        ("承办单位", facts.get("undertaker"), ""),
        ("ICP备案号", facts.get("icp_number"), ICP_LOOKUP_URL),
        ("公安机关备案号", police, police_record_url(police)),
        ("网站标识码", facts.get("site_code"), ""),
        ("纠错", contact, contact_href(contact)),
    ]
    return {
        "markers": [
            {"label": label, "text": text, "href": href} for label, text, href in markers if text
        ]
    }


def police_record_url(record_number):
    """The lookup of a public-security filing by its code, the run of digits in
    "新公网安备 65430102000001号"; "" without one."""
    digits = max(re.findall(r"\d+", record_number), key=len, default="")
    return POLICE_RECORD_LOOKUP_URL.format(code=digits) if digits else ""


def contact_href(contact):
    """mailto: for an email address, tel: (in +86 form) for a phone number, else ""."""
    contact = contact.strip()
    if "@" in contact:
        return "mailto:" + quote(contact, safe="@")
    try:
        return phones.tel_uri(contact)
    except ValueError:
        return ""


def _sections(request):
    """The live pages directly below the home page, read in one query and kept per page-cache
    generation: {"urls": {model label: (title, url)}, "menu": [(title, url), …]}. Links to a
    section come from here, so renaming its slug moves every link with it."""
    site = seo.site_for(request)
    language = localization.address_language()

    def lookup():
        urls, menu = {}, []
        for page in site.root_page.get_children().live().order_by("path"):
            model = page.specific_class
            url = page.get_url(request)
            if not localization.is_default(language):
                url = localization.path_in(url, language)
                translated = localization.translation_of(page, language)
                if translated is not None:
                    page.title = translated.title
            urls.setdefault(model._meta.label, (page.title, url))
            if page.show_in_menus:
                # A section may offer more than one entry (the newsroom: news and stories).
                entries = getattr(model, "menu_entries", None)
                menu.extend(entries(page.title, url) if entries else [(page.title, url)])
        return {"urls": urls, "menu": menu}

    return remember(f"sections:{site.pk}:{language}", lookup)


@register.simple_tag(takes_context=True)
def section_url(context, model_label):
    """The URL of the section page of this type, e.g. {% section_url "news.NewsIndexPage" %}."""
    return _sections(context.get("request"))["urls"].get(model_label, ("", ""))[1]


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    """The home page's children shown in menus, in tree order, the current one marked: "page"
    on the section page itself, "true" on every page below it (aria-current)."""
    request = context.get("request")
    entries = _sections(request)["menu"]
    current = _current_entry(request, [url for _title, url in entries])
    full_path = request.get_full_path() if request else ""
    marks = {current: "page" if current == full_path else "true"} if current else {}
    return {"entries": [(title, url, marks.get(url, "")) for title, url in entries]}


def _current_entry(request, urls):
    """The menu URL the request is under: its path starts with the entry's path and its query
    has every parameter the entry's has (/news/?kind=story&page=2 is under /news/?kind=story).
    The most specific entry wins; None outside every section (home, search, a 404)."""
    if request is None:
        return None
    scored = []
    for url in urls:
        path, _, query = url.partition("?")
        wanted = parse_qsl(query)
        if request.path.startswith(path) and all(
            value in request.GET.getlist(key) for key, value in wanted
        ):
            scored.append(((len(path), len(wanted)), url))
    return max(scored)[1] if scored else None


@register.simple_tag
def page_banners(page=None):
    """Banners the apps provide for this page (see core.banners); views that are not pages
    (404, search) pass no page."""
    return banners.render_for(page if isinstance(page, Page) else None)


@register.simple_tag
def page_actions(page=None):
    """What residents can do about this page (see core.page_actions); none on views that are
    not pages."""
    return page_actions_registry.render_for(page) if isinstance(page, Page) else ""
