// EventStream: the server side of WatchDiagnosis and RunDiagnosis, a gRPC
// write reactor fed by the EventPump.
//
// Events arrive from a pool thread (the backlog) and then from the pump as
// stored bytes (RawEvent), which the stream writes as they are with their
// event_id and terminal appended: no event is parsed or serialized again on
// its way to a watcher. The stream queues them and has one write in flight at
// a time, each OnWriteDone starting the next, so a slow client costs memory
// for its queued events but no thread. A write carries one event (the
// DiagnosisEvent methods) or every event queued when it starts, up to
// kMaxBatchBytes (the *Batched methods, a DiagnosisEventBatch): a burst of
// events then costs one message and one send instead of one each. The terminal
// event is written together with the stream's OK status (one operation instead
// of two). A stream closed early (client gone, pump closing, shutdown) drops
// what it has not written: the client resumes with the last event id it
// received.
//
// Ownership: gRPC owns the reactor (deleted in OnDone); the pump and the
// pool hold the StreamSession by shared_ptr, and a session whose reactor is
// gone ignores everything.
#ifndef NDRDIAG_SERVICE_EVENT_STREAM_H_
#define NDRDIAG_SERVICE_EVENT_STREAM_H_

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "common/job_store.h"
#include "grpcpp/grpcpp.h"
#include "service/event_pump.h"

namespace ndrdiag {

// The methods that stream events are registered raw (ByteBuffer, see
// DiagnosisService); a message is a serialized v1::DiagnosisEvent.
using EventWriter = grpc::ServerWriteReactor<grpc::ByteBuffer>;

// What one message of a stream carries.
enum class EventFraming {
  kOnePerMessage,  // a v1::DiagnosisEvent
  kBatched,        // a v1::DiagnosisEventBatch of the events queued
};

// A batch grows to this many bytes (a single larger event goes alone), well
// under gRPC's default 4 MiB receive limit of clients.
inline constexpr size_t kMaxBatchBytes = 1 << 20;

// The state of one stream, shared by its reactor, the pool and the pump.
// Thread-safe; never calls into gRPC while holding its lock.
class StreamSession : public WatchSink {
 public:
  StreamSession(EventWriter* reactor, EventFraming framing, std::string method,
                std::string owner);

  // Queues events for writing (ignored once the stream is ending). Returns
  // false when the stream has ended or its terminal event is queued.
  bool OnEvents(std::vector<RawEvent> events) override;
  // Finishes the stream with the pump's `status`.
  void OnClosed(const absl::Status& status) override;
  // Finishes the stream with `status` (after the write in flight); logs it
  // unless `log` is false or the client cancelled.
  void Close(const grpc::Status& status, bool log = true);

  // Records the pump registration. False when the stream has ended already:
  // the caller must then Unwatch it.
  bool SetWatchId(EventPump::WatchId id);

  // For the reactor.
  void OnWriteDone(bool ok);
  // The reactor is gone; returns the pump registration to drop, if any.
  std::optional<EventPump::WatchId> Detach();

 private:
  // What to do with the reactor once the lock is released.
  struct Action {
    EventWriter* reactor = nullptr;
    const grpc::ByteBuffer* write = nullptr;
    // The terminal event: written and the stream finished OK in one step.
    bool write_and_finish = false;
    std::optional<grpc::Status> finish;
  };
  Action NextAction() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Perform(const Action& action);

  // Moves the next message's events out of pending_ into current_.
  void TakeNextMessage() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const EventFraming framing_;
  const std::string method_;
  const std::string owner_;
  absl::Mutex mu_;
  EventWriter* reactor_ ABSL_GUARDED_BY(mu_);
  std::deque<RawEvent> pending_ ABSL_GUARDED_BY(mu_);
  // The message being written; stable until OnWriteDone.
  grpc::ByteBuffer current_ ABSL_GUARDED_BY(mu_);
  bool current_terminal_ ABSL_GUARDED_BY(mu_) = false;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool terminal_queued_ ABSL_GUARDED_BY(mu_) = false;
  std::optional<grpc::Status> finish_ ABSL_GUARDED_BY(mu_);
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  std::optional<EventPump::WatchId> watch_id_ ABSL_GUARDED_BY(mu_);
};

// The reactor gRPC drives; all state lives in the session.
class EventStreamReactor : public EventWriter {
 public:
  EventStreamReactor(EventPump& pump, EventFraming framing, std::string method,
                     std::string owner);

  std::shared_ptr<StreamSession> session() const { return session_; }

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  EventPump& pump_;
  std::shared_ptr<StreamSession> session_;
};

// Reads the backlog of `job_id` after `after` into `session`, then registers
// it with the pump unless the terminal event was in the backlog. Runs on a
// pool thread. Finishes the stream on error (OUT_OF_RANGE for a bad cursor),
// and with OK when `job_finished` and nothing follows the cursor (a client
// resuming after the terminal event).
void StartStreaming(JobStore& store, EventPump& pump,
                    const std::shared_ptr<StreamSession>& session,
                    const std::string& job_id, const std::string& after,
                    bool job_finished);

}  // namespace ndrdiag

#endif  // NDRDIAG_SERVICE_EVENT_STREAM_H_
