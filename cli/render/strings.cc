#include "cli/render/strings.h"

#include "absl/strings/match.h"

namespace ndrdiag::cli {
namespace {

constexpr CliStrings kEnglish = {
    .diagnosis = "Diagnosis",
    .domain = "Domain",
    .state = "State",
    .attempt = "attempt",
    .created = "Created",
    .finished = "Finished",
    .failure = "Failure",
    .checks = "Checks",
    .no_checks = "(no check results)",
    .verdict = "Verdict",
    .summary = "Summary",
    .confidence = "confidence",
    .supported_by = "Supported by",
    .remediation = "Remediation",
    .disagreements = "Disagreeing evidence",
    .retest_after = "Re-test after",
    .documentation = "Documentation",
    .fix = "Fix",
    .reason = "Reason",
    .partial_notice =
        "Partial: some checks were inconclusive or the time budget ran out; "
        "the verdict rests on partial evidence.",
    .accepted = "accepted",
    .no_diagnoses = "(no diagnoses)",
    .next_page = "More results: --page-token",
};

constexpr CliStrings kJapanese = {
    .diagnosis = "診断",
    .domain = "ドメイン",
    .state = "状態",
    .attempt = "試行",
    .created = "作成",
    .finished = "終了",
    .failure = "失敗理由",
    .checks = "チェック",
    .no_checks = "(チェック結果なし)",
    .verdict = "判定",
    .summary = "概要",
    .confidence = "確信度",
    .supported_by = "根拠となるチェック",
    .remediation = "対処手順",
    .disagreements = "矛盾する証拠",
    .retest_after = "再テストの目安",
    .documentation = "関連ドキュメント",
    .fix = "対処",
    .reason = "理由",
    .partial_notice =
        "部分的な判定: 一部のチェックが確定できなかったか、制限時間を超えた"
        "ため、判定は一部の証拠に基づいています。",
    .accepted = "受付済み",
    .no_diagnoses = "(診断なし)",
    .next_page = "続きの結果: --page-token",
};

}  // namespace

const CliStrings& StringsFor(absl::string_view locale) {
  if (locale == "ja" || absl::StartsWithIgnoreCase(locale, "ja-") ||
      absl::StartsWithIgnoreCase(locale, "ja_")) {
    return kJapanese;
  }
  return kEnglish;
}

}  // namespace ndrdiag::cli
