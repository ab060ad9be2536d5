#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "workers/i18n/catalog_data.h"
#include "workers/i18n/embedded_messages.h"

namespace ndrdiag::i18n_internal {
namespace {

LocalizedText View(const i18n::CatalogText& text) {
  return {text.title(), text.message(), text.remediation()};
}

}  // namespace

absl::StatusOr<CatalogFilePtr> ParseCatalogFile(absl::string_view file_name,
                                                absl::string_view json) {
  auto file = std::make_unique<i18n::CatalogFile>();
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  // protobuf 3.21 has its own StringPiece and Status, not Abseil's.
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), file.get(),
      options);
  if (!status.ok()) {
    const auto error = status.message();
    return absl::InvalidArgumentError(absl::StrCat(
        "workers/i18n/messages/", file_name,
        " does not parse: ", absl::string_view(error.data(), error.size())));
  }
  return CatalogFilePtr(std::move(file));
}

void AppendFileEntries(const i18n::CatalogFile& file,
                       std::vector<CatalogEntry>& entries) {
  for (const i18n::CatalogFileEntry& entry : file.entries()) {
    entries.push_back({entry.key(), View(entry.en()), View(entry.ja())});
  }
}

std::unique_ptr<LoadedCatalog> LoadCatalog() {
  auto catalog = std::make_unique<LoadedCatalog>();
  for (const EmbeddedFile& embedded : EmbeddedMessageFiles()) {
    absl::StatusOr<CatalogFilePtr> file =
        ParseCatalogFile(embedded.name, embedded.contents);
    if (!file.ok()) {
      catalog->problems.emplace_back(file.status().message());
      continue;
    }
    AppendFileEntries(**file, catalog->entries);
    catalog->sources.resize(catalog->entries.size(),
                            std::string(embedded.name));
    catalog->files.push_back(*std::move(file));
  }
  absl::flat_hash_map<absl::string_view, size_t> first;
  for (size_t i = 0; i < catalog->entries.size(); ++i) {
    absl::string_view key = catalog->entries[i].key;
    if (key.empty()) {
      catalog->problems.push_back(
          absl::StrCat(catalog->sources[i], ": an entry has no key"));
      continue;
    }
    auto [it, inserted] = first.emplace(key, i);
    if (!inserted) {
      catalog->problems.push_back(absl::StrCat(
          "key \"", key, "\" appears twice: in ", catalog->sources[it->second],
          " and in ", catalog->sources[i]));
    }
  }
  return catalog;
}

}  // namespace ndrdiag::i18n_internal
