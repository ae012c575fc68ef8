package io.sluice.srt;

/** Loads the real libsrt once for unit tests. */
public final class SrtTestSupport {
    private SrtTestSupport() {}

    private static boolean hooked;

    /** Loads libsrt and, once, arranges {@code srt_cleanup} before the test JVM exits. */
    public static synchronized SrtLibrary load() {
        SrtLibrary lib = SrtLibrary.load(SrtLibrary.DEFAULT_LIBRARY);
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(SrtLibrary::cleanup, "srt-cleanup"));
        }
        return lib;
    }
}
