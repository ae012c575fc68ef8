/*
 * srtload: load generator and checker for SRT benchmarks (see bench/loadgen/README.md).
 *
 *   srtload send   one paced thread sending N MPEG-TS streams as N SRT callers
 *   srtload recv   one SRT listener receiving any number of streams and checking each of them
 *   srtload lossy  a user-space UDP relay that drops (and optionally delays) datagrams
 *
 * Threads: every mode runs on the main thread only. libsrt runs its own threads (for each UDP
 * multiplexer a sender and a receiver, plus a garbage collector); this program never calls back
 * from them. Signal handlers only set g_stop; the main loop notices it within one wait (<= 100 ms).
 *
 * Units: times are CLOCK_MONOTONIC nanoseconds in int64_t unless a name says otherwise
 * (_ms, _us, seconds); sizes are bytes; rates are Mbit/s (10^6 bit/s) of transport stream.
 */
#define _GNU_SOURCE
#include <srt/srt.h>

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

/* ---------------------------------------------------------------------------------------------- */
/* MPEG-TS and probe constants                                                                     */

#define TS_PACKET 188
#define TS_PER_PAYLOAD 7
#define PAYLOAD_SIZE (TS_PACKET * TS_PER_PAYLOAD) /* 1316 bytes: SRT live default payload */

#define PID_PAT 0x0000
#define PID_DATA 0x0100
#define PID_PMT 0x1000
#define PID_PROBE 0x1FF0
#define PID_NULL 0x1FFF
#define PID_COUNT 8192

/* Probe payload layout, offsets from the start of the TS packet (header is 4 bytes). */
#define PROBE_MAGIC "SLPB"
#define PROBE_VERSION 1
#define PROBE_OFF_MAGIC 4    /* 4 bytes "SLPB" */
#define PROBE_OFF_VERSION 8  /* u8 */
#define PROBE_OFF_STREAM 9   /* u32 BE stream index */
#define PROBE_OFF_SEQ 13     /* u64 BE probe sequence number, per stream */
#define PROBE_OFF_TIME 21    /* u64 BE CLOCK_MONOTONIC ns, taken just before srt_sendmsg */
#define PROBE_FIELDS_END 29  /* rest of the packet is 0xFF */

#define NS_PER_SEC 1000000000LL
#define NS_PER_MS 1000000LL
#define NS_PER_US 1000LL

#define PSI_INTERVAL_NS (100 * NS_PER_MS) /* PAT + PMT repetition in synthetic mode */
#define TICK_NS (250 * NS_PER_US)        /* sender: minimum spacing of wake-ups */
#define STATE_CHECK_NS (5 * NS_PER_MS)   /* sender: how often connecting sockets are polled */
#define RECONNECT_BACKOFF_NS (250 * NS_PER_MS)
#define WAIT_SLICE_MS 100                /* recv/lossy: longest wait before g_stop is looked at */
#define UDP_BUFFER_BYTES (4 * 1024 * 1024)

/* ---------------------------------------------------------------------------------------------- */
/* Common helpers                                                                                  */

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

/* SIGINT/SIGTERM only set g_stop (no SA_RESTART, so a blocking wait returns early). */
static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

/* User + system CPU time of the whole process (all threads, libsrt's included), in seconds. */
static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void sleep_until(int64_t t)
{
    struct timespec ts = {.tv_sec = t / NS_PER_SEC, .tv_nsec = t % NS_PER_SEC};
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
}

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("srtload: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q)
        die("out of memory");
    return q;
}

static void put_be32(uint8_t *p, uint32_t v)
{
    for (int i = 3; i >= 0; i--, v >>= 8)
        p[i] = (uint8_t)v;
}

static void put_be64(uint8_t *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        p[i] = (uint8_t)v;
}

static uint64_t get_be(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

static long parse_long(const char *s, const char *opt, long min, long max)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max)
        die("%s: expected an integer in [%ld, %ld], got '%s'", opt, min, max, s);
    return v;
}

static double parse_double(const char *s, const char *opt, double min, double max)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= min && v <= max))
        die("%s: expected a number in [%g, %g], got '%s'", opt, min, max, s);
    return v;
}

/* "HOST:PORT" (IPv4 or a name resolving to IPv4), or just "PORT" when default_host is given. */
static void parse_hostport(const char *s, const char *default_host, struct sockaddr_in *out)
{
    char host[256];
    const char *colon = strrchr(s, ':');
    const char *port = colon ? colon + 1 : s;
    if (colon) {
        size_t n = (size_t)(colon - s);
        if (n == 0 || n >= sizeof host)
            die("bad address '%s' (expected HOST:PORT)", s);
        memcpy(host, s, n);
        host[n] = 0;
    } else if (default_host) {
        snprintf(host, sizeof host, "%s", default_host);
    } else {
        die("bad address '%s' (expected HOST:PORT)", s);
    }
    long p = parse_long(port, "port", 0, 65535);
    struct addrinfo hints = {.ai_family = AF_INET}, *ai;
    if (getaddrinfo(host, NULL, &hints, &ai) != 0)
        die("cannot resolve '%s'", host);
    *out = *(struct sockaddr_in *)ai->ai_addr;
    out->sin_port = htons((uint16_t)p);
    freeaddrinfo(ai);
}

static const char *addr_str(const struct sockaddr_in *a, char *buf, size_t n)
{
    char ip[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &a->sin_addr, ip, sizeof ip);
    snprintf(buf, n, "%s:%u", ip, ntohs(a->sin_port));
    return buf;
}

static FILE *open_report(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        die("cannot write report '%s': %s", path, strerror(errno));
    return f;
}

static void close_report(FILE *f, const char *path)
{
    if (fclose(f) != 0)
        die("cannot write report '%s': %s", path, strerror(errno));
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* SRT options are ints here (libsrt accepts an int for its boolean options too). */
static int srt_set_int(SRTSOCKET s, SRT_SOCKOPT opt, int v)
{
    return srt_setsockflag(s, opt, &v, sizeof v);
}

static void srt_init(void)
{
    if (srt_startup() < 0)
        die("srt_startup: %s", srt_getlasterror_str());
    srt_setloglevel(LOG_CRIT); /* LOG_ERR would report every "no pending connection" of accept */
}

/* ---------------------------------------------------------------------------------------------- */
/* Latency samples (microseconds)                                                                  */

typedef struct {
    uint32_t *v;
    size_t n, cap;
} samples_t;

static void samples_push(samples_t *s, uint32_t us)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 4096;
        s->v = xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = us;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted samples: the smallest value with >= p of the samples <= it. */
static uint32_t percentile(const samples_t *s, double p)
{
    double exact = p * (double)s->n;
    size_t rank = (size_t)exact;
    if ((double)rank < exact)
        rank++;
    return s->v[rank ? rank - 1 : 0];
}

/* Sorts the samples in place and writes {"count":..,"min":..,...} (null figures when empty). */
static void json_latency(FILE *f, samples_t *s)
{
    if (s->n == 0) {
        fputs("{\"count\":0,\"min\":null,\"p50\":null,\"p90\":null,\"p99\":null,\"p999\":null,"
              "\"max\":null,\"mean\":null}",
              f);
        return;
    }
    qsort(s->v, s->n, sizeof *s->v, cmp_u32);
    double sum = 0;
    for (size_t i = 0; i < s->n; i++)
        sum += s->v[i];
    fprintf(f,
            "{\"count\":%zu,\"min\":%" PRIu32 ",\"p50\":%" PRIu32 ",\"p90\":%" PRIu32
            ",\"p99\":%" PRIu32 ",\"p999\":%" PRIu32 ",\"max\":%" PRIu32 ",\"mean\":%.1f}",
            s->n, s->v[0], percentile(s, 0.50), percentile(s, 0.90), percentile(s, 0.99),
            percentile(s, 0.999), s->v[s->n - 1], sum / (double)s->n);
}

/* ---------------------------------------------------------------------------------------------- */
/* send                                                                                            */

typedef enum { ST_IDLE, ST_CONNECTING, ST_CONNECTED } stream_state;

typedef struct {
    int index;
    struct sockaddr_in dst;
    char streamid[512];

    SRTSOCKET sock;
    stream_state state;
    int64_t retry_at; /* ST_IDLE: next connect attempt */

    /* Pacing: payload k of the current connection is due at origin + k * interval. */
    int64_t origin;
    uint64_t k;
    int64_t next_due;

    /* Content state, carried across reconnections. */
    uint8_t cc[PID_COUNT]; /* last continuity_counter written, per PID */
    uint64_t probe_seq;
    size_t file_pos; /* --file: index of the next TS packet of the file */
    int64_t next_psi; /* synthetic: due time of the next PAT + PMT */

    uint64_t sent, drops, bytes, probes, reconnects, connect_failures;
    uint64_t scheduled; /* payloads due by the schedules of finished connections */
} stream_t;

typedef struct {
    int streams;
    double mbps;
    double seconds;
    int latency_ms;
    int connect_timeout_ms;
    const char *file;
    const char *report;

    double interval_ns; /* time between two payloads of one stream */
    uint8_t *file_pkts; /* --file: the file's TS packets, 188 bytes each */
    size_t file_npkts;
    uint8_t pat[TS_PACKET], pmt[TS_PACKET], pattern[TS_PACKET - 4];

    stream_t *s;
    int64_t max_late_ns;
    double sum_late_ns;
} sender_t;

static uint32_t crc32_mpeg(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    while (n--) {
        crc ^= (uint32_t)*p++ << 24;
        for (int i = 0; i < 8; i++)
            crc = crc & 0x80000000u ? crc << 1 ^ 0x04C11DB7u : crc << 1;
    }
    return crc;
}

static void ts_header(uint8_t *p, int pid, bool pusi, int cc)
{
    p[0] = 0x47;
    p[1] = (uint8_t)((pusi ? 0x40 : 0) | (pid >> 8 & 0x1F));
    p[2] = (uint8_t)pid;
    p[3] = (uint8_t)(0x10 | (cc & 0x0F)); /* not scrambled, payload only */
}

/* One PSI section in one TS packet: fills section_length and the CRC, pads with 0xFF. */
static void psi_packet(uint8_t *pkt, int pid, uint8_t *sec, size_t len_without_crc)
{
    size_t len = len_without_crc + 4;
    sec[1] = (uint8_t)(0xB0 | ((len - 3) >> 8 & 0x0F));
    sec[2] = (uint8_t)(len - 3);
    put_be32(sec + len_without_crc, crc32_mpeg(sec, len_without_crc));
    ts_header(pkt, pid, true, 0);
    pkt[4] = 0; /* pointer_field */
    memcpy(pkt + 5, sec, len);
    memset(pkt + 5 + len, 0xFF, TS_PACKET - 5 - len);
}

/* PAT (program 1 -> PMT PID 0x1000) and PMT (no PCR; two private-data streams 0x06). */
static void build_psi(sender_t *g)
{
    uint8_t pat[] = {0x00, 0, 0, 0x00, 0x01, 0xC1, 0x00, 0x00,
                     0x00, 0x01, 0xE0 | PID_PMT >> 8, PID_PMT & 0xFF, 0, 0, 0, 0};
    uint8_t pmt[] = {0x02, 0, 0, 0x00, 0x01, 0xC1, 0x00, 0x00,
                     0xFF, 0xFF, 0xF0, 0x00, /* PCR_PID 0x1FFF (none), program_info_length 0 */
                     0x06, 0xE0 | PID_DATA >> 8, PID_DATA & 0xFF, 0xF0, 0x00,
                     0x06, 0xE0 | PID_PROBE >> 8, PID_PROBE & 0xFF, 0xF0, 0x00, 0, 0, 0, 0};
    psi_packet(g->pat, PID_PAT, pat, sizeof pat - 4);
    psi_packet(g->pmt, PID_PMT, pmt, sizeof pmt - 4);
    for (size_t i = 0; i < sizeof g->pattern; i++)
        g->pattern[i] = (uint8_t)i;
}

/* Copies a template packet and gives it the PID's next continuity_counter. */
static void put_counted(stream_t *s, uint8_t *dst, const uint8_t *tmpl, int pid)
{
    memcpy(dst, tmpl, TS_PACKET);
    s->cc[pid] = (s->cc[pid] + 1) & 0x0F;
    dst[3] = (uint8_t)((dst[3] & 0xF0) | s->cc[pid]);
}

/* The probe packet, send time left at 0 (set just before srt_sendmsg). */
static void put_probe(stream_t *s, uint8_t *p)
{
    s->cc[PID_PROBE] = (s->cc[PID_PROBE] + 1) & 0x0F;
    ts_header(p, PID_PROBE, true, s->cc[PID_PROBE]);
    memcpy(p + PROBE_OFF_MAGIC, PROBE_MAGIC, 4);
    p[PROBE_OFF_VERSION] = PROBE_VERSION;
    put_be32(p + PROBE_OFF_STREAM, (uint32_t)s->index);
    put_be64(p + PROBE_OFF_SEQ, s->probe_seq++);
    put_be64(p + PROBE_OFF_TIME, 0);
    memset(p + PROBE_FIELDS_END, 0xFF, TS_PACKET - PROBE_FIELDS_END);
    s->probes++;
}

/* Fills one payload due at 'due'; returns the index of the probe packet in it, or -1. */
static int build_payload(sender_t *g, stream_t *s, uint8_t *buf, int64_t due)
{
    if (!g->file_pkts) {
        /* Synthetic: probe, then PAT + PMT every 100 ms, then data packets on PID 0x100. */
        put_probe(s, buf);
        int i = 1;
        if (due >= s->next_psi) {
            put_counted(s, buf + TS_PACKET, g->pat, PID_PAT);
            put_counted(s, buf + 2 * TS_PACKET, g->pmt, PID_PMT);
            s->next_psi = due + PSI_INTERVAL_NS;
            i = 3;
        }
        for (; i < TS_PER_PAYLOAD; i++) {
            uint8_t *p = buf + i * TS_PACKET;
            s->cc[PID_DATA] = (s->cc[PID_DATA] + 1) & 0x0F;
            ts_header(p, PID_DATA, false, s->cc[PID_DATA]);
            memcpy(p + 4, g->pattern, sizeof g->pattern);
        }
        return 0;
    }
    /* --file: the next 7 packets of the looped file, continuity counters rewritten per PID,
     * the first null packet replaced by the probe. */
    int probe = -1;
    for (int i = 0; i < TS_PER_PAYLOAD; i++) {
        uint8_t *p = buf + i * TS_PACKET;
        memcpy(p, g->file_pkts + s->file_pos * TS_PACKET, TS_PACKET);
        s->file_pos = (s->file_pos + 1) % g->file_npkts;
        int pid = (p[1] & 0x1F) << 8 | p[2];
        if (pid == PID_NULL) {
            if (probe < 0) {
                put_probe(s, p);
                probe = i;
            }
            continue;
        }
        if (p[3] & 0x10) /* payload present: next counter; adaptation field only: same counter */
            s->cc[pid] = (s->cc[pid] + 1) & 0x0F;
        p[3] = (uint8_t)((p[3] & 0xF0) | s->cc[pid]);
    }
    return probe;
}

/* Loads a TS file: finds the first offset with three sync bytes 188 apart, keeps every packet
 * that starts with 0x47 from there. */
static void load_file(sender_t *g, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot open '%s': %s", path, strerror(errno));
    uint8_t *data = NULL;
    size_t n = 0, cap = 0, r;
    do {
        if (cap - n < 1 << 16)
            data = xrealloc(data, cap = cap * 2 + (1 << 16));
        r = fread(data + n, 1, cap - n, f);
        n += r;
    } while (r > 0);
    fclose(f);
    size_t start = 0;
    while (start + 3 * TS_PACKET <= n &&
           !(data[start] == 0x47 && data[start + TS_PACKET] == 0x47 && data[start + 2 * TS_PACKET] == 0x47))
        start++;
    g->file_pkts = xrealloc(NULL, n);
    for (size_t off = start; off + TS_PACKET <= n; off += TS_PACKET)
        if (data[off] == 0x47)
            memcpy(g->file_pkts + TS_PACKET * g->file_npkts++, data + off, TS_PACKET);
    free(data);
    if (g->file_npkts < TS_PER_PAYLOAD)
        die("'%s' holds fewer than %d MPEG-TS packets", path, TS_PER_PAYLOAD);
}

/* "%d" -> stream index, "%%" -> "%"; anything else is copied. */
static void format_streamid(char *out, size_t n, const char *fmt, int index)
{
    size_t o = 0;
    for (const char *p = fmt; *p && o + 1 < n; p++) {
        if (p[0] == '%' && p[1] == 'd') {
            o += (size_t)snprintf(out + o, n - o, "%d", index);
            p++;
        } else if (p[0] == '%' && p[1] == '%') {
            out[o++] = '%';
            p++;
        } else {
            out[o++] = *p;
        }
    }
    out[o < n ? o : n - 1] = 0;
}

static int64_t due_time(const sender_t *g, const stream_t *s, uint64_t k)
{
    return s->origin + (int64_t)((double)k * g->interval_ns);
}

/* Payloads that the schedule of the current connection had due by time t. */
static uint64_t due_by(const sender_t *g, const stream_t *s, int64_t t)
{
    return t < s->origin ? 0 : (uint64_t)((double)(t - s->origin) / g->interval_ns) + 1;
}

static void start_connect(sender_t *g, stream_t *s, int64_t now)
{
    s->sock = srt_create_socket();
    if (s->sock == SRT_INVALID_SOCK ||
        srt_set_int(s->sock, SRTO_TRANSTYPE, SRTT_LIVE) < 0 ||
        srt_set_int(s->sock, SRTO_SNDSYN, 0) < 0 || /* a full send buffer is a drop, not a wait */
        srt_set_int(s->sock, SRTO_RCVSYN, 0) < 0 || /* asynchronous connect */
        srt_set_int(s->sock, SRTO_LATENCY, g->latency_ms) < 0 ||
        srt_set_int(s->sock, SRTO_CONNTIMEO, g->connect_timeout_ms) < 0 ||
        (s->streamid[0] && srt_setsockflag(s->sock, SRTO_STREAMID, s->streamid, (int)strlen(s->streamid)) < 0))
        die("stream %d: cannot set up an SRT socket: %s", s->index, srt_getlasterror_str());
    if (srt_connect(s->sock, (struct sockaddr *)&s->dst, sizeof s->dst) == SRT_ERROR) {
        srt_close(s->sock);
        s->connect_failures++;
        s->retry_at = now + RECONNECT_BACKOFF_NS;
        s->state = ST_IDLE;
        return;
    }
    s->state = ST_CONNECTING;
}

/* Ends the current connection (broken, or the run is over) and closes its schedule. */
static void end_connection(sender_t *g, stream_t *s, int64_t now)
{
    s->scheduled += due_by(g, s, now);
    srt_close(s->sock);
    s->state = ST_IDLE;
    s->retry_at = now + RECONNECT_BACKOFF_NS;
}

/* Drives connects of idle and connecting streams; starts the schedule of a new connection,
 * phase-shifted by index/streams of an interval so that streams do not send in step. */
static void check_states(sender_t *g, int64_t now)
{
    for (int i = 0; i < g->streams; i++) {
        stream_t *s = &g->s[i];
        if (s->state == ST_IDLE && now >= s->retry_at) {
            start_connect(g, s, now);
        } else if (s->state == ST_CONNECTING) {
            SRT_SOCKSTATUS st = srt_getsockstate(s->sock);
            if (st == SRTS_CONNECTED) {
                s->state = ST_CONNECTED;
                s->origin = now + (int64_t)(g->interval_ns * i / g->streams);
                s->k = 0;
                s->next_due = s->origin;
                s->next_psi = 0; /* a new connection starts with PAT + PMT */
            } else if (st != SRTS_CONNECTING && st != SRTS_OPENED) {
                srt_close(s->sock);
                s->connect_failures++;
                s->state = ST_IDLE;
                s->retry_at = now + RECONNECT_BACKOFF_NS;
            }
        }
    }
}

/* Sends the payload due at s->next_due, without ever blocking. */
static void send_one(sender_t *g, stream_t *s)
{
    uint8_t buf[PAYLOAD_SIZE];
    int probe = build_payload(g, s, buf, s->next_due);
    int64_t t = now_ns();
    if (probe >= 0)
        put_be64(buf + probe * TS_PACKET + PROBE_OFF_TIME, (uint64_t)t);
    int r = srt_sendmsg(s->sock, (const char *)buf, PAYLOAD_SIZE, -1, 0);

    int64_t late = t - s->next_due;
    g->sum_late_ns += (double)late;
    if (late > g->max_late_ns)
        g->max_late_ns = late;
    s->next_due = due_time(g, s, ++s->k);

    if (r != SRT_ERROR) {
        s->sent++;
        s->bytes += (uint64_t)r;
    } else if (srt_getlasterror(NULL) == SRT_EASYNCSND) {
        s->drops++;
    } else {
        s->drops++; /* this payload is lost; the connection is redone after a backoff */
        s->reconnects++;
        end_connection(g, s, t);
    }
}

static void send_usage(void)
{
    fputs("usage: srtload send (--to HOST:PORT | --to-ports HOST:P0,P1,...) [--streams N] [--mbps R]\n"
          "         [--seconds S] [--latency MS] [--streamid FMT] [--file media.ts] [--report FILE]\n"
          "         [--connect-timeout MS]\n",
          stderr);
    exit(2);
}

static void write_send_report(sender_t *g, double seconds, double cpu, int64_t behind_ns)
{
    uint64_t sent = 0, drops = 0, bytes = 0, reconnects = 0, failures = 0, scheduled = 0;
    for (int i = 0; i < g->streams; i++) {
        stream_t *s = &g->s[i];
        sent += s->sent, drops += s->drops, bytes += s->bytes, scheduled += s->scheduled;
        reconnects += s->reconnects, failures += s->connect_failures;
    }
    uint64_t attempted = sent + drops;
    double behind_pct = scheduled > attempted ? 100.0 * (double)(scheduled - attempted) / (double)scheduled : 0;
    double mean_late_ms = attempted ? g->sum_late_ns / (double)attempted / 1e6 : 0;
    fprintf(stderr,
            "srtload send: %d streams x %g Mbit/s, %.2f s: %" PRIu64 " payloads sent, %" PRIu64
            " send drops, %" PRIu64 " reconnects, cpu %.1f%% of one core, behind %.2f%% (%.1f ms at the end,"
            " max late %.1f ms)\n",
            g->streams, g->mbps, seconds, sent, drops, reconnects, seconds > 0 ? cpu / seconds * 100 : 0,
            behind_pct, (double)behind_ns / 1e6, (double)g->max_late_ns / 1e6);
    if (!g->report)
        return;
    FILE *f = open_report(g->report);
    fprintf(f, "{\"mode\":\"send\",\"streams\":%d,\"mbps\":%g,\"seconds\":%.3f,\"cpu_seconds\":%.3f,"
               "\"cpu_pct\":%.1f,\"latency_ms\":%d,\"file\":",
            g->streams, g->mbps, seconds, cpu, seconds > 0 ? cpu / seconds * 100 : 0, g->latency_ms);
    if (g->file)
        json_string(f, g->file);
    else
        fputs("null", f);
    fprintf(f,
            ",\"payloads_sent\":%" PRIu64 ",\"send_drops\":%" PRIu64 ",\"bytes_sent\":%" PRIu64
            ",\"reconnects\":%" PRIu64 ",\"connect_failures\":%" PRIu64 ",\"scheduled_payloads\":%" PRIu64
            ",\"behind_pct\":%.3f,\"behind_ms\":%.3f,\"max_late_ms\":%.3f,\"mean_late_ms\":%.3f,\"per_stream\":[",
            sent, drops, bytes, reconnects, failures, scheduled, behind_pct, (double)behind_ns / 1e6,
            (double)g->max_late_ns / 1e6, mean_late_ms);
    for (int i = 0; i < g->streams; i++) {
        stream_t *s = &g->s[i];
        char a[64];
        fprintf(f,
                "%s{\"stream\":%d,\"to\":\"%s\",\"payloads_sent\":%" PRIu64 ",\"send_drops\":%" PRIu64
                ",\"bytes_sent\":%" PRIu64 ",\"probes\":%" PRIu64 ",\"reconnects\":%" PRIu64
                ",\"connect_failures\":%" PRIu64 "}",
                i ? "," : "", i, addr_str(&s->dst, a, sizeof a), s->sent, s->drops, s->bytes, s->probes,
                s->reconnects, s->connect_failures);
    }
    fputs("]}\n", f);
    close_report(f, g->report);
}

static int cmd_send(int argc, char **argv)
{
    static const struct option opts[] = {
        {"to", required_argument, 0, 't'},       {"to-ports", required_argument, 0, 'P'},
        {"streams", required_argument, 0, 'n'},  {"mbps", required_argument, 0, 'r'},
        {"seconds", required_argument, 0, 's'},  {"latency", required_argument, 0, 'l'},
        {"streamid", required_argument, 0, 'i'}, {"file", required_argument, 0, 'f'},
        {"report", required_argument, 0, 'o'},   {"connect-timeout", required_argument, 0, 'c'},
        {0, 0, 0, 0}};
    sender_t g = {.streams = 1, .mbps = 10, .latency_ms = 120, .connect_timeout_ms = 3000};
    const char *to = NULL, *to_ports = NULL, *streamid = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 't': to = optarg; break;
        case 'P': to_ports = optarg; break;
        case 'n': g.streams = (int)parse_long(optarg, "--streams", 1, 100000); break;
        case 'r': g.mbps = parse_double(optarg, "--mbps", 0.01, 10000); break;
        case 's': g.seconds = parse_double(optarg, "--seconds", 0, 1e9); break;
        case 'l': g.latency_ms = (int)parse_long(optarg, "--latency", 0, 60000); break;
        case 'i': streamid = optarg; break;
        case 'f': g.file = optarg; break;
        case 'o': g.report = optarg; break;
        case 'c': g.connect_timeout_ms = (int)parse_long(optarg, "--connect-timeout", 1, 600000); break;
        default: send_usage();
        }
    }
    if (optind != argc || !to == !to_ports)
        send_usage();

    /* Destinations: --to sends every stream to one port; --to-ports sends stream i to port
     * P(i mod count). */
    struct sockaddr_in base;
    char *ports = NULL;
    size_t nports = 0;
    long *port_list = NULL;
    if (to) {
        parse_hostport(to, NULL, &base);
    } else {
        const char *colon = strchr(to_ports, ':');
        if (!colon)
            die("--to-ports: expected HOST:P0,P1,...");
        char host[256];
        snprintf(host, sizeof host, "%.*s:0", (int)(colon - to_ports), to_ports);
        parse_hostport(host, NULL, &base);
        ports = strdup(colon + 1);
        for (char *save, *p = strtok_r(ports, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
            port_list = xrealloc(port_list, (nports + 1) * sizeof *port_list);
            port_list[nports++] = parse_long(p, "--to-ports", 1, 65535);
        }
        if (!nports)
            die("--to-ports: no port given");
    }

    g.interval_ns = (double)PAYLOAD_SIZE * 8 * 1e3 / g.mbps; /* bits / (Mbit/s) -> us; x1e3 -> ns */
    build_psi(&g);
    if (g.file)
        load_file(&g, g.file);
    g.s = calloc((size_t)g.streams, sizeof *g.s);
    if (!g.s)
        die("out of memory");
    for (int i = 0; i < g.streams; i++) {
        stream_t *s = &g.s[i];
        s->index = i;
        s->dst = base;
        if (nports)
            s->dst.sin_port = htons((uint16_t)port_list[(size_t)i % nports]);
        if (streamid)
            format_streamid(s->streamid, sizeof s->streamid, streamid, i);
        memset(s->cc, 0x0F, sizeof s->cc); /* the first payload-carrying packet of a PID gets 0 */
    }
    free(ports);
    free(port_list);

    install_signals();
    srt_init();
    const int64_t start = now_ns();
    const int64_t end = g.seconds > 0 ? start + (int64_t)(g.seconds * NS_PER_SEC) : INT64_MAX;
    int64_t now = start, wake = start, next_check = start;

    /* The pacing loop. Each wake-up sends every payload that is due (catching up after a late
     * wake-up), then sleeps until the earliest next due time, but at least TICK_NS after the
     * previous wake-up so that sends are batched. */
    while (!g_stop && now < end) {
        if (now >= next_check) {
            check_states(&g, now);
            next_check = now + STATE_CHECK_NS;
        }
        int64_t next = end;
        bool waiting = false;
        for (int i = 0; i < g.streams; i++) {
            stream_t *s = &g.s[i];
            while (s->state == ST_CONNECTED && s->next_due <= now)
                send_one(&g, s);
            if (s->state == ST_CONNECTED) {
                if (s->next_due < next)
                    next = s->next_due;
            } else {
                waiting = true;
            }
        }
        if (waiting && next_check < next)
            next = next_check;
        wake = next > wake + TICK_NS ? next : wake + TICK_NS;
        sleep_until(wake);
        now = now_ns();
    }

    /* Stop: close the schedules, measure CPU over the sending period only. */
    const int64_t stop = now;
    const double cpu = cpu_seconds();
    int64_t behind_ns = 0;
    for (int i = 0; i < g.streams; i++) {
        stream_t *s = &g.s[i];
        if (s->state == ST_CONNECTED && stop - s->next_due > behind_ns)
            behind_ns = stop - s->next_due;
        if (s->state == ST_CONNECTED)
            s->scheduled += due_by(&g, s, stop);
    }
    /* Keep the connections open for 2 x latency + 200 ms, so the receiver can deliver what is in
     * its latency buffer (closing drops it: see README). A second signal skips this. */
    g_stop = 0;
    const int64_t drain_end = stop + 2 * g.latency_ms * NS_PER_MS + 200 * NS_PER_MS;
    while (!g_stop && now_ns() < drain_end)
        sleep_until(now_ns() + 10 * NS_PER_MS < drain_end ? now_ns() + 10 * NS_PER_MS : drain_end);
    for (int i = 0; i < g.streams; i++)
        if (g.s[i].state != ST_IDLE)
            srt_close(g.s[i].sock);
    srt_cleanup();
    write_send_report(&g, (double)(stop - start) / NS_PER_SEC, cpu, behind_ns);
    free(g.s);
    free(g.file_pkts);
    return 0;
}

/* ---------------------------------------------------------------------------------------------- */
/* recv                                                                                            */

/* Per-PID continuity state: bit 7 = seen, bit 6 = the last packet was a duplicate, bits 0-3 = CC. */
#define CC_SEEN 0x80
#define CC_DUP 0x40

typedef struct {
    int number; /* accept order, from 0 */
    SRTSOCKET sock;
    bool open;
    char peer[64];
    char streamid[513];
    int64_t accepted_at, closed_at, count_from; /* count_from = accepted_at + warmup */

    int64_t stream; /* stream index from the first probe, -1 if none seen */
    bool have_seq;
    uint64_t next_seq;

    uint64_t payloads, bytes, ts_packets, sync_errors, cc_errors;
    uint64_t probes, probe_gaps, probe_reorders, probe_foreign;
    samples_t latency;
    uint8_t cc[PID_COUNT];

    SRT_TRACEBSTATS stats; /* taken when the connection ends */
} conn_t;

typedef struct {
    double seconds, warmup;
    int latency_ms;
    int expect;
    const char *report;
    conn_t **conns;
    int nconns;
} receiver_t;

/* ISO/IEC 13818-1 2.4.3.3: a payload-carrying packet must carry last + 1 (mod 16), unless its
 * discontinuity_indicator is set; one duplicate (same CC) is allowed. Adaptation-only packets
 * neither advance nor are checked. */
static void check_cc(conn_t *c, const uint8_t *p, int pid, bool counting)
{
    int afc = p[3] >> 4 & 3, cc = p[3] & 0x0F;
    if (!(afc & 1))
        return;
    bool discontinuity = (afc & 2) && p[4] > 0 && (p[5] & 0x80);
    uint8_t st = c->cc[pid];
    if (!(st & CC_SEEN) || discontinuity) {
        c->cc[pid] = (uint8_t)(CC_SEEN | cc);
        return;
    }
    int last = st & 0x0F;
    if (cc == last) {
        if (st & CC_DUP) {
            if (counting)
                c->cc_errors++;
        } else {
            c->cc[pid] = st | CC_DUP;
        }
        return;
    }
    if (cc != ((last + 1) & 0x0F) && counting)
        c->cc_errors++;
    c->cc[pid] = (uint8_t)(CC_SEEN | cc);
}

static void check_probe(conn_t *c, const uint8_t *p, int64_t recv_time, bool counting)
{
    int afc = p[3] >> 4 & 3;
    int o = (afc & 2) ? 5 + p[4] : 4; /* payload offset after an adaptation field */
    if (!(afc & 1) || o + (PROBE_FIELDS_END - PROBE_OFF_MAGIC) > TS_PACKET)
        return;
    const uint8_t *q = p + o - PROBE_OFF_MAGIC; /* probe fields at their usual offsets from q */
    if (memcmp(q + PROBE_OFF_MAGIC, PROBE_MAGIC, 4) != 0 || q[PROBE_OFF_VERSION] != PROBE_VERSION)
        return;
    int64_t stream = (int64_t)get_be(q + PROBE_OFF_STREAM, 4);
    uint64_t seq = get_be(q + PROBE_OFF_SEQ, 8);
    int64_t sent = (int64_t)get_be(q + PROBE_OFF_TIME, 8);
    if (c->stream < 0)
        c->stream = stream;
    if (stream != c->stream) {
        if (counting)
            c->probe_foreign++;
        return;
    }
    if (!c->have_seq || seq >= c->next_seq) {
        if (c->have_seq && counting)
            c->probe_gaps += seq - c->next_seq;
        c->have_seq = true;
        c->next_seq = seq + 1;
    } else if (counting) {
        c->probe_reorders++;
    }
    if (!counting)
        return;
    c->probes++;
    int64_t us = (recv_time - sent) / NS_PER_US;
    samples_push(&c->latency, us < 0 ? 0 : us > UINT32_MAX ? UINT32_MAX : (uint32_t)us);
}

static void analyze(conn_t *c, const uint8_t *buf, int len, int64_t recv_time)
{
    bool counting = recv_time >= c->count_from;
    if (counting) {
        c->payloads++;
        c->bytes += (uint64_t)len;
        if (len % TS_PACKET)
            c->sync_errors++; /* a payload that is not whole TS packets */
    }
    for (int off = 0; off + TS_PACKET <= len; off += TS_PACKET) {
        const uint8_t *p = buf + off;
        if (p[0] != 0x47) {
            if (counting)
                c->sync_errors++;
            continue;
        }
        if (counting)
            c->ts_packets++;
        int pid = (p[1] & 0x1F) << 8 | p[2];
        if (pid == PID_NULL)
            continue;
        check_cc(c, p, pid, counting);
        if (pid == PID_PROBE && (p[1] & 0x40))
            check_probe(c, p, recv_time, counting);
    }
}

/* Keeps the last good statistics: libsrt refuses srt_bistats once the peer has closed. */
static void snapshot_stats(conn_t *c)
{
    SRT_TRACEBSTATS fresh;
    if (srt_bistats(c->sock, &fresh, 0, 1) == 0)
        c->stats = fresh;
}

static void close_conn(int eid, conn_t *c, int64_t now)
{
    snapshot_stats(c);
    srt_epoll_remove_usock(eid, c->sock);
    srt_close(c->sock);
    c->open = false;
    c->closed_at = now;
}

static void accept_all(receiver_t *r, int eid, SRTSOCKET listener)
{
    for (;;) {
        struct sockaddr_storage sa;
        int salen = sizeof sa;
        SRTSOCKET s = srt_accept(listener, (struct sockaddr *)&sa, &salen);
        if (s == SRT_INVALID_SOCK)
            return;
        conn_t *c = calloc(1, sizeof *c);
        if (!c)
            die("out of memory");
        c->number = r->nconns;
        c->sock = s;
        c->open = true;
        c->stream = -1;
        c->accepted_at = now_ns();
        c->count_from = c->accepted_at + (int64_t)(r->warmup * NS_PER_SEC);
        if (sa.ss_family == AF_INET)
            addr_str((struct sockaddr_in *)&sa, c->peer, sizeof c->peer);
        int n = sizeof c->streamid - 1;
        if (srt_getsockflag(s, SRTO_STREAMID, c->streamid, &n) < 0)
            n = 0;
        c->streamid[n] = 0;
        srt_set_int(s, SRTO_RCVSYN, 0);
        int events = SRT_EPOLL_IN | SRT_EPOLL_ERR;
        srt_epoll_add_usock(eid, s, &events);
        r->conns = xrealloc(r->conns, (size_t)(r->nconns + 1) * sizeof *r->conns);
        r->conns[r->nconns++] = c;
    }
}

/* Reads everything that is ready; ends the connection on any error but "nothing ready". */
static void read_all(int eid, conn_t *c)
{
    uint8_t buf[SRT_LIVE_MAX_PLSIZE];
    for (;;) {
        int n = srt_recvmsg(c->sock, (char *)buf, sizeof buf);
        int64_t t = now_ns();
        if (n == SRT_ERROR) {
            if (srt_getlasterror(NULL) != SRT_EASYNCRCV)
                close_conn(eid, c, t);
            return;
        }
        analyze(c, buf, n, t);
    }
}

static void json_counters(FILE *f, const conn_t *c)
{
    fprintf(f,
            "\"payloads\":%" PRIu64 ",\"bytes\":%" PRIu64 ",\"ts_packets\":%" PRIu64 ",\"sync_errors\":%" PRIu64
            ",\"cc_errors\":%" PRIu64 ",\"probes\":%" PRIu64 ",\"probe_gaps\":%" PRIu64
            ",\"probe_reorders\":%" PRIu64 ",\"probe_foreign\":%" PRIu64,
            c->payloads, c->bytes, c->ts_packets, c->sync_errors, c->cc_errors, c->probes, c->probe_gaps,
            c->probe_reorders, c->probe_foreign);
}

/* pktRcvRetrans is an interval counter in libsrt 1.5.1 (no ...Total field); statistics are never
 * cleared here, so it is the connection's total. */
static void json_srt(FILE *f, const SRT_TRACEBSTATS *s)
{
    fprintf(f,
            "\"srt\":{\"pktRecvTotal\":%" PRId64 ",\"pktRcvLossTotal\":%d,\"pktRcvDropTotal\":%d"
            ",\"pktRcvRetransTotal\":%d,\"pktRcvBelatedTotal\":%" PRId64 "}",
            s->pktRecvTotal, s->pktRcvLossTotal, s->pktRcvDropTotal, s->pktRcvRetrans, s->pktRcvBelated);
}

static void write_recv_report(receiver_t *r, double seconds, double cpu, int64_t end)
{
    conn_t total;
    memset(&total, 0, sizeof total);
    SRT_TRACEBSTATS st;
    memset(&st, 0, sizeof st);
    int streams_seen = 0;
    bool *seen = NULL;
    for (int i = 0; i < r->nconns; i++) {
        conn_t *c = r->conns[i];
        total.payloads += c->payloads, total.bytes += c->bytes, total.ts_packets += c->ts_packets;
        total.sync_errors += c->sync_errors, total.cc_errors += c->cc_errors, total.probes += c->probes;
        total.probe_gaps += c->probe_gaps, total.probe_reorders += c->probe_reorders;
        total.probe_foreign += c->probe_foreign;
        st.pktRecvTotal += c->stats.pktRecvTotal, st.pktRcvLossTotal += c->stats.pktRcvLossTotal;
        st.pktRcvDropTotal += c->stats.pktRcvDropTotal, st.pktRcvRetrans += c->stats.pktRcvRetrans;
        st.pktRcvBelated += c->stats.pktRcvBelated;
        for (size_t k = 0; k < c->latency.n; k++)
            samples_push(&total.latency, c->latency.v[k]);
        if (c->stream >= 0 && c->stream < 1000000) {
            seen = xrealloc(seen, (size_t)(c->stream + 1) * sizeof *seen);
            for (int64_t k = streams_seen; k <= c->stream; k++)
                seen[k] = false;
            if (c->stream + 1 > streams_seen)
                streams_seen = (int)c->stream + 1;
            seen[c->stream] = true;
        }
    }
    int distinct = 0;
    for (int k = 0; k < streams_seen; k++)
        distinct += seen[k];
    free(seen);

    FILE *f = r->report ? open_report(r->report) : NULL;
    if (f) {
        fprintf(f,
                "{\"mode\":\"recv\",\"seconds\":%.3f,\"cpu_seconds\":%.3f,\"cpu_pct\":%.1f,\"latency_ms\":%d,"
                "\"warmup_seconds\":%g,\"expect\":",
                seconds, cpu, seconds > 0 ? cpu / seconds * 100 : 0, r->latency_ms, r->warmup);
        if (r->expect >= 0)
            fprintf(f, "%d", r->expect);
        else
            fputs("null", f);
        fprintf(f, ",\"streams_seen\":%d,\"connections\":[", distinct);
        for (int i = 0; i < r->nconns; i++) {
            conn_t *c = r->conns[i];
            fprintf(f, "%s{\"connection\":%d,\"stream\":", i ? "," : "", c->number);
            if (c->stream >= 0)
                fprintf(f, "%" PRId64, c->stream);
            else
                fputs("null", f);
            fputs(",\"streamid\":", f);
            json_string(f, c->streamid);
            fprintf(f, ",\"peer\":\"%s\",\"seconds\":%.3f,", c->peer,
                    (double)((c->open ? end : c->closed_at) - c->accepted_at) / NS_PER_SEC);
            json_counters(f, c);
            fputs(",\"latency_us\":", f);
            json_latency(f, &c->latency);
            fputc(',', f);
            json_srt(f, &c->stats);
            fputc('}', f);
        }
        fprintf(f, "],\"total\":{\"connections\":%d,", r->nconns);
        json_counters(f, &total);
        fputs(",\"latency_us\":", f);
    }
    /* The total's samples are sorted by json_latency (or here when there is no report file). */
    if (f)
        json_latency(f, &total.latency);
    else if (total.latency.n)
        qsort(total.latency.v, total.latency.n, sizeof *total.latency.v, cmp_u32);
    if (f) {
        fputc(',', f);
        json_srt(f, &st);
        fputs("}}\n", f);
        close_report(f, r->report);
    }
    fprintf(stderr,
            "srtload recv: %.2f s, %d connections, %d streams, %" PRIu64 " payloads, %" PRIu64 " cc errors, %" PRIu64
            " probe gaps, cpu %.1f%% of one core",
            seconds, r->nconns, distinct, total.payloads, total.cc_errors, total.probe_gaps,
            seconds > 0 ? cpu / seconds * 100 : 0);
    if (total.latency.n)
        fprintf(stderr, ", latency p50 %.1f ms p99 %.1f ms max %.1f ms", percentile(&total.latency, 0.5) / 1e3,
                percentile(&total.latency, 0.99) / 1e3, total.latency.v[total.latency.n - 1] / 1e3);
    fputc('\n', stderr);
    if (r->expect >= 0 && distinct < r->expect)
        fprintf(stderr, "srtload recv: expected %d streams, saw %d\n", r->expect, distinct);
    free(total.latency.v);
}

static void recv_usage(void)
{
    fputs("usage: srtload recv --listen [HOST:]PORT [--latency MS] [--seconds S] [--warmup S]\n"
          "         [--expect N] [--report FILE]\n",
          stderr);
    exit(2);
}

static int cmd_recv(int argc, char **argv)
{
    static const struct option opts[] = {
        {"listen", required_argument, 0, 'L'}, {"latency", required_argument, 0, 'l'},
        {"seconds", required_argument, 0, 's'}, {"warmup", required_argument, 0, 'w'},
        {"expect", required_argument, 0, 'e'}, {"report", required_argument, 0, 'o'},
        {0, 0, 0, 0}};
    receiver_t r = {.latency_ms = 120, .expect = -1};
    const char *listen_at = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'L': listen_at = optarg; break;
        case 'l': r.latency_ms = (int)parse_long(optarg, "--latency", 0, 60000); break;
        case 's': r.seconds = parse_double(optarg, "--seconds", 0, 1e9); break;
        case 'w': r.warmup = parse_double(optarg, "--warmup", 0, 1e9); break;
        case 'e': r.expect = (int)parse_long(optarg, "--expect", 0, 1000000); break;
        case 'o': r.report = optarg; break;
        default: recv_usage();
        }
    }
    if (optind != argc || !listen_at)
        recv_usage();
    struct sockaddr_in addr;
    parse_hostport(listen_at, "127.0.0.1", &addr);

    install_signals();
    srt_init();
    SRTSOCKET l = srt_create_socket();
    if (l == SRT_INVALID_SOCK || srt_set_int(l, SRTO_TRANSTYPE, SRTT_LIVE) < 0 ||
        srt_set_int(l, SRTO_RCVSYN, 0) < 0 || srt_set_int(l, SRTO_LATENCY, r.latency_ms) < 0 ||
        srt_bind(l, (struct sockaddr *)&addr, sizeof addr) == SRT_ERROR || srt_listen(l, 128) == SRT_ERROR)
        die("cannot listen on %s: %s", listen_at, srt_getlasterror_str());
    int eid = srt_epoll_create();
    int events = SRT_EPOLL_IN | SRT_EPOLL_ERR;
    srt_epoll_add_usock(eid, l, &events);
    char a[64];
    fprintf(stderr, "srtload recv: listening on %s\n", addr_str(&addr, a, sizeof a));

    const int64_t start = now_ns();
    const int64_t end = r.seconds > 0 ? start + (int64_t)(r.seconds * NS_PER_SEC) : INT64_MAX;
    int64_t now = start;
    SRT_EPOLL_EVENT ev[64];
    int64_t next_stats = start + NS_PER_SEC;
    while (!g_stop && now < end) {
        if (now >= next_stats) {
            for (int k = 0; k < r.nconns; k++)
                if (r.conns[k]->open)
                    snapshot_stats(r.conns[k]);
            next_stats = now + NS_PER_SEC;
        }
        int64_t timeout_ms = (end - now + NS_PER_MS - 1) / NS_PER_MS;
        int n = srt_epoll_uwait(eid, ev, 64, timeout_ms < WAIT_SLICE_MS ? timeout_ms : WAIT_SLICE_MS);
        for (int i = 0; i < n; i++) {
            if (ev[i].fd == l) {
                accept_all(&r, eid, l);
                continue;
            }
            for (int k = 0; k < r.nconns; k++) {
                conn_t *cn = r.conns[k];
                if (!cn->open || cn->sock != ev[i].fd)
                    continue;
                read_all(eid, cn); /* reads what is left even when the event is an error */
                if (cn->open && (ev[i].events & SRT_EPOLL_ERR))
                    close_conn(eid, cn, now_ns());
                break;
            }
        }
        now = now_ns();
    }
    const double seconds = (double)(now - start) / NS_PER_SEC;
    const double cpu = cpu_seconds();
    for (int k = 0; k < r.nconns; k++)
        if (r.conns[k]->open)
            close_conn(eid, r.conns[k], now);
    srt_epoll_release(eid);
    srt_close(l);
    srt_cleanup();
    write_recv_report(&r, seconds, cpu, now);
    for (int k = 0; k < r.nconns; k++) {
        free(r.conns[k]->latency.v);
        free(r.conns[k]);
    }
    free(r.conns);
    return 0;
}

/* ---------------------------------------------------------------------------------------------- */
/* lossy                                                                                           */

typedef struct {
    struct sockaddr_in addr; /* the client, as seen on the listening socket */
    int fd;                  /* upstream socket, connected to the target */
} client_t;

/* A datagram waiting for its delay; the queue is FIFO because the delay is fixed. */
typedef struct {
    int64_t due;
    int client;
    bool up; /* client -> target */
    uint16_t len;
    uint8_t *data;
} queued_t;

typedef struct {
    double loss_pct;
    bool both_ways;
    int64_t delay_ns;
    uint64_t rng; /* xorshift64* state */
    int listen_fd, epfd, timer_fd;
    client_t *clients;
    int nclients;
    queued_t *q; /* ring buffer */
    size_t qhead, qlen, qcap;
    uint64_t fwd_up, drop_up, fwd_down, drop_down, err_up, err_down;
} relay_t;

#define EV_LISTEN UINT64_MAX
#define EV_TIMER (UINT64_MAX - 1)

static bool lose(relay_t *r)
{
    r->rng ^= r->rng >> 12;
    r->rng ^= r->rng << 25;
    r->rng ^= r->rng >> 27;
    double u = (double)((r->rng * 0x2545F4914F6CDD1DULL) >> 11) / 9007199254740992.0; /* [0, 1) */
    return u * 100 < r->loss_pct;
}

static void set_bufs(int fd)
{
    int n = UDP_BUFFER_BYTES;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &n, sizeof n);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &n, sizeof n);
}

static int client_for(relay_t *r, const struct sockaddr_in *from, const struct sockaddr_in *target)
{
    for (int i = 0; i < r->nclients; i++)
        if (r->clients[i].addr.sin_port == from->sin_port && r->clients[i].addr.sin_addr.s_addr == from->sin_addr.s_addr)
            return i;
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    if (fd < 0 || connect(fd, (const struct sockaddr *)target, sizeof *target) < 0)
        die("cannot open an upstream socket: %s", strerror(errno));
    set_bufs(fd);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = (uint64_t)r->nclients};
    epoll_ctl(r->epfd, EPOLL_CTL_ADD, fd, &ev);
    r->clients = xrealloc(r->clients, (size_t)(r->nclients + 1) * sizeof *r->clients);
    r->clients[r->nclients] = (client_t){.addr = *from, .fd = fd};
    return r->nclients++;
}

static void forward(relay_t *r, int client, bool up, const uint8_t *data, size_t len)
{
    client_t *c = &r->clients[client];
    ssize_t n = up ? send(c->fd, data, len, 0)
                   : sendto(r->listen_fd, data, len, 0, (const struct sockaddr *)&c->addr, sizeof c->addr);
    uint64_t *counter = n < 0 ? (up ? &r->err_up : &r->err_down) : (up ? &r->fwd_up : &r->fwd_down);
    (*counter)++;
}

static void arm_timer(relay_t *r)
{
    struct itimerspec its = {0};
    if (r->qlen) {
        int64_t due = r->q[r->qhead].due;
        its.it_value.tv_sec = due / NS_PER_SEC;
        its.it_value.tv_nsec = due % NS_PER_SEC;
    }
    timerfd_settime(r->timer_fd, TFD_TIMER_ABSTIME, &its, NULL);
}

static void enqueue(relay_t *r, int client, bool up, const uint8_t *data, size_t len, int64_t now)
{
    if (r->qlen == r->qcap) {
        size_t cap = r->qcap ? r->qcap * 2 : 1024;
        queued_t *q = xrealloc(NULL, cap * sizeof *q);
        for (size_t i = 0; i < r->qlen; i++)
            q[i] = r->q[(r->qhead + i) % r->qcap];
        free(r->q);
        r->q = q, r->qcap = cap, r->qhead = 0;
    }
    queued_t *e = &r->q[(r->qhead + r->qlen++) % r->qcap];
    *e = (queued_t){.due = now + r->delay_ns, .client = client, .up = up, .len = (uint16_t)len};
    e->data = xrealloc(NULL, len);
    memcpy(e->data, data, len);
    if (r->qlen == 1)
        arm_timer(r);
}

static void flush_due(relay_t *r, int64_t now)
{
    while (r->qlen && r->q[r->qhead].due <= now) {
        queued_t *e = &r->q[r->qhead];
        forward(r, e->client, e->up, e->data, e->len);
        free(e->data);
        r->qhead = (r->qhead + 1) % r->qcap;
        r->qlen--;
    }
    arm_timer(r);
}

/* One datagram in one direction: dropped, delayed or forwarded at once. */
static void relay(relay_t *r, int client, bool up, const uint8_t *data, size_t len, int64_t now)
{
    if ((up || r->both_ways) && lose(r)) {
        (*(up ? &r->drop_up : &r->drop_down))++;
        return;
    }
    if (r->delay_ns > 0)
        enqueue(r, client, up, data, len, now);
    else
        forward(r, client, up, data, len);
}

static void lossy_usage(void)
{
    fputs("usage: srtload lossy --listen [HOST:]PORT --to HOST:PORT [--loss PCT] [--seed N] [--both-ways]\n"
          "         [--delay MS] [--seconds S] [--report FILE]\n",
          stderr);
    exit(2);
}

static int cmd_lossy(int argc, char **argv)
{
    static const struct option opts[] = {
        {"listen", required_argument, 0, 'L'}, {"to", required_argument, 0, 't'},
        {"loss", required_argument, 0, 'p'},   {"seed", required_argument, 0, 'S'},
        {"both-ways", no_argument, 0, 'b'},    {"delay", required_argument, 0, 'd'},
        {"seconds", required_argument, 0, 's'}, {"report", required_argument, 0, 'o'},
        {0, 0, 0, 0}};
    relay_t r = {.rng = 1};
    const char *listen_at = NULL, *to = NULL, *report = NULL;
    double seconds = 0;
    long seed = 1;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'L': listen_at = optarg; break;
        case 't': to = optarg; break;
        case 'p': r.loss_pct = parse_double(optarg, "--loss", 0, 100); break;
        case 'S': seed = parse_long(optarg, "--seed", 0, LONG_MAX); break;
        case 'b': r.both_ways = true; break;
        case 'd': r.delay_ns = (int64_t)(parse_double(optarg, "--delay", 0, 60000) * NS_PER_MS); break;
        case 's': seconds = parse_double(optarg, "--seconds", 0, 1e9); break;
        case 'o': report = optarg; break;
        default: lossy_usage();
        }
    }
    if (optind != argc || !listen_at || !to)
        lossy_usage();
    r.rng = (uint64_t)seed * 0x9E3779B97F4A7C15ULL + 1; /* never 0 */
    struct sockaddr_in laddr, target;
    parse_hostport(listen_at, "127.0.0.1", &laddr);
    parse_hostport(to, NULL, &target);

    install_signals();
    r.listen_fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    if (r.listen_fd < 0 || bind(r.listen_fd, (struct sockaddr *)&laddr, sizeof laddr) < 0)
        die("cannot listen on %s: %s", listen_at, strerror(errno));
    set_bufs(r.listen_fd);
    r.epfd = epoll_create1(0);
    r.timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    if (r.epfd < 0 || r.timer_fd < 0)
        die("epoll/timerfd: %s", strerror(errno));
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = EV_LISTEN};
    epoll_ctl(r.epfd, EPOLL_CTL_ADD, r.listen_fd, &ev);
    ev.data.u64 = EV_TIMER;
    epoll_ctl(r.epfd, EPOLL_CTL_ADD, r.timer_fd, &ev);

    const int64_t start = now_ns();
    const int64_t end = seconds > 0 ? start + (int64_t)(seconds * NS_PER_SEC) : INT64_MAX;
    int64_t now = start;
    uint8_t buf[65536];
    struct epoll_event evs[64];
    while (!g_stop && now < end) {
        int64_t timeout_ms = (end - now + NS_PER_MS - 1) / NS_PER_MS;
        int n = epoll_wait(r.epfd, evs, 64, timeout_ms < WAIT_SLICE_MS ? (int)timeout_ms : WAIT_SLICE_MS);
        now = now_ns();
        for (int i = 0; i < n; i++) {
            uint64_t id = evs[i].data.u64;
            if (id == EV_TIMER) {
                uint64_t expirations;
                if (read(r.timer_fd, &expirations, sizeof expirations) < 0 && errno != EAGAIN)
                    die("timerfd: %s", strerror(errno));
                flush_due(&r, now);
                continue;
            }
            /* Read at most 64 datagrams per socket and event, so no socket starves the others. */
            for (int k = 0; k < 64; k++) {
                ssize_t len;
                if (id == EV_LISTEN) {
                    struct sockaddr_in from;
                    socklen_t fl = sizeof from;
                    len = recvfrom(r.listen_fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
                    if (len < 0)
                        break;
                    relay(&r, client_for(&r, &from, &target), true, buf, (size_t)len, now);
                } else {
                    len = recv(r.clients[id].fd, buf, sizeof buf, 0);
                    if (len < 0)
                        break;
                    relay(&r, (int)id, false, buf, (size_t)len, now);
                }
            }
        }
    }
    flush_due(&r, INT64_MAX); /* what is still queued leaves now rather than never */
    const double elapsed = (double)(now - start) / NS_PER_SEC;
    fprintf(stderr,
            "srtload lossy: %.2f s, %d clients, up %" PRIu64 " forwarded %" PRIu64 " dropped, down %" PRIu64
            " forwarded %" PRIu64 " dropped\n",
            elapsed, r.nclients, r.fwd_up, r.drop_up, r.fwd_down, r.drop_down);
    if (report) {
        FILE *f = open_report(report);
        fprintf(f,
                "{\"mode\":\"lossy\",\"seconds\":%.3f,\"loss_pct\":%g,\"both_ways\":%s,\"delay_ms\":%g,\"seed\":%ld,"
                "\"clients\":%d,\"forwarded_up\":%" PRIu64 ",\"dropped_up\":%" PRIu64 ",\"forwarded_down\":%" PRIu64
                ",\"dropped_down\":%" PRIu64 ",\"send_errors_up\":%" PRIu64 ",\"send_errors_down\":%" PRIu64 "}\n",
                elapsed, r.loss_pct, r.both_ways ? "true" : "false", (double)r.delay_ns / NS_PER_MS, seed,
                r.nclients, r.fwd_up, r.drop_up, r.fwd_down, r.drop_down, r.err_up, r.err_down);
        close_report(f, report);
    }
    for (int i = 0; i < r.nclients; i++)
        close(r.clients[i].fd);
    free(r.clients);
    free(r.q);
    close(r.timer_fd);
    close(r.epfd);
    close(r.listen_fd);
    return 0;
}

/* ---------------------------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    if (argc >= 2) {
        const char *mode = argv[1];
        argv[1] = argv[0]; /* getopt_long then parses the mode's own options */
        if (!strcmp(mode, "send"))
            return cmd_send(argc - 1, argv + 1);
        if (!strcmp(mode, "recv"))
            return cmd_recv(argc - 1, argv + 1);
        if (!strcmp(mode, "lossy"))
            return cmd_lossy(argc - 1, argv + 1);
    }
    fputs("usage: srtload send|recv|lossy [options]   (see bench/loadgen/README.md)\n", stderr);
    return 2;
}
