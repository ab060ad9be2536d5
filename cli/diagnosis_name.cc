#include "cli/diagnosis_name.h"

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace ndrdiag::cli {
namespace {

constexpr absl::string_view kCollection = "diagnoses/";
// Far above any id the server issues; keeps garbage out of error messages.
constexpr size_t kMaxIdLength = 256;

}  // namespace

absl::StatusOr<std::string> ParseDiagnosisName(absl::string_view text) {
  absl::string_view id = text;
  if (absl::StartsWith(id, kCollection)) id.remove_prefix(kCollection.size());
  if (id.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "NAME: \"", text, "\" has no id (expected diagnoses/ID or ID)"));
  }
  if (id.size() > kMaxIdLength) {
    return absl::InvalidArgumentError(absl::StrCat(
        "NAME: the id is longer than ", kMaxIdLength, " characters"));
  }
  for (char c : id) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '/') {
      return absl::InvalidArgumentError(
          absl::StrCat("NAME: \"", text,
                       "\" is not a diagnosis name (expected diagnoses/ID "
                       "or ID)"));
    }
    if (u <= 0x20 || u >= 0x7f) {
      return absl::InvalidArgumentError(absl::StrCat(
          "NAME: \"", text,
          "\" contains a space or a character outside printable ASCII"));
    }
  }
  return absl::StrCat(kCollection, id);
}

}  // namespace ndrdiag::cli
