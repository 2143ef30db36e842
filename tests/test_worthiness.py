"""--min-worthiness (and the `min-worthiness` key): claims scoring below it are left out."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import factcheck_command

# A figure with a named party and place (worth checking) and a generic statement (less so).
ARTICLE = (
    "قتل 4 جنود سوريين في غارة للتحالف الدولي قرب بلدة عياش بدير الزور يوم الأحد.\n"
    "وتشهد المنطقة قصفا عنيفا منذ أسابيع.\n"
)


def _claims(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    return subprocess.run(
        [*factcheck_command(), "claims", str(article), "-f", "json", "-q", *extra],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )


def test_claims_below_the_threshold_are_left_out(tmp_path: Path) -> None:
    every = json.loads(_claims(tmp_path).stdout)["claims"]
    scores = sorted({claim["check_worthiness"] for claim in every})
    assert len(scores) >= 2, scores  # the two sentences do not score alike
    threshold = scores[-1]
    kept = json.loads(_claims(tmp_path, "--min-worthiness", str(threshold)).stdout)["claims"]
    assert kept and len(kept) < len(every)
    assert all(claim["check_worthiness"] >= threshold for claim in kept)


def test_the_configuration_key_and_a_bad_value(tmp_path: Path) -> None:
    (tmp_path / ".factcheck.toml").write_text("min-worthiness = 1.0\n", encoding="utf-8")
    every = json.loads(_claims(tmp_path, "--min-worthiness", "0").stdout)["claims"]
    from_file = json.loads(_claims(tmp_path).stdout)["claims"]
    assert len(from_file) < len(every)
    (tmp_path / ".factcheck.toml").write_text("min-worthiness = 1.5\n", encoding="utf-8")
    result = _claims(tmp_path)
    assert result.returncode == 2
    assert "min-worthiness" in result.stderr and "from 0 to 1" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
