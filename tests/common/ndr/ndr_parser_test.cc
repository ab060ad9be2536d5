// Golden tests: every sample in tests/testdata/ndr/ (.txt and .eml) parses to
// the NdrReport in <name>.expected.json. NDRDIAG_UPDATE_GOLDEN=1 rewrites the
// expected files from the parser (review the diff before committing).
#include "common/ndr/ndr_parser.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ndrdiag {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

fs::path SampleDir() {
  return fs::path(NDRDIAG_SOURCE_DIR) / "tests/testdata/ndr";
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> Samples() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(SampleDir())) {
    const std::string ext = entry.path().extension().string();
    if (ext == ".txt" || ext == ".eml") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(NdrParserGoldenTest, EverySampleParsesToItsExpectedReport) {
  const std::vector<fs::path> samples = Samples();
  ASSERT_GE(samples.size(), 10u);
  const bool update = std::getenv("NDRDIAG_UPDATE_GOLDEN") != nullptr;
  for (const fs::path& sample : samples) {
    SCOPED_TRACE(sample.filename().string());
    absl::StatusOr<v1::NdrReport> got = ParseNdr(ReadFile(sample));
    ASSERT_TRUE(got.ok()) << got.status();
    fs::path expected_path = sample;
    expected_path.replace_extension(".expected.json");
    google::protobuf::util::JsonPrintOptions print;
    print.add_whitespace = true;
    print.preserve_proto_field_names = true;
    std::string got_json;
    ASSERT_TRUE(
        google::protobuf::util::MessageToJsonString(*got, &got_json, print)
            .ok());
    if (update) {
      std::ofstream(expected_path) << got_json;
      continue;
    }
    v1::NdrReport want;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                    ReadFile(expected_path), &want)
                    .ok())
        << "missing or bad " << expected_path;
    std::string diff;
    google::protobuf::util::MessageDifferencer differencer;
    differencer.ReportDifferencesToString(&diff);
    EXPECT_TRUE(differencer.Compare(want, *got)) << diff << "\ngot:\n"
                                                 << got_json;
  }
}

TEST(NdrParserTest, RefusesInputAboveTheLimit) {
  absl::StatusOr<v1::NdrReport> got =
      ParseNdr(std::string(kMaxNdrBytes + 1, 'x'));
  ASSERT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(got.status().message(), HasSubstr("text"));
}

TEST(NdrParserTest, TextWithoutStatusIsUnparseableAndSaysWhatIsMissing) {
  for (const std::string& text :
       {std::string(""), std::string("hello world\n"),
        std::string("Diagnostic information for administrators:\n"
                    "Generating server: ex.contoso.local\n"),
        std::string("Content-Type: multipart/report; boundary=x\n\n--x\n")}) {
    absl::StatusOr<v1::NdrReport> got = ParseNdr(text);
    ASSERT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_THAT(got.status().message(),
                HasSubstr("unparseable: no SMTP status"));
  }
}

TEST(NdrParserTest, JoinsContinuationLinesEndingWithEquals) {
  absl::StatusOr<v1::NdrReport> got = ParseNdr(
      "Generating server: a.prod.outlook.com\n"
      "Remote Server returned '550 5.4.1 Recipient address rejected: Acc=\n"
      "ess denied. AS(201806281)'\n");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->reply_text(),
            "550 5.4.1 Recipient address rejected: Access denied. "
            "AS(201806281)");
  EXPECT_EQ(got->as_tag(), "201806281");
  EXPECT_EQ(got->causes(0), v1::RECIPIENT_NOT_FOUND);
}

TEST(NdrParserTest, IgnoresTheOriginalMessageHeaders) {
  absl::StatusOr<v1::NdrReport> got =
      ParseNdr("Original message headers:\nSubject: 550 5.4.1 Relay\n");
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(NdrParserTest, NoDigitGlueAroundTheReply) {
  absl::StatusOr<v1::NdrReport> got = ParseNdr("id 15501 5.4.12 x\n");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->reply_code(), 0);
  EXPECT_EQ(got->enhanced_status(), "5.4.12");
}

// Every prefix of every sample, and byte-flipped copies, either parse or
// fail with INVALID_ARGUMENT: never crash.
TEST(NdrParserTest, SurvivesTruncationAndGarbage) {
  for (const fs::path& sample : Samples()) {
    const std::string text = ReadFile(sample);
    for (size_t n = 0; n < text.size(); n += 7) {
      absl::StatusOr<v1::NdrReport> got = ParseNdr(text.substr(0, n));
      if (!got.ok()) {
        EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
      }
    }
    std::string flipped = text;
    for (size_t i = 0; i < flipped.size(); i += 3) flipped[i] ^= 0x5a;
    absl::StatusOr<v1::NdrReport> got = ParseNdr(flipped);
    if (!got.ok()) {
      EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
  std::string binary;
  for (int i = 0; i < 70000; ++i) binary.push_back(static_cast<char>(i * 31));
  absl::StatusOr<v1::NdrReport> got = ParseNdr(binary);
  if (!got.ok()) {
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
  }
  // A MIME header block with a never-ending multipart nesting.
  std::string nested =
      "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=a\n\n";
  for (int i = 0; i < 200; ++i) {
    nested += "--a\nContent-Type: multipart/mixed; boundary=a\n\n";
  }
  got = ParseNdr(nested);
  EXPECT_FALSE(got.ok());
}

}  // namespace
}  // namespace ndrdiag
