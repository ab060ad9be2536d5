// The hybrid family of the catalogue (shared CHECKS.md §1, rows hybrid.*):
// the on-premises side of an Exchange hybrid deployment (what the Hybrid
// Configuration Wizard creates, KB2827473) judged from the on-premises part
// of the tenant snapshot, and, where a row asks for it, from the live
// sessions with the on-premises smart host (DiagnosisEvidence::smart_hosts).
//
// Conventions of the other families: rules are pure (the caller's clock is
// evidence.dns.now), a cause only on WARN/FAIL, SKIPPED "no tenant snapshot
// given" without a snapshot and SKIPPED naming the part when the part a rule
// reads is absent (never a guess); a tenant that is not hybrid gets INFO.
// Message keys are "<check id>.<outcome>" (workers/i18n/catalog_hybrid.cc).
// Lists of what differs are written as "Property: value → expected", so
// they read the same in every locale.
#ifndef NDRDIAG_WORKERS_CHECKS_HYBRID_HYBRID_CHECKS_H_
#define NDRDIAG_WORKERS_CHECKS_HYBRID_HYBRID_CHECKS_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "ndrdiag/v1/check.pb.h"
#include "workers/checks/diagnosis_evidence.h"

namespace ndrdiag {

inline constexpr absl::string_view kCheckHybridSendConnToO365 =
    "hybrid.sendconn.to_o365";
inline constexpr absl::string_view kCheckHybridSendConnCert =
    "hybrid.sendconn.cert";
inline constexpr absl::string_view kCheckHybridSendConnInternetViaEop =
    "hybrid.sendconn.internet_via_eop";
inline constexpr absl::string_view kCheckHybridRecvConnFrontend =
    "hybrid.recvconn.frontend";
inline constexpr absl::string_view kCheckHybridConfigConsistency =
    "hybrid.config.consistency";
inline constexpr absl::string_view kCheckHybridCoexistenceDomain =
    "hybrid.coexistence_domain";
inline constexpr absl::string_view kCheckHybridTargetAddress =
    "hybrid.targetaddress";
inline constexpr absl::string_view kCheckHybridOnPremAcceptsDomains =
    "hybrid.onprem.accepts_domains";

// The send connector to Office 365 ("Outbound to Office 365 - <guid>", else
// one with the <t>.mail.onmicrosoft.com address space or an EOP smart
// host): Enabled, the routing-domain address space, DNS routing or an EOP
// smart host, RequireTLS, TlsAuthLevel DomainValidation (TlsDomain
// mail.protection.outlook.com) or CertificateValidation. Missing
// TlsCertificateName or CloudServicesMailEnabled -> FAIL; the rest -> WARN;
// no such connector -> FAIL (HYBRID_SEND_CONNECTOR).
v1::CheckResult CheckHybridSendConnToO365(const DiagnosisEvidence& e);

// The TlsCertificateName of the send connectors to Office 365: malformed or
// naming no installed certificate -> FAIL (454 4.7.5); NotAfter past ->
// FAIL; within 60 days of now -> WARN (HYBRID_CERTIFICATE).
v1::CheckResult CheckHybridSendConnCert(const DiagnosisEvidence& e);

// Send connectors with the "*" address space that relay through a smart
// host: a legacy endpoint or an EOP IP literal -> FAIL MX_LEGACY_ENDPOINT
// (ATTR35); an EOP host other than <d->/<t>.mail.protection.outlook.com ->
// WARN CONNECTOR_MISCONFIGURED; none relaying through EOP -> INFO.
v1::CheckResult CheckHybridSendConnInternetViaEop(const DiagnosisEvidence& e);

// "Default Frontend <server>" receive connectors: the hybrid certificate,
// TlsDomainCapabilities mail.protection.outlook.com:AcceptCloudServicesMail,
// AnonymousUsers, Tls; and the on-premises smart host's live certificate
// matching the EXO connector's TlsDomain (4.4.317 SubjectMismatch) -> else
// WARN HYBRID_RECEIVE_CONNECTOR.
v1::CheckResult CheckHybridRecvConnFrontend(const DiagnosisEvidence& e);

// Get-HybridConfiguration agrees with the connectors it describes: one
// TlsCertificateName everywhere, OnPremisesSmartHost among the EXO
// OnPremises connectors' SmartHosts, Domains covering HybridDomains, the
// on-premises organization naming existing enabled connectors -> else WARN
// CONNECTOR_MISCONFIGURED.
v1::CheckResult CheckHybridConfigConsistency(const DiagnosisEvidence& e);

// The <t>.mail.onmicrosoft.com routing domain on-premises: accepted domain,
// remote domain with TargetDeliveryDomain, an address policy template, and
// its MX resolves (DiagnosisEvidence::routing_domain_mx; NXDOMAIN or no MX)
// -> else FAIL HYBRID_ROUTING_DOMAIN.
v1::CheckResult CheckHybridCoexistenceDomain(const DiagnosisEvidence& e);

// Every remote mailbox's RemoteRoutingAddress ends @<t>.mail.onmicrosoft.com
// and is a proxy of the Exchange Online mailbox (when the snapshot has it)
// -> else FAIL HYBRID_ROUTING_DOMAIN.
v1::CheckResult CheckHybridTargetAddress(const DiagnosisEvidence& e);

// Every domain Exchange Online routes to on-premises (OnPremises outbound
// connectors' RecipientDomains; with RouteAllMessagesViaOnPremises the
// hybrid domains) is an on-premises accepted domain, and no smart-host
// reply says "5.7.54 ... non-accepted domain" -> else FAIL
// HYBRID_RECEIVE_CONNECTOR.
v1::CheckResult CheckHybridOnPremAcceptsDomains(const DiagnosisEvidence& e);

// In catalogue order.
const std::vector<Check>& HybridChecks();

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_CHECKS_HYBRID_HYBRID_CHECKS_H_
