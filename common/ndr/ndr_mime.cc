#include "common/ndr/ndr_mime.h"

#include <gmime/gmime.h>

#include <memory>
#include <mutex>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "re2/re2.h"

namespace ndrdiag::ndr_internal {
namespace {

constexpr int kMaxParts = 64;

struct GObjectUnref {
  void operator()(gpointer p) const {
    if (p != nullptr) g_object_unref(p);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

void InitGMimeOnce() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

GMimeMessage* ParseMessage(absl::string_view bytes) {
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(
      bytes.data(), static_cast<size_t>(bytes.size())));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  return g_mime_parser_construct_message(parser.get(), nullptr);
}

// The decoded (transfer-encoding removed) content of a leaf part.
std::string DecodedContent(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (content == nullptr) return "";
  GPtr<GMimeStream> out(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, out.get());
  GByteArray* bytes =
      g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

std::string Header(GMimeObject* object, const char* name) {
  const char* raw = g_mime_object_get_header(object, name);
  if (raw == nullptr) return "";
  // Unfolding keeps the folding whitespace; collapse it like a reader would.
  std::string value(absl::StripAsciiWhitespace(raw));
  static const RE2 kSpaces(R"(\s+)");
  RE2::GlobalReplace(&value, kSpaces, " ");
  return value;
}

// "dns; host" / "rfc822; addr" / "smtp; 550 ..." -> the part after the type.
std::string AfterType(const std::string& value) {
  size_t semi = value.find(';');
  if (semi == std::string::npos) return value;
  return std::string(absl::StripAsciiWhitespace(value.substr(semi + 1)));
}

// A delivery-status body is a series of header blocks; GMime reads each one
// as the header of an (empty) message, which also unfolds continuation lines.
void ReadDeliveryStatus(const std::string& body, MimeNdr& out) {
  out.has_delivery_status = true;
  std::string normalized = body;
  absl::StrReplaceAll({{"\r\n", "\n"}}, &normalized);
  bool first = true;
  for (absl::string_view block :
       absl::StrSplit(normalized, "\n\n", absl::SkipWhitespace())) {
    std::string headers = absl::StrCat(block, "\n\n");
    GPtr<GMimeMessage> message(ParseMessage(headers));
    if (message == nullptr) continue;
    GMimeObject* obj = GMIME_OBJECT(message.get());
    if (first) {
      first = false;
      out.reporting_mta = AfterType(Header(obj, "Reporting-MTA"));
      if (Header(obj, "Final-Recipient").empty()) continue;
    }
    std::string recipient = AfterType(Header(obj, "Final-Recipient"));
    if (recipient.empty())
      recipient = AfterType(Header(obj, "Original-Recipient"));
    if (!recipient.empty()) out.recipients.push_back(recipient);
    if (out.status.empty()) {
      out.status = Header(obj, "Status");
      out.remote_mta = AfterType(Header(obj, "Remote-MTA"));
      out.diagnostic_code = AfterType(Header(obj, "Diagnostic-Code"));
    }
  }
}

void Walk(GMimeObject* object, MimeNdr& out, std::string& html, int depth) {
  if (object == nullptr || depth > 16) return;
  if (GMIME_IS_MULTIPART(object)) {
    GMimeMultipart* multipart = GMIME_MULTIPART(object);
    int count = g_mime_multipart_get_count(multipart);
    for (int i = 0; i < count; ++i) {
      Walk(g_mime_multipart_get_part(multipart, i), out, html, depth + 1);
    }
    return;
  }
  // The returned original message (message/rfc822 or text/rfc822-headers) is
  // deliberately skipped: its headers are not the NDR's.
  if (!GMIME_IS_PART(object)) return;
  GMimeContentType* type = g_mime_object_get_content_type(object);
  if (g_mime_content_type_is_type(type, "message", "delivery-status") ||
      g_mime_content_type_is_type(type, "message", "global-delivery-status")) {
    ReadDeliveryStatus(DecodedContent(GMIME_PART(object)), out);
  } else if (g_mime_content_type_is_type(type, "text", "plain")) {
    absl::StrAppend(&out.human_text, DecodedContent(GMIME_PART(object)), "\n");
  } else if (g_mime_content_type_is_type(type, "text", "html")) {
    absl::StrAppend(&html, DecodedContent(GMIME_PART(object)), "\n");
  }
}

}  // namespace

bool LooksLikeMimeMessage(absl::string_view text) {
  size_t end = text.find("\n\n");
  size_t crlf = text.find("\r\n\r\n");
  if (crlf != absl::string_view::npos && crlf < end) end = crlf;
  if (end == absl::string_view::npos) return false;
  re2::StringPiece head(text.data(), end);
  static const RE2 kFirstHeader(R"(^[A-Za-z0-9-]+:)");
  static const RE2 kMime(R"((?im)^(Content-Type|MIME-Version):)");
  if (!RE2::PartialMatch(head, kFirstHeader) ||
      !RE2::PartialMatch(head, kMime)) {
    return false;
  }
  // GMime's parser recurses per nested part; a real NDR has a handful, so a
  // text with more is read as plain text instead.
  static const RE2 kContentType(R"((?i)\ncontent-type:)");
  re2::StringPiece rest(text.data(), text.size());
  int parts = 0;
  while (parts <= kMaxParts && RE2::FindAndConsume(&rest, kContentType)) {
    ++parts;
  }
  return parts <= kMaxParts;
}

std::optional<MimeNdr> ReadMimeNdr(absl::string_view text) {
  InitGMimeOnce();
  GPtr<GMimeMessage> message(ParseMessage(text));
  if (message == nullptr) return std::nullopt;
  MimeNdr out;
  GMimeObject* obj = GMIME_OBJECT(message.get());
  const char* subject = g_mime_message_get_subject(message.get());
  if (subject != nullptr) out.subject = subject;
  out.to = Header(obj, "To");
  out.is_exchange_ndr =
      g_mime_object_get_header(obj, "X-MS-Exchange-Message-Is-Ndr") != nullptr;
  std::string html;
  Walk(g_mime_message_get_mime_part(message.get()), out, html, 0);
  if (out.human_text.empty()) {
    // Crude tag removal: only the reply, labels and host names matter.
    static const RE2 kTag(R"(<[^>]*>)");
    RE2::GlobalReplace(&html, kTag, "\n");
    out.human_text = absl::StrReplaceAll(html, {{"&#39;", "'"},
                                                {"&quot;", "\""},
                                                {"&lt;", "<"},
                                                {"&gt;", ">"},
                                                {"&nbsp;", " "},
                                                {"&amp;", "&"}});
  }
  return out;
}

}  // namespace ndrdiag::ndr_internal
