#include "workers/checks/hybrid/cert_names.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ndrdiag::cert {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(CertNamesTest, NormalizesHostNames) {
  EXPECT_EQ(NormalizeHostName(" Mail.Contoso.COM. "), "mail.contoso.com");
  EXPECT_EQ(NormalizeHostName("mail.contoso.com.."), "");  // empty label
  EXPECT_EQ(NormalizeHostName("a..b"), "");
  EXPECT_EQ(NormalizeHostName(""), "");
  EXPECT_EQ(NormalizeHostName("."), "");
  EXPECT_EQ(NormalizeHostName("Bücher.example"), "xn--bcher-kva.example");
  EXPECT_EQ(NormalizeHostName("*.Bücher.example"), "*.xn--bcher-kva.example");
  EXPECT_EQ(NormalizeHostName("XN--BCHER-KVA.example"),
            "xn--bcher-kva.example");
}

TEST(CertNamesTest, WildcardStandsForExactlyOneLeftMostLabel) {
  EXPECT_TRUE(PresentedNameMatches("*.contoso.com", "mail.contoso.com"));
  EXPECT_FALSE(PresentedNameMatches("*.contoso.com", "contoso.com"));
  EXPECT_FALSE(PresentedNameMatches("*.contoso.com", "a.mail.contoso.com"));
  EXPECT_FALSE(PresentedNameMatches("*.contoso.com", "mail.contoso.net"));
  // Only the whole left-most label may be a wildcard.
  EXPECT_FALSE(PresentedNameMatches("m*.contoso.com", "mail.contoso.com"));
  EXPECT_FALSE(PresentedNameMatches("mail.*.com", "mail.contoso.com"));
  EXPECT_FALSE(PresentedNameMatches("*.*.com", "a.contoso.com"));
  EXPECT_FALSE(PresentedNameMatches("**.contoso.com", "a.contoso.com"));
  // Not over a public suffix-like single label.
  EXPECT_FALSE(PresentedNameMatches("*.com", "contoso.com"));
  EXPECT_FALSE(PresentedNameMatches("*", "contoso"));
  // The reference identifier is never a pattern.
  EXPECT_FALSE(PresentedNameMatches("*.contoso.com", "*.contoso.com"));
}

TEST(CertNamesTest, CaseAndTrailingDotsAreIgnored) {
  EXPECT_TRUE(PresentedNameMatches("MAIL.contoso.com", "mail.CONTOSO.com."));
  EXPECT_TRUE(PresentedNameMatches("*.Contoso.com.", "SMTP.contoso.com"));
  EXPECT_TRUE(CertNameMatches("mail.contoso.com.", "Mail.Contoso.Com"));
}

TEST(CertNamesTest, InternationalNamesCompareAsALabels) {
  EXPECT_TRUE(PresentedNameMatches("mail.xn--bcher-kva.example",
                                   "mail.Bücher.example"));
  EXPECT_TRUE(
      PresentedNameMatches("*.xn--bcher-kva.example", "mail.bücher.example"));
  // A wildcard that covers an A-label as a whole label is allowed.
  EXPECT_TRUE(
      PresentedNameMatches("*.example.com", "xn--bcher-kva.example.com"));
  // A wildcard embedded in an A-label is not (RFC 6125 §6.4.3).
  EXPECT_FALSE(
      PresentedNameMatches("xn--*.example.com", "xn--bcher-kva.example.com"));
  EXPECT_FALSE(
      PresentedNameMatches("mail.buecher.example", "mail.bücher.example"));
}

TEST(CertNamesTest, EitherSideMayBeAWildcardForConnectorNames) {
  EXPECT_TRUE(CertNameMatches("*.contoso.com", "mail.contoso.com"));
  EXPECT_TRUE(CertNameMatches("mail.contoso.com", "*.contoso.com"));
  EXPECT_TRUE(CertNameMatches("*.contoso.com", "*.CONTOSO.com"));
  EXPECT_FALSE(CertNameMatches("*.contoso.com", "*.fabrikam.com"));
  EXPECT_FALSE(CertNameMatches("*.contoso.com", "contoso.com"));
  EXPECT_FALSE(CertNameMatches("*.contoso.com", "a.b.contoso.com"));
  EXPECT_FALSE(CertNameMatches("f*.contoso.com", "foo.contoso.com"));
  EXPECT_FALSE(CertNameMatches("", "mail.contoso.com"));
  EXPECT_FALSE(CertNameMatches("mail.contoso.com", ""));
  // Two concrete names: equal ignoring case, or no match.
  EXPECT_TRUE(CertNameMatches("mail.contoso.com", "MAIL.contoso.com"));
  EXPECT_FALSE(CertNameMatches("mail.contoso.com", "smtp.contoso.net"));
}

TEST(CertNamesTest, SubjectAltNamesTakePrecedenceOverTheCommonName) {
  // With DNS SANs the CN is not an identifier (RFC 6125 §6.4.4).
  EXPECT_THAT(PresentedDnsIds("CN=mail.contoso.com, O=Contoso",
                              {"smtp.contoso.net", "SMTP.contoso.net."}),
              ElementsAre("smtp.contoso.net"));
  EXPECT_FALSE(CertificateMatches("mail.contoso.com",
                                  "CN=mail.contoso.com, O=Contoso",
                                  {"smtp.contoso.net"}));
  EXPECT_TRUE(CertificateMatches("smtp.contoso.net", "CN=mail.contoso.com",
                                 {"smtp.contoso.net"}));
  // Without SANs the CN is used.
  EXPECT_THAT(PresentedDnsIds("CN=Mail.Contoso.com, O=Contoso", {}),
              ElementsAre("mail.contoso.com"));
  EXPECT_TRUE(CertificateMatches("*.contoso.com", "CN=EX01.contoso.com", {}));
  EXPECT_FALSE(CertificateMatches("*.contoso.com", "CN=EX01", {}));
  EXPECT_THAT(PresentedDnsIds("O=Contoso", {}), IsEmpty());
}

TEST(CertNamesTest, ParsesDistinguishedNames) {
  auto dn = ParseDn(
      R"(CN=mail.contoso.com, OU=IT\, Tokyo, O="Contoso, Ltd.", S=WA, C=US)");
  ASSERT_TRUE(dn.has_value());
  ASSERT_EQ(dn->size(), 5u);
  EXPECT_EQ((*dn)[0].type, "cn");
  EXPECT_EQ((*dn)[0].value, "mail.contoso.com");
  EXPECT_EQ((*dn)[1].value, "IT, Tokyo");
  EXPECT_EQ((*dn)[2].value, "Contoso, Ltd.");
  EXPECT_EQ((*dn)[3].type, "st");  // Windows' "S"
  EXPECT_EQ((*dn)[4].type, "c");
}

TEST(CertNamesTest, DistinguishedNameEscapesAndBlanks) {
  // Hex escapes, escaped trailing space, "+" multi-valued RDNs, ";".
  auto dn = ParseDn(R"(CN=a\2Cb\ ;O=x+OU=y , E=a@b.c)");
  ASSERT_TRUE(dn.has_value());
  ASSERT_EQ(dn->size(), 4u);
  EXPECT_EQ((*dn)[0].value, "a,b ");
  EXPECT_EQ((*dn)[1].value, "x");
  EXPECT_EQ((*dn)[2].value, "y");
  EXPECT_EQ((*dn)[3].type, "emailaddress");
  EXPECT_THAT(*ParseDn(""), IsEmpty());
  EXPECT_FALSE(ParseDn("CN").has_value());
  EXPECT_FALSE(ParseDn("CN=a,").has_value());
  EXPECT_FALSE(ParseDn(R"(CN="open)").has_value());
  EXPECT_FALSE(ParseDn(R"(CN=a\)").has_value());
  EXPECT_FALSE(ParseDn(R"(CN=a\q)").has_value());
  EXPECT_FALSE(ParseDn(R"(CN=a"b)").has_value());
}

TEST(CertNamesTest, DistinguishedNamesCompareCanonically) {
  EXPECT_EQ(NormalizeDn("CN=Contoso CA, O = Contoso"),
            "cn=contoso ca,o=contoso");
  EXPECT_TRUE(DnEquals(R"(CN=Contoso CA, O="Contoso, Ltd.")",
                       R"(cn=contoso ca,o=Contoso\, Ltd.)"));
  EXPECT_TRUE(DnEquals("CN=x, S=WA", "CN=x, ST=WA"));
  EXPECT_TRUE(DnEquals(R"(CN=a\2cb)", R"(CN=a\,b)"));
  EXPECT_FALSE(DnEquals("CN=a, O=b", "O=b, CN=a"));  // order is kept
  EXPECT_FALSE(DnEquals(R"(CN=a\ )", "CN=a"));       // escaped space counts
  EXPECT_FALSE(DnEquals("CN=Contoso CA", "CN=Contoso  CA"));
  // A malformed DN still equals itself.
  EXPECT_TRUE(DnEquals(R"(CN="broken)", R"(cn="BROKEN)"));
}

TEST(CertNamesTest, CommonName) {
  EXPECT_EQ(CommonName("O=Contoso, CN=Mail.Contoso.com"), "mail.contoso.com");
  EXPECT_EQ(CommonName("CN=first, CN=second"), "first");
  EXPECT_EQ(CommonName(R"(CN="a, b")"), "a, b");
  EXPECT_EQ(CommonName("O=Contoso"), "");
  EXPECT_EQ(CommonName(R"(CN="x)"), "");
}

TEST(CertNamesTest, ParsesTlsCertificateNames) {
  auto ref = ParseTlsCertificateName(
      "<I>CN=Contoso CA, O=Contoso<S>CN=mail.contoso.com, O=Contoso");
  ASSERT_TRUE(ref.has_value());
  EXPECT_EQ(ref->issuer, "CN=Contoso CA, O=Contoso");
  EXPECT_EQ(ref->subject, "CN=mail.contoso.com, O=Contoso");
  // Spaces around the tags and lower-case tags.
  auto spaced =
      ParseTlsCertificateName("  <i> CN=Contoso CA <s> CN=mail.contoso.com ");
  ASSERT_TRUE(spaced.has_value());
  EXPECT_EQ(spaced->issuer, "CN=Contoso CA");
  EXPECT_EQ(spaced->subject, "CN=mail.contoso.com");
  EXPECT_FALSE(ParseTlsCertificateName("CN=mail.contoso.com").has_value());
  EXPECT_FALSE(ParseTlsCertificateName("<I>CN=CA<S>").has_value());
  EXPECT_FALSE(ParseTlsCertificateName("<I><S>CN=x").has_value());
  EXPECT_FALSE(ParseTlsCertificateName("<I>CN=CA").has_value());
  EXPECT_FALSE(ParseTlsCertificateName("<I>CN=CA<S>CN=a<S>CN=b").has_value());
  EXPECT_FALSE(ParseTlsCertificateName("").has_value());
}

TEST(CertNamesTest, SameCertificateName) {
  EXPECT_TRUE(SameCertificateName(
      R"(<I>CN=Contoso CA, O="Contoso, Ltd."<S>CN=mail.contoso.com)",
      R"(<I> cn=contoso ca,o=Contoso\, Ltd. <S> CN=MAIL.contoso.com)"));
  EXPECT_FALSE(SameCertificateName("<I>CN=CA<S>CN=a", "<I>CN=CA<S>CN=b"));
  EXPECT_FALSE(SameCertificateName("<I>CN=CA<S>CN=a", "<I>CN=CA2<S>CN=a"));
  EXPECT_TRUE(SameCertificateName("garbage", " GARBAGE "));
  EXPECT_FALSE(SameCertificateName("", "<I>CN=CA<S>CN=a"));
}

}  // namespace
}  // namespace ndrdiag::cert
