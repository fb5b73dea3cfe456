"""Two-factor sign-in to the admin: enforced per group, set up with an authenticator app, passed
with its code or a one-time recovery code; and the audit log exported as CSV."""

import csv
import io

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client

from core.localization import in_default_language
from services_catalog.models import ServicePage
from site_config.security import ADMIN_POLICY
from site_config.two_factor import RECOVERY_CODE_COUNT
from tests.conftest import force_login, login
from tests.factories import CommunityPageFactory

SETUP = "/admin/two-factor/setup/"
VERIFY = "/admin/two-factor/verify/"
RECOVERY = "/admin/two-factor/recovery-codes/"


def exported(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


def code_of(device):
    """What the user's authenticator app shows right now."""
    token = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(token).zfill(device.digits)


@pytest.fixture
def requiring_group(db):
    """A group of our own whose members must use two-factor sign-in."""
    group = Group.objects.create(name="两步验证测试组")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["wagtailadmin", "core"],
            codename__in=["access_admin", "require_two_factor"],
        )
    )
    return group


@pytest.fixture
def plain_group(db):
    """A group with admin access that does not require a second factor."""
    group = Group.objects.create(name="普通后台组")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return group


def set_up_authenticator(client):
    """Go through the setup page as a user would, scanning the QR code into an app."""
    page = client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(confirmed=False)
    done = client.post(SETUP, {"otp_token": code_of(device)})
    assert done.status_code == 302 and done["Location"] == RECOVERY
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_a_group_holding_the_permission_must_set_up_a_second_factor(
    client, make_user, requiring_group
):
    user = make_user("zhang", requiring_group.name)
    login(client, user, second_factor=False)
    for path in ["/admin/", "/admin/pages/", "/admin/images/", RECOVERY]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{SETUP}?next="), path
    # The public site is not the admin: nothing changes there.
    assert client.get("/").status_code == 200


def test_a_group_without_the_permission_is_not_forced(client, make_user, plain_group):
    user = make_user("li", plain_group.name)
    login(client, user, second_factor=False)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert 'lang="zh-hans"' in dashboard.content.decode()


def test_setup_with_a_real_code_then_the_admin_works(client, make_user, requiring_group):
    user = make_user("wang", requiring_group.name)
    login(client, user, second_factor=False)
    page = client.get(SETUP)
    html = page.content.decode()
    assert "设置两步验证" in html and "<svg" in html and "完成设置" in html
    assert page["Content-Security-Policy"] == ADMIN_POLICY
    assert page["Cache-Control"].startswith("max-age=0")
    # Reloading keeps the same pending device (a QR code already scanned stays valid).
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=user).count() == 1

    wrong = client.post(SETUP, {"otp_token": "000000"})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    # django-otp then waits a second before the next try; the test does not.
    TOTPDevice.objects.get(user=user).throttle_reset()

    set_up_authenticator(client)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/account/").status_code == 200


def test_signing_in_again_asks_for_the_code(client, make_user, requiring_group):
    user = make_user("zhao", requiring_group.name)
    device = TOTPDevice.objects.create(user=user, name="验证器应用", confirmed=True)
    login(client, user, second_factor=False)
    response = client.get("/admin/account/")
    assert response["Location"] == f"{VERIFY}?next=/admin/account/"
    # With a device, setting up another needs the second step first.
    assert client.get(SETUP)["Location"].startswith(f"{VERIFY}?next=")

    form = client.get(VERIFY, {"next": "/admin/account/"})
    html = form.content.decode()
    assert "两步验证" in html and "恢复码" in html and "退出登录" in html
    assert form["Content-Security-Policy"] == ADMIN_POLICY
    refused = client.post(VERIFY, {"otp_token": "123456", "next": "/admin/account/"})
    assert "验证码不正确" in refused.content.decode()

    device.refresh_from_db()
    device.throttle_reset()
    verified = client.post(VERIFY, {"otp_token": code_of(device), "next": "/admin/account/"})
    assert verified.status_code == 302 and verified["Location"] == "/admin/account/"
    assert client.get("/admin/account/").status_code == 200


def test_an_outside_next_address_is_not_followed(client, make_user, requiring_group):
    user = make_user("qian", requiring_group.name)
    device = TOTPDevice.objects.create(user=user, name="验证器应用", confirmed=True)
    login(client, user, second_factor=False)
    response = client.post(VERIFY, {"otp_token": code_of(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_a_user_who_chose_a_second_factor_must_use_it(client, make_user, plain_group):
    user = make_user("sun", plain_group.name)
    login(client, user, second_factor=False)
    set_up_authenticator(client)
    other = Client()
    login(other, user, second_factor=False)
    assert other.get("/admin/")["Location"].startswith(f"{VERIFY}?next=")


def test_recovery_codes_are_shown_once_and_work_once(client, make_user, requiring_group):
    user = make_user("zhou", requiring_group.name)
    login(client, user, second_factor=False)
    set_up_authenticator(client)
    page = client.get(RECOVERY)
    assert "生成 10 个新的恢复码" in page.content.decode()
    made = client.post(RECOVERY)
    html = made.content.decode()
    codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(codes) == RECOVERY_CODE_COUNT == 10
    assert all(code in html for code in codes) and "离开本页后将无法再次查看" in html
    assert made["Cache-Control"].startswith("max-age=0")
    # Shown once: the page afterwards only counts them.
    again = client.get(RECOVERY).content.decode()
    assert "还有 10 个未使用的恢复码" in again and codes[0] not in again

    phone_lost = Client()
    login(phone_lost, user, second_factor=False)
    used = phone_lost.post(VERIFY, {"otp_token": codes[0].upper()})
    assert used.status_code == 302 and used["Location"] == "/admin/"
    assert "还剩 9 个" in phone_lost.get("/admin/").content.decode()

    replay = Client()
    login(replay, user, second_factor=False)
    refused = replay.post(VERIFY, {"otp_token": codes[0]})
    assert refused.status_code == 200 and "已使用过" in refused.content.decode()
    assert replay.get("/admin/").status_code == 302

    # New codes retire the old ones.
    client.post(RECOVERY)
    assert not StaticToken.objects.filter(token=codes[1]).exists()
    assert StaticDevice.objects.filter(user=user).count() == 1


def test_recovery_codes_need_the_second_step_first(client, make_user, plain_group):
    user = make_user("wu", plain_group.name)
    login(client, user, second_factor=False)
    assert client.get(RECOVERY)["Location"] == SETUP
    assert client.post(RECOVERY)["Location"] == SETUP
    assert not StaticToken.objects.filter(device__user=user).exists()


def test_an_administrator_resets_a_lost_device(client, make_user, requiring_group):
    user = make_user("zheng", requiring_group.name)
    TOTPDevice.objects.create(user=user, name="验证器应用", confirmed=True)
    StaticDevice.objects.create(user=user, name="恢复码").token_set.create(token="abcd2345")
    out = io.StringIO()
    call_command("reset_two_factor", "zheng", stdout=out)
    assert "已清除 zheng 的 2 个两步验证设备" in out.getvalue()
    login(client, user, second_factor=False)
    assert client.get("/admin/")["Location"].startswith(f"{SETUP}?next=")


def test_superusers_must_use_a_second_factor(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/")["Location"].startswith(f"{SETUP}?next=")
    force_login(client, admin_user)
    assert client.get("/admin/").status_code == 200


def test_administrators_choose_the_groups_in_the_group_editor(admin_client, requiring_group):
    html = admin_client.get(f"/admin/groups/edit/{requiring_group.pk}/").content.decode()
    assert "登录须两步验证" in html


def test_account_page_links_to_two_factor(admin_client):
    html = admin_client.get("/admin/account/").content.decode()
    assert "两步验证" in html and RECOVERY in html


@pytest.mark.e2e
def test_shipped_groups_reviewers_and_city_editors_must_community_editors_need_not(
    client, make_user
):
    for username, group in [("reviewer", "解放路街道 审核"), ("city", "市级编辑")]:
        other = Client()
        login(other, make_user(username, group), second_factor=False)
        assert other.get("/admin/")["Location"].startswith(f"{SETUP}?next="), group
    login(client, make_user("editor", "览景社区 编辑"))
    assert client.get("/admin/").status_code == 200


def test_a_street_republished_keeps_an_administrators_choice(street):
    """The permission is granted when the reviewers' group is made, not again on each publish."""
    street.save_revision().publish()
    street.refresh_from_db()
    group = street.reviewers_group
    assert group.permissions.filter(codename="require_two_factor").exists()
    group.permissions.remove(*group.permissions.filter(codename="require_two_factor"))
    street.title = f"{street.title}（改）"
    street.save_revision().publish()
    assert not group.permissions.filter(codename="require_two_factor").exists()
    CommunityPageFactory(parent=street)  # a new community gives its street nothing new either
    assert not group.permissions.filter(codename="require_two_factor").exists()


def test_site_history_exports_as_csv_with_a_publish(admin_client, admin_user, street):
    street.title = "导出测试街道"
    street.save_revision(user=admin_user).publish(user=admin_user)
    response = admin_client.get("/admin/reports/site-history/", {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported(response))))
    published = [row for row in rows if "导出测试街道" in row[1]]
    assert any("发布" in row[3] for row in published), rows[:5]


@pytest.mark.e2e
def test_site_history_keeps_actions_on_shipped_pages(admin_client):
    service = in_default_language(ServicePage.objects).get(code="FW-001")
    admin_client.post(f"/admin/pages/{service.pk}/unpublish/")
    response = admin_client.get("/admin/reports/site-history/", {"export": "csv"})
    assert service.title in exported(response)
