"""Display preferences (适老化) and the friendly error pages, as a resident meets them."""

from unittest import mock

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def test_elder_mode_switches_without_javascript_and_is_remembered(client, home_page):
    response = client.get("/preferences/", {"mode": "elder", "next": "/"})
    assert response.status_code == 303
    assert response["Location"] == "/"
    assert client.cookies["xd_text"].value == "large"
    assert client.cookies["xd_contrast"].value == "high"

    # Every page links the preference stylesheet; it now enlarges text and raises contrast.
    assert 'href="/preferences.css"' in client.get("/").content.decode()
    css = client.get("/preferences.css").content.decode()
    assert "--font-size:1.25rem" in css
    assert "--color-text:#000" in css
    assert '[data-pref="mode-standard"]{display:inline-flex}' in css

    client.get("/preferences/", {"mode": "standard"})
    css = client.get("/preferences.css").content.decode()
    assert "--font-size" not in css


def test_text_size_has_three_steps(client, home_page):
    client.get("/preferences/", {"text": "xlarge"})
    assert "--font-size:1.5rem" in client.get("/preferences.css").content.decode()


def test_elder_mode_keeps_extra_large_text_a_visitor_chose(client, home_page):
    client.get("/preferences/", {"text": "xlarge"})
    client.get("/preferences/", {"mode": "elder"})
    assert client.cookies["xd_text"].value == "xlarge"
    assert client.cookies["xd_contrast"].value == "high"
    css = client.get("/preferences.css").content.decode()
    assert "--font-size:1.5rem" in css and "--color-text:#000" in css
    # From large (or standard) elder mode still means large.
    client.get("/preferences/", {"text": "standard"})
    client.get("/preferences/", {"mode": "elder"})
    assert client.cookies["xd_text"].value == "large"


def test_preference_switch_refuses_unknown_values_and_foreign_redirects(client, home_page):
    assert client.get("/preferences/", {"text": "huge"}).status_code == 400
    response = client.get("/preferences/", {"mode": "elder", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_missing_page_gets_the_friendly_404(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面没有找到" in html
    assert '<html lang="zh-Hans" dir="ltr">' in html
    assert 'href="/services/"' in html


def test_server_error_gets_the_friendly_500_without_details(client, home_page):
    client.raise_request_exception = False
    with mock.patch("home.models.HomePage.get_context", side_effect=RuntimeError("secret detail")):
        response = client.get("/?boom=1")
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务暂时出了问题" in html and "12345" in html
    assert "secret detail" not in html and "Traceback" not in html


def test_error_pages_show_no_template_comment(client, home_page):
    client.raise_request_exception = False
    with mock.patch("home.models.HomePage.get_context", side_effect=RuntimeError("boom")):
        html = client.get("/?boom=1").content.decode()
    assert "服务暂时出了问题" in html
    assert "{#" not in html and "remembered answers" not in html


def test_no_template_has_a_multi_line_short_comment():
    """Django's {# … #} ends at the line's end: on two lines it is printed as text."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    templates = [
        path
        for path in root.glob("*/templates/**/*.html")
        if ".venv" not in path.parts and "node_modules" not in path.parts
    ]
    assert len(templates) > 50  # the scan really reads the project's templates
    for path in templates:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.count("{#") > line.count("#}"):
                offenders.append(f"{path.relative_to(root)}:{number}")
    assert offenders == []
