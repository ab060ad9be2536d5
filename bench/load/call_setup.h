// CallSetup: what every call of a bench run shares, whatever the mode: the
// channels and completion-queue threads it runs on, the owner it calls as,
// its deadline, the streaming methods it uses, and the sampler of the
// processes' memory.
#ifndef NDRDIAG_BENCH_LOAD_CALL_SETUP_H_
#define NDRDIAG_BENCH_LOAD_CALL_SETUP_H_

#include <string>

#include "absl/time/time.h"
#include "bench/load/channels.h"
#include "bench/load/cq_driver.h"
#include "bench/load/rss_sampler.h"

namespace ndrdiag::bench {

struct CallSetup {
  Channels* channels = nullptr;
  CqDriver* driver = nullptr;
  std::string owner;  // x-ndrdiag-owner of every call
  absl::Duration call_deadline;
  // The *Batched streaming methods (a message per burst of events) rather
  // than one message per event.
  bool batched = true;
  RssSampler* rss = nullptr;
};

}  // namespace ndrdiag::bench

#endif  // NDRDIAG_BENCH_LOAD_CALL_SETUP_H_
