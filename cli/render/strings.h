// The CLI's own words in English and Japanese.
//
// Titles, messages, explanations and remediation inside a Diagnosis are
// already localised by the server (DiagnosisSpec.locale); what the CLI adds
// around them (headings such as "Verdict" and "Remediation") comes from here
// so that a Japanese diagnosis does not read half in English. Status words
// (PASS, FAIL, ...) and enum names stay as in the API in every locale: they
// are what users search for and what scripts grep.
#ifndef NDRDIAG_CLI_RENDER_STRINGS_H_
#define NDRDIAG_CLI_RENDER_STRINGS_H_

#include "absl/strings/string_view.h"

namespace ndrdiag::cli {

struct CliStrings {
  absl::string_view diagnosis;       // "Diagnosis"
  absl::string_view domain;          // "Domain"
  absl::string_view state;           // "State"
  absl::string_view attempt;         // "attempt"
  absl::string_view created;         // "Created"
  absl::string_view finished;        // "Finished"
  absl::string_view failure;         // "Failure"
  absl::string_view checks;          // "Checks"
  absl::string_view no_checks;       // "(no check results)"
  absl::string_view verdict;         // "Verdict"
  absl::string_view summary;         // "Summary"
  absl::string_view confidence;      // "confidence"
  absl::string_view supported_by;    // "Supported by"
  absl::string_view remediation;     // "Remediation"
  absl::string_view disagreements;   // "Disagreeing evidence"
  absl::string_view retest_after;    // "Re-test after"
  absl::string_view documentation;   // "Documentation"
  absl::string_view fix;             // "Fix" (per-check remediation)
  absl::string_view reason;          // "Reason"
  absl::string_view partial_notice;  // the verdict rests on partial evidence
  absl::string_view accepted;        // "accepted"
  absl::string_view no_diagnoses;    // "(no diagnoses)"
  absl::string_view next_page;       // "More: --page-token"
};

// Strings for `locale` ("en", "ja"; a region suffix such as "ja-JP" is
// ignored). Anything else gets English.
const CliStrings& StringsFor(absl::string_view locale);

}  // namespace ndrdiag::cli

#endif  // NDRDIAG_CLI_RENDER_STRINGS_H_
