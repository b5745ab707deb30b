"""Length benchmark: the cost per word of one article as it grows, against bare spaCy.

One article is built from the seed, dev and realdev texts, cut at each
--words length. For each length, one after the other on the same text:

- bare spaCy: the stock English model on the text: what parsing alone costs;
- kg: the extraction stages (actors, statements, positions, meetings) on
  kg's own parse of the same text, each timed on its own.

A stage whose cost grows faster than the text shows as microseconds per word
that climb with the length; the issue's bar is each stage within 1.2x of its
cost at 1k words, and the whole within 1.25x of bare spaCy at 50k words.
Figures are CPU seconds (process time), the median of --runs rounds.

    python bench/length.py                       # 1k, 10k, 50k words, 3 rounds: about 6 minutes
    python bench/length.py --words 1000,5000 --runs 1
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SOURCES = ("seeds", "tests/data/dev", "tests/data/realdev/articles")
STAGES = ("find_actors", "find_statements", "find_positions", "find_meetings")


def build_text(words: int) -> str:
    texts = [p.read_text(encoding="utf-8") for folder in SOURCES for p in sorted((ROOT / folder).glob("*.txt"))]
    pool = "\n\n".join(texts).split(" ")
    out: list[str] = []
    while len(out) < words:
        out += pool
    return " ".join(out[:words])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", default="1000,10000,50000", help="comma-separated article lengths in words")
    parser.add_argument("--runs", type=int, default=3, help="rounds (median)")
    args = parser.parse_args()

    import spacy

    from kg import pipeline

    from kg.extract import annotate, knowledge
    from kg.model import Article

    know = knowledge.default()
    nlp = annotate.cached_model(None, know)
    bare = spacy.load(annotate.DEFAULT_MODEL)
    timings: dict[str, float] = {}
    for name in STAGES:  # time each stage where the pipeline calls it
        original = getattr(pipeline, name)

        def timed(*a, _original=original, _name=name, **k):
            start = time.process_time()
            try:
                return _original(*a, **k)
            finally:
                timings[_name] = timings.get(_name, 0.0) + time.process_time() - start

        setattr(pipeline, name, timed)

    print(f"spaCy {spacy.__version__}; CPU microseconds per word, median of {args.runs} rounds\n")
    print("| words | bare spaCy | kg parse | " + " | ".join(s.removeprefix("find_") for s in STAGES)
          + " | extraction | kg / bare |")
    print("|---" * (len(STAGES) + 5) + "|")
    for words in (int(w) for w in args.words.split(",")):
        text = build_text(words)
        nlp.max_length = bare.max_length = max(nlp.max_length, len(text) + 1)
        rounds = []
        for _ in range(args.runs):
            start = time.process_time()
            bare(text)
            spacy_s = time.process_time() - start
            start = time.process_time()
            doc = nlp(text)
            parse_s = time.process_time() - start
            timings.clear()
            start = time.process_time()
            pipeline.extract_doc(doc, Article(id="long", text=text), know)
            extract_s = time.process_time() - start
            rounds.append((spacy_s, parse_s, extract_s, dict(timings)))
        spacy_s = statistics.median(r[0] for r in rounds)
        parse_s = statistics.median(r[1] for r in rounds)
        extract_s = statistics.median(r[2] for r in rounds)
        stages = [statistics.median(r[3].get(s, 0.0) for r in rounds) for s in STAGES]

        def per_word(seconds: float) -> str:
            return f"{seconds / words * 1e6:.0f}"

        ratio = (parse_s + extract_s) / spacy_s
        print(f"| {words:,} | {per_word(spacy_s)} | {per_word(parse_s)} | "
              + " | ".join(per_word(s) for s in stages)
              + f" | {per_word(extract_s)} | {ratio:.2f}x |", flush=True)


if __name__ == "__main__":
    main()
