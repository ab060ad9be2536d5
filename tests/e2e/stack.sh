# shellcheck shell=bash disable=SC2034  # variables are for the tests that source this
# Shared helper of the end-to-end shell tests; source it, don't run it.
#
#   source "$(dirname "$0")/stack.sh"
#   stack_init verdicts            # binaries, lab, temp dir, cleanup trap
#   stack_up 2                     # redis + frontend + 2 workers (lab resolver
#                                  # and allow-list), all on free ports
#   out="$(cli diagnose contoso.com --output json)"
#   expect_eq "$(json_get "$out" 'd["state"]')" SUCCEEDED "contoso finished"
#   stack_finish                   # prints "<test>: N passed, M failed", exits
#
# Every process is started by this file, recorded by PID and stopped by PID
# when the test exits (normally, on failure or on Ctrl-C). Logs stay in the
# test's temp dir and are printed when a check failed. The DNS lab is shared:
# `ndrdiag.sh test` starts it; stack_init also starts it (idempotently) so a
# test can be run on its own.
#
# Binaries come from $NDRDIAG_BIN (set by ctest) or <repo>/build/bin. A test
# fails at once, naming the file, when one is missing.

set -uo pipefail

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="${NDRDIAG_SOURCE_DIR:-$(cd "$E2E_DIR/../.." && pwd)}"
BIN="${NDRDIAG_BIN:-$REPO/build/bin}"
PY=/usr/bin/python3
TEST_NAME=""
STACK_DIR=""
STACK_PIDS=()     # every process started, in start order
STACK_NAMES=()    # its name (redis, frontend, worker1, ...), same order
PASSED=0
FAILED=0
REDIS_PORT=""
REDIS_URL=""
REDIS_PID=""
FRONTEND_ADDR=""
WORKER_COUNT=0
FRONTEND_METRICS=""   # the frontend's /metrics address (HOST:PORT)
declare -A WORKER_METRICS=()  # worker name -> its /metrics address

say() { echo "[$TEST_NAME] $*"; }
bail() {
  echo "FAIL - $*"
  FAILED=$((FAILED + 1))
  exit 1
}

# --- assertions ---------------------------------------------------------------

pass() { PASSED=$((PASSED + 1)); echo "ok   - $*"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL - $*"; }
expect_eq() {  # expect_eq ACTUAL EXPECTED DESCRIPTION
  if [[ "$1" == "$2" ]]; then pass "$3"; else fail "$3: got '$1', want '$2'"; fi
}
expect_contains() {  # expect_contains HAYSTACK NEEDLE DESCRIPTION (case-insensitive)
  if grep -qiF -- "$2" <<<"$1"; then pass "$3"; else fail "$3: '$2' not in: ${1:0:400}"; fi
}
expect_true() {  # expect_true DESCRIPTION COMMAND...
  local desc="$1"
  shift
  if "$@"; then pass "$desc"; else fail "$desc"; fi
}

# json_get JSON PYTHON_EXPR: evaluates EXPR with the parsed document as `d`.
# The document goes through stdin: a diagnosis with SMTP transcripts is
# larger than one argument may be (128 KiB).
json_get() {
  printf '%s' "$1" | "$PY" -c 'import json,sys; d=json.load(sys.stdin); r=eval(sys.argv[1]); print(r if not isinstance(r,(dict,list)) else json.dumps(r, ensure_ascii=False))' \
    "$2" 2>/dev/null || echo "<json error>"
}

# stack_skip REASON: ends the test as skipped (exit 77), saying why. Only for
# a feature the built binaries do not have yet, never for a failure.
STACK_SKIPPED=""
stack_skip() {
  STACK_SKIPPED="$*"
  echo "SKIP - $*"
  exit 0
}

# Ends the test; the cleanup trap prints the summary line last.
stack_finish() {
  ((FAILED == 0 && PASSED > 0)) && exit 0
  exit 1
}

# --- processes ----------------------------------------------------------------

free_port() {
  "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

stop_pid() {  # stop_pid PID: TERM, then KILL after 10 s
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

stack_cleanup() {
  local rc=$? i f
  trap - EXIT INT TERM
  for ((i = ${#STACK_PIDS[@]} - 1; i >= 0; i--)); do
    [[ -n "${STACK_PIDS[i]}" ]] && stop_pid "${STACK_PIDS[i]}"
  done
  if [[ -n "$STACK_DIR" && -d "$STACK_DIR" ]]; then
    if ((rc != 0 || FAILED > 0)); then
      for f in "$STACK_DIR"/*.log; do
        [[ -s "$f" ]] || continue
        echo "---- last lines of $(basename "$f") ----"
        tail -n 25 "$f"
      done
    fi
    if [[ -n "${NDRDIAG_E2E_KEEP:-}" ]]; then
      echo "[$TEST_NAME] kept $STACK_DIR"
    else
      rm -rf "$STACK_DIR"
    fi
  fi
  if [[ -n "$STACK_SKIPPED" ]] && ((rc == 0 && FAILED == 0)); then
    # ctest reports exit 77 as "Skipped" (SKIP_RETURN_CODE in tests/CMakeLists.txt).
    echo "$TEST_NAME: skipped: $STACK_SKIPPED"
    exit 77
  fi
  ((rc == 0 && (FAILED > 0 || PASSED == 0))) && rc=1
  echo "$TEST_NAME: $PASSED passed, $FAILED failed"
  exit "$rc"
}

# start NAME COMMAND...: runs COMMAND in the background with its output in
# $STACK_DIR/NAME.log and records its PID.
start() {
  local name="$1"
  shift
  "$@" </dev/null >>"$STACK_DIR/$name.log" 2>&1 &
  STACK_PIDS+=("$!")
  STACK_NAMES+=("$name")
}

# pid_named NAME: the PID of the latest process started as NAME (a stopped
# one has an empty PID; a restarted one comes later in the list).
pid_named() {
  local i pid=""
  for ((i = 0; i < ${#STACK_NAMES[@]}; i++)); do
    [[ "${STACK_NAMES[i]}" == "$1" ]] && pid="${STACK_PIDS[i]}"
  done
  echo "$pid"
}

# stop NAME: stops one process started by `start`.
stop() {
  local i
  for ((i = 0; i < ${#STACK_NAMES[@]}; i++)); do
    if [[ "${STACK_NAMES[i]}" == "$1" && -n "${STACK_PIDS[i]}" ]]; then
      stop_pid "${STACK_PIDS[i]}"
      STACK_PIDS[i]=""
    fi
  done
}

alive() { local pid; pid="$(pid_named "$1")"; [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; }

log_tail() { tail -n 25 "$STACK_DIR/$1.log" 2>/dev/null; }

# --- the stack ----------------------------------------------------------------

need_binary() {
  [[ -x "$BIN/$1" ]] || bail "missing binary $BIN/$1 (build it: ./ndrdiag.sh build)"
}

# stack_init TEST_NAME [--lab-only]: with --lab-only the test needs no
# ndrdiag binary (it only talks to the lab).
stack_init() {
  TEST_NAME="$1"
  STACK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/ndrdiag-e2e-$TEST_NAME.XXXXXX")"
  trap stack_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  [[ -x "$PY" ]] || bail "$PY not found (./ndrdiag.sh setup)"
  if [[ "${2:-}" != --lab-only ]]; then
    need_binary ndrdiag-frontend
    need_binary ndrdiag-worker
    need_binary ndrdiag
    command -v redis-server >/dev/null || bail "redis-server not installed (./ndrdiag.sh setup)"
  fi
  "$REPO/tests/lab/lab.sh" up >"$STACK_DIR/lab-up.log" 2>&1 ||
    { cat "$STACK_DIR/lab-up.log"; bail "the DNS lab did not come up"; }
  eval "$("$REPO/tests/lab/lab.sh" env)"
  LAB_RESOLVER="$NDRDIAG_LAB_RESOLVER"
  LAB_ALLOW_CIDR="$NDRDIAG_LAB_ALLOW_CIDR"
  LAB_NET="$NDRDIAG_LAB_NET"
  LAB_RESOLVER_IP="${LAB_RESOLVER%:*}"
  LAB_LAG_RESOLVER="$NDRDIAG_LAB_LAG_RESOLVER"
  LAB_EOP_CIDR="$NDRDIAG_LAB_EOP_CIDR"
  LAB_SMTP_PORT="$NDRDIAG_LAB_SMTP_PORT"
  LAB_SMTP_CA="$NDRDIAG_LAB_SMTP_CA"
  LAB_SMTP_LOG="$NDRDIAG_LAB_SMTP_LOG"
  # Settings of the caller's environment must not leak into the binaries.
  unset NDRDIAG_SERVER NDRDIAG_REDIS NDRDIAG_LISTEN NDRDIAG_RESOLVER NDRDIAG_ALLOW_CIDR \
    NDRDIAG_METRICS_LISTEN NDRDIAG_HEALTH_LISTEN NDRDIAG_LOG_FORMAT
}

start_redis() {  # start_redis [PORT]: (re)starts Redis, AOF on, in STACK_DIR
  REDIS_PORT="${1:-${REDIS_PORT:-$(free_port)}}"
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
  mkdir -p "$STACK_DIR/redis"
  start redis redis-server --port "$REDIS_PORT" --bind 127.0.0.1 \
    --dir "$STACK_DIR/redis" --appendonly yes --appendfsync always --save "" \
    --daemonize no --protected-mode yes
  REDIS_PID="$(pid_named redis)"
  local deadline=$((SECONDS + 10))
  while ((SECONDS < deadline)); do
    [[ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]] && return 0
    alive redis || break
    sleep 0.1
  done
  log_tail redis
  bail "redis-server did not answer PING on port $REDIS_PORT"
}

stop_redis() { stop redis; }

start_frontend() {
  local port
  port="$(free_port)"
  FRONTEND_ADDR="127.0.0.1:$port"
  # Stacks share the machine: /metrics on a free loopback port.
  FRONTEND_METRICS="127.0.0.1:$(free_port)"
  start frontend "$BIN/ndrdiag-frontend" --listen "$FRONTEND_ADDR" --redis "$REDIS_URL" \
    --metrics-listen "$FRONTEND_METRICS"
  local deadline=$((SECONDS + 15))
  while ((SECONDS < deadline)); do
    # A TCP connect succeeds once the gRPC server listens.
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    alive frontend || break
    sleep 0.1
  done
  log_tail frontend
  bail "ndrdiag-frontend did not listen on $FRONTEND_ADDR"
}

# lab_worker_flags: the flags that point a worker at the rest of the lab
# (tests/lab/worker-flags, shared with ndrdiag.sh and stack.py).
lab_worker_flags() {
  "$REPO/tests/lab/worker-flags" "$STACK_DIR"
}

# start_worker [--no-allow] [EXTRA FLAGS...]: a worker using the lab resolver,
# the lab's panel and EOP range (lab_worker_flags); with the lab allow-list
# unless --no-allow.
start_worker() {
  local args=(--redis "$REDIS_URL" --resolver "$LAB_RESOLVER" --query-timeout 2s) lab_flags=()
  mapfile -t lab_flags < <(lab_worker_flags)
  args+=("${lab_flags[@]}")
  if [[ "${1:-}" == --no-allow ]]; then
    shift
  else
    args+=(--allow-cidr "$LAB_ALLOW_CIDR")
  fi
  WORKER_COUNT=$((WORKER_COUNT + 1))
  local name="worker$WORKER_COUNT"
  # /metrics on a free loopback port (WORKER_METRICS[name]); no gRPC health
  # endpoint (nothing probes it here; a fixed port would collide).
  WORKER_METRICS[$name]="127.0.0.1:$(free_port)"
  args+=(--metrics-listen "${WORKER_METRICS[$name]}" --health-listen "")
  start "$name" "$BIN/ndrdiag-worker" "${args[@]}" --consumer "$TEST_NAME-$name" "$@"
  sleep 0.2
  alive "$name" || { log_tail "$name"; bail "ndrdiag-worker $name exited at start"; }
  LAST_WORKER="$name"
}

stack_up() {  # stack_up N_WORKERS [worker args]
  local n="$1" i
  shift
  start_redis
  start_frontend
  for ((i = 0; i < n; i++)); do start_worker "$@"; done
  say "stack up: redis $REDIS_PORT, frontend $FRONTEND_ADDR, $n worker(s), logs in $STACK_DIR"
}

# cli ARGS...: the ndrdiag client against this stack's frontend.
cli() { "$BIN/ndrdiag" --server "$FRONTEND_ADDR" "$@"; }

# samples: prints tests/lab/samples.tsv without comments (tab-separated:
# domain, rcode, MX set, target rcode, first cause).
samples() { grep -v '^#' "$REPO/tests/lab/samples.tsv"; }

# dig_rcode SERVER NAME TYPE [dig args]: the response code, or "NONE".
dig_rcode() {
  local out
  out="$(dig +time=2 +tries=2 "${@:4}" @"$1" "$2" "$3" 2>&1)"
  grep -o 'status: [A-Z]*' <<<"$out" | head -n1 | cut -d' ' -f2 || true
  grep -q 'status: ' <<<"$out" || echo NONE
}
