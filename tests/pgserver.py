"""A private, throw-away PostgreSQL server for tests, from Debian's `postgresql` package.

Never assumes a running server: ``PgServer.start()`` runs ``initdb`` into a fresh
temporary directory and starts ``postgres`` listening only on a Unix socket in
that directory (no TCP port, so parallel runs cannot collide), and ``stop()``
shuts it down and deletes everything. PostgreSQL refuses to run as root, so when
the tests run as root the server runs as the ``postgres`` system user (created
by the Debian package) or, failing that, ``nobody``.

Also usable by hand: ``python tests/pgserver.py`` starts a server, prints its URL
and waits for Ctrl-C (what ``make pg`` runs).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

MISSING = "PostgreSQL not installed: run `make pg-install` (as root) or `apt-get install postgresql`"

# Durability off: these servers hold test data for seconds. Crash tests kill the
# client, never the server, so fsync does not change what they check.
_FAST = ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
         "-c", "shared_buffers=32MB", "-c", "max_connections=50",
         "-c", "autovacuum=off"]  # nothing writes behind the tests' back (commit counters stay put)


def find_bindir() -> Path | None:
    """The newest Debian PostgreSQL bin directory holding initdb and pg_ctl, if any."""
    candidates = []
    for initdb in glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        bindir = Path(initdb).parent
        if (bindir / "pg_ctl").is_file():
            try:
                candidates.append((int(bindir.parent.name), bindir))
            except ValueError:
                continue
    if candidates:
        return max(candidates)[1]
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path and shutil.which("pg_ctl") else None


class PgServer:
    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="newsfold-pg-"))
        self.data = self.root / "data"
        self.sockets = self.root / "sockets"
        self.user = _server_user()

    # -- lifecycle -----------------------------------------------------------------

    def start(self) -> PgServer:
        _reap_orphans(self.bindir)
        (self.root / "owner.pid").write_text(str(os.getpid()))
        self.sockets.mkdir()
        if self.user is not None:  # root: hand the directory to the server's user
            os.chmod(self.root, 0o755)
            for path in (self.root, self.sockets):
                os.chown(path, self.user.pw_uid, self.user.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "newsfold", "--auth=trust", "--encoding=UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        options = " ".join([f"-k {self.sockets}", "-c listen_addresses=''", *_pairs(_FAST)])
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options, "-w", "start")
        return self

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    # -- databases -----------------------------------------------------------------

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://newsfold@/{dbname}?host={self.sockets}"

    def create_database(self, prefix: str = "t") -> str:
        """A fresh, empty database; returns its URL."""
        import psycopg

        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import psycopg

        name = url.split("/")[3].split("?")[0]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    # -- plumbing ------------------------------------------------------------------

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bindir / tool), *args]
        if self.user is not None:
            cmd = ["runuser", "-u", self.user.pw_name, "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=self.root)
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stderr.strip()}\n{tail}")


def _reap_orphans(bindir: Path) -> None:
    """Stop servers left by test runs that were killed before their clean-up ran.

    Only servers whose owning process is gone: other sessions' live servers are left alone.
    """
    for owner in glob.glob(os.path.join(tempfile.gettempdir(), "newsfold-pg-*", "owner.pid")):
        root = Path(owner).parent
        try:
            if _alive(int(Path(owner).read_text())):
                continue
        except (ValueError, OSError):
            continue  # unreadable, or owned by another user: not ours to judge
        orphan = PgServer.__new__(PgServer)
        orphan.bindir, orphan.root, orphan.data = bindir, root, root / "data"
        orphan.sockets, orphan.user = root / "sockets", _server_user()
        try:
            orphan.stop()
        except RuntimeError:
            shutil.rmtree(root, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a killed process nobody reaped (PID 1 of a container may not) is a zombie: gone too
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _server_user() -> pwd.struct_passwd | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root and neither a postgres nor a nobody user exists to run PostgreSQL")


def _pairs(flags: list[str]) -> list[str]:
    return [f"{flag} {value}" for flag, value in zip(flags[::2], flags[1::2])]


def start_or_reason() -> tuple[PgServer | None, str]:
    """A started server, or None and why not (for a clear pytest skip)."""
    bindir = find_bindir()
    if bindir is None:
        return None, MISSING
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return None, "psycopg not installed: pip install -e '.[postgres]'"
    server = PgServer(bindir)
    try:
        return server.start(), ""
    except Exception:
        server.stop()
        raise


if __name__ == "__main__":
    server, why = start_or_reason()
    if server is None:
        raise SystemExit(why)
    print(f"PostgreSQL running: newsfold --db '{server.create_database('newsfold')}' ...  (Ctrl-C stops it)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
