"""Read snapshots: how `serve` (and every read-only `Store`) reads while `thucydides run` writes.

DuckDB lets one process write a file and no other process even read it meanwhile. So readers never open the
database itself: the writer owns `news.duckdb`, and after a write transaction it publishes a copy of the file,
checkpointed and complete, into `news.duckdb.snapshots/`:

    news.duckdb.snapshots/CURRENT            JSON: {"file": "<name>.duckdb", "source": signature of news.duckdb}
    news.duckdb.snapshots/<name>.duckdb      the snapshots (the newest few; older ones are deleted)
    news.duckdb.snapshots/writer.lock        flock: shared while a writer has unpublished changes

A snapshot is copied while the writer still holds its connection (so no one writes in between), under a
temporary name, then renamed into place, and CURRENT is replaced by rename: a reader sees the old snapshot or
the new one, never half of one, and so never an article without its events. A reader that holds a snapshot
open keeps reading it after it is replaced or deleted (POSIX keeps an open file's data).

Publishing costs one file copy, so a writer publishes after a write only when the time since its last publish
is at least ten times what the last copy took (a big file is published less often; the copy stays under ~10%
of the run), and always at the end of a run. A reader that finds CURRENT older than the database (a writer
that died before publishing, a database written by an older version or by hand) publishes a fresh one itself,
but only when no writer holds unpublished changes (writer.lock free): otherwise it reads the snapshot it has,
and the writer publishes soon. Issue 12's Dask workers fit this: they write Parquet partitions, the one writer
merges them into the database and publishes.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

KEEP = 2  # snapshots kept: the current one and the one before (a reader that read CURRENT just before a
#          publish still finds its file; one that lost the race looks again, see Store._read_connection)


@dataclass(frozen=True)
class Source:
    """What the database file looked like when a snapshot was copied from it: a changed file is newer."""

    size: int
    mtime_ns: int
    inode: int
    wal: bool  # a write-ahead log beside it (committed changes not yet checkpointed)

    @classmethod
    def of(cls, db: Path) -> Source | None:
        try:
            st = os.stat(db)
        except FileNotFoundError:
            return None
        return cls(st.st_size, st.st_mtime_ns, st.st_ino, os.path.exists(_wal(db)))


@dataclass(frozen=True)
class Published:
    """The current snapshot: its file and the database it was copied from."""

    path: Path
    source: Source | None


class Snapshots:
    """The snapshot folder of one database file."""

    def __init__(self, db: Path):
        self.db = db
        self.dir = db.with_name(db.name + ".snapshots")
        self._current = self.dir / "CURRENT"
        self._cache: tuple[tuple[int, int, int], Published] | None = None
        self._cache_lock = threading.Lock()

    def current(self) -> Published | None:
        """The published snapshot, or None (none yet). CURRENT is parsed again only when it changed."""
        try:
            st = os.stat(self._current)
        except FileNotFoundError:
            return None
        key = (st.st_ino, st.st_mtime_ns, st.st_size)
        with self._cache_lock:
            if self._cache and self._cache[0] == key:
                return self._cache[1]
        try:
            data = json.loads(self._current.read_text(encoding="utf-8"))
            source = Source(**data["source"]) if data.get("source") else None
            published = Published(self.dir / Path(data["file"]).name, source)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # unreadable: treated as no snapshot, and the next publish replaces it
        with self._cache_lock:
            self._cache = (key, published)
        return published

    def is_fresh(self, published: Published) -> bool:
        """True when the database has not changed since `published` was copied from it."""
        return published.source is not None and published.source == Source.of(self.db)

    def publish(self) -> Published:
        """Copy the database (and its write-ahead log, if any) into a new snapshot and make it current.
        The caller holds a DuckDB connection to the database, so that no one writes during the copy."""
        self.dir.mkdir(exist_ok=True)
        source = Source.of(self.db)
        name = f"{time.time_ns():020d}-{os.getpid()}-{threading.get_ident() % 100000}.duckdb"
        target = self.dir / name
        tmp = self.dir / (name + ".tmp")
        shutil.copyfile(self.db, tmp)  # copy_file_range on Linux: no round trip through Python
        if source is not None and source.wal:
            shutil.copyfile(_wal(self.db), _wal(target))
        os.replace(tmp, target)
        record = {"file": name, "source": asdict(source) if source else None}
        current_tmp = self.dir / f"CURRENT.{name}.tmp"
        current_tmp.write_text(json.dumps(record), encoding="utf-8")
        os.replace(current_tmp, self._current)
        self._prune(keep=name)
        return Published(target, source)

    def _prune(self, keep: str) -> None:
        snapshots = sorted(p for p in self.dir.glob("*.duckdb") if p.name != keep)
        for old in snapshots[:max(0, len(snapshots) - (KEEP - 1))]:
            for path in (old, _wal(old)):
                try:
                    path.unlink()
                except FileNotFoundError:
                    pass  # another process pruned it first

    # ---- the writer lock (flock: per open file, so two Stores of one process do not share it) ----
    def hold_as_writer(self, timeout: float) -> WriterLock:
        """Shared hold of writer.lock (several writers may hold it; a refreshing reader waits for none)."""
        return WriterLock(self.dir, fcntl.LOCK_SH, timeout)

    def try_hold_as_refresher(self) -> WriterLock | None:
        """Exclusive hold of writer.lock when no writer has unpublished changes, else None at once."""
        try:
            return WriterLock(self.dir, fcntl.LOCK_EX, 0.0)
        except TimeoutError:
            return None


class WriterLock:
    """A held flock on `dir/writer.lock`; release() (or process exit) lets it go."""

    def __init__(self, folder: Path, mode: int, timeout: float):
        folder.mkdir(exist_ok=True)
        self._fd: int | None = os.open(folder / "writer.lock", os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + timeout
        delay = 0.005
        while True:
            try:
                fcntl.flock(self._fd, mode | fcntl.LOCK_NB)
                return
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                    self.release()
                    raise
            if time.monotonic() >= deadline:
                self.release()
                raise TimeoutError(f"{folder / 'writer.lock'} is held by another process")
            time.sleep(delay)
            delay = min(delay * 2, 0.2)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file releases the flock
            self._fd = None

    def __del__(self) -> None:  # a Store dropped without close() must not keep readers on a stale snapshot
        self.release()


class ReadPool:
    """Read-only connections to the current snapshot, shared by the threads of one process.

    One DuckDB instance per snapshot (opening one costs ~20 ms and throws away its cache); each call gets its
    own cursor on it (DuckDB cursors are safe to use one per thread). When a newer snapshot is current, new
    calls go to it and the older instance is closed once its last cursor is done."""

    def __init__(self, config: dict[str, Any] | None = None):
        self._config = config or {}
        self._lock = threading.Lock()
        self._open: dict[Path, list[Any]] = {}  # snapshot -> [connection, cursors out, info]
        self._newest: Path | None = None

    @contextmanager
    def cursor(self, snapshot: Path, check: Any = None) -> Iterator[Any]:
        """A cursor on `snapshot`; `check(connection)` runs once on each newly opened snapshot and its
        result is kept as the entry's info (see `info`)."""
        import duckdb

        with self._lock:
            entry = self._open.get(snapshot)
            if entry is None:
                con = duckdb.connect(str(snapshot), read_only=True, config=self._config)
                try:
                    info = check(con) if check else None
                except BaseException:
                    con.close()
                    raise
                entry = self._open[snapshot] = [con, 0, info]
                old, self._newest = self._newest, snapshot
                if old is not None and old != snapshot:
                    self._retire(old)
            entry[1] += 1
            cur = entry[0].cursor()
        try:
            yield cur, entry[2]
        finally:
            cur.close()
            with self._lock:
                entry[1] -= 1
                if snapshot != self._newest:
                    self._retire(snapshot)

    def _retire(self, snapshot: Path) -> None:
        entry = self._open.get(snapshot)
        if entry is not None and entry[1] == 0:
            del self._open[snapshot]
            entry[0].close()

    def close(self) -> None:
        with self._lock:
            for con, _, _ in self._open.values():
                con.close()
            self._open.clear()
            self._newest = None


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")
