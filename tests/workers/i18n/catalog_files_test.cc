// The catalogue as data: every workers/i18n/messages/*.json file parses, no
// key repeats across files, and every check the job runs has a title in
// both languages.
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "workers/checks/check_catalog.h"
#include "workers/i18n/catalog.h"
#include "workers/i18n/catalog_data.h"
#include "workers/i18n/embedded_messages.h"

namespace ndrdiag {
namespace {

using ::testing::HasSubstr;

TEST(CatalogFilesTest, EveryEmbeddedFileParses) {
  ASSERT_FALSE(i18n_internal::EmbeddedMessageFiles().empty());
  for (const i18n_internal::EmbeddedFile& file :
       i18n_internal::EmbeddedMessageFiles()) {
    absl::StatusOr<i18n_internal::CatalogFilePtr> parsed =
        i18n_internal::ParseCatalogFile(file.name, file.contents);
    EXPECT_TRUE(parsed.ok()) << parsed.status().message();
    if (parsed.ok()) {
      EXPECT_GT((*parsed)->entries_size(), 0) << file.name << " is empty";
    }
  }
}

TEST(CatalogFilesTest, CatalogLoadsWithoutProblems) {
  // A file that does not parse or a key in two files (or twice in one).
  absl::Status status = CatalogStatus();
  EXPECT_TRUE(status.ok()) << status.message();
}

TEST(CatalogFilesTest, EveryEntryOfEveryFileIsServed) {
  for (const i18n_internal::EmbeddedFile& file :
       i18n_internal::EmbeddedMessageFiles()) {
    absl::StatusOr<i18n_internal::CatalogFilePtr> parsed =
        i18n_internal::ParseCatalogFile(file.name, file.contents);
    if (!parsed.ok()) continue;  // EveryEmbeddedFileParses reports it.
    for (const auto& entry : (*parsed)->entries()) {
      const CatalogEntry* served = FindCatalogEntry(entry.key());
      ASSERT_NE(served, nullptr) << file.name << ": " << entry.key();
      EXPECT_EQ(served->en.message, entry.en().message()) << entry.key();
      EXPECT_EQ(served->ja.title, entry.ja().title()) << entry.key();
    }
  }
}

TEST(CatalogFilesTest, ParseErrorNamesTheFileAndTheProblem) {
  auto broken = i18n_internal::ParseCatalogFile("broken.json",
                                                R"({"entries": [{"key": )");
  ASSERT_FALSE(broken.ok());
  EXPECT_THAT(broken.status().message(),
              HasSubstr("workers/i18n/messages/broken.json does not parse"));

  // A misspelt field would silently lose a text: it is an error.
  auto misspelt = i18n_internal::ParseCatalogFile(
      "typo.json", R"({"entries": [{"key": "a", "en": {"remediaton": "x"}}]})");
  ASSERT_FALSE(misspelt.ok());
  EXPECT_THAT(misspelt.status().message(), HasSubstr("typo.json"));
  EXPECT_THAT(misspelt.status().message(), HasSubstr("remediaton"));
}

TEST(CatalogFilesTest, ParsedTextsKeepEscapesAndUnicode) {
  auto file =
      i18n_internal::ParseCatalogFile("ok.json", R"({"entries": [{"key": "k",
        "en": {"remediation": "Step one.\nStep \"two\"."},
        "ja": {"remediation": "手順 1。\n手順 2。"}}]})");
  ASSERT_TRUE(file.ok()) << file.status().message();
  std::vector<CatalogEntry> entries;
  i18n_internal::AppendFileEntries(**file, entries);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].key, "k");
  EXPECT_EQ(entries[0].en.remediation, "Step one.\nStep \"two\".");
  EXPECT_EQ(entries[0].ja.remediation, "手順 1。\n手順 2。");
  EXPECT_TRUE(entries[0].en.title.empty());
}

TEST(CatalogFilesTest, EveryCheckOfTheJobHasATitleInBothLanguages) {
  ASSERT_FALSE(AllChecks().empty());
  for (const Check& check : AllChecks()) {
    const CatalogEntry* entry = FindCatalogEntry(check.id);
    ASSERT_NE(entry, nullptr) << check.id << " is not in the catalogue";
    EXPECT_FALSE(entry->en.title.empty()) << check.id << ": no English title";
    EXPECT_FALSE(entry->ja.title.empty()) << check.id << ": no Japanese title";
  }
}

}  // namespace
}  // namespace ndrdiag
