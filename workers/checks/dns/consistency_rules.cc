// dns.soa.serial_consistency and dns.rrset.auth_consistency: do all
// authoritative addresses serve the same version of the zone, and the same
// data?
#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "workers/checks/check_result.h"
#include "workers/checks/dns/dns_answers.h"
#include "workers/checks/dns/dns_checks.h"
#include "workers/checks/dns/zone_answers.h"

namespace ndrdiag {
namespace {

struct ServerSoa {
  const AuthServerEvidence* server;
  SoaAnswer soa;
};

std::vector<ServerSoa> Serials(const ZoneEvidence& zone) {
  std::vector<ServerSoa> out;
  for (const AuthServerEvidence& server : zone.servers) {
    if (!IsAuthFact(server.soa)) continue;
    std::optional<SoaAnswer> soa = SoaOf(*server.soa);
    if (soa.has_value()) out.push_back({&server, *soa});
  }
  return out;
}

std::string NotAnsweredReason(
    const ZoneEvidence& zone,
    std::optional<v1::DnsExchange> AuthServerEvidence::*field) {
  std::vector<std::string> reasons;
  for (const AuthServerEvidence& server : zone.servers) {
    const auto& ex = server.*field;
    if (!ex.has_value()) continue;
    std::string reason = FailureReason(*ex);
    if (!reason.empty()) {
      reasons.push_back(reason);
    } else if (!ex->authoritative_answer()) {
      reasons.push_back(
          absl::StrCat(ServerLabel(server), " answered without the AA bit"));
    }
  }
  if (zone.servers.empty()) {
    return absl::StrCat("no authoritative address of ", zone.domain,
                        " was found");
  }
  return absl::StrJoin(reasons, "; ");
}

void AddField(v1::CheckResult& result, const ZoneEvidence& zone,
              std::optional<v1::DnsExchange> AuthServerEvidence::*field) {
  for (const AuthServerEvidence& server : zone.servers) {
    if ((server.*field).has_value()) AddEvidence(result, *(server.*field));
  }
}

}  // namespace

v1::CheckResult CheckSoaSerialConsistency(const DnsEvidence& evidence) {
  if (auto skip = SkipIfNoZone(kCheckSoaSerialConsistency, evidence.zone))
    return *std::move(skip);
  constexpr absl::string_view id = kCheckSoaSerialConsistency;
  const ZoneEvidence& zone = evidence.zone;
  const std::vector<ServerSoa> serials = Serials(zone);
  v1::CheckResult result;
  if (serials.empty()) {
    result = MakeInconclusive(
        id, v1::DNS,
        absl::StrCat("no authoritative SOA: ",
                     NotAnsweredReason(zone, &AuthServerEvidence::soa)));
    AddField(result, zone, &AuthServerEvidence::soa);
    return result;
  }
  // The newest serial: not older than any other (RFC 1982). If two serials
  // cannot be ordered (2^31 apart) the servers cannot be in sync by design.
  const ServerSoa* newest = &serials[0];
  bool undefined = false;
  for (const ServerSoa& s : serials) {
    std::optional<int> c =
        CompareSerials(s.soa.soa.serial, newest->soa.soa.serial);
    if (!c.has_value())
      undefined = true;
    else if (*c > 0)
      newest = &s;
  }
  std::vector<std::string> listing;
  std::vector<const ServerSoa*> behind;
  for (const ServerSoa& s : serials) {
    listing.push_back(
        absl::StrCat(ServerLabel(*s.server), ": ", s.soa.soa.serial));
    if (s.soa.soa.serial != newest->soa.soa.serial) behind.push_back(&s);
  }
  const dns::SoaData& soa = newest->soa.soa;
  MessageArgs args = {{"domain", zone.domain},
                      {"servers", absl::StrJoin(listing, "; ")},
                      {"newest", absl::StrCat(soa.serial)},
                      {"refresh", absl::StrCat(soa.refresh)},
                      {"retry", absl::StrCat(soa.retry)},
                      {"expire", absl::StrCat(soa.expire)}};
  if (behind.empty()) {
    result = MakeResult(id, v1::DNS, v1::PASS,
                        "dns.soa.serial_consistency.pass", args);
  } else if (undefined) {
    result = MakeResult(id, v1::DNS, v1::FAIL,
                        "dns.soa.serial_consistency.fail_undefined", args,
                        v1::DNS_INCONSISTENT_AUTHORITATIVE);
  } else {
    std::vector<std::string> lagging;
    for (const ServerSoa* s : behind) {
      lagging.push_back(
          absl::StrCat(ServerLabel(*s->server), " (", s->soa.soa.serial, ")"));
    }
    args.push_back({"behind", absl::StrJoin(lagging, ", ")});
    // A secondary that is behind has not refreshed since the newest change,
    // so the age of that change bounds how long it has been failing. DNS
    // does not say when a zone changed; a serial that is a date or a Unix
    // time does (the common conventions), nothing else does.
    const absl::Duration refresh = absl::Seconds(soa.refresh);
    const absl::Duration retry = absl::Seconds(soa.retry);
    const absl::Duration expire = absl::Seconds(soa.expire);
    std::optional<SerialTime> changed = TimeOfSerial(soa.serial, evidence.now);
    if (!changed.has_value() || changed->earliest > evidence.now) {
      result = MakeResult(id, v1::DNS, v1::WARN,
                          "dns.soa.serial_consistency.warn_age_unknown", args,
                          v1::DNS_INCONSISTENT_AUTHORITATIVE);
    } else {
      // The least age consistent with the serial (a date serial may have
      // been made any time that day).
      const absl::Duration min_age =
          std::max(absl::ZeroDuration(), evidence.now - changed->latest);
      const absl::Duration max_age = evidence.now - changed->earliest;
      args.push_back({"age", FormatAge(min_age)});
      args.push_back({"changed", FormatUtc(changed->earliest)});
      if (min_age > expire || min_age > 2 * refresh) {
        args.push_back({"limit", min_age > expire ? "EXPIRE" : "2 x REFRESH"});
        result = MakeResult(id, v1::DNS, v1::FAIL,
                            "dns.soa.serial_consistency.fail_inconsistent",
                            args, v1::DNS_INCONSISTENT_AUTHORITATIVE);
      } else if (max_age < refresh + retry) {
        args.push_back({"eta", FormatUtc(changed->latest + refresh + retry)});
        result = MakeResult(id, v1::DNS, v1::WARN,
                            "dns.soa.serial_consistency.warn_catching_up", args,
                            v1::DNS_INCONSISTENT_AUTHORITATIVE);
      } else {
        result = MakeResult(id, v1::DNS, v1::WARN,
                            "dns.soa.serial_consistency.warn_late", args,
                            v1::DNS_INCONSISTENT_AUTHORITATIVE);
      }
    }
  }
  AddField(result, zone, &AuthServerEvidence::soa);
  return result;
}

v1::CheckResult CheckZoneRrsetConsistency(const DnsEvidence& evidence) {
  if (auto skip = SkipIfNoZone(kCheckRrsetAuthConsistency, evidence.zone))
    return *std::move(skip);
  constexpr absl::string_view id = kCheckRrsetAuthConsistency;
  const ZoneEvidence& zone = evidence.zone;
  struct Kind {
    const char* name;
    std::optional<v1::DnsExchange> AuthServerEvidence::*field;
  };
  const Kind kinds[] = {
      {"MX", &AuthServerEvidence::mx},
      {"TXT", &AuthServerEvidence::txt},
      {"autodiscover CNAME", &AuthServerEvidence::autodiscover}};
  v1::CheckResult result;
  std::vector<std::string> details;
  bool equal_serials = false;
  int compared = 0;
  std::string mx_signature;
  for (const Kind& kind : kinds) {
    // Signature -> servers, and each server's serial.
    std::map<std::string, std::vector<const AuthServerEvidence*>> groups;
    for (const AuthServerEvidence& server : zone.servers) {
      if (!IsAuthFact(server.*kind.field)) continue;
      groups[RrsetSignature(*(server.*kind.field))].push_back(&server);
    }
    if (groups.empty()) continue;
    ++compared;
    if (kind.field == &AuthServerEvidence::mx && groups.size() == 1) {
      mx_signature = groups.begin()->first;
    }
    if (groups.size() == 1) continue;
    std::vector<std::string> parts;
    std::map<uint32_t, std::set<std::string>> signatures_by_serial;
    for (const auto& [sig, servers] : groups) {
      std::vector<std::string> labels;
      for (const AuthServerEvidence* s : servers) {
        std::optional<SoaAnswer> soa =
            IsAuthFact(s->soa) ? SoaOf(*s->soa) : std::nullopt;
        labels.push_back(absl::StrCat(
            ServerLabel(*s),
            soa ? absl::StrCat(" serial ", soa->soa.serial) : std::string()));
        if (soa) signatures_by_serial[soa->soa.serial].insert(sig);
      }
      parts.push_back(absl::StrCat(absl::StrJoin(labels, ", "), ": ", sig));
    }
    for (const auto& [serial, sigs] : signatures_by_serial) {
      if (sigs.size() > 1) equal_serials = true;
    }
    details.push_back(
        absl::StrCat(kind.name, " — ", absl::StrJoin(parts, "; ")));
  }
  const MessageArgs base = {{"domain", zone.domain}};
  if (compared == 0) {
    result = MakeInconclusive(
        id, v1::DNS,
        absl::StrCat("no authoritative answer to compare: ",
                     NotAnsweredReason(zone, &AuthServerEvidence::mx)));
  } else if (!details.empty()) {
    MessageArgs args = base;
    args.push_back({"details", absl::StrJoin(details, " | ")});
    // Same serial, different data: the servers claim the same version of
    // the zone and still differ (separate zone files, a broken anycast
    // node); transfers will never fix that.
    result = equal_serials
                 ? MakeResult(id, v1::DNS, v1::FAIL,
                              "dns.rrset.auth_consistency.fail_same_serial",
                              args, v1::DNS_INCONSISTENT_AUTHORITATIVE)
                 : MakeResult(id, v1::DNS, v1::WARN,
                              "dns.rrset.auth_consistency.warn_serials_differ",
                              args, v1::DNS_INCONSISTENT_AUTHORITATIVE);
  } else if (!mx_signature.empty() && evidence.mx.mx.has_value() &&
             IsConclusive(Classify(*evidence.mx.mx)) &&
             RrsetSignature(*evidence.mx.mx) != mx_signature) {
    MessageArgs args = base;
    args.push_back({"authoritative", mx_signature});
    args.push_back({"recursive", RrsetSignature(*evidence.mx.mx)});
    args.push_back({"resolver", evidence.mx.mx->server()});
    result =
        MakeResult(id, v1::DNS, v1::INFO,
                   "dns.rrset.auth_consistency.info_recursive_differs", args);
  } else {
    MessageArgs args = base;
    args.push_back({"count", absl::StrCat(zone.servers.size())});
    args.push_back({"rrset", mx_signature.empty() ? "(none)" : mx_signature});
    result = MakeResult(id, v1::DNS, v1::PASS,
                        "dns.rrset.auth_consistency.pass", args);
  }
  if (result.status() != v1::INCONCLUSIVE) {
    const std::string missing =
        NotAnsweredReason(zone, &AuthServerEvidence::mx);
    if (!missing.empty())
      AddNote(result, absl::StrCat("not compared: ", missing));
  }
  AddField(result, zone, &AuthServerEvidence::soa);
  AddField(result, zone, &AuthServerEvidence::mx);
  AddField(result, zone, &AuthServerEvidence::txt);
  AddField(result, zone, &AuthServerEvidence::autodiscover);
  if (evidence.mx.mx.has_value()) AddEvidence(result, *evidence.mx.mx);
  return result;
}

}  // namespace ndrdiag
