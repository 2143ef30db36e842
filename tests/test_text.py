"""The Arabic text layer: normalisation, invisible-character cleaning with offset maps, segmentation
into sentences and tokens (offsets into the original text), proclitic keys and stems."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.text.clean import INVISIBLE, clean
from factcheck.text.clitics import word_keys
from factcheck.text.normalize import normalize
from factcheck.text.segment import (
    _WRAPPED_WORD,
    CUT_PUNCTUATION,
    MAX_SENTENCE_CHARS,
    Sentence,
    _word_spans,
    overlong_sentences,
    segment,
)
from factcheck.text.stems import stem, stem_keys

# The invisible controls the brief names: zero-width and directional marks, bidi embeddings and
# overrides, bidi isolates, the Arabic letter mark and the byte order mark.
CONTROLS = (
    [chr(code) for code in range(0x200B, 0x2010)]
    + [chr(code) for code in range(0x202A, 0x202F)]
    + [chr(code) for code in range(0x2066, 0x206A)]
    + ["\u061c", "\ufeff"]
)
ZWNJ = "\u200c"


def _tokens(text: str) -> list[str]:
    return [token.text for sentence in segment(text) for token in sentence.tokens]


# normalize ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("أحمد", "احمد"),  # alef with hamza above
        ("إسلام", "اسلام"),  # alef with hamza below
        ("آمن", "امن"),  # alef with madda
        ("ٱلله", "الله"),  # alef wasla
        ("مصطفى", "مصطفي"),  # alef maksura → yeh
        ("إلى", "الي"),
        ("مدينة", "مدينه"),  # teh marbuta → heh
        ("مُحَمَّد", "محمد"),  # damma, fatha, shadda
        ("كِتابٍ", "كتاب"),  # kasra, kasratan
        ("قتيلاً", "قتيلا"),  # fathatan
        ("سْ", "س"),  # sukun
        ("جـــيش", "جيش"),  # tatweel
        ("١٢٣", "123"),  # Arabic-Indic digits
        ("۱۲۳", "123"),  # Persian digits
        ("٠٩", "09"),
        ("۰۹", "09"),
        ("٤٫٥", "4.5"),  # Arabic decimal separator
        ("١٬٢٠٠", "1,200"),  # Arabic thousands separator
        ("ﻻ", "لا"),  # presentation-form ligature (NFKC)
        ("ﺍﻟﺠﻴﺶ", "الجيش"),  # presentation forms
        ("\ufdfc", "ريال"),  # the rial sign: camel-tools spells it out
        ("500\ufdfc", "500ريال"),
    ],
)
def test_normalize(word: str, expected: str) -> None:
    assert normalize(word) == expected


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_normalize_removes_invisible_controls(control: str) -> None:
    assert normalize(f"قت{control}ل") == "قتل"
    assert normalize(f"1{control}200") == "1200"


def test_normalize_combines_everything() -> None:
    assert normalize("\u200fوالأَلـمانيّة\u200e") == "والالمانيه"


# clean ----------------------------------------------------------------------------------------------
def test_brief_controls_are_all_invisible() -> None:
    assert set(CONTROLS) <= INVISIBLE


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_clean_removes_control(control: str) -> None:
    original = f"قتل{control} 4{control} جنود"
    view = clean(original)
    assert view.text == "قتل 4 جنود"
    assert view.original == original
    assert len(view.origin) == len(view.text) + 1
    assert view.origin[-1] == len(original)


def test_clean_without_controls_is_identity() -> None:
    original = "أسفر القصف عن مقتل 4 جنود."
    view = clean(original)
    assert view.text == original
    assert view.to_original(6, 10) == (6, 10)


def test_clean_maps_offsets_back() -> None:
    original = "\u202bقتل 1\u200c200 جندي\u202c."
    view = clean(original)
    assert view.text == "قتل 1200 جندي."
    for word in ("قتل", "1200", "جندي", "."):
        start = view.text.index(word)
        o_start, o_end = view.to_original(start, start + len(word))
        assert clean(original[o_start:o_end]).text == word
    # A span over a removed control keeps it (it lies between kept characters) ...
    start = view.text.index("1200")
    assert view.to_original(start, start + 4) == (original.index("1"), original.index("200") + 3)
    # ... but never starts or ends on one.
    assert view.to_original(0, 3) == (1, 4)
    assert view.to_original(len(view.text) - 1, len(view.text)) == (len(original) - 1, len(original))


def test_clean_every_kept_character_maps_to_itself() -> None:
    original = "\ufeff\u2067أ\u200bب ج\u061c\u2069د\u200d"
    view = clean(original)
    assert view.text == "أب جد"
    for index, char in enumerate(view.text):
        assert original[view.origin[index]] == char
        assert view.to_original(index, index + 1) == (view.origin[index], view.origin[index] + 1)


def test_clean_empty_span() -> None:
    view = clean("أ\u200bب")
    assert view.to_original(1, 1) == (2, 2)
    assert view.to_original(2, 2) == (3, 3)


# segment ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("mark", [".", "!", "?", "؟"])
def test_sentences_split_at_end_marks(mark: str) -> None:
    sentences = segment(f"قتل أربعة جنود{mark} وأصيب آخرون")
    assert [s.text for s in sentences] == [f"قتل أربعة جنود{mark}", "وأصيب آخرون"]


def test_sentences_split_at_newlines() -> None:
    assert [s.text for s in segment("العنوان\nقتل أربعة جنود\n\nوأصيب آخرون")] == [
        "العنوان",
        "قتل أربعة جنود",
        "وأصيب آخرون",
    ]


@pytest.mark.parametrize("number", ["3.5", "٣٫٥", "1,200", "١٬٢٠٠", "2.5"])
def test_no_sentence_split_inside_numbers(number: str) -> None:
    sentences = segment(f"بلغت النسبة {number} بالمئة. ثم تراجعت")
    assert [s.text for s in sentences] == [f"بلغت النسبة {number} بالمئة.", "ثم تراجعت"]
    assert number in [token.text for token in sentences[0].tokens]


@pytest.mark.parametrize(
    ("number", "norm"),
    [("1,200", "1,200"), ("١٬٢٠٠", "1,200"), ("3.5", "3.5"), ("٣٫٥", "3.5"), ("12,500,000", "12,500,000")],
)
def test_number_groups_are_one_token(number: str, norm: str) -> None:
    sentences = segment(f"قتل {number} شخص")
    tokens = sentences[0].tokens
    assert [token.text for token in tokens] == ["قتل", number, "شخص"]
    assert tokens[1].norm == norm


def test_zwnj_inside_number_stays_one_token() -> None:
    text = f"نزح 1{ZWNJ}200 شخص"
    (sentence,) = segment(text)
    assert [token.text for token in sentence.tokens] == ["نزح", f"1{ZWNJ}200", "شخص"]
    number = sentence.tokens[1]
    assert number.norm == "1200"
    assert text[number.start : number.end] == f"1{ZWNJ}200"


def test_separated_numbers_stay_apart() -> None:
    assert _tokens("بين 3 , 5 جنود") == ["بين", "3", ",", "5", "جنود"]


def test_token_offsets_slice_original_text() -> None:
    text = "\u202bأعلنت\u200f الوزارة، مقتل ١٬٢٠٠ شخص\u202c.\n\ufeffوأصيب 3.5 \u2066ألف\u2069 آخرون؟ نعم"
    sentences = segment(text)
    assert len(sentences) == 3
    seen = []
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        for token in sentence.tokens:
            assert text[token.start : token.end] == token.text
            assert sentence.start <= token.start < token.end <= sentence.end
            assert token.text[0] not in INVISIBLE and token.text[-1] not in INVISIBLE
            seen.append(token.text)
    assert seen[:6] == ["أعلنت", "الوزارة", "،", "مقتل", "١٬٢٠٠", "شخص"]
    assert "3.5" in seen and "ألف" in seen


def test_token_norms() -> None:
    (sentence,) = segment("أعلنتْ الوزارةُ مقتلَ ٤ جنـود")
    assert [token.norm for token in sentence.tokens] == ["اعلنت", "الوزاره", "مقتل", "4", "جنود"]


def test_sentence_line_and_column() -> None:
    text = "العنوان الأول\n\nقتل 4 جنود. وأصيب 13 آخرون\n  ثم انسحبت القوات؟\n\u200fسطر أخير"
    sentences = segment(text)
    assert [(s.text, s.line, s.column) for s in sentences] == [
        ("العنوان الأول", 1, 1),
        ("قتل 4 جنود.", 3, 1),
        ("وأصيب 13 آخرون", 3, 13),
        ("ثم انسحبت القوات؟", 4, 3),
        ("سطر أخير", 5, 2),  # columns count the user's characters, the RLM included
    ]
    for sentence in sentences:
        line_start = text.rfind("\n", 0, sentence.start) + 1
        assert text.count("\n", 0, sentence.start) + 1 == sentence.line
        assert sentence.start - line_start + 1 == sentence.column


def _camel_spans(word: str) -> list[tuple[int, int]]:
    """Spans of camel-tools' own tokens of `word` (it never rewrites characters)."""
    from camel_tools.tokenizers.word import simple_word_tokenize

    spans, cursor = [], 0
    for token in simple_word_tokenize(word):
        start = word.index(token, cursor)
        spans.append((start, start + len(token)))
        cursor = start + len(token)
    return spans


def test_wrapped_word_fast_path_matches_camel_tools() -> None:
    """segment tokenises letters wrapped in punctuation itself (a speed-up): every character inside a
    word, and every pair of its punctuation around and inside words, must give camel-tools' tokens."""
    # Every character of the basic plane, not only those of the range: a wider range must fail too.
    letters = [
        chr(code) for code in range(0x21, 0x10000) if not (0xD800 <= code < 0xE000 or chr(code).isspace())
    ]
    marks = ["", *CUT_PUNCTUATION]
    pairs = [a + b for a in marks for b in marks]  # every pair of punctuation, and each alone
    wrapped = [f"{before}قتل{after}" for before in pairs for after in marks]
    wrapped += [f"{before}قتل{after}" for before in marks for after in pairs]
    assert all(_WRAPPED_WORD.fullmatch(word) for word in wrapped)  # the fast path is really taken
    inside = [f"قتل{mark}قتل" for mark in marks]  # punctuation inside a word: not the fast path
    for word in [f"ب{letter}ب" for letter in letters] + letters + wrapped + inside:
        assert _word_spans(word) == _camel_spans(word), word


def test_empty_and_blank_text() -> None:
    assert segment("") == []
    assert segment(" \n\n \u200b\n") == []


# word_keys / stem_keys -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("والألمانية", "المانيه"),
        ("والألمانية", "الالمانيه"),
        ("للتحالف", "التحالف"),
        ("بالأمم", "امم"),
        ("وبالقرب", "قرب"),
        ("و5", "5"),
        ("و١٢", "12"),
        ("قتيلاً", "قتيل"),
    ],
)
def test_word_keys_strip_proclitics(word: str, key: str) -> None:
    keys = word_keys(normalize(word))
    assert keys[0] == normalize(word)
    assert key in keys


def test_word_keys_keep_short_stems() -> None:
    assert word_keys("ول") == ("ول",)  # stripping would leave a single letter
    assert word_keys("جنود") == ("جنود",)


def test_inflections_share_a_stem() -> None:
    shared = set(stem_keys("قتيل")) & set(stem_keys("قتيلاً")) & set(stem_keys("قتيلان"))
    assert shared


@pytest.mark.parametrize(("word", "bare"), [("لمقتل", "مقتل"), ("والقتلى", "قتلى"), ("بمقتل", "مقتل")])
def test_stem_keys_strip_proclitics(word: str, bare: str) -> None:
    assert stem(bare) in stem_keys(word)


# properties of segment -------------------------------------------------------------------------
ALPHABET = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويةىأإآءئؤ"
    + "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
    + "٬٫,."
    + "  \n\n"
    + "،؟.!?"
    + "\u064b\u064e\u0651\u0640"
    + "".join(sorted(INVISIBLE))
)
TEXTS = st.text(alphabet=ALPHABET, max_size=120)


def _check_spans(text: str, sentences: list[Sentence]) -> None:
    previous_end = 0
    previous_sentence_end = 0
    for sentence in sentences:
        assert 0 <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.start >= previous_sentence_end
        previous_sentence_end = sentence.end
        assert sentence.tokens
        line_start = text.rfind("\n", 0, sentence.start) + 1
        assert (sentence.line, sentence.column) == (
            text.count("\n", 0, sentence.start) + 1,
            sentence.start - line_start + 1,
        )
        for token in sentence.tokens:
            assert sentence.start <= token.start < token.end <= sentence.end
            assert text[token.start : token.end] == token.text
            assert token.start >= previous_end
            previous_end = token.end


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_segment_spans_are_exact(text: str) -> None:
    _check_spans(text, segment(text))


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_segment_is_deterministic(text: str) -> None:
    assert segment(text) == segment(text)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_segment_drops_only_whitespace_and_controls(text: str) -> None:
    covered = "".join(token.text for sentence in segment(text) for token in sentence.tokens)
    assert clean(covered).text == "".join(clean(text).text.split())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["قتل", "4", "١٬٢٠٠", "3.5", "جنود", "،", ".", "؟", "\n", ZWNJ]), max_size=30)
)
def test_segment_of_word_soup(words: list[str]) -> None:
    text = " ".join(words)
    _check_spans(text, segment(text))


def test_a_sentence_over_the_limit_is_cut_after_a_comma_else_at_a_space() -> None:
    clause = "قتل أربعة جنود في الرقة، "
    text = clause * 400 + "ثم " * 2000 + "نهاية."
    sentences = segment(text)
    assert len(sentences) > 1 and all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert sentences[0].text.endswith("،")  # a comma in the piece's second half
    assert any(s.text.endswith("ثم") for s in sentences[1:])  # no comma there: a space
    assert "".join(s.text for s in sentences).replace(" ", "") == text.replace(" ", "")  # nothing lost
    assert overlong_sentences(text) == 1
    assert segment("جملة قصيرة. وأخرى.")[1].text == "وأخرى."
