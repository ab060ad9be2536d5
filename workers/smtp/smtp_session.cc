// SmtpSession, part one: socket, TLS, timers and the transcript; the
// conversation itself is in smtp_session_steps.cc.
#include "workers/smtp/smtp_session.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "workers/smtp/tls_certificate.h"

namespace ndrdiag {
namespace {

constexpr size_t kReadChunk = 16 * 1024;

void SetDuration(absl::Duration d, google::protobuf::Duration* out) {
  int64_t ns = absl::ToInt64Nanoseconds(d);
  out->set_seconds(ns / 1000000000);
  out->set_nanos(static_cast<int32_t>(ns % 1000000000));
}

std::string FormatBudget(absl::Duration d) {
  d = absl::Trunc(d, absl::Milliseconds(1));
  return d <= absl::ZeroDuration() ? "0s" : absl::FormatDuration(d);
}

}  // namespace

SmtpSession::SmtpSession(EventLoop& loop, SSL_CTX* tls,
                         const SmtpProberOptions& options,
                         const SmtpProbeRequest& request, Router router)
    : loop_(loop),
      tls_ctx_(tls),
      options_(options),
      request_(request),
      router_(std::move(router)),
      parser_(
          SmtpReplyLimits{options.max_line_length, options.max_reply_lines}),
      start_(loop.Now()) {
  evidence_ = NewSmtpEvidence(request_, start_);
  if (request_.recipients.size() > 2) request_.recipients.resize(2);
}

SmtpSession::~SmtpSession() { Close(); }

void SmtpSession::Start() {
  sockaddr_storage ss{};
  socklen_t len = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (inet_pton(AF_INET, request_.address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(request_.port);
    len = sizeof(*v4);
  } else if (inet_pton(AF_INET6, request_.address.c_str(), &v6->sin6_addr) ==
             1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(request_.port);
    len = sizeof(*v6);
  } else {
    End(SmtpOutcome::kRefused,
        absl::StrCat("\"", request_.address, "\" is not an IP address"));
    return;
  }
  fd_ = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) {
    EndOnIoError(errno, "creating a socket");
    return;
  }
  // Commands and replies are small and strictly alternate: Nagle would hold
  // e.g. the EHLO behind the TLS Finished until a delayed ACK (40 ms).
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  step_ = SmtpStep::kConnect;
  if (connect(fd_, reinterpret_cast<sockaddr*>(&ss), len) == 0) {
    OnConnected();
    return;
  }
  if (errno != EINPROGRESS) {
    EndOnIoError(errno, "connecting");
    return;
  }
  ArmTimer();
  UpdateWatch();
}

void SmtpSession::OnConnected() {
  step_ = SmtpStep::kBanner;
  ArmTimer();
  UpdateWatch();
}

void SmtpSession::OnIo(bool readable, bool writable) {
  if (done_) return;
  if (step_ == SmtpStep::kConnect) {
    int err = 0;
    socklen_t len = sizeof(err);
    if (getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
    if (err != 0) {
      EndOnIoError(err, "connecting");
    } else if (writable) {
      OnConnected();
    }
    return;
  }
  if (handshaking_) {
    ContinueHandshake();
    return;
  }
  if (!outbox_.empty() && (writable || ssl_wants_write_)) {
    Flush();
    if (done_) return;
  }
  if (readable) ReadAvailable();
}

void SmtpSession::ReadAvailable() {
  char buf[kReadChunk];
  while (!done_ && !handshaking_) {
    ssize_t n;
    if (ssl_ != nullptr) {
      ERR_clear_error();
      int r = SSL_read(ssl_, buf, sizeof(buf));
      if (r <= 0) {
        int e = SSL_get_error(ssl_, r);
        if (e == SSL_ERROR_WANT_READ) break;
        if (e == SSL_ERROR_WANT_WRITE) {
          ssl_wants_write_ = true;
          UpdateWatch();
          break;
        }
        if (e == SSL_ERROR_ZERO_RETURN ||
            (e == SSL_ERROR_SYSCALL && errno == 0)) {
          EndOnIoError(0, "reading");
        } else if (e == SSL_ERROR_SYSCALL) {
          EndOnIoError(errno, "reading");
        } else {
          End(SmtpOutcome::kClosed, absl::StrCat("TLS error ", WaitingFor(),
                                                 ": ", TakeOpenSslErrors()));
        }
        return;
      }
      n = r;
    } else {
      n = read(fd_, buf, sizeof(buf));
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        if (errno == EINTR) continue;
        EndOnIoError(errno, "reading");
        return;
      }
      if (n == 0) {
        EndOnIoError(0, "reading");
        return;
      }
    }
    absl::Status fed = parser_.Feed(std::string_view(buf, n));
    for (std::string& line : parser_.TakeLines()) {
      AddLine(v1::SmtpLine::SERVER, std::move(line));
    }
    if (!fed.ok()) {
      End(SmtpOutcome::kProtocolError,
          absl::StrCat("protocol error ", WaitingFor(), ": ", fed.message()));
      return;
    }
    while (!done_ && !handshaking_) {
      std::optional<SmtpReply> reply = parser_.Next();
      if (!reply) break;
      OnReply(*std::move(reply));
    }
  }
}

void SmtpSession::Flush() {
  ssl_wants_write_ = false;
  while (!outbox_.empty()) {
    ssize_t n;
    if (ssl_ != nullptr) {
      ERR_clear_error();
      int r = SSL_write(ssl_, outbox_.data(), static_cast<int>(outbox_.size()));
      if (r <= 0) {
        int e = SSL_get_error(ssl_, r);
        if (e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ) {
          ssl_wants_write_ = e == SSL_ERROR_WANT_WRITE;
          break;
        }
        EndOnIoError(e == SSL_ERROR_SYSCALL ? errno : 0, "sending");
        return;
      }
      n = r;
    } else {
      n = send(fd_, outbox_.data(), outbox_.size(), MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        if (errno == EINTR) continue;
        EndOnIoError(errno, "sending");
        return;
      }
    }
    outbox_.erase(0, static_cast<size_t>(n));
  }
  UpdateWatch();
}

void SmtpSession::BeginTls() {
  // Plaintext behind the 220 could be an injected reply (RFC 3207 §6).
  parser_.Reset();
  step_ = SmtpStep::kTlsHandshake;
  ssl_ = SSL_new(tls_ctx_);
  if (ssl_ == nullptr || SSL_set_fd(ssl_, fd_) != 1) {
    End(SmtpOutcome::kTlsFailed,
        absl::StrCat("TLS set-up failed: ", TakeOpenSslErrors()));
    return;
  }
  unsigned char buf[16];
  bool literal = inet_pton(AF_INET, evidence_.host.c_str(), buf) == 1 ||
                 inet_pton(AF_INET6, evidence_.host.c_str(), buf) == 1;
  if (!evidence_.host.empty() && !literal) {
    SSL_set_tlsext_host_name(ssl_, evidence_.host.c_str());
  }
  SSL_set_connect_state(ssl_);
  handshaking_ = true;
  ArmTimer();
  ContinueHandshake();
}

void SmtpSession::ContinueHandshake() {
  ERR_clear_error();
  int r = SSL_connect(ssl_);
  if (r == 1) {
    handshaking_ = false;
    ssl_wants_write_ = false;
    evidence_.tls_established = true;
    RecordTlsCertificate(ssl_, evidence_.host,
                         evidence_.transcript.mutable_certificate());
    Send(SmtpCommand::kEhlo, options_.helo_name, SmtpStep::kEhloTls);
    return;
  }
  int e = SSL_get_error(ssl_, r);
  if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
    ssl_wants_write_ = e == SSL_ERROR_WANT_WRITE;
    UpdateWatch();
    return;
  }
  std::string why = TakeOpenSslErrors();
  if (why.empty() && e == SSL_ERROR_SYSCALL) {
    why = errno != 0 ? std::strerror(errno) : "connection closed";
  }
  End(SmtpOutcome::kTlsFailed, absl::StrCat("TLS handshake failed: ", why));
}

void SmtpSession::OnTimer() {
  timer_ = 0;
  if (done_) return;
  if (step_ == SmtpStep::kQuit) return Complete();
  End(SmtpOutcome::kTimeout,
      absl::StrCat("timeout after ", FormatBudget(timer_budget_), " ",
                   WaitingFor(),
                   timer_by_deadline_ ? " (the diagnosis deadline)" : ""));
}

void SmtpSession::ArmTimer() {
  if (timer_ != 0) loop_.CancelTimer(timer_);
  absl::Duration left =
      std::max(request_.deadline - loop_.Now(), absl::ZeroDuration());
  timer_by_deadline_ = left < options_.step_timeout;
  timer_budget_ = timer_by_deadline_ ? left : options_.step_timeout;
  Router router = router_;
  timer_ =
      loop_.AddTimer(timer_budget_, [router] { router(true, false, false); });
}

void SmtpSession::UpdateWatch() {
  if (fd_ < 0 || done_) return;
  bool want_write =
      step_ == SmtpStep::kConnect || !outbox_.empty() || ssl_wants_write_;
  bool want_read = step_ != SmtpStep::kConnect;
  if (watching_ && want_read == watch_read_ && want_write == watch_write_) {
    return;
  }
  watching_ = true;
  watch_read_ = want_read;
  watch_write_ = want_write;
  Router router = router_;
  loop_.WatchFd(fd_, want_read, want_write,
                [router](bool r, bool w) { router(false, r, w); });
}

void SmtpSession::AddLine(v1::SmtpLine::Sender sender, std::string text) {
  if (transcript_full_) return;
  transcript_bytes_ += text.size() + 2;
  v1::SmtpLine* line = evidence_.transcript.add_lines();
  line->set_sender(sender);
  SetDuration(loop_.Now() - start_, line->mutable_at());
  if (transcript_bytes_ > options_.max_transcript_bytes) {
    transcript_full_ = true;
    line->set_text("...[transcript truncated]");
    return;
  }
  line->set_text(std::move(text));
}

void SmtpSession::Complete() {
  step_ = SmtpStep::kDone;
  End(SmtpOutcome::kCompleted, "");
}

void SmtpSession::End(SmtpOutcome outcome, std::string error) {
  if (done_) return;
  evidence_.outcome = outcome;
  evidence_.failed_step = step_;
  evidence_.transcript.set_error(std::move(error));
  SetDuration(loop_.Now() - start_, evidence_.transcript.mutable_elapsed());
  Close();
  done_ = true;
}

void SmtpSession::EndOnIoError(int err, const char* doing) {
  // The session has what it came for once QUIT is sent.
  if (step_ == SmtpStep::kQuit) return Complete();
  if (err == 0) {
    End(SmtpOutcome::kClosed,
        absl::StrCat("connection closed by the server ", WaitingFor()));
    return;
  }
  bool before_banner =
      step_ == SmtpStep::kConnect || step_ == SmtpStep::kBanner;
  if (err == ECONNREFUSED || (err == ECONNRESET && before_banner)) {
    End(SmtpOutcome::kRefused,
        err == ECONNREFUSED ? "connection refused" : "connection reset");
    return;
  }
  if (step_ == SmtpStep::kConnect) {
    End(SmtpOutcome::kRefused,
        absl::StrCat("connect failed: ", std::strerror(err)));
    return;
  }
  End(SmtpOutcome::kClosed,
      absl::StrCat(doing, " failed ", WaitingFor(), ": ", std::strerror(err)));
}

void SmtpSession::Close() {
  if (timer_ != 0) loop_.CancelTimer(timer_);
  timer_ = 0;
  if (ssl_ != nullptr) {
    SSL_free(ssl_);
    ssl_ = nullptr;
  }
  if (fd_ >= 0) {
    if (watching_) loop_.WatchFd(fd_, false, false, nullptr);
    watching_ = false;
    close(fd_);
    fd_ = -1;
  }
}

}  // namespace ndrdiag
