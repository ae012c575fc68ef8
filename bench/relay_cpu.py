#!/usr/bin/env python3
"""Relay cost, side by side: CPU per relayed stream of Sluice vs one srt-live-transmit per stream.

Same senders, sinks, bit rate, latency and window for both, one after the other in the same run:

  paced UDP sender (this script) -> srt-live-transmit udp->srt (publisher, one per stream)
      -> RELAY UNDER TEST (Sluice: one ingest + one SRT caller output per stream;
                           peer:   srt-live-transmit srt://:p?mode=listener srt://sink, one per stream)
      -> srt-live-transmit srt->null (sink, one per stream)

CPU is utime+stime from /proc/<pid>/stat over a fixed window after a warm-up (TESTING.md). Only the
relay's processes are measured; the publishers, sinks and this sender are the same for both and are
kept out of the figure. Prints one line per stream count and the ratio Sluice / srt-live-transmit.

Usage: bench/relay_cpu.py [--streams 1,4,8] [--mbps 5] [--window 20] [--warmup 8]
Needs: a built gateway (make build), srt-tools, test media (generated on first use).
"""
import argparse
import os
import sys
import time

from benchlib import (APP, Gateway, PacedSender, cpu_seconds, default_java, ensure_media, free_udp_port,
                      results_log, spawn, stop)


def measure(pids, warmup, window):
    time.sleep(warmup)
    before = sum(cpu_seconds(p) for p in pids)
    time.sleep(window)
    return sum(cpu_seconds(p) for p in pids) - before


def run_sluice(n, bps, warmup, window, log, java, app=APP):
    procs = []
    with Gateway(log, java=java, app=app) as gw:
        try:
            udp_in = []
            for i in range(n):
                sink = free_udp_port()
                procs.append(spawn(["srt-live-transmit", "-q", f"srt://:{sink}?mode=listener", "file://con"], log))
                ing = gw.api("POST", "/ingests", {"name": f"b{i}"})
                gw.api("POST", f"/ingests/b{i}/outputs", {"type": "srt", "url": f"srt://127.0.0.1:{sink}"})
                a = free_udp_port()
                udp_in.append(a)
                procs.append(spawn(["srt-live-transmit", "-q", f"udp://:{a}", f"srt://127.0.0.1:{ing['source']['port']}"], log))
            sender = PacedSender(udp_in, bps)
            sender.start()
            cpu = measure([gw.pid], warmup, window)
            outs = [gw.api("GET", f"/ingests/b{i}/outputs")[0] for i in range(n)]
            sender.stop.set()
            dropped = sum(o["packetsDropped"] for o in outs)
            sent = sum(o["packetsSent"] for o in outs)
            return cpu, sent, dropped
        finally:
            stop(procs)


def run_peer(n, bps, warmup, window, log):
    procs, relays, udp_in = [], [], []
    try:
        for i in range(n):
            sink = free_udp_port()
            procs.append(spawn(["srt-live-transmit", "-q", f"srt://:{sink}?mode=listener", "file://con"], log))
            relay_port = free_udp_port()
            r = spawn(["srt-live-transmit", "-q", f"srt://:{relay_port}?mode=listener", f"srt://127.0.0.1:{sink}"], log)
            relays.append(r)
            a = free_udp_port()
            udp_in.append(a)
            time.sleep(0.2)
            procs.append(spawn(["srt-live-transmit", "-q", f"udp://:{a}", f"srt://127.0.0.1:{relay_port}"], log))
        sender = PacedSender(udp_in, bps)
        sender.start()
        cpu = measure([r.pid for r in relays], warmup, window)
        sender.stop.set()
        return cpu
    finally:
        stop(procs + relays)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--streams", default="1,4,8")
    ap.add_argument("--mbps", type=float, default=5.0)
    ap.add_argument("--window", type=float, default=20.0)
    ap.add_argument("--warmup", type=float, default=8.0)
    ap.add_argument("--java", default=default_java())
    ap.add_argument("--app", action="append", help="gateway jar(s) to compare (label=path); default target/quarkus-app")
    args = ap.parse_args()
    apps = [tuple(a.split("=", 1)) if "=" in a else (os.path.basename(os.path.dirname(os.path.dirname(a))), a)
            for a in (args.app or [f"sluice={APP}"])]
    for _, path in apps:
        if not os.path.exists(path):
            sys.exit(f"no gateway at {path}: run `make build` first")
    ensure_media()
    log = results_log("relay_cpu.log")
    bps = args.mbps * 1e6
    print(f"relay CPU, {args.mbps:g} Mbit/s per stream, {args.window:g} s window, {os.cpu_count()} CPUs")
    print(f"{'gateway':>10} {'streams':>7} {'%cpu':>7} {'peer %cpu':>10} {'per stream':>11} {'peer/stream':>12} {'ratio':>6} {'sent':>8} {'dropped':>8}")
    for n in [int(x) for x in args.streams.split(",")]:
        p_cpu = run_peer(n, bps, args.warmup, args.window, log)
        p_pct = 100 * p_cpu / args.window
        for label, path in apps:
            s_cpu, sent, dropped = run_sluice(n, bps, args.warmup, args.window, log, args.java, path)
            s_pct = 100 * s_cpu / args.window
            ratio = s_cpu / p_cpu if p_cpu > 0 else float("inf")
            print(f"{label:>10} {n:>7} {s_pct:>6.1f}% {p_pct:>9.1f}% {s_pct / n:>10.2f}% {p_pct / n:>11.2f}% {ratio:>6.2f} {sent:>8} {dropped:>8}")
    print("ratio = Sluice CPU / sum of srt-live-transmit relay CPU (lower is better; 1.00 = parity)")


if __name__ == "__main__":
    main()
