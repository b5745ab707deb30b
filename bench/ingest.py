"""Ingest benchmark: kg ingest against bare spaCy on the same corpus, same run.

The corpus is the seed and dev articles repeated under distinct ids up to
--articles. For each number of processes N (--jobs, default 1 and 2), each
round times, one after the other on the same texts:

- bare spaCy: the stock English model's ``nlp.pipe(texts, n_process=N)``,
  every Doc consumed: what parsing alone costs;
- kg ingest: ``kg.pipeline.ingest(folder, jobs=N)`` and the sorted Turtle of
  the result: reading and cleaning the files, the gazetteer's entity ruler,
  parsing, actors, statements, positions, meetings, triples, serialising.

The overhead is kg's median time over spaCy's median time at the same N,
minus one. Figures are the median of --runs rounds, with min and max.
Models are loaded before timing; starting the worker processes is timed.

    python bench/ingest.py                  # 144 articles, 3 rounds: about 4 minutes on 2 cores
    python bench/ingest.py --articles 36 --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = (ROOT / "seeds", ROOT / "tests" / "data" / "dev")


def build_corpus(folder: Path, count: int) -> list[str]:
    """``count`` article files in ``folder``, copies of the corpus under distinct ids; their texts."""
    from kg.extract import knowledge, read

    originals = [item for item in read.read(CORPUS, knowledge.default()) if not isinstance(item, read.Skipped)]
    texts = []
    for index in range(count):
        article = originals[index % len(originals)]
        copy = index // len(originals)
        # The raw file is written (boilerplate and all) so that kg reads and
        # cleans it as a user's file; spaCy gets the cleaned text kg parses.
        raw = Path(article.source).read_text(encoding="utf-8")
        (folder / f"{article.id}-copy{copy:03d}.txt").write_text(raw, encoding="utf-8")
        texts.append(article.text)
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=144, help="corpus size in articles")
    parser.add_argument("--runs", type=int, default=3, help="rounds (median, min, max)")
    parser.add_argument("--jobs", default="1,2", help="comma-separated process counts")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    jobs_list = [int(j) for j in args.jobs.split(",")]

    import spacy

    from kg.extract import annotate, knowledge
    from kg.pipeline import ingest

    known = knowledge.default()
    kg_nlp = annotate.cached_model(None, known)
    bare_nlp = spacy.load(annotate.DEFAULT_MODEL)

    with tempfile.TemporaryDirectory(prefix="kg-bench-ingest-") as scratch:
        folder = Path(scratch)
        texts = build_corpus(folder, args.articles)
        words = sum(len(text.split()) for text in texts)
        times: dict[tuple[str, int], list[float]] = {}
        triples = {}
        for round_ in range(args.runs):
            for jobs in jobs_list:
                started = time.perf_counter()
                for _ in bare_nlp.pipe(texts, n_process=jobs, batch_size=8):
                    pass
                times.setdefault(("spacy", jobs), []).append(time.perf_counter() - started)

                started = time.perf_counter()
                result = ingest([folder], jobs=jobs, knowledge=known)
                text = result.turtle()
                times.setdefault(("kg", jobs), []).append(time.perf_counter() - started)
                if len(result.extractions) != len(texts):
                    sys.exit(f"kg ingested {len(result.extractions)} of {len(texts)} articles: {result.skipped[:3]}")
                triples[jobs] = text
            print(f"round {round_ + 1}/{args.runs} done", file=sys.stderr)
        del kg_nlp

    same = len(set(triples.values())) == 1
    import platform

    print(f"# Ingest benchmark: {len(texts)} articles, {words:,} words; median (min–max) of {args.runs} rounds\n")
    print(f"spaCy {spacy.__version__}, model {annotate.DEFAULT_MODEL}, {os.cpu_count()} CPUs, "
          f"{platform.python_implementation()} {platform.python_version()}\n")
    print("| processes | what | seconds | articles/s | words/s | kg overhead |")
    print("|---|---|---|---|---|---|")
    figures = {}
    for jobs in jobs_list:
        spacy_median = statistics.median(times[("spacy", jobs)])
        for what in ("spacy", "kg"):
            runs = times[(what, jobs)]
            median = statistics.median(runs)
            overhead = f"{(median / spacy_median - 1) * 100:+.0f}%" if what == "kg" else ""
            label = "bare spaCy nlp.pipe" if what == "spacy" else "kg ingest (to Turtle)"
            print(f"| {jobs} | {label} | {median:.1f} ({min(runs):.1f}–{max(runs):.1f}) | "
                  f"{len(texts) / median:.1f} | {words / median:,.0f} | {overhead} |")
            figures[f"{what} jobs={jobs}"] = runs
    print(f"\nSame Turtle bytes at every --jobs: {'yes' if same else 'NO'}")
    if args.json:
        args.json.write_text(json.dumps({"articles": len(texts), "words": words, "runs": figures}, indent=2))


if __name__ == "__main__":
    main()
