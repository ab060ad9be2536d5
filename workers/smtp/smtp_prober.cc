// NewSmtpProber: the gatekeeping around SmtpSession (request checks, egress
// policy, rate limit) and the bookkeeping that lets sessions finish, or be
// cancelled, without running into their own destruction.
#include "workers/smtp/smtp_prober.h"

#include <arpa/inet.h>
#include <signal.h>

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "workers/loop/event_loop.h"
#include "workers/net/egress_policy.h"
#include "workers/smtp/smtp_command.h"
#include "workers/smtp/smtp_session.h"
#include "workers/smtp/tls_certificate.h"
#include "workers/smtp/token_bucket.h"

namespace ndrdiag {
namespace {

// One spelling per address, so "::ffff:192.0.2.1" and "192.0.2.1" share
// a bucket.
std::string BucketKey(const std::string& address) {
  unsigned char buf[16];
  char text[INET6_ADDRSTRLEN];
  if (inet_pton(AF_INET6, address.c_str(), buf) == 1) {
    static const unsigned char kMapped[12] = {0, 0, 0, 0, 0,    0,
                                              0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(kMapped, kMapped + 12, buf)) {
      inet_ntop(AF_INET, buf + 12, text, sizeof(text));
    } else {
      inet_ntop(AF_INET6, buf, text, sizeof(text));
    }
    return text;
  }
  return address;
}

std::string Rate(double per_minute) {
  return per_minute == static_cast<int64_t>(per_minute)
             ? absl::StrCat(static_cast<int64_t>(per_minute))
             : absl::StrFormat("%g", per_minute);
}

// The request's arguments must be sendable before anything is opened.
absl::Status CheckRequest(const SmtpProbeRequest& request) {
  if (absl::StatusOr<std::string> s =
          FormatSmtpCommand(SmtpCommand::kMailFrom, request.mail_from);
      !s.ok()) {
    return s.status();
  }
  for (size_t i = 0; i < request.recipients.size() && i < 2; ++i) {
    if (absl::StatusOr<std::string> s =
            FormatSmtpCommand(SmtpCommand::kRcptTo, request.recipients[i]);
        !s.ok()) {
      return s.status();
    }
  }
  return absl::OkStatus();
}

class SmtpProberImpl : public SmtpProber {
 public:
  SmtpProberImpl(EventLoop& loop, const EgressPolicy& egress,
                 const SmtpProberOptions& options, SSL_CTX* tls)
      : loop_(loop),
        egress_(egress),
        options_(options),
        tls_(tls),
        buckets_({options.connections_per_minute, options.burst}) {}

  ~SmtpProberImpl() override {
    sessions_.clear();  // closes sockets, cancels timers, runs no callback
    SSL_CTX_free(tls_);
  }

  SessionId Probe(const SmtpProbeRequest& request, Callback done) override {
    SessionId id = next_id_++;
    absl::Time now = loop_.Now();
    if (absl::Status s = CheckRequest(request); !s.ok()) {
      return FinishAtOnce(id, request, now, SmtpOutcome::kProtocolError,
                          absl::StrCat("not sent: ", s.message()), done);
    }
    if (request.deadline <= now) {
      return FinishAtOnce(id, request, now, SmtpOutcome::kTimeout,
                          "timeout after 0s connecting (the diagnosis "
                          "deadline)",
                          done);
    }
    if (absl::Status s = egress_.Check(request.address); !s.ok()) {
      return FinishAtOnce(
          id, request, now, SmtpOutcome::kBlockedByPolicy,
          absl::StrCat("blocked by egress policy: ", s.message()), done);
    }
    std::string key = BucketKey(request.address);
    TokenBucketMap::Decision d = buckets_.Take(key, now);
    if (!d.allowed) {
      return FinishAtOnce(
          id, request, now, SmtpOutcome::kRateLimited,
          absl::StrFormat("held back by the rate limit (%s connections per "
                          "minute to %s); next slot in %.1fs",
                          Rate(options_.connections_per_minute), key,
                          absl::ToDoubleSeconds(d.next_token - now)),
          done);
    }
    auto session = std::make_unique<SmtpSession>(
        loop_, tls_, options_, request,
        [this, id](bool timer, bool readable, bool writable) {
          Route(id, timer, readable, writable);
        });
    SmtpSession* raw = session.get();
    sessions_.emplace(id, Entry{std::move(session), std::move(done)});
    raw->Start();
    if (raw->done()) Finish(id);
    return id;
  }

  void Cancel(SessionId id) override { sessions_.erase(id); }

 private:
  struct Entry {
    std::unique_ptr<SmtpSession> session;
    Callback done;
  };

  SessionId FinishAtOnce(SessionId id, const SmtpProbeRequest& request,
                         absl::Time now, SmtpOutcome outcome, std::string error,
                         Callback& done) {
    SmtpSessionEvidence evidence = NewSmtpEvidence(request, now);
    evidence.outcome = outcome;
    evidence.failed_step = SmtpStep::kConnect;
    evidence.transcript.set_error(std::move(error));
    evidence.transcript.mutable_elapsed();
    done(std::move(evidence));
    return id;
  }

  void Route(SessionId id, bool timer, bool readable, bool writable) {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return;
    SmtpSession& session = *it->second.session;
    if (timer) {
      session.OnTimer();
    } else {
      session.OnIo(readable, writable);
    }
    if (session.done()) Finish(id);
  }

  // Takes the session out before running the callback, which may start or
  // cancel other sessions, or destroy this prober.
  void Finish(SessionId id) {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return;
    Entry entry = std::move(it->second);
    sessions_.erase(it);
    SmtpSessionEvidence evidence = entry.session->TakeEvidence();
    entry.session.reset();
    entry.done(std::move(evidence));
  }

  EventLoop& loop_;
  const EgressPolicy& egress_;
  const SmtpProberOptions options_;
  SSL_CTX* tls_;
  TokenBucketMap buckets_;
  absl::flat_hash_map<SessionId, Entry> sessions_;
  SessionId next_id_ = 1;
};

}  // namespace

absl::StatusOr<SmtpProberPtr> NewSmtpProber(EventLoop& loop,
                                            const EgressPolicy& egress,
                                            const SmtpProberOptions& options) {
  if (absl::StatusOr<std::string> s =
          FormatSmtpCommand(SmtpCommand::kEhlo, options.helo_name);
      !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "helo_name \"", options.helo_name, "\": ", s.status().message()));
  }
  if (!(options.connections_per_minute > 0) || options.burst < 1) {
    return absl::InvalidArgumentError(
        "connections_per_minute must be > 0 and burst >= 1");
  }
  if (options.step_timeout <= absl::ZeroDuration() ||
      options.max_line_length < 16 || options.max_reply_lines < 1) {
    return absl::InvalidArgumentError(
        "step_timeout, max_line_length (>= 16) and max_reply_lines must be "
        "positive");
  }
  // OpenSSL writes to the socket with write(2): a server that resets the
  // connection would otherwise kill the worker with SIGPIPE.
  struct sigaction current {};
  if (sigaction(SIGPIPE, nullptr, &current) == 0 &&
      current.sa_handler == SIG_DFL) {
    signal(SIGPIPE, SIG_IGN);
  }
  absl::StatusOr<SSL_CTX*> tls = NewProbeTlsContext(options.ca_file);
  if (!tls.ok()) return tls.status();
  return std::make_unique<SmtpProberImpl>(loop, egress, options, *tls);
}

}  // namespace ndrdiag
