"""How often a news claim's own statement becomes a checkable assertion (issue 18).

Given claim texts (one news statement each, as UnifiedFC gives them), two shares:

- coverage: claims with at least one checkable assertion (`extract_claims`, speculation dropped);
- main-statement share: claims for which one checkable assertion carries the main statement.

The main statement is read from the claim's first sentence, without the extractor's claims:
1. its main clause is what follows the complementizer of a reporting verb that no event word
   precedes ("قال X إن …"), or
   the first clause when there is no such frame, up to a result connector ("… مما أدى إلى مقتل")
   (extract/events.py `main_clause`);
2. its main event is that clause's first event word (`find_head`: a trigger of the lexicon other
   than a denial verb, a listed event word, or a word of a verb's shape by rules/events.yaml); a
   clause whose first event is a future verb, or that has none, has no main statement an
   assertion could carry;
3. its figures are the clause's quantities that are not dates or durations, up to the next event
   word after the main one ("أطلقت … واعترض … ثلاثة": the three are the second verb's).
An assertion carries it when it is checkable, its span covers the main event's token, and, when
the clause states figures, its quantity has the value (or a bound) of one of them.

Step 2 uses the same event-word detector as extraction, so a verb the detector misses fails both
the extractor and this check (it counts as not carried), while a word it wrongly takes for the
event is not caught here: read `--errors` output, not only the share.

    python -m factcheck.evaluation.statements DIR --folds 1,2,3 [--errors N]

reads UnifiedFC's layout (DIR/dataset/<id>.json with a `claim`, DIR/train_test_splits.txt with
lines `Fold_k: id id …`) and only the claims of the folds named."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.extract.analysis import analyse
from factcheck.extract.attribution import find_reports
from factcheck.extract.document import extract_claims
from factcheck.extract.entities import find_mentions
from factcheck.extract.events import find_head, main_clause
from factcheck.model import Claim
from factcheck.quantities.find import TIME_UNITS, find_quantities
from factcheck.rulebook.compile import Rulebook
from factcheck.text.segment import segment

_TOLERANCE = 1e-6


@dataclass(frozen=True)
class MainStatement:
    event: tuple[int, int] | None  # character span of the main event word in the claim text
    figures: tuple[float, ...]  # values of the main clause's figures


@dataclass
class StatementScore:
    claims: int = 0
    covered: int = 0
    main: int = 0
    failures: list[tuple[str, list[Claim], MainStatement]] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        return self.covered / self.claims if self.claims else 0.0

    @property
    def main_share(self) -> float:
        return self.main / self.claims if self.claims else 0.0


def main_statement(text: str, book: Rulebook) -> MainStatement:
    sentences = [s for s in segment(text) if s.tokens]
    if not sentences:
        return MainStatement(None, ())
    analysis = analyse(sentences[0], book)
    mentions = find_mentions(analysis, book)
    reports = find_reports(analysis, mentions, book)
    # A denial verb frames the event it denies (as in extraction).
    triggers = {
        m.start
        for m in book.predicates.find_all(analysis.stems) + book.predicate_forms.find_all(analysis.keys)
        if m.payload.kind != "denial"
    }
    start, end = main_clause(analysis, reports, book, mentions, triggers)
    tokens = analysis.sentence.tokens
    found = find_quantities(text, tokens, analysis.keys, book)
    figures_at = {i for q in found for i in range(q.first, q.last)}  # never the event word
    head = find_head(analysis, (start, end), mentions, figures_at, reports, book, triggers)
    # The main event's figures stand before the next event word of its clause (واعترض … ثلاثة).
    following = (
        find_head(analysis, (head.index + 1, end), mentions, set(), reports, book, triggers) if head else None
    )
    limit = following.index if following is not None else end
    figures = tuple(
        float(q.quantity.value)
        for q in found
        if start <= q.first
        and q.last <= limit
        and not q.is_date
        and q.quantity.unit not in TIME_UNITS
        and q.quantity.value is not None
    )
    if head is None or head.future:
        return MainStatement(None, figures)
    return MainStatement((tokens[head.index].start, tokens[head.index].end), figures)


def carries(claim: Claim, statement: MainStatement) -> bool:
    if not claim.checkable or statement.event is None:
        return False
    start, end = statement.event
    if not (claim.span.start <= start and end <= claim.span.end):
        return False
    if not statement.figures:
        return True
    quantity = claim.quantity
    if quantity is None:
        return False
    values = [v for v in (quantity.value, quantity.low, quantity.high) if v is not None]
    return any(abs(float(v) - f) < _TOLERANCE for v in values for f in statement.figures)


def score_statements(texts: Iterable[str], book: Rulebook) -> StatementScore:
    score = StatementScore()
    for text in texts:
        claims = extract_claims(text, book)
        statement = main_statement(text, book)
        score.claims += 1
        score.covered += bool(claims)
        if any(carries(claim, statement) for claim in claims):
            score.main += 1
        else:
            score.failures.append((text, claims, statement))
    return score


def fold_ids(splits: Path, folds: Sequence[int]) -> list[str]:
    """Claim ids of the named folds only (the others are held out and never read)."""
    wanted = {f"Fold_{fold}" for fold in folds}
    ids: list[str] = []
    for line in splits.read_text(encoding="utf-8").splitlines():
        name, _, rest = line.partition(":")
        if name.strip() in wanted:
            ids.extend(rest.split())
    return ids


def read_claims(directory: Path, folds: Sequence[int]) -> list[str]:
    ids = fold_ids(directory / "train_test_splits.txt", folds)
    return [
        json.loads((directory / "dataset" / f"{i}.json").read_text(encoding="utf-8"))["claim"] for i in ids
    ]


def _describe(claim: Claim) -> str:
    figure = f" {claim.quantity.value}" if claim.quantity else ""
    return f"{claim.predicate}{figure} «{claim.text}»"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m factcheck.evaluation.statements")
    parser.add_argument("directory", type=Path, help="UnifiedFC folder (dataset/, train_test_splits.txt)")
    parser.add_argument("--folds", default="1,2,3", help="comma-separated fold numbers to read")
    parser.add_argument("--errors", type=int, default=0, help="print this many failing claims")
    args = parser.parse_args(argv)
    from factcheck.rulebook.load import load_rulebook

    folds = [int(part) for part in args.folds.split(",") if part.strip()]
    score = score_statements(read_claims(args.directory, folds), load_rulebook())
    print(f"claims: {score.claims}")
    print(f"coverage: {score.coverage:.1%} ({score.covered})")
    print(f"main statement: {score.main_share:.1%} ({score.main})")
    for text, claims, statement in score.failures[: args.errors]:
        event = text[statement.event[0] : statement.event[1]] if statement.event else None
        print(f"\n- {text}\n  main event: {event}, figures: {list(statement.figures)}")
        print("  extracted: " + ("; ".join(_describe(c) for c in claims) or "nothing"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
