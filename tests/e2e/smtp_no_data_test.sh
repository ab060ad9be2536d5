#!/usr/bin/env bash
# The SMTP probe never sends DATA (or BDAT): proven from the lab Postfix's own
# log, not from the probe's word. Diagnoses SMTP scenarios of the lab
# (tests/lab/scenarios.tsv) through the whole stack, then reads the part of
# <lab dir>/postfix/maillog written meanwhile: Postfix ends every session
# with "disconnect from ... ehlo=2 starttls=1 mail=1 rcpt=0/2 rset=1 quit=1
# commands=..." (the count of each command the client sent). Asserts
#   - no session in that part of the log has data= or bdat=;
#   - every lab address the probe reports in its transcripts (evidence
#     smtp.server) has at least one disconnect line;
#   - each diagnosed domain's MX (or smart host) addresses got at least one
#     session.
# shellcheck source=tests/e2e/stack.sh
source "$(dirname "$0")/stack.sh"
stack_init smtp-no-data

MAILLOG="$LAB_SMTP_LOG"
[[ -f "$MAILLOG" ]] || bail "the lab Postfix's log $MAILLOG does not exist (tests/lab/lab.sh up)"

cli_help="$("$BIN/ndrdiag" diagnose --help 2>&1)"
cli_knows() { grep -q -- "--$1" <<<"$cli_help"; }
stack_up 1

# domain [address] [snapshot]: the probe meets every kind of lab server.
cases=(
  "healthy.com user@healthy.com"         # EOP 127.77.25.1/.2: 250 2.1.5
  "dbeb-unknown.com nobody@dbeb-unknown.com"  # EOP: DBEB 550 5.4.1
  "not-accepted.com"                     # EOP: 550 5.4.1 Relay Access Denied
  "mx-dane-prio.com"                     # EOP 127.77.25.11 (*.e-v1.mx.microsoft)
  "mx-frontbridge.com user@mx-frontbridge.com"  # legacy 127.77.26.2: ATTR35
  "mx-messaging.com"                     # legacy 127.77.26.1
  "mx-old-host.com"                      # old host 127.77.30.33: 5.7.54
  "probe-banned.com user@probe-banned.com"     # 127.77.25.12: 5.7.606
)
if cli_knows snapshot; then
  cases+=(
    "onprem-no-starttls.com - onprem-no-starttls.json"            # smart host 127.77.30.71
    "onprem-subject-mismatch.com - onprem-subject-mismatch.json"  # smart host 127.77.30.70
    "dbeb-hybrid-authoritative.com - dbeb-hybrid-authoritative.json"  # smart host 127.77.30.72
  )
else
  say "note: this ndrdiag has no diagnose --snapshot; the smart hosts are not probed"
fi

offset="$(stat -c %s "$MAILLOG")"
mkdir -p "$STACK_DIR/out"
domains=()
for c in "${cases[@]}"; do
  read -r domain address snapshot <<<"$c"
  args=()
  [[ -n "$address" && "$address" != - ]] && cli_knows address && args+=(--address "$address")
  [[ -n "$snapshot" ]] && args+=(--snapshot "$REPO/tests/lab/snapshots/$snapshot")
  cli diagnose "$domain" --output json --time-budget 15s "${args[@]}" \
    >"$STACK_DIR/out/$domain.json" 2>"$STACK_DIR/out/$domain.err"
  expect_eq "$?" 0 "$domain: ndrdiag diagnose exits 0"
  domains+=("$domain")
done

# The addresses each domain's probe should reach: its MX targets' (and, with
# a snapshot, its smart hosts') A records that are lab Postfix addresses.
postfix_addrs="$(grep -Ev '^[[:space:]]*(#|$)' "$REPO/tests/lab/smtp/hosts.conf" |
  awk -v net="$LAB_NET" '{print net "." $1}')"
a_of() { dig +short +time=2 +tries=2 @"$LAB_RESOLVER_IP" "$1" A | grep -E '^[0-9.]+$'; }
expected_for() {  # expected_for DOMAIN [SNAPSHOT]: lab Postfix addresses, one per line
  local mx
  for mx in $(dig +short +time=2 +tries=2 @"$LAB_RESOLVER_IP" "$1" MX | awk '{print $2}'); do a_of "$mx"; done
  [[ -n "${2:-}" ]] && a_of "mail.$1"
  true
}

# Postfix logs a session's summary when it ends; postlogd writes it a moment
# later. Wait (with a deadline) until every domain has a session.
deadline=$((SECONDS + 20))
while :; do
  tail -c +"$((offset + 1))" "$MAILLOG" >"$STACK_DIR/maillog.part"
  missing=()
  for c in "${cases[@]}"; do
    read -r domain _ snapshot <<<"$c"
    hit=0
    for a in $(expected_for "$domain" "$snapshot" | grep -Fx -f <(echo "$postfix_addrs")); do
      grep -q "postfix/[a-z0-9-]*-$a/smtpd\[[0-9]*\]: disconnect from " "$STACK_DIR/maillog.part" && hit=1
    done
    ((hit)) || missing+=("$domain")
  done
  ((${#missing[@]} == 0 || SECONDS >= deadline)) && break
  sleep 0.5
done

sessions="$(grep -c 'smtpd\[[0-9]*\]: disconnect from ' "$STACK_DIR/maillog.part")"
say "$sessions SMTP sessions in the lab Postfix's log during the test"
expect_true "the lab Postfix logged SMTP sessions of the probe" test "$sessions" -gt 0
for c in "${cases[@]}"; do
  read -r domain _ <<<"$c"
  if [[ " ${missing[*]} " == *" $domain "* ]]; then
    fail "$domain: no session at any of its lab addresses ($(expected_for "$domain" | tr '\n' ' '))"
  else
    pass "$domain: the probe had a session with the lab server"
  fi
done

# Every lab address the probe's transcripts name has a session in the log.
probed="$("$PY" - "$STACK_DIR/out" <<'EOF'
import glob, json, sys
seen = set()
for f in glob.glob(sys.argv[1] + "/*.json"):
    try:
        d = json.load(open(f))
    except ValueError:
        continue
    for r in d.get("results", []):
        for e in r.get("evidence", []):
            t = e.get("smtp")
            if isinstance(t, dict) and t.get("server") and t.get("lines"):
                seen.add(t["server"].rsplit(":", 1)[0].strip("[]"))
print("\n".join(sorted(seen)))
EOF
)"
for a in $probed; do
  grep -qFx "$a" <<<"$postfix_addrs" || continue
  expect_true "$a: the session the transcript shows is in the Postfix log" \
    grep -q "postfix/[a-z0-9-]*-$a/smtpd\[[0-9]*\]: disconnect from " "$STACK_DIR/maillog.part"
done

# The point of the test: no session sent DATA or BDAT. The one exception is
# smtp_lab_test.py's control session, which proves that Postfix logs a DATA
# (ctest may run it meanwhile): it comes from 127.0.0.2, never the probe's
# source.
with_data="$(grep 'smtpd\[[0-9]*\]: disconnect from ' "$STACK_DIR/maillog.part" |
  grep -vF 'disconnect from unknown[127.0.0.2] ' | grep -E ' (data|bdat)=' || true)"
expect_eq "$with_data" "" "no SMTP session in the lab's log sent DATA or BDAT"
grep 'smtpd\[[0-9]*\]: disconnect from ' "$STACK_DIR/maillog.part" | sed -E 's/.*: disconnect from //' |
  sort | uniq -c | sort -rn | head -n 8 | sed 's/^/    /'

stack_finish
