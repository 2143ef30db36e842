"""Article inputs: drafts (Markdown, HTML, front matter, ignore markers), directories, globs, standard
input, and robustness (encodings, binary, empty, huge files)."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.app import Options, extract_article
from factcheck.errors import InputError
from factcheck.sources.base import Article, OffsetMap
from factcheck.sources.drafts import article_from_draft
from factcheck.sources.local import FileSource, StdinSource
from factcheck.sources.resolve import InputSettings, sources_for
from tests.conftest import factcheck_command

KILLED = "قالت قيادة العمليات المشتركة إن الغارات أسفرت عن مقتل 27 مسلحا وتدمير ثلاث آليات مفخخة."
INJURED = "أفاد مصدر طبي في مستشفى الرمادي بوصول جثث سبعة مدنيين، وإصابة ١٤ آخرين بجروح."

MARKDOWN_DRAFT = """---
title: غارات على الرمادي
date: 2015-12-08T10:00:00+03:00
source: وكالة الأنباء
---
## غارات على *الرمادي*: أرقام **متضاربة**

قالت قيادة العمليات المشتركة في [العراق](https://example.com/a_(b) "عنوان")، الثلاثاء، إن غارات \
نفذتها طائرات التحالف &amp; أسفرت عن **مقتل 27 مسلحا** وتدمير _ثلاث آليات_ مفخخة.

> أفاد مصدر طبي في مستشفى الرمادي بوصول جثث سبعة مدنيين،
> وإصابة ١٤ آخرين بجروح. <!-- factcheck: ignore -->

```
قتل 50 شخصا في مثال برمجي
```

- لكن المتحدث باسم التحالف ستيف وارن نفى سقوط أي ضحايا مدنيين في الغارات \\*تحديث\\*.
1. وقال المرصد إن ![صورة](a.png) 4 مدنيين قتلوا في `دير الزور` أمس.

<p>وأعلنت وزارة الدفاع مقتل 12 جنديا.</p>
"""


def read_draft(tmp_path: Path, name: str, content: str | bytes, **settings: object) -> Article:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return FileSource(path, InputSettings(**settings)).read()  # type: ignore[arg-type]


def at(draft: str, line: int, column: int) -> str:
    return draft.split("\n")[line - 1][column - 1 :]


# ------------------------------------------------------------------------------------- Markdown


def test_markdown_claims_point_at_the_draft(tmp_path, book):
    article = read_draft(tmp_path, "draft.md", MARKDOWN_DRAFT)
    report = extract_article(article, book, Options())
    texts = [claim.text for claim in report.claims]
    assert any("27" in text for text in texts) and any("١٤" in text for text in texts)
    assert not any("50" in text for text in texts), "a fenced code block is not article text"
    for claim in report.claims:
        written = at(MARKDOWN_DRAFT, claim.span.line, claim.span.column)
        assert written.startswith(claim.text[:4]), (claim.text, claim.span, written[:20])
        sentence = at(MARKDOWN_DRAFT, claim.sentence_span.line, claim.sentence_span.column)
        assert sentence.startswith(claim.sentence[:3]), (claim.sentence, written[:20])


def test_markdown_text_has_no_markup_and_every_letter_maps_back(tmp_path):
    article = read_draft(tmp_path, "draft.md", MARKDOWN_DRAFT)
    text = article.text
    for markup in ("##", "**", "](", "https://", "&amp;", "---", "```", "<p>", "a.png", "صورة", "<!--"):
        assert markup not in text, markup
    assert "العراق،" in text and "مقتل 27 مسلحا" in text and "& أسفرت" in text
    assert "*تحديث*" in text and "دير الزور" in text and "وزارة الدفاع" in text
    assert "عن مقتل" in text and "مدنيين، وإصابة" in text  # softbreak is a space
    source_map = article.source_map
    assert isinstance(source_map, OffsetMap)
    for offset, char in enumerate(text):
        if char.isalnum():
            assert MARKDOWN_DRAFT[source_map.draft_offset(offset)] == char, offset


def test_front_matter_fills_date_source_title(tmp_path):
    article = read_draft(tmp_path, "draft.md", MARKDOWN_DRAFT)
    assert article.date == dt.date(2015, 12, 8)
    assert article.source == "وكالة الأنباء"
    assert article.title == "غارات على الرمادي"
    assert "title:" not in article.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-12-08", dt.date(2015, 12, 8)),
        ("'2015-12-08'", dt.date(2015, 12, 8)),
        ("2015-12-08T23:30:00Z", dt.date(2015, 12, 8)),
        ("2015-12-08 10:00:00+03:00", dt.date(2015, 12, 8)),
    ],
)
def test_front_matter_dates(tmp_path, value, expected):
    article = read_draft(tmp_path, "d.md", f"---\ndate: {value}\n---\n{KILLED}\n")
    assert article.date == expected


def test_bad_front_matter_date_names_file_and_line(tmp_path):
    with pytest.raises(InputError) as error:
        read_draft(tmp_path, "d.md", f"---\ntitle: x\ndate: 8/12/2015\n---\n{KILLED}\n")
    message = str(error.value)
    assert message.startswith(f"{tmp_path / 'd.md'}:3: invalid date '8/12/2015'")
    assert "\n" not in message


def test_invalid_front_matter_yaml_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match=r"d\.md:\d+: invalid front matter"):
        read_draft(tmp_path, "d.md", f"---\ntitle: [unclosed\n---\n{KILLED}\n")


def test_an_unclosed_fence_is_a_rule_not_front_matter(tmp_path):
    article = read_draft(tmp_path, "d.md", f"---\n{KILLED}\n")
    assert article.date is None and KILLED in article.text


def test_crlf_markdown_keeps_lines_and_columns(tmp_path, book):
    draft = f"# عنوان\r\n\r\nمقدمة. {KILLED}\r\n"
    article = read_draft(tmp_path, "d.md", draft.encode("utf-8"))
    (claim, *_) = extract_article(article, book, Options()).claims
    assert claim.span.line == 3
    assert at(draft.replace("\r\n", "\n"), 3, claim.span.column).startswith(claim.text)


# ----------------------------------------------------------------------------------------- HTML

HTML_DRAFT = f"""<!DOCTYPE html>
<html><head><title>غارات &amp; أرقام</title>
<meta name="date" content="2015-12-08">
<meta property="og:site_name" content="الموقع">
<style>p {{ color: red }}</style>
</head>
<body>
<h1>غارات على الرمادي</h1>
<p>قالت قيادة العمليات المشتركة في <a href="x">العراق</a>&#x60C; الثلاثاء&#1548; إن غارات
أسفرت عن <b>مقتل 27 مسلحا</b> وتدمير ثلاث آليات مفخخة.</p>
<!-- factcheck: ignore-next-line -->
<p>{INJURED}</p>
<script>var x = "قتل 50 شخصا";</script>
</body></html>
"""


def test_html_draft_text_metadata_and_positions(tmp_path, book):
    article = read_draft(tmp_path, "draft.html", HTML_DRAFT)
    assert "<" not in article.text and "color" not in article.text and "50" not in article.text
    assert "العراق، الثلاثاء، إن غارات أسفرت" in article.text  # entities decoded, newline a space
    assert article.title == "غارات & أرقام"
    assert article.date == dt.date(2015, 12, 8)
    assert article.source == "الموقع"
    assert article.ignored_lines == {12}
    claims = extract_article(article, book, Options()).claims
    assert {claim.span.line for claim in claims} >= {10, 12}
    for claim in claims:
        assert at(HTML_DRAFT, claim.span.line, claim.span.column).startswith(claim.text[:4])


def test_front_matter_wins_over_html_meta(tmp_path):
    article = read_draft(tmp_path, "d.htm", "---\ndate: 2016-01-02\n---\n" + HTML_DRAFT)
    assert article.date == dt.date(2016, 1, 2) and article.source == "الموقع"


# ----------------------------------------------------------------------------- plain text, markers


def test_plain_text_is_its_own_text(tmp_path):
    article = read_draft(tmp_path, "a.txt", f"{KILLED}\n*{INJURED}*\n")
    assert article.source_map is None
    assert article.text == f"{KILLED}\n*{INJURED}*\n"


def test_plain_text_front_matter_is_read_and_the_body_kept_as_written(tmp_path, book):
    draft = f"---\ndate: 2015-12-08\n---\n*{KILLED}*\n"
    article = read_draft(tmp_path, "a.txt", draft)
    assert article.date == dt.date(2015, 12, 8)
    assert article.text == f"*{KILLED}*\n"
    (claim, *_) = extract_article(article, book, Options()).claims
    assert claim.span.line == 4 and at(draft, 4, claim.span.column).startswith(claim.text)


def test_text_ignore_markers_in_any_comment_form(tmp_path):
    draft = "\n".join(
        [
            f"{KILLED} # factcheck: ignore",  # 1
            f"{KILLED} // FACTCHECK: IGNORE",  # 2
            "[factcheck: ignore-next-line]",  # 3 → 4
            INJURED,  # 4
            f"{INJURED} factcheck: ignored",  # 5: not the marker
            f"{INJURED} <!-- factcheck:ignore -->",  # 6
        ]
    )
    assert read_draft(tmp_path, "a.txt", draft).ignored_lines == {1, 2, 4, 6}


def test_markdown_ignore_markers(tmp_path):
    article = read_draft(tmp_path, "draft.md", MARKDOWN_DRAFT)
    assert article.ignored_lines == {11}
    draft = f"<!-- factcheck: ignore-next-line -->\n{KILLED}\n\n{INJURED} <!-- factcheck: ignore -->\n"
    assert read_draft(tmp_path, "b.md", draft).ignored_lines == {2, 4}
    # In Markdown only the comment form counts: the words alone are text.
    assert read_draft(tmp_path, "c.md", f"{KILLED} factcheck: ignore\n").ignored_lines == frozenset()


# ------------------------------------------------------------------------ directories, globs, stdin


def test_directory_gives_drafts_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ("z.txt", "a.md", "b/m.html", "b/c.htm", "notes.pdf", "image.png", "k.markdown"):
        (tmp_path / name).write_text(KILLED, encoding="utf-8")
    origins = [source.origin for source in sources_for([str(tmp_path)])]
    expected = ["a.md", "b/c.htm", "b/m.html", "k.markdown", "z.txt"]
    assert origins == [str(tmp_path / name) for name in expected]
    assert origins == [source.origin for source in sources_for([str(tmp_path)])]  # stable


def test_several_inputs_keep_the_order_given(tmp_path):
    for name in ("1.txt", "2.md", "3.txt"):
        (tmp_path / name).write_text(KILLED, encoding="utf-8")
    names = [str(tmp_path / "3.txt"), str(tmp_path / "*.md"), "-", str(tmp_path / "1.txt")]
    origins = [source.origin for source in sources_for(names)]
    assert origins == [names[0], str(tmp_path / "2.md"), "-", names[3]]


def test_glob_matches_sorted_and_no_match_is_an_error(tmp_path):
    for name in ("b.txt", "a.txt", "c.md"):
        (tmp_path / name).write_text(KILLED, encoding="utf-8")
    origins = [source.origin for source in sources_for([str(tmp_path / "*.txt")])]
    assert origins == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    with pytest.raises(InputError, match="no file matches"):
        sources_for([str(tmp_path / "*.html")])


def test_directory_without_drafts_is_an_error(tmp_path):
    (tmp_path / "report.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputError, match="no drafts in this directory"):
        sources_for([str(tmp_path)])


def stdin_article(monkeypatch, data: bytes, **settings: object) -> Article:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    return StdinSource(InputSettings(**settings)).read()  # type: ignore[arg-type]


def test_stdin_with_front_matter_is_markdown(monkeypatch):
    article = stdin_article(monkeypatch, f"---\ndate: 2015-12-08\n---\n# عنوان\n\n**{KILLED}**\n".encode())
    assert article.origin == "-"
    assert article.date == dt.date(2015, 12, 8)
    assert article.text.startswith("عنوان\n") and "**" not in article.text
    assert article.locate(article.text.index("قالت")) == (6, 3)


def test_stdin_plain_text_and_html(monkeypatch):
    plain = stdin_article(monkeypatch, f"*{KILLED}*".encode())
    assert plain.text == f"*{KILLED}*" and plain.source_map is None
    page = stdin_article(monkeypatch, f"<!doctype html><p>{KILLED}</p>".encode())
    assert page.text.strip() == KILLED


def test_stdin_size_limit(monkeypatch):
    with pytest.raises(InputError, match=r"<stdin>: too large"):
        stdin_article(monkeypatch, KILLED.encode() * 10, max_bytes=100)


# ------------------------------------------------------------------------------------ robustness


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  \n"])
def test_empty_article_is_no_claims_and_a_note(tmp_path, book, content):
    article = read_draft(tmp_path, "empty.txt", content)
    assert extract_article(article, book, Options()).claims == []
    assert article.notes == ("empty article: no text, no claims",)


def test_empty_markdown_after_front_matter(tmp_path):
    article = read_draft(tmp_path, "empty.md", "---\ntitle: x\n---\n\n```\nكود\n```\n")
    assert article.notes == ("empty article: no text, no claims",)


def test_text_without_arabic_is_no_claims_and_a_note(tmp_path, book):
    article = read_draft(tmp_path, "english.txt", "The coalition said 27 militants were killed on Tuesday.\n")
    assert extract_article(article, book, Options()).claims == []
    assert article.notes == ("no Arabic text: no claims",)


def test_binary_file_is_refused(tmp_path):
    with pytest.raises(InputError, match=r"binary file \(NUL bytes\)"):
        read_draft(tmp_path, "a.txt", KILLED.encode() + b"\x00\x01\x02" + KILLED.encode())


def test_invalid_utf8_in_the_middle_names_the_byte(tmp_path):
    data = b"The coalition said twenty-seven militants were killed. " + b"\xff\xfe\xfa" + b" More text."
    with pytest.raises(InputError) as error:
        read_draft(tmp_path, "bad.txt", data)
    assert "not valid UTF-8 (byte 55)" in str(error.value)
    assert str(error.value).startswith(str(tmp_path / "bad.txt"))


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("cp1256"),
        lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    ],
    ids=["windows-1256", "utf-16-le", "utf-16-be", "utf-8-bom"],
)
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_encodings_are_decoded(tmp_path, book, encode, suffix):
    text = f"{KILLED}\n\n{INJURED.replace('١٤', '14')}\n"  # Windows-1256 has no Arabic-Indic digits
    article = read_draft(tmp_path, "a" + suffix, encode(text))
    assert article.text.strip() == text.strip()
    claims = extract_article(article, book, Options()).claims
    assert [claim.span.line for claim in claims][:1] == [1] and any(c.span.line == 3 for c in claims)


@pytest.mark.slow
def test_a_single_400_kb_line(tmp_path, book):
    filler = "وتحدث السكان عن أوضاع صعبة في المدينة وسط انقطاع الكهرباء والمياه، "
    line = KILLED + " " + filler * (400_000 // len(filler.encode())) + KILLED
    assert len(line.encode()) > 400_000
    article = read_draft(tmp_path, "long.txt", line)
    claims = [claim for claim in extract_article(article, book, Options()).claims if "27" in claim.text]
    assert len(claims) == 2
    assert claims[1].span.line == 1 and claims[1].span.column > 390_000 // 2
    assert line[claims[1].span.column - 1 :].startswith(claims[1].text)


def test_file_above_the_limit_is_refused_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with big.open("wb") as stream:  # sparse: 50 MB on paper, nothing on disk
        stream.truncate(50 * 1024 * 1024)

    def no_reading(*args: object, **kwargs: object) -> object:
        raise AssertionError("a file above the limit was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(InputError) as error:
        FileSource(big, InputSettings()).read()
    assert str(error.value) == f"{big}: too large (52428800 bytes; the limit is 20971520 bytes)"


def test_size_limit_is_configurable(tmp_path):
    data = KILLED.encode() * 3
    with pytest.raises(InputError, match="too large"):
        read_draft(tmp_path, "a.txt", data, max_bytes=len(data) - 1)
    assert read_draft(tmp_path, "b.txt", data, max_bytes=len(data)).text == KILLED * 3


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_read_at_most_to_the_limit(tmp_path):
    import threading

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    def writer() -> None:
        try:
            with fifo.open("wb") as stream:
                stream.write(b"x" * 5000)
        except BrokenPipeError:
            pass

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    with pytest.raises(InputError, match="too large"):
        FileSource(fifo, InputSettings(max_bytes=1000)).read()
    thread.join(5)


def test_cli_no_arabic_and_empty_inputs_exit_0(tmp_path, clean_env):
    (tmp_path / "english.txt").write_text("Nothing to see here.\n", encoding="utf-8")
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    result = subprocess.run(
        [*factcheck_command(), "claims", str(tmp_path), "--format", "json"],
        capture_output=True,
        text=True,
        env=clean_env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert '"claims": []' in result.stdout


# A property: whatever Markdown surrounds the words, every letter and digit of the text is the
# draft's character at the mapped offset.
_WORDS = ["قتل", "27", "مسلحا", "الرمادي", "١٤", "جنديا", "وزارة", "x_y", "a*b"]
_WRAPS = ["{}", "*{}*", "**{}**", "_{}_", "`{}`", "[{}](http://e.com/{})", "[{}][r]", "~~{}~~", "<b>{}</b>",
          "{} &amp;", "\\*{}", "![{}](i.png) {}", "<https://e.com/{}>", "{} <!-- c -->"]  # fmt: skip
_LINE_STARTS = ["", "# ", "## ", "> ", "- ", "1. ", "    ", "| ", ""]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.sampled_from(_WRAPS), st.sampled_from(_WORDS)), min_size=1, max_size=6).map(
            lambda pieces: " ".join(wrap.format(word, word) for wrap, word in pieces)
        ),
        min_size=1,
        max_size=6,
    ),
    st.lists(st.sampled_from(_LINE_STARTS), min_size=6, max_size=6),
    st.lists(st.sampled_from(["\n", "\n\n", "\r\n"]), min_size=6, max_size=6),
    st.booleans(),
)
def test_markdown_letters_map_back_exactly(lines, starts, breaks, front_matter):
    draft = "---\ntitle: t\n---\n" if front_matter else ""
    draft += "".join(start + line + brk for line, start, brk in zip(lines, starts, breaks, strict=False))
    article = article_from_draft("d.md", draft, "markdown")
    written = draft.replace("\r\n", "\n")
    source_map = article.source_map
    assert isinstance(source_map, OffsetMap)
    for offset, char in enumerate(article.text):
        if char.isalnum():
            assert written[source_map.draft_offset(offset)] == char, (offset, article.text)
