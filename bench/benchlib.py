"""What every benchmark under bench/ shares: ports, process CPU and memory, peers, test media, a gateway.

Benchmarks measure, never time (TESTING.md): CPU is utime+stime from /proc/<pid>/stat over a fixed window,
memory is VmRSS/VmHWM from /proc/<pid>/status, and every figure is printed next to a peer's run in the same
invocation (srt-live-transmit or ffmpeg), so that the ratio holds on a shared, noisy machine.
"""
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
RESULTS = os.path.join(ROOT, "bench", "results")
MEDIA_DIR = os.path.join(ROOT, "target", "test-media")
#: 1280x720 30 fps H.264 4 Mbit/s + AAC, 5 Mbit/s mux, 20 s (the relay benchmarks' stream)
MEDIA = os.path.join(MEDIA_DIR, "src.ts")
TOKEN = "bench-token-0123456789"
CLK_TCK = os.sysconf("SC_CLK_TCK")
TS_PACKET = 188


def default_java():
    """The java of a JDK >= 21: $JAVA_HOME as `make` exports it, else what .ci/find-jdk finds."""
    home = os.environ.get("JAVA_HOME")
    if not home:
        found = subprocess.run([os.path.join(ROOT, ".ci", "find-jdk")], capture_output=True, text=True)
        home = found.stdout.strip()
        if found.returncode or not home:
            sys.exit("no JDK >= 21: " + found.stderr.strip())
    return os.path.join(home, "bin", "java")


def free_port(kind=socket.SOCK_DGRAM):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_udp_port():
    return free_port(socket.SOCK_DGRAM)


def free_tcp_port():
    """A free TCP port below Linux's ephemeral range (32768-60999): no outgoing connection takes it meanwhile."""
    import random
    for _ in range(100):
        port = random.randrange(22000, 32000)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("0.0.0.0", port))
                return port
            except OSError:
                continue
    raise RuntimeError("no free TCP port in 22000-32000")


def cpu_seconds(pid):
    """utime+stime of a process, seconds (all its threads)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def memory_kib(pid, field="VmRSS"):
    """A /proc/<pid>/status memory field (VmRSS: resident now, VmHWM: peak resident), KiB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def results_log(name):
    """A log file under bench/results for a benchmark's peers and gateway."""
    os.makedirs(RESULTS, exist_ok=True)
    return open(os.path.join(RESULTS, name), "w")


def die_with_parent():
    """preexec_fn: the child gets SIGKILL when this script dies, so no relay outlives an aborted run
    (a leftover gateway would take CPU from the next measurement)."""
    import ctypes
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def spawn(args, log, stdout=subprocess.DEVNULL):
    return subprocess.Popen(args, stdout=stdout, stderr=log, preexec_fn=die_with_parent)


def stop(procs, sig=signal.SIGINT):
    """Asks processes to stop (SIGINT: srt-live-transmit and ffmpeg flush), then kills what is left."""
    for p in procs:
        if p.poll() is None:
            p.send_signal(sig)
    for p in procs:
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def ensure_media(path=MEDIA, size="1280x720", rate=30, gop=30, video_bitrate="4M", mux_rate="5M", seconds=20):
    """Encodes a test file with ffmpeg once (testsrc2 + a tone, H.264 + AAC, repeated SPS/PPS)."""
    if os.path.exists(path):
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".part"
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", f"testsrc2=size={size}:rate={rate}",
         "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000", "-t", str(seconds),
         "-c:v", "libx264", "-preset", "veryfast", "-g", str(gop), "-b:v", video_bitrate,
         "-x264-params", "repeat-headers=1", "-c:a", "aac", "-b:a", "128k",
         "-f", "mpegts"] + (["-muxrate", mux_rate] if mux_rate else []) + [tmp], check=True)
    os.replace(tmp, path)
    return path


class PacedSender(threading.Thread):
    """Sends a file in a loop, as 1316-byte datagrams at `bps`, to every port (one stream each)."""

    def __init__(self, ports, bps, media=MEDIA):
        super().__init__(daemon=True)
        self.ports, self.bps = ports, bps
        self.stop = threading.Event()
        with open(media, "rb") as f:
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


class UdpCapture(threading.Thread):
    """Receives datagrams on a loopback port: arrival times (monotonic s) and, if asked, the bytes."""

    def __init__(self, port, keep_bytes=False):
        super().__init__(daemon=True)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        self.sock.bind(("127.0.0.1", port))
        self.sock.settimeout(0.2)
        self.port = port
        self.times = []
        self.data = bytearray() if keep_bytes else None
        self.done = threading.Event()
        self.start()

    def run(self):
        while not self.done.is_set():
            try:
                d = self.sock.recv(65536)
            except socket.timeout:
                continue
            self.times.append(time.monotonic())
            if self.data is not None:
                self.data.extend(d)

    def last(self):
        return self.times[-1] if self.times else 0.0

    def largest_gap(self, since, until):
        """Longest time without a datagram within [since, until], s (edges count as arrivals)."""
        ts = [t for t in self.times if since <= t <= until]
        points = [since] + ts + [until]
        return max(b - a for a, b in zip(points, points[1:]))

    def close(self):
        self.done.set()
        self.join()
        self.sock.close()


def continuity(ts_bytes):
    """Strict MPEG-TS continuity (ISO/IEC 13818-1 §2.4.3.3): unflagged counter jumps, PIDs seen, flags."""
    last, errors, pids, flagged = {}, 0, set(), 0
    for p in range(0, len(ts_bytes) - TS_PACKET + 1, TS_PACKET):
        b = ts_bytes[p:p + TS_PACKET]
        if b[0] != 0x47:
            errors += 1
            continue
        pid = (b[1] & 0x1F) << 8 | b[2]
        afc, cc = (b[3] >> 4) & 3, b[3] & 15
        pids.add(pid)
        if pid == 0x1FFF:
            continue
        disc = bool(afc & 2) and b[4] > 0 and bool(b[5] & 0x80)
        flagged += disc
        if not afc & 1:
            continue
        if pid in last and not disc and cc not in ((last[pid] + 1) & 15, last[pid]):
            errors += 1
        last[pid] = cc
    return errors, pids, flagged


class Gateway:
    """A Sluice process on its embedded defaults plus `props` (-D...), in a fresh data directory."""

    def __init__(self, log, props=None, java=None, app=APP, port_range="23000-23199"):
        if not os.path.exists(app):
            sys.exit(f"no gateway at {app}: run `make build` first")
        self.log = log
        self.http = free_tcp_port()
        self.data = tempfile.mkdtemp(prefix="sluice-bench-")
        settings = {
            "quarkus.http.port": self.http, "sluice.data-dir": self.data, "sluice.ports.range": port_range,
            "sluice.api.tokens": TOKEN, "sluice.shutdown.drain": "0s", "sluice.srt.shared-port": 0,
            "quarkus.log.level": "WARN",
        }
        settings.update(props or {})
        self.args = [java or default_java(), "--enable-native-access=ALL-UNNAMED"]
        self.args += [f"-D{k}={v}" for k, v in settings.items()] + ["-jar", app]
        self.ready_seconds = self.start()

    def start(self, health="ready"):
        """Starts the process; returns the seconds from exec to /q/health/<health> answering 200.

        A node whose port range is full is live but not ready (it cannot take another ingest): wait for
        "live" then.
        """
        t0 = time.monotonic()
        self.proc = subprocess.Popen(self.args, stdout=self.log, stderr=self.log, preexec_fn=die_with_parent)
        self.pid = self.proc.pid
        while time.monotonic() - t0 < 120:
            if self.proc.poll() is not None:
                sys.exit(f"the gateway exited ({self.proc.returncode}); see {self.log.name}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.http}/q/health/{health}", timeout=1)
                return time.monotonic() - t0
            except Exception:
                time.sleep(0.005)
        sys.exit(f"the gateway did not become {health}; see {self.log.name}")

    def stop(self):
        """SIGTERM and wait (the data directory stays, for a restart)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def api(self, method, path, body=None):
        req = urllib.request.Request(
            f"http://127.0.0.1:{self.http}/api/v1{path}", method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            text = r.read()
            return json.loads(text) if text else None

    def close(self):
        self.stop()
        shutil.rmtree(self.data, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# ---- the load generator (bench/loadgen: srtload, C, one process for many streams each way) ----

SRTLOAD = os.path.join(ROOT, "target", "srtload")
SRTLOAD_SOURCE = os.path.join(ROOT, "bench", "loadgen", "srtload.c")


def build_srtload():
    """Compiles bench/loadgen/srtload.c into target/srtload when missing or older than its source."""
    if os.path.exists(SRTLOAD) and os.path.getmtime(SRTLOAD) >= os.path.getmtime(SRTLOAD_SOURCE):
        return SRTLOAD
    subprocess.run([os.path.join(ROOT, "bench", "loadgen", "build.sh"), SRTLOAD], check=True, cwd=ROOT)
    return SRTLOAD


def scratch_dir(name):
    d = os.path.join(RESULTS, "tmp", name)
    os.makedirs(d, exist_ok=True)
    return d


class SrtloadProcess:
    """An srtload process that writes a JSON report at its end (`report_path`)."""

    def report(self, timeout=60):
        """Waits for the process to end and reads its report."""
        self.proc.wait(timeout)
        with open(self.report_path) as f:
            return json.load(f)

    def close(self):
        stop([self.proc])


class Receiver(SrtloadProcess):
    """`srtload recv`: one SRT listener taking every stream back; checks bytes, continuity, probe latency."""

    def __init__(self, log, seconds, latency=120, warmup=None, name="recv"):
        self.port = free_udp_port()
        self.report_path = os.path.join(scratch_dir("load"), f"{name}-{self.port}.json")
        args = [SRTLOAD, "recv", "--listen", str(self.port), "--seconds", f"{seconds:g}",
                "--latency", str(latency), "--report", self.report_path]
        if warmup:
            args += ["--warmup", f"{warmup:g}"]
        self.proc = spawn(args, log)
        self.pid = self.proc.pid
        time.sleep(0.2)



class Sender(SrtloadProcess):
    """`srtload send`: N paced streams of real TS (looped file, probe packets in place of null packets)."""

    def __init__(self, log, ports, mbps, seconds, latency=120, media=None, name="send"):
        self.report_path = os.path.join(scratch_dir("load"), f"{name}-{ports[0]}.json")
        to = "127.0.0.1:" + ",".join(str(p) for p in ports)
        args = [SRTLOAD, "send", "--to-ports", to, "--streams", str(len(ports)), "--mbps", f"{mbps:g}",
                "--seconds", f"{seconds:g}", "--latency", str(latency), "--report", self.report_path]
        if media:
            args += ["--file", media]
        self.proc = spawn(args, log)
        self.pid = self.proc.pid



def cpu_of(pids):
    """utime+stime of several processes, s (a process already gone counts 0)."""
    total = 0.0
    for p in pids:
        try:
            total += cpu_seconds(p)
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def udp_bound_ports():
    """Every local UDP port some process has bound (from /proc/net/udp and udp6)."""
    ports = set()
    for table in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    ports.add(int(line.split(None, 2)[1].rsplit(":", 1)[1], 16))
        except FileNotFoundError:
            pass
    return ports


def udp_bound(port):
    """Whether some process has a UDP socket bound to `port` (from /proc/net/udp and udp6)."""
    needle = f":{port:04X} "
    for table in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    if needle in line.split(None, 3)[1] + " ":
                        return True
        except FileNotFoundError:
            pass
    return False


class SrtCaller:
    """Blocking SRT connects through libsrt (ctypes), to time when a listener starts accepting."""

    SRTO_CONNTIMEO = 36  # srt.h

    def __init__(self, library="libsrt.so.1.5"):
        import ctypes
        self.ct = ctypes
        self.lib = ctypes.CDLL(library)
        self.lib.srt_startup()

    def connect(self, port, timeout_ms=3000):
        """One caller handshake with 127.0.0.1:port; True when the listener accepted it."""
        ct, lib = self.ct, self.lib

        class SockaddrIn(ct.Structure):
            _fields_ = [("family", ct.c_ushort), ("port", ct.c_ushort), ("addr", ct.c_uint32),
                        ("zero", ct.c_char * 8)]
        s = lib.srt_create_socket()
        t = ct.c_int(timeout_ms)
        lib.srt_setsockflag(s, self.SRTO_CONNTIMEO, ct.byref(t), ct.sizeof(t))
        addr = SockaddrIn(2, socket.htons(port), int.from_bytes(socket.inet_aton("127.0.0.1"), "little"), b"")
        ok = lib.srt_connect(s, ct.byref(addr), ct.sizeof(addr)) == 0
        lib.srt_close(s)
        return ok
