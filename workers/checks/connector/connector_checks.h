// The connector family of the catalogue (shared CHECKS.md §1, rows conn.*):
// Exchange Online inbound and outbound connectors judged from the tenant
// snapshot, and the outbound smart hosts judged from their live DNS answers
// and SMTP sessions (DiagnosisEvidence::smart_hosts).
//
// Conventions of the other families: rules are pure (no I/O, no clock; the
// caller's clock reading is evidence.dns.now), a cause only on WARN/FAIL,
// SKIPPED "no tenant snapshot given" without a snapshot and SKIPPED naming
// the part when the part of the snapshot a rule reads is absent (never a
// guess), INCONCLUSIVE with the reason when live evidence could not be had.
// Message keys are "<check id>.<outcome>" (workers/i18n/catalog_connector.cc).
#ifndef NDRDIAG_WORKERS_CHECKS_CONNECTOR_CONNECTOR_CHECKS_H_
#define NDRDIAG_WORKERS_CHECKS_CONNECTOR_CONNECTOR_CHECKS_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "ndrdiag/v1/check.pb.h"
#include "workers/checks/diagnosis_evidence.h"

namespace ndrdiag {

inline constexpr absl::string_view kCheckConnInboundOnPremExists =
    "conn.inbound.onprem_exists";
inline constexpr absl::string_view kCheckConnInboundCertMatch =
    "conn.inbound.cert_match";
inline constexpr absl::string_view kCheckConnInboundIpMatch =
    "conn.inbound.ip_match";
inline constexpr absl::string_view kCheckConnInboundPartnerLockdown =
    "conn.inbound.partner_lockdown";
inline constexpr absl::string_view kCheckConnOutboundOnPrem =
    "conn.outbound.onprem";
inline constexpr absl::string_view kCheckConnOutboundSmartHostDns =
    "conn.outbound.smarthost_dns";
inline constexpr absl::string_view kCheckConnOutboundSmartHostSmtp =
    "conn.outbound.smarthost_smtp";
inline constexpr absl::string_view kCheckConnOutboundTls = "conn.outbound.tls";

// On-premises relays through Exchange Online (on-premises organization,
// hybrid configuration, an OnPremises outbound connector or an on-premises
// send connector with an EOP smart host): an enabled OnPremises inbound
// connector -> PASS; none, or only disabled ones -> FAIL
// CONNECTOR_MISCONFIGURED (KB2827473 case 2, "#550 5.4.1 Relay Access
// Denied ##"). Nothing says so -> INFO.
v1::CheckResult CheckConnInboundOnPremExists(const DiagnosisEvidence& e);

// OnPremises connectors with TlsSenderCertificateName: the certificate the
// on-premises send connector to EXO names must exist in
// exchangeCertificates (else FAIL HYBRID_CERTIFICATE), one of its names
// must match the connector's name (else FAIL CONNECTOR_MISCONFIGURED,
// 5.7.64 TenantAttribution) and that name must be in an accepted domain
// (else FAIL CONNECTOR_MISCONFIGURED, ATTR36). When the certificate is not
// known (no on-premises part, no TlsCertificateName, no certificates) only
// TlsSenderCertificateName is tested against the accepted domains (FAIL
// ATTR36 when it fails, SKIPPED naming the missing part otherwise).
v1::CheckResult CheckConnInboundCertMatch(const DiagnosisEvidence& e);

// OnPremises connectors with SenderIPAddresses (IPv4, /24 to /32): every
// on-premises egress address inside one of them -> PASS; one outside ->
// FAIL CONNECTOR_MISCONFIGURED (5.7.64); malformed entries -> WARN naming
// them; no egress addresses known -> SKIPPED.
v1::CheckResult CheckConnInboundIpMatch(const DiagnosisEvidence& e);

// An enabled Partner connector restricted to IPs or a certificate whose
// SenderDomains cover an accepted domain of the tenant while the tenant has
// on-premises senders -> WARN CONNECTOR_MISCONFIGURED (5.7.51
// TenantInboundAttribution).
v1::CheckResult CheckConnInboundPartnerLockdown(const DiagnosisEvidence& e);

// The diagnosed domain as an InternalRelay accepted domain needs an enabled
// OnPremises outbound connector covering it (or routing all mail via
// on-premises) with UseMXRecord=false and SmartHosts -> else FAIL
// CONNECTOR_MISCONFIGURED; UseMXRecord=true while the live MX points to EOP
// -> FAIL (mail loop, 5.4.14; an inference). Authoritative -> INFO.
v1::CheckResult CheckConnOutboundOnPrem(const DiagnosisEvidence& e);

// A/AAAA of every SmartHosts entry: addresses -> PASS (IP literals PASS
// with a note); NXDOMAIN/NODATA -> FAIL CONNECTOR_MISCONFIGURED (450
// 4.4.312); no usable answer -> INCONCLUSIVE; a legacy host name or an EOP
// IP literal -> FAIL MX_LEGACY_ENDPOINT (ATTR35).
v1::CheckResult CheckConnOutboundSmartHostDns(const DiagnosisEvidence& e);

// The smart hosts' SMTP sessions: refused (4.4.316), timeout (4.4.315), no
// STARTTLS (4.4.317, "451 5.7.3 STARTTLS is required"), a failed TLS
// handshake, a certificate whose names (RFC 6125: DNS SANs, the CN only
// without them; workers/checks/hybrid/cert_names) do not cover TlsDomain
// under DomainValidation (SubjectMismatch) -> FAIL CONNECTOR_MISCONFIGURED;
// an expired certificate (4.7.320) -> FAIL HYBRID_CERTIFICATE; one that
// expires within 60 days -> WARN HYBRID_CERTIFICATE; blocked by the egress
// policy, rate limited or probing disabled -> INCONCLUSIVE. Every session's
// transcript is evidence.
v1::CheckResult CheckConnOutboundSmartHostSmtp(const DiagnosisEvidence& e);

// Outbound connectors made by the Hybrid Configuration Wizard:
// TlsSettings=DomainValidation, TlsDomain set (and a name of an on-premises
// certificate when that part is given), CloudServicesMailEnabled -> PASS;
// else WARN CONNECTOR_MISCONFIGURED listing what differs.
v1::CheckResult CheckConnOutboundTls(const DiagnosisEvidence& e);

// In catalogue order.
const std::vector<Check>& ConnectorChecks();

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_CHECKS_CONNECTOR_CONNECTOR_CHECKS_H_
