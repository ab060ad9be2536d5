#include "workers/dns/dns_message.h"

#include <random>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "workers/dns/dns_resolver.h"

namespace ndrdiag::dns {
namespace {

using ::testing::HasSubstr;

// Hand-assembled wire bytes, so the parser is not tested against itself.
class Wire {
 public:
  Wire& U8(int v) {
    bytes_.push_back(static_cast<char>(v));
    return *this;
  }
  Wire& U16(int v) { return U8(v >> 8).U8(v & 0xff); }
  Wire& U32(uint32_t v) { return U16(v >> 16).U16(v & 0xffff); }
  Wire& Raw(std::string_view s) {
    bytes_.append(s);
    return *this;
  }
  // Labels of "a.b.c" (no terminating zero unless `terminate`).
  Wire& Labels(std::string_view dotted, bool terminate = true) {
    size_t start = 0;
    while (start <= dotted.size() && !dotted.empty()) {
      size_t dot = dotted.find('.', start);
      std::string_view label = dotted.substr(
          start,
          dot == std::string_view::npos ? dotted.size() - start : dot - start);
      U8(static_cast<int>(label.size())).Raw(label);
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
    if (terminate) U8(0);
    return *this;
  }
  Wire& Ptr(int offset) { return U8(0xC0 | offset >> 8).U8(offset & 0xff); }
  // Header with QR set plus `flags`.
  Wire& Header(int id, int flags, int qd, int an, int ns, int ar) {
    return U16(id).U16(0x8000 | flags).U16(qd).U16(an).U16(ns).U16(ar);
  }
  // A record header whose owner is the name at offset 12 (the question).
  Wire& Rr(int type, uint32_t ttl, int rdlength) {
    return Ptr(12).U16(type).U16(1).U32(ttl).U16(rdlength);
  }
  size_t size() const { return bytes_.size(); }
  const std::string& str() const { return bytes_; }

 private:
  std::string bytes_;
};

// Header + question "Example.COM" MX; the name sits at offset 12.
Wire ResponseStart(int an, int ns, int ar, int flags = 0x0400) {
  Wire w;
  w.Header(0xBEEF, flags, 1, an, ns, ar).Labels("Example.COM").U16(15).U16(1);
  return w;
}

TEST(BuildQueryTest, EncodesHeaderQuestionAndEdns) {
  absl::StatusOr<std::string> q = BuildQuery(0x1234, "example.com", 15, true);
  ASSERT_TRUE(q.ok()) << q.status();
  Wire want;
  want.U16(0x1234).U16(0x0120).U16(1).U16(0).U16(0).U16(1);  // RD, AD
  want.Labels("example.com").U16(15).U16(1);
  want.U8(0).U16(41).U16(1232).U32(0).U16(0);
  EXPECT_EQ(*q, want.str());
}

TEST(BuildQueryTest, RecursionDesiredOffClearsRd) {
  absl::StatusOr<std::string> q = BuildQuery(7, "example.com.", 6, false);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ((*q)[2], 0);
  EXPECT_EQ((*q)[3], 0);
  EXPECT_EQ(*q, *BuildQuery(7, "example.com", 6, false));  // dot optional
}

TEST(BuildQueryTest, RootName) {
  absl::StatusOr<std::string> q = BuildQuery(1, ".", 2, true);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->size(), 12u + 1 + 4 + 11);
}

TEST(BuildQueryTest, RejectsNamesThatCannotBeEncoded) {
  std::string long_label(64, 'a');
  std::string long_name;
  for (int i = 0; i < 5; ++i) long_name += std::string(60, 'b') + ".";
  for (std::string bad :
       {std::string(""), std::string("a..b"), std::string(".a"), long_label,
        long_name, std::string("a b.com"), std::string("a\\.b"),
        std::string("caf\xc3\xa9.example")}) {
    EXPECT_FALSE(BuildQuery(1, bad, 1, true).ok()) << bad;
  }
  EXPECT_TRUE(BuildQuery(1, std::string(63, 'a') + ".com", 1, true).ok());
  EXPECT_TRUE(BuildQuery(1, "_25._tcp.mx.example", 52, true).ok());
}

TEST(ParseMessageTest, ParsesOwnQuery) {
  absl::StatusOr<DnsMessage> m =
      ParseMessage(*BuildQuery(0xABCD, "MiXeD.Example", 28, true));
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->id, 0xABCD);
  EXPECT_FALSE(m->qr);
  EXPECT_TRUE(m->rd);
  EXPECT_EQ(m->qname, "mixed.example.");
  EXPECT_EQ(m->qtype, 28);
  EXPECT_EQ(m->qclass, 1);
  EXPECT_TRUE(m->has_edns);
  EXPECT_EQ(m->edns_udp_size, 1232);
}

TEST(ParseResponseTest, MxAnswersWithCompressionAndTtls) {
  Wire w = ResponseStart(2, 0, 0);
  // 10 mx1.<ptr to example.com>
  w.Rr(15, 300, 2 + 4 + 2).U16(10).Labels("MX1", false).Ptr(12);
  // 20 <ptr to "mx1.example.com" inside the first answer's rdata>
  size_t mx1 = w.size() - 6;
  w.Rr(15, 86400, 2 + 2).U16(20).Ptr(static_cast<int>(mx1));
  v1::DnsExchange ex;
  ex.set_server("kept");
  ASSERT_TRUE(ParseResponseInto(w.str(), ex).ok());
  EXPECT_EQ(ex.server(), "kept");
  EXPECT_EQ(ex.rcode(), "NOERROR");
  EXPECT_TRUE(ex.authoritative_answer());
  EXPECT_FALSE(ex.truncated());
  ASSERT_EQ(ex.answers_size(), 2);
  EXPECT_EQ(ex.answers(0).name(), "example.com.");
  EXPECT_EQ(ex.answers(0).type(), "MX");
  EXPECT_EQ(ex.answers(0).ttl(), 300u);
  EXPECT_EQ(ex.answers(0).data(), "10 mx1.example.com.");
  EXPECT_EQ(ex.answers(1).ttl(), 86400u);
  EXPECT_EQ(ex.answers(1).data(), "20 mx1.example.com.");
  absl::StatusOr<MxData> mx = ParseMxData(ex.answers(1).data());
  ASSERT_TRUE(mx.ok());
  EXPECT_EQ(mx->preference, 20);
  EXPECT_EQ(mx->target, "mx1.example.com.");
}

TEST(ParseResponseTest, AuthenticatedDataBit) {
  // RA + AD (0x0080 | 0x0020), as a validating resolver answers.
  Wire w = ResponseStart(0, 0, 0, 0x00A0);
  v1::DnsExchange ex;
  ASSERT_TRUE(ParseResponseInto(w.str(), ex).ok());
  EXPECT_TRUE(ex.authenticated_data());
  EXPECT_FALSE(ex.authoritative_answer());
  Wire plain = ResponseStart(0, 0, 0, 0x0080);
  ASSERT_TRUE(ParseResponseInto(plain.str(), ex).ok());
  EXPECT_FALSE(ex.authenticated_data());
}

TEST(ParseResponseTest, NxdomainWithSoaInAuthority) {
  Wire w = ResponseStart(0, 1, 0, 0x0400 | 3);
  w.Rr(6, 3600, 0);  // rdlength patched below
  size_t rdlen_at = w.size() - 2;
  size_t start = w.size();
  w.Labels("ns1", false).Ptr(12).Labels("hostmaster", false).Ptr(12);
  w.U32(2024060101).U32(7200).U32(900).U32(1209600).U32(300);
  std::string bytes = w.str();
  bytes[rdlen_at + 1] = static_cast<char>(bytes.size() - start);
  v1::DnsExchange ex;
  ASSERT_TRUE(ParseResponseInto(bytes, ex).ok());
  EXPECT_EQ(ex.rcode(), "NXDOMAIN");
  ASSERT_EQ(ex.authority_size(), 1);
  EXPECT_EQ(ex.authority(0).type(), "SOA");
  EXPECT_EQ(ex.authority(0).data(),
            "ns1.example.com. hostmaster.example.com. 2024060101 7200 900 "
            "1209600 300");
  absl::StatusOr<SoaData> soa = ParseSoaData(ex.authority(0).data());
  ASSERT_TRUE(soa.ok());
  EXPECT_EQ(soa->serial, 2024060101u);
  EXPECT_EQ(soa->minimum, 300u);
  EXPECT_EQ(soa->rname, "hostmaster.example.com.");
}

TEST(ParseResponseTest, EveryRenderedType) {
  Wire w = ResponseStart(7, 0, 0, 0x0200);  // TC, not AA
  w.Rr(1, 1, 4).U8(192).U8(0).U8(2).U8(1);
  w.Rr(28, 2, 16).U16(0x2001).U16(0xdb8).U32(0).U32(0).U32(1);
  w.Rr(2, 3, 2).Ptr(12);
  w.Rr(5, 4, 6).Labels("www", false).Ptr(12);
  std::string txt1 = "v=spf1 \"q\" \\ -all";
  w.Rr(16, 5, static_cast<int>(1 + txt1.size() + 1 + 2))
      .U8(static_cast<int>(txt1.size()))
      .Raw(txt1)
      .U8(2)
      .U8(0x01)
      .U8(0xff);
  w.Rr(99, 6, 3).U8(0x0a).U8(0xff).U8(0x00);
  w.Rr(16, 7, 0);
  v1::DnsExchange ex;
  absl::Status s = ParseResponseInto(w.str(), ex);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_FALSE(ex.authoritative_answer());
  EXPECT_TRUE(ex.truncated());
  ASSERT_EQ(ex.answers_size(), 7);
  EXPECT_EQ(ex.answers(0).data(), "192.0.2.1");
  EXPECT_EQ(ex.answers(1).type(), "AAAA");
  EXPECT_EQ(ex.answers(1).data(), "2001:db8::1");
  EXPECT_EQ(ex.answers(2).data(), "example.com.");
  EXPECT_EQ(ex.answers(3).type(), "CNAME");
  EXPECT_EQ(ex.answers(3).data(), "www.example.com.");
  EXPECT_EQ(ex.answers(4).data(),
            "\"v=spf1 \\\"q\\\" \\\\ -all\" \"\\001\\255\"");
  EXPECT_EQ(ex.answers(5).type(), "TYPE99");
  EXPECT_EQ(ex.answers(5).data(), "\\# 3 0aff00");
  EXPECT_EQ(ex.answers(6).data(), "\\# 0");
  absl::StatusOr<std::vector<std::string>> strings =
      ParseTxtData(ex.answers(4).data());
  ASSERT_TRUE(strings.ok()) << strings.status();
  EXPECT_THAT(*strings,
              ::testing::ElementsAre(txt1, std::string("\x01\xff", 2)));
  EXPECT_TRUE(ParseTxtData(ex.answers(6).data())->empty());
}

TEST(ParseResponseTest, OddLabelBytesAreEscaped) {
  Wire w;
  w.Header(1, 0, 1, 0, 0, 0).U8(3).Raw("a.b").U8(3).Raw(std::string("c d", 3));
  w.U8(1).U8(0xC8).U8(0).U16(1).U16(1);
  absl::StatusOr<DnsMessage> m = ParseMessage(w.str());
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->qname, "a\\.b.c\\032d.\\200.");
}

TEST(ParseResponseTest, ExtendedRcodeFromOpt) {
  Wire w = ResponseStart(0, 0, 1, 0);
  w.U8(0).U16(41).U16(1232).U32(0x01000000).U16(0);  // ext rcode 1 → 16
  absl::StatusOr<DnsMessage> m = ParseMessage(w.str());
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_TRUE(m->has_edns);
  EXPECT_EQ(RcodeName(m->rcode), "BADVERS");
  EXPECT_TRUE(m->additional.empty());
}

TEST(ParseResponseTest, RejectsQueryAsResponseAndKeepsExchange) {
  v1::DnsExchange ex;
  ex.set_rcode("before");
  EXPECT_FALSE(
      ParseResponseInto(*BuildQuery(1, "example.com", 15, true), ex).ok());
  EXPECT_EQ(ex.rcode(), "before");
}

// The malformed inputs: each must come back as an error, never a crash.
TEST(ParseMalformedTest, EveryTruncationIsAnError) {
  Wire w = ResponseStart(1, 0, 1);
  w.Rr(15, 300, 2 + 4 + 2).U16(10).Labels("mx1", false).Ptr(12);
  w.U8(0).U16(41).U16(1232).U32(0).U16(0);
  ASSERT_TRUE(ParseMessage(w.str()).ok());
  for (size_t n = 0; n < w.size(); ++n) {
    absl::StatusOr<DnsMessage> m = ParseMessage(w.str().substr(0, n));
    EXPECT_FALSE(m.ok()) << "prefix of " << n << " bytes parsed";
    EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  }
}

TEST(ParseMalformedTest, CompressionLoopsAreRejected) {
  {  // a pointer to itself
    Wire w;
    w.Header(1, 0, 1, 0, 0, 0).Ptr(12).U16(1).U16(1);
    EXPECT_THAT(ParseMessage(w.str()).status().message(),
                HasSubstr("compression pointer"));
  }
  {  // a label, then a pointer back to that label: a -> a -> a ...
    Wire w;
    w.Header(1, 0, 1, 0, 0, 0).U8(1).Raw("a").Ptr(12).U16(1).U16(1);
    EXPECT_FALSE(ParseMessage(w.str()).ok());
  }
  {  // two names pointing at each other
    Wire w = ResponseStart(1, 0, 0);
    size_t owner = w.size();
    w.U8(1).Raw("x").Ptr(static_cast<int>(owner + 14));  // to the RDATA
    w.U16(1).U16(1).U32(1).U16(4).U8(1).Raw("y").Ptr(static_cast<int>(owner));
    EXPECT_FALSE(ParseMessage(w.str()).ok());
  }
  {  // a pointer beyond the end
    Wire w;
    w.Header(1, 0, 1, 0, 0, 0).Ptr(0x3FFF).U16(1).U16(1);
    EXPECT_FALSE(ParseMessage(w.str()).ok());
  }
}

TEST(ParseMalformedTest, NameOver255OctetsViaPointersIsRejected) {
  // Chain of 50-octet labels, each name pointing at the previous one.
  Wire w;
  w.Header(1, 0, 0, 6, 0, 0);
  int previous = -1;
  for (int i = 0; i < 6; ++i) {
    int here = static_cast<int>(w.size());
    w.U8(50).Raw(std::string(50, 'a' + i));
    if (previous < 0) {
      w.U8(0);
    } else {
      w.Ptr(previous);
    }
    w.U16(1).U16(1).U32(0).U16(4).U32(0);
    previous = here;
  }
  absl::StatusOr<DnsMessage> m = ParseMessage(w.str());
  ASSERT_FALSE(m.ok());
  EXPECT_THAT(m.status().message(), HasSubstr("255"));
}

TEST(ParseMalformedTest, BadLabelTypesLengthsAndTrailers) {
  auto fails = [](const Wire& w) { return !ParseMessage(w.str()).ok(); };
  {
    Wire w;
    w.Header(1, 0, 1, 0, 0, 0).U8(0x40).U8(0).U16(1).U16(1);
    EXPECT_TRUE(fails(w)) << "extended label type";
  }
  {
    Wire w = ResponseStart(1, 0, 0);
    w.Rr(1, 1, 5).U32(0).U8(0);
    EXPECT_TRUE(fails(w)) << "A with 5 octets";
  }
  {
    Wire w = ResponseStart(1, 0, 0);
    w.Rr(28, 1, 4).U32(0);
    EXPECT_TRUE(fails(w)) << "AAAA with 4 octets";
  }
  {
    Wire w = ResponseStart(1, 0, 0);
    w.Rr(15, 1, 6).U16(10).Ptr(12).U16(0);
    EXPECT_TRUE(fails(w)) << "MX RDLENGTH longer than its data";
  }
  {
    Wire w = ResponseStart(1, 0, 0);
    w.Rr(16, 1, 3).U8(5).Raw("ab");
    EXPECT_TRUE(fails(w)) << "TXT string past RDATA";
  }
  {
    Wire w = ResponseStart(1, 0, 0);
    w.Rr(2, 1, 200).Ptr(12);
    EXPECT_TRUE(fails(w)) << "RDLENGTH past the end";
  }
  {
    Wire w = ResponseStart(0, 0, 0);
    w.U8(0);
    EXPECT_TRUE(fails(w)) << "trailing byte";
  }
  {
    Wire w = ResponseStart(0, 0, 2);
    w.U8(0).U16(41).U16(1232).U32(0).U16(0);
    w.U8(0).U16(41).U16(1232).U32(0).U16(0);
    EXPECT_TRUE(fails(w)) << "two OPT records";
  }
  {
    Wire w;
    w.Header(1, 0, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF);
    EXPECT_TRUE(fails(w)) << "counts without records";
  }
  EXPECT_TRUE(fails(Wire().U8(1)));
}

TEST(ParseMalformedTest, RandomMutationsNeverCrash) {
  Wire w = ResponseStart(2, 1, 1);
  w.Rr(15, 300, 8).U16(10).Labels("mx1", false).Ptr(12);
  w.Rr(16, 60, 4).U8(3).Raw("abc");
  w.Rr(2, 60, 2).Ptr(12);
  w.U8(0).U16(41).U16(1232).U32(0).U16(0);
  std::mt19937 rng(20240601);
  int ok = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string bytes = w.str();
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) {
      bytes[rng() % bytes.size()] = static_cast<char>(rng());
    }
    if (rng() % 4 == 0) bytes.resize(rng() % bytes.size());
    v1::DnsExchange ex;
    if (ParseResponseInto(bytes, ex).ok()) ++ok;
  }
  // Some mutations only touch TTLs or letters and still parse.
  EXPECT_GT(ok, 0);
}

TEST(NamesTest, RcodeAndTypeMnemonics) {
  EXPECT_EQ(RcodeName(0), "NOERROR");
  EXPECT_EQ(RcodeName(2), "SERVFAIL");
  EXPECT_EQ(RcodeName(3), "NXDOMAIN");
  EXPECT_EQ(RcodeName(5), "REFUSED");
  EXPECT_EQ(RcodeName(15), "RCODE15");
  EXPECT_EQ(TypeName(15), "MX");
  EXPECT_EQ(TypeName(65280), "TYPE65280");
  EXPECT_STREQ(DnsTypeName(DnsType::kAaaa), "AAAA");
  EXPECT_STREQ(DnsTypeName(DnsType::kMx), "MX");
}

TEST(RecordDataTest, MxData) {
  EXPECT_EQ(ParseMxData("0 .")->target, ".");  // null MX (RFC 7505)
  EXPECT_EQ(ParseMxData("65535 a.")->preference, 65535);
  for (const char* bad :
       {"", "10", "10 ", "x a.", "65536 a.", "10 a. b.", "-1 a.", "10  a."}) {
    EXPECT_FALSE(ParseMxData(bad).ok()) << bad;
  }
}

TEST(RecordDataTest, SoaAndTxtData) {
  EXPECT_FALSE(ParseSoaData("a. b. 1 2 3 4").ok());
  EXPECT_FALSE(ParseSoaData("a. b. 1 2 3 4 x").ok());
  EXPECT_FALSE(ParseSoaData("a. b. 1 2 3 4 4294967296").ok());
  EXPECT_EQ(ParseSoaData("a. b. 1 2 3 4 4294967295")->minimum, 4294967295u);
  for (const char* bad : {"", "abc", "\"abc", "\"a\"\"b\"", "\"a\\25\"",
                          "\"a\\999\"", "\"a\" b"}) {
    EXPECT_FALSE(ParseTxtData(bad).ok()) << bad;
  }
  EXPECT_THAT(*ParseTxtData("\"a b\" \"\\\"\\\\\\065\""),
              ::testing::ElementsAre("a b", "\"\\A"));
}

}  // namespace
}  // namespace ndrdiag::dns
