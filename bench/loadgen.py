"""A bounded HTTP load generator: ``python -m bench.loadgen`` reads a JSON spec on stdin.

Spec: {"host", "port", "requests": [raw HTTP request text, ...] (used round-robin),
"concurrency", "seconds", "warmup"}. Every connection sends one request and reads to EOF
(gunicorn's sync workers close after each answer). Prints JSON: completed requests per
second, latency percentiles in ms, and status counts.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
import time


async def _one(host: str, port: int, raw: bytes) -> tuple[int, float]:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(raw)
    data = await reader.read()
    writer.close()
    status = int(data[9:12]) if data[:5] == b"HTTP/" else 0
    return status, time.perf_counter() - started


async def _client(spec, requests, deadline, latencies, statuses, record) -> None:
    while time.perf_counter() < deadline:
        try:
            status, seconds = await _one(spec["host"], spec["port"], next(requests))
        except OSError:
            status, seconds = -1, 0.0
        if record[0]:
            latencies.append(seconds)
            statuses[status] = statuses.get(status, 0) + 1


async def run(spec: dict) -> dict:
    raws = [r.encode("latin-1") for r in spec["requests"]]
    requests = itertools.cycle(raws)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    record = [False]
    warmup, seconds = float(spec.get("warmup", 0.5)), float(spec["seconds"])
    begin = time.perf_counter()
    deadline = begin + warmup + seconds
    clients = [
        asyncio.create_task(_client(spec, requests, deadline, latencies, statuses, record))
        for _ in range(int(spec["concurrency"]))
    ]
    await asyncio.sleep(warmup)
    record[0] = True
    measured_from = time.perf_counter()
    await asyncio.gather(*clients)
    elapsed = time.perf_counter() - measured_from
    ok = sum(n for status, n in statuses.items() if 200 <= status < 400)
    latencies.sort()

    def pct(p: float) -> float:
        return (
            latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else 0
        )

    return {
        "rate": ok / elapsed if elapsed else 0.0,
        "p50": pct(0.50),
        "p99": pct(0.99),
        "statuses": {str(k): v for k, v in statuses.items()},
    }


def request_text(
    method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> str:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return "\r\n".join(lines) + "\r\n\r\n" + body.decode("latin-1")


if __name__ == "__main__":
    print(json.dumps(asyncio.run(run(json.load(sys.stdin)))))
