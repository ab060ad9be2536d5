#include "cli/commands/follow.h"

#include <algorithm>
#include <memory>
#include <ostream>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/sync_stream.h"

namespace ndrdiag::cli {
namespace {

// Reads one stream to its end; returns how it ended. Stops reading (and
// cancels the call) right after the terminal event, so a server that keeps
// the stream open cannot hang the client.
grpc::Status ReadStream(
    grpc::ClientContext& context,
    grpc::ClientReader<v1::DiagnosisEvent>& reader, FollowOutcome& outcome,
    int& delivered,
    const std::function<void(const v1::DiagnosisEvent&)>& on_event) {
  v1::DiagnosisEvent event;
  while (reader.Read(&event)) {
    ++delivered;
    if (outcome.name.empty()) {
      if (!event.diagnosis().empty()) {
        outcome.name = event.diagnosis();
      } else if (event.has_accepted()) {
        outcome.name = event.accepted().diagnosis().name();
      }
    }
    if (!event.event_id().empty()) outcome.last_event_id = event.event_id();
    if (event.has_state_change()) outcome.state = event.state_change().state();
    on_event(event);
    if (event.terminal()) {
      outcome.terminal_seen = true;
      context.TryCancel();
      reader.Finish().IgnoreError();
      return grpc::Status::OK;
    }
  }
  return reader.Finish();
}

}  // namespace

FollowOutcome FollowEvents(
    Client& client, const FollowRequest& request,
    const std::function<void(const v1::DiagnosisEvent&)>& on_event,
    std::ostream& err) {
  FollowOutcome outcome;
  outcome.name = request.name;
  outcome.last_event_id = request.after_event_id;
  int failures = 0;
  absl::Duration backoff = absl::Milliseconds(500);
  bool first = true;
  bool ever_delivered = false;
  while (true) {
    grpc::ClientContext context;
    int delivered = 0;
    grpc::Status status;
    if (first && request.run != nullptr) {
      auto reader = client.stub().RunDiagnosis(&context, *request.run);
      status = ReadStream(context, *reader, outcome, delivered, on_event);
    } else {
      v1::WatchDiagnosisRequest watch;
      watch.set_name(outcome.name);
      watch.set_after_event_id(outcome.last_event_id);
      auto reader = client.stub().WatchDiagnosis(&context, watch);
      status = ReadStream(context, *reader, outcome, delivered, on_event);
    }
    first = false;
    if (outcome.terminal_seen) return outcome;
    outcome.status = status;
    // Only a broken transport is worth resuming; every other code is the
    // server's considered answer.
    // A server that never answered is unreachable, not a lost stream.
    if (delivered > 0) ever_delivered = true;
    const bool resumable =
        status.error_code() == grpc::StatusCode::UNAVAILABLE &&
        !outcome.name.empty() && ever_delivered;
    if (!resumable) return outcome;
    if (delivered > 0) {
      failures = 0;
      backoff = absl::Milliseconds(500);
    }
    if (++failures > request.max_reconnects) return outcome;
    err << "ndrdiag: lost the event stream (" << status.error_message()
        << "); resuming " << outcome.name
        << (outcome.last_event_id.empty()
                ? std::string(" from the start")
                : " after event " + outcome.last_event_id)
        << " in " << absl::FormatDuration(backoff) << "\n";
    err.flush();
    absl::SleepFor(backoff);
    backoff = std::min(backoff * 2, absl::Seconds(4));
  }
}

}  // namespace ndrdiag::cli
