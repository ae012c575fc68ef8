package io.sluice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.sluice.config.Node;
import io.sluice.ingest.IngestService;
import io.sluice.ingest.NodeRegistry;
import io.sluice.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Sends a request about an ingest that another live node owns to that node, and answers with its answer:
 * behind a load balancer, any node takes any request. Only the owner binds an ingest's sockets and holds
 * its live state, so changes and live statistics must be served there.
 *
 * <p>A forwarded request carries {@link #FORWARDED_BY}; a node never forwards such a request again (if
 * ownership moved meanwhile, the service answers 409 naming the owner). When the owner is not live, nothing
 * is forwarded and the service decides (409, or an orphan's delete taken over). The bearer token goes along
 * unchanged: the fleet shares its tokens.
 *
 * <p>Threads: REST worker threads; the call blocks for at most {@link #TIMEOUT}.
 */
@ApplicationScoped
@RegisterForReflection(
        targets = {
            IngestPatchRequest.class,
            IngestRequest.FailoverPolicyRequest.class,
            FailoverRequest.class,
            OutputRequest.class
        })
public class Forwarder {
    private static final Logger LOG = Logger.getLogger(Forwarder.class);
    /** Header naming the node a request was forwarded by. */
    public static final String FORWARDED_BY = "X-Sluice-Forwarded-By";
    /** Header of a forwarded answer naming the node that served it. */
    public static final String SERVED_BY = "X-Sluice-Served-By";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    /** Absent fields stay absent: a PATCH must mean the same on the owner. */
    private final ObjectMapper json = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    @Inject
    IngestService ingests;

    @Inject
    NodeRegistry nodes;

    @Inject
    Node node;

    /** The owner's answer to a forwarded request, to be returned as it is. */
    public static final class Forwarded extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Response response;

        Forwarded(Response response) {
            super(null, null, false, false);
            this.response = response;
        }

        public Response response() {
            return response;
        }
    }

    /**
     * Returns when this node should serve the request about {@code ingest} itself; otherwise forwards it to
     * the owner and throws {@link Forwarded} with the owner's answer (or a 502 problem if it cannot be
     * reached). 404 when there is no such ingest.
     *
     * @param body the request's body (re-sent as JSON without null fields), or null
     */
    public void toOwner(String ingest, String method, UriInfo uri, HttpHeaders headers, Object body) {
        if (headers.getHeaderString(FORWARDED_BY) != null) return;
        if (ingests.runtime(ingest) != null) return; // runs here: the common case costs no database read
        String owner = ingests.get(ingest).spec().nodeId(); // 404 when unknown
        if (owner.equals(node.id()) || !nodes.isLive(owner)) return;
        String base = nodes.apiUrl(owner);
        if (base == null) return; // a node from before forwarding: the service answers 409 naming it
        URI target = URI.create(base
                + uri.getRequestUri().getRawPath()
                + (uri.getRequestUri().getRawQuery() == null
                        ? ""
                        : "?" + uri.getRequestUri().getRawQuery()));
        HttpRequest.Builder req = HttpRequest.newBuilder(target)
                .timeout(TIMEOUT)
                .header(FORWARDED_BY, node.id())
                .header("Accept", "application/json, application/problem+json");
        String auth = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (auth != null) req.header(HttpHeaders.AUTHORIZATION, auth);
        try {
            if (body != null) {
                req.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            } else {
                req.method(method, HttpRequest.BodyPublishers.noBody());
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot re-encode the request body", e);
        }
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            LOG.warnf("[ingest %s] cannot forward %s to node %s at %s: %s", ingest, method, owner, base, e);
            throw new Problem(
                    502,
                    "Bad gateway",
                    "ingest " + ingest + " is owned by node " + owner + ", which did not answer at " + base + " ("
                            + e.getClass().getSimpleName() + "); send this request to that node");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Problem.unavailable("interrupted while forwarding to node " + owner);
        }
        LOG.debugf("[ingest %s] %s forwarded to node %s: %d", ingest, method, owner, answer.statusCode());
        Response.ResponseBuilder out = Response.status(answer.statusCode()).header(SERVED_BY, owner);
        answer.headers().firstValue("Content-Type").ifPresent(out::type);
        answer.headers()
                .firstValue("Location")
                .ifPresent(l -> out.header("Location", l.startsWith(base) ? l.substring(base.length()) : l));
        if (answer.body().length > 0) out.entity(answer.body());
        throw new Forwarded(out.build());
    }
}
