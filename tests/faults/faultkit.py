"""What the fault cases share: run the installed kg as a user would, make articles, keep outcomes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# Kill points are random; a failure names this seed so that it can be replayed.
SEED = int(os.environ.get("KG_FAULTS_SEED", "14"))

KG = shutil.which("kg", path=str(Path(sys.executable).parent)) or shutil.which("kg")

# scenario id -> {"ok", "lost" (data a fault destroyed), "skipped" (why, or None), "test" (node id)}, for the doc.
OUTCOMES: dict[str, dict] = {}


def kg(*args, cwd: Path | None = None, timeout: float = 300, user: list[str] | None = None,
       env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run kg to the end; ``user`` is a prefix such as setpriv's to run it as someone else; ``env`` is added."""
    return subprocess.run([*(user or []), KG, *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=_environment(env))


def start_kg(*args, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([KG, *map(str, args)], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=_environment(env))


def _environment(extra: dict[str, str] | None) -> dict[str, str]:
    # The developer's own store credentials never reach these runs.
    base = {key: value for key, value in os.environ.items() if not key.startswith("KG_ENDPOINT_")}
    return {**base, **(extra or {})}


def kill9(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()  # SIGKILL: no handler, no cleanup, as the OOM killer or a power cut
    process.communicate()


def lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def assert_no_traceback(result) -> None:
    assert "Traceback" not in result.stderr, result.stderr


PEOPLE = [
    ("Ukrainian President", "Volodymyr Zelenskyy", "Ukraine"),
    ("French President", "Emmanuel Macron", "France"),
    ("British Prime Minister", "Keir Starmer", "Britain"),
    ("Kremlin spokesman", "Dmitry Peskov", "Russia"),
    ("Finnish President", "Alexander Stubb", "Finland"),
    ("German Chancellor", "Friedrich Merz", "Germany"),
]
TOPICS = ["a ceasefire in Ukraine", "new sanctions on Russia", "Ukraine joining NATO", "security guarantees for Ukraine"]
STANCES = ["supported", "opposed", "called for", "rejected"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article_text(number: int) -> str:
    """A short news report, different for every number, in the shape the extractor reads."""
    title, name, country = PEOPLE[number % len(PEOPLE)]
    topic = TOPICS[number % len(TOPICS)]
    stance = STANCES[(number // 2) % len(STANCES)]
    day = DAYS[number % len(DAYS)]
    return (
        f"Report number {number} on the talks\n\n"
        f"{title} {name} said on {day} that {country} {stance} {topic}. "
        f"Speaking to reporters after the meeting, {name.split()[-1]} added that the talks would go on "
        f"for at least {number % 7 + 2} more days and that the delegations were still far apart on the main questions.\n"
    )


def write_articles(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"report-{number:03d}.txt").write_text(article_text(number))
    return folder
