// The whole dns family of the catalogue (shared CHECKS.md §1) as pure rules
// over DnsEvidence, and the table the diagnosis job runs them from.
//
// Conventions are those of mx_rules.h: no I/O, no clock (the caller's clock
// reading is DnsEvidence::now), INCONCLUSIVE with the reason naming the
// servers when a check could not be made, SKIPPED when its subject or input
// does not exist, a cause only on WARN/FAIL.
//
// Secondary findings (dns.spf.o365, dns.autodiscover, dns.dkim.selectors)
// name SPF_MISCONFIGURED / AUTODISCOVER_MISSING or no cause; the verdict never
// ranks them as the cause of a 5.4.1 (see workers/verdict/verdict.h).
#ifndef NDRDIAG_WORKERS_CHECKS_DNS_DNS_CHECKS_H_
#define NDRDIAG_WORKERS_CHECKS_DNS_DNS_CHECKS_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "ndrdiag/v1/check.pb.h"
#include "workers/checks/dns/mx_rules.h"
#include "workers/checks/dns/zone_evidence.h"

namespace ndrdiag {

inline constexpr absl::string_view kCheckMxIpInEop = "dns.mx.ip_in_eop";
inline constexpr absl::string_view kCheckMxPriority = "dns.mx.priority";
inline constexpr absl::string_view kCheckDnssecMxMicrosoft =
    "dns.dnssec.mx_microsoft";
inline constexpr absl::string_view kCheckVerificationTxt =
    "dns.verification.txt";
inline constexpr absl::string_view kCheckSpfO365 = "dns.spf.o365";
inline constexpr absl::string_view kCheckAutodiscover = "dns.autodiscover";
inline constexpr absl::string_view kCheckDkimSelectors = "dns.dkim.selectors";
inline constexpr absl::string_view kCheckAuthReachable = "dns.auth.reachable";
inline constexpr absl::string_view kCheckSoaSerialConsistency =
    "dns.soa.serial_consistency";
inline constexpr absl::string_view kCheckNsDelegationMatch =
    "dns.ns.delegation_match";
inline constexpr absl::string_view kCheckPropagationRecursive =
    "dns.propagation.recursive";

// dns.mx.target_format with the tenant snapshot (snapshot_rules.cc); the
// MxEvidence form (mx_rules.h) without one. A target equal to
// serviceConfigurationRecords[Mx].mailExchange or the ExpectedMxRecord
// target -> PASS, another -> FAIL MX_INCORRECT, except non-EOP targets of
// an InternalRelay accepted domain -> INFO (third-party filter or
// on-premises MX). Without an expected MX in the snapshot, the
// snapshot-less judgement with the accepted-domain type applied.
v1::CheckResult CheckMxTargetFormat(const DnsEvidence& evidence);

// Every resolved address of every MX target inside the EOP ranges -> PASS;
// an address outside while the target is not an EOP name -> FAIL
// MX_INCORRECT (Authoritative accepted domain assumed, as in
// dns.mx.target_format), INFO when the snapshot says InternalRelay; an EOP
// name resolving outside the ranges -> WARN without a cause (the range list
// may be out of date).
v1::CheckResult CheckMxIpInEop(const DnsEvidence& evidence);

// DNSSEC MX (*.mx.microsoft) with preference != 10 (or != the snapshot's
// ExpectedMxRecord preference) -> WARN MX_INCORRECT; classic EXO MX that is
// not the lowest preference -> WARN MX_INCORRECT; the documented cut-over
// pair -> INFO; no EXO MX -> SKIPPED.
v1::CheckResult CheckMxPriority(const DnsEvidence& evidence);

// Only for *.mx.microsoft targets: AD=1 on the MX answer from >= 2 (or all)
// validating panel resolvers -> PASS; validating resolvers fail (SERVFAIL)
// while others answer -> FAIL MX_INCORRECT (bogus); no panel resolver set AD
// on anything -> INCONCLUSIVE "no validating resolver in the panel".
v1::CheckResult CheckDnssecMxMicrosoft(const DnsEvidence& evidence);

// Needs the snapshot (SKIPPED without it). Graph isVerified -> INFO; not
// verified: the apex TXT equal to verificationDnsRecords[Txt].text -> PASS;
// the value without its "MS=" prefix, another MS= value, or none -> FAIL
// DOMAIN_NOT_VERIFIED.
v1::CheckResult CheckVerificationTxt(const DnsEvidence& evidence);

// One v=spf1 TXT including spf.protection.outlook.com with <= 10 lookup
// terms -> PASS; none / no include -> WARN, several / > 10 -> FAIL, both
// SPF_MISCONFIGURED (a secondary finding).
v1::CheckResult CheckSpfO365(const DnsEvidence& evidence);

// CNAME autodiscover.<d> -> autodiscover.outlook.com (or the 21Vianet name)
// -> PASS; another target or no CNAME on an existing name -> INFO; the name
// does not exist -> WARN AUTODISCOVER_MISSING.
v1::CheckResult CheckAutodiscover(const DnsEvidence& evidence);

// selector1/2._domainkey.<d> CNAMEs to Microsoft's DKIM names -> PASS; one
// or both missing -> INFO; pointing elsewhere -> WARN (no cause).
v1::CheckResult CheckDkimSelectors(const DnsEvidence& evidence);

// Every address of every NS of the parent and child sets answers SOA with
// AA=1 -> PASS; timeout (while another server answered), REFUSED, SERVFAIL,
// non-AA, NXDOMAIN or a name server without address -> FAIL
// DNS_LAME_DELEGATION naming them; not asked (egress policy) or no server
// answered at all -> INCONCLUSIVE naming them.
v1::CheckResult CheckAuthReachable(const DnsEvidence& evidence);

// SOA serials of all authoritative addresses (RFC 1982): equal -> PASS;
// differ and the newest change is younger than REFRESH+RETRY (or its age is
// unknown) -> WARN "catching up"; older than 2 x REFRESH or EXPIRE -> FAIL
// DNS_INCONSISTENT_AUTHORITATIVE; between -> WARN. Names every server and
// serial.
v1::CheckResult CheckSoaSerialConsistency(const DnsEvidence& evidence);

// MX, TXT and the autodiscover CNAME across all authoritative addresses:
// equal -> PASS (INFO when the recursive MX differs: see propagation);
// different data with equal serials -> FAIL DNS_INCONSISTENT_AUTHORITATIVE;
// with different serials -> WARN (the SOA check judges the gap).
v1::CheckResult CheckZoneRrsetConsistency(const DnsEvidence& evidence);

// Parent delegation NS set vs the child's apex NS set: equal -> PASS; differ
// -> WARN; servers only in the child set serve another MX than the delegated
// ones -> FAIL DNS_INCONSISTENT_AUTHORITATIVE.
v1::CheckResult CheckNsDelegationMatch(const DnsEvidence& evidence);

// The authoritative servers agree; panel resolvers that return another MX
// answer -> WARN DNS_PROPAGATION with the ETA (max remaining TTL; RFC 2308
// negative TTL for cached NODATA/NXDOMAIN); stale beyond TTL + 72 h after
// the change -> FAIL DNS_INCONSISTENT_AUTHORITATIVE (not propagation).
v1::CheckResult CheckPropagationRecursive(const DnsEvidence& evidence);

// A check of the family: its id, the evidence stages it needs (MxStage and
// ZoneStage bits) and its rule.
struct DnsCheck {
  absl::string_view id;
  uint32_t needs;
  v1::CheckResult (*rule)(const DnsEvidence&);
};
// In catalogue order.
const std::vector<DnsCheck>& DnsChecks();

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_CHECKS_DNS_DNS_CHECKS_H_
