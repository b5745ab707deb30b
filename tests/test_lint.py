"""The size and complexity limits (.ci/lint.py) hold for the whole package, and the halves stay apart."""

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("radon")

ROOT = Path(__file__).resolve().parent.parent
LINT = ROOT / ".ci" / "lint.py"


def lint(*paths, cwd=ROOT):
    return subprocess.run([sys.executable, str(LINT), *map(str, paths)], cwd=cwd, capture_output=True, text=True)


def test_the_whole_package_keeps_the_limits():
    result = lint("kg")
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_a_long_module_a_complex_function_and_rdf_in_extraction_are_each_listed(tmp_path):
    extract = tmp_path / "kg" / "extract"
    extract.mkdir(parents=True)
    (extract / "rdf.py").write_text("from kg.graph import emit\nfrom ..graph.turtle import write_atomic\n")
    (extract / "fine.py").write_text("from kg import vocab\nfrom . import read\n")
    branches = "".join(f"    if x == {n}:\n        return {n}\n" for n in range(30))
    (tmp_path / "kg" / "tangled.py").write_text(f"def tangled(x):\n{branches}    return -1\n")
    (tmp_path / "kg" / "long.py").write_text("x = 1\n" * 501)
    result = lint("kg", cwd=tmp_path)
    assert result.returncode == 1
    listed = result.stdout.splitlines()
    assert listed == [
        "kg/extract/rdf.py:1: imports kg.graph (the extraction half must not know RDF)",
        "kg/extract/rdf.py:2: imports kg.graph (the extraction half must not know RDF)",
        "kg/long.py: 501 lines (at most 500)",
        "kg/tangled.py:1: tangled has complexity 31 (at most 25)",
    ]


def test_a_path_that_is_not_there_is_a_usage_error(tmp_path):
    result = lint("nowhere", cwd=tmp_path)
    assert result.returncode == 2
    assert "nowhere" in result.stderr
