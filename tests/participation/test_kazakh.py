"""The residents' forms in Kazakh (/kk/take-part/): each form right to left with its labels and
help in Kazakh, a Kazakh submission landing in the same inbox with its receipt in Kazakh, bad
answers refused in Kazakh with a 4xx, the switcher landing on the same form, and the Chinese forms
as they were (the control)."""

import re

import pytest

from participation.models import Submission
from tests.conftest import html_of
from tests.participation.conftest import TOKEN, fields_for, submitted

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

HAN = re.compile(r"[\u4e00-\u9fff]")
KINDS = ("wish", "report", "storage", "correction", "feedback")


def main_of(html):
    return html[html.index("<main") : html.index("</main>")]


def visible_text(html):
    """The text a resident reads in <main>, without the names of places (communities and their
    stations are proper names, listed as the Chinese pages have them)."""
    text = re.sub(r"<option[^>]*>.*?</option>", " ", main_of(html), flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


def url_for(kind, page=None, language="/kk"):
    query = f"?page={page.pk}" if kind in ("correction", "feedback") else ""
    return f"{language}/take-part/{kind}/{query}"


def kazakh_submit(client, kind, data, query=""):
    url = f"/kk/take-part/{kind}/{query}"
    token = TOKEN.search(html_of(client.get(url))).group(1)
    return client.post(url, {**data, "form_token": token, "homepage": ""})


@pytest.mark.parametrize("kind", KINDS)
def test_each_form_is_kazakh_right_to_left(client, kind, storage_service):
    response = client.get(url_for(kind, storage_service))
    html = html_of(response)
    assert response.status_code == 200
    assert re.search(r'<html lang="kk-Arab" dir="rtl"', html)
    text = visible_text(html)
    assert not HAN.findall(text), HAN.findall(text)
    # The labels and the button are Kazakh, and the form posts back to the Kazakh address.
    assert "جىبەرۋ" in text
    assert f'action="/kk/take-part/{kind}/"' in html
    # The switcher lands on the same form in Chinese.
    assert f'href="{url_for(kind, storage_service, language="")}"' in html.replace("&amp;", "&")


def test_the_chinese_forms_are_unchanged(client, storage_service):
    """Control: the same forms at their Chinese addresses, in Chinese, left to right."""
    for kind in KINDS:
        html = html_of(client.get(url_for(kind, storage_service, language="")))
        assert re.search(r'<html lang="zh-Hans" dir="ltr"', html)
        assert "提交</button>" in html and "جىبەرۋ" not in html
    wish = html_of(client.get("/take-part/wish/"))
    assert "心愿是什么" in wish and "请选择社区" in wish


def test_a_kazakh_wish_lands_in_the_inbox_and_its_receipt_is_kazakh(client, lanjing):
    before = Submission.objects.count()
    response = kazakh_submit(client, "wish", fields_for("wish", community=lanjing))
    submission = submitted(response)
    assert Submission.objects.count() == before + 1
    assert submission.kind == "wish" and submission.community == lanjing
    assert response["Location"].startswith(f"/kk/take-part/status/{submission.receipt_code}/")
    receipt = html_of(client.get(response["Location"]))
    assert 'lang="kk-Arab" dir="rtl"' in receipt
    assert "قابىلداندى، راحمەت" in receipt and submission.receipt_code in receipt
    assert "كىشكەنە تىلەك" in receipt  # its kind, in Kazakh
    assert not HAN.findall(visible_text(receipt).replace(lanjing.title, ""))
    # The inbox is the Chinese one: the same item, with its Chinese kind label.
    assert Submission.objects.filter(pk=submission.pk, community=lanjing).exists()
    assert submission.kind_label == "微心愿"


def test_kazakh_feedback_about_a_translated_page_names_it_in_kazakh(client, storage_service):
    html = html_of(client.get(url_for("feedback", storage_service)))
    assert "شاڭعى جابدىقتارىن تەگىن ساقتاۋ" in html  # the translation's title
    assert 'href="/kk/services/ski-snowboard-free-storage/"' in html
    response = kazakh_submit(
        client,
        "feedback",
        fields_for("feedback", page=storage_service),
        f"?page={storage_service.pk}",
    )
    assert submitted(response).page_id == storage_service.pk


def test_a_bad_kazakh_submission_is_refused_in_kazakh(client, lanjing):
    before = Submission.objects.count()
    data = {**fields_for("wish", community=lanjing), "contact_phone": "123", "text": ""}
    response = kazakh_submit(client, "wish", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'lang="kk-Arab" dir="rtl"' in html
    assert "جىبەرىلمەدى، تٶمەندە بەلگىلەنگەن جەرلەردى تۇزەتىڭىز" in html
    assert "بۇل جولدى تولتىرىڭىز." in html  # the empty wish
    assert "11 تاڭبالى ۇيالى تەلەفون" in html  # the bad phone number
    assert not HAN.findall(visible_text(html)), HAN.findall(visible_text(html))
    assert Submission.objects.count() == before
    # Control: the same answers at the Chinese address are refused in Chinese.
    url = "/take-part/wish/"
    token = TOKEN.search(html_of(client.get(url))).group(1)
    chinese = client.post(url, {**data, "form_token": token, "homepage": ""})
    assert chinese.status_code == 400
    assert "请填写这一项。" in chinese.content.decode()
    assert "请填写11位手机号" in chinese.content.decode()


def test_a_replayed_kazakh_form_is_a_409_in_kazakh(client, lanjing):
    url = "/kk/take-part/wish/"
    data = {**fields_for("wish", community=lanjing), "homepage": ""}
    data["form_token"] = TOKEN.search(html_of(client.get(url))).group(1)
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 409
    assert "بۇل كەستە جىبەرىلىپ قويعان" in again.content.decode()


def test_the_status_lookup_and_the_index_are_kazakh(client):
    missing = client.get("/kk/take-part/status/?code=XD-0000-0000")
    assert missing.status_code == 404
    assert "ٴتۇبىرتەك نٶمىرى تابىلمادى" in missing.content.decode()
    index = html_of(client.get("/kk/take-part/"))
    assert 'href="/kk/take-part/wish/"' in index and "تۇرعىندار قاتىسۋى" in index


def test_kazakh_pages_link_to_the_kazakh_forms(client, storage_service):
    html = html_of(client.get("/kk/services/ski-snowboard-free-storage/"))
    assert f'href="/kk/take-part/correction/?page={storage_service.pk}"' in html
    assert 'action="/kk/take-part/feedback/"' in html
    assert "بۇل بەت پايدالى ما؟" in html
