"""The site in a real browser: phone and desktop layouts, elder mode, keyboard use, axe scan,
read-aloud, and the Wagtail admin working under its Content-Security-Policy."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp

from tests.browser.conftest import AXE

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

KEY_PAGES = {
    "home": "/",
    "catalogue": "/services/",
    "service": "/services/ski-snowboard-free-storage/",
    "guide": "/guides/low-income-subsistence-allowance/",
    "newsroom": "/news/",
    "community": "/communities/jiefanglu/lanjing/",
    "search": "/search/?q=寄存",
}


def body_font_size(page):
    return page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")


@pytest.mark.parametrize("width", [390, 1280])
def test_key_pages_fit_phone_and_desktop_widths(browser, live_site, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for name, path in KEY_PAGES.items():
        page.goto(live_site + path)
        assert page.locator("h1").first.is_visible(), name
        assert page.get_by_role("navigation", name="主导航").is_visible(), name
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} scrolls sideways by {overflow}px at {width}px"
    context.close()


def test_elder_mode_enlarges_text_raises_contrast_and_is_remembered(page, live_site):
    page.goto(live_site + "/services/")
    standard = body_font_size(page)
    page.get_by_role("link", name="适老模式").click()
    page.wait_for_load_state()
    assert page.url.endswith("/services/")
    assert body_font_size(page) >= 18 > standard
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    page.goto(live_site + KEY_PAGES["guide"])
    assert body_font_size(page) >= 18
    page.get_by_role("link", name="特大字号").click()
    page.wait_for_load_state()
    assert body_font_size(page) >= 24
    page.get_by_role("link", name="退出适老模式").click()
    page.wait_for_load_state()
    assert body_font_size(page) == standard


def _tab_to(page, predicate_js, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate_js):
            return True
    return False


def test_keyboard_only_navigation_through_menu_and_search(page, live_site):
    page.goto(live_site + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "跳到主要内容"
    assert _tab_to(page, "document.activeElement.textContent.trim() === '便民服务'")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus must be visible"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/services/$"))
    page.goto(live_site + "/")
    assert _tab_to(page, "document.activeElement.type === 'search'")
    page.keyboard.type("寄存")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert "雪板雪具免费寄存" in page.locator(".search-results").inner_text()


@pytest.mark.parametrize("name", list(KEY_PAGES))
def test_axe_finds_no_serious_or_critical_violations(browser, live_site, name):
    # axe is injected from node_modules; bypassing the page's CSP lets the injected script run.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_site + KEY_PAGES[name])
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
              .filter(v => ['serious', 'critical'].includes(v.impact))
              .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))"""
    )
    context.close()
    assert violations == [], violations


def test_read_aloud_button_is_added_and_toggles(page, live_site):
    page.goto(live_site + KEY_PAGES["guide"])
    button = page.get_by_role("button", name="朗读本页")
    assert button.is_visible()
    button.click()
    assert page.get_by_role("button", name="停止朗读").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="停止朗读").click()
    assert page.get_by_role("button", name="朗读本页").get_attribute("aria-pressed") == "false"


def test_pages_work_without_javascript(browser, live_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_site + "/")
    page.fill("#hero-search", "低保")
    page.press("#hero-search", "Enter")
    page.wait_for_url(re.compile(r"/search/"))
    assert "最低生活保障" in page.locator("main").inner_text()
    page.goto(live_site + "/services/")
    page.get_by_role("link", name="适老模式").click()
    page.wait_for_load_state()
    assert body_font_size(page) >= 18
    context.close()


def test_public_pages_raise_no_csp_violations(page, live_site):
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    for path in KEY_PAGES.values():
        page.goto(live_site + path)
    assert violations == []


def test_admin_fully_works_under_its_csp(page, live_site, admin_password):
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.goto(live_site + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", admin_password)
    page.press("#id_password", "Enter")
    # A superuser must set up two-factor sign-in first: "scan" the key shown, enter the code.
    page.wait_for_url(re.compile(r"/admin/two-factor/setup/"))
    secret = page.locator("main code").inner_text().replace(" ", "")
    page.fill("#id_otp_token", str(totp(b32decode(secret))).zfill(6))
    page.press("#id_otp_token", "Enter")
    page.wait_for_url(re.compile(r"/admin/two-factor/recovery-codes/$"))
    page.get_by_role("button", name="生成 10 个新的恢复码").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".two-factor-codes li").count() == 10
    page.goto(live_site + "/admin/pages/")
    page.wait_for_load_state("networkidle")
    # Edit a service and save a draft through the real editing interface (JS widgets included).
    page.goto(live_site + "/admin/pages/search/?q=雪板雪具免费寄存")
    page.get_by_role("link", name="雪板雪具免费寄存").first.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    page.wait_for_load_state("networkidle")
    page.fill("#id_fee", "免费（浏览器测试）")
    page.get_by_role("button", name=re.compile("保存草稿")).click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".messages").inner_text().strip()
    page.goto(live_site + "/admin/images/")
    page.goto(live_site + "/admin/snippets/services_catalog/servicecategory/")
    assert "养老服务" in page.locator("main").inner_text()
    assert violations == [], violations
