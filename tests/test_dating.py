"""The year a claim's own clause dates its event by (extract/dating.py), and what verification
does with it: a report that dates its event outranks the date of the document it is in."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.extract.document import extract_claims
from factcheck.rulebook.compile import Rulebook
from tests.verify_helpers import check_article, only, write_report

# (sentence, predicate of the claim, the year it is dated by or None). Our own sentences.
DATED = [
    ("وافق البرلمان الهولندي على إرسال طائرات في منتصف شهر ديسمبر (كانون الأول) 2012.", "approved", 2012),
    ("وافق مجلس النواب في عام 2015 على تمديد مهمة القوات.", "approved", 2015),
    ("قتل 20 شخصا خلال 2014 في مدينة الرقة.", "killed", 2014),
    ("أعلنت الوزارة مقتل 4 جنود في مطلع عام 2016.", "killed", 2016),
    ("قتل 12 شخصا في انفجار وقع في 14 أغسطس 2013 في بغداد.", "killed", 2013),
    ("أصيب 9 مدنيين في قصف على حلب في العام الماضي 2014.", "injured", 2014),
    ("قتل ٧ جنود في مارس ٢٠١٣ قرب الحدود.", "killed", 2013),
    # A period's bound, not the event's year.
    ("قتل أكثر من 250 ألف شخص في سوريا منذ عام 2011.", "killed", None),
    ("قتل أكثر من 6500 شخص منذ أن بدأ التمرد في شرق أوكرانيا في أبريل (نيسان) 2014.", "killed", None),
    ("أصيب 30 شخصا في الهجمات التي تكررت حتى عام 2016.", "injured", None),
    # A year that dates something else, or two years in one clause.
    ("قتل 5 أشخاص في هجوم على مدرسة بنيت عام 1990.", "killed", None),
    ("قتل 7 جنود في 2014 و3 في 2015 في المنطقة ذاتها.", "killed", None),
    # A year in another clause.
    ("قتل 4 جنود في غارة قرب البلدة، فيما تعود الهدنة إلى عام 2012.", "killed", None),
    ("قتل 4 جنود في غارة قرب البلدة الأسبوع الماضي.", "killed", None),
]


@pytest.mark.parametrize(("sentence", "predicate", "year"), DATED, ids=[row[0][:40] for row in DATED])
def test_the_year_a_clause_dates_its_event_by(
    sentence: str, predicate: str, year: int | None, book: Rulebook
) -> None:
    claims = [claim for claim in extract_claims(sentence, book) if claim.predicate == predicate]
    assert len(claims) == 1, [(c.predicate, c.text) for c in extract_claims(sentence, book)]
    assert claims[0].event_year == year


AGENCY = "وكالة الأنباء الأولى"
RECALLED_VOTE = (
    "ووفقا لبيانات الجيش الهولندي، وافق البرلمان الهولندي على إرسال طائرات إف 16 إلى الأردن في منتصف "
    "شهر ديسمبر (كانون الأول) 2012."
)
FRESH_VOTE = "وافق البرلمان الهولندي على إرسال طائرات إف 16 إلى الأردن."
ARTICLE = "وقد صادق البرلمان الهولندي على إرسال طائرات إف 16 إلى الأردن."


@pytest.mark.parametrize(("report", "verdict"), [(RECALLED_VOTE, "unverified"), (FRESH_VOTE, "corroborated")])
def test_a_report_recalling_an_event_of_another_year_is_not_evidence(
    tmp_path: Path, report: str, verdict: str
) -> None:
    # Both reports were published a week before the article; only the wording of the first dates
    # its vote three years earlier.
    write_report(tmp_path / "corpus", "report", report, AGENCY, "2015-12-01")
    _, result = only(check_article(tmp_path, ARTICLE, date="2015-12-08"), "approved")
    assert result.verdict == verdict, result.reason
    if verdict == "unverified":
        assert result.evidence == ()


def test_two_stated_years_that_differ_are_two_events_even_without_the_article_date(tmp_path: Path) -> None:
    write_report(tmp_path / "corpus", "report", RECALLED_VOTE, AGENCY, "2015-12-01")
    article_2015 = "وقد صادق البرلمان الهولندي في عام 2015 على إرسال طائرات إف 16 إلى الأردن."
    article_2012 = "وقد صادق البرلمان الهولندي في عام 2012 على إرسال طائرات إف 16 إلى الأردن."
    assert only(check_article(tmp_path, article_2015, date=None), "approved")[1].verdict == "unverified"
    assert only(check_article(tmp_path, article_2012, date=None), "approved")[1].verdict == "corroborated"


def test_a_year_the_claim_states_outranks_the_article_date(tmp_path: Path) -> None:
    # An article of December 2015 recalls a vote of 2012: the report of that vote, three years
    # before the article, is its evidence; a report published before 2012 cannot be.
    write_report(tmp_path / "corpus", "then", FRESH_VOTE, AGENCY, "2012-12-14")
    write_report(tmp_path / "corpus", "earlier", FRESH_VOTE, "صحيفة الثانية", "2011-05-02")
    article = "وكان البرلمان الهولندي قد صادق في ديسمبر 2012 على إرسال طائرات إف 16 إلى الأردن."
    _, result = only(check_article(tmp_path, article, date="2015-12-08"), "approved")
    assert result.verdict == "corroborated", result.reason
    assert [e.document.date for e in result.evidence] == ["2012-12-14"]


def test_without_any_date_the_report_s_year_is_shown_not_used(tmp_path: Path) -> None:
    # Nothing dates the article nor its claim: the vote of 2012 may be the one it means, so the
    # report still counts, and its reason says which year it gives.
    write_report(tmp_path / "corpus", "report", RECALLED_VOTE, AGENCY, "2015-12-01")
    _, result = only(check_article(tmp_path, ARTICLE, date=None), "approved")
    assert result.verdict == "corroborated", result.reason
    assert [e.reason for e in result.evidence] == [
        "reports the same approved event (the report dates it 2012)"
    ]
