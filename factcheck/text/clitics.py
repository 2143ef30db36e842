"""Matching keys of a normalised word: the word itself and the word without its proclitics.

Arabic attaches conjunctions, prepositions and the article to the next word (والألمانية, للتحالف,
بالأمم). Rather than analyse morphology we try every proclitic split that leaves a plausible word;
the lexicon decides which one means something."""

from __future__ import annotations

from functools import lru_cache

# Longest first. ال after ل assimilates (ل + الدولة = للدولة), hence لل.
_PROCLITICS = (
    "وبال", "وكال", "فبال", "ولل", "فلل", "وال", "فال", "بال", "كال",
    "لل", "ال", "وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك",
)  # fmt: skip
# The same, grouped by first letter (order kept): a word is tried only against those it can start with.
_PROCLITICS_BY_LETTER = {
    letter: tuple(prefix for prefix in _PROCLITICS if prefix[0] == letter)
    for letter in {p[0] for p in _PROCLITICS}
}
_MIN_STEM = 2
_IMPERFECT_PREFIXES = "يتنا"


@lru_cache(maxsize=200_000)
def word_keys(norm: str) -> tuple[str, ...]:
    """Candidate keys of a normalised token, the unstripped form first."""
    keys = [norm]
    for prefix in _PROCLITICS_BY_LETTER.get(norm[:1], ()):
        rest = norm[len(prefix) :]
        if norm.startswith(prefix) and (len(rest) >= _MIN_STEM or rest[:1].isdigit()):
            keys.append(rest)
            if prefix.endswith("لل"):  # ل + ال: the article is still there (للتحالف = ل + التحالف)
                keys.append("ال" + rest)
    # The future prefix س sits on an imperfect verb (ستنشر، سيعلن), possibly after و or ف.
    for prefix in ("وس", "فس", "س"):
        rest = norm[len(prefix) :]
        if norm.startswith(prefix) and len(rest) >= 3 and rest[0] in _IMPERFECT_PREFIXES:
            keys.append(rest)
    # Accusative tanween leaves a bare alef once diacritics are gone (قتيلاً → قتيلا).
    for key in list(keys):
        if len(key) > 3 and key.endswith("ا"):
            keys.append(key[:-1])
    return tuple(dict.fromkeys(keys))


def lexicon_keys(norm: str) -> tuple[str, ...]:
    """Keys a lexicon entry is stored under: as written and without a leading article."""
    if norm.startswith("ال") and len(norm) - 2 >= _MIN_STEM:
        return (norm, norm[2:])
    return (norm,)
