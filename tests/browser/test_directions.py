"""按距离排序 on /communities/ in a real browser: with a mocked position the stations come nearest
first with their distance, with the permission refused the page says so, and without geolocation
there is no button. The position never leaves the browser: every request stays same-origin."""

import re

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SORT = "按距离排序（使用本机定位）"
# A resident standing at the 恰秀社区 station (WGS-84), far from 览景, the first card by street.
AT_QIAXIU = {"latitude": 47.8503, "longitude": 88.1526}


def card_titles(page, selector="li[data-street] h3"):
    return [title.strip() for title in page.locator(selector).all_inner_texts()]


def requests_made(page):
    urls = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def test_sorting_puts_the_nearest_station_first_and_sends_nothing(browser, live_site):
    context = browser.new_context(
        geolocation=AT_QIAXIU, permissions=["geolocation"], locale="zh-CN"
    )
    page = context.new_page()
    urls = requests_made(page)
    page.goto(live_site + "/communities/")
    by_street = card_titles(page)
    assert by_street[0] == "览景社区"

    page.get_by_role("button", name=SORT).click()

    status = page.locator(".nearest").get_by_role("status")
    status.filter(has_text="已按距离由近到远排列").wait_for()
    nearest_first = card_titles(page, "main ol li[data-street] h3")
    assert nearest_first[0] == "恰秀社区"
    assert sorted(nearest_first) == sorted(by_street) and nearest_first != by_street
    distances = page.locator("main ol .nearest__distance").all_inner_texts()
    assert len(distances) == len(by_street)
    assert distances[0].startswith("恰秀路街道 · 约 ")
    shown = [
        float(number) / (1000 if unit == "米" else 1)
        for number, unit in (re.search(r"约 ([\d.]+) (公里|米)", d).groups() for d in distances)
    ]
    assert shown == sorted(shown)
    assert "恰秀社区" in status.inner_text()

    # And back to the streets, in page order.
    page.get_by_role("button", name="按街道显示").click()
    page.locator(".nearest").get_by_role("status").filter(has_text="已恢复按街道显示").wait_for()
    assert card_titles(page) == by_street
    assert page.locator(".nearest__distance").count() == 0

    assert urls and all(url.startswith(live_site + "/") for url in urls), urls
    context.close()


def test_a_refused_permission_is_said_politely_and_nothing_moves(browser, live_site):
    context = browser.new_context(locale="zh-CN")  # geolocation not granted
    # As if the resident pressed 禁止 in the browser's prompt.
    context.add_init_script(
        """navigator.geolocation.getCurrentPosition = function (ok, fail) {
             setTimeout(function () { fail({code: 1, PERMISSION_DENIED: 1,
                                            message: "User denied Geolocation"}); }, 10);
           };"""
    )
    page = context.new_page()
    urls = requests_made(page)
    page.goto(live_site + "/communities/")
    by_street = card_titles(page)

    page.get_by_role("button", name=SORT).click()

    status = page.locator(".nearest").get_by_role("status")
    status.filter(has_text="没有获得定位权限").wait_for()
    assert status.get_attribute("aria-live") == "polite"
    assert card_titles(page) == by_street
    assert page.get_by_role("button", name=SORT).is_visible()  # may try again
    assert all(url.startswith(live_site + "/") for url in urls), urls
    context.close()


def test_no_button_without_geolocation_or_without_javascript(browser, live_site):
    context = browser.new_context(locale="zh-CN")
    context.add_init_script("delete Navigator.prototype.geolocation;")
    page = context.new_page()
    page.goto(live_site + "/communities/")
    assert page.locator("li[data-street]").count() >= 9
    assert page.get_by_role("button", name=SORT).count() == 0
    context.close()

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_site + "/communities/")
    assert page.get_by_role("button", name=SORT).count() == 0
    assert page.locator("a.directions__link").count() >= 18  # two per station, no script needed
    context.close()


def test_the_sorted_page_fits_a_phone_and_keeps_the_csp(browser, live_site):
    context = browser.new_context(
        geolocation=AT_QIAXIU, permissions=["geolocation"], viewport={"width": 320, "height": 800}
    )
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.goto(live_site + "/communities/")
    page.get_by_role("button", name=SORT).click()
    page.locator(".nearest").get_by_role("status").filter(
        has_text="已按距离由近到远排列"
    ).wait_for()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"scrolls sideways by {overflow}px at 320px"
    assert violations == []
    context.close()
