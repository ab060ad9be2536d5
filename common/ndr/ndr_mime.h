// Internal to common/ndr: reads a raw .eml with GMime. Yields the decoded
// human-readable text parts and the fields of a message/delivery-status part
// (RFC 3464), so ndr_parser.cc can treat both like a pasted NDR.
#ifndef NDRDIAG_COMMON_NDR_NDR_MIME_H_
#define NDRDIAG_COMMON_NDR_NDR_MIME_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace ndrdiag::ndr_internal {

struct MimeNdr {
  // Decoded text/plain parts, in order (or text/html when nothing else).
  std::string human_text;
  // Subject, To and X-MS-Exchange-Message-Is-Ndr presence of the outer
  // message.
  std::string subject;
  std::string to;
  bool is_exchange_ndr = false;
  // message/delivery-status fields; the per-recipient ones of the first
  // recipient block that has a Status.
  bool has_delivery_status = false;
  std::string reporting_mta;
  std::string remote_mta;
  std::string status;
  std::string diagnostic_code;
  std::vector<std::string> recipients;
};

// True when `text` starts with an RFC 5322 header block declaring MIME
// content, i.e. it is a raw message rather than pasted text.
bool LooksLikeMimeMessage(absl::string_view text);

// Parses a raw message; nullopt when GMime cannot read it as a message.
std::optional<MimeNdr> ReadMimeNdr(absl::string_view text);

}  // namespace ndrdiag::ndr_internal

#endif  // NDRDIAG_COMMON_NDR_NDR_MIME_H_
