// Completion-queue threads (see cq_driver.h).
#include "bench/load/cq_driver.h"

namespace ndrdiag::bench {

CqDriver::CqDriver(int threads) {
  for (int i = 0; i < threads; ++i) {
    queues_.push_back(std::make_unique<grpc::CompletionQueue>());
  }
  for (auto& queue : queues_) {
    threads_.emplace_back([cq = queue.get()] {
      void* tag;
      bool ok;
      while (cq->Next(&tag, &ok)) {
        const auto bits = reinterpret_cast<uintptr_t>(tag);
        reinterpret_cast<CqHandler*>(bits & ~uintptr_t{3})
            ->OnCompletion(static_cast<int>(bits & 3), ok);
      }
    });
  }
}

CqDriver::~CqDriver() { Shutdown(); }

void CqDriver::Shutdown() {
  if (threads_.empty()) return;
  for (auto& queue : queues_) queue->Shutdown();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
}

}  // namespace ndrdiag::bench
