"""Opening hours as rows of days and times: the Chinese wording, schema.org's form, and whether a
time slot falls inside a station's hours. Stations and the offerings at them share these rows."""

import datetime
import itertools

# ISO weekday numbers (1 = Monday) as the blocks store them, with their Chinese and schema.org names.
WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
WEEKDAY_CHOICES = [(str(number), name) for number, name in enumerate(WEEKDAYS, start=1)]
SCHEMA_DAYS = [
    "https://schema.org/Monday",
    "https://schema.org/Tuesday",
    "https://schema.org/Wednesday",
    "https://schema.org/Thursday",
    "https://schema.org/Friday",
    "https://schema.org/Saturday",
    "https://schema.org/Sunday",
]
# The site states every time in Beijing time (北京时间); structured data says so with the offset.
UTC_OFFSET = "+08:00"
TIME_ZONE_NOTE = "北京时间"


def _time(value):
    if isinstance(value, datetime.time):
        return value
    return datetime.time.fromisoformat(value) if value else None


def as_row(value):
    """A row as plain values: days as sorted ints, opens/closes as times, the note as text.

    `value` is a block's StructValue or a dict from a data file (days as ints or strings)."""
    days = sorted({int(day) for day in (value.get("days") or [])})
    return {
        "days": days,
        "opens": _time(value.get("opens")),
        "closes": _time(value.get("closes")),
        "note": (value.get("note") or "").strip(),
    }


def rows_of(stream):
    """The rows of a StreamField of hours blocks (or a list of dicts)."""
    return [as_row(getattr(item, "value", item)) for item in stream or []]


def describe_days(days):
    """周一至周五, 每天, 周二、周四, 周六、周日 …"""
    days = sorted(days)
    if days == list(range(1, 8)):
        return "每天"
    runs = []
    for _key, group in itertools.groupby(enumerate(days), key=lambda pair: pair[1] - pair[0]):
        run = [day for _index, day in group]
        if len(run) >= 3:
            runs.append(f"{WEEKDAYS[run[0] - 1]}至{WEEKDAYS[run[-1] - 1]}")
        else:
            runs.extend(WEEKDAYS[day - 1] for day in run)
    return "、".join(runs)


def describe_time(value):
    return f"{value.hour}:{value.minute:02d}"


def describe(rows):
    """Chinese lines, one per set of days (and note): "周一至周五 10:00–14:00、16:00–19:30"."""
    lines = []
    for (days, note), group in itertools.groupby(
        rows, key=lambda row: (tuple(row["days"]), row["note"])
    ):
        spans = "、".join(
            f"{describe_time(row['opens'])}–{describe_time(row['closes'])}" for row in group
        )
        lines.append(f"{describe_days(days)} {spans}" + (f"（{note}）" if note else ""))
    return lines


def describe_text(rows):
    """All the rows in one line, with the time zone said once: for CSV cells and plain text."""
    lines = describe(rows)
    return "；".join(lines) + f"（{TIME_ZONE_NOTE}）" if lines else ""


def schema_time(value):
    return f"{value.strftime('%H:%M:%S')}{UTC_OFFSET}"


def opening_hours_specification(rows):
    """schema.org OpeningHoursSpecification for each row, times with the +08:00 offset."""
    specification = []
    for row in rows:
        item = {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [SCHEMA_DAYS[day - 1] for day in row["days"]],
            "opens": schema_time(row["opens"]),
            "closes": schema_time(row["closes"]),
        }
        if row["note"]:
            item["description"] = row["note"]
        specification.append(item)
    return specification


def row_problem(row):
    """Why a row cannot be right, or ""."""
    if not row["days"]:
        return "请至少选一天。"
    if not all(1 <= day <= 7 for day in row["days"]):
        return "星期只能是周一到周日。"
    if row["opens"] is None or row["closes"] is None:
        return "请填写开始和结束时间。"
    if row["opens"] >= row["closes"]:
        return (
            f"结束时间（{describe_time(row['closes'])}）必须晚于开始时间"
            f"（{describe_time(row['opens'])}）；跨过午夜的请分成两行。"
        )
    return ""


def outside(slot, station_rows):
    """The days of `slot` on which no station row covers its whole span (empty: it fits)."""
    return [
        day
        for day in slot["days"]
        if not any(
            day in row["days"] and row["opens"] <= slot["opens"] and slot["closes"] <= row["closes"]
            for row in station_rows
        )
    ]


def slot_problems(slots, station_rows):
    """Sentences for each slot that runs outside the station's hours."""
    problems = []
    station = "；".join(describe(station_rows)) or "未填写"
    for number, slot in enumerate(slots, start=1):
        if row_problem(slot):
            continue  # the block itself reports it
        days = outside(slot, station_rows)
        if days:
            wording = describe(
                [dict(slot, days=days, note="")],
            )[0]
            problems.append(
                f"第{number}个时间段“{wording}”不在服务站开放时间（{station}）之内；"
                "在别处举办的（室外场地、上门服务）请填写举办地点。"
            )
    return problems
