"""Turning the load generators' raw records into figures, tables and plots."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

PCTS = (50, 95, 99)


def pct(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (``values`` need not be sorted)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def summary_ms(values: list[float]) -> dict[str, float | None]:
    out: dict[str, float | None] = {f"p{p}": _ms(pct(values, p)) for p in PCTS}
    out["max"] = _ms(max(values)) if values else None
    out["n"] = len(values)
    return out


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 2)


def analyse(topology: dict[str, Any], parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Merge the processes' records of one measurement and compute the figures.

    A post's expected recipients are the other phones at its table that are connected and
    its session's facilitator and projector. Its fan-out latency is from the emit until the
    last of them has it; a post some recipient never got counts as lost for that recipient.
    """
    table_of: dict[int, tuple[Any, int]] = {}
    members: dict[tuple[Any, int], list[int]] = defaultdict(list)
    watchers_of: dict[Any, list[int]] = defaultdict(list)
    for phone in topology["phones"]:
        key = (phone["session"], phone["table"])
        table_of[phone["idx"]] = key
        members[key].append(phone["idx"])
    for watcher in topology["watchers"]:
        watchers_of[watcher["session_id"]].append(watcher["idx"])
    connected = {j[0] for part in parts for j in part["joins"] if j[3]}
    joins = [j for part in parts for j in part["joins"] if j[3]]
    sends = [s for part in parts for s in part["sends"]]
    received: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for part in parts:
        for receiver, client_id, t in part["recvs"]:
            received[client_id].append((receiver, t))

    acks, fanouts, deliveries, emit_times, fanout_points = [], [], [], [], []
    expected_total = delivered = lost = duplicates = stray = failed = 0
    lag = []
    for idx, client_id, _phase, t_sched, t_emit, t_ack, ok in sends:
        lag.append(t_emit - t_sched)
        if not ok:
            failed += 1
            continue
        acks.append(t_ack - t_emit)
        emit_times.append(t_emit)
        key = table_of[idx]
        expected = {m for m in members[key] if m != idx and m in connected}
        expected |= set(watchers_of[key[0]])
        got = Counter(r for r, _ in received.get(client_id, []))
        first: dict[int, float] = {}
        for receiver, t in received.get(client_id, []):
            first[receiver] = min(t, first.get(receiver, t))
        expected_total += len(expected)
        for receiver, count in got.items():
            if receiver not in expected:
                stray += count
            elif count > 1:
                duplicates += count - 1
        hit = [first[r] for r in expected if r in first]
        delivered += len(hit)
        lost += len(expected) - len(hit)
        deliveries.extend(t - t_emit for t in hit)
        if len(hit) == len(expected) and hit:
            fanouts.append(max(hit) - t_emit)
            fanout_points.append((t_emit, max(hit) - t_emit))
    t0 = min(emit_times) if emit_times else 0.0
    last_ack = max((s[5] for s in sends if s[6]), default=t0)
    span = (max(emit_times) - t0) if len(emit_times) > 1 else 0.0
    return {
        "phones": len(topology["phones"]),
        "connected": len(connected),
        "join": summary_ms([j[2] for j in joins]),
        "join_http": summary_ms([j[1] for j in joins if j[1]]),
        "posts": len(sends),
        "acked": len(acks),
        "failed": failed,
        "ack": summary_ms(acks),
        "fanout": summary_ms(fanouts),
        "delivery": summary_ms(deliveries),
        "expected": expected_total,
        "delivered": delivered,
        "lost": lost,
        "duplicates": duplicates,
        "stray": stray,
        "disconnects": sum(len(p["disconnects"]) for p in parts),
        "errors": sum(p["error_count"] for p in parts),
        "error_samples": [e for p in parts for e in p["errors"]][:5],
        "send_rate": round(len(emit_times) / span, 1) if span else None,
        "ack_rate": round(len(acks) / (last_ack - t0), 1) if last_ack > t0 else None,
        "schedule_lag": summary_ms(lag),
        "loadgen_cpu_s": round(sum(p["cpu_seconds"] for p in parts), 2),
        "fanout_points": [(round(t - t0, 4), round(v * 1000, 3)) for t, v in fanout_points],
        "ack_points": [
            (round(s[4] - t0, 4), round((s[5] - s[4]) * 1000, 3)) for s in sends if s[6]
        ],
    }


STORM_STEPS = ("page", "join", "connect", "state")


def analyse_storm(parts: list[dict[str, Any]], t0: float) -> dict[str, Any]:
    """A join storm's figures: each step's latency, scan to ``state`` in all, and how long
    after the first arrival the last phone was in."""
    arrivals = [a for part in parts for a in part["arrivals"]]
    done = [a for a in arrivals if a[1]]
    steps = {
        name: summary_ms([a[3 + i] for a in done if a[3 + i] is not None])
        for i, name in enumerate(STORM_STEPS)
    }
    totals = [sum(x for x in a[3:] if x is not None) for a in done]
    finished = [a[2] + total for a, total in zip(done, totals, strict=True)]
    return {
        "phones": len(arrivals),
        "connected": len(done),
        "failed": len(arrivals) - len(done),
        "steps": steps,
        "total": summary_ms(totals),
        "all_in_s": round(max(finished) - t0, 2) if finished else None,
        "errors": sum(p["error_count"] for p in parts),
        "error_samples": [e for p in parts for e in p["errors"]][:5],
        "total_points": [
            (round(a[2] - t0, 3), round(total * 1000, 2))
            for a, total in zip(done, totals, strict=True)
        ],
    }


def storm_rows(runs: list[dict[str, Any]]) -> list[str]:
    """The join storm's table: p50/p99 of each step and of scan to ``state``."""
    head = (
        "| target | phones in | page p50/p99 ms | join p50/p99 ms | connect p50/p99 ms "
        "| state p50/p99 ms | scan → state p50/p99/max ms | last in after (s) | CPU % "
        "| CPU ms per phone |"
    )
    rows = [head, "|" + " --- |" * 10]
    for run in runs:
        m = run["measure"]
        cells = [
            f"{_f(m['steps'][n]['p50'], 0)}/{_f(m['steps'][n]['p99'], 0)}" for n in STORM_STEPS
        ]
        total = m["total"]
        # The server's CPU over the storm, per phone that got in: what the code costs,
        # steadier than latencies on a machine whose speed varies between runs.
        seconds = run["server"].get("cpu_seconds")
        per_phone = seconds * 1000 / m["connected"] if seconds and m["connected"] else None
        rows.append(
            f"| {run['target']} | {m['connected']}/{m['phones']} | {' | '.join(cells)} "
            f"| {_f(total['p50'], 0)}/{_f(total['p99'], 0)}/{_f(total['max'], 0)} "
            f"| {_f(m['all_in_s'])} | {_f(run['server'].get('cpu_percent'), 0)} "
            f"| {_f(per_phone)} |"
        )
    return rows


def server_figures(
    samples: list[tuple[float, float, int]],
    idle_rss: int,
    window: tuple[float, float],
    connections: int,
) -> dict[str, Any]:
    """CPU share in ``window`` and RSS from the sampler's (time, cpu seconds, rss) rows."""
    inside = [s for s in samples if window[0] <= s[0] <= window[1]]
    if len(inside) >= 2:
        cpu_seconds: float | None = inside[-1][1] - inside[0][1]
        cpu = cpu_seconds / (inside[-1][0] - inside[0][0]) * 100
    else:
        cpu_seconds = cpu = None
    rss_connected = max((s[2] for s in inside), default=None)
    peak = max((s[2] for s in samples), default=0)
    per_conn = rss_connected / connections / 1024 if rss_connected and connections else None
    marginal = (
        (rss_connected - idle_rss) / connections / 1024 if rss_connected and connections else None
    )
    return {
        "cpu_percent": None if cpu is None else round(cpu, 1),
        "cpu_seconds": None if cpu_seconds is None else round(cpu_seconds, 2),
        "rss_idle_mib": round(idle_rss / 2**20, 1),
        "rss_mib": None if rss_connected is None else round(rss_connected / 2**20, 1),
        "rss_peak_mib": round(peak / 2**20, 1),
        "rss_per_conn_kib": None if per_conn is None else round(per_conn, 1),
        "rss_marginal_per_conn_kib": None if marginal is None else round(marginal, 1),
    }


# --- Markdown and plots --------------------------------------------------------------------


def _f(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def markdown_rows(runs: list[dict[str, Any]]) -> list[str]:
    head = (
        "| scenario | target | phones | rate/s | posts/s | join p50/p99 ms "
        "| ack p50/p95/p99/max ms "
        "| fan-out p50/p95/p99/max ms | delivered/expected | lost | dup | CPU % | RSS MiB "
        "| KiB/conn (marginal) |"
    )
    rows = [head, "|" + " --- |" * 14]
    for run in runs:
        m = run["measure"]
        s = run.get("server", {})
        ack, fan, join = m["ack"], m["fanout"], m["join"]
        rows.append(
            f"| {run['scenario']} | {run['target']} | {m['connected']}/{m['phones']} "
            f"| {_f(run.get('rate'))} | {_f(m['ack_rate'])} "
            f"| {_f(join['p50'], 0)}/{_f(join['p99'], 0)} "
            f"| {_f(ack['p50'])}/{_f(ack['p95'])}/{_f(ack['p99'])}/{_f(ack['max'])} "
            f"| {_f(fan['p50'])}/{_f(fan['p95'])}/{_f(fan['p99'])}/{_f(fan['max'])} "
            f"| {m['delivered']}/{m['expected']} | {m['lost']} | {m['duplicates']} "
            f"| {_f(s.get('cpu_percent'), 0)} | {_f(s.get('rss_mib'))} "
            f"| {_f(s.get('rss_per_conn_kib'), 0)} ({_f(s.get('rss_marginal_per_conn_kib'), 0)}) |"
        )
    return rows


def plot_scenario(name: str, runs: list[dict[str, Any]], path: Path) -> None:
    """Left: fan-out latency of every post over time; right: CDFs of ack and fan-out."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5), constrained_layout=True)
    for colour, run in zip(colours, runs, strict=False):
        points = run["measure"]["fanout_points"]
        if points:
            xs, ys = zip(*points, strict=True)
            left.scatter(xs, ys, s=4, alpha=0.5, color=colour, label=run["target"])
        for key, style in (("fanout_points", "-"), ("ack_points", ":")):
            values = sorted(v for _, v in run["measure"][key])
            if values:
                n = len(values)
                right.plot(
                    values,
                    [(i + 1) / n for i in range(n)],
                    style,
                    color=colour,
                    label=f"{run['target']} {'fan-out' if key == 'fanout_points' else 'ack'}",
                )
    left.set_xlabel("time since first post (s)")
    left.set_ylabel("fan-out latency (ms, emit → last recipient)")
    left.set_yscale("log")
    fig.suptitle(name)
    left.set_title("fan-out latency per post")
    if left.get_legend_handles_labels()[0]:
        left.legend(markerscale=4, fontsize=8)
    right.set_xscale("log")
    right.set_xlabel("latency (ms)")
    right.set_ylabel("fraction of posts")
    right.axhline(0.99, color="grey", lw=0.5)
    right.set_title("CDF (solid: fan-out, dotted: ack); grey line: p99")
    right.legend(fontsize=7)
    fig.savefig(path, dpi=90)
    plt.close(fig)


def plot_ramp(steps: dict[str, list[dict[str, Any]]], path: Path, limit_ms: float) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 5), constrained_layout=True)
    for target, rows in steps.items():
        rows = [r for r in rows if not r.get("retried")]  # the repeat of a step counts
        xs = [r["rate"] for r in rows]
        ax.plot(
            xs,
            [r["measure"]["fanout"]["p99"] or float("nan") for r in rows],
            "o-",
            label=f"{target} p99 fan-out",
        )
        ax.plot(
            xs,
            [r["measure"]["fanout"]["p50"] or float("nan") for r in rows],
            "x:",
            label=f"{target} p50 fan-out",
        )
    ax.axhline(limit_ms, color="red", lw=0.8, label=f"{limit_ms:.0f} ms")
    ax.set_yscale("log")
    ax.set_xlabel("offered posts per second (1,000 phones, tables of 8)")
    ax.set_ylabel("latency (ms)")
    ax.set_title("f: ramp — fan-out latency as the post rate rises")
    ax.legend(fontsize=8)
    fig.savefig(path, dpi=90)
    plt.close(fig)


def plot_storm(name: str, runs: list[dict[str, Any]], path: Path) -> None:
    """Left: scan-to-state time of every phone by its arrival; right: its CDF."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5), constrained_layout=True)
    for colour, run in zip(colours, runs, strict=False):
        points = run["measure"]["total_points"]
        if not points:
            continue
        xs, ys = zip(*points, strict=True)
        left.scatter(xs, ys, s=4, alpha=0.5, color=colour, label=run["target"])
        values = sorted(ys)
        n = len(values)
        right.plot(values, [(i + 1) / n for i in range(n)], color=colour, label=run["target"])
    left.set_xlabel("arrival (s since the first scan)")
    left.set_ylabel("scan → first state (ms)")
    left.set_yscale("log")
    left.set_title("every phone, by when it arrived")
    if left.get_legend_handles_labels()[0]:
        left.legend(markerscale=4, fontsize=8)
    right.set_xscale("log")
    right.set_xlabel("scan → first state (ms)")
    right.set_ylabel("fraction of phones")
    right.axhline(0.99, color="grey", lw=0.5)
    right.axvline(1000, color="red", lw=0.8)
    right.set_title("CDF; grey: p99, red: 1 s")
    right.legend(fontsize=8)
    fig.suptitle(name)
    fig.savefig(path, dpi=90)
    plt.close(fig)
