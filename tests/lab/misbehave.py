#!/usr/bin/env python3
"""Misbehaving name and mail servers for the lab (Python standard library only).

One process serves several loopback addresses, each with its own failure.
Name servers (port 53, UDP and TCP):

  silent    never answers (UDP dropped; TCP accepted, then nothing is said)
  refused   answers every query REFUSED
  servfail  answers every query SERVFAIL
  nonaa     relays the query to a real server (the UPSTREAM address) and
            returns its answer with the AA bit cleared, like a cache or a
            resolver that was never given the zone

Mail servers (TCP on --smtp-port, the lab's SMTP port):

  smtp-silent  accepts the connection and never sends a banner
  smtp-slow    sends its banner after SLOW_BANNER_SECONDS (45 s), then
               answers like a minimal server (never takes DATA)

Usage:
  misbehave.py --pidfile FILE [--smtp-port N] ADDR=MODE[:UPSTREAM] ...

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

MODES = ("silent", "refused", "servfail", "nonaa", "smtp-silent", "smtp-slow")
SMTP_MODES = ("smtp-silent", "smtp-slow")
SLOW_BANNER_SECONDS = 45.0
SMTP_IDLE_TIMEOUT = 60.0
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


def serve_slow_smtp(conn: socket.socket, stop: threading.Event) -> None:
    """The banner after SLOW_BANNER_SECONDS, then a minimal SMTP dialogue."""
    name = "slow.onprem.ndrdiag-lab.invalid"
    try:
        # A client that gives up first closes the connection: stop waiting.
        conn.settimeout(SLOW_BANNER_SECONDS)
        try:
            if conn.recv(1, socket.MSG_PEEK) == b"":
                return
        except socket.timeout:
            pass
        if stop.is_set():
            return
        conn.sendall(f"220 {name} ESMTP slow banner\r\n".encode())
        conn.settimeout(SMTP_IDLE_TIMEOUT)
        buf = b""
        while True:
            chunk = conn.recv(4096)
            if not chunk:
                return
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                verb = line.strip().split(b" ", 1)[0].upper()
                if verb in (b"EHLO", b"HELO"):
                    reply = f"250 {name}"
                elif verb in (b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                    reply = "250 2.0.0 Ok"
                elif verb in (b"DATA", b"BDAT"):
                    reply = "554 5.3.3 ndrdiag lab: this server never takes a message"
                elif verb == b"QUIT":
                    conn.sendall(b"221 2.0.0 Bye\r\n")
                    return
                else:
                    reply = "502 5.5.2 Error: command not recognized"
                conn.sendall(reply.encode() + b"\r\n")
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
    parser.add_argument("--smtp-port", type=int, default=2525)
    parser.add_argument("specs", nargs="+", metavar="ADDR=MODE[:UPSTREAM]")
    args = parser.parse_args()
    try:
        specs = [parse_spec(s) for s in args.specs]
    except (ValueError, OSError) as e:
        print(f"misbehave: {e}", file=sys.stderr)
        return 2

    sel = selectors.DefaultSelector()
    stop = threading.Event()
    for addr, mode, upstream in specs:
        if mode in SMTP_MODES:
            tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            tcp.bind((addr, args.smtp_port))
            tcp.listen(64)
            sel.register(tcp, selectors.EVENT_READ, ("tcp", mode, upstream))
            print(f"misbehave: {addr}:{args.smtp_port} {mode}", flush=True)
            continue
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
                if mode == "smtp-slow":
                    threading.Thread(target=serve_slow_smtp, args=(conn, stop), daemon=True).start()
                    continue
                if mode in ("silent", "smtp-silent"):
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
