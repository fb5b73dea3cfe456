"""The shipped Kazakh seed (operations/data/kazakh.json): the ten most-used services and guides as
the file says they were chosen, every text matching its Chinese line, the guides' materials and
steps shown in Kazakh with the facts left Chinese, and bad files refused with the entry named."""

import copy
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from django.conf import settings

from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation

from home.seeding import FEATURED_SERVICES
from operations.kazakh import DATA, REVIEW_TOOL, KazakhDataError, load, seed_kazakh, stale_texts
from services_catalog.models import GuidePage, ServicePage
from tests.conftest import html_of

CATALOGUE = Path(settings.BASE_DIR) / "services_catalog" / "data"
HAN = re.compile(r"[\u4e00-\u9fff]")


def shipped():
    return json.loads(DATA.read_text(encoding="utf-8"))


def written(tmp_path, data):
    path = tmp_path / "kazakh.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_ten_services_and_guides_are_the_most_used_by_the_stated_rule():
    offerings = json.loads((CATALOGUE / "offerings.json").read_text(encoding="utf-8"))
    communities = offerings["communities"]
    slugs = {
        line.split(",")[0]: line.split(",")[1]
        for line in (CATALOGUE / "services.csv").read_text(encoding="utf-8").splitlines()
        if line.startswith("FW-")
    }
    guides = json.loads((CATALOGUE / "guides.json").read_text(encoding="utf-8"))
    guide_slugs = {guide["code"]: guide["slug"] for guide in guides}
    offered = Counter(item["code"] for c in communities for item in c["services"])
    handled = Counter(code for c in communities for code in c["proxy_guides"])
    by_use = sorted(offered, key=lambda code: (-offered[code], code))
    services = list(FEATURED_SERVICES) + [c for c in by_use if c not in FEATURED_SERVICES]
    expected_guides = sorted(handled, key=lambda code: (-handled[code], code))[:10]
    paths = [entry["path"] for entry in shipped()["pages"]]
    assert [p for p in paths if p.startswith("/services/") and p != "/services/"] == [
        f"/services/{slugs[code]}/" for code in services[:10]
    ]
    assert [p for p in paths if p.startswith("/guides/") and p != "/guides/"] == [
        f"/guides/{guide_slugs[code]}/" for code in expected_guides
    ]


@pytest.mark.e2e
@pytest.mark.django_db
def test_every_shipped_text_matches_a_line_of_its_chinese_page(home_page):
    assert stale_texts(home_page.get_site()) == {}
    guides = [e for e in shipped()["pages"] if e["path"].startswith("/guides/") and e.get("texts")]
    assert len(guides) == 10 and all(len(entry["texts"]) >= 15 for entry in guides)


@pytest.mark.e2e
@pytest.mark.django_db
def test_a_guide_shows_its_materials_and_steps_in_kazakh_and_its_facts_from_the_chinese_page(
    client,
):
    guide = GuidePage.objects.get(
        slug="low-income-subsistence-allowance", locale__language_code="zh-hans"
    )
    html = html_of(client.get("/kk/guides/low-income-subsistence-allowance/"))
    texts = next(e for e in shipped()["pages"] if e["path"].endswith(f"/{guide.slug}/"))["texts"]
    for chinese in ("居民身份证", "提出申请", "社区代为递交"):
        assert texts[chinese] in html
        assert f">{chinese}<" not in html
    # The conditions, one line each, in Kazakh.
    assert texts["共同生活的家庭成员月人均收入低于阿勒泰市当年公布的低保标准"] in html
    # Facts stay the Chinese page's: the item code and the complaint line.
    assert guide.item_code in html and guide.complaint_phone in html
    # Control: the Chinese page is Chinese.
    chinese = html_of(client.get("/guides/low-income-subsistence-allowance/"))
    assert "社区代为递交" in chinese and texts["社区代为递交"] not in chinese


@pytest.mark.e2e
@pytest.mark.django_db
def test_seeding_again_is_a_no_op_and_leaves_a_translators_step_alone(home_page):
    site = home_page.get_site()
    kazakh = Locale.objects.get(language_code=settings.KAZAKH)
    assert seed_kazakh(site, log=lambda _m: None) == []
    guide = GuidePage.objects.get(slug="temporary-assistance", locale=kazakh)
    seeded = StringTranslation.objects.filter(
        locale=kazakh, context__object_id=guide.translation_key, context__path__startswith="steps."
    )
    assert seeded.count() == 8 and set(seeded.values_list("tool_name", flat=True)) == {REVIEW_TOOL}
    step = seeded.first()
    step.data, step.tool_name, step.translation_type = "جاڭا ٴماتىن", "", "manual"
    step.save()
    assert seed_kazakh(site, log=lambda _m: None) == []
    step.refresh_from_db()
    assert step.data == "جاڭا ٴماتىن" and step.tool_name == ""


@pytest.mark.django_db
def test_a_changed_chinese_line_is_reported_not_forced(home_page, tmp_path):
    data = copy.deepcopy(shipped())
    entry = next(e for e in data["pages"] if e["path"] == "/guides/temporary-assistance/")
    entry["texts"]["这行中文已经改了"] = "بۇل جول ٶزگەرگەن"
    assert stale_texts(home_page.get_site(), written(tmp_path, data)) == {
        "/guides/temporary-assistance/": ["这行中文已经改了"]
    }


BAD_FILES = [
    (
        lambda d: d["pages"][8].update(title=""),
        "第 9 项（/services/meal-points-for-old-and-young/）：title 不能为空",
    ),
    (lambda d: d["pages"][8].update(summary="免费理发"), "summary 含有汉字"),
    (lambda d: d["pages"][8].update(title="Tegin shash"), "含有其他文字的字母"),
    (lambda d: d["pages"][8].update(title="Тегін шаш"), "含有其他文字的字母"),
    (lambda d: d["pages"][8].update(title="ثلاثاء"), "含有哈萨克文不用的字母 ث"),
    (
        lambda d: d["pages"][8]["texts"].update({"按号排队理发": "按号 كەزەك"}),
        "“按号排队理发”的译文含有汉字",
    ),
    (
        lambda d: d["pages"][8]["texts"].update({"按号排队理发": " "}),
        "“按号排队理发”的译文不能为空",
    ),
    (lambda d: d["pages"][8]["texts"].update({"no chinese": "كەزەك"}), "应为一行中文原文"),
    (lambda d: d["pages"].append(copy.deepcopy(d["pages"][8])), "这个页面前面已经有了"),
    (lambda d: d["pages"][8].update(path="services/x/"), "path 必须以 / 开头"),
    (lambda d: d.pop("version"), "需要 version"),
]


@pytest.mark.parametrize(("spoil", "message"), BAD_FILES)
def test_a_bad_file_is_refused_naming_the_entry(tmp_path, spoil, message):
    data = copy.deepcopy(shipped())
    spoil(data)
    with pytest.raises(KazakhDataError) as error:
        load(written(tmp_path, data))
    assert message in str(error.value)
    # Control: the file as shipped loads.
    assert len(load(written(tmp_path, shipped()))["pages"]) == 27


@pytest.mark.django_db
def test_a_missing_page_is_refused_before_anything_is_written(home_page, tmp_path):
    data = copy.deepcopy(shipped())
    entry = next(e for e in data["pages"] if e["path"] == "/guides/medical-assistance/")
    entry["texts"]["发放"] = "اقشا بەرۋ"  # a change that would be written
    data["pages"].append({"path": "/services/no-such-service/", "title": "جوق", "summary": "جوق"})
    pages = Page.objects.count()
    strings = StringTranslation.objects.count()
    with pytest.raises(KazakhDataError, match="/services/no-such-service/：网站上没有这个页面"):
        seed_kazakh(home_page.get_site(), log=lambda _m: None, path=written(tmp_path, data))
    assert (Page.objects.count(), StringTranslation.objects.count()) == (pages, strings)


@pytest.mark.e2e
@pytest.mark.django_db
def test_the_seeded_services_show_their_steps_in_kazakh(client):
    service = ServicePage.objects.get(
        slug="warm-new-rider-rest-station", locale__language_code="zh-hans"
    )
    html = html_of(client.get(f"/kk/services/{service.slug}/"))
    assert "«جىلى ٷي» قىزمەت ورنى" in html and "كەتكەندە ورىندىقتى رەتتەپ" in html
    assert not HAN.search(html[html.index("<h1") : html.index("</h1>")])
