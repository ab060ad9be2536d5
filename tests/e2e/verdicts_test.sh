#!/usr/bin/env bash
# Every sample domain of the lab, diagnosed through the whole path (CLI ->
# frontend -> Redis -> two workers -> the lab's DNS): the verdict's first cause
# is the one tests/lab/samples.tsv names, every result carries evidence, the
# MX family of checks all ran, and --locale ja gives Japanese titles.
# shellcheck source=tests/e2e/stack.sh
source "$(dirname "$0")/stack.sh"
stack_init verdicts
stack_up 2

MX_CHECKS="dns.mx.present dns.mx.single_record dns.mx.target_format dns.mx.legacy_target dns.mx.target_resolves dns.rrset.auth_consistency"

while IFS=$'\t' read -r domain _rcode _mxset _target_rcode cause; do
  out="$(cli diagnose "$domain" --output json 2>"$STACK_DIR/diagnose-$domain.err")"
  rc=$?
  expect_eq "$rc" 0 "$domain: ndrdiag diagnose exits 0"
  expect_eq "$(json_get "$out" 'd["state"]')" SUCCEEDED "$domain: state"
  expect_eq "$(json_get "$out" 'd["verdict"]["causes"][0]["cause"]')" "$cause" "$domain: first cause"
  # A SKIPPED check had nothing to look at (e.g. no tenant snapshot given).
  expect_eq "$(json_get "$out" 'sorted(r["checkId"] for r in d.get("results",[]) if not r.get("evidence") and r["status"] != "SKIPPED")')" \
    "[]" "$domain: every result that is not SKIPPED has evidence"
  expect_eq "$(json_get "$out" 'd["name"].startswith("diagnoses/")')" True "$domain: resource name"
  if [[ "$domain" == contoso.com ]]; then
    for check in $MX_CHECKS; do
      expect_eq "$(json_get "$out" "[r['status'] for r in d['results'] if r['checkId']=='$check']")" \
        "[\"PASS\"]" "contoso.com: $check ran once and passed"
    done
    expect_eq "$(json_get "$out" '[e["dns"]["server"] for r in d["results"] for e in r["evidence"] if "dns" in e and not e["dns"].get("rcode")]')" \
      "[]" "contoso.com: every DNS exchange got a response"
  fi
  [[ $rc -eq 0 ]] || cat "$STACK_DIR/diagnose-$domain.err"
done < <(samples)

# The English titles are ASCII; the Japanese ones contain kana or kanji.
has_japanese='any(any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in r.get("title","")) for r in d["results"])'
all_japanese='all(any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in r.get("title","")) for r in d["results"])'
en="$(cli diagnose contoso.com --output json)"
expect_eq "$(json_get "$en" "$has_japanese")" False "--locale en (default): no Japanese titles"
ja="$(cli diagnose contoso.com --locale ja --output json)"
expect_eq "$(json_get "$ja" "$all_japanese and len(d['results']) > 0")" True "--locale ja: every title is Japanese"
expect_eq "$(json_get "$ja" 'd["spec"]["locale"]')" ja "--locale ja: kept in the spec"
ja_text="$(cli diagnose fabrikam.com --locale ja)"
expect_eq "$?" 0 "--locale ja --output text exits 0"
expect_contains "$ja_text" MX_INCORRECT "--locale ja text output names the cause"

stack_finish
