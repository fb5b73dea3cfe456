"""A notice's body: the numbers residents are asked to call are tap-to-call links."""

import pytest
from bs4 import BeautifulSoup

from tests.conftest import html_of
from tests.factories import CommunityPageFactory, NoticePageFactory

pytestmark = pytest.mark.django_db


def test_phone_numbers_in_a_notice_body_are_tel_links_and_the_text_stays_escaped(client, street):
    community = CommunityPageFactory(parent=street)
    notice = NoticePageFactory(
        parent=community, body="停水期间请储水。\n有问题请拨打0906-2100005 <b>值班电话</b>"
    )
    article = BeautifulSoup(html_of(client.get(notice.url)), "html.parser").find("article")
    assert article.find("a", string="0906-2100005")["href"] == "tel:+86-906-2100005"
    assert article.find("b") is None and "<b>值班电话</b>" in article.get_text()
