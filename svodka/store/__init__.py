"""Store: the only place with SQL. SQLite by default."""
from svodka.store.lock import writer_lock
from svodka.store.sqlite import SqliteStore

__all__ = ["SqliteStore", "writer_lock"]
