package io.sluice.srt;

import io.sluice.srt.jna.LibSrt;

/**
 * Connection reject reasons: libsrt's own ({@code SRT_REJ_*}, below 1000) and the application codes of
 * the SRT Access Control spec ({@code SRT_REJX_*} from {@code access_control.h}, 1000-1999), which a
 * listen callback sets with {@code srt_setrejectreason} so that the caller learns why.
 */
public final class SrtReject {
    private SrtReject() {}

    // libsrt SRT_REJECT_REASON
    public static final int SRT_REJ_UNKNOWN = 0;
    public static final int SRT_REJ_PEER = 2;
    public static final int SRT_REJ_BADSECRET = 10;
    public static final int SRT_REJ_UNSECURE = 11;
    public static final int SRT_REJ_TIMEOUT = 16;

    // access_control.h
    public static final int SRT_REJX_FALLBACK = 1000;
    public static final int SRT_REJX_KEY_NOTSUP = 1001;
    public static final int SRT_REJX_BAD_REQUEST = 1400;
    public static final int SRT_REJX_UNAUTHORIZED = 1401;
    public static final int SRT_REJX_OVERLOAD = 1402;
    public static final int SRT_REJX_FORBIDDEN = 1403;
    public static final int SRT_REJX_NOTFOUND = 1404;
    public static final int SRT_REJX_BAD_MODE = 1405;
    public static final int SRT_REJX_UNACCEPTABLE = 1406;
    public static final int SRT_REJX_CONFLICT = 1409;
    public static final int SRT_REJX_LOCKED = 1423;
    public static final int SRT_REJX_ISE = 1500;
    public static final int SRT_REJX_UNIMPLEMENTED = 1501;
    public static final int SRT_REJX_DOWN = 1503;

    /** A human description: libsrt's text for its own codes, the access-control name for ours. */
    public static String describe(int reason) {
        if (reason < 1000) {
            String text = LibSrt.srt_rejectreason_str(reason);
            return text + " (" + reason + ")";
        }
        return switch (reason) {
            case SRT_REJX_FALLBACK -> "SRT_REJX_FALLBACK (1000)";
            case SRT_REJX_KEY_NOTSUP -> "SRT_REJX_KEY_NOTSUP (1001): streamid key not supported";
            case SRT_REJX_BAD_REQUEST -> "SRT_REJX_BAD_REQUEST (1400): malformed streamid";
            case SRT_REJX_UNAUTHORIZED -> "SRT_REJX_UNAUTHORIZED (1401)";
            case SRT_REJX_OVERLOAD -> "SRT_REJX_OVERLOAD (1402)";
            case SRT_REJX_FORBIDDEN -> "SRT_REJX_FORBIDDEN (1403)";
            case SRT_REJX_NOTFOUND -> "SRT_REJX_NOTFOUND (1404): no such stream";
            case SRT_REJX_BAD_MODE -> "SRT_REJX_BAD_MODE (1405)";
            case SRT_REJX_UNACCEPTABLE -> "SRT_REJX_UNACCEPTABLE (1406)";
            case SRT_REJX_CONFLICT -> "SRT_REJX_CONFLICT (1409): stream already has a publisher";
            case SRT_REJX_LOCKED -> "SRT_REJX_LOCKED (1423)";
            case SRT_REJX_ISE -> "SRT_REJX_ISE (1500): internal error";
            case SRT_REJX_UNIMPLEMENTED -> "SRT_REJX_UNIMPLEMENTED (1501)";
            case SRT_REJX_DOWN -> "SRT_REJX_DOWN (1503)";
            default -> "reject code " + reason;
        };
    }
}
