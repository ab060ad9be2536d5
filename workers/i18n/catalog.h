// The message catalogue: every text a user reads, in English and Japanese.
//
// Rules and the verdict decide with message keys and named arguments
// (v1::CheckResult.message_key / message_args); this module turns them into
// sentences in the diagnosis locale, keeping texts out of the logic (as
// gettext-style catalogues do). Entries are keyed:
//
//   <check id>                title of the check ("dns.mx.present")
//   <check id>.<outcome>      message and remediation of one outcome
//   check.*                   messages shared by every check (inconclusive…)
//   term.<arg>.<value>        a translated word substituted for an argument
//                             with that value ({view} = "authoritative")
//   verdict.cause.<CAUSE>     title, explanation and remediation steps (one
//                             per line) of a root cause
//   verdict.summary.*         verdict summaries
//
// Placeholders are "{name}"; an argument without a value is left as written.
// Unknown locales fall back to English. Immutable data: thread-safe.
//
// The texts are data files, workers/i18n/messages/*.json (docs/i18n.md),
// compiled into the binary and parsed once, at first use.
#ifndef NDRDIAG_WORKERS_I18N_CATALOG_H_
#define NDRDIAG_WORKERS_I18N_CATALOG_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "ndrdiag/v1/check.pb.h"

namespace ndrdiag {

enum class Locale { kEnglish, kJapanese };
// "ja", "ja-JP", "ja_JP" -> Japanese; anything else -> English.
Locale ParseLocale(absl::string_view locale);

struct LocalizedText {
  absl::string_view title;
  absl::string_view message;
  absl::string_view remediation;
};

struct CatalogEntry {
  absl::string_view key;
  LocalizedText en;
  LocalizedText ja;
};

// Every entry, for tests and tools.
const std::vector<CatalogEntry>& CatalogEntries();
// OK when every catalogue file parsed and no key is empty or repeated;
// otherwise names each file and the parser's error (and each repeated key).
// A broken catalogue still serves the entries that loaded, but the worker
// refuses to start on it.
absl::Status CatalogStatus();
// nullptr when `key` is not in the catalogue.
const CatalogEntry* FindCatalogEntry(absl::string_view key);

using TextArgs = std::map<std::string, std::string>;

enum class TextField { kTitle, kMessage, kRemediation };
// The field of entry `key` in `locale` with `args` substituted; "" when the
// key is unknown or the field is empty.
std::string CatalogText(absl::string_view key, TextField field, Locale locale,
                        const TextArgs& args);

// Fills title, message and remediation of `result` from its check id,
// message key and arguments.
void Localize(v1::CheckResult& result, absl::string_view locale);

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_I18N_CATALOG_H_
