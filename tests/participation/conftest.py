"""Residents and editors on the shipped site: 览景社区 and 河滨社区 are in 解放路街道, 团结社区 in
团结路街道; 览景 offers ski-gear storage, 河滨 does not."""

import io
import re

import pytest
from PIL import Image

from django.test import Client

from communities.models import CommunityPage
from core.localization import in_default_language
from services_catalog.models import ServicePage
from tests.conftest import force_login

TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


@pytest.fixture
def lanjing(db):
    return CommunityPage.objects.get(slug="lanjing")


@pytest.fixture
def hebin(db):
    return CommunityPage.objects.get(slug="hebin")


@pytest.fixture
def tuanjie(db):
    return CommunityPage.objects.get(slug="tuanjie")


@pytest.fixture
def storage_service(db):
    return in_default_language(ServicePage.objects).get(code="FW-101")


def form_token(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return TOKEN.search(response.content.decode()).group(1)


def fields_for(kind, community=None, page=None):
    """Valid answers for each kind of form, as a resident fills it in."""
    if kind == "wish":
        return {
            "community": community.pk,
            "text": "想请人帮忙把家里的旧柜子搬到楼下。",
            "for_whom": "楼上的张奶奶",
            "contact_name": "王小明",
            "contact_phone": "13912345678",
            "consent": "on",
        }
    if kind == "report":
        return {
            "community": community.pk,
            "text": "路灯不亮，晚上走路看不见。",
            "location": "观雪苑小区5号楼东侧人行道",
            "contact_phone": "13912345678",
            "consent": "on",
        }
    if kind == "storage":
        return {
            "community": community.pk,
            "items": "单板1块、雪鞋1双",
            "date_from": "2099-12-01",
            "date_to": "2100-03-01",
            "contact_name": "王小明",
            "contact_phone": "13912345678",
            "consent": "on",
        }
    if kind == "correction":
        return {"page": page.pk, "text": "周六其实不开门。"}
    return {"page": page.pk, "useful": "no", "text": "没说要带什么材料。"}


def submit(client, kind, data, files=None, query=""):
    """GET the form (for its one-time token), then POST it, as a browser does."""
    if not query and "page" in data:
        query = f"?page={data['page']}"
    url = f"/take-part/{kind}/{query}"
    data = {**data, "form_token": form_token(client, url), "homepage": ""}
    if files:
        data["photos"] = files
    return client.post(url, data)


def jpeg_bytes(size=(64, 48), exif=None, color="red"):
    output = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif is not None:
        image.save(output, format="JPEG", exif=exif)
    else:
        image.save(output, format="JPEG")
    return output.getvalue()


@pytest.fixture
def editor_of(make_user):
    """A signed-in admin client for a new user in the named group (with an email address)."""

    def make(username, group):
        user = make_user(username, group)
        user.email = f"{username}@example.org"
        user.save()
        return force_login(Client(), user), user

    return make


def submitted(response):
    """The submission a successful POST made (its receipt code is in the redirect)."""
    from participation.models import Submission

    assert response.status_code == 302, response.content.decode()[:2000]
    code = response["Location"].split("/status/")[1].split("/")[0]
    return Submission.objects.get(receipt_code=code)
