package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The node address lookup against a Kubernetes API server (fabric8's in-process API server in CRUD mode). */
class KubernetesNodeAddressTest {
    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(
                new io.fabric8.mockwebserver.Context(),
                new io.fabric8.mockwebserver.MockWebServer(),
                new java.util.HashMap<>(),
                new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(),
                false);
        server.init();
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void prefersTheNodesExternalIpThenItsDnsNameThenItsInternalIp() {
        pod("sluice-0", "node-a");
        pod("sluice-1", "node-b");
        pod("sluice-2", "node-c");
        node("node-a", "InternalIP", "10.0.0.4", "ExternalIP", "203.0.113.7", "Hostname", "node-a");
        node("node-b", "InternalIP", "10.0.0.5", "ExternalDNS", "node-b.example.net");
        node("node-c", "InternalIP", "10.0.0.6");
        assertThat(KubernetesNodeAddress.of(client, "media", "sluice-0")).contains("203.0.113.7");
        assertThat(KubernetesNodeAddress.of(client, "media", "sluice-1")).contains("node-b.example.net");
        assertThat(KubernetesNodeAddress.of(client, "media", "sluice-2")).contains("10.0.0.6");
    }

    @Test
    void anUnknownPodGivesNothing() {
        assertThat(KubernetesNodeAddress.of(client, "media", "ghost")).isEmpty();
    }

    private void pod(String name, String node) {
        client.pods()
                .inNamespace("media")
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace("media")
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName(node)
                        .endSpec()
                        .build())
                .create();
    }

    private void node(String name, String... typeAndAddress) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).endMetadata();
        var status = b.withNewStatus();
        for (int i = 0; i < typeAndAddress.length; i += 2) {
            status.addNewAddress()
                    .withType(typeAndAddress[i])
                    .withAddress(typeAndAddress[i + 1])
                    .endAddress();
        }
        client.nodes().resource(status.endStatus().build()).create();
    }
}
