#include "cli/commands/ndr_input.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "common/ndr/ndr_parser.h"

namespace ndrdiag::cli {
namespace {

// Reads at most kMaxNdrBytes + 1 bytes, enough to tell "too large".
bool ReadLimited(std::istream& in, std::string& text) {
  text.resize(kMaxNdrBytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  return !in.bad();
}

}  // namespace

absl::StatusOr<std::string> ReadNdrInput(const std::string& path,
                                         std::istream& stdin_stream) {
  std::string text;
  if (path == "-") {
    if (!ReadLimited(stdin_stream, text)) {
      return absl::InvalidArgumentError("cannot read the NDR from stdin");
    }
  } else {
    errno = 0;
    std::ifstream file(path, std::ios::binary);
    if (!file || !ReadLimited(file, text)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "cannot read ", path,
          errno != 0 ? absl::StrCat(": ", std::strerror(errno)) : ""));
    }
  }
  if (text.size() > kMaxNdrBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(path == "-" ? "stdin" : path,
                     ": larger than 256 KiB, the limit of an NDR"));
  }
  return text;
}

}  // namespace ndrdiag::cli
