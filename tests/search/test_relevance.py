"""Recall@3 of realistic resident queries through the real search page (target ≥ 95%).

Each case in relevance.json is a query with the pages of which at least one must be among the
first three results, and a kind: `name` (what the site calls it), `colloquial` (a resident's own
word), `problem` (a problem described, not a service named) or `place` (a street, community or
compound with what is wanted there). The report of what misses is printed (run this file alone,
`pytest tests/search/test_relevance.py`, to see it) and is part of the failure message.
"""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from search import statistics

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

CASES = json.loads((Path(__file__).parent / "relevance.json").read_text(encoding="utf-8"))
KINDS = ("name", "colloquial", "problem", "place")
RESULT_LINK = re.compile(r'<h2 class="card__title"><a href="([^"]+)">')


def test_relevance_set_is_big_enough_and_mostly_residents_own_phrasing():
    assert len(CASES) >= 150
    kinds = Counter(case["kind"] for case in CASES)
    assert set(kinds) <= set(KINDS)
    assert kinds["colloquial"] + kinds["problem"] + kinds["place"] >= 75
    assert len({case["query"] for case in CASES}) == len(CASES)
    urls = [url for case in CASES for url in case["expected"]]
    assert any(u.startswith("/services/") for u in urls)
    assert any(u.startswith("/guides/") for u in urls)
    assert any(u.count("/") == 3 and u.startswith("/communities/") for u in urls)  # streets
    assert any(u.count("/") == 4 and u.startswith("/communities/") for u in urls)  # communities
    assert any(u.count("/") == 5 for u in urls)  # news, stories and notices
    assert "/notices/" in urls and "/services/" in urls  # sections


def relevance_report(client):
    misses, found = [], Counter()
    for case in CASES:
        html = client.get("/search/", {"q": case["query"]}).content.decode()
        top3 = RESULT_LINK.findall(html)[:3]
        if set(top3) & set(case["expected"]):
            found[case["kind"]] += 1
        else:
            misses.append(case | {"top3": top3})
    statistics.discard()
    total = Counter(case["kind"] for case in CASES)
    lines = [f"recall@3 = {sum(found.values())}/{len(CASES)}"]
    lines += [f"  {kind}: {found[kind]}/{total[kind]}" for kind in KINDS]
    lines += [
        f"  miss [{m['kind']}] {m['query']}: wanted {m['expected'][:2]}, got {m['top3']}"
        for m in misses
    ]
    return sum(found.values()) / len(CASES), "\n".join(lines)


@pytest.mark.slow
def test_recall_at_3(client, capsys):
    recall, report = relevance_report(client)
    with capsys.disabled():
        print(f"\nSearch relevance ({len(CASES)} queries)\n{report}")
    assert recall >= 0.95, report
