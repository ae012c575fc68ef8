package io.sluice.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Who this process is in a fleet ({@code sluice.node-id}) and the host it advertises in URLs. */
@ApplicationScoped
public class Node {
    private static final Logger LOG = Logger.getLogger(Node.class);
    private final String id;
    private final String publicHost;
    private final String apiUrl;

    @Inject
    public Node(
            SluiceConfig config,
            Instance<KubernetesClient> kubernetes,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort) {
        this.id = config.nodeId().filter(s -> !s.isBlank()).orElseGet(Node::hostName);
        this.apiUrl = config.api()
                .advertisedUrl()
                .filter(s -> !s.isBlank())
                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s)
                .orElseGet(() -> "http://" + firstAddress() + ":" + httpPort);
        this.publicHost = config.publicHost()
                .filter(s -> !s.isBlank())
                .or(() -> config.kubernetes().publicHostFromNode()
                        ? fromKubernetes(kubernetes.get(), id)
                        : Optional.empty())
                .orElseGet(Node::firstAddress);
    }

    /** The ExternalIP of this pod's Kubernetes node; empty (with a warning) if it cannot be found. */
    private static Optional<String> fromKubernetes(KubernetesClient client, String pod) {
        String namespace = System.getenv().getOrDefault("POD_NAMESPACE", client.getNamespace());
        try {
            Optional<String> address = KubernetesNodeAddress.of(client, namespace, pod);
            if (address.isPresent()) {
                LOG.infof("public host %s: the address of this pod's Kubernetes node", address.get());
            } else {
                LOG.warnf(
                        "pod %s/%s or its node not found through the Kubernetes API; set sluice.public-host",
                        namespace, pod);
            }
            return address;
        } catch (RuntimeException e) {
            LOG.warnf(
                    "cannot ask the Kubernetes API for this pod's node address (%s); set sluice.public-host",
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code sluice.node-id}, default the host name. */
    public String id() {
        return id;
    }

    /**
     * {@code sluice.public-host}; else, with {@code sluice.kubernetes.public-host-from-node}, the pod's node's
     * ExternalIP; else this machine's first non-loopback IPv4 address.
     */
    public String publicHost() {
        return publicHost;
    }

    /** {@code sluice.api.advertised-url}: where the other nodes reach this node's REST API (no trailing slash). */
    public String apiUrl() {
        return apiUrl;
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static String firstAddress() {
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback() || nif.isVirtual()) continue;
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // fall through
        }
        return "127.0.0.1";
    }
}
