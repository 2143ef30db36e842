"""What verification says about one claim: verdict, confidence, reason and the evidence behind it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from factcheck.index.passages import DocumentInfo

VerdictName = Literal["corroborated", "contested", "unverified"]


@dataclass(frozen=True, slots=True)
class Evidence:
    document: DocumentInfo
    snippet: str  # the passage (a sentence of the report)
    match: str  # the fact's core text inside the snippet
    match_start: int  # offsets of `match` inside `snippet`
    match_end: int
    stance: Literal["supports", "contradicts"]
    reason: str
    claim_figure: str | None
    evidence_figure: str | None
    relatedness: float
    copy_of: str | None  # document id of the report this one repeats (same outlet or near-identical)
    from_claimed_source: bool  # published by the source the article attributes the claim to
    same_event: SameEvent | None = None  # why the report is taken for the claim's event
    # An independent outlet reporting that the claim's speaker said it ("قال أردوغان …"): it
    # corroborates the assertion as the article makes it (X said so), not what X said.
    quotes_claimed_source: bool = False


@dataclass(frozen=True, slots=True)
class SameEvent:
    """Why a report is the claim's event: the event model's probability, the claim's rare words
    the report shares, and the features the model weighed (verify/events.py)."""

    score: float
    shared_words: tuple[str, ...]
    features: dict[str, float]
    # "words": the event model alone took it for the claim's event; "facts": the structured
    # comparison matched a fact of it (with the model's score at least the structured threshold).
    matched_by: Literal["words", "facts"] = "words"


@dataclass(frozen=True, slots=True)
class AttributionCheck:
    """For "X said Y": did X say it, according to X's own reports in the corpus?"""

    source: str
    said: bool | None  # None: nothing from X in the corpus about this
    reason: str


@dataclass(frozen=True, slots=True)
class Verification:
    verdict: VerdictName
    confidence: float
    reason: str
    independent_support: int
    independent_contradiction: int
    evidence: tuple[Evidence, ...]
    attribution_check: AttributionCheck | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
