package io.sluice.ingest;

import io.sluice.output.OutputType;
import io.sluice.output.OutputUrl;
import java.time.OffsetDateTime;

/**
 * The validated desired state of an output, as stored.
 *
 * @param url full URL (secrets included: show {@link OutputUrl#redacted()})
 * @param port the port a listener output holds, else null
 */
public record OutputSpec(
        String id, String ingest, OutputType type, OutputUrl url, Integer port, OffsetDateTime createdAt) {
    @Override
    public String toString() {
        return "OutputSpec[" + ingest + "/" + id + " " + url.redacted() + "]";
    }
}
