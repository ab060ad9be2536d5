// The MX family of checks as pure rules: MxEvidence -> v1::CheckResult.
//
// One function per check id; each reads like its row of the catalogue
// (shared CHECKS.md §1, with the facts of §0). Rules do no I/O and read no
// clock: the same evidence always gives the same result, which is what the
// unit tests rely on.
//
// Conventions every rule follows:
//  - A check that could not be made is INCONCLUSIVE with the reason (never a
//    FAIL of the customer's set-up, never a PASS); a check whose subject does
//    not exist (no MX records to judge) is SKIPPED with the reason.
//  - Names are matched case-insensitively with the trailing dot ignored.
//  - Every result carries the exchanges it was decided on, a message key with
//    its arguments, and (WARN/FAIL only) the root cause it supports. Texts
//    are filled in later from the catalogue (workers/i18n/catalog.h).
//
// Which view: dns.mx.present prefers the authoritative servers' answers when
// any were obtained (they are the truth about the zone) and says which view
// it used; the record checks judge the recursive answer, which is what
// sending servers act on.
#ifndef NDRDIAG_WORKERS_CHECKS_DNS_MX_RULES_H_
#define NDRDIAG_WORKERS_CHECKS_DNS_MX_RULES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "ndrdiag/v1/check.pb.h"
#include "workers/checks/dns/mx_evidence.h"

namespace ndrdiag {

inline constexpr absl::string_view kCheckMxPresent = "dns.mx.present";
inline constexpr absl::string_view kCheckMxSingleRecord =
    "dns.mx.single_record";
inline constexpr absl::string_view kCheckMxTargetFormat =
    "dns.mx.target_format";
inline constexpr absl::string_view kCheckMxLegacyTarget =
    "dns.mx.legacy_target";
inline constexpr absl::string_view kCheckMxTargetResolves =
    "dns.mx.target_resolves";
inline constexpr absl::string_view kCheckRrsetAuthConsistency =
    "dns.rrset.auth_consistency";

// NXDOMAIN -> FAIL DOMAIN_NOT_FOUND; NODATA or a null MX -> FAIL MX_MISSING;
// authoritative servers split between MX and none -> WARN
// DNS_INCONSISTENT_AUTHORITATIVE; the authoritative servers publish MX but
// the recursive resolver answers NODATA/NXDOMAIN -> INFO (a cached negative
// answer: dns.propagation.recursive judges it); records -> PASS.
v1::CheckResult CheckMxPresent(const MxEvidence& evidence);

// Exactly one MX -> PASS. More than one with any at EXO/EOP -> FAIL
// MX_MULTIPLE, except exactly {...mail.protection.outlook.com,
// ...mx.microsoft} -> WARN (the documented DNSSEC cut-over state). More than
// one with none at EOP -> INFO.
v1::CheckResult CheckMxSingleRecord(const MxEvidence& evidence);

// Without a tenant snapshot: an EXO-form target with token <d-> -> PASS;
// another token -> WARN MX_INCORRECT; no EXO target -> FAIL MX_INCORRECT
// (the catalogue's FAIL for an Authoritative accepted domain, the default
// type; INFO for InternalRelay needs a snapshot).
v1::CheckResult CheckMxTargetFormat(const MxEvidence& evidence);

// A legacy EOP endpoint or an IP literal as target -> FAIL
// MX_LEGACY_ENDPOINT.
v1::CheckResult CheckMxLegacyTarget(const MxEvidence& evidence);

// A target with NXDOMAIN or no address -> FAIL MX_TARGET_UNRESOLVABLE; a
// CNAME target -> WARN; timeouts/SERVFAIL without an address ->
// INCONCLUSIVE.
v1::CheckResult CheckMxTargetResolves(const MxEvidence& evidence);

// The MX-only form over MxEvidence (kept for MxChecks() and its tests); the
// diagnosis runs the zone form, CheckZoneRrsetConsistency (dns_checks.h),
// which compares MX, TXT and CNAME over every authoritative address.
// Reachable authoritative servers agree and match the
// recursive answer -> PASS; they differ -> WARN
// DNS_INCONSISTENT_AUTHORITATIVE; they agree but the recursive answer
// differs -> INFO; none could be asked -> INCONCLUSIVE.
v1::CheckResult CheckRrsetAuthConsistency(const MxEvidence& evidence);

// A check of the family: its id, the evidence stages it needs (MxStage
// bits) and its rule.
struct MxCheck {
  absl::string_view id;
  uint32_t needs;
  v1::CheckResult (*rule)(const MxEvidence&);
};
// The MX subset, in catalogue order. The diagnosis job runs DnsChecks()
// (dns_checks.h), the whole dns family.
const std::vector<MxCheck>& MxChecks();

// "contoso-com" for "contoso.com" (the <d-> of CHECKS.md).
std::string ExoToken(absl::string_view domain);

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_CHECKS_DNS_MX_RULES_H_
