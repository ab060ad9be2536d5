# shellcheck shell=bash disable=SC2034  # variables are for the scripts that source this
# bench/lib/stack.sh: process helpers of the benchmark scripts (bench/run);
# source it, don't run it.
#
#   source "$REPO/bench/lib/stack.sh"
#   bench_init "$work_dir" "$bin_dir"   # cleanup trap; logs in the work dir
#   bench_start_redis                   # AOF, appendfsync always, free port
#   bench_start_frontend
#   bench_start_worker worker1 --concurrency 100
#   bench_metric "${BENCH_METRICS[worker1]}" '^ndrdiag_jobs_in_flight'
#
# Every process is started here, recorded by PID and stopped by PID (TERM,
# then KILL after 10 s) when the script exits, normally or not; the shared DNS
# lab is left running. Progress goes to stderr (bench_say), never stdout:
# stdout belongs to the figures. Settings of the caller's environment
# (NDRDIAG_REDIS, NDRDIAG_LISTEN, ...) are unset so they cannot leak into the
# binaries (FlagSet reads NDRDIAG_<FLAG>).

BENCH_DIR=""
BENCH_BIN=""
BENCH_KEEP=""         # non-empty: keep BENCH_DIR at exit
BENCH_LOG_LEVEL="warning"
BENCH_PIDS=()         # every process started, in start order
BENCH_NAMES=()        # its name, same order
BENCH_REDIS_PORT=""
BENCH_REDIS_URL=""
BENCH_FRONTEND_ADDR=""
declare -A BENCH_METRICS=()   # process name -> its /metrics HOST:PORT
BENCH_WORKERS=()      # names of the running workers

bench_say() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }
bench_die() {
  bench_say "error: $*"
  exit 1
}

bench_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

bench_stop_pid() {  # bench_stop_pid PID: TERM, then KILL after 10 s
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
  return 0
}

bench_cleanup() {
  local rc=$? i
  trap - EXIT INT TERM
  for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do
    [[ -n "${BENCH_PIDS[i]}" ]] && bench_stop_pid "${BENCH_PIDS[i]}"
  done
  if [[ -n "$BENCH_DIR" && -d "$BENCH_DIR" ]]; then
    if ((rc != 0)); then
      local f
      for f in "$BENCH_DIR"/*.log; do
        [[ -s "$f" ]] || continue
        echo "---- last lines of $(basename "$f") ----" >&2
        tail -n 15 "$f" >&2
      done
    fi
    if [[ -n "$BENCH_KEEP" ]]; then
      bench_say "kept $BENCH_DIR"
    else
      rm -rf "$BENCH_DIR"
    fi
  fi
  exit "$rc"
}

# bench_init DIR BIN_DIR: DIR is created (and removed at exit unless
# BENCH_KEEP); BIN_DIR holds the built binaries.
bench_init() {
  BENCH_DIR="$1"
  BENCH_BIN="$2"
  mkdir -p "$BENCH_DIR"
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  unset NDRDIAG_SERVER NDRDIAG_REDIS NDRDIAG_LISTEN NDRDIAG_RESOLVER \
    NDRDIAG_ALLOW_CIDR NDRDIAG_METRICS_LISTEN NDRDIAG_HEALTH_LISTEN \
    NDRDIAG_LOG_FORMAT NDRDIAG_LOG_LEVEL NDRDIAG_CONCURRENCY NDRDIAG_UPSTREAM \
    NDRDIAG_DELAY NDRDIAG_TARGET NDRDIAG_MODE NDRDIAG_DURATION NDRDIAG_COUNT
}

# bench_start NAME COMMAND...: runs COMMAND in the background, output in
# BENCH_DIR/NAME.log, and records its PID.
bench_start() {
  local name="$1"
  shift
  "$@" </dev/null >>"$BENCH_DIR/$name.log" 2>&1 &
  BENCH_PIDS+=("$!")
  BENCH_NAMES+=("$name")
}

# bench_foreground NAME COMMAND...: runs COMMAND and waits for it (its exit
# status is returned), as a recorded background process: bash runs the
# traps only between foreground commands, so a signal to the script now stops
# it at once instead of after a 20 s load run. Redirect the call's output.
bench_foreground() {
  local name="$1" pid rc=0 i
  shift
  "$@" &
  pid=$!
  BENCH_PIDS+=("$pid")
  BENCH_NAMES+=("$name")
  wait "$pid" || rc=$?
  for i in "${!BENCH_PIDS[@]}"; do
    [[ "${BENCH_PIDS[i]}" == "$pid" ]] && BENCH_PIDS[i]=""
  done
  return "$rc"
}

# bench_pid NAME: the PID of the running process started as NAME ("" if none).
bench_pid() {
  local i pid=""
  for ((i = 0; i < ${#BENCH_NAMES[@]}; i++)); do
    [[ "${BENCH_NAMES[i]}" == "$1" ]] && pid="${BENCH_PIDS[i]}"
  done
  echo "$pid"
}

bench_alive() {
  local pid
  pid="$(bench_pid "$1")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

bench_stop() {  # bench_stop NAME
  local i
  for ((i = 0; i < ${#BENCH_NAMES[@]}; i++)); do
    if [[ "${BENCH_NAMES[i]}" == "$1" && -n "${BENCH_PIDS[i]}" ]]; then
      bench_stop_pid "${BENCH_PIDS[i]}"
      BENCH_PIDS[i]=""
    fi
  done
}

bench_tail() { tail -n 20 "$BENCH_DIR/$1.log" >&2 2>/dev/null || true; }

# bench_wait_tcp NAME PORT [SECONDS]: until something accepts on
# 127.0.0.1:PORT; dies (with NAME's log) when NAME exits or time is up.
bench_wait_tcp() {
  local name="$1" port="$2" deadline=$((SECONDS + ${3:-15}))
  while ((SECONDS < deadline)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    bench_alive "$name" || break
    sleep 0.1
  done
  bench_tail "$name"
  bench_die "$name did not listen on 127.0.0.1:$port"
}

# bench_start_redis: Redis as the Helm chart runs it (AOF, appendfsync
# always, uncompressed rewrites at 400 % growth) on a free port, its data in
# BENCH_DIR/redis.
bench_start_redis() {
  BENCH_REDIS_PORT="$(bench_free_port)"
  BENCH_REDIS_URL="redis://127.0.0.1:$BENCH_REDIS_PORT"
  mkdir -p "$BENCH_DIR/redis"
  bench_start redis redis-server --port "$BENCH_REDIS_PORT" --bind 127.0.0.1 \
    --dir "$BENCH_DIR/redis" --appendonly yes --appendfsync always --save "" \
    --rdbcompression no --auto-aof-rewrite-percentage 400 --daemonize no --protected-mode yes
  local deadline=$((SECONDS + 10))
  while ((SECONDS < deadline)); do
    [[ "$(redis-cli -p "$BENCH_REDIS_PORT" ping 2>/dev/null)" == PONG ]] && return 0
    bench_alive redis || break
    sleep 0.1
  done
  bench_tail redis
  bench_die "redis-server did not answer PING on port $BENCH_REDIS_PORT"
}

# shellcheck disable=SC2120  # the extra flags are optional
bench_start_frontend() {  # bench_start_frontend [EXTRA FLAGS...]
  local port
  port="$(bench_free_port)"
  BENCH_FRONTEND_ADDR="127.0.0.1:$port"
  BENCH_METRICS[frontend]="127.0.0.1:$(bench_free_port)"
  bench_start frontend "$BENCH_BIN/ndrdiag-frontend" --listen "$BENCH_FRONTEND_ADDR" \
    --redis "$BENCH_REDIS_URL" --metrics-listen "${BENCH_METRICS[frontend]}" \
    --log-level "$BENCH_LOG_LEVEL" "$@"
  bench_wait_tcp frontend "$port"
}

# bench_start_worker NAME RESOLVER [EXTRA FLAGS...]: a worker on the lab
# (tests/lab/worker-flags: panel, EOP range, SMTP) asking RESOLVER, with the
# lab allow-list, /metrics on a free port, no health endpoint. The lab's
# panel resolvers can be replaced: set BENCH_PANEL_MAP[lab address]=address.
declare -A BENCH_PANEL_MAP=()
bench_start_worker() {
  local name="$1" resolver="$2" flags=() line next_is_panel=""
  shift 2
  while IFS= read -r line; do
    [[ "$line" == \#* ]] && continue
    if [[ -n "$next_is_panel" && -n "${BENCH_PANEL_MAP[$line]:-}" ]]; then
      line="${BENCH_PANEL_MAP[$line]}"
    fi
    next_is_panel=""
    [[ "$line" == --panel-resolver ]] && next_is_panel=1
    flags+=("$line")
  done < <("$BENCH_REPO/tests/lab/worker-flags" "$BENCH_DIR")
  BENCH_METRICS[$name]="127.0.0.1:$(bench_free_port)"
  bench_start "$name" "$BENCH_BIN/ndrdiag-worker" --redis "$BENCH_REDIS_URL" \
    --resolver "$resolver" --allow-cidr "$BENCH_LAB_ALLOW_CIDR" "${flags[@]}" \
    --metrics-listen "${BENCH_METRICS[$name]}" --health-listen "" \
    --consumer "bench-$name" --log-level "$BENCH_LOG_LEVEL" "$@"
  bench_wait_tcp "$name" "${BENCH_METRICS[$name]##*:}"
  BENCH_WORKERS+=("$name")
}

bench_stop_workers() {
  local name
  for name in "${BENCH_WORKERS[@]}"; do bench_stop "$name"; done
  BENCH_WORKERS=()
}

# bench_start_dns_delay NAME UPSTREAM DELAY: ndrdiag-dns-delay on a free
# loopback port, its IP:PORT in BENCH_DNS_DELAY_ADDR (not printed: a command
# substitution would start it in a subshell, out of the PID list).
BENCH_DNS_DELAY_ADDR=""
bench_start_dns_delay() {
  local name="$1" port
  port="$(bench_free_port)"
  bench_start "$name" "$BENCH_BIN/ndrdiag-dns-delay" --listen "127.0.0.1:$port" \
    --upstream "$2" --delay "$3"
  bench_wait_tcp "$name" "$port"
  BENCH_DNS_DELAY_ADDR="127.0.0.1:$port"
}

# bench_scrape ADDR: the /metrics text of ADDR (HOST:PORT); empty on failure.
bench_scrape() { curl -sf --max-time 5 "http://$1/metrics" || true; }

# bench_metric ADDR REGEX: the sum of the samples whose line matches REGEX.
bench_metric() {
  bench_scrape "$1" | awk -v re="$2" '$0 !~ /^#/ && $0 ~ re {s += $NF} END {printf "%.0f\n", s + 0}'
}

# bench_workers_metric REGEX: bench_metric summed over the running workers.
bench_workers_metric() {
  local name total=0 v
  for name in "${BENCH_WORKERS[@]}"; do
    v="$(bench_metric "${BENCH_METRICS[$name]}" "$1")"
    total=$((total + v))
  done
  echo "$total"
}

# bench_rss_kib PID [FIELD]: VmRSS (or FIELD, e.g. VmHWM) of PID in KiB.
bench_rss_kib() {
  awk -v f="${2:-VmRSS}:" '$1 == f {print $2}' "/proc/$1/status" 2>/dev/null || echo 0
}

# bench_cpu_ticks PID: user + system CPU time of PID so far, with that of
# its children it has waited for (Redis' AOF-rewrite forks: real load on the
# machine, invisible in the parent's own time), in clock ticks (getconf
# CLK_TCK per second). A rewrite still running is counted once it ends.
bench_cpu_ticks() {
  awk '{sub(/^.*\) /, ""); print $12 + $13 + $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0
}

# bench_cpu_snapshot LAB_DIR: "name ticks" of every process started here
# that still runs, and "lab-dns ticks" summed over the lab's Unbound and NSD
# servers (found by their config files under LAB_DIR).
bench_cpu_snapshot() {
  local i pid lab=0
  for ((i = 0; i < ${#BENCH_NAMES[@]}; i++)); do
    pid="${BENCH_PIDS[i]}"
    [[ -d "/proc/$pid" ]] && echo "${BENCH_NAMES[i]} $(bench_cpu_ticks "$pid")"
  done
  for pid in $(pgrep -f "(unbound|nsd) -c $1/" 2>/dev/null); do
    lab=$((lab + $(bench_cpu_ticks "$pid")))
  done
  echo "lab-dns $lab"
}
