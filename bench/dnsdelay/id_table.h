// IdTable: the UDP side of the delaying proxy rewrites every query's DNS id
// so that queries from many clients (which may pick the same ids) can share
// one upstream socket; this table maps the rewritten id back to the client.
//
// Promises: at most 65,536 queries in flight per table (Allocate fails when
// none is free, never reuses a live id); a freed id goes to the back of the
// free list, so it is reused as late as possible and a late answer to an
// expired query finds either nothing or an entry whose question differs
// (Take checks the question, so such an answer is dropped, not misrouted).
// Pure data structure: no sockets, no clock (times are passed in).
#ifndef NDRDIAG_BENCH_DNSDELAY_ID_TABLE_H_
#define NDRDIAG_BENCH_DNSDELAY_ID_TABLE_H_

#include <netinet/in.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace ndrdiag::dnsdelay {

using Clock = std::chrono::steady_clock;

// Who asked: the client's address and the id it used. sockaddr_in6 holds
// either family and is a fifth of sockaddr_storage (the table has 65,536).
struct PendingQuery {
  sockaddr_in6 client{};
  socklen_t client_length = 0;
  uint16_t client_id = 0;
  std::string question;  // QuestionKey() of the query
  Clock::time_point sent;
};

class IdTable {
 public:
  IdTable();

  // Records `query` under a free id and returns it; nullopt when all 65,536
  // ids are in flight.
  std::optional<uint16_t> Allocate(PendingQuery query);
  // The query sent with `id`, removed from the table, when one is in flight
  // and its question equals `question`; nullopt otherwise (the entry, if any,
  // stays).
  std::optional<PendingQuery> Take(uint16_t id, const std::string& question);
  // Drops the queries sent before `cutoff` (upstream never answered);
  // returns how many.
  size_t ExpireBefore(Clock::time_point cutoff);

  size_t in_flight() const { return in_flight_; }

 private:
  struct Slot {
    bool used = false;
    uint32_t generation = 0;
    PendingQuery query;
  };
  void Free(uint16_t id);

  std::vector<Slot> slots_;
  std::deque<uint16_t> free_;
  // (id, generation) in send order: the oldest live queries come first.
  std::deque<std::pair<uint16_t, uint32_t>> order_;
  size_t in_flight_ = 0;
};

}  // namespace ndrdiag::dnsdelay

#endif  // NDRDIAG_BENCH_DNSDELAY_ID_TABLE_H_
