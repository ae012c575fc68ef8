#!/usr/bin/env python3
"""Bogus handshakes against the shared port while a real stream flows through it.

A flood of complete SRT v5 caller handshakes (induction, then a conclusion carrying a stream ID for an
ingest that does not exist, so that each one reaches Sluice's admission callback and is refused with
SRT_REJX_NOTFOUND) hits the shared port at --rate per second for --seconds, while a real publisher
(srt-live-transmit, stream ID publish:<ingest>) sends the test media at its 5 Mbit/s mux rate through
the same port, and a UDP output delivers it to this script. Reports handshakes completed and refused,
the gateway's CPU, and whether the real stream arrived byte for byte (SHA-256 of what the UDP output
delivered vs the source).

Handshake layout: SRT Internet-Draft (draft-sharabayko-srt), sections 3.2.1 (handshake) and 3.2.1.1
(HSREQ, SID extensions): 16-byte control header, 48-byte handshake CIF, then extensions.

Usage: bench/handshake_flood.py [--rate 2000] [--seconds 30]
"""
import argparse
import hashlib
import random
import select
import socket
import struct
import threading
import time

from benchlib import (MEDIA, Gateway, cpu_seconds, default_java, ensure_media, free_udp_port, results_log, spawn,
                      stop)

HS_INDUCTION = 1
HS_CONCLUSION = 0xFFFFFFFF
HSV5_MAGIC = 0x4A17
EXT_HSREQ, EXT_SID = 1, 5


def control_header(dest_socket_id):
    # bit 0 = 1 (control), control type 0 (handshake), subtype 0; type-specific 0; timestamp; destination
    return struct.pack(">IIII", 0x80000000, 0, int(time.monotonic() * 1e6) & 0xFFFFFFFF, dest_socket_id)


def handshake_cif(version, encryption, extension, hs_type, socket_id, cookie, peer_ip):
    isn = random.getrandbits(31)
    return struct.pack(">IHHIIIIII", version, encryption, extension, isn, 1500, 8192, hs_type, socket_id, cookie) + \
        socket.inet_aton(peer_ip) + b"\0" * 12


def sid_extension(stream_id):
    # The stream ID travels in 32-bit words whose bytes are reversed (little-endian words), zero padded.
    data = stream_id.encode()
    data += b"\0" * (-len(data) % 4)
    swapped = b"".join(data[i:i + 4][::-1] for i in range(0, len(data), 4))
    return struct.pack(">HH", EXT_SID, len(swapped) // 4) + swapped


def hsreq_extension():
    # SRT version 1.5.1, flags TSBPDSND|TSBPDRCV|TLPKTDROP|PERIODICNAK|REXMITFLG, 120 ms both ways
    return struct.pack(">HHIIHH", EXT_HSREQ, 3, 0x010501, 0x01 | 0x02 | 0x08 | 0x10 | 0x20, 120, 120)


def flood(port, rate, seconds, counters, halt):
    """Runs handshakes: induction out, induction response in (cookie), conclusion out, rejection in."""
    socks = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(16)]
    for s in socks:
        s.setblocking(False)
        s.bind(("127.0.0.1", 0))
    target = ("127.0.0.1", port)
    interval = 1.0 / rate
    start, sent = time.monotonic(), 0
    while not halt.is_set() and time.monotonic() - start < seconds:
        due = start + sent * interval
        now = time.monotonic()
        if now >= due:
            s = socks[sent % len(socks)]
            sid = random.getrandbits(30) | 1
            s.sendto(control_header(0) + handshake_cif(4, 0, 2, HS_INDUCTION, sid, 0, "127.0.0.1"), target)
            counters["induction"] += 1
            sent += 1
        readable, _, _ = select.select(socks, [], [], max(0.0, min(0.001, due - time.monotonic())))
        for s in readable:
            try:
                while True:
                    pkt, _ = s.recvfrom(2048)
                    if len(pkt) < 64 or not pkt[0] & 0x80:
                        continue
                    version, enc, ext, isn, mtu, fw, hs_type, sock_id, cookie = struct.unpack(">IHHIIIIII", pkt[16:48])
                    if hs_type == HS_INDUCTION:
                        counters["cookie"] += 1
                        ours = struct.unpack(">I", pkt[12:16])[0]  # the header's destination: our socket ID
                        # Conclusion: HSv5, extension flags HSREQ (1) | CONFIG (4), the listener's cookie.
                        body = handshake_cif(5, 0, 0x1 | 0x4, HS_CONCLUSION, ours, cookie, "127.0.0.1")
                        stream_id = "publish:bogus-%d" % counters["conclusion"]
                        s.sendto(control_header(0) + body + hsreq_extension() + sid_extension(stream_id), target)
                        counters["conclusion"] += 1
                    elif hs_type >= 1000:
                        counters["rejected"] += 1
                        counters.setdefault("reasons", {})
                        counters["reasons"][hs_type] = counters["reasons"].get(hs_type, 0) + 1
            except BlockingIOError:
                pass


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rate", type=int, default=2000, help="bogus handshakes per second")
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--java", default=default_java())
    args = ap.parse_args()
    ensure_media()
    shared, udp_out, udp_in = free_udp_port(), free_udp_port(), free_udp_port()
    log = results_log("handshake_flood.log")
    gw = Gateway(log, {"sluice.ports.range": "23400-23409", "sluice.srt.shared-port": shared,
                       "quarkus.log.level": "INFO"}, java=args.java)
    procs = []
    try:
        gw.api("POST", "/ingests", {"name": "real"})
        gw.api("POST", "/ingests/real/outputs", {"type": "udp", "url": f"udp://127.0.0.1:{udp_out}"})
        receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        receiver.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        receiver.bind(("127.0.0.1", udp_out))
        received = bytearray()
        done = threading.Event()

        def receive():
            receiver.settimeout(0.5)
            while not done.is_set():
                try:
                    received.extend(receiver.recv(65536))
                except socket.timeout:
                    pass
        rt = threading.Thread(target=receive, daemon=True)
        rt.start()
        procs.append(spawn(["srt-live-transmit", "-q", f"udp://:{udp_in}",
                            f"srt://127.0.0.1:{shared}?streamid=publish:real"], log))
        for _ in range(100):
            if gw.api("GET", "/ingests/real")["state"] == "connected":
                break
            time.sleep(0.1)

        counters = {"induction": 0, "cookie": 0, "conclusion": 0, "rejected": 0}
        halt = threading.Event()
        ft = threading.Thread(target=flood, args=(shared, args.rate, args.seconds, counters, halt), daemon=True)
        cpu0, t0 = cpu_seconds(gw.pid), time.monotonic()
        ft.start()
        time.sleep(3)  # the flood is on before the stream starts
        with open(MEDIA, "rb") as f:
            media = f.read()
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        interval, start = 1316 * 8 / 5e6, time.monotonic()
        for i, off in enumerate(range(0, len(media), 1316)):
            delay = start + i * interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            s.sendto(media[off:off + 1316], ("127.0.0.1", udp_in))
        ft.join()
        elapsed, cpu = time.monotonic() - t0, cpu_seconds(gw.pid) - cpu0
        time.sleep(2)
        done.set()
        rt.join()
        out = gw.api("GET", "/ingests/real/outputs")[0]
        same = hashlib.sha256(bytes(received)).hexdigest() == hashlib.sha256(media).hexdigest()
        print(f"flood: {counters['induction']} inductions in {elapsed:.1f} s ({counters['induction'] / elapsed:.0f}/s), "
              f"{counters['cookie']} cookies answered, {counters['conclusion']} conclusions with a bogus stream ID, "
              f"{counters['rejected']} refused (reasons {counters.get('reasons', {})})")
        print(f"gateway CPU during the flood: {100 * cpu / elapsed:.1f}% of one core")
        print(f"real stream: {len(media)} bytes sent, {len(received)} received through the UDP output, "
              f"byte for byte: {same}; output packetsDropped={out['packetsDropped']}")
    finally:
        stop(procs)
        gw.close()


if __name__ == "__main__":
    main()
