#include "tests/support/fake_smtp_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace ndrdiag {
namespace {

// A self-signed EC certificate for `name`, valid from an hour ago for a day.
absl::Status MakeCertificate(const std::string& name, SSL_CTX* ctx,
                             std::string* pem) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  if (key == nullptr || cert == nullptr) {
    EVP_PKEY_free(key);
    X509_free(cert);
    return absl::InternalError("key or certificate allocation failed");
  }
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
  X509_set_pubkey(cert, key);
  X509_NAME* subject = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(
      subject, "CN", MBSTRING_ASC,
      reinterpret_cast<const unsigned char*>(name.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert, subject);
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, cert, cert, nullptr, nullptr, 0);
  std::string san = absl::StrCat("DNS:", name);
  for (auto [nid, value] :
       {std::pair<int, const char*>{NID_subject_alt_name, san.c_str()},
        {NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &v3, nid, value);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }
  bool ok = X509_sign(cert, key, EVP_sha256()) > 0 &&
            SSL_CTX_use_certificate(ctx, cert) == 1 &&
            SSL_CTX_use_PrivateKey(ctx, key) == 1;
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  pem->assign(data, n > 0 ? static_cast<size_t>(n) : 0);
  BIO_free(bio);
  X509_free(cert);
  EVP_PKEY_free(key);
  if (!ok) return absl::InternalError("signing the test certificate failed");
  return absl::OkStatus();
}

// One connection's I/O, plaintext or TLS, line by line.
class Conn {
 public:
  explicit Conn(int fd) : fd_(fd) {}
  ~Conn() { SSL_free(ssl_); }

  bool StartTls(SSL_CTX* ctx) {
    buffer_.clear();
    ssl_ = SSL_new(ctx);
    SSL_set_fd(ssl_, fd_);
    if (SSL_accept(ssl_) != 1) {
      ERR_clear_error();
      return false;
    }
    return true;
  }

  // A line without its line ending; false at EOF or error.
  bool ReadLine(std::string* line) {
    while (true) {
      size_t lf = buffer_.find('\n');
      if (lf != std::string::npos) {
        line->assign(buffer_, 0, lf);
        buffer_.erase(0, lf + 1);
        if (!line->empty() && line->back() == '\r') line->pop_back();
        return true;
      }
      char buf[4096];
      int n = ssl_ != nullptr
                  ? SSL_read(ssl_, buf, sizeof(buf))
                  : static_cast<int>(recv(fd_, buf, sizeof(buf), 0));
      if (n <= 0) return false;
      buffer_.append(buf, n);
    }
  }

  bool Write(const std::string& data) {
    size_t off = 0;
    while (off < data.size()) {
      int n = ssl_ != nullptr
                  ? SSL_write(ssl_, data.data() + off,
                              static_cast<int>(data.size() - off))
                  : static_cast<int>(send(fd_, data.data() + off,
                                          data.size() - off, MSG_NOSIGNAL));
      if (n <= 0) return false;
      off += n;
    }
    return true;
  }

  bool tls() const { return ssl_ != nullptr; }

 private:
  int fd_;
  SSL* ssl_ = nullptr;
  std::string buffer_;
};

std::string DefaultReply(const std::string& verb, bool starttls) {
  if (verb == "EHLO") {
    return absl::StrCat("250-mx.fake.test Hello\r\n250-SIZE 37748736\r\n",
                        starttls ? "250-STARTTLS\r\n" : "",
                        "250-PIPELINING\r\n250 8BITMIME");
  }
  if (verb == "HELO") return "250 mx.fake.test Hello";
  if (verb == "STARTTLS") return "220 2.0.0 SMTP server ready";
  if (verb == "MAIL") return "250 2.1.0 Sender OK";
  if (verb == "RCPT") return "250 2.1.5 Recipient OK";
  if (verb == "RSET") return "250 2.0.0 Resetting";
  if (verb == "QUIT") return "221 2.0.0 Service closing transmission channel";
  if (verb == "NOOP") return "250 2.0.0 OK";
  return "500 5.3.3 Unrecognized command";
}

}  // namespace

absl::StatusOr<std::unique_ptr<FakeSmtpServer>> FakeSmtpServer::Start(
    Script script, std::string tls_name) {
  std::unique_ptr<FakeSmtpServer> server(new FakeSmtpServer());
  server->script_ = std::move(script);
  server->tls_ = SSL_CTX_new(TLS_server_method());
  if (server->tls_ == nullptr) return absl::InternalError("SSL_CTX_new");
  if (absl::Status s =
          MakeCertificate(tls_name, server->tls_, &server->cert_pem_);
      !s.ok()) {
    return s;
  }
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::InternalError("socket failed");
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      listen(fd, 512) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    return absl::InternalError("bind/listen on 127.0.0.1 failed");
  }
  server->listen_fd_ = fd;
  server->port_ = ntohs(addr.sin_port);
  FakeSmtpServer* raw = server.get();
  server->acceptor_ = std::thread([raw] { raw->AcceptLoop(); });
  return server;
}

FakeSmtpServer::~FakeSmtpServer() {
  stopping_.Notify();
  if (listen_fd_ >= 0) shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<Worker> workers;
  {
    absl::MutexLock lock(&mu_);
    for (int fd : open_fds_) shutdown(fd, SHUT_RDWR);  // wakes reads
    workers.swap(workers_);
  }
  for (Worker& w : workers) w.thread.join();
  if (listen_fd_ >= 0) close(listen_fd_);
  SSL_CTX_free(tls_);
}

void FakeSmtpServer::SetScript(Script script) {
  absl::MutexLock lock(&mu_);
  script_ = std::move(script);
}

std::vector<std::string> FakeSmtpServer::Commands() const {
  absl::MutexLock lock(&mu_);
  return commands_;
}

int FakeSmtpServer::Connections() const {
  absl::MutexLock lock(&mu_);
  return connections_;
}

bool FakeSmtpServer::ReceivedDataOrBdat() const {
  absl::MutexLock lock(&mu_);
  for (const std::string& c : commands_) {
    if (absl::StartsWithIgnoreCase(c, "DATA") ||
        absl::StartsWithIgnoreCase(c, "BDAT")) {
      return true;
    }
  }
  return false;
}

bool FakeSmtpServer::Sleep(absl::Duration d) {
  if (d <= absl::ZeroDuration()) return !stopping_.HasBeenNotified();
  return !stopping_.WaitForNotificationWithTimeout(d);
}

void FakeSmtpServer::AcceptLoop() {
  while (!stopping_.HasBeenNotified()) {
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      return;  // shut down
    }
    int one = 1;  // like a real MTA: no Nagle delay on short replies
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    absl::MutexLock lock(&mu_);
    // Join connections that ended, so a long benchmark keeps few threads.
    auto done = std::partition(workers_.begin(), workers_.end(),
                               [](const Worker& w) { return !*w.finished; });
    for (auto it = done; it != workers_.end(); ++it) it->thread.join();
    workers_.erase(done, workers_.end());
    ++connections_;
    open_fds_.push_back(fd);
    auto finished = std::make_shared<std::atomic<bool>>(false);
    Script script = script_;
    workers_.push_back(Worker{std::thread([this, fd, script, finished] {
                                Serve(fd, script);
                                *finished = true;
                              }),
                              finished});
  }
}

void FakeSmtpServer::Serve(int fd, Script script) {
  Conn conn(fd);
  std::map<std::string, size_t> used;
  // Sends `reply`; false when the session should end.
  auto send = [&](const Reply& reply) {
    if (!Sleep(reply.delay)) return false;
    if (reply.fault == Fault::kStall) {
      stopping_.WaitForNotification();
      return false;
    }
    if (reply.fault == Fault::kClose) return false;
    return conn.Write(reply.text + "\r\n");
  };
  bool open = send(script.banner);
  std::string line;
  while (open && conn.ReadLine(&line)) {
    {
      absl::MutexLock lock(&mu_);
      commands_.push_back(line);
    }
    std::string verb = line.substr(0, line.find(' '));
    absl::AsciiStrToUpper(&verb);
    Reply reply{DefaultReply(verb, script.starttls && !conn.tls())};
    if (auto it = script.replies.find(verb);
        it != script.replies.end() && !it->second.empty()) {
      size_t i = std::min(used[verb]++, it->second.size() - 1);
      reply = it->second[i];
    }
    open = send(reply);
    if (!open) break;
    if (verb == "QUIT") break;
    if (verb == "STARTTLS" && absl::StartsWith(reply.text, "220") &&
        !conn.tls()) {
      if (script.break_tls) {
        char hello[512];
        (void)!recv(fd, hello, sizeof(hello), 0);  // the ClientHello
        conn.Write("this is not TLS\r\n");
        break;
      }
      open = conn.StartTls(tls_);
    }
  }
  absl::MutexLock lock(&mu_);
  open_fds_.erase(std::find(open_fds_.begin(), open_fds_.end(), fd));
  close(fd);
}

}  // namespace ndrdiag
