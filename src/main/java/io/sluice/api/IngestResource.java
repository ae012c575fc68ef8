package io.sluice.api;

import io.sluice.api.Views.IngestView;
import io.sluice.api.Views.OutputView;
import io.sluice.config.Node;
import io.sluice.ingest.IngestService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** REST contract v1: ingests and their outputs. */
@Path("/api/v1/ingests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class IngestResource {
    @Inject
    IngestService ingests;

    @Inject
    Node node;

    @POST
    public Response create(IngestRequest body) {
        IngestView view = Views.ingest(ingests.create(body == null ? null : body.toCommand()), node);
        return Response.created(URI.create("/api/v1/ingests/" + view.name()))
                .entity(view)
                .build();
    }

    @GET
    public List<IngestView> list() {
        return ingests.list().stream().map(s -> Views.ingest(s, node)).toList();
    }

    @GET
    @Path("{name}")
    public IngestView get(@PathParam("name") String name) {
        return Views.ingest(ingests.get(name), node);
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        ingests.delete(name);
        return Response.noContent().build();
    }

    @POST
    @Path("{name}/outputs")
    public Response addOutput(@PathParam("name") String name, OutputRequest body) {
        OutputView view = Views.output(ingests.addOutput(name, body == null ? null : body.toCommand()));
        return Response.created(URI.create("/api/v1/ingests/" + name + "/outputs/" + view.id()))
                .entity(view)
                .build();
    }

    @GET
    @Path("{name}/outputs")
    public List<OutputView> outputs(@PathParam("name") String name) {
        return ingests.outputs(name).stream().map(Views::output).toList();
    }

    @DELETE
    @Path("{name}/outputs/{id}")
    public Response deleteOutput(@PathParam("name") String name, @PathParam("id") String id) {
        ingests.deleteOutput(name, id);
        return Response.noContent().build();
    }
}
