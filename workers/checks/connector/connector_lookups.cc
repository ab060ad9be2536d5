#include "workers/checks/connector/connector_lookups.h"

#include <arpa/inet.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "workers/checks/dns/dns_answers.h"

namespace ndrdiag::conn {
namespace {

std::string Lower(absl::string_view text) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
}

// The name without its left-most label ("" when it has only one).
absl::string_view ParentOf(absl::string_view name) {
  const size_t dot = name.find('.');
  return dot == absl::string_view::npos ? absl::string_view()
                                        : name.substr(dot + 1);
}

bool HasOnPremOrg(const v1::ExoSnapshot& exo) {
  if (!exo.has_on_prem_org()) return false;
  const v1::OnPremisesOrganization& org = exo.on_prem_org();
  return !org.name().empty() || !org.hybrid_domains().empty() ||
         !org.organization_guid().empty() || !org.inbound_connector().empty() ||
         !org.outbound_connector().empty();
}

}  // namespace

std::string NormalizeDomainEntry(absl::string_view entry) {
  std::string s = Lower(entry);
  absl::string_view v(s);
  if (absl::StartsWith(v, "smtp:")) v.remove_prefix(5);
  const size_t semi = v.find(';');
  if (semi != absl::string_view::npos) v = v.substr(0, semi);
  v = absl::StripAsciiWhitespace(v);
  if (absl::EndsWith(v, ".")) v.remove_suffix(1);
  return std::string(v);
}

bool IsValue(absl::string_view value, absl::string_view want) {
  return absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(value), want);
}

bool IsSameOrSubdomain(absl::string_view domain, absl::string_view parent) {
  return !parent.empty() && HasDomainSuffix(domain, parent);
}

bool DomainEntryCovers(absl::string_view entry, absl::string_view domain) {
  const std::string e = NormalizeDomainEntry(entry);
  const std::string d = NormalizeDomainEntry(domain);
  if (e.empty() || d.empty()) return false;
  if (e == "*") return true;
  if (absl::StartsWith(e, "*.")) return IsSameOrSubdomain(d, e.substr(2));
  return e == d;
}

const v1::AcceptedDomain* FindAcceptedDomain(const v1::ExoSnapshot& exo,
                                             absl::string_view domain) {
  const std::string d = NormalizeDomainEntry(domain);
  const v1::AcceptedDomain* best = nullptr;
  size_t best_len = 0;
  for (const v1::AcceptedDomain& a : exo.accepted_domains()) {
    const std::string name = NormalizeDomainEntry(
        a.domain_name().empty() ? a.name() : a.domain_name());
    if (name == d) return &a;
    if (a.match_sub_domains() && IsSameOrSubdomain(d, name) &&
        name.size() > best_len) {
      best = &a;
      best_len = name.size();
    }
  }
  return best;
}

bool IsAcceptedCertName(const v1::ExoSnapshot& exo, absl::string_view name) {
  std::string n = NormalizeDomainEntry(name);
  if (absl::StartsWith(n, "*.")) n = n.substr(2);
  if (n.empty()) return false;
  for (const v1::AcceptedDomain& a : exo.accepted_domains()) {
    const std::string d = NormalizeDomainEntry(
        a.domain_name().empty() ? a.name() : a.domain_name());
    if (d.empty()) continue;
    if (n == d || ParentOf(n) == d) return true;
    if (a.match_sub_domains() && IsSameOrSubdomain(n, d)) return true;
  }
  return false;
}

std::vector<std::string> HybridSignals(const v1::TenantSnapshot& snapshot) {
  std::vector<std::string> out;
  const v1::ExoSnapshot& exo = snapshot.exo();
  if (HasOnPremOrg(exo)) {
    std::string s = "an on-premises organization (Get-OnPremisesOrganization)";
    if (!exo.on_prem_org().hybrid_domains().empty()) {
      absl::StrAppend(&s, " with HybridDomains ",
                      absl::StrJoin(exo.on_prem_org().hybrid_domains(), ", "));
    }
    out.push_back(std::move(s));
  }
  for (const v1::OutboundConnector& c : exo.outbound_connectors()) {
    if (c.enabled() && IsValue(c.connector_type(), "OnPremises")) {
      out.push_back(
          absl::StrCat("the OnPremises outbound connector \"", c.name(), "\""));
    }
  }
  if (!snapshot.has_on_premises()) return out;
  const v1::OnPremisesSnapshot& on_prem = snapshot.on_premises();
  if (on_prem.has_hybrid_configuration() &&
      !on_prem.hybrid_configuration().domains().empty()) {
    out.push_back("a hybrid configuration (Get-HybridConfiguration)");
  }
  for (const v1::SendConnector& c : on_prem.send_connectors()) {
    if (!c.enabled()) continue;
    for (const std::string& host : c.smart_hosts()) {
      if (IsEopHost(NormalizeDomainEntry(host))) {
        out.push_back(absl::StrCat("the on-premises send connector \"",
                                   c.name(), "\" relaying through ", host));
        break;
      }
    }
  }
  return out;
}

bool IsEopHost(absl::string_view host) {
  const std::string h = NormalizeDomainEntry(host);
  return HasDomainSuffix(h, "mail.protection.outlook.com") ||
         HasDomainSuffix(h, "mx.microsoft");
}

bool IsLegacyEndpoint(absl::string_view host) {
  const std::string h = NormalizeDomainEntry(host);
  return HasDomainSuffix(h, "mail.messaging.microsoft.com") ||
         HasDomainSuffix(h, "mail.global.frontbridge.com") ||
         HasDomainSuffix(h, "mail.eo.outlook.com");
}

const v1::ExchangeCertificate* FindCertificate(
    const v1::OnPremisesSnapshot& on_prem, const cert::CertificateRef& ref) {
  const std::string issuer = cert::NormalizeDn(ref.issuer);
  const std::string subject = cert::NormalizeDn(ref.subject);
  for (const v1::ExchangeCertificate& c : on_prem.exchange_certificates()) {
    if (cert::NormalizeDn(c.issuer()) == issuer &&
        cert::NormalizeDn(c.subject()) == subject) {
      return &c;
    }
  }
  return nullptr;
}

std::vector<std::string> CertificateNames(const v1::ExchangeCertificate& cert) {
  std::vector<std::string> out;
  auto add = [&out](absl::string_view name) {
    std::string n = NormalizeDomainEntry(name);
    if (!n.empty() && std::find(out.begin(), out.end(), n) == out.end()) {
      out.push_back(std::move(n));
    }
  };
  add(cert::CommonName(cert.subject()));
  for (const std::string& d : cert.certificate_domains()) add(d);
  return out;
}

std::vector<const v1::SendConnector*> SendConnectorsToExo(
    const v1::OnPremisesSnapshot& on_prem) {
  std::vector<const v1::SendConnector*> out;
  for (const v1::SendConnector& c : on_prem.send_connectors()) {
    if (!c.enabled()) continue;
    bool to_exo = c.cloud_services_mail_enabled();
    for (const std::string& host : c.smart_hosts()) {
      to_exo = to_exo || IsEopHost(host);
    }
    for (const std::string& space : c.address_spaces()) {
      to_exo = to_exo || HasDomainSuffix(NormalizeDomainEntry(space),
                                         "mail.onmicrosoft.com");
    }
    if (to_exo) out.push_back(&c);
  }
  return out;
}

bool Ipv4Range::Contains(uint32_t address) const {
  const uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
  return (address & mask) == base;
}

std::optional<uint32_t> ParseIpv4(absl::string_view text) {
  const std::string s(absl::StripAsciiWhitespace(text));
  in_addr addr{};
  if (inet_pton(AF_INET, s.c_str(), &addr) != 1) return std::nullopt;
  return ntohl(addr.s_addr);
}

std::optional<Ipv4Range> ParseIpv4Range(absl::string_view text, int min_bits) {
  text = absl::StripAsciiWhitespace(text);
  std::pair<absl::string_view, absl::string_view> parts =
      absl::StrSplit(text, absl::MaxSplits('/', 1));
  const std::optional<uint32_t> address = ParseIpv4(parts.first);
  if (!address.has_value()) return std::nullopt;
  int bits = 32;
  if (text.find('/') != absl::string_view::npos &&
      !absl::SimpleAtoi(parts.second, &bits)) {
    return std::nullopt;
  }
  if (bits < min_bits || bits > 32) return std::nullopt;
  Ipv4Range range;
  range.bits = bits;
  range.base = *address & (bits == 0 ? 0 : ~uint32_t{0} << (32 - bits));
  return range;
}

}  // namespace ndrdiag::conn
