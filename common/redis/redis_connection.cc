#include "common/redis/redis_connection.h"

#include <hiredis/hiredis.h>
#include <poll.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/logging.h"

namespace ndrdiag {
namespace {

constexpr absl::Duration kInitialBackoff = absl::Milliseconds(100);

timeval TimeoutTimeval(absl::Duration d) {
  if (d < absl::Milliseconds(1)) d = absl::Milliseconds(1);
  return absl::ToTimeval(d);
}

RedisReply Convert(const redisReply* r) {
  RedisReply out;
  switch (r->type) {
    case REDIS_REPLY_STRING:
      out.type = RedisReply::Type::kString;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = RedisReply::Type::kStatus;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = RedisReply::Type::kError;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::kInteger;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::kArray;
      out.elements.reserve(r->elements);
      for (size_t i = 0; i < r->elements; ++i) {
        out.elements.push_back(Convert(r->element[i]));
      }
      break;
    default:
      out.type = RedisReply::Type::kNil;
  }
  return out;
}

// SHA1 of each script text as Redis computed it at SCRIPT LOAD. The digest
// does not depend on the server, so one process-wide cache serves every
// connection; only the server's script cache can be lost (on restart).
class ScriptShaCache {
 public:
  std::string Get(const std::string& script) {
    absl::MutexLock lock(&mu_);
    auto it = sha_.find(script);
    return it == sha_.end() ? std::string() : it->second;
  }
  void Put(const std::string& script, const std::string& sha) {
    absl::MutexLock lock(&mu_);
    sha_[script] = sha;
  }

 private:
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::string> sha_ ABSL_GUARDED_BY(mu_);
};

ScriptShaCache& ShaCache() {
  static ScriptShaCache* cache = new ScriptShaCache();
  return *cache;
}

void ToArgv(const std::vector<std::string>& argv,
            std::vector<const char*>& ptrs, std::vector<size_t>& lens) {
  ptrs.clear();
  lens.clear();
  for (const std::string& a : argv) {
    ptrs.push_back(a.data());
    lens.push_back(a.size());
  }
}

// An idle connection with something to read has been closed by the server
// (or is out of step): better to reconnect before sending than to fail the
// command that happens to come first after a Redis restart.
bool LooksStale(redisContext* ctx) {
  pollfd p{ctx->fd, POLLIN, 0};
  return poll(&p, 1, 0) > 0;
}

}  // namespace

RedisConnection::RedisConnection(RedisEndpoint endpoint, RedisOptions options)
    : endpoint_(std::move(endpoint)),
      options_(options),
      backoff_(kInitialBackoff) {}

RedisConnection::~RedisConnection() {
  if (ctx_ != nullptr) redisFree(ctx_);
}

void RedisConnection::Disconnect(std::string_view why) {
  if (ctx_ == nullptr) return;
  NDRDIAG_LOG(WARNING)
          .With("redis", absl::StrCat(endpoint_.host, ":", endpoint_.port))
          .With("error", std::string(why))
      << "redis connection lost";
  redisFree(ctx_);
  ctx_ = nullptr;
  last_error_ = std::string(why);
  // The first reconnect after losing a working connection is immediate
  // (Redis may simply have restarted); failed attempts then back off.
  next_attempt_ = absl::InfinitePast();
}

absl::Status RedisConnection::EnsureConnected() {
  if (ctx_ != nullptr) {
    if (!LooksStale(ctx_)) return absl::OkStatus();
    Disconnect("connection closed by the server");
  }
  const std::string where = absl::StrCat(endpoint_.host, ":", endpoint_.port);
  absl::Time now = absl::Now();
  if (now < next_attempt_) {
    return absl::UnavailableError(absl::StrCat(
        "redis ", where, " unavailable (", last_error_, "); next attempt in ",
        absl::FormatDuration(next_attempt_ - now)));
  }
  auto fail = [&](std::string why) {
    last_error_ = std::move(why);
    next_attempt_ = absl::Now() + backoff_;
    backoff_ = std::min(backoff_ * 2, options_.max_backoff);
    return absl::UnavailableError(
        absl::StrCat("redis ", where, " unavailable: ", last_error_));
  };
  redisContext* ctx =
      redisConnectWithTimeout(endpoint_.host.c_str(), endpoint_.port,
                              TimeoutTimeval(options_.connect_timeout));
  if (ctx == nullptr) return fail("cannot allocate a connection");
  if (ctx->err != 0) {
    std::string why = ctx->errstr;
    redisFree(ctx);
    return fail(absl::StrCat("connect: ", why));
  }
  if (redisSetTimeout(ctx, TimeoutTimeval(options_.command_timeout)) !=
      REDIS_OK) {
    redisFree(ctx);
    return fail("cannot set the socket timeout");
  }
  redisEnableKeepAlive(ctx);
  auto handshake = [&](const std::vector<std::string>& argv,
                       const char* what) -> std::string {
    std::vector<const char*> ptrs;
    std::vector<size_t> lens;
    ToArgv(argv, ptrs, lens);
    auto* r = static_cast<redisReply*>(redisCommandArgv(
        ctx, static_cast<int>(ptrs.size()), ptrs.data(), lens.data()));
    if (r == nullptr) return absl::StrCat(what, ": ", ctx->errstr);
    std::string error;
    if (r->type == REDIS_REPLY_ERROR) {
      error = absl::StrCat(what, " refused: ", std::string(r->str, r->len));
    }
    freeReplyObject(r);
    return error;
  };
  std::string error;
  if (!endpoint_.password.empty()) {
    error = handshake({"AUTH", endpoint_.password}, "AUTH");
  }
  if (error.empty() && endpoint_.db != 0) {
    error = handshake({"SELECT", absl::StrCat(endpoint_.db)}, "SELECT");
  }
  if (!error.empty()) {
    redisFree(ctx);
    return fail(error);
  }
  ctx_ = ctx;
  loaded_.clear();  // a new connection may be to a restarted Redis
  backoff_ = kInitialBackoff;
  next_attempt_ = absl::InfinitePast();
  return absl::OkStatus();
}

absl::StatusOr<RedisReply> RedisConnection::Command(
    const std::vector<std::string>& argv) {
  absl::StatusOr<std::vector<RedisReply>> replies = Pipeline({argv});
  if (!replies.ok()) return replies.status();
  return std::move((*replies)[0]);
}

absl::StatusOr<RedisReply> RedisConnection::CommandWithTimeout(
    const std::vector<std::string>& argv, absl::Duration timeout) {
  if (absl::Status s = EnsureConnected(); !s.ok()) return s;
  redisSetTimeout(ctx_, TimeoutTimeval(timeout));
  absl::StatusOr<std::vector<RedisReply>> replies = Pipeline({argv});
  // Pipeline drops the connection on failure, so only restore when alive.
  if (ctx_ != nullptr) {
    redisSetTimeout(ctx_, TimeoutTimeval(options_.command_timeout));
  }
  if (!replies.ok()) return replies.status();
  return std::move((*replies)[0]);
}

absl::StatusOr<std::vector<RedisReply>> RedisConnection::Pipeline(
    const std::vector<std::vector<std::string>>& commands) {
  if (absl::Status s = EnsureConnected(); !s.ok()) return s;
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  for (const std::vector<std::string>& argv : commands) {
    ToArgv(argv, ptrs, lens);
    if (absl::Status s = AppendCommand(ptrs, lens); !s.ok()) return s;
  }
  return ReadReplies(commands.size());
}

absl::Status RedisConnection::AppendCommand(std::vector<const char*>& ptrs,
                                            const std::vector<size_t>& lens) {
  if (redisAppendCommandArgv(ctx_, static_cast<int>(ptrs.size()), ptrs.data(),
                             lens.data()) != REDIS_OK) {
    std::string why = absl::StrCat("buffering a command: ", ctx_->errstr);
    Disconnect(why);
    return absl::UnavailableError(why);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<RedisReply>> RedisConnection::ReadReplies(
    size_t count) {
  std::vector<RedisReply> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    void* raw = nullptr;
    errno = 0;
    if (redisGetReply(ctx_, &raw) != REDIS_OK || raw == nullptr) {
      // hiredis reports a socket timeout as an I/O error with EAGAIN.
      const bool timed_out = ctx_->err == REDIS_ERR_IO &&
                             (errno == EAGAIN || errno == EWOULDBLOCK ||
                              absl::StrContains(ctx_->errstr, "temporarily"));
      std::string why = ctx_->errstr[0] != '\0' ? ctx_->errstr : "no reply";
      // After a timeout a late reply would be taken for the next command's.
      Disconnect(why);
      if (timed_out) {
        return absl::DeadlineExceededError(
            absl::StrCat("redis ", endpoint_.host, ":", endpoint_.port,
                         " did not answer "
                         "in time"));
      }
      return absl::UnavailableError(absl::StrCat("redis ", endpoint_.host, ":",
                                                 endpoint_.port, ": ", why));
    }
    auto* reply = static_cast<redisReply*>(raw);
    out.push_back(Convert(reply));
    freeReplyObject(reply);
  }
  return out;
}

absl::StatusOr<RedisReply> RedisConnection::Eval(
    const std::string& script, const std::vector<std::string>& keys,
    const std::vector<std::string>& args) {
  auto load = [&]() -> absl::StatusOr<std::string> {
    absl::StatusOr<RedisReply> r = Command({"SCRIPT", "LOAD", script});
    if (!r.ok()) return r.status();
    if (r->type != RedisReply::Type::kString) {
      return absl::InternalError(absl::StrCat("SCRIPT LOAD failed: ", r->str));
    }
    ShaCache().Put(script, r->str);
    return r->str;
  };
  std::string sha = ShaCache().Get(script);
  if (sha.empty()) {
    absl::StatusOr<std::string> loaded = load();
    if (!loaded.ok()) return loaded.status();
    sha = *std::move(loaded);
  }
  std::vector<std::string> argv = {"EVALSHA", sha, absl::StrCat(keys.size())};
  argv.insert(argv.end(), keys.begin(), keys.end());
  argv.insert(argv.end(), args.begin(), args.end());
  absl::StatusOr<RedisReply> reply = Command(argv);
  if (reply.ok() && reply->is_error() &&
      absl::StartsWith(reply->str, "NOSCRIPT")) {
    // Redis restarted (or SCRIPT FLUSH): its cache is empty, ours is not.
    absl::StatusOr<std::string> loaded = load();
    if (!loaded.ok()) return loaded.status();
    argv[1] = *loaded;
    reply = Command(argv);
  }
  return reply;
}

absl::StatusOr<std::vector<RedisReply>> RedisConnection::EvalPipeline(
    const std::vector<ScriptCall>& calls) {
  std::vector<const std::string*> scripts;
  std::vector<size_t> script_of;  // index into `scripts` of each call
  script_of.reserve(calls.size());
  for (const ScriptCall& call : calls) {
    auto it = std::find(scripts.begin(), scripts.end(), call.script);
    script_of.push_back(static_cast<size_t>(it - scripts.begin()));
    if (it == scripts.end()) scripts.push_back(call.script);
  }
  // One digest lookup per script (the cache hashes the whole text).
  std::vector<std::string> shas;
  for (const std::string* script : scripts) {
    shas.push_back(ShaCache().Get(*script));
  }
  // A script never loaded by this process has no digest yet: the first
  // pipeline learns it from SCRIPT LOAD and sends the calls again (they did
  // not run: EVALSHA of an empty digest is an error).
  const bool digests_known = std::none_of(
      shas.begin(), shas.end(), [](const std::string& s) { return s.empty(); });
  if (absl::Status s = EnsureConnected(); !s.ok()) return s;
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  auto add = [&](const std::string& arg) {
    ptrs.push_back(arg.data());
    lens.push_back(arg.size());
  };
  static const std::string kScript = "SCRIPT";
  static const std::string kLoad = "LOAD";
  static const std::string kEvalSha = "EVALSHA";
  std::vector<const std::string*> loads;
  for (size_t i = 0; i < scripts.size(); ++i) {
    if (!shas[i].empty() && loaded_.contains(shas[i])) continue;
    loads.push_back(scripts[i]);
    ptrs.clear();
    lens.clear();
    add(kScript);
    add(kLoad);
    add(*scripts[i]);
    if (absl::Status s = AppendCommand(ptrs, lens); !s.ok()) return s;
  }
  // The arguments are handed to hiredis in place: events are not copied
  // before hiredis formats them.
  std::string key_count;
  for (size_t c = 0; c < calls.size(); ++c) {
    const ScriptCall& call = calls[c];
    key_count = absl::StrCat(call.keys.size());
    ptrs.clear();
    lens.clear();
    add(kEvalSha);
    add(shas[script_of[c]]);
    add(key_count);
    for (const std::string& key : call.keys) add(key);
    for (const std::string& arg : call.args) add(arg);
    if (absl::Status s = AppendCommand(ptrs, lens); !s.ok()) return s;
  }
  absl::StatusOr<std::vector<RedisReply>> replies =
      ReadReplies(loads.size() + calls.size());
  if (!replies.ok()) return replies.status();
  for (size_t i = 0; i < loads.size(); ++i) {
    const RedisReply& loaded = (*replies)[i];
    if (loaded.is_error()) {
      // LOADING after a restart, BUSY...: transient, so UNAVAILABLE and the
      // caller retries (a call that ran anyway is written twice, the
      // at-least-once of every retried write).
      return absl::UnavailableError(
          absl::StrCat("SCRIPT LOAD answered: ", loaded.str));
    }
    if (loaded.type != RedisReply::Type::kString) {
      return absl::InternalError("SCRIPT LOAD answered no digest");
    }
    ShaCache().Put(*loads[i], loaded.str);
    loaded_.insert(loaded.str);
  }
  if (!digests_known) return EvalPipeline(calls);
  replies->erase(replies->begin(), replies->begin() + loads.size());
  size_t flushed = 0;
  for (const RedisReply& reply : *replies) {
    if (!reply.is_error()) continue;
    if (absl::StartsWith(reply.str, "NOSCRIPT")) {
      ++flushed;
    } else if (absl::StartsWith(reply.str, "BUSY") ||
               absl::StartsWith(reply.str, "LOADING")) {
      return absl::UnavailableError(
          absl::StrCat("EVALSHA answered: ", reply.str));
    }
  }
  if (flushed > 0) {
    // SCRIPT FLUSH: this connection's scripts are gone.
    loaded_.clear();
    if (flushed == replies->size()) return EvalPipeline(calls);
    return absl::UnavailableError(
        "scripts flushed while a pipeline ran; some of its calls did not run");
  }
  return replies;
}

}  // namespace ndrdiag
