"""A local Oxigraph server (the ``oxigraph`` package's binary) with the graph loaded.

The files are loaded with ``oxigraph load`` before the server starts (the
server's own loader: fast, and one file either loads or does not), and the
server answers queries over the union of all graphs, so that named graphs of
TriG files (materialised inferences) are queried together with the rest, as
in the embedded store.

On Linux the server dies with the process that started it (PR_SET_PDEATHSIG),
so that a ``kg serve`` killed with SIGKILL leaves no server holding the port.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from kg.graph import store
from kg.errors import EndpointError, InputError
from kg.resources import ontology_file
from kg.graph.turtle import process_alive

__all__ = ["OxigraphServer", "free_port", "oxigraph_binary"]

DEFAULT_PORT = 7878  # Oxigraph's own default

# Without these the binary prints a Rust stack trace under every error.
_QUIET = {"RUST_BACKTRACE": "0", "RUST_LIB_BACKTRACE": "0"}


def oxigraph_binary() -> Path:
    """The ``oxigraph`` executable: next to this Python (a virtualenv's bin/), else on PATH."""
    name = "oxigraph.exe" if os.name == "nt" else "oxigraph"
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return beside
    found = shutil.which("oxigraph")
    if found:
        return Path(found)
    raise EndpointError("the oxigraph server is not installed; install it with: pip install 'oxigraph>=0.5,<0.6'")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        # As servers bind: a port whose old connections linger in TIME_WAIT is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
        return True


class OxigraphServer:
    """``oxigraph serve`` on ``host:port`` with ``files`` loaded; a context manager.

    Without ``location`` the store lives in a temporary folder removed by
    ``stop``; with it, the store persists there and can be served again.
    ``port=0`` takes any free port.
    """

    def __init__(
        self,
        files: Sequence[Path | str] = (),
        *,
        location: Path | str | None = None,
        host: str = "127.0.0.1",
        port: int = DEFAULT_PORT,
        ontology: bool = True,
        read_only: bool = False,
        timeout: int | None = None,
    ):
        self.files = [Path(file) for file in files]
        if ontology:
            self.files = [ontology_file(name) for name in store.ONTOLOGY_FILES] + self.files
        self.location = Path(location) if location else None
        self.host = host
        self.port = port
        self.read_only = read_only
        self.timeout = timeout  # seconds a query may run on the server; None: no limit
        self.process: subprocess.Popen | None = None
        self._scratch: Path | None = None

    # --- URLs ---

    @property
    def url(self) -> str:
        """The base URL; Oxigraph serves its query page (YASGUI) there."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def query_url(self) -> str:
        return self.url + "query"

    @property
    def update_url(self) -> str:
        return self.url + "update"

    @property
    def store_url(self) -> str:
        return self.url + "store"

    # --- life cycle ---

    def start(self, wait: float = 30.0) -> OxigraphServer:
        """Load the files, start the server, and return once it answers queries."""
        binary = oxigraph_binary()
        for file in self.files:
            store.format_of(file)
            if not file.is_file():
                raise InputError(f"{file}: no such file")
        if self.port == 0:
            self.port = free_port(self.host)
        elif not _port_free(self.host, self.port):
            # Checked first because the binary may share a port another
            # server holds, and the readiness probe would then reach that one.
            raise EndpointError(
                f"port {self.port} on {self.host} is in use; pick another with --port (0 takes any free one)"
            )
        _remove_orphaned_scratch()
        self._scratch = Path(tempfile.mkdtemp(prefix=f"kg-serve-{os.getpid()}-"))
        try:
            location = self.location or self._scratch / "store"
            files = self.files
            if self.read_only and not files and not (location / "CURRENT").exists():
                # A read-only server opens an existing store only: make an empty one.
                files = [self._scratch / "empty.nt"]
                files[0].write_bytes(b"")
            for file in files:
                self._load(binary, location, file)
            command = [
                str(binary),
                "serve-read-only" if self.read_only else "serve",
                "--location", str(location),
                "--bind", self.url.removeprefix("http://").rstrip("/"),
                "--union-default-graph",
            ]
            if self.timeout:
                command += ["--timeout-s", str(self.timeout)]
            log = (self._scratch / "server.log").open("wb")
            try:
                self.process = subprocess.Popen(
                    command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                    env={**os.environ, **_QUIET}, preexec_fn=_die_with_parent(),
                )
            finally:
                log.close()
            self._wait_until_answering(wait)
        except BaseException:
            self.stop()
            raise
        return self

    def _load(self, binary: Path, location: Path, file: Path) -> None:
        media_type = store.format_of(file).media_type
        done = subprocess.run(
            [str(binary), "load", "--location", str(location), "--file", str(file), "--format", media_type],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, env={**os.environ, **_QUIET},
            preexec_fn=_die_with_parent(),
        )
        if done.returncode != 0:
            raise InputError(_load_error(file, done.stderr))

    def _wait_until_answering(self, wait: float) -> None:
        probe = self.query_url + "?query=ASK%7B%7D"
        deadline = time.monotonic() + wait
        while True:
            if self.process.poll() is not None:
                raise EndpointError(self._exit_message())
            try:
                with urllib.request.urlopen(probe, timeout=2) as answer:
                    answer.read()
                    return
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    raise EndpointError(f"the oxigraph server did not answer at {self.url} within {wait:g} s") from None
                time.sleep(0.05)

    def _exit_message(self) -> str:
        log = self._scratch / "server.log" if self._scratch else None
        output = log.read_text(errors="replace") if log and log.is_file() else ""
        if "Address already in use" in output:
            return f"port {self.port} on {self.host} is in use; pick another with --port (0 takes any free one)"
        return f"the oxigraph server stopped: {_error_line(output)}"

    def wait(self) -> int:
        """Block until the server exits; its exit code."""
        return self.process.wait() if self.process else 0

    def stop(self, grace: float = 10.0) -> None:
        """Terminate the server, wait for it, and remove the temporary store."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


_PR_SET_PDEATHSIG = 1


def _remove_orphaned_scratch() -> None:
    """Remove the temporary stores of servers whose kg was killed (kg-serve-PID-*, that process gone)."""
    for folder in Path(tempfile.gettempdir()).glob("kg-serve-*-*"):
        owner = folder.name.split("-")[2]
        if owner.isdigit() and folder.is_dir() and not process_alive(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)


def _die_with_parent():
    """A preexec_fn that has the child get SIGTERM when this process dies, however it dies (Linux); else None.

    The signal comes when the thread that started the child ends: start
    servers from a thread that lives as long as they should.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up here: the child should only call it
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def preexec() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os.kill(os.getpid(), signal.SIGTERM)

    return preexec


def _error_line(output: str) -> str:
    """The line of the binary's output that says what went wrong."""
    for line in output.splitlines():
        if line.startswith("Error"):
            return line.removeprefix("Error: ").strip()
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return lines[-1] if lines else "no reason given"


def _load_error(file: Path, output: str) -> str:
    line = _error_line(output)
    line = re.sub(r"^(Error )?while loading file .*?: ", "", line)
    located = store._LOCATION.match(line)
    if located:
        return f"{file}:{located[1]}:{located[2]}: {line[located.end():]}"
    return f"{file}: {line}"
