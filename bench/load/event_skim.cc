// Reading the measured fields of events off the wire (see event_skim.h).
#include "bench/load/event_skim.h"

#include "google/protobuf/io/coded_stream.h"

namespace ndrdiag::bench {
namespace {

using google::protobuf::io::CodedInputStream;

enum WireType { kVarint = 0, kFixed64 = 1, kLength = 2, kFixed32 = 5 };

// Skips the value of a field of `wire_type`; false on groups (not in our
// protos) and truncation.
bool SkipValue(CodedInputStream& in, uint32_t wire_type) {
  uint64_t ignored64;
  uint32_t length;
  switch (wire_type) {
    case kVarint:
      return in.ReadVarint64(&ignored64);
    case kFixed64:
      return in.Skip(8);
    case kLength:
      return in.ReadVarint32(&length) && in.Skip(static_cast<int>(length));
    case kFixed32:
      return in.Skip(4);
    default:
      return false;
  }
}

// Calls `field(number, wire_type)` for each field of the next `length`
// bytes, which must consume the field's value (or return false).
template <typename Field>
bool ReadFields(CodedInputStream& in, uint32_t length, Field field) {
  const CodedInputStream::Limit limit = in.PushLimit(static_cast<int>(length));
  if (in.BytesUntilLimit() < static_cast<int>(length)) return false;
  while (uint32_t tag = in.ReadTag()) {
    if (!field(tag >> 3, tag & 7)) return false;
  }
  // ReadTag returns 0 at the limit, and also on a malformed tag.
  if (in.BytesUntilLimit() != 0) return false;
  in.PopLimit(limit);
  return true;
}

// ReadFields over a length-delimited message.
template <typename Field>
bool ForEachField(CodedInputStream& in, Field field) {
  uint32_t length;
  return in.ReadVarint32(&length) && ReadFields(in, length, field);
}

bool ReadVarint(CodedInputStream& in, uint32_t wire_type, uint64_t& value) {
  return wire_type == kVarint && in.ReadVarint64(&value);
}

bool SkimTime(CodedInputStream& in, EventFacts& facts) {
  facts.has_time = true;
  return ForEachField(in, [&](uint32_t number, uint32_t wire_type) {
    uint64_t v;
    if (number == 1) {
      if (!ReadVarint(in, wire_type, v)) return false;
      facts.seconds = static_cast<int64_t>(v);
      return true;
    }
    if (number == 2) {
      if (!ReadVarint(in, wire_type, v)) return false;
      facts.nanos = static_cast<int32_t>(v);
      return true;
    }
    return SkipValue(in, wire_type);
  });
}

bool SkimStateChange(CodedInputStream& in, EventFacts& facts) {
  return ForEachField(in, [&](uint32_t number, uint32_t wire_type) {
    uint64_t v;
    if (number != 1) return SkipValue(in, wire_type);
    if (!ReadVarint(in, wire_type, v)) return false;
    facts.state = static_cast<v1::Diagnosis::State>(v);
    return true;
  });
}

// DiagnosisEvent field numbers (diagnosis.proto).
constexpr uint32_t kTime = 3, kTerminal = 5, kFirstPayload = 10,
                   kLastPayload = 14, kStateChange = 14;

// The event of the next `length` bytes.
bool SkimEvent(CodedInputStream& in, uint32_t length,
               std::vector<EventFacts>& out) {
  EventFacts facts;
  const bool ok =
      ReadFields(in, length, [&](uint32_t number, uint32_t wire_type) {
        uint64_t v;
        if (number == kTime && wire_type == kLength) {
          return SkimTime(in, facts);
        }
        if (number == kTerminal) {
          if (!ReadVarint(in, wire_type, v)) return false;
          facts.terminal = v != 0;
          return true;
        }
        if (number >= kFirstPayload && number <= kLastPayload &&
            wire_type == kLength) {
          facts.payload = static_cast<v1::DiagnosisEvent::PayloadCase>(number);
          if (number == kStateChange) return SkimStateChange(in, facts);
        }
        return SkipValue(in, wire_type);
      });
  if (ok) out.push_back(facts);
  return ok;
}

}  // namespace

bool SkimEvents(absl::string_view bytes, bool batched,
                std::vector<EventFacts>& out) {
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) return false;
  CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                      static_cast<int>(bytes.size()));
  const auto size = static_cast<uint32_t>(bytes.size());
  if (!batched) return SkimEvent(in, size, out);
  // DiagnosisEventBatch.events = 1.
  return ReadFields(in, size, [&](uint32_t number, uint32_t wire_type) {
    uint32_t length;
    if (number != 1 || wire_type != kLength) return SkipValue(in, wire_type);
    return in.ReadVarint32(&length) && SkimEvent(in, length, out);
  });
}

}  // namespace ndrdiag::bench
