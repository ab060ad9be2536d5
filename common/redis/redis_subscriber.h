// RedisSubscriber: a pub/sub subscription on a connection of its own, for the
// frontend's event pump.
//
// Run() owns the caller's thread until Stop(): it connects, subscribes to
// every channel given to Subscribe() and calls on_message(payload) for each
// message. When the connection breaks (Redis restart, network) it reconnects
// with exponential backoff (100 ms doubling to max_backoff) and, once
// subscribed again, calls on_reconnect(): messages published while it was
// away are lost, so the owner must re-read whatever it watches. on_state()
// reports each change of connectivity (the first outcome is reported too).
//
//   RedisSubscriber sub(endpoint, {}, {.on_message = [&](const std::string&
//                                       job) { pump.Wake(job); }});
//   sub.Subscribe("ndrdiag:notify");
//   std::thread t([&] { sub.Run(); });
//   ...
//   sub.Stop();  // Run returns within ~200 ms
//   t.join();
//
// Callbacks run on the Run() thread, never concurrently. Subscribe() and
// Stop() are thread-safe; everything else is for the Run() thread. An idle
// connection is checked with PING every few seconds, so a Redis that hangs
// without closing the socket is noticed too.
#ifndef NDRDIAG_COMMON_REDIS_REDIS_SUBSCRIBER_H_
#define NDRDIAG_COMMON_REDIS_REDIS_SUBSCRIBER_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/redis/redis_connection.h"

struct redisContext;

namespace ndrdiag {

struct RedisSubscriberCallbacks {
  // A message on any subscribed channel.
  std::function<void(const std::string& payload)> on_message;
  // Subscribed again after the connection was lost or the first attempts
  // failed: messages may have been missed. Not called for a first connection
  // that succeeds at once.
  std::function<void()> on_reconnect;
  // Connectivity changed: true once subscribed, false once lost.
  std::function<void(bool connected)> on_state;
};

class RedisSubscriber {
 public:
  RedisSubscriber(RedisEndpoint endpoint, RedisOptions options,
                  RedisSubscriberCallbacks callbacks);
  ~RedisSubscriber();
  RedisSubscriber(const RedisSubscriber&) = delete;
  RedisSubscriber& operator=(const RedisSubscriber&) = delete;

  // Adds a channel. Before Run(): part of the first subscription (on_state
  // (true) means the server has confirmed it). During Run(): sent within
  // one poll interval. Thread-safe.
  void Subscribe(const std::string& channel);

  // Runs until Stop(). Returns at once if Stop() was called before.
  void Run();

  // Makes Run() return within ~200 ms. Thread-safe; may be called before
  // Run() and more than once.
  void Stop();

 private:
  bool stopping() const;
  // Sleeps up to `d`, waking early on Stop().
  void SleepUnlessStopped(absl::Duration d);
  // Connects and subscribes to every channel, waiting for confirmations.
  bool Connect(std::string* error);
  void Disconnect();
  bool Send(const std::vector<std::string>& argv);
  // Reads what is available; false when the connection is broken.
  bool ReadAvailable();
  // Delivers the replies already buffered; false when the stream is broken.
  bool Drain();
  void SetState(bool connected);

  const RedisEndpoint endpoint_;
  const RedisOptions options_;
  const RedisSubscriberCallbacks callbacks_;

  mutable absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::string> channels_ ABSL_GUARDED_BY(mu_);
  // Channels added during Run() and not yet sent.
  std::vector<std::string> pending_ ABSL_GUARDED_BY(mu_);

  // Run()-thread state.
  redisContext* ctx_ = nullptr;
  int state_ = -1;  // -1 unknown, 0 down, 1 up
  absl::Time last_read_;
  absl::Time ping_sent_ = absl::InfinitePast();
};

}  // namespace ndrdiag

#endif  // NDRDIAG_COMMON_REDIS_REDIS_SUBSCRIBER_H_
