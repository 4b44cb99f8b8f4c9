"""Small helpers shared by the benchmark and the load test: percentiles, memory."""

from __future__ import annotations

import math
import statistics
import threading
import time

import psutil


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 25 values is the 24th smallest)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def mb(nbytes: float) -> float:
    return round(nbytes / 1024 / 1024, 1)


class RssSampler:
    """Samples the resident memory of a process tree in a thread and keeps the peak per
    process (by role: the root and its children) until ``stop``."""

    def __init__(self, root_pid: int, interval: float = 0.2):
        self.root_pid = root_pid
        self.interval = interval
        self.peaks: dict[int, int] = {}
        self.names: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> RssSampler:
        self._thread.start()
        return self

    def stop(self) -> dict[int, int]:
        self._stop.set()
        self._thread.join(timeout=5)
        return self.peaks

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                root = psutil.Process(self.root_pid)
                for process in [root, *root.children(recursive=True)]:
                    try:
                        rss = process.memory_info().rss
                    except psutil.Error:
                        continue
                    self.peaks[process.pid] = max(rss, self.peaks.get(process.pid, 0))
                    self.names.setdefault(
                        process.pid, "root" if process.pid == self.root_pid else "child"
                    )
            except psutil.Error:
                pass
            time.sleep(self.interval)

    def summary(self) -> dict:
        children = [rss for pid, rss in self.peaks.items() if pid != self.root_pid]
        return {
            "root_peak_mb": mb(self.peaks.get(self.root_pid, 0)),
            "child_peak_mb": [mb(rss) for rss in sorted(children, reverse=True)],
            "max_child_peak_mb": mb(max(children, default=0)),
        }
