package io.sluice.srt.jna;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;

/**
 * {@code srt_listen_callback_fn}: {@code int (void* opaq, SRTSOCKET ns, int hsversion,
 * const struct sockaddr* peeraddr, const char* streamid)}. Return 0 to accept, -1 to reject (after
 * {@code srt_setrejectreason}).
 *
 * <p>Runs on libsrt's receive thread for the listener's UDP port while the handshake is in progress:
 * keep it O(1) and never let it throw. If a JNA callback throws, JNA returns 0 and libsrt <em>accepts</em>
 * the connection, so implementations must catch everything and reject.
 */
@FunctionalInterface
public interface SrtListenCallback extends Callback {
    int invoke(Pointer opaque, int ns, int hsversion, Pointer peeraddr, String streamid);
}
