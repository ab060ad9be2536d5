#!/usr/bin/env python3
"""Judges the lab scenarios' diagnoses against tests/lab/scenarios.tsv.

Used by tests/e2e/scenarios_test.sh (not a test by itself):

  scenario_eval.py SCENARIOS_TSV OUT_DIR BUDGET_SECONDS LAB_NET

OUT_DIR holds <key>.json, the `ndrdiag diagnose --output json` output of
each scenario, and <key>.rc, the client's exit status (key: the row's first
column, the domain or domain+variant). Prints one
"ok   - ..." or "FAIL - ..." line per assertion (the shell test counts them),
then a table with one row per scenario, then the time one diagnosis took
(create_time to end_time): median and p99 over the run.
"""

import datetime
import json
import math
import os
import re
import statistics
import sys

# A UTC time as the ETA of a propagation verdict (ISO 8601 or "... UTC").
TIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def parse_time(text):
    if not text:
        return None
    text = text.rstrip("Z")
    frac = ""
    if "." in text:
        text, frac = text.split(".", 1)
    t = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S")
    return t.timestamp() + (float("0." + frac) if frac else 0.0)


def load_scenarios(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            # address, snapshot and ndr (columns 6-8) are optional; the
            # shell test passes them to the CLI. A row with an NDR names no
            # domain on the command line: the judgement checks that the
            # diagnosis found the row's domain by itself.
            if len(fields) not in (5, 6, 7, 8):
                raise ValueError(f"{path}: {len(fields)} columns (want 5 to 8): {line[:80]}")
            domain, section, cause, checks, desc = fields[:5]
            ndr = fields[7] if len(fields) == 8 and fields[7] not in ("", "-") else None
            expected = []
            if checks != "-":
                for item in checks.split(","):
                    check, _, statuses = item.partition("=")
                    expected.append((check, statuses.split("|")))
            rows.append((domain, section, cause.split("|"), expected, desc, ndr))
    return rows


def texts_of(result):
    """The human-readable parts of a result (not its evidence)."""
    parts = [result.get(k, "") for k in ("title", "message", "inconclusive_reason",
                                            "inconclusiveReason", "remediation")]
    args = result.get("messageArgs") or result.get("message_args") or {}
    parts.extend(str(v) for v in args.values())
    return " ".join(parts)


def main():
    tsv, out_dir, budget, net = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
    rows = load_scenarios(tsv)
    table, durations, durations_answering = [], [], []
    # Scenarios with a server that never answers wait for query timeouts by
    # design; the time of the others is reported on its own as well.
    silent = {r[0] for r in rows if "never answer" in r[4]}
    n_ok = n_fail = 0

    def check(cond, what):
        nonlocal n_ok, n_fail
        if cond:
            n_ok += 1
            print(f"ok   - {what}")
        else:
            n_fail += 1
            print(f"FAIL - {what}")
        return cond

    for domain, section, cause, expected, _desc, ndr in rows:
        failures_before = n_fail
        try:
            with open(os.path.join(out_dir, domain + ".json"), encoding="utf-8") as f:
                d = json.load(f)
        except (OSError, ValueError) as e:
            check(False, f"{domain}: no JSON diagnosis ({e})")
            table.append((domain, section, "|".join(cause), "-", "-", "FAIL"))
            continue
        if ndr is not None:
            want = domain.split("+", 1)[0]
            got_domain = (d.get("spec") or {}).get("domain", "-")
            check(got_domain == want,
                  f"{domain}: given only the NDR {ndr}, diagnosed {got_domain}, want {want}")
        state = d.get("state", "?")
        check(state == "SUCCEEDED", f"{domain}: state {state}")
        causes = (d.get("verdict") or {}).get("causes") or [{}]
        got = causes[0].get("cause", "-")
        check(got in cause, f"{domain}: first cause {got}, want {'|'.join(cause)}")
        results = {}
        for r in d.get("results", []):
            results.setdefault(r.get("checkId"), []).append(r)
        for check_id, statuses in expected:
            got_statuses = [r.get("status") for r in results.get(check_id, [])]
            ok = bool(got_statuses) and all(s in statuses for s in got_statuses)
            check(ok, f"{domain}: {check_id} {'/'.join(got_statuses) or 'not reported'}, "
                      f"want {'|'.join(statuses)}")
        # An SMTP verdict carries the probe's transcript as evidence.
        smtp_checks = [c for c, _ in expected if c.startswith("smtp.")]
        if smtp_checks:
            transcripts = [e["smtp"] for c in smtp_checks for r in results.get(c, [])
                           for e in r.get("evidence", []) if isinstance(e.get("smtp"), dict)]
            check(any(t.get("server") and (t.get("lines") or t.get("error")) for t in transcripts),
                  f"{domain}: the smtp.* results carry the probe transcript as evidence")
        start, end = parse_time(d.get("createTime")), parse_time(d.get("endTime"))
        took = "-"
        if start is not None and end is not None:
            durations.append(end - start)
            if domain not in silent:
                durations_answering.append(end - start)
            took = f"{end - start:.2f}s"
            # The budget is a promise of the product, not a speed target:
            # a diagnosis must publish its verdict once the budget is spent.
            check(end - start <= budget + 5, f"{domain}: finished in {took}, budget {budget:.0f}s")

        # Scenario-specific promises of the issue ("Done when").
        if domain in ("propagating.com", "negative-cache.com"):
            text = " ".join(texts_of(r) for r in results.get("dns.propagation.recursive", []))
            text += " " + " ".join(c.get("explanation", "") for c in causes)
            check(TIME_RE.search(text) is not None,
                  f"{domain}: the propagation result gives an ETA as a UTC time")
        if domain == "auth-split.com":
            text = " ".join(texts_of(r) for r in results.get("dns.soa.serial_consistency", []))
            check("2024060102" in text and "2024053001" in text,
                  f"{domain}: serial_consistency names both serials")
            check(f"{net}.0.5" in text, f"{domain}: serial_consistency names the lagging server")
        if domain == "all-ns-dead.com":
            text = " ".join(texts_of(r) for rs in results.values() for r in rs
                            if r.get("status") == "INCONCLUSIVE")
            check(f"{net}.0.64" in text or "ns1.deadhost.net" in text,
                  f"{domain}: the INCONCLUSIVE results name the silent servers")
        table.append((domain, section, "|".join(cause), got, took,
                      "ok" if n_fail == failures_before else "FAIL"))

    print()
    print(f"{'DOMAIN':<30} {'§5':<4} {'EXPECTED':<40} {'FIRST CAUSE':<31} {'TIME':>7}  RESULT")
    for row in table:
        print(f"{row[0]:<30} {row[1]:<4} {row[2]:<40} {row[3]:<31} {row[4]:>7}  {row[5]}")
    passed = sum(1 for r in table if r[5] == "ok")
    print(f"scenarios: {passed} passed, {len(table) - passed} failed (of {len(table)})")
    for label, values in (("", durations),
                          (", servers all answering", durations_answering)):
        if not values:
            continue
        values.sort()
        p99 = values[min(len(values) - 1, math.ceil(0.99 * len(values)) - 1)]
        print(f"time per diagnosis (create_time -> end_time, {len(values)} diagnoses{label}): "
              f"median {statistics.median(values):.2f}s, p99 {p99:.2f}s, max {values[-1]:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
