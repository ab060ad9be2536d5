#include "workers/checks/ndr/ndr_checks.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "workers/checks/check_result.h"
#include "workers/checks/ndr/ndr_steering.h"

namespace ndrdiag {
namespace {

constexpr char kNoNdr[] = "no NDR text given";
constexpr char kNotParsed[] = "the NDR text could not be parsed (ndr.parse)";

// The reply as the NDR quotes it, e.g. "550 5.4.1 Relay Access Denied".
std::string Reply(const v1::NdrReport& ndr) {
  if (!ndr.reply_text().empty()) return ndr.reply_text();
  if (ndr.reply_code() != 0) {
    return absl::StrCat(ndr.reply_code(), " ", ndr.enhanced_status());
  }
  return ndr.enhanced_status();
}

std::string Server(const v1::NdrReport& ndr) {
  return ndr.rejected_by() == "generating" ? ndr.generating_server()
                                           : ndr.remote_server();
}

// A Skipped or unparseable outcome shared by the rules that need a report.
const v1::NdrReport* ReportOr(const DiagnosisEvidence& e,
                              absl::string_view check_id,
                              v1::CheckResult* skipped) {
  if (e.ndr.has_value()) return &*e.ndr;
  *skipped = MakeSkipped(check_id, v1::NDR, e.ndr_given ? kNotParsed : kNoNdr);
  return nullptr;
}

}  // namespace

v1::CheckResult CheckNdrParse(const DiagnosisEvidence& e) {
  if (!e.ndr_given) return MakeSkipped(kCheckNdrParse, v1::NDR, kNoNdr);
  if (!e.ndr.has_value()) {
    return MakeResult(kCheckNdrParse, v1::NDR, v1::FAIL,
                      "ndr.parse.fail_unparseable", {{"error", e.ndr_error}});
  }
  const v1::NdrReport& ndr = *e.ndr;
  v1::CheckResult result = MakeResult(
      kCheckNdrParse, v1::NDR, v1::PASS, "ndr.parse.pass",
      {{"enhanced_status", ndr.enhanced_status()},
       {"reply_code",
        ndr.reply_code() == 0 ? std::string() : absl::StrCat(ndr.reply_code())},
       {"reply_text", ndr.reply_text()},
       {"generating_server", ndr.generating_server()},
       {"remote_server", ndr.remote_server()},
       {"layout", ndr.layout()},
       {"recipients", absl::StrJoin(ndr.recipients(), ", ")},
       {"eop_node", ndr.eop_node()},
       {"as_tag", ndr.as_tag()}});
  return result;
}

v1::CheckResult CheckNdrClassify(const DiagnosisEvidence& e) {
  v1::CheckResult skipped;
  const v1::NdrReport* ndr = ReportOr(e, kCheckNdrClassify, &skipped);
  if (ndr == nullptr) return skipped;
  std::vector<std::string> causes;
  for (int cause : ndr->causes()) {
    if (cause == v1::UNKNOWN) continue;
    causes.push_back(v1::RootCause_Name(static_cast<v1::RootCause>(cause)));
  }
  const MessageArgs base = {{"reply", Reply(*ndr)},
                            {"rejected_by", ndr->rejected_by()},
                            {"generating_server", ndr->generating_server()},
                            {"remote_server", ndr->remote_server()}};
  if (causes.empty()) {
    return MakeResult(kCheckNdrClassify, v1::NDR, v1::INFO,
                      "ndr.classify.info_no_rule", base);
  }
  std::vector<std::string> families;
  for (int cause : ndr->causes()) {
    for (v1::CheckFamily family :
         FamiliesForCause(static_cast<v1::RootCause>(cause))) {
      std::string name = absl::AsciiStrToLower(v1::CheckFamily_Name(family));
      if (std::find(families.begin(), families.end(), name) == families.end()) {
        families.push_back(std::move(name));
      }
    }
  }
  MessageArgs args = base;
  args.emplace_back("causes", absl::StrJoin(causes, ", "));
  args.emplace_back("families", absl::StrJoin(families, ", "));
  v1::RootCause first = static_cast<v1::RootCause>(ndr->causes(0));
  return MakeResult(kCheckNdrClassify, v1::NDR, v1::WARN, "ndr.classify.warn",
                    args, first);
}

v1::CheckResult CheckNdrWhoRejected(const DiagnosisEvidence& e) {
  v1::CheckResult skipped;
  const v1::NdrReport* ndr = ReportOr(e, kCheckNdrWhoRejected, &skipped);
  if (ndr == nullptr) return skipped;
  return MakeResult(
      kCheckNdrWhoRejected, v1::NDR, v1::INFO, "ndr.who_rejected.info",
      {{"rejected_by", ndr->rejected_by()}, {"server", Server(*ndr)}});
}

const std::vector<Check>& NdrChecks() {
  static const auto* const kChecks = new std::vector<Check>{
      {kCheckNdrParse, v1::NDR, 0, &CheckNdrParse},
      {kCheckNdrClassify, v1::NDR, 0, &CheckNdrClassify},
      {kCheckNdrWhoRejected, v1::NDR, 0, &CheckNdrWhoRejected},
  };
  return *kChecks;
}

}  // namespace ndrdiag
