// JobStore reads: Get, List, ReadEvents, ReadRawEvents(Batch), and the
// helpers in job_store_internal.h.
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/job_store.h"
#include "common/job_store_internal.h"
#include "common/job_store_scripts.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"

namespace ndrdiag {
namespace job_store_internal {

absl::Status ErrorReply(const RedisReply& reply, absl::string_view what) {
  static constexpr const char* kTransient[] = {
      "LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN", "CLUSTERDOWN"};
  for (const char* prefix : kTransient) {
    if (absl::StartsWith(reply.str, prefix)) {
      return absl::UnavailableError(absl::StrCat(what, ": ", reply.str));
    }
  }
  return absl::InternalError(absl::StrCat(what, ": redis error: ", reply.str));
}

absl::StatusOr<RedisReply> Checked(absl::StatusOr<RedisReply> reply,
                                   absl::string_view what) {
  if (reply.ok() && reply->is_error()) return ErrorReply(*reply, what);
  return reply;
}

absl::StatusOr<int64_t> ScriptCode(const RedisReply& reply,
                                   absl::string_view what) {
  if (reply.type != RedisReply::Type::kArray || reply.elements.empty() ||
      reply.elements[0].type != RedisReply::Type::kInteger) {
    return absl::InternalError(absl::StrCat(what, ": malformed script reply"));
  }
  return reply.elements[0].integer;
}

HashFields ToHashFields(const RedisReply& array) {
  HashFields out;
  for (size_t i = 0; i + 1 < array.elements.size(); i += 2) {
    out[array.elements[i].str] = array.elements[i + 1].str;
  }
  return out;
}

int64_t ToMs(absl::Time t) { return absl::ToUnixMillis(t); }

void SetTimestamp(int64_t ms, google::protobuf::Timestamp* ts) {
  int64_t seconds = ms / 1000;
  int64_t rest = ms % 1000;
  if (rest < 0) {
    rest += 1000;
    --seconds;
  }
  ts->set_seconds(seconds);
  ts->set_nanos(static_cast<int32_t>(rest * 1000000));
}

absl::StatusOr<v1::Diagnosis> HashToDiagnosis(const std::string& job_id,
                                              const HashFields& hash) {
  v1::Diagnosis d;
  d.set_name(JobStore::NameOf(job_id));
  auto field = [&](const char* name) -> const std::string* {
    auto it = hash.find(name);
    return it == hash.end() ? nullptr : &it->second;
  };
  auto int_field = [&](const char* name) -> int64_t {
    const std::string* v = field(name);
    int64_t out = 0;
    if (v == nullptr || !absl::SimpleAtoi(*v, &out)) return 0;
    return out;
  };
  if (const std::string* spec = field("spec");
      spec != nullptr && !d.mutable_spec()->ParseFromString(*spec)) {
    return absl::DataLossError(
        absl::StrCat("job ", job_id, ": stored spec does not parse"));
  }
  int64_t state = int_field("state");
  d.set_state(v1::Diagnosis::State_IsValid(static_cast<int>(state))
                  ? static_cast<v1::Diagnosis::State>(state)
                  : v1::Diagnosis::STATE_UNSPECIFIED);
  if (field("create_ms"))
    SetTimestamp(int_field("create_ms"), d.mutable_create_time());
  if (field("start_ms"))
    SetTimestamp(int_field("start_ms"), d.mutable_start_time());
  if (field("end_ms")) SetTimestamp(int_field("end_ms"), d.mutable_end_time());
  if (const std::string* verdict = field("verdict");
      verdict != nullptr && !d.mutable_verdict()->ParseFromString(*verdict)) {
    return absl::DataLossError(
        absl::StrCat("job ", job_id, ": stored verdict does not parse"));
  }
  if (const std::string* r = field("failure_reason")) d.set_failure_reason(*r);
  if (const std::string* r = field("request_id")) d.set_request_id(*r);
  d.set_attempt(static_cast<int32_t>(int_field("attempt")));
  return d;
}

}  // namespace job_store_internal

namespace {

namespace internal = job_store_internal;
namespace scripts = job_store_scripts;

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 1000;
// Jobs examined per List call at most, so that a filter matching nothing
// in a long history costs a bounded script; the page may then be short.
constexpr int kListScanBudget = 5000;
constexpr int kEventsChunk = 1000;

absl::Status NotFound(const std::string& job_id, absl::Duration retention) {
  return absl::NotFoundError(absl::StrCat(
      "diagnosis \"", JobStore::NameOf(job_id),
      "\" not found (finished diagnoses are deleted after the retention "
      "period of ",
      absl::FormatDuration(retention), ", so it may have expired)"));
}

// "ms-seq" (or "ms") with both parts unsigned 64-bit decimals.
bool ValidStreamId(const std::string& id) {
  std::vector<std::string> parts = absl::StrSplit(id, '-');
  if (parts.empty() || parts.size() > 2) return false;
  for (const std::string& p : parts) {
    uint64_t v = 0;
    if (p.empty() || p.size() > 20 || !absl::SimpleAtoi(p, &v) ||
        p.find_first_not_of("0123456789") != std::string::npos) {
      return false;
    }
  }
  return true;
}

absl::Status Unparsable(const std::string& job_id, const std::string& id) {
  return absl::DataLossError(
      absl::StrCat("job ", job_id, ": event ", id, " does not parse"));
}

// Whether `bytes` is a sequence of well-framed protobuf fields (tags, varints,
// lengths within bounds); nested messages are not looked into.
bool WellFramed(const std::string& bytes) {
  google::protobuf::io::CodedInputStream in(
      reinterpret_cast<const uint8_t*>(bytes.data()),
      static_cast<int>(bytes.size()));
  while (in.CurrentPosition() < static_cast<int>(bytes.size())) {
    uint32_t tag = 0;
    if (!in.ReadVarint32(&tag) || tag == 0 ||
        !google::protobuf::internal::WireFormatLite::SkipField(&in, tag)) {
      return false;
    }
  }
  return true;
}

absl::StatusOr<std::vector<RawEvent>> DecodeRawEvents(const std::string& job_id,
                                                      RedisReply& xrange) {
  std::vector<RawEvent> out;
  out.reserve(xrange.elements.size());
  for (RedisReply& entry : xrange.elements) {
    if (entry.elements.size() != 2) continue;
    RawEvent ev;
    ev.id = std::move(entry.elements[0].str);
    std::string* bytes = nullptr;
    std::vector<RedisReply>& fields = entry.elements[1].elements;
    for (size_t i = 0; i + 1 < fields.size(); i += 2) {
      if (fields[i].str == "e") bytes = &fields[i + 1].str;
      if (fields[i].str == "t") ev.terminal = fields[i + 1].str == "1";
    }
    if (bytes == nullptr || !WellFramed(*bytes)) {
      return Unparsable(job_id, ev.id);
    }
    ev.bytes = std::move(*bytes);
    out.push_back(std::move(ev));
  }
  return out;
}

std::vector<std::string> XRangeArgv(const std::string& key,
                                    const std::string& after_id, int limit) {
  return {
      "XRANGE", key,     after_id.empty() ? "-" : absl::StrCat("(", after_id),
      "+",      "COUNT", absl::StrCat(limit)};
}

std::string EncodePageToken(int filter, const std::string& score,
                            const std::string& id) {
  return absl::WebSafeBase64Escape(
      absl::StrCat("1|", filter, "|", score, "|", id));
}

absl::Status DecodePageToken(const std::string& token, int filter,
                             std::string* score, std::string* id) {
  auto bad = [](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("page_token: ", why));
  };
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) {
    return bad("is not a token returned by ListDiagnoses");
  }
  std::vector<std::string> parts = absl::StrSplit(raw, '|');
  int64_t score_value = 0;
  int token_filter = 0;
  if (parts.size() != 4 || parts[0] != "1" ||
      !absl::SimpleAtoi(parts[1], &token_filter) ||
      !absl::SimpleAtoi(parts[2], &score_value) || parts[3].empty() ||
      parts[3].find_first_not_of("0123456789abcdefghijklmnopqrstuvwxyz-") !=
          std::string::npos) {
    return bad("is not a token returned by ListDiagnoses");
  }
  if (token_filter != filter) {
    return bad("was issued for a different filter");
  }
  *score = parts[2];
  *id = parts[3];
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Diagnosis> JobStore::Get(const std::string& owner,
                                            const std::string& job_id,
                                            bool with_results) {
  absl::StatusOr<RedisReply> reply =
      internal::Checked(redis_.Command({"HGETALL", Key("job", job_id)}), "get");
  if (!reply.ok()) return reply.status();
  internal::HashFields hash = internal::ToHashFields(*reply);
  auto owner_it = hash.find("owner");
  if (owner_it == hash.end() || owner_it->second != owner) {
    return NotFound(job_id, options_.retention);
  }
  absl::StatusOr<v1::Diagnosis> d = internal::HashToDiagnosis(job_id, hash);
  if (!d.ok() || !with_results || d->attempt() == 0) return d;
  std::string after;
  for (;;) {
    absl::StatusOr<std::vector<StoredEvent>> events =
        ReadEvents(job_id, after, kEventsChunk);
    if (!events.ok()) return events.status();
    for (const StoredEvent& e : *events) {
      if (e.event.attempt() == d->attempt() && e.event.has_check_result()) {
        *d->add_results() = e.event.check_result();
      }
    }
    if (static_cast<int>(events->size()) < kEventsChunk) break;
    after = events->back().id;
  }
  return d;
}

absl::StatusOr<ListPage> JobStore::List(const std::string& owner, int page_size,
                                        const std::string& page_token,
                                        v1::Diagnosis::State state_filter) {
  if (page_size <= 0) page_size = kDefaultPageSize;
  page_size = std::min(page_size, kMaxPageSize);
  const int filter = static_cast<int>(state_filter);
  std::string score;
  std::string cursor;
  if (!page_token.empty()) {
    if (absl::Status s = DecodePageToken(page_token, filter, &score, &cursor);
        !s.ok()) {
      return s;
    }
  }
  absl::StatusOr<RedisReply> reply = internal::Checked(
      redis_.Eval(scripts::kList, {Key("owner", owner)},
                  {Key("job", ""), score, cursor, absl::StrCat(page_size),
                   absl::StrCat(filter), absl::StrCat(kListScanBudget)}),
      "list");
  if (!reply.ok()) return reply.status();
  if (reply->type != RedisReply::Type::kArray || reply->elements.size() < 2) {
    return absl::InternalError("list: malformed script reply");
  }
  ListPage page;
  for (size_t i = 2; i < reply->elements.size(); ++i) {
    const RedisReply& item = reply->elements[i];
    if (item.elements.size() != 2) continue;
    absl::StatusOr<v1::Diagnosis> d = internal::HashToDiagnosis(
        item.elements[0].str, internal::ToHashFields(item.elements[1]));
    if (!d.ok()) return d.status();
    page.diagnoses.push_back(*std::move(d));
  }
  if (!reply->elements[0].str.empty()) {
    page.next_page_token =
        EncodePageToken(filter, reply->elements[0].str, reply->elements[1].str);
  }
  return page;
}

std::string RawEvent::WireSuffix() const {
  v1::DiagnosisEvent suffix;
  suffix.set_event_id(id);
  suffix.set_terminal(terminal);
  return suffix.SerializeAsString();
}

std::string RawEvent::WireBytes() const {
  return absl::StrCat(bytes, WireSuffix());
}

absl::StatusOr<std::vector<StoredEvent>> JobStore::ReadEvents(
    const std::string& job_id, const std::string& after_id, int limit) {
  absl::StatusOr<std::vector<RawEvent>> raw =
      ReadRawEvents(job_id, after_id, limit);
  if (!raw.ok()) return raw.status();
  std::vector<StoredEvent> out(raw->size());
  for (size_t i = 0; i < raw->size(); ++i) {
    const RawEvent& r = (*raw)[i];
    if (!out[i].event.ParseFromString(r.WireBytes())) {
      return Unparsable(job_id, r.id);
    }
    out[i].id = r.id;
    out[i].terminal = r.terminal;
  }
  return out;
}

absl::StatusOr<std::vector<RawEvent>> JobStore::ReadRawEvents(
    const std::string& job_id, const std::string& after_id, int limit) {
  absl::StatusOr<std::vector<std::vector<RawEvent>>> batch =
      ReadRawEventsBatch({{job_id, after_id}}, limit);
  if (!batch.ok()) return batch.status();
  return std::move((*batch)[0]);
}

absl::StatusOr<std::vector<std::vector<RawEvent>>> JobStore::ReadRawEventsBatch(
    const std::vector<std::pair<std::string, std::string>>& job_and_after,
    int limit_per_job) {
  if (limit_per_job <= 0) limit_per_job = kEventsChunk;
  std::vector<std::vector<std::string>> commands;
  commands.reserve(job_and_after.size());
  for (const auto& [job_id, after] : job_and_after) {
    if (!after.empty() && !ValidStreamId(after)) {
      return absl::OutOfRangeError(absl::StrCat(
          "after_event_id: \"", absl::CHexEscape(after.substr(0, 48)),
          "\" is not an event id of this diagnosis"));
    }
    commands.push_back(XRangeArgv(Key("events", job_id), after, limit_per_job));
  }
  std::vector<std::vector<RawEvent>> out(job_and_after.size());
  if (commands.empty()) return out;
  absl::StatusOr<std::vector<RedisReply>> replies = redis_.Pipeline(commands);
  if (!replies.ok()) return replies.status();
  for (size_t i = 0; i < replies->size(); ++i) {
    RedisReply& r = (*replies)[i];
    if (r.is_error()) {
      // "Invalid stream ID ..." or "invalid start ID for the interval".
      if (absl::StrContains(absl::AsciiStrToLower(r.str), " id")) {
        return absl::OutOfRangeError(
            "after_event_id: is not an event id of this diagnosis");
      }
      return internal::ErrorReply(r, "XRANGE");
    }
    absl::StatusOr<std::vector<RawEvent>> events =
        DecodeRawEvents(job_and_after[i].first, r);
    if (!events.ok()) return events.status();
    out[i] = *std::move(events);
  }
  return out;
}

}  // namespace ndrdiag
