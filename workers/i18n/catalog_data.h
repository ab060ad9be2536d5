// Internal to workers/i18n: where the catalogue's entries come from.
//
// Texts live in workers/i18n/messages/*.json (docs/i18n.md), compiled into
// the binary and parsed once at first use into catalog_file.proto messages
// that are never freed, so every CatalogEntry's string_views stay valid
// forever.
#ifndef NDRDIAG_WORKERS_I18N_CATALOG_DATA_H_
#define NDRDIAG_WORKERS_I18N_CATALOG_DATA_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "workers/i18n/catalog.h"
#include "workers/i18n/catalog_file.pb.h"

namespace ndrdiag::i18n_internal {

using CatalogFilePtr = std::unique_ptr<const i18n::CatalogFile>;

// Parses one messages/*.json text (unknown fields are errors). The error
// names `file_name` and carries the JSON parser's message.
absl::StatusOr<CatalogFilePtr> ParseCatalogFile(absl::string_view file_name,
                                                absl::string_view json);

// Appends one entry per entry of `file`, pointing into it: `file` must
// outlive `entries`.
void AppendFileEntries(const i18n::CatalogFile& file,
                       std::vector<CatalogEntry>& entries);

// The catalogue as loaded; `entries` point into `files`.
struct LoadedCatalog {
  std::vector<CatalogEntry> entries;
  // The file each entry came from ("dns.json"), for error messages.
  std::vector<std::string> sources;
  std::vector<CatalogFilePtr> files;
  // One line per problem: a file that does not parse, an empty or repeated
  // key. Empty when the catalogue is whole.
  std::vector<std::string> problems;
};

// Parses every embedded messages/*.json file. A file that does not parse
// contributes no entry and one problem.
std::unique_ptr<LoadedCatalog> LoadCatalog();

}  // namespace ndrdiag::i18n_internal

#endif  // NDRDIAG_WORKERS_I18N_CATALOG_DATA_H_
