"""The article-source interface: every source yields Articles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Article:
    origin: str  # path, "-" or URL, as the user named it
    text: str


class ArticleSource(Protocol):
    def read(self) -> Article: ...
