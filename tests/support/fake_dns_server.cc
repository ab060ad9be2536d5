#include "tests/support/fake_dns_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "workers/dns/dns_message.h"

namespace ndrdiag {
namespace {

void PutU16(std::string& out, uint32_t v) {
  out.push_back(static_cast<char>((v >> 8) & 0xff));
  out.push_back(static_cast<char>(v & 0xff));
}
void PutU32(std::string& out, uint32_t v) {
  PutU16(out, v >> 16);
  PutU16(out, v & 0xffff);
}

// Uncompressed; the names tests use need no escapes.
absl::Status PutName(std::string& out, absl::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (!name.empty()) {
    for (absl::string_view label : absl::StrSplit(name, '.')) {
      if (label.empty() || label.size() > 63) {
        return absl::InvalidArgumentError(absl::StrCat("bad name ", name));
      }
      out.push_back(static_cast<char>(label.size()));
      out.append(label.data(), label.size());
    }
  }
  out.push_back('\0');
  return absl::OkStatus();
}

absl::Status PutRdata(std::string& out, DnsType type, absl::string_view data) {
  std::string rdata;
  std::vector<absl::string_view> f = absl::StrSplit(data, ' ');
  auto bad = [&] {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot encode ", DnsTypeName(type), " data \"", data, "\""));
  };
  if (absl::StartsWith(data, "\\# ")) {
    uint32_t len;
    if (f.size() < 2 || !absl::SimpleAtoi(f[1], &len)) return bad();
    rdata = f.size() > 2 ? absl::HexStringToBytes(f[2]) : "";
    if (rdata.size() != len) return bad();
  } else {
    switch (type) {
      case DnsType::kA:
      case DnsType::kAaaa: {
        unsigned char buf[16];
        bool v6 = type == DnsType::kAaaa;
        if (inet_pton(v6 ? AF_INET6 : AF_INET, std::string(data).c_str(),
                      buf) != 1) {
          return bad();
        }
        rdata.assign(reinterpret_cast<char*>(buf), v6 ? 16 : 4);
        break;
      }
      case DnsType::kNs:
      case DnsType::kCname:
        if (!PutName(rdata, data).ok()) return bad();
        break;
      case DnsType::kMx: {
        absl::StatusOr<dns::MxData> mx = dns::ParseMxData(std::string(data));
        if (!mx.ok()) return bad();
        PutU16(rdata, mx->preference);
        if (!PutName(rdata, mx->target).ok()) return bad();
        break;
      }
      case DnsType::kSoa: {
        absl::StatusOr<dns::SoaData> soa = dns::ParseSoaData(std::string(data));
        if (!soa.ok() || !PutName(rdata, soa->mname).ok() ||
            !PutName(rdata, soa->rname).ok()) {
          return bad();
        }
        for (uint32_t v : {soa->serial, soa->refresh, soa->retry, soa->expire,
                           soa->minimum}) {
          PutU32(rdata, v);
        }
        break;
      }
      case DnsType::kTxt: {
        absl::StatusOr<std::vector<std::string>> txt =
            dns::ParseTxtData(std::string(data));
        if (!txt.ok()) return bad();
        for (const std::string& s : *txt) {
          if (s.size() > 255) return bad();
          rdata.push_back(static_cast<char>(s.size()));
          rdata.append(s);
        }
        break;
      }
    }
  }
  PutU16(out, static_cast<uint32_t>(rdata.size()));
  out.append(rdata);
  return absl::OkStatus();
}

absl::Status PutRecord(std::string& out, const FakeDnsServer::Record& r) {
  if (absl::Status s = PutName(out, r.name); !s.ok()) return s;
  PutU16(out, static_cast<uint16_t>(r.type));
  PutU16(out, 1);  // IN
  PutU32(out, r.ttl);
  return PutRdata(out, r.type, r.data);
}

std::string Key(absl::string_view qname, uint16_t type) {
  std::string name = absl::AsciiStrToLower(qname);
  if (name.empty() || name.back() != '.') name.push_back('.');
  return absl::StrCat(name, "/", type);
}

struct Header {
  uint16_t id;
  bool aa, tc, rd;
  uint16_t rcode;
  uint16_t an, ns, ar;
};

void PutHeader(std::string& out, const Header& h) {
  PutU16(out, h.id);
  PutU16(out, 0x8000 | (h.aa ? 0x0400 : 0) | (h.tc ? 0x0200 : 0) |
                  (h.rd ? 0x0100 : 0) | (h.rcode & 0xF));
  PutU16(out, 1);
  PutU16(out, h.an);
  PutU16(out, h.ns);
  PutU16(out, h.ar);
}

void SendAll(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n =
        send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      pollfd p{fd, POLLOUT, 0};
      poll(&p, 1, 1000);
      continue;
    }
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<FakeDnsServer>> FakeDnsServer::Start(
    std::string ip, uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  if (inet_pton(AF_INET, ip.c_str(), &addr.sin_addr) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("not an IPv4 address: ", ip));
  }
  // A free UDP port may be taken for TCP: try a few.
  for (int attempt = 0; attempt < (port == 0 ? 50 : 1); ++attempt) {
    int udp = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    addr.sin_port = htons(port);
    socklen_t len = sizeof(addr);
    if (udp < 0 || bind(udp, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        getsockname(udp, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      if (udp >= 0) close(udp);
      return absl::InternalError(
          absl::StrCat("UDP bind on ", ip, ": errno ", errno));
    }
    // Bursts of a thousand questions must not be dropped.
    int rcvbuf = 4 << 20;
    if (setsockopt(udp, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) !=
        0) {
      setsockopt(udp, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
    }
    int tcp = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(tcp, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (tcp < 0 || bind(tcp, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        listen(tcp, 128) != 0) {
      if (tcp >= 0) close(tcp);
      close(udp);
      continue;
    }
    int wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    const uint16_t bound = ntohs(addr.sin_port);
    return std::unique_ptr<FakeDnsServer>(
        new FakeDnsServer(std::move(ip), bound, udp, tcp, wake));
  }
  return absl::UnavailableError("no free port for UDP and TCP together");
}

FakeDnsServer::FakeDnsServer(std::string ip, uint16_t port, int udp_fd,
                             int tcp_fd, int wake_fd)
    : ip_(std::move(ip)),
      port_(port),
      udp_fd_(udp_fd),
      tcp_fd_(tcp_fd),
      wake_fd_(wake_fd) {
  default_.rcode = 5;  // REFUSED: "not my zone"
  default_.authoritative = false;
  thread_ = std::thread([this] { Serve(); });
}

FakeDnsServer::~FakeDnsServer() {
  uint64_t one = 1;
  ssize_t n = write(wake_fd_, &one, sizeof(one));
  (void)n;
  thread_.join();
  close(udp_fd_);
  close(tcp_fd_);
  close(wake_fd_);
}

std::string FakeDnsServer::address() const {
  return absl::StrCat(ip_, ":", port_);
}

void FakeDnsServer::ServeTestZone(const std::string& domain,
                                  const std::vector<std::string>& mx) {
  Answer answer;
  for (const std::string& data : mx) {
    answer.answers.push_back({domain + ".", DnsType::kMx, 300, data});
  }
  Set(domain, DnsType::kMx, answer);
  const std::string ns = "ns1." + domain;
  Set(domain, DnsType::kNs,
      {.answers = {{domain + ".", DnsType::kNs, 300, ns + "."}}});
  Set(domain, DnsType::kSoa,
      {.answers = {
           {domain + ".", DnsType::kSoa, 300,
            ns + ". hostmaster." + domain + ". 7 3600 600 1209600 300"}}});
  ServeHost(ns, "127.0.0.1");
  Set("test", DnsType::kNs,
      {.answers = {{"test.", DnsType::kNs, 300, "ns.test."}}});
  ServeHost("ns.test", "127.0.0.1");
}

void FakeDnsServer::ServeHost(const std::string& name, const std::string& v4) {
  Set(name, DnsType::kA, {.answers = {{name + ".", DnsType::kA, 300, v4}}});
}

void FakeDnsServer::Set(std::string_view qname, DnsType type, Answer answer) {
  std::string scratch;
  for (const auto* section : {&answer.answers, &answer.authority}) {
    for (const Record& r : *section) {
      absl::Status s = PutRecord(scratch, r);
      if (!s.ok()) ADD_FAILURE() << "FakeDnsServer::Set: " << s;
    }
  }
  absl::MutexLock lock(&mu_);
  rules_[Key(absl::string_view(qname.data(), qname.size()),
             static_cast<uint16_t>(type))] = std::move(answer);
}

void FakeDnsServer::SetDefault(Answer answer) {
  absl::MutexLock lock(&mu_);
  default_ = std::move(answer);
}

int FakeDnsServer::QueryCount(std::string_view qname, DnsType type) const {
  absl::MutexLock lock(&mu_);
  auto it = counts_.find(Key(absl::string_view(qname.data(), qname.size()),
                             static_cast<uint16_t>(type)));
  return it == counts_.end() ? 0 : it->second;
}

int FakeDnsServer::TotalQueries() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(received_.size());
}

std::vector<FakeDnsServer::Received> FakeDnsServer::received() const {
  absl::MutexLock lock(&mu_);
  return received_;
}

std::string FakeDnsServer::Reply(std::string_view query, bool tcp,
                                 absl::Duration* delay) {
  absl::StatusOr<dns::DnsMessage> q = dns::ParseMessage(query);
  if (!q.ok() || q->qr || q->qname.empty()) return "";
  Answer answer;
  {
    absl::MutexLock lock(&mu_);
    std::string key = Key(q->qname, q->qtype);
    ++counts_[key];
    received_.push_back(Received{q->qname, q->qtype, q->rd, tcp, q->has_edns});
    auto it = rules_.find(key);
    answer = it != rules_.end() ? it->second : default_;
  }
  Header h{q->id, answer.authoritative, false, q->rd, answer.rcode, 0, 0, 0};
  bool with_records = true;
  switch (answer.fault) {
    case Fault::kNone:
      break;
    case Fault::kNoReply:
      return "";
    case Fault::kServfail:
    case Fault::kRefused:
      h.rcode = answer.fault == Fault::kServfail ? 2 : 5;
      with_records = false;
      break;
    case Fault::kTruncated:
      if (!tcp) {
        h.tc = true;
        with_records = false;
      }
      break;
    case Fault::kGarbage: {
      h.an = 1;
      std::string out;
      PutHeader(out, h);
      (void)PutName(out, q->qname);
      PutU16(out, q->qtype);
      PutU16(out, q->qclass);
      out.append("\xc0\xff\x00\x01garbage", 11);  // pointer past the end
      return out;
    }
    case Fault::kWrongId:
      h.id = static_cast<uint16_t>(h.id ^ 0x5a5a);
      break;
    case Fault::kDelay:
      *delay = answer.delay;
      break;
  }
  std::string records;
  if (with_records) {
    for (const Record& r : answer.answers) {
      if (PutRecord(records, r).ok()) ++h.an;
    }
    for (const Record& r : answer.authority) {
      if (PutRecord(records, r).ok()) ++h.ns;
    }
  }
  if (q->has_edns) {
    h.ar = 1;
    records.push_back('\0');
    PutU16(records, 41);
    PutU16(records, dns::kEdnsUdpSize);
    PutU32(records, 0);
    PutU16(records, 0);
  }
  std::string out;
  PutHeader(out, h);
  (void)PutName(out, q->qname);
  PutU16(out, q->qtype);
  PutU16(out, q->qclass);
  out.append(records);
  return out;
}

void FakeDnsServer::Serve() {
  struct Conn {
    int fd;
    std::string in;
  };
  struct Later {
    absl::Time due;
    std::string bytes;  // with the TCP length prefix when tcp_fd >= 0
    sockaddr_in to;
    int tcp_fd;
  };
  std::vector<Conn> conns;
  std::vector<Later> later;
  while (true) {
    std::vector<pollfd> fds = {
        {wake_fd_, POLLIN, 0}, {udp_fd_, POLLIN, 0}, {tcp_fd_, POLLIN, 0}};
    for (const Conn& c : conns) fds.push_back({c.fd, POLLIN, 0});
    int timeout = -1;
    absl::Time now = absl::Now();
    for (const Later& l : later) {
      int ms = static_cast<int>(absl::ToInt64Milliseconds(
          absl::Ceil(l.due - now, absl::Milliseconds(1))));
      ms = std::max(ms, 0);
      timeout = timeout < 0 ? ms : std::min(timeout, ms);
    }
    if (poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR) return;
    if (fds[0].revents != 0) {
      for (const Conn& c : conns) close(c.fd);
      return;
    }
    now = absl::Now();
    for (auto it = later.begin(); it != later.end();) {
      if (it->due > now) {
        ++it;
        continue;
      }
      if (it->tcp_fd >= 0) {
        SendAll(it->tcp_fd, it->bytes);
      } else {
        sendto(udp_fd_, it->bytes.data(), it->bytes.size(), 0,
               reinterpret_cast<const sockaddr*>(&it->to), sizeof(it->to));
      }
      it = later.erase(it);
    }
    if (fds[1].revents != 0) {
      char buf[65536];
      while (true) {
        sockaddr_in from{};
        socklen_t len = sizeof(from);
        ssize_t n = recvfrom(udp_fd_, buf, sizeof(buf), 0,
                             reinterpret_cast<sockaddr*>(&from), &len);
        if (n < 0) break;
        absl::Duration delay = absl::ZeroDuration();
        std::string reply =
            Reply(std::string_view(buf, static_cast<size_t>(n)), false, &delay);
        if (reply.empty()) continue;
        if (delay > absl::ZeroDuration()) {
          later.push_back(
              Later{absl::Now() + delay, std::move(reply), from, -1});
        } else {
          sendto(udp_fd_, reply.data(), reply.size(), 0,
                 reinterpret_cast<sockaddr*>(&from), len);
        }
      }
    }
    if (fds[2].revents != 0) {
      int fd;
      while ((fd = accept4(tcp_fd_, nullptr, nullptr,
                           SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
        conns.push_back(Conn{fd, ""});
      }
    }
    for (size_t i = 3; i < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      auto conn = std::find_if(conns.begin(), conns.end(), [&](const Conn& c) {
        return c.fd == fds[i].fd;
      });
      char buf[65536];
      ssize_t n = read(conn->fd, buf, sizeof(buf));
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (n <= 0) {
        int fd = conn->fd;
        later.erase(
            std::remove_if(later.begin(), later.end(),
                           [&](const Later& l) { return l.tcp_fd == fd; }),
            later.end());
        close(fd);
        conns.erase(conn);
        continue;
      }
      conn->in.append(buf, static_cast<size_t>(n));
      while (conn->in.size() >= 2) {
        size_t len = static_cast<unsigned char>(conn->in[0]) << 8 |
                     static_cast<unsigned char>(conn->in[1]);
        if (conn->in.size() < 2 + len) break;
        absl::Duration delay = absl::ZeroDuration();
        std::string reply =
            Reply(std::string_view(conn->in).substr(2, len), true, &delay);
        conn->in.erase(0, 2 + len);
        if (reply.empty()) continue;
        std::string framed;
        PutU16(framed, static_cast<uint32_t>(reply.size()));
        framed.append(reply);
        if (delay > absl::ZeroDuration()) {
          later.push_back(
              Later{absl::Now() + delay, std::move(framed), {}, conn->fd});
        } else {
          SendAll(conn->fd, framed);
        }
      }
    }
  }
}

}  // namespace ndrdiag
