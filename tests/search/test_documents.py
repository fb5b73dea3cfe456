"""The search documents (search/documents.py): one per live public page, kept current by every way
a page is indexed, and searched with plans that stop at the newest matches."""

from io import StringIO
from unittest import mock

import pytest

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from wagtail.models import Page, PageViewRestriction

from communities.models import CommunityPage, NoticePage
from core.localization import default_language, in_default_language, locale_id
from search import documents
from search import query as site_search
from search.kinds import ARTICLES, CATALOGUE, KINDS, kind_of
from search.knowledge import knowledge
from services_catalog.models import ServicePage
from tests.factories import NewsPageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

KAZAKH = settings.KAZAKH


def public_pages():
    return [
        page
        for page in in_default_language(Page.objects.live()).specific()
        if kind_of(type(page)) is not None
    ]


def live_translations():
    """The live Kazakh translations of searchable pages: each has a document of its own, in the
    Kazakh pools (search.documents), besides its Chinese page's."""
    return [
        page
        for page in Page.objects.live().exclude(locale_id=locale_id(default_language())).specific()
        if kind_of(type(page)) is not None
    ]


def documented_pages():
    return len(public_pages()) + len(live_translations())


def urls_for(query):
    return [hit.url_path for hit in site_search.search(query).hits]


def test_every_live_public_page_has_one_document_of_its_kind():
    pages = public_pages()
    # One per Chinese page, and one per live translation (the seeded ones: every translated page
    # is searchable).
    translated = live_translations()
    assert len(translated) == Page.objects.live().filter(locale__language_code=KAZAKH).count() > 0
    assert documents.count() == len(pages) + len(translated)
    kinds = {kind_of(type(page)).key for page in pages}
    assert kinds == set(KINDS)  # every kind has pages in the shipped site
    rows = {row.pk: row for row in documents.pool_rows(CATALOGUE) + documents.pool_rows(ARTICLES)}
    for page in pages:
        assert rows[page.pk].kind == kind_of(type(page)).key
        assert rows[page.pk].title == page.title


def test_a_notice_is_found_by_its_title_type_and_area():
    notice = NoticePage.objects.get(slug="lanjing-water-pipe-repair")
    for query in ("临时停水", "停水通知", "览景小区1–6号楼"):
        assert notice.url_path in urls_for(query), query


def test_a_station_is_found_by_its_function_areas_and_phone():
    lanjing = CommunityPage.objects.get(slug="lanjing")
    assert lanjing.url_path in urls_for("儿童托管室")
    assert lanjing.url_path in urls_for("功能区")
    assert lanjing.url_path in urls_for("2123607")


def test_publishing_unpublishing_moving_and_deleting_keep_the_documents(community_index):
    lanjing = CommunityPage.objects.get(slug="lanjing")
    news = NewsPageFactory(parent=lanjing, title="测试冰灯展开幕")
    assert news.url_path in urls_for("冰灯展")
    news.unpublish()
    assert news.url_path not in urls_for("冰灯展")
    news.save_revision().publish()
    assert news.pk in [hit.pk for hit in site_search.search("冰灯展").hits]
    # Moved under another community: its new place and URL, without re-indexing.
    xueyuan = CommunityPage.objects.get(slug="xueyuan")
    news.move(xueyuan, pos="last-child")
    hit = next(hit for hit in site_search.search("冰灯展").hits if hit.pk == news.pk)
    assert hit.community == "雪苑社区"
    assert hit.url_path.startswith(xueyuan.url_path)
    # A place's own articles are found by the community's token, which the move re-indexed.
    gazetteer = knowledge().gazetteer
    in_xueyuan = documents.find([["冰灯"]], ARTICLES, 10, within=[gazetteer.community("xueyuan")])
    in_lanjing = documents.find([["冰灯"]], ARTICLES, 10, within=[gazetteer.community("lanjing")])
    assert [row.pk for row in in_xueyuan] == [news.pk]
    assert in_lanjing == []
    assert next(h for h in site_search.search("雪苑 冰灯展").hits if h.pk == news.pk).in_place
    news.delete()
    assert not any(hit.pk == news.pk for hit in site_search.search("冰灯展").hits)


def test_a_page_under_a_view_restriction_is_not_found():
    service = in_default_language(ServicePage.objects).get(slug="ski-snowboard-free-storage")
    assert service.url_path in urls_for("寄存")
    PageViewRestriction.objects.create(page=service, restriction_type="login")
    assert service.url_path not in urls_for("寄存")


@pytest.mark.slow
def test_update_index_rewrites_the_documents_and_forgets_stale_ones():
    lanjing = CommunityPage.objects.get(slug="lanjing")
    stale = NewsPageFactory(parent=lanjing, title="测试过期的页面")
    Page.objects.filter(pk=stale.pk).update(live=False)  # behind the index's back
    documents.clear()
    call_command("update_index", stdout=StringIO())
    assert documents.count() == documented_pages()
    assert stale.pk not in [row.pk for row in documents.pool_rows(ARTICLES)]


def test_seeding_fills_the_documents_of_an_older_database():
    documents.clear()
    assert documents.count() == 0
    assert documents.ensure() == documented_pages()
    assert documents.count() == documented_pages()
    assert documents.ensure() == 0  # already there


def test_the_newest_matches_come_from_an_index_not_a_sort():
    """A common word (社区) matches most pages: the database must hand out matches newest first
    and stop after the pool's limit, not collect and sort them all."""
    sql, params = documents.find_sql([["社区"]], ARTICLES, 500)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with transaction.atomic():
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute(f"EXPLAIN {sql}", params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            assert (
                "search_documents_pool_page" in plan or "search_documents_articles_words" in plan
            ), plan
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " / ".join(row[-1] for row in cursor.fetchall())
            assert "VIRTUAL TABLE INDEX" in plan and "TEMP B-TREE" not in plan, plan


def test_with_a_search_server_the_pages_are_read_from_what_it_finds(client):
    """SEARCH_URL (OpenSearch) keeps no documents: the server finds the pages and their rows are
    read from the pages. Played here by the database backend without the documents."""
    documents.clear()
    with mock.patch.object(documents, "maintained", return_value=False):
        assert (
            site_search.search("寄存").hits[0].url_path
            == "/home/services/ski-snowboard-free-storage/"
        )
        hits = site_search.search("览景 吃饭").hits
        assert hits[0].url_path == "/home/services/community-happiness-canteen/"
        assert hits[0].in_place
        html = client.get("/search/", {"q": "孩子放学没人管"}).content.decode()
        assert "/services/after-school-care-class/" in html
