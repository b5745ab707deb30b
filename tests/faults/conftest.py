"""The fault suite's fixtures: each case records the outcome of its scenario.

Every case starts real kg processes (the console script of this
environment) and, where the scenario calls for it, kills them with SIGKILL:
nothing is mocked. Each records its scenario's outcome, from which
test_reliability_doc.py renders docs/reliability.md.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from faultkit import OUTCOMES
from scenarios import BY_ID


@pytest.fixture
def scenario(request):
    """Record the named scenario's outcome: passed if the block ends without an error.

    ``lost`` is set by the block when it counts data that a fault destroyed;
    it stays in the record even when an assertion after it fails.
    """

    @contextmanager
    def record(scenario_id: str):
        assert scenario_id in BY_ID, f"declare {scenario_id!r} in tests/faults/scenarios.py"
        outcome = OUTCOMES[scenario_id] = {"ok": False, "lost": 0, "skipped": None, "test": request.node.nodeid}
        try:
            yield outcome
        except pytest.skip.Exception as skip:
            outcome["skipped"] = str(skip.msg)
            raise
        outcome["ok"] = True

    return record


def pytest_collection_modifyitems(session, config, items):
    # The doc is rendered from the outcomes of the other cases: it runs last.
    last = [item for item in items if item.nodeid.endswith("test_reliability_doc.py::test_the_doc_shows_the_figures_of_this_run")]
    items[:] = [item for item in items if item not in last] + last
