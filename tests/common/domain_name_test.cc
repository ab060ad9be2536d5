#include "common/domain_name.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ndrdiag {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// The error message of NormalizeDomain(input); fails the test if it succeeds
// or fails with another code than INVALID_ARGUMENT.
std::string DomainError(const std::string& input) {
  absl::StatusOr<std::string> result = NormalizeDomain(input);
  if (result.ok()) {
    ADD_FAILURE() << "\"" << input << "\" was accepted as " << *result;
    return "";
  }
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(result.status().message());
}

std::string AddressError(const std::string& input) {
  absl::StatusOr<std::string> result = NormalizeEmailAddress(input);
  if (result.ok()) {
    ADD_FAILURE() << "\"" << input << "\" was accepted as " << *result;
    return "";
  }
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(result.status().message());
}

TEST(NormalizeDomainTest, LowerCasesAndDropsOneTrailingDot) {
  EXPECT_EQ(NormalizeDomain("Contoso.COM").value(), "contoso.com");
  EXPECT_EQ(NormalizeDomain("contoso.com.").value(), "contoso.com");
  EXPECT_EQ(NormalizeDomain("mail.sub-1.contoso.co.jp").value(),
            "mail.sub-1.contoso.co.jp");
  EXPECT_EQ(NormalizeDomain("1.2.3.example").value(), "1.2.3.example");
  EXPECT_EQ(NormalizeDomain("123.com").value(), "123.com");
}

TEST(NormalizeDomainTest, KeepsReservedHyphenPatternsOfAsciiNames) {
  // Such names exist in DNS; refusing them would hide a real domain.
  EXPECT_EQ(NormalizeDomain("ab--cd.com").value(), "ab--cd.com");
}

TEST(NormalizeDomainTest, ConvertsUnicodeToALabels) {
  EXPECT_EQ(NormalizeDomain("bücher.example").value(), "xn--bcher-kva.example");
  EXPECT_EQ(NormalizeDomain("Bücher.Example.").value(),
            "xn--bcher-kva.example");
  EXPECT_EQ(NormalizeDomain("日本語.jp").value(), "xn--wgv71a119e.jp");
  EXPECT_EQ(NormalizeDomain("例え.テスト").value(), "xn--r8jz45g.xn--zckzah");
}

TEST(NormalizeDomainTest, UsesNonTransitionalProcessing) {
  // Transitional processing would turn faß.de into fass.de, another domain.
  EXPECT_EQ(NormalizeDomain("faß.de").value(), "xn--fa-hia.de");
}

TEST(NormalizeDomainTest, MapsWideDotsAndFullwidthLetters) {
  EXPECT_EQ(NormalizeDomain("日本語。jp").value(), "xn--wgv71a119e.jp");
  EXPECT_EQ(NormalizeDomain("ｅｘａｍｐｌｅ．ｃｏｍ").value(), "example.com");
}

TEST(NormalizeDomainTest, AcceptsValidALabels) {
  EXPECT_EQ(NormalizeDomain("XN--BCHER-KVA.example").value(),
            "xn--bcher-kva.example");
}

TEST(NormalizeDomainTest, RejectsInvalidIdn) {
  EXPECT_THAT(DomainError("xn--zz.com"),
              StartsWith("label 1 \"xn--zz\" is not a valid A-label"));
  EXPECT_THAT(DomainError("😀.com"),
              StartsWith("label 1 \"😀\" is not a valid internationalised "
                         "label: "));
  // A zero-width joiner outside its permitted context (CONTEXTJ).
  EXPECT_THAT(DomainError("a\u200Db.com"),
              HasSubstr("is not a valid internationalised label"));
  EXPECT_THAT(DomainError("bücher.ab--é.com"),
              StartsWith("label 2 \"ab--é\" is not a valid internationalised "
                         "label"));
}

TEST(NormalizeDomainTest, RejectsInvalidUtf8) {
  EXPECT_EQ(DomainError("b\xFF"
                        "cher.com"),
            "is not valid UTF-8 (byte 1)");
  EXPECT_EQ(DomainError("a\xC0\xAF.com"), "is not valid UTF-8 (byte 1)");
}

TEST(NormalizeDomainTest, RejectsEmptyAndWhitespace) {
  EXPECT_EQ(DomainError(""), "is empty");
  EXPECT_EQ(DomainError(" contoso.com"), "has leading whitespace");
  EXPECT_EQ(DomainError("contoso.com\n"), "has trailing whitespace");
  EXPECT_EQ(DomainError("\tcontoso.com"), "has leading whitespace");
}

TEST(NormalizeDomainTest, RejectsAnythingAfterTheDomain) {
  EXPECT_THAT(DomainError("contoso.com extra"),
              StartsWith("contains whitespace at offset 11"));
  EXPECT_THAT(DomainError("contoso.com/path"),
              StartsWith("contains '/' at offset 11"));
  EXPECT_THAT(DomainError("https://contoso.com"), StartsWith("contains ':'"));
  EXPECT_THAT(DomainError("contoso.com:25"),
              StartsWith("contains ':' at offset 11"));
  EXPECT_THAT(DomainError("user@contoso.com"), StartsWith("contains '@'"));
  EXPECT_THAT(DomainError("contoso.com?x"), StartsWith("contains '?'"));
  EXPECT_THAT(DomainError("conto\x01so.com"),
              StartsWith("contains the control character 0x01 at offset 5"));
}

TEST(NormalizeDomainTest, RejectsIpLiterals) {
  EXPECT_EQ(DomainError("1.2.3.4"),
            "is an IPv4 address; a domain name is required");
  EXPECT_EQ(DomainError("1.2.3.4."),
            "is an IPv4 address; a domain name is required");
  EXPECT_EQ(DomainError("[1.2.3.4]"),
            "is an address literal; a domain name is required");
  EXPECT_EQ(DomainError("::1"),
            "is an IPv6 address; a domain name is required");
  EXPECT_EQ(DomainError("2001:db8::25"),
            "is an IPv6 address; a domain name is required");
  EXPECT_EQ(DomainError("[IPv6:2001:db8::25]"),
            "is an address literal; a domain name is required");
}

TEST(NormalizeDomainTest, RejectsAllNumericTld) {
  EXPECT_EQ(DomainError("1.2.3"),
            "top-level label \"3\" is all digits; no top-level domain is");
  EXPECT_EQ(DomainError("contoso.123"),
            "top-level label \"123\" is all digits; no top-level domain is");
}

TEST(NormalizeDomainTest, RejectsSingleLabels) {
  EXPECT_THAT(DomainError("localhost"),
              StartsWith("\"localhost\" is a single label"));
  EXPECT_THAT(DomainError("com."), StartsWith("\"com\" is a single label"));
  EXPECT_EQ(DomainError("."),
            "is only the root \".\"; a domain name is required");
}

TEST(NormalizeDomainTest, RejectsEmptyLabels) {
  EXPECT_EQ(DomainError("a..b.com"),
            "label 2 is empty (a leading dot or two dots in a row)");
  EXPECT_EQ(DomainError(".contoso.com"),
            "label 1 is empty (a leading dot or two dots in a row)");
  EXPECT_EQ(DomainError("contoso.com.."),
            "label 3 is empty (a leading dot or two dots in a row)");
}

TEST(NormalizeDomainTest, RejectsLongLabels) {
  const std::string ok63(63, 'a');
  EXPECT_EQ(NormalizeDomain(ok63 + ".com").value(), ok63 + ".com");
  EXPECT_EQ(DomainError("x." + std::string(64, 'a') + ".com"),
            "label 2 \"aaaaaaaaaaaaaaaa…\" is 64 octets; at most 63 are "
            "allowed");
  // Punycode compresses repeats, so use distinct ideographs: 30 of them need
  // more than 63 octets as an A-label although each is one character.
  std::string cjk;
  for (int i = 0; i < 30; ++i) {
    const int cp = 0x4E00 + i * 301;
    cjk += static_cast<char>(0xE0 | (cp >> 12));
    cjk += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    cjk += static_cast<char>(0x80 | (cp & 0x3F));
  }
  EXPECT_TRUE(NormalizeDomain(cjk.substr(0, 30) + ".jp").ok());
  EXPECT_THAT(DomainError(cjk + ".jp"),
              HasSubstr("is longer than 63 octets in A-label form; at most 63 "
                        "are allowed"));
}

TEST(NormalizeDomainTest, RejectsLongNames) {
  const std::string l63(63, 'a');
  const std::string max =
      l63 + "." + l63 + "." + l63 + "." + std::string(61, 'b');
  ASSERT_EQ(max.size(), 253u);
  EXPECT_EQ(NormalizeDomain(max).value(), max);
  EXPECT_EQ(NormalizeDomain(max + ".").value(), max);
  EXPECT_EQ(DomainError(max + "b"),
            "is 254 octets in A-label form; at most 253 are allowed");
  EXPECT_EQ(DomainError(std::string(2000, 'a')),
            "is 2000 octets; at most 253 are allowed");
}

TEST(NormalizeDomainTest, RejectsCharactersOutsideLdh) {
  EXPECT_EQ(DomainError("_dmarc.contoso.com"),
            "label 1 \"_dmarc\" contains '_'; a mail domain may only contain "
            "letters, digits and hyphens");
  EXPECT_THAT(DomainError("con!toso.com"), HasSubstr("contains '!'"));
  EXPECT_THAT(DomainError("contoso.c*m"), StartsWith("label 2 \"c*m\""));
}

TEST(NormalizeDomainTest, RejectsHyphensAtLabelEdges) {
  EXPECT_EQ(DomainError("-contoso.com"),
            "label 1 \"-contoso\" starts with a hyphen");
  EXPECT_EQ(DomainError("contoso-.com"),
            "label 1 \"contoso-\" ends with a hyphen");
  EXPECT_EQ(DomainError("mail.-bücher.de"),
            "label 2 \"-bücher\" starts with a hyphen");
}

TEST(NormalizeEmailAddressTest, NormalizesTheDomainOnly) {
  EXPECT_EQ(NormalizeEmailAddress("Ann.Lee@Contoso.COM").value(),
            "Ann.Lee@contoso.com");
  EXPECT_EQ(NormalizeEmailAddress("info@bücher.example").value(),
            "info@xn--bcher-kva.example");
  EXPECT_EQ(NormalizeEmailAddress("a+tag@contoso.com.").value(),
            "a+tag@contoso.com");
  const std::string local64(64, 'x');
  EXPECT_EQ(NormalizeEmailAddress(local64 + "@contoso.com").value(),
            local64 + "@contoso.com");
}

TEST(NormalizeEmailAddressTest, RejectsBadAddresses) {
  EXPECT_EQ(AddressError(""), "is empty");
  EXPECT_EQ(AddressError(" a@contoso.com"), "has leading whitespace");
  EXPECT_EQ(AddressError("a@contoso.com "), "has trailing whitespace");
  EXPECT_THAT(AddressError("contoso.com"), StartsWith("has no '@'"));
  EXPECT_EQ(AddressError("a@b@contoso.com"), "contains more than one '@'");
  EXPECT_EQ(AddressError("@contoso.com"), "local part (before '@') is empty");
  EXPECT_EQ(AddressError(std::string(65, 'x') + "@contoso.com"),
            "local part is 65 octets; at most 64 are allowed");
  EXPECT_EQ(AddressError("a b@contoso.com"),
            "local part contains whitespace at offset 1");
  EXPECT_THAT(AddressError("Ann <ann@contoso.com>"),
              StartsWith("contains an angle bracket"));
  EXPECT_THAT(AddressError("a,b@contoso.com"), HasSubstr("contains ','"));
  EXPECT_EQ(AddressError("a\x01@contoso.com"),
            "local part contains the control character 0x01");
  EXPECT_EQ(AddressError("ann@1.2.3.4"),
            "domain part: is an IPv4 address; a domain name is required");
  EXPECT_THAT(AddressError("ann@localhost"),
              StartsWith("domain part: \"localhost\" is a single label"));
  EXPECT_THAT(AddressError("ann@"), StartsWith("domain part: is empty"));
}

TEST(IsValidUtf8Test, FindsTheFirstBadByte) {
  size_t bad = 99;
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("日本語 😀"));
  EXPECT_FALSE(IsValidUtf8("ab\xE6\x97", &bad));  // truncated sequence
  EXPECT_EQ(bad, 2u);
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80", &bad));  // surrogate
  EXPECT_EQ(bad, 0u);
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80", &bad));  // > U+10FFFF
}

}  // namespace
}  // namespace ndrdiag
