"""Search-engine metadata shared by every page type: absolute URLs, schema.org helpers, JSON-LD."""

import json
import re

from django.utils.safestring import mark_safe

from wagtail.models import Site

from core.models import SiteSettings

# The escapes of django.utils.html.json_script, so embedded JSON cannot leave its <script>.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
CHINESE_DAYS = "一二三四五六日"


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


def opening_hours(text):
    """OpeningHoursSpecification from station hours such as
    "周一至周六 10:00–14:00、16:00–19:30（北京时间）"; [] when the text does not follow that form."""
    days = re.search(f"周([{CHINESE_DAYS}])至周([{CHINESE_DAYS}])", text)
    spans = re.findall(r"(\d{1,2}:\d{2})\s*[–\-~至]\s*(\d{1,2}:\d{2})", text)
    if not days or not spans:
        return []
    first, last = CHINESE_DAYS.index(days.group(1)), CHINESE_DAYS.index(days.group(2))
    day_names = WEEKDAYS[first : last + 1]
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": day_names,
            "opens": opens.zfill(5),
            "closes": closes.zfill(5),
        }
        for opens, closes in spans
    ]


def processing_time(text):
    """An ISO 8601 duration for a time limit such as "10个工作日" or "即时办结"; None if unknown."""
    if text.startswith("即时") or text.startswith("当场"):
        return "P0D"
    match = re.match(r"(\d+)\s*个?(工作日|日|天)", text)
    return f"P{match.group(1)}D" if match else None


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
