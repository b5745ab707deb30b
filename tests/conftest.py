"""Shared fixtures: the real spaCy model and the seeds graph, built once per run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from kg.extract import annotate, knowledge as knowledge_module
from kg.pipeline import ingest

# Property tests: a few examples locally, many in CI, where .ci/run sets
# KG_HYPOTHESIS_PROFILE=ci. Tests take their example counts from the
# profile (tests/test_properties.py), so that CI's are ten times as many.
settings.register_profile("dev", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                          print_blob=True)
settings.load_profile(os.environ.get("KG_HYPOTHESIS_PROFILE", "dev"))

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
