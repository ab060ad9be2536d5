#!/usr/bin/env bash
# The DNS and SMTP lab: a local, offline stand-in for the Internet's DNS and
# the mail servers behind the MX records, built from Debian's real servers
# (NSD for the authoritative side, Unbound as the recursive resolver, one
# Postfix instance for every SMTP server) on loopback addresses of one block.
#
#   tests/lab/lab.sh up       start (or update) every server; idempotent
#   tests/lab/lab.sh down     stop them, by PID; fine when nothing runs
#   tests/lab/lab.sh status   one line per server; exit 1 unless all run
#   tests/lab/lab.sh env      the settings a worker needs to use the lab
#
# Environment:
#   NDRDIAG_LAB_NET  the block, as its first two octets (default 127.77,
#                    meaning 127.77.0.0/16); must be inside 127.0.0.0/8
#   NDRDIAG_LAB_DIR  where all state lives (default <repo>/.lab)
#   NDRDIAG_LAB_SMTP_PORT  the port of the lab's SMTP servers (default 2525,
#                    so a system MTA on 25 is never in the way)
#
# Servers are defined by tests/lab/servers.conf and zone templates under
# tests/lab/zones/ (see tests/lab/README.md); the misbehaving name servers by
# misbehave.conf (run by misbehave.py); the lagging resolver's stale cache by
# lagging-cache.in; the SMTP servers (one Postfix instance, one smtpd per
# address) by smtp/hosts.conf and smtp/recipients.tsv. `up` regenerates everything and
# restarts only the servers whose configuration or zones changed. Nothing here
# uses systemd or a system service: each server is started with its own
# config file and stopped by the PID in its own pid file.
set -euo pipefail

LAB_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$LAB_SRC/../.." && pwd)"
NET="${NDRDIAG_LAB_NET:-127.77}"
RUN="${NDRDIAG_LAB_DIR:-$REPO/.lab}"
RESOLVER_HOST="0.53"
LAG_RESOLVER_HOST="0.54"
# Validating resolvers (validator + iterator); their trust anchor is the
# lab's signed mx.microsoft zone.
VALIDATOR_HOSTS=(0.55 0.56)
SIGNED_ZONE="mx.microsoft"
# The one name whose signature lab.sh breaks on purpose (§5 #6 mx-dane-bogus).
BOGUS_NAME="mx-dane-bogus-com.e-v1.mx.microsoft."
EOP_CIDR_HOST="25.0/24"
SMTP_PORT="${NDRDIAG_LAB_SMTP_PORT:-2525}"
START_DEADLINE=15  # seconds a server may take to answer after starting
# Scenarios about time (a change made minutes or hours ago) are written
# relative to the lab's epoch: zone templates say @EPOCH-N@ for "N seconds
# before the epoch" (a Unix-time SOA serial). `up` moves the epoch to now
# once it is older than this, so "20 minutes ago" never turns into "days ago"
# while the lab runs; the changed zones are reloaded in place.
EPOCH_MAX_AGE=1200
EPOCH=""

die() { echo "lab: $*" >&2; exit 1; }
log() { echo "lab: $*"; }

check_net() {
  if ! [[ "$SMTP_PORT" =~ ^[0-9]+$ ]] || ((SMTP_PORT < 1 || SMTP_PORT > 65535)); then
    die "NDRDIAG_LAB_SMTP_PORT='$SMTP_PORT' is not a port"
  fi
  if ! [[ "$NET" =~ ^127\.([0-9]{1,3})$ ]] || ((BASH_REMATCH[1] > 255)); then
    die "NDRDIAG_LAB_NET='$NET' must be two octets inside 127.0.0.0/8, e.g. 127.77"
  fi
}

need_tools() {
  local t missing=()
  for t in nsd nsd-checkconf nsd-checkzone nsd-control unbound unbound-checkconf unbound-control \
    dig flock ldns-keygen ldns-signzone postfix postconf openssl; do
    command -v "$t" >/dev/null 2>&1 || [[ -x "/usr/sbin/$t" ]] || missing+=("$t")
  done
  [[ -x /usr/bin/python3 ]] || missing+=(python3)
  ((${#missing[@]} == 0)) ||
    die "missing ${missing[*]}; run ./ndrdiag.sh setup (packages nsd unbound dnsutils ldnsutils python3 postfix postfix-pcre openssl)"
  # postconf -m needs a main.cf; the system has none (no system instance).
  grep -qs '^pcre[[:space:]]' /etc/postfix/dynamicmaps.cf /etc/postfix/dynamicmaps.cf.d/* ||
    die "Postfix has no pcre map type; run ./ndrdiag.sh setup (package postfix-pcre)"
}

# Instances from servers.conf, as "name host dir..." lines.
instances() { grep -Ev '^[[:space:]]*(#|$)' "$LAB_SRC/servers.conf"; }

# Where an instance's control socket goes: in its state directory, unless
# that path is too long for a unix socket (108 bytes), then in /tmp.
ctl_dir() {  # ctl_dir NAME
  if ((${#RUN} <= 80)); then
    echo "$RUN/$1"
  else
    echo "/tmp/ndrdiag-lab-$(echo "$RUN" | sha1sum | cut -c1-12)/$1"
  fi
}

render() {  # render TEMPLATE DIR NAME [ADDR ACCESS MODULES ANCHOR] > output
  sed -e "s/@NET@/$NET/g" -e "s#@DIR@#$2#g" -e "s#@CTL@#$(ctl_dir "$3")#g" \
    -e "s/@ADDR@/${4:-}/g" -e "s/@ACCESS@/${5:-}/g" \
    -e "s/@MODULES@/${6:-iterator}/g" -e "s#@ANCHOR@#${7:-}#g" "$1"
}

# sign_zone FILE: signs the rendered mx.microsoft zone in place (ECDSAP256SHA256
# KSK + ZSK kept in $RUN/dnssec) and breaks BOGUS_NAME's A record after
# signing, so that a validating resolver answers SERVFAIL for that name only.
# Signatures are cached by the zone text's hash, and have fixed
# inception/expiration dates, so an unchanged zone gives the same file and
# `up` stays idempotent (ECDSA signatures differ on every run).
sign_zone() {
  local f="$1" k="$RUN/dnssec" sum ksk zsk
  mkdir -p "$k"
  if ! ls "$k"/K*.ds >/dev/null 2>&1; then
    (cd "$k" && rm -f K* && ldns-keygen -a ECDSAP256SHA256 -k "$SIGNED_ZONE" >ksk.name &&
      ldns-keygen -a ECDSAP256SHA256 "$SIGNED_ZONE" >zsk.name) ||
      die "ldns-keygen failed for $SIGNED_ZONE"
    rm -f "$k"/signed.*
    # The ZSK's .ds is not an anchor; keep only the KSK's.
    rm -f "$k/$(cat "$k/zsk.name").ds"
  fi
  ksk="$k/$(cat "$k/ksk.name")"
  zsk="$k/$(cat "$k/zsk.name")"
  sum="$( (cat "$f" "$ksk.key" "$zsk.key"; echo "$BOGUS_NAME") | sha256sum | cut -c1-16)"
  if [[ ! -s "$k/signed.$sum" ]]; then
    rm -f "$k"/signed.*
    ldns-signzone -o "$SIGNED_ZONE." -i 20240101000000 -e 20370101000000 -f "$k/signed.tmp" \
      "$f" "$zsk" "$ksk" || die "ldns-signzone failed for $SIGNED_ZONE"
    # Change the A record's data after signing: its RRSIG no longer matches.
    awk -v bogus="$BOGUS_NAME" -v net="$NET" '
      $1 == bogus && $4 == "A" { $5 = net ".25.66"; n++ }
      { print } END { if (n != 1) exit 1 }' "$k/signed.tmp" >"$k/signed.$sum" ||
      die "$SIGNED_ZONE: no single A record for $BOGUS_NAME to make bogus"
    rm -f "$k/signed.tmp"
  fi
  cp "$k/signed.$sum" "$f"
}

# pid_of PIDFILE CONF: the PID of a running server started with CONF, or
# nothing. Checking the command line guards against a recycled PID.
pid_of() {
  local pid
  [[ -s "$1" ]] || return 0
  pid="$(tr -dc 0-9 <"$1")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2" && echo "$pid"
  return 0
}

stop_pid() {  # stop_pid PID NAME
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || { log "stopped $2 (pid $pid)"; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  log "killed $2 (pid $pid) after 10 s"
}

fail_start() {  # fail_start NAME LOGFILE MESSAGE
  echo "lab: $1 did not come up: $3" >&2
  if [[ -f "$2" ]]; then
    echo "---- last lines of $2 ----" >&2
    tail -n 30 "$2" >&2
    echo "----" >&2
  fi
  exit 1
}

# answers ADDR NAME TYPE [extra dig args]: succeeds on a NOERROR reply.
answers() {
  local out
  out="$(dig +time=1 +tries=1 "${@:4}" @"$1" "$2" "$3" 2>&1)" || return 1
  grep -q 'status: NOERROR' <<<"$out"
}

wait_until_answers() {  # NAME PIDFILE CONF LOG ADDR QNAME QTYPE [dig args]
  local name="$1" pidfile="$2" conf="$3" logf="$4" deadline=$((SECONDS + START_DEADLINE))
  while ((SECONDS < deadline)); do
    answers "$5" "$6" "$7" "${@:8}" && return 0
    # The pid file appears once the daemon forked; until then keep waiting.
    if [[ -s "$pidfile" && -z "$(pid_of "$pidfile" "$conf")" ]]; then
      fail_start "$name" "$logf" "the process exited"
    fi
    sleep 0.2
  done
  fail_start "$name" "$logf" "no NOERROR answer for $6 $7 from $5 within ${START_DEADLINE}s"
}

# Writes an NSD instance's config and zones into STAGE (paths point at DIR).
# HOSTS is one host part or a comma-separated list of them.
stage_nsd() {  # stage_nsd NAME HOSTS DIR STAGE ZONEDIR...
  local name="$1" hosts="$2" dir="$3" stage="$4" zdir f base zone h
  shift 4
  mkdir -p "$stage/zones"
  local files=()
  for zdir in "$@"; do
    [[ -d "$LAB_SRC/zones/$zdir" ]] || continue
    for f in "$LAB_SRC/zones/$zdir"/*.zone; do
      [[ -e "$f" ]] || continue
      base="${f##*/}"
      [[ " ${files[*]} " == *"/$base "* ]] && continue  # an earlier directory wins
      files+=("$f")
    done
  done
  # One awk for all files: a process per zone made `up` slow.
  ((${#files[@]} == 0)) || awk -v net="$NET" -v epoch="$EPOCH" -v out="$stage/zones" '
    FNR == 1 { if (dst) close(dst); n = split(FILENAME, p, "/"); dst = out "/" p[n] }
    {
      gsub(/@NET@/, net)
      while (match($0, /@EPOCH(-[0-9]+)?@/)) {
        v = epoch + substr($0, RSTART + 6, RLENGTH - 7)
        $0 = substr($0, 1, RSTART - 1) v substr($0, RSTART + RLENGTH)
      }
      print > dst
    }' "${files[@]}"
  [[ -e "$stage/zones/$SIGNED_ZONE.zone" ]] && sign_zone "$stage/zones/$SIGNED_ZONE.zone"
  {
    cat <<EOF
# Generated by tests/lab/lab.sh for the lab instance "$name"; do not edit.
server:
$(for h in ${hosts//,/ }; do echo "    ip-address: $NET.$h"; done)
    port: 53
    do-ip6: no
    server-count: 1
    username: ""
    chroot: ""
    zonesdir: "$dir/zones"
    database: ""
    zonelistfile: "$dir/zone.list"
    xfrdfile: "$dir/xfrd.state"
    xfrdir: "$dir"
    pidfile: "$dir/nsd.pid"
    logfile: "$dir/nsd.log"
    verbosity: 1
    hide-version: yes
    # CH TXT id.server names the instance, so a test can tell who answered.
    identity: "$name"
    # Benchmarks send many queries from one address: no rate limiting.
    rrl-ratelimit: 0
    rrl-whitelist-ratelimit: 0
    rrl-size: 1000
    tcp-count: 64
    xfrd-tcp-max: 8
remote-control:
    # nsd-control -c $dir/nsd.conf stats_noreset
    control-enable: yes
    control-interface: "$(ctl_dir "$name")/nsd.ctl"
EOF
    for f in "$stage/zones"/*.zone; do
      [[ -e "$f" ]] || continue
      base="${f##*/}"; base="${base%.zone}"
      zone="$base"
      [[ "$base" == root ]] && zone="."
      printf 'zone:\n    name: "%s"\n    zonefile: "%s.zone"\n' "$zone" "$base"
    done
  } >"$stage/nsd.conf"
}

checksum() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16; }

# Replaces DIR's generated files by STAGE's (keeps logs). The zones
# directory itself stays: a running NSD has it as its working directory, and
# a reload reads the files from there.
install_stage() {  # install_stage STAGE DIR SUM
  local f
  mkdir -p "$2"
  if [[ -d "$2/zones" ]]; then
    for f in "$2/zones"/*; do
      [[ -e "$f" && ! -e "$1/zones/${f##*/}" ]] && rm -f "$f"
    done
  fi
  cp -R "$1/." "$2/"
  echo "$3" >"$2/config.sum"
}

# Zones an NSD config serves, as "zone file" lines.
zones_of() { awk '$1=="name:"{gsub(/"/,"",$2); z=$2} $1=="zonefile:"{gsub(/"/,"",$2); print z, $2}' "$1"; }

# Servers started by this run that still have to answer: "kind name ..."
# lines, waited for together so the servers start in parallel.
PENDING=()

# up_nsd NAME HOSTS ZONEDIR...: stages, checks and (re)starts one instance if
# its configuration changed; the wait for its answer is queued in PENDING.
up_nsd() {
  local name="$1" hosts="$2" dir="$RUN/$1" stage="$RUN/.stage/$1" sum pid zone file zsum first_zone=""
  local addr="$NET.${2%%,*}"
  shift 2
  rm -rf "$stage"
  stage_nsd "$name" "$hosts" "$dir" "$stage" "$@"
  sum="$(checksum "$stage")"
  pid="$(pid_of "$dir/nsd.pid" "$dir/nsd.conf")"
  if [[ -n "$pid" && "$(cat "$dir/config.sum" 2>/dev/null)" == "$sum" ]]; then
    log "$name already running on $NET.${hosts//,/ $NET.} (pid $pid)"
    return 0
  fi
  # Check the new zones before touching a running server.
  # A zone text that loaded once is remembered by its hash ($RUN/.checked),
  # so only new or edited zones pay for nsd-checkzone.
  mkdir -p "$RUN/.checked"
  while read -r zone file; do
    [[ -n "$first_zone" ]] || first_zone="$zone"
    zsum="$( (echo "$zone"; cat "$stage/zones/$file") | sha256sum | cut -c1-32)"
    [[ -e "$RUN/.checked/$zsum" ]] && continue
    nsd-checkzone "$zone" "$stage/zones/$file" >/dev/null 2>"$stage/checkzone.err" || {
      cat "$stage/checkzone.err" >&2
      die "$name: zone $zone (from tests/lab/zones/*/$file) does not load"
    }
    : >"$RUN/.checked/$zsum"
  done < <(zones_of "$stage/nsd.conf")
  rm -f "$stage/checkzone.err"
  [[ -n "$first_zone" ]] || die "$name serves no zone (see tests/lab/servers.conf)"
  if [[ -n "$pid" ]] && cmp -s "$stage/nsd.conf" "$dir/nsd.conf"; then
    # Only zone contents changed: reload them in place, no downtime.
    local reloaded=() f
    for f in "$stage/zones"/*.zone; do
      cmp -s "$f" "$dir/zones/${f##*/}" || reloaded+=("$(basename "$f" .zone)=$(soa_serial "$f")")
    done
    install_stage "$stage" "$dir" "$sum"
    nsd-control -c "$dir/nsd.conf" reload >/dev/null 2>&1 || {
      log "$name: nsd-control reload failed, restarting"
      stop_pid "$pid" "$name"
      start_nsd "$name" "$dir" "$addr" "$first_zone"
      return 0
    }
    log "$name: reloading ${#reloaded[@]} changed zone(s)"
    PENDING+=("reload $name $addr ${reloaded[*]}")
    return 0
  fi
  [[ -n "$pid" ]] && { log "$name: configuration changed, restarting"; stop_pid "$pid" "$name"; }
  install_stage "$stage" "$dir" "$sum"
  start_nsd "$name" "$dir" "$addr" "$first_zone"
}

start_nsd() {  # start_nsd NAME DIR ADDR FIRST_ZONE
  local name="$1" dir="$2"
  mkdir -p "$(ctl_dir "$name")"
  nsd-checkconf "$dir/nsd.conf" >&2 || die "$name: nsd-checkconf rejected $dir/nsd.conf"
  rm -f "$dir/nsd.pid"
  # fd 9 is the lab lock: a daemon must not inherit it.
  nsd -c "$dir/nsd.conf" </dev/null >>"$dir/nsd.log" 2>&1 9>&- ||
    fail_start "$name" "$dir/nsd.log" "nsd exited with status $?"
  PENDING+=("nsd $name $3 $4")
}

# soa_serial ZONEFILE: the serial of the file's SOA record.
soa_serial() {
  awk '{ sub(/;.*/, "") }
    /[[:space:]]SOA[[:space:]]/ { on = 1 }
    on { gsub(/[()]/, " ")
         for (i = 1; i <= NF; i++) {
           if (after) { if (++n == 3) { print $i; exit } }
           else if ($i == "SOA") after = 1
         } }' "$1"
}

# lab_epoch: sets EPOCH, moving it to now when older than EPOCH_MAX_AGE.
lab_epoch() {
  local now
  now="$(date +%s)"
  EPOCH="$(tr -dc 0-9 2>/dev/null <"$RUN/epoch" || true)"
  if [[ -z "$EPOCH" ]] || ((now - EPOCH > EPOCH_MAX_AGE || EPOCH > now)); then
    EPOCH="$now"
    echo "$EPOCH" >"$RUN/epoch"
    log "epoch moved to $(date -u -d "@$EPOCH" '+%Y-%m-%d %H:%M:%S') UTC (time-relative scenarios renewed)"
  fi
}

# wait_pending: waits for every server queued in PENDING to answer.
wait_pending() {
  local entry kind name addr zone dir z deadline
  for entry in "${PENDING[@]}"; do
    read -r kind name addr zone <<<"$entry"
    dir="$RUN/$name"
    case "$kind" in
      reload)
        # zone is a list of ZONE=SERIAL: wait until each is served.
        deadline=$((SECONDS + START_DEADLINE))
        for z in $zone; do
          [[ "${z%%=*}" == root ]] && z=".=${z#*=}"
          until [[ "$(dig +norec +short +time=1 +tries=1 @"$addr" "${z%%=*}" SOA 2>/dev/null |
            awk '{print $3}')" == "${z#*=}" ]]; do
            ((SECONDS < deadline)) || fail_start "$name" "$dir/nsd.log" "zone ${z%%=*} not reloaded"
            sleep 0.05
          done
        done
        log "$name reloaded on $addr"
        ;;
      nsd)
        wait_until_answers "$name" "$dir/nsd.pid" "$dir/nsd.conf" "$dir/nsd.log" \
          "$addr" "$zone" SOA +norec
        log "$name up on $addr (pid $(pid_of "$dir/nsd.pid" "$dir/nsd.conf"))"
        ;;
      unbound)
        # Resolving a customer MX proves the whole chain: root -> com -> customer.
        wait_until_answers "$name" "$dir/unbound.pid" "$dir/unbound.conf" "$dir/unbound.log" \
          "$addr" contoso.com MX
        log "$name up on $addr (pid $(pid_of "$dir/unbound.pid" "$dir/unbound.conf"))"
        ;;
    esac
  done
  PENDING=()
}

# up_resolver NAME HOST ACCESS [flush|-] [validate]: one Unbound instance.
up_resolver() {
  local name="$1" addr="$NET.$2" access="$3" dir="$RUN/$1" stage="$RUN/.stage/$1" sum pid
  rm -rf "$stage"
  mkdir -p "$stage"
  if [[ "${5:-}" == validate ]]; then
    cp "$RUN/dnssec/$(cat "$RUN/dnssec/ksk.name").ds" "$stage/anchor.ds"
    render "$LAB_SRC/unbound.conf.in" "$dir" "$name" "$addr" "$access" "validator iterator" \
      "trust-anchor-file: \"$dir/anchor.ds\"" >"$stage/unbound.conf"
  else
    render "$LAB_SRC/unbound.conf.in" "$dir" "$name" "$addr" "$access" >"$stage/unbound.conf"
  fi
  printf '.                    3600000 NS a.root-servers.net.\na.root-servers.net.  3600000 A  %s.0.1\n' \
    "$NET" >"$stage/root.hints"
  sum="$(checksum "$stage")"
  pid="$(pid_of "$dir/unbound.pid" "$dir/unbound.conf")"
  if [[ -n "$pid" && "$(cat "$dir/config.sum" 2>/dev/null)" == "$sum" ]]; then
    if [[ "${4:-}" == flush ]]; then
      # Zones changed: forget everything, as a restart would, without one.
      if ! unbound-control -c "$dir/unbound.conf" flush_zone . >/dev/null ||
        ! unbound-control -c "$dir/unbound.conf" flush_infra all >/dev/null; then
        die "$name: unbound-control flush failed"
      fi
      log "$name running on $addr (pid $pid), cache flushed"
    else
      log "$name already running on $addr (pid $pid)"
    fi
    return 0
  fi
  [[ -n "$pid" ]] && stop_pid "$pid" "$name"
  install_stage "$stage" "$dir" "$sum"
  mkdir -p "$(ctl_dir "$name")"
  unbound-checkconf "$dir/unbound.conf" >/dev/null || die "unbound-checkconf rejected $dir/unbound.conf"
  rm -f "$dir/unbound.pid"
  unbound -c "$dir/unbound.conf" </dev/null >>"$dir/unbound.log" 2>&1 9>&- ||
    fail_start "$name" "$dir/unbound.log" "unbound exited with status $?"
  PENDING+=("unbound $name $addr")
}

# The lagging resolver's seeded entries as it serves them now (RD=0 reads
# only its cache): "<ttl of the old MX> <ttl of the cached NODATA>", 0 for
# an entry that is gone.
lag_cache_ttls() {
  local addr="$NET.$LAG_RESOLVER_HOST" mx neg
  mx="$(dig +norec +time=1 +tries=1 @"$addr" propagating.com MX 2>/dev/null |
    awk '$4=="MX" && $6=="mail.propagating.com." {print $2; exit}')"
  neg="$(dig +norec +time=1 +tries=1 @"$addr" negative-cache.com MX 2>/dev/null |
    awk '/status: NOERROR/ {ok=1} /ANSWER: [1-9]/ {ok=0} ok && $4=="SOA" {print $2; exit}')"
  echo "${mx:-0} ${neg:-0}"
}

# seed_lag_cache: loads lagging-cache.in into the lagging resolver unless its
# entries are still there. Remaining TTLs are computed from the epoch
# (@LEFT-TTL-AGO@: what a TTL of TTL seconds fetched AGO seconds before the
# epoch has left now), so they agree with the zones' time-relative serials.
seed_lag_cache() {
  local dir="$RUN/resolver-lag" mx neg
  read -r mx neg < <(lag_cache_ttls)
  if ((mx > 0 && neg > 0)); then
    log "resolver-lag cache still seeded (old MX ${mx}s, NODATA ${neg}s left)"
    return 0
  fi
  if ! unbound-control -c "$dir/unbound.conf" flush_zone propagating.com >/dev/null ||
    ! unbound-control -c "$dir/unbound.conf" flush_zone negative-cache.com >/dev/null; then
    die "resolver-lag: unbound-control flush_zone failed"
  fi
  awk -v net="$NET" -v epoch="$EPOCH" -v now="$(date +%s)" '
    /^;/ && !/^;rrset/ { next }
    {
      gsub(/@NET@/, net)
      while (match($0, /@(LEFT-[0-9]+-[0-9]+|EPOCH-[0-9]+)@/)) {
        split(substr($0, RSTART + 1, RLENGTH - 2), f, "-")
        v = f[1] == "LEFT" ? f[2] - (now - (epoch - f[3])) : epoch - f[2]
        if (v < 1) v = 1
        $0 = substr($0, 1, RSTART - 1) v substr($0, RSTART + RLENGTH)
      }
      print
    }' "$LAB_SRC/lagging-cache.in" |
    unbound-control -c "$dir/unbound.conf" load_cache >/dev/null ||
    die "resolver-lag: unbound-control load_cache rejected tests/lab/lagging-cache.in"
  read -r mx neg < <(lag_cache_ttls)
  ((mx > 0 && neg > 0)) || die "resolver-lag: the seeded entries are not served (old MX ${mx}s, NODATA ${neg}s)"
  log "resolver-lag cache seeded (old MX ${mx}s, NODATA ${neg}s left)"
}

# Arguments of misbehave.py from misbehave.conf: ADDR=MODE[:UPSTREAM]...
misbehave_specs() {
  local host mode up
  while read -r host mode up; do
    printf '%s=%s%s\n' "$NET.$host" "$mode" "${up:+:$NET.$up}"
  done < <(grep -Ev '^[[:space:]]*(#|$)' "$LAB_SRC/misbehave.conf")
}

up_misbehave() {
  local dir="$RUN/misbehave" sum pid i specs
  mkdir -p "$dir"
  mapfile -t specs < <(misbehave_specs)
  sum="$( (printf '%s\n' "${specs[@]}" "smtp port $SMTP_PORT"; cat "$LAB_SRC/misbehave.py") | sha256sum | cut -c1-16)"
  pid="$(pid_of "$dir/misbehave.pid" "$dir/misbehave.pid")"
  if [[ -n "$pid" && "$(cat "$dir/config.sum" 2>/dev/null)" == "$sum" ]]; then
    log "misbehave already running (pid $pid)"
    return 0
  fi
  [[ -n "$pid" ]] && stop_pid "$pid" misbehave
  rm -f "$dir/misbehave.pid"
  echo "$sum" >"$dir/config.sum"
  /usr/bin/python3 "$LAB_SRC/misbehave.py" --pidfile "$dir/misbehave.pid" --smtp-port "$SMTP_PORT" "${specs[@]}" \
    </dev/null >>"$dir/misbehave.log" 2>&1 9>&- &
  # The pid file appears once every address is bound.
  for ((i = 0; i < START_DEADLINE * 20; i++)); do
    [[ -s "$dir/misbehave.pid" ]] && break
    kill -0 $! 2>/dev/null || fail_start misbehave "$dir/misbehave.log" "the process exited"
    sleep 0.05
  done
  [[ -s "$dir/misbehave.pid" ]] || fail_start misbehave "$dir/misbehave.log" "no pid file within ${START_DEADLINE}s"
  log "misbehave up on ${#specs[@]} addresses (pid $(cat "$dir/misbehave.pid"))"
}

# --- the SMTP servers (Postfix) -------------------------------------------------

# issue_cert NAME SUBJECT SANS: a key and certificate signed by the lab CA in
# $RUN/smtp/NAME.pem (key first, then the certificate: Postfix's
# smtpd_tls_chain_files), made once and again only when SUBJECT/SANS change.
issue_cert() {
  local dir="$RUN/smtp" name="$1" subj="$2" sans="$3" ext
  [[ -s "$dir/$name.pem" && "$(cat "$dir/$name.names" 2>/dev/null)" == "$subj $sans" ]] && return 0
  ext="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth${sans:+
subjectAltName=$sans}"
  if ! openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "$subj" \
    -keyout "$dir/$name.key" -out "$dir/$name.csr" 2>/dev/null ||
    ! openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
      -CAcreateserial -days 3650 -extfile <(echo "$ext") -out "$dir/$name.crt" 2>/dev/null; then
    die "openssl could not issue the lab certificate $name"
  fi
  cat "$dir/$name.key" "$dir/$name.crt" >"$dir/$name.pem"
  chmod 600 "$dir/$name.pem" "$dir/$name.key"
  rm -f "$dir/$name.csr"
  echo "$subj $sans" >"$dir/$name.names"
  log "smtp: issued certificate $name ($subj)"
}

# issue_dated_cert NAME SUBJECT SANS START END: like issue_cert, valid from
# START to END (YYYYMMDDHHMMSSZ, UTC): `openssl x509 -req` of OpenSSL 3.0
# cannot set dates in the past, `openssl ca` can. Made again when SUBJECT,
# SANS, START or END change.
issue_dated_cert() {
  local dir="$RUN/smtp" name="$1" subj="$2" sans="$3" start="$4" end="$5" ca
  [[ -s "$dir/$name.pem" && "$(cat "$dir/$name.names" 2>/dev/null)" == "$subj $sans $start $end" ]] && return 0
  ca="$dir/ca-$name"
  rm -rf "$ca"
  mkdir -p "$ca"
  : >"$ca/index.txt"
  openssl rand -hex 8 >"$ca/serial"
  printf '%s\n' "[ca]" "default_ca = lab" "[lab]" "database = $ca/index.txt" "new_certs_dir = $ca" \
    "serial = $ca/serial" "default_md = sha256" "policy = any" "unique_subject = no" "email_in_dn = no" \
    "copy_extensions = none" "[any]" "organizationName = optional" "commonName = supplied" "[ext]" \
    "basicConstraints = CA:FALSE" "keyUsage = critical,digitalSignature,keyEncipherment" \
    "extendedKeyUsage = serverAuth" "subjectAltName = $sans" >"$ca/ca.cnf"
  if ! openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "$subj" \
    -keyout "$dir/$name.key" -out "$ca/req.csr" 2>/dev/null ||
    ! openssl ca -batch -config "$ca/ca.cnf" -cert "$dir/ca.pem" -keyfile "$dir/ca.key" \
      -in "$ca/req.csr" -out "$dir/$name.crt" -startdate "$start" -enddate "$end" \
      -extensions ext -notext >/dev/null 2>&1; then
    die "openssl could not issue the lab certificate $name ($start..$end)"
  fi
  cat "$dir/$name.key" "$dir/$name.crt" >"$dir/$name.pem"
  chmod 600 "$dir/$name.pem" "$dir/$name.key"
  rm -rf "$ca"
  echo "$subj $sans $start $end" >"$dir/$name.names"
  log "smtp: issued certificate $name ($subj, $start..$end)"
}

# smtp_certs: the lab CA (<run dir>/smtp/ca.pem; kept across down/up, delete
# the directory for a new one) and the servers' certificates.
smtp_certs() {
  local dir="$RUN/smtp" onprem
  mkdir -p "$dir"
  if [[ ! -s "$dir/ca.pem" || ! -s "$dir/ca.key" ]]; then
    rm -f "$dir"/*.pem "$dir"/*.key "$dir"/*.crt "$dir"/*.names
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
      -subj "/O=ndrdiag lab/CN=ndrdiag lab SMTP CA" -keyout "$dir/ca.key" -out "$dir/ca.pem" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
      2>/dev/null || die "openssl could not create the lab CA"
    chmod 600 "$dir/ca.key"
    log "smtp: created the lab CA $dir/ca.pem"
  fi
  issue_cert eop "/C=US/ST=Washington/L=Redmond/O=Microsoft Corporation/CN=mail.protection.outlook.com" \
    "DNS:mail.protection.outlook.com,DNS:*.mail.protection.outlook.com,DNS:*.mx.microsoft,DNS:*.e-v1.mx.microsoft,DNS:mail.messaging.microsoft.com,DNS:mail.global.frontbridge.com"
  # The hybrid tenants' on-premises smart hosts (recipients.tsv, 4th column).
  onprem="$(awk -F'\t' '!/^#/ && NF >= 4 && $4 != "-" { printf "%sDNS:%s", sep, $4; sep = "," }' \
    "$LAB_SRC/smtp/recipients.tsv")"
  issue_cert onprem "/O=ndrdiag lab/CN=EX02.hybrid-lab.com" "DNS:EX02.hybrid-lab.com${onprem:+,$onprem}"
  issue_cert ex01 "/CN=EX01" ""
  # The smart hosts whose certificate expired / expires soon (hybrid
  # scenarios onprem-expired.com, onprem-expiring.com).
  issue_dated_cert expired "/O=ndrdiag lab/CN=mail.onprem-expired.com" "DNS:mail.onprem-expired.com" \
    20240101000000Z 20250101000000Z
  # Within the 60 days that make it a warning: 30 days, issued again once
  # fewer than 20 are left (so it always expires in 20 to 30 days).
  if [[ ! -s "$RUN/smtp/expiring.crt" ]] ||
    ! openssl x509 -in "$RUN/smtp/expiring.crt" -noout -checkend $((20 * 86400)) >/dev/null 2>&1; then
    issue_dated_cert expiring "/O=ndrdiag lab/CN=mail.onprem-expiring.com" "DNS:mail.onprem-expiring.com" \
      "$(date -u -d '-1 day' +%Y%m%d%H%M%SZ)" "$(date -u -d '+30 days' +%Y%m%d%H%M%SZ)"
  fi
}

# postfix_base: where the lab's Postfix lives (conf/, queue/, data/,
# maillog). Its sockets (queue/private/proxymap, ...) must fit a unix socket
# path (108 bytes): a long state dir puts it under /tmp instead.
postfix_base() {
  if ((${#RUN} <= 70)); then
    echo "$RUN/postfix"
  else
    echo "/tmp/ndrdiag-lab-$(echo "$RUN" | sha1sum | cut -c1-12)/postfix"
  fi
}

# postfix_pid: the PID of the lab's Postfix master, or nothing. The pid file
# is Postfix's own; the master's environment names our config directory.
postfix_pid() {
  local base f pid
  base="$(postfix_base)"
  f="$base/queue/pid/master.pid"
  [[ -s "$f" ]] || return 0
  pid="$(tr -dc 0-9 <"$f")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qxF "MAIL_CONFIG=$base/conf" && echo "$pid"
  return 0
}

# smtp_banner ADDR: the first line a server sends on the lab SMTP port, or
# nothing within 2 s.
smtp_banner() {
  # shellcheck disable=SC2016  # $1 and $2 are the inner shell's arguments
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2" || exit 1
    IFS= read -r -t 2 line <&3 && printf "%s\n" "${line%$'"'"'\r'"'"'}"
    printf "QUIT\r\n" >&3' _ "$1" "$SMTP_PORT" 2>/dev/null || true
}

smtp_addresses() { grep -Ev '^[[:space:]]*(#|$)' "$LAB_SRC/smtp/hosts.conf" | awk -v net="$NET" '{print net "." $1, $2}'; }

# up_replies: the milter that gives Postfix its RCPT replies verbatim
# (smtp/replies.py, one unix socket per role); restarted when the script or
# recipients.tsv changed.
up_replies() {
  local dir="$RUN/smtp" sock pid sum i
  sock="$(ctl_dir smtp-replies)"
  sum="$( (echo "$sock"; cat "$LAB_SRC/smtp/replies.py" "$LAB_SRC/smtp/recipients.tsv") | sha256sum | cut -c1-16)"
  pid="$(pid_of "$dir/replies.pid" "$dir/replies.pid")"
  if [[ -n "$pid" && "$(cat "$dir/replies.sum" 2>/dev/null)" == "$sum" ]]; then
    log "smtp replies (milter) already running (pid $pid)"
    return 0
  fi
  [[ -n "$pid" ]] && stop_pid "$pid" "smtp replies"
  rm -f "$dir/replies.pid"
  echo "$sum" >"$dir/replies.sum"
  /usr/bin/python3 "$LAB_SRC/smtp/replies.py" --pidfile "$dir/replies.pid" --dir "$sock" \
    --recipients "$LAB_SRC/smtp/recipients.tsv" </dev/null >>"$dir/replies.log" 2>&1 9>&- &
  for ((i = 0; i < START_DEADLINE * 20; i++)); do
    [[ -s "$dir/replies.pid" ]] && break
    kill -0 $! 2>/dev/null || fail_start "smtp replies" "$dir/replies.log" "the process exited"
    sleep 0.05
  done
  [[ -s "$dir/replies.pid" ]] || fail_start "smtp replies" "$dir/replies.log" "no pid file within ${START_DEADLINE}s"
  log "smtp replies (milter) up in $sock (pid $(cat "$dir/replies.pid"))"
}

# up_postfix: renders the configuration, then starts Postfix, reloads it
# when the configuration changed, or leaves it alone.
up_postfix() {
  local base dir stage="$RUN/.stage/postfix" sum pid addr role deadline f
  base="$(postfix_base)"
  dir="$base/conf"
  smtp_certs
  up_replies
  rm -rf "$stage"
  /usr/bin/python3 "$LAB_SRC/smtp/render.py" --net "$NET" --port "$SMTP_PORT" --run "$RUN" --base "$base" \
    --milter-dir "$(ctl_dir smtp-replies)" --out "$stage" || die "smtp/render.py failed (tests/lab/smtp/hosts.conf)"
  sum="$( (cd "$stage" && cat ./*; cat "$RUN/smtp"/*.pem) | sha256sum | cut -c1-16)"
  pid="$(postfix_pid)"
  if [[ -n "$pid" && "$(cat "$dir/config.sum" 2>/dev/null)" == "$sum" ]]; then
    log "postfix already running on port $SMTP_PORT (pid $pid)"
    return 0
  fi
  mkdir -p "$dir" "$base/queue" "$base/data"
  chown postfix "$base/data"
  for f in "$stage"/*; do cp "$f" "$dir/"; done
  # The banner's date: when this configuration was installed.
  echo "lab_banner_date = $(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S +0000')" >>"$dir/main.cf"
  postfix -c "$dir" check >>"$base/postfix.log" 2>&1 ||
    fail_start postfix "$base/maillog" "postfix check rejected $dir"
  if [[ -n "$pid" ]]; then
    postfix -c "$dir" reload >>"$base/postfix.log" 2>&1 ||
      fail_start postfix "$base/maillog" "postfix reload failed"
    log "postfix: configuration changed, reloaded (pid $pid)"
  else
    # fd 9 is the lab lock: a daemon must not inherit it.
    postfix -c "$dir" start </dev/null >>"$base/postfix.log" 2>&1 9>&- ||
      fail_start postfix "$base/maillog" "postfix start failed (see also $base/postfix.log)"
  fi
  echo "$sum" >"$dir/config.sum"
  # Ready when every address sends its banner (a reload replaces the
  # services of a changed master.cf one by one).
  deadline=$((SECONDS + START_DEADLINE))
  while read -r addr role; do
    until [[ "$(smtp_banner "$addr")" == 220* ]]; do
      ((SECONDS < deadline)) || fail_start postfix "$base/maillog" "no 220 banner from $addr:$SMTP_PORT ($role)"
      sleep 0.1
    done
  done < <(smtp_addresses)
  log "postfix up on $(smtp_addresses | wc -l) addresses, port $SMTP_PORT (pid $(postfix_pid))"
}

down_postfix() {
  local pid i base
  pid="$(postfix_pid)"
  [[ -n "$pid" ]] || return 0
  base="$(postfix_base)"
  postfix -c "$base/conf" stop >>"$base/postfix.log" 2>&1 || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || { log "stopped postfix (pid $pid)"; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  log "killed postfix (pid $pid) after 10 s"
}

cmd_up() {
  local started_ns changed=0 name host dirs before flush=""
  started_ns=$(date +%s%N)
  need_tools
  lab_epoch
  while read -r name host dirs; do
    before="$(cat "$RUN/$name/config.sum" 2>/dev/null || true)"
    # shellcheck disable=SC2086  # dirs is a word list
    up_nsd "$name" "$host" $dirs
    [[ "$before" == "$(cat "$RUN/$name/config.sum")" ]] || changed=1
  done < <(instances)
  up_misbehave
  up_postfix
  wait_pending
  # A restarted or reloaded server may have changed data: drop the caches.
  ((changed)) && flush=flush
  up_resolver resolver "$RESOLVER_HOST" allow $flush
  up_resolver resolver-lag "$LAG_RESOLVER_HOST" allow_snoop $flush
  local i
  for i in "${!VALIDATOR_HOSTS[@]}"; do
    up_resolver "resolver-val$((i + 1))" "${VALIDATOR_HOSTS[i]}" allow "${flush:--}" validate
  done
  wait_pending
  seed_lag_cache
  rm -rf "$RUN/.stage"
  log "up in $(( ($(date +%s%N) - started_ns) / 1000000 )) ms; $(cmd_env | tr '\n' ' ')"
}

cmd_down() {
  local f pid dir conf pids=() names=() i j
  [[ -d "$RUN" ]] || { log "nothing running"; return 0; }
  down_postfix
  for f in "$RUN"/*/unbound.pid "$RUN"/*/nsd.pid "$RUN"/misbehave/misbehave.pid "$RUN"/smtp/replies.pid; do
    [[ -e "$f" ]] || continue
    dir="$(dirname "$f")"
    case "$f" in
      */unbound.pid) conf="$dir/unbound.conf" ;;
      */nsd.pid) conf="$dir/nsd.conf" ;;
      *) conf="$f" ;;
    esac
    pid="$(pid_of "$f" "$conf")"
    rm -f "$f"
    [[ -n "$pid" ]] || continue
    # Signal everything first, then wait: NSD takes about a second to exit.
    kill -TERM "$pid" 2>/dev/null || continue
    pids+=("$pid")
    names+=("$(basename "$dir")")
  done
  for ((i = 0; i < ${#pids[@]}; i++)); do
    for ((j = 0; j < 100; j++)); do
      kill -0 "${pids[i]}" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "${pids[i]}" 2>/dev/null; then
      kill -KILL "${pids[i]}" 2>/dev/null || true
      log "killed ${names[i]} (pid ${pids[i]}) after 10 s"
    else
      log "stopped ${names[i]} (pid ${pids[i]})"
    fi
  done
  log "down"
}

status_line() { printf '%-14s %-16s %-8s %s\n' "$@"; }

cmd_status() {
  local name host dirs pid bad=0 zone h mx neg addr role banner
  status_line SERVER ADDRESS PID STATE
  while read -r name host dirs; do
    pid="$(pid_of "$RUN/$name/nsd.pid" "$RUN/$name/nsd.conf")"
    zone="$(awk '$1=="name:"{gsub(/"/,"",$2); print $2; exit}' "$RUN/$name/nsd.conf" 2>/dev/null || true)"
    for h in ${host//,/ }; do
      if [[ -z "$pid" ]]; then
        status_line "$name" "$NET.$h" - stopped; bad=1
      elif answers "$NET.$h" "${zone:-.}" SOA +norec; then
        status_line "$name" "$NET.$h" "$pid" "running, answers"
      else
        status_line "$name" "$NET.$h" "$pid" "running, NOT answering"; bad=1
      fi
    done
  done < <(instances)
  pid="$(pid_of "$RUN/misbehave/misbehave.pid" "$RUN/misbehave/misbehave.pid")"
  while read -r spec; do
    if [[ -z "$pid" ]]; then
      status_line misbehave "${spec%%=*}" - stopped; bad=1
    else
      status_line misbehave "${spec%%=*}" "$pid" "running, ${spec#*=}"
    fi
  done < <(misbehave_specs)
  pid="$(pid_of "$RUN/smtp/replies.pid" "$RUN/smtp/replies.pid")"
  if [[ -z "$pid" ]]; then
    status_line smtp-replies "$(ctl_dir smtp-replies)" - stopped; bad=1
  else
    status_line smtp-replies "$(ctl_dir smtp-replies)" "$pid" "running (the RCPT replies, a milter)"
  fi
  pid="$(postfix_pid)"
  while read -r addr role; do
    if [[ -z "$pid" ]]; then
      status_line postfix "$addr" - stopped; bad=1
    elif banner="$(smtp_banner "$addr")" && [[ "$banner" == 220* ]]; then
      status_line postfix "$addr" "$pid" "running, $role, port $SMTP_PORT: ${banner:0:60}"
    else
      status_line postfix "$addr" "$pid" "running, $role, NO banner on port $SMTP_PORT"; bad=1
    fi
  done < <(smtp_addresses)
  for name in resolver resolver-lag resolver-val1 resolver-val2; do
    case "$name" in
      resolver) host="$RESOLVER_HOST" ;;
      resolver-lag) host="$LAG_RESOLVER_HOST" ;;
      resolver-val*) host="${VALIDATOR_HOSTS[${name#resolver-val} - 1]}" ;;
    esac
    pid="$(pid_of "$RUN/$name/unbound.pid" "$RUN/$name/unbound.conf")"
    if [[ -z "$pid" ]]; then
      status_line "$name" "$NET.$host" - stopped; bad=1
    elif answers "$NET.$host" contoso.com MX; then
      status_line "$name" "$NET.$host" "$pid" "running, resolves contoso.com MX"
    else
      status_line "$name" "$NET.$host" "$pid" "running, NOT resolving"; bad=1
    fi
  done
  pid="$(pid_of "$RUN/resolver-lag/unbound.pid" "$RUN/resolver-lag/unbound.conf")"
  if [[ -n "$pid" ]]; then
    read -r mx neg < <(lag_cache_ttls)
    if ((mx > 0 && neg > 0)); then
      status_line resolver-lag "$NET.$LAG_RESOLVER_HOST" "$pid" "stale cache: old MX ${mx}s, NODATA ${neg}s left"
    else
      status_line resolver-lag "$NET.$LAG_RESOLVER_HOST" "$pid" "stale cache GONE (run lab.sh up)"; bad=1
    fi
  fi
  return "$bad"
}

cmd_env() {
  cat <<EOF
NDRDIAG_LAB_NET=$NET
NDRDIAG_LAB_DIR=$RUN
NDRDIAG_LAB_RESOLVER=$NET.$RESOLVER_HOST:53
NDRDIAG_LAB_LAG_RESOLVER=$NET.$LAG_RESOLVER_HOST:53
NDRDIAG_LAB_VALIDATING_RESOLVERS=$NET.${VALIDATOR_HOSTS[0]}:53,$NET.${VALIDATOR_HOSTS[1]}:53
NDRDIAG_LAB_ALLOW_CIDR=$NET.0.0/16
NDRDIAG_LAB_EOP_CIDR=$NET.$EOP_CIDR_HOST
NDRDIAG_LAB_SMTP_PORT=$SMTP_PORT
NDRDIAG_LAB_SMTP_CA=$RUN/smtp/ca.pem
NDRDIAG_LAB_SMTP_LOG=$(postfix_base)/maillog
EOF
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
}

main() {
  check_net
  local cmd="${1:-}"
  case "$cmd" in
    up | down | status)
      mkdir -p "$RUN"
      exec 9>"$RUN/.lock"
      flock -w 120 9 || die "another lab.sh holds $RUN/.lock"
      "cmd_$cmd"
      ;;
    env) cmd_env ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
