/**
 * The UDP port range of this node: {@link io.sluice.ports.PortRange} and the database-backed
 * {@link io.sluice.ports.PortAllocator}, which never hands a port out twice.
 */
package io.sluice.ports;
