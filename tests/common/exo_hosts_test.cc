#include "common/exo_hosts.h"

#include "gtest/gtest.h"

namespace ndrdiag {
namespace {

TEST(ExoHostsTest, WholeLabelSuffixesCaseAndTrailingDot) {
  EXPECT_TRUE(IsExchangeOnlineHost("contoso-com.mail.protection.outlook.com"));
  EXPECT_TRUE(IsExchangeOnlineHost("CONTOSO-COM.Mail.Protection.Outlook.com."));
  EXPECT_TRUE(IsExchangeOnlineHost("contoso-com.e-v1.mx.microsoft"));
  EXPECT_TRUE(IsExchangeOnlineHost(
      "DB5EUR01FT088.eop-EUR01.prod.protection.outlook.com"));
  EXPECT_TRUE(IsExchangeOnlineHost("mail.global.frontbridge.com"));
  EXPECT_FALSE(IsExchangeOnlineHost("mail.contoso.com"));
  EXPECT_FALSE(IsExchangeOnlineHost("evilprotection.outlook.com.example"));
  EXPECT_FALSE(IsExchangeOnlineHost("notprotection.outlook.com"));
  EXPECT_FALSE(IsExchangeOnlineHost(""));
  EXPECT_FALSE(IsExchangeOnlineHost("protection.outlook.com.evil.example"));
}

}  // namespace
}  // namespace ndrdiag
