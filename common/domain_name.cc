#include "common/domain_name.h"

#include <arpa/inet.h>
#include <idn2.h>

#include <cstdlib>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"

namespace ndrdiag {
namespace {

// Anything longer is refused before any work is done on it.
constexpr size_t kMaxInputOctets = 1024;
// Labels are quoted in messages up to this many characters.
constexpr size_t kQuoteChars = 16;

absl::Status Invalid(absl::string_view message) {
  return absl::InvalidArgumentError(message);
}

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// `text` in double quotes, cut after kQuoteChars characters (never inside a
// UTF-8 sequence) so that a 200-octet label does not flood the message.
std::string Quote(absl::string_view text) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsContinuation(text[i])) continue;
    if (chars++ == kQuoteChars) {
      return absl::StrCat("\"", text.substr(0, i), "…\"");
    }
  }
  return absl::StrCat("\"", text, "\"");
}

bool IsIpv4(const std::string& text) {
  in_addr addr;
  return inet_pton(AF_INET, text.c_str(), &addr) == 1;
}

bool IsIpv6(const std::string& text) {
  in6_addr addr;
  return inet_pton(AF_INET6, text.c_str(), &addr) == 1;
}

bool IsAscii(absl::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return false;
  }
  return true;
}

// The separators UTS #46 maps to '.': full stop, ideographic full stop,
// fullwidth full stop and halfwidth ideographic full stop.
std::vector<absl::string_view> SplitLabels(absl::string_view name) {
  static constexpr absl::string_view kWideDots[] = {"\u3002", "\uFF0E",
                                                    "\uFF61"};
  std::vector<absl::string_view> labels;
  size_t start = 0;
  size_t i = 0;
  while (i < name.size()) {
    size_t dot_len = 0;
    if (name[i] == '.') {
      dot_len = 1;
    } else {
      for (absl::string_view dot : kWideDots) {
        if (name.substr(i, dot.size()) == dot) dot_len = dot.size();
      }
    }
    if (dot_len == 0) {
      ++i;
      continue;
    }
    labels.push_back(name.substr(start, i - start));
    i += dot_len;
    start = i;
  }
  labels.push_back(name.substr(start));
  return labels;
}

// Characters that show the caller pasted more than a domain name.
absl::Status CheckForeignCharacters(absl::string_view input) {
  for (size_t i = 0; i < input.size(); ++i) {
    const unsigned char c = input[i];
    if (absl::ascii_isspace(c)) {
      return Invalid(absl::StrCat(
          "contains whitespace at offset ", i,
          "; only a domain name is expected, with nothing after it"));
    }
    if (c < 0x20 || c == 0x7F) {
      return Invalid(absl::StrFormat(
          "contains the control character 0x%02X at offset %d", c, i));
    }
    switch (c) {
      case '@':
        return Invalid(
            "contains '@'; a domain name is expected, not a mail "
            "address");
      case '/':
      case '\\':
      case '?':
      case '#':
        return Invalid(absl::StrFormat(
            "contains '%c' at offset %d; a bare domain name is expected, not "
            "a URL or path",
            c, i));
      case '[':
      case ']':
        return Invalid("is an address literal; a domain name is required");
      case ':':
        return Invalid(absl::StrCat(
            "contains ':' at offset ", i,
            "; a bare domain name is expected, without scheme or port"));
    }
  }
  return absl::OkStatus();
}

// The A-label form of one non-empty label. `number` counts from 1.
absl::StatusOr<std::string> ToALabel(absl::string_view label, int number) {
  if (label.front() == '-' || label.back() == '-') {
    return Invalid(absl::StrCat("label ", number, " ", Quote(label),
                                label.front() == '-' ? " starts" : " ends",
                                " with a hyphen"));
  }
  const bool ascii = IsAscii(label);
  std::string alabel;
  if (ascii) {
    alabel = absl::AsciiStrToLower(label);
    if (alabel.size() > kMaxLabelOctets) {
      return Invalid(absl::StrCat("label ", number, " ", Quote(label), " is ",
                                  alabel.size(), " octets; at most ",
                                  kMaxLabelOctets, " are allowed"));
    }
  }
  // ASCII labels go through libidn2 only when they claim to be A-labels:
  // other ASCII names ("ab--cd") exist in DNS and must stay diagnosable.
  if (!ascii || absl::StartsWith(alabel, "xn--")) {
    const std::string in(label);
    char* out = nullptr;
    const int rc = idn2_to_ascii_8z(in.c_str(), &out,
                                    IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
    std::unique_ptr<char, decltype(&free)> owned(out, &free);
    if (rc != IDN2_OK) {
      if (!ascii &&
          (rc == IDN2_TOO_BIG_LABEL || rc == IDN2_PUNYCODE_BIG_OUTPUT)) {
        return Invalid(
            absl::StrCat("label ", number, " ", Quote(label),
                         " is longer than 63 octets in A-label form; at most ",
                         kMaxLabelOctets, " are allowed"));
      }
      return Invalid(absl::StrCat("label ", number, " ", Quote(label),
                                  " is not a valid ",
                                  ascii ? "A-label" : "internationalised label",
                                  ": ", idn2_strerror(rc)));
    }
    if (!ascii) alabel = absl::AsciiStrToLower(out);
  }
  if (alabel.size() > kMaxLabelOctets) {
    return Invalid(absl::StrCat(
        "label ", number, " ", Quote(label), " is ", alabel.size(),
        " octets in A-label form; at most ", kMaxLabelOctets, " are allowed"));
  }
  for (char c : alabel) {
    if (absl::ascii_isalnum(c) || c == '-') continue;
    const std::string shown = c == ' ' ? "a space" : absl::StrFormat("'%c'", c);
    return Invalid(absl::StrCat(
        "label ", number, " ", Quote(label), " contains ", shown,
        "; a mail domain may only contain letters, digits and hyphens"));
  }
  if (alabel.front() == '-' || alabel.back() == '-') {
    return Invalid(absl::StrCat("label ", number, " ", Quote(label),
                                " starts or ends with a hyphen"));
  }
  return alabel;
}

// What every input must be before it is parsed: non-empty, of bounded size,
// without surrounding whitespace (never trimmed silently), valid UTF-8.
// `allowed_octets` is the limit the message quotes.
absl::Status CheckRawText(absl::string_view input, size_t allowed_octets) {
  if (input.empty()) return Invalid("is empty");
  if (input.size() > kMaxInputOctets) {
    return Invalid(absl::StrCat("is ", input.size(), " octets; at most ",
                                allowed_octets, " are allowed"));
  }
  if (absl::ascii_isspace(input.front())) {
    return Invalid("has leading whitespace");
  }
  if (absl::ascii_isspace(input.back())) {
    return Invalid("has trailing whitespace");
  }
  size_t bad = 0;
  if (!IsValidUtf8(std::string_view(input.data(), input.size()), &bad)) {
    return Invalid(absl::StrCat("is not valid UTF-8 (byte ", bad, ")"));
  }
  return absl::OkStatus();
}

}  // namespace

bool IsValidUtf8(std::string_view std_text, size_t* bad_offset) {
  const absl::string_view text(std_text.data(), std_text.size());
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = text[i];
    size_t len = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    }
    bool ok = len != 0 && i + len <= text.size();
    for (size_t k = 1; ok && k < len; ++k) {
      ok = IsContinuation(text[i + k]);
      cp = (cp << 6) | (text[i + k] & 0x3F);
    }
    static constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    ok = ok && cp >= kMinForLength[len] && cp <= 0x10FFFF &&
         !(cp >= 0xD800 && cp <= 0xDFFF);
    if (!ok) {
      if (bad_offset != nullptr) *bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

absl::StatusOr<std::string> NormalizeDomain(std::string_view std_input) {
  const absl::string_view input(std_input.data(), std_input.size());
  if (absl::Status s = CheckRawText(input, kMaxDomainOctets); !s.ok()) {
    return s;
  }
  if (IsIpv6(std::string(input))) {
    return Invalid("is an IPv6 address; a domain name is required");
  }
  if (absl::Status s = CheckForeignCharacters(input); !s.ok()) return s;

  std::vector<absl::string_view> labels = SplitLabels(input);
  if (labels.size() > 1 && labels.back().empty()) labels.pop_back();
  if (labels.size() == 1 && labels[0].empty()) {
    return Invalid("is only the root \".\"; a domain name is required");
  }
  std::vector<std::string> alabels;
  for (size_t i = 0; i < labels.size(); ++i) {
    const int number = static_cast<int>(i) + 1;
    if (labels[i].empty()) {
      return Invalid(absl::StrCat("label ", number,
                                  " is empty (a leading dot or two dots in a "
                                  "row)"));
    }
    absl::StatusOr<std::string> alabel = ToALabel(labels[i], number);
    if (!alabel.ok()) return alabel.status();
    alabels.push_back(*std::move(alabel));
  }
  std::string name = absl::StrJoin(alabels, ".");
  if (IsIpv4(name)) {
    return Invalid("is an IPv4 address; a domain name is required");
  }
  if (name.size() > kMaxDomainOctets) {
    return Invalid(absl::StrCat("is ", name.size(),
                                " octets in A-label form; at most ",
                                kMaxDomainOctets, " are allowed"));
  }
  if (alabels.size() == 1) {
    return Invalid(
        absl::StrCat(Quote(name),
                     " is a single label; a fully qualified domain such as "
                     "\"contoso.com\" is required"));
  }
  const std::string& tld = alabels.back();
  if (tld.find_first_not_of("0123456789") == std::string::npos) {
    return Invalid(absl::StrCat("top-level label ", Quote(tld),
                                " is all digits; no top-level domain is"));
  }
  return name;
}

absl::StatusOr<std::string> NormalizeEmailAddress(std::string_view std_input) {
  const absl::string_view input(std_input.data(), std_input.size());
  if (absl::Status s =
          CheckRawText(input, kMaxLocalPartOctets + 1 + kMaxDomainOctets);
      !s.ok()) {
    return s;
  }
  if (input.find_first_of("<>") != absl::string_view::npos) {
    return Invalid(
        "contains an angle bracket; give the bare address "
        "(user@contoso.com) without a display name");
  }
  const size_t at = input.find('@');
  if (at == absl::string_view::npos) {
    return Invalid(
        "has no '@'; an address such as \"user@contoso.com\" is "
        "expected");
  }
  if (input.find('@', at + 1) != absl::string_view::npos) {
    return Invalid("contains more than one '@'");
  }
  const absl::string_view local = input.substr(0, at);
  const absl::string_view domain = input.substr(at + 1);
  if (local.empty()) return Invalid("local part (before '@') is empty");
  if (local.size() > kMaxLocalPartOctets) {
    return Invalid(absl::StrCat("local part is ", local.size(),
                                " octets; at most ", kMaxLocalPartOctets,
                                " are allowed"));
  }
  for (size_t i = 0; i < local.size(); ++i) {
    const unsigned char c = local[i];
    if (absl::ascii_isspace(c)) {
      return Invalid(
          absl::StrCat("local part contains whitespace at offset ", i));
    }
    if (c < 0x20 || c == 0x7F) {
      return Invalid(absl::StrFormat(
          "local part contains the control character 0x%02X", c));
    }
    if (c == ',' || c == ';') {
      return Invalid(absl::StrFormat(
          "local part contains '%c'; give exactly one address", c));
    }
  }
  absl::StatusOr<std::string> normalized =
      NormalizeDomain(std::string_view(domain.data(), domain.size()));
  if (!normalized.ok()) {
    return Invalid(
        absl::StrCat("domain part: ", normalized.status().message()));
  }
  return absl::StrCat(local, "@", *normalized);
}

}  // namespace ndrdiag
