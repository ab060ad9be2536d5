#include "common/ndr/ndr_parser.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/ndr/ndr_classify.h"
#include "common/ndr/ndr_mime.h"
#include "re2/re2.h"

namespace ndrdiag {
namespace {

// RE2 has no look-around: the §4 reply regex's (?<!\d)/(?!\d) become
// non-capturing (^|\D) / (\D|$).
const RE2& ReplyRe() {
  static const RE2 re(
      R"((?:^|\D)([245]\d\d)[ -]([245]\.\d{1,3}\.\d{1,3})(?:\D|$))");
  return re;
}

// The first address in `text` ("Name <a@b>", "a@b"), "" when none.
std::string FirstAddress(absl::string_view text) {
  static const RE2 kAddress(
      R"(([A-Za-z0-9._%+'=-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}))");
  std::string address;
  RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), kAddress,
                    &address);
  return address;
}

// The From of the original message's headers quoted after the NDR.
std::string OriginalSender(absl::string_view raw) {
  for (const char* marker :
       {"Original message headers:", "元のメッセージ ヘッダー:"}) {
    size_t at = raw.find(marker);
    if (at == absl::string_view::npos) continue;
    static const RE2 kFrom(R"((?mi)^From:[ \t]*([^\r\n]*))");
    std::string from;
    absl::string_view headers = raw.substr(at);
    if (RE2::PartialMatch(re2::StringPiece(headers.data(), headers.size()),
                          kFrom, &from)) {
      return FirstAddress(from);
    }
  }
  return "";
}

// Pasted NDRs wrap long lines with a trailing "=" (quoted-printable soft
// breaks); the original message's headers are not the NDR's and may quote
// anything, so they are cut off.
std::string Normalize(absl::string_view raw) {
  std::string text = absl::StrReplaceAll(raw, {{"\r\n", "\n"}, {"\r", "\n"}});
  for (const char* marker :
       {"Original message headers:", "元のメッセージ ヘッダー:"}) {
    size_t cut = text.find(marker);
    if (cut != std::string::npos) text.resize(cut);
  }
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  std::string out;
  for (const std::string& line : lines) {
    absl::string_view l = absl::StripTrailingAsciiWhitespace(line);
    if (absl::ConsumeSuffix(&l, "=")) {
      absl::StrAppend(&out, l);
    } else {
      absl::StrAppend(&out, l, "\n");
    }
  }
  return out;
}

bool LooksLikeHost(absl::string_view s) {
  static const RE2 kHost(R"(^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\.?$)");
  return RE2::FullMatch(re2::StringPiece(s.data(), s.size()), kHost) &&
         !absl::StrContains(s, '@');
}

void AddRecipient(v1::NdrReport& report, absl::string_view address) {
  std::string a(absl::StripAsciiWhitespace(address));
  if (a.empty()) return;
  for (const std::string& r : report.recipients()) {
    if (absl::EqualsIgnoreCase(r, a)) return;
  }
  report.add_recipients(a);
}

void SetReply(v1::NdrReport& report, absl::string_view reply) {
  std::string r(absl::StripAsciiWhitespace(reply));
  if (r.empty() || !report.reply_text().empty()) return;
  report.set_reply_text(r);
}

// Fills what the human-readable text says; later sources never overwrite
// earlier, more specific ones.
void ParseText(const std::string& text, v1::NdrReport& report) {
  static const RE2 kGenerating(
      R"((?m)^\s*(?:Generating server|生成元サーバー)\s*[:：]\s*(\S+))");
  static const RE2 kReceiving(R"((?m)^\s*Receiving server\s*[:：]\s*(\S+))");
  static const RE2 kRemoteReturned(
      R"((?mi)^\s*(?:Remote Server returned|リモート サーバーから返されたエラー)\s*'(.+)'\s*$)");
  static const RE2 kServerAt(
      R"((?m)- Server at (\S+) \(([0-9A-Fa-f.:]+)\) returned '(.+)'\s*$)");
  static const RE2 kOneLinerHost(
      R"((?m)(\S+) #<?([245]\.\d{1,3}\.\d{1,3}) smtp;(\d{3}[^>]*)>? #SMTP#)");
  static const RE2 kOneLiner(
      R"((?m)#(\d{3} [245]\.\d{1,3}\.\d{1,3}[^#\n]*?)\s*##)");
  static const RE2 kGaveError(
      R"((?m)^\s*(\S+) (?:gave this error|rejected your message to the following))");
  static const RE2 kYourMessageTo(
      R"((?i)Your message to (\S+@[^\s>]+) couldn't be delivered)");
  static const RE2 kAddressLine(
      R"((?m)^\s*(?:[^@<>()\n]*\()?<?([A-Za-z0-9._%+'=-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})>?\)?\s*(?:<mailto:[^>\n]*>)?\s*$)");
  static const RE2 kAsTag(R"(AS\((\d+)\))");
  static const RE2 kEopNode(
      R"(\[([A-Z0-9]+)\.(?:eop-[A-Za-z0-9]+\.)?prod\.protection\.outlook\.com)");

  std::string value, host, ip;
  if (report.generating_server().empty() &&
      RE2::PartialMatch(text, kGenerating, &value)) {
    report.set_generating_server(value);
  }
  if (RE2::PartialMatch(text, kServerAt, &host, &ip, &value)) {
    if (report.remote_server().empty()) report.set_remote_server(host);
    SetReply(report, value);
  }
  if (RE2::PartialMatch(text, kRemoteReturned, &value)) SetReply(report, value);
  std::string status;
  if (RE2::PartialMatch(text, kOneLinerHost, &host, &status, &value)) {
    if (report.remote_server().empty() && LooksLikeHost(host)) {
      report.set_remote_server(host);
    }
    SetReply(report, value);
  }
  if (RE2::PartialMatch(text, kOneLiner, &value)) SetReply(report, value);

  // In the 2-section layout the remote server is the host-name line right
  // before "Remote Server returned".
  if (report.remote_server().empty()) {
    std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
    for (size_t i = 1; i < lines.size(); ++i) {
      if (!absl::StartsWithIgnoreCase(
              absl::StripLeadingAsciiWhitespace(lines[i]),
              "Remote Server returned")) {
        continue;
      }
      absl::string_view prev = absl::StripAsciiWhitespace(lines[i - 1]);
      if (LooksLikeHost(prev)) report.set_remote_server(std::string(prev));
      break;
    }
  }
  if (report.remote_server().empty() &&
      (RE2::PartialMatch(text, kGaveError, &host) ||
       RE2::PartialMatch(text, kReceiving, &host)) &&
      LooksLikeHost(host)) {
    report.set_remote_server(host);
  }

  re2::StringPiece input(text);
  while (RE2::FindAndConsume(&input, kYourMessageTo, &value)) {
    AddRecipient(report, value);
  }
  input = text;
  while (RE2::FindAndConsume(&input, kAddressLine, &value)) {
    AddRecipient(report, value);
  }
  if (report.as_tag().empty() && RE2::PartialMatch(text, kAsTag, &value)) {
    report.set_as_tag(value);
  }
  if (report.eop_node().empty() && RE2::PartialMatch(text, kEopNode, &value)) {
    report.set_eop_node(value);
  }
}

// Reply code and enhanced status: from the quoted reply when there is one,
// else from anywhere in the text.
void FillStatus(const std::string& text, v1::NdrReport& report) {
  std::string code, status;
  if (RE2::PartialMatch(report.reply_text(), ReplyRe(), &code, &status) ||
      RE2::PartialMatch(text, ReplyRe(), &code, &status)) {
    int n = 0;
    if (absl::SimpleAtoi(code, &n)) report.set_reply_code(n);
    if (report.enhanced_status().empty()) report.set_enhanced_status(status);
  }
  if (report.enhanced_status().empty()) {
    static const RE2 kBareStatus(
        R"((?m)(?:^|[^\d.])([245]\.\d{1,3}\.\d{1,3})(?:[^\d.]|$))");
    if (RE2::PartialMatch(text, kBareStatus, &status)) {
      report.set_enhanced_status(status);
    }
  }
}

std::string Layout(const std::string& text, bool exchange_header) {
  static const RE2 kNewStyle(
      R"((?i)More info for email admins|How to fix it|Message Hops|)"
      R"(Your message to \S+ couldn't be delivered)");
  static const RE2 kOldStyle(
      R"((?i)Diagnostic information for administrators|管理者向けの診断情報|)"
      R"(ユーザー向けの情報|Delivery has failed to these recipients|)"
      R"(rejected your message to the following|Generating server)");
  if (exchange_header || RE2::PartialMatch(text, kNewStyle)) return "exo";
  if (RE2::PartialMatch(text, kOldStyle)) return "exo-legacy";
  return "one-liner";
}

}  // namespace

absl::StatusOr<v1::NdrReport> ParseNdr(absl::string_view raw) {
  if (raw.size() > kMaxNdrBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "text: ", raw.size(), " bytes, more than the limit of ", kMaxNdrBytes));
  }
  v1::NdrReport report;
  std::string text;
  bool exchange_header = false;
  std::optional<ndr_internal::MimeNdr> mime;
  if (ndr_internal::LooksLikeMimeMessage(raw)) {
    mime = ndr_internal::ReadMimeNdr(raw);
  }
  if (mime.has_value()) {
    exchange_header = mime->is_exchange_ndr;
    report.set_sender(FirstAddress(mime->to));
    text = Normalize(mime->human_text);
    if (mime->has_delivery_status) {
      report.set_layout("dsn");
      report.set_enhanced_status(mime->status);
      report.set_remote_server(mime->remote_mta);
      SetReply(report, mime->diagnostic_code);
      for (const std::string& r : mime->recipients) AddRecipient(report, r);
    }
  } else {
    report.set_sender(OriginalSender(raw));
    text = Normalize(raw);
  }
  ParseText(text, report);
  if (mime.has_value() && report.generating_server().empty()) {
    report.set_generating_server(mime->reporting_mta);
  }
  FillStatus(text, report);
  if (report.enhanced_status().empty() && report.reply_code() == 0) {
    return absl::InvalidArgumentError(
        "unparseable: no SMTP status (x.y.z) or reply code found; paste the "
        "full NDR including \"Diagnostic information for administrators\"");
  }
  if (report.layout().empty()) report.set_layout(Layout(text, exchange_header));
  // The EOP node that answered stands in for an unnamed remote server.
  if (report.remote_server().empty() && !report.eop_node().empty()) {
    static const RE2 kEopHost(
        R"(\[([A-Z0-9]+\.(?:eop-[A-Za-z0-9]+\.)?prod\.protection\.outlook\.com))");
    std::string host;
    if (RE2::PartialMatch(report.reply_text(), kEopHost, &host)) {
      report.set_remote_server(host);
    }
  }
  ClassifyNdr(&report);
  return report;
}

}  // namespace ndrdiag
