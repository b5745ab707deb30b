"""`kg validate` at 10^4, 10^5 and 10^6 triples: the SHACL shapes as SPARQL on
pyoxigraph (the default engine) against pySHACL alone (--engine pyshacl).

Graphs from bench/graphgen.py. Each run is the whole command in a fresh
process (reading the file included), timed, with its peak memory
(ru_maxrss). pySHACL runs only at the sizes of --pyshacl-sizes (it took
74 s at 10^4 and 748 s at 10^5 on 2 cores, issue 15); there both engines'
JSON reports are compared, result for result.

The generated graphs cut their last copy of the base graph to reach the size
exactly, so a few statements and positions lose properties or point at nodes
cut off: the violations found are those, the same for both engines.

    python bench/validate.py                                   # about 4 minutes on 2 cores
    python bench/validate.py --sizes 10000,100000 --pyshacl-sizes 10000,100000 --runs 1
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(command: list[str]) -> tuple[float, float, dict]:
    """Seconds, peak MB and the JSON report of one `kg validate` in a fresh process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):
            err.seek(0)
            sys.exit(f"{' '.join(command)} failed: {err.read().decode()[-500:]}")
        out.seek(0)
        return seconds, usage.ru_maxrss / 1024, json.loads(out.read())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated numbers of triples")
    parser.add_argument("--pyshacl-sizes", default="10000", help="sizes at which pySHACL runs too")
    parser.add_argument("--runs", type=int, default=3, help="runs of the SPARQL engine (median, min, max)")
    args = parser.parse_args()
    kg = str(Path(sys.executable).with_name("kg"))
    sizes = [int(s) for s in args.sizes.split(",")]
    with_pyshacl = {int(s) for s in args.pyshacl_sizes.split(",") if s}
    rows = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-validate-") as scratch:
        for size in sizes:
            graph = Path(scratch) / f"graph-{size}.ttl"
            # In a process of its own: a child's peak memory counts the parent
            # it was started from, which must stay small.
            subprocess.run(
                [sys.executable, str(HERE / "graphgen.py"), str(size), "-o", str(graph), "--base-cache", f"{scratch}/base.nt"],
                check=True, stderr=subprocess.DEVNULL,
            )
            times, peaks = [], []
            for _ in range(args.runs):
                seconds, peak, fast = run([kg, "validate", str(graph), "--format", "json"])
                times.append(seconds)
                peaks.append(peak)
            row = {"size": size, "sparql": times, "peak": max(peaks), "violations": fast["violations"]}
            print(f"{size:,} triples, SPARQL on pyoxigraph: {statistics.median(times):.1f} s", file=sys.stderr)
            if size in with_pyshacl:
                seconds, peak, reference = run([kg, "validate", str(graph), "--format", "json", "--engine", "pyshacl"])
                row.update(pyshacl=seconds, pyshacl_peak=peak, same=reference == fast)
                print(f"{size:,} triples, pySHACL: {seconds:.1f} s", file=sys.stderr)
            rows.append(row)
    print("# kg validate: the shapes as SPARQL on pyoxigraph against pySHACL (whole command, fresh process)\n")
    print(f"{os.cpu_count()} CPUs; SPARQL engine: median (min–max) of {args.runs} runs; pySHACL: one run\n")
    print("| triples | SPARQL on pyoxigraph (s) | peak MB | pySHACL (s) | peak MB | speed-up | violations | same results |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        median = statistics.median(row["sparql"])
        cells = [f"{row['size']:,}", f"{median:.1f} ({min(row['sparql']):.1f}–{max(row['sparql']):.1f})", f"{row['peak']:.0f}"]
        if "pyshacl" in row:
            cells += [f"{row['pyshacl']:.1f}", f"{row['pyshacl_peak']:.0f}", f"{row['pyshacl'] / median:.0f}×",
                      str(row["violations"]), "yes" if row["same"] else "NO"]
        else:
            cells += ["", "", "", str(row["violations"]), ""]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
