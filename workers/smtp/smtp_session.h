// SmtpSession: the state machine of one probe connection (smtp_prober.h).
//
// Internal to the prober, which checks the egress policy and the rate limit
// before making one. The session owns its socket, TLS state and step timer;
// it never deletes itself and never calls back: each event is routed through
// the prober (`Router`), which runs OnIo()/OnTimer() and, once done() is
// true, takes the evidence and destroys the session. Destroying it at any
// point closes the socket and cancels its timer. Loop thread only.
#ifndef NDRDIAG_WORKERS_SMTP_SMTP_SESSION_H_
#define NDRDIAG_WORKERS_SMTP_SMTP_SESSION_H_

#include <openssl/ssl.h>

#include <functional>
#include <string>
#include <string_view>

#include "absl/time/time.h"
#include "workers/loop/event_loop.h"
#include "workers/smtp/smtp_command.h"
#include "workers/smtp/smtp_prober.h"
#include "workers/smtp/smtp_reply_parser.h"
#include "workers/smtp/smtp_session_evidence.h"

namespace ndrdiag {

// Evidence for a session that has not started: host, address, server, time.
SmtpSessionEvidence NewSmtpEvidence(const SmtpProbeRequest& request,
                                    absl::Time now);

class SmtpSession {
 public:
  // Delivers an event: `timer` (the step timer fired) or fd readiness.
  using Router = std::function<void(bool timer, bool readable, bool writable)>;

  // `tls` and `options` must outlive the session.
  SmtpSession(EventLoop& loop, SSL_CTX* tls, const SmtpProberOptions& options,
              const SmtpProbeRequest& request, Router router);
  ~SmtpSession();
  SmtpSession(const SmtpSession&) = delete;
  SmtpSession& operator=(const SmtpSession&) = delete;

  // Opens the connection; may finish at once (e.g. connection refused).
  void Start();
  void OnIo(bool readable, bool writable);
  void OnTimer();

  bool done() const { return done_; }
  // REQUIRES: done().
  SmtpSessionEvidence TakeEvidence() { return std::move(evidence_); }

 private:
  void OnConnected();
  void ReadAvailable();
  void OnReply(SmtpReply reply);
  void Send(SmtpCommand command, std::string_view arg, SmtpStep next);
  void SendMailFrom();
  void SendRcptOrRset();
  void Quit();
  void Flush();
  void BeginTls();
  void ContinueHandshake();
  void ArmTimer();
  void UpdateWatch();
  void AddLine(v1::SmtpLine::Sender sender, std::string text);
  void Complete();
  // Ends the session early at the current step.
  void End(SmtpOutcome outcome, std::string error);
  // Ends on an I/O error (errno or EOF when `err` is 0).
  void EndOnIoError(int err, const char* doing);
  void Close();
  std::string WaitingFor() const;

  EventLoop& loop_;
  SSL_CTX* tls_ctx_;
  const SmtpProberOptions& options_;
  SmtpProbeRequest request_;
  Router router_;

  SmtpSessionEvidence evidence_;
  SmtpReplyParser parser_;
  SmtpStep step_ = SmtpStep::kConnect;
  absl::Time start_;
  int fd_ = -1;
  SSL* ssl_ = nullptr;
  bool handshaking_ = false;
  bool ssl_wants_write_ = false;
  std::string outbox_;
  size_t rcpt_sent_ = 0;
  size_t transcript_bytes_ = 0;
  bool transcript_full_ = false;
  bool done_ = false;
  EventLoop::TimerId timer_ = 0;
  absl::Duration timer_budget_;
  bool timer_by_deadline_ = false;
  bool watch_read_ = false;
  bool watch_write_ = false;
  bool watching_ = false;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_SMTP_SMTP_SESSION_H_
