"""The engines that run the shards: local worker processes, or a Dask cluster."""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import threading
import time
from typing import Any

from ..errors import DienbienError, Errors
from .shards import ShardJob
from .worker import _LOCK, _pipeline, tag_shard


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:  # the run was killed: stop at once, nothing of ours is half-written
            os._exit(1)


def _init_local_worker(parent: int) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the run, which stops its workers itself
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    with _LOCK:
        _pipeline()


class _LocalEngine:
    """Worker processes on this machine (``spawn``ed: a clean interpreter each, as on a cluster)."""

    name = "local"

    def __init__(self, n_process: int) -> None:
        import multiprocessing

        self.workers = n_process
        self.pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=n_process,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_local_worker,
            initargs=(os.getpid(),),
        )

    def submit(self, job: ShardJob) -> Any:
        return self.pool.submit(tag_shard, job)

    def wait(self, futures: list[Any]) -> list[Any]:
        done, _ = concurrent.futures.wait(futures, return_when=concurrent.futures.FIRST_COMPLETED)
        return list(done)

    def close(self, ok: bool) -> None:
        if ok:
            self.pool.shutdown(wait=True)
            return
        procs = list(getattr(self.pool, "_processes", {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for p in procs:
            with contextlib.suppress(Exception):
                p.kill()
        for p in procs:
            with contextlib.suppress(Exception):
                p.join(5)


class _DaskEngine:
    """The workers of a ``dask.distributed`` scheduler; the client sends texts and receives the rows."""

    name = "dask"

    def __init__(self, address: str, timeout: float) -> None:
        try:
            from distributed import Client
        except ImportError as err:
            raise DienbienError(Errors.E083.format(detail=str(err))) from None
        import logging

        from distributed.comm.addressing import parse_address, parse_host_port
        from distributed.comm.registry import get_backend

        try:  # a malformed address fails here, at once (a Client would take seconds to give up on it)
            protocol, location = parse_address(address)
            get_backend(protocol)
            if protocol != "inproc":
                parse_host_port(location)
        except (ValueError, TypeError) as err:
            raise DienbienError(
                Errors.E082.format(
                    address=address, detail=f"not a scheduler address ({err}); give one like tcp://10.0.0.5:8786"
                )
            ) from None
        quiet = [
            logging.getLogger(n) for n in ("distributed", "distributed.client", "distributed.core", "distributed.comm")
        ]
        levels = [lg.level for lg in quiet]
        for lg in quiet:
            lg.setLevel(logging.CRITICAL)  # the one error line below says it all
        try:
            self.client = Client(address, timeout=f"{timeout}s", set_as_default=False)
        except Exception as err:  # noqa: BLE001  (unreachable, refused, malformed: one line for all)
            raise DienbienError(
                Errors.E082.format(address=address, detail=f"cannot connect ({type(err).__name__}: {err})")
            ) from None
        finally:
            for lg, level in zip(quiet, levels, strict=True):
                lg.setLevel(level)
        try:
            self.client.wait_for_workers(1, timeout=timeout)
        except Exception:  # noqa: BLE001
            self.client.close()
            raise DienbienError(
                Errors.E082.format(address=address, detail=f"the scheduler has no worker (waited {timeout:g} s)")
            ) from None
        info = (
            self.client.scheduler_info(n_workers=-1)
            if _accepts_n_workers(self.client)
            else self.client.scheduler_info()
        )
        self.workers = max(1, sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values()))

        from distributed import as_completed

        self.finished = as_completed(loop=self.client.loop, raise_errors=False)

    def submit(self, job: ShardJob) -> Any:
        fut = self.client.submit(tag_shard, job, pure=False, retries=0)
        self.finished.add(fut)
        return fut

    def wait(self, futures: list[Any]) -> list[Any]:
        return [next(self.finished)]

    def close(self, ok: bool) -> None:
        with contextlib.suppress(Exception):
            self.client.close()


def _accepts_n_workers(client: Any) -> bool:
    import inspect

    return "n_workers" in inspect.signature(client.scheduler_info).parameters
