#!/usr/bin/env python3
"""Limits a newcomer can read within: `make lint`, and tests/test_lint.py on the parts that keep them.

    python .ci/lint.py [PATH ...]      (default: kg)

Lists every function or method above cyclomatic complexity 25 (radon), every
module above 500 lines, and every import of kg.graph in kg/extract/ (the
extraction half must not know RDF; see kg/extract/__init__.py). Exit 1 if
it lists anything, 0 if not.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from radon.complexity import cc_visit

MAX_COMPLEXITY = 25
MAX_LINES = 500


def modules(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return found


def functions(blocks):
    """Functions, methods and the functions nested in them, as radon sees them."""
    for block in blocks:
        if hasattr(block, "closures"):  # a radon Function (methods come flattened as Functions too)
            yield block
            yield from functions(block.closures)


def package_of(path: Path) -> list[str]:
    """The package a module is in, from its path: kg/extract/read.py -> ["kg", "extract"]."""
    parts = path.resolve().parts
    start = max((i for i, part in enumerate(parts) if part == "kg"), default=None)
    return list(parts[start:-1]) if start is not None else []


def in_extraction(path: Path) -> bool:
    return package_of(path)[:2] == ["kg", "extract"]


def graph_imports(tree: ast.AST, package: list[str]) -> list[int]:
    """Lines that import kg.graph (or a part of it), relative imports resolved from ``package``."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            names = [module] + [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        if any(name == "kg.graph" or name.startswith("kg.graph.") for name in names):
            lines.append(node.lineno)
    return lines


def problems(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    found = []
    lines = len(text.splitlines())
    if lines > MAX_LINES:
        found.append(f"{path}: {lines} lines (at most {MAX_LINES})")
    for function in functions(cc_visit(text)):
        if function.complexity > MAX_COMPLEXITY:
            name = f"{function.classname}.{function.name}" if function.classname else function.name
            found.append(f"{path}:{function.lineno}: {name} has complexity {function.complexity} (at most {MAX_COMPLEXITY})")
    if in_extraction(path):
        for line in graph_imports(ast.parse(text), package_of(path)):
            found.append(f"{path}:{line}: imports kg.graph (the extraction half must not know RDF)")
    return found


def main(arguments: list[str]) -> int:
    paths = [Path(argument) for argument in arguments] or [Path("kg")]
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        print(f"lint: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    found = [problem for path in modules(paths) for problem in problems(path)]
    for problem in found:
        print(problem)
    print(f"lint: {len(found)} problem{'' if len(found) == 1 else 's'} in {len(modules(paths))} modules", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
