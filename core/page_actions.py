"""What residents can do about the page they are reading (report an error, say whether it
helped), supplied by the apps that handle it: an app registers, in its AppConfig.ready(), a
function of the page being shown that returns HTML (or ""). The base template renders them
below the content with {% page_actions page %}. Like core.banners, so core knows no upper app."""

from django.utils.html import format_html_join

_providers = []


def provide(action):
    if action not in _providers:
        _providers.append(action)


def render_for(page):
    return format_html_join("", "{}", ((action(page),) for action in _providers))
