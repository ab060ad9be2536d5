#!/usr/bin/env bash
# Issue 8: `bench/run --quick --rates 20` (the throughput bench, one 3 s
# closed-loop run and one open-loop run at 20/s) works end to end against the
# lab: it exits 0, prints one ndrdiag-bench JSON line per run that parses,
# with diagnoses > 0 and errors == 0, and the lab-ceiling line with its
# inputs. No timing is asserted: speed is for the benchmark's figures.
# shellcheck source=tests/e2e/stack.sh
source "$(dirname "$0")/stack.sh"
stack_init bench_smoke
need_binary ndrdiag-bench
need_binary ndrdiag-dns-delay

# The binaries ctest built; bench/run must not rebuild from a test.
out="$(NDRDIAG_BUILD_DIR="$(dirname "$BIN")" NDRDIAG_BENCH_DIR="$STACK_DIR/bench" \
  "$REPO/bench/run" --quick --rates 20 --no-build --keep \
  2>"$STACK_DIR/bench-run.log")"
rc=$?
expect_eq "$rc" 0 "bench/run --quick --rates 20 exits 0"
printf '%s\n' "$out" | sed "s/^/[$TEST_NAME] /"

lines="$(grep '^{"bench":"ndrdiag",' <<<"$out" || true)"
expect_eq "$(grep -c . <<<"$lines")" 2 "one ndrdiag-bench JSON line per run"
line="$(grep -m1 '"rate":0.0' <<<"$lines" || true)"
open_loop="$(grep -m1 '"run":"open_loop"' <<<"$lines" || true)"
expect_eq "$(json_get "$open_loop" 'd["rate"] == 20 and d["diagnoses"] > 0 and d["errors"] == 0')" \
  True "--rates 20: an open-loop run at 20/s, diagnoses > 0, errors == 0"
expect_eq "$(json_get "$line" 'd["mode"]')" load "the run is a load run"
expect_eq "$(json_get "$line" 'd["diagnoses"] > 0')" True "diagnoses > 0"
expect_eq "$(json_get "$line" 'd["errors"]')" 0 "errors == 0"
expect_eq "$(json_get "$line" 'all(k in d for k in ("diagnoses_per_s", "p50_verdict_ms", "p99_verdict_ms", "p99_event_ms"))')" \
  True "throughput and latency figures present"

cpu="$(grep -m1 '^{"bench":"ndrdiag-cpu",' <<<"$out" || true)"
expect_eq "$(json_get "$cpu" 'd["ms_per_diagnosis"]["frontend"] > 0 and d["ms_per_diagnosis"]["load-generator"] > 0 and any(k.startswith("worker") for k in d["ms_per_diagnosis"])')" \
  True "CPU per diagnosis reported for the frontend, the workers and the load generator"

# dnsperf is part of set-up (./ndrdiag.sh setup): without it the ceiling is
# missing, which is a failure here, not a skip.
ceiling="$(grep '^{"bench":"ndrdiag-ceiling",' <<<"$out" || true)"
expect_eq "$(json_get "$ceiling" 'd["resolver_qps"] > 0 and d["queries_per_diagnosis_recursive"] > 0')" \
  True "ceiling line: resolver qps and queries per diagnosis measured"
expect_eq "$(json_get "$line" '"ratio" in d and d["ceiling_per_s"] > 0')" True \
  "the run is reported as a ratio of the ceiling"
stack_finish
