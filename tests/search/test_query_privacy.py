"""Security issue: residents' recorded search queries are for the people who work with them.

A query can hold a phone number. Through the real admin choosers, in Chinese: a community editor
is refused both the unanswered-queries snippet chooser and the promotions' query chooser; an
administrator, and an editor with the promotions permissions, still read them.
"""

import pytest

from django.contrib.auth.models import Group, Permission

from wagtail.contrib.search_promotions.models import Query

from search.models import UnansweredQuery
from tests.conftest import force_login, login

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
PHONE_QUERY = "13912345678 低保怎么办理"
SNIPPET_CHOOSER = "/admin/snippets/choose/search/unansweredquery/"
PROMOTION_CHOOSER = "/admin/searchpicks/queries/chooser/"


@pytest.fixture
def queries():
    unanswered = UnansweredQuery.objects.create(query_string=PHONE_QUERY, hits=3)
    Query.get(PHONE_QUERY).add_hit()
    return unanswered


@pytest.fixture
def editor(client, make_user):
    return login(client, make_user("lanjing-editor", "览景社区 编辑"))


def body_of(response):
    content = response.content.decode()
    return (
        response.json()["html"] if response.get("Content-Type") == "application/json" else content
    )


@pytest.mark.parametrize(
    "url",
    [
        SNIPPET_CHOOSER,
        SNIPPET_CHOOSER + "results/?q=低保",
        PROMOTION_CHOOSER,
        PROMOTION_CHOOSER + "results/?q=低保",
    ],
)
def test_community_editors_cannot_read_residents_queries(editor, queries, url):
    response = editor.get(url, **ZH)
    assert response.status_code in (302, 403), response.status_code
    assert "13912345678" not in response.content.decode()


def test_community_editors_cannot_fetch_a_chosen_query(editor, queries):
    response = editor.get(f"{SNIPPET_CHOOSER}chosen/{queries.pk}/", **ZH)
    assert response.status_code in (302, 403), response.status_code
    assert "13912345678" not in response.content.decode()


@pytest.mark.parametrize("url", [SNIPPET_CHOOSER, PROMOTION_CHOOSER])
def test_administrators_still_read_the_queries(client, admin_user, queries, url):
    force_login(client, admin_user)
    response = client.get(url, **ZH)
    assert response.status_code == 200
    assert "13912345678" in body_of(response)


def test_editors_who_manage_promotions_still_choose_queries(client, make_user, queries):
    group = Group.objects.create(name="搜索推荐编辑")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_searchpromotion"),
    )
    promoter = login(client, make_user("promoter", "搜索推荐编辑"))
    response = promoter.get(PROMOTION_CHOOSER, **ZH)
    assert response.status_code == 200
    assert "13912345678" in body_of(response)
