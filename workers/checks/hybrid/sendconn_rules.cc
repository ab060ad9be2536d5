// hybrid.sendconn.to_o365, hybrid.sendconn.cert and
// hybrid.sendconn.internet_via_eop: the on-premises send connectors, as
// Get-SendConnector and Get-ExchangeCertificate print them.
#include <arpa/inet.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "workers/checks/connector/connector_lookups.h"
#include "workers/checks/dns/dns_answers.h"
#include "workers/checks/dns/ip_ranges.h"
#include "workers/checks/hybrid/cert_names.h"
#include "workers/checks/hybrid/hybrid_checks.h"
#include "workers/checks/hybrid/hybrid_support.h"
#include "workers/checks/tenant/snapshot_lookup.h"

namespace ndrdiag {
namespace {

using hybrid::Differs;
using hybrid::NormalizeEntry;
using hybrid::Result;

constexpr absl::string_view kEopTlsDomain = "mail.protection.outlook.com";
constexpr absl::Duration kExpiryWarning = absl::Hours(24 * 60);

std::string Bool(bool b) { return b ? "True" : "False"; }

// Enabled or not, the connectors that look like the one HCW creates.
std::vector<const v1::SendConnector*> ToO365Candidates(
    const v1::OnPremisesSnapshot& on_prem, absl::string_view routing) {
  std::vector<const v1::SendConnector*> out =
      hybrid::SendConnectorsToO365(on_prem);
  for (const v1::SendConnector& c : on_prem.send_connectors()) {
    if (c.enabled()) continue;
    bool looks = absl::StartsWithIgnoreCase(c.name(), "Outbound to Office 365");
    for (const std::string& s : c.address_spaces()) {
      looks = looks || (!routing.empty() && NormalizeEntry(s) == routing);
    }
    if (looks) out.push_back(&c);
  }
  return out;
}

// What differs from HCW's connector: `fails` (TlsCertificateName,
// CloudServicesMailEnabled) and `warns` (the rest).
void Compare(const v1::SendConnector& c, absl::string_view routing,
             std::vector<std::string>& fails, std::vector<std::string>& warns) {
  if (c.tls_certificate_name().empty()) {
    fails.push_back(Differs("TlsCertificateName", "", "<I>issuer<S>subject"));
  }
  if (!c.cloud_services_mail_enabled()) {
    fails.push_back(Differs("CloudServicesMailEnabled", "False", "True"));
  }
  if (!c.enabled()) warns.push_back(Differs("Enabled", "False", "True"));
  if (!routing.empty()) {
    bool has = false;
    for (const std::string& s : c.address_spaces()) {
      has = has || NormalizeEntry(s) == routing;
    }
    if (!has) {
      warns.push_back(Differs("AddressSpaces",
                              absl::StrJoin(c.address_spaces(), ", "),
                              absl::StrCat("smtp:", routing, ";1")));
    }
  }
  bool eop_hosts = !c.smart_hosts().empty();
  for (const std::string& h : c.smart_hosts()) {
    eop_hosts = eop_hosts && conn::IsEopHost(h);
  }
  const bool dns = c.dns_routing_enabled() && c.smart_hosts().empty();
  if (!dns && !eop_hosts) {
    warns.push_back(
        Differs("DNSRoutingEnabled/SmartHosts",
                absl::StrCat(Bool(c.dns_routing_enabled()), " / ",
                             absl::StrJoin(c.smart_hosts(), ", ")),
                "True / (empty), or *.mail.protection.outlook.com"));
  }
  if (!c.require_tls()) warns.push_back(Differs("RequireTLS", "False", "True"));
  if (conn::IsValue(c.tls_auth_level(), "DomainValidation")) {
    if (!conn::IsValue(c.tls_domain(), kEopTlsDomain)) {
      warns.push_back(Differs("TlsDomain", c.tls_domain(), kEopTlsDomain));
    }
  } else if (!conn::IsValue(c.tls_auth_level(), "CertificateValidation")) {
    warns.push_back(
        Differs("TlsAuthLevel", c.tls_auth_level(), "DomainValidation"));
  }
}

std::string UtcText(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M UTC", t, absl::UTCTimeZone());
}

// "contoso.com" -> "contoso-com".
std::string Dashed(absl::string_view domain) {
  return absl::StrReplaceAll(NormalizeEntry(domain), {{".", "-"}});
}

// The first labels an EOP smart host of this tenant may have: <d-> of its
// domains and <t>.
std::vector<std::string> EopTokens(const DiagnosisEvidence& e) {
  const v1::TenantSnapshot& s = *e.snapshot;
  std::vector<std::string> domains;
  if (!e.domain.empty()) domains.push_back(e.domain);
  for (const v1::AcceptedDomain& a : s.exo().accepted_domains()) {
    domains.push_back(a.domain_name());
  }
  for (const std::string& d : s.exo().on_prem_org().hybrid_domains()) {
    domains.push_back(d);
  }
  for (const std::string& d :
       s.on_premises().hybrid_configuration().domains()) {
    domains.push_back(std::string(absl::StripPrefix(d, "autod:")));
  }
  std::vector<std::string> out;
  for (const std::string& d : domains) {
    const std::string n = NormalizeEntry(d);
    if (n.empty() || HasDomainSuffix(n, "onmicrosoft.com")) continue;
    out.push_back(Dashed(n));
  }
  const std::string initial = tenant::InitialDomain(s);
  if (!initial.empty()) out.push_back(initial.substr(0, initial.find('.')));
  return out;
}

}  // namespace

v1::CheckResult CheckHybridSendConnToO365(const DiagnosisEvidence& e) {
  constexpr absl::string_view kId = kCheckHybridSendConnToO365;
  if (auto skip = hybrid::SkipWithoutOnPrem(kId, e)) return *skip;
  if (auto info = hybrid::InfoWhenNotHybrid(kId, e)) return *info;
  const v1::OnPremisesSnapshot& on_prem = e.snapshot->on_premises();
  const std::string routing = hybrid::RoutingDomain(*e.snapshot);
  const std::vector<const v1::SendConnector*> connectors =
      ToO365Candidates(on_prem, routing);
  if (connectors.empty()) {
    return Result(kId, "fail_missing", v1::FAIL,
                  {{"routing_domain",
                    routing.empty() ? "<t>.mail.onmicrosoft.com" : routing}},
                  v1::HYBRID_SEND_CONNECTOR);
  }
  std::vector<std::string> fails, warns, names;
  for (const v1::SendConnector* c : connectors) {
    names.push_back(c->name());
    std::vector<std::string> f, w;
    Compare(*c, routing, f, w);
    const std::string prefix =
        connectors.size() > 1 ? absl::StrCat(c->name(), ": ") : "";
    for (const std::string& x : f) fails.push_back(prefix + x);
    for (const std::string& x : w) warns.push_back(prefix + x);
  }
  const std::string list = absl::StrJoin(names, ", ");
  v1::CheckResult result;
  if (!fails.empty()) {
    fails.insert(fails.end(), warns.begin(), warns.end());
    result =
        Result(kId, "fail_properties", v1::FAIL,
               {{"connector", list}, {"problems", hybrid::JoinItems(fails)}},
               v1::HYBRID_SEND_CONNECTOR);
  } else if (!warns.empty()) {
    result =
        Result(kId, "warn_properties", v1::WARN,
               {{"connector", list}, {"problems", hybrid::JoinItems(warns)}},
               v1::HYBRID_SEND_CONNECTOR);
  } else {
    result = Result(kId, "pass", v1::PASS, {{"connector", list}});
  }
  if (routing.empty()) {
    AddNote(result,
            "The tenant's <t>.mail.onmicrosoft.com domain is not in the "
            "snapshot; AddressSpaces were not compared");
  }
  return result;
}

v1::CheckResult CheckHybridSendConnCert(const DiagnosisEvidence& e) {
  constexpr absl::string_view kId = kCheckHybridSendConnCert;
  if (auto skip = hybrid::SkipWithoutOnPrem(kId, e)) return *skip;
  if (auto info = hybrid::InfoWhenNotHybrid(kId, e)) return *info;
  const v1::OnPremisesSnapshot& on_prem = e.snapshot->on_premises();
  const std::vector<const v1::SendConnector*> connectors =
      hybrid::SendConnectorsToO365(on_prem);
  if (connectors.empty()) {
    return hybrid::Skipped(kId,
                           "no enabled send connector to Office 365; see "
                           "hybrid.sendconn.to_o365");
  }
  std::vector<const v1::SendConnector*> named;
  for (const v1::SendConnector* c : connectors) {
    if (!c->tls_certificate_name().empty()) named.push_back(c);
  }
  if (named.empty()) {
    v1::CheckResult r = Result(kId, "info_no_name", v1::INFO, {});
    AddNote(r, "TlsCertificateName is empty; hybrid.sendconn.to_o365 fails it");
    return r;
  }
  // A malformed name fails whatever the certificate list says.
  for (const v1::SendConnector* c : named) {
    if (!cert::ParseTlsCertificateName(c->tls_certificate_name())) {
      return Result(
          kId, "fail_format", v1::FAIL,
          {{"connector", c->name()}, {"name", c->tls_certificate_name()}},
          v1::HYBRID_CERTIFICATE);
    }
  }
  if (on_prem.exchange_certificates().empty()) {
    return hybrid::Skipped(kId,
                           "the on-premises part lists no certificates "
                           "(exchangeCertificates)");
  }
  const absl::Time now = e.dns.now;
  const bool clock = now != absl::UnixEpoch();
  std::optional<v1::CheckResult> warn;
  std::vector<std::string> good;
  for (const v1::SendConnector* c : named) {
    const cert::CertificateRef ref =
        *cert::ParseTlsCertificateName(c->tls_certificate_name());
    const v1::ExchangeCertificate* installed =
        conn::FindCertificate(on_prem, ref);
    if (installed == nullptr) {
      return Result(kId, "fail_not_found", v1::FAIL,
                    {{"connector", c->name()},
                     {"issuer", ref.issuer},
                     {"subject", ref.subject}},
                    v1::HYBRID_CERTIFICATE);
    }
    if (!installed->has_not_after() || !clock) {
      good.push_back(c->name());
      continue;
    }
    const absl::Time not_after =
        absl::FromUnixSeconds(installed->not_after().seconds());
    MessageArgs args = {{"connector", c->name()},
                        {"subject", installed->subject()},
                        {"thumbprint", installed->thumbprint()},
                        {"not_after", UtcText(not_after)}};
    if (not_after <= now) {
      return Result(kId, "fail_expired", v1::FAIL, args,
                    v1::HYBRID_CERTIFICATE);
    }
    if (not_after - now <= kExpiryWarning) {
      args.emplace_back("days",
                        absl::StrCat(absl::ToInt64Hours(not_after - now) / 24));
      if (!warn.has_value()) {
        warn = Result(kId, "warn_expiring", v1::WARN, args,
                      v1::HYBRID_CERTIFICATE);
      }
      continue;
    }
    good.push_back(c->name());
  }
  if (warn.has_value()) return *warn;
  v1::CheckResult r =
      Result(kId, "pass", v1::PASS, {{"connector", absl::StrJoin(good, ", ")}});
  if (!clock) AddNote(r, "no clock reading; NotAfter was not compared");
  return r;
}

v1::CheckResult CheckHybridSendConnInternetViaEop(const DiagnosisEvidence& e) {
  constexpr absl::string_view kId = kCheckHybridSendConnInternetViaEop;
  if (auto skip = hybrid::SkipWithoutOnPrem(kId, e)) return *skip;
  const v1::OnPremisesSnapshot& on_prem = e.snapshot->on_premises();
  std::vector<const v1::SendConnector*> internet, relays;
  for (const v1::SendConnector& c : on_prem.send_connectors()) {
    if (!c.enabled()) continue;
    for (const std::string& s : c.address_spaces()) {
      if (NormalizeEntry(s) == "*") {
        internet.push_back(&c);
        if (!c.smart_hosts().empty()) relays.push_back(&c);
        break;
      }
    }
  }
  if (internet.empty()) {
    return Result(kId, "info_no_internet_connector", v1::INFO, {});
  }
  std::vector<std::string> names;
  for (const v1::SendConnector* c : internet) names.push_back(c->name());
  if (relays.empty()) {
    return Result(kId, "info_dns_routing", v1::INFO,
                  {{"connector", absl::StrJoin(names, ", ")}});
  }
  const IpRanges& eop =
      e.dns.eop_ranges != nullptr ? *e.dns.eop_ranges : IpRanges::DefaultEop();
  const std::vector<std::string> tokens = EopTokens(e);
  const std::string expected =
      tokens.empty() ? "<d->.mail.protection.outlook.com"
                     : absl::StrCat(tokens[0], ".mail.protection.outlook.com");
  std::vector<std::string> legacy, unexpected, eop_hosts, other, relay_names;
  for (const v1::SendConnector* c : relays) {
    relay_names.push_back(c->name());
    for (const std::string& raw : c->smart_hosts()) {
      const std::string h = NormalizeEntry(raw);
      const std::string bare(absl::StripSuffix(absl::StripPrefix(h, "["), "]"));
      if (conn::IsLegacyEndpoint(h) ||
          (IsIpLiteral(bare) && eop.Contains(bare))) {
        legacy.push_back(h);
      } else if (conn::IsEopHost(h)) {
        const std::string first = h.substr(0, h.find('.'));
        const bool known =
            std::find(tokens.begin(), tokens.end(), first) != tokens.end();
        (known || tokens.empty() ? eop_hosts : unexpected).push_back(h);
      } else {
        other.push_back(h);
      }
    }
  }
  const std::string connector = absl::StrJoin(relay_names, ", ");
  if (!legacy.empty()) {
    return Result(kId, "fail_legacy", v1::FAIL,
                  {{"connector", connector},
                   {"hosts", absl::StrJoin(legacy, ", ")},
                   {"expected", expected}},
                  v1::MX_LEGACY_ENDPOINT);
  }
  if (!unexpected.empty()) {
    return Result(kId, "warn_other_tenant_host", v1::WARN,
                  {{"connector", connector},
                   {"hosts", absl::StrJoin(unexpected, ", ")},
                   {"expected", expected}},
                  v1::CONNECTOR_MISCONFIGURED);
  }
  if (eop_hosts.empty()) {
    return Result(
        kId, "info_third_party", v1::INFO,
        {{"connector", connector}, {"hosts", absl::StrJoin(other, ", ")}});
  }
  v1::CheckResult r = Result(
      kId, "pass", v1::PASS,
      {{"connector", connector}, {"hosts", absl::StrJoin(eop_hosts, ", ")}});
  if (tokens.empty()) {
    AddNote(r,
            "the snapshot names none of the tenant's domains; the EOP "
            "host's token was not compared");
  }
  return r;
}

}  // namespace ndrdiag
