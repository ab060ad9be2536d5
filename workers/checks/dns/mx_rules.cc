// The record checks of the MX family: they judge the MX RRset of the
// recursive answer (what sending servers act on). dns.mx.present and
// dns.rrset.auth_consistency live in mx_authoritative_rules.cc.
#include "workers/checks/dns/mx_rules.h"

#include <algorithm>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "workers/checks/check_result.h"
#include "workers/checks/dns/dns_answers.h"

namespace ndrdiag {
namespace {

constexpr absl::string_view kExoSuffix = "mail.protection.outlook.com";
constexpr absl::string_view kDaneSuffix = "mx.microsoft";

// §0 fact 4: endpoints that answer "451 4.4.62 ... ATTR35".
constexpr absl::string_view kLegacySuffixes[] = {
    "mail.messaging.microsoft.com",
    "mail.global.frontbridge.com",
};
// Listed in CHECKS.md as legacy but not confirmed by a source.
constexpr absl::string_view kUnconfirmedLegacySuffix = "mail.eo.outlook.com";

v1::CheckResult Result(absl::string_view id, v1::CheckStatus status,
                       absl::string_view key, const MessageArgs& args,
                       v1::RootCause cause = v1::ROOT_CAUSE_UNSPECIFIED) {
  return MakeResult(id, v1::DNS, status, key, args, cause);
}

std::string Key(absl::string_view id, absl::string_view outcome) {
  return absl::StrCat(id, ".", outcome);
}

bool IsTokenLabel(absl::string_view label) {
  if (label.empty()) return false;
  for (char c : label) {
    if (!absl::ascii_isalnum(c) && c != '-') return false;
  }
  return true;
}

// The token of an EXO-form target, or nullopt when `host` is not one:
//   ^[a-z0-9-]+\.mail\.protection\.outlook\.com$
//   ^[a-z0-9-]+\.[a-z0-9]+-v1\.mx\.microsoft$
std::optional<std::string> ExoFormToken(absl::string_view host) {
  if (HasDomainSuffix(host, kExoSuffix)) {
    absl::string_view token = host.substr(0, host.size() - kExoSuffix.size());
    if (token.empty()) return std::nullopt;
    token.remove_suffix(1);  // the dot
    if (IsTokenLabel(token)) return std::string(token);
    return std::nullopt;
  }
  if (HasDomainSuffix(host, kDaneSuffix)) {
    absl::string_view rest = host.substr(0, host.size() - kDaneSuffix.size());
    if (rest.empty()) return std::nullopt;
    rest.remove_suffix(1);
    size_t dot = rest.find('.');
    if (dot == absl::string_view::npos) return std::nullopt;
    absl::string_view token = rest.substr(0, dot);
    absl::string_view region = rest.substr(dot + 1);
    if (!IsTokenLabel(token) || !absl::EndsWith(region, "-v1")) {
      return std::nullopt;
    }
    region.remove_suffix(3);
    if (region.empty() || region.find('-') != absl::string_view::npos ||
        !IsTokenLabel(region)) {
      return std::nullopt;
    }
    return std::string(token);
  }
  return std::nullopt;
}

bool IsLegacyTarget(absl::string_view host) {
  for (absl::string_view suffix : kLegacySuffixes) {
    if (HasDomainSuffix(host, suffix)) return true;
  }
  return HasDomainSuffix(host, kUnconfirmedLegacySuffix);
}

// Any host Exchange Online Protection answers for, current or legacy.
bool IsEopTarget(absl::string_view host) {
  return HasDomainSuffix(host, kExoSuffix) ||
         HasDomainSuffix(host, kDaneSuffix) || IsLegacyTarget(host);
}

std::string ExpectedMx(absl::string_view domain) {
  return absl::StrCat(ExoToken(domain), ".", kExoSuffix);
}

std::string TargetList(const std::vector<MxRecord>& records) {
  return absl::StrJoin(records, ", ", [](std::string* out, const MxRecord& r) {
    absl::StrAppend(out, r.target.empty() ? "." : r.target);
  });
}

// The recursive MX records to judge, or the result to give when there are
// none (the answer failed, or the domain has no MX: dns.mx.present says so).
struct RecordsOrResult {
  std::vector<MxRecord> records;
  std::optional<v1::CheckResult> result;
};
RecordsOrResult RecursiveRecords(absl::string_view id,
                                 const MxEvidence& evidence) {
  RecordsOrResult out;
  if (!evidence.mx.has_value()) {
    out.result = MakeInconclusive(id, v1::DNS, "the MX question was not asked");
    return out;
  }
  const v1::DnsExchange& mx = *evidence.mx;
  switch (Classify(mx)) {
    case AnswerKind::kNoResponse:
    case AnswerKind::kServerFailure:
      out.result = MakeInconclusive(id, v1::DNS, FailureReason(mx));
      break;
    case AnswerKind::kNxDomain:
      out.result = MakeSkipped(
          id, v1::DNS,
          absl::StrCat(evidence.domain,
                       " does not exist (NXDOMAIN); see dns.mx.present"));
      break;
    case AnswerKind::kNoData:
      out.result =
          MakeSkipped(id, v1::DNS,
                      absl::StrCat(evidence.domain,
                                   " has no MX records; see dns.mx.present"));
      break;
    case AnswerKind::kRecords:
      out.records = MxRecords(mx);
      if (out.records.empty()) {
        out.result = MakeInconclusive(
            id, v1::DNS,
            absl::StrCat(mx.server(), " answered MX records for ",
                         evidence.domain, " that could not be read"));
      }
      break;
  }
  if (out.result.has_value()) AddEvidence(*out.result, mx);
  return out;
}

}  // namespace

std::string ExoToken(absl::string_view domain) {
  return absl::StrReplaceAll(NormalizeName(domain), {{".", "-"}});
}

v1::CheckResult CheckMxSingleRecord(const MxEvidence& evidence) {
  constexpr absl::string_view id = kCheckMxSingleRecord;
  RecordsOrResult in = RecursiveRecords(id, evidence);
  if (in.result.has_value()) return *std::move(in.result);
  const std::vector<MxRecord>& records = in.records;
  const MessageArgs args = {{"domain", evidence.domain},
                            {"count", absl::StrCat(records.size())},
                            {"targets", TargetList(records)}};
  v1::CheckResult result;
  if (records.size() == 1) {
    result = Result(id, v1::PASS, Key(id, "pass"), args);
  } else if (records.size() == 2 &&
             ((HasDomainSuffix(records[0].target, kExoSuffix) &&
               HasDomainSuffix(records[1].target, kDaneSuffix)) ||
              (HasDomainSuffix(records[0].target, kDaneSuffix) &&
               HasDomainSuffix(records[1].target, kExoSuffix)))) {
    // Documented temporary state while DNSSEC/DANE inbound is enabled; not a
    // cause of 5.4.1 by itself, so no cause is named.
    result = Result(id, v1::WARN, Key(id, "warn_dnssec_cutover"), args);
  } else if (std::any_of(records.begin(), records.end(), [](const MxRecord& r) {
               return IsEopTarget(r.target);
             })) {
    result =
        Result(id, v1::FAIL, Key(id, "fail_multiple"), args, v1::MX_MULTIPLE);
  } else {
    result = Result(id, v1::INFO, Key(id, "info_multiple_non_eop"), args);
  }
  AddEvidence(result, *evidence.mx);
  return result;
}

v1::CheckResult CheckMxTargetFormat(const MxEvidence& evidence) {
  constexpr absl::string_view id = kCheckMxTargetFormat;
  RecordsOrResult in = RecursiveRecords(id, evidence);
  if (in.result.has_value()) return *std::move(in.result);
  const std::string expected_token = ExoToken(evidence.domain);
  const MxRecord* exo = nullptr;
  const MxRecord* wrong_token = nullptr;
  std::string token_found;
  for (const MxRecord& record : in.records) {
    std::optional<std::string> token = ExoFormToken(record.target);
    if (!token.has_value()) continue;
    if (exo == nullptr) exo = &record;
    if (*token != expected_token && wrong_token == nullptr) {
      wrong_token = &record;
      token_found = *token;
    }
  }
  MessageArgs args = {{"domain", evidence.domain},
                      {"targets", TargetList(in.records)},
                      {"expected", ExpectedMx(evidence.domain)}};
  v1::CheckResult result;
  if (exo == nullptr) {
    // Whether this is wrong depends on the accepted-domain type
    // (Authoritative -> FAIL, InternalRelay -> INFO), which only a tenant
    // snapshot tells; until then WARN and say why.
    // FAIL for an Authoritative accepted domain, INFO for InternalRelay; only
    // a tenant snapshot tells which. Authoritative is the type Exchange
    // Online gives a new accepted domain, and the one whose mail bounces
    // with 5.4.1 when the MX is elsewhere, so it is assumed (and said).
    result =
        Result(id, v1::FAIL, Key(id, "fail_not_exo"), args, v1::MX_INCORRECT);
  } else if (wrong_token != nullptr) {
    args.push_back({"target", wrong_token->target});
    args.push_back({"token", token_found});
    args.push_back({"expected_token", expected_token});
    // <d-> followed by a suffix ("contoso-com01c") is an observed token form
    // (CHECKS.md: unconfirmed); it is worth a look but names no cause. Any
    // other token is probably a typo or another domain's MX.
    const bool suffixed = absl::StartsWith(token_found, expected_token);
    result = Result(id, v1::WARN, Key(id, "warn_token"), args,
                    suffixed ? v1::ROOT_CAUSE_UNSPECIFIED : v1::MX_INCORRECT);
  } else {
    args.push_back({"target", exo->target});
    result = Result(id, v1::PASS, Key(id, "pass"), args);
  }
  AddEvidence(result, *evidence.mx);
  return result;
}

v1::CheckResult CheckMxLegacyTarget(const MxEvidence& evidence) {
  constexpr absl::string_view id = kCheckMxLegacyTarget;
  RecordsOrResult in = RecursiveRecords(id, evidence);
  if (in.result.has_value()) return *std::move(in.result);
  MessageArgs args = {{"domain", evidence.domain},
                      {"targets", TargetList(in.records)},
                      {"expected", ExpectedMx(evidence.domain)}};
  // The worst finding is reported; confirmed endpoints outrank the
  // unconfirmed suffix.
  absl::string_view outcome = "pass";
  std::string finding;
  int rank = 0;
  for (const MxRecord& record : in.records) {
    int this_rank = 0;
    absl::string_view this_outcome;
    if (IsIpLiteral(record.target)) {
      this_rank = 3, this_outcome = "fail_ip_literal";
    } else if (HasDomainSuffix(record.target, kUnconfirmedLegacySuffix)) {
      this_rank = 1, this_outcome = "fail_legacy_unconfirmed";
    } else if (IsLegacyTarget(record.target)) {
      this_rank = 2, this_outcome = "fail_legacy";
    }
    if (this_rank > rank) {
      rank = this_rank;
      outcome = this_outcome;
      finding = record.target;
    }
  }
  if (rank > 0) args.push_back({"target", finding});
  v1::CheckResult result =
      Result(id, rank > 0 ? v1::FAIL : v1::PASS, Key(id, outcome), args,
             v1::MX_LEGACY_ENDPOINT);
  AddEvidence(result, *evidence.mx);
  return result;
}

v1::CheckResult CheckMxTargetResolves(const MxEvidence& evidence) {
  constexpr absl::string_view id = kCheckMxTargetResolves;
  RecordsOrResult in = RecursiveRecords(id, evidence);
  if (in.result.has_value()) return *std::move(in.result);

  const MxTargetEvidence* nxdomain = nullptr;
  const MxTargetEvidence* no_address = nullptr;
  const MxTargetEvidence* cname = nullptr;
  std::vector<std::string> failures;
  std::vector<std::string> resolved;
  int judged = 0;
  for (const MxTargetEvidence& target : evidence.targets) {
    if (target.host.empty()) continue;  // null MX: nothing to resolve
    ++judged;
    if (!target.a.has_value() || !target.aaaa.has_value()) {
      failures.push_back(
          absl::StrCat("the addresses of ", target.host, " were not asked"));
      continue;
    }
    const AnswerKind a = Classify(*target.a);
    const AnswerKind aaaa = Classify(*target.aaaa);
    const bool has_address =
        !Addresses(*target.a).empty() || !Addresses(*target.aaaa).empty();
    if (has_address) {
      resolved.push_back(target.host);
      if (target.cname && cname == nullptr) cname = &target;
    } else if (a == AnswerKind::kNxDomain || aaaa == AnswerKind::kNxDomain) {
      if (nxdomain == nullptr) nxdomain = &target;
    } else if (IsConclusive(a) && IsConclusive(aaaa)) {
      if (no_address == nullptr) no_address = &target;
    } else {
      for (const v1::DnsExchange* ex : {&*target.a, &*target.aaaa}) {
        if (!IsConclusive(Classify(*ex)))
          failures.push_back(FailureReason(*ex));
      }
    }
  }
  v1::CheckResult result;
  if (judged == 0) {
    result = MakeSkipped(id, v1::DNS,
                         absl::StrCat(evidence.domain,
                                      " has a null MX: there is no target to "
                                      "resolve; see dns.mx.present"));
  } else if (nxdomain != nullptr || no_address != nullptr) {
    const MxTargetEvidence* bad = nxdomain != nullptr ? nxdomain : no_address;
    result = Result(
        id, v1::FAIL,
        Key(id, nxdomain != nullptr ? "fail_nxdomain" : "fail_no_address"),
        {{"domain", evidence.domain}, {"target", bad->host}},
        v1::MX_TARGET_UNRESOLVABLE);
  } else if (!failures.empty()) {
    result = MakeInconclusive(id, v1::DNS, absl::StrJoin(failures, "; "));
  } else if (cname != nullptr) {
    std::string alias = CnameTarget(*cname->a);
    if (alias.empty()) alias = CnameTarget(*cname->aaaa);
    result = Result(id, v1::WARN, Key(id, "warn_cname"),
                    {{"domain", evidence.domain},
                     {"target", cname->host},
                     {"cname", alias}},
                    v1::MX_TARGET_UNRESOLVABLE);
  } else {
    result = Result(id, v1::PASS, Key(id, "pass"),
                    {{"domain", evidence.domain},
                     {"targets", absl::StrJoin(resolved, ", ")}});
  }
  AddEvidence(result, *evidence.mx);
  for (const MxTargetEvidence& target : evidence.targets) {
    if (target.a.has_value()) AddEvidence(result, *target.a);
    if (target.aaaa.has_value()) AddEvidence(result, *target.aaaa);
  }
  return result;
}

const std::vector<MxCheck>& MxChecks() {
  static const auto* const kChecks = new std::vector<MxCheck>{
      {kCheckMxPresent, kMxStageRecursive | kMxStageAuthoritative,
       &CheckMxPresent},
      {kCheckMxSingleRecord, kMxStageRecursive, &CheckMxSingleRecord},
      {kCheckMxTargetFormat, kMxStageRecursive, &CheckMxTargetFormat},
      {kCheckMxLegacyTarget, kMxStageRecursive, &CheckMxLegacyTarget},
      {kCheckMxTargetResolves, kMxStageRecursive | kMxStageTargets,
       &CheckMxTargetResolves},
      {kCheckRrsetAuthConsistency, kMxStageRecursive | kMxStageAuthoritative,
       &CheckRrsetAuthConsistency},
  };
  return *kChecks;
}

}  // namespace ndrdiag
