"""Every benchmark in bench/, one after the other (make bench).

Each prints its own table; run one alone for its options (--help).
Benchmarks share the machine's cores, so they never run side by side.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in ("ingest.py", "store.py", "reason.py", "validate.py", "cluster.py", "memory.py", "table.py", "storesize.py"):
    path = HERE / script
    if path.is_file():
        print(f"\n$ python bench/{script}\n", flush=True)
        subprocess.run([sys.executable, str(path)], check=True)
