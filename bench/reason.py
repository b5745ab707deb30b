"""How long the OWL 2 RL closure takes as the graph grows (docs/reasoning.md).

For each size, a stakeholder-shaped graph from bench/graphgen.py (the real
seeds and dev graph, copied with distinct articles and a growing pool of
actors), then the closure with each engine of kg.graph.reason:

- rules: owlrl closes the ontology, pyoxigraph runs the compiled instance rules;
- owlrl: owlrl's full closure of ontology + data, then the same filter.

Prints one row per size and engine: data triples, inferred triples kept, the
median closure time over --runs runs (one run where a single run is slow),
and the peak memory of the process so far (engines run one after the
other, rules first, so owlrl's appetite does not show in the rules rows). owlrl is skipped above
--owlrl-max triples, where it takes minutes and gigabytes.

    python bench/reason.py                       # 10^4, 10^5, 10^6
    python bench/reason.py --sizes 10000 --runs 5
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from graphgen import base_triples, stakeholder_graph  # noqa: E402

from kg.graph import reason  # noqa: E402

# One run is enough once a single run takes this long: the spread between
# runs is then far below the differences the table is read for.
SLOW = 20.0


def timed(engine: str, graph) -> tuple[float, int]:
    started = time.perf_counter()
    inferred = reason.closure(graph, engine=engine)
    return time.perf_counter() - started, len(inferred)


def peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is shown")
    parser.add_argument("--engines", nargs="+", default=["rules", "owlrl"], choices=["rules", "owlrl"])
    parser.add_argument("--owlrl-max", type=int, default=100_000, help="skip owlrl above this many triples")
    parser.add_argument("--base-cache", type=Path, help="N-Triples file caching the base graph (see graphgen.py)")
    args = parser.parse_args()

    base = base_triples(args.base_cache)
    started = time.perf_counter()
    reason.schema()  # read and close the ontology once, as a long-running process would
    print(f"base graph {len(base)} triples; ontology closed by owlrl in {time.perf_counter() - started:.2f} s")
    print(f"{'triples':>10} {'engine':<6} {'inferred':>9} {'seconds':>9} {'runs':>4} {'peak MB':>8}")
    # Engine by engine, so that the peak memory of a row is not owlrl's.
    for engine in args.engines:
        for size in args.sizes:
            if engine == "owlrl" and size > args.owlrl_max:
                print(f"{size:>10} {engine:<6} {'-':>9} {'skipped':>9} {0:>4} {'-':>8}")
                continue
            graph = stakeholder_graph(size, base)
            times, inferred = [], 0
            while len(times) < args.runs:
                seconds, inferred = timed(engine, graph)
                times.append(seconds)
                if seconds > SLOW:
                    break
            median = statistics.median(times)
            print(f"{len(graph):>10} {engine:<6} {inferred:>9} {median:>9.2f} {len(times):>4} {peak_mb():>8}", flush=True)
            del graph

if __name__ == "__main__":
    main()
