"""Residents' everyday phrasings (SearchIntent): the shipped data, its versioned loading that never
undoes editors' work, editing in the admin next to the synonyms, and the to-do list of searches
that found nothing, each of which can be turned into a phrasing."""

import json
import re

import pytest
from bs4 import BeautifulSoup

from django.core.exceptions import ValidationError

from wagtail.models import Page

from core.localization import in_default_language
from search.models import SearchIntent, ShippedDataVersion, UnansweredQuery
from search.seeding import INTENTS, IntentDataError, read_intents, seed_intents
from services_catalog.models import ServicePage
from tests.conftest import force_login, html_of, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
ADD_URL = "/admin/snippets/search/searchintent/add/"
TODO_URL = "/admin/snippets/search/unansweredquery/"


def result_urls(client, query):
    html = html_of(client.get("/search/", {"q": query}))
    return re.findall(r'<h2 class="card__title"><a href="([^"]+)">', html)


def write_data(tmp_path, version, intents):
    path = tmp_path / "intents.json"
    path.write_text(json.dumps({"version": version, "intents": intents}, ensure_ascii=False))
    return path


def entry(key, phrases, pages, since=1, **extra):
    return {"key": key, "since": since, "phrases": phrases, "pages": pages, **extra}


def test_the_shipped_phrasings_are_all_loaded_valid_and_point_at_live_pages():
    data = read_intents()
    assert len(data["intents"]) >= 50
    assert SearchIntent.objects.filter(key__isnull=False).count() == len(data["intents"])
    for intent in SearchIntent.objects.prefetch_related("answers__page"):
        intent.full_clean()
        assert intent.answers.exists(), intent
        assert all(answer.page.live for answer in intent.answers.all()), intent
    assert ShippedDataVersion.objects.get(name="intents").version == data["version"]


def test_loading_again_changes_nothing():
    log = []
    seed_intents(log.append)
    assert log == []


def test_a_phrasing_puts_its_pages_first(client):
    assert result_urls(client, "孩子放学了没人管怎么办")[:2] == [
        "/services/after-school-care-class/",
        "/services/student-homework-tutoring/",
    ]
    assert set(result_urls(client, "吃饭")[:2]) == {
        "/services/community-happiness-canteen/",
        "/services/meal-points-for-old-and-young/",
    }


def test_versioned_loading_keeps_editors_work(tmp_path):
    services = "/services/frozen-pipe-thawing/"
    repairs = "/services/plumbing-and-electrical-repair/"
    log = []
    # Version 100: two new phrasings beside the shipped ones.
    first = write_data(
        tmp_path,
        100,
        [
            entry("test-a", ["测试说法甲"], [services], since=100),
            entry("test-b", ["测试说法乙"], [services], since=100),
        ],
    )
    seed_intents(log.append, first)
    assert SearchIntent.objects.filter(key__in=["test-a", "test-b"]).count() == 2
    # An editor changes one and deletes the other.
    edited = SearchIntent.objects.get(key="test-a")
    edited.phrases = "编辑改过的说法"
    edited.save()
    SearchIntent.objects.get(key="test-b").delete()
    # Version 101 changes both and adds a third.
    second = write_data(
        tmp_path,
        101,
        [
            entry("test-a", ["测试说法甲二"], [repairs], since=100),
            entry("test-b", ["测试说法乙二"], [repairs], since=100),
            entry("test-c", ["测试说法丙"], [services, repairs], since=101),
        ],
    )
    seed_intents(log.append, second)
    assert SearchIntent.objects.get(key="test-a").phrases == "编辑改过的说法"  # kept
    assert not SearchIntent.objects.filter(key="test-b").exists()  # stays deleted
    added = SearchIntent.objects.get(key="test-c")
    assert [a.page.url_path for a in added.answers.all()] == [
        "/home" + services,
        "/home" + repairs,
    ]
    # Unedited shipped phrasings follow the file.
    third = write_data(tmp_path, 102, [entry("test-c", ["测试说法丙二"], [repairs], since=101)])
    seed_intents(log.append, third)
    added.refresh_from_db()
    assert added.phrases == "测试说法丙二"
    assert [a.page.url_path for a in added.answers.all()] == ["/home" + repairs]
    assert ShippedDataVersion.objects.get(name="intents").version == 102


@pytest.mark.parametrize(
    ("intents", "problem"),
    [
        ([entry("bad-page", ["测试"], ["/services/no-such-service/"])], "找不到页面"),
        ([entry("too-long", ["长" * 31], ["/services/"])], "说法太长"),
        ([entry("empty", [], ["/services/"])], "请至少写一个说法"),
    ],
)
def test_bad_shipped_data_is_refused_with_its_key(tmp_path, intents, problem):
    path = write_data(tmp_path, 200, intents)
    with pytest.raises(IntentDataError) as refused:
        seed_intents(lambda message: None, path)
    assert intents[0]["key"] in str(refused.value) and problem in str(refused.value)
    assert not SearchIntent.objects.filter(key=intents[0]["key"]).exists()


def test_phrasings_are_validated_as_an_editor_types_them():
    with pytest.raises(ValidationError):
        SearchIntent(phrases="吃饭、吃饭").full_clean()
    with pytest.raises(ValidationError):
        SearchIntent(phrases="、 、").full_clean()
    SearchIntent(phrases="吃饭、吃午饭").full_clean()


def test_a_phrasing_added_in_the_admin_works_at_once(client, admin_user):
    service = in_default_language(ServicePage.objects).get(slug="ski-snowboard-free-storage")
    assert service.url not in result_urls(client, "冬天穿的大头鞋")[:1]
    force_login(client, admin_user)
    response = client.post(
        ADD_URL,
        {
            "phrases": "冬天穿的大头鞋、大头鞋",
            "search_words": "",
            "note": "",
            "answers-TOTAL_FORMS": "1",
            "answers-INITIAL_FORMS": "0",
            "answers-MIN_NUM_FORMS": "0",
            "answers-MAX_NUM_FORMS": "1000",
            "answers-0-page": str(service.pk),
            "answers-0-ORDER": "1",
            "answers-0-id": "",
            "answers-0-DELETE": "",
        },
        **ZH,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert result_urls(client, "冬天穿的大头鞋")[0] == service.url


def test_the_admin_menu_has_phrasings_next_to_the_synonyms(admin_client):
    """站内搜索 → 同义词组, 居民常见说法, 无结果的搜索, in that order."""
    html = html_of(admin_client.get("/admin/", **ZH))
    order = [
        html.find("/admin/snippets/search/synonymgroup/"),
        html.find("/admin/snippets/search/searchintent/"),
        html.find("/admin/snippets/search/unansweredquery/"),
    ]
    assert -1 not in order and order == sorted(order)
    listing = html_of(admin_client.get("/admin/snippets/search/searchintent/?q=放学", **ZH))
    assert "居民常见说法" in listing and "放学没人管" in listing


def test_an_unanswered_query_becomes_a_phrasing_from_the_todo_list(admin_client):
    query = UnansweredQuery.objects.create(query_string="大头鞋放哪", hits=9)
    UnansweredQuery.objects.create(query_string="火星基地", hits=1)
    todo = BeautifulSoup(html_of(admin_client.get(TODO_URL, **ZH)), "html.parser")
    link = todo.find("a", string=re.compile("转为常见说法"))
    assert link["href"] == f"{ADD_URL}?from_query={query.pk}"
    form = BeautifulSoup(html_of(admin_client.get(link["href"], **ZH)), "html.parser")
    assert form.find("input", {"name": "phrases"})["value"] == "大头鞋放哪"
    assert form.find("form", action=re.compile(f"from_query={query.pk}"))
    service = in_default_language(ServicePage.objects).get(slug="ski-snowboard-free-storage")
    response = admin_client.post(
        link["href"],
        {
            "phrases": "大头鞋放哪",
            "search_words": "寄存",
            "note": "",
            "answers-TOTAL_FORMS": "1",
            "answers-INITIAL_FORMS": "0",
            "answers-MIN_NUM_FORMS": "0",
            "answers-MAX_NUM_FORMS": "1000",
            "answers-0-page": str(service.pk),
            "answers-0-ORDER": "1",
            "answers-0-id": "",
            "answers-0-DELETE": "",
        },
        **ZH,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    query.refresh_from_db()
    assert query.intent.phrases == "大头鞋放哪"
    pending = BeautifulSoup(
        html_of(admin_client.get(TODO_URL, {"pending": "true"}, **ZH)), "html.parser"
    )
    assert "大头鞋放哪" not in pending.select_one("table.listing").get_text()
    assert "火星基地" in pending.select_one("table.listing").get_text()
    everything = BeautifulSoup(html_of(admin_client.get(TODO_URL, **ZH)), "html.parser")
    assert "已处理：大头鞋放哪" in everything.select_one("table.listing").get_text()


def test_saving_a_phrasing_marks_the_searches_it_answers():
    waiting = UnansweredQuery.objects.create(query_string="家里的大头鞋放哪里", hits=2)
    other = UnansweredQuery.objects.create(query_string="火星基地", hits=1)
    intent = SearchIntent.objects.create(phrases="大头鞋放哪")
    waiting.refresh_from_db()
    other.refresh_from_db()
    assert waiting.intent == intent
    assert other.intent is None


def test_community_editors_cannot_read_queries_through_the_phrasing_form(client, make_user):
    query = UnansweredQuery.objects.create(query_string="13912345678 低保", hits=1)
    editor = login(client, make_user("lanjing-editor-2", "览景社区 编辑"))
    response = editor.get(f"{ADD_URL}?from_query={query.pk}", **ZH)
    assert "13912345678" not in response.content.decode()


def test_the_data_file_names_existing_pages_by_site_path():
    root = in_default_language(Page.objects).get(depth=2)
    for item in read_intents(INTENTS)["intents"]:
        for path in item["pages"]:
            assert Page.objects.filter(url_path=root.url_path + path.strip("/") + "/").exists(), (
                item["key"],
                path,
            )
