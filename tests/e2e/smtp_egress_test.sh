#!/usr/bin/env bash
# The SMTP probe obeys the egress allow-list. mx-loopback.com's MX
# (mail.mx-loopback.com) resolves to 127.0.0.1, outside the worker's
# allow-list (only the lab block, 127.77.0.0/16; 127.0.0.0/8 is not in it).
# A listener of this test on 127.0.0.1:<lab SMTP port> records every
# connection. Asserts that the diagnosis reports smtp.mx.connect
# INCONCLUSIVE with "egress" in its reason, and that the listener saw no
# connection. Then the test connects to its own listener once to prove the
# listener would have seen one.
# shellcheck source=tests/e2e/stack.sh
source "$(dirname "$0")/stack.sh"
stack_init smtp-egress

[[ "$LAB_ALLOW_CIDR" != 127.0.0.0/8 ]] || bail "the lab's allow-list is 127.0.0.0/8: it would allow 127.0.0.1"

# The recording listener: one line per accepted connection, then closed.
CONNS="$STACK_DIR/listener.conns"
: >"$CONNS"
start listener "$PY" -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(16)
open(sys.argv[2] + ".ready", "w").close()
while True:
    c, peer = s.accept()
    with open(sys.argv[2], "a") as f:
        f.write(f"{peer[0]}:{peer[1]}\n")
    c.close()
' "$LAB_SMTP_PORT" "$CONNS"
deadline=$((SECONDS + 10))
until [[ -e "$CONNS.ready" ]]; do
  alive listener || { log_tail listener; bail "the listener could not bind 127.0.0.1:$LAB_SMTP_PORT"; }
  ((SECONDS < deadline)) || bail "the listener did not start"
  sleep 0.1
done

stack_up 1
expect_eq "$(dig +short +time=2 +tries=2 @"$LAB_RESOLVER_IP" mail.mx-loopback.com A)" 127.0.0.1 \
  "the lab resolves mail.mx-loopback.com to 127.0.0.1"

out="$(cli diagnose mx-loopback.com --output json --time-budget 15s)"
expect_eq "$(json_get "$out" 'd["state"]')" SUCCEEDED "mx-loopback.com: the diagnosis finished"
statuses="$(json_get "$out" '",".join(sorted(set(r["status"] for r in d.get("results",[]) if r.get("checkId")=="smtp.mx.connect")))')"
expect_eq "$statuses" INCONCLUSIVE "mx-loopback.com: smtp.mx.connect is INCONCLUSIVE"
reason="$(json_get "$out" '" ".join(" ".join([r.get("inconclusiveReason",""), r.get("inconclusive_reason",""), r.get("message",""), " ".join(str(e.get("smtp",{}).get("error","")) for e in r.get("evidence",[]))]) for r in d.get("results",[]) if r.get("checkId")=="smtp.mx.connect")')"
expect_contains "$reason" egress "mx-loopback.com: the smtp.mx.connect reason names the egress policy"

# Anything that slipped through would have connected by now; give a late
# connection a moment anyway.
sleep 1
expect_eq "$(wc -l <"$CONNS")" 0 "no connection reached 127.0.0.1:$LAB_SMTP_PORT"

# The listener does record connections (so the assertion above can fail).
(exec 3<>"/dev/tcp/127.0.0.1/$LAB_SMTP_PORT") 2>/dev/null
deadline=$((SECONDS + 5))
until [[ "$(wc -l <"$CONNS")" -ge 1 ]] || ((SECONDS >= deadline)); do sleep 0.1; done
expect_eq "$(wc -l <"$CONNS")" 1 "the listener records a connection (control)"

stack_finish
