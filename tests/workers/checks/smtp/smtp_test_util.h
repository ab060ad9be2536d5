// Invariants every smtp.* result keeps, checked by every rule test.
#ifndef NDRDIAG_TESTS_WORKERS_CHECKS_SMTP_SMTP_TEST_UTIL_H_
#define NDRDIAG_TESTS_WORKERS_CHECKS_SMTP_SMTP_TEST_UTIL_H_

#include <functional>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "workers/checks/diagnosis_evidence.h"
#include "workers/checks/smtp/smtp_checks.h"
#include "workers/i18n/catalog.h"

namespace ndrdiag::testing {

// Runs `rule`, checks the invariants and returns the result.
inline v1::CheckResult RunRule(
    const std::function<v1::CheckResult(const DiagnosisEvidence&)>& rule,
    const DiagnosisEvidence& evidence) {
  v1::CheckResult r = rule(evidence);
  EXPECT_NE(r.status(), v1::CHECK_STATUS_UNSPECIFIED);
  EXPECT_NE(FindCatalogEntry(r.message_key()), nullptr)
      << "message key not in the catalogue: " << r.message_key();
  EXPECT_NE(FindCatalogEntry(r.check_id()), nullptr)
      << "no title for " << r.check_id();
  if (r.status() != v1::WARN && r.status() != v1::FAIL) {
    EXPECT_EQ(r.cause(), v1::ROOT_CAUSE_UNSPECIFIED) << r.message_key();
  }
  if (r.status() == v1::FAIL) {
    EXPECT_NE(r.cause(), v1::ROOT_CAUSE_UNSPECIFIED) << r.message_key();
  }
  if (r.status() == v1::INCONCLUSIVE || r.status() == v1::SKIPPED) {
    EXPECT_FALSE(r.inconclusive_reason().empty()) << r.check_id();
  }
  EXPECT_GT(r.evidence_size(), 0) << r.check_id() << " carries no evidence";
  // Every placeholder of the message gets a value, in both locales.
  for (const char* locale : {"en", "ja"}) {
    v1::CheckResult localized = r;
    Localize(localized, locale);
    EXPECT_FALSE(absl::StrContains(localized.message(), "{"))
        << locale << " " << r.message_key() << ": " << localized.message();
    EXPECT_FALSE(absl::StrContains(localized.remediation(), "{"))
        << locale << " " << r.message_key() << ": " << localized.remediation();
  }
  return r;
}

inline int SmtpEvidenceCount(const v1::CheckResult& r) {
  int n = 0;
  for (const v1::Evidence& e : r.evidence()) n += e.has_smtp() ? 1 : 0;
  return n;
}

}  // namespace ndrdiag::testing

#endif  // NDRDIAG_TESTS_WORKERS_CHECKS_SMTP_SMTP_TEST_UTIL_H_
