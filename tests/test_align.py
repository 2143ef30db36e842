"""The parts of a claim and of a report's sentence that the stance is read on (verify/align.py)."""

from __future__ import annotations

from factcheck.rulebook.compile import Rulebook
from factcheck.stance.compare import compare_sentences
from factcheck.verify.align import aligned_pair, compared_parts, shortest_run, without_times

NEGATORS = frozenset({"لم", "لن", "لا", "غير"})


def negates(word: str) -> int:
    return 1 if word in NEGATORS else 0


def test_a_clause_the_report_adds_is_cut_off(book: Rulebook) -> None:
    claim = "قال الوزير إن الحرب في اليمن ستستمر لمنع الحوثيين من التحول إلى حزب الله آخر"
    report = (
        "وقال الوزير إن الحرب في اليمن ستستمر لمنع الحوثيين من التحول إلى حزب الله آخر ، "
        "مضيفا أنه لن يتكرر هناك حزب الله"
    )
    _, part = aligned_pair(claim, report, book)
    assert "لن" not in part and part.endswith("آخر")


def test_a_negator_before_the_run_stays_with_it() -> None:
    assert shortest_run("أعلن الجيش أنه لم يقتل أي مدني", {"يقتل", "مدن"}, negates) == "لم يقتل أي مدني"


def test_the_earliest_shortest_run_is_taken() -> None:
    text = "قصف حلب، ثم قصف إدلب، ثم قصف حلب"
    assert shortest_run(text, {"قصف", "حلب"}, negates) == "قصف حلب،"


def test_the_run_goes_on_to_the_end_of_its_clause(book: Rulebook) -> None:
    claim = "قتل خمسة مدنيين في هجوم على سوق حلب"
    report = "وقع هجوم على سوق حلب دون سقوط قتلى , وقال المحافظ إن الوضع هادئ في المدينة اليوم"
    one, other = aligned_pair(claim, report, book)
    assert other.endswith("دون سقوط قتلى ,") or other.endswith("دون سقوط قتلى")
    assert compare_sentences(one, other, book).stance == "contradicts"


def test_nothing_shared_leaves_the_text_whole() -> None:
    assert shortest_run("خبر عن الطقس", {"قصف"}, negates) == "خبر عن الطقس"


def test_a_negated_report_still_contradicts(book: Rulebook) -> None:
    claim = "قتل الجيش خمسة مدنيين في حلب"
    report = "نفى الجيش أنه قتل مدنيين في حلب ، وقال إنه لم يقصف المدينة"
    one, other = aligned_pair(claim, report, book)
    assert compare_sentences(one, other, book).stance == "contradicts"


def test_a_headline_negation_glued_before_the_sentence_is_left_out(book: Rulebook) -> None:
    claim = "انسحب وفد الحكومة من محادثات السلام في جنيف يوم الجمعة"
    report = "جولة غير محسومة انسحب وفد الحكومة من محادثات السلام في جنيف اليوم الجمعة"
    whole = compare_sentences(claim, report, book)
    one, other = aligned_pair(claim, report, book)
    assert whole.stance == "contradicts"  # the whole sentence: غير counts against the claim
    assert compare_sentences(one, other, book).stance == "supports"


def test_time_expressions_are_left_out_of_what_is_compared(book: Rulebook) -> None:
    report = "قال التحالف اليوم الأربعاء ( 27 كانون الأول / ديسمبر 2017 ) إنه لم يتبق سوى ألف مقاتل"
    assert without_times(report, book) == "قال التحالف إنه لم يتبق سوى ألف مقاتل"
    assert without_times("قتل 4 جنود في غارة يوم الثلاثاء", book) == "قتل 4 جنود في غارة"
    claim, part = compared_parts("قال التحالف يوم الأربعاء إنه لم يتبق سوى ألف مقاتل", report, book)
    assert "الأربعاء" not in claim + part and claim == part


def test_a_statement_after_the_run_without_punctuation_is_cut_off(book: Rulebook) -> None:
    claim = "قال الوزير إن الأكراد ينافسون الجيش للسيطرة على حقول النفط"
    report = (
        "قال الوزير إن الأكراد ينافسون الجيش للسيطرة على حقول النفط في الشرق مشيرا إلى أن بلاده لن تسمح بذلك"
    )
    _, part = aligned_pair(claim, report, book)
    assert part.endswith("في الشرق") and "لن" not in part.split()
    assert compare_sentences(*compared_parts(claim, report, book), book).stance == "supports"


def test_a_clause_break_after_the_run_ends_it(book: Rulebook) -> None:
    _, part = aligned_pair("سقط صاروخ في حلب", "سقط صاروخ في حلب بينما لم يسقط أي صاروخ في إدلب", book)
    assert part == "سقط صاروخ في حلب"
