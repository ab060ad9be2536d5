#include "common/redis/redis_subscriber.h"

#include <hiredis/hiredis.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/logging.h"

namespace ndrdiag {
namespace {

constexpr absl::Duration kPollInterval = absl::Milliseconds(100);
constexpr absl::Duration kInitialBackoff = absl::Milliseconds(100);
// An idle subscription is PINGed this often; no answer within
// kPingTimeout + command_timeout counts as a lost connection.
constexpr absl::Duration kPingEvery = absl::Seconds(3);
constexpr absl::Duration kPingTimeout = absl::Seconds(2);

timeval TimeoutTimeval(absl::Duration d) {
  if (d < absl::Milliseconds(1)) d = absl::Milliseconds(1);
  return absl::ToTimeval(d);
}

bool IsString(const redisReply* r, const char* s) {
  return r->type == REDIS_REPLY_STRING &&
         absl::string_view(r->str, r->len) == s;
}

}  // namespace

RedisSubscriber::RedisSubscriber(RedisEndpoint endpoint, RedisOptions options,
                                 RedisSubscriberCallbacks callbacks)
    : endpoint_(std::move(endpoint)),
      options_(options),
      callbacks_(std::move(callbacks)) {}

RedisSubscriber::~RedisSubscriber() { Disconnect(); }

void RedisSubscriber::Subscribe(const std::string& channel) {
  absl::MutexLock lock(&mu_);
  if (std::find(channels_.begin(), channels_.end(), channel) !=
      channels_.end()) {
    return;
  }
  channels_.push_back(channel);
  pending_.push_back(channel);
}

void RedisSubscriber::Stop() {
  absl::MutexLock lock(&mu_);
  stop_ = true;
}

bool RedisSubscriber::stopping() const {
  absl::MutexLock lock(&mu_);
  return stop_;
}

void RedisSubscriber::SleepUnlessStopped(absl::Duration d) {
  mu_.LockWhenWithTimeout(absl::Condition(&stop_), d);
  mu_.Unlock();
}

void RedisSubscriber::SetState(bool connected) {
  int state = connected ? 1 : 0;
  if (state == state_) return;
  state_ = state;
  NDRDIAG_LOG(INFO).With("redis",
                         absl::StrCat(endpoint_.host, ":", endpoint_.port))
      << (connected ? "subscriber connected" : "subscriber disconnected");
  if (callbacks_.on_state) callbacks_.on_state(connected);
}

void RedisSubscriber::Disconnect() {
  if (ctx_ != nullptr) redisFree(ctx_);
  ctx_ = nullptr;
}

bool RedisSubscriber::Send(const std::vector<std::string>& argv) {
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  for (const std::string& a : argv) {
    ptrs.push_back(a.data());
    lens.push_back(a.size());
  }
  if (redisAppendCommandArgv(ctx_, static_cast<int>(ptrs.size()), ptrs.data(),
                             lens.data()) != REDIS_OK) {
    return false;
  }
  int done = 0;
  while (!done) {
    if (redisBufferWrite(ctx_, &done) != REDIS_OK) return false;
  }
  return true;
}

bool RedisSubscriber::Connect(std::string* error) {
  ctx_ = redisConnectWithTimeout(endpoint_.host.c_str(), endpoint_.port,
                                 TimeoutTimeval(options_.connect_timeout));
  auto fail = [&](std::string why) {
    *error = std::move(why);
    Disconnect();
    return false;
  };
  if (ctx_ == nullptr) return fail("cannot allocate a connection");
  if (ctx_->err != 0) return fail(absl::StrCat("connect: ", ctx_->errstr));
  redisSetTimeout(ctx_, TimeoutTimeval(options_.command_timeout));
  redisEnableKeepAlive(ctx_);

  std::vector<std::vector<std::string>> handshake;
  if (!endpoint_.password.empty()) {
    handshake.push_back({"AUTH", endpoint_.password});
  }
  if (endpoint_.db != 0) {
    // Pub/sub ignores the database, but a wrong number should still fail.
    handshake.push_back({"SELECT", absl::StrCat(endpoint_.db)});
  }
  std::vector<std::string> subscribe = {"SUBSCRIBE"};
  {
    absl::MutexLock lock(&mu_);
    subscribe.insert(subscribe.end(), channels_.begin(), channels_.end());
    pending_.clear();
  }
  for (const std::vector<std::string>& argv : handshake) {
    if (!Send(argv)) return fail(ctx_->errstr);
    void* raw = nullptr;
    if (redisGetReply(ctx_, &raw) != REDIS_OK) return fail(ctx_->errstr);
    auto* r = static_cast<redisReply*>(raw);
    std::string refused;
    if (r->type == REDIS_REPLY_ERROR) {
      refused =
          absl::StrCat(argv[0], " refused: ", std::string(r->str, r->len));
    }
    freeReplyObject(r);
    if (!refused.empty()) return fail(refused);
  }
  const size_t confirmations = subscribe.size() - 1;
  if (confirmations > 0) {
    if (!Send(subscribe)) return fail(ctx_->errstr);
    // Wait for the confirmations, so that "connected" means "will see
    // every message published from now on".
    for (size_t i = 0; i < confirmations; ++i) {
      void* raw = nullptr;
      if (redisGetReply(ctx_, &raw) != REDIS_OK) return fail(ctx_->errstr);
      auto* r = static_cast<redisReply*>(raw);
      bool ok = r->type == REDIS_REPLY_ARRAY && r->elements == 3 &&
                IsString(r->element[0], "subscribe");
      std::string refused =
          r->type == REDIS_REPLY_ERROR ? std::string(r->str, r->len) : "";
      freeReplyObject(r);
      if (!ok) return fail(absl::StrCat("SUBSCRIBE refused: ", refused));
    }
  }
  last_read_ = absl::Now();
  ping_sent_ = absl::InfinitePast();
  return true;
}

bool RedisSubscriber::ReadAvailable() {
  if (redisBufferRead(ctx_) != REDIS_OK) return false;
  last_read_ = absl::Now();
  ping_sent_ = absl::InfinitePast();
  return Drain();
}

bool RedisSubscriber::Drain() {
  for (;;) {
    void* raw = nullptr;
    if (redisGetReplyFromReader(ctx_, &raw) != REDIS_OK) return false;
    if (raw == nullptr) return true;
    auto* r = static_cast<redisReply*>(raw);
    if (r->type == REDIS_REPLY_ARRAY && r->elements == 3 &&
        IsString(r->element[0], "message") &&
        r->element[2]->type == REDIS_REPLY_STRING && callbacks_.on_message) {
      callbacks_.on_message(
          std::string(r->element[2]->str, r->element[2]->len));
    }
    // Subscribe confirmations and PING answers need nothing more.
    freeReplyObject(r);
  }
}

void RedisSubscriber::Run() {
  absl::Duration backoff = kInitialBackoff;
  bool missed = false;  // a connection failed or was lost since the start
  while (!stopping()) {
    if (ctx_ == nullptr) {
      std::string error;
      if (!Connect(&error)) {
        if (state_ != 0) {
          NDRDIAG_LOG(WARNING)
                  .With("redis",
                        absl::StrCat(endpoint_.host, ":", endpoint_.port))
                  .With("error", error)
              << "subscriber cannot connect; retrying with backoff";
        }
        missed = true;
        SetState(false);
        SleepUnlessStopped(backoff);
        backoff = std::min(backoff * 2, options_.max_backoff);
        continue;
      }
      backoff = kInitialBackoff;
      SetState(true);
      if (missed && callbacks_.on_reconnect) callbacks_.on_reconnect();
      // Messages may have arrived with the confirmations.
      if (!Drain()) {
        Disconnect();
        missed = true;
        SetState(false);
      }
      continue;
    }

    std::vector<std::string> pending;
    {
      absl::MutexLock lock(&mu_);
      pending.swap(pending_);
    }
    bool ok = true;
    if (!pending.empty()) {
      pending.insert(pending.begin(), "SUBSCRIBE");
      ok = Send(pending);
    }
    absl::Time now = absl::Now();
    if (ok && ping_sent_ == absl::InfinitePast() &&
        now - last_read_ > kPingEvery) {
      ok = Send({"PING"});
      ping_sent_ = now;
    }
    if (ok && ping_sent_ != absl::InfinitePast() &&
        now - ping_sent_ > kPingTimeout + options_.command_timeout) {
      ok = false;
    }
    if (ok) {
      pollfd p{ctx_->fd, POLLIN, 0};
      int n = poll(&p, 1, absl::ToInt64Milliseconds(kPollInterval));
      if (n > 0) {
        ok = ReadAvailable();
      } else if (n < 0 && errno != EINTR) {
        ok = false;
      }
    }
    if (!ok) {
      NDRDIAG_LOG(WARNING).With(
          "redis", absl::StrCat(endpoint_.host, ":", endpoint_.port))
          << "subscriber connection lost; reconnecting";
      Disconnect();
      missed = true;
      SetState(false);
    }
  }
  Disconnect();
}

}  // namespace ndrdiag
