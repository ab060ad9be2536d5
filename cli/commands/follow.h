// Following the event stream of one diagnosis to its terminal event.
//
// Shared by `diagnose` (RunDiagnosis) and `watch` (WatchDiagnosis). When the
// stream breaks with UNAVAILABLE after the diagnosis is known (a frontend
// restarted, a load balancer dropped the connection), it resumes with
// WatchDiagnosis(after_event_id = last event seen): the API promises no gaps
// and no repeats, so the caller sees every event exactly once. It gives up
// after a few attempts without progress, leaving the diagnosis running on
// the server.
#ifndef NDRDIAG_CLI_COMMANDS_FOLLOW_H_
#define NDRDIAG_CLI_COMMANDS_FOLLOW_H_

#include <functional>
#include <iosfwd>
#include <string>

#include "cli/client.h"
#include "grpcpp/support/status.h"
#include "ndrdiag/v1/diagnosis.pb.h"
#include "ndrdiag/v1/diagnosis_service.pb.h"

namespace ndrdiag::cli {

struct FollowOutcome {
  // Why the last stream ended when the terminal event was not seen; OK
  // otherwise (and when the server closed a stream without a terminal
  // event, e.g. a watch resumed after the terminal event).
  grpc::Status status;
  // "diagnoses/ID" once known (from the accepted event or the request).
  std::string name;
  // Resume token: the id of the last event delivered.
  std::string last_event_id;
  bool terminal_seen = false;
  // The state of the last state_change event seen.
  v1::Diagnosis::State state = v1::Diagnosis::STATE_UNSPECIFIED;
};

struct FollowRequest {
  // Set for `diagnose`: create the diagnosis with RunDiagnosis first.
  const v1::RunDiagnosisRequest* run = nullptr;
  // For `watch`: the diagnosis and the resume token to start from.
  std::string name;
  std::string after_event_id;
  // Consecutive failed reconnects before giving up.
  int max_reconnects = 5;
};

// Delivers every event to `on_event` in order until the terminal event (or
// an error); reconnect notices go to `err`.
FollowOutcome FollowEvents(
    Client& client, const FollowRequest& request,
    const std::function<void(const v1::DiagnosisEvent&)>& on_event,
    std::ostream& err);

}  // namespace ndrdiag::cli

#endif  // NDRDIAG_CLI_COMMANDS_FOLLOW_H_
