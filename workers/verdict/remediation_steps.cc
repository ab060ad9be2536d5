#include "workers/verdict/remediation_steps.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "re2/re2.h"
#include "workers/checks/dns/mx_rules.h"

namespace ndrdiag::verdict_internal {
namespace {

// Rule outcome (message key) -> verdict.step.* key.
const std::map<std::string, std::string>& StepTable() {
  static const auto* const kTable = new std::map<std::string, std::string>{
      {"conn.inbound.onprem_exists.fail_missing", "inbound_create"},
      {"conn.inbound.onprem_exists.fail_disabled", "inbound_enable"},
      {"conn.inbound.cert_match.fail_mismatch", "inbound_cert_name"},
      {"conn.inbound.cert_match.fail_not_accepted", "inbound_cert_accepted"},
      {"conn.inbound.cert_match.fail_cert_missing", "sendconn_cert_missing"},
      {"conn.inbound.ip_match.fail_outside", "inbound_ip"},
      {"conn.outbound.onprem.fail_missing", "outbound_create"},
      {"conn.outbound.onprem.fail_no_smarthosts", "outbound_smarthost"},
      {"conn.outbound.onprem.fail_use_mx", "outbound_smarthost"},
      {"conn.outbound.onprem.fail_loop", "outbound_smarthost"},
      {"conn.outbound.tls.warn_settings", "outbound_tls"},
      {"conn.outbound.smarthost_dns.fail_unresolved", "smarthost_dns"},
      {"conn.outbound.smarthost_smtp.fail_refused", "smarthost_port"},
      {"conn.outbound.smarthost_smtp.fail_timeout", "smarthost_port"},
      {"conn.outbound.smarthost_smtp.fail_no_starttls", "smarthost_starttls"},
      {"conn.outbound.smarthost_smtp.fail_subject_mismatch",
       "smarthost_subject"},
      {"conn.outbound.smarthost_smtp.fail_expired", "smarthost_expired"},
      {"hybrid.sendconn.to_o365.fail_missing", "sendconn_create"},
      {"hybrid.sendconn.to_o365.fail_properties", "sendconn_properties"},
      {"hybrid.sendconn.to_o365.warn_properties", "sendconn_properties"},
      {"hybrid.sendconn.cert.fail_not_found", "sendconn_cert_not_found"},
      {"hybrid.sendconn.cert.fail_expired", "sendconn_cert_renew"},
      {"hybrid.sendconn.cert.warn_expiring", "sendconn_cert_renew"},
      {"hybrid.sendconn.internet_via_eop.fail_legacy", "sendconn_smarthost"},
      {"hybrid.recvconn.frontend.warn_properties", "recvconn_properties"},
      {"hybrid.recvconn.frontend.warn_presented_mismatch", "recvconn_cert"},
      {"hybrid.coexistence_domain.fail_missing", "coexistence_domain"},
      {"hybrid.targetaddress.fail_routing_address", "routing_address"},
      {"hybrid.onprem.accepts_domains.fail_not_accepted", "onprem_accept"},
      {"hybrid.onprem.accepts_domains.fail_not_accepted_cmt", "onprem_accept"},
      {"tenant.domain.type.fail_authoritative_onprem", "domain_internal_relay"},
      {"tenant.domain.accepted.fail_missing", "domain_accept"},
      {"dns.verification.txt.fail_missing", "verification_txt"},
      {"dns.verification.txt.fail_no_prefix", "verification_txt"},
      {"dns.verification.txt.fail_other_value", "verification_txt"},
      {"tenant.recipient.dbeb.fail_missing", "recipient_sync"},
      {"tenant.recipient.dbeb.fail_onprem_not_synced", "recipient_sync"},
      {"tenant.recipient.dbeb.fail_onprem_dynamic_dg", "recipient_contact"},
      {"tenant.recipient.dbeb.fail_onprem_public_folder",
       "recipient_public_folder"},
      {"smtp.rcpt.known.fail_dbeb", "recipient_probe"},
  };
  return *kTable;
}

std::set<std::string> Placeholders(absl::string_view text) {
  std::set<std::string> out;
  size_t pos = 0;
  while ((pos = text.find('{', pos)) != absl::string_view::npos) {
    const size_t close = text.find('}', pos);
    if (close == absl::string_view::npos) break;
    out.insert(std::string(text.substr(pos + 1, close - pos - 1)));
    pos = close + 1;
  }
  return out;
}

// Arguments derived from a result's own: the first name of a list.
void AddDerived(TextArgs& args) {
  for (const char* list : {"names", "connectors", "domains", "hosts"}) {
    auto it = args.find(list);
    if (it == args.end()) continue;
    std::vector<std::string> items =
        absl::StrSplit(it->second, absl::ByAnyChar(",;"), absl::SkipEmpty());
    if (items.empty()) continue;
    args[absl::StrCat("first_", list)] =
        std::string(absl::StripAsciiWhitespace(items.front()));
  }
}

}  // namespace

std::string ExpectedMxTarget(const std::vector<v1::CheckResult>& results,
                             const std::string& domain) {
  for (const v1::CheckResult& r : results) {
    if (r.check_id() != "dns.mx.target_format" ||
        !absl::StrContains(r.message_key(), "snapshot")) {
      continue;
    }
    auto it = r.message_args().find("expected");
    if (it == r.message_args().end() || it->second.empty()) continue;
    // "graph or dnssec": the Graph value (serviceConfigurationRecords) is
    // listed first and is what the admin center shows.
    std::vector<std::string> options = absl::StrSplit(it->second, " or ");
    return options.front();
  }
  static const RE2 kExpected(R"(expected MX (\S+),)");
  for (const v1::CheckResult& r : results) {
    if (r.check_id() != "tenant.dns_records_match") continue;
    auto it = r.message_args().find("mismatches");
    std::string target;
    if (it != r.message_args().end() &&
        RE2::PartialMatch(it->second, kExpected, &target)) {
      return std::string(absl::StripSuffix(target, "."));
    }
  }
  return absl::StrCat(ExoToken(domain), ".mail.protection.outlook.com");
}

std::string ExpectedMxPreference(const std::string& target) {
  return absl::EndsWithIgnoreCase(target, ".mx.microsoft") ? "10" : "0";
}

std::vector<std::string> ConcreteSteps(
    const std::vector<const v1::CheckResult*>& supporting, Locale locale,
    const TextArgs& base) {
  std::vector<std::string> steps;
  for (const v1::CheckResult* r : supporting) {
    auto step = StepTable().find(r->message_key());
    if (step == StepTable().end()) continue;
    const std::string key = absl::StrCat("verdict.step.", step->second);
    TextArgs args = base;
    for (const auto& [k, v] : r->message_args()) args[k] = v;
    AddDerived(args);
    const CatalogEntry* entry = FindCatalogEntry(key);
    if (entry == nullptr) continue;
    bool filled = true;
    for (const std::string& name : Placeholders(entry->en.message)) {
      if (args.find(name) == args.end()) filled = false;
    }
    if (!filled) continue;
    std::string text = CatalogText(key, TextField::kMessage, locale, args);
    if (std::find(steps.begin(), steps.end(), text) == steps.end()) {
      steps.push_back(std::move(text));
    }
  }
  return steps;
}

std::vector<std::string> StepKeys() {
  std::set<std::string> keys;
  for (const auto& [outcome, step] : StepTable()) {
    keys.insert(absl::StrCat("verdict.step.", step));
  }
  return {keys.begin(), keys.end()};
}

}  // namespace ndrdiag::verdict_internal
