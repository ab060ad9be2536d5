// Reading a tenant snapshot (proto/ndrdiag/v1/tenant.proto) the way the
// rules need it: which Graph domain, accepted domain and DNSSEC status
// belong to a domain, the tenant's initial domain, whether the domain has
// recipients on-premises, and how old the snapshot is.
//
// Every lookup compares names case-insensitively with the trailing dot
// ignored (RFC 4343). Accepted domains honour MatchSubDomains (and the
// "*.contoso.com" form): an exact entry wins over the closest parent that
// matches subdomains. Pure functions; returned pointers point into the
// snapshot and live as long as it does.
#ifndef NDRDIAG_WORKERS_CHECKS_TENANT_SNAPSHOT_LOOKUP_H_
#define NDRDIAG_WORKERS_CHECKS_TENANT_SNAPSHOT_LOOKUP_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "ndrdiag/v1/check.pb.h"
#include "ndrdiag/v1/tenant.pb.h"
#include "workers/checks/check_result.h"
#include "workers/checks/dns/dns_answers.h"

namespace ndrdiag::tenant {

// The Graph domain for `domain`. When there is no entry of its own but an
// accepted domain covers it through MatchSubDomains, the parent's Graph
// domain (via_parent = true): that is the one whose verification counts.
struct GraphDomainMatch {
  const v1::GraphDomain* domain = nullptr;
  bool via_parent = false;
};
GraphDomainMatch FindGraphDomain(const v1::TenantSnapshot& snapshot,
                                 absl::string_view domain);

// The EXO accepted domain for `domain` (exo.acceptedDomains); domain ==
// nullptr when none covers it. via_subdomain: matched by a parent with
// MatchSubDomains (or a "*." name).
struct AcceptedDomainMatch {
  const v1::AcceptedDomain* domain = nullptr;
  bool via_subdomain = false;
};
AcceptedDomainMatch FindAcceptedDomain(const v1::TenantSnapshot& snapshot,
                                       absl::string_view domain);
// Same, over any list of accepted domains (the on-premises one too).
AcceptedDomainMatch FindAcceptedDomainIn(
    const google::protobuf::RepeatedPtrField<v1::AcceptedDomain>& list,
    absl::string_view domain);

enum class DomainType { kNotAccepted, kAuthoritative, kInternalRelay, kOther };
// The DomainType of the accepted domain covering `domain` (kNotAccepted when
// none does; kOther for ExternalRelay or an unknown string).
DomainType AcceptedDomainType(const v1::TenantSnapshot& snapshot,
                              absl::string_view domain);
// True only when a snapshot is given and says InternalRelay for `domain`.
bool IsInternalRelay(const v1::TenantSnapshot* snapshot,
                     absl::string_view domain);

// Get-DnssecStatusForVerifiedDomain output for `domain`, or nullptr.
const v1::DnssecStatus* FindDnssecStatus(const v1::TenantSnapshot& snapshot,
                                         absl::string_view domain);
// DnssecFeatureStatus == "Enabled" (case-insensitive).
bool DnssecEnabled(const v1::DnssecStatus& status);

// "@ 60 IN MX 10 contoso-com.e-v1.mx.microsoft" -> {10, target}; nullopt
// when the text has no "MX <preference> <target>" part.
std::optional<MxRecord> ParseExpectedMx(absl::string_view record);
// The ExpectedMxRecord of `domain`'s DNSSEC status, parsed, or nullopt.
std::optional<MxRecord> ExpectedDnssecMx(const v1::TenantSnapshot& snapshot,
                                         absl::string_view domain);

// The Graph serviceConfigurationRecords entry of type Mx for `domain`'s
// Graph domain (mail_exchange normalised into target), or nullopt.
std::optional<MxRecord> GraphMx(const v1::TenantSnapshot& snapshot,
                                absl::string_view domain);

// "<t>.onmicrosoft.com" (the Graph domain marked isInitial, else the first
// Graph or accepted domain of that form, never "<t>.mail.onmicrosoft.com");
// "" when the snapshot does not tell.
std::string InitialDomain(const v1::TenantSnapshot& snapshot);

// Why `domain` has recipients on-premises, one English reason per signal:
// an enabled OnPremises outbound connector routing it (RecipientDomains or
// RouteAllMessagesViaOnPremises), onPremOrg.HybridDomains, the on-premises
// hybridConfiguration.Domains ("autod:" prefix ignored), an on-premises
// accepted domain. Empty: nothing in the snapshot says so.
std::vector<std::string> OnPremisesSignals(const v1::TenantSnapshot& snapshot,
                                           absl::string_view domain);
// Names of enabled OnPremises outbound connectors (whatever they route).
std::vector<std::string> OnPremisesConnectors(
    const v1::TenantSnapshot& snapshot);

// Whether an outbound connector's RecipientDomains entry ("contoso.com",
// "*.contoso.com", "*") covers `domain`.
bool RecipientDomainCovers(absl::string_view pattern, absl::string_view domain);

// The recipient of `list` with `address` as a proxy (EmailAddresses with
// the SMTP:/smtp: prefix, or PrimarySmtpAddress), or nullptr.
const v1::Recipient* FindRecipient(
    const google::protobuf::RepeatedPtrField<v1::Recipient>& list,
    absl::string_view address);

// The texts of the TXT records of an answer (strings of one record joined
// without separator, RFC 7208 §3.3); unreadable records are left out.
std::vector<std::string> TxtTexts(const v1::DnsExchange& exchange);

// captured_at as absl::Time; nullopt when the snapshot has none.
std::optional<absl::Time> CapturedAt(const v1::TenantSnapshot& snapshot);
// now - captured_at (never negative); nullopt without captured_at.
std::optional<absl::Duration> SnapshotAge(const v1::TenantSnapshot& snapshot,
                                          absl::Time now);
// Appends {"captured_at", "2026-11-27 10:00 UTC"} and {"snapshot_age",
// "2h0m"} ("unknown" for both without captured_at; the catalogue
// translates that word): what a result comparing the snapshot with live
// DNS says about how old its expectation is.
void AddSnapshotTimeArgs(const v1::TenantSnapshot& snapshot, absl::Time now,
                         MessageArgs& args);

}  // namespace ndrdiag::tenant

#endif  // NDRDIAG_WORKERS_CHECKS_TENANT_SNAPSHOT_LOOKUP_H_
