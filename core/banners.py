"""Banners shown above every page's content (a water cut, a road closure), supplied by the apps
that own them: an app registers, in its AppConfig.ready(), a function of the page being shown that
returns the banner's HTML (or ""). The base template renders them with {% page_banners page %}."""

from django.utils.html import format_html_join

_providers = []


def provide(banner):
    if banner not in _providers:
        _providers.append(banner)


def render_for(page):
    return format_html_join("", "{}", ((banner(page),) for banner in _providers))
