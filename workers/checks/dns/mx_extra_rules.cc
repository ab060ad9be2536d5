// The MX checks that need more than the MX RRset: dns.mx.ip_in_eop (the
// EOP ranges), dns.mx.priority and dns.dnssec.mx_microsoft (the panel's AD
// bits).
#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "workers/checks/check_result.h"
#include "workers/checks/dns/dns_answers.h"
#include "workers/checks/dns/dns_checks.h"
#include "workers/checks/dns/zone_answers.h"
#include "workers/checks/tenant/snapshot_lookup.h"

namespace ndrdiag {
namespace {

constexpr absl::string_view kExoSuffix = "mail.protection.outlook.com";
constexpr absl::string_view kDaneSuffix = "mx.microsoft";

bool IsEopName(absl::string_view host) {
  return HasDomainSuffix(host, kExoSuffix) ||
         HasDomainSuffix(host, kDaneSuffix);
}

// How the panel sees the DNSSEC of the *.mx.microsoft targets. A resolver
// validates when it set AD on any answer of this diagnosis, or when it
// answers SERVFAIL for a name another resolver answers (a validator fails on
// a bogus name that a non-validating resolver serves).
struct PanelDnssec {
  std::vector<std::string> validated;  // AD=1 on every target (or the MX)
  std::vector<std::string> failed;     // validating, SERVFAIL on the chain
  std::vector<std::string> answered;   // conclusive on the whole chain
};

bool IsServfail(const v1::DnsExchange& ex) {
  return Classify(ex) == AnswerKind::kServerFailure && ex.rcode() == "SERVFAIL";
}

PanelDnssec ReadPanelDnssec(const std::vector<PanelEvidence>& panel) {
  // The exchanges of each member: its MX answer and its target answers.
  auto chain = [](const PanelEvidence& p) {
    std::vector<const v1::DnsExchange*> out;
    if (p.mx.has_value()) out.push_back(&*p.mx);
    for (const v1::DnsExchange& a : p.dane_targets) out.push_back(&a);
    return out;
  };
  // Names some resolver answered conclusively.
  std::vector<std::string> answered_names;
  for (const PanelEvidence& p : panel) {
    for (const v1::DnsExchange* ex : chain(p)) {
      if (IsConclusive(Classify(*ex))) {
        answered_names.push_back(NormalizeName(ex->qname()));
      }
    }
  }
  auto answered_elsewhere = [&](const v1::DnsExchange& ex) {
    return std::find(answered_names.begin(), answered_names.end(),
                     NormalizeName(ex.qname())) != answered_names.end();
  };
  PanelDnssec out;
  for (const PanelEvidence& p : panel) {
    const std::vector<const v1::DnsExchange*> exchanges = chain(p);
    if (exchanges.empty()) continue;
    bool any_ad = false, servfail = false, bogus_sign = false;
    bool all_conclusive = true;
    for (const v1::DnsExchange* ex : exchanges) {
      any_ad = any_ad || ex->authenticated_data();
      if (IsServfail(*ex)) {
        servfail = true;
        bogus_sign = bogus_sign || answered_elsewhere(*ex);
      }
      all_conclusive = all_conclusive && IsConclusive(Classify(*ex));
    }
    if (servfail && (any_ad || bogus_sign)) {
      out.failed.push_back(p.server);
      continue;
    }
    if (all_conclusive) out.answered.push_back(p.server);
    // Validated: AD on every target answer; without target answers (older
    // evidence), AD on the MX answer.
    bool validated = !p.dane_targets.empty();
    for (const v1::DnsExchange& a : p.dane_targets) {
      validated =
          validated && IsConclusive(Classify(a)) && a.authenticated_data();
    }
    if (p.dane_targets.empty()) {
      validated = p.mx.has_value() && IsConclusive(Classify(*p.mx)) &&
                  p.mx->authenticated_data();
    }
    if (validated) out.validated.push_back(p.server);
  }
  return out;
}

// The recursive MX records, or the SKIPPED/INCONCLUSIVE result to give when
// there are none (dns.mx.present reports why).
std::optional<v1::CheckResult> NoRecords(absl::string_view id,
                                         const MxEvidence& mx,
                                         std::vector<MxRecord>& records) {
  if (!mx.mx.has_value()) {
    return MakeInconclusive(id, v1::DNS, "the MX question was not asked");
  }
  const AnswerKind kind = Classify(*mx.mx);
  std::optional<v1::CheckResult> out;
  if (!IsConclusive(kind)) {
    out = MakeInconclusive(id, v1::DNS, FailureReason(*mx.mx));
  } else if (kind != AnswerKind::kRecords) {
    out = MakeSkipped(
        id, v1::DNS,
        absl::StrCat(mx.domain, " has no MX records; see dns.mx.present"));
  } else {
    records = MxRecords(*mx.mx);
    if (records.empty() || (records.size() == 1 && records[0].target.empty())) {
      out = MakeSkipped(id, v1::DNS,
                        absl::StrCat(mx.domain,
                                     " has no usable MX record; see "
                                     "dns.mx.present"));
    }
  }
  if (out.has_value()) AddEvidence(*out, *mx.mx);
  return out;
}

}  // namespace

v1::CheckResult CheckMxIpInEop(const DnsEvidence& evidence) {
  constexpr absl::string_view id = kCheckMxIpInEop;
  std::vector<MxRecord> records;
  if (auto r = NoRecords(id, evidence.mx, records)) return *std::move(r);
  const IpRanges& ranges =
      evidence.eop_ranges ? *evidence.eop_ranges : IpRanges::DefaultEop();
  std::vector<std::string> inside, outside_eop_name, outside_other, unresolved;
  for (const MxTargetEvidence& target : evidence.mx.targets) {
    if (target.host.empty()) continue;
    std::vector<std::string> addresses;
    for (const auto* ex : {&target.a, &target.aaaa}) {
      if (!ex->has_value()) continue;
      for (std::string& a : Addresses(**ex)) addresses.push_back(std::move(a));
    }
    if (addresses.empty()) {
      unresolved.push_back(target.host);
      continue;
    }
    for (const std::string& address : addresses) {
      const std::string item = absl::StrCat(target.host, " ", address);
      if (ranges.Contains(address)) {
        inside.push_back(item);
      } else if (IsEopName(target.host)) {
        outside_eop_name.push_back(item);
      } else {
        outside_other.push_back(item);
      }
    }
  }
  MessageArgs args = {{"domain", evidence.mx.domain},
                      {"ranges", absl::StrJoin(ranges.texts(), ", ")}};
  v1::CheckResult result;
  if (inside.empty() && outside_eop_name.empty() && outside_other.empty()) {
    result = MakeSkipped(id, v1::DNS,
                         absl::StrCat("no MX target of ", evidence.mx.domain,
                                      " resolved to an address (",
                                      absl::StrJoin(unresolved, ", "),
                                      "); see dns.mx.target_resolves"));
  } else if (!outside_eop_name.empty()) {
    // A Microsoft name resolving outside the configured ranges: either the
    // range list is out of date (Microsoft adds ranges) or the answer is
    // wrong. The name is right, so this names no cause; it is shown.
    args.push_back({"outside", absl::StrJoin(outside_eop_name, ", ")});
    result = MakeResult(id, v1::DNS, v1::WARN,
                        "dns.mx.ip_in_eop.warn_eop_name_outside", args);
  } else if (!outside_other.empty()) {
    // Catalogue: FAIL for an Authoritative domain with a non-EOP MX. The
    // target check already names the wrong MX; here the addresses say the
    // same. Authoritative (the default type) is assumed without a snapshot.
    args.push_back({"outside", absl::StrJoin(outside_other, ", ")});
    if (tenant::IsInternalRelay(evidence.snapshot, evidence.mx.domain)) {
      // The snapshot says InternalRelay: a third-party filter or an
      // on-premises server receiving first is a supported set-up.
      args.push_back(
          {"accepted_domain",
           tenant::FindAcceptedDomain(*evidence.snapshot, evidence.mx.domain)
               .domain->domain_name()});
      result = MakeResult(id, v1::DNS, v1::INFO,
                          "dns.mx.ip_in_eop.info_internal_relay", args);
    } else {
      result =
          MakeResult(id, v1::DNS, v1::FAIL, "dns.mx.ip_in_eop.fail_outside",
                     args, v1::MX_INCORRECT);
    }
  } else {
    args.push_back({"addresses", absl::StrJoin(inside, ", ")});
    result = MakeResult(id, v1::DNS, v1::PASS, "dns.mx.ip_in_eop.pass", args);
  }
  AddEvidence(result, *evidence.mx.mx);
  for (const MxTargetEvidence& target : evidence.mx.targets) {
    if (target.a.has_value()) AddEvidence(result, *target.a);
    if (target.aaaa.has_value()) AddEvidence(result, *target.aaaa);
  }
  return result;
}

v1::CheckResult CheckMxPriority(const DnsEvidence& evidence) {
  constexpr absl::string_view id = kCheckMxPriority;
  std::vector<MxRecord> records;
  if (auto r = NoRecords(id, evidence.mx, records)) return *std::move(r);
  const MxRecord* dane = nullptr;
  const MxRecord* classic = nullptr;
  uint16_t lowest = records.front().preference;  // records are sorted
  for (const MxRecord& r : records) {
    if (HasDomainSuffix(r.target, kDaneSuffix) && !dane) dane = &r;
    if (HasDomainSuffix(r.target, kExoSuffix) && !classic) classic = &r;
  }
  MessageArgs args = {{"domain", evidence.mx.domain},
                      {"records", FormatMxSet(records)}};
  v1::CheckResult result;
  if (dane == nullptr && classic == nullptr) {
    result = MakeSkipped(
        id, v1::DNS,
        absl::StrCat("no Exchange Online MX to judge (", FormatMxSet(records),
                     "); see dns.mx.target_format"));
  } else if (dane != nullptr && classic != nullptr && records.size() == 2) {
    // The documented DNSSEC cut-over pair: the final preference is set when
    // the old record is removed (dns.mx.single_record says WARN).
    result =
        MakeResult(id, v1::DNS, v1::INFO, "dns.mx.priority.info_cutover", args);
  } else if (dane != nullptr) {
    // Get-DnssecStatusForVerifiedDomain's ExpectedMxRecord has preference
    // 10 (CHECKS.md §5 #7; EX003 in community output); a snapshot's
    // ExpectedMxRecord, when given, is the authority.
    const std::optional<MxRecord> expected =
        evidence.snapshot != nullptr
            ? tenant::ExpectedDnssecMx(*evidence.snapshot, evidence.mx.domain)
            : std::nullopt;
    if (expected.has_value()) {
      for (const MxRecord& r : records) {
        if (r.target == expected->target) dane = &r;
      }
    }
    const uint16_t want = expected.has_value() ? expected->preference : 10;
    args.push_back({"target", dane->target});
    args.push_back({"preference", absl::StrCat(dane->preference)});
    if (expected.has_value()) {
      args.push_back({"expected_preference", absl::StrCat(want)});
    }
    result =
        dane->preference == want
            ? MakeResult(id, v1::DNS, v1::PASS, "dns.mx.priority.pass", args)
            : MakeResult(id, v1::DNS, v1::WARN,
                         expected.has_value()
                             ? "dns.mx.priority.warn_dnssec_expected"
                             : "dns.mx.priority.warn_dnssec",
                         args, v1::MX_INCORRECT);
  } else {
    args.push_back({"target", classic->target});
    args.push_back({"preference", absl::StrCat(classic->preference)});
    args.push_back({"lowest", absl::StrCat(lowest)});
    result =
        classic->preference == lowest
            ? MakeResult(id, v1::DNS, v1::PASS, "dns.mx.priority.pass", args)
            : MakeResult(id, v1::DNS, v1::WARN,
                         "dns.mx.priority.warn_not_lowest", args,
                         v1::MX_INCORRECT);
  }
  AddEvidence(result, *evidence.mx.mx);
  return result;
}

v1::CheckResult CheckDnssecMxMicrosoft(const DnsEvidence& evidence) {
  constexpr absl::string_view id = kCheckDnssecMxMicrosoft;
  std::vector<MxRecord> records;
  if (auto r = NoRecords(id, evidence.mx, records)) return *std::move(r);
  std::vector<std::string> dane;
  for (const MxRecord& r : records) {
    if (HasDomainSuffix(r.target, kDaneSuffix)) dane.push_back(r.target);
  }
  v1::CheckResult result;
  if (dane.empty()) {
    result = MakeSkipped(id, v1::DNS,
                         absl::StrCat("no MX of ", evidence.mx.domain,
                                      " ends in .mx.microsoft"));
    AddEvidence(result, *evidence.mx.mx);
    return result;
  }
  const PanelDnssec panel = ReadPanelDnssec(evidence.zone.panel);
  MessageArgs args = {{"domain", evidence.mx.domain},
                      {"targets", absl::StrJoin(dane, ", ")}};
  const std::vector<std::string>& validated = panel.validated;
  const std::vector<std::string>& failed = panel.failed;
  if (!validated.empty()) {
    args.push_back({"validated", absl::StrJoin(validated, ", ")});
    if (!failed.empty()) {
      args.push_back({"failed", absl::StrJoin(failed, ", ")});
      result = MakeResult(id, v1::DNS, v1::WARN,
                          "dns.dnssec.mx_microsoft.warn_mixed", args);
    } else {
      result = MakeResult(id, v1::DNS, v1::PASS, "dns.dnssec.mx_microsoft.pass",
                          args);
      if (validated.size() < 2) {
        AddNote(result,
                "only one panel resolver validated (the catalogue "
                "asks for two)");
      }
    }
  } else if (!failed.empty()) {
    // Validating resolvers fail on the target while others get the records:
    // the signature of a bogus zone (DANE senders defer with 4.7.324).
    args.push_back({"failed", absl::StrJoin(failed, ", ")});
    args.push_back({"answered", absl::StrJoin(panel.answered, ", ")});
    result =
        MakeResult(id, v1::DNS, v1::FAIL, "dns.dnssec.mx_microsoft.fail_bogus",
                   args, v1::MX_INCORRECT);
  } else {
    std::vector<std::string> panel;
    for (const PanelEvidence& p : evidence.zone.panel)
      panel.push_back(p.server);
    result =
        MakeInconclusive(id, v1::DNS,
                         absl::StrCat("no validating resolver in the panel (",
                                      absl::StrJoin(panel, ", "),
                                      "): none set the AD bit on its answer"));
  }
  AddEvidence(result, *evidence.mx.mx);
  for (const PanelEvidence& p : evidence.zone.panel) {
    if (p.mx.has_value()) AddEvidence(result, *p.mx);
    for (const v1::DnsExchange& a : p.dane_targets) AddEvidence(result, a);
  }
  return result;
}

}  // namespace ndrdiag
