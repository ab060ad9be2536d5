#include "cli/diagnosis_name.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ndrdiag::cli {
namespace {

using ::testing::HasSubstr;

TEST(ParseDiagnosisNameTest, AcceptsFullNameAndBareId) {
  EXPECT_EQ(*ParseDiagnosisName("diagnoses/01HV6Z3K2B8Q"),
            "diagnoses/01HV6Z3K2B8Q");
  EXPECT_EQ(*ParseDiagnosisName("01HV6Z3K2B8Q"), "diagnoses/01HV6Z3K2B8Q");
  EXPECT_EQ(*ParseDiagnosisName("f47ac10b-58cc-4372-a567-0e02b2c3d479"),
            "diagnoses/f47ac10b-58cc-4372-a567-0e02b2c3d479");
}

TEST(ParseDiagnosisNameTest, RejectsWhatCannotBeAnId) {
  for (const char* bad : {"", "diagnoses/", "jobs/abc", "diagnoses/a/b", "a b",
                          "abc\n", "diagnoses/ünï"}) {
    absl::StatusOr<std::string> name = ParseDiagnosisName(bad);
    EXPECT_EQ(name.status().code(), absl::StatusCode::kInvalidArgument)
        << "\"" << bad << "\"";
    EXPECT_THAT(name.status().message(), HasSubstr("NAME"));
  }
  EXPECT_FALSE(ParseDiagnosisName(std::string(300, 'a')).ok());
  EXPECT_TRUE(ParseDiagnosisName(std::string(256, 'a')).ok());
}

}  // namespace
}  // namespace ndrdiag::cli
