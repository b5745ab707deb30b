"""Peak memory of `kg ingest -o` against the number of articles.

The corpus is the seed and dev articles repeated under distinct ids (as in
bench/ingest.py). For each size, each way of writing runs in a fresh process
(--jobs 1, so that one process holds everything) whose peak resident memory
(ru_maxrss) and time are printed:

- streamed: ``kg ingest DIR -o kg.ttl``, each article's triples handed to the
  sorted writer as it is done (kg.graph.turtle.SortedFile);
- kept: ``kg.pipeline.ingest(DIR).write(...)``, every extraction kept until
  the end (the library call notebooks use; what `kg ingest` did before).

Both write the same bytes (checked).

    python bench/memory.py                       # 100 and 1,000 articles: about 10 minutes on 2 cores
    python bench/memory.py --sizes 50,200
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from ingest import build_corpus  # noqa: E402  (bench/ingest.py)

KEPT = "import sys; from kg.pipeline import ingest; ingest([sys.argv[1]]).write(sys.argv[2])"


def measure(command: list[str]) -> tuple[float, float]:
    """Seconds and peak MB of one command in a fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed: {process.stderr.read().decode()[-500:]}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="comma-separated numbers of articles")
    parser.add_argument("--kept", action=argparse.BooleanOptionalAction, default=True, help="also the kept way (--no-kept: streamed only)")
    args = parser.parse_args()
    kg = str(Path(sys.executable).with_name("kg"))
    rows = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-memory-") as scratch:
        for size in (int(s) for s in args.sizes.split(",")):
            folder = Path(scratch) / f"corpus-{size}"
            folder.mkdir()
            texts = build_corpus(folder, size)
            words = sum(len(text.split()) for text in texts)
            outputs = {}
            ways = [("streamed: kg ingest -o", [kg, "ingest", str(folder), "-o", f"{scratch}/streamed-{size}.ttl"])]
            if args.kept:
                ways.append(("kept: ingest().write()", [sys.executable, "-c", KEPT, str(folder), f"{scratch}/kept-{size}.ttl"]))
            for what, command in ways:
                seconds, peak = measure(command)
                outputs[what] = hashlib.sha256(Path(command[-1]).read_bytes()).hexdigest()
                rows.append((size, words, what, seconds, peak))
                print(f"{size} articles, {what}: {seconds:.1f} s, {peak:.0f} MB", file=sys.stderr)
            if len(set(outputs.values())) != 1:
                sys.exit(f"different output at {size} articles")
    print("# Peak memory of kg ingest against corpus size (one process)\n")
    print("| articles | words | how | seconds | peak MB |")
    print("|---|---|---|---|---|")
    for size, words, what, seconds, peak in rows:
        print(f"| {size:,} | {words:,} | {what} | {seconds:.1f} | {peak:.0f} |")
    if args.kept:
        print("\nSame bytes both ways at every size: yes")


if __name__ == "__main__":
    main()
