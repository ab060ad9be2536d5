// Secondary findings: SPF, autodiscover and DKIM (the verification TXT,
// which needs the tenant snapshot, is in snapshot_rules.cc). None of them
// can bounce inbound mail with 5.4.1; they are reported so an administrator
// sees them, and the verdict never ranks them as the cause.
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "workers/checks/check_result.h"
#include "workers/checks/dns/dns_answers.h"
#include "workers/checks/dns/dns_checks.h"
#include "workers/checks/dns/zone_answers.h"
#include "workers/dns/dns_message.h"

namespace ndrdiag {
namespace {

// Records of `exchange` or the result when there are none to judge.
std::optional<v1::CheckResult> Unanswered(
    absl::string_view id, const std::optional<v1::DnsExchange>& ex,
    const std::string& what) {
  if (!ex.has_value()) {
    return MakeInconclusive(
        id, v1::DNS, absl::StrCat("the question for ", what, " was not asked"));
  }
  if (!IsConclusive(Classify(*ex))) {
    v1::CheckResult r = MakeInconclusive(id, v1::DNS, FailureReason(*ex));
    AddEvidence(r, *ex);
    return r;
  }
  return std::nullopt;
}

// RFC 7208 §4.6.4: mechanisms and modifiers that cost a DNS lookup.
int LookupTerms(absl::string_view spf) {
  int count = 0;
  for (absl::string_view term : absl::StrSplit(spf, ' ', absl::SkipEmpty())) {
    std::string t = absl::AsciiStrToLower(term);
    if (!t.empty() &&
        (t[0] == '+' || t[0] == '-' || t[0] == '~' || t[0] == '?')) {
      t.erase(0, 1);
    }
    if (absl::StartsWith(t, "include:") || t == "a" ||
        absl::StartsWith(t, "a:") || absl::StartsWith(t, "a/") || t == "mx" ||
        absl::StartsWith(t, "mx:") || absl::StartsWith(t, "mx/") ||
        t == "ptr" || absl::StartsWith(t, "ptr:") ||
        absl::StartsWith(t, "exists:") || absl::StartsWith(t, "redirect=")) {
      ++count;
    }
  }
  return count;
}

bool HasInclude(absl::string_view spf, absl::string_view domain) {
  for (absl::string_view term : absl::StrSplit(spf, ' ', absl::SkipEmpty())) {
    std::string t = absl::AsciiStrToLower(term);
    if (!t.empty() && (t[0] == '+' || t[0] == '~' || t[0] == '?'))
      t.erase(0, 1);
    if (t == absl::StrCat("include:", domain) ||
        t == absl::StrCat("redirect=", domain)) {
      return true;
    }
  }
  return false;
}

std::string DkimExpectation(absl::string_view selector,
                            absl::string_view token) {
  return absl::StrCat(selector, "-", token,
                      "._domainkey.<tenant>.onmicrosoft.com");
}

// Microsoft's DKIM targets: selectorN-<d->._domainkey.<t>.onmicrosoft.com or
// the newer selectorN-<d->._domainkey.<...>.dkim.mail.microsoft.
bool IsMicrosoftDkim(absl::string_view target, absl::string_view selector,
                     absl::string_view token) {
  const std::string prefix = absl::StrCat(selector, "-", token, "._domainkey.");
  return absl::StartsWith(target, prefix) &&
         (absl::EndsWith(target, ".onmicrosoft.com") ||
          absl::EndsWith(target, ".dkim.mail.microsoft"));
}

}  // namespace

v1::CheckResult CheckSpfO365(const DnsEvidence& evidence) {
  if (auto skip = SkipIfNoZone(kCheckSpfO365, evidence.zone))
    return *std::move(skip);
  constexpr absl::string_view id = kCheckSpfO365;
  const ZoneEvidence& zone = evidence.zone;
  if (auto r = Unanswered(id, zone.txt, absl::StrCat(zone.domain, " TXT"))) {
    return *std::move(r);
  }
  v1::CheckResult result;
  if (Classify(*zone.txt) == AnswerKind::kNxDomain) {
    result = MakeSkipped(
        id, v1::DNS, absl::StrCat(zone.domain, " does not exist (NXDOMAIN)"));
    AddEvidence(result, *zone.txt);
    return result;
  }
  std::vector<std::string> spf;
  for (const v1::DnsRecord& record : zone.txt->answers()) {
    if (!absl::EqualsIgnoreCase(record.type(), "TXT")) continue;
    absl::StatusOr<std::vector<std::string>> strings =
        dns::ParseTxtData(record.data());
    if (!strings.ok()) continue;
    // RFC 7208 §3.3: the strings of one record are joined without spaces.
    std::string text = absl::StrJoin(*strings, "");
    std::string lower = absl::AsciiStrToLower(text);
    if (lower == "v=spf1" || absl::StartsWith(lower, "v=spf1 ")) {
      spf.push_back(std::move(text));
    }
  }
  MessageArgs args = {{"domain", zone.domain},
                      {"include", "spf.protection.outlook.com"}};
  if (spf.empty()) {
    result = MakeResult(id, v1::DNS, v1::WARN, "dns.spf.o365.warn_missing",
                        args, v1::SPF_MISCONFIGURED);
  } else if (spf.size() > 1) {
    args.push_back({"count", absl::StrCat(spf.size())});
    args.push_back({"records", absl::StrJoin(spf, " | ")});
    result = MakeResult(id, v1::DNS, v1::FAIL, "dns.spf.o365.fail_multiple",
                        args, v1::SPF_MISCONFIGURED);
  } else {
    args.push_back({"record", spf[0]});
    const int lookups = LookupTerms(spf[0]);
    args.push_back({"lookups", absl::StrCat(lookups)});
    if (lookups > 10) {
      result = MakeResult(id, v1::DNS, v1::FAIL,
                          "dns.spf.o365.fail_too_many_lookups", args,
                          v1::SPF_MISCONFIGURED);
    } else if (!HasInclude(spf[0], "spf.protection.outlook.com")) {
      result = MakeResult(id, v1::DNS, v1::WARN, "dns.spf.o365.warn_no_include",
                          args, v1::SPF_MISCONFIGURED);
    } else {
      result = MakeResult(id, v1::DNS, v1::PASS, "dns.spf.o365.pass", args);
      AddNote(result,
              "lookups counted in this record only; nested includes "
              "are not followed");
    }
  }
  AddEvidence(result, *zone.txt);
  return result;
}

v1::CheckResult CheckAutodiscover(const DnsEvidence& evidence) {
  if (auto skip = SkipIfNoZone(kCheckAutodiscover, evidence.zone))
    return *std::move(skip);
  constexpr absl::string_view id = kCheckAutodiscover;
  const ZoneEvidence& zone = evidence.zone;
  const std::string name = absl::StrCat("autodiscover.", zone.domain);
  if (auto r = Unanswered(id, zone.autodiscover, name + " CNAME")) {
    return *std::move(r);
  }
  MessageArgs args = {{"domain", zone.domain},
                      {"name", name},
                      {"expected", "autodiscover.outlook.com"}};
  v1::CheckResult result;
  const std::string target = CnameTarget(*zone.autodiscover);
  const AnswerKind kind = Classify(*zone.autodiscover);
  if (!target.empty()) {
    args.push_back({"target", target});
    if (target == "autodiscover.outlook.com" ||
        target == "autodiscover.partner.outlook.cn") {
      result = MakeResult(id, v1::DNS, v1::PASS, "dns.autodiscover.pass", args);
    } else {
      // Hybrid deployments point it at on-premises Exchange on purpose.
      result = MakeResult(id, v1::DNS, v1::INFO,
                          "dns.autodiscover.info_other_target", args);
    }
  } else if (kind == AnswerKind::kNxDomain) {
    result = MakeResult(id, v1::DNS, v1::WARN, "dns.autodiscover.warn_missing",
                        args, v1::AUTODISCOVER_MISSING);
  } else {
    // The name exists without a CNAME (an A record, e.g. on-premises).
    result = MakeResult(id, v1::DNS, v1::INFO, "dns.autodiscover.info_no_cname",
                        args);
  }
  AddEvidence(result, *zone.autodiscover);
  return result;
}

v1::CheckResult CheckDkimSelectors(const DnsEvidence& evidence) {
  if (auto skip = SkipIfNoZone(kCheckDkimSelectors, evidence.zone))
    return *std::move(skip);
  constexpr absl::string_view id = kCheckDkimSelectors;
  const ZoneEvidence& zone = evidence.zone;
  const std::string token = ExoToken(zone.domain);
  if (auto r = Unanswered(id, zone.dkim_selector1, "selector1._domainkey")) {
    return *std::move(r);
  }
  if (auto r = Unanswered(id, zone.dkim_selector2, "selector2._domainkey")) {
    return *std::move(r);
  }
  std::vector<std::string> missing, wrong, right;
  const std::pair<const char*, const v1::DnsExchange*> selectors[] = {
      {"selector1", &*zone.dkim_selector1},
      {"selector2", &*zone.dkim_selector2}};
  for (const auto& [selector, ex] : selectors) {
    const std::string target = CnameTarget(*ex);
    const std::string name =
        absl::StrCat(selector, "._domainkey.", zone.domain);
    if (target.empty()) {
      missing.push_back(name);
    } else if (IsMicrosoftDkim(target, selector, token)) {
      right.push_back(absl::StrCat(name, " -> ", target));
    } else {
      wrong.push_back(absl::StrCat(name, " -> ", target, " (expected ",
                                   DkimExpectation(selector, token), ")"));
    }
  }
  MessageArgs args = {{"domain", zone.domain}};
  v1::CheckResult result;
  if (!wrong.empty()) {
    args.push_back({"wrong", absl::StrJoin(wrong, "; ")});
    result = MakeResult(id, v1::DNS, v1::WARN, "dns.dkim.selectors.warn_wrong",
                        args);
  } else if (!missing.empty()) {
    args.push_back({"missing", absl::StrJoin(missing, ", ")});
    result = MakeResult(id, v1::DNS, v1::INFO,
                        "dns.dkim.selectors.info_missing", args);
  } else {
    args.push_back({"selectors", absl::StrJoin(right, "; ")});
    result = MakeResult(id, v1::DNS, v1::PASS, "dns.dkim.selectors.pass", args);
  }
  AddEvidence(result, *zone.dkim_selector1);
  AddEvidence(result, *zone.dkim_selector2);
  return result;
}

}  // namespace ndrdiag
