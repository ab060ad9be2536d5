// Lookups in the tenant snapshot that the conn.* rules share: how names,
// domain lists, certificates and IPv4 ranges of Exchange Online connectors
// and the on-premises objects compare.
//
// PowerShell prints some lists with their address-space decoration
// ("smtp:*;1"), so every domain entry is normalised first. Certificate names
// match per RFC 6125 §6.4.3: a "*" is allowed only as the whole left-most
// label and stands for exactly one label. Distinguished names compare
// case-insensitively with the blanks around the separators ignored.
//
// Pure functions; the namespace keeps these apart from the lookups of the
// tenant family (the lead may merge them).
#ifndef NDRDIAG_WORKERS_CHECKS_CONNECTOR_CONNECTOR_LOOKUPS_H_
#define NDRDIAG_WORKERS_CHECKS_CONNECTOR_CONNECTOR_LOOKUPS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "ndrdiag/v1/tenant.pb.h"
#include "workers/checks/hybrid/cert_names.h"

namespace ndrdiag::conn {

// Lower case, blanks and trailing dot dropped, "smtp:" prefix and ";cost"
// suffix dropped: "SMTP:*.Contoso.com;1" -> "*.contoso.com".
std::string NormalizeDomainEntry(absl::string_view entry);

// Case-insensitive equality of PowerShell enumeration names.
bool IsValue(absl::string_view value, absl::string_view want);

// Whether `domain` is `parent` or below it (both normalised).
bool IsSameOrSubdomain(absl::string_view domain, absl::string_view parent);

// Whether a connector domain entry ("contoso.com", "*.contoso.com", "*")
// covers `domain`. "*.x" covers x itself as well as its subdomains, as the
// Exchange Online connector domain lists do.
bool DomainEntryCovers(absl::string_view entry, absl::string_view domain);

// The Exchange Online accepted domain for `domain`: the exact entry, else
// the nearest parent with MatchSubDomains. nullptr when none.
const v1::AcceptedDomain* FindAcceptedDomain(const v1::ExoSnapshot& exo,
                                             absl::string_view domain);

// Whether a certificate name is acceptable for tenant attribution (ATTR36):
// the name, or the domain it is a host of (the name less its left-most
// label), is an accepted domain, or lies below one with MatchSubDomains.
// "host.sub.contoso.com" is not covered by "contoso.com" alone.
bool IsAcceptedCertName(const v1::ExoSnapshot& exo, absl::string_view name);

// Why the snapshot says on-premises servers send through Exchange Online
// (hybrid or relay), in English; empty when nothing says so.
std::vector<std::string> HybridSignals(const v1::TenantSnapshot& snapshot);

// Whether `host` is an Exchange Online Protection ingress name.
bool IsEopHost(absl::string_view host);
// Whether `host` is a legacy endpoint (ATTR35, CHECKS.md §0.4).
bool IsLegacyEndpoint(absl::string_view host);

// The installed certificate `ref` names (issuer and subject compared as
// distinguished names, workers/checks/hybrid/cert_names.h), nullptr when
// none matches.
const v1::ExchangeCertificate* FindCertificate(
    const v1::OnPremisesSnapshot& on_prem, const cert::CertificateRef& ref);
// CertificateDomains and the subject CN, lower case, without duplicates.
std::vector<std::string> CertificateNames(const v1::ExchangeCertificate& cert);

// Enabled on-premises send connectors that deliver to Exchange Online: a
// smart host that is an EOP name, CloudServicesMailEnabled, or an address
// space of the tenant's mail.onmicrosoft.com routing domain.
std::vector<const v1::SendConnector*> SendConnectorsToExo(
    const v1::OnPremisesSnapshot& on_prem);

// An IPv4 prefix.
struct Ipv4Range {
  uint32_t base = 0;  // host byte order, host bits cleared
  int bits = 32;
  bool Contains(uint32_t address) const;
};
std::optional<uint32_t> ParseIpv4(absl::string_view text);
// "a.b.c.d" (= /32) or "a.b.c.d/n" with min_bits <= n <= 32; std::nullopt
// for anything else (IPv6, ranges "a-b", bad prefix).
std::optional<Ipv4Range> ParseIpv4Range(absl::string_view text, int min_bits);

}  // namespace ndrdiag::conn

#endif  // NDRDIAG_WORKERS_CHECKS_CONNECTOR_CONNECTOR_LOOKUPS_H_
