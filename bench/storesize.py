"""The on-disk store's size against the graph it holds.

For each corpus size (the seed and dev articles repeated under distinct ids,
as in bench/ingest.py), ``kg ingest DIR --store STORE --jobs 2`` into a new
store, then ``kg export`` of it as Turtle and N-Triples. Reported: the
triples, the folder's size after the command (which compacts the store when
it ends), what of it is RocksDB's write-ahead log (``*.log``), and the
exported files.

    python bench/storesize.py                   # 9 and 144 articles
    python bench/storesize.py --sizes 9,72,288
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ingest import build_corpus  # noqa: E402  (bench/ingest.py)


def size(path: Path, pattern: str = "*") -> int:
    return sum(p.stat().st_size for p in path.glob(pattern) if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="9,144", help="comma-separated numbers of articles")
    args = parser.parse_args()
    kg = str(Path(sys.executable).with_name("kg"))
    print("# The on-disk store (kg ingest --store) against its export\n")
    print("| articles | triples | store folder (MB) | of it write-ahead log (MB) | Turtle (MB) | N-Triples (MB) | store / Turtle | store / N-Triples |")
    print("|---|---|---|---|---|---|---|---|")
    for count in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="kg-bench-storesize-") as scratch:
            folder = Path(scratch) / "corpus"
            folder.mkdir()
            build_corpus(folder, count)
            store = Path(scratch) / "kgdb"
            subprocess.run([kg, "ingest", str(folder), "--store", str(store), "--jobs", "2"], check=True,
                           stderr=subprocess.DEVNULL)
            subprocess.run([kg, "export", "--store", str(store), "-o", f"{scratch}/kg.ttl"], check=True, stderr=subprocess.DEVNULL)
            subprocess.run([kg, "export", "--store", str(store), "-o", f"{scratch}/kg.nt"], check=True, stderr=subprocess.DEVNULL)
            triples = sum(1 for _ in open(f"{scratch}/kg.nt", encoding="utf-8"))
            folder_mb, log_mb = size(store) / 1e6, size(store, "*.log") / 1e6
            ttl_mb, nt_mb = Path(f"{scratch}/kg.ttl").stat().st_size / 1e6, Path(f"{scratch}/kg.nt").stat().st_size / 1e6
            print(f"| {count} | {triples:,} | {folder_mb:.1f} | {log_mb:.1f} | {ttl_mb:.2f} | {nt_mb:.2f} | "
                  f"{folder_mb / ttl_mb:.1f}× | {folder_mb / nt_mb:.1f}× |", flush=True)


if __name__ == "__main__":
    main()
