#!/usr/bin/env bash
# Issue 7: the Prometheus endpoints of a running frontend and worker show the
# documented series with non-zero values once diagnoses have run (scraped
# over loopback HTTP with curl, as an operator would).
# shellcheck source=tests/e2e/stack.sh
source "$(dirname "$0")/stack.sh"
stack_init metrics
stack_up 1

for domain in contoso.com fabrikam.com nosuchdomain-contoso.com; do
  cli diagnose "$domain" --output json >/dev/null 2>>"$STACK_DIR/diagnose.err"
  expect_eq "$?" 0 "diagnose $domain exits 0"
done
cli get diagnoses/no-such-id >/dev/null 2>&1 # one failing RPC to count

# value SCRAPE REGEX: the sum of the samples whose line matches REGEX.
value() { awk -v re="$2" '$0 !~ /^#/ && $0 ~ re {s += $NF} END {print s + 0}' <<<"$1"; }
nonzero() { awk -v v="$1" 'BEGIN {exit !(v > 0)}'; }

front="$(curl -sf --max-time 5 "http://$FRONTEND_METRICS/metrics")"
expect_eq "$?" 0 "GET http://$FRONTEND_METRICS/metrics (frontend)"
for series in 'grpc_server_handled_total\{(.*grpc_method="RunDiagnosis".*grpc_code="OK"|.*grpc_code="OK".*grpc_method="RunDiagnosis")' \
  'grpc_server_handled_total\{.*grpc_code="NOT_FOUND"' \
  'grpc_server_handling_seconds_count\{.*grpc_method="RunDiagnosis"' \
  '^ndrdiag_jobs_enqueued_total'; do
  v="$(value "$front" "$series")"
  expect_true "frontend: $series = $v > 0" nonzero "$v"
done
expect_contains "$front" "ndrdiag_watch_streams_open" "frontend: open watch streams gauge"
expect_contains "$front" "ndrdiag_queue_lag" "frontend: queue lag gauge"

worker_addr="${WORKER_METRICS[worker1]:-}"
[[ -n "$worker_addr" ]] || worker_addr="${WORKER_METRICS[${!WORKER_METRICS[*]}]}"
work="$(curl -sf --max-time 5 "http://$worker_addr/metrics")"
expect_eq "$?" 0 "GET http://$worker_addr/metrics (worker)"
for series in '^ndrdiag_jobs_started_total' \
  'ndrdiag_jobs_finished_total\{.*state="SUCCEEDED"' \
  'ndrdiag_job_duration_seconds_count' \
  'ndrdiag_check_results_total\{.*check_id="dns.mx.present"' \
  'ndrdiag_check_duration_seconds_count' \
  'ndrdiag_dns_queries_total'; do
  v="$(value "$work" "$series")"
  expect_true "worker: $series = $v > 0" nonzero "$v"
done
expect_contains "$work" "ndrdiag_jobs_in_flight" "worker: in-flight jobs gauge"

stack_finish
