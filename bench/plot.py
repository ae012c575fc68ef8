"""PNG plots of the benchmark results, drawn by gnuplot (Debian's gnuplot-nox): grouped bar charts, one
per scenario, written next to the CSVs as bench/results/<scenario>.png."""
import os
import shutil
import subprocess

COLORS = {"sluice": "#1f77b4", "srt-live-transmit": "#ff7f0e", "ffmpeg": "#2ca02c", "watchdog": "#d62728",
          "direct": "#7f7f7f"}


def bars(path, title, ylabel, categories, series):
    """A grouped bar chart: one group per category, one bar per series (name -> values, None = no bar)."""
    if not shutil.which("gnuplot"):
        print(f"  (no gnuplot: {os.path.basename(path)} not drawn; `make bench` installs gnuplot-nox)")
        return False
    data = path[:-4] + ".dat"
    names = list(series)
    with open(data, "w") as f:
        f.write("category " + " ".join(f'"{n}"' for n in names) + "\n")
        for i, c in enumerate(categories):
            vals = [series[n][i] for n in names]
            f.write(f'"{c}" ' + " ".join("NaN" if v is None else f"{v:.6g}" for v in vals) + "\n")
    plots = ", ".join(
        f"'{data}' using {j + 2}:xtic(1) title columnheader({j + 2}) lc rgb '{COLORS.get(n, '#9467bd')}'"
        for j, n in enumerate(names))
    script = f"""
set terminal pngcairo size 860,440 font 'DejaVu Sans,10'
set output '{path}'
set title "{title}"
set ylabel "{ylabel}"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set yrange [0:*]
set grid ytics
set key outside top center horizontal
plot {plots}
"""
    r = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    os.remove(data)
    if r.returncode != 0:
        print(f"  gnuplot failed for {os.path.basename(path)}: {r.stderr.strip()}")
        return False
    return True


def all_plots(out, results):
    """Draws a chart for every scenario in `results` (scenario -> saved data)."""
    for scenario, data in results.items():
        fn = globals().get(f"plot_{scenario}")
        if fn:
            fn(os.path.join(out, f"{scenario}.png"), data["rows"], data["summary"])


def series_by(rows, key, category_key, value_key, categories, products):
    return {p: [next((r[value_key] for r in rows if r.get(key) == p and r.get(category_key) == c), None)
                for c in categories] for p in products}


def plot_relay(path, rows, summary):
    counts = sorted({r["streams"] for r in rows})
    products = [p for p in ("sluice", "srt-live-transmit", "ffmpeg") if any(r["product"] == p for r in rows)]
    bars(path, "Relay cost: CPU per stream (10 Mbit/s each, SRT in -> SRT out)", "% of one core per stream",
         [f"N = {n}" for n in counts], series_by(rows, "product", "streams", "cpu_per_stream_pct", counts, products))


def plot_fanout(path, rows, summary):
    ks = sorted({r["outputs"] for r in rows})
    bars(path, "Fan-out: one 10 Mbit/s input to K SRT outputs", "% of one core",
         [f"K = {k}" for k in ks], series_by(rows, "product", "outputs", "cpu_pct", ks, ["sluice", "ffmpeg"]))


def plot_ceiling(path, rows, summary):
    cases = list(summary)
    bars(path, "Ceiling: aggregate Mbit/s relayed clean (0 drops, 0 CC errors)", "Mbit/s", cases,
         {"sluice": [summary[c]["sluice_mbps"] for c in cases],
          "srt-live-transmit": [summary[c]["srt-live-transmit_mbps"] for c in cases]})


def plot_latency(path, rows, summary):
    cats, s, p = [], [], []
    for cond, v in summary.items():
        for q in ("p50", "p99"):
            cats.append(f"{q}, {cond}")
            s.append(v[f"sluice_added_{q}_ms"])
            p.append(v[f"slt_added_{q}_ms"])
    bars(path, "Latency added by the relay hop beyond its configured SRT latency", "ms", cats,
         {"sluice": s, "srt-live-transmit": p})


def plot_memory(path, rows, summary):
    bars(path, "Memory: resident per stream", "MiB", ["per stream"],
         {"sluice": [summary["sluice_per_stream_mib"]], "srt-live-transmit": [summary["slt_relay_mib"]]})


def plot_control(path, rows, summary):
    cats = [r["measure"] for r in rows if r.get("srt-live-transmit_ms") is not None]
    bars(path, "Provisioning a listener: request to first handshake accepted", "ms", cats,
         {"sluice": [r["sluice_ms"] for r in rows if r.get("srt-live-transmit_ms") is not None],
          "srt-live-transmit": [r["srt-live-transmit_ms"] for r in rows if r.get("srt-live-transmit_ms") is not None]})


def plot_failover(path, rows, summary):
    bars(path, "Failover gap after kill -9 of the main encoder (detection 500 ms)", "ms of silence at the output",
         [f"trial {r['trial']}" for r in rows],
         {"sluice": [r["sluice_gap_ms"] for r in rows], "watchdog": [r["watchdog_gap_ms"] for r in rows]})
