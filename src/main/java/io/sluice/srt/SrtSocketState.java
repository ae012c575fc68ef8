package io.sluice.srt;

/** {@code SRT_SOCKSTATUS}: what {@code srt_getsockstate} reports. */
public enum SrtSocketState {
    INIT,
    OPENED,
    LISTENING,
    CONNECTING,
    CONNECTED,
    BROKEN,
    CLOSING,
    CLOSED,
    NONEXIST;

    private static final SrtSocketState[] VALUES = values();

    static SrtSocketState of(int status) {
        return status >= 1 && status <= VALUES.length ? VALUES[status - 1] : NONEXIST;
    }

    /** True once the socket can never carry data again. */
    public boolean isGone() {
        return this == BROKEN || this == CLOSING || this == CLOSED || this == NONEXIST;
    }
}
