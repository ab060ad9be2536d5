// Logging: one structured line per event on stderr.
//
// Abseil 20220623 has no absl/log, so every module logs through this header.
// Each event is one line with a time, a level, a message and the fields added
// with `.With(k, v)`, in one of two formats (--log-format):
//
//   text (default, for people):
//     2026-11-27T18:41:23.123Z INFO diagnosis running job=01J.. attempt=1
//     domain="a b" (worker_runtime.cc:169)
//   json (for log pipelines, e.g. on Kubernetes), one object per line:
//     {"ts":"2026-11-27T18:41:23.123Z","level":"info","msg":"diagnosis
//     running","job":"01J..","attempt":"1","src":"worker_runtime.cc:169"}
//
// Field values are strings in both formats; keys keep the order they were
// added in. Every line about a job carries "job" (the id) and "attempt"
// (0 where no attempt runs: the frontend, a job not started), the
// convention log pipelines and runbooks rely on.
//
//   NDRDIAG_LOG(INFO).With("job", id).With("attempt", 2) << "started";
//
// Thread-safe: each line is written with a single write(2).
#ifndef NDRDIAG_COMMON_LOGGING_H_
#define NDRDIAG_COMMON_LOGGING_H_

#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace ndrdiag {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

// Lines below this level are dropped. Default kInfo; set from --log-level.
void SetMinLogLevel(LogLevel level);
LogLevel MinLogLevel();
// Parses "debug", "info", "warning", "error".
bool ParseLogLevel(std::string_view text, LogLevel* level);

enum class LogFormat { kText, kJson };
// Default kText; set from --log-format.
void SetLogFormat(LogFormat format);
LogFormat CurrentLogFormat();
// Parses "text", "json".
bool ParseLogFormat(std::string_view text, LogFormat* format);

// One log line, newline included, as LogLine writes it (exposed for tests).
// `src` is "file.cc:123".
std::string FormatLogLine(
    LogFormat format, LogLevel level, absl::Time time, std::string_view msg,
    const std::vector<std::pair<std::string, std::string>>& fields,
    std::string_view src);

// Accumulates one log line; writes it when destroyed.
class LogLine {
 public:
  LogLine(LogLevel level, const char* file, int line);
  ~LogLine();
  LogLine(const LogLine&) = delete;
  LogLine& operator=(const LogLine&) = delete;

  template <typename T>
  LogLine& With(std::string_view key, const T& value) {
    fields_.emplace_back(std::string(key), absl::StrCat(value));
    return *this;
  }
  template <typename T>
  LogLine& operator<<(const T& value) {
    message_ << value;
    return *this;
  }

 private:
  LogLevel level_;
  const char* file_;
  int line_;
  std::ostringstream message_;
  std::vector<std::pair<std::string, std::string>> fields_;
};

}  // namespace ndrdiag

#define NDRDIAG_LOG_DEBUG ::ndrdiag::LogLevel::kDebug
#define NDRDIAG_LOG_INFO ::ndrdiag::LogLevel::kInfo
#define NDRDIAG_LOG_WARNING ::ndrdiag::LogLevel::kWarning
#define NDRDIAG_LOG_ERROR ::ndrdiag::LogLevel::kError

#define NDRDIAG_LOG(severity)                              \
  if (NDRDIAG_LOG_##severity < ::ndrdiag::MinLogLevel()) { \
  } else                                                   \
    ::ndrdiag::LogLine(NDRDIAG_LOG_##severity, __FILE__, __LINE__)

#endif  // NDRDIAG_COMMON_LOGGING_H_
