// JobStore's pure parts: resource names and job ids.
#include <set>
#include <string>

#include "common/job_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ndrdiag {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

TEST(JobStoreNameTest, RoundTrip) {
  std::string id = JobStore::NewJobId();
  absl::StatusOr<std::string> parsed =
      JobStore::ParseName(JobStore::NameOf(id), "name");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, id);
  EXPECT_EQ(JobStore::NameOf("abc"), "diagnoses/abc");
}

TEST(JobStoreNameTest, RejectsOtherNamesNamingTheField) {
  for (const char* bad : {"", "diagnoses/", "diagnosis/abc", "abc",
                          "diagnoses/ABC", "diagnoses/a_b", "diagnoses/a/b",
                          "diagnoses/a b", "/diagnoses/a", "diagnoses/\xff"}) {
    absl::StatusOr<std::string> parsed = JobStore::ParseName(bad, "after_name");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(parsed.status().message(), HasSubstr("after_name"));
  }
  absl::StatusOr<std::string> too_long =
      JobStore::ParseName("diagnoses/" + std::string(65, 'a'), "name");
  EXPECT_EQ(too_long.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(JobStoreNameTest, NewJobIdShape) {
  std::set<std::string> seen;
  std::string previous;
  for (int i = 0; i < 1000; ++i) {
    std::string id = JobStore::NewJobId();
    EXPECT_EQ(id.size(), 29u);
    EXPECT_THAT(id, MatchesRegex("[0-9a-z]{11}-[0-9a-z]{17}"));
    EXPECT_TRUE(seen.insert(id).second) << "duplicate " << id;
    // Time-ordered: the time part never goes backwards.
    EXPECT_GE(id.substr(0, 11), previous.substr(0, 11));
    previous = id;
  }
}

}  // namespace
}  // namespace ndrdiag
