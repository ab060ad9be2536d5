#include "workers/dns/server_address.h"

#include "gtest/gtest.h"

namespace ndrdiag::dns {
namespace {

TEST(ServerAddressTest, AcceptedForms) {
  const struct {
    const char* in;
    const char* out;
  } kCases[] = {
      {"8.8.8.8", "8.8.8.8:53"},
      {"127.0.0.1:5353", "127.0.0.1:5353"},
      {"2001:4860::8888", "[2001:4860::8888]:53"},
      {"[2001:4860::8888]", "[2001:4860::8888]:53"},
      {"[2001:4860:0::8888]:5300", "[2001:4860::8888]:5300"},
      {"[::1]:53", "[::1]:53"},
  };
  for (const auto& c : kCases) {
    absl::StatusOr<ServerAddress> a = ParseServerAddress(c.in);
    ASSERT_TRUE(a.ok()) << c.in << ": " << a.status();
    EXPECT_EQ(a->ToString(), c.out);
  }
  EXPECT_EQ(ParseServerAddress("127.0.0.1:5353")->port, 5353);
  EXPECT_EQ(ParseServerAddress("127.0.0.1:5353")->ip, "127.0.0.1");
  EXPECT_TRUE(ParseServerAddress("::1")->v6);
}

TEST(ServerAddressTest, RejectedForms) {
  for (const char* bad :
       {"", "dns.google", "8.8.8.8:", "8.8.8.8:0", "8.8.8.8:65536",
        "8.8.8.8:53x", "[8.8.8.8]:53", "[::1", "[::1]53", "[::1]:", "::1:53:x",
        "1.2.3", " 8.8.8.8", "8.8.8.8:+53"}) {
    EXPECT_FALSE(ParseServerAddress(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace ndrdiag::dns
