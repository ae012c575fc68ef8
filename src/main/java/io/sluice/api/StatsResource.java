package io.sluice.api;

import io.sluice.api.StatsViews.HistoryView;
import io.sluice.api.StatsViews.StatsView;
import io.sluice.config.SluiceConfig;
import io.sluice.ingest.IngestRuntime;
import io.sluice.ingest.IngestService;
import io.sluice.ingest.IngestSnapshot;
import io.sluice.problem.Problem;
import io.sluice.stats.IngestStats;
import io.sluice.stats.StatsService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Live statistics of an ingest, served by the node that runs it. */
@Path("/api/v1/ingests/{name}/stats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "stats", description = "Proof that media flows: SRT links, media analysis, health, history")
@APIResponse(
        responseCode = "404",
        description = "No such ingest",
        content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
@APIResponse(
        responseCode = "409",
        description = "Another node runs the ingest and is not running (a live owner answers through this node)",
        content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
public class StatsResource {
    @Inject
    IngestService ingests;

    @Inject
    StatsService stats;

    @Inject
    Forwarder forwarder;

    @Inject
    SluiceConfig config;

    @GET
    @Operation(
            summary = "Live statistics",
            description =
                    "SRT link statistics of every leg (sources, caller outputs, readers) with 10 s and 60 s windows,"
                            + " media analysis of the active source, health with reasons, output counters.")
    public StatsView get(
            @Parameter(description = "The ingest's name", example = "cam1") @PathParam("name") String name,
            @Context UriInfo uri,
            @Context HttpHeaders headers) {
        forwarder.toOwner(name, "GET", uri, headers, null);
        IngestRuntime rt = runningHere(name);
        return StatsViews.of(rt, stats.of(name));
    }

    @GET
    @Path("history")
    @Operation(summary = "The last ten minutes", description = "One sample per second, oldest first, for charts.")
    public HistoryView history(
            @Parameter(description = "The ingest's name", example = "cam1") @PathParam("name") String name,
            @Context UriInfo uri,
            @Context HttpHeaders headers) {
        forwarder.toOwner(name, "GET", uri, headers, null);
        runningHere(name);
        IngestStats st = stats.of(name);
        return StatsViews.history(name, config.stats().interval().toMillis(), st == null ? List.of() : st.history());
    }

    private IngestRuntime runningHere(String name) {
        IngestSnapshot s = ingests.get(name); // 404 when unknown
        IngestRuntime rt = ingests.runtime(name);
        if (rt == null) {
            throw Problem.conflict(
                    "ingest " + name + " runs on node " + s.spec().nodeId() + "; its live statistics are served there");
        }
        return rt;
    }
}
