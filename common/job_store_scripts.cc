#include "common/job_store_scripts.h"

namespace ndrdiag::job_store_scripts {

// KEYS: job hash, events stream, jobs stream, owner index, idempotency key.
// ARGV: job id, owner, request_id ('' = none), spec, now_ms, idem_ttl_ms,
//       accepted event, QUEUED event, notify channel, job key prefix.
// Reply: {1, id} created; {0, existing id} an earlier request won.
// The idempotency key only counts while its job exists and is the caller's
// (owner names may contain ':', so the key alone could be ambiguous).
const char kCreate[] = R"lua(
if ARGV[3] ~= '' then
  local existing = redis.call('GET', KEYS[5])
  if existing then
    local o = redis.call('HMGET', ARGV[10] .. existing, 'owner', 'request_id')
    if o[1] == ARGV[2] and o[2] == ARGV[3] then return {0, existing} end
  end
end
redis.call('HSET', KEYS[1], 'owner', ARGV[2], 'state', '1', 'spec', ARGV[4],
           'attempt', '0', 'request_id', ARGV[3], 'cancel_requested', '0',
           'create_ms', ARGV[5])
redis.call('ZADD', KEYS[4], ARGV[5], ARGV[1])
redis.call('XADD', KEYS[2], '*', 'e', ARGV[7])
redis.call('XADD', KEYS[2], '*', 'e', ARGV[8])
local entry = redis.call('XADD', KEYS[3], '*', 'job', ARGV[1])
redis.call('HSET', KEYS[1], 'entry', entry)
if ARGV[3] ~= '' then
  redis.call('SET', KEYS[5], ARGV[1], 'PX', ARGV[6])
end
redis.call('PUBLISH', ARGV[9], ARGV[1])
return {1, ARGV[1]}
)lua";

// varint(n): the protobuf varint encoding of n, for the scripts that
// complete event bytes.
#define NDRDIAG_LUA_HELPERS                   \
  "local function varint(n)\n"                \
  "  local s = ''\n"                          \
  "  while n >= 128 do\n"                     \
  "    s = s .. string.char(n % 128 + 128)\n" \
  "    n = math.floor(n / 128)\n"             \
  "  end\n"                                   \
  "  return s .. string.char(n)\n"            \
  "end\n"

// KEYS: job hash, events stream, jobs stream.
// ARGV: 1 job id, 2 entry id, 3 worker, 4 now_ms, 5 group, 6 RUNNING event
//       without its attempt, 7 notify channel, 8 max attempts,
//       9 retention_ms, 10 FAILED terminal event without attempt and reason.
// Reply: {0} gone or terminal (entry acknowledged and deleted);
//        {1, attempt, spec} attempt started;
//        {2, attempt, reason} dead letter: the job ended FAILED.
// A RUNNING job here was reclaimed: its current attempt ends now ("lease
// expired on worker X"), unless its worker handed it back (Release), which
// recorded the end already and does not count towards max attempts.
// The events' attempt (and the dead letter's reason) are only known here:
// protobuf merges concatenated messages, so appending field 4 (tag byte 32,
// varint) sets the attempt, and appending field 14 (tag 114) holding only
// StateChange.reason (tag 18) sets the reason.
const char kStart[] = NDRDIAG_LUA_HELPERS R"lua(
local state = redis.call('HGET', KEYS[1], 'state')
if not state or tonumber(state) >= 3 then
  redis.call('XACK', KEYS[3], ARGV[5], ARGV[2])
  redis.call('XDEL', KEYS[3], ARGV[2])
  return {0}
end
local attempt = tonumber(redis.call('HGET', KEYS[1], 'attempt') or '0')
if attempt > 0 then
  local p = 'attempt.' .. attempt .. '.'
  local why = redis.call('HGET', KEYS[1], p .. 'end')
  if not why then
    local w = redis.call('HGET', KEYS[1], p .. 'worker') or
              redis.call('HGET', KEYS[1], 'worker') or '?'
    why = 'lease expired on worker ' .. w
    redis.call('HSET', KEYS[1], p .. 'end', why, p .. 'end_ms', ARGV[4])
  end
  local counted = attempt -
      tonumber(redis.call('HGET', KEYS[1], 'handbacks') or '0')
  if counted >= tonumber(ARGV[8]) then
    local history = {}
    for n = 1, attempt do
      history[#history + 1] = 'attempt ' .. n .. ': ' ..
          (redis.call('HGET', KEYS[1], 'attempt.' .. n .. '.end') or '?')
    end
    local reason = 'gave up after ' .. counted ..
                   (counted == 1 and ' attempt: ' or ' attempts: ') .. why ..
                   ' (' .. table.concat(history, '; ') .. ')'
    redis.call('HSET', KEYS[1], 'state', '4', 'end_ms', ARGV[4],
               'failure_reason', reason)
    local sc = '\18' .. varint(#reason) .. reason
    redis.call('XADD', KEYS[2], '*', 'e',
               ARGV[10] .. '\114' .. varint(#sc) .. sc .. '\32' ..
               varint(attempt), 't', '1')
    redis.call('XACK', KEYS[3], ARGV[5], ARGV[2])
    redis.call('XDEL', KEYS[3], ARGV[2])
    redis.call('PEXPIRE', KEYS[1], ARGV[9])
    redis.call('PEXPIRE', KEYS[2], ARGV[9])
    redis.call('PUBLISH', ARGV[7], ARGV[1])
    return {2, attempt, reason}
  end
end
attempt = redis.call('HINCRBY', KEYS[1], 'attempt', 1)
local p = 'attempt.' .. attempt .. '.'
redis.call('HSET', KEYS[1], 'state', '2', 'worker', ARGV[3],
           'start_ms', ARGV[4], p .. 'worker', ARGV[3], p .. 'start_ms',
           ARGV[4])
redis.call('XADD', KEYS[2], '*', 'e', ARGV[6] .. '\32' .. varint(attempt))
redis.call('PUBLISH', ARGV[7], ARGV[1])
return {1, attempt, redis.call('HGET', KEYS[1], 'spec')}
)lua";

// Shared fencing: a job that is gone, terminal or on another attempt refuses
// writes from this lease. Returns nil when the lease is current.
#define NDRDIAG_FENCE                                                        \
  "local st = redis.call('HMGET', KEYS[1], 'state', 'attempt',\n"            \
  "                      'cancel_requested')\n"                              \
  "if not st[1] then return {0, 'the job no longer exists'} end\n"           \
  "if tonumber(st[1]) >= 3 then\n"                                           \
  "  return {0, 'the job is already finished'}\n"                            \
  "end\n"                                                                    \
  "if st[2] ~= ARGV[1] then\n"                                               \
  "  return {0, 'attempt ' .. ARGV[1] .. ' is no longer current (now ' ..\n" \
  "             st[2] .. ')'}\n"                                             \
  "end\n"

// KEYS: job hash, events stream, jobs stream.
// ARGV: attempt, notify channel, job id, n, then n events to append, then
//       optionally the end of the attempt: state, verdict ('' = none),
//       reason, now_ms, retention_ms, verdict event ('' = none), terminal
//       event, entry id, group.
// Reply: {0, why} fenced; {1} written; {2} appended, cancel requested (only
//        without an end: an ended attempt has nothing left to cancel).
// One call carries everything a worker has for one attempt at the moment,
// so a job's events cost one fencing check and one notification, not one
// each.
const char kWrite[] = NDRDIAG_FENCE R"lua(
local n = tonumber(ARGV[4])
for i = 5, 4 + n do redis.call('XADD', KEYS[2], '*', 'e', ARGV[i]) end
local f = 5 + n
if ARGV[f] then
  local names = {['3'] = 'SUCCEEDED', ['4'] = 'FAILED', ['5'] = 'CANCELLED'}
  local state, verdict, reason, now = ARGV[f], ARGV[f + 1], ARGV[f + 2],
                                      ARGV[f + 3]
  local how = names[state] or state
  if reason ~= '' then how = how .. ': ' .. reason end
  local p = 'attempt.' .. ARGV[1] .. '.'
  redis.call('HSET', KEYS[1], 'state', state, 'end_ms', now, p .. 'end', how,
             p .. 'end_ms', now)
  if verdict ~= '' then redis.call('HSET', KEYS[1], 'verdict', verdict) end
  if reason ~= '' then redis.call('HSET', KEYS[1], 'failure_reason', reason) end
  if ARGV[f + 5] ~= '' then
    redis.call('XADD', KEYS[2], '*', 'e', ARGV[f + 5])
  end
  redis.call('XADD', KEYS[2], '*', 'e', ARGV[f + 6], 't', '1')
  redis.call('XACK', KEYS[3], ARGV[f + 8], ARGV[f + 7])
  redis.call('XDEL', KEYS[3], ARGV[f + 7])
  redis.call('PEXPIRE', KEYS[1], ARGV[f + 4])
  redis.call('PEXPIRE', KEYS[2], ARGV[f + 4])
  redis.call('PUBLISH', ARGV[2], ARGV[3])
  return {1}
end
redis.call('PUBLISH', ARGV[2], ARGV[3])
if st[3] == '1' then return {2} end
return {1}
)lua";

// KEYS: job hash, jobs stream.
// ARGV: attempt, entry id, group, consumer.
// Reply: {0, why} fenced; {1} lease extended; {2} extended, cancel
//        requested.
// Extending = resetting the entry's idle time in the pending list (XCLAIM
// to the holder itself). An entry another consumer holds was taken over by
// a reclaimer (which starts the next attempt right after): fenced. An entry
// no longer pending cannot be extended, but the attempt is still current.
const char kHeartbeat[] = NDRDIAG_FENCE R"lua(
local p = redis.call('XPENDING', KEYS[2], ARGV[3], ARGV[2], ARGV[2], 1)
if #p > 0 then
  if p[1][2] ~= ARGV[4] then
    return {0, 'the lease was taken over by ' .. p[1][2]}
  end
  redis.call('XCLAIM', KEYS[2], ARGV[3], ARGV[4], 0, ARGV[2], 'JUSTID')
end
if st[3] == '1' then return {2} end
return {1}
)lua";

// KEYS: job hash, jobs stream.
// ARGV: attempt, entry id, group, consumer, lease_ms, now_ms.
// Reply: {0, why} fenced; {1} handed back.
// The attempt ends "handed back" (not counted towards max attempts) and the
// entry's idle time is set to the lease, so that any live worker's next
// reclaim step takes it at once.
const char kRelease[] = NDRDIAG_FENCE R"lua(
local p = 'attempt.' .. ARGV[1] .. '.'
if redis.call('HGET', KEYS[1], 'handback') ~= ARGV[1] then
  redis.call('HSET', KEYS[1], 'handback', ARGV[1], p .. 'end',
             'handed back by worker ' .. ARGV[4] .. ' at shutdown',
             p .. 'end_ms', ARGV[6])
  redis.call('HINCRBY', KEYS[1], 'handbacks', 1)
end
redis.call('XCLAIM', KEYS[2], ARGV[3], ARGV[4], 0, ARGV[2], 'IDLE', ARGV[5],
           'JUSTID')
return {1}
)lua";

// KEYS: jobs stream.
// ARGV: group, min idle ms.
// Reply: the number of consumers deleted.
// Deletes the consumers of dead workers (every restarted worker joins under
// a new name). Only a consumer with nothing pending may go — XGROUP
// DELCONSUMER drops its pending entries, i.e. its leases — and the check and
// the deletion are one script, so no entry is delivered in between. A live
// worker deleted while idle is recreated by its next XREADGROUP.
const char kPruneConsumers[] = R"lua(
local consumers = redis.pcall('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])
if type(consumers) ~= 'table' or consumers.err then return 0 end
local deleted = 0
for _, c in ipairs(consumers) do
  local f = {}
  for i = 1, #c, 2 do f[c[i]] = c[i + 1] end
  if f['pending'] == 0 and f['idle'] >= tonumber(ARGV[2]) then
    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], f['name'])
    deleted = deleted + 1
  end
end
return deleted
)lua";

#undef NDRDIAG_FENCE
#undef NDRDIAG_LUA_HELPERS

// KEYS: job hash, events stream.
// ARGV: owner, now_ms, retention_ms, CANCELLED event, notify channel, job id.
// Reply: {0} not found (or not the owner's); {1, state after};
//        {2, state} already terminal.
// A queued job ends at once; its queue entry stays for a worker to
// acknowledge (Start sees the terminal state).
const char kCancel[] = R"lua(
local st = redis.call('HMGET', KEYS[1], 'owner', 'state')
if not st[1] or st[1] ~= ARGV[1] then return {0} end
local state = tonumber(st[2])
if state == 1 then
  redis.call('HSET', KEYS[1], 'state', '5', 'end_ms', ARGV[2])
  redis.call('XADD', KEYS[2], '*', 'e', ARGV[4], 't', '1')
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
  redis.call('PUBLISH', ARGV[5], ARGV[6])
  return {1, 5}
elseif state == 2 then
  redis.call('HSET', KEYS[1], 'cancel_requested', '1')
  return {1, 2}
end
return {2, state}
)lua";

// KEYS: owner index.
// ARGV: job key prefix, cursor score ('' = first page), cursor id,
//       page size, state filter ('0' = all), scan budget.
// Reply: {next score, next id, {id, {hash field, value, ...}}, ...}; next
//        score '' when nothing follows.
// The cursor is the last member examined. Its rank is taken now, so jobs
// created since the previous page (which sort before it) shift nothing. If
// the cursor's job has expired since, it is put back for a moment to find
// where it would rank. Members whose job hash has expired are dropped.
const char kList[] = R"lua(
local key = KEYS[1]
local start = 0
if ARGV[2] ~= '' then
  if redis.call('ZSCORE', key, ARGV[3]) then
    start = redis.call('ZREVRANK', key, ARGV[3]) + 1
  else
    redis.call('ZADD', key, ARGV[2], ARGV[3])
    start = redis.call('ZREVRANK', key, ARGV[3])
    redis.call('ZREM', key, ARGV[3])
  end
end
local want = tonumber(ARGV[4])
local budget = tonumber(ARGV[6])
local filter = ARGV[5]
local out = {}
local gone = {}
local examined = 0
local last_id, last_score = nil, nil
local done = false
while not done do
  local batch = redis.call('ZREVRANGE', key, start + examined,
                           start + examined + 99, 'WITHSCORES')
  if #batch == 0 then break end
  for i = 1, #batch, 2 do
    local id = batch[i]
    examined = examined + 1
    last_id, last_score = id, batch[i + 1]
    local h = redis.call('HGETALL', ARGV[1] .. id)
    if #h == 0 then
      gone[#gone + 1] = id
    else
      local keep = filter == '0'
      if not keep then
        for j = 1, #h, 2 do
          if h[j] == 'state' then keep = (h[j + 1] == filter) end
        end
      end
      if keep then out[#out + 1] = {id, h} end
    end
    if #out >= want or examined >= budget then
      done = true
      break
    end
  end
end
local more = last_id ~= nil and start + examined < redis.call('ZCARD', key)
for _, id in ipairs(gone) do redis.call('ZREM', key, id) end
local reply = {'', ''}
if more then reply = {last_score, last_id} end
for _, item in ipairs(out) do reply[#reply + 1] = item end
return reply
)lua";

}  // namespace ndrdiag::job_store_scripts
