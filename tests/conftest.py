"""Shared fixtures: the real spaCy model and the seeds graph, built once per run."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import annotate, knowledge as knowledge_module
from kg.pipeline import ingest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
GOLD = DATA / "gold" / "seeds.jsonl"


@pytest.fixture(scope="session")
def knowledge():
    return knowledge_module.default()


@pytest.fixture(scope="session")
def nlp(knowledge):
    return annotate.cached_model(None, knowledge)


@pytest.fixture(scope="session")
def seeds_result(knowledge):
    return ingest([SEEDS], knowledge=knowledge)


@pytest.fixture(scope="session")
def seeds_ttl(seeds_result, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("seeds") / "kg.ttl"
    seeds_result.write(path)
    return path
