#!/usr/bin/env bash
# Errors a caller sees through the CLI: bad input (exit 2, the message names
# spec.domain), an unknown diagnosis (NOT_FOUND, exit 1), Redis down (exit 3,
# quickly) and the frontend recovering by itself when Redis is back, with the
# diagnoses accepted before the outage still there (AOF).
# shellcheck source=tests/e2e/stack.sh
source "$(dirname "$0")/stack.sh"
stack_init errors
stack_up 1

for bad in 'bad..domain' 'exa mple.com' '192.0.2.1' "$(printf 'a%.0s' {1..64}).com" 'contoso.com/x'; do
  err="$(cli diagnose "$bad" 2>&1 >/dev/null)"
  expect_eq "$?" 2 "bad domain '${bad:0:20}': exit 2"
  expect_contains "$err" "spec.domain" "bad domain '${bad:0:20}': stderr names spec.domain"
done

err="$(cli get diagnoses/doesnotexist0000 2>&1 >/dev/null)"
expect_eq "$?" 1 "unknown diagnosis: exit 1"
expect_contains "$err" "not found" "unknown diagnosis: stderr says not found"

out="$(cli diagnose contoso.com --output json)"
expect_eq "$?" 0 "before the outage: contoso.com diagnosed"
before="$(json_get "$out" 'd["name"]')"

stop_redis
start_ns=$(date +%s%N)
err="$(cli diagnose contoso.com 2>&1 >/dev/null)"
rc=$?
elapsed_ms=$((($(date +%s%N) - start_ns) / 1000000))
expect_eq "$rc" 3 "Redis stopped: ndrdiag diagnose exits 3 (unavailable)"
expect_contains "$err" "unavailable" "Redis stopped: stderr says unavailable"
# A sanity bound only (the service promises 2 s; timing is for benchmarks).
expect_true "Redis stopped: the answer came in ${elapsed_ms} ms (< 10000)" test "$elapsed_ms" -lt 10000
err="$(cli get "$before" 2>&1 >/dev/null)"
expect_eq "$?" 3 "Redis stopped: get exits 3"

start_redis "$REDIS_PORT"
recovered=""
for _ in $(seq 60); do
  if out="$(cli diagnose contoso.com --output json 2>/dev/null)"; then recovered=1; break; fi
  sleep 0.5
done
expect_eq "$recovered" 1 "Redis back: diagnose works again without restarting the frontend"
expect_eq "$(json_get "$out" 'd["state"]')" SUCCEEDED "Redis back: the new diagnosis SUCCEEDED (the worker recovered too)"
expect_true "the frontend was not restarted" alive frontend
out="$(cli get "$before" --output json)"
expect_eq "$?" 0 "Redis back: the diagnosis from before the outage is still there"
expect_eq "$(json_get "$out" 'd["state"]')" SUCCEEDED "Redis back: and still SUCCEEDED"

stack_finish
