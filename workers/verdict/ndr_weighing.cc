#include "workers/verdict/ndr_weighing.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace ndrdiag::verdict_internal {
namespace {

// The checks whose PASS says a cause is absent now, and what to attach to
// test a cause none of them could judge.
struct Deciders {
  std::vector<absl::string_view> ids;
  absl::string_view confirm_key;
};

Deciders DecidersOf(v1::RootCause cause) {
  constexpr absl::string_view kDns = "verdict.confirm.dns";
  constexpr absl::string_view kSnapshot = "verdict.confirm.snapshot";
  constexpr absl::string_view kOnPrem = "verdict.confirm.onprem";
  switch (cause) {
    case v1::DOMAIN_NOT_FOUND:
    case v1::MX_MISSING:
      return {{"dns.mx.present"}, kDns};
    case v1::MX_INCORRECT:
      return {{"dns.mx.target_format", "tenant.dns_records_match"}, kDns};
    case v1::MX_MULTIPLE:
      return {{"dns.mx.single_record"}, kDns};
    case v1::MX_TARGET_UNRESOLVABLE:
      return {{"dns.mx.target_resolves"}, kDns};
    case v1::MX_LEGACY_ENDPOINT:
      return {{"dns.mx.legacy_target"}, kDns};
    case v1::DNS_PROPAGATION:
      return {{"dns.propagation.recursive"}, kDns};
    case v1::DNS_INCONSISTENT_AUTHORITATIVE:
      return {{"dns.rrset.auth_consistency", "dns.soa.serial_consistency"},
              kDns};
    case v1::DNS_LAME_DELEGATION:
      return {{"dns.auth.reachable"}, kDns};
    case v1::DOMAIN_NOT_ACCEPTED:
      return {{"tenant.domain.accepted", "tenant.domain.email_service"},
              kSnapshot};
    case v1::DOMAIN_NOT_VERIFIED:
      return {{"tenant.domain.verified"}, kSnapshot};
    case v1::ACCEPTED_DOMAIN_TYPE:
      return {{"tenant.domain.type"}, kSnapshot};
    case v1::SERVICE_INCIDENT:
      return {{"tenant.service_health"}, kSnapshot};
    case v1::RECIPIENT_NOT_FOUND:
      return {{"tenant.recipient.dbeb", "smtp.rcpt.known"},
              "verdict.confirm.recipient"};
    case v1::HOST_NOT_RESPONDING:
      return {{"smtp.mx.connect"}, "verdict.confirm.probe"};
    case v1::CONNECTOR_MISCONFIGURED:
      return {{"conn.inbound.onprem_exists", "conn.inbound.cert_match",
               "conn.inbound.ip_match", "conn.outbound.onprem"},
              kOnPrem};
    case v1::HYBRID_SEND_CONNECTOR:
      return {{"hybrid.sendconn.to_o365", "hybrid.sendconn.internet_via_eop"},
              kOnPrem};
    case v1::HYBRID_RECEIVE_CONNECTOR:
      return {{"hybrid.recvconn.frontend", "hybrid.onprem.accepts_domains",
               "conn.outbound.smarthost_smtp"},
              kOnPrem};
    case v1::HYBRID_CERTIFICATE:
      return {{"hybrid.sendconn.cert", "conn.inbound.cert_match"}, kOnPrem};
    case v1::HYBRID_ROUTING_DOMAIN:
      return {{"hybrid.coexistence_domain", "hybrid.targetaddress"}, kOnPrem};
    default:
      return {{}, kSnapshot};
  }
}

const v1::CheckResult* Find(const std::vector<v1::CheckResult>& results,
                            absl::string_view id) {
  for (const v1::CheckResult& r : results) {
    if (r.check_id() == id) return &r;
  }
  return nullptr;
}

std::string Arg(const v1::CheckResult& r, const std::string& name) {
  auto it = r.message_args().find(name);
  return it == r.message_args().end() ? "" : it->second;
}

std::optional<absl::Time> ParseRfc3339(const std::string& text) {
  absl::Time t;
  std::string err;
  if (text.empty() || !absl::ParseTime(absl::RFC3339_full, text, &t, &err)) {
    return std::nullopt;
  }
  return t;
}

absl::Time CeilToMinute(absl::Time t) {
  int64_t s = absl::ToUnixSeconds(t);  // floor
  if (absl::FromUnixSeconds(s) < t) ++s;
  return absl::FromUnixSeconds((s + 59) / 60 * 60);
}

}  // namespace

bool IsNdrResult(const v1::CheckResult& r) {
  return r.family() == v1::NDR || absl::StartsWith(r.check_id(), "ndr.");
}

NdrFacts ReadNdr(const std::vector<v1::CheckResult>& results,
                 const v1::NdrReport* ndr) {
  NdrFacts facts;
  std::string reply, rejected_by, generating, remote;
  std::vector<std::string> recipients;
  if (ndr != nullptr) {
    for (int c : ndr->causes()) {
      facts.causes.push_back(static_cast<v1::RootCause>(c));
    }
    reply = ndr->reply_text();
    if (reply.empty() && ndr->reply_code() != 0) {
      reply = absl::StrCat(ndr->reply_code(), " ", ndr->enhanced_status());
    }
    if (reply.empty()) reply = ndr->enhanced_status();
    rejected_by = ndr->rejected_by();
    generating = ndr->generating_server();
    remote = ndr->remote_server();
    recipients.assign(ndr->recipients().begin(), ndr->recipients().end());
  } else if (const v1::CheckResult* r = Find(results, kNdrClassifyId);
             r != nullptr && r->status() == v1::WARN) {
    for (absl::string_view name :
         absl::StrSplit(Arg(*r, "causes"), ',', absl::SkipWhitespace())) {
      v1::RootCause cause;
      if (v1::RootCause_Parse(std::string(absl::StripAsciiWhitespace(name)),
                              &cause)) {
        facts.causes.push_back(cause);
      }
    }
    reply = Arg(*r, "reply");
    rejected_by = Arg(*r, "rejected_by");
    generating = Arg(*r, "generating_server");
    remote = Arg(*r, "remote_server");
  }
  facts.causes.erase(std::remove_if(facts.causes.begin(), facts.causes.end(),
                                    [](v1::RootCause c) {
                                      return c == v1::UNKNOWN ||
                                             c == v1::ROOT_CAUSE_UNSPECIFIED ||
                                             c == v1::HEALTHY;
                                    }),
                     facts.causes.end());
  facts.present = !facts.causes.empty();
  std::string server = rejected_by == "generating" ? generating : remote;
  if (server.empty()) server = remote.empty() ? generating : remote;
  // "unnamed" is a term the catalogue translates (term.ndr_server.unnamed).
  facts.args = {{"ndr_reply", reply.empty() ? "?" : reply},
                {"ndr_server", server.empty() ? "unnamed" : server},
                {"ndr_generating", generating.empty() ? "unnamed" : generating},
                {"ndr_rejected_by", rejected_by}};
  if (!recipients.empty()) {
    facts.args["ndr_recipients"] = absl::StrJoin(recipients, ", ");
    facts.args["ndr_recipient"] = recipients.front();
  }
  return facts;
}

CauseCheckState CheckStateOf(v1::RootCause cause,
                             const std::vector<v1::CheckResult>& results) {
  CauseCheckState out;
  const Deciders deciders = DecidersOf(cause);
  out.confirm_key = std::string(deciders.confirm_key);
  bool supported = false;
  for (const v1::CheckResult& r : results) {
    if (IsNdrResult(r)) continue;
    if ((r.status() == v1::WARN || r.status() == v1::FAIL) &&
        r.cause() == cause) {
      supported = true;
    }
  }
  for (absl::string_view id : deciders.ids) {
    const v1::CheckResult* r = Find(results, id);
    if (r != nullptr && r->status() == v1::PASS) {
      out.passed.emplace_back(id);
    } else if (r == nullptr || r->status() == v1::SKIPPED ||
               r->status() == v1::INCONCLUSIVE) {
      out.not_made.emplace_back(id);
    }
  }
  if (supported) {
    out.state = CauseCheck::kSupported;
  } else if (!out.passed.empty()) {
    out.state = CauseCheck::kContradicted;
  }
  return out;
}

std::optional<PropagationHint> ReadPropagation(
    const std::vector<v1::CheckResult>& results, absl::Time now) {
  const v1::CheckResult* r = Find(results, "dns.propagation.recursive");
  if (r == nullptr) return std::nullopt;
  PropagationHint hint;
  // A caller that set no clock: only the check's own ETA can be trusted.
  const bool no_clock = now == absl::UnixEpoch();
  if (r->status() == v1::WARN && r->cause() == v1::DNS_PROPAGATION) {
    int64_t remaining = 0;
    if (no_clock) {
      auto eta = ParseRfc3339(Arg(*r, "eta_rfc3339"));
      if (!eta) return std::nullopt;
      hint.retest = *eta;
      now = *eta;
    } else if (absl::SimpleAtoi(Arg(*r, "remaining_ttl"), &remaining)) {
      hint.retest = now + absl::Seconds(remaining);
    } else if (auto eta = ParseRfc3339(Arg(*r, "eta_rfc3339"))) {
      hint.retest = std::max(*eta, now);
    } else {
      return std::nullopt;
    }
    hint.stale = true;
  } else if (r->status() == v1::PASS && !no_clock) {
    auto earliest = ParseRfc3339(Arg(*r, "changed_earliest"));
    auto latest = ParseRfc3339(Arg(*r, "changed_latest"));
    int64_t ttl = 0;
    if (!earliest || !latest || !absl::SimpleAtoi(Arg(*r, "ttl"), &ttl)) {
      return std::nullopt;
    }
    // Only a change surely within the TTL counts: a date serial says "some
    // time that day", which alone proves nothing.
    if (*earliest + absl::Seconds(ttl) <= now) return std::nullopt;
    hint.recent = true;
    hint.retest = std::min(*latest, now) + absl::Seconds(ttl);
    hint.changed_text =
        absl::FormatTime("%Y-%m-%d %H:%M UTC", *earliest, absl::UTCTimeZone());
    hint.ttl = absl::StrCat(ttl);
  } else {
    return std::nullopt;
  }
  hint.retest = CeilToMinute(hint.retest);
  hint.retest_text = FormatRetest(hint.retest, now);
  return hint;
}

std::string FormatRetest(absl::Time t, absl::Time now) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  const bool same_day = absl::ToCivilDay(t, utc) == absl::ToCivilDay(now, utc);
  return absl::FormatTime(same_day ? "%H:%M UTC" : "%Y-%m-%d %H:%M UTC", t,
                          utc);
}

}  // namespace ndrdiag::verdict_internal
