#include "common/logging.h"

#include <unistd.h>

#include <atomic>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/json_string.h"

namespace ndrdiag {
namespace {

std::atomic<int> min_level{static_cast<int>(LogLevel::kInfo)};
std::atomic<int> log_format{static_cast<int>(LogFormat::kText)};

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

// Text format: control characters would split the line, so they are
// escaped as in JSON (\n, \t, \u001b).
void AppendEscaped(std::string& out, std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x20) {
      out.push_back(c);
      continue;
    }
    std::string quoted = JsonQuote(absl::string_view(&c, 1));
    out.append(quoted, 1, quoted.size() - 2);
  }
}

// key=value, quoting values a reader (or a grep) could misparse.
void AppendTextField(std::string& out, const std::string& key,
                     const std::string& value) {
  out.push_back(' ');
  AppendEscaped(out, key);
  out.push_back('=');
  bool plain = !value.empty();
  for (char c : value) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == '=' ||
        c == '\\') {
      plain = false;
      break;
    }
  }
  if (plain) {
    out += value;
  } else {
    AppendJsonString(out, value);
  }
}

}  // namespace

void SetLogFormat(LogFormat format) { log_format = static_cast<int>(format); }
LogFormat CurrentLogFormat() {
  return static_cast<LogFormat>(log_format.load());
}

bool ParseLogFormat(std::string_view text, LogFormat* format) {
  if (text == "text") {
    *format = LogFormat::kText;
  } else if (text == "json") {
    *format = LogFormat::kJson;
  } else {
    return false;
  }
  return true;
}

std::string FormatLogLine(
    LogFormat format, LogLevel level, absl::Time time, std::string_view msg,
    const std::vector<std::pair<std::string, std::string>>& fields,
    std::string_view src) {
  const std::string ts =
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", time, absl::UTCTimeZone());
  std::string out;
  if (format == LogFormat::kText) {
    out = ts;
    out.push_back(' ');
    out += absl::AsciiStrToUpper(LevelName(level));
    out.push_back(' ');
    AppendEscaped(out, msg);
    for (const auto& [key, value] : fields) AppendTextField(out, key, value);
    out += " (";
    AppendEscaped(out, src);
    out += ")\n";
    return out;
  }
  out = "{\"ts\":";
  AppendJsonString(out, ts);
  out += ",\"level\":";
  AppendJsonString(out, LevelName(level));
  out += ",\"msg\":";
  AppendJsonString(out, absl::string_view(msg.data(), msg.size()));
  for (const auto& [key, value] : fields) {
    // The fixed keys come first; a field may not shadow them (a JSON
    // object with a duplicate key is read differently by every parser).
    const bool reserved =
        key == "ts" || key == "level" || key == "msg" || key == "src";
    out.push_back(',');
    AppendJsonString(out, reserved ? "field_" + key : key);
    out.push_back(':');
    AppendJsonString(out, value);
  }
  out += ",\"src\":";
  AppendJsonString(out, absl::string_view(src.data(), src.size()));
  out += "}\n";
  return out;
}

void SetMinLogLevel(LogLevel level) { min_level = static_cast<int>(level); }
LogLevel MinLogLevel() { return static_cast<LogLevel>(min_level.load()); }

bool ParseLogLevel(std::string_view text, LogLevel* level) {
  for (LogLevel l : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarning,
                     LogLevel::kError}) {
    if (text == LevelName(l)) {
      *level = l;
      return true;
    }
  }
  return false;
}

LogLine::LogLine(LogLevel level, const char* file, int line)
    : level_(level), file_(file), line_(line) {}

LogLine::~LogLine() {
  const char* base = std::strrchr(file_, '/');
  const std::string out =
      FormatLogLine(CurrentLogFormat(), level_, absl::Now(), message_.str(),
                    fields_, absl::StrCat(base ? base + 1 : file_, ":", line_));
  // One write so concurrent lines never interleave.
  ssize_t ignored = ::write(STDERR_FILENO, out.data(), out.size());
  (void)ignored;
}

}  // namespace ndrdiag
