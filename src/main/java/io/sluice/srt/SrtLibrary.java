package io.sluice.srt;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import io.sluice.srt.jna.LibSrt;

/**
 * Loads libsrt once per process, checks its version, and starts it ({@code srt_startup}).
 *
 * <p>Sluice needs libsrt 1.5.1 or newer. When the library is missing or too old, {@link #load} throws
 * {@link SrtUnavailableException} with a message that says what to install.
 */
public final class SrtLibrary {
    /** Default library: Debian's {@code libsrt1.5-openssl} (found through the dynamic loader's cache). */
    public static final String DEFAULT_LIBRARY = "libsrt.so.1.5";
    /** 1.5.1 as {@code srt_getversion} encodes it: major << 16 | minor << 8 | patch. */
    public static final int MINIMUM_VERSION = 0x010501;

    static final String INSTALL_HINT = "install it with `apt-get install libsrt1.5-openssl` (Debian 12 and"
            + " newer), or set sluice.srt.library (env SLUICE_SRT_LIBRARY) to the path of a libsrt.so 1.5.1 or"
            + " newer";

    private static volatile SrtLibrary loaded;

    private final String library;
    private final int version;

    private SrtLibrary(String library, int version) {
        this.library = library;
        this.version = version;
    }

    /**
     * Loads {@code library} (a soname such as {@code libsrt.so.1.5} or a path), or returns the library
     * already loaded. Only one libsrt can be loaded per process.
     */
    public static synchronized SrtLibrary load(String library) {
        SrtLibrary current = loaded;
        if (current != null) return current;
        NativeLibrary lib;
        try {
            lib = NativeLibrary.getInstance(library);
        } catch (UnsatisfiedLinkError e) {
            throw new SrtUnavailableException(
                    "libsrt could not be loaded from '" + library + "' (" + firstLine(e) + "): " + INSTALL_HINT, e);
        }
        int version;
        try {
            Function getVersion = lib.getFunction("srt_getversion");
            version = getVersion.invokeInt(new Object[0]);
        } catch (UnsatisfiedLinkError e) {
            throw new SrtUnavailableException(
                    "'" + library + "' is not libsrt or is older than 1.3 (no srt_getversion): " + INSTALL_HINT, e);
        }
        if (version < MINIMUM_VERSION) {
            throw new SrtUnavailableException("libsrt " + format(version) + " at '" + library
                    + "' is older than the 1.5.1 Sluice needs: " + INSTALL_HINT);
        }
        try {
            LibSrt.register(lib);
        } catch (UnsatisfiedLinkError e) {
            throw new SrtUnavailableException(
                    "libsrt " + format(version) + " at '" + library + "' lacks a function Sluice uses (" + firstLine(e)
                            + "): " + INSTALL_HINT,
                    e);
        }
        if (LibSrt.srt_startup() < 0) throw SrtException.lastError("srt_startup");
        LibSrt.srt_setloglevel(LibSrt.LOG_ERR);
        SrtLibrary l = new SrtLibrary(library, version);
        loaded = l;
        return l;
    }

    /**
     * {@code srt_cleanup}: closes every socket and joins libsrt's threads. Call once, at the end of the
     * process, after every socket user has stopped; later libsrt calls fail. This must happen before the
     * JVM exits: a libsrt thread that a listen callback attached to the JVM and that ends while the JVM is
     * exiting deadlocks the exit in {@code DetachCurrentThread}.
     */
    public static synchronized void cleanup() {
        if (loaded == null || cleanedUp) return;
        cleanedUp = true;
        LibSrt.srt_cleanup();
    }

    private static boolean cleanedUp;

    /** The loaded library; throws if {@link #load} has not succeeded. */
    static void require() {
        if (loaded == null) throw new IllegalStateException("libsrt is not loaded: call SrtLibrary.load first");
        if (cleanedUp) throw new IllegalStateException("libsrt has been shut down (srt_cleanup)");
    }

    /** The library as configured (soname or path). */
    public String library() {
        return library;
    }

    /** {@code srt_getversion}: major << 16 | minor << 8 | patch. */
    public int version() {
        return version;
    }

    /** e.g. {@code 1.5.1}. */
    public String versionString() {
        return format(version);
    }

    static String format(int v) {
        return ((v >> 16) & 0xff) + "." + ((v >> 8) & 0xff) + "." + (v & 0xff);
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
