// dns.propagation.recursive: the authoritative servers agree, so a panel
// resolver that answers otherwise is serving a cached copy. How long it may
// keep doing so is the cache's remaining TTL (RFC 1035 §3.2.1; for a cached
// NODATA/NXDOMAIN the negative TTL of RFC 2308 §5, min(SOA TTL, SOA
// MINIMUM)), which gives the ETA. A copy older than any TTL allows is not
// propagation.
#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "workers/checks/check_result.h"
#include "workers/checks/dns/dns_answers.h"
#include "workers/checks/dns/dns_checks.h"
#include "workers/checks/dns/zone_answers.h"

namespace ndrdiag {
namespace {

// Beyond the record's own TTL, how long a change may be said to propagate
// (the "up to 72 hours" of the seed article and KB2415053).
constexpr absl::Duration kPropagationAllowance = absl::Hours(72);

struct Stale {
  const PanelEvidence* resolver;
  std::string answer;
  absl::Duration remaining;  // how long the cache may still serve it
  bool negative = false;
};

// The remaining TTL of a cached positive answer: the largest TTL among its
// records of the asked type (they expire together in practice).
absl::Duration PositiveRemaining(const v1::DnsExchange& exchange) {
  uint32_t ttl = 0;
  for (const v1::DnsRecord& r : exchange.answers()) {
    if (r.type() == exchange.qtype()) ttl = std::max(ttl, r.ttl());
  }
  return absl::Seconds(ttl);
}

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

}  // namespace

v1::CheckResult CheckPropagationRecursive(const DnsEvidence& evidence) {
  if (auto skip = SkipIfNoZone(kCheckPropagationRecursive, evidence.zone))
    return *std::move(skip);
  constexpr absl::string_view id = kCheckPropagationRecursive;
  const ZoneEvidence& zone = evidence.zone;
  v1::CheckResult result;
  auto add_evidence = [&] {
    for (const AuthServerEvidence& s : zone.servers) {
      if (s.mx.has_value()) AddEvidence(result, *s.mx);
    }
    for (const PanelEvidence& p : zone.panel) {
      if (p.mx.has_value()) AddEvidence(result, *p.mx);
    }
  };

  // The truth: what the authoritative servers serve now.
  std::map<std::string, std::vector<const AuthServerEvidence*>> truths;
  for (const AuthServerEvidence& s : zone.servers) {
    if (IsAuthFact(s.mx)) truths[RrsetSignature(*s.mx)].push_back(&s);
  }
  if (truths.empty()) {
    std::vector<std::string> reasons;
    for (const AuthServerEvidence& s : zone.servers) {
      if (s.mx.has_value() && !FailureReason(*s.mx).empty()) {
        reasons.push_back(FailureReason(*s.mx));
      }
    }
    result = MakeInconclusive(
        id, v1::DNS,
        absl::StrCat("no authoritative MX answer to compare the resolvers "
                     "with",
                     reasons.empty() ? "" : ": ",
                     absl::StrJoin(reasons, "; ")));
    add_evidence();
    return result;
  }
  if (truths.size() > 1) {
    // Which answer is "new" is undecidable; the consistency checks say why.
    result = MakeResult(id, v1::DNS, v1::INFO,
                        "dns.propagation.recursive.info_auth_disagree",
                        {{"domain", zone.domain}});
    add_evidence();
    return result;
  }
  const std::string truth = truths.begin()->first;
  const v1::DnsExchange& truth_ex = *truths.begin()->second.front()->mx;

  // When the zone last changed, if its serial says so.
  std::optional<SerialTime> changed;
  std::optional<SoaAnswer> auth_soa;
  for (const AuthServerEvidence& s : zone.servers) {
    if (!IsAuthFact(s.soa)) continue;
    auth_soa = SoaOf(*s.soa);
    if (auth_soa) {
      changed = TimeOfSerial(auth_soa->soa.serial, evidence.now);
      break;
    }
  }

  std::vector<Stale> stale;
  std::vector<std::string> fresh, unknown;
  for (const PanelEvidence& p : zone.panel) {
    if (!p.mx.has_value() || !IsConclusive(Classify(*p.mx))) {
      unknown.push_back(p.mx.has_value()
                            ? FailureReason(*p.mx)
                            : absl::StrCat(p.server, ": not asked"));
      continue;
    }
    const std::string answer = RrsetSignature(*p.mx);
    if (answer == truth) {
      fresh.push_back(p.server);
      continue;
    }
    Stale s{&p, answer, absl::ZeroDuration(), false};
    if (Classify(*p.mx) == AnswerKind::kRecords) {
      s.remaining = PositiveRemaining(*p.mx);
    } else {
      // RFC 2308 §5: a negative answer is cached for min(SOA TTL, SOA
      // MINIMUM); the resolver's SOA TTL is already the remaining time.
      s.negative = true;
      std::optional<SoaAnswer> soa = SoaOf(*p.mx, /*authority=*/true);
      if (!soa && auth_soa) soa = auth_soa;
      if (soa) {
        s.remaining = absl::Seconds(std::min(soa->ttl, soa->soa.minimum));
      }
    }
    stale.push_back(std::move(s));
  }

  MessageArgs args = {{"domain", zone.domain}, {"authoritative", truth}};
  if (stale.empty()) {
    if (fresh.empty()) {
      result = MakeInconclusive(id, v1::DNS,
                                absl::StrCat("no panel resolver answered: ",
                                             absl::StrJoin(unknown, "; ")));
    } else {
      args.push_back({"resolvers", absl::StrJoin(fresh, ", ")});
      // When the zone last changed and the TTL of its MX: a sender's
      // resolver outside the panel may keep the old answer until then (the
      // verdict weighs an NDR against it).
      if (changed.has_value()) {
        uint32_t ttl = 0;
        for (const v1::DnsRecord& r : truth_ex.answers())
          ttl = std::max(ttl, r.ttl());
        args.push_back({"changed_earliest", Rfc3339(changed->earliest)});
        args.push_back({"changed_latest", Rfc3339(changed->latest)});
        args.push_back({"ttl", absl::StrCat(ttl)});
      }
      result = MakeResult(id, v1::DNS, v1::PASS,
                          "dns.propagation.recursive.pass", args);
      if (!unknown.empty()) {
        AddNote(result,
                absl::StrCat("not compared: ", absl::StrJoin(unknown, "; ")));
      }
    }
    add_evidence();
    return result;
  }

  absl::Duration longest = absl::ZeroDuration();
  std::vector<std::string> listing;
  // The original TTL is at least what the auth servers serve now and at
  // least what a cache still has left.
  uint32_t auth_ttl = 0;
  for (const v1::DnsRecord& r : truth_ex.answers())
    auth_ttl = std::max(auth_ttl, r.ttl());
  absl::Duration original_ttl = absl::Seconds(auth_ttl);
  bool main_stale = false;
  for (const Stale& s : stale) {
    longest = std::max(longest, s.remaining);
    original_ttl = std::max(original_ttl, s.remaining);
    listing.push_back(absl::StrCat(s.resolver->server, ": ", s.answer, " (",
                                   absl::ToInt64Seconds(s.remaining),
                                   " s left)"));
    if (!zone.panel.empty() && s.resolver == &zone.panel.front()) {
      main_stale = true;
    }
  }
  args.push_back({"stale", absl::StrJoin(listing, "; ")});
  args.push_back(
      {"fresh", fresh.empty() ? "(none)" : absl::StrJoin(fresh, ", ")});
  // The resolver the MX checks read is among the stale ones: their findings
  // are about the old answer (the verdict uses this).
  args.push_back({"recursive_stale", main_stale ? "true" : "false"});

  // Stale beyond TTL + 72 h after the change: no cache may still hold it.
  if (changed.has_value() && changed->latest <= evidence.now) {
    const absl::Duration since = evidence.now - changed->latest;
    if (since > original_ttl + kPropagationAllowance) {
      args.push_back({"changed", FormatUtc(changed->earliest)});
      args.push_back({"age", FormatAge(since)});
      args.push_back({"ttl", absl::StrCat(absl::ToInt64Seconds(original_ttl))});
      result = MakeResult(id, v1::DNS, v1::FAIL,
                          "dns.propagation.recursive.fail_too_stale", args,
                          v1::DNS_INCONSISTENT_AUTHORITATIVE);
      add_evidence();
      return result;
    }
  }
  const absl::Time eta = evidence.now + longest;
  args.push_back({"eta", FormatUtc(eta)});
  args.push_back({"eta_rfc3339", Rfc3339(eta)});
  // The longest remaining TTL, so a reader can re-base the ETA on its clock.
  args.push_back(
      {"remaining_ttl", absl::StrCat(absl::ToInt64Seconds(longest))});
  const bool all_negative = std::all_of(
      stale.begin(), stale.end(), [](const Stale& s) { return s.negative; });
  result =
      MakeResult(id, v1::DNS, v1::WARN,
                 all_negative ? "dns.propagation.recursive.warn_negative_cache"
                              : "dns.propagation.recursive.warn_propagating",
                 args, v1::DNS_PROPAGATION);
  if (!unknown.empty()) {
    AddNote(result,
            absl::StrCat("not compared: ", absl::StrJoin(unknown, "; ")));
  }
  add_evidence();
  return result;
}

}  // namespace ndrdiag
