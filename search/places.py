"""Places in a resident's query: a street, a community, its station or a compound (小区) it serves.

A place narrows and ranks the results (览景 理发: the haircut 览景 offers first), and a question
about a place's phone, address or opening time (览景社区电话, 克兰社区几点开门) is answered above
the results from the place's own fields.
"""

import re
from dataclasses import dataclass, field

from django.utils import timezone

from communities.hours import WEEKDAYS, describe, describe_time, rows_of
from communities.models import CommunityPage, StreetPage
from core.models import under_view_restriction
from core.phones import phone_list
from core.segmentation import query_words
from search.words import STOPWORDS
from services_catalog.models import CommunityGuide, CommunityService

# What residents ask about a place, and the words they ask it with.
ASKS = {
    "phone": ("电话号码", "联系电话", "联系方式", "怎么联系", "打电话", "电话", "号码", "热线"),
    "address": (
        "在哪里",
        "在哪儿",
        "在哪",
        "怎么走",
        "怎么去",
        "地址",
        "位置",
        "地点",
        "导航",
        "路线",
    ),
    "hours": (
        "几点开门",
        "几点关门",
        "开门时间",
        "开放时间",
        "营业时间",
        "上班时间",
        "办公时间",
        "开不开门",
        "开门吗",
        "开门",
        "关门",
        "几点",
        "开放",
        "营业",
        "上班",
        "下班",
        "时间",
    ),
}
# Words around such a question that ask nothing of their own (今天几点开门, 现在开门吗).
FILLER = (
    "今天",
    "明天",
    "现在",
    "周末",
    "平时",
    "一般",
    "请问",
    "多少",
    "是",
    "的",
    "吗",
    "呢",
    "啊",
)
# Words that only say what kind of place, or ask which one (观雪苑小区属于哪个社区, 金山路街道有哪
# 些社区): beside a place's name they ask about the place itself.
PLACE_WORDS = (
    "社区",
    "街道",
    "小区",
    "服务站",
    "居委会",
    "办事处",
    "党群服务中心",
    "属于",
    "归",
    "哪个",
    "哪些",
    "有",
    "在",
    "找",
    "管",
)
SUFFIXES = ("社区", "街道", "小区")


@dataclass(frozen=True)
class Place:
    pk: int
    kind: str  # "community" or "street"
    title: str
    path: str
    # Found anywhere in a query (览景社区, 览景社区党群服务中心, 观雪苑小区) …
    names: tuple
    # … or only as the query's own words (览景, 解放路): short names are also ordinary words.
    short_names: tuple
    compounds: tuple = ()
    # A street: its communities' paths, most of what it offers is theirs.
    community_paths: tuple = ()
    slug: str = ""


@dataclass
class Gazetteer:
    places: list
    # The page id of a service or guide → the paths of the communities offering or handling it.
    offered: dict
    # (service page id, community path) → what that station says about the service.
    notes: dict
    titles: dict  # community path → title

    def by_path(self, path):
        return next((place for place in self.places if place.path == path), None)

    def community(self, slug):
        """A live public community by its slug (the search page's community filter), or None."""
        return next(
            (p for p in self.places if p.kind == "community" and p.slug == slug and slug), None
        )

    @property
    def communities(self):
        return [place for place in self.places if place.kind == "community"]

    def communities_in(self, place):
        """A community itself; a street's communities."""
        if place.kind == "community":
            return [place]
        return [c for c in self.communities if c.path in place.community_paths]


def _compound_names(compound):
    """览景小区（1–12号楼） → (览景小区,), 观雪苑小区 → (观雪苑小区,), with 观雪苑 as a short name."""
    full = re.sub(r"[（(].*?[）)]", "", compound).strip()
    short = full.removesuffix("小区") if full.endswith("小区") else ""
    return full, short


def build_gazetteer(restricted_paths):
    """Every live, public street and community with the names residents call it by."""
    places, titles = [], {}
    streets = list(
        StreetPage.objects.live()
        .exclude(under_view_restriction())
        .order_by("path")
        .values_list("pk", "title", "path", "slug")
    )
    communities = list(
        CommunityPage.objects.live()
        .exclude(under_view_restriction())
        .order_by("path")
        .values_list("pk", "title", "path", "station_name", "compounds", "slug")
    )
    communities = [c for c in communities if not _restricted(c[2], restricted_paths)]
    streets = [s for s in streets if not _restricted(s[2], restricted_paths)]
    for pk, title, path, station, compounds, slug in communities:
        titles[path] = title
        compound_names = []
        names, short = {title, station} - {""}, set()
        for line in compounds.splitlines():
            if line.strip():
                full, compound_short = _compound_names(line)
                compound_names.append(full)
                names.add(full)
                if len(compound_short) >= 2:
                    short.add(compound_short)
        if title.endswith("社区") and len(title) > 3:
            short.add(title.removesuffix("社区"))
        places.append(
            Place(
                pk,
                "community",
                title,
                path,
                tuple(names),
                tuple(short),
                tuple(compound_names),
                slug=slug,
            )
        )
    for pk, title, path, slug in streets:
        short = {title.removesuffix("街道")} if title.endswith("街道") and len(title) > 3 else set()
        members = tuple(c[2] for c in communities if c[2].startswith(path))
        places.append(
            Place(pk, "street", title, path, (title,), tuple(short), (), members, slug=slug)
        )
    offered, notes = {}, {}
    paths = {c[0]: c[2] for c in communities}
    for service_id, community_id, note in CommunityService.objects.filter(
        community_id__in=paths
    ).values_list("service_id", "community_id", "note"):
        offered.setdefault(service_id, set()).add(paths[community_id])
        if note:
            notes[(service_id, paths[community_id])] = note
    for guide_id, community_id in CommunityGuide.objects.filter(community_id__in=paths).values_list(
        "guide_id", "community_id"
    ):
        offered.setdefault(guide_id, set()).add(paths[community_id])
    return Gazetteer(places, offered, notes, titles)


def _restricted(path, restricted_paths):
    return any(path.startswith(prefix) for prefix in restricted_paths)


@dataclass
class Mention:
    place: Place
    written: str  # as the resident wrote it
    compound: str = ""  # the compound that led to the place


@dataclass
class Reading:
    """A query read for places and questions about them."""

    mentions: list = field(default_factory=list)
    asks: list = field(default_factory=list)  # "phone", "address", "hours", in the query's order
    rest: str = ""  # the query without the places and the asking words

    @property
    def places(self):
        return list(dict.fromkeys(mention.place for mention in self.mentions))

    @property
    def place(self):
        """The most specific place mentioned: a community over its street."""
        places = self.places
        communities = [p for p in places if p.kind == "community"]
        return (communities or places or [None])[0]


def read(text, gazetteer):
    """The places named in `text` (full names anywhere, short names only as whole words), and,
    when there is a place, what is asked about it."""
    reading = Reading()
    spans = []
    compact = text
    candidates = sorted(
        ((name, place) for place in gazetteer.places for name in place.names),
        key=lambda pair: -len(pair[0]),
    )
    for name, place in candidates:
        start = compact.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(start < e and s < end for s, e in spans):
                spans.append((start, end))
                compound = name if name in place.compounds else ""
                reading.mentions.append(Mention(place, name, compound))
            start = compact.find(name, end)
    # Short names: one query word, or two that together make it (团结 路 → 团结路).
    words = _word_spans(text)
    shorts = {}
    for place in gazetteer.places:
        for name in place.short_names:
            shorts.setdefault(name, place)
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            start, end = words[i][1], words[i + size - 1][2]
            joined = text[start:end]
            if joined in shorts and not any(start < e and s < end for s, e in spans):
                spans.append((start, end))
                place = shorts[joined]
                compound = next((c for c in place.compounds if _compound_names(c)[1] == joined), "")
                reading.mentions.append(Mention(place, joined, compound))
    reading.mentions.sort(key=lambda mention: text.find(mention.written))
    rest = _without(text, spans)
    if reading.mentions:
        rest = _take_asks(rest, reading)
    reading.rest = re.sub(r"\s+", " ", rest).strip()
    return reading


def _word_spans(text):
    """(word, start, end) of the query's words, in order, found back in the text."""
    spans, position = [], 0
    for word in query_words(text):
        start = text.find(word, position)
        if start < 0:
            continue
        spans.append((word, start, start + len(word)))
        position = start + len(word)
    return spans


def _without(text, spans):
    kept, position = [], 0
    for start, end in sorted(spans):
        kept.append(text[position:start])
        position = end
    kept.append(text[position:])
    return " ".join(part for part in kept if part.strip())


def _take_asks(rest, reading):
    for ask, phrases in ASKS.items():
        for phrase in phrases:  # longest first within each ask
            if phrase in rest:
                rest = rest.replace(phrase, " ")
                if ask not in reading.asks:
                    reading.asks.append(ask)
    words = [word for word in query_words(rest) if word.strip()]
    if all(word in FILLER or word in PLACE_WORDS or word in STOPWORDS for word in words):
        return ""
    return rest


def contains(place, page_id, path, gazetteer):
    """Whether a page is `place`'s: the place itself and what is under it (its communities, their
    news, stories and notices), or a service or guide one of its communities offers or handles."""
    if path.startswith(place.path):
        return True
    offered = gazetteer.offered.get(page_id)
    if not offered:
        return False
    if place.kind == "community":
        return place.path in offered
    return any(community in offered for community in place.community_paths)


# The answer card.


def today_in_beijing():
    """Today's ISO weekday (1 = Monday) in Beijing time, whatever the server's clock says."""
    return timezone.localtime(timezone.now(), timezone.get_fixed_timezone(8 * 60)).isoweekday()


def today_hours(rows, weekday):
    """Today's rows as lines: the station's own times first (10:00–14:00、16:00–19:30), then each
    part with its note (10:00–22:00（一楼北门暖“新”服务站开放至22:00）)."""
    today = [row for row in rows if weekday in row["days"]]
    spans = "、".join(
        f"{describe_time(row['opens'])}–{describe_time(row['closes'])}"
        for row in today
        if not row["note"]
    )
    lines = [spans] if spans else []
    lines += [
        f"{describe_time(row['opens'])}–{describe_time(row['closes'])}（{row['note']}）"
        for row in today
        if row["note"]
    ]
    return lines


@dataclass
class Answer:
    """What a resident asked about a place, from its own fields."""

    place: Place
    page: object  # the CommunityPage or StreetPage
    asks: list
    phones: list
    address: str
    station: str = ""
    weekday_name: str = ""
    hours_today: list = field(default_factory=list)
    all_hours: list = field(default_factory=list)
    compound: str = ""

    @property
    def is_community(self):
        return self.place.kind == "community"

    @property
    def order(self):
        """What was asked first, then the rest."""
        return list(dict.fromkeys([*self.asks, "phone", "address", "hours"]))


def answer(reading):
    """The answer card for a place query (a place alone, or with 电话/地址/几点开门), or None when
    the query asks nothing of the place (览景 理发 is a search in a place, not a question)."""
    place = reading.place
    if place is None or (reading.rest and not reading.asks):
        return None
    model = CommunityPage if place.kind == "community" else StreetPage
    page = model.objects.live().filter(pk=place.pk).first()
    if page is None:
        return None
    weekday = today_in_beijing()
    mention = next((m for m in reading.mentions if m.place == place), None)
    found = Answer(
        place=place,
        page=page,
        asks=reading.asks,
        phones=phone_list(page.phone),
        address=page.address,
        compound=mention.compound if mention else "",
    )
    if place.kind == "community":
        rows = rows_of(page.opening_hours)
        found.station = page.station_name
        found.weekday_name = WEEKDAYS[weekday - 1]
        found.hours_today = today_hours(rows, weekday)
        found.all_hours = describe(rows)
    return found
