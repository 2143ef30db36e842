"""Claim extraction scored against annotated texts: precision and recall must stay >= 0.9 on the
YAML set; the offset-based SaudiNewsNet set must load against the real text and score as defined."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest
import yaml

from factcheck.evaluation.claims import (
    SAUDINEWSNET,
    AnnotationError,
    lexicon_predicates,
    load_offset_file,
    score_directory,
    score_offset_directory,
    select_articles,
)
from factcheck.model import Claim, Polarity, Quantity, Span
from factcheck.rulebook.compile import Rulebook
from tests.conftest import DATA

GOLD = sorted((DATA / "claims").glob("*.yaml"))


def test_annotated_set_is_large_enough() -> None:
    assert len(GOLD) >= 10


def test_precision_and_recall(book: Rulebook) -> None:
    score = score_directory(GOLD, book)
    report = "\n".join(
        [
            f"missed {name}: {gold['predicate']} {gold.get('quantity')} | {gold['evidence']}"
            for name, gold in score.misses
        ]
        + [f"extra {name}: {claim.predicate} | {claim.text}" for name, claim in score.extras]
    )
    assert score.overall.precision >= 0.9, report
    assert score.overall.recall >= 0.9, report


def test_speculation_never_yields_claims(book: Rulebook) -> None:
    score = score_directory(GOLD, book)
    assert score.speculative_leaks == []


# --- The offset-based SaudiNewsNet set (tests/data/claims_saudinewsnet) ------------------------

SAUDI = DATA / "claims_saudinewsnet"
SAUDI_FILES = sorted(SAUDI.glob("*/*.yaml"))
needs_corpus = pytest.mark.skipif(not SAUDINEWSNET.is_dir(), reason="shared SaudiNewsNet data not present")

# A self-written article (no SaudiNewsNet text): each sentence exercises one rule of the scoring.
FIXTURE = (
    "قال الجيش إن الغارات أسفرت عن مقتل 5 جنود. ونفذت الطائرات 3 غارات على المدينة. "
    "ووصل الوفد إلى الرياض. ونفى المصدر إصابة 4 أشخاص. وقتل مدنيان في الهجوم. ولقي شرطي حتفه. "
    "ربما تسيطر القوات على البلدة قريبا. وقتل 9 في بلدة أخرى."
)
RANGE_END = FIXTURE.index("وقتل 9")  # the last sentence lies outside the annotated range
URL = "http://example.invalid/fixture"


def _at(phrase: str) -> tuple[int, int]:
    start = FIXTURE.index(phrase)
    return start, start + len(phrase)


def _ref(phrase: str | tuple[int, int], sha1: str | None = None) -> str:
    start, end = _at(phrase) if isinstance(phrase, str) else phrase
    digest = sha1 or hashlib.sha1(FIXTURE[start:end].encode("utf-8")).hexdigest()[:8]
    return f'{{start: {start}, end: {end}, sha1: "{digest}"}}'


def _corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    items = [
        {"source": "fixture", "url": "http://example.invalid/other", "content": "نص آخر"},
        {"source": "fixture", "url": URL, "content": FIXTURE},
    ]
    with zipfile.ZipFile(corpus / "2099-01-01.zip", "w") as archive:
        archive.writestr("2099-01-01.json", json.dumps(items, ensure_ascii=False))
    return corpus


def _annotation(
    root: Path, *, url: str = URL, bad_hash_of: str | None = None, predicate: str = "killed"
) -> Path:
    claims = [
        ("مقتل 5 جنود", predicate, None, "{value: 5, unit: person}", "asserted"),
        ("ونفذت الطائرات 3 غارات", "struck", None, "{value: 3, unit: strike}", "asserted"),
        ("ووصل الوفد إلى الرياض", "event", "ووصل", None, "asserted"),
        ("إصابة 4 أشخاص", "injured", None, "{value: 4, unit: person}", "denied"),
        ("وقتل مدنيان في الهجوم", "event", "وقتل", None, "asserted"),
        ("مدنيان", "killed", None, "{value: 2, unit: person}", "asserted"),
        ("ولقي شرطي حتفه", "killed", None, None, "asserted"),
    ]
    lines = [
        "article:",
        "  zip: 2099-01-01.zip",
        "  member: 2099-01-01.json",
        "  index: 1",
        "  source: fixture",
        f'  url: "{url}"',
        f"range: {_ref((0, RANGE_END))}",
        "claims:",
    ]
    for phrase, name, verb, figure, polarity in claims:
        lines.append(f"  - span: {_ref(phrase, '00000000' if phrase == bad_hash_of else None)}")
        lines.append(f"    predicate: {name}")
        if verb:
            lines.append(f"    verb: {_ref(verb)}")
        if figure:
            lines.append(f"    figure: {figure}")
        lines.append(f"    speaker: {_ref('الجيش')}" if phrase == "مقتل 5 جنود" else "    speaker: null")
        lines.append(f"    polarity: {polarity}")
    lines += ["not_claims:", f"  - span: {_ref('ربما تسيطر القوات على البلدة قريبا')}"]
    path = root / "fixture.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _quantity(phrase: str, value: float) -> Quantity:
    start, end = _at(phrase)
    return Quantity(phrase, value, value, value, None, None, False, "exact", start, end)


def _claim(phrase: str, predicate: str, value: float | None = None, polarity: Polarity = "asserted") -> Claim:
    start, end = _at(phrase)
    span = Span(start, end, 1, start)
    quantity = None if value is None else _quantity(phrase, value)
    return Claim(
        id=phrase, kind="event", predicate=predicate, quantity=quantity, quantities=(), actors=(),
        location=None, time=None, attribution=None, polarity=polarity, group=None, checkable=True,
        hedge=None, text=phrase, context=phrase, sentence=phrase, span=span, sentence_span=span,
        check_worthiness=1.0, rule="fixture",
    )  # fmt: skip


def _stand_in(text: str, book: Rulebook) -> list[Claim]:
    """The extractor's output, fixed by hand so that the expected counts do not move with it."""
    assert text == FIXTURE
    return [
        _claim("مقتل 5 جنود", "killed", 5),  # TP
        _claim("3 غارات", "struck", 4),  # the figure disagrees: FP, and its gold is a FN
        _claim("ووصل الوفد", "وصل"),  # an open-vocabulary verb over a gold event: TP
        _claim("إصابة 4 أشخاص", "injured", 4),  # polarity disagrees (gold denied): FP + FN
        # Both overlap the event and the killed figure; only a maximum matching pairs all four.
        _claim("وقتل مدنيان", "killed", 2),
        _claim("في الهجوم", "هجم"),
        _claim("تسيطر القوات على البلدة", "controls"),  # inside the not-claim: FP and a leak
        _claim("وقتل 9", "killed", 9),  # outside the range: not scored
    ]


def test_offset_scoring_counts(tmp_path: Path, book: Rulebook) -> None:
    corpus = _corpus(tmp_path)
    score = score_offset_directory([_annotation(tmp_path)], book, corpus, extract=_stand_in)
    overall = score.overall
    assert (overall.true_positive, overall.false_positive, overall.false_negative) == (4, 3, 3)
    counts = {
        name: (c.true_positive, c.false_positive, c.false_negative) for name, c in score.by_predicate.items()
    }
    assert counts == {
        "killed": (2, 0, 1),
        "struck": (0, 1, 1),
        "event": (2, 0, 0),
        "injured": (0, 1, 1),
        "controls": (0, 1, 0),
    }
    assert len(score.speculative_leaks) == 1


def test_offset_set_loads_spans_as_written(tmp_path: Path, book: Rulebook) -> None:
    article = load_offset_file(_annotation(tmp_path), lexicon_predicates(book), _corpus(tmp_path))
    first = article.assertions[0]
    assert FIXTURE[first.start : first.end] == "مقتل 5 جنود"
    assert first.speaker is not None and FIXTURE[slice(*first.speaker)] == "الجيش"
    assert first.figure is not None and first.figure.value == 5
    event = article.assertions[2]
    assert event.verb is not None and FIXTURE[slice(*event.verb)] == "ووصل"
    assert (article.start, article.end) == (0, RANGE_END)


def test_a_shifted_span_is_an_error_naming_file_and_line(tmp_path: Path, book: Rulebook) -> None:
    path = _annotation(tmp_path, bad_hash_of="ولقي شرطي حتفه")
    line = 1 + next(
        i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines()) if "00000000" in text
    )
    with pytest.raises(AnnotationError, match=rf"fixture\.yaml:{line}: span: sha1"):
        load_offset_file(path, lexicon_predicates(book), _corpus(tmp_path))


def test_another_article_or_an_unknown_predicate_is_an_error(tmp_path: Path, book: Rulebook) -> None:
    corpus = _corpus(tmp_path)
    with pytest.raises(AnnotationError, match="another url"):
        load_offset_file(
            _annotation(tmp_path, url="http://example.invalid/moved"), lexicon_predicates(book), corpus
        )
    with pytest.raises(AnnotationError, match="neither a lexicon one"):
        load_offset_file(_annotation(tmp_path, predicate="slain"), lexicon_predicates(book), corpus)


def test_saudinewsnet_files_hold_no_article_text() -> None:
    """The licence (CC BY-NC-SA) keeps the text out: Arabic appears only in the url lines."""
    arabic = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
    assert SAUDI_FILES
    for path in SAUDI_FILES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert line.lstrip().startswith("url:") or not arabic.search(line), f"{path}:{number}"


@needs_corpus
def test_saudinewsnet_set_loads_against_the_real_text(book: Rulebook) -> None:
    lexicon = lexicon_predicates(book)
    halves = {half: sorted((SAUDI / half).glob("*.yaml")) for half in ("dev", "test")}
    assert {half: len(files) for half, files in halves.items()} == {"dev": 20, "test": 20}
    articles = [load_offset_file(path, lexicon) for path in SAUDI_FILES]
    assert sum(len(a.assertions) for a in articles) >= 300
    assert sum(len(a.not_claims) for a in articles) >= 50
    assert all(a.assertions or a.not_claims for a in articles)


@needs_corpus
@pytest.mark.slow
def test_saudinewsnet_set_is_the_stated_selection() -> None:
    """The 40 articles are the selection rule's, and even positions are dev, odd ones test."""
    chosen = []
    for path in SAUDI_FILES:
        article = yaml.safe_load(path.read_text(encoding="utf-8"))["article"]
        position = int(path.name[:2])
        assert path.parent.name == ("dev" if position % 2 == 0 else "test"), path
        chosen.append((position, (article["zip"], article["member"], article["index"])))
    assert [ref for _, ref in sorted(chosen)] == select_articles()


@needs_corpus
def test_eval_claims_reads_an_offset_set_too(tmp_path: Path) -> None:
    # `factcheck eval claims` on an offset-based set scores it like EVAL.md does (it once failed
    # with a traceback: such files hold references, not text).
    from typer.testing import CliRunner

    from factcheck.cli import app

    result = CliRunner().invoke(app, ["eval", "claims", str(DATA / "claims_saudinewsnet" / "dev")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("20 files: precision ")
    assert "speculation leaks:" in result.output
