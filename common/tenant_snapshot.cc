#include "common/tenant_snapshot.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/domain_name.h"
#include "common/tenant_snapshot_internal.h"
#include "google/protobuf/reflection.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"

namespace ndrdiag {
namespace snapshot_internal {
namespace {

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// `start` is where the code units begin (after the BOM), so offsets in
// errors are offsets in the file.
absl::StatusOr<std::string> Utf16ToUtf8(absl::string_view bytes, size_t start,
                                        bool little_endian) {
  if ((bytes.size() - start) % 2 != 0) {
    return absl::InvalidArgumentError(
        "UTF-16 text with an odd number of bytes (truncated?)");
  }
  auto unit = [&](size_t i) -> uint32_t {
    const auto a = static_cast<unsigned char>(bytes[i]);
    const auto b = static_cast<unsigned char>(bytes[i + 1]);
    return little_endian ? (a | (b << 8)) : ((a << 8) | b);
  };
  std::string out;
  out.reserve((bytes.size() - start) / 2);
  for (size_t i = start; i < bytes.size(); i += 2) {
    uint32_t cp = unit(i);
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < bytes.size()) {
      const uint32_t low = unit(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
        AppendUtf8(out, cp);
        continue;
      }
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) {
      return absl::InvalidArgumentError(
          absl::StrCat("unpaired UTF-16 surrogate at byte ", i));
    }
    AppendUtf8(out, cp);
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> DecodeToUtf8(absl::string_view bytes) {
  auto byte = [&](size_t i) {
    return i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : -1;
  };
  if ((byte(0) == 0xFF && byte(1) == 0xFE && byte(2) == 0 && byte(3) == 0) ||
      (byte(0) == 0 && byte(1) == 0 && byte(2) == 0xFE && byte(3) == 0xFF)) {
    return absl::InvalidArgumentError(
        "the text is UTF-32; save it as UTF-8 or UTF-16");
  }
  if (byte(0) == 0xFF && byte(1) == 0xFE) return Utf16ToUtf8(bytes, 2, true);
  if (byte(0) == 0xFE && byte(1) == 0xFF) return Utf16ToUtf8(bytes, 2, false);
  // UTF-16 without a BOM: JSON starts with ASCII, so one of the first two
  // bytes is NUL.
  if (bytes.size() >= 2 && byte(0) != 0 && byte(1) == 0) {
    return Utf16ToUtf8(bytes, 0, true);
  }
  if (bytes.size() >= 2 && byte(0) == 0 && byte(1) != 0) {
    return Utf16ToUtf8(bytes, 0, false);
  }
  size_t start = 0;
  if (byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) start = 3;
  absl::string_view text = bytes.substr(start);
  size_t bad = 0;
  if (!IsValidUtf8(std::string_view(text.data(), text.size()), &bad)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the text is not UTF-8 (byte ", bad + start,
        "); save it as UTF-8 (PowerShell: Out-File -Encoding utf8)"));
  }
  return std::string(text);
}

}  // namespace snapshot_internal

namespace {

using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;

absl::Status FieldError(const std::string& path, absl::string_view reason) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", reason));
}

absl::Status CheckString(const std::string& path, const std::string& s) {
  if (s.size() > kMaxTenantSnapshotStringOctets) {
    return FieldError(
        path, absl::StrCat("is ", s.size(), " octets; at most ",
                           kMaxTenantSnapshotStringOctets, " are allowed"));
  }
  size_t bad = 0;
  if (!IsValidUtf8(s, &bad)) {
    return FieldError(path,
                      absl::StrCat("is not valid UTF-8 (byte ", bad, ")"));
  }
  return absl::OkStatus();
}

absl::Status ValidateMessage(const Message& m, const std::string& path);

absl::Status ValidateTimestamp(const Message& m, const std::string& path) {
  const auto& ts = static_cast<const google::protobuf::Timestamp&>(m);
  using ::google::protobuf::util::TimeUtil;
  if (ts.seconds() < TimeUtil::kTimestampMinSeconds ||
      ts.seconds() > TimeUtil::kTimestampMaxSeconds || ts.nanos() < 0 ||
      ts.nanos() > 999999999) {
    return FieldError(path, "is not a timestamp between the years 1 and 9999");
  }
  return absl::OkStatus();
}

// One (possibly repeated) field, walked generically so new fields of the
// proto are bounded without touching this file.
absl::Status ValidateField(const Message& m, const FieldDescriptor& field,
                           const std::string& path) {
  const Reflection& r = *m.GetReflection();
  if (!field.is_repeated()) {
    if (field.cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      return CheckString(path, r.GetString(m, &field));
    }
    if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      return ValidateMessage(r.GetMessage(m, &field), path);
    }
    return absl::OkStatus();
  }
  const int n = r.FieldSize(m, &field);
  if (n > kMaxTenantSnapshotListItems) {
    return FieldError(
        path, absl::StrCat(n, " items; at most ", kMaxTenantSnapshotListItems,
                           " are allowed"));
  }
  for (int i = 0; i < n; ++i) {
    const std::string item = absl::StrCat(path, "[", i, "]");
    absl::Status s = absl::OkStatus();
    if (field.cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      s = CheckString(item, r.GetRepeatedString(m, &field, i));
    } else if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      s = ValidateMessage(r.GetRepeatedMessage(m, &field, i), item);
    }
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status ValidateMessage(const Message& m, const std::string& path) {
  if (m.GetDescriptor()->full_name() == "google.protobuf.Timestamp") {
    return ValidateTimestamp(m, path);
  }
  // Only set fields: ListFields is in field-number order, so the first
  // error is always the same one.
  std::vector<const FieldDescriptor*> fields;
  m.GetReflection()->ListFields(m, &fields);
  for (const FieldDescriptor* field : fields) {
    if (absl::Status s =
            ValidateField(m, *field, absl::StrCat(path, ".", field->name()));
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

// protobuf's syntax errors are "<reason>\n<window>\n<spaces>^": the window is
// the text around the error (newlines included) and the caret's column is
// the error's offset in it. Finding the window in the text again gives the
// line and column.
std::string SyntaxError(absl::string_view message, absl::string_view text) {
  const size_t first = message.find('\n');
  const size_t last = message.rfind('\n');
  if (first == absl::string_view::npos || first == last) {
    return absl::StrCat("not valid JSON: ", message);
  }
  std::string out = absl::StrCat("not valid JSON: ", message.substr(0, first));
  const absl::string_view window = message.substr(first + 1, last - first - 1);
  size_t caret = message.substr(last + 1).find('^');
  if (caret == absl::string_view::npos || caret > window.size()) caret = 0;
  const size_t at = window.size() >= 8 ? text.find(window) : text.npos;
  if (at != absl::string_view::npos) {
    const size_t pos = at + caret;
    const size_t line = 1 + static_cast<size_t>(std::count(
                                text.begin(), text.begin() + pos, '\n'));
    const size_t line_start = pos == 0 ? text.npos : text.rfind('\n', pos - 1);
    const size_t column =
        line_start == absl::string_view::npos ? pos + 1 : pos - line_start;
    absl::StrAppend(&out, " at line ", line, ", column ", column);
  }
  std::string near(window.substr(caret, 20));
  std::replace(near.begin(), near.end(), '\n', ' ');
  std::replace(near.begin(), near.end(), '\r', ' ');
  near = std::string(absl::StripTrailingAsciiWhitespace(near));
  if (!near.empty()) absl::StrAppend(&out, " near \"", near, "\"");
  return out;
}

}  // namespace

absl::StatusOr<v1::TenantSnapshot> ParseTenantSnapshotJson(
    absl::string_view json) {
  absl::StatusOr<std::string> text = snapshot_internal::DecodeToUtf8(json);
  if (!text.ok()) return text.status();
  google::protobuf::Value generic;
  if (auto s = google::protobuf::util::JsonStringToMessage(*text, &generic);
      !s.ok()) {
    return absl::InvalidArgumentError(
        SyntaxError(s.message().as_string(), *text));
  }
  absl::StatusOr<google::protobuf::Value> normal =
      snapshot_internal::NormalizeForMessage(generic,
                                             *v1::TenantSnapshot::descriptor());
  if (!normal.ok()) return normal.status();
  std::string clean;
  if (auto s = google::protobuf::util::MessageToJsonString(*normal, &clean);
      !s.ok()) {
    return absl::InternalError(s.message().as_string());
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  v1::TenantSnapshot snapshot;
  if (auto s = google::protobuf::util::JsonStringToMessage(clean, &snapshot,
                                                           options);
      !s.ok()) {
    // NormalizeForMessage checked every value, so this is a gap in it.
    return absl::InvalidArgumentError(
        absl::StrCat("tenant snapshot: ", s.message().as_string()));
  }
  return snapshot;
}

absl::StatusOr<v1::TenantSnapshot> LoadTenantSnapshotFile(
    const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    const int err = errno;
    const std::string reason = std::strerror(err);
    if (err == ENOENT) return absl::NotFoundError(path + ": " + reason);
    if (err == EACCES) return absl::PermissionDeniedError(path + ": " + reason);
    return absl::InvalidArgumentError(path + ": cannot open: " + reason);
  }
  std::string bytes;
  char buf[64 * 1024];
  while (file.read(buf, sizeof buf) || file.gcount() > 0) {
    bytes.append(buf, static_cast<size_t>(file.gcount()));
    if (bytes.size() > kMaxTenantSnapshotFileOctets) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": larger than ", kMaxTenantSnapshotFileOctets / 1024 / 1024,
          " MiB; a tenant snapshot is far smaller (is this the right file?)"));
    }
  }
  if (file.bad()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": read error: ", std::strerror(errno)));
  }
  absl::StatusOr<v1::TenantSnapshot> snapshot = ParseTenantSnapshotJson(bytes);
  if (!snapshot.ok()) {
    return absl::Status(snapshot.status().code(),
                        absl::StrCat(path, ": ", snapshot.status().message()));
  }
  return snapshot;
}

absl::Status ValidateTenantSnapshot(const v1::TenantSnapshot& snapshot) {
  return ValidateMessage(snapshot, "tenant_snapshot");
}

}  // namespace ndrdiag
