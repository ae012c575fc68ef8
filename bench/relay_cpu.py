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
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APP = os.path.join(ROOT, "target", "quarkus-app", "quarkus-run.jar")
MEDIA = os.path.join(ROOT, "target", "test-media", "src.ts")
TOKEN = "bench-token"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_tcp_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    """utime+stime of a process, seconds (threads included)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def ensure_media():
    if os.path.exists(MEDIA):
        return
    os.makedirs(os.path.dirname(MEDIA), exist_ok=True)
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
         "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000", "-t", "20",
         "-c:v", "libx264", "-preset", "veryfast", "-g", "30", "-b:v", "4M",
         "-x264-params", "repeat-headers=1", "-c:a", "aac", "-b:a", "128k",
         "-f", "mpegts", "-muxrate", "5M", MEDIA], check=True)


class PacedSender(threading.Thread):
    """Sends the media file in a loop, as 1316-byte datagrams at `bps`, to every port (one stream each)."""

    def __init__(self, ports, bps):
        super().__init__(daemon=True)
        self.ports, self.bps = ports, bps
        self.stop = threading.Event()
        with open(MEDIA, "rb") as f:
            data = f.read()
        self.chunks = [data[i:i + 1316] for i in range(0, len(data), 1316)]

    def run(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        interval = 1316 * 8 / self.bps
        start, i = time.monotonic(), 0
        while not self.stop.is_set():
            chunk = self.chunks[i % len(self.chunks)]
            for p in self.ports:
                s.sendto(chunk, ("127.0.0.1", p))
            i += 1
            delay = start + i * interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)


def spawn(args, log):
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=log)


def stop(procs):
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGINT)
    for p in procs:
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            p.kill()


def api(port, method, path, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        text = r.read()
        return json.loads(text) if text else None


def measure(pids, warmup, window):
    time.sleep(warmup)
    before = sum(cpu_seconds(p) for p in pids)
    time.sleep(window)
    return sum(cpu_seconds(p) for p in pids) - before


def run_sluice(n, bps, warmup, window, log, java, app=APP):
    http = free_tcp_port()
    data = tempfile.mkdtemp(prefix="sluice-bench-")
    gw = subprocess.Popen(
        [java, "--enable-native-access=ALL-UNNAMED", f"-Dquarkus.http.port={http}", f"-Dsluice.data-dir={data}",
         "-Dsluice.ports.range=23000-23199", f"-Dsluice.api.tokens={TOKEN}", "-Dsluice.shutdown.drain=0s",
         "-Dsluice.srt.shared-port=0", "-Dquarkus.log.level=WARN", "-jar", app], stdout=log, stderr=log)
    procs = []
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{http}/q/health/ready", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        udp_in = []
        for i in range(n):
            sink = free_udp_port()
            procs.append(spawn(["srt-live-transmit", "-q", f"srt://:{sink}?mode=listener", "file://con"], log))
            ing = api(http, "POST", "/api/v1/ingests", {"name": f"b{i}"})
            api(http, "POST", f"/api/v1/ingests/b{i}/outputs", {"type": "srt", "url": f"srt://127.0.0.1:{sink}"})
            a = free_udp_port()
            udp_in.append(a)
            procs.append(spawn(["srt-live-transmit", "-q", f"udp://:{a}", f"srt://127.0.0.1:{ing['source']['port']}"], log))
        sender = PacedSender(udp_in, bps)
        sender.start()
        cpu = measure([gw.pid], warmup, window)
        outs = [api(http, "GET", f"/api/v1/ingests/b{i}/outputs")[0] for i in range(n)]
        sender.stop.set()
        dropped = sum(o["packetsDropped"] for o in outs)
        sent = sum(o["packetsSent"] for o in outs)
        return cpu, sent, dropped
    finally:
        stop(procs)
        gw.send_signal(signal.SIGTERM)
        gw.wait(30)
        shutil.rmtree(data, ignore_errors=True)


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
    ap.add_argument("--java", default=os.environ.get("JAVA_HOME", "") + "/bin/java" if os.environ.get("JAVA_HOME") else "java")
    ap.add_argument("--app", action="append", help="gateway jar(s) to compare (label=path); default target/quarkus-app")
    args = ap.parse_args()
    apps = [tuple(a.split("=", 1)) if "=" in a else (os.path.basename(os.path.dirname(os.path.dirname(a))), a)
            for a in (args.app or [f"sluice={APP}"])]
    for _, path in apps:
        if not os.path.exists(path):
            sys.exit(f"no gateway at {path}: run `make build` first")
    ensure_media()
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    log = open(os.path.join(ROOT, "bench", "results", "relay_cpu.log"), "w")
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
