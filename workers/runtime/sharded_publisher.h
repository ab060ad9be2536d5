// ShardedPublisher: the worker's event sink, N EventPublishers side by side,
// each with its own thread and Redis connection.
//
// Why more than one: Redis reads at most 16 KiB of one client's pipeline per
// round of its event loop and, with appendfsync always, fsyncs once per
// round, so one connection caps the bytes of events a worker can write per
// second however large its batches are; under load the events queued behind
// it held the jobs (and their memory) long after their verdict
// (docs/performance.md). N connections write N times as much per fsync.
//
// Promises what EventPublisher promises, per attempt: all of an attempt's
// events and its end go to the same lane (chosen by the job id),
// so they keep their order. Outcome callbacks come from any lane's thread.
// Append/Finish are thread-safe; Start/Stop are called by the owner.
#ifndef NDRDIAG_WORKERS_RUNTIME_SHARDED_PUBLISHER_H_
#define NDRDIAG_WORKERS_RUNTIME_SHARDED_PUBLISHER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "workers/runtime/event_publisher.h"
#include "workers/runtime/job_events.h"

namespace ndrdiag {

class ShardedPublisher : public JobEventSink {
 public:
  // `lanes` >= 1 publishers, each with `options` and `on_outcome`.
  ShardedPublisher(const PublisherOptions& options, int lanes,
                   const EventPublisher::OutcomeCallback& on_outcome);

  void Start();
  // Every lane writes what it has queued, giving up at `deadline`.
  void Stop(absl::Time deadline);

  void Append(const JobLeasePtr& lease, v1::DiagnosisEvent event) override;
  void Finish(const JobLeasePtr& lease, v1::Diagnosis::State state,
              const v1::Verdict* verdict, std::string reason) override;

  size_t queued() const;

 private:
  EventPublisher& LaneOf(const JobLease& lease);

  std::vector<std::unique_ptr<EventPublisher>> lanes_;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_RUNTIME_SHARDED_PUBLISHER_H_
