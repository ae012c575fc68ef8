package io.sluice.api;

import io.sluice.api.Views.IngestView;
import io.sluice.api.Views.OutputView;
import io.sluice.ingest.IngestService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** REST contract v1: ingests and their outputs. */
@Path("/api/v1/ingests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "ingests", description = "SRT ingest points and the outputs each one feeds")
@APIResponse(
        responseCode = "401",
        description = "Missing or wrong bearer token",
        content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
@APIResponse(
        responseCode = "400",
        description = "Invalid request: the detail says what to change",
        content = @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
public class IngestResource {
    private static final String NAME = "The ingest's name";

    @Inject
    IngestService ingests;

    @Inject
    Forwarder forwarder;

    @POST
    @Operation(
            summary = "Create an ingest",
            description = "Stores the ingest, allocates its port and starts listening.")
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = IngestView.class)))
    @APIResponse(
            responseCode = "409",
            description = "The name or port is taken, or the port range is full",
            content =
                    @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    @APIResponse(
            responseCode = "503",
            description = "This node is draining for shutdown",
            content =
                    @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    public Response create(IngestRequest body) {
        IngestView view = Views.ingest(ingests.create(body == null ? null : body.toCommand()));
        return Response.created(URI.create("/api/v1/ingests/" + view.name()))
                .entity(view)
                .build();
    }

    @GET
    @Operation(summary = "List ingests", description = "Every ingest of the fleet, with its owning node and URL.")
    public List<IngestView> list() {
        return ingests.list().stream().map(Views::ingest).toList();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "Get an ingest")
    @APIResponse(
            responseCode = "404",
            description = "No such ingest",
            content =
                    @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    public IngestView get(
            @Parameter(description = NAME, example = "cam1") @PathParam("name") String name,
            @Context UriInfo uri,
            @Context HttpHeaders headers) {
        forwarder.toOwner(name, "GET", uri, headers, null); // the owner knows its outputs' live state
        return Views.ingest(ingests.get(name));
    }

    @PATCH
    @Path("{name}")
    @Operation(
            summary = "Change an ingest",
            description =
                    "Latency, passphrase rotation, key length or allowlist, for the next connection (the live one is"
                            + " not cut); the failover policy, at once.")
    @APIResponse(
            responseCode = "409",
            description =
                    "Another node owns the ingest and is not running (requests for a live owner are forwarded to it)",
            content =
                    @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    public IngestView update(
            @Parameter(description = NAME, example = "cam1") @PathParam("name") String name,
            IngestPatchRequest body,
            @Context UriInfo uri,
            @Context HttpHeaders headers) {
        forwarder.toOwner(name, "PATCH", uri, headers, body);
        return Views.ingest(ingests.update(name, body == null ? null : body.toCommand()));
    }

    @POST
    @Path("{name}/failover")
    @Operation(
            summary = "Switch between primary and backup",
            description = "primary or backup holds that source on air until released; auto releases the hold"
                    + " (automatic switching on health). Kept across restarts; also settable as failover.mode.")
    @APIResponse(
            responseCode = "409",
            description =
                    "Another node owns the ingest and is not running (requests for a live owner are forwarded to it)",
            content =
                    @Content(mediaType = ProblemBody.MEDIA_TYPE, schema = @Schema(implementation = ProblemBody.class)))
    public IngestView failover(
            @Parameter(description = NAME, example = "cam1") @PathParam("name") String name,
            FailoverRequest body,
            @Context UriInfo uri,
            @Context HttpHeaders headers) {
        forwarder.toOwner(name, "POST", uri, headers, body);
        return Views.ingest(ingests.failover(name, body == null ? null : body.source()));
    }

    @DELETE
    @Path("{name}")
    @Operation(
            summary = "Delete an ingest",
            description = "Its outputs stop and its ports return to the range at once.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(
            @Parameter(description = NAME, example = "cam1") @PathParam("name") String name,
            @Context UriInfo uri,
            @Context HttpHeaders headers) {
        forwarder.toOwner(name, "DELETE", uri, headers, null);
        ingests.delete(name);
        return Response.noContent().build();
    }

    @POST
    @Path("{name}/outputs")
    @Operation(summary = "Add an output", description = "SRT caller or listener, or UDP unicast/multicast.")
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = OutputView.class)))
    public Response addOutput(
            @Parameter(description = NAME, example = "cam1") @PathParam("name") String name,
            OutputRequest body,
            @Context UriInfo uri,
            @Context HttpHeaders headers) {
        forwarder.toOwner(name, "POST", uri, headers, body);
        OutputView view = Views.output(ingests.addOutput(name, body == null ? null : body.toCommand()));
        return Response.created(URI.create("/api/v1/ingests/" + name + "/outputs/" + view.id()))
                .entity(view)
                .build();
    }

    @GET
    @Path("{name}/outputs")
    @Operation(summary = "List an ingest's outputs")
    public List<OutputView> outputs(
            @Parameter(description = NAME, example = "cam1") @PathParam("name") String name,
            @Context UriInfo uri,
            @Context HttpHeaders headers) {
        forwarder.toOwner(name, "GET", uri, headers, null);
        return ingests.outputs(name).stream().map(Views::output).toList();
    }

    @DELETE
    @Path("{name}/outputs/{id}")
    @Operation(summary = "Delete an output")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response deleteOutput(
            @Parameter(description = NAME, example = "cam1") @PathParam("name") String name,
            @Parameter(description = "The output's id", example = "3f9a2c1b") @PathParam("id") String id,
            @Context UriInfo uri,
            @Context HttpHeaders headers) {
        forwarder.toOwner(name, "DELETE", uri, headers, null);
        ingests.deleteOutput(name, id);
        return Response.noContent().build();
    }
}
