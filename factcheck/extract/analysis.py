"""Per-sentence analysis shared by every extraction step: keys, stems, clauses, hedged tokens."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from factcheck.rulebook.compile import HedgeRule, Rulebook
from factcheck.rulebook.lexicon import token_keys
from factcheck.text.segment import Sentence
from factcheck.text.stems import stem_keys

CLAUSE_PUNCTUATION = frozenset("،,;؛:")


@dataclass
class Analysis:
    sentence: Sentence
    book: Rulebook = field(repr=False)
    keys: list[tuple[str, ...]] = field(init=False)  # candidate matching keys per token (proclitics stripped)

    def __post_init__(self) -> None:
        self.keys = token_keys([token.norm for token in self.sentence.tokens])

    # The rest is computed on first use: most sentences of a newspaper hold no claim and never need it.
    @cached_property
    def stems(self) -> list[tuple[str, ...]]:
        """Snowball stems per token."""
        return [stem_keys(token.text) for token in self.sentence.tokens]

    @cached_property
    def clause(self) -> list[int]:
        """Clause number per token."""
        return _clauses(self.sentence, self.keys, self.book)

    @cached_property
    def word_breaks(self) -> frozenset[int]:
        """Tokens that open a clause by their meaning (لكن، فيما), not by punctuation."""
        return frozenset(
            index
            for index in range(1, len(self.keys))
            if self.book.clause_breaks.intersection(self.keys[index][:1])
        )

    @cached_property
    def _break_counts(self) -> list[int]:
        """Clause-breaking words before each token index (prefix counts, len + 1 entries)."""
        return _prefix_counts(len(self.keys), self.word_breaks)

    @cached_property
    def _punctuation_counts(self) -> list[int]:
        marks = {i for i, token in enumerate(self.sentence.tokens) if token.text in CLAUSE_PUNCTUATION}
        return _prefix_counts(len(self.keys), marks)

    def breaks_between(self, start: int, end: int) -> bool:
        """Does a clause-breaking word (لكن، فيما) stand at an index in [start, end)? O(1): the
        attachment of figures asks it for every trigger and figure pair (issue: cubic time)."""
        return end > start and self._break_counts[end] > self._break_counts[start]

    def punctuation_between(self, start: int, end: int) -> bool:
        return end > start and self._punctuation_counts[end] > self._punctuation_counts[start]

    @cached_property
    def hedged(self) -> dict[int, HedgeRule]:
        """Token index → the hedge that makes it not checkable."""
        return _hedged_tokens(self.sentence, self.keys, self.clause, self.book)

    def is_punctuation(self, index: int) -> bool:
        return self.sentence.tokens[index].text in CLAUSE_PUNCTUATION


def _prefix_counts(length: int, marked: frozenset[int] | set[int]) -> list[int]:
    counts = [0] * (length + 1)
    for index in range(length):
        counts[index + 1] = counts[index] + (index in marked)
    return counts


def analyse(sentence: Sentence, book: Rulebook) -> Analysis:
    return Analysis(sentence, book)


def _clauses(sentence: Sentence, keys: list[tuple[str, ...]], book: Rulebook) -> list[int]:
    numbers: list[int] = []
    current = 0
    for index, token in enumerate(sentence.tokens):
        if token.text in CLAUSE_PUNCTUATION or (
            index > 0 and book.clause_breaks.intersection(keys[index][:1])
        ):
            current += 1
        numbers.append(current)
    return numbers


# A user's next_pattern sees at most this much of the next word: with the patterns the rule
# schema refuses (nested quantifiers, backreferences), this bounds any pattern's run time.
_PATTERN_INPUT = 64


def _hedged_tokens(
    sentence: Sentence, keys: list[tuple[str, ...]], clause: list[int], book: Rulebook
) -> dict[int, HedgeRule]:
    """Speculation covers its clause from the marker on ("... 13 injured by a strike believed to
    come from ..." keeps the casualty figure); opinion and prediction cover their whole clause (X لا يعد
    دليلا; تعمل الحكومة على ... خلال الأسبوع المقبل)."""
    hedged: dict[int, HedgeRule] = {}
    for match in book.hedges.find_all(keys):
        rule = match.payload
        if rule.next_pattern is not None:
            following = sentence.tokens[match.end].norm[:_PATTERN_INPUT] if match.end < len(keys) else ""
            if not rule.next_pattern.search(following) or rule.next_exclude.intersection(keys[match.end][:1]):
                continue
        own_clause = clause[match.start]
        first = match.start
        if rule.category in _WHOLE_CLAUSE:
            first = _whole_clause_start(keys, clause, match.start, book)
        for index in range(first, len(keys)):
            if clause[index] != own_clause:
                break
            hedged.setdefault(index, rule)
    if sentence.text.rstrip().endswith(("؟", "?")):  # a question asserts nothing
        hedged.update({index: _QUESTION for index in range(len(keys)) if index not in hedged})
    return hedged


_WHOLE_CLAUSE = frozenset({"opinion", "prediction"})  # the rest cover their clause from the marker on


def _whole_clause_start(keys: list[tuple[str, ...]], clause: list[int], marker: int, book: Rulebook) -> int:
    """Where an opinion or prediction begins: its clause's start, or the last complementizer before
    the marker in that clause. A complementizer opens what is said or planned, and the event told
    before it stands: "اختارت المعارضة رئيسا لوفدها … والمقرر أن تبدأ الجولة الأسبوع المقبل",
    "انسحب الوفد … وقال إنه لن يعود الأسبوع المقبل" (UnifiedFC folds 1-3)."""
    start = clause.index(clause[marker])
    opening = book.complementizers | book.events.pronoun_complementizers  # أن، إنه، بأنها …
    for index in range(marker - 1, start - 1, -1):
        if opening.intersection(keys[index][:1]):
            return index
    return start


_QUESTION = HedgeRule("question", "speculation", None, frozenset(), ())
