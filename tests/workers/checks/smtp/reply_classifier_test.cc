// The reply table of CHECKS.md §0.1 / §3 on the texts observed in the wild.
#include "workers/checks/smtp/reply_classifier.h"

#include "gtest/gtest.h"

namespace ndrdiag {
namespace {

ReplyClass Kind(int code, const char* enhanced, const char* text) {
  return ClassifyReply(code, enhanced, text).kind;
}

TEST(ReplyClassifierTest, AcceptedIsAnyPositiveReply) {
  EXPECT_EQ(Kind(250, "2.1.5", "2.1.5 Recipient OK"), ReplyClass::kAccepted);
  EXPECT_EQ(Kind(251, "", "User not local; will forward"),
            ReplyClass::kAccepted);
}

TEST(ReplyClassifierTest, DbebOnItsText) {
  EXPECT_EQ(Kind(550, "5.4.1",
                 "5.4.1 Recipient address rejected: Access denied. "
                 "AS(201806281) [DB5EUR01FT088.eop-EUR01.prod.protection."
                 "outlook.com 2023-06-22T08:26:31.592Z 08DB72B25E50380B]"),
            ReplyClass::kDbebUnknownRecipient);
  // Case-insensitive, and the AS tag alone is enough.
  EXPECT_EQ(
      Kind(550, "5.4.1", "5.4.1 RECIPIENT ADDRESS REJECTED: ACCESS DENIED"),
      ReplyClass::kDbebUnknownRecipient);
  EXPECT_EQ(Kind(550, "", "Access denied AS(201806281)"),
            ReplyClass::kDbebUnknownRecipient);
  EXPECT_EQ(ClassifyReply(550, "5.4.1",
                          "5.4.1 Recipient address rejected: Access denied")
                .matched,
            "Recipient address rejected: Access denied");
}

TEST(ReplyClassifierTest, RelayRefusalsOfEopPostfixAndExchange) {
  EXPECT_EQ(Kind(550, "5.4.1", "5.4.1 Relay Access Denied"),
            ReplyClass::kRelayDenied);
  EXPECT_EQ(Kind(554, "5.7.1", "5.7.1 <u@contoso.com>: Relay access denied"),
            ReplyClass::kRelayDenied);
  EXPECT_EQ(Kind(550, "5.7.54",
                 "5.7.54 SMTP; Unable to relay recipient in non-accepted "
                 "domain"),
            ReplyClass::kRelayDenied);
  EXPECT_EQ(Kind(550, "5.7.1", "5.7.1 <u@contoso.com>... Relaying denied"),
            ReplyClass::kRelayDenied);
}

TEST(ReplyClassifierTest, NeverDecidesOnTheCodeAlone) {
  // 5.4.1 is used for both DBEB and relay refusals: without either text it
  // is just a permanent rejection.
  EXPECT_EQ(Kind(550, "5.4.1", "5.4.1 Something else went wrong"),
            ReplyClass::kOtherPermanent);
  EXPECT_EQ(Kind(550, "5.4.1", ""), ReplyClass::kOtherPermanent);
}

TEST(ReplyClassifierTest, LegacyEndpoint) {
  EXPECT_EQ(Kind(451, "4.4.62",
                 "4.4.62 Mail sent to the wrong Office 365 region. ATTR35"),
            ReplyClass::kLegacyEndpoint);
  EXPECT_EQ(Kind(451, "", "attr35"), ReplyClass::kLegacyEndpoint);
}

TEST(ReplyClassifierTest, AttributionBeatsTheRelayTextItContains) {
  EXPECT_EQ(
      Kind(550, "5.7.64", "5.7.64 TenantAttribution; Relay Access Denied"),
      ReplyClass::kTenantAttribution);
  EXPECT_EQ(Kind(550, "", "5.7.64 Relay Access Denied ATTR36"),
            ReplyClass::kTenantAttribution);
  EXPECT_EQ(ClassifyReply(550, "", "Relay Access Denied ATTR36").matched,
            "ATTR36");
}

TEST(ReplyClassifierTest, PartnerLockdownAndDirectSend) {
  EXPECT_EQ(
      Kind(550, "5.7.51",
           "5.7.51 TenantInboundAttribution; Rejecting. Detail: "
           "RestrictDomainsToIPAddresses or RestrictDomainsToCertificate"),
      ReplyClass::kPartnerLockdown);
  // 5.7.68 also says TenantInboundAttribution: the more specific wins.
  EXPECT_EQ(Kind(550, "5.7.68",
                 "5.7.68 TenantInboundAttribution; Direct Send not allowed for "
                 "this organization from unauthorized sources"),
            ReplyClass::kDirectSendBlocked);
}

TEST(ReplyClassifierTest, RefusalsOfTheProbeItself) {
  EXPECT_EQ(Kind(550, "5.7.606",
                 "5.7.606 Access denied, banned sending IP [198.51.100.7]."),
            ReplyClass::kProbeRefused);
  EXPECT_EQ(Kind(550, "5.7.649", "5.7.649 Access denied"),
            ReplyClass::kProbeRefused);
  EXPECT_EQ(Kind(550, "5.7.650", "5.7.650 Something"),
            ReplyClass::kOtherPermanent);
  EXPECT_EQ(Kind(421, "4.7.0", "4.7.0 Too many connections"),
            ReplyClass::kProbeRefused);
  EXPECT_EQ(ClassifyReply(451, "4.7.500",
                          "4.7.500 Server busy. Please try again later from "
                          "[198.51.100.7]. (S77719)")
                .matched,
            "throttled (4.7.500)");
  EXPECT_EQ(Kind(451, "4.7.850", "4.7.850 Access denied, try again later"),
            ReplyClass::kProbeRefused);
  EXPECT_EQ(Kind(450, "4.7.1",
                 "4.7.1 <u@contoso.com>: Recipient address rejected: "
                 "Greylisted, see http://postgrey.schweikert.ch/help/"),
            ReplyClass::kProbeRefused);
  EXPECT_EQ(Kind(451, "4.7.1", "4.7.1 Please try again later"),
            ReplyClass::kProbeRefused);
  EXPECT_EQ(Kind(554, "5.7.1",
                 "5.7.1 Service unavailable; Client host [198.51.100.7] "
                 "blocked using zen.spamhaus.org"),
            ReplyClass::kProbeRefused);
}

TEST(ReplyClassifierTest, OtherReplies) {
  EXPECT_EQ(Kind(451, "4.3.2", "4.3.2 System not accepting network messages"),
            ReplyClass::kOtherTemporary);
  EXPECT_EQ(Kind(550, "5.1.1", "5.1.1 User unknown"),
            ReplyClass::kOtherPermanent);
  EXPECT_TRUE(ClassifyReply(550, "5.1.1", "User unknown").matched.empty());
}

TEST(ReplyClassifierTest, EnhancedCodeIsReadFromTheTextWhenNotGiven) {
  EXPECT_EQ(Kind(550, "", "5.7.606 Access denied"), ReplyClass::kProbeRefused);
  EXPECT_EQ(Kind(451, "", "4.4.62 wrong region"), ReplyClass::kLegacyEndpoint);
}

TEST(ReplyClassifierTest, ClassifiesNdrTexts) {
  EXPECT_EQ(ClassifyReplyText("Remote Server returned '550 5.4.1 Recipient "
                              "address rejected: Access denied. AS(201806281)'")
                .kind,
            ReplyClass::kDbebUnknownRecipient);
  EXPECT_EQ(ClassifyReplyText("#550 5.4.1 Relay Access Denied ##").kind,
            ReplyClass::kRelayDenied);
  EXPECT_EQ(ClassifyReplyText("Remote Server returned '451 4.4.62 Mail sent to "
                              "the wrong Office 365 region.'")
                .kind,
            ReplyClass::kLegacyEndpoint);
  EXPECT_EQ(ClassifyReplyText("'550 5.7.606 Access denied'").kind,
            ReplyClass::kProbeRefused);
  EXPECT_EQ(ClassifyReplyText("421 Service not available").kind,
            ReplyClass::kProbeRefused);
  EXPECT_EQ(ClassifyReplyText("Status: 4.3.2").kind,
            ReplyClass::kOtherTemporary);
  EXPECT_EQ(ClassifyReplyText("250 2.1.5 Recipient OK").kind,
            ReplyClass::kAccepted);
  EXPECT_EQ(ClassifyReplyText("nothing useful").kind,
            ReplyClass::kOtherPermanent);
}

TEST(ReplyClassifierTest, MicrosoftBanners) {
  EXPECT_TRUE(IsMicrosoftBanner(
      "BN8NAM12FT055.mail.protection.outlook.com Microsoft ESMTP MAIL Service "
      "ready at Thu, 22 Jun 2023 08:26:31 +0000"));
  EXPECT_TRUE(IsMicrosoftBanner("x.mail.protection.outlook.com ESMTP"));
  EXPECT_FALSE(IsMicrosoftBanner("mail.contoso.com ESMTP Postfix"));
  // Exchange on-premises uses the same phrase: not Exchange Online.
  const char kOnPremExchange[] =
      "EX01.contoso.com Microsoft ESMTP MAIL Service ready at Thu, 22 Jun 2023";
  EXPECT_FALSE(IsMicrosoftBanner(kOnPremExchange));
  EXPECT_TRUE(SaysMicrosoftEsmtp(kOnPremExchange));
  EXPECT_FALSE(SaysMicrosoftEsmtp("mail.contoso.com ESMTP Postfix"));
}

}  // namespace
}  // namespace ndrdiag
