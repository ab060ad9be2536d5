# shellcheck shell=bash
# bench/lib/report.sh: the summary tables of bench/run, built from the JSON
# lines ndrdiag-bench printed (one per run; see bench/load/report.h).
#
#   report_json_line FILE        the {"bench":"ndrdiag",...} line of one run
#   report_load_summary FILE     table: concurrency, diagnoses/s, p50/p99
#                                verdict ms, p99 event ms, errors, ratio
#   report_json_field LINE EXPR  EXPR evaluated in Python with the line as d
#   report_half_rate FILE        half the best diagnoses/s of the runs
#   report_cpu NAME BEFORE AFTER LINE
#                                CPU ms per diagnosis started, per process
#                                (snapshots of bench_cpu_snapshot) and the
#                                load generator's own (client_cpu_s of LINE)

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

report_cpu() {
  python3 - "$1" "$2" "$3" "$4" "$(getconf CLK_TCK)" <<'PY'
import json, sys
name, before, after, line, hz = sys.argv[1:6]
def load(path):
    out = {}
    for row in open(path):
        parts = row.split()
        if len(parts) == 2:
            out[parts[0]] = int(parts[1])
    return out
b, a = load(before), load(after)
try:
    run = json.loads(line)
except ValueError:
    run = {}
started = run.get("started") or 0
if started <= 0:
    sys.exit(0)
ms = {}
for proc in a:
    # Processes that used no CPU in the run (helpers that had ended) are
    # left out.
    if proc in b and a[proc] > b[proc]:
        ms[proc] = round((a[proc] - b[proc]) * 1000.0 / float(hz) / started, 3)
ms["load-generator"] = round(run.get("client_cpu_s", 0) * 1000.0 / started, 3)
total = round(sum(ms.values()), 3)
print("cpu per diagnosis started (ms): " +
      "  ".join("%s %.2f" % (k, v) for k, v in sorted(ms.items())) +
      "  | all %.2f" % total)
print(json.dumps({"bench": "ndrdiag-cpu", "run": name, "started": started,
                  "ms_per_diagnosis": ms, "ms_all": total},
                 separators=(",", ":")))
PY
}
