"""The stance comparison on a table of hand-written sentence pairs (tests/data/stance_pairs.tsv)
and the pieces it is made of."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from factcheck.rulebook.compile import Rulebook
from factcheck.rulebook.load import load_rulebook
from factcheck.stance import compare_sentences
from factcheck.stance.entities import entity_conflict, with_canonical_names
from factcheck.stance.negation import negation_conflict, negation_cues
from factcheck.stance.numbers import number_conflict, numbers_in

PAIRS = Path(__file__).parent / "data" / "stance_pairs.tsv"


def _pairs() -> list[dict[str, str]]:
    with PAIRS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.fixture(scope="module")
def book() -> Rulebook:
    return load_rulebook()


def test_table_is_large_and_covers_every_stance() -> None:
    rows = _pairs()
    assert len(rows) >= 60
    counts = Counter(row["expected"] for row in rows)
    assert set(counts) == {"supports", "contradicts", "unrelated"}
    assert min(counts.values()) >= 8


@pytest.mark.parametrize("row", _pairs(), ids=lambda row: row["note"])
def test_pair(row: dict[str, str], book: Rulebook) -> None:
    result = compare_sentences(row["s1"], row["s2"], book)
    assert result.stance == row["expected"], result.reason
    assert result.reason


@pytest.mark.parametrize("row", _pairs(), ids=lambda row: row["note"])
def test_pair_is_symmetric(row: dict[str, str], book: Rulebook) -> None:
    # Stance between two statements does not depend on which one is the claim.
    assert compare_sentences(row["s2"], row["s1"], book).stance == row["expected"]


def test_reasons_name_the_signal(book: Rulebook) -> None:
    assert "figures differ" in compare_sentences("مقتل 4 جنود", "مقتل 7 جنود", book).reason
    assert "antonyms" in compare_sentences("ارتفاع أسعار الذهب", "انخفاض أسعار الذهب", book).reason
    assert "negates" in compare_sentences("وصل الوفد", "لم يصل الوفد", book).reason
    reason = compare_sentences("زيارة الرئيس إلى السعودية", "زيارة الرئيس إلى قطر", book).reason
    assert "country" in reason


def test_number_conflict_needs_a_figure_on_both_sides(book: Rulebook) -> None:
    assert number_conflict("مقتل 4 جنود في الهجوم", "مقتل جنود في الهجوم", book) is None
    assert number_conflict("مقتل 4 جنود", "مقتل 5 جنود", book) is not None


def test_strict_bounds_exclude_their_number(book: Rulebook) -> None:
    assert number_conflict("أقل من 90 عرضا", "90 عرضا", book) is not None
    assert number_conflict("أكثر من 90 عرضا", "أقل من 90 عرضا", book) is not None
    assert number_conflict("90 عرضا على الأقل", "90 عرضا", book) is None


def test_more_than_a_tally_agrees_with_the_rounded_tally(book: Rulebook) -> None:
    # Tallies are reported rounded down: "200 killed" and "more than 200 killed" are one report.
    assert number_conflict("أكثر من 200 قتيل", "مقتل 200 شخص", book) is None
    assert number_conflict("أكثر من 200 قتيل", "مقتل 150 شخصا", book) is not None


def test_bounds_the_same_way_report_their_thresholds(book: Rulebook) -> None:
    assert number_conflict("أكثر من 75 دولارا لبرنت", "أكثر من 60 دولارا لبرنت", book) is not None
    assert number_conflict("أكثر من 40 قتيلا", "ما يزيد على 40 قتيلا", book) is None


def test_passing_verbs_and_the_article_on_a_figure_are_bounds(book: Rulebook) -> None:
    assert number_conflict("النفط يتخطى حاجز الـ80 دولارا", "أكثر من 80 دولارا للنفط", book) is None
    assert number_conflict("الذهب يقترب من 1300 دولار", "الذهب دون 1300 دولار", book) is None


def test_digits_glued_to_words_are_read() -> None:
    assert numbers_in("أقل من ٩٠عرضا") == {"90"}


def test_negation_cues(book: Rulebook) -> None:
    assert negation_cues("الجيش نفى قصف المستشفى", book) == ["نفى"]
    assert negation_cues("لا صحة لإغلاق المعبر", book) == ["لا صحة"]
    assert negation_cues("الجيش قصف المستشفى", book) == []


def test_exclusive_groups_compile_to_every_pair_and_reversers_load(tmp_path: Path, book: Rulebook) -> None:
    (tmp_path / "extra.yaml").write_text(
        "type: antonyms\npairs: []\nexclusive:\n  - members: [[أحمر], [أزرق], [أخضر]]\nreversers: [يتقاعس]\n",
        encoding="utf-8",
    )
    extended = load_rulebook([tmp_path])
    assert len(extended.antonyms) == len(book.antonyms) + 3  # 3 members: 3 pairs
    assert "يتقاعس" in extended.reversers and "يتقاعس" not in book.reversers
    assert compare_sentences("سيارة حمراء", "سيارة زرقاء", extended).stance == "supports"  # forms as listed
    assert compare_sentences("القميص أحمر", "القميص أزرق", extended).stance == "contradicts"


def test_a_bound_of_a_figure_is_not_a_negation(book: Rulebook) -> None:
    assert negation_cues("قتل ما لا يقل عن 800 مدني", book) == []
    assert negation_conflict("قتل ما لا يقل عن 800 مدني", "قتل 800 مدني على الأقل", book) is None
    # A bound without a negator keeps its other meaning: دون reverses.
    assert negation_cues("هجوم دون سقوط قتلى", book) == ["دون"]


def test_a_fragment_of_a_broken_word_is_not_a_denial_verb(book: Rulebook) -> None:
    assert negation_cues("غارات نف ذها التحالف", book) == []
    assert negation_cues("نفت الوزارة مقتل الجنود", book) == ["نفت"]


def test_an_entity_written_by_its_name_keeps_the_country_its_alias_names(book: Rulebook) -> None:
    claim = with_canonical_names("عقوبات على حزب الله اللبناني", book)
    report = with_canonical_names('عقوبات على " حزب الله " اللبناني', book)
    assert "لبنان" in claim
    assert entity_conflict(f"أقر الكونغرس الأمريكي {claim}", report, book) is None
