package io.sluice.ingest;

/** State of a source (and of an ingest, from its active source); JSON lower case. */
public enum SourceState {
    /** No publisher yet or any more. */
    WAITING,
    /** A publisher is sending. */
    CONNECTED,
    /** The source cannot work (e.g. its port is taken); see its error. Retried. */
    ERROR
}
