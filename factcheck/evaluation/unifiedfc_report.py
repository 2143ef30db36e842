"""The UnifiedFC section of EVAL.md (`make eval` with UNIFIEDFC_DIR set): folds 1–3 checked without
a date and with one, beside the all-unverified baseline. Folds 4 and 5 are never checked here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from factcheck.app import stance_model
from factcheck.evaluation.unifiedfc import DEFAULT_FOLDS
from factcheck.evaluation.unifiedfc_check import check_all, prepare
from factcheck.evaluation.unifiedfc_score import measure, render_text
from factcheck.rulebook.compile import Rulebook
from factcheck.user_cache import cache_dir

# The claims are from late 2017 (Reuters and VERIFY-SY); the issue that set this measure used it.
CHECK_DATE = dt.date(2017, 12, 15)
GOALS = (
    "Goals (folds 1–3, without a date): evidence precision ≥ 0.80; at least 50 % of the agreeing "
    "and disagreeing articles cited, ≥ 80 % of those with the right stance; verdict macro-F1 ≥ 0.60."
)


def section(directory: Path | None, book: Rulebook, work_dir: Path | None = None) -> list[str]:
    lines = ["## Verdicts on real news (UnifiedFC, Baly et al. 2018)", ""]
    if directory is None or not (directory / "train_test_splits.txt").is_file():
        where = directory or "UNIFIEDFC_DIR"
        return [*lines, f"Not measured in this run: {where} is not UnifiedFC's folder.", ""]
    work = work_dir or cache_dir("unifiedfc")
    dataset = prepare(directory, work, book, DEFAULT_FOLDS)
    lines += [
        "`factcheck eval unifiedfc DIR` (folds 1–3; folds 4 and 5 are a held-out test nobody here "
        "checks or reads): every fold's 3,042 articles are the corpus, each claim is checked as an "
        "article. Evidence precision counts a cited article as right only when the annotators tied "
        "it to that claim (agree, disagree, discuss); a claim's gold verdict is contested if an "
        "article of its own disagrees, corroborated if one agrees, else unverified; claims with no "
        "checkable assertion count as unverified. The event model's few weights and thresholds "
        "were fit on these folds (bench/train_event_model.py, cross-validated by fold).",
        "",
        GOALS,
        "",
    ]
    for label, date in (("without a date", None), (f"with --date {CHECK_DATE.isoformat()}", CHECK_DATE)):
        outcomes = check_all(dataset, work, book, date, model=stance_model())  # as `check` compares
        folds = {f"fold {f}": measure([o for o in outcomes if o.claim.fold == f]) for f in DEFAULT_FOLDS}
        lines += [f"### {label}", "", render_text({**folds, "all": measure(outcomes)}), ""]
    return lines
