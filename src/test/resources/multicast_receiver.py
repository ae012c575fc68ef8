#!/usr/bin/env python3
"""Test peer: joins a multicast group on an interface address, writes every datagram to a file and the
IP TTL of each (from IP_RECVTTL) to stdout, one per line. Usage: group port interface_ip out_file"""
import socket
import struct
import sys

group, port, iface, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
s.bind((group, port))
s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, struct.pack("4s4s", socket.inet_aton(group), socket.inet_aton(iface)))
IP_RECVTTL = getattr(socket, "IP_RECVTTL", 12)  # linux/in.h; older Pythons lack the name
IP_TTL = getattr(socket, "IP_TTL", 2)
s.setsockopt(socket.IPPROTO_IP, IP_RECVTTL, 1)
print("joined", flush=True)
with open(out, "wb") as f:
    while True:
        data, anc, _, _ = s.recvmsg(65536, socket.CMSG_SPACE(4))
        f.write(data)
        f.flush()
        ttl = next((struct.unpack("i", d[:4])[0] for lvl, typ, d in anc if typ == IP_TTL), -1)
        print(ttl, flush=True)
