// dns.auth.reachable and dns.ns.delegation_match: is every delegated name
// server really serving the zone, and is the delegation the one the zone
// itself publishes?
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "workers/checks/check_result.h"
#include "workers/checks/dns/dns_answers.h"
#include "workers/checks/dns/dns_checks.h"
#include "workers/checks/dns/zone_answers.h"

namespace ndrdiag {
namespace {

bool Blocked(const v1::DnsExchange& exchange) {
  return absl::StartsWith(exchange.error(), "blocked by egress policy");
}

std::string Join(const std::vector<std::string>& items) {
  return items.empty() ? "(none)" : absl::StrJoin(items, ", ");
}

void AddZoneEvidence(v1::CheckResult& result, const ZoneEvidence& zone,
                     bool with_soa, bool with_ns, bool with_mx) {
  for (const v1::DnsExchange& ex : zone.referrals) AddEvidence(result, ex);
  for (const AuthServerEvidence& server : zone.servers) {
    if (with_soa && server.soa.has_value()) AddEvidence(result, *server.soa);
    if (with_ns && server.ns.has_value()) AddEvidence(result, *server.ns);
    if (with_mx && server.mx.has_value()) AddEvidence(result, *server.mx);
  }
}

// Why the referral is unknown, naming the parent servers.
std::string DelegationUnknownReason(const ZoneEvidence& zone) {
  if (zone.parent_zone.empty()) {
    std::vector<std::string> reasons;
    for (const v1::DnsExchange& ex : zone.parent_lookups) {
      std::string reason = FailureReason(ex);
      if (!reason.empty()) reasons.push_back(reason);
    }
    return absl::StrCat("the parent zone of ", zone.domain,
                        " could not be found", reasons.empty() ? "" : ": ",
                        absl::StrJoin(reasons, "; "));
  }
  std::vector<std::string> reasons;
  for (const v1::DnsExchange& ex : zone.referrals) {
    std::string reason = FailureReason(ex);
    reasons.push_back(
        reason.empty()
            ? absl::StrCat(ex.server(), " gave no NS for ", zone.domain)
            : reason);
  }
  if (reasons.empty()) {
    return absl::StrCat("no address was found for the servers of ",
                        zone.parent_zone);
  }
  return absl::StrCat(
      "no server of ", zone.parent_zone,
      " answered with the delegation: ", absl::StrJoin(reasons, "; "));
}

}  // namespace

v1::CheckResult CheckAuthReachable(const DnsEvidence& evidence) {
  constexpr absl::string_view id = kCheckAuthReachable;
  const ZoneEvidence& zone = evidence.zone;
  v1::CheckResult result;
  if (zone.recursive_ns.has_value() &&
      Classify(*zone.recursive_ns) == AnswerKind::kNxDomain &&
      !zone.delegation_known) {
    result = MakeSkipped(
        id, v1::DNS, absl::StrCat(zone.domain, " does not exist (NXDOMAIN)"));
    AddEvidence(result, *zone.recursive_ns);
    return result;
  }
  std::vector<std::string> lame, timeouts, not_asked, ok;
  // A name server whose name has no address cannot serve the zone at all.
  for (const NsHostEvidence& host : zone.ns_hosts) {
    if (!host.a.has_value() || !host.aaaa.has_value()) {
      not_asked.push_back(absl::StrCat(host.host, " (address not looked up)"));
      continue;
    }
    const bool any =
        !Addresses(*host.a).empty() || !Addresses(*host.aaaa).empty();
    if (any) continue;
    const AnswerKind a = Classify(*host.a), aaaa = Classify(*host.aaaa);
    if (IsConclusive(a) && IsConclusive(aaaa)) {
      lame.push_back(absl::StrCat(
          host.host, ": the name has no address (",
          a == AnswerKind::kNxDomain ? "NXDOMAIN" : "no A/AAAA", ")"));
    } else {
      not_asked.push_back(
          FailureReason(IsConclusive(a) ? *host.aaaa : *host.a));
    }
  }
  for (const AuthServerEvidence& server : zone.servers) {
    const std::string label = ServerLabel(server);
    if (!server.soa.has_value()) {
      not_asked.push_back(absl::StrCat(label, ": SOA not asked"));
      continue;
    }
    const v1::DnsExchange& soa = *server.soa;
    switch (Classify(soa)) {
      case AnswerKind::kNoResponse:
        if (Blocked(soa)) {
          not_asked.push_back(soa.error());
        } else {
          timeouts.push_back(absl::StrCat(label, ": ", FailureReason(soa)));
        }
        break;
      case AnswerKind::kServerFailure:
        lame.push_back(absl::StrCat(label, " answered ", soa.rcode()));
        break;
      case AnswerKind::kNxDomain:
        lame.push_back(
            absl::StrCat(label, " answered NXDOMAIN for ", zone.domain));
        break;
      case AnswerKind::kNoData:
        lame.push_back(absl::StrCat(label, " has no SOA for ", zone.domain,
                                    " (not serving the zone)"));
        break;
      case AnswerKind::kRecords:
        if (!soa.authoritative_answer()) {
          lame.push_back(absl::StrCat(label, " answered without the AA bit"));
        } else {
          ok.push_back(label);
        }
        break;
    }
  }
  // Timeouts say the server is dead only when our path to the zone's
  // servers demonstrably works (another server answered); if nobody
  // answered, the worker's own network is as likely the reason.
  if (!ok.empty() || !lame.empty()) {
    lame.insert(lame.end(), timeouts.begin(), timeouts.end());
    timeouts.clear();
  }
  const MessageArgs base = {{"domain", zone.domain},
                            {"count", absl::StrCat(zone.servers.size())}};
  if (!lame.empty()) {
    MessageArgs args = base;
    args.push_back({"servers", absl::StrJoin(lame, "; ")});
    args.push_back({"answering", Join(ok)});
    result = MakeResult(id, v1::DNS, v1::FAIL, "dns.auth.reachable.fail_lame",
                        args, v1::DNS_LAME_DELEGATION);
    if (!not_asked.empty()) {
      AddNote(result,
              absl::StrCat("not checked: ", absl::StrJoin(not_asked, "; ")));
    }
  } else if (!timeouts.empty() || !not_asked.empty() || ok.empty()) {
    std::vector<std::string> reasons = timeouts;
    reasons.insert(reasons.end(), not_asked.begin(), not_asked.end());
    if (reasons.empty()) {
      reasons.push_back(
          zone.ns_hosts.empty()
              ? absl::StrCat("no name server of ", zone.domain, " was found")
              : "no address was found for any name server");
    }
    result = MakeInconclusive(
        id, v1::DNS,
        ok.empty() ? absl::StrCat("no authoritative server of ", zone.domain,
                                  " answered: ", absl::StrJoin(reasons, "; "))
                   : absl::StrJoin(reasons, "; "));
  } else {
    MessageArgs args = base;
    args.push_back({"servers", Join(ok)});
    result = MakeResult(id, v1::DNS, v1::PASS, "dns.auth.reachable.pass", args);
  }
  for (const NsHostEvidence& host : zone.ns_hosts) {
    if (host.a.has_value()) AddEvidence(result, *host.a);
    if (host.aaaa.has_value()) AddEvidence(result, *host.aaaa);
  }
  AddZoneEvidence(result, zone, /*with_soa=*/true, false, false);
  return result;
}

v1::CheckResult CheckNsDelegationMatch(const DnsEvidence& evidence) {
  if (auto skip = SkipIfNoZone(kCheckNsDelegationMatch, evidence.zone))
    return *std::move(skip);
  constexpr absl::string_view id = kCheckNsDelegationMatch;
  const ZoneEvidence& zone = evidence.zone;
  v1::CheckResult result;
  if (!zone.delegation_known) {
    result = MakeInconclusive(id, v1::DNS, DelegationUnknownReason(zone));
  } else if (zone.child_ns.empty()) {
    std::vector<std::string> reasons;
    for (const AuthServerEvidence& server : zone.servers) {
      if (!server.ns.has_value()) continue;
      std::string reason = FailureReason(*server.ns);
      reasons.push_back(
          !reason.empty()
              ? reason
              : absl::StrCat(ServerLabel(server), " gave no authoritative NS"));
    }
    result = MakeInconclusive(
        id, v1::DNS,
        absl::StrCat("no authoritative server of ", zone.domain,
                     " published its NS set", reasons.empty() ? "" : ": ",
                     absl::StrJoin(reasons, "; ")));
  } else {
    const std::set<std::string> parent(zone.parent_ns.begin(),
                                       zone.parent_ns.end());
    const std::set<std::string> child(zone.child_ns.begin(),
                                      zone.child_ns.end());
    MessageArgs args = {{"domain", zone.domain},
                        {"parent_zone", zone.parent_zone},
                        {"parent_ns", Join(zone.parent_ns)},
                        {"child_ns", Join(zone.child_ns)}};
    if (parent == child) {
      result = MakeResult(id, v1::DNS, v1::PASS, "dns.ns.delegation_match.pass",
                          args);
    } else {
      // MX served by the delegated servers vs by servers only the zone
      // itself names: edits made at a provider that is not delegated show
      // up as a different MX there.
      std::map<std::string, std::vector<std::string>> delegated, undelegated;
      for (const AuthServerEvidence& server : zone.servers) {
        if (!IsAuthFact(server.mx)) continue;
        const std::string sig = RrsetSignature(*server.mx);
        if (parent.count(server.ns_host)) {
          delegated[sig].push_back(ServerLabel(server));
        } else if (child.count(server.ns_host)) {
          undelegated[sig].push_back(ServerLabel(server));
        }
      }
      std::vector<std::string> differing;
      for (const auto& [sig, servers] : undelegated) {
        if (!delegated.empty() && !delegated.count(sig)) {
          differing.push_back(
              absl::StrCat(absl::StrJoin(servers, ", "), ": MX ", sig));
        }
      }
      if (!differing.empty()) {
        std::vector<std::string> delegated_text;
        for (const auto& [sig, servers] : delegated) {
          delegated_text.push_back(
              absl::StrCat(absl::StrJoin(servers, ", "), ": MX ", sig));
        }
        args.push_back({"undelegated", absl::StrJoin(differing, "; ")});
        args.push_back({"delegated", absl::StrJoin(delegated_text, "; ")});
        result = MakeResult(id, v1::DNS, v1::FAIL,
                            "dns.ns.delegation_match.fail_undelegated_edits",
                            args, v1::DNS_INCONSISTENT_AUTHORITATIVE);
      } else {
        result = MakeResult(id, v1::DNS, v1::WARN,
                            "dns.ns.delegation_match.warn_differ", args);
      }
    }
  }
  AddZoneEvidence(result, zone, false, /*with_ns=*/true, /*with_mx=*/true);
  return result;
}

}  // namespace ndrdiag
