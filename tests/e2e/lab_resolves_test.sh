#!/usr/bin/env bash
# Proves the DNS lab answers as designed (tests/lab/README.md): every sample
# domain's MX set or NXDOMAIN through the lab's resolver, the MX targets'
# addresses, and real referrals between separate authoritative servers.
# Needs only the lab, not the ndrdiag binaries.
# shellcheck source=tests/e2e/stack.sh
source "$(dirname "$0")/stack.sh"
stack_init lab_resolves --lab-only
R="$LAB_RESOLVER_IP"

while IFS=$'\t' read -r domain rcode mxset target_rcode _cause; do
  expect_eq "$(dig_rcode "$R" "$domain" MX)" "$rcode" "$domain MX rcode"
  got="$(dig +short +time=2 +tries=2 @"$R" "$domain" MX | sort -n | paste -sd';' -)"
  expect_eq "${got:--}" "$mxset" "$domain MX set"
  [[ "$mxset" == - ]] && continue
  IFS=';' read -ra mxs <<<"$mxset"
  for mx in "${mxs[@]}"; do
    target="${mx#* }"
    expect_eq "$(dig_rcode "$R" "$target" A)" "$target_rcode" "$target A rcode"
    if [[ "$target_rcode" == NOERROR ]]; then
      addrs="$(dig +short +time=2 +tries=2 @"$R" "$target" A | grep -E '^[0-9.]+$')"
      expect_true "$target has addresses only inside $LAB_ALLOW_CIDR" \
        test -n "$addrs" -a -z "$(grep -v "^${LAB_NET//./\\.}\." <<<"$addrs")"
    fi
  done
done < <(samples)

# Referrals, not answers, from the upper servers; answers from the lowest.
out="$(dig +norec +time=2 @"$LAB_NET.0.1" contoso.com MX)"
expect_true "root refers com. to a.gtld-servers.net" \
  grep -qE '^com\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+NS[[:space:]]+a\.gtld-servers\.net\.' <<<"$out"
expect_true "root's referral is not authoritative" bash -c '! grep -q "flags:.* aa" <<<"$1"' _ "$out"
out="$(dig +norec +time=2 @"$LAB_NET.0.2" contoso.com MX)"
expect_contains "$out" "ns1.dnshost.net." "com. refers contoso.com to dnshost.net"
a="$(dig +norec +short +time=2 @"$LAB_NET.0.4" contoso.com MX)"
b="$(dig +norec +short +time=2 @"$LAB_NET.0.5" contoso.com MX)"
expect_eq "$a" "0 contoso-com.mail.protection.outlook.com." "ns1.dnshost.net answers contoso.com MX"
expect_eq "$b" "$a" "ns2.dnshost.net answers the same"
expect_eq "$(dig +short +time=2 @"$LAB_NET.0.5" CH TXT id.server)" '"customer-b"' "id.server names the instance"
expect_eq "$(dig_rcode "$LAB_NET.0.2" nosuchdomain-contoso.com MX +norec)" NXDOMAIN "com. itself says NXDOMAIN"
expect_contains "$(dig +norec +time=2 @"$LAB_NET.0.2" egresscanary.com MX)" "$LAB_NET.0.99" \
  "egresscanary.com is delegated to the canary address"

# The scenario lab (tests/lab/scenarios.tsv): every scenario domain exists
# (NXDOMAIN only where the domain is meant not to), servers that disagree,
# the lagging resolver, the misbehaving servers.
N="$LAB_NET"
while IFS=$'\t' read -r domain _ cause _; do
  domain="${domain%%+*}" # domain+variant: another row of the same domain
  # Every server of all-ns-dead.com is silent: the resolver only gives up.
  [[ "$domain" == all-ns-dead.com ]] && continue
  want=NOERROR
  [[ "$cause" == DOMAIN_NOT_FOUND ]] && want=NXDOMAIN
  expect_eq "$(dig_rcode "$R" "$domain" MX)" "$want" "scenario $domain MX rcode"
done < <(grep -v '^#' "$REPO/tests/lab/scenarios.tsv")
expect_eq "$(dig +short +time=2 @"$R" propagating.com MX)" "0 propagating-com.mail.protection.outlook.com." \
  "the main resolver has the new propagating.com MX"
lag="$(dig +time=2 @"$N.0.54" propagating.com MX)"
expect_true "the lagging resolver still serves the old propagating.com MX with > 9 h left" \
  awk '$4=="MX" && $6=="mail.propagating.com." && $2 > 32400 {f=1} END {exit !f}' <<<"$lag"
lag="$(dig +time=2 @"$N.0.54" negative-cache.com MX)"
expect_true "the lagging resolver still has NODATA cached for negative-cache.com MX" \
  bash -c 'grep -q "ANSWER: 0," <<<"$1" && grep -q "IN[[:space:]]*SOA" <<<"$1"' _ "$lag"
expect_eq "$(dig +short +norec +time=2 @"$N.0.4" auth-split.com SOA | cut -d' ' -f3)" 2024060102 "auth-split.com serial at ns1"
expect_eq "$(dig +short +norec +time=2 @"$N.0.5" auth-split.com SOA | cut -d' ' -f3)" 2024053001 "auth-split.com serial at ns2"
expect_eq "$(dig +short +norec +time=2 @"$N.0.6" wrong-provider.com MX)" "0 wrong-provider-com.mail.protection.outlook.com." \
  "the undelegated DNS host serves the new wrong-provider.com MX"
expect_eq "$(dig +short +norec +time=2 @"$N.0.4" wrong-provider.com MX)" "10 mail.wrong-provider.com." \
  "the delegated DNS host serves the old one"
expect_eq "$(dig_rcode "$N.0.61" lame-refused.com SOA +norec)" REFUSED "ns-refused answers REFUSED"
expect_eq "$(dig_rcode "$N.0.63" lame-servfail.com SOA +norec)" SERVFAIL "ns-servfail answers SERVFAIL"
out="$(dig +norec +time=2 @"$N.0.62" lame-nonaa.com SOA)"
expect_true "ns-nonaa answers the SOA without AA" \
  bash -c 'grep -q "status: NOERROR" <<<"$1" && grep -q "ANSWER: 1," <<<"$1" && ! grep -q "flags:.* aa" <<<"$1"' _ "$out"
expect_eq "$(dig_rcode "$N.0.60" lame-ns.com SOA +norec +time=1 +tries=1)" NONE "ns-silent never answers"
# The validating resolvers: AD for a good *.mx.microsoft name, SERVFAIL for
# the one name lab.sh made bogus, which the non-validating resolver serves.
for v in "$N.0.55" "$N.0.56"; do
  out="$(dig +dnssec +time=2 @"$v" contoso-com.e-v1.mx.microsoft A)"
  expect_true "$v validates contoso-com.e-v1.mx.microsoft (AD)" \
    bash -c 'grep -q "status: NOERROR" <<<"$1" && grep -q "flags:.* ad" <<<"$1"' _ "$out"
  expect_eq "$(dig_rcode "$v" mx-dane-bogus-com.e-v1.mx.microsoft A)" SERVFAIL \
    "$v answers SERVFAIL for the bogus mx-dane-bogus-com.e-v1.mx.microsoft"
done
expect_eq "$(dig_rcode "$R" mx-dane-bogus-com.e-v1.mx.microsoft A)" NOERROR \
  "the non-validating resolver serves the bogus name"

stack_finish
