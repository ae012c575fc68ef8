package io.sluice.output;

/** The state of an output, lower case in JSON. */
public enum OutputState {
    /** Opening, or waiting to retry after an error. */
    CONNECTING,
    /** Sending (a listener output: listening, readers may pull). */
    ACTIVE,
    /** The last attempt failed; a retry is scheduled (see the error). */
    ERROR,
    /** Deleted or shut down. */
    STOPPED
}
