"""Demo accounts for each editing role, created only by `seed_site --demo-users`."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from services_catalog.permissions import CITY_EDITORS

DEMO_USERS = [
    ("lanjing-editor", "览景社区 编辑", "览景社区编辑"),
    ("hebin-editor", "河滨社区 编辑", "河滨社区编辑"),
    ("jiefanglu-reviewer", "解放路街道 审核", "解放路街道审核人"),
    ("city-editor", CITY_EDITORS, "市级编辑"),
]


def create_demo_users(log):
    """Create missing demo users with fresh random passwords, printed once; never a fixed default."""
    User = get_user_model()
    for username, group_name, role in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue  # an existing account keeps the password it was given
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(username, password=password, first_name=role)
        user.groups.add(Group.objects.get(name=group_name))
        log(f"演示账号 {username}（{role}）密码：{password}")
