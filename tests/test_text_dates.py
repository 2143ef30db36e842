"""Dates stated in a text's opening (text/dates.py): what is read, what is not, where each is used."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import jsonschema
import pytest

from factcheck.app import Options, article_date, run
from factcheck.corpus import read_file
from factcheck.formats import renderer
from factcheck.formats.display import BidiMode
from factcheck.sources.drafts import article_from_draft
from factcheck.text.dates import date_in_text
from tests.conftest import REPO

TODAY = dt.date(2018, 1, 31)
SCHEMA = json.loads((REPO / "schema" / "claims.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("الأربعاء 06 - 12 - 2017 دمشق - قال مصدر", dt.date(2017, 12, 6)),
        ("حلب 05 / 12 / 2017 (رويترز) - قتل", dt.date(2017, 12, 5)),
        ("نشر 05 كانون الأول / ديسمبر 2017 قالت وزارة", dt.date(2017, 12, 5)),
        ("آخر تحديث 2017 / 11 / 23 أعلنت", dt.date(2017, 11, 23)),
        ("بيروت - الثلاثاء 22 تشرين الثاني 2016 - أفاد", dt.date(2016, 11, 22)),
        ("دمشق - 12 أيار 2016 - قتل 5 أشخاص", dt.date(2016, 5, 12)),
        ("الجمعة 3 كانون الثاني (يناير) 2014", dt.date(2014, 1, 3)),
        ("سبوتنيك 21 يناير / كانون الثاني 2018 مباشر", dt.date(2018, 1, 21)),
        ("١٢ / ٠٥ / ٢٠١٦ القاهرة", dt.date(2016, 5, 12)),
        # The year a newsroom prints after the day: not the hour that follows it.
        ("لندن - الإثنين , 25 ديسمبر 2017 11 : 30 قال", dt.date(2017, 12, 25)),
    ],
)
def test_the_dates_newsrooms_print_are_read(opening: str, expected: dt.date) -> None:
    assert date_in_text(opening + " " + "نص الخبر " * 20, today=TODAY) == expected


@pytest.mark.parametrize(
    "opening",
    [
        "الأربعاء 06 - 12 - 2019 دمشق",  # after today
        "صدر في 12 / 05 / 1985 قرار",  # before 1990: an old decree recalled, not the report's date
        "قتل 27 مسلحا في 3 قرى عام 2015 وأصيب 12 آخرون",  # numbers and a year, no date
        "عدد 1200 قتيل في 2012 و 13 جريحا",
        "الأحد 21 كانون الثاني",  # no year
        "قالت الوزارة اليوم إن الغارات قتلت سبعة",  # relative: today is the day we read, not the report's
    ],
)
def test_what_is_not_a_publication_date_is_not_read(opening: str) -> None:
    assert date_in_text(opening, today=TODAY) is None


def test_only_the_opening_is_read() -> None:
    assert date_in_text("نص الخبر " * 60 + "الأربعاء 06 - 12 - 2017", today=TODAY) is None


def test_a_corpus_record_without_a_date_is_dated_by_its_text_and_metadata_wins(tmp_path: Path) -> None:
    records = [
        {"id": "undated", "text": "دمشق - الأربعاء 06 - 12 - 2017 - قالت مصادر إن الغارات قتلت سبعة"},
        {"id": "dated", "date": "2015-07-21", "text": "دمشق - الأربعاء 06 - 12 - 2017 - قالت مصادر"},
        {"id": "none", "text": "قالت مصادر إن الغارات قتلت سبعة مدنيين"},
    ]
    (tmp_path / "wire.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    documents, problems = read_file(tmp_path / "wire.json", tmp_path)
    assert not problems
    dates = [(document.date, document.date_source) for document in documents]
    assert dates == [("2017-12-06", "text"), ("2015-07-21", "metadata"), (None, None)]


def test_an_article_without_front_matter_is_dated_by_its_opening_line() -> None:
    article = article_from_draft(
        "a.txt", "بيروت، 05 كانون الأول / ديسمبر 2017\nقالت الوزارة إن 7 قتلوا.\n", "text"
    )
    assert (article.date, article.date_source) == (dt.date(2017, 12, 5), "text")
    front = "---\ndate: 2015-12-08\n---\nبيروت، 05 كانون الأول / ديسمبر 2017\nقالت الوزارة.\n"
    article = article_from_draft("b.md", front, "markdown")
    assert (article.date, article.date_source) == (dt.date(2015, 12, 8), "metadata")


def test_the_users_date_outranks_the_text_but_not_the_front_matter() -> None:
    given = dt.date(2016, 1, 1)
    from_text = article_from_draft("a.txt", "بيروت، 05 / 12 / 2017\nقالت الوزارة.\n", "text")
    assert article_date(from_text, given) == given
    assert article_date(from_text, None) == dt.date(2017, 12, 5)
    front = article_from_draft("b.md", "---\ndate: 2015-12-08\n---\nقالت الوزارة.\n", "markdown")
    assert article_date(front, given) == dt.date(2015, 12, 8)


def test_evidence_dated_by_its_text_says_so_in_the_json(tmp_path: Path) -> None:
    """A report with no front matter, its date in its dateline: in the window like a dated one."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    report = (REPO / "examples" / "corpus" / "ramadi-anadolu-hospital.md").read_text(encoding="utf-8")
    body = report.split("---\n", 2)[2]
    (corpus / "hospital.txt").write_text("الرمادي - الثلاثاء 15 / 12 / 2015\n" + body, encoding="utf-8")
    options = Options(
        output="json",
        corpus=corpus,
        index=tmp_path / "ix",
        quiet=True,
        article_date=dt.date(2015, 12, 16),
        stance="rules",
    )
    result = run([str(REPO / "examples" / "article.txt")], options)
    out = io.StringIO()
    renderer("json")(result, out, BidiMode.logical, False)
    output = json.loads(out.getvalue())
    jsonschema.validate(output, SCHEMA)
    documents = [
        evidence["document"]
        for claim in output["claims"]
        for evidence in (claim["verification"] or {}).get("evidence", [])
    ]
    assert documents, "the report should be evidence for the article's claims"
    assert {(document["date"], document["date_source"]) for document in documents} == {("2015-12-15", "text")}
