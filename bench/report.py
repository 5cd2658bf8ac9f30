"""bench/run.py's verdicts: each workload against the issue's targets, printed as one table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from loadgen import Result

TARGET_RSS_MB = 150.0
#: Warm pages (the same address again and again): at least this share of fortunes' rps ...
WARM_RPS_RATIO = 0.5
#: ... with a p99 under this many times fortunes' p99.
WARM_P99_RATIO = 2.0
#: Cold workloads (each address about once): the least share of fortunes' rps, and the p99 ceiling.
COLD_RPS_RATIO = {"cold product pages": 0.25, "cold searches": 0.20, "cold filtered listings": 0.20}
COLD_P99_MS = 50.0
SUGGEST_P99_MS = 10.0


@dataclass
class Verdict:
    ok: bool
    target: str


def judge(name: str, result: Result, base: Result) -> Verdict:
    rps_ratio = result.rps / base.rps if base.rps else 0.0
    if result.errors:
        return Verdict(False, "no errors")
    if name == "fortunes":
        return Verdict(True, "")
    if name in COLD_RPS_RATIO:
        floor = COLD_RPS_RATIO[name]
        return Verdict(rps_ratio >= floor and result.p99_ms <= COLD_P99_MS, f">= {floor} x, p99 <= {COLD_P99_MS:.0f}")
    if name.startswith("type-ahead") and "connections" in name:
        return Verdict(result.p99_ms < SUGGEST_P99_MS, f"p99 < {SUGGEST_P99_MS:.0f} ms")
    if name.startswith("type-ahead"):
        return Verdict(True, "(throughput; latency below)")
    p99_ratio = result.p99_ms / base.p99_ms if base.p99_ms else float("inf")
    return Verdict(
        rps_ratio >= WARM_RPS_RATIO and p99_ratio < WARM_P99_RATIO, f">= {WARM_RPS_RATIO} x, p99 < {WARM_P99_RATIO} x"
    )


def print_report(
    results: dict[str, Result],
    reused: dict[str, bool],
    memory: dict[str, list[float]],
    context: dict[str, Any],
) -> bool:
    base = results["fortunes"]
    print(
        f"\n{context['database']} with {context['products']:,} products; gunicorn: {context['workers']} "
        f"{context['worker_class']} workers x {context['threads']} threads, {context['connections']} connections, "
        f"{context['duration']:.0f} s per workload, best of {context['rounds']} rounds; "
        f"load average {context['load_before']} before, {context['load_after']} after\n"
    )
    header = (
        f"{'workload':<34}{'rps':>8}{'p50 ms':>8}{'p99 ms':>8}{'rps/fort':>9}{'p99/fort':>9}{'errors':>7}"
        f"{'cpu ms':>8}  {'target':<24}verdict"
    )
    print(header)
    print("-" * len(header))
    passed = True
    for name, result in results.items():
        verdict = judge(name, result, base)
        passed &= verdict.ok
        rps_ratio = result.rps / base.rps if base.rps else 0.0
        p99_ratio = result.p99_ms / base.p99_ms if base.p99_ms else float("inf")
        note = " (addresses reused)" if reused.get(name) else ""
        print(
            f"{name:<34}{result.rps:>8.0f}{result.p50_ms:>8.1f}{result.p99_ms:>8.1f}{rps_ratio:>9.3f}"
            f"{p99_ratio:>9.2f}{result.errors:>7}{result.cpu_ms:>8.2f}  {verdict.target:<24}"
            f"{'pass' if verdict.ok else 'FAIL'}{note}"
        )
    print(
        "(cpu ms: the workers' CPU time per request, steadier than rps when others share the machine.\n"
        " Warm: one address again and again. Cold: distinct addresses from the whole catalogue, each about once.)\n"
    )
    for server, sizes in memory.items():
        worst = max(sizes, default=0.0)
        ok = bool(sizes) and worst < TARGET_RSS_MB
        passed &= ok or server == "fortunes"
        listed = ", ".join(f"{s:.0f}" for s in sizes)
        print(f"{server} worker RSS (MB): {listed}  {'pass' if ok else 'FAIL'} (target < {TARGET_RSS_MB:.0f})")
    print(f"\nOverall: {'PASS' if passed else 'FAIL'}")
    return passed
