#include "bench/dnsdelay/dns_message.h"

#include <string>

#include "bench/dnsdelay/endpoint.h"
#include "gtest/gtest.h"

namespace ndrdiag::dnsdelay {
namespace {

// A query for `name` type MX with id 0x1234.
std::string Query(const std::string& name) {
  std::string m = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
  size_t start = 0;
  while (start < name.size()) {
    size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    m.push_back(static_cast<char>(dot - start));
    m.append(name, start, dot - start);
    start = dot + 1;
  }
  m.push_back(0);
  m.append({0, 15, 0, 1});
  return m;
}

TEST(DnsMessageTest, IdReadAndRewritten) {
  std::string m = Query("example.com");
  EXPECT_EQ(MessageId(m), 0x1234);
  SetMessageId(m, 0xbeef);
  EXPECT_EQ(MessageId(m), 0xbeef);
  std::string short_message = "abc";
  SetMessageId(short_message, 1);
  EXPECT_EQ(short_message, "abc");
  EXPECT_EQ(MessageId(short_message), 0);
}

TEST(DnsMessageTest, QuestionKeyIgnoresCaseAndTheId) {
  std::string upper = Query("ExAmple.COM");
  SetMessageId(upper, 99);
  absl::StatusOr<std::string> a = QuestionKey(Query("example.com"));
  absl::StatusOr<std::string> b = QuestionKey(upper);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_NE(*a, *QuestionKey(Query("example.net")));
  EXPECT_EQ(a->size(), 13u + 4u);  // 7example3com0 + type + class
}

TEST(DnsMessageTest, TruncatedOrMalformedMessagesAreErrors) {
  const std::string m = Query("example.com");
  for (size_t length = 0; length < m.size(); ++length) {
    EXPECT_FALSE(QuestionKey(m.substr(0, length)).ok()) << length;
  }
  std::string bad_label = m;
  bad_label[kDnsHeaderSize] = 0x40;  // label type 01: not defined
  EXPECT_FALSE(QuestionKey(bad_label).ok());
  std::string no_question = m.substr(0, kDnsHeaderSize);
  no_question[5] = 0;
  EXPECT_EQ(*QuestionKey(no_question), "");
}

TEST(EndpointTest, ParsesAndAppliesTheLoopbackRule) {
  absl::StatusOr<Endpoint> v4 = ParseEndpoint("127.77.0.53:53");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->port(), 53);
  EXPECT_TRUE(v4->IsLoopback());
  EXPECT_EQ(v4->ToString(), "127.77.0.53:53");
  absl::StatusOr<Endpoint> v6 = ParseEndpoint("[::1]:5353");
  ASSERT_TRUE(v6.ok());
  EXPECT_TRUE(v6->IsLoopback());
  EXPECT_EQ(v6->ToString(), "[::1]:5353");
  EXPECT_FALSE(ParseEndpoint("10.0.0.1:53")->IsLoopback());
  EXPECT_FALSE(ParseEndpoint("[2001:db8::1]:53")->IsLoopback());
  for (const char* bad : {"127.0.0.1", "localhost:53", "127.0.0.1:65536",
                          "127.0.0.1:x", "[::1]53", ""}) {
    EXPECT_FALSE(ParseEndpoint(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace ndrdiag::dnsdelay
