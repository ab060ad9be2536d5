// DnsResolver on c-ares 1.18, driven by an EventLoop.
//
// One ares channel per server, so an exchange records exactly which server
// answered (a channel with several servers would fail over silently). We
// send our own query (dns_message) with ares_send, which gives us the RD bit
// and EDNS we want, and parse the raw answer ourselves; c-ares does the
// transport: UDP, the switch to TCP when an answer is truncated, matching
// answers to queries by id and question.
//
// c-ares 1.18 has no query cache (it arrived in 1.23), so every question
// goes to the wire as the diagnosis needs. Retries are ours, not c-ares's:
// its per-try timeout doubles on every retry, ours stays `query_timeout`, so
// a question's deadline is query_timeout x tries per server.
#include <ares.h>
#include <arpa/inet.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "workers/dns/dns_message.h"
#include "workers/dns/dns_resolver.h"
#include "workers/dns/server_address.h"
#include "workers/loop/event_loop.h"
#include "workers/net/egress_policy.h"

namespace ndrdiag {
namespace {

using SteadyClock = std::chrono::steady_clock;
using dns::ServerAddress;

// How often a channel with queries in flight checks their timeouts at least.
constexpr absl::Duration kTimeoutTick = absl::Milliseconds(20);

// Direct() channels kept for reuse; idle ones beyond this are closed.
constexpr size_t kMaxDirectChannels = 256;
// Thousands of answers can arrive at once on one UDP socket.
constexpr int kSocketReceiveBuffer = 1 << 20;

void InitAresOnce() {
  static std::once_flag once;
  std::call_once(once, [] { ares_library_init(ARES_LIB_INIT_ALL); });
}

class AresResolver;

// One server's ares channel.
struct Channel {
  Channel(EventLoop& loop, ServerAddress server)
      : loop(loop), server(std::move(server)), text(this->server.ToString()) {}
  ~Channel() {
    if (timer != 0) loop.CancelTimer(timer);
    // Pending queries get ARES_EDESTRUCTION; c-ares reports each socket
    // closed through the socket-state callback, which unwatches it.
    if (ares != nullptr) ares_destroy(ares);
    for (int fd : fds) loop.WatchFd(fd, false, false, nullptr);
  }

  EventLoop& loop;
  AresResolver* owner = nullptr;
  const ServerAddress server;
  const std::string text;  // "IP:port"
  ares_channel ares = nullptr;
  EventLoop::TimerId timer = 0;
  int pending = 0;  // questions currently assigned to this channel
  int busy = 0;     // c-ares calls on this channel on the stack
  absl::flat_hash_set<uint16_t> ids_in_flight;
  absl::flat_hash_set<int> fds;
  std::list<Channel*>::iterator lru;  // Direct() channels only
};
using ChannelPtr = std::unique_ptr<Channel>;

// One question until its callback runs.
struct Query {
  std::string qname;  // lower case, absolute
  DnsType type;
  bool recursion_desired;
  DnsResolver::Callback done;
  Channel* channel = nullptr;
  size_t server_index = 0;  // into the recursive servers
  int tries_left = 0;
  uint16_t qid = 0;
  absl::Time started;
  SteadyClock::time_point started_mono;
  std::string last_error;
};

class AresResolver : public DnsResolver {
 public:
  AresResolver(EventLoop& loop, const EgressPolicy& egress,
               const ResolverOptions& options)
      : loop_(loop), egress_(egress), options_(options) {}
  ~AresResolver() override;

  absl::Status Init(const std::vector<ServerAddress>& recursive);

  void Recursive(const DnsQuestion& question, Callback done) override;
  void Direct(const std::string& server, const DnsQuestion& question,
              Callback done) override;
  std::vector<std::string> recursive_servers() const override;

 private:
  static void OnSockState(void* data, ares_socket_t fd, int readable,
                          int writable);
  static void OnAresDone(void* arg, int status, int timeouts,
                         unsigned char* abuf, int alen);

  absl::StatusOr<ChannelPtr> NewChannel(const ServerAddress& server);
  absl::StatusOr<Channel*> DirectChannel(const ServerAddress& server);
  // Re-arms the channel's timer from ares_timeout().
  void Rearm(Channel& c);
  void Process(Channel& c, ares_socket_t read_fd, ares_socket_t write_fd);

  Query* Start(const DnsQuestion& question, bool rd, Callback done);
  void Assign(Query& q, Channel& c);
  void Send(Query& q);
  void OnDone(Query& q, int status, std::string_view answer);
  void Failover(Query& q);
  // Runs q's callback with `exchange` completed and frees q.
  void Finish(Query* q, v1::DnsExchange exchange);
  void FinishWithError(Query* q, std::string error);

  EventLoop& loop_;
  const EgressPolicy& egress_;
  const ResolverOptions options_;
  std::vector<ChannelPtr> recursive_;
  absl::flat_hash_map<std::string, ChannelPtr> direct_;
  std::list<Channel*> direct_lru_;  // most recently used first
  absl::flat_hash_set<Query*> live_;
  absl::BitGen bitgen_;
  bool destroying_ = false;
};

AresResolver::~AresResolver() {
  // Outstanding questions are dropped: their callbacks are destroyed without
  // being run (ARES_EDESTRUCTION is swallowed in OnAresDone).
  destroying_ = true;
  recursive_.clear();
  direct_.clear();
  for (Query* q : live_) delete q;
}

absl::Status AresResolver::Init(const std::vector<ServerAddress>& recursive) {
  for (const ServerAddress& server : recursive) {
    absl::StatusOr<ChannelPtr> c = NewChannel(server);
    if (!c.ok()) return c.status();
    recursive_.push_back(*std::move(c));
  }
  return absl::OkStatus();
}

absl::StatusOr<ChannelPtr> AresResolver::NewChannel(
    const ServerAddress& server) {
  auto c = std::make_unique<Channel>(loop_, server);
  c->owner = this;
  ares_options opts{};
  opts.flags = ARES_FLAG_NOCHECKRESP | ARES_FLAG_EDNS;
  opts.timeout = static_cast<int>(
      std::max<int64_t>(1, absl::ToInt64Milliseconds(options_.query_timeout)));
  opts.tries = 1;
  opts.ednspsz = dns::kEdnsUdpSize;
  opts.sock_state_cb = &OnSockState;
  opts.sock_state_cb_data = c.get();
  opts.socket_receive_buffer_size = kSocketReceiveBuffer;
  opts.nservers = 0;  // set below; keeps resolv.conf's servers out
  opts.ndomains = 0;
  int mask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES |
             ARES_OPT_EDNSPSZ | ARES_OPT_SOCK_STATE_CB | ARES_OPT_SOCK_RCVBUF |
             ARES_OPT_SERVERS | ARES_OPT_DOMAINS;
  int rc = ares_init_options(&c->ares, &opts, mask);
  if (rc != ARES_SUCCESS) {
    c->ares = nullptr;
    return absl::InternalError(
        absl::StrCat("ares_init_options: ", ares_strerror(rc)));
  }
  ares_addr_port_node node{};
  node.family = server.v6 ? AF_INET6 : AF_INET;
  std::memcpy(server.v6 ? static_cast<void*>(&node.addr.addr6)
                        : static_cast<void*>(&node.addr.addr4),
              server.bytes, server.v6 ? 16 : 4);
  node.udp_port = node.tcp_port = server.port;
  rc = ares_set_servers_ports(c->ares, &node);
  if (rc != ARES_SUCCESS) {
    return absl::InternalError(
        absl::StrCat("ares_set_servers_ports: ", ares_strerror(rc)));
  }
  return c;
}

absl::StatusOr<Channel*> AresResolver::DirectChannel(
    const ServerAddress& server) {
  std::string key = server.ToString();
  if (auto it = direct_.find(key); it != direct_.end()) {
    Channel* c = it->second.get();
    direct_lru_.splice(direct_lru_.begin(), direct_lru_, c->lru);
    return c;
  }
  absl::StatusOr<ChannelPtr> made = NewChannel(server);
  if (!made.ok()) return made.status();
  Channel* c = made->get();
  direct_lru_.push_front(c);
  c->lru = direct_lru_.begin();
  direct_.emplace(key, *std::move(made));
  // Close idle channels from the cold end; busy ones stay until idle (the
  // cache may exceed its bound while that many servers are in use).
  for (auto it = std::prev(direct_lru_.end());
       direct_.size() > kMaxDirectChannels && it != direct_lru_.begin();) {
    Channel* victim = *it;
    auto prev = std::prev(it);
    if (victim->pending == 0 && victim->busy == 0) {
      direct_lru_.erase(it);
      direct_.erase(victim->text);
    }
    it = prev;
  }
  return c;
}

void AresResolver::OnSockState(void* data, ares_socket_t fd, int readable,
                               int writable) {
  Channel* c = static_cast<Channel*>(data);
  if (!readable && !writable) {
    c->fds.erase(fd);
    c->loop.WatchFd(fd, false, false, nullptr);
    return;
  }
  c->fds.insert(fd);
  c->loop.WatchFd(fd, readable, writable, [c, fd](bool r, bool w) {
    c->owner->Process(*c, r ? fd : ARES_SOCKET_BAD, w ? fd : ARES_SOCKET_BAD);
  });
}

void AresResolver::Process(Channel& c, ares_socket_t read_fd,
                           ares_socket_t write_fd) {
  ++c.busy;
  ares_process_fd(c.ares, read_fd, write_fd);
  --c.busy;
  Rearm(c);
}

void AresResolver::Rearm(Channel& c) {
  // c-ares 1.18's ares_timeout() walks every query in flight on the channel;
  // calling it after each send and each read made a worker with thousands of
  // queries in flight quadratic (docs/performance.md). So the timer is only
  // computed when none is armed, and armed at most kTimeoutTick ahead: while
  // queries are in flight it fires at least that often, and a timeout is
  // noticed at most that late.
  if (c.timer != 0) return;
  timeval tv;
  if (ares_timeout(c.ares, nullptr, &tv) == nullptr) return;
  // A millisecond late rather than early: c-ares does nothing for a timeout
  // that is not yet due, and we would spin until it is.
  absl::Duration delay = absl::Seconds(tv.tv_sec) +
                         absl::Microseconds(tv.tv_usec) + absl::Milliseconds(1);
  delay = std::min(delay, kTimeoutTick);
  Channel* channel = &c;
  c.timer = loop_.AddTimer(delay, [this, channel] {
    channel->timer = 0;
    Process(*channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
  });
}

Query* AresResolver::Start(const DnsQuestion& question, bool rd,
                           Callback done) {
  auto* q = new Query;
  q->qname = absl::AsciiStrToLower(question.name);
  if (q->qname.empty() || q->qname.back() != '.') q->qname.push_back('.');
  q->type = question.type;
  q->recursion_desired = rd;
  q->done = std::move(done);
  q->tries_left = std::max(1, options_.tries);
  q->started = loop_.Now();
  q->started_mono = SteadyClock::now();
  live_.insert(q);
  return q;
}

void AresResolver::Recursive(const DnsQuestion& question, Callback done) {
  Query* q = Start(question, /*rd=*/true, std::move(done));
  if (recursive_.empty()) {
    FinishWithError(q, "no recursive resolver configured");
    return;
  }
  Assign(*q, *recursive_[0]);
  Send(*q);
}

void AresResolver::Direct(const std::string& server,
                          const DnsQuestion& question, Callback done) {
  Query* q = Start(question, /*rd=*/false, std::move(done));
  absl::StatusOr<ServerAddress> address = dns::ParseServerAddress(server);
  if (!address.ok()) {
    v1::DnsExchange exchange;
    exchange.set_server(server);
    exchange.set_error(
        absl::StrCat("invalid server address: ", address.status().message()));
    Finish(q, std::move(exchange));
    return;
  }
  if (absl::Status allowed = egress_.Check(address->ip); !allowed.ok()) {
    v1::DnsExchange exchange;
    exchange.set_server(address->ToString());
    exchange.set_error(
        absl::StrCat("blocked by egress policy: ", allowed.message()));
    Finish(q, std::move(exchange));
    return;
  }
  absl::StatusOr<Channel*> c = DirectChannel(*address);
  if (!c.ok()) {
    FinishWithError(q, std::string(c.status().message()));
    return;
  }
  Assign(*q, **c);
  Send(*q);
}

std::vector<std::string> AresResolver::recursive_servers() const {
  std::vector<std::string> out;
  for (const ChannelPtr& c : recursive_) out.push_back(c->text);
  return out;
}

void AresResolver::Assign(Query& q, Channel& c) {
  if (q.channel != nullptr) --q.channel->pending;
  q.channel = &c;
  ++c.pending;
}

void AresResolver::Send(Query& q) {
  Channel& c = *q.channel;
  absl::StatusOr<std::string> wire = dns::BuildQuery(
      0, q.qname, static_cast<uint16_t>(q.type), q.recursion_desired);
  if (!wire.ok()) {
    FinishWithError(
        &q, absl::StrCat("invalid question: ", wire.status().message()));
    return;
  }
  // c-ares 1.18 matches answers by the id in our buffer: keep it unique
  // among this channel's queries in flight, and unpredictable.
  uint16_t id;
  do {
    id = absl::Uniform<uint16_t>(bitgen_);
  } while (c.ids_in_flight.contains(id));
  (*wire)[0] = static_cast<char>(id >> 8);
  (*wire)[1] = static_cast<char>(id & 0xff);
  q.qid = id;
  c.ids_in_flight.insert(id);
  ++c.busy;
  // May call OnAresDone (and free q) before it returns.
  ares_send(c.ares, reinterpret_cast<const unsigned char*>(wire->data()),
            static_cast<int>(wire->size()), &OnAresDone, &q);
  --c.busy;
  Rearm(c);
}

void AresResolver::OnAresDone(void* arg, int status, int timeouts,
                              unsigned char* abuf, int alen) {
  Query* q = static_cast<Query*>(arg);
  AresResolver* self = q->channel->owner;
  q->channel->ids_in_flight.erase(q->qid);
  if (self->destroying_ || status == ARES_EDESTRUCTION) {
    self->live_.erase(q);
    delete q;
    return;
  }
  std::string_view answer;
  if (status == ARES_SUCCESS && abuf != nullptr && alen > 0) {
    answer = std::string_view(reinterpret_cast<const char*>(abuf),
                              static_cast<size_t>(alen));
  }
  self->OnDone(*q, status, answer);
}

void AresResolver::OnDone(Query& q, int status, std::string_view answer) {
  if (status == ARES_SUCCESS) {
    v1::DnsExchange exchange;
    absl::Status parsed = dns::ParseResponseInto(answer, exchange);
    if (parsed.ok()) {
      Finish(&q, std::move(exchange));
      return;
    }
    q.last_error = absl::StrCat("malformed response: ", parsed.message());
  } else if (status == ARES_ETIMEOUT) {
    q.last_error = "timeout";
    if (--q.tries_left > 0) {
      Send(q);
      return;
    }
  } else {
    q.last_error = ares_strerror(status);
  }
  Failover(q);
}

void AresResolver::Failover(Query& q) {
  if (q.recursion_desired && q.server_index + 1 < recursive_.size()) {
    ++q.server_index;
    Assign(q, *recursive_[q.server_index]);
    q.tries_left = std::max(1, options_.tries);
    Send(q);
    return;
  }
  FinishWithError(&q, q.last_error);
}

void AresResolver::FinishWithError(Query* q, std::string error) {
  v1::DnsExchange exchange;
  exchange.set_error(std::move(error));
  Finish(q, std::move(exchange));
}

void AresResolver::Finish(Query* q, v1::DnsExchange exchange) {
  if (q->channel != nullptr) {
    exchange.set_server(q->channel->text);
    --q->channel->pending;
  }
  exchange.set_recursion_desired(q->recursion_desired);
  exchange.set_qname(q->qname);
  exchange.set_qtype(DnsTypeName(q->type));
  int64_t start_ns = absl::ToUnixNanos(q->started);
  exchange.mutable_time()->set_seconds(start_ns / 1000000000);
  exchange.mutable_time()->set_nanos(
      static_cast<int32_t>(start_ns % 1000000000));
  int64_t elapsed_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           SteadyClock::now() - q->started_mono)
                           .count();
  exchange.mutable_elapsed()->set_seconds(elapsed_ns / 1000000000);
  exchange.mutable_elapsed()->set_nanos(
      static_cast<int32_t>(elapsed_ns % 1000000000));
  Callback done = std::move(q->done);
  live_.erase(q);
  delete q;
  done(std::move(exchange));
}

// The servers in /etc/resolv.conf, as c-ares reads them (c-ares falls back
// to 127.0.0.1 when the file names none, as the system resolver does).
absl::StatusOr<std::vector<ServerAddress>> SystemServers() {
  ares_channel channel;
  int rc = ares_init(&channel);
  if (rc != ARES_SUCCESS) {
    return absl::UnavailableError(
        absl::StrCat("reading the system resolvers: ", ares_strerror(rc)));
  }
  ares_addr_port_node* servers = nullptr;
  rc = ares_get_servers_ports(channel, &servers);
  std::vector<ServerAddress> out;
  for (ares_addr_port_node* n = servers; rc == ARES_SUCCESS && n != nullptr;
       n = n->next) {
    ServerAddress a;
    a.v6 = n->family == AF_INET6;
    if (!a.v6 && n->family != AF_INET) continue;
    std::memcpy(a.bytes,
                a.v6 ? static_cast<const void*>(&n->addr.addr6)
                     : static_cast<const void*>(&n->addr.addr4),
                a.v6 ? 16 : 4);
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(a.v6 ? AF_INET6 : AF_INET, a.bytes, buf, sizeof(buf));
    a.ip = buf;
    a.port = n->udp_port != 0 ? static_cast<uint16_t>(n->udp_port) : 53;
    out.push_back(std::move(a));
  }
  if (servers != nullptr) ares_free_data(servers);
  ares_destroy(channel);
  if (out.empty()) {
    return absl::UnavailableError(
        "no recursive resolver configured and none in /etc/resolv.conf");
  }
  return out;
}

}  // namespace

absl::StatusOr<DnsResolverPtr> NewAresResolver(EventLoop& loop,
                                               const EgressPolicy& egress,
                                               const ResolverOptions& options) {
  InitAresOnce();
  std::vector<ServerAddress> servers;
  if (options.recursive_servers.empty()) {
    absl::StatusOr<std::vector<ServerAddress>> system = SystemServers();
    if (!system.ok()) return system.status();
    servers = *std::move(system);
  }
  for (const std::string& text : options.recursive_servers) {
    absl::StatusOr<ServerAddress> a = dns::ParseServerAddress(text);
    if (!a.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("recursive server: ", a.status().message()));
    }
    servers.push_back(*std::move(a));
  }
  auto resolver = std::make_unique<AresResolver>(loop, egress, options);
  if (absl::Status s = resolver->Init(servers); !s.ok()) return s;
  return resolver;
}

}  // namespace ndrdiag
