"""`eventwire code --dask SCHEDULER`: the same pipeline on a Dask cluster.

Workers read their own input partitions (`partitions.py`), load the models once per process
(`workers.worker_coder`) and either write their partition of Parquet themselves (a directory output,
which must be on a file system every worker and the client see: a cluster's shared disk or an
object store URL) or send its event records back to the client as JSON Lines, which it writes in
input order. No document text travels back. A failed partition is retried (`retries`), then
reported and left out; a rerun into the same directory skips every partition already written and
codes only the rest.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from eventwire.config import Config
from eventwire.errors import EventwireError, InputError
from eventwire.fingerprint import coder_fingerprint
from eventwire.readers.base import ReadOptions
from eventwire.scale.output import partition_done, partition_name, write_partition
from eventwire.scale.partitions import (
    BLOCK_SIZE,
    Partition,
    partition_key,
    plan_partitions,
    read_partition,
)
from eventwire.scale.workers import ChunkResult, problem_message, worker_coder

log = logging.getLogger(__name__)

#: Partitions in flight per worker when results come back to the client (JSON Lines output).
PARTITIONS_PER_WORKER = 2
#: Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, to hand freed memory back to the
#: system early. Setting it turns glibc's adaptive thresholds off, and coding then maps, faults in
#: and unmaps its large arrays over and over: about 20% more CPU per document (bench/README.md,
#: "Scale"). A local cluster's workers start without it, as `--workers` processes do; their memory
#: stays bounded by the models and one partition either way.
LOCAL_CLUSTER_CONFIG = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


@dataclass(frozen=True)
class DaskOptions:
    scheduler: str = "local"  # "local" for a LocalCluster on this machine, else the scheduler's address
    workers: int = 2  # processes of a local cluster
    retries: int = 2  # attempts after the first, per partition
    block_size: int = BLOCK_SIZE
    processes: bool = True  # local cluster workers as processes (threads only in tests)


def code_partition(partition: Partition, config: Config, clean: bool, text_column: str | None,
                   directory: str | None, name: str | None) -> tuple[str, ChunkResult]:
    """Read, prepare and code one partition on a worker. With a directory the worker writes it; else
    its events come back as JSON Lines. Either way no document text travels back to the client."""
    import os
    import socket

    problems: list[InputError] = []
    documents = list(read_partition(partition, problems.append, ReadOptions(text_column=text_column)))
    result = worker_coder(config, clean).run(documents)
    result.problems[:0] = [problem_message(p) for p in problems]
    if directory is not None and name is not None:
        write_partition(directory, name, result.coded)
    return f"{socket.gethostname()}:{os.getpid()}", result.without_documents(lines=directory is None)


def open_client(options: DaskOptions):
    from dask.distributed import Client, LocalCluster

    # The scheduler's and workers' INFO lines would drown the run's own summary on stderr.
    for name in ("distributed", "tornado"):
        if not logging.getLogger("eventwire").isEnabledFor(logging.DEBUG):
            logging.getLogger(name).setLevel(logging.WARNING)
    if options.scheduler == "local":
        import dask

        with dask.config.set(LOCAL_CLUSTER_CONFIG):
            cluster = LocalCluster(n_workers=options.workers, threads_per_worker=1, processes=options.processes,
                                   dashboard_address=None)
        return Client(cluster), cluster
    return Client(options.scheduler), None


def code_on_dask(
    inputs: list[str], config: Config, options: DaskOptions, clean: bool = True, text_column: str | None = None,
    directory: str | Path | None = None, on_plan: Callable[[list[str], int], None] | None = None,
    on_failure: Callable[[Partition, BaseException], None] | None = None,
) -> Iterator[tuple[str, ChunkResult]]:
    """Chunk results per partition: with `directory` in any order, the records already written there
    (`on_plan` hears every partition's name and how many were done before); else in input order,
    with the records as JSON Lines."""
    from dask.distributed import as_completed

    partitions = plan_partitions(inputs, options.block_size)
    if not partitions:
        raise EventwireError(f"no input files found in {', '.join(inputs)}")
    coder = coder_fingerprint(config)  # once per run: every partition key carries it
    names = [partition_name(i, partition_key(p, config, clean, coder)) for i, p in enumerate(partitions)]
    todo = [(p, n) for p, n in zip(partitions, names) if directory is None or not partition_done(directory, n)]
    if on_plan is not None:
        on_plan(names, len(partitions) - len(todo))
    client, cluster = open_client(options)
    try:
        target = str(directory) if directory is not None else None

        def submit(partition: Partition, name: str):
            return client.submit(code_partition, partition, config, clean, text_column, target, name,
                                 retries=options.retries, pure=False, key=f"eventwire-{name}")

        if directory is not None:
            # Each worker writes its own partitions: no records pass through the client, any order will do.
            futures = {submit(p, n): p for p, n in todo}
            done = ((future, futures[future]) for future in as_completed(futures))
        else:
            done = in_order([(submit, p, n) for p, n in todo],
                            max(1, len(client.scheduler_info().get("workers", {})) or options.workers) * PARTITIONS_PER_WORKER)
        for future, partition in done:
            result = _result(future, partition, on_failure)
            if result is not None:
                yield result
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def in_order(tasks, window: int):
    """(future, partition) in input order, at most `window` submitted ahead of the one awaited: the
    client holds a few partitions' records, never the corpus."""
    queue: deque = deque()
    for submit, partition, name in tasks:
        queue.append((submit(partition, name), partition))
        if len(queue) >= window:
            yield queue.popleft()
    while queue:
        yield queue.popleft()


def _result(future, partition: Partition, on_failure) -> tuple[str, ChunkResult] | None:
    try:
        return future.result()
    except Exception as error:  # a partition that failed every retry: reported, and a rerun tries it again
        log.debug("partition %s failed", partition.describe(), exc_info=True)
        if on_failure is None:
            raise
        on_failure(partition, error)
        return None
