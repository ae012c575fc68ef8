package io.sluice.api;

import io.sluice.ingest.NewOutput;

/**
 * Body of {@code POST /api/v1/ingests/{name}/outputs}.
 *
 * @param type srt or udp
 * @param url e.g. srt://10.0.0.9:9000?latency=200, srt://:0?mode=listener, udp://239.1.1.1:5000?ttl=8
 */
public record OutputRequest(String type, String url) {
    NewOutput toCommand() {
        return new NewOutput(type, url);
    }

    @Override
    public String toString() {
        return "OutputRequest[" + type + "]";
    }
}
