// The two log formats of common/logging: one line per event, every field
// kept, JSON that a JSON parser reads back, text that stays on one line.
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "common/logging.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ndrdiag {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

absl::Time When() {
  return absl::FromUnixMillis(1795775283123);  // 2026-11-27T10:28:03.123Z
}

TEST(LogFormatTest, JsonHasTheFixedKeysThenTheFieldsInOrder) {
  const std::string line = FormatLogLine(
      LogFormat::kJson, LogLevel::kInfo, When(), "diagnosis running",
      {{"job", "01JABC"}, {"attempt", "2"}}, "worker.cc:12");
  EXPECT_EQ(line,
            "{\"ts\":\"2026-11-27T10:28:03.123Z\",\"level\":\"info\","
            "\"msg\":\"diagnosis running\",\"job\":\"01JABC\","
            "\"attempt\":\"2\",\"src\":\"worker.cc:12\"}\n");
}

TEST(LogFormatTest, JsonEscapesQuotesBackslashesAndControlCharacters) {
  const std::string line = FormatLogLine(
      LogFormat::kJson, LogLevel::kWarning, When(),
      "say \"hi\"\\now\nsecond line\t\x01",
      {{"reply", "550 5.4.1 \"Relay\r\naccess\" denied"}}, "a.cc:1");
  EXPECT_THAT(line,
              ::testing::HasSubstr("\"msg\":\"say \\\"hi\\\"\\\\now\\nsecond "
                                   "line\\t\\u0001\""));
  EXPECT_THAT(line,
              ::testing::HasSubstr(
                  "\"reply\":\"550 5.4.1 \\\"Relay\\r\\naccess\\\" denied\""));
  // One line: the only newline is the last character.
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_THAT(line, ::testing::HasSubstr("\"level\":\"warning\""));
}

TEST(LogFormatTest, JsonKeepsUtf8AndRenamesFieldsThatWouldShadowFixedKeys) {
  const std::string line = FormatLogLine(
      LogFormat::kJson, LogLevel::kError, When(), "受信拒否",
      {{"msg", "x"}, {"level", "y"}, {"domain", "例え.jp"}}, "b.cc:2");
  EXPECT_THAT(line, ::testing::HasSubstr("\"msg\":\"受信拒否\""));
  EXPECT_THAT(line, ::testing::HasSubstr("\"field_msg\":\"x\""));
  EXPECT_THAT(line, ::testing::HasSubstr("\"field_level\":\"y\""));
  EXPECT_THAT(line, ::testing::HasSubstr("\"domain\":\"例え.jp\""));
  EXPECT_THAT(line, ::testing::HasSubstr("\"level\":\"error\""));
}

TEST(LogFormatTest, TextIsOneLineWithQuotedValuesWhereNeeded) {
  const std::string line = FormatLogLine(LogFormat::kText, LogLevel::kInfo,
                                         When(), "diagnosis\nrunning",
                                         {{"job", "01JABC"},
                                          {"attempt", "1"},
                                          {"domain", "a b"},
                                          {"empty", ""},
                                          {"q", "say \"x\""}},
                                         "worker.cc:12");
  EXPECT_EQ(line,
            "2026-11-27T10:28:03.123Z INFO diagnosis\\nrunning job=01JABC "
            "attempt=1 domain=\"a b\" empty=\"\" q=\"say \\\"x\\\"\" "
            "(worker.cc:12)\n");
}

TEST(LogFormatTest, ParsesFormatNames) {
  LogFormat format = LogFormat::kText;
  EXPECT_TRUE(ParseLogFormat("json", &format));
  EXPECT_EQ(format, LogFormat::kJson);
  EXPECT_TRUE(ParseLogFormat("text", &format));
  EXPECT_EQ(format, LogFormat::kText);
  EXPECT_FALSE(ParseLogFormat("JSON", &format));
  EXPECT_FALSE(ParseLogFormat("", &format));
}

}  // namespace
}  // namespace ndrdiag
