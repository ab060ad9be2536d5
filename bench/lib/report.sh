# shellcheck shell=bash
# bench/lib/report.sh: the summary tables of bench/run, built from the JSON
# lines ndrdiag-bench printed (one per run; see bench/load/report.h).
#
#   report_json_line FILE        the {"bench":"ndrdiag",...} line of one run
#   report_load_summary FILE     table: concurrency, diagnoses/s, p50/p99
#                                verdict ms, p99 event ms, errors, ratio
#   report_json_field LINE EXPR  EXPR evaluated in Python with the line as d
#   report_half_rate FILE        half the best diagnoses/s of the runs

report_json_line() { grep -m1 '^{"bench":"ndrdiag",' "$1" || true; }

# Half the best diagnoses/s of the runs in FILE (one decimal).
report_half_rate() {
  python3 -c '
import json, sys
rates = [json.loads(l).get("diagnoses_per_s", 0) for l in open(sys.argv[1])
         if l.startswith("{")]
print(round(max(rates + [2]) / 2, 1))' "$1"
}

report_json_field() {
  printf '%s' "$1" | python3 -c '
import json, sys
try:
    d = json.load(sys.stdin)
    print(eval(sys.argv[1]))
except Exception:
    print("")' "$2"
}

# FILE holds one JSON line per run.
report_load_summary() {
  python3 - "$1" <<'PY'
import json, sys

def num(d, k, fmt="{:.1f}"):
    v = d.get(k)
    return "-" if v is None else fmt.format(v)

rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
head = ("concurrency", "diagnoses/s", "p50 verdict ms", "p99 verdict ms",
        "p99 event ms", "errors", "ratio")
print("%12s %12s %15s %15s %13s %7s %7s" % head)
for d in rows:
    print("%12s %12s %15s %15s %13s %7s %7s" % (
        ("rate %g" % d["rate"]) if d.get("rate") else d.get("concurrency", "-"),
        num(d, "diagnoses_per_s"),
        num(d, "p50_verdict_ms"), num(d, "p99_verdict_ms"),
        num(d, "p99_event_ms"), d.get("errors", "-"),
        num(d, "ratio", "{:.2f}")))
PY
}
