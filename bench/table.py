"""`kg query` piped to a file: the default table format against --format csv.

Whole commands in a fresh process each (loading the graph included), stdout
redirected to a file as in ``kg query positions -d big.ttl > positions.txt``,
on a graph of ``bench/graphgen.py``: ``positions`` (the whole table, one row
per position) and ``--all`` (every canned question; tables only, since the
other formats need ``-o DIR``, so ``--all`` is given against ``--all -f csv -o DIR``).

    python bench/table.py                       # 10^6 triples, 3 runs
    python bench/table.py --triples 100000 --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cluster import timed  # noqa: E402  (bench/cluster.py)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the generated graph")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (median, min, max)")
    parser.add_argument("--graph", type=Path, help="a graph to use instead of generating one")
    args = parser.parse_args()
    kg = str(Path(sys.executable).with_name("kg"))
    with tempfile.TemporaryDirectory(prefix="kg-bench-table-") as scratch:
        graph = args.graph
        if graph is None:
            graph = Path(scratch) / "big.ttl"
            subprocess.run([sys.executable, str(HERE / "graphgen.py"), str(args.triples), "-o", str(graph)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out = Path(scratch) / "answer"
        commands = {
            "kg query positions -d FILE > file": ["query", "positions", "-d", str(graph)],
            "kg query positions -d FILE -f csv > file": ["query", "positions", "-d", str(graph), "-f", "csv"],
            "kg query --all -d FILE > file": ["query", "--all", "-d", str(graph)],
            "kg query --all -d FILE -f csv -o DIR": ["query", "--all", "-d", str(graph), "-f", "csv", "-o", f"{scratch}/all"],
        }
        times: dict[str, list[float]] = {}
        rows = 0
        for _ in range(args.runs):
            for name, arguments in commands.items():
                times.setdefault(name, []).append(timed([kg, *arguments], out))
                if name == "kg query positions -d FILE > file":
                    rows = len(out.read_text(encoding="utf-8").splitlines()) - 3
    print(f"# Piped answers: table against csv, whole commands on {graph.name} "
          f"({args.triples:,} triples{'' if args.graph is None else ', given'}); positions has {rows:,} rows; "
          f"median (min–max) of {args.runs} runs\n")
    print("| command | seconds | over csv |")
    print("|---|---|---|")
    against = {"kg query positions -d FILE > file": "kg query positions -d FILE -f csv > file",
               "kg query --all -d FILE > file": "kg query --all -d FILE -f csv -o DIR"}
    for name, runs in times.items():
        median = statistics.median(runs)
        over = f"{(median / statistics.median(times[against[name]]) - 1) * 100:+.0f}%" if name in against else ""
        print(f"| `{name}` | {median:.1f} ({min(runs):.1f}–{max(runs):.1f}) | {over} |")


if __name__ == "__main__":
    main()
