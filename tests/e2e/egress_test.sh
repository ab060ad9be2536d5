#!/usr/bin/env bash
# The egress guard, proven on the wire. A recording DNS server runs on the
# lab's canary address (<net>.0.99), which com. delegates egresscanary.com to.
#  1. A worker WITHOUT --allow-cidr diagnoses egresscanary.com: the MX checks
#     work through the configured resolver, dns.rrset.auth_consistency is
#     INCONCLUSIVE and says "egress policy", and the canary received queries
#     only from the resolver's address, none sent directly by the worker.
#  2. Control (so this test can fail): a worker WITH the lab allow-list does
#     query the canary directly.
# shellcheck source=tests/e2e/stack.sh
source "$(dirname "$0")/stack.sh"
stack_init egress
start_redis
start_frontend

CANARY="$LAB_NET.0.99"
QLOG="$STACK_DIR/canary-queries.jsonl"
: >"$QLOG"
start canary "$PY" "$E2E_DIR/dns_recorder.py" --addr "$CANARY" --log "$QLOG" \
  --ready "$STACK_DIR/canary.ready"
for _ in $(seq 50); do [[ -e "$STACK_DIR/canary.ready" ]] && break; sleep 0.1; done
[[ -e "$STACK_DIR/canary.ready" ]] || { log_tail canary; bail "the canary DNS server did not start on $CANARY:53"; }

# The resolver may remember the canary address as dead from an earlier run.
UCONF="$NDRDIAG_LAB_DIR/resolver/unbound.conf"
unbound-control -c "$UCONF" flush_infra "$CANARY" >/dev/null 2>&1
unbound-control -c "$UCONF" flush_zone egresscanary.com >/dev/null 2>&1
expect_eq "$(dig +short +time=2 +tries=3 @"$LAB_RESOLVER_IP" egresscanary.com MX)" \
  "0 egresscanary-com.mail.protection.outlook.com." "the lab resolves egresscanary.com through the canary"

# The worker's propagation panel has the lab's lagging resolver too: its
# queries come from its own address and are a resolver's, not the worker's.
LAG_RESOLVER_IP="${LAB_LAG_RESOLVER%:*}"
# So are the validating resolvers'.
VALIDATOR_IPS=()
for v in ${NDRDIAG_LAB_VALIDATING_RESOLVERS//,/ }; do VALIDATOR_IPS+=("${v%:*}"); done
for d in resolver-lag resolver-val1 resolver-val2; do
  [[ -e "$NDRDIAG_LAB_DIR/$d/unbound.conf" ]] &&
    { unbound-control -c "$NDRDIAG_LAB_DIR/$d/unbound.conf" flush_infra "$CANARY" >/dev/null 2>&1 || true; }
done
direct_queries() {  # queries the canary got from anybody but the resolvers
  "$PY" -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["src"] not in sys.argv[2:]))' \
    "$QLOG" "$LAB_RESOLVER_IP" "$LAG_RESOLVER_IP" "${VALIDATOR_IPS[@]}"
}
auth_check() {  # auth_check JSON: status and everything the result says
  json_get "$1" '[" | ".join([r["status"], r.get("message",""), r.get("inconclusiveReason","")] + [e.get("dns",{}).get("error","") + e.get("note","") for e in r.get("evidence",[])]) for r in d["results"] if r["checkId"]=="dns.rrset.auth_consistency"][0]'
}

# --- 1. no allow-list ----------------------------------------------------------
start_worker --no-allow
: >"$QLOG"
out="$(cli diagnose egresscanary.com --output json)"
expect_eq "$?" 0 "no allow-list: egresscanary.com diagnosed"
expect_eq "$(json_get "$out" '[r["status"] for r in d["results"] if r["checkId"]=="dns.mx.present"]')" \
  '["PASS"]' "no allow-list: dns.mx.present still works through the resolver"
auth="$(auth_check "$out")"
expect_eq "${auth%% |*}" INCONCLUSIVE "no allow-list: dns.rrset.auth_consistency is INCONCLUSIVE"
expect_contains "$auth" "egress policy" "no allow-list: and says it was blocked by egress policy"
expect_eq "$(json_get "$out" 'd["verdict"]["partial"]')" True "no allow-list: the verdict says it is partial"
sleep 1  # a straggling packet would arrive now
expect_eq "$(direct_queries)" 0 "no allow-list: the canary received no query except from the resolvers"
expect_true "the canary did receive the resolver's queries" test -s "$QLOG"

out="$(cli diagnose contoso.com --output json)"
auth="$(auth_check "$out")"
expect_eq "${auth%% |*}" INCONCLUSIVE "no allow-list: contoso.com auth_consistency INCONCLUSIVE"
expect_contains "$auth" "egress policy" "no allow-list: contoso.com says egress policy"
expect_eq "$(json_get "$out" 'd["verdict"]["causes"][0]["cause"]')" HEALTHY \
  "no allow-list: an INCONCLUSIVE check does not make contoso.com unhealthy"
stop "$LAST_WORKER"

# --- 2. control: with the allow-list ------------------------------------------
start_worker
: >"$QLOG"
out="$(cli diagnose egresscanary.com --output json)"
expect_eq "$?" 0 "allow-list: egresscanary.com diagnosed"
auth="$(auth_check "$out")"
expect_eq "${auth%% |*}" PASS "allow-list: auth_consistency PASS (the canary answers like the resolver)"
expect_true "allow-list: the worker queried the canary directly ($(direct_queries) queries)" \
  test "$(direct_queries)" -gt 0

stack_finish
