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

// KEYS: job hash, events stream, jobs stream.
// ARGV: job id, entry id, worker, now_ms, group, RUNNING event without its
//       attempt, notify channel.
// Reply: {0} gone or terminal (entry acknowledged and deleted);
//        {1, attempt, spec}.
// The event's attempt is only known here: protobuf merges concatenated
// messages, so appending field 4 (tag byte 32, varint) sets it.
const char kStart[] = R"lua(
local function varint(n)
  local s = ''
  while n >= 128 do
    s = s .. string.char(n % 128 + 128)
    n = math.floor(n / 128)
  end
  return s .. string.char(n)
end
local state = redis.call('HGET', KEYS[1], 'state')
if not state or tonumber(state) >= 3 then
  redis.call('XACK', KEYS[3], ARGV[5], ARGV[2])
  redis.call('XDEL', KEYS[3], ARGV[2])
  return {0}
end
local attempt = redis.call('HINCRBY', KEYS[1], 'attempt', 1)
redis.call('HSET', KEYS[1], 'state', '2', 'worker', ARGV[3],
           'start_ms', ARGV[4])
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

// KEYS: job hash, events stream.
// ARGV: attempt, event, notify channel, job id.
// Reply: {0, why} fenced; {1} appended; {2} appended, cancel requested.
const char kAppend[] = NDRDIAG_FENCE R"lua(
redis.call('XADD', KEYS[2], '*', 'e', ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[4])
if st[3] == '1' then return {2} end
return {1}
)lua";

// KEYS: job hash, events stream, jobs stream.
// ARGV: attempt, state, verdict ('' = none), reason, now_ms, retention_ms,
//       verdict event ('' = none), terminal event, entry id, group, notify
//       channel, job id.
// Reply: {0, why} fenced; {1} finished.
const char kFinish[] = NDRDIAG_FENCE R"lua(
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'end_ms', ARGV[5])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'verdict', ARGV[3]) end
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[1], 'failure_reason', ARGV[4])
end
if ARGV[7] ~= '' then redis.call('XADD', KEYS[2], '*', 'e', ARGV[7]) end
redis.call('XADD', KEYS[2], '*', 'e', ARGV[8], 't', '1')
redis.call('XACK', KEYS[3], ARGV[10], ARGV[9])
redis.call('XDEL', KEYS[3], ARGV[9])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
redis.call('PEXPIRE', KEYS[2], ARGV[6])
redis.call('PUBLISH', ARGV[11], ARGV[12])
return {1}
)lua";

#undef NDRDIAG_FENCE

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
