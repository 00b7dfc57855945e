"""A small, bounded HTTP load generator for loopback benchmarks.

Each client is a thread with its own keep-alive connection (http.client reopens it when the
server closes it, as gunicorn's sync workers do after every response). Clients run in
several processes so that the generator is not limited by one interpreter lock. Pages
behind sign-in are hit with a session cookie made by the bench (`cookie`); the cookies the
server sets are not kept, so every client stays the same signed-in person.
"""

import http.client
import multiprocessing
import statistics
import threading
import time
from dataclasses import dataclass, field

LOOPBACK = "127.0.0.1"
# A hard cap per client so that a runaway loop cannot go on for ever.
MAX_REQUESTS_PER_CLIENT = 200_000


@dataclass
class LoadResult:
    path: str
    requests: int = 0
    errors: int = 0
    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    bytes: int = 0

    @property
    def rps(self) -> float:
        return self.requests / self.elapsed if self.elapsed else 0.0

    def percentile_ms(self, pct: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
        return ordered[index] * 1000

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else 0.0

    @property
    def p95_ms(self) -> float:
        return self.percentile_ms(95)


def _client(port, path, start_at, stop_at, out, lock, cookie=""):
    latencies = []
    statuses: dict[int, int] = {}
    size = 0
    finished = start_at
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
    headers = {"Host": LOOPBACK, "Accept": "text/html", "Accept-Encoding": "identity"}
    if cookie:
        headers["Cookie"] = cookie
    try:
        while time.perf_counter() < start_at:
            time.sleep(0.001)
        for _ in range(MAX_REQUESTS_PER_CLIENT):
            began = time.perf_counter()
            if began >= stop_at:
                break
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                body = response.read()
                status = response.status
                if response.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException):
                conn.close()
                status = 0
                body = b""
            finished = time.perf_counter()
            latencies.append(finished - began)
            statuses[status] = statuses.get(status, 0) + 1
            size += len(body)
    finally:
        conn.close()
        with lock:
            out.append((latencies, statuses, size, finished))


def _process(port, path, clients, start_at, stop_at, queue, cookie=""):
    out: list = []
    lock = threading.Lock()
    threads = [
        threading.Thread(target=_client, args=(port, path, start_at, stop_at, out, lock, cookie))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(out)


def run_load(
    port: int,
    path: str,
    *,
    concurrency: int = 10,
    duration: float = 5.0,
    processes: int = 2,
    cookie: str = "",
) -> LoadResult:
    """Hit http://127.0.0.1:<port><path> with `concurrency` clients for `duration` seconds
    (sending `cookie`, "name=value", when given)."""
    processes = max(1, min(processes, concurrency))
    per_process = [
        concurrency // processes + (i < concurrency % processes) for i in range(processes)
    ]
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    # Every client starts at the same instant, once all processes are up.
    start_at = time.perf_counter() + 0.3
    stop_at = start_at + duration
    workers = [
        ctx.Process(
            target=_process, args=(port, path, n, start_at, stop_at, queue, cookie), daemon=True
        )
        for n in per_process
    ]
    for worker in workers:
        worker.start()
    result = LoadResult(path=path)
    last_finished = stop_at
    try:
        for _ in workers:
            for latencies, statuses, size, finished in queue.get(timeout=duration + 120):
                last_finished = max(last_finished, finished)
                result.latencies.extend(latencies)
                result.bytes += size
                for status, count in statuses.items():
                    result.statuses[status] = result.statuses.get(status, 0) + count
    finally:
        for worker in workers:
            worker.join(timeout=10)
            if worker.is_alive():
                worker.terminate()
    # Requests in flight at stop_at finish after it: count them all over the time the last
    # one took to complete, so that rps is never flattered.
    result.requests = len(result.latencies)
    result.errors = sum(count for status, count in result.statuses.items() if status != 200)
    result.elapsed = last_finished - start_at
    return result


def merge(results: list[LoadResult]) -> LoadResult:
    """Several runs of one path as one: total requests over total time."""
    merged = LoadResult(path=results[0].path if results else "")
    for result in results:
        merged.requests += result.requests
        merged.errors += result.errors
        merged.elapsed += result.elapsed
        merged.bytes += result.bytes
        merged.latencies.extend(result.latencies)
        for status, count in result.statuses.items():
            merged.statuses[status] = merged.statuses.get(status, 0) + count
    return merged
