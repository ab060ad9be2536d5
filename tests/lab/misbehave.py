#!/usr/bin/env python3
"""Misbehaving name servers for the DNS lab (Python standard library only).

One process serves several loopback addresses, each with its own failure:

  silent    never answers (UDP dropped; TCP accepted, then nothing is said)
  refused   answers every query REFUSED
  servfail  answers every query SERVFAIL
  nonaa     relays the query to a real server (the UPSTREAM address) and
            returns its answer with the AA bit cleared, like a cache or a
            resolver that was never given the zone

Usage:
  misbehave.py --pidfile FILE ADDR=MODE[:UPSTREAM] ...

The pid file is written once every socket is bound, so a caller that waits
for it knows the addresses are ready. SIGTERM ends the process. Started and
stopped by tests/lab/lab.sh (see tests/lab/misbehave.conf).
"""

import argparse
import os
import selectors
import signal
import socket
import struct
import sys
import threading

MODES = ("silent", "refused", "servfail", "nonaa")
RCODE = {"refused": 5, "servfail": 2}
UPSTREAM_TIMEOUT = 2.0
TCP_IDLE_TIMEOUT = 30.0


def error_reply(query: bytes, rcode: int) -> bytes:
    """The query's header and question with QR set and RCODE, no records."""
    if len(query) < 12:
        return b""
    qid, flags, qdcount = struct.unpack("!HHH", query[:6])
    # Keep opcode and RD from the query; set QR; clear AA, TC, RA and rcode.
    flags = 0x8000 | (flags & 0x7900) | rcode
    # Echo the question section: it starts at byte 12 and ends after the
    # first name's zero label plus QTYPE and QCLASS.
    end = 12
    if qdcount:
        while end < len(query) and query[end] != 0:
            end += 1 + query[end]
        end += 5
    return struct.pack("!HHHHHH", qid, flags, min(qdcount, 1), 0, 0, 0) + query[12:end]


def relay_without_aa(query: bytes, upstream: str) -> bytes:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(UPSTREAM_TIMEOUT)
    try:
        s.sendto(query, (upstream, 53))
        reply, _ = s.recvfrom(65535)
    except OSError:
        return error_reply(query, 2)
    finally:
        s.close()
    if len(reply) < 12:
        return b""
    flags = struct.unpack("!H", reply[2:4])[0] & ~0x0400
    return reply[:2] + struct.pack("!H", flags) + reply[4:]


def answer(mode: str, upstream: str, query: bytes) -> bytes:
    if mode in RCODE:
        return error_reply(query, RCODE[mode])
    if mode == "nonaa":
        return relay_without_aa(query, upstream)
    return b""


def serve_tcp_client(conn: socket.socket, mode: str, upstream: str) -> None:
    conn.settimeout(TCP_IDLE_TIMEOUT)
    try:
        while True:
            head = conn.recv(2)
            if len(head) < 2:
                return
            (length,) = struct.unpack("!H", head)
            query = b""
            while len(query) < length:
                chunk = conn.recv(length - len(query))
                if not chunk:
                    return
                query += chunk
            reply = answer(mode, upstream, query)
            if reply:
                conn.sendall(struct.pack("!H", len(reply)) + reply)
    except OSError:
        return
    finally:
        conn.close()


def parse_spec(spec: str):
    addr, _, rest = spec.partition("=")
    mode, _, upstream = rest.partition(":")
    if mode not in MODES:
        raise ValueError(f"{spec}: mode must be one of {', '.join(MODES)}")
    if mode == "nonaa" and not upstream:
        raise ValueError(f"{spec}: nonaa needs an upstream, e.g. {addr}=nonaa:127.77.0.4")
    socket.inet_aton(addr)
    if not addr.startswith("127."):
        raise ValueError(f"{spec}: only loopback (127.0.0.0/8) addresses")
    return addr, mode, upstream


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pidfile", required=True)
    parser.add_argument("--port", type=int, default=53)
    parser.add_argument("specs", nargs="+", metavar="ADDR=MODE[:UPSTREAM]")
    args = parser.parse_args()
    try:
        specs = [parse_spec(s) for s in args.specs]
    except (ValueError, OSError) as e:
        print(f"misbehave: {e}", file=sys.stderr)
        return 2

    sel = selectors.DefaultSelector()
    for addr, mode, upstream in specs:
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.bind((addr, args.port))
        sel.register(udp, selectors.EVENT_READ, ("udp", mode, upstream))
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        tcp.bind((addr, args.port))
        tcp.listen(64)
        sel.register(tcp, selectors.EVENT_READ, ("tcp", mode, upstream))
        print(f"misbehave: {addr}:{args.port} {mode} {upstream}".rstrip(), flush=True)

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    silent_conns = []
    tmp = args.pidfile + ".tmp"
    with open(tmp, "w") as f:
        f.write(f"{os.getpid()}\n")
    os.replace(tmp, args.pidfile)

    while True:
        for key, _ in sel.select():
            kind, mode, upstream = key.data
            sock = key.fileobj
            if kind == "udp":
                query, peer = sock.recvfrom(65535)
                if mode == "nonaa":
                    # The relay waits on the upstream: do it off the loop.
                    threading.Thread(
                        target=lambda q=query, p=peer, s=sock, u=upstream: (
                            (r := relay_without_aa(q, u)) and s.sendto(r, p)),
                        daemon=True).start()
                    continue
                reply = answer(mode, upstream, query)
                if reply:
                    sock.sendto(reply, peer)
            else:
                conn, _ = sock.accept()
                if mode == "silent":
                    # Hold the connection open and say nothing; drop the
                    # oldest once many pile up.
                    silent_conns.append(conn)
                    if len(silent_conns) > 256:
                        silent_conns.pop(0).close()
                    continue
                threading.Thread(target=serve_tcp_client, args=(conn, mode, upstream),
                                 daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
