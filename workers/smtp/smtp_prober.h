// SmtpProber: runs safe SMTP probe sessions (shared CHECKS.md §3) on the
// worker's event loop.
//
// One session per Probe(): connect to address:port with a deadline, read the
// banner, EHLO, STARTTLS (OpenSSL, non-blocking) and EHLO again when the
// server offers it, MAIL FROM with the service's own probe address, at most
// two RCPT TO (the request's list, cut to two), RSET, QUIT. It NEVER sends
// DATA, BDAT or anything else. Every reply line is bounded in length and
// every reply in line count (a server that exceeds them ends the session as
// kProtocolError), the whole transcript in bytes. A session ends at QUIT, at
// the first failing step, or at its deadline, whichever comes first; after a
// negative reply to EHLO/STARTTLS/MAIL FROM it still sends QUIT politely.
//
// Safety: the egress policy is checked before connecting (a refused address
// completes at once with kBlockedByPolicy and no packet sent), and a token
// bucket per destination address (connections_per_minute, burst) holds
// sessions back: when the bucket is empty the session completes at once with
// kRateLimited and the transcript's error says when a token is due.
//
// Threading and lifetime as DnsResolver: create, call and destroy on the
// loop thread. The callback runs exactly once, on the loop thread, possibly
// before Probe() returns, unless the session is cancelled first (then it is
// destroyed unrun). Destroying the prober cancels every session. Hundreds of
// sessions in flight cost file descriptors, not threads.
#ifndef NDRDIAG_WORKERS_SMTP_SMTP_PROBER_H_
#define NDRDIAG_WORKERS_SMTP_SMTP_PROBER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "workers/smtp/smtp_session_evidence.h"

namespace ndrdiag {

class EventLoop;
class EgressPolicy;

struct SmtpProbeRequest {
  std::string host;     // the name the address belongs to (for SNI/verify)
  std::string address;  // IPv4 or IPv6 literal
  uint16_t port = 25;
  // RCPT TO addresses, at most two are used.
  std::vector<std::string> recipients;
  // MAIL FROM address; "" sends the null reverse-path "<>".
  std::string mail_from;
  // Absolute deadline for the whole session (the diagnosis budget).
  absl::Time deadline = absl::InfiniteFuture();
};

struct SmtpProberOptions {
  // EHLO name: the worker's FQDN with matching A/PTR in production.
  std::string helo_name = "localhost";
  // Per step (connect, each reply) timeout; CHECKS.md §3 says 30 s.
  absl::Duration step_timeout = absl::Seconds(30);
  // Token bucket per destination address.
  double connections_per_minute = 6;
  int burst = 3;
  // Bounds on what a server may send.
  size_t max_line_length = 2048;
  size_t max_reply_lines = 64;
  size_t max_transcript_bytes = 64 * 1024;
  // PEM bundle of trusted CAs for the certificate check; "" = the system's
  // default trust store.
  std::string ca_file;
};

class SmtpProber {
 public:
  using SessionId = uint64_t;
  using Callback = std::function<void(SmtpSessionEvidence)>;
  virtual ~SmtpProber() = default;

  // Starts a session; returns an id Cancel() accepts.
  virtual SessionId Probe(const SmtpProbeRequest& request, Callback done) = 0;
  // Closes the session's connection; its callback is not run. Unknown or
  // finished ids are a no-op.
  virtual void Cancel(SessionId id) = 0;
};
using SmtpProberPtr = std::unique_ptr<SmtpProber>;

// `loop` and `egress` must outlive the prober. INVALID_ARGUMENT for bad
// options (e.g. an unreadable ca_file, naming it). Sets SIGPIPE to ignored
// when it is at its default (TLS writes could raise it on a reset).
absl::StatusOr<SmtpProberPtr> NewSmtpProber(EventLoop& loop,
                                            const EgressPolicy& egress,
                                            const SmtpProberOptions& options);

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_SMTP_SMTP_PROBER_H_
