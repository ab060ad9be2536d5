#include "workers/checks/smtp/reply_classifier.h"

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/exo_hosts.h"

namespace ndrdiag {
namespace {

// An RFC 3463 code split into its three numbers.
struct Enhanced {
  int klass = 0;
  int subject = 0;
  int detail = 0;
};

bool ParseNumber(absl::string_view digits, int max_len, int& out) {
  if (digits.empty() || static_cast<int>(digits.size()) > max_len) {
    return false;
  }
  for (char c : digits) {
    if (!absl::ascii_isdigit(c)) return false;
  }
  return absl::SimpleAtoi(digits, &out);
}

// "5.4.1" -> {5, 4, 1}; nullopt unless the whole of `text` is such a code.
std::optional<Enhanced> ParseEnhanced(absl::string_view text) {
  size_t dot1 = text.find('.');
  if (dot1 == absl::string_view::npos) return std::nullopt;
  size_t dot2 = text.find('.', dot1 + 1);
  if (dot2 == absl::string_view::npos) return std::nullopt;
  Enhanced e;
  if (!ParseNumber(text.substr(0, dot1), 1, e.klass) ||
      !ParseNumber(text.substr(dot1 + 1, dot2 - dot1 - 1), 3, e.subject) ||
      !ParseNumber(text.substr(dot2 + 1), 3, e.detail)) {
    return std::nullopt;
  }
  if (e.klass != 2 && e.klass != 4 && e.klass != 5) return std::nullopt;
  return e;
}

// The length of the enhanced code starting at `pos` in `text`, 0 if none.
size_t EnhancedLengthAt(absl::string_view text, size_t pos) {
  size_t end = pos;
  while (end < text.size() &&
         (absl::ascii_isdigit(text[end]) || text[end] == '.')) {
    ++end;
  }
  // A trailing dot ends the sentence, not the code.
  size_t len = end - pos;
  while (len > 0 && text[pos + len - 1] == '.') --len;
  if (len == 0 || !ParseEnhanced(text.substr(pos, len)).has_value()) return 0;
  return len;
}

bool IsDigitAt(absl::string_view text, size_t pos) {
  return pos < text.size() && absl::ascii_isdigit(text[pos]);
}

bool Contains(absl::string_view lower_text, absl::string_view lower_marker) {
  return absl::StrContains(lower_text, lower_marker);
}

bool InRange(const std::optional<Enhanced>& e, int klass, int subject, int low,
             int high) {
  return e.has_value() && e->klass == klass && e->subject == subject &&
         e->detail >= low && e->detail <= high;
}

ReplyClassification Matched(ReplyClass kind, std::string matched) {
  return ReplyClassification{kind, std::move(matched)};
}

constexpr absl::string_view kRelayTexts[] = {
    "relay access denied",  // EOP, Postfix
    "unable to relay",      // Exchange on-premises (5.7.54)
    "non-accepted domain",  // Exchange on-premises (5.7.54)
    "relaying denied",      // Sendmail
    "relay not permitted",  // Exim
};

}  // namespace

const char* ReplyClassName(ReplyClass kind) {
  switch (kind) {
    case ReplyClass::kAccepted:
      return "accepted";
    case ReplyClass::kDbebUnknownRecipient:
      return "DBEB unknown recipient";
    case ReplyClass::kRelayDenied:
      return "relay denied";
    case ReplyClass::kLegacyEndpoint:
      return "legacy endpoint (ATTR35)";
    case ReplyClass::kTenantAttribution:
      return "tenant attribution (5.7.64)";
    case ReplyClass::kPartnerLockdown:
      return "partner connector lockdown (5.7.51)";
    case ReplyClass::kDirectSendBlocked:
      return "direct send blocked (5.7.68)";
    case ReplyClass::kProbeRefused:
      return "probe refused";
    case ReplyClass::kOtherTemporary:
      return "other temporary";
    case ReplyClass::kOtherPermanent:
      return "other permanent";
  }
  return "unknown";
}

ReplyClassification ClassifyReply(int code, absl::string_view enhanced,
                                  absl::string_view text) {
  std::optional<Enhanced> e = ParseEnhanced(enhanced);
  if (!e.has_value()) {
    absl::string_view t = absl::StripLeadingAsciiWhitespace(text);
    size_t len = EnhancedLengthAt(t, 0);
    if (len > 0) e = ParseEnhanced(t.substr(0, len));
  }
  const std::string lower = absl::AsciiStrToLower(text);
  const int klass = code >= 200 ? code / 100 : (e.has_value() ? e->klass : 0);

  if (klass == 2) return {ReplyClass::kAccepted, ""};

  if (InRange(e, 5, 7, 68, 68) || Contains(lower, "direct send not allowed")) {
    return Matched(ReplyClass::kDirectSendBlocked, "5.7.68 Direct Send");
  }
  if (InRange(e, 5, 7, 51, 51) || Contains(lower, "tenantinboundattribution")) {
    return Matched(ReplyClass::kPartnerLockdown,
                   "5.7.51 TenantInboundAttribution");
  }
  if (Contains(lower, "attr36")) {
    return Matched(ReplyClass::kTenantAttribution, "ATTR36");
  }
  if (InRange(e, 5, 7, 64, 64) || Contains(lower, "tenantattribution")) {
    return Matched(ReplyClass::kTenantAttribution, "5.7.64 TenantAttribution");
  }
  if (Contains(lower, "attr35") || InRange(e, 4, 4, 62, 62) ||
      Contains(lower, "wrong office 365 region")) {
    return Matched(ReplyClass::kLegacyEndpoint, "4.4.62 ATTR35");
  }
  if (Contains(lower, "recipient address rejected: access denied")) {
    return Matched(ReplyClass::kDbebUnknownRecipient,
                   "Recipient address rejected: Access denied");
  }
  if (Contains(lower, "as(201806281)")) {
    return Matched(ReplyClass::kDbebUnknownRecipient, "AS(201806281)");
  }
  // The translated DBEB text of the Japanese documentation; wire replies are
  // ASCII, but a pasted Japanese NDR may carry it.
  if (Contains(lower, "受信者アドレスが拒否されました")) {
    return Matched(ReplyClass::kDbebUnknownRecipient,
                   "Recipient address rejected (ja)");
  }
  for (absl::string_view marker : kRelayTexts) {
    if (Contains(lower, marker)) {
      return Matched(ReplyClass::kRelayDenied, std::string(marker));
    }
  }

  // The client, not the recipient, was refused.
  if (InRange(e, 5, 7, 606, 649) || Contains(lower, "banned sending ip") ||
      Contains(lower, "banned sender")) {
    return Matched(ReplyClass::kProbeRefused,
                   "banned sending IP (5.7.606-649)");
  }
  if (Contains(lower, "blocked using")) {
    return Matched(ReplyClass::kProbeRefused, "sending IP on a DNS block list");
  }
  if (Contains(lower, "greylist") || Contains(lower, "graylist") ||
      ((code == 450 || code == 451) && InRange(e, 4, 7, 1, 1))) {
    return Matched(ReplyClass::kProbeRefused, "greylisted");
  }
  if (code == 421) return Matched(ReplyClass::kProbeRefused, "throttled (421)");
  if (InRange(e, 4, 7, 500, 699) || InRange(e, 4, 7, 850, 899)) {
    return Matched(ReplyClass::kProbeRefused,
                   absl::StrCat("throttled (4.7.", e->detail, ")"));
  }

  if (klass == 4) return {ReplyClass::kOtherTemporary, ""};
  return {ReplyClass::kOtherPermanent, ""};
}

ReplyClassification ClassifyReplyText(absl::string_view reply) {
  int code = 0;
  std::string enhanced;
  // "NNN[ -]X.Y.Z" anywhere, not inside a longer number.
  for (size_t i = 0; i + 3 < reply.size() && code == 0; ++i) {
    if (i > 0 && (absl::ascii_isdigit(reply[i - 1]) || reply[i - 1] == '.')) {
      continue;
    }
    if (reply[i] < '2' || reply[i] > '5' || !IsDigitAt(reply, i + 1) ||
        !IsDigitAt(reply, i + 2) || IsDigitAt(reply, i + 3)) {
      continue;
    }
    if (reply[i + 3] != ' ' && reply[i + 3] != '-') continue;
    size_t len = EnhancedLengthAt(reply, i + 4);
    if (len == 0) continue;
    absl::SimpleAtoi(reply.substr(i, 3), &code);
    enhanced = std::string(reply.substr(i + 4, len));
  }
  if (code == 0) {
    // "NNN text" at the start (after '#', quotes or spaces).
    absl::string_view t = reply;
    while (!t.empty() && (t.front() == '#' || t.front() == '\'' ||
                          t.front() == '"' || absl::ascii_isspace(t.front()))) {
      t.remove_prefix(1);
    }
    if (t.size() >= 3 && t[0] >= '2' && t[0] <= '5' && IsDigitAt(t, 1) &&
        IsDigitAt(t, 2) && (t.size() == 3 || !IsDigitAt(t, 3))) {
      absl::SimpleAtoi(t.substr(0, 3), &code);
    }
  }
  if (enhanced.empty()) {
    // "X.Y.Z" alone anywhere (an NDR's "Status: 5.4.1").
    for (size_t i = 0; i < reply.size(); ++i) {
      if (i > 0 && (absl::ascii_isdigit(reply[i - 1]) || reply[i - 1] == '.')) {
        continue;
      }
      size_t len = EnhancedLengthAt(reply, i);
      if (len > 0) {
        enhanced = std::string(reply.substr(i, len));
        break;
      }
    }
  }
  return ClassifyReply(code, enhanced, reply);
}

bool SaysMicrosoftEsmtp(absl::string_view banner_text) {
  return absl::StrContains(absl::AsciiStrToLower(banner_text),
                           "microsoft esmtp mail service");
}

bool IsMicrosoftBanner(absl::string_view banner_text) {
  absl::string_view t = absl::StripLeadingAsciiWhitespace(banner_text);
  return IsExchangeOnlineHost(t.substr(0, t.find(' ')));
}

}  // namespace ndrdiag
