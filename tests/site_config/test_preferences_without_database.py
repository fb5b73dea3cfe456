"""Elder mode keeps working while the database is down: the preference URLs need no database."""

from contextlib import contextmanager
from unittest import mock

import pytest

from django.db import OperationalError

from site_config import preferences, sites

pytestmark = pytest.mark.django_db


@contextmanager
def database_unreachable():
    """Every query and every new connection fails, as when the database server is gone. The
    per-process Site memory starts empty, as in a worker started during the outage."""
    sites.forget()
    outage = OperationalError("could not connect to server")
    with (
        mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=outage),
        mock.patch("django.db.backends.utils.CursorWrapper.executemany", side_effect=outage),
        mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.connect", side_effect=outage),
    ):
        yield
    sites.forget()


def test_a_normal_page_gets_the_outage_page(client):
    # Control: the outage is real for everything else.
    client.raise_request_exception = False
    with database_unreachable():
        response = client.get("/services/?fresh=1")
    assert response.status_code == 503
    assert "网站暂时无法访问" in response.content.decode()


def test_switching_to_elder_mode_works_without_the_database(client):
    client.raise_request_exception = False
    with database_unreachable():
        response = client.get("/preferences/", {"mode": "elder", "next": "/services/"})
    assert response.status_code == 303
    assert response["Location"] == "/services/"
    assert response.cookies[preferences.TEXT_COOKIE].value == "large"
    assert response.cookies[preferences.CONTRAST_COOKIE].value == "high"


def test_the_preferences_stylesheet_works_without_the_database(client):
    client.raise_request_exception = False
    client.cookies[preferences.TEXT_COOKIE] = "large"
    client.cookies[preferences.CONTRAST_COOKIE] = "high"
    with database_unreachable():
        response = client.get("/preferences.css")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css"
    css = response.content.decode()
    assert "--font-size:1.25rem" in css and "--color-text:#000" in css
    assert '.prefs a[data-pref="mode-standard"]{display:inline-flex}' in css


def test_the_preference_urls_with_a_session_cookie_work_without_the_database(client):
    # An editor who is logged in (a session cookie) switches too; the session is not read.
    client.raise_request_exception = False
    client.cookies["sessionid"] = "a-session-the-database-would-be-asked-about"
    with database_unreachable():
        switched = client.get("/preferences/", {"text": "xlarge"})
        stylesheet = client.get("/preferences.css")
    assert switched.status_code == 303 and switched["Location"] == "/"
    assert stylesheet.status_code == 200
