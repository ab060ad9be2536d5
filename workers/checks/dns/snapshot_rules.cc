// The DNS checks whose judgement a tenant snapshot settles:
// dns.verification.txt (Graph isVerified and verificationDnsRecords) and the
// snapshot form of dns.mx.target_format (serviceConfigurationRecords[Mx],
// ExpectedMxRecord, the accepted-domain type). dns.mx.ip_in_eop and
// dns.mx.priority read the snapshot in mx_extra_rules.cc. Without a
// snapshot each behaves as its snapshot-less row says.
#include <algorithm>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "workers/checks/check_result.h"
#include "workers/checks/dns/dns_answers.h"
#include "workers/checks/dns/dns_checks.h"
#include "workers/checks/tenant/snapshot_lookup.h"

namespace ndrdiag {
namespace {

// Hosts Exchange Online Protection answers for, current or legacy: an MX at
// one of them is judged as an EOP MX (right or wrong), never as a
// third-party filter.
constexpr absl::string_view kEopSuffixes[] = {
    "mail.protection.outlook.com",
    "mx.microsoft",
    "mail.messaging.microsoft.com",
    "mail.global.frontbridge.com",
};

bool IsEopHost(absl::string_view host) {
  for (absl::string_view suffix : kEopSuffixes) {
    if (HasDomainSuffix(host, suffix)) return true;
  }
  return false;
}

std::string Targets(const std::vector<MxRecord>& records) {
  std::vector<std::string> out;
  for (const MxRecord& r : records)
    out.push_back(r.target.empty() ? "." : r.target);
  return absl::StrJoin(out, ", ");
}

bool SameText(absl::string_view a, absl::string_view b) {
  return absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(a),
                                absl::StripAsciiWhitespace(b));
}

}  // namespace

v1::CheckResult CheckMxTargetFormat(const DnsEvidence& evidence) {
  constexpr absl::string_view id = kCheckMxTargetFormat;
  v1::CheckResult base = CheckMxTargetFormat(evidence.mx);
  if (evidence.snapshot == nullptr || base.status() == v1::INCONCLUSIVE ||
      base.status() == v1::SKIPPED) {
    return base;
  }
  const v1::TenantSnapshot& snapshot = *evidence.snapshot;
  const std::string& domain = evidence.mx.domain;
  const std::vector<MxRecord> live = MxRecords(*evidence.mx.mx);
  std::vector<std::string> expected;
  std::vector<std::string> sources;
  if (std::optional<MxRecord> graph = tenant::GraphMx(snapshot, domain)) {
    expected.push_back(graph->target);
    sources.push_back("Graph serviceConfigurationRecords");
  }
  if (std::optional<MxRecord> dnssec =
          tenant::ExpectedDnssecMx(snapshot, domain)) {
    if (std::find(expected.begin(), expected.end(), dnssec->target) ==
        expected.end()) {
      expected.push_back(dnssec->target);
    }
    sources.push_back("Get-DnssecStatusForVerifiedDomain ExpectedMxRecord");
  }
  const bool any_eop =
      std::any_of(live.begin(), live.end(),
                  [](const MxRecord& r) { return IsEopHost(r.target); });
  const tenant::AcceptedDomainMatch accepted =
      tenant::FindAcceptedDomain(snapshot, domain);
  const tenant::DomainType type = tenant::AcceptedDomainType(snapshot, domain);
  MessageArgs args = {{"domain", domain}, {"targets", Targets(live)}};
  if (accepted.domain != nullptr) {
    args.push_back({"accepted_domain", accepted.domain->domain_name()});
  }
  v1::CheckResult result;
  if (!expected.empty()) {
    args.push_back({"expected", absl::StrJoin(expected, " or ")});
    tenant::AddSnapshotTimeArgs(snapshot, evidence.now, args);
    const auto match =
        std::find_if(live.begin(), live.end(), [&](const MxRecord& r) {
          return std::find(expected.begin(), expected.end(), r.target) !=
                 expected.end();
        });
    if (match != live.end()) {
      args.push_back({"target", match->target});
      result = MakeResult(id, v1::DNS, v1::PASS,
                          "dns.mx.target_format.pass_snapshot", args);
    } else if (type == tenant::DomainType::kInternalRelay && !any_eop) {
      result = MakeResult(id, v1::DNS, v1::INFO,
                          "dns.mx.target_format.info_internal_relay", args);
    } else {
      result = MakeResult(id, v1::DNS, v1::FAIL,
                          "dns.mx.target_format.fail_snapshot", args,
                          v1::MX_INCORRECT);
    }
    AddNote(result, absl::StrCat("expected MX from the tenant snapshot (",
                                 absl::StrJoin(sources, ", "), ")"));
  } else if (base.message_key() == "dns.mx.target_format.fail_not_exo" &&
             type == tenant::DomainType::kInternalRelay) {
    result = MakeResult(id, v1::DNS, v1::INFO,
                        "dns.mx.target_format.info_internal_relay", args);
  } else if (base.message_key() == "dns.mx.target_format.fail_not_exo" &&
             type == tenant::DomainType::kAuthoritative) {
    args.push_back({"expected", base.message_args().at("expected")});
    result = MakeResult(id, v1::DNS, v1::FAIL,
                        "dns.mx.target_format.fail_not_exo_authoritative", args,
                        v1::MX_INCORRECT);
  } else {
    // The snapshot has neither an expected MX nor a type that changes the
    // snapshot-less judgement.
    AddNote(base,
            "the tenant snapshot has no expected MX for this domain "
            "(serviceConfigurationRecords, ExpectedMxRecord)");
    return base;
  }
  AddEvidence(result, *evidence.mx.mx);
  return result;
}

v1::CheckResult CheckVerificationTxt(const DnsEvidence& evidence) {
  constexpr absl::string_view id = kCheckVerificationTxt;
  if (evidence.snapshot == nullptr) {
    // The expected MS=ms######## value and isVerified come from Graph; a TXT
    // value cannot be judged without them.
    v1::CheckResult result =
        MakeSkipped(id, v1::DNS,
                    "needs a tenant snapshot (Graph isVerified and "
                    "verificationDnsRecords)");
    AddNote(result, "no tenant snapshot in the diagnosis spec");
    return result;
  }
  const v1::TenantSnapshot& snapshot = *evidence.snapshot;
  const std::string& domain =
      evidence.zone.domain.empty() ? evidence.mx.domain : evidence.zone.domain;
  const tenant::GraphDomainMatch match =
      tenant::FindGraphDomain(snapshot, domain);
  if (match.domain == nullptr) {
    return MakeSkipped(id, v1::DNS,
                       absl::StrCat("the tenant snapshot has no Graph domain ",
                                    domain, "; see tenant.domain.verified"));
  }
  if (match.via_parent) {
    return MakeSkipped(
        id, v1::DNS,
        absl::StrCat(domain, " is covered by ", match.domain->id(),
                     " (MatchSubDomains): it is verified as "
                     "part of that domain"));
  }
  MessageArgs args = {{"domain", domain}};
  if (match.domain->is_verified()) {
    return MakeResult(id, v1::DNS, v1::INFO,
                      "dns.verification.txt.info_verified", args);
  }
  std::string expected;
  for (const v1::DomainDnsRecord& r :
       match.domain->verification_dns_records()) {
    if (absl::EqualsIgnoreCase(r.record_type(), "Txt") && !r.text().empty()) {
      expected = r.text();
      break;
    }
  }
  if (expected.empty()) {
    v1::CheckResult result = MakeSkipped(
        id, v1::DNS,
        "the tenant snapshot has no domain verification records (Graph "
        "verificationDnsRecords)");
    AddNote(result, "tenant snapshot given without verification records");
    return result;
  }
  const std::optional<v1::DnsExchange>& txt = evidence.zone.txt;
  if (!txt.has_value()) {
    return MakeInconclusive(
        id, v1::DNS,
        absl::StrCat("the question for ", domain, " TXT was not asked"));
  }
  if (!IsConclusive(Classify(*txt))) {
    v1::CheckResult result = MakeInconclusive(id, v1::DNS, FailureReason(*txt));
    AddEvidence(result, *txt);
    return result;
  }
  args.push_back({"expected", expected});
  tenant::AddSnapshotTimeArgs(snapshot, evidence.now, args);
  const std::vector<std::string> live = tenant::TxtTexts(*txt);
  // "MS=ms12345678" published as "ms12345678" (the prefix dropped) is the
  // classic mistake; another MS= value is another tenant's (or an old) code.
  const absl::string_view bare = absl::StartsWithIgnoreCase(expected, "MS=")
                                     ? absl::string_view(expected).substr(3)
                                     : absl::string_view();
  std::string no_prefix, other;
  bool exact = false;
  for (const std::string& t : live) {
    if (SameText(t, expected)) exact = true;
    if (!bare.empty() && SameText(t, bare)) no_prefix = t;
    if (absl::StartsWithIgnoreCase(t, "MS=") && !SameText(t, expected))
      other = t;
  }
  v1::CheckResult result;
  if (exact) {
    result =
        MakeResult(id, v1::DNS, v1::PASS, "dns.verification.txt.pass", args);
  } else if (!no_prefix.empty()) {
    args.push_back({"found", no_prefix});
    result =
        MakeResult(id, v1::DNS, v1::FAIL, "dns.verification.txt.fail_no_prefix",
                   args, v1::DOMAIN_NOT_VERIFIED);
  } else if (!other.empty()) {
    args.push_back({"found", other});
    result = MakeResult(id, v1::DNS, v1::FAIL,
                        "dns.verification.txt.fail_other_value", args,
                        v1::DOMAIN_NOT_VERIFIED);
  } else {
    result =
        MakeResult(id, v1::DNS, v1::FAIL, "dns.verification.txt.fail_missing",
                   args, v1::DOMAIN_NOT_VERIFIED);
  }
  AddEvidence(result, *txt);
  return result;
}

}  // namespace ndrdiag
