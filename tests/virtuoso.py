"""A throwaway Virtuoso (Debian's virtuoso-opensource 7) for the store tests.

Its own database in a temporary folder, its SQL and HTTP ports free ports of
127.0.0.1, started before the tests that need it and stopped after. Writing
goes through its digest-authenticated services as user dba, whose password
in a new database is dba (nothing but this loopback server ever has it).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from kg.graph.server import free_port

BINARY = "virtuoso-t"
USER = "dba"
PASSWORD = "dba"
MAX_ROWS = 1000

# What the tests need and nothing more: no plug-ins, no checkpoints while
# they run (the database is thrown away). Answers are cut at 1,000 rows, as
# a store's administrator may set it: more than any canned query gives on
# the seeds, fewer than a dump of the whole store.
_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""


def missing() -> str | None:
    """Why Virtuoso cannot run here, or None if it can."""
    if shutil.which(BINARY) is None:
        return f"{BINARY} is not installed (apt-get install virtuoso-opensource; .ci/run does this)"
    return None


class Virtuoso:
    """``virtuoso-t`` in the foreground on free loopback ports; a context manager."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="kg-virtuoso-"))
        self.http_port = free_port()
        self.sql_port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """The query URL, from which kg guesses the update and Graph Store URLs."""
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def start(self, wait: float = 90.0) -> Virtuoso:
        ini = self.folder / "virtuoso.ini"
        ini.write_text(_INI.format(dir=self.folder, sql_port=self.sql_port, http_port=self.http_port, max_rows=MAX_ROWS))
        log = (self.folder / "server.out").open("wb")
        try:
            self.process = subprocess.Popen(
                [BINARY, "-f", "-c", str(ini)], cwd=self.folder,
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            )
        finally:
            log.close()
        # A new database takes some seconds to initialise before HTTP answers.
        deadline = time.monotonic() + wait
        probe = self.url + "?query=ASK%7B%7D"
        while True:
            if self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"virtuoso stopped at start: {self._log_tail()}")
            try:
                with urllib.request.urlopen(probe, timeout=2) as answer:
                    answer.read()
                    return self
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    tail = self._log_tail()
                    self.stop()
                    raise RuntimeError(f"virtuoso did not answer within {wait:g} s: {tail}") from None
                time.sleep(0.2)

    def _log_tail(self) -> str:
        log = self.folder / "virtuoso.log"
        text = log.read_text(errors="replace") if log.is_file() else ""
        return " | ".join(text.strip().splitlines()[-3:])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Virtuoso:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
