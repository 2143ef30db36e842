"""Hostile and pathological input (issue 19): bad bytes, terminal escapes, oversized records and
sentences, path-traversal zip members. Nothing is lost in silence; work is linear, shown by
counting (sentences, batches), never by timing."""

from __future__ import annotations

import io
import json
import logging
import shutil
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from factcheck.app import Options, run
from factcheck.corpus.readers import read_file
from factcheck.corpus.readers.base import MAX_RECORD_CHARS
from factcheck.extract import document as extraction
from factcheck.formats import FORMAT_NAMES, renderer
from factcheck.formats.display import BidiMode
from factcheck.index.analysis import Analyser
from factcheck.index.build import index_corpus
from factcheck.rulebook.load import load_rulebook
from factcheck.sources.local import FileSource
from factcheck.text.clean import clean
from factcheck.text.segment import MAX_SENTENCE_CHARS, segment
from tests.conftest import REPO

EXAMPLES = REPO / "examples"

ARTICLE = (EXAMPLES / "article.txt").read_text(encoding="utf-8")
KILLED = "قالت قيادة العمليات المشتركة إن الغارات أسفرت عن مقتل 27 مسلحا وتدمير ثلاث آليات مفخخة."
BAD_BYTES = b"\xff\xfe\xc0\xc1"  # never part of UTF-8
ESCAPES = ("\x1b[2J", "\x1b]0;pwned\x07", "\x1b[8m")
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\x9d")


def _claims(path: Path) -> list:  # type: ignore[type-arg]
    (report,) = run([str(path)], Options(quiet=True), verify=False).articles
    return report.claims


# --- 2. invalid UTF-8 --------------------------------------------------------------------------


def _broken_article(tmp_path: Path) -> tuple[Path, int]:
    data = ARTICLE.encode("utf-8")
    at = data.index(b" ", len(data) // 2)  # between two words, in the middle of the Arabic text
    path = tmp_path / "broken.txt"
    path.write_bytes(data[:at] + BAD_BYTES + data[at:])
    return path, at


def test_utf8_with_a_few_bad_bytes_is_utf8_with_a_note(tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    path, at = _broken_article(tmp_path)
    article = FileSource(path).read()
    before = len(ARTICLE.encode()[:at].decode())
    assert article.text == ARTICLE[:before] + "\ufffd" * 4 + ARTICLE[before:]
    assert f"byte {at}: not valid UTF-8 (4 bytes replaced by U+FFFD)" in article.notes
    with caplog.at_level(logging.INFO, logger="factcheck"):
        claims = _claims(path)
    assert len(claims) >= 5  # the article's claims, not gibberish's none
    assert f"{path}: byte {at}: not valid UTF-8 (4 bytes replaced" in caplog.text


def test_corpus_record_with_bad_bytes_is_read_and_noted(tmp_path: Path) -> None:
    line = json.dumps({"text": KILLED}, ensure_ascii=False).encode()
    cut = line.index(b" ", line.index(b'": "') + 3)  # inside the text
    (tmp_path / "a.jsonl").write_bytes(line[:cut] + BAD_BYTES + line[cut:] + b"\n")
    documents, problems = read_file(tmp_path / "a.jsonl", tmp_path)
    (document,) = documents
    assert "مقتل 27 مسلحا" in document.text and "\ufffd" in document.text
    (note,) = problems
    assert note.kept and str(note) == f"a.jsonl: byte {cut}: not valid UTF-8 (4 bytes replaced by U+FFFD)"


def test_windows_1256_is_still_read_as_such(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes(KILLED.encode("cp1256"))
    article = FileSource(path).read()
    assert article.text == KILLED and not article.notes


# --- 7. terminal control characters ------------------------------------------------------------


def _hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.txt"
    # Line 2 holds the escapes before the claim: its column must still be the file's.
    sentence = KILLED.replace(" إن ", f" {ESCAPES[1]}إن {ESCAPES[2]}")
    path.write_text(f"{ESCAPES[0]}عنوان\n{ESCAPES[2]}{sentence}\n", encoding="utf-8")
    return path


def test_control_sequences_are_removed_before_analysis_with_a_note(tmp_path: Path) -> None:
    path = _hostile(tmp_path)
    article = FileSource(path).read()
    assert not any(control in article.text for control in RAW_CONTROLS)
    assert "pwned" not in article.text and "[2J" not in article.text
    assert any("control character" in note for note in article.notes)
    claims = _claims(path)
    assert claims and all(claim.quantity is None or claim.quantity.value != 0 for claim in claims)
    (killed,) = [claim for claim in claims if "27" in claim.text]
    line = path.read_text(encoding="utf-8").split("\n")[killed.span.line - 1]
    assert line[killed.span.column - 1 :].startswith(killed.text)  # the file's own column


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The example article and corpus with escapes in the article, a corpus report's text, title
    and source: a report that shows them as evidence."""
    folder = tmp_path_factory.mktemp("hostile")
    corpus = folder / "corpus"
    shutil.copytree(EXAMPLES / "corpus", corpus)
    report = corpus / "ramadi-ina-joc.md"
    text = report.read_text(encoding="utf-8")
    text = text.replace("source: ", f"source: {ESCAPES[2]}").replace("مقتل 27", f"{ESCAPES[1]}مقتل 27")
    report.write_text(text.replace("title: '", f"title: '{ESCAPES[0]}"), encoding="utf-8")
    article = folder / "article.txt"
    article.write_text(
        "\n".join(f"{ESCAPES[0]}{ESCAPES[2]}{line}" for line in ARTICLE.split("\n")), encoding="utf-8"
    )
    return run([str(article)], Options(corpus=corpus, index=folder / "ix", quiet=True))


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_no_format_writes_a_control_character(hostile_run, name: str) -> None:  # type: ignore[no-untyped-def]
    verifications = hostile_run.articles[0].verifications or {}
    paths = {e.document.path for v in verifications.values() for e in v.evidence}
    assert "ramadi-ina-joc.md" in paths  # the hostile report is shown as evidence
    for color in (False, True):
        out = io.StringIO()
        renderer(name)(hostile_run, out, BidiMode.logical, color)
        written = out.getvalue()
        assert "27" in written
        assert not any(escape in written for escape in ESCAPES)
        assert "\x07" not in written and "pwned" not in written
        if not color:
            assert "\x1b" not in written


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_no_format_writes_a_control_character_of_an_article(tmp_path: Path, name: str) -> None:
    unchecked = run([str(_hostile(tmp_path))], Options(quiet=True), verify=False)
    out = io.StringIO()
    renderer(name)(unchecked, out, BidiMode.logical, False)
    assert "27" in out.getvalue()
    assert not any(control in out.getvalue() for control in RAW_CONTROLS)


def test_corpus_record_control_characters_removed_with_a_note(tmp_path: Path) -> None:
    record = {"text": f"{ESCAPES[0]}{KILLED}", "title": "\x1b]0;x\x07عنوان"}
    (tmp_path / "a.json").write_text(json.dumps(record), encoding="utf-8")
    (document,), (note,) = read_file(tmp_path / "a.json", tmp_path)
    assert document.text == KILLED and document.title == "عنوان"
    assert note.kept and "4 terminal control character(s) removed" in note.message


# --- 3. size and time --------------------------------------------------------------------------


def test_a_record_over_the_limit_is_skipped_and_reported_and_the_rest_read(tmp_path: Path) -> None:
    huge = "قتل " * (MAX_RECORD_CHARS // 4 + 1)
    (tmp_path / "a.csv").write_text(f'id,text\n1,"{huge}"\n2,{KILLED}\n', encoding="utf-8")
    documents, problems = read_file(tmp_path / "a.csv", tmp_path)
    assert [document.text for document in documents] == [KILLED]
    (problem,) = problems
    assert not problem.kept and problem.line == 2
    assert f"exceeds the {MAX_RECORD_CHARS}-character limit per record, skipped" in problem.message


def test_overlong_sentences_are_cut_so_work_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """Per-claim work spans the whole sentence: bounding the sentence bounds it. Counted: every
    sentence the extractor analyses is at most MAX_SENTENCE_CHARS, and doubling the text doubles
    their number."""
    book = load_rulebook()
    line = KILLED.replace(".", "").replace("،", "") + " و"
    lengths: list[int] = []
    real = extraction.analyse

    def counting(sentence, book):  # type: ignore[no-untyped-def]
        lengths.append(sentence.end - sentence.start)
        return real(sentence, book)

    monkeypatch.setattr(extraction, "analyse", counting)
    counts = []
    for repeats in (200, 400):
        lengths.clear()
        claims = extraction.extract_claims(line * repeats, book)
        assert claims
        assert max(lengths) <= MAX_SENTENCE_CHARS
        counts.append(len(lengths))
    assert counts[1] in (2 * counts[0] - 1, 2 * counts[0], 2 * counts[0] + 1)
    word = "٩" * (3 * MAX_SENTENCE_CHARS)  # one word longer than the limit: cut inside it
    assert max(s.end - s.start for s in segment(word)) <= MAX_SENTENCE_CHARS


def test_overlong_sentence_note(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text((KILLED.replace(".", "") + " و") * 100, encoding="utf-8")
    assert any(
        "longer than 3000 characters, analysed in pieces" in note for note in FileSource(path).read().notes
    )


def test_the_offset_map_of_a_clean_text_is_not_one_entry_per_character() -> None:
    text = ARTICLE * 200  # 400,000 characters
    tracemalloc.start()
    view = clean(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert view.text is text and view.to_original(10, 20) == (10, 20) and view.origin[-1] == len(text)
    assert peak < 10_000  # was a tuple of 400,001 ints (about 14 MB)


def test_large_files_are_analysed_in_batches_with_progress(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "c"
    corpus.mkdir()
    lines = (json.dumps({"text": f"قتل {i} جنديا"}, ensure_ascii=False) for i in range(2500))
    (corpus / "tiny.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    batches: list[int] = []
    real = Analyser.analyse

    def counting(self, documents):  # type: ignore[no-untyped-def]
        batches.append(len(documents))
        return real(self, documents)

    monkeypatch.setattr(Analyser, "analyse", counting)
    progress: list[int] = []
    stats = index_corpus(
        corpus, tmp_path / "ix", load_rulebook(), workers=1, progress=lambda d, t, f: progress.append(d)
    )
    assert stats.documents == 2500 and batches == [1000, 1000, 500]
    assert len(set(progress)) == 4  # start, two points inside the file, the end


# --- 10. zip members ---------------------------------------------------------------------------


def test_zip_member_outside_the_archive_is_reported(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as archive:
        archive.writestr("../../x.txt", KILLED)
        archive.writestr("ok.txt", KILLED)
        archive.writestr(".hidden.txt", KILLED)  # hidden, like hidden files: not news
    documents, problems = read_file(tmp_path / "a.zip", tmp_path)
    assert [document.path for document in documents] == ["a.zip!ok.txt"]
    (problem,) = problems
    assert not problem.kept
    assert str(problem) == "a.zip!../../x.txt: member name goes outside the archive (..), not read"
