#include "workers/i18n/catalog.h"

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/logging.h"
#include "workers/i18n/catalog_data.h"

namespace ndrdiag {
namespace {

struct Index {
  std::unique_ptr<i18n_internal::LoadedCatalog> catalog;
  absl::flat_hash_map<absl::string_view, size_t> by_key;
  absl::Status status;
};

// Loaded once, never freed: entries point into the parsed files.
const Index& TheIndex() {
  static const Index* const kIndex = [] {
    auto* index = new Index;
    index->catalog = i18n_internal::LoadCatalog();
    const std::vector<CatalogEntry>& entries = index->catalog->entries;
    for (size_t i = 0; i < entries.size(); ++i) {
      index->by_key.emplace(entries[i].key, i);
    }
    for (const std::string& problem : index->catalog->problems) {
      NDRDIAG_LOG(ERROR) << "message catalogue: " << problem;
    }
    if (!index->catalog->problems.empty()) {
      index->status = absl::FailedPreconditionError(
          absl::StrCat("message catalogue: ",
                       absl::StrJoin(index->catalog->problems, "; ")));
    }
    return index;
  }();
  return *kIndex;
}

absl::string_view Field(const LocalizedText& text, TextField field) {
  switch (field) {
    case TextField::kTitle:
      return text.title;
    case TextField::kMessage:
      return text.message;
    case TextField::kRemediation:
      return text.remediation;
  }
  return {};
}

// Replaces each "{name}" with the argument's value, translated when a
// "term.<name>.<value>" entry exists.
std::string Substitute(absl::string_view text, Locale locale,
                       const TextArgs& args) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find('{', pos);
    size_t close = open == absl::string_view::npos ? absl::string_view::npos
                                                   : text.find('}', open + 1);
    if (close == absl::string_view::npos) {
      absl::StrAppend(&out, text.substr(pos));
      break;
    }
    absl::StrAppend(&out, text.substr(pos, open - pos));
    std::string name(text.substr(open + 1, close - open - 1));
    auto arg = args.find(name);
    if (arg == args.end()) {
      absl::StrAppend(&out, text.substr(open, close - open + 1));
    } else {
      std::string term =
          CatalogText(absl::StrCat("term.", name, ".", arg->second),
                      TextField::kMessage, locale, {});
      absl::StrAppend(&out, term.empty() ? arg->second : term);
    }
    pos = close + 1;
  }
  return out;
}

}  // namespace

Locale ParseLocale(absl::string_view locale) {
  std::string lower = absl::AsciiStrToLower(locale);
  if (lower == "ja" || absl::StartsWith(lower, "ja-") ||
      absl::StartsWith(lower, "ja_")) {
    return Locale::kJapanese;
  }
  return Locale::kEnglish;
}

const std::vector<CatalogEntry>& CatalogEntries() {
  return TheIndex().catalog->entries;
}

absl::Status CatalogStatus() { return TheIndex().status; }

const CatalogEntry* FindCatalogEntry(absl::string_view key) {
  const Index& index = TheIndex();
  auto it = index.by_key.find(key);
  return it == index.by_key.end() ? nullptr
                                  : &index.catalog->entries[it->second];
}

std::string CatalogText(absl::string_view key, TextField field, Locale locale,
                        const TextArgs& args) {
  const CatalogEntry* entry = FindCatalogEntry(key);
  if (entry == nullptr) return "";
  absl::string_view text =
      Field(locale == Locale::kJapanese ? entry->ja : entry->en, field);
  return Substitute(text, locale, args);
}

void Localize(v1::CheckResult& result, absl::string_view locale_name) {
  const Locale locale = ParseLocale(locale_name);
  TextArgs args(result.message_args().begin(), result.message_args().end());
  result.set_title(
      CatalogText(result.check_id(), TextField::kTitle, locale, args));
  std::string message =
      CatalogText(result.message_key(), TextField::kMessage, locale, args);
  if (message.empty()) {
    // A key missing from the catalogue is a programming error the catalogue
    // test catches; still show something a person can act on.
    message = result.message_key();
  }
  result.set_message(std::move(message));
  result.set_remediation(
      CatalogText(result.message_key(), TextField::kRemediation, locale, args));
}

}  // namespace ndrdiag
