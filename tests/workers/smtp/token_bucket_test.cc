#include "workers/smtp/token_bucket.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace ndrdiag {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1700000000);

TEST(TokenBucketMapTest, BurstThenOnePerInterval) {
  TokenBucketMap buckets({.per_minute = 6, .burst = 3});
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(buckets.Take("a", kT0).allowed);
  TokenBucketMap::Decision d = buckets.Take("a", kT0);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.next_token, kT0 + absl::Seconds(10));
  EXPECT_FALSE(buckets.Take("a", kT0 + absl::Seconds(9)).allowed);
  EXPECT_TRUE(buckets.Take("a", kT0 + absl::Seconds(10)).allowed);
  d = buckets.Take("a", kT0 + absl::Seconds(12));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.next_token, kT0 + absl::Seconds(20));
}

TEST(TokenBucketMapTest, KeysAreIndependent) {
  TokenBucketMap buckets({.per_minute = 1, .burst = 1});
  EXPECT_TRUE(buckets.Take("a", kT0).allowed);
  EXPECT_FALSE(buckets.Take("a", kT0).allowed);
  EXPECT_TRUE(buckets.Take("b", kT0).allowed);
}

TEST(TokenBucketMapTest, RefillIsCappedAtBurst) {
  TokenBucketMap buckets({.per_minute = 60, .burst = 2});
  EXPECT_TRUE(buckets.Take("a", kT0).allowed);
  absl::Time later = kT0 + absl::Hours(1);
  EXPECT_TRUE(buckets.Take("a", later).allowed);
  EXPECT_TRUE(buckets.Take("a", later).allowed);
  EXPECT_FALSE(buckets.Take("a", later).allowed);
}

TEST(TokenBucketMapTest, ClockGoingBackGrantsNothing) {
  TokenBucketMap buckets({.per_minute = 60, .burst = 1});
  EXPECT_TRUE(buckets.Take("a", kT0).allowed);
  EXPECT_FALSE(buckets.Take("a", kT0 - absl::Minutes(5)).allowed);
  EXPECT_FALSE(buckets.Take("a", kT0 + absl::Milliseconds(500)).allowed);
  EXPECT_TRUE(buckets.Take("a", kT0 + absl::Seconds(1)).allowed);
}

TEST(TokenBucketMapTest, FullBucketsAreEvictedAtTheBound) {
  TokenBucketMap buckets({.per_minute = 60, .burst = 1, .max_keys = 3});
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(buckets.Take(absl::StrCat("k", i), kT0).allowed);
  }
  EXPECT_EQ(buckets.size(), 3u);
  // All three are refilling: a fourth key is held back, not let through.
  TokenBucketMap::Decision d = buckets.Take("k3", kT0);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.next_token, kT0 + absl::Seconds(1));
  EXPECT_EQ(buckets.size(), 3u);
  // Once they are full they are forgotten and the new key fits.
  EXPECT_TRUE(buckets.Take("k3", kT0 + absl::Seconds(1)).allowed);
  EXPECT_EQ(buckets.size(), 1u);
}

TEST(TokenBucketMapTest, FractionalRates) {
  TokenBucketMap buckets({.per_minute = 0.5, .burst = 1});
  EXPECT_TRUE(buckets.Take("a", kT0).allowed);
  TokenBucketMap::Decision d = buckets.Take("a", kT0 + absl::Seconds(30));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.next_token, kT0 + absl::Minutes(2));
}

}  // namespace
}  // namespace ndrdiag
