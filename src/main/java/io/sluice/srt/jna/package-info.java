/**
 * The raw libsrt binding: {@code srt.h} mirrored with C names and C constants, registered with JNA direct
 * mapping so that per-packet calls cost a JNI transition and nothing else. No policy lives here; the
 * idiomatic layer in {@code io.sluice.srt} owns lifetimes, options and errors.
 */
package io.sluice.srt.jna;
