// The MX checks that look at the authoritative servers: dns.mx.present
// (which prefers their answers) and dns.rrset.auth_consistency.
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "workers/checks/check_result.h"
#include "workers/checks/dns/dns_answers.h"
#include "workers/checks/dns/mx_rules.h"

namespace ndrdiag {
namespace {

// An authoritative answer that states a fact about the zone: it arrived,
// has the AA bit (a server answering without it is lame, not a witness of
// the zone's content) and says NXDOMAIN, NODATA or records.
bool IsAuthoritativeFact(const AuthoritativeMxEvidence& server) {
  return server.mx.authoritative_answer() && IsConclusive(Classify(server.mx));
}

std::vector<const AuthoritativeMxEvidence*> AuthoritativeFacts(
    const MxEvidence& evidence) {
  std::vector<const AuthoritativeMxEvidence*> out;
  for (const AuthoritativeMxEvidence& server : evidence.authoritative_mx) {
    if (IsAuthoritativeFact(server)) out.push_back(&server);
  }
  return out;
}

// Why no authoritative server could be asked, in English.
std::string NoAuthoritativeReason(const MxEvidence& evidence) {
  if (!evidence.ns.has_value()) return "the NS question was not asked";
  switch (Classify(*evidence.ns)) {
    case AnswerKind::kNoResponse:
    case AnswerKind::kServerFailure:
      return absl::StrCat("could not find the name servers: ",
                          FailureReason(*evidence.ns));
    case AnswerKind::kNoData:
      return absl::StrCat(evidence.domain,
                          " has no NS records of its own (it is not a zone "
                          "apex); asking the enclosing zone is not done yet");
    default:
      break;
  }
  std::vector<std::string> reasons;
  if (evidence.authoritative_mx.empty()) {
    for (const NsHostEvidence& host : evidence.ns_hosts) {
      for (const auto* ex : {&host.a, &host.aaaa}) {
        if (ex->has_value() && !IsConclusive(Classify(**ex))) {
          reasons.push_back(FailureReason(**ex));
        }
      }
    }
    if (reasons.empty()) {
      return "no address was found for any name server";
    }
  }
  for (const AuthoritativeMxEvidence& server : evidence.authoritative_mx) {
    if (!IsConclusive(Classify(server.mx))) {
      reasons.push_back(FailureReason(server.mx));
    } else if (!server.mx.authoritative_answer()) {
      reasons.push_back(absl::StrCat(server.mx.server(), " (", server.ns_host,
                                     ") answered without the AA bit"));
    }
  }
  return absl::StrJoin(reasons, "; ");
}

// How a server's MX answer compares to others: "NXDOMAIN", "(none)" for
// NODATA, or the sorted RRset.
std::string AnswerSignature(const v1::DnsExchange& exchange) {
  switch (Classify(exchange)) {
    case AnswerKind::kNxDomain:
      return "NXDOMAIN";
    case AnswerKind::kNoData:
      return "(none)";
    default:
      return FormatMxSet(MxRecords(exchange));
  }
}

bool IsNullMx(const std::vector<MxRecord>& records) {
  return records.size() == 1 && records[0].target.empty();
}

void AddAuthoritativeEvidence(v1::CheckResult& result,
                              const MxEvidence& evidence) {
  for (const AuthoritativeMxEvidence& server : evidence.authoritative_mx) {
    AddEvidence(result, server.mx);
  }
}

// dns.mx.present from one view's answer kind and records.
v1::CheckResult PresentFromView(const MxEvidence& evidence, AnswerKind kind,
                                const std::vector<MxRecord>& records,
                                absl::string_view view) {
  constexpr absl::string_view id = kCheckMxPresent;
  const MessageArgs args = {{"domain", evidence.domain},
                            {"view", std::string(view)},
                            {"count", absl::StrCat(records.size())}};
  if (kind == AnswerKind::kNxDomain) {
    return MakeResult(id, v1::DNS, v1::FAIL, "dns.mx.present.fail_nxdomain",
                      args, v1::DOMAIN_NOT_FOUND);
  }
  if (kind == AnswerKind::kNoData) {
    return MakeResult(id, v1::DNS, v1::FAIL, "dns.mx.present.fail_nodata", args,
                      v1::MX_MISSING);
  }
  if (IsNullMx(records)) {
    return MakeResult(id, v1::DNS, v1::FAIL, "dns.mx.present.fail_null_mx",
                      args, v1::MX_MISSING);
  }
  return MakeResult(id, v1::DNS, v1::PASS, "dns.mx.present.pass", args);
}

}  // namespace

v1::CheckResult CheckMxPresent(const MxEvidence& evidence) {
  constexpr absl::string_view id = kCheckMxPresent;
  const std::vector<const AuthoritativeMxEvidence*> facts =
      AuthoritativeFacts(evidence);
  const AnswerKind recursive = evidence.mx.has_value()
                                   ? Classify(*evidence.mx)
                                   : AnswerKind::kNoResponse;
  v1::CheckResult result;
  if (!facts.empty()) {
    int with_mx = 0, nxdomain = 0;
    for (const AuthoritativeMxEvidence* server : facts) {
      const AnswerKind kind = Classify(server->mx);
      with_mx += kind == AnswerKind::kRecords;
      nxdomain += kind == AnswerKind::kNxDomain;
    }
    const int total = static_cast<int>(facts.size());
    if (with_mx > 0 && with_mx < total) {
      result =
          MakeResult(id, v1::DNS, v1::WARN, "dns.mx.present.warn_auth_split",
                     {{"domain", evidence.domain},
                      {"with_mx", absl::StrCat(with_mx)},
                      {"without_mx", absl::StrCat(total - with_mx)}},
                     v1::DNS_INCONSISTENT_AUTHORITATIVE);
    } else if (with_mx > 0 && (recursive == AnswerKind::kNoData ||
                               recursive == AnswerKind::kNxDomain)) {
      // The zone has the MX; only the resolver's cache says otherwise: a
      // cached negative answer, which dns.propagation.recursive judges (with
      // its ETA). Not a missing MX.
      result = MakeResult(
          id, v1::DNS, v1::INFO, "dns.mx.present.info_recursive_negative",
          {{"domain", evidence.domain},
           {"resolver", evidence.mx->server()},
           {"rcode",
            recursive == AnswerKind::kNxDomain ? "NXDOMAIN" : "NODATA"}});
    } else if (with_mx > 0 && !IsConclusive(recursive)) {
      // The zone has MX records, but senders resolve through resolvers, and
      // ours could not get them: whether mail finds the MX is unknown.
      result = MakeInconclusive(
          id, v1::DNS,
          absl::StrCat(evidence.mx.has_value()
                           ? FailureReason(*evidence.mx)
                           : "the MX question was not asked",
                       "; the authoritative servers do publish MX records"));
    } else {
      const AnswerKind kind = with_mx > 0         ? AnswerKind::kRecords
                              : nxdomain == total ? AnswerKind::kNxDomain
                                                  : AnswerKind::kNoData;
      result = PresentFromView(evidence, kind, MxRecords(facts[0]->mx),
                               "authoritative");
    }
  } else if (!evidence.mx.has_value()) {
    result = MakeInconclusive(id, v1::DNS, "the MX question was not asked");
  } else if (!IsConclusive(recursive)) {
    result = MakeInconclusive(id, v1::DNS, FailureReason(*evidence.mx));
  } else {
    result = PresentFromView(evidence, recursive, MxRecords(*evidence.mx),
                             "recursive");
  }
  if (evidence.mx.has_value()) AddEvidence(result, *evidence.mx);
  AddAuthoritativeEvidence(result, evidence);
  return result;
}

v1::CheckResult CheckRrsetAuthConsistency(const MxEvidence& evidence) {
  constexpr absl::string_view id = kCheckRrsetAuthConsistency;
  v1::CheckResult result;
  const std::vector<const AuthoritativeMxEvidence*> facts =
      AuthoritativeFacts(evidence);
  if (evidence.ns.has_value() &&
      Classify(*evidence.ns) == AnswerKind::kNxDomain) {
    result = MakeSkipped(
        id, v1::DNS,
        absl::StrCat(evidence.domain,
                     " does not exist (NXDOMAIN): there are no authoritative "
                     "servers to compare"));
  } else if (facts.empty()) {
    result = MakeInconclusive(id, v1::DNS, NoAuthoritativeReason(evidence));
  } else {
    // Group servers by the answer they gave.
    std::map<std::string, std::vector<std::string>> servers_by_answer;
    for (const AuthoritativeMxEvidence* server : facts) {
      servers_by_answer[AnswerSignature(server->mx)].push_back(
          absl::StrCat(server->ns_host, " (", server->address, ")"));
    }
    const std::string authoritative = servers_by_answer.begin()->first;
    if (servers_by_answer.size() > 1) {
      std::vector<std::string> details;
      for (const auto& [answer, servers] : servers_by_answer) {
        details.push_back(
            absl::StrCat(absl::StrJoin(servers, ", "), ": ", answer));
      }
      result = MakeResult(id, v1::DNS, v1::WARN,
                          "dns.rrset.auth_consistency.warn_differ",
                          {{"domain", evidence.domain},
                           {"details", absl::StrJoin(details, "; ")}},
                          v1::DNS_INCONSISTENT_AUTHORITATIVE);
    } else if (evidence.mx.has_value() &&
               IsConclusive(Classify(*evidence.mx)) &&
               AnswerSignature(*evidence.mx) != authoritative) {
      // Typically a cache still holding the previous RRset; judging whether
      // it is within its TTL is the propagation check's job (later).
      result = MakeResult(id, v1::DNS, v1::INFO,
                          "dns.rrset.auth_consistency.info_recursive_differs",
                          {{"domain", evidence.domain},
                           {"authoritative", authoritative},
                           {"recursive", AnswerSignature(*evidence.mx)},
                           {"resolver", evidence.mx->server()}});
    } else {
      result =
          MakeResult(id, v1::DNS, v1::PASS, "dns.rrset.auth_consistency.pass",
                     {{"domain", evidence.domain},
                      {"count", absl::StrCat(facts.size())},
                      {"rrset", authoritative}});
    }
    if (facts.size() < evidence.authoritative_mx.size()) {
      AddNote(result,
              absl::StrCat("not compared: ", NoAuthoritativeReason(evidence)));
    }
  }
  if (evidence.ns.has_value()) AddEvidence(result, *evidence.ns);
  for (const NsHostEvidence& host : evidence.ns_hosts) {
    if (host.a.has_value()) AddEvidence(result, *host.a);
    if (host.aaaa.has_value()) AddEvidence(result, *host.aaaa);
  }
  AddAuthoritativeEvidence(result, evidence);
  if (evidence.mx.has_value()) AddEvidence(result, *evidence.mx);
  return result;
}

}  // namespace ndrdiag
