# shellcheck shell=bash
# bench/lib/ceiling.sh: the lab's own ceiling, measured in the same run as
# the load (bench/run, issue 8); source it after bench/lib/stack.sh.
#
#   ceiling_query_files DOMAINS_FILE NSD_ADDR   # BENCH_DIR/{resolver,nsd}-queries.txt
#   ceiling_dnsperf NAME SERVER FILE SECONDS    # then ceiling_dnsperf_qps NAME
#   ceiling_redis_benchmark PORT REQUESTS       # prints "COMMAND rps" lines
#   ceiling_commandstats PORT                   # prints "command calls" lines
#
# The query files hold the questions one DNS-family diagnosis asks (see
# workers/checks/dns/zone_probe.h): the recursive ones (MX, TXT, NS, SOA of
# the domain; A/AAAA of its MX targets and name servers; the autodiscover and
# DKIM selector CNAMEs) for the resolver, and the per-server ones (SOA, NS,
# MX, TXT, CNAME autodiscover, asked without recursion) for the one NSD
# instance that serves the customer zones.

# Column 1 of a domains file (TSV or one per line), without comments.
ceiling_domains() { grep -v '^#' "$1" | cut -f1 | grep -v '^$'; }

ceiling_query_files() {
  local domains="$1" nsd="$2" d name rcode
  local resolver_file="$BENCH_DIR/resolver-queries.txt" nsd_file="$BENCH_DIR/nsd-queries.txt"
  : >"$resolver_file"
  : >"$nsd_file"
  while IFS= read -r d; do
    printf '%s %s\n' "$d" MX "$d" TXT "$d" NS "$d" SOA "$d" A \
      "autodiscover.$d" CNAME "selector1._domainkey.$d" CNAME \
      "selector2._domainkey.$d" CNAME >>"$resolver_file"
    for name in $(dig +short +time=2 +tries=1 @"$BENCH_LAB_RESOLVER_IP" "$d" MX | awk '{print $2}') \
      $(dig +short +time=2 +tries=1 @"$BENCH_LAB_RESOLVER_IP" "$d" NS); do
      printf '%s %s\n' "$name" A "$name" AAAA >>"$resolver_file"
    done
    # Only the names this server is authoritative for (not REFUSED).
    rcode="$(dig +norec +time=2 +tries=1 @"$nsd" "$d" SOA 2>/dev/null |
      grep -o 'status: [A-Z]*' | cut -d' ' -f2)"
    if [[ -n "$rcode" && "$rcode" != REFUSED ]]; then
      printf '%s %s\n' "$d" SOA "$d" NS "$d" MX "$d" TXT "autodiscover.$d" CNAME >>"$nsd_file"
    fi
  done < <(ceiling_domains "$domains")
}

# ceiling_dnsperf NAME SERVER FILE SECONDS: runs dnsperf, its output in
# BENCH_DIR/NAME.log (read it with ceiling_dnsperf_qps / _lost). Clients and
# threads follow the machine's cores, so the same command measures a bigger
# machine's lab fairly. Not in a command substitution: a signal to the
# script stops it at once (bench_foreground).
ceiling_dnsperf() {
  local name="$1" server="$2" file="$3" seconds="$4" cores threads
  cores="$(nproc)"
  threads=$(((cores + 1) / 2))
  bench_foreground "$name" dnsperf -s "$server" -p 53 -d "$file" -l "$seconds" \
    -c "$((threads * 2))" -T "$threads" -q "$((100 * cores))" -t 2 \
    >"$BENCH_DIR/$name.log" 2>&1 || true
}

# ceiling_dnsperf_qps NAME: that run's queries per second (0 if none).
ceiling_dnsperf_qps() {
  awk '/Queries per second:/ {printf "%.0f\n", $4; found=1} END {if (!found) print 0}' \
    "$BENCH_DIR/$1.log" 2>/dev/null || echo 0
}

# ceiling_dnsperf_lost NAME: "lost/sent" from that run's log.
ceiling_dnsperf_lost() {
  awk '/Queries sent:/ {s=$3} /Queries lost:/ {l=$3} END {printf "%s/%s\n", l+0, s+0}' \
    "$BENCH_DIR/$1.log"
}

# ceiling_redis_benchmark PORT REQUESTS: redis-benchmark against that Redis
# (the bench's own, AOF appendfsync always as in production) for the kinds
# of command one job uses: stream appends and reads, hash writes, PUBLISH,
# XREADGROUP, and a small EVALSHA doing XADD + HSET like the job store's
# scripts. Keys are bench:* (deleted afterwards). Prints "COMMAND rps" lines.
ceiling_redis_benchmark() {
  local port="$1" n="$2" sha
  local rb=(redis-benchmark -h 127.0.0.1 -p "$port" -n "$n" -c 50 -q)
  redis-cli -p "$port" XGROUP CREATE bench:stream bench 0 MKSTREAM >/dev/null 2>&1 || true
  sha="$(redis-cli -p "$port" SCRIPT LOAD \
    "redis.call('XADD', KEYS[1], '*', 'e', ARGV[1]); return redis.call('HSET', KEYS[2], 'state', ARGV[1])")"
  {
    "${rb[@]}" -t hset,xadd 2>/dev/null
    "${rb[@]}" XADD bench:stream '*' type check_result payload 0123456789abcdef0123456789abcdef 2>/dev/null
    "${rb[@]}" XRANGE bench:stream - + COUNT 10 2>/dev/null
    "${rb[@]}" PUBLISH bench:channel 0123456789abcdef 2>/dev/null
    "${rb[@]}" XREADGROUP GROUP bench c1 COUNT 1 STREAMS bench:stream '>' 2>/dev/null
    "${rb[@]}" EVALSHA "$sha" 2 bench:events bench:job running 2>/dev/null
  } | tr '\r' '\n' | awk -F': ' '/requests per second/ {
        split($2, a, " "); cmd=$1; sub(/ .*/, "", cmd); printf "%s %.0f\n", cmd, a[1] }'
  redis-cli -p "$port" DEL bench:stream bench:events bench:job bench:channel \
    'key:__rand_int__' myhash mystream >/dev/null 2>&1 || true
}

# ceiling_commandstats PORT: "command calls" for every command Redis served
# so far (INFO commandstats), for per-diagnosis deltas.
ceiling_commandstats() {
  redis-cli -p "$1" INFO commandstats | tr -d '\r' |
    sed -n 's/^cmdstat_\([^:]*\):calls=\([0-9]*\),.*/\1 \2/p'
}
