package io.sluice.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.persistence.NodeEntity;
import io.sluice.ports.PortRange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How identical nodes (sluice.ports.slot-size) share one configured range, and how pods shift theirs. */
class PortSlotTest {
    static final PortRange RANGE = new PortRange(10000, 10999);

    @Test
    void aNodeTakesTheFirstSlotNoLiveNodeHolds() {
        assertThat(NodeRegistry.freeSlot(RANGE, 100, List.of(), null)).isEqualTo(new PortRange(10000, 10099));
        List<NodeEntity> live = List.of(node(10000, 10099), node(10200, 10299));
        assertThat(NodeRegistry.freeSlot(RANGE, 100, live, null)).isEqualTo(new PortRange(10100, 10199));
    }

    @Test
    void aRestartedNodeGetsItsPreviousSlotBackIfNobodyTookIt() {
        List<NodeEntity> live = List.of(node(10000, 10099));
        assertThat(NodeRegistry.freeSlot(RANGE, 100, live, node(10500, 10599))).isEqualTo(new PortRange(10500, 10599));
        assertThat(NodeRegistry.freeSlot(RANGE, 100, List.of(node(10500, 10599)), node(10500, 10599)))
                .isEqualTo(new PortRange(10000, 10099));
    }

    @Test
    void aFullRangeOrAnOversizedSlotIsRefusedWithTheReason() {
        List<NodeEntity> live = List.of(node(10000, 10499), node(10500, 10999));
        assertThatThrownBy(() -> NodeRegistry.freeSlot(RANGE, 500, live, null))
                .hasMessageContaining("no free slot of 500 ports left in sluice.ports.range 10000-10999");
        assertThatThrownBy(() -> NodeRegistry.freeSlot(new PortRange(10000, 10009), 100, List.of(), null))
                .hasMessageContaining("slot-size 100 is larger than sluice.ports.range 10000-10009");
    }

    @Test
    void statefulSetPodsShiftTheRangeByTheirOrdinal() {
        PortRange base = new PortRange(10000, 10099);
        assertThat(Engine.effectiveRange(base, 0, "anything")).isEqualTo(base);
        assertThat(Engine.effectiveRange(base, 100, "sluice-0")).isEqualTo(base);
        assertThat(Engine.effectiveRange(base, 100, "sluice-7")).isEqualTo(new PortRange(10700, 10799));
        assertThatThrownBy(() -> Engine.effectiveRange(base, 100, "sluice"))
                .hasMessageContaining("does not end in -<ordinal>");
        assertThatThrownBy(() -> Engine.effectiveRange(base, 10000, "sluice-6"))
                .hasMessageContaining("passes port 65535");
    }

    private static NodeEntity node(int first, int last) {
        NodeEntity n = new NodeEntity();
        n.id = "n" + first;
        n.portFirst = first;
        n.portLast = last;
        return n;
    }
}
