// FakeSmtpServer: a programmable SMTP server for tests, on 127.0.0.1.
//
// Produces on demand what a real server will not: a banner that comes late
// or never, a refusal at any step, a multi-line EHLO, STARTTLS with a
// self-signed certificate made in-process (cert_pem() lets a test trust it),
// an oversized line, a connection closed mid-session. It serves from its own
// threads (one per connection) so the prober runs unchanged on its loop.
//
//   FakeSmtpServer::Script script;
//   script.replies["RCPT"] = {{"550 5.4.1 Recipient address rejected: "
//                              "Access denied. AS(201806281)"}};
//   auto server = FakeSmtpServer::Start(script);
//   ... probe 127.0.0.1:(*server)->port() ...
//   EXPECT_FALSE((*server)->ReceivedDataOrBdat());
//
// Every command line received is recorded (also ones it does not know), so
// a test can prove what was, or was not, sent. All methods are thread-safe.
#ifndef NDRDIAG_TESTS_SUPPORT_FAKE_SMTP_SERVER_H_
#define NDRDIAG_TESTS_SUPPORT_FAKE_SMTP_SERVER_H_

#include <openssl/ssl.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace ndrdiag {

class FakeSmtpServer {
 public:
  enum class Fault {
    kNone,
    kStall,  // send nothing, ever (until the server stops)
    kClose,  // close the connection instead of replying
  };
  // A reply; `text` may hold several lines joined by "\r\n" (the last CRLF
  // is added), sent after `delay`.
  struct Reply {
    std::string text;
    Fault fault = Fault::kNone;
    absl::Duration delay = absl::ZeroDuration();
  };
  struct Script {
    Reply banner{"220 mx.fake.test Microsoft ESMTP MAIL Service ready"};
    // EHLO advertises STARTTLS (not after TLS) and STARTTLS is served.
    bool starttls = true;
    // After "220" to STARTTLS, answer the ClientHello with plaintext and
    // close (a broken TLS set-up).
    bool break_tls = false;
    // Replies by verb ("EHLO", "STARTTLS", "MAIL", "RCPT", "RSET", "QUIT",
    // ...), used in order per connection, the last one repeated. Verbs not
    // listed get a standard positive reply (500 for unknown verbs).
    std::map<std::string, std::vector<Reply>> replies;
  };

  // Listens on a free port of 127.0.0.1; the certificate is issued to
  // `tls_name` (subject CN and DNS SAN), self-signed.
  static absl::StatusOr<std::unique_ptr<FakeSmtpServer>> Start(
      Script script, std::string tls_name = "mx.fake.test");
  ~FakeSmtpServer();

  uint16_t port() const { return port_; }
  std::string address() const { return "127.0.0.1"; }
  // The self-signed certificate, PEM.
  const std::string& cert_pem() const { return cert_pem_; }

  // Applies to connections accepted from now on.
  void SetScript(Script script);

  // Every command line received, in order, over all connections.
  std::vector<std::string> Commands() const;
  int Connections() const;
  // True if any line began with DATA or BDAT (case-insensitive).
  bool ReceivedDataOrBdat() const;

 private:
  FakeSmtpServer() = default;
  void AcceptLoop();
  void Serve(int fd, Script script);
  // false when the server stops first.
  bool Sleep(absl::Duration d);

  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::string cert_pem_;
  SSL_CTX* tls_ = nullptr;
  absl::Notification stopping_;
  std::thread acceptor_;

  mutable absl::Mutex mu_;
  Script script_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> commands_ ABSL_GUARDED_BY(mu_);
  int connections_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<int> open_fds_ ABSL_GUARDED_BY(mu_);
  struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> finished;
  };
  std::vector<Worker> workers_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ndrdiag

#endif  // NDRDIAG_TESTS_SUPPORT_FAKE_SMTP_SERVER_H_
