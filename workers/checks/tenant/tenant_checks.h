// The tenant family of the catalogue (shared CHECKS.md §1, rows tenant.*)
// as pure rules over DiagnosisEvidence, and the table the diagnosis job runs
// them from.
//
// Conventions are those of the DNS rules (workers/checks/dns/mx_rules.h):
// no I/O, no clock (DiagnosisEvidence::dns.now is the caller's reading), a
// cause only on WARN/FAIL. Every rule is SKIPPED "no tenant snapshot given"
// without a snapshot, and SKIPPED naming the part when the snapshot lacks
// the part it reads (an export without it says nothing either way). Rules
// that compare the snapshot with live DNS say how old the snapshot is
// (message args captured_at / snapshot_age).
#ifndef NDRDIAG_WORKERS_CHECKS_TENANT_TENANT_CHECKS_H_
#define NDRDIAG_WORKERS_CHECKS_TENANT_TENANT_CHECKS_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "ndrdiag/v1/check.pb.h"
#include "workers/checks/diagnosis_evidence.h"

namespace ndrdiag {

inline constexpr absl::string_view kCheckTenantDomainVerified =
    "tenant.domain.verified";
inline constexpr absl::string_view kCheckTenantDomainEmailService =
    "tenant.domain.email_service";
inline constexpr absl::string_view kCheckTenantDomainAccepted =
    "tenant.domain.accepted";
inline constexpr absl::string_view kCheckTenantDomainType =
    "tenant.domain.type";
inline constexpr absl::string_view kCheckTenantDnsRecordsMatch =
    "tenant.dns_records_match";
inline constexpr absl::string_view kCheckTenantDnssecStatus =
    "tenant.dnssec.status";
inline constexpr absl::string_view kCheckTenantServiceHealth =
    "tenant.service_health";
inline constexpr absl::string_view kCheckTenantRecipientDbeb =
    "tenant.recipient.dbeb";

// Graph isVerified -> PASS; false -> FAIL DOMAIN_NOT_VERIFIED; the domain is
// not among graph.domains -> FAIL DOMAIN_NOT_VERIFIED ("not added").
v1::CheckResult CheckTenantDomainVerified(const DiagnosisEvidence& evidence);

// supportedServices has Email or EmailInternalRelayOnly -> PASS; neither ->
// FAIL DOMAIN_NOT_ACCEPTED (the EXO effect is unconfirmed, and said).
v1::CheckResult CheckTenantDomainEmailService(
    const DiagnosisEvidence& evidence);

// An accepted domain covers the domain (MatchSubDomains honoured) -> PASS;
// none -> FAIL DOMAIN_NOT_ACCEPTED (mentions ~1 h replication).
v1::CheckResult CheckTenantDomainAccepted(const DiagnosisEvidence& evidence);

// Authoritative with on-premises recipients (see OnPremisesSignals) -> FAIL
// ACCEPTED_DOMAIN_TYPE; InternalRelay for a cloud-only tenant (no OnPremises
// outbound connector, no hybrid) -> WARN ACCEPTED_DOMAIN_TYPE; the matching
// pairs -> PASS; InternalRelay with an OnPremises connector that does not
// route the domain, or another type -> INFO.
v1::CheckResult CheckTenantDomainType(const DiagnosisEvidence& evidence);

// Each non-optional serviceConfigurationRecords entry of the domain against
// live DNS: Mx vs the recursive MX answer (missing -> FAIL MX_INCORRECT), the
// apex SPF TXT (-> WARN SPF_MISCONFIGURED) and the autodiscover CNAME (-> WARN
// AUTODISCOVER_MISSING) vs the zone evidence. Records without live evidence
// are listed as not compared; INCONCLUSIVE when nothing could be compared.
v1::CheckResult CheckTenantDnsRecordsMatch(const DiagnosisEvidence& evidence);

// DnssecFeatureStatus Enabled: MxValidation.Status Valid and the live MX
// holding ExpectedMxRecord (target and preference) -> PASS; the live MX
// without its target, or with it at another preference -> FAIL
// MX_INCORRECT; the documented cut-over pair -> INFO; Valid missing while
// the live MX matches -> WARN MX_INCORRECT (the status may predate a fix).
// Not Enabled -> INFO.
v1::CheckResult CheckTenantDnssecStatus(const DiagnosisEvidence& evidence);

// The Exchange Online health overview: serviceOperational -> PASS;
// degradation, interruption, investigating, restoringService,
// extendedRecovery -> WARN SERVICE_INCIDENT listing the open issues; other
// states -> INFO; no serviceHealth in the snapshot -> SKIPPED.
v1::CheckResult CheckTenantServiceHealth(const DiagnosisEvidence& evidence);

// With a recipient address and exo.recipients: the address is a proxy of an
// EXO recipient -> PASS; else FAIL RECIPIENT_NOT_FOUND, with the sub-reason
// when the on-premises part knows the address (dynamic DG, mail-enabled
// public folder, not synced).
v1::CheckResult CheckTenantRecipientDbeb(const DiagnosisEvidence& evidence);

// In catalogue order.
const std::vector<Check>& TenantChecks();

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_CHECKS_TENANT_TENANT_CHECKS_H_
