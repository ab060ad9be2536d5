#include "workers/i18n/catalog.h"

#include <set>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "workers/checks/check_result.h"
#include "workers/checks/dns/dns_checks.h"
#include "workers/checks/dns/mx_rules.h"

namespace ndrdiag {
namespace {

using ::testing::HasSubstr;

std::set<std::string> Placeholders(absl::string_view text) {
  std::set<std::string> out;
  size_t pos = 0;
  while ((pos = text.find('{', pos)) != absl::string_view::npos) {
    size_t close = text.find('}', pos);
    if (close == absl::string_view::npos) break;
    out.insert(std::string(text.substr(pos + 1, close - pos - 1)));
    pos = close + 1;
  }
  return out;
}

bool HasNonAscii(absl::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

void ExpectSameShape(absl::string_view key, absl::string_view field,
                     absl::string_view en, absl::string_view ja) {
  EXPECT_EQ(en.empty(), ja.empty()) << key << " " << field;
  EXPECT_EQ(Placeholders(en), Placeholders(ja)) << key << " " << field;
  // Terms may be proper names Japanese writes as English does
  // ("Exchange Online"); every other Japanese text must really be Japanese,
  // not a copy of the English one.
  if (!ja.empty() && !absl::StartsWith(key, "term.")) {
    EXPECT_TRUE(HasNonAscii(ja)) << key << " " << field << ": " << ja;
  }
}

TEST(CatalogTest, EveryKeyHasBothLocalesWithTheSamePlaceholders) {
  std::set<std::string> keys;
  for (const CatalogEntry& entry : CatalogEntries()) {
    EXPECT_TRUE(keys.insert(std::string(entry.key)).second)
        << "duplicate key " << entry.key;
    EXPECT_FALSE(entry.en.title.empty() && entry.en.message.empty())
        << entry.key << " has no text";
    ExpectSameShape(entry.key, "title", entry.en.title, entry.ja.title);
    ExpectSameShape(entry.key, "message", entry.en.message, entry.ja.message);
    ExpectSameShape(entry.key, "remediation", entry.en.remediation,
                    entry.ja.remediation);
  }
  EXPECT_GT(keys.size(), 30u);
}

TEST(CatalogTest, EveryCheckHasATitleAndEveryVerdictCauseAText) {
  for (const DnsCheck& check : DnsChecks()) {
    const CatalogEntry* entry = FindCatalogEntry(check.id);
    ASSERT_NE(entry, nullptr) << check.id;
    EXPECT_FALSE(entry->en.title.empty()) << check.id;
  }
  for (v1::RootCause cause :
       {v1::HEALTHY, v1::UNKNOWN, v1::DOMAIN_NOT_FOUND, v1::MX_MISSING,
        v1::MX_LEGACY_ENDPOINT, v1::MX_TARGET_UNRESOLVABLE, v1::MX_MULTIPLE,
        v1::MX_INCORRECT, v1::DNS_INCONSISTENT_AUTHORITATIVE,
        v1::DNS_LAME_DELEGATION, v1::DNS_PROPAGATION, v1::SPF_MISCONFIGURED,
        v1::AUTODISCOVER_MISSING}) {
    const std::string key =
        absl::StrCat("verdict.cause.", v1::RootCause_Name(cause));
    const CatalogEntry* entry = FindCatalogEntry(key);
    ASSERT_NE(entry, nullptr) << key;
    EXPECT_FALSE(entry->en.remediation.empty()) << key;
  }
}

TEST(CatalogTest, RankingReasonsExistInBothLocales) {
  for (const char* key : {"verdict.why.lame", "verdict.why.inconsistent",
                          "verdict.why.propagation", "verdict.why.secondary"}) {
    EXPECT_FALSE(
        CatalogText(key, TextField::kMessage, Locale::kEnglish, {}).empty())
        << key;
    EXPECT_FALSE(
        CatalogText(key, TextField::kMessage, Locale::kJapanese, {}).empty())
        << key;
  }
}

TEST(CatalogTest, LocalizeFillsTextsInTheLocale) {
  v1::CheckResult result =
      MakeResult("dns.mx.target_format", v1::DNS, v1::WARN,
                 "dns.mx.target_format.warn_not_exo",
                 {{"domain", "contoso.com"},
                  {"targets", "mail.contoso.com"},
                  {"expected", "contoso-com.mail.protection.outlook.com"}},
                 v1::MX_INCORRECT);
  v1::CheckResult en = result, ja = result, other = result;
  Localize(en, "en");
  Localize(ja, "ja-JP");
  Localize(other, "fr");
  EXPECT_EQ(en.title(), "MX points to Exchange Online");
  EXPECT_THAT(en.message(), HasSubstr("The MX of contoso.com does not point"));
  EXPECT_THAT(en.remediation(),
              HasSubstr("contoso-com.mail.protection.outlook.com"));
  EXPECT_THAT(ja.message(),
              HasSubstr("MX レコードが Exchange Online を指していません"));
  EXPECT_THAT(ja.message(), HasSubstr("contoso.com"));
  EXPECT_EQ(other.message(), en.message());
}

TEST(CatalogTest, ArgumentValuesWithATermAreTranslated) {
  EXPECT_EQ(
      CatalogText("dns.mx.present.pass", TextField::kMessage, Locale::kJapanese,
                  {{"domain", "contoso.com"},
                   {"count", "1"},
                   {"view", "authoritative"}}),
      "contoso.com には MX レコードが 1 件公開されています (権威 DNS "
      "サーバーの応答)。");
}

TEST(CatalogTest, MissingArgumentIsLeftVisible) {
  EXPECT_EQ(CatalogText("verdict.summary.cause", TextField::kMessage,
                        Locale::kEnglish, {{"domain", "a.example"}}),
            "a.example: most likely cause: {cause}.");
}

TEST(CatalogTest, ParsesLocales) {
  EXPECT_EQ(ParseLocale("ja"), Locale::kJapanese);
  EXPECT_EQ(ParseLocale("JA_jp"), Locale::kJapanese);
  EXPECT_EQ(ParseLocale(""), Locale::kEnglish);
  EXPECT_EQ(ParseLocale("jav"), Locale::kEnglish);
}

}  // namespace
}  // namespace ndrdiag
