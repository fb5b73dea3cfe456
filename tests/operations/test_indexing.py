"""indexed_once() (operations/indexing.py): a bulk job indexes each saved object once, at the end."""

from unittest import mock

import pytest

from modelsearch import index
from wagtail.search.models import IndexEntry

from operations.indexing import indexed_once
from tests.factories import CommunityPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(street):
    return CommunityPageFactory(parent=street)


@pytest.fixture
def spy():
    with mock.patch(
        "modelsearch.index.insert_or_update_object", wraps=index.insert_or_update_object
    ) as insert_or_update:
        yield insert_or_update


def indexed(spy, page):
    return [call.args[0] for call in spy.call_args_list if call.args[0].pk == page.pk]


def test_a_page_saved_many_times_inside_is_indexed_once_in_its_final_state(community, spy):
    with indexed_once():
        news = NewsPageFactory(parent=community, title="测试草稿标题")
        for n in range(3):
            news.title = f"测试第{n}版标题"
            news.save()
        news.title = "测试冰雪节最终标题"
        news.save_revision().publish()
        assert indexed(spy, news) == []

    assert [page.title for page in indexed(spy, news)] == ["测试冰雪节最终标题"]
    entry = IndexEntry.objects.get(object_id=str(news.pk), content_type__model="newspage")
    assert "冰雪节" in entry.title and "草稿" not in entry.title


def test_saves_after_leaving_are_indexed_again_as_they_happen(community, spy):
    with indexed_once():
        pass
    news = NewsPageFactory(parent=community)
    news.title = "测试离开后的标题"
    news.save()
    assert len(indexed(spy, news)) >= 2
    assert indexed(spy, news)[-1].title == "测试离开后的标题"
