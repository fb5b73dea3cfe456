"""The catalogue's content rules, as plain functions of a record's values.

The model's `clean()` (so the admin form and the importers), and the site-wide content check
(`services_catalog/checks.py`, run by `manage.py check_content`) call the same functions, so an
editor, a file and the nightly check meet one wording of each rule.
"""

import re

from services_catalog.codes import ITEM_CODE_PATTERN, item_code_problem

# Words that mean the resident pays something: an amount in yuan, a production fee, a premium.
CHARGING = re.compile(r"\d+(?:\.\d+)?\s*元|工本费|收取|缴纳|缴费|利息|自理|另收|另行支付")
NOT_CHARGING = {"", "不收费", "免费"}
# A step that sends the resident somewhere in person, and words that offer another way.
IN_PERSON = re.compile(r"到[^，。；]{0,20}(窗口|派出所|服务大厅|现场)|现场(核验|签字|办理|领取)")
ANOTHER_WAY = re.compile(r"网上|线上|APP|手机|政务服务网|也可以")


def fee_text(is_free, fee_standard):
    """What residents read about the fee, the same on the page, in the CSV, the API and the
    structured data: the standard whenever it has text."""
    if is_free:
        return fee_standard or "不收费"
    return f"收费：{fee_standard}"


def fee_errors(is_free, fee_standard):
    if is_free and CHARGING.search(fee_standard or ""):
        return [
            (
                "fee_standard",
                f"勾选了“不收费”，收费标准却写了要交的钱（“{fee_standard}”）："
                "群众要交费的请取消“不收费”，写明收费项目和金额。",
            )
        ]
    if not is_free and (fee_standard or "").strip() in NOT_CHARGING:
        return [("fee_standard", "收费的事项请写明收费项目和金额。")]
    return []


def time_limit_errors(prefix, label, limit, unit):
    if unit == "当场办结" and limit:
        return [(f"{prefix}_limit", f"{label}为当场办结时，天数请留空。")]
    if unit and unit != "当场办结" and not limit:
        return [(f"{prefix}_limit", f"请填写{label}的天数，或把单位选为“当场办结”。")]
    return []


def named_communities(text, community_names):
    """The community names (览景社区, or 览景 alone) that `text` mentions."""
    found = []
    for name in community_names:
        short = name.removesuffix("社区")
        if name in text or (len(short) >= 2 and short in text):
            found.append(name)
    return found


def guide_errors(guide, community_names):
    """Errors in one guide's own values: (field name, message)."""
    errors = fee_errors(guide.is_free, guide.fee_standard)
    errors += time_limit_errors("legal", "法定办结时限", guide.legal_limit, guide.legal_unit)
    errors += time_limit_errors(
        "promised", "承诺办结时限", guide.promised_limit, guide.promised_unit
    )
    if (
        guide.legal_unit == guide.promised_unit != "当场办结"
        and guide.legal_limit
        and guide.promised_limit
        and guide.promised_limit > guide.legal_limit
    ):
        errors.append(("promised_limit", "承诺办结时限不能长于法定办结时限。"))
    if guide.authority_id and ITEM_CODE_PATTERN.match(guide.item_code or ""):
        problem = item_code_problem(guide.item_code, guide.authority.credit_code, guide.item_type)
        if problem:
            errors.append(("item_code", f"事项编码{problem}。"))
    named = named_communities(guide.location or "", community_names)
    if named:
        errors.append(
            (
                "location",
                f"窗口办理地点写了社区（{'、'.join(named)}）：可帮代办的社区由各社区页面的"
                "“可帮代办的政务服务”登记，指南页面自动列出，这里只写部门窗口。",
            )
        )
    return errors


def guide_warnings(guide):
    """Things worth a look that may be right: (field name, message)."""
    warnings = []
    if not guide.visits:
        for number, block in enumerate(guide.steps, start=1):
            text = f"{block.value['title']}{block.value['description']}"
            if IN_PERSON.search(text) and not ANOTHER_WAY.search(text):
                warnings.append(
                    (
                        "visits",
                        f"到现场次数为0，但第{number}步“{block.value['title']}”让群众到现场："
                        "请核对到现场次数或步骤说明。",
                    )
                )
                break
    return warnings
