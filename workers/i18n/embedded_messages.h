// Internal to workers/i18n: the catalogue files, compiled into the binary.
//
// The build (workers/i18n/i18n.cmake) turns every
// workers/i18n/messages/*.json into a generated .cc, so the catalogue needs
// no file at run time and the container image carries nothing extra. The
// contents are the files' bytes, unparsed; catalog_loader.cc parses them.
#ifndef NDRDIAG_WORKERS_I18N_EMBEDDED_MESSAGES_H_
#define NDRDIAG_WORKERS_I18N_EMBEDDED_MESSAGES_H_

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace ndrdiag::i18n_internal {

struct EmbeddedFile {
  absl::string_view name;  // "dns.json"
  absl::string_view contents;
};

// Every messages/*.json file, sorted by name. Static data: valid forever.
absl::Span<const EmbeddedFile> EmbeddedMessageFiles();

}  // namespace ndrdiag::i18n_internal

#endif  // NDRDIAG_WORKERS_I18N_EMBEDDED_MESSAGES_H_
