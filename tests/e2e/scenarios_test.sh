#!/usr/bin/env bash
# Every scenario of the DNS lab (tests/lab/scenarios.tsv), diagnosed through
# the whole path: CLI -> frontend -> Redis -> two workers -> the lab's DNS.
# Asserts each scenario's first cause and the status of the checks that
# prove it, prints a table, and the time one diagnosis takes in the lab
# (create_time to end_time: median and p99).
#
# The workers get the lab's settings (tests/e2e/stack.sh): its main
# resolver, the propagation panel (main + lagging resolver), the allow-list,
# the lab's EOP range and its SMTP port and CA. A row's optional address and
# snapshot columns become `--address` and `--snapshot
# tests/lab/snapshots/<file>` when the CLI knows those flags; the ndr column
# becomes `--ndr-file tests/lab/ndr/<file>` without a DOMAIN argument.
#
# Environment: NDRDIAG_SCENARIOS (a regex on the domain; default all),
# NDRDIAG_SCENARIO_JOBS (diagnoses at once, default 6),
# NDRDIAG_SCENARIO_BUDGET (the CLI's --time-budget, default 15s).
# shellcheck source=tests/e2e/stack.sh
source "$(dirname "$0")/stack.sh"
stack_init scenarios

JOBS="${NDRDIAG_SCENARIO_JOBS:-6}"
BUDGET="${NDRDIAG_SCENARIO_BUDGET:-15}"
FILTER="${NDRDIAG_SCENARIOS:-.}"
SCENARIOS="$REPO/tests/lab/scenarios.tsv"

# stack.sh gives every worker the lab's panel and EOP range when the worker
# knows the flags; say so when it does not.
worker_help="$("$BIN/ndrdiag-worker" --help 2>&1)"
knows() { grep -q -- "--$1" <<<"$worker_help"; }
knows panel-resolver ||
  say "note: this ndrdiag-worker has no --panel-resolver; propagation scenarios will fail"
knows eop-ranges ||
  say "note: this ndrdiag-worker has no --eop-ranges; dns.mx.ip_in_eop sees Microsoft's real ranges"
knows smtp-port ||
  say "note: this ndrdiag-worker has no --smtp-port; the SMTP and connector scenarios will fail"
extra=()
# Enough concurrency per worker for the parallel diagnoses.
knows concurrency && extra+=(--concurrency 8)
stack_up 2 "${extra[@]}"

cli_help="$("$BIN/ndrdiag" diagnose --help 2>&1)"
cli_knows() { grep -q -- "--$1" <<<"$cli_help"; }
cli_knows address || say "note: this ndrdiag has no diagnose --address; rows with an address will fail"
cli_knows snapshot || say "note: this ndrdiag has no diagnose --snapshot; rows with a snapshot will fail"

mkdir -p "$STACK_DIR/out"
# diagnose_one KEY: one scenario, output and exit status into out/. KEY is
# the row's first column: the domain, or domain+variant for a second row of
# the same domain. A row with an NDR gives no DOMAIN argument: the domain
# must come from --address or from the NDR's recipient.
diagnose_one() {
  local address snapshot ndr args=()
  read -r address snapshot ndr < <(awk -F'\t' -v d="$1" '!/^#/ && $1 == d {
    print (NF >= 6 && $6 != "" ? $6 : "-"), (NF >= 7 && $7 != "" ? $7 : "-"),
      (NF >= 8 && $8 != "" ? $8 : "-"); exit }' "$SCENARIOS")
  [[ "${address:--}" != - ]] && cli_knows address && args+=(--address "$address")
  [[ "${snapshot:--}" != - ]] && cli_knows snapshot &&
    args+=(--snapshot "$REPO/tests/lab/snapshots/$snapshot")
  if [[ "${ndr:--}" != - ]]; then
    args+=(--ndr-file "$REPO/tests/lab/ndr/$ndr")
  else
    args=("${1%%+*}" "${args[@]}")
  fi
  cli diagnose "${args[@]}" --output json --time-budget "${BUDGET}s" \
    >"$STACK_DIR/out/$1.json" 2>"$STACK_DIR/out/$1.err"
  echo "$?" >"$STACK_DIR/out/$1.rc"
}

mapfile -t domains < <(grep -v '^#' "$SCENARIOS" | cut -f1 | grep -E -- "$FILTER")
((${#domains[@]} > 0)) || bail "no scenario matches '$FILTER'"
say "diagnosing ${#domains[@]} scenarios, $JOBS at a time, budget ${BUDGET}s each"
started=$SECONDS
# Only the diagnose jobs are waited for: the stack's servers are children of
# this shell too, and a bare `wait` would wait for them forever.
jobs_running=()
for domain in "${domains[@]}"; do
  diagnose_one "$domain" &
  jobs_running+=("$!")
  while ((${#jobs_running[@]} >= JOBS)); do
    wait -n "${jobs_running[@]}"
    still=()
    for pid in "${jobs_running[@]}"; do kill -0 "$pid" 2>/dev/null && still+=("$pid"); done
    jobs_running=("${still[@]}")
  done
done
((${#jobs_running[@]} == 0)) || wait "${jobs_running[@]}"
say "all diagnoses returned in $((SECONDS - started)) s"

for domain in "${domains[@]}"; do
  rc="$(cat "$STACK_DIR/out/$domain.rc" 2>/dev/null || echo '?')"
  # Exit 0 is a verdict; the CLI uses other codes for failures to diagnose.
  expect_eq "$rc" 0 "$domain: ndrdiag diagnose exits 0"
  [[ "$rc" == 0 ]] || head -c 600 "$STACK_DIR/out/$domain.err"
done

# The filtered table, so that a NDRDIAG_SCENARIOS run judges only its rows.
{ grep '^#' "$SCENARIOS"; grep -v '^#' "$SCENARIOS" | grep -E -- "^($(IFS='|'; d="${domains[*]//./\\.}"; echo "${d//+/\\+}"))	"; } \
  >"$STACK_DIR/scenarios.tsv"
while IFS= read -r line; do
  case "$line" in
    "ok   - "*) pass "${line#ok   - }" ;;
    "FAIL - "*) fail "${line#FAIL - }" ;;
    *) echo "$line" ;;
  esac
done < <("$PY" "$E2E_DIR/scenario_eval.py" "$STACK_DIR/scenarios.tsv" "$STACK_DIR/out" "$BUDGET" "$LAB_NET" 2>&1)

# What a user reads (text output): the propagation ETA as a UTC time, and
# the disagreeing servers with their serials.
if [[ " ${domains[*]} " == *" propagating.com "* ]]; then
  text="$(cli diagnose propagating.com --time-budget "${BUDGET}s")"
  expect_true "propagating.com: the text output gives the ETA as a UTC time" \
    grep -qE '[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?( UTC|Z)' <<<"$text"
fi
if [[ " ${domains[*]} " == *" auth-split.com "* ]]; then
  text="$(cli diagnose auth-split.com --time-budget "${BUDGET}s")"
  # shellcheck disable=SC2016  # $1 and $2 are the inner shell's arguments
  expect_true "auth-split.com: the text output names both servers' serials" \
    bash -c 'grep -q 2024060102 <<<"$1" && grep -q 2024053001 <<<"$1" && grep -q "$2.0.5" <<<"$1"' _ "$text" "$LAB_NET"
fi

stack_finish
