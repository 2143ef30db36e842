"""Corpus readers: every format and encoding, field mapping, problems reported, bounded archives."""

from __future__ import annotations

import os
import re
import shutil
import struct
import zipfile
from pathlib import Path

import pytest

from factcheck.corpus import SUPPORTED_SUFFIXES, Document, ReadProblem, iter_corpus_files, read_file
from factcheck.corpus.readers import ziparchive
from factcheck.corpus.readers.fields import document_id, parse_date
from factcheck.corpus.readers.html import visible_text
from factcheck.errors import InputError
from tests.conftest import DATA, SHARED

FORMATS = DATA / "corpus_formats"
SAUDINEWSNET_DAY = SHARED / "data" / "saudinewsnet" / "2015-07-21.zip"
ARTICLE = (FORMATS / "article.txt").read_text(encoding="utf-8")
ID_PATTERN = re.compile(r"d[0-9a-f]{12}")


def read(name: str, fields: dict[str, str] | None = None) -> tuple[list[Document], list[ReadProblem]]:
    return read_file(FORMATS / name, FORMATS, fields)


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["article.txt", "utf8_bom.txt", "utf16.txt", "cp1256.txt"])
def test_text_encodings_decode_to_the_same_article(name: str) -> None:
    documents, problems = read(name)
    assert problems == []
    [doc] = documents
    assert doc.text == ARTICLE
    assert doc.path == name
    assert doc.id == document_id(name, "0")
    assert (doc.source, doc.date, doc.title, doc.url) == (None, None, None, None)


def test_undecodable_file_is_a_problem_and_the_rest_is_read(tmp_path: Path) -> None:
    (tmp_path / "latin.txt").write_bytes("Café crème, déjà vu à São Paulo".encode("latin-1"))
    (tmp_path / "binary.json").write_bytes(b'{"text": "\x00\x01"}')
    shutil.copy(FORMATS / "article.txt", tmp_path / "ok.txt")
    results = {path.name: read_file(path, tmp_path) for path in iter_corpus_files(tmp_path)}
    assert [p.message for p in results["latin.txt"][1]] == [
        "not valid UTF-8 (byte 3) nor Windows-1256 Arabic"
    ]
    assert results["latin.txt"][0] == []
    assert "binary file" in results["binary.json"][1][0].message
    assert results["ok.txt"][0][0].text == ARTICLE


# --- text and front matter -------------------------------------------------------------------


def test_front_matter_supplies_metadata_and_the_body_is_the_text() -> None:
    [doc], problems = read("front_matter.md")
    assert problems == []
    assert doc.title == "انسحاب القوات من البلدة"
    assert doc.source == "وكالة الأنباء"
    assert doc.date == "2015-07-21"  # written 21/07/2015
    assert doc.url == "https://example.org/news/1"
    assert doc.text == "أعلن الجيش انسحاب 1200 عسكري من البلدة الحدودية مساء الثلاثاء.\n"
    # The explicit id is kept as written ("0012", not YAML's octal 10).
    assert doc.id == document_id("front_matter.md", "0012")


def test_invalid_front_matter_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: عنوان\nsource: [غير مغلق\n---\nنص الخبر.\n", encoding="utf-8")
    documents, [problem] = read_file(path, tmp_path)
    assert documents == []
    assert problem.path == "bad.md"
    assert problem.line is not None and problem.line >= 3
    assert problem.message.startswith("invalid front matter")


def test_unclosed_fence_is_text_not_front_matter(tmp_path: Path) -> None:
    (tmp_path / "rule.md").write_text("---\nنص بعد خط أفقي.\n", encoding="utf-8")
    [doc], problems = read_file(tmp_path / "rule.md", tmp_path)
    assert problems == []
    assert doc.text == "---\nنص بعد خط أفقي.\n"


def test_empty_text_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("---\ntitle: عنوان\n---\n   \n", encoding="utf-8")
    assert read_file(tmp_path / "empty.txt", tmp_path) == ([], [ReadProblem("empty.txt", None, "no text")])


# --- HTML ------------------------------------------------------------------------------------


def test_html_article_text_and_metadata_via_trafilatura() -> None:
    [doc], problems = read("page.html")
    assert problems == []
    assert doc.title == "تصويت البرلمان على الميزانية"
    assert doc.date == "2015-07-22"
    assert doc.source == "صحيفة المساء"
    assert doc.url == "https://example.org/news/budget"
    assert "وافق البرلمان بأغلبية 85 صوتا" in doc.text
    assert "امتنع خمسة عن التصويت" in doc.text
    # Navigation and footer boilerplate are not article text.
    assert "الرئيسية" not in doc.text
    assert "جميع الحقوق محفوظة" not in doc.text


def test_html_falls_back_to_visible_text_when_trafilatura_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *args, **kwargs: None)
    [doc], problems = read("page.html")
    assert problems == []
    assert doc.title == "تصويت البرلمان على الميزانية"
    assert "وافق البرلمان بأغلبية 85 صوتا" in doc.text
    assert doc.date is None


def test_visible_text_skips_scripts_and_separates_blocks() -> None:
    html = (
        "<html><head><title> عنوان  الصفحة </title><style>p{}</style></head>"
        "<body><script>var x = 'مخفي';</script><p>الفقرة الأولى</p><div>الفقرة <b>الثانية</b></div></body>"
    )
    assert visible_text(html) == ("عنوان الصفحة", "الفقرة الأولى\nالفقرة الثانية")


# --- JSON, JSON Lines, CSV -------------------------------------------------------------------


def test_json_array_with_default_field_names_and_problems() -> None:
    documents, problems = read("records.json")
    assert [d.text for d in documents] == [
        "نفت الوزارة صحة الأنباء عن إغلاق المعبر الحدودي.",
        "أكدت الشرطة اعتقال ثلاثة مشتبه بهم في الحادث.",
        "ذكرت مصادر أن الاجتماع تأجل إلى الأسبوع المقبل.",
    ]
    first, second, third = documents
    assert (first.source, first.date, first.title, first.url) == (
        "sabq",
        "2015-07-21",
        "خبر أول",
        "http://sabq.org/1",
    )
    # Keys match case-insensitively ("Source"), aliases apply (headline, body, published), and a
    # numeric id is converted with str().
    assert (second.source, second.date, second.title) == ("okaz", "2015-07-20", "خبر ثان")
    assert second.id == document_id("records.json", "7")
    assert third.id == document_id("records.json", "4")  # no id field: its position
    assert third.date == "2015-07-21"
    assert [(p.line, p.message) for p in problems] == [
        (None, "record 2: no text"),
        (None, "record 3: not an object but a string"),
    ]


def test_json_single_object() -> None:
    [doc], problems = read("single.json")
    assert problems == []
    assert (doc.title, doc.source, doc.date) == ("بيان", "وكالة الأنباء", "2015-07-23")
    assert doc.id == document_id("single.json", "0")


def test_invalid_json_reports_its_line(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('[\n{"text": "نص"},\n{"text": }\n]', encoding="utf-8")
    documents, [problem] = read_file(tmp_path / "bad.json", tmp_path)
    assert documents == []
    assert problem.line == 3
    assert problem.message.startswith("invalid JSON")


def test_malformed_jsonl_line_is_reported_and_the_good_lines_kept() -> None:
    documents, problems = read("records.jsonl")
    assert [d.id for d in documents] == [document_id("records.jsonl", key) for key in ("j1", "j2", "j4")]
    assert [d.source for d in documents] == ["alweeam", "alriyadh", "alwatan"]
    assert documents[0].date == "2015-07-21"
    assert documents[2].url == "http://alwatan.com/4"
    [problem] = problems
    assert (problem.path, problem.line) == ("records.jsonl", 3)
    assert problem.message.startswith("invalid JSON")
    assert str(problem).startswith("records.jsonl:3: invalid JSON")


def test_jsonl_keys_are_line_indexes_without_an_id_field(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text('{"text": "أ"}\n\n{"text": "ب"}\n[1]\n', encoding="utf-8")
    documents, problems = read_file(tmp_path / "a.jsonl", tmp_path)
    assert [d.id for d in documents] == [document_id("a.jsonl", "0"), document_id("a.jsonl", "2")]
    assert [(p.line, p.message) for p in problems] == [(4, "not an object but an array")]


def test_csv_rows_with_multiline_fields_and_line_numbers() -> None:
    documents, problems = read("records.csv")
    assert [d.id for d in documents] == [document_id("records.csv", "c1"), document_id("records.csv", "c2")]
    assert documents[0].text.startswith("أعلنت الوزارة عن افتتاح 40 مدرسة جديدة.")
    assert documents[0].text.endswith("وذلك مع بداية العام الدراسي.")
    assert documents[1].date == "2015-07-24"  # written 24/07/2015
    assert problems == [ReadProblem("records.csv", 5, "no text")]


def test_duplicate_explicit_ids_are_reported(tmp_path: Path) -> None:
    (tmp_path / "dup.jsonl").write_text(
        '{"id": 1, "text": "أ"}\n{"id": "1", "text": "ب"}\n', encoding="utf-8"
    )
    documents, problems = read_file(tmp_path / "dup.jsonl", tmp_path)
    assert [d.text for d in documents] == ["أ"]
    assert problems == [ReadProblem("dup.jsonl", 2, "duplicate id '1' (first at line 1)")]


# --- field mapping ---------------------------------------------------------------------------


def test_field_mapping_overrides_the_defaults() -> None:
    [default], _ = read("mapped.jsonl")
    assert default.text == "ملخص قصير"
    [mapped], problems = read("mapped.jsonl", {"text": "nass", "title": "UNWAN", "source": "masdar"})
    assert problems == []
    assert mapped.text == "النص الكامل للخبر عن زيارة الوفد."
    assert (mapped.title, mapped.source) == ("زيارة الوفد", "الوكالة")
    assert mapped.id == default.id  # the mapping changes what is read, not which record it is


def test_mapping_to_a_missing_column_means_no_text() -> None:
    documents, problems = read("records.csv", {"text": "missing"})
    assert documents == []
    assert {p.message for p in problems} == {"no text"}
    assert [p.line for p in problems] == [2, 4, 5]


def test_unknown_field_name_is_a_usage_error() -> None:
    with pytest.raises(InputError, match="unknown field 'body'"):
        read("records.csv", {"body": "text"})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-07-21 02:51:33", "2015-07-21"),
        ("2015-07-21T02:51:33+03:00", "2015-07-21"),
        ("2015-07-21", "2015-07-21"),
        ("21/07/2015", "2015-07-21"),
        ("2015/07/21", "2015-07-21"),
        ("1/7/2015", "2015-07-01"),
        ("٢١/٠٧/٢٠١٥", "2015-07-21"),
        ("2015-02-30", None),
        ("الثلاثاء", None),
        ("20150721", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value: str | None, expected: str | None) -> None:
    assert parse_date(value) == expected


# --- zip archives ----------------------------------------------------------------------------


def test_zip_members_of_several_formats(tmp_path: Path) -> None:
    members = {
        name: (FORMATS / name).read_bytes()
        for name in ("records.json", "records.jsonl", "records.csv", "front_matter.md", "cp1256.txt")
    }
    archive = write_zip(
        tmp_path / "news.zip",
        {
            **{f"inner/{name}": data for name, data in members.items()},
            "inner/.DS_Store": b"\x00\x01",
            "__notes/readme.pdf": b"%PDF",
            "inner/nested.zip": b"PK\x05\x06" + b"\x00" * 18,
        },
    )
    documents, problems = read_file(archive, tmp_path)
    paths = {d.path for d in documents}
    assert paths == {f"news.zip!inner/{name}" for name in members}
    # A member reads exactly as the same file would on disk, under its own path.
    loose, _ = read("records.jsonl")
    zipped = [d for d in documents if d.path == "news.zip!inner/records.jsonl"]
    assert [d.text for d in zipped] == [d.text for d in loose]
    assert zipped[0].id == document_id("news.zip!inner/records.jsonl", "j1")
    assert ReadProblem("news.zip!inner/records.jsonl", 3, problems[-1].message) in problems
    assert ReadProblem("news.zip!inner/nested.zip", None, "nested archive, not read") in problems
    assert len(documents) == 3 + 3 + 2 + 1 + 1
    assert len({d.id for d in documents}) == len(documents)


def test_zip_member_over_the_size_cap_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ziparchive, "MAX_MEMBER_BYTES", 1000)
    archive = write_zip(
        tmp_path / "a.zip", {"big.txt": "نص طويل ".encode() * 200, "small.txt": "نص قصير".encode()}
    )
    documents, problems = read_file(archive, tmp_path)
    assert [d.path for d in documents] == ["a.zip!small.txt"]
    [problem] = problems
    assert problem.path == "a.zip!big.txt"
    assert "exceeds the 1000-byte limit" in problem.message


def test_zip_total_expansion_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ziparchive, "MAX_TOTAL_BYTES", 500)
    member = "خبر ".encode() * 40  # 320 bytes: one fits, two do not
    archive = write_zip(tmp_path / "a.zip", {"1.txt": member, "2.txt": member, "3.txt": b"x"})
    documents, problems = read_file(archive, tmp_path)
    assert [d.path for d in documents] == ["a.zip!1.txt", "a.zip!3.txt"]
    assert [p.path for p in problems] == ["a.zip!2.txt"]
    assert "beyond the 500-byte limit" in problems[0].message


def test_zip_member_larger_than_declared_is_not_read(tmp_path: Path) -> None:
    text = "قتل 12 شخصا في الانفجار.".encode()
    archive = tmp_path / "liar.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("liar.txt", text)
    # Rewrite the declared uncompressed size (local header offset 22, central directory offset
    # 24) to 5 bytes, as a crafted archive would.
    raw = bytearray(archive.read_bytes())
    local, central = raw.index(b"PK\x03\x04"), raw.index(b"PK\x01\x02")
    struct.pack_into("<I", raw, local + 22, 5)
    struct.pack_into("<I", raw, central + 24, 5)
    archive.write_bytes(bytes(raw))
    documents, [problem] = read_file(archive, tmp_path)
    assert documents == []
    assert problem.path == "liar.zip!liar.txt"
    assert problem.message.startswith(("cannot read member", "member is larger"))


def test_corrupt_zip_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    documents, [problem] = read_file(tmp_path / "broken.zip", tmp_path)
    assert documents == []
    assert problem.path == "broken.zip"
    assert problem.message.startswith("cannot read archive")


# --- walking the corpus ----------------------------------------------------------------------


def test_iter_corpus_files_sorted_supported_and_not_hidden(tmp_path: Path) -> None:
    for name in ("b/z.txt", "b/a.JSON", "a.md", "c.pdf", "notes", ".hidden.txt", ".git/x.json", "b/.y.csv"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("نص", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_corpus_files(tmp_path)]
    assert found == ["a.md", "b/a.JSON", "b/z.txt"]
    assert all(p.endswith(SUPPORTED_SUFFIXES) for p in (f.lower() for f in found))


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text("نص", encoding="utf-8")
    (tmp_path / "a" / "b" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "a" / "self").symlink_to(tmp_path / "a", target_is_directory=True)
    found = [p.relative_to(tmp_path).as_posix() for p in iter_corpus_files(tmp_path)]
    assert found == ["a/b/x.txt"]


def test_dangling_symlink_and_unreadable_file_are_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "locked.txt").write_text("نص", encoding="utf-8")
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        # Permission bits do not stop root, so the refusal is simulated.
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    results = {p.name: read_file(p, tmp_path) for p in iter_corpus_files(tmp_path)}
    assert results["gone.txt"] == (
        [],
        [ReadProblem("gone.txt", None, "cannot read: No such file or directory")],
    )
    assert results["locked.txt"] == ([], [ReadProblem("locked.txt", None, "cannot read: Permission denied")])


def test_unlistable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "closed").mkdir()
    (tmp_path / "open.txt").write_text("نص", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "closed":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    problems: list[ReadProblem] = []
    assert [p.name for p in iter_corpus_files(tmp_path, problems)] == ["open.txt"]
    assert problems == [ReadProblem("closed", None, "cannot list folder: Permission denied")]


def test_ids_are_stable_and_independent_of_the_corpus_location(tmp_path: Path) -> None:
    def corpus_ids(root: Path) -> list[str]:
        return [d.id for path in iter_corpus_files(root) for d in read_file(path, root)[0]]

    first = tmp_path / "one" / "corpus"
    second = tmp_path / "elsewhere" / "deeper" / "copy"
    shutil.copytree(FORMATS, first / "news")
    shutil.copytree(FORMATS, second / "news")
    ids = corpus_ids(first)
    assert ids == corpus_ids(first)  # a second read
    assert ids == corpus_ids(second)  # another absolute location
    assert all(ID_PATTERN.fullmatch(i) for i in ids)
    assert len(set(ids)) == len(ids)
    # The id is the relative path's, not the absolute one's.
    assert document_id("news/article.txt", "0") in ids


def test_a_single_file_as_the_root() -> None:
    path = FORMATS / "single.json"
    assert list(iter_corpus_files(path)) == [path]
    [doc], _ = read_file(path, path)
    assert doc.path == "single.json"


# --- SaudiNewsNet ----------------------------------------------------------------------------


@pytest.mark.skipif(not SAUDINEWSNET_DAY.exists(), reason="shared SaudiNewsNet data not present")
def test_saudinewsnet_day_reads_without_configuration() -> None:
    documents, problems = read_file(SAUDINEWSNET_DAY, SAUDINEWSNET_DAY.parent)
    assert len(documents) > 1000
    assert all(d.text.strip() for d in documents)
    assert all(d.source for d in documents)
    assert all(d.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", d.date) for d in documents)
    assert all(d.path == "2015-07-21.zip!2015-07-21.json" for d in documents)
    assert len({d.id for d in documents}) == len(documents)
    # Records with empty content are skipped, each one reported.
    skipped = [p for p in problems if not p.kept]
    assert skipped and all(p.message.endswith("no text") for p in skipped)
    # A few bodies hold ASCII SUB (\x1a) where paragraphs broke: removed, each record noted.
    assert all("control character" in p.message for p in problems if p.kept)
