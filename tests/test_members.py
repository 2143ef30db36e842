"""Whose people a count is: the group of the organisation right after it (rules: entities'
`members`, units.yaml `membership`), unless the count names its own group."""

from __future__ import annotations

import pytest

from factcheck.app import Options, extract_article
from factcheck.rulebook.load import load_rulebook
from factcheck.sources.base import Article

CASES = [
    ("أفاد المرصد بمقتل 51 من عناصر تنظيم الدولة في غارات على دير الزور.", "militant"),
    ("قتل 51 داعشيا في غارات التحالف على دير الزور.", "militant"),
    ("قتل 51 عنصرا من داعش في غارات على دير الزور.", "militant"),
    ("قتل 20 في صفوف قوات النظام في دير الزور.", "military"),
    # The organisation after another word is not the people's own: here it is the attacker.
    ("قتل 20 في هجوم لداعش على دير الزور.", None),
    # A count that names its group keeps it.
    ("قتل 4 جنود في هجوم لتنظيم الدولة على دير الزور.", "military"),
    ("قتل 7 مدنيين من سكان الرقة في غارة.", "civilian"),
]


@pytest.mark.parametrize(("text", "group"), CASES)
def test_group_of_a_count_of_people(text: str, group: str | None) -> None:
    report = extract_article(Article(origin="t.txt", text=text), load_rulebook([]), Options())
    killed = [claim for claim in report.claims if claim.predicate == "killed"]
    assert len(killed) == 1, [(c.predicate, c.text) for c in report.claims]
    assert killed[0].group == group
