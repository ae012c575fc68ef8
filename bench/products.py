"""The relays under comparison, each set up the same way: N SRT listeners in, each pushing to the
receiver's SRT listener out. Every product exposes `ports` (where the load generator sends stream i),
`pids` (the processes whose CPU and memory are the product's), `drops()` and `close()`.

Sluice is pointed at the GnuTLS flavour of Debian's libsrt 1.5.1 (`sluice.srt.library`): the library
ffmpeg links, and the flavour srt-live-transmit (srt-tools) is built with — same libsrt, same code.
"""
import time

from benchlib import Gateway, free_udp_port, spawn, stop

#: The libsrt file ffmpeg uses; srt-live-transmit has the same GnuTLS flavour of libsrt 1.5.1 built in.
PEER_LIBSRT = "/usr/lib/x86_64-linux-gnu/libsrt-gnutls.so.1.5"
LATENCY_MS = 120


class Sluice:
    """One gateway: N ingests (listener sources), each with K SRT caller outputs to `dest`."""

    name = "sluice"

    def __init__(self, log, java, dest, streams, outputs_per_stream=1, latency=LATENCY_MS, port_range="23000-23199"):
        self.gw = Gateway(log, {"sluice.srt.library": PEER_LIBSRT, "sluice.srt.latency": f"{latency}ms"},
                          java=java, port_range=port_range)
        self.pids = [self.gw.pid]
        self.ports = []
        for i in range(streams):
            ing = self.gw.api("POST", "/ingests", {"name": f"s{i}", "latencyMs": latency})
            self.ports.append(ing["source"]["port"])
            for _ in range(outputs_per_stream):
                self.gw.api("POST", f"/ingests/s{i}/outputs",
                            {"type": "srt", "url": f"srt://127.0.0.1:{dest}?latency={latency}"})
        self.streams = streams

    def drops(self):
        total = 0
        for i in range(self.streams):
            total += sum(o["packetsDropped"] for o in self.gw.api("GET", f"/ingests/s{i}/outputs"))
        return total

    def close(self):
        self.gw.close()


class SrtLiveTransmit:
    """One srt-live-transmit per stream: srt://:p?mode=listener -> srt://dest."""

    name = "srt-live-transmit"

    def __init__(self, log, dest, streams, latency=LATENCY_MS):
        self.procs, self.ports = [], []
        for _ in range(streams):
            p = free_udp_port()
            self.ports.append(p)
            self.procs.append(spawn(["srt-live-transmit", "-q", f"srt://:{p}?mode=listener&latency={latency}",
                                     f"srt://127.0.0.1:{dest}?latency={latency}"], log))
        self.pids = [p.pid for p in self.procs]
        time.sleep(0.3)  # listening

    def drops(self):
        return 0  # counted at the receiver

    def close(self):
        stop(self.procs)


def ffmpeg_input(port, latency):
    """An ffmpeg SRT listener input that starts quickly (short probe) — latency in microseconds."""
    return ["ffmpeg", "-hide_banner", "-loglevel", "error", "-probesize", "500000", "-analyzeduration", "500000",
            "-i", f"srt://:{port}?mode=listener&latency={latency * 1000}", "-map", "0", "-c", "copy"]


class FfmpegCopy:
    """One `ffmpeg -c copy` per stream (the usual ffmpeg restreamer)."""

    name = "ffmpeg"

    def __init__(self, log, dest, streams, latency=LATENCY_MS):
        self.procs, self.ports = [], []
        for _ in range(streams):
            p = free_udp_port()
            self.ports.append(p)
            self.procs.append(spawn(ffmpeg_input(p, latency) + [
                "-f", "mpegts", f"srt://127.0.0.1:{dest}?pkt_size=1316&latency={latency * 1000}"], log))
        self.pids = [p.pid for p in self.procs]
        time.sleep(0.5)

    def drops(self):
        return 0

    def close(self):
        stop(self.procs)


class FfmpegTee:
    """One ffmpeg reading one stream and writing it to K SRT outputs with the tee muxer."""

    name = "ffmpeg"

    def __init__(self, log, dest, outputs, latency=LATENCY_MS):
        p = free_udp_port()
        self.ports = [p]
        targets = "|".join(f"[f=mpegts:onfail=ignore]srt://127.0.0.1:{dest}?pkt_size=1316&latency={latency * 1000}"
                           for _ in range(outputs))
        self.procs = [spawn(ffmpeg_input(p, latency) + ["-f", "tee", targets], log)]
        self.pids = [self.procs[0].pid]
        time.sleep(0.5)

    def drops(self):
        return 0

    def close(self):
        stop(self.procs)
