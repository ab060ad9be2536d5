#!/usr/bin/python3
"""A tiny authoritative DNS server that records every query it receives.

The egress test runs it on the lab's canary address (<net>.0.99, port 53),
which com. delegates egresscanary.com to. It serves that one zone (SOA, NS,
the name server's A record, one MX) over UDP and TCP and appends one JSON line
per query to --log: {"src": "127.0.0.1", "proto": "udp", "qname": "...",
"qtype": 15, "rd": false}. The lab's resolver sends from its own address
(<net>.0.53), so any other source is a client asking directly.

Standard library only; stops on SIGTERM.
"""

import argparse
import json
import signal
import socket
import socketserver
import struct
import sys
import threading

TYPE_A, TYPE_NS, TYPE_SOA, TYPE_MX = 1, 2, 6, 15
RCODE_NXDOMAIN, RCODE_REFUSED, RCODE_FORMERR = 3, 5, 1


def encode_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode("ascii")
    return out + b"\x00"


def decode_question(msg):
    """Returns (qname, qtype, end offset) of the first question."""
    pos, labels = 12, []
    while True:
        length = msg[pos]
        pos += 1
        if length == 0:
            break
        if length & 0xC0:
            raise ValueError("compressed question name")
        labels.append(msg[pos:pos + length].decode("ascii", "replace").lower())
        pos += length
    qtype, _qclass = struct.unpack("!HH", msg[pos:pos + 4])
    return ".".join(labels) + ".", qtype, pos + 4


class Zone:
    def __init__(self, origin, addr):
        self.origin = origin.rstrip(".").lower() + "."
        ns = "ns1." + self.origin
        mx = self.origin.rstrip(".").replace(".", "-") + ".mail.protection.outlook.com."
        self.soa = (self.origin, TYPE_SOA,
                    encode_name(ns) + encode_name("hostmaster." + self.origin) +
                    struct.pack("!IIIII", 2024010101, 3600, 600, 1209600, 300))
        self.records = [
            self.soa,
            (self.origin, TYPE_NS, encode_name(ns)),
            (self.origin, TYPE_MX, struct.pack("!H", 0) + encode_name(mx)),
            (ns, TYPE_A, socket.inet_aton(addr)),
        ]

    def answer(self, query):
        try:
            qname, qtype, end = decode_question(query)
        except (IndexError, ValueError, struct.error):
            return None, None
        header_id, flags = struct.unpack("!HH", query[:4])
        rd = bool(flags & 0x0100)
        answers, authority, rcode = [], [], 0
        if not (qname == self.origin or qname.endswith("." + self.origin)):
            rcode = RCODE_REFUSED
        else:
            names = {r[0] for r in self.records}
            answers = [r for r in self.records if r[0] == qname and r[1] == qtype]
            if qname not in names:
                rcode = RCODE_NXDOMAIN
            if not answers:
                authority = [self.soa]
        aa = 0x0400 if rcode != RCODE_REFUSED else 0
        out_flags = 0x8000 | (flags & 0x7800) | aa | (flags & 0x0100) | rcode
        msg = struct.pack("!HHHHHH", header_id, out_flags, 1, len(answers),
                          len(authority), 0)
        msg += query[12:end]
        for name, rtype, rdata in answers + authority:
            msg += encode_name(name) + struct.pack("!HHIH", rtype, 1, 300, len(rdata)) + rdata
        return msg, {"qname": qname, "qtype": qtype, "rd": rd}


class Recorder:
    def __init__(self, zone, log_path):
        self.zone = zone
        self.lock = threading.Lock()
        self.log = open(log_path, "a", buffering=1)

    def handle(self, query, src, proto):
        reply, info = self.zone.answer(query)
        entry = {"src": src, "proto": proto}
        entry.update(info or {"malformed": True})
        with self.lock:
            self.log.write(json.dumps(entry) + "\n")
        return reply


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addr", required=True)
    parser.add_argument("--port", type=int, default=53)
    parser.add_argument("--zone", default="egresscanary.com")
    parser.add_argument("--log", required=True)
    parser.add_argument("--ready", help="file written once listening")
    args = parser.parse_args()
    recorder = Recorder(Zone(args.zone, args.addr), args.log)

    class Udp(socketserver.BaseRequestHandler):
        def handle(self):
            data, sock = self.request
            reply = recorder.handle(data, self.client_address[0], "udp")
            if reply:
                sock.sendto(reply, self.client_address)

    class Tcp(socketserver.StreamRequestHandler):
        def handle(self):
            self.connection.settimeout(5)
            while True:
                head = self.rfile.read(2)
                if len(head) < 2:
                    return
                data = self.rfile.read(struct.unpack("!H", head)[0])
                reply = recorder.handle(data, self.client_address[0], "tcp")
                if not reply:
                    return
                self.wfile.write(struct.pack("!H", len(reply)) + reply)

    socketserver.ThreadingUDPServer.allow_reuse_address = True
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    servers = [socketserver.ThreadingUDPServer((args.addr, args.port), Udp),
               socketserver.ThreadingTCPServer((args.addr, args.port), Tcp)]
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    if args.ready:
        with open(args.ready, "w") as f:
            f.write("ready\n")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(0.5):
        pass
    for server in servers:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
