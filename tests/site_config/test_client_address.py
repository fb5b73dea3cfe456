"""The visitor's address behind trusted proxies: one answer for the rate limits and django-axes."""

import pytest

from django.test import RequestFactory, override_settings

from site_config.client import client_address

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the proxy in front of gunicorn: REMOTE_ADDR of every proxied request
PASSWORD = "correct-horse-battery-9"  # the make_user fixture's


def _request(forwarded=None, remote=PROXY):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_trusted_proxies_the_header_is_ignored():
    assert client_address(_request("203.0.113.7")) == PROXY
    assert client_address(_request()) == PROXY


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_one_proxy_takes_the_address_it_appended():
    # The visitor wrote "1.2.3.4" themselves; the proxy appended the address it saw.
    assert client_address(_request("1.2.3.4, 203.0.113.7")) == "203.0.113.7"
    assert client_address(_request("203.0.113.7")) == "203.0.113.7"
    assert client_address(_request("2001:db8::1")) == "2001:db8::1"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_two_proxies_take_the_second_address_from_the_right():
    assert client_address(_request("1.2.3.4, 203.0.113.7, 10.0.0.9")) == "203.0.113.7"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_a_short_or_garbled_header_falls_back_to_the_connecting_address():
    assert client_address(_request("203.0.113.7")) == PROXY  # bypassed a proxy
    assert client_address(_request()) == PROXY
    assert client_address(_request("not-an-address, 10.0.0.9")) == PROXY
    assert client_address(_request("203.0.113.7, 10.0.0.9")) == "203.0.113.7"  # control


def _fail_five_times(client, username, forwarded):
    for _ in range(5):
        response = client.post(
            "/admin/login/",
            {"username": username, "password": "guess"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded,
        )
        assert response.status_code in (200, 429)


def _log_in(client, username, forwarded):
    client.logout()
    return client.post(
        "/admin/login/",
        {"username": username, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_failures_lock_the_username_only_from_their_address(client, make_user):
    user = make_user("editor-behind-proxy")
    _fail_five_times(client, user.username, "198.51.100.1")  # visitor A guesses
    from_a = _log_in(client, user.username, "198.51.100.1")
    assert from_a.status_code == 429 and "登录已暂停" in from_a.content.decode()
    # The editor at B, through the same proxy, still logs in with the right password.
    from_b = _log_in(client, user.username, "198.51.100.2")
    assert from_b.status_code == 302, from_b.status_code
    # And A's lockout is not lifted by B's success.
    assert _log_in(client, user.username, "198.51.100.1").status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_lockout_is_per_username_too(client, make_user):
    make_user("guessed-editor")
    other = make_user("other-editor")
    _fail_five_times(client, "guessed-editor", "198.51.100.3")
    assert _log_in(client, "guessed-editor", "198.51.100.3").status_code == 429  # control
    assert _log_in(client, other.username, "198.51.100.3").status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_trusted_proxies_a_forged_header_does_not_dodge_the_lockout(client, make_user):
    user = make_user("editor-direct")
    for number in range(5):
        response = client.post(
            "/admin/login/",
            {"username": user.username, "password": "guess"},
            REMOTE_ADDR="198.51.100.9",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )
        assert response.status_code in (200, 429)
    forged = client.post(
        "/admin/login/",
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.9",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert forged.status_code == 429
    # Control: the lockout is for that connecting address, not for everyone.
    assert _log_in_direct(client, user.username, "198.51.100.10").status_code == 302


def _log_in_direct(client, username, remote):
    return client.post(
        "/admin/login/", {"username": username, "password": PASSWORD}, REMOTE_ADDR=remote
    )


@override_settings(TRUSTED_PROXY_COUNT=1, RATE_LIMITS={"/search/": 3})
def test_behind_a_proxy_the_search_limit_counts_per_visitor(client):
    def search(forwarded):
        return client.get(
            "/search/", {"q": "寄存"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded
        )

    for _ in range(3):
        assert search("198.51.100.20").status_code == 200
    assert search("198.51.100.20").status_code == 429  # control: the limit works
    assert search("198.51.100.21").status_code == 200  # the next visitor is not limited
    # A visitor's own additions to the header do not give them a fresh budget.
    assert search("9.9.9.9, 198.51.100.20").status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=0, RATE_LIMITS={"/search/": 3})
def test_without_trusted_proxies_a_forged_header_does_not_dodge_the_search_limit(client):
    for number in range(3):
        response = client.get(
            "/search/",
            {"q": "寄存"},
            REMOTE_ADDR="198.51.100.30",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )
        assert response.status_code == 200
    forged = client.get(
        "/search/",
        {"q": "寄存"},
        REMOTE_ADDR="198.51.100.30",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert forged.status_code == 429
    assert client.get("/search/", {"q": "寄存"}, REMOTE_ADDR="198.51.100.31").status_code == 200
