"""The admin in Chinese in a real browser: what Wagtail's JavaScript draws (the sidebar, the
StreamField and rich-text editors, the side panels), as a 览景社区 editor sees it."""

import re
import secrets

import pytest

from tests.site_config.test_admin_language import english_in

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

EDITOR = "lanjing-browser-editor"
PASSWORD = "editor-" + secrets.token_urlsafe(12)

# The text a person sees or hears: the page's title, its rendered text, and the names and
# placeholders of the elements shown.
SHOWN_TEXT = """() => {
    const texts = [document.title, document.body.innerText];
    const names = ["placeholder", "aria-label", "title", "alt"];
    for (const element of document.querySelectorAll("[placeholder], [aria-label], [title], [alt]")) {
        if (!element.checkVisibility()) continue;
        for (const name of names) {
            if (element.getAttribute(name)) texts.push(element.getAttribute(name));
        }
    }
    return texts;
}"""


@pytest.fixture
def editor_pages(manage_live_site):
    """A 览景社区 editor on the live site; the ids of the community and one of its news pages."""
    output = manage_live_site(
        "shell",
        "--verbosity=0",
        "-c",
        "from django.contrib.auth.models import Group\n"
        "from communities.models import CommunityPage\n"
        "from core.models import User\n"
        "from news.models import NewsPage\n"
        f"user = User.objects.create_user({EDITOR!r}, password={PASSWORD!r})\n"
        "user.groups.add(Group.objects.get(name='览景社区 编辑'))\n"
        "lanjing = CommunityPage.objects.get(slug='lanjing')\n"
        "print(lanjing.pk, NewsPage.objects.child_of(lanjing).live().first().pk)\n",
    )
    community, news = output.split()
    return community, news


def sign_in(page, live_site):
    """A community editor signs in with the password alone (reviewers also need a second factor)."""
    page.goto(live_site + "/admin/login/")
    page.fill("#id_username", EDITOR)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r"/admin/$"))


def english_shown(page):
    page.wait_for_load_state("networkidle")
    return english_in(page.evaluate(SHOWN_TEXT), [EDITOR])


def test_the_admin_drawn_by_javascript_is_chinese(page, live_site, editor_pages):
    community, news = editor_pages
    sign_in(page, live_site)
    found = {}
    for path in ["/admin/", f"/admin/pages/{community}/", "/admin/images/"]:
        page.goto(live_site + path)
        found[path] = english_shown(page)
    edit = f"/admin/pages/{news}/edit/"
    page.goto(live_site + edit)
    found[edit] = english_shown(page)
    assert page.locator("[data-contentpath='body']").is_visible()
    for panel in ["status", "checks", "preview", "comments"]:
        page.locator(f"[data-side-panel-toggle='{panel}']").click()
        found[f"{edit} {panel}"] = english_shown(page)
    assert {path: english for path, english in found.items() if english} == {}
