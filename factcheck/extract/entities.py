"""Entity mentions in a sentence (longest alias match), and the reference the model exposes."""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.extract.analysis import Analysis
from factcheck.model import EntityRef
from factcheck.rulebook.compile import EntityInfo, Rulebook


@dataclass(frozen=True, slots=True)
class Mention:
    info: EntityInfo
    start: int  # token indices, half-open
    end: int

    def ref(self, analysis: Analysis) -> EntityRef:
        tokens = analysis.sentence.tokens
        sentence = analysis.sentence
        text = sentence.text[
            tokens[self.start].start - sentence.start : tokens[self.end - 1].end - sentence.start
        ]
        return EntityRef(id=self.info.id, name=self.info.name, category=self.info.category, text=text)


def find_mentions(analysis: Analysis, book: Rulebook) -> list[Mention]:
    return [Mention(match.payload, match.start, match.end) for match in book.entities.find_all(analysis.keys)]
