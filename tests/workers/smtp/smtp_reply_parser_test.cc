#include "workers/smtp/smtp_reply_parser.h"

#include <random>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ndrdiag {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

SmtpReplyParser Parser(size_t max_line = 2048, size_t max_lines = 64) {
  return SmtpReplyParser(SmtpReplyLimits{max_line, max_lines});
}

TEST(SmtpReplyParserTest, SingleLineWithEnhancedCode) {
  SmtpReplyParser p = Parser();
  ASSERT_TRUE(p.Feed("550 5.4.1 Recipient address rejected: Access denied. "
                     "AS(201806281)\r\n")
                  .ok());
  std::optional<SmtpReply> r = p.Next();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->code, 550);
  EXPECT_EQ(r->enhanced, "5.4.1");
  EXPECT_FALSE(r->Positive());
  EXPECT_THAT(r->lines, ElementsAre("5.4.1 Recipient address rejected: Access "
                                    "denied. AS(201806281)"));
  EXPECT_FALSE(p.Next().has_value());
}

TEST(SmtpReplyParserTest, MultiLineReplyCompletesAtTheLastLine) {
  SmtpReplyParser p = Parser();
  ASSERT_TRUE(p.Feed("250-mx.example.com Hello\r\n250-SIZE 1000\r\n").ok());
  EXPECT_FALSE(p.Next().has_value());
  EXPECT_TRUE(p.HasPartialInput());
  ASSERT_TRUE(p.Feed("250 STARTTLS\r\n").ok());
  std::optional<SmtpReply> r = p.Next();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->code, 250);
  EXPECT_EQ(r->enhanced, "");
  EXPECT_THAT(r->lines,
              ElementsAre("mx.example.com Hello", "SIZE 1000", "STARTTLS"));
  EXPECT_EQ(r->Text(), "mx.example.com Hello SIZE 1000 STARTTLS");
  EXPECT_FALSE(p.HasPartialInput());
}

TEST(SmtpReplyParserTest, BytesInAnyPiecesAndBareLf) {
  const std::string input = "220 mx ready\n250-a\r\n250 b\n221 2.0.0 bye\r\n";
  SmtpReplyParser p = Parser();
  for (char c : input) ASSERT_TRUE(p.Feed(std::string(1, c)).ok());
  EXPECT_EQ(p.Next()->code, 220);
  std::optional<SmtpReply> r = p.Next();
  EXPECT_THAT(r->lines, ElementsAre("a", "b"));
  r = p.Next();
  EXPECT_EQ(r->code, 221);
  EXPECT_EQ(r->enhanced, "2.0.0");
  EXPECT_THAT(p.TakeLines(),
              ElementsAre("220 mx ready", "250-a", "250 b", "221 2.0.0 bye"));
  EXPECT_TRUE(p.TakeLines().empty());
}

TEST(SmtpReplyParserTest, CodeOnlyLinesAreReplies) {
  SmtpReplyParser p = Parser();
  ASSERT_TRUE(p.Feed("250-\r\n250\r\n").ok());
  std::optional<SmtpReply> r = p.Next();
  ASSERT_TRUE(r.has_value());
  EXPECT_THAT(r->lines, ElementsAre("", ""));
}

TEST(SmtpReplyParserTest, EnhancedCodeMustBeWellFormedAndMatchTheClass) {
  const struct {
    const char* line;
    const char* enhanced;
  } kCases[] = {
      {"451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35", "4.4.62"},
      {"550 5.7.606 Access denied", "5.7.606"},
      {"250 2.1.5", "2.1.5"},
      {"550 4.4.1 class differs", ""},
      {"550 5.4 too short", ""},
      {"550 5.4.1234 detail too long", ""},
      {"550 5.4.1x no space", ""},
      {"550 Relay Access Denied", ""},
  };
  for (const auto& c : kCases) {
    SmtpReplyParser p = Parser();
    ASSERT_TRUE(p.Feed(std::string(c.line) + "\r\n").ok()) << c.line;
    EXPECT_EQ(p.Next()->enhanced, c.enhanced) << c.line;
  }
}

TEST(SmtpReplyParserTest, CodeChangeInsideAReplyIsAnError) {
  SmtpReplyParser p = Parser();
  absl::Status s = p.Feed("250-a\r\n251 b\r\n");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("from 250 to 251"));
  // Sticky.
  EXPECT_FALSE(p.Feed("250 c\r\n").ok());
  EXPECT_FALSE(p.Next().has_value());
}

TEST(SmtpReplyParserTest, MalformedLinesAreErrors) {
  for (const char* bad : {"hello\r\n", "25\r\n", "600 no\r\n", "199 no\r\n",
                          "250x\r\n", "2a0 no\r\n", "\r\n"}) {
    SmtpReplyParser p = Parser();
    EXPECT_EQ(p.Feed(bad).code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(SmtpReplyParserTest, OverlongLineIsAnErrorEvenWithoutLineEnd) {
  SmtpReplyParser p = Parser(/*max_line=*/20);
  ASSERT_TRUE(p.Feed("250 12345678901234567").ok());  // 21 bytes so far
  absl::Status s = p.Feed("890");
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted);
  std::vector<std::string> lines = p.TakeLines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "250 1234567890123456...[truncated]");

  SmtpReplyParser q = Parser(20);
  EXPECT_TRUE(q.Feed("250 1234567890123456\r\n").ok());  // exactly 20
  EXPECT_EQ(q.Feed("250 12345678901234567\r\n").code(),
            absl::StatusCode::kResourceExhausted);
}

TEST(SmtpReplyParserTest, TooManyLinesIsAnError) {
  SmtpReplyParser p = Parser(2048, /*max_lines=*/3);
  EXPECT_TRUE(p.Feed("250-a\r\n250-b\r\n").ok());
  EXPECT_TRUE(p.Feed("250-c\r\n").ok());
  EXPECT_EQ(p.Feed("250 d\r\n").code(), absl::StatusCode::kResourceExhausted);
}

TEST(SmtpReplyParserTest, LineCountIsPerReply) {
  SmtpReplyParser p = Parser(2048, 2);
  EXPECT_TRUE(p.Feed("250-a\r\n250 b\r\n250-c\r\n250 d\r\n").ok());
  EXPECT_TRUE(p.Next().has_value());
  EXPECT_TRUE(p.Next().has_value());
}

TEST(SmtpReplyParserTest, UnprintableBytesAreEscaped) {
  SmtpReplyParser p = Parser();
  ASSERT_TRUE(p.Feed(std::string("220 caf\xc3\xa9\x01 ok\r\n")).ok());
  EXPECT_THAT(p.Next()->lines, ElementsAre("caf\\xc3\\xa9\\x01 ok"));
}

TEST(SmtpReplyParserTest, ResetDropsBufferedInputAndErrors) {
  SmtpReplyParser p = Parser();
  ASSERT_TRUE(p.Feed("220 ready\r\n250 injected\r\n250-part").ok());
  p.Reset();
  EXPECT_FALSE(p.Next().has_value());
  EXPECT_FALSE(p.HasPartialInput());
  ASSERT_FALSE(p.Feed("garbage\r\n").ok());
  p.Reset();
  EXPECT_TRUE(p.Feed("250 ok\r\n").ok());
  EXPECT_EQ(p.Next()->code, 250);
}

// Randomised: whatever a server sends, in whatever pieces, the parser ends
// in the same state, and every reply and line it hands out keeps the bounds.
TEST(SmtpReplyParserTest, ChunkingNeverChangesTheResult) {
  std::mt19937 rng(20261127);
  const std::vector<std::string> pieces = {"250-",
                                           "250 ",
                                           "550 5.4.1 ",
                                           "220",
                                           "\r\n",
                                           "\n",
                                           "\r",
                                           "x",
                                           "-",
                                           " ",
                                           "2",
                                           "5.7.606",
                                           std::string(1, '\0'),
                                           "\xff",
                                           std::string(40, 'a')};
  for (int iter = 0; iter < 3000; ++iter) {
    std::string input;
    int n = std::uniform_int_distribution<int>(0, 30)(rng);
    for (int i = 0; i < n; ++i) {
      input += pieces[std::uniform_int_distribution<size_t>(
          0, pieces.size() - 1)(rng)];
    }
    SmtpReplyParser whole = Parser(64, 4);
    absl::Status ws = whole.Feed(input);
    SmtpReplyParser split = Parser(64, 4);
    absl::Status ss;
    for (size_t pos = 0; pos < input.size();) {
      size_t len = std::uniform_int_distribution<size_t>(1, 7)(rng);
      ss = split.Feed(std::string_view(input).substr(pos, len));
      pos += len;
    }
    ASSERT_EQ(ws.code(), ss.code()) << absl::CEscape(input);
    while (true) {
      std::optional<SmtpReply> a = whole.Next();
      std::optional<SmtpReply> b = split.Next();
      ASSERT_EQ(a.has_value(), b.has_value()) << absl::CEscape(input);
      if (!a) break;
      EXPECT_EQ(a->code, b->code);
      EXPECT_EQ(a->lines, b->lines);
      EXPECT_GE(a->code, 200);
      EXPECT_LE(a->code, 599);
      EXPECT_LE(a->lines.size(), 4u);
    }
    for (const std::string& line : split.TakeLines()) {
      EXPECT_LE(line.size(), 4 * 64 + 20u);  // escaped, maybe marked cut
    }
  }
}

}  // namespace
}  // namespace ndrdiag
