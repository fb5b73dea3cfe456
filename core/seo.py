"""Search-engine metadata shared by every page type: absolute URLs, schema.org helpers, JSON-LD."""

import json

from django.templatetags.static import static
from django.utils.safestring import mark_safe

from wagtail.models import Site

from core.models import SiteSettings

# The escapes of django.utils.html.json_script, so embedded JSON cannot leave its <script>.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def site_for(request):
    """The Wagtail Site serving `request` (the default site when there is none)."""
    site = Site.find_for_request(request) if request else None
    return site or Site.objects.filter(is_default_site=True).first()


def site_root(request):
    """The site's public root URL (its configured hostname, never the request's Host header)."""
    return site_for(request).root_url


def site_facts(request):
    """Site name, city, hotline, organiser … from the site settings (see SiteSettings)."""
    return SiteSettings.facts(site_for(request))


def city(request):
    facts = site_facts(request)
    return {
        "@type": "City",
        "name": facts["city"],
        "containedInPlace": {"@type": "State", "name": facts["region"]},
    }


def absolute(request, path):
    return path if path.startswith(("http://", "https://")) else site_root(request) + path


def default_image(request):
    """The share image of a page that has none of its own (og:image, structured data)."""
    return absolute(request, static("img/og-default.png"))


def publisher(request):
    return {
        "@type": "Organization",
        "name": site_facts(request)["site_name"],
        "url": site_root(request) + "/",
        "logo": {"@type": "ImageObject", "url": absolute(request, "/static/img/logo.svg")},
    }


def breadcrumb_list(request, crumbs):
    """schema.org BreadcrumbList for the same (title, url) trail the page shows."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": title, "item": absolute(request, url)}
            for i, (title, url) in enumerate(crumbs, start=1)
        ],
    }


def json_ld(data):
    """<script type="application/ld+json"> blocks. `<`, `>` and `&` are written as JSON escapes,
    as Django's json_script does, so no text (a station named `<!--<script>`) can end the script
    or start an HTML comment inside it; the JSON a crawler reads is unchanged."""
    blocks = [data] if isinstance(data, dict) else data
    scripts = [
        '<script type="application/ld+json">'
        + json.dumps(block, ensure_ascii=False, separators=(",", ":")).translate(JSON_ESCAPES)
        + "</script>"
        for block in blocks
    ]
    return mark_safe("\n".join(scripts))
