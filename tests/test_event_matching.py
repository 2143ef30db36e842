"""Matching a claim to reports of its event by the words of whole reports (verify/events.py) and
the document index they come from (index/documents.py). Sentences written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

from factcheck.app import event_matcher
from factcheck.extract.document import extract_claims
from factcheck.index.build import index_corpus
from factcheck.index.documents import content_stems, open_document_searcher
from factcheck.index.shards import open_searcher
from factcheck.rulebook.compile import Rulebook
from factcheck.verify.check import Checker
from factcheck.verify.events import FEATURES, EventMatcher, load_model

CLAIM = "قال محافظ مدينة القامشلي إن انفجار سيارة مفخخة قرب سوق الهال أسفر عن مقتل 9 أشخاص"
# A report as news is written: a headline that restates the event, then the claim's sentence among
# others, with an opening of its own.
REPORT = (
    "مقتل 9 أشخاص بانفجار سيارة مفخخة قرب سوق الهال في القامشلي\n"
    "القامشلي - وكالات: شهدت المدينة صباح اليوم حالة من التوتر بعد انفجار سيارة مفخخة. "
    "وقال محافظ مدينة القامشلي إن انفجار سيارة مفخخة قرب سوق الهال أسفر عن مقتل 9 أشخاص. "
    "وأضاف أن فرق الإسعاف نقلت الجرحى إلى المستشفى الوطني."
)
CONTRADICTING = "مراسلنا: أفادت مصادر طبية بأن انفجار سيارة قرب السوق أسفر عن مقتل 4 أشخاص."
UNRELATED = [
    "أعلنت وزارة الزراعة أن محصول القمح هذا العام فاق التوقعات في المحافظات الشمالية.",
    "فاز المنتخب الوطني لكرة القدم على ضيفه بهدفين نظيفين في مباراة ودية أمس.",
    "ارتفعت أسعار الذهب في الأسواق المحلية بنسبة طفيفة مع تراجع الدولار.",
    "افتتح وزير التربية مدرسة جديدة في العاصمة بحضور عدد من المسؤولين.",
]


def _corpus(folder: Path, reports: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in reports.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def _reports() -> dict[str, str]:
    return {"report": REPORT, "contradicting": CONTRADICTING} | {
        f"other-{n}": text for n, text in enumerate(UNRELATED)
    }


def test_claims_and_reports_give_the_same_stems_whatever_their_harakat() -> None:
    assert content_stems("انفجارُ سيارةٍ مفخخةٍ") == content_stems("انفجار سيارة مفخخة")
    assert content_stems("في من إن") == []  # particles are not content


def test_the_model_file_names_its_features_in_order() -> None:
    model = load_model()
    assert len(model.weights) == len(FEATURES)
    assert 0 < model.threshold < 1


def test_a_report_carrying_the_claim_is_matched_and_unrelated_ones_are_not(
    tmp_path: Path, book: Rulebook
) -> None:
    index_corpus(_corpus(tmp_path / "corpus", _reports()), tmp_path / "ix", book)
    searcher = open_document_searcher(tmp_path / "ix")
    assert searcher is not None and searcher.documents == 6
    matcher = EventMatcher(searcher)
    candidates = matcher.candidates(CLAIM)
    by_path = {match.document.path: match for match in candidates}
    assert candidates[0].document.path == "report.txt"
    assert "القامشلي" in by_path["report.txt"].shared
    assert by_path["report.txt"].sentence.startswith("وقال محافظ مدينة القامشلي")
    # The weights were fit on UnifiedFC's long scraped pages, where a report of the event repeats
    # its words: on six short reports the probabilities are lower, but far apart.
    others = [match.probability for path, match in by_path.items() if path != "report.txt"]
    assert all(other * 10 < by_path["report.txt"].probability for other in others)
    assert all(other < matcher.model.threshold for other in others)


def test_a_removed_file_leaves_the_document_index(tmp_path: Path, book: Rulebook) -> None:
    corpus = _corpus(tmp_path / "corpus", _reports())
    index_corpus(corpus, tmp_path / "ix", book)
    (corpus / "report.txt").unlink()
    index_corpus(corpus, tmp_path / "ix", book)
    searcher = open_document_searcher(tmp_path / "ix")
    assert searcher is not None and searcher.documents == 5
    assert all(match.document.path != "report.txt" for match in EventMatcher(searcher).candidates(CLAIM))


def test_check_cites_the_report_and_says_why(tmp_path: Path, book: Rulebook) -> None:
    index_corpus(_corpus(tmp_path / "corpus", _reports()), tmp_path / "ix", book)
    checker = Checker(open_searcher(tmp_path / "ix"), book, events=event_matcher(tmp_path / "ix"))  # type: ignore[arg-type]
    claims = [claim for claim in extract_claims(CLAIM, book) if claim.checkable]
    assert claims
    verification = checker.verify(claims[0])
    cited = {evidence.document.path: evidence for evidence in verification.evidence}
    assert "report.txt" in cited
    why = cited["report.txt"].same_event
    assert why is not None and set(why.features) == set(FEATURES) and "القامشلي" in why.shared_words
    json.dumps(verification.to_dict(), ensure_ascii=False)  # the JSON output can carry it


def test_the_article_itself_in_the_corpus_does_not_corroborate_itself(tmp_path: Path, book: Rulebook) -> None:
    index_corpus(_corpus(tmp_path / "corpus", _reports()), tmp_path / "ix", book)
    checker = Checker(
        open_searcher(tmp_path / "ix"),  # type: ignore[arg-type]
        book,
        events=event_matcher(tmp_path / "ix"),
        article_text=REPORT,
    )
    claims = [claim for claim in extract_claims(REPORT, book) if claim.checkable]
    assert claims
    for claim in claims:
        paths = {evidence.document.path for evidence in checker.verify(claim).evidence}
        assert "report.txt" not in paths


def test_every_format_says_why_a_report_is_the_same_event(tmp_path: Path, book: Rulebook) -> None:
    from factcheck.formats.findings import evidence_line, same_event_note

    index_corpus(_corpus(tmp_path / "corpus", _reports()), tmp_path / "ix", book)
    checker = Checker(open_searcher(tmp_path / "ix"), book, events=event_matcher(tmp_path / "ix"))  # type: ignore[arg-type]
    claim = next(claim for claim in extract_claims(CLAIM, book) if claim.checkable)
    evidence = next(e for e in checker.verify(claim).evidence if e.document.path == "report.txt")
    note = same_event_note(evidence)
    assert note is not None and note.startswith("same event by its") and "القامشلي" in note
    assert note in evidence_line(evidence)  # SARIF's and GitHub's evidence lines
