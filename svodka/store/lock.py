"""One writer at a time per store: a lock file beside it, held while a run, a correction or a
served page writes; a second writer waits, and says what it waits for."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: SQLite's own locking is all there is
    fcntl = None


def lock_path(db: str | os.PathLike) -> Path:
    return Path(str(db) + ".lock")


@contextmanager
def writer_lock(db: str | os.PathLike, on_wait: Callable[[str], None] = lambda _: None) -> Iterator[None]:
    """Hold the store's writer lock for the block; when another process holds it, tell
    ``on_wait`` once and wait for it (the lock goes with its process, even one killed)."""
    if fcntl is None:
        yield
        return
    path = lock_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip()
            on_wait(f"{db} is being written by another svodka process{f' ({holder})' if holder else ''}; "
                    "waiting for it to finish")
            fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}\n")
        fh.flush()
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
