#!/usr/bin/env python3
"""Sluice's benchmark suite: every figure measured against a peer in the same run (TESTING.md).

  bench/run.py                      every scenario, then bench/results/*.csv|png|json and docs/BENCHMARKS.md
  bench/run.py --scenario relay     one (or a comma-separated list) of: relay fanout ceiling latency memory
                                    control failover
  bench/run.py --quick              shorter windows (for trying things; the document says so)
  bench/run.py --smoke              ~30 s check that the harness works end to end (make test runs it);
                                    writes under bench/results/tmp/smoke only

Traffic comes from one `srtload send` process and goes to one `srtload recv` process (bench/loadgen, C):
paced streams of real MPEG-TS with probe packets, checked on arrival for bytes, continuity and latency.
Their CPU is measured and reported apart; the figures are the relays' own CPU (utime+stime from
/proc/<pid>/stat over a fixed window after a warm-up) and memory (VmRSS).
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import benchlib
import plot
import report
from benchlib import (RESULTS, Gateway, Receiver, Sender, SrtCaller, build_srtload, cpu_of, ensure_media,
                      free_udp_port, memory_kib, results_log, spawn, stop, udp_bound)
from products import LATENCY_MS, PEER_LIBSRT, FfmpegCopy, FfmpegTee, Sluice, SrtLiveTransmit

SCENARIOS = ["relay", "fanout", "ceiling", "latency", "memory", "control", "failover"]
#: 1280x720 25 fps H.264 ~6 Mbit/s + AAC in a 10 Mbit/s CBR mux (null packets carry the probes)
MEDIA_10M = os.path.join(benchlib.MEDIA_DIR, "bench-10M.ts")
#: the same content muxed without padding: every packet is media, so a remuxer (ffmpeg) sends what it receives
MEDIA_NO_NULLS = os.path.join(benchlib.MEDIA_DIR, "bench-vbr.ts")


class Run:
    """Settings of one invocation: windows (s) and where results go."""

    def __init__(self, args):
        self.quick, self.smoke = args.quick, args.smoke
        self.java = args.java
        self.out = os.path.join(RESULTS, "tmp", "smoke") if args.smoke else RESULTS
        os.makedirs(self.out, exist_ok=True)
        self.log = results_log("bench.log") if not args.smoke else open(os.path.join(self.out, "bench.log"), "w")
        if args.smoke:
            self.warm, self.window = 2, 2
        elif args.quick:
            self.warm, self.window = 3, 5
        else:
            self.warm, self.window = 6, 8  # 6 s: the JVM's JIT has settled (C2 < 1% CPU after ~5 s)

    def save(self, scenario, rows, summary, notes=()):
        """bench/results/<scenario>.csv (rows) and .json (rows, summary, notes, settings)."""
        if rows:
            keys = list(rows[0].keys())
            with open(os.path.join(self.out, f"{scenario}.csv"), "w") as f:
                f.write(",".join(keys) + "\n")
                for r in rows:
                    f.write(",".join(fmt(r.get(k)) for k in keys) + "\n")
        data = {"scenario": scenario, "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "quick": self.quick,
                "smoke": self.smoke, "warmup_s": self.warm, "peer_warmup_s": min(self.warm, 2),
                "window_s": self.window, "rows": rows,
                "summary": summary, "notes": list(notes)}
        with open(os.path.join(self.out, f"{scenario}.json"), "w") as f:
            json.dump(data, f, indent=1)
        return data


def fmt(v):
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def measure(run, make_product, streams, mbps, media=MEDIA_10M, lossy=None, recv_warmup=None, window=None,
            warm=None):
    """Streams through a product: the product's CPU over the window, what arrived, and how it arrived.

    make_product(dest_port) builds the product pushing to the receiver; `lossy` (percent) puts a lossy
    UDP relay on each ingest leg (both ways). Everyone runs warm-up + window (+1 s); the receiver then
    gets 1.5 s to drain.
    """
    window = window or run.window
    recv = Receiver(run.log, seconds=(warm or run.warm) + window + 60, latency=LATENCY_MS, warmup=recv_warmup)
    product = make_product(recv.port)
    # The warm-up is for the JVM's JIT: the native peers get 2 s, Sluice the run's (the windows are equal).
    warm = warm or (run.warm if isinstance(product, Sluice) else min(run.warm, 2))
    extra = []
    try:
        ports = product.ports
        if lossy:
            relayed = []
            for p in ports:
                lp = free_udp_port()
                extra.append(spawn([benchlib.SRTLOAD, "lossy", "--listen", str(lp), "--to", f"127.0.0.1:{p}",
                                    "--loss", f"{lossy:g}", "--both-ways", "--seed", "7"], run.log))
                relayed.append(lp)
            ports = relayed
            time.sleep(0.2)
        send = Sender(run.log, ports, mbps, seconds=warm + window + 1, latency=LATENCY_MS, media=media)
        time.sleep(warm)
        c0, l0, t0 = cpu_of(product.pids), cpu_of([send.pid, recv.pid]), time.monotonic()
        time.sleep(window)
        c1, l1, t1 = cpu_of(product.pids), cpu_of([send.pid, recv.pid]), time.monotonic()
        rss = sum(memory_kib(p) for p in product.pids)
        drops = product.drops()
        sr = send.report()
        time.sleep(1.5)
        recv.proc.send_signal(2)  # SIGINT: the receiver writes its report
        rr = recv.report()
    finally:
        product.close()
        stop(extra + [recv.proc])
    total = rr["total"]
    sent = sum(s["bytes_sent"] for s in sr["per_stream"])
    lat = total.get("latency_us") or {}
    return {
        "cpu_pct": 100 * (c1 - c0) / (t1 - t0),
        "load_cpu_pct": 100 * (l1 - l0) / (t1 - t0),
        "rss_mib": rss / 1024,
        "sent_mbytes": sent / 1e6,
        # with a receiver warm-up the first seconds are not counted, so bytes cannot be compared
        "delivered_pct": None if recv_warmup else (100 * total["bytes"] / sent if sent else 0.0),
        "cc_errors": total["cc_errors"],
        "probe_gaps": total["probe_gaps"],
        "send_drops": sr["send_drops"],
        "product_drops": drops,
        "sender_behind_ms": sr.get("behind_ms", 0),
        "lat_p50_ms": lat.get("p50", 0) / 1000 if lat.get("count") else None,
        "lat_p99_ms": lat.get("p99", 0) / 1000 if lat.get("count") else None,
        "lat_max_ms": lat.get("max", 0) / 1000 if lat.get("count") else None,
        "connections": len(rr["connections"]),
    }


def relay_products(run, streams):
    return [
        ("srt-live-transmit", lambda dest: SrtLiveTransmit(run.log, dest, streams)),
        ("ffmpeg", lambda dest: FfmpegCopy(run.log, dest, streams)),
        ("sluice", lambda dest: Sluice(run.log, run.java, dest, streams)),
    ]


# ---------------------------------------------------------------- scenarios


def scenario_relay(run):
    """CPU per relayed stream (SRT in -> SRT out), N streams of 10 Mbit/s."""
    counts = [1] if run.smoke else [1, 8, 32]
    mbps = 10
    rows, summary = [], {}
    for n in counts:
        by = {}
        for name, make in relay_products(run, n):
            if run.smoke and name == "ffmpeg":
                continue
            # the smoke keeps the padded stream, whose probes prove the latency path of the harness too
            m = measure(run, make, n, mbps, media=MEDIA_10M if run.smoke else MEDIA_NO_NULLS)
            m.update(product=name, streams=n, mbps_per_stream=mbps, cpu_per_stream_pct=m["cpu_pct"] / n)
            by[name] = m
            rows.append(m)
            log_row("relay", m)
        s = by["sluice"]
        summary[f"N={n}"] = {peer: relay_ratio(s, by[peer]) for peer in by if peer != "sluice"}
    notes = ["ratio = Sluice CPU ÷ the peer's CPU for the same streams; when either relay saturated (delivered "
             "< 99.9%), CPU per delivered Mbit/s instead, so a relay that drops is not rewarded for working less",
             "the input has no null packets (a TS muxed without padding), so ffmpeg's remux sends the packets it "
             "receives and every relay has the same work; latency is the latency scenario's (probes ride in null "
             "packets)"]
    return run.save("relay", rows, summary, notes)


def relay_ratio(sluice, peer):
    if min(sluice["delivered_pct"], peer["delivered_pct"]) >= 99.9:
        return ratio(sluice["cpu_pct"], peer["cpu_pct"])
    return ratio(per_delivered(sluice), per_delivered(peer))


def per_delivered(m):
    """CPU % per delivered Mbit/s (normalises runs where a saturated relay delivered less)."""
    delivered = m["sent_mbytes"] * 8 * m["delivered_pct"] / 100
    return m["cpu_pct"] / delivered if delivered else float("inf")


def ratio(a, b):
    return a / b if b else float("inf")


def scenario_fanout(run):
    """One 10 Mbit/s input to K SRT outputs: Sluice vs one ffmpeg with the tee muxer."""
    ks = [1, 4] if run.smoke else [1, 4, 16]
    rows, summary, cpu = [], {}, {}
    for k in ks:
        by = {}
        for name, make in [("ffmpeg", lambda dest, k=k: FfmpegTee(run.log, dest, k)),
                           ("sluice", lambda dest, k=k: Sluice(run.log, run.java, dest, 1, outputs_per_stream=k))]:
            m = measure(run, make, 1, 10, media=MEDIA_NO_NULLS)
            m.update(product=name, outputs=k, delivered_pct=m["delivered_pct"] / k)
            by[name] = m
            cpu.setdefault(name, {})[k] = m["cpu_pct"]
            rows.append(m)
            log_row("fanout", m)
        summary[f"K={k}"] = {"ffmpeg": ratio(by["sluice"]["cpu_pct"], by["ffmpeg"]["cpu_pct"])}
    lo, hi = ks[0], ks[-1]
    marginal = {name: (c[hi] - c[lo]) / (hi - lo) for name, c in cpu.items()}
    summary["marginal CPU % per output"] = marginal
    summary["marginal ratio"] = {"ffmpeg": ratio(marginal["sluice"], marginal["ffmpeg"])}
    notes = ["the input has no null packets (a TS muxed without padding), so ffmpeg's remux sends the same "
             "packets Sluice forwards: both deliver every byte to every output"]
    return run.save("fanout", rows, summary, notes)


def scenario_ceiling(run):
    """The largest aggregate bit rate relayed with 0 drops and 0 continuity errors, confirmed for 60 s."""
    confirm = 5 if run.smoke else (15 if run.quick else 60)
    step_window = 3
    ramp = [100, 200] if run.smoke else [100, 200, 300, 450, 650]  # 2 cores shared with the load: < 650
    cases = [("one stream", 1)] if run.smoke else [("one stream", 1), ("8 streams", 8)]
    makers = [("srt-live-transmit", lambda dest, n: SrtLiveTransmit(run.log, dest, n)),
              ("sluice", lambda dest, n: Sluice(run.log, run.java, dest, n))]
    rows, summary = [], {}
    for case, n in cases:
        found = {}
        for name, make in makers:
            best, limit = None, None
            for total in ramp:
                m = measure(run, lambda dest: make(dest, n), n, total / n, window=step_window, warm=2)
                ok, why = clean(m)
                rows.append(dict(m, product=name, case=case, total_mbps=total, phase="ramp", clean=ok))
                log_row("ceiling", rows[-1])
                if not ok:
                    limit = why
                    break
                best = total
            confirmed = None
            candidates = [t for t in ramp if best is not None and t <= best][::-1][:2]
            for total in candidates:  # the best ramp step, else the one below it
                m = measure(run, lambda dest: make(dest, n), n, total / n, window=confirm, warm=2)
                ok, why = clean(m)
                rows.append(dict(m, product=name, case=case, total_mbps=total, phase=f"{confirm} s", clean=ok))
                log_row("ceiling", rows[-1])
                if ok:
                    confirmed = total
                    break
            found[name] = {"mbps": confirmed, "ramp_limit": limit}
        summary[case] = {
            "sluice_mbps": found["sluice"]["mbps"], "srt-live-transmit_mbps": found["srt-live-transmit"]["mbps"],
            "ratio": ratio(found["sluice"]["mbps"] or 0, found["srt-live-transmit"]["mbps"] or 0),
            "sluice_limit": found["sluice"]["ramp_limit"], "srt-live-transmit_limit": found["srt-live-transmit"]["ramp_limit"]}
    notes = [f"ramp steps of {step_window} s; the best clean step is confirmed for {confirm} s (else the step "
             "below it). Clean = every byte delivered, 0 continuity errors, 0 probe gaps, 0 sender drops.",
             "The load generator, the relay and the receiver share the same 2 cores: the ceiling is the "
             "machine's, for both products alike."]
    return run.save("ceiling", rows, summary, notes)


def clean(m):
    if m["send_drops"]:
        return False, f"load generator dropped {m['send_drops']} (its own limit)"
    if m["delivered_pct"] < 99.99:
        return False, f"{100 - m['delivered_pct']:.3f}% not delivered"
    if m["cc_errors"] or m["probe_gaps"]:
        return False, f"{m['cc_errors']} continuity errors, {m['probe_gaps']} probe gaps"
    return True, ""


def scenario_latency(run):
    """Latency added by the gateway hop beyond its configured SRT latency, without and with 2% loss."""
    window = 5 if run.smoke else 10
    losses = [0] if run.smoke else [0, 2]
    rows, summary = [], {}

    class Direct:
        def __init__(self, dest):
            self.ports, self.pids = [dest], []

        def drops(self):
            return 0

        def close(self):
            pass

    for loss in losses:
        base = None
        for name, make in [("direct", Direct),
                           ("srt-live-transmit", lambda dest: SrtLiveTransmit(run.log, dest, 1)),
                           ("sluice", lambda dest: Sluice(run.log, run.java, dest, 1))]:
            m = measure(run, make, 1, 10, lossy=loss or None, recv_warmup=run.warm, window=window)
            m.update(product=name, loss_pct=loss)
            if name == "direct":
                base = m
            else:
                m["added_p50_ms"] = m["lat_p50_ms"] - base["lat_p50_ms"] - LATENCY_MS
                m["added_p99_ms"] = m["lat_p99_ms"] - base["lat_p99_ms"] - LATENCY_MS
            rows.append(m)
            log_row("latency", m)
        s = {r["product"]: r for r in rows if r["loss_pct"] == loss}
        summary[f"loss {loss}%"] = {
            "sluice_added_p50_ms": s["sluice"]["added_p50_ms"], "sluice_added_p99_ms": s["sluice"]["added_p99_ms"],
            "slt_added_p50_ms": s["srt-live-transmit"]["added_p50_ms"],
            "slt_added_p99_ms": s["srt-live-transmit"]["added_p99_ms"],
            "ratio_p50": ratio(s["sluice"]["added_p50_ms"], s["srt-live-transmit"]["added_p50_ms"]),
            "ratio_p99": ratio(s["sluice"]["added_p99_ms"], s["srt-live-transmit"]["added_p99_ms"])}
    notes = [f"added = end-to-end latency through the relay − end-to-end latency direct − the relay's configured "
             f"SRT latency ({LATENCY_MS} ms), per percentile; one 10 Mbit/s stream, probes timestamped by the "
             "sender and read by the receiver on the same clock (CLOCK_MONOTONIC)"]
    return run.save("latency", rows, summary, notes)


def scenario_memory(run):
    """Resident memory per stream: Sluice idle vs 32 streams, against one srt-live-transmit relay."""
    n = 2 if run.smoke else 32
    mbps = 4
    rows = []
    with Gateway(run.log, {"sluice.srt.library": PEER_LIBSRT}, java=run.java) as gw:
        time.sleep(3)
        idle = memory_kib(gw.pid) / 1024
    rows.append({"product": "sluice", "streams": 0, "rss_mib": idle})
    m = measure(run, lambda dest: Sluice(run.log, run.java, dest, n), n, mbps)
    rows.append({"product": "sluice", "streams": n, "rss_mib": m["rss_mib"], "delivered_pct": m["delivered_pct"]})
    p = measure(run, lambda dest: SrtLiveTransmit(run.log, dest, 1), 1, mbps)
    rows.append({"product": "srt-live-transmit", "streams": 1, "rss_mib": p["rss_mib"],
                 "delivered_pct": p["delivered_pct"]})
    per_stream = (m["rss_mib"] - idle) / n
    summary = {"sluice_idle_mib": idle, f"sluice_{n}_streams_mib": m["rss_mib"], "sluice_per_stream_mib": per_stream,
               "slt_relay_mib": p["rss_mib"], "ratio": ratio(per_stream, p["rss_mib"]),
               f"slt_x{n}_mib": p["rss_mib"] * n}
    for r in rows:
        log_row("memory", r)
    notes = [f"{n} streams of {mbps} Mbit/s; per stream = (RSS with {n} streams − RSS idle) ÷ {n}"]
    return run.save("memory", rows, summary, notes)


def scenario_control(run):
    """Provisioning: ingests per second until a 1,000-port range is full, POST→accepting, start→ready."""
    srt = SrtCaller()
    size = 20 if run.smoke else 1000
    samples = 5 if run.smoke else 20
    rows, summary = [], {}
    first = 24000
    gw = Gateway(run.log, {"sluice.srt.library": PEER_LIBSRT}, java=run.java,
                 port_range=f"{first}-{first + size - 1}")
    try:
        accept_ms = []
        for i in range(samples):  # POST, then one SRT caller handshake with the new port
            t0 = time.monotonic()
            port = gw.api("POST", "/ingests", {"name": f"a{i}"})["source"]["port"]
            if not srt.connect(port):
                raise SystemExit(f"ingest a{i} on port {port} did not accept a caller")
            accept_ms.append(1000 * (time.monotonic() - t0))
        created, t0 = samples, time.monotonic()
        while True:
            try:
                gw.api("POST", "/ingests", {"name": f"c{created}"})
                created += 1
            except Exception as e:  # 409: the range is full
                if getattr(e, "code", None) != 409:
                    raise
                break
        fill_s = time.monotonic() - t0
        rate = (created - samples) / fill_s
        gw.stop()
        # Restart with the range full: live (a full node is not ready by design: it cannot take another
        # ingest), then every restored ingest listening again.
        t0 = time.monotonic()
        gw.start(health="live")
        ports = range(first, first + size)
        while not set(ports) <= benchlib.udp_bound_ports() and time.monotonic() - t0 < 120:
            time.sleep(0.01)
        restart_ready = time.monotonic() - t0
        restored = len(gw.api("GET", "/ingests"))
    finally:
        gw.close()
    peer_ms = []
    for _ in range(samples):  # the peer's provisioning: spawn a listener, wait for its bind, handshake
        port = free_udp_port()
        t0 = time.monotonic()
        p = spawn(["srt-live-transmit", "-q", f"srt://:{port}?mode=listener", "file://con"], run.log)
        while not udp_bound(port):
            time.sleep(0.0005)
        ok = srt.connect(port)
        peer_ms.append(1000 * (time.monotonic() - t0))
        stop([p])
        if not ok:
            raise SystemExit("srt-live-transmit did not accept")
    starts = []
    for _ in range(1 if run.smoke else 3):
        with Gateway(run.log, {"sluice.srt.library": PEER_LIBSRT}, java=run.java) as g:
            starts.append(g.ready_seconds * 1000)
    native = [f for f in os.listdir(os.path.join(benchlib.ROOT, "target")) if f.endswith("-runner")] \
        if os.path.isdir(os.path.join(benchlib.ROOT, "target")) else []
    rows = [{"measure": "POST to accepting (p50)", "sluice_ms": pct(accept_ms, 50), "srt-live-transmit_ms": pct(peer_ms, 50)},
            {"measure": "POST to accepting (p99)", "sluice_ms": pct(accept_ms, 99), "srt-live-transmit_ms": pct(peer_ms, 99)},
            {"measure": "process start to ready (JVM, median)", "sluice_ms": statistics.median(starts),
             "srt-live-transmit_ms": None},
            {"measure": f"restart to all {restored} ingests listening", "sluice_ms": restart_ready * 1000,
             "srt-live-transmit_ms": None}]
    summary = {"ingests_per_second": rate, "ingests_created": created, "range_ports": size,
               "fill_seconds": fill_s, "post_to_accepting_ratio_p50": ratio(pct(accept_ms, 50), pct(peer_ms, 50)),
               "start_to_ready_ms": statistics.median(starts), "restart_with_all_ms": restart_ready * 1000,
               "native": "measured" if native else "no native build on this machine (GraalVM unavailable)"}
    for r in rows:
        log_row("control", r)
    notes = ["the peer's provisioning is spawning one srt-live-transmit listener (spawn → bound → first "
             "handshake accepted); Sluice's is POST /api/v1/ingests → first handshake accepted",
             "ingests are created one after the other over HTTP (one client), each committed to the embedded "
             "database before its listener binds"]
    return run.save("control", rows, summary, notes)


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


def scenario_failover(run):
    import failover_gap
    trials = 1 if run.smoke else 4
    failover_gap.ensure()
    w_gaps, w_errors, w_pids, _ = failover_gap.run_watchdog(trials, 500, run.log)
    s_gaps, s_errors, s_pids, s_flagged, stats = failover_gap.run_sluice(trials, 500, run.log, run.java)
    rows = [{"trial": i + 1, "sluice_gap_ms": s, "watchdog_gap_ms": w} for i, (s, w) in enumerate(zip(s_gaps, w_gaps))]
    summary = {"sluice_median_ms": statistics.median(s_gaps), "watchdog_median_ms": statistics.median(w_gaps),
               "ratio": ratio(statistics.median(s_gaps), statistics.median(w_gaps)),
               "sluice_cc_errors": s_errors, "watchdog_cc_errors": w_errors,
               "sluice_pids": sorted(hex(p) for p in s_pids), "watchdog_pids": sorted(hex(p) for p in w_pids),
               "keyframe_aligned_splices": f"{stats['splice']['keyframeAligned']} of {stats['splice']['splices']}"}
    for r in rows:
        log_row("failover", r)
    notes = ["main encoder killed with -9 while steady; gap = longest silence at a UDP output in the 3 s after; "
             "detection 500 ms for both (switchAfterMs; the watchdog polls the output every 10 ms)"]
    return run.save("failover", rows, summary, notes)


def log_row(scenario, row):
    keys = [k for k in ("product", "case", "streams", "outputs", "total_mbps", "phase", "loss_pct", "cpu_pct",
                        "delivered_pct", "cc_errors", "lat_p50_ms", "lat_p99_ms", "rss_mib", "measure",
                        "sluice_ms", "srt-live-transmit_ms", "trial", "sluice_gap_ms", "watchdog_gap_ms") if k in row]
    print(f"  {scenario}: " + ", ".join(f"{k}={fmt(row[k])}" for k in keys), flush=True)


# ---------------------------------------------------------------- main


def environment():
    def out(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.strip()
        except Exception:
            return ""
    cpu = next((l.split(":", 1)[1].strip() for l in out(["lscpu"]).splitlines() if l.startswith("Model name")), "")
    mem = out(["free", "-g"]).splitlines()[1].split()[1] + " GiB" if out(["free", "-g"]) else ""
    java_version = out([default_java_cmd(), "-version"]) or subprocess.run(
        [default_java_cmd(), "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory": mem, "kernel": platform.release(),
        "os": out(["sh", "-c", ". /etc/os-release; echo $PRETTY_NAME"]),
        "sluice": out(["git", "-C", benchlib.ROOT, "describe", "--always", "--dirty"]),
        "java": java_version,
        "libsrt": out(["dpkg-query", "-W", "-f=${Version}", "libsrt1.5-gnutls"]),
        "srt-live-transmit": out(["dpkg-query", "-W", "-f=${Version}", "srt-tools"]),
        "ffmpeg": out(["dpkg-query", "-W", "-f=${Version}", "ffmpeg"]),
        "gnuplot": out(["dpkg-query", "-W", "-f=${Version}", "gnuplot-nox"]),
    }


def default_java_cmd():
    return benchlib.default_java()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenario", default="all", help="all, or a comma-separated list of " + ", ".join(SCENARIOS))
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--java", default=benchlib.default_java())
    args = ap.parse_args()
    chosen = SCENARIOS if args.scenario == "all" else [s.strip() for s in args.scenario.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in SCENARIOS]
    if unknown:
        sys.exit(f"unknown scenario {unknown}; choose from {SCENARIOS}")
    if args.smoke and args.scenario == "all":
        chosen = ["relay"]
    run = Run(args)
    build_srtload()
    ensure_media(MEDIA_10M, size="1280x720", rate=25, gop=25, video_bitrate="6M", mux_rate="10M", seconds=20)
    if "fanout" in chosen or "relay" in chosen:
        ensure_media(MEDIA_NO_NULLS, size="1280x720", rate=25, gop=25, video_bitrate="6M", mux_rate=None, seconds=20)
    started = time.monotonic()
    results = {}
    for s in chosen:
        t0 = time.monotonic()
        print(f"== {s}", flush=True)
        results[s] = globals()[f"scenario_{s}"](run)
        print(f"   ({time.monotonic() - t0:.0f} s)", flush=True)
    env = environment()
    env["seconds"] = round(time.monotonic() - started)
    with open(os.path.join(run.out, "environment.json"), "w") as f:
        json.dump(env, f, indent=1)
    print(report.ratio_table(results))
    plot.all_plots(run.out, results)
    if args.smoke:
        check_smoke(results)
        print(f"smoke OK ({env['seconds']} s): the harness runs end to end")
        return
    report.write_document(RESULTS, os.path.join(benchlib.ROOT, "docs", "BENCHMARKS.md"))
    print(f"wrote docs/BENCHMARKS.md and bench/results/ in {env['seconds']} s")


def check_smoke(results):
    """The smoke run proves the harness measures: streams arrived, whole, with CPU counted."""
    for r in results["relay"]["rows"]:
        if r["delivered_pct"] < 99 or r["cc_errors"] or r["cpu_pct"] <= 0:
            sys.exit(f"smoke: relay row is wrong: {r}")
        if not r.get("lat_p50_ms") or r["lat_p50_ms"] < 2 * LATENCY_MS * 0.9:  # two SRT legs
            sys.exit(f"smoke: relay latency is wrong: {r}")


if __name__ == "__main__":
    main()
