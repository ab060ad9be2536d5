// Internal to workers/checks/hybrid: what every hybrid rule does the same
// way (results of the family, the preconditions on the snapshot) and the
// lookups several rows share (the tenant's routing domain, the send
// connectors to Office 365, the Default Frontend receive connectors).
#ifndef NDRDIAG_WORKERS_CHECKS_HYBRID_HYBRID_SUPPORT_H_
#define NDRDIAG_WORKERS_CHECKS_HYBRID_HYBRID_SUPPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "ndrdiag/v1/check.pb.h"
#include "ndrdiag/v1/tenant.pb.h"
#include "workers/checks/check_result.h"
#include "workers/checks/diagnosis_evidence.h"

namespace ndrdiag::hybrid {

inline constexpr absl::string_view kNoSnapshot = "no tenant snapshot given";
inline constexpr absl::string_view kNoOnPrem =
    "the tenant snapshot has no on-premises part (onPremises)";
inline constexpr absl::string_view kNoExo =
    "the tenant snapshot has no Exchange Online part (exo)";

v1::CheckResult Result(absl::string_view id, absl::string_view outcome,
                       v1::CheckStatus status, const MessageArgs& args,
                       v1::RootCause cause = v1::ROOT_CAUSE_UNSPECIFIED);
v1::CheckResult Skipped(absl::string_view id, const std::string& why);

// SKIPPED without a snapshot or without its on-premises part.
std::optional<v1::CheckResult> SkipWithoutOnPrem(absl::string_view id,
                                                 const DiagnosisEvidence& e);

// Why the snapshot says the tenant is hybrid (English); empty when nothing
// does: Get-HybridConfiguration, Get-OnPremisesOrganization, an OnPremises
// outbound connector, a send connector to Exchange Online.
std::vector<std::string> HybridReasons(const v1::TenantSnapshot& snapshot);
// INFO "<id>.info_not_hybrid" when nothing says hybrid; nullopt otherwise.
std::optional<v1::CheckResult> InfoWhenNotHybrid(absl::string_view id,
                                                 const DiagnosisEvidence& e);

// "<t>.mail.onmicrosoft.com": from the initial domain, else the first such
// name in the hybrid configuration, on-premises accepted domains or send
// connector address spaces; "" when the snapshot does not tell.
std::string RoutingDomain(const v1::TenantSnapshot& snapshot);

// Enabled send connectors to Office 365: named "Outbound to Office 365*",
// an address space under mail.onmicrosoft.com, an EOP smart host or
// CloudServicesMailEnabled.
std::vector<const v1::SendConnector*> SendConnectorsToO365(
    const v1::OnPremisesSnapshot& on_prem);

// Receive connectors named "Default Frontend *" (Name or Identity) with
// TransportRole FrontendTransport.
std::vector<const v1::ReceiveConnector*> FrontendConnectors(
    const v1::OnPremisesSnapshot& on_prem);

// The certificate the hybrid set-up should use: Get-HybridConfiguration's
// TlsCertificateName, else the first send connector to Office 365's; ""
// when none.
std::string HybridCertificateName(const v1::OnPremisesSnapshot& on_prem);

// "Property: value → expected", the form every list of differences uses.
std::string Differs(absl::string_view property, absl::string_view value,
                    absl::string_view expected);

// "a; b; c" ("(none)" when empty).
std::string JoinItems(const std::vector<std::string>& items);

// Lower case, trailing dot and "smtp:"/";cost" decorations dropped.
std::string NormalizeEntry(absl::string_view entry);

}  // namespace ndrdiag::hybrid

#endif  // NDRDIAG_WORKERS_CHECKS_HYBRID_HYBRID_SUPPORT_H_
