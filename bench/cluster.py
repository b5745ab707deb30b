"""`kg ingest --cluster` against `kg ingest --jobs 2` on the same articles.

The corpus is the seed and dev articles repeated under distinct ids (as in
bench/ingest.py). Each round times three whole commands, one after the other:

- ``kg ingest DIR --jobs 2 -o kg.ttl``: two worker processes forked from kg;
- ``kg ingest DIR --cluster local:2 -o kg.ttl``: a Dask LocalCluster of two
  worker processes started for the command, each loading the spaCy model;
- ``kg ingest DIR --cluster tcp://… -o kg.ttl``: the same two workers kept
  running between commands (models loaded): what a standing cluster costs;
- ``kg ingest DIR --cluster tcp://… --endpoint URL``: the same, each
  partition loaded by its worker into an Oxigraph server on this machine
  (``oxigraph serve``, started once; each round replaces the articles' graphs).

The overhead is each median over the --jobs 2 median, minus one. The three
that write a file write the same bytes (checked).

    python bench/cluster.py                    # 144 articles, 3 rounds: about 6 minutes on 2 cores
    python bench/cluster.py --articles 72 --runs 5
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ingest import build_corpus  # noqa: E402  (bench/ingest.py)


def timed(command: list[str], out: Path | None = None) -> float:
    """Seconds of a whole command, its stdout to ``out`` (or nowhere); a failure stops the benchmark."""
    started = time.perf_counter()
    with open(out or os.devnull, "wb") as sink:
        done = subprocess.run(command, stdout=sink, stderr=subprocess.PIPE)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed: {done.stderr.decode()[-500:]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=144, help="corpus size in articles")
    parser.add_argument("--runs", type=int, default=3, help="rounds (median, min, max)")
    args = parser.parse_args()
    from dask.distributed import Client, LocalCluster

    from kg.graph.server import OxigraphServer

    kg = str(Path(sys.executable).with_name("kg"))
    times: dict[str, list[float]] = {}
    digests: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="kg-bench-cluster-") as scratch, LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0", silence_logs=40,
    ) as standing, Client(standing) as client, OxigraphServer(port=0, ontology=False) as server:
        folder = Path(scratch) / "corpus"
        folder.mkdir()
        texts = build_corpus(folder, args.articles)
        words = sum(len(text.split()) for text in texts)
        # Load the model on the standing workers before timing them.
        timed([kg, "ingest", str(HERE.parent / "seeds"), "--cluster", standing.scheduler_address, "-o", f"{scratch}/warm.ttl"])
        variants = {
            "kg ingest --jobs 2": ["--jobs", "2"],
            "kg ingest --cluster local:2 (cluster started by the command)": ["--cluster", "local:2"],
            "kg ingest --cluster tcp://… (standing cluster, models loaded)": ["--cluster", standing.scheduler_address],
            "kg ingest --cluster tcp://… --endpoint URL (standing cluster, into Oxigraph)":
                ["--cluster", standing.scheduler_address, "--endpoint", server.url],
        }
        for round_ in range(args.runs):
            for name, options in variants.items():
                out = Path(scratch) / "kg.ttl"
                into = [] if "--endpoint" in options else ["-o", str(out)]
                times.setdefault(name, []).append(timed([kg, "ingest", str(folder), *options, *into]))
                if into:
                    digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
                    out.unlink()
            print(f"round {round_ + 1}/{args.runs} done", file=sys.stderr)
        del client
    base = statistics.median(times["kg ingest --jobs 2"])
    print(f"# kg ingest on a Dask cluster against --jobs 2: {len(texts)} articles, {words:,} words; "
          f"median (min–max) of {args.runs} rounds, {os.cpu_count()} CPUs\n")
    print("| command | seconds | articles/s | words/s | over --jobs 2 |")
    print("|---|---|---|---|---|")
    for name, runs in times.items():
        median = statistics.median(runs)
        over = f"{(median / base - 1) * 100:+.0f}%" if name != "kg ingest --jobs 2" else ""
        print(f"| `{name}` | {median:.1f} ({min(runs):.1f}–{max(runs):.1f}) | {len(texts) / median:.1f} | "
              f"{words / median:,.0f} | {over} |")
    print(f"\nSame bytes from every command that writes a file: {'yes' if len(digests) == 1 else 'NO'}")


if __name__ == "__main__":
    main()
