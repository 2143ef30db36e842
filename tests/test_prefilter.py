"""The index's sentence prefilter (factcheck/extract/prefilter.py) may skip a sentence only when
extraction would find nothing in it: every sentence with a claim or a quantity must pass it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from factcheck.extract.analysis import analyse
from factcheck.extract.assemble import extract_sentence
from factcheck.extract.prefilter import claim_words
from factcheck.quantities.find import find_quantities, is_core
from factcheck.rulebook.compile import Rulebook
from factcheck.rulebook.lexicon import token_keys
from factcheck.rulebook.load import load_rulebook
from factcheck.text.segment import segment

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="module")
def book() -> Rulebook:
    return load_rulebook()


def _texts(book: Rulebook) -> list[str]:
    texts = [example.text for rule in book.predicate_rules for example in rule.examples]
    texts.append((ROOT / "examples" / "article.txt").read_text(encoding="utf-8"))
    for directory in ("claims", "claims_heldout"):
        for path in sorted((DATA / directory).glob("*.yaml")):
            texts.append(yaml.safe_load(path.read_text(encoding="utf-8"))["text"])
    for path in sorted((ROOT / "examples" / "corpus").rglob("*.txt")):
        texts.append(path.read_text(encoding="utf-8"))
    return texts


def _passes(text: str, book: Rulebook) -> bool:
    return claim_words(book).may_hold_claim(text.split())


def test_no_sentence_with_a_claim_is_skipped(book: Rulebook) -> None:
    skipped = claims = 0
    for text in _texts(book):
        for sentence in segment(text):
            found = extract_sentence(analyse(sentence, book), book, text)
            claims += len(found)
            if not _passes(sentence.text, book):
                skipped += 1
                assert not found, sentence.text
    assert claims > 100 and skipped > 0  # the corpus exercises both sides


QUANTITY_ROWS = list(csv.DictReader((DATA / "quantities.tsv").open(encoding="utf-8"), delimiter="\t"))


@pytest.mark.parametrize("row", QUANTITY_ROWS, ids=[row["expression"] for row in QUANTITY_ROWS])
def test_every_quantity_holds_a_core_word(row: dict[str, str], book: Rulebook) -> None:
    # Rulebook.quantity_cores: no quantity is read without a core token inside it. (Missing cores
    # would also make find_quantities stop early: tests/test_quantities.py's parses then fail.)
    [sentence] = segment(row["expression"])
    keys = token_keys([token.norm for token in sentence.tokens])
    found = find_quantities(sentence.text, sentence.tokens, keys, book)
    cores = book.quantity_cores
    for quantity in found:
        span = range(quantity.first, quantity.last)
        assert any(is_core(sentence.tokens[i].norm, keys[i], cores) for i in span), row["expression"]
    if extract_sentence(analyse(sentence, book), book, row["expression"]):
        assert _passes(row["expression"], book)


@pytest.mark.parametrize(
    "sentence",
    [
        "وتحدث الوزير أكثر من مرة عن الأوضاع في المنطقة",  # a bound and a unit, but no number
        "وعاد الوفد حتى المساء إلى العاصمة",
    ],
)
def test_a_bound_without_a_number_is_skipped(sentence: str, book: Rulebook) -> None:
    assert not _passes(sentence, book)


@pytest.mark.parametrize(
    "sentence",
    [
        # Each needs a different part of the test (checked by removing that part):
        "انسحبت كندا من الضربات",  # a one-word stem trigger
        "وأيدت الجمعية العامة المشروع",  # a trigger written as a form, not a stem
        "لا صحة لهذه الأنباء",  # a multi-word stem trigger
        "وسقط صاروخان",  # a dual noun of a unit that is a claim on its own
        "وارتفعت الأسعار 5 في المئة",  # a figure whose unit alone is a claim
    ],
)
def test_sentences_with_a_claim_pass(sentence: str, book: Rulebook) -> None:
    [segmented] = segment(sentence)
    assert extract_sentence(analyse(segmented, book), book, sentence)  # the premise
    assert _passes(sentence, book)
