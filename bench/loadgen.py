"""Load generators for bench/run.py, aimed at 127.0.0.1 only and bounded in time: wrk, or plain asyncio."""

from __future__ import annotations

import asyncio
import re
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

MAX_REQUESTS = 2_000_000  # a ceiling as well as the time limit


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx answers and socket errors
    cpu_ms: float = 0.0  # the server workers' CPU time per request, filled in by run.py


def _check_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    if not host.startswith("127.") and host not in {"localhost", "::1"}:
        raise ValueError(f"the benchmark only loads loopback addresses, not {host!r}")


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * _UNITS[unit]


def run_wrk(url: str, duration: float, connections: int, paths: Sequence[str] = ()) -> Result:
    """wrk on `url`; with `paths`, each request asks for the next of them on that host instead."""
    _check_loopback(url)
    script: list[str] = []
    if paths:
        handle = tempfile.NamedTemporaryFile("w", suffix=".txt", prefix="bench-paths-", delete=False)  # noqa: SIM115
        with handle:
            handle.write("\n".join(paths) + "\n")
        script = ["-s", str(Path(__file__).with_name("paths.lua")), url, "--", handle.name]
    command = [
        "wrk",
        "--latency",
        "-t",
        "1",
        "-c",
        str(connections),
        "-d",
        f"{max(1, round(duration))}s",
        "--timeout",
        "10s",
        *(script or [url]),
    ]
    try:
        output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=duration + 60).stdout
    finally:
        if paths:
            Path(script[-1]).unlink(missing_ok=True)
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    if not percentiles:  # not one answer in time
        return Result(rps=0.0, p50_ms=float("inf"), p99_ms=float("inf"), requests=requests, errors=max(1, requests))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
    return Result(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=_ms(percentiles["50"]),
        p99_ms=_ms(percentiles["99"]),
        requests=requests,
        errors=errors,
    )


async def _one(host: str, port: int, request: bytes) -> bool:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(request)
        await writer.drain()
        status_line = await reader.readline()
        await reader.read()  # Connection: close, so the body ends at EOF
        return status_line.split(b" ", 2)[1:2] == [b"200"]
    finally:
        writer.close()


async def _load(url: str, duration: float, connections: int, paths: Sequence[str]) -> Result:
    parts = urlsplit(url)
    targets = list(paths) or [parts.path + (f"?{parts.query}" if parts.query else "")]
    requests = [
        f"GET {t} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\nAccept-Encoding: identity\r\n\r\n".encode()
        for t in targets
    ]
    sent = 0
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + duration

    async def client() -> None:
        nonlocal errors, sent
        while time.perf_counter() < deadline and len(latencies) + errors < MAX_REQUESTS:
            request = requests[sent % len(requests)]
            sent += 1
            started = time.perf_counter()
            try:
                ok = await asyncio.wait_for(_one(parts.hostname or "127.0.0.1", parts.port or 80, request), 10)
            except (TimeoutError, OSError):
                ok = False
            if ok:
                latencies.append((time.perf_counter() - started) * 1000)
            else:
                errors += 1

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    elapsed = time.perf_counter() - began
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else float("inf")

    return Result(
        rps=len(latencies) / elapsed, p50_ms=pct(0.50), p99_ms=pct(0.99), requests=len(latencies), errors=errors
    )


def run_python(url: str, duration: float, connections: int, paths: Sequence[str] = ()) -> Result:
    _check_loopback(url)
    return asyncio.run(_load(url, duration, connections, paths))


def time_one(url: str, timeout: float = 120) -> float:
    """Milliseconds for one request, answered in full (for cold, first-time requests)."""
    _check_loopback(url)
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310  loopback http, checked above
        response.read()
    return (time.perf_counter() - started) * 1000
