"""Phone-first for residents, in a real browser: no page type scrolls sideways at phone widths in
any display mode, the print view's controls, the favicon, the elder switch, the main navigation's
current section, search suggestions as a keyboard-usable combobox, and axe on all of them."""

import re
import time
from urllib.parse import urljoin
from urllib.request import urlopen

import pytest
from bs4 import BeautifulSoup

from tests.browser.conftest import AXE

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

WIDTHS = [320, 360, 390, 414]
# Each display mode as a resident sets it: the site's own /preferences/ link (it sets cookies).
MODES = {
    "standard": "",
    "large-text": "text=large",
    "extra-large-text": "text=xlarge",
    "high-contrast": "contrast=high",
    "elder": "mode=elder",
}
GUIDE = "/guides/low-income-subsistence-allowance/"
FIXED_PAGES = {
    "home": "/",
    "catalogue": "/services/",
    "service": "/services/ski-snowboard-free-storage/",
    "guides": "/guides/",
    "guide": GUIDE,
    "print view": GUIDE + "print/",
    "newsroom": "/news/",
    "communities": "/communities/",
    "street": "/communities/jiefanglu/",
    "community": "/communities/jiefanglu/lanjing/",
    "notices": "/notices/",
    "search": "/search/?q=寄存",
    "404": "/no-such-page/",
    "take part": "/take-part/",
    "wish form": "/take-part/wish/",
    "report form": "/take-part/report/",
    "storage form": "/take-part/storage/",
    "status lookup": "/take-part/status/",
    "status": "/take-part/status/XD-DEMO-0003/",  # closed: with the rating form
    "wish board": "/take-part/wishes/",
}
# Pages of a type whose slugs the seed may change: the first one each listing links to.
LISTED_PAGES = {
    "category": ("/services/", "h2 a[href*='/category/']"),
    "news item": ("/news/?kind=news", ".card__title a"),
    "story": ("/news/?kind=story", ".card__title a"),
    "notice": ("/notices/", "li.card h3 a"),
    "correction form": ("/services/", ".page-actions__correction a"),
}
SECTION_PAGES = {"catalogue", "guides", "newsroom", "communities", "notices"}
NO_SECTION = {"home", "search", "404", "print view", "correction form"}
NO_SECTION |= {name for name, url in FIXED_PAGES.items() if url.startswith("/take-part/")}

# scrollWidth, and the elements sticking out past the right edge (or the left one, right to left),
# to say what to fix when a page scrolls sideways: the innermost ones, those with the widest unbroken line first (a long code
# widens its whole grid column, so its neighbours stick out as far as it does).
OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const sticking = [...document.body.querySelectorAll('*')].filter(
    el => (el.getBoundingClientRect().right > width + 0.5 || el.getBoundingClientRect().left < -0.5)
          && el.getClientRects().length);
  const innermost = sticking.filter(el => !sticking.some(other => other !== el && el.contains(other)));
  const widestLine = el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return Math.max(0, ...[...range.getClientRects()].map(rect => rect.width));
  };
  innermost.sort((a, b) => widestLine(b) - widestLine(a));
  const describe = el => el.tagName.toLowerCase()
    + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
    + ' (edges ' + Math.round(el.getBoundingClientRect().left) + '..'
    + Math.round(el.getBoundingClientRect().right) + 'px: "'
    + (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40) + '")';
  return {scrollWidth: document.documentElement.scrollWidth, width,
          offenders: innermost.slice(0, 3).map(describe)};
}"""


@pytest.fixture(scope="module")
def page_types(live_site):
    """One URL of every public page type."""
    pages = dict(FIXED_PAGES)
    for name, (listing, selector) in LISTED_PAGES.items():
        with urlopen(live_site + listing) as response:
            link = BeautifulSoup(response.read(), "html.parser").select_one(selector)
        assert link is not None, f"no {name} linked from {listing}"
        pages[name] = urljoin(listing, link["href"])
    return pages


def _context(browser, live_site, mode, width=390, **options):
    context = browser.new_context(
        viewport={"width": width, "height": 800}, locale="zh-CN", **options
    )
    if MODES[mode]:
        opened = context.new_page()
        opened.goto(f"{live_site}/preferences/?{MODES[mode]}&next=/")
        opened.close()
    return context


def _check_mode_applied(page, mode):
    """The matrix means nothing if the preference did not take: text size and colours."""
    size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    colour = page.evaluate("getComputedStyle(document.body).color")
    expected_size = {"large-text": 20, "extra-large-text": 24, "elder": 20}.get(mode, 17)
    assert size == expected_size, (mode, size)
    assert (colour == "rgb(0, 0, 0)") == (mode in ("high-contrast", "elder")), (mode, colour)


@pytest.mark.parametrize("mode", list(MODES))
def test_no_page_type_scrolls_sideways_at_phone_widths(browser, live_site, page_types, mode):
    """Every page type at 320, 360, 390 and 414 px in this display mode: the document is no
    wider than the window. A failure names the elements that stick out."""
    context = _context(browser, live_site, mode)
    page = context.new_page()
    failures, started = [], time.monotonic()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for name, path in page_types.items():
            page.goto(live_site + path)
            if name == "home" and width == WIDTHS[0]:
                _check_mode_applied(page, mode)
            measured = page.evaluate(OVERFLOW_JS)
            if measured["scrollWidth"] > measured["width"]:
                failures.append(
                    f"{name} ({path}) at {width}px is {measured['scrollWidth']}px wide: "
                    + "; ".join(measured["offenders"])
                )
    context.close()
    print(f"{mode}: {len(WIDTHS) * len(page_types)} pages in {time.monotonic() - started:.1f}s")
    assert failures == [], "\n".join(failures)


# Kazakh (/kk/, right to left): every page type, the residents' forms (/kk/take-part/) included,
# at 360 px in every display mode.
KAZAKH_WIDTH = 360


def kazakh_page_types(page_types):
    return {name: "/kk" + path for name, path in page_types.items()}


@pytest.mark.parametrize("mode", list(MODES))
def test_kazakh_pages_are_right_to_left_and_never_scroll_sideways(
    browser, live_site, page_types, mode
):
    context = _context(browser, live_site, mode, width=KAZAKH_WIDTH)
    page = context.new_page()
    pages = kazakh_page_types(page_types)
    assert len(pages) >= 24
    failures = []
    for name, path in pages.items():
        page.goto(live_site + path)
        if name == "home":
            _check_mode_applied(page, mode)
        direction = page.evaluate("[document.documentElement.dir, document.documentElement.lang]")
        if direction != ["rtl", "kk-Arab"]:
            failures.append(f"{name} ({path}) is {direction}")
        measured = page.evaluate(OVERFLOW_JS)
        if measured["scrollWidth"] > measured["width"]:
            failures.append(
                f"{name} ({path}) at {KAZAKH_WIDTH}px is {measured['scrollWidth']}px wide: "
                + "; ".join(measured["offenders"])
            )
    context.close()
    assert failures == [], "\n".join(failures)


def test_main_navigation_marks_the_current_section(browser, live_site, page_types):
    context = _context(browser, live_site, "standard")
    page = context.new_page()
    for name, path in page_types.items():
        page.goto(live_site + path)
        nav = page.get_by_role("navigation", name="主导航")
        if name == "print view":
            assert nav.count() == 0
            continue
        marks = nav.locator("a[aria-current]")
        if name in NO_SECTION:
            assert marks.count() == 0, name
            continue
        assert marks.count() == 1, name
        expected = "page" if name in SECTION_PAGES else "true"
        assert marks.get_attribute("aria-current") == expected, name
        href = marks.get_attribute("href")
        assert path.startswith(href.split("?")[0]), (name, href)
    context.close()


def test_print_view_prints_and_goes_back(browser, live_site):
    context = _context(browser, live_site, "standard")
    page = context.new_page()
    page.goto(live_site + GUIDE + "print/")
    page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    button = page.get_by_role("button", name="打印")
    assert button.is_visible()
    assert not page.get_by_text("用浏览器菜单中的“打印”").is_visible()
    button.click()
    assert page.evaluate("window.printed") == 1
    # On paper, the controls are not there.
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="打印版操作").is_visible()
    page.emulate_media(media="screen")
    page.get_by_role("link", name="返回办事指南").click()
    page.wait_for_url(live_site + GUIDE)
    context.close()


def test_print_view_without_javascript_says_how_to_print(browser, live_site):
    context = _context(browser, live_site, "standard", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_site + GUIDE + "print/")
    assert page.get_by_text("打印本页：用浏览器菜单中的“打印”。").is_visible()
    assert not page.get_by_role("button", name="打印").is_visible()
    page.get_by_role("link", name="返回办事指南").click()
    page.wait_for_url(live_site + GUIDE)
    context.close()


def test_favicon_is_served(page, live_site):
    response = page.request.get(live_site + "/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    page.goto(live_site + "/")
    for icon in page.locator("link[rel='icon'], link[rel='apple-touch-icon']").all():
        assert page.request.get(urljoin(live_site, icon.get_attribute("href"))).status == 200


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_elder_switch_reflects_elder_mode_only(browser, live_site, javascript):
    def shown(mode_steps):
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        for step in mode_steps:
            page.goto(f"{live_site}/preferences/?{step}&next=/")
        page.goto(live_site + "/services/")
        names = [
            name
            for name in ("适老模式", "退出适老模式")
            if page.get_by_role("link", name=name, exact=True).is_visible()
        ]
        context.close()
        return names

    assert shown([]) == ["适老模式"]
    assert shown(["text=large"]) == ["适老模式"]
    assert shown(["text=xlarge"]) == ["适老模式"]
    assert shown(["contrast=high"]) == ["适老模式"]
    assert shown(["mode=elder"]) == ["退出适老模式"]
    assert shown(["mode=elder", "text=xlarge"]) == ["退出适老模式"]
    assert shown(["mode=elder", "mode=standard"]) == ["适老模式"]


def test_search_suggestions_are_a_keyboard_combobox(page, live_site):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(live_site + "/")
    box = page.get_by_role("combobox", name="搜索服务、办事指南和社区动态")
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-autocomplete") == "list"
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    box.focus()
    page.keyboard.type("寄存")
    listbox.get_by_role("option").first.wait_for()
    options = listbox.get_by_role("option")
    count = options.count()
    assert count > 1
    assert listbox.get_attribute("role") == "listbox"
    assert box.get_attribute("aria-expanded") == "true"
    status = page.locator(".search-form [role=status][aria-live=polite]").first
    assert f"有 {count} 条搜索建议" in status.inner_text()

    def active():
        return box.get_attribute("aria-activedescendant")

    assert active() is None
    page.keyboard.press("ArrowDown")
    assert active() == options.nth(0).get_attribute("id")
    assert options.nth(0).get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowDown")
    assert active() == options.nth(1).get_attribute("id")
    assert options.nth(0).get_attribute("aria-selected") == "false"
    page.keyboard.press("ArrowUp")
    assert active() == options.nth(0).get_attribute("id")
    page.keyboard.press("ArrowUp")  # back to the text typed
    assert active() is None
    page.keyboard.press("ArrowUp")  # and round to the last
    assert active() == options.nth(count - 1).get_attribute("id")
    # Escape closes, focus stays in the box; ArrowDown opens again.
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false" and not listbox.is_visible()
    assert active() is None
    assert page.evaluate("document.activeElement.id") == "hero-search"
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-expanded") == "true"
    # Enter opens the highlighted suggestion.
    target = options.nth(0).get_attribute("data-url")
    page.keyboard.press("Enter")
    page.wait_for_url(live_site + target)


def test_enter_without_a_highlighted_suggestion_searches(page, live_site):
    page.goto(live_site + "/")
    page.locator("#hero-search").focus()
    page.keyboard.type("寄存")
    page.locator("#hero-search-suggestions [role=option]").first.wait_for()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert "雪板雪具免费寄存" in page.locator(".search-results").inner_text()


def _axe_violations(page):
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
              .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))"""
    )


@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_axe_finds_no_violations_on_any_page_type_at_phone_width(
    browser, live_site, page_types, mode
):
    """Every impact, not only serious and critical, on every page type at 390 px, and on the
    home page with the suggestions open and one highlighted."""
    context = _context(browser, live_site, mode, bypass_csp=True)
    page = context.new_page()
    found = {}
    for name, path in page_types.items():
        page.goto(live_site + path)
        violations = _axe_violations(page)
        if violations:
            found[name] = violations
    page.goto(live_site + "/")
    page.locator("#hero-search").focus()
    page.keyboard.type("寄存")
    page.locator("#hero-search-suggestions [role=option]").first.wait_for()
    page.keyboard.press("ArrowDown")
    violations = _axe_violations(page)
    if violations:
        found["suggestions"] = violations
    context.close()
    assert found == {}, found
