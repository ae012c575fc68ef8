/** UDP outputs: MPEG-TS over unicast or multicast datagrams, one SRT payload per datagram. */
package io.sluice.output.udp;
