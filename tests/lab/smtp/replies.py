#!/usr/bin/env python3
"""The RCPT replies of the lab's SMTP servers, given verbatim to Postfix as a
milter (Python standard library only).

Postfix's own access maps put "<address>: Recipient address rejected: " in
front of every reply text; a milter's reply goes to the client exactly as
written. So each Postfix smtpd service of tests/lab/smtp/hosts.conf names one
unix socket of this process (its role), Postfix accepts every recipient
itself, and this process answers RCPT as that kind of server would:

  eop          recipients.tsv: a known recipient of an accepted domain or any
               address of an InternalRelay domain: continue (Postfix says
               250); an unknown recipient of an Authoritative domain:
               550 5.4.1 Recipient address rejected: Access denied.
               AS(201806281) [<node>.eop-EUR01.prod.protection.outlook.com ...];
               any other domain: 550 5.4.1 Relay Access Denied
  eop-banned   550 5.7.606 Access denied, banned sending IP [<client address>]
  legacy       451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. ...
  oldhost      550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain
  onprem       continue (250)

Usage:
  replies.py --pidfile FILE --dir SOCKET_DIR --recipients recipients.tsv

Writes SOCKET_DIR/<role>.sock for every role and the pid file once all are
listening. SIGTERM ends it. Started and stopped by tests/lab/lab.sh.
The milter protocol (version 6) as Postfix speaks it: every packet is a
32-bit length, a command byte and its data.
"""

import argparse
import datetime
import os
import signal
import socket
import struct
import sys
import threading
import uuid

ROLES = ("eop", "eop-banned", "legacy", "oldhost", "onprem")
NODE = "DB5EUR01FT088.eop-EUR01.prod.protection.outlook.com"
ATTR35 = ("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. For more "
          "information please go to https://go.microsoft.com/fwlink/?linkid=865268")
OLDHOST = "550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain"
RELAY_DENIED = "550 5.4.1 Relay Access Denied"
# Steps Postfix need not send: connect, HELO, MAIL, body, headers, end of
# headers, unknown commands, DATA (SMFIP_NO* flags).
PROTOCOL = 0x1 | 0x2 | 0x4 | 0x10 | 0x20 | 0x40 | 0x100 | 0x200
IDLE_TIMEOUT = 300.0


def load_recipients(path):
    """domain -> (type, set of known local parts)."""
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            domain, typ, users, _host = line.split()
            table[domain.lower()] = (typ, {u.lower() for u in users.split(",") if u != "-"})
    return table


def eop_reply(table, rcpt):
    local, _, domain = rcpt.lower().rpartition("@")
    entry = table.get(domain)
    if entry is None:
        return RELAY_DENIED
    typ, users = entry
    if typ == "InternalRelay" or local in users:
        return None
    now = datetime.datetime.now(datetime.timezone.utc)
    stamp = now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
    return ("550 5.4.1 Recipient address rejected: Access denied. AS(201806281) "
            f"[{NODE} {stamp} {uuid.uuid4().hex[:16].upper()}]")


def reply_for(role, table, rcpt, macros):
    if role == "eop":
        return eop_reply(table, rcpt)
    if role == "eop-banned":
        return f"550 5.7.606 Access denied, banned sending IP [{macros.get('{client_addr}', 'unknown')}]"
    if role == "legacy":
        return ATTR35
    if role == "oldhost":
        return OLDHOST
    return None


def read_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def send(conn, cmd, data=b""):
    conn.sendall(struct.pack("!I", len(data) + 1) + cmd + data)


def serve(conn, role, table):
    macros = {}
    conn.settimeout(IDLE_TIMEOUT)
    try:
        while True:
            (length,) = struct.unpack("!I", read_exact(conn, 4))
            if length < 1 or length > 1 << 20:
                return
            packet = read_exact(conn, length)
            cmd, data = packet[:1], packet[1:]
            if cmd == b"O":
                version, _actions, _protocol = struct.unpack("!III", data[:12])
                send(conn, b"O", struct.pack("!III", min(version, 6), 0, PROTOCOL))
            elif cmd == b"D":
                parts = data[1:].split(b"\0")
                for k, v in zip(parts[0::2], parts[1::2]):
                    macros[k.decode(errors="replace")] = v.decode(errors="replace")
            elif cmd == b"R":
                rcpt = data.split(b"\0", 1)[0].decode(errors="replace").strip("<>")
                text = reply_for(role, table, rcpt, macros)
                if text:
                    send(conn, b"y", text.encode() + b"\0")
                else:
                    send(conn, b"c")
            elif cmd in (b"A", b"K"):
                # Abort (RSET, or the end of a message) or "quit, new
                # connection follows": no reply.
                if cmd == b"K":
                    macros.clear()
            elif cmd == b"Q":
                return
            else:
                # A step we asked Postfix to skip, sent anyway: go on.
                send(conn, b"c")
    except (EOFError, OSError, struct.error):
        return
    finally:
        conn.close()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--pidfile", required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--recipients", required=True)
    a = p.parse_args()
    table = load_recipients(a.recipients)
    os.makedirs(a.dir, exist_ok=True)
    # Postfix's smtpd runs as the unprivileged mail owner.
    os.chmod(a.dir, 0o755)
    listeners = []
    for role in ROLES:
        path = os.path.join(a.dir, role + ".sock")
        if os.path.exists(path):
            os.unlink(path)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(path)
        os.chmod(path, 0o666)
        s.listen(64)
        listeners.append((s, role))
        print(f"replies: {role} on {path}", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    def accept_loop(sock, role):
        while True:
            conn, _ = sock.accept()
            threading.Thread(target=serve, args=(conn, role, table), daemon=True).start()

    for s, role in listeners:
        threading.Thread(target=accept_loop, args=(s, role), daemon=True).start()
    tmp = a.pidfile + ".tmp"
    with open(tmp, "w") as f:
        f.write(f"{os.getpid()}\n")
    os.replace(tmp, a.pidfile)
    while True:
        signal.pause()


if __name__ == "__main__":
    sys.exit(main())
