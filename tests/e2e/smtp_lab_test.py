#!/usr/bin/python3
"""The lab's SMTP servers answer as tests/lab/README.md says (lab only).

The reply texts are asserted exactly: they are what Exchange Online sends
(CHECKS.md §3), given to Postfix verbatim by tests/lab/smtp/replies.py.

Talks to each kind of server with Python's smtplib and ssl (an independent
client, not the product's probe): the EOP banner, EHLO keywords, STARTTLS
with a certificate that verifies against the lab CA for an EOP name, the RCPT
replies (known recipient, DBEB, relay denied, InternalRelay, ATTR35, banned
probe, old host 5.7.54), the smart hosts (CN=EX01, no STARTTLS), the silent
and refusing hosts, and that DATA is refused everywhere, which shows in
Postfix's log as data=0/1. Needs no ndrdiag binary.
"""

import os
import smtplib
import socket
import ssl
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stack import Checks, lab_env  # noqa: E402

TIMEOUT = 10
# The source address of this test's one DATA session (see the end of main).
CONTROL_SOURCE = "127.0.0.2"


def session(host, port, rcpts, tls_name=None, ca=None):
    """EHLO, optional STARTTLS, MAIL, RCPT..., RSET, QUIT: the replies."""
    out = {"rcpt": {}}
    s = smtplib.SMTP(timeout=TIMEOUT)
    s._host = tls_name or "unused.invalid"  # the name STARTTLS verifies
    out["banner"] = s.connect(host, port)
    code, msg = s.ehlo("probe.ndrdiag-test.invalid")
    out["ehlo"] = (code, msg.decode())
    out["keywords"] = set(s.esmtp_features)
    if tls_name and s.has_extn("starttls"):
        ctx = ssl.create_default_context(cafile=ca)
        try:
            out["starttls"] = s.starttls(context=ctx)
            out["cert"] = s.sock.getpeercert()
            s.ehlo("probe.ndrdiag-test.invalid")
        except ssl.SSLCertVerificationError as e:
            out["tls_error"] = str(e)
            return out
    out["mail"] = s.mail("probe@ndrdiag-test.invalid")
    for r in rcpts:
        code, msg = s.rcpt(r)
        out["rcpt"][r] = (code, msg.decode())
    out["rset"] = s.rset()
    s.quit()
    return out


def main():
    lab = lab_env()
    net, port, ca = lab["NDRDIAG_LAB_NET"], int(lab["NDRDIAG_LAB_SMTP_PORT"]), lab["NDRDIAG_LAB_SMTP_CA"]
    maillog = lab["NDRDIAG_LAB_SMTP_LOG"]
    c = Checks("smtp-lab")
    eop = f"{net}.25.1"

    # Exchange Online Protection.
    r = session(eop, port, ["user@healthy.com", "nobody@healthy.com", "x@not-accepted.com",
                            "anyone@mx-loop.com"], "healthy-com.mail.protection.outlook.com", ca)
    code, banner = r["banner"]
    c.eq(code, 220, "EOP: banner code")
    c.check(banner.decode().startswith("DB5EUR01FT001.mail.protection.outlook.com Microsoft ESMTP "
                                       "MAIL Service ready at "), "EOP: Microsoft banner", banner)
    want = {"starttls", "size", "pipelining", "dsn", "enhancedstatuscodes", "8bitmime", "chunking"}
    c.check(want <= r["keywords"], "EOP: EHLO advertises STARTTLS SIZE PIPELINING DSN "
            "ENHANCEDSTATUSCODES 8BITMIME CHUNKING", sorted(r["keywords"]))
    c.check("tls_error" not in r and r.get("starttls", (0,))[0] == 220,
            "EOP: STARTTLS, certificate verifies for healthy-com.mail.protection.outlook.com",
            r.get("tls_error", ""))
    sans = [v for k, v in (r.get("cert") or {}).get("subjectAltName", ()) if k == "DNS"]
    c.check({"*.mail.protection.outlook.com", "mail.protection.outlook.com", "*.mx.microsoft"} <= set(sans),
            "EOP: certificate SANs", sans)
    c.eq(r["mail"][0], 250, "EOP: MAIL FROM 250")
    rc = r["rcpt"]
    c.eq(rc["user@healthy.com"][0], 250, "EOP: known recipient 250")
    c.check(rc["nobody@healthy.com"][0] == 550 and rc["nobody@healthy.com"][1].startswith(
        "5.4.1 Recipient address rejected: Access denied. AS(201806281) [DB5EUR01FT088.eop-EUR01.prod."
        "protection.outlook.com "),
            "EOP: unknown recipient of an Authoritative domain: DBEB 550 5.4.1", rc["nobody@healthy.com"])
    c.check(rc["x@not-accepted.com"] == (550, "5.4.1 Relay Access Denied"),
            "EOP: domain not accepted: 550 5.4.1 Relay Access Denied", rc["x@not-accepted.com"])
    c.eq(rc["anyone@mx-loop.com"][0], 250, "EOP: any address of an InternalRelay domain 250")

    # The DNSSEC endpoint's certificate covers <d->.e-v1.mx.microsoft.
    r = session(f"{net}.25.11", port, [], "mx-dane-prio-com.e-v1.mx.microsoft", ca)
    c.check("tls_error" not in r, "EOP 25.11: certificate verifies for *.e-v1.mx.microsoft", r.get("tls_error"))

    # The EOP address that bans the probe.
    r = session(f"{net}.25.12", port, ["user@probe-banned.com"])
    got = r["rcpt"]["user@probe-banned.com"]
    c.check(got[0] == 550 and got[1].startswith("5.7.606 Access denied, banned sending IP [127."),
            "banned: RCPT 550 5.7.606 Access denied, banned sending IP", got)

    # Legacy endpoints.
    for host in (f"{net}.26.1", f"{net}.26.2"):
        r = session(host, port, ["user@mx-frontbridge.com"])
        got = r["rcpt"]["user@mx-frontbridge.com"]
        c.eq(got, (451, "4.4.62 Mail sent to the wrong Office 365 region. ATTR35. For more information "
                        "please go to https://go.microsoft.com/fwlink/?linkid=865268"),
             f"legacy {host}: RCPT 451 4.4.62 ... ATTR35")

    # The old on-premises host.
    r = session(f"{net}.30.33", port, ["user@mx-old-host.com"])
    c.check("Microsoft" not in r["banner"][1].decode(), "old host: not a Microsoft banner", r["banner"])
    got = r["rcpt"]["user@mx-old-host.com"]
    c.eq(got, (550, "5.7.54 SMTP; Unable to relay recipient in non-accepted domain"),
         "old host: RCPT 550 5.7.54 Unable to relay recipient in non-accepted domain")

    # A third-party host an older MX still names: takes mail.
    r = session(f"{net}.30.51", port, ["user@wrong-provider.com"])
    c.check("Microsoft" not in r["banner"][1].decode() and r["rcpt"]["user@wrong-provider.com"][0] == 250,
            "third-party host: not a Microsoft banner, RCPT 250", r)

    # Smart hosts.
    r = session(f"{net}.30.72", port, ["user@partner-lockdown.com"], "mail.partner-lockdown.com", ca)
    c.check("tls_error" not in r and "cert" in r, "on-premises 30.72: certificate verifies for mail.<d>",
            r.get("tls_error"))
    c.eq(r["rcpt"].get("user@partner-lockdown.com", (0,))[0], 250, "on-premises 30.72: RCPT 250")
    r = session(f"{net}.30.70", port, [], "mail.onprem-subject-mismatch.com", ca)
    c.check("tls_error" in r and "mismatch" in r["tls_error"].lower(),
            "on-premises 30.70: the certificate (CN=EX01) does not match the host name", r.get("tls_error"))
    r = session(f"{net}.30.71", port, ["user@onprem-no-starttls.com"])
    c.check("starttls" not in r["keywords"], "on-premises 30.71: no STARTTLS", sorted(r["keywords"]))
    r = session(f"{net}.30.120", port, [], "mail.onprem-expired.com", ca)
    c.check("tls_error" in r and "expired" in r["tls_error"].lower(),
            "on-premises 30.120: the certificate has expired", r.get("tls_error"))
    r = session(f"{net}.30.121", port, [], "mail.onprem-expiring.com", ca)
    left = (ssl.cert_time_to_seconds(r["cert"]["notAfter"]) - time.time()) / 86400 if "cert" in r else -1
    c.check("tls_error" not in r and 0 < left <= 60,
            "on-premises 30.121: the certificate verifies and expires within 60 days",
            (r.get("tls_error"), left))

    # The hosts that do not answer.
    for host, what in ((f"{net}.31.1", "silent"), (f"{net}.31.2", "slow")):
        s = socket.create_connection((host, port), timeout=TIMEOUT)
        s.settimeout(2)
        try:
            data = s.recv(100)
            c.check(False, f"{what} {host}: no banner within 2 s", data)
        except socket.timeout:
            c.check(True, f"{what} {host}: no banner within 2 s")
        s.close()
    try:
        socket.create_connection((f"{net}.31.3", port), timeout=TIMEOUT).close()
        c.check(False, f"{net}.31.3: connection refused")
    except ConnectionRefusedError:
        c.check(True, f"{net}.31.3: connection refused")

    # DATA is refused even for an accepted recipient, and Postfix logs it.
    # This session comes from CONTROL_SOURCE, which smtp_no_data_test.sh
    # leaves out (ctest runs tests in parallel; the probe uses 127.0.0.1).
    offset = os.path.getsize(maillog)
    s = smtplib.SMTP(eop, port, timeout=TIMEOUT, source_address=(CONTROL_SOURCE, 0))
    s.ehlo("probe.ndrdiag-test.invalid")
    s.mail("probe@ndrdiag-test.invalid")
    s.rcpt("user@healthy.com")
    code, _ = s.docmd("DATA")
    c.check(code >= 500, "EOP: DATA refused", code)
    s.quit()
    seen = ""
    for _ in range(50):
        with open(maillog, encoding="utf-8", errors="replace") as f:
            f.seek(offset)
            seen = f.read()
        if f"[{CONTROL_SOURCE}] ehlo=1 mail=1 rcpt=1 data=0/1 " in seen:
            break
        time.sleep(0.1)
    c.check(f"[{CONTROL_SOURCE}] ehlo=1 mail=1 rcpt=1 data=0/1 " in seen, "the Postfix log shows the refused DATA (data=0/1): the no-DATA "
            "test's evidence is real", seen[-300:])
    return c.summary()


if __name__ == "__main__":
    sys.exit(main())
