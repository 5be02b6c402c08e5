"""The bench's Markdown table and PNG plot, in bench/results/ (git-ignored)."""

from __future__ import annotations

import statistics
from pathlib import Path

from bench.run import Options, Results, machine, now


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _ratio_between(results: Results, a: str, b: str) -> float | None:
    if a not in results.raw or b not in results.raw:
        return None
    return _median([x / y for x, y in zip(results.raw[a], results.raw[b], strict=False) if y])


def targets(results: Results) -> list[tuple[str, str, str, bool | None]]:
    """(target, measured, goal, met) for every target of issue 12 this run could measure."""
    rows: list[tuple[str, str, str, bool | None]] = []

    def ratio(name: str, goal: float, label: str) -> None:
        if name in results.rates:
            value = _median(results.rates[name])
            rows.append((label, f"{value:.3f}×", f"≥ {goal}×", value >= goal))

    ratio("anonymous JSON, cached", 0.5, "anonymous thread JSON (cached) / ceiling")
    isso_read = _ratio_between(results, "anonymous JSON, cached", "Isso, 200-comment thread")
    if isso_read is not None:
        rows.append(
            ("anonymous thread JSON / Isso", f"{isso_read:.1f}×", "≥ 100×", isso_read >= 100)
        )
    ratio("logged-in JSON", 0.15, "logged-in thread JSON / ceiling")
    ratio("logged-in JSON, not written there", 0.15, "  … a reader who has not written there")
    ratio("logged-in JSON, written there", 0.15, "  … a reader who has written there")
    ratio("anonymous page, cached", 0.3, "thread page cached / ceiling")
    ratio("anonymous page, uncached", 0.1, "thread page uncached / ceiling")
    for label, by_size in results.latency.items():
        sizes = sorted(by_size)
        if len(sizes) < 2:
            continue
        base = by_size[sizes[0]]
        for size in sizes[1:]:
            if size in (5000, 50_000) or len(sizes) == 2:
                value = by_size[size] / base if base else float("nan")
                rows.append(
                    (
                        f"{label}: {size:,} vs {sizes[0]:,} comments",
                        f"{value:.2f}×",
                        "≤ 1.5×",
                        value <= 1.5,
                    )
                )
    ratio("posting (API)", 0.1, "posting / ceiling")
    isso_post = _ratio_between(results, "posting (API)", "Isso, posting")
    if isso_post is not None:
        rows.append(("posting / Isso POST", f"{isso_post:.2f}×", "≥ 1.5×", isso_post >= 1.5))
    figures = results.figures
    if "screen jobs/s, one worker" in figures and figures.get("noop jobs/s, one worker"):
        value = figures["screen jobs/s, one worker"] / figures["noop jobs/s, one worker"]
        rows.append(("screening / RQ no-op, same worker", f"{value:.2f}×", "≥ 0.8×", value >= 0.8))
    if "desk at pending, p99 ms" in figures:
        value = figures["desk at pending, p99 ms"]
        rows.append(("desk first page, p99", f"{value} ms", "< 50 ms", value < 50))
    erasures = {k: v for k, v in figures.items() if k.startswith("erasure of")}
    for label, seconds in erasures.items():
        if "unrelated" in label:
            plain = erasures.get(label.split(" (")[0])
            if plain:
                value = seconds / plain
                rows.append(
                    (
                        label.replace(", s", "") + " vs none",
                        f"{value:.2f}×",
                        "no difference (≤ 1.2×)",
                        value <= 1.2,
                    )
                )
        elif label.startswith("erasure of 100,000"):
            rows.append(("erasure of 100,000 comments", f"{seconds} s", "< 10 s", seconds < 10))
    if "web worker RSS, MB" in figures:
        value = figures["web worker RSS, MB"]
        rows.append(("web worker resident memory", f"{value} MB", "< 90 MB", value < 90))
    return rows


def markdown(options: Options, results: Results, shape, elapsed: float) -> str:
    lines = [
        f"# Kommentar bench, {now()}",
        "",
        f"Machine: {machine()}. gunicorn -w {options.workers} (gunicorn.conf.py: gthread, "
        f"4 threads; Isso sync), {options.concurrency} "
        f"concurrent clients, {options.rounds} rotated round(s) of {options.seconds:g} s per "
        f"scenario; rates are medians of per-round ratios to the ceiling app measured in the "
        f"same round. Data: {shape.articles:,} articles × {shape.per_article} comments, threads "
        f"of {', '.join(f'{t:,}' for t in shape.threads)}, {shape.pending:,} pending. "
        f"{'Quick mode. ' if options.quick else ''}Took {elapsed:.0f} s.",
        "",
        "| scenario | req/s (median) | × ceiling |",
        "|---|---:|---:|",
    ]
    for name, rates in results.rates.items():
        lines.append(f"| {name} | {_median(results.raw[name]):,.0f} | {_median(rates):.3f} |")
    if results.latency:
        sizes = sorted({s for by_size in results.latency.values() for s in by_size})
        lines += [
            "",
            "First page, p50 ms, one client, by thread size:",
            "",
            "| path | " + " | ".join(f"{s:,}" for s in sizes) + " |",
            "|---|" + "---:|" * len(sizes),
        ]
        for label, by_size in results.latency.items():
            cells = " | ".join(f"{by_size.get(s, float('nan')):.1f}" for s in sizes)
            lines.append(f"| {label} | {cells} |")
    if results.figures:
        lines += ["", "| figure | value |", "|---|---:|"]
        lines += [f"| {k} | {v} |" for k, v in results.figures.items()]
    rows = targets(results)
    if rows:
        lines += [
            "",
            "Targets (issue 12):",
            "",
            "| target | measured | goal | met |",
            "|---|---:|---|---|",
        ]
        lines += [f"| {t} | {m} | {g} | {'yes' if ok else 'NO'} |" for t, m, g, ok in rows]
    if results.notes:
        lines += ["", "Notes:", ""] + [f"- {note}" for note in results.notes]
    return "\n".join(lines) + "\n"


def plot(results: Results, path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    figure, (left, right) = plt.subplots(1, 2, figsize=(13, 5), width_ratios=[3, 2])
    names = list(results.rates)
    values = [_median(results.rates[n]) for n in names]
    left.barh(names[::-1], values[::-1], color="#3b6ea5")
    left.set_xlabel("× ceiling (median of rounds)")
    left.set_title("Throughput, ratio to a minimal Flask JSON endpoint")
    for label, by_size in results.latency.items():
        sizes = sorted(by_size)
        right.plot(sizes, [by_size[s] for s in sizes], marker="o", label=label)
    right.set_xscale("log")
    right.set_xlabel("comments in the thread")
    right.set_ylabel("p50 ms")
    right.set_title("First page time by thread size")
    if results.latency:
        right.legend()
    figure.suptitle(f"Kommentar bench, {now()}")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return True


def write(options: Options, results: Results, shape, elapsed: float) -> Path:
    stamp = now().replace(" ", "-").replace(":", "")
    text = markdown(options, results, shape, elapsed)
    if options.plot and plot(results, options.out / f"bench-{stamp}.png"):
        (options.out / "latest.png").write_bytes((options.out / f"bench-{stamp}.png").read_bytes())
        text += f"\n![plot](bench-{stamp}.png)\n"
    elif options.plot:
        text += "\n(no plot: matplotlib is not installed; `pip install -e '.[bench]'`)\n"
    (options.out / f"bench-{stamp}.md").write_text(text)
    (options.out / "latest.md").write_text(text)
    print(text)
    return options.out / "latest.md"
