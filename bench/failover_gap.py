#!/usr/bin/env python3
"""Failover gap, side by side: Sluice's main/backup switch vs a watchdog that restarts srt-live-transmit.

Two encoders send the same pattern (ffmpeg -c copy of one file, looped and paced in real time; the backup
on other PIDs and another program number). The main encoder is killed with -9 while the stream is steady;
the figure is the longest silence at a UDP output around the kill, and what the output carries across it.

  Sluice:   main -> ingest primary (listener)  \\
            backup -> ingest backup (listener)  >-- failover (switchAfterMs = --detect) --> UDP output
  watchdog: main -> srt-live-transmit srt://:A?mode=listener udp://out
            backup = ffmpeg SRT listener; when udp://out has been silent for --detect, the watchdog kills
            the main relay and starts srt-live-transmit srt://backup udp://out (what a cron/systemd-style
            watchdog around the open-source tools does)

Same detection time for both. The watchdog polls every 10 ms (Sluice reads its sources every 25 ms).
Each trial restores the main path before the next. Prints every trial, the medians, the ratio
Sluice / watchdog (lower is better), and the continuity errors and PID changes each output carried.

Usage: bench/failover_gap.py [--trials 5] [--detect 500]
Needs: a built gateway (make build), ffmpeg, srt-tools.
"""
import argparse
import os
import signal
import statistics
import time

from benchlib import (MEDIA_DIR, Gateway, UdpCapture, continuity, default_java, ensure_media, free_udp_port,
                      results_log, spawn, stop)
from products import PEER_LIBSRT

MEDIA = os.path.join(MEDIA_DIR, "failover-640x360-25.ts")
OTHER_PIDS = ["-mpegts_start_pid", "0x300", "-mpegts_pmt_start_pid", "0x1100", "-mpegts_service_id", "7",
              "-mpegts_transport_stream_id", "9"]
STEADY = 4.0  # seconds of steady stream before a kill
AFTER = 3.0  # seconds measured after a kill


def ensure():
    """The looped media: 640x360 25 fps H.264 with a keyframe every second + AAC, 1.5 Mbit/s CBR mux."""
    ensure_media(MEDIA, size="640x360", rate=25, gop=25, video_bitrate="1M", mux_rate="1500k", seconds=20)


def encoder(url, log, other_pids=False):
    """ffmpeg sending the file in a loop, paced in real time, as MPEG-TS over SRT."""
    args = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", MEDIA,
            "-map", "0", "-c", "copy"]
    if other_pids:
        args += OTHER_PIDS
    return spawn(args + ["-f", "mpegts", url], log)


def wait_for(cond, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.05)
    raise SystemExit(f"timed out waiting for {what}")


def flowing(cap, within=0.3):
    return cap.times and time.monotonic() - cap.last() < within


def kill(p):
    if p.poll() is None:
        p.send_signal(signal.SIGKILL)
        p.wait()


def trial_result(cap, killed):
    gap = cap.largest_gap(killed, killed + AFTER)
    return gap * 1000


def run_sluice(trials, detect_ms, log, java):
    gaps, procs = [], []
    props = {"quarkus.log.level": "INFO", "sluice.srt.library": PEER_LIBSRT}
    with Gateway(log, props, java=java, port_range="23300-23319") as gw:
        try:
            ing = gw.api("POST", "/ingests", {"name": "fo", "backup": {"mode": "listener"},
                                              "failover": {"switchAfterMs": detect_ms, "revertAfterMs": 2000}})
            out = free_udp_port()
            gw.api("POST", "/ingests/fo/outputs", {"type": "udp", "url": f"udp://127.0.0.1:{out}"})
            cap = UdpCapture(out, keep_bytes=True)
            main_url = f"srt://127.0.0.1:{ing['source']['port']}?pkt_size=1316"
            main = encoder(main_url, log)  # first: the output keeps the PIDs of what went out first
            wait_for(lambda: gw.api("GET", "/ingests/fo")["source"]["state"] == "connected", 30, "the main encoder")
            procs.append(encoder(f"srt://127.0.0.1:{ing['backup']['port']}?pkt_size=1316", log, other_pids=True))
            for _ in range(trials):
                wait_for(lambda: gw.api("GET", "/ingests/fo")["activeSource"] == "primary"
                         and gw.api("GET", "/ingests/fo")["backup"]["state"] == "connected", 30, "primary on air")
                time.sleep(STEADY)
                killed = time.monotonic()
                kill(main)
                time.sleep(AFTER)
                gaps.append(trial_result(cap, killed))
                main = encoder(main_url, log)  # back; Sluice reverts after 2 s clean
            procs.append(main)
            stop(procs)
            procs = []
            time.sleep(0.5)
            cap.close()
            errors, pids, flagged = continuity(bytes(cap.data))
            stats = gw.api("GET", "/ingests/fo/stats")["failover"]
            return gaps, errors, pids, flagged, stats
        finally:
            stop(procs)


def run_watchdog(trials, detect_ms, log):
    gaps, procs = [], []
    out = free_udp_port()
    cap = UdpCapture(out, keep_bytes=True)
    try:
        for _ in range(trials):
            relay_port, backup_port = free_udp_port(), free_udp_port()
            relay = spawn(["srt-live-transmit", "-q", "-a:no", f"srt://:{relay_port}?mode=listener",
                           f"udp://127.0.0.1:{out}"], log)
            backup = encoder(f"srt://:{backup_port}?mode=listener&pkt_size=1316", log, other_pids=True)
            time.sleep(0.3)
            main = encoder(f"srt://127.0.0.1:{relay_port}?pkt_size=1316", log)
            wait_for(lambda: flowing(cap), 30, "the main path flowing")
            time.sleep(STEADY)
            killed = time.monotonic()
            kill(main)
            # The watchdog: silence at the output for detect_ms -> restart the relay on the backup.
            standby = None
            while time.monotonic() < killed + AFTER:
                if standby is None and time.monotonic() - cap.last() >= detect_ms / 1000:
                    kill(relay)
                    standby = spawn(["srt-live-transmit", "-q", "-a:no", f"srt://127.0.0.1:{backup_port}",
                                     f"udp://127.0.0.1:{out}"], log)
                time.sleep(0.01)
            gaps.append(trial_result(cap, killed))
            stop([p for p in (standby, backup, relay) if p is not None])
            wait_for(lambda: not flowing(cap), 10, "the watchdog trial to end")
        cap.close()
        errors, pids, flagged = continuity(bytes(cap.data))
        return gaps, errors, pids, flagged
    finally:
        stop(procs)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=5)
    ap.add_argument("--detect", type=int, default=500, help="silence before switching, ms (both)")
    ap.add_argument("--java", default=default_java())
    args = ap.parse_args()
    ensure()
    log = results_log("failover_gap.log")
    print(f"failover gap: main encoder killed with -9, {args.trials} trials, detection {args.detect} ms for both")
    w_gaps, w_errors, w_pids, _ = run_watchdog(args.trials, args.detect, log)
    s_gaps, s_errors, s_pids, s_flagged, s_stats = run_sluice(args.trials, args.detect, log, args.java)
    print(f"{'trial':>5} {'sluice ms':>10} {'watchdog ms':>12}")
    for i, (s, w) in enumerate(zip(s_gaps, w_gaps), 1):
        print(f"{i:>5} {s:>10.0f} {w:>12.0f}")
    s_med, w_med = statistics.median(s_gaps), statistics.median(w_gaps)
    print(f"{'median':>5} {s_med:>10.0f} {w_med:>12.0f}")
    print(f"{'max':>5} {max(s_gaps):>10.0f} {max(w_gaps):>12.0f}")
    print(f"ratio (median gap, Sluice / watchdog): {s_med / w_med:.2f}  (lower is better)")
    print(f"output continuity errors across {args.trials} failovers (and reverts): Sluice {s_errors}, "
          f"watchdog {w_errors}")
    print(f"output PIDs: Sluice {sorted(hex(p) for p in s_pids)} ({s_flagged} packets flagged discontinuous; "
          f"{s_stats['switches']} switches, {s_stats['splice']['keyframeAligned']} of "
          f"{s_stats['splice']['splices']} splices at a keyframe)")
    print(f"             watchdog {sorted(hex(p) for p in w_pids)} (the backup's own PIDs appear: decoders "
          f"must re-tune)")


if __name__ == "__main__":
    main()
