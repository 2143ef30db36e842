"""Build a small corpus and check an article against it, for verification tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from factcheck.app import Options, check
from factcheck.model import Claim
from factcheck.report import ClaimsReport
from factcheck.verify.result import Verification


def write_report(folder: Path, name: str, text: str, source: str, date: str = "2015-12-07") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    front = f"---\ntitle: {name}\nsource: {source}\ndate: {date}\nurl: https://example.org/{name}\n---\n"
    (folder / f"{name}.md").write_text(front + text + "\n", encoding="utf-8")


def check_article(tmp_path: Path, article: str, date: str | None = "2015-12-08") -> ClaimsReport:
    path = tmp_path / "article.txt"
    path.write_text(article, encoding="utf-8")
    options = Options(
        corpus=tmp_path / "corpus",
        index=tmp_path / "index",
        quiet=True,
        article_date=dt.date.fromisoformat(date) if date else None,
    )
    return check(str(path), options)


def only(report: ClaimsReport, predicate: str) -> tuple[Claim, Verification]:
    matching = [c for c in report.claims if c.predicate == predicate]
    assert len(matching) == 1, [(c.predicate, c.text) for c in report.claims]
    verification = report.verification(matching[0])
    assert verification is not None
    return matching[0], verification


# Three short reports of three events: the small corpus the index and fault tests build on.
SMALL_REPORTS = {
    "a": "قتل 4 جنود سوريين في غارة قرب بلدة عياش بدير الزور.",
    "b": "أصيب 13 مدنيا في قصف على مدينة الرقة.",
    "c": "وافق البرلمان البريطاني على توسيع الضربات الجوية إلى سوريا.",
}


def write_small_corpus(folder: Path) -> Path:
    for name, text in SMALL_REPORTS.items():
        write_report(folder, name, text, f"وكالة {name}")
    return folder
