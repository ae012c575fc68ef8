/**
 * libsrt for Java: close-once {@link io.sluice.srt.SrtSocket}s, one typed option table
 * ({@link io.sluice.srt.SrtOption}, which knows what must be set before connect), {@code srt_epoll}
 * ({@link io.sluice.srt.SrtEpoll}), statistics snapshots ({@link io.sluice.srt.SrtStats}) and one
 * conversion of {@code srt_getlasterror} into {@link io.sluice.srt.SrtException}, which names the call.
 *
 * <p>Plain Java: no CDI, no Quarkus. {@link io.sluice.srt.SrtLibrary#load} must run first.
 */
package io.sluice.srt;
