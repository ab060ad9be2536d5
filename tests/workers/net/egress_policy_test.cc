#include "workers/net/egress_policy.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ndrdiag {
namespace {

using ::testing::HasSubstr;

EgressPolicy Default() { return *EgressPolicy::Create({}); }

// Check() is pure: these addresses are only judged, never contacted.
TEST(EgressPolicyTest, BlocksEveryDefaultRange) {
  const struct {
    const char* address;
    const char* range;
  } kBlocked[] = {
      {"0.0.0.0", "0.0.0.0/8"},
      {"0.255.1.2", "0.0.0.0/8"},
      {"10.0.0.1", "10.0.0.0/8"},
      {"10.255.255.255", "10.0.0.0/8"},
      {"100.64.0.1", "100.64.0.0/10"},
      {"100.127.255.254", "100.64.0.0/10"},
      {"127.0.0.1", "127.0.0.0/8"},
      {"127.77.1.2", "127.0.0.0/8"},
      {"169.254.169.254", "169.254.169.254/32"},
      {"169.254.1.1", "169.254.0.0/16"},
      {"172.16.0.1", "172.16.0.0/12"},
      {"172.31.255.255", "172.16.0.0/12"},
      {"192.0.0.8", "192.0.0.0/24"},
      {"192.0.2.1", "192.0.2.0/24"},
      {"192.168.1.1", "192.168.0.0/16"},
      {"198.18.0.1", "198.18.0.0/15"},
      {"198.19.255.1", "198.18.0.0/15"},
      {"198.51.100.7", "198.51.100.0/24"},
      {"203.0.113.5", "203.0.113.0/24"},
      {"224.0.0.251", "224.0.0.0/4"},
      {"239.255.255.250", "224.0.0.0/4"},
      {"240.0.0.1", "240.0.0.0/4"},
      {"255.255.255.255", "240.0.0.0/4"},
      {"::", "::/128"},
      {"::1", "::1/128"},
      {"::ffff:127.0.0.1", "127.0.0.0/8"},
      {"::ffff:10.1.2.3", "10.0.0.0/8"},
      {"::ffff:169.254.169.254", "169.254.169.254/32"},
      {"::ffff:7f00:1", "127.0.0.0/8"},
      {"::127.0.0.1", "::/96"},
      {"::8.8.8.8", "::/96"},
      {"64:ff9b::127.0.0.1", "127.0.0.0/8"},
      {"64:ff9b::a9fe:a9fe", "169.254.169.254/32"},
      {"64:ff9b:1::1", "64:ff9b:1::/48"},
      {"2002:7f00:1::1", "127.0.0.0/8"},
      {"100::1", "100::/64"},
      {"2001::1", "2001::/32"},
      {"2001:db8::1", "2001:db8::/32"},
      {"fc00::1", "fc00::/7"},
      {"fd12:3456::1", "fc00::/7"},
      {"fd00:ec2::254", "fd00:ec2::254/128"},
      {"fe80::1", "fe80::/10"},
      {"febf::1", "fe80::/10"},
      {"fec0::1", "fec0::/10"},
      {"ff02::1", "ff00::/8"},
      {"FF05::1:3", "ff00::/8"},
  };
  EgressPolicy policy = Default();
  for (const auto& c : kBlocked) {
    absl::Status s = policy.Check(c.address);
    EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied) << c.address;
    EXPECT_THAT(std::string(s.message()),
                HasSubstr(std::string(" is in ") + c.range + " ("))
        << c.address << ": " << s;
  }
}

// Each range the SMTP probe must never reach, at both of its edges and in
// every spelling a DNS answer can carry; the addresses just outside stay
// open. Pure Check() calls: nothing is sent.
TEST(EgressPolicyTest, BlockedRangesAtTheirEdgesInEverySpelling) {
  const struct {
    const char* address;
    const char* range;
  } kBlocked[] = {
      {"10.0.0.0", "10.0.0.0/8"},
      {"10.0.0.1", "10.0.0.0/8"},
      {"10.255.255.255", "10.0.0.0/8"},
      {"172.16.0.0", "172.16.0.0/12"},
      {"172.20.1.1", "172.16.0.0/12"},
      {"172.31.255.255", "172.16.0.0/12"},
      {"192.168.0.0", "192.168.0.0/16"},
      {"192.168.255.255", "192.168.0.0/16"},
      {"100.64.0.0", "100.64.0.0/10"},
      {"100.100.100.200", "100.64.0.0/10"},
      {"100.127.255.255", "100.64.0.0/10"},
      {"169.254.0.0", "169.254.0.0/16"},
      {"169.254.169.253", "169.254.0.0/16"},
      {"169.254.169.254", "169.254.169.254/32"},
      {"169.254.255.255", "169.254.0.0/16"},
      {"127.0.0.0", "127.0.0.0/8"},
      {"127.255.255.255", "127.0.0.0/8"},
      {"224.0.0.0", "224.0.0.0/4"},
      {"239.255.255.255", "224.0.0.0/4"},
      {"::1", "::1/128"},
      {"0:0:0:0:0:0:0:1", "::1/128"},
      {"fc00::", "fc00::/7"},
      {"fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fc00::/7"},
      {"FD00::1", "fc00::/7"},
      {"fe80::", "fe80::/10"},
      {"fe80::1ff:fe23:4567:890a", "fe80::/10"},
      {"febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fe80::/10"},
      {"ff00::", "ff00::/8"},
      {"ff0e::101", "ff00::/8"},
      {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ff00::/8"},
      // IPv4-mapped IPv6, dotted and hex, short and long.
      {"::ffff:10.0.0.1", "10.0.0.0/8"},
      {"::ffff:a00:1", "10.0.0.0/8"},
      {"0:0:0:0:0:ffff:10.0.0.1", "10.0.0.0/8"},
      {"::FFFF:0A00:0001", "10.0.0.0/8"},
      {"::ffff:169.254.169.254", "169.254.169.254/32"},
      {"::ffff:a9fe:a9fe", "169.254.169.254/32"},
      {"::ffff:127.0.0.1", "127.0.0.0/8"},
      {"::ffff:172.16.0.1", "172.16.0.0/12"},
      {"::ffff:192.168.1.1", "192.168.0.0/16"},
      {"::ffff:100.64.0.1", "100.64.0.0/10"},
      {"::ffff:169.254.1.1", "169.254.0.0/16"},
      {"::ffff:224.0.0.1", "224.0.0.0/4"},
  };
  EgressPolicy policy = Default();
  for (const auto& c : kBlocked) {
    absl::Status s = policy.Check(c.address);
    EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied) << c.address;
    EXPECT_THAT(std::string(s.message()),
                HasSubstr(std::string(" is in ") + c.range + " ("))
        << c.address << ": " << s;
  }
  for (const char* outside :
       {"9.255.255.255", "11.0.0.0", "172.15.255.255", "172.32.0.0",
        "192.167.255.255", "192.169.0.0", "100.63.255.255", "100.128.0.0",
        "169.253.255.255", "169.255.0.0", "126.255.255.255", "128.0.0.0",
        "223.255.255.255", "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fe00::1",
        "fe7f:ffff::1", "::ffff:11.0.0.1"}) {
    absl::Status s = policy.Check(outside);
    EXPECT_TRUE(s.ok()) << outside << ": " << s;
  }
}

TEST(EgressPolicyTest, AllowListOpensExactlyOneRange) {
  absl::StatusOr<EgressPolicy> policy = EgressPolicy::Create({"10.0.0.0/8"});
  ASSERT_TRUE(policy.ok()) << policy.status();
  for (const char* open : {"10.0.0.0", "10.0.0.1", "10.255.255.255",
                           "::ffff:10.0.0.1", "::ffff:a00:1"}) {
    EXPECT_TRUE(policy->Check(open).ok()) << open;
  }
  for (const char* closed :
       {"172.16.0.1", "192.168.0.1", "100.64.0.1", "169.254.169.254",
        "::ffff:169.254.169.254", "127.0.0.1", "::ffff:127.0.0.1", "::1",
        "fc00::1", "fe80::1", "224.0.0.1", "ff02::1"}) {
    EXPECT_EQ(policy->Check(closed).code(), absl::StatusCode::kPermissionDenied)
        << closed;
  }

  absl::StatusOr<EgressPolicy> v6 = EgressPolicy::Create({"fd00:77::/32"});
  ASSERT_TRUE(v6.ok()) << v6.status();
  EXPECT_TRUE(v6->Check("fd00:77::25").ok());
  EXPECT_FALSE(v6->Check("fd00:78::25").ok());
  EXPECT_FALSE(v6->Check("fc00::1").ok());
  EXPECT_FALSE(v6->Check("10.0.0.1").ok());
}

TEST(EgressPolicyTest, MessagesNameTheRangeAndTheWayOut) {
  EgressPolicy policy = Default();
  EXPECT_EQ(policy.Check("127.0.0.1").message(),
            "127.0.0.1 is in 127.0.0.0/8 (loopback); allow with --allow-cidr");
  EXPECT_THAT(std::string(policy.Check("169.254.169.254").message()),
              HasSubstr("link-local / cloud metadata"));
  EXPECT_THAT(std::string(policy.Check("fd00:ec2::254").message()),
              HasSubstr("cloud metadata"));
  EXPECT_EQ(policy.Check("::ffff:10.1.2.3").message(),
            "::ffff:10.1.2.3 (the IPv4-mapped form of 10.1.2.3) is in "
            "10.0.0.0/8 (private, RFC 1918); allow with --allow-cidr");
}

TEST(EgressPolicyTest, AllowsOrdinaryPublicAddresses) {
  EgressPolicy policy = Default();
  for (const char* address : {"8.8.8.8",
                              "1.1.1.1",
                              "9.9.9.9",
                              "208.67.222.222",
                              "52.101.68.1",
                              "100.63.255.255",
                              "100.128.0.0",
                              "172.15.255.255",
                              "172.32.0.0",
                              "192.0.1.1",
                              "198.17.255.255",
                              "198.20.0.0",
                              "223.255.255.255",
                              "2001:4860::8888",
                              "2001:4860:4860::8888",
                              "2606:4700:4700::1111",
                              "2a01:111:f400::1",
                              "::ffff:8.8.8.8",
                              "64:ff9b::808:808",
                              "2002:808:808::1"}) {
    EXPECT_TRUE(policy.Check(address).ok())
        << address << ": " << policy.Check(address);
  }
}

TEST(EgressPolicyTest, AllowCidrOpensOnlyItsRange) {
  absl::StatusOr<EgressPolicy> policy = EgressPolicy::Create({"127.77.0.0/16"});
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_TRUE(policy->Check("127.77.1.2").ok());
  EXPECT_TRUE(policy->Check("::ffff:127.77.1.2").ok());
  EXPECT_TRUE(policy->Check("64:ff9b::127.77.1.2").ok());
  EXPECT_EQ(policy->Check("127.0.0.1").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(policy->Check("127.78.0.1").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(policy->Check("::1").code(), absl::StatusCode::kPermissionDenied);
}

TEST(EgressPolicyTest, AllowCidrAcceptsIpv6HostsAndHostBits) {
  absl::StatusOr<EgressPolicy> policy =
      EgressPolicy::Create({"fd00::/8", "::1", "10.1.2.3/8", "0.0.0.0/0"});
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_TRUE(policy->Check("fd99::1").ok());
  EXPECT_TRUE(policy->Check("::1").ok());
  EXPECT_TRUE(policy->Check("10.200.0.1").ok());
  EXPECT_TRUE(policy->Check("169.254.169.254").ok());  // 0.0.0.0/0: all v4
  EXPECT_FALSE(policy->Check("fe80::1").ok());
}

TEST(EgressPolicyTest, RejectsBadAllowEntries) {
  for (const char* bad :
       {"10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0/8", "example.com", "",
        "10.0.0.0/", "10.0.0.0/8x", "fe80::1%eth0/64"}) {
    absl::StatusOr<EgressPolicy> policy = EgressPolicy::Create({bad});
    ASSERT_FALSE(policy.ok()) << bad;
    EXPECT_EQ(policy.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(policy.status().message()),
                HasSubstr(std::string("--allow-cidr ") + bad + ":"));
  }
}

TEST(EgressPolicyTest, NonAddressesAreInvalidArgument) {
  EgressPolicy policy = Default();
  for (const char* bad : {"", "localhost", "127.1", "8.8.8.8:53",
                          "[2001:4860::8888]", "1.2.3.4.5", "fe80::1%lo"}) {
    EXPECT_EQ(policy.Check(bad).code(), absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

}  // namespace
}  // namespace ndrdiag
