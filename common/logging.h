// Logging: one structured line per event on stderr.
//
// Abseil 20220623 has no absl/log, so every module logs through this header.
// Lines are JSON objects ({"ts":...,"level":"info","msg":...,"job":...}) so
// that a log pipeline can index them; keys are added with `.With(k, v)`.
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

namespace ndrdiag {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

// Lines below this level are dropped. Default kInfo; set from --log-level.
void SetMinLogLevel(LogLevel level);
LogLevel MinLogLevel();
// Parses "debug", "info", "warning", "error".
bool ParseLogLevel(std::string_view text, LogLevel* level);

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
