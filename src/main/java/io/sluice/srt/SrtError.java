package io.sluice.srt;

/** {@code SRT_ERRNO} from srt.h: the value of {@code srt_getlasterror}. */
public enum SrtError {
    SRT_EUNKNOWN(-1),
    SRT_SUCCESS(0),
    SRT_ECONNSETUP(1000),
    SRT_ENOSERVER(1001),
    SRT_ECONNREJ(1002),
    SRT_ESOCKFAIL(1003),
    SRT_ESECFAIL(1004),
    SRT_ESCLOSED(1005),
    SRT_ECONNFAIL(2000),
    SRT_ECONNLOST(2001),
    SRT_ENOCONN(2002),
    SRT_ERESOURCE(3000),
    SRT_ETHREAD(3001),
    SRT_ENOBUF(3002),
    SRT_ESYSOBJ(3003),
    SRT_EFILE(4000),
    SRT_EINVRDOFF(4001),
    SRT_ERDPERM(4002),
    SRT_EINVWROFF(4003),
    SRT_EWRPERM(4004),
    SRT_EINVOP(5000),
    SRT_EBOUNDSOCK(5001),
    SRT_ECONNSOCK(5002),
    SRT_EINVPARAM(5003),
    SRT_EINVSOCK(5004),
    SRT_EUNBOUNDSOCK(5005),
    SRT_ENOLISTEN(5006),
    SRT_ERDVNOSERV(5007),
    SRT_ERDVUNBOUND(5008),
    SRT_EINVALMSGAPI(5009),
    SRT_EINVALBUFFERAPI(5010),
    SRT_EDUPLISTEN(5011),
    SRT_ELARGEMSG(5012),
    SRT_EINVPOLLID(5013),
    SRT_EPOLLEMPTY(5014),
    SRT_EBINDCONFLICT(5015),
    SRT_EASYNCFAIL(6000),
    SRT_EASYNCSND(6001),
    SRT_EASYNCRCV(6002),
    SRT_ETIMEOUT(6003),
    SRT_ECONGEST(6004),
    SRT_EPEERERR(7000);

    /** The numeric {@code SRT_ERRNO} value. */
    public final int code;

    SrtError(int code) {
        this.code = code;
    }

    /** The enum constant for {@code code}, {@link #SRT_EUNKNOWN} if unknown. Allocates nothing. */
    public static SrtError of(int code) {
        for (SrtError e : VALUES) {
            if (e.code == code) return e;
        }
        return SRT_EUNKNOWN;
    }

    /** True for the "try again" family (non-blocking send/receive/accept found nothing to do). */
    public boolean isAgain() {
        return code >= 6000 && code < 7000;
    }

    /** True when the connection is gone and the socket will never work again. */
    public boolean isConnectionGone() {
        return this == SRT_ECONNLOST
                || this == SRT_ENOCONN
                || this == SRT_ECONNFAIL
                || this == SRT_EINVSOCK
                || this == SRT_ESCLOSED;
    }

    private static final SrtError[] VALUES = values();
}
