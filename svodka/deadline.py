"""A bound on the time one page may take, so that one pathological page cannot stall a run."""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from svodka.errors import Rejected

# Extraction and enrichment of the slowest DAnIEL page take under 2 s; a minute is a page gone wrong.
PAGE_SECONDS = 60.0


class _Expired(Exception):
    pass


def _expire(signum, frame) -> None:
    raise _Expired


@contextmanager
def deadline(source: str, seconds: float = PAGE_SECONDS) -> Iterator[None]:
    """Raise ``Rejected(source, "too-slow")`` when the block runs past ``seconds``. It needs the
    main thread's alarm signal: elsewhere (the server's worker threads) the size and element
    bounds of ``svodka.extract.bounds`` are the only ones."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    before = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise Rejected(source, "too-slow", f"reading the page took more than {seconds:.0f} s; "
                       "it is skipped (a page this slow is rarely a news article)") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)
