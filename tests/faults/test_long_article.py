"""A long article is parsed in pieces: memory stays bounded, offsets stay right.

spaCy parsing a 950,000-character text in one Doc peaked at about 3 GB; kg
parses such an article a piece at a time (kg.extract.annotate.parse) and joins the
pieces into one Doc, so the bound below holds for any article kg accepts.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.extract import annotate

ROOT = Path(__file__).resolve().parents[2]
BOUND_MB = 1000  # peak memory of `kg ingest` on one accepted article of any length


def long_text(chars: int) -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "realdev" / "articles").glob("*.txt"))]
    pool = "\n\n".join(texts) + "\n\n"
    return (pool * (chars // len(pool) + 1))[:chars]


def test_pieces_join_back_to_the_text():
    text = long_text(230_000)
    parts = annotate.pieces(text, size=50_000)
    assert "".join(parts) == text
    assert len(parts) >= 5 and all(len(p) <= 50_000 + 200 for p in parts)
    assert all(p.endswith("\n") for p in parts[:-1])  # cut at line breaks, not inside sentences


def test_a_long_article_gives_one_doc_with_the_same_text_and_offsets(nlp):
    text = long_text(120_000)
    [(doc, context)] = list(annotate.parse(nlp, [(text, "a")]))
    assert context == "a" and doc.text == text
    # Entities keep their place in the whole text, past the first piece.
    late = [e for e in doc.ents if e.start_char > 100_000]
    assert late and all(text[e.start_char : e.end_char] == e.text for e in late)


@pytest.mark.slow
def test_memory_of_a_600000_character_article_stays_bounded(tmp_path):
    # 600,000 characters took about 2 GB parsed whole; the bound holds for any length kg accepts.
    article = tmp_path / "long.txt"
    article.write_text(long_text(600_000), encoding="utf-8")
    out = tmp_path / "kg.ttl"
    # The peak of this process alone, read by the process itself at its end.
    code = (
        "import resource, sys\n"
        "from kg.cli import main\n"
        "sys.argv = ['kg', 'ingest', sys.argv[1], '-o', sys.argv[2]]\n"
        "try:\n    main()\n"
        "except SystemExit as end:\n    code = end.code\n"
        "else:\n    code = 0\n"
        "print('PEAK_MB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, 'EXIT', code, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(article), str(out)], capture_output=True, text=True, timeout=600)
    line = [l for l in result.stderr.splitlines() if l.startswith("PEAK_MB")][-1].split()
    peak, exit_code = int(line[1]), line[3]
    assert exit_code in ("0", "None"), result.stderr
    assert out.stat().st_size > 0
    assert peak < BOUND_MB, f"peak {peak} MB for one 600,000-character article"
