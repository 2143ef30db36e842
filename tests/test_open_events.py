"""Issue 18: open-vocabulary event claims, unresolved parties, check-worthiness, the statements
evaluation. Sentences written for these tests (no dataset text)."""

from __future__ import annotations

from factcheck.evaluation.statements import read_claims, score_statements
from factcheck.extract.analysis import analyse
from factcheck.extract.assemble import extract_sentence
from factcheck.extract.document import extract_claims
from factcheck.extract.main_event import OPEN_EVENT_RULE
from factcheck.model import Claim
from factcheck.rulebook.compile import Rulebook
from factcheck.text.segment import segment
from tests.conftest import DATA


def _events(text: str, book: Rulebook) -> list[Claim]:
    return [c for c in extract_claims(text, book) if c.rule == OPEN_EVENT_RULE]


def test_a_verb_no_predicate_names_is_an_event_claim(book: Rulebook) -> None:
    claims = _events("اتفقت الوفود في العاصمة الكازاخية على تشكيل لجنة مشتركة يوم الاثنين", book)
    assert [(c.kind, c.predicate) for c in claims] == [("event", "اتفق")]
    assert claims[0].time is not None and claims[0].sentence


def test_reported_speech_is_a_frame_and_the_speaker_is_the_whole_role(book: Rulebook) -> None:
    claims = extract_claims("قال قائد شرطة حمص إن خمسة قتلوا كما أصيب أربعة", book)
    figures = sorted((c.predicate, c.quantity.value) for c in claims if c.quantity)
    assert figures == [("injured", 4), ("killed", 5)]
    assert all(c.attribution and c.attribution.source_text == "قائد شرطة حمص" for c in claims)
    assert all(c.attribution and c.attribution.source is None for c in claims)


def test_the_main_clause_after_inna_gives_the_event(book: Rulebook) -> None:
    claims = _events("قال وزير الإعلام فريد حسن يوم الأحد إن الحملة الأمنية انتهت", book)
    assert [c.predicate for c in claims] == ["انتهى"]
    assert claims[0].attribution is not None
    assert claims[0].attribution.source_text == "وزير الإعلام فريد حسن"


def test_speculation_predictions_questions_and_generic_statements_stay_out(book: Rulebook) -> None:
    for text in (
        "ربما تعقد اللجنة اجتماعا في العاصمة الأسبوع المقبل",
        "ستفتتح البلدية جسرا جديدا في المدينة الشهر المقبل",
        "هل يعود الوفد إلى العاصمة؟",
        "تشهد المنطقة أجواء هادئة",
    ):
        assert _events(text, book) == [], text


def test_a_prediction_after_a_complementizer_leaves_the_event_told_before_it(book: Rulebook) -> None:
    told = "انسحب الوفد من المحادثات في جنيف يوم الجمعة وقال إنه لن يعود الأسبوع المقبل"
    assert [c.predicate for c in extract_claims(told, book) if c.checkable] == ["withdrew"]
    planned = "اختارت المعارضة رئيسا جديدا لوفدها يوم الجمعة والمقرر أن تبدأ الجولة الأسبوع المقبل"
    assert [c.kind for c in extract_claims(planned, book) if c.checkable] == ["event"]
    # What is said or planned stays out: the prediction covers the complement it opens.
    said = "قال الوزير إن القوات ستنسحب من المدينة الأسبوع المقبل"
    assert [c for c in extract_claims(said, book) if c.checkable and c.predicate == "withdrew"] == []


def test_the_lexicon_takes_precedence(book: Rulebook) -> None:
    claims = extract_claims("أسفر الهجوم على القرية عن مقتل 6 مدنيين", book)
    assert [c.predicate for c in claims] == ["killed"]


def test_unknown_parties_are_unresolved_with_their_role(book: Rulebook) -> None:
    claims = _events("اختارت جماعة الإنقاذ الوطني رئيسا جديدا في بلدة كفرسوسة يوم الجمعة", book)
    assert claims
    parties = {(p.text, p.role) for p in claims[0].unresolved}
    assert ("كفرسوسة", "place") in parties
    assert any(role == "party" and "الإنقاذ" in text for text, role in parties)


def test_open_vocabulary_is_off_by_default_for_the_index(book: Rulebook) -> None:
    text = "اتفقت الوفود في العاصمة الكازاخية على تشكيل لجنة مشتركة"
    sentence = segment(text)[0]
    assert extract_sentence(analyse(sentence, book), book, text) == []
    opened = extract_sentence(analyse(sentence, book), book, text, open_vocabulary=True)
    assert [c.rule for c in opened] == [OPEN_EVENT_RULE]


def test_worthiness_rises_with_figures_names_and_time(book: Rulebook) -> None:
    generic = extract_claims("تشهد المنطقة قصفا عنيفا", book)
    specific = extract_claims("قصفت الطائرات بلدة عياش في دير الزور يوم الأحد مما أدى إلى مقتل 4 جنود", book)
    assert generic and specific
    assert max(c.check_worthiness for c in generic) < min(c.check_worthiness for c in specific)


def test_statements_evaluation_reads_only_the_folds_named(book: Rulebook) -> None:
    texts = read_claims(DATA / "statements", [1, 2, 3])
    assert len(texts) == 4 and not any("محجوزة" in t for t in texts)
    score = score_statements(texts, book)
    # The speculative one gives nothing; the three others carry their main statement.
    assert (score.claims, score.covered, score.main) == (4, 3, 3)
    assert [text for text, _, _ in score.failures] == [texts[2]]


def test_a_strike_heading_its_clause_stands_beside_its_death_toll(book: Rulebook) -> None:
    # No comma: the result connector (مما أسفر عن) ends the strike's clause.
    text = "قصفت طائرات موقعا للحرس قرب بلدة عياش بريف دير الزور مما أسفر عن مقتل 3 جنود"
    assert sorted(c.predicate for c in extract_claims(text, book)) == ["killed", "struck"]
    # The toll first: the strike after it is its circumstance, weak events yield to strong ones.
    toll_first = "قتل 3 جنود في غارات على موقع للحرس قرب بلدة عياش"
    assert [c.predicate for c in extract_claims(toll_first, book)] == ["killed"]


def test_a_support_verb_yields_to_the_event_it_governs(book: Rulebook) -> None:
    claims = extract_claims("نفذ الجيش يوم الأحد 12 ضربة جوية على مواقع قرب مدينة تدمر", book)
    assert [(c.predicate, c.quantity.value if c.quantity else None) for c in claims] == [("struck", 12)]


def test_the_paper_speaking_is_no_event(book: Rulebook) -> None:
    assert _events("ونعتذر لقرائنا عن هذا الخطأ في عدد أمس", book) == []


def test_a_report_after_an_event_does_not_frame_the_sentence(book: Rulebook) -> None:
    claims = _events("انهار جسر في مدينة الموصل مما دفع الوزارة إلى إعلان أنها ستغلق الطريق", book)
    assert [c.predicate for c in claims] == ["انهار"]


def test_number_words_before_or_after_their_noun_are_figures(book: Rulebook) -> None:
    for text in ("قتل سبعة أشخاص في انفجار بمدينة حمص", "سبعة أشخاص قتلوا في انفجار بمدينة حمص"):
        assert [
            (c.predicate, c.quantity.value if c.quantity else None) for c in extract_claims(text, book)
        ] == [("killed", 7)], text
    # A number word before a preposition that is also a trigger (بعد) is no distance: here it
    # counts the event's subject (five contestants arrived).
    claims = extract_claims("وصل المتسابقون الخمسة بعد الظهر إلى المدينة", book)
    assert [(c.predicate, c.quantity.value if c.quantity else None) for c in claims] == [("وصل", 5)]
