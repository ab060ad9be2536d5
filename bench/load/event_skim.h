// EventFacts: the few fields of a DiagnosisEvent the bench measures, read
// straight off the wire.
//
// The bench's own CPU counts against the machine it measures: parsing every
// event in full (results, evidence, DNS exchanges: allocations and UTF-8
// checks) was ~0.2 ms per diagnosis, a tenth of the system under test. The
// skimmer reads the payload case, a state change's state, `terminal` and
// `time`, and skips everything else by length. It follows protobuf's merge
// rules for what it reads (the last value of a field wins), so an event with
// event_id/terminal appended reads as a full parse would.
#ifndef NDRDIAG_BENCH_LOAD_EVENT_SKIM_H_
#define NDRDIAG_BENCH_LOAD_EVENT_SKIM_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "ndrdiag/v1/diagnosis.pb.h"

namespace ndrdiag::bench {

struct EventFacts {
  v1::DiagnosisEvent::PayloadCase payload = v1::DiagnosisEvent::PAYLOAD_NOT_SET;
  // Of a state_change payload.
  v1::Diagnosis::State state = v1::Diagnosis::STATE_UNSPECIFIED;
  bool terminal = false;
  bool has_time = false;
  int64_t seconds = 0;
  int32_t nanos = 0;
};

// Appends the facts of the serialized v1::DiagnosisEvent `bytes`
// (`batched` false) or of each event of the serialized
// v1::DiagnosisEventBatch `bytes`. False when the bytes do not parse (what
// was appended before the fault stays).
bool SkimEvents(absl::string_view bytes, bool batched,
                std::vector<EventFacts>& out);

}  // namespace ndrdiag::bench

#endif  // NDRDIAG_BENCH_LOAD_EVENT_SKIM_H_
