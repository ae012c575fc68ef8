package io.sluice.config;

import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/**
 * The address by which the world reaches a pod that runs with host networking: the ExternalIP of its
 * Kubernetes node (else its ExternalDNS, else its InternalIP), looked up through the Kubernetes API.
 */
public final class KubernetesNodeAddress {
    private KubernetesNodeAddress() {}

    /**
     * @param namespace the pod's namespace
     * @param pod the pod's name (its host name)
     * @return the node's best public address, or empty when the pod or node is unknown
     */
    public static Optional<String> of(KubernetesClient client, String namespace, String pod) {
        Pod p = client.pods().inNamespace(namespace).withName(pod).get();
        if (p == null || p.getSpec() == null || p.getSpec().getNodeName() == null) return Optional.empty();
        io.fabric8.kubernetes.api.model.Node node =
                client.nodes().withName(p.getSpec().getNodeName()).get();
        if (node == null || node.getStatus() == null) return Optional.empty();
        List<NodeAddress> addresses = node.getStatus().getAddresses();
        for (String type : List.of("ExternalIP", "ExternalDNS", "InternalIP")) {
            for (NodeAddress a : addresses) {
                if (type.equals(a.getType())
                        && a.getAddress() != null
                        && !a.getAddress().isBlank()) {
                    return Optional.of(a.getAddress());
                }
            }
        }
        return Optional.empty();
    }
}
