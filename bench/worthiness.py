"""Does check_worthiness mean something? Precision and recall of the extractor on the annotated
SaudiNewsNet set (tests/data/claims_saudinewsnet, dev and test) when claims below a threshold are
left out, as `--min-worthiness` does.

    .venv/bin/python bench/worthiness.py

If the score ranks well, precision rises with the threshold faster than recall falls."""

from __future__ import annotations

from pathlib import Path

from factcheck.evaluation.claims import score_offset_directory
from factcheck.evaluation.report import claim_files
from factcheck.extract.document import extract_claims
from factcheck.model import Claim
from factcheck.rulebook.compile import Rulebook
from factcheck.rulebook.load import load_rulebook

SETS = Path(__file__).resolve().parents[1] / "tests" / "data" / "claims_saudinewsnet"
THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def main() -> None:
    book = load_rulebook()
    print("| half | min-worthiness | claims kept | precision | recall | F1 |")
    print("|---|---|---|---|---|---|")
    for half in ("dev", "test"):
        for threshold in THRESHOLDS:

            def extract(text: str, rules: Rulebook, floor: float = threshold) -> list[Claim]:
                return [c for c in extract_claims(text, rules) if c.check_worthiness >= floor]

            score = score_offset_directory(claim_files(SETS / half), book, extract=extract)
            overall = score.overall
            kept = overall.true_positive + overall.false_positive
            print(
                f"| {half} | {threshold:.1f} | {kept} | {overall.precision:.3f} | {overall.recall:.3f} "
                f"| {overall.f1:.3f} |"
            )


if __name__ == "__main__":
    main()
