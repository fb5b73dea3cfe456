"""The home page as a resident meets it: language, main navigation, nothing from other hosts."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def test_home_page_is_chinese_with_main_navigation(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-Hans" dir="ltr">' in html
    assert 'href="#main"' in html  # skip link
    nav = html.split('aria-label="主导航"')[1].split("</nav>")[0]
    for label, url in [
        ("便民服务", "/services/"),
        ("政务指南", "/guides/"),
        ("社区动态", "/news/"),
        ("志愿服务", "/news/?kind=story"),
        ("社区", "/communities/"),
    ]:
        assert f'<a href="{url}">{label}</a>' in nav
    assert "12345" in html
    assert 'action="/search/"' in html


def test_pages_load_nothing_from_other_hosts(client, home_page):
    html = client.get("/").content.decode()
    for attribute in ('src="http', 'src="//', 'href="//'):
        assert attribute not in html
    assert 'rel="stylesheet" href="http' not in html
