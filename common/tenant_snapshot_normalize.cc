// Rewrites generic JSON into what protobuf's JSON parser accepts for a
// message type, tolerating the ways PowerShell and the Graph SDK spell the
// same data (see common/tenant_snapshot.h). Every type check happens here,
// where the path is known: protobuf 3.21's parser names only the field, and
// with ignore_unknown_fields it even takes "Enabled": "yes" as true without
// an error.
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "common/tenant_snapshot_internal.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/time_util.h"

namespace ndrdiag::snapshot_internal {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::ListValue;
using ::google::protobuf::Struct;
using ::google::protobuf::Value;
using ::google::protobuf::util::TimeUtil;

constexpr size_t kShownChars = 40;

absl::Status PathError(const std::string& path, absl::string_view reason) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", reason));
}

// How a value is shown in "expected X, got Y".
std::string Describe(const Value& v) {
  switch (v.kind_case()) {
    case Value::kBoolValue:
      return v.bool_value() ? "true" : "false";
    case Value::kNumberValue:
      return absl::StrFormat("%.15g", v.number_value());
    case Value::kStringValue: {
      const std::string& s = v.string_value();
      if (s.size() <= kShownChars) return absl::StrCat("\"", s, "\"");
      // Cut on a UTF-8 character boundary.
      size_t cut = kShownChars;
      while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) {
        --cut;
      }
      return absl::StrCat("\"", s.substr(0, cut), "…\"");
    }
    case Value::kStructValue:
      return "an object";
    case Value::kListValue:
      return "an array";
    default:
      return "null";
  }
}

absl::Status Expected(const std::string& path, absl::string_view what,
                      const Value& got) {
  return PathError(path,
                   absl::StrCat("expected ", what, ", got ", Describe(got)));
}

bool IsTimestamp(const FieldDescriptor& field) {
  return field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
         field.message_type()->full_name() == "google.protobuf.Timestamp";
}

// The member `name` of `s` (ignoring case), or null.
const Value* MemberIgnoringCase(const Struct& s, absl::string_view name) {
  for (const auto& [key, value] : s.fields()) {
    if (absl::EqualsIgnoreCase(key, name)) return &value;
  }
  return nullptr;
}

// PowerShell 5.1 serialises some arrays as {"value": [...], "Count": n};
// Graph list responses are {"@odata.context": ..., "value": [...]}.
const ListValue* ArrayWrapper(const Value& v) {
  if (!v.has_struct_value()) return nullptr;
  const Value* list = nullptr;
  for (const auto& [key, value] : v.struct_value().fields()) {
    if (absl::EqualsIgnoreCase(key, "value") && value.has_list_value()) {
      list = &value;
    } else if (!absl::EqualsIgnoreCase(key, "Count") &&
               !absl::StartsWith(key, "@odata.")) {
      return nullptr;
    }
  }
  return list == nullptr ? nullptr : &list->list_value();
}

absl::Status NormalizeMessage(const Value& in, const Descriptor& type,
                              const std::string& path, Value& out);

absl::Status NormalizeSingle(const Value& in, const FieldDescriptor& field,
                             const std::string& path, Value& out) {
  if (IsTimestamp(field)) {
    if (in.has_struct_value()) {
      // PowerShell 5.1: {"value": "\/Date(...)\/", "DisplayHint": 2, ...}.
      const Value* inner = MemberIgnoringCase(in.struct_value(), "value");
      if (inner != nullptr) return NormalizeSingle(*inner, field, path, out);
    }
    if (!in.has_string_value()) {
      return Expected(path, "a date string", in);
    }
    absl::StatusOr<std::string> ts = NormalizeTimestamp(in.string_value());
    if (!ts.ok()) return PathError(path, ts.status().message());
    out.set_string_value(*std::move(ts));
    return absl::OkStatus();
  }
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return NormalizeMessage(in, *field.message_type(), path, out);
    case FieldDescriptor::CPPTYPE_STRING:
      if (in.has_string_value()) {
        out.set_string_value(in.string_value());
        return absl::OkStatus();
      }
      if (in.has_list_value() && in.list_value().values_size() == 1 &&
          in.list_value().values(0).has_string_value()) {
        out.set_string_value(in.list_value().values(0).string_value());
        return absl::OkStatus();
      }
      if (in.has_number_value()) {
        return Expected(path,
                        "a string (export enumerations as their names, as "
                        "scripts/export-tenant-snapshot.ps1 does)",
                        in);
      }
      return Expected(path, "a string", in);
    case FieldDescriptor::CPPTYPE_BOOL:
      if (in.has_bool_value()) {
        out.set_bool_value(in.bool_value());
        return absl::OkStatus();
      }
      if (in.has_string_value()) {
        const std::string s(absl::StripAsciiWhitespace(in.string_value()));
        if (absl::EqualsIgnoreCase(s, "true")) {
          out.set_bool_value(true);
          return absl::OkStatus();
        }
        if (absl::EqualsIgnoreCase(s, "false")) {
          out.set_bool_value(false);
          return absl::OkStatus();
        }
      }
      return Expected(path, "true or false", in);
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64: {
      double d = 0;
      if (in.has_number_value()) {
        d = in.number_value();
      } else if (!in.has_string_value() ||
                 !absl::SimpleAtod(in.string_value(), &d)) {
        return Expected(path, "an integer", in);
      }
      const bool is_unsigned =
          field.cpp_type() == FieldDescriptor::CPPTYPE_UINT32 ||
          field.cpp_type() == FieldDescriptor::CPPTYPE_UINT64;
      const int64_t lo =
          is_unsigned ? 0 : int64_t{std::numeric_limits<int32_t>::min()};
      const int64_t hi = int64_t{std::numeric_limits<int32_t>::max()};
      if (!std::isfinite(d) || d != std::floor(d) ||
          d < static_cast<double>(lo) || d > static_cast<double>(hi)) {
        return Expected(path, absl::StrCat("an integer from ", lo, " to ", hi),
                        in);
      }
      out.set_number_value(d);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: {
      double d = 0;
      if (in.has_number_value()) {
        d = in.number_value();
      } else if (!in.has_string_value() ||
                 !absl::SimpleAtod(in.string_value(), &d)) {
        return Expected(path, "a number", in);
      }
      out.set_number_value(d);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM:
      if (in.has_string_value() || in.has_number_value()) {
        out = in;
        return absl::OkStatus();
      }
      return Expected(path, "an enumeration name", in);
  }
  return PathError(path, "unsupported field type");
}

absl::Status NormalizeRepeated(const Value& in, const FieldDescriptor& field,
                               const std::string& path, Value& out) {
  ListValue& list = *out.mutable_list_value();
  const ListValue* items = in.has_list_value() ? &in.list_value() : nullptr;
  if (items == nullptr) items = ArrayWrapper(in);
  if (items == nullptr) {
    // PowerShell unrolls a one-element array into the element itself.
    return NormalizeSingle(in, field, path, *list.add_values());
  }
  for (int i = 0; i < items->values_size(); ++i) {
    const Value& item = items->values(i);
    if (item.kind_case() == Value::kNullValue ||
        item.kind_case() == Value::KIND_NOT_SET) {
      continue;  // $null in a PowerShell array says nothing
    }
    if (absl::Status s = NormalizeSingle(
            item, field, absl::StrCat(path, "[", i, "]"), *list.add_values());
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

// How well a key names a field: lower is better.
enum Match { kJsonName = 0, kProtoName = 1, kIgnoringCase = 2, kFromBag = 3 };

const FieldDescriptor* FindField(const Descriptor& type, const std::string& key,
                                 Match& how) {
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor* f = type.field(i);
    if (key == f->json_name()) {
      how = kJsonName;
      return f;
    }
  }
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor* f = type.field(i);
    if (key == f->name()) {
      how = kProtoName;
      return f;
    }
  }
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor* f = type.field(i);
    if (absl::EqualsIgnoreCase(key, f->json_name()) ||
        absl::EqualsIgnoreCase(key, f->name())) {
      how = kIgnoringCase;
      return f;
    }
  }
  return nullptr;
}

struct Candidate {
  Match how;
  std::string path;
  const Value* value;
};

void Collect(const Struct& object, const Descriptor& type,
             const std::string& prefix, bool from_bag,
             std::map<const FieldDescriptor*, Candidate>& chosen) {
  for (const auto& [key, value] : object.fields()) {
    Match how = kJsonName;
    const FieldDescriptor* field = FindField(type, key, how);
    if (field == nullptr) {
      // The Graph SDK keeps derived-type properties (mailExchange, text,
      // ...) in AdditionalProperties.
      if (!from_bag && absl::EqualsIgnoreCase(key, "AdditionalProperties") &&
          value.has_struct_value()) {
        Collect(value.struct_value(), type, absl::StrCat(prefix, key, "."),
                true, chosen);
      }
      continue;
    }
    if (value.kind_case() == Value::kNullValue ||
        value.kind_case() == Value::KIND_NOT_SET) {
      continue;
    }
    if (from_bag) how = kFromBag;
    // Ties (two spellings equally good) go to the smaller key, so the
    // outcome does not depend on the map's order.
    const std::string path = absl::StrCat(prefix, key);
    auto it = chosen.find(field);
    if (it == chosen.end() || how < it->second.how ||
        (how == it->second.how && path < it->second.path)) {
      chosen[field] = Candidate{how, path, &value};
    }
  }
}

absl::Status NormalizeMessage(const Value& in, const Descriptor& type,
                              const std::string& path, Value& out) {
  if (!in.has_struct_value()) return Expected(path, "an object", in);
  const std::string prefix = path.empty() ? "" : absl::StrCat(path, ".");
  std::map<const FieldDescriptor*, Candidate> chosen;
  Collect(in.struct_value(), type, prefix, false, chosen);
  Struct& fields = *out.mutable_struct_value();
  for (const auto& [field, candidate] : chosen) {
    Value& slot = (*fields.mutable_fields())[field->json_name()];
    absl::Status s =
        field->is_repeated()
            ? NormalizeRepeated(*candidate.value, *field, candidate.path, slot)
            : NormalizeSingle(*candidate.value, *field, candidate.path, slot);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

// "/Date(1700000000000)/" or "/Date(1700000000000+0900)/": milliseconds
// since the epoch, UTC; the offset only says where it was displayed.
bool ParseMsDate(absl::string_view text, google::protobuf::Timestamp& ts) {
  if (!absl::ConsumePrefix(&text, "/Date(") ||
      !absl::ConsumeSuffix(&text, ")/")) {
    return false;
  }
  const size_t offset = text.find_first_of("+-", 1);
  if (offset != absl::string_view::npos) {
    absl::string_view zone = text.substr(offset + 1);
    if (zone.size() != 4 ||
        !absl::c_all_of(zone, [](char c) { return absl::ascii_isdigit(c); })) {
      return false;
    }
    text = text.substr(0, offset);
  }
  int64_t ms = 0;
  if (!absl::SimpleAtoi(text, &ms)) return false;
  int64_t seconds = ms / 1000;
  int64_t millis = ms % 1000;
  if (millis < 0) {
    millis += 1000;
    --seconds;
  }
  if (seconds < TimeUtil::kTimestampMinSeconds ||
      seconds > TimeUtil::kTimestampMaxSeconds) {
    return false;
  }
  ts.set_seconds(seconds);
  ts.set_nanos(static_cast<int32_t>(millis * 1000000));
  return true;
}

}  // namespace

absl::StatusOr<std::string> NormalizeTimestamp(absl::string_view text) {
  google::protobuf::Timestamp ts;
  std::string s(absl::StripAsciiWhitespace(text));
  if (ParseMsDate(s, ts)) return TimeUtil::ToString(ts);
  if (s.size() > 10 && (s[10] == ' ' || s[10] == 't')) s[10] = 'T';
  if (TimeUtil::FromString(s, &ts)) return TimeUtil::ToString(ts);
  // "2026-11-27T10:00:00" (a DateTime of unspecified kind): taken as UTC,
  // as the export script writes UTC.
  const size_t t = s.find('T');
  if (t != std::string::npos &&
      s.find_first_of("Zz+-", t) == std::string::npos &&
      TimeUtil::FromString(s + "Z", &ts)) {
    return TimeUtil::ToString(ts);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("expected a date such as \"2026-11-27T10:00:00Z\" or "
                   "\"\\/Date(1795773600000)\\/\", got ",
                   Describe([&] {
                     Value v;
                     v.set_string_value(std::string(text));
                     return v;
                   }())));
}

absl::StatusOr<Value> NormalizeForMessage(const Value& json,
                                          const Descriptor& type) {
  Value out;
  if (!json.has_struct_value()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the snapshot must be a JSON object, got ", Describe(json)));
  }
  if (absl::Status s = NormalizeMessage(json, type, "", out); !s.ok()) {
    return s;
  }
  return out;
}

}  // namespace ndrdiag::snapshot_internal
