#!/usr/bin/env bash
# `ndrdiag diagnose ... --locale ja` prints the whole report in Japanese
# (issue 6): a diagnosis that touches every family (DNS, the SMTP probe, a
# tenant snapshot with connectors and the hybrid side, an NDR) is run in
# Japanese, and every text a reader sees must be Japanese: each result's
# title, message and remediation, the verdict's summary, every cause's
# explanation and remediation steps, and every line of the text output
# except those that are only identifiers (check ids, status words, enum
# names, host names, which stay as in the API in every locale).
# shellcheck source=tests/e2e/stack.sh
source "$(dirname "$0")/stack.sh"
stack_init locale-ja
stack_up 1

DOMAIN=kb2827473-no-inbound.com
args=(--address "user@$DOMAIN" --snapshot "$REPO/tests/lab/snapshots/kb2827473-no-inbound.json"
  --ndr-file "$REPO/tests/lab/ndr/kb2827473-onprem.txt" --time-budget 15s)

cli diagnose "${args[@]}" --locale ja --output json >"$STACK_DIR/ja.json" 2>"$STACK_DIR/ja-json.err"
expect_eq "$?" 0 "diagnose --locale ja --output json exits 0"
report="$("$PY" - "$STACK_DIR/ja.json" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
jp = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
bad = []
def need(where, text):
    if text and not jp.search(text):
        bad.append(f"{where}: {text[:100]}")
results = d.get("results", [])
families = sorted({r.get("family", "") for r in results if r.get("status") != "SKIPPED"})
for r in results:
    for field in ("title", "message", "remediation"):
        need(f'{r["checkId"]}.{field}', r.get(field, ""))
    if not r.get("title"):
        bad.append(f'{r["checkId"]}: no title')
v = d.get("verdict", {})
need("verdict.summary", v.get("summary", ""))
for c in v.get("causes", []):
    need(f'cause {c["cause"]} explanation', c.get("explanation", ""))
    for i, step in enumerate(c.get("remediation", [])):
        need(f'cause {c["cause"]} step {i + 1}', step)
    for note in c.get("caveats", []) + c.get("disagreements", []):
        need(f'cause {c["cause"]} note', note)
print(f"results={len(results)} families={','.join(families)} untranslated={len(bad)}")
for b in bad:
    print("  " + b)
PY
)"
echo "$report"
expect_true "the Japanese diagnosis covers the DNS, CONNECTOR, TENANT, HYBRID and NDR families" \
  grep -q "families=CONNECTOR,DNS,HYBRID,NDR,TENANT" <<<"$report"
expect_true "every title, message, remediation, summary and cause text is Japanese" \
  grep -q "untranslated=0" <<<"$report"

# The text output: every line with words in it is Japanese; lines of only
# identifiers (ids, statuses, causes, hosts, addresses, numbers) may not be.
cli diagnose "${args[@]}" --locale ja >"$STACK_DIR/ja.txt" 2>"$STACK_DIR/ja-text.err"
expect_eq "$?" 0 "diagnose --locale ja (text) exits 0"
text="$(cat "$STACK_DIR/ja.txt")"
english="$("$PY" - "$STACK_DIR/ja.txt" <<'PY'
import re, sys
jp = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# Identifiers: check ids, UPPER_CASE enums, host names, addresses, numbers,
# durations, timestamps and punctuation.
ident = re.compile(r"^[\s\W\d]*((\[?[A-Za-z0-9_.@:/+\-]+\]?|[A-Z_]{2,}|\d+%?)[\s\W]*)*$")
for line in open(sys.argv[1], encoding="utf-8").read().splitlines():
    if line.strip() and not jp.search(line) and not ident.match(line):
        print(line)
PY
)"
[[ -z "$english" ]] || printf 'English lines:\n%s\n' "$english"
expect_eq "$(grep -c . <<<"$english")" 0 "every line of the Japanese text report with words in it is Japanese"
expect_contains "$text" "判定" "the text report has the Japanese verdict heading"

stack_finish
