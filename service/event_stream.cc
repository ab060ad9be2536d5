#include "service/event_stream.h"

#include <utility>

#include "google/protobuf/io/coded_stream.h"
#include "service/rpc_status.h"

namespace ndrdiag {
namespace {

// Events read per round trip for the backlog; the pump reads any rest.
constexpr int kBacklogLimit = 1000;

// Appends the event whose wire form is `bytes` + `suffix` to `batch` as
// DiagnosisEventBatch.events (field 1, length delimited), copying each part
// once.
void AppendBatchEntry(const std::string& bytes, const std::string& suffix,
                      std::string& batch) {
  using google::protobuf::io::CodedOutputStream;
  uint8_t prefix[1 + 5];
  prefix[0] = (1 << 3) | 2;
  uint8_t* end = CodedOutputStream::WriteVarint32ToArray(
      static_cast<uint32_t>(bytes.size() + suffix.size()), prefix + 1);
  batch.append(reinterpret_cast<const char*>(prefix), end - prefix);
  batch.append(bytes);
  batch.append(suffix);
}

}  // namespace

StreamSession::StreamSession(EventWriter* reactor, EventFraming framing,
                             std::string method, std::string owner)
    : framing_(framing),
      method_(std::move(method)),
      owner_(std::move(owner)),
      reactor_(reactor) {}

bool StreamSession::OnEvents(std::vector<RawEvent> events) {
  Action action;
  bool wants_more = false;
  {
    absl::MutexLock lock(&mu_);
    if (finished_ || finish_.has_value() || terminal_queued_) return false;
    for (RawEvent& e : events) {
      const bool terminal = e.terminal;
      pending_.push_back(std::move(e));
      if (terminal) {
        terminal_queued_ = true;
        break;
      }
    }
    wants_more = !terminal_queued_;
    action = NextAction();
  }
  Perform(action);
  return wants_more;
}

void StreamSession::OnClosed(const absl::Status& status) {
  // The pump logs one line for all the watchers it closes.
  Close(ToGrpcStatus(status), /*log=*/false);
}

void StreamSession::Close(const grpc::Status& status, bool log) {
  Action action;
  {
    absl::MutexLock lock(&mu_);
    if (finished_ || finish_.has_value()) return;
    finish_ = status;
    pending_.clear();
    action = NextAction();
  }
  if (log && status.error_code() != grpc::StatusCode::CANCELLED) {
    LogRpcError(method_, owner_, status);
  }
  Perform(action);
}

bool StreamSession::SetWatchId(EventPump::WatchId id) {
  absl::MutexLock lock(&mu_);
  if (finished_ || finish_.has_value() || reactor_ == nullptr) return false;
  watch_id_ = id;
  return true;
}

void StreamSession::OnWriteDone(bool ok) {
  Action action;
  {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (!finish_.has_value()) {
      if (!ok) {
        // The client is gone; nobody will see this status.
        finish_ = grpc::Status(grpc::StatusCode::CANCELLED, "write failed");
        pending_.clear();
      } else if (current_terminal_) {
        finish_ = grpc::Status::OK;
      }
    }
    action = NextAction();
  }
  Perform(action);
}

std::optional<EventPump::WatchId> StreamSession::Detach() {
  absl::MutexLock lock(&mu_);
  reactor_ = nullptr;
  finished_ = true;
  return std::exchange(watch_id_, std::nullopt);
}

StreamSession::Action StreamSession::NextAction() {
  Action action;
  if (finished_ || writing_ || reactor_ == nullptr) return action;
  action.reactor = reactor_;
  if (finish_.has_value()) {
    finished_ = true;
    action.finish = *finish_;
  } else if (!pending_.empty()) {
    TakeNextMessage();
    action.write = &current_;
    if (current_terminal_) {
      finished_ = true;
      action.write_and_finish = true;
    } else {
      // No buffer hint even with more queued: gRPC 1.51 completes a hinted
      // write only once something flushes it, and the next write waits for
      // that completion (a stream stalled on its second event).
      writing_ = true;
    }
  }
  return action;
}

void StreamSession::TakeNextMessage() {
  std::string message;
  if (framing_ == EventFraming::kOnePerMessage) {
    message = pending_.front().WireBytes();
    current_terminal_ = pending_.front().terminal;
    pending_.pop_front();
  } else {
    // The terminal event is always the last queued (OnEvents stops there).
    do {
      const RawEvent& event = pending_.front();
      const std::string suffix = event.WireSuffix();
      if (!message.empty() &&
          message.size() + event.bytes.size() + suffix.size() >
              kMaxBatchBytes) {
        break;
      }
      AppendBatchEntry(event.bytes, suffix, message);
      current_terminal_ = event.terminal;
      pending_.pop_front();
    } while (!pending_.empty());
  }
  grpc::Slice bytes(std::move(message));
  current_ = grpc::ByteBuffer(&bytes, 1);
}

void StreamSession::Perform(const Action& action) {
  // The reactor outlives this call: OnDone needs a Finish, and no Finish is
  // issued while a write is in flight or twice.
  if (action.write_and_finish) {
    action.reactor->StartWriteAndFinish(action.write, grpc::WriteOptions(),
                                        grpc::Status::OK);
  } else if (action.write != nullptr) {
    action.reactor->StartWrite(action.write);
  } else if (action.finish.has_value()) {
    action.reactor->Finish(*action.finish);
  }
}

EventStreamReactor::EventStreamReactor(EventPump& pump, EventFraming framing,
                                       std::string method, std::string owner)
    : pump_(pump),
      session_(std::make_shared<StreamSession>(this, framing, std::move(method),
                                               std::move(owner))) {}

void EventStreamReactor::OnWriteDone(bool ok) { session_->OnWriteDone(ok); }

void EventStreamReactor::OnCancel() {
  session_->Close(
      grpc::Status(grpc::StatusCode::CANCELLED, "cancelled by the client"));
}

void EventStreamReactor::OnDone() {
  if (std::optional<EventPump::WatchId> id = session_->Detach()) {
    pump_.Unwatch(*id);
  }
  delete this;
}

void StartStreaming(JobStore& store, EventPump& pump,
                    const std::shared_ptr<StreamSession>& session,
                    const std::string& job_id, const std::string& after,
                    bool job_finished) {
  absl::StatusOr<std::vector<RawEvent>> backlog =
      store.ReadRawEvents(job_id, after, kBacklogLimit);
  if (!backlog.ok()) {
    session->Close(StoreToGrpcStatus(backlog.status()));
    return;
  }
  if (job_finished && backlog->empty()) {
    // The cursor is at (or past) the terminal event: nothing will ever come.
    session->Close(grpc::Status::OK);
    return;
  }
  const std::string cursor = backlog->empty() ? after : backlog->back().id;
  if (!session->OnEvents(*std::move(backlog))) return;  // ended or terminal
  absl::StatusOr<EventPump::WatchId> id = pump.Watch(job_id, cursor, session);
  if (!id.ok()) {
    session->Close(ToGrpcStatus(id.status()));
    return;
  }
  if (!session->SetWatchId(*id)) pump.Unwatch(*id);
}

}  // namespace ndrdiag
