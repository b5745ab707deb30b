"""Store benchmark: load, query, serialize and export graphs of 10^4..10^6 triples.

For each size, a stakeholder-shaped graph from bench/graphgen.py, and in a
fresh process each (so that peak memory is that step's alone):

- serialize: kg.graph.turtle writing the graph as sorted Turtle, and as N-Triples;
- load: kg.graph.store.load of the Turtle file (what `kg query -d FILE` does),
  then every canned query with its example parameters, and two ad hoc
  SPARQL queries (what `kg sparql` runs); peak memory of that process;
- kg query: the whole command, start to answer, as a user runs it;
- export: `kg export` of an on-disk store holding the graph (read from
  RocksDB, sorted, written as Turtle); peak memory of that process.

Figures are the median of --runs runs, with min and max.

    python bench/store.py                      # 10^4, 10^5, 10^6; about 3 minutes
    python bench/store.py --sizes 10000 --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

SPARQL = {
    "sparql: positions per stance": "SELECT ?stance (COUNT(*) AS ?n) WHERE { ?p a skg:Position ; skg:stance ?stance } GROUP BY ?stance ORDER BY ?stance",
    "sparql: a person's labels": "SELECT ?name WHERE { ?a a skg:Person ; rdfs:label ?name } ORDER BY ?name LIMIT 50",
}


def _peak_mb() -> float:
    # Linux gives ru_maxrss in KiB, macOS in bytes.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _timed(function, runs: int) -> tuple[list[float], object]:
    times, value = [], None
    for _ in range(runs):
        started = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - started)
    return times, value


# --- steps, each run in its own process ------------------------------------------


def step_serialize(size: int, folder: Path, runs: int) -> dict:
    from graphgen import base_triples, stakeholder_graph

    from kg.graph import turtle

    graph = stakeholder_graph(size, base_triples(folder / "base.nt"))
    ttl_times, text = _timed(lambda: turtle.serialize(graph, "turtle"), runs)
    nt_times, _ = _timed(lambda: turtle.serialize(graph, "nt"), runs)
    turtle.write_atomic(folder / f"graph-{size}.ttl", text)
    return {"triples": len(graph), "serialize turtle": ttl_times, "serialize n-triples": nt_times,
            "bytes": len(text.encode("utf-8")), "peak_mb": _peak_mb()}


def step_query(size: int, folder: Path, runs: int) -> dict:
    from kg.graph import queries, store

    path = folder / f"graph-{size}.ttl"
    load_times, loaded = [], None
    for _ in range(runs):
        loaded = None  # one store in memory at a time, as in `kg query`
        started = time.perf_counter()
        loaded = store.load([path])
        load_times.append(time.perf_counter() - started)
    figures: dict = {"load": load_times, "loaded": len(loaded)}
    for canned in queries.list_queries():
        times, rows = _timed(lambda: queries.query(canned.name, loaded, **canned.example), runs)
        figures[f"query {canned.name}"] = times
        figures[f"rows {canned.name}"] = len(rows.rows)
    for label, text in SPARQL.items():
        times, rows = _timed(lambda: queries.run(loaded, text), runs)
        figures[label] = times
    figures["peak_mb"] = _peak_mb()
    return figures


def step_disk(size: int, folder: Path, runs: int) -> dict:
    """An on-disk store holding the graph, laid out as kg.graph.diskstore lays it out."""
    import pyoxigraph

    from kg import vocab

    # The generated graph as one article's graph (and so also the default
    # graph): exporting reads and sorts all of it, as for a real store.
    graph = pyoxigraph.NamedNode(vocab.article_iri("bench"))
    quads = pyoxigraph.parse(path=folder / f"graph-{size}.ttl", format=pyoxigraph.RdfFormat.TURTLE)
    raw = pyoxigraph.Store(str(folder / f"store-{size}"))
    raw.bulk_extend(quad for q in quads for quad in (q, pyoxigraph.Quad(q.subject, q.predicate, q.object, graph)))
    raw.flush()
    return {}


def step_export(size: int, folder: Path, runs: int) -> dict:
    from kg.graph.diskstore import DiskStore

    with DiskStore(folder / f"store-{size}", read_only=True) as disk:
        times, count = _timed(lambda: disk.export(folder / f"export-{size}.ttl"), runs)
    return {"export": times, "exported": count, "peak_mb": _peak_mb()}


def step_cli(size: int, folder: Path, runs: int) -> dict:
    kg = Path(sys.executable).with_name("kg")
    command = [str(kg), "query", "who-opposes", "-d", str(folder / f"graph-{size}.ttl"),
               "--param", "topic=UkraineNATOMembership", "-f", "csv", "-o", os.devnull]

    def once():
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    times, _ = _timed(once, runs)
    return {"kg query who-opposes -d FILE (whole command)": times}


def step_base(size: int, folder: Path, runs: int) -> dict:
    from graphgen import base_triples

    return {"base": len(base_triples(folder / "base.nt"))}


PROCESSES = {
    "serialize": "generating + serializing",
    "query": "load + queries (kg query)",
    "export": "export (kg export)",
}
STEPS = {"base": step_base, "serialize": step_serialize, "query": step_query, "disk": step_disk, "export": step_export}


# --- report --------------------------------------------------------------------------


def _cell(times: list[float]) -> str:
    return f"{statistics.median(times):.3f} ({min(times):.3f}–{max(times):.3f})"


def _child(step: str, size: int, folder: Path, runs: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", step, "--sizes", str(size), "--dir", str(folder), "--runs", str(runs)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated triple counts")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median, min, max)")
    parser.add_argument("--dir", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--child", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    if args.child:
        print(json.dumps(STEPS[args.child](sizes[0], args.dir, args.runs)))
        return

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as scratch:
        folder = args.dir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        # The corpus is parsed once, for every child, and in a child itself:
        # on Linux a process starts with the peak memory of its parent, so
        # this one stays small (standard library only) to keep figures clean.
        _child("base", sizes[0], folder, 1)
        results: dict[int, dict] = {}
        for size in sizes:
            figures: dict = {}
            for step in ("serialize", "disk", "query", "export"):
                part = _child(step, size, folder, 1 if step == "disk" else args.runs)
                if "peak_mb" in part:
                    figures[f"peak memory, {PROCESSES[step]} (MB)"] = part.pop("peak_mb")
                figures.update(part)
            figures.update(step_cli(size, folder, args.runs))
            results[size] = figures
            print(f"{size:>9} triples done", file=sys.stderr)

    import platform

    import pyoxigraph

    print(f"# Store benchmark: median (min–max) of {args.runs} runs, seconds\n")
    print(f"{platform.python_implementation()} {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, "
          f"{os.cpu_count()} CPUs, {platform.machine()}\n")
    print("| | " + " | ".join(f"{results[s]['triples']:,} triples" for s in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    first = results[sizes[0]]
    for key, value in first.items():
        if key in ("triples", "loaded", "exported", "bytes") or key.startswith("rows "):
            continue
        cells = []
        for size in sizes:
            figure = results[size][key]
            if isinstance(figure, list):
                cell = _cell(figure)
                rows = results[size].get("rows " + key.removeprefix("query "))
                cells.append(cell + (f" [{rows:,} rows]" if rows is not None and key.startswith("query ") else ""))
            else:
                cells.append(f"{figure:,.0f}")
        print(f"| {key} | " + " | ".join(cells) + " |")
    print("| Turtle file (MB) | " + " | ".join(f"{results[s]['bytes'] / 1e6:.1f}" for s in sizes) + " |")
    if args.json:
        args.json.write_text(json.dumps({str(k): v for k, v in results.items()}, indent=2))


if __name__ == "__main__":
    main()
