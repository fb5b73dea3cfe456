"""The search page as residents use it: Chinese queries, kinds, highlights, bad input, statistics."""

import re
from io import StringIO

import pytest

from django.core.management import call_command

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from communities.models import CommunityPage
from core.localization import in_default_language
from core.segmentation import segment
from search import query as site_search
from search import statistics
from search.knowledge import knowledge
from search.models import SynonymGroup, UnansweredQuery
from services_catalog.models import GuidePage, ServicePage
from tests.conftest import html_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def result_titles(html):
    return [
        re.sub(r"</?mark>", "", title)
        for title in re.findall(r'<h2 class="card__title"><a href="[^"]+">(.+?)</a></h2>', html)
    ]


def test_segmenter_splits_chinese_into_words_with_the_site_dictionary():
    assert segment("雪板免费寄存服务").split() == ["雪板", "免费", "寄存", "服务"]
    assert "义剪" in segment("周二免费理发（义剪）").split()
    assert "低保" in segment("低保申请办事指南").split()


@pytest.mark.parametrize(
    ("query", "right_answers"),
    [
        ("寄存", {"雪板雪具免费寄存"}),
        ("低保", {"最低生活保障申请"}),
        ("办残疾证", {"残疾人证办理", "残疾人证办理协助"}),
        ("义剪", {"周二免费理发（义剪）"}),
    ],
)
def test_short_chinese_queries_find_the_right_page_first(client, query, right_answers):
    html = html_of(client.get("/search/", {"q": query}))
    assert result_titles(html)[0] in right_answers


def test_title_match_outranks_body_match_and_services_outrank_news(client):
    titles = result_titles(html_of(client.get("/search/", {"q": "雪板"})))
    assert titles[0] == "雪板雪具免费寄存"
    service_position = titles.index("雪板雪具免费寄存")
    news_positions = [i for i, t in enumerate(titles) if "雪" in t and t != "雪板雪具免费寄存"]
    assert all(service_position < i for i in news_positions)


def test_results_show_kind_community_and_highlighted_snippet(client):
    html = html_of(client.get("/search/", {"q": "义剪", "type": "news"}))
    assert '<span class="badge">社区动态</span> · ' in html
    assert "<mark>义剪</mark>" in html
    assert re.search(r"社区动态（\d+）", html)


def test_counts_per_kind_and_kind_filter(client):
    html = html_of(client.get("/search/", {"q": "医保"}))
    counts = dict(
        re.findall(r">(便民服务|政务指南|社区|街道|栏目|社区动态|志愿服务|通知)（(\d+)）<", html)
    )
    assert int(counts["政务指南"]) > 0
    guides_only = html_of(client.get("/search/", {"q": "医保", "type": "guide"}))
    guide_titles = set(GuidePage.objects.values_list("title", flat=True))
    assert result_titles(guides_only)
    assert set(result_titles(guides_only)) <= guide_titles


def test_community_filter(client):
    html = html_of(client.get("/search/", {"q": "寄存", "community": "lanjing", "type": "service"}))
    lanjing = CommunityPage.objects.get(slug="lanjing")
    offered = set(
        in_default_language(ServicePage.objects)
        .filter(offered_at__community=lanjing)
        .values_list("title", flat=True)
    )
    assert result_titles(html) and set(result_titles(html)) <= offered


def test_synonyms_are_editable(client):
    assert "最低生活保障申请" in result_titles(html_of(client.get("/search/", {"q": "低保金"})))
    SynonymGroup.objects.create(terms="冬天穿的鞋、雪鞋")
    assert "雪板雪具免费寄存" in result_titles(html_of(client.get("/search/", {"q": "冬天穿的鞋"})))


def test_a_synonym_stands_in_for_its_word_not_for_the_whole_query(client):
    """外卖小哥 充电 means riders' charging points: 骑手 replaces 外卖小哥, 充电 is still required."""
    titles = result_titles(html_of(client.get("/search/", {"q": "外卖小哥 充电"})))
    assert "手机和电动车充电点" in titles[:5] or "电动车电池安全充电" in titles[:3]
    alternatives = site_search.synonym_alternatives(
        "外卖小哥 充电", ["外卖小哥", "充电"], knowledge().synonyms
    )
    assert ["骑手", "充电"] in alternatives
    assert all("充电" in words for words in alternatives)
    _hits, with_charging, _more = site_search.search("外卖小哥 充电")
    _hits, riders, _more = site_search.search("骑手")
    assert sum(with_charging.values()) < sum(riders.values())


def test_no_results_says_so_and_suggests_listings_and_promotions(client):
    page = in_default_language(ServicePage.objects).get(code="FW-101")
    SearchPromotion.objects.create(query=Query.get("火星旅行"), page=page, description="试试这个")
    html = html_of(client.get("/search/", {"q": "火星旅行"}))
    assert "没有找到与“火星旅行”有关的内容" in html
    assert 'href="/services/"' in html and 'href="/guides/"' in html
    assert "推荐" in html and page.title in html


def test_queries_are_recorded_for_editors(client):
    client.get("/search/", {"q": "寄存"})
    client.get("/search/", {"q": "寄存"})
    client.get("/search/", {"q": "火星基地"})
    assert statistics.flush() == 3
    assert Query.get("寄存").hits == 2
    assert UnansweredQuery.objects.get(query_string="火星基地").hits == 1
    assert not UnansweredQuery.objects.filter(query_string="寄存").exists()


def test_empty_query_shows_the_form_and_suggestions(client):
    for q in ("", "   ", "\t\n"):
        html = html_of(client.get("/search/", {"q": q}))
        assert "请输入要找的服务或事项" in html


def test_long_query_is_truncated_with_a_note(client):
    html = html_of(client.get("/search/", {"q": "寄存" * 5000}))
    assert "只按前 100 个字搜索" in html


@pytest.mark.parametrize(
    "q",
    [
        "\x00寄存\x00",
        "寄\x01存\x1f",
        '<script>alert("x")</script>',
        '"寄存',
        "寄存*",
        "-寄存",
        "寄存 NEAR 雪板",
        "NEAR(寄存 雪板)",
        "(((寄存",
        "' OR 1=1 --",
        "寄存 AND OR NOT",
        "😀🎿",
    ],
)
def test_hostile_or_odd_queries_never_fail(client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "\x00" not in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": "寄存", "type": "bogus"},
        {"q": "寄存", "page": "abc"},
        {"q": "寄存", "page": "999"},
        {"q": "寄存", "page": "-1"},
        {"q": "寄存", "community": "nowhere"},
    ],
)
def test_bad_parameters_are_200_or_404(client, params):
    assert client.get("/search/", params).status_code in (200, 404)


def test_suggestions_endpoint(client):
    data = client.get("/search/suggest/", {"q": "寄存"}).json()
    assert data["results"][0] == {
        "title": "雪板雪具免费寄存",
        "url": in_default_language(ServicePage.objects).get(code="FW-101").url,
        "kind": "便民服务",
    }
    assert client.get("/search/suggest/", {"q": ""}).json() == {"results": []}


def test_publishing_updates_the_index(client):
    page = in_default_language(ServicePage.objects).get(code="FW-101")
    page.title = "冰雪装备寄放点"
    page.save_revision().publish()
    assert "冰雪装备寄放点" in result_titles(html_of(client.get("/search/", {"q": "寄放点"})))
    page.unpublish()
    assert "冰雪装备寄放点" not in result_titles(html_of(client.get("/search/", {"q": "寄放点"})))


@pytest.mark.slow
def test_update_index_rebuilds_and_refreshes_statistics(client):
    out = StringIO()
    call_command("update_index", stdout=out)
    assert "ANALYZE" in out.getvalue()
    assert result_titles(html_of(client.get("/search/", {"q": "寄存"})))[0] == "雪板雪具免费寄存"
