"""Ingest benchmark: kg ingest against bare spaCy on the same corpus, same run.

The corpus is the seed and dev articles repeated under distinct ids up to
--articles. For each number of processes N (--jobs, default 1 and 2), each
round times, one after the other on the same texts:

- bare spaCy: the stock English model's ``nlp.pipe(texts, n_process=N)``,
  every Doc consumed: what parsing alone costs;
- kg ingest -o: ``kg.pipeline.ingest_to_file(folder, out.ttl, jobs=N)``, what
  ``kg ingest DIR -o out.ttl --jobs N`` runs: reading and cleaning the files,
  the gazetteer's entity ruler, parsing, actors, statements, positions,
  meetings, triples (in the worker processes when N > 1), the sorted Turtle
  file;
- kg library (unless --no-library): ``kg.pipeline.ingest(folder, jobs=N)``
  and ``.turtle()`` of the result, every extraction kept (the notebooks'
  call; its triples are made in the parent, after the parse).

The overhead is kg's median time over spaCy's median time at the same N,
minus one. Figures are the median of --runs rounds, with min and max; below
the table, the overhead within each round (kg's time over spaCy's just
before it), whose median moves less when something else runs on the machine.
Models are loaded before timing; starting the worker processes is timed.

    python bench/ingest.py                  # 144 articles, 3 rounds: about 6 minutes on 2 cores (4 with --no-library)
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
    parser.add_argument("--library", action=argparse.BooleanOptionalAction, default=True,
                        help="also time kg.pipeline.ingest(...).turtle() (--no-library: kg ingest -o only)")
    args = parser.parse_args()
    jobs_list = [int(j) for j in args.jobs.split(",")]

    import spacy

    from kg.extract import annotate, knowledge
    from kg.pipeline import ingest, ingest_to_file

    known = knowledge.default()
    kg_nlp = annotate.cached_model(None, known)
    bare_nlp = spacy.load(annotate.DEFAULT_MODEL)

    whats = ["spacy", "file", *(["library"] if args.library else [])]
    with tempfile.TemporaryDirectory(prefix="kg-bench-ingest-") as scratch:
        folder = Path(scratch) / "articles"
        folder.mkdir()
        out = Path(scratch) / "kg.ttl"
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
                report = ingest_to_file([folder], out, jobs=jobs, knowledge=known)
                times.setdefault(("file", jobs), []).append(time.perf_counter() - started)
                if report.articles != len(texts):
                    sys.exit(f"kg ingested {report.articles} of {len(texts)} articles: {report.skipped[:3]}")
                triples[("file", jobs)] = out.read_text(encoding="utf-8")

                if args.library:
                    started = time.perf_counter()
                    result = ingest([folder], jobs=jobs, knowledge=known)
                    text = result.turtle()
                    times.setdefault(("library", jobs), []).append(time.perf_counter() - started)
                    if len(result.extractions) != len(texts):
                        sys.exit(f"kg ingested {len(result.extractions)} of {len(texts)} articles: {result.skipped[:3]}")
                    triples[("library", jobs)] = text
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
    labels = {"spacy": "bare spaCy nlp.pipe", "file": "kg ingest -o (to Turtle)", "library": "kg.pipeline.ingest + .turtle()"}
    within = []
    for jobs in jobs_list:
        spacy_runs = times[("spacy", jobs)]
        spacy_median = statistics.median(spacy_runs)
        for what in whats:
            runs = times[(what, jobs)]
            median = statistics.median(runs)
            overhead = f"{(median / spacy_median - 1) * 100:+.0f}%" if what != "spacy" else ""
            print(f"| {jobs} | {labels[what]} | {median:.1f} ({min(runs):.1f}–{max(runs):.1f}) | "
                  f"{len(texts) / median:.1f} | {words / median:,.0f} | {overhead} |")
            figures[f"{what} jobs={jobs}"] = runs
            if what != "spacy":
                ratios = [kg / bare for kg, bare in zip(runs, spacy_runs)]
                within.append(f"{labels[what]}, {jobs} processes: {(statistics.median(ratios) - 1) * 100:+.0f}% "
                              f"({', '.join(f'{(r - 1) * 100:+.0f}%' for r in ratios)})")
    print("\nOverhead within each round, median (each round):\n")
    print("\n".join(f"- {line}" for line in within))
    print(f"\nSame Turtle bytes at every --jobs{' and both ways' if args.library else ''}: {'yes' if same else 'NO'}")
    if args.json:
        args.json.write_text(json.dumps({"articles": len(texts), "words": words, "runs": figures}, indent=2))


if __name__ == "__main__":
    main()
