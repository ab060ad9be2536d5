// TokenBucketMap: a token bucket per key (the destination address), so the
// prober never opens more than `per_minute` connections a minute to one
// server after an initial `burst`.
//
// Pure: the caller passes the time in, so tests drive it with a fake clock.
// Memory is bounded: at most `max_keys` buckets are kept. A bucket that has
// refilled to `burst` is the same as no bucket, so those are evicted first;
// when every kept bucket is still refilling, a new key is held back (never
// let an attacker-sized address list turn the limit off).
//
//   TokenBucketMap buckets({.per_minute = 6, .burst = 3});
//   TokenBucketMap::Decision d = buckets.Take("192.0.2.1", loop.Now());
//   if (!d.allowed) ... retry at d.next_token ...
//
// Not thread-safe: one per event loop.
#ifndef NDRDIAG_WORKERS_SMTP_TOKEN_BUCKET_H_
#define NDRDIAG_WORKERS_SMTP_TOKEN_BUCKET_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"

namespace ndrdiag {

class TokenBucketMap {
 public:
  struct Options {
    double per_minute = 6;  // > 0
    int burst = 3;          // >= 1
    size_t max_keys = 100000;
  };
  struct Decision {
    bool allowed = false;
    // When refused: when the next token for this key is due.
    absl::Time next_token = absl::InfinitePast();
  };

  explicit TokenBucketMap(Options options);

  // Takes one token for `key` at `now` when one is there.
  Decision Take(std::string_view key, absl::Time now);

  size_t size() const { return buckets_.size(); }

 private:
  struct Bucket {
    double tokens = 0;
    absl::Time updated;
  };
  // Tokens of `bucket` at `now` (capped at burst), without changing it.
  double TokensAt(const Bucket& bucket, absl::Time now) const;
  // Evicts full buckets; returns true when there is room for one more.
  bool MakeRoom(absl::Time now);

  Options options_;
  absl::Duration per_token_;
  absl::flat_hash_map<std::string, Bucket> buckets_;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_SMTP_TOKEN_BUCKET_H_
