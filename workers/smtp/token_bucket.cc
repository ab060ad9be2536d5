#include "workers/smtp/token_bucket.h"

#include <algorithm>
#include <vector>

namespace ndrdiag {

TokenBucketMap::TokenBucketMap(Options options)
    : options_(options),
      per_token_(absl::Minutes(1) / std::max(options.per_minute, 1e-9)) {
  options_.burst = std::max(options_.burst, 1);
  options_.max_keys = std::max<size_t>(options_.max_keys, 1);
}

double TokenBucketMap::TokensAt(const Bucket& bucket, absl::Time now) const {
  double elapsed = absl::FDivDuration(
      std::max(now - bucket.updated, absl::ZeroDuration()), per_token_);
  return std::min<double>(options_.burst, bucket.tokens + elapsed);
}

bool TokenBucketMap::MakeRoom(absl::Time now) {
  if (buckets_.size() < options_.max_keys) return true;
  std::vector<std::string> full;
  for (const auto& [key, bucket] : buckets_) {
    if (TokensAt(bucket, now) >= options_.burst) full.push_back(key);
  }
  for (const std::string& key : full) buckets_.erase(key);
  return buckets_.size() < options_.max_keys;
}

TokenBucketMap::Decision TokenBucketMap::Take(std::string_view key,
                                              absl::Time now) {
  auto it = buckets_.find(absl::string_view(key.data(), key.size()));
  if (it == buckets_.end()) {
    if (!MakeRoom(now)) {
      // Every kept bucket is refilling; the soonest full one frees a slot.
      absl::Time soonest = absl::InfiniteFuture();
      for (const auto& [k, bucket] : buckets_) {
        double missing = options_.burst - TokensAt(bucket, now);
        soonest = std::min(soonest, now + per_token_ * missing);
      }
      return Decision{false, soonest};
    }
    it = buckets_.emplace(std::string(key), Bucket{double(options_.burst), now})
             .first;
  }
  Bucket& bucket = it->second;
  bucket.tokens = TokensAt(bucket, now);
  bucket.updated = std::max(bucket.updated, now);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return Decision{true, now};
  }
  return Decision{false, now + per_token_ * (1 - bucket.tokens)};
}

}  // namespace ndrdiag
