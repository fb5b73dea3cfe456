"""The news rule of the content check: a phone number written in an article is its community's.

An article tells residents whom to call; a number that is not the station's (or its street
office's, or the hotline) is how one haircut came to have three phone numbers. The admin form
(news/admin_forms.py) and the content check (news/checks.py) both apply it.
"""

import re

PHONE = re.compile(r"(?<![\d-])(0\d{2,3}-\d{7,8}|1[3-9]\d{9})(?![\d-])")


def strings_of(value):
    """Every string inside a block value (paragraphs, quotes, captions), depth first."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        # A stream's raw data also holds each block's type and random id: not text anyone reads
        # (an id's digits can look like a mobile number).
        for key, item in value.items():
            if key not in ("id", "type"):
                yield from strings_of(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_of(item)


def allowed_numbers(community, street):
    numbers = set()
    for value in (community.phone, street.phone if street else ""):
        numbers |= {number.strip() for number in (value or "").split("、") if number.strip()}
    return numbers


def phone_problems(texts, community, street):
    """A sentence for each number in `texts` that is not the community's station's or street's."""
    allowed = allowed_numbers(community, street)
    found = []
    for text in texts:
        for number in PHONE.findall(text):
            if number not in allowed and number not in found:
                found.append(number)
    station = "、".join(sorted(allowed)) or "未填写"
    return [
        f"正文里的电话 {number} 不是{community.title}服务站或所属街道的电话（{station}）："
        "请改成服务站的电话，或先在社区页面登记这个号码。"
        for number in found
    ]
