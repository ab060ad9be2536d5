#include "workers/smtp/smtp_command.h"

#include "gtest/gtest.h"

namespace ndrdiag {
namespace {

TEST(SmtpCommandTest, FormatsEveryCommand) {
  EXPECT_EQ(*FormatSmtpCommand(SmtpCommand::kEhlo, "probe.example.net"),
            "EHLO probe.example.net");
  EXPECT_EQ(*FormatSmtpCommand(SmtpCommand::kStartTls, ""), "STARTTLS");
  EXPECT_EQ(*FormatSmtpCommand(SmtpCommand::kMailFrom, "p@svc.example"),
            "MAIL FROM:<p@svc.example>");
  EXPECT_EQ(*FormatSmtpCommand(SmtpCommand::kMailFrom, ""), "MAIL FROM:<>");
  EXPECT_EQ(*FormatSmtpCommand(SmtpCommand::kRcptTo, "u@contoso.com"),
            "RCPT TO:<u@contoso.com>");
  EXPECT_EQ(*FormatSmtpCommand(SmtpCommand::kRset, ""), "RSET");
  EXPECT_EQ(*FormatSmtpCommand(SmtpCommand::kQuit, ""), "QUIT");
}

// No argument can smuggle a second command (e.g. DATA) onto the wire.
TEST(SmtpCommandTest, RefusesInjection) {
  for (const char* bad :
       {"u@x\r\nDATA", "u@x\nDATA", "u@x\rDATA", "u@x>\r\nBDAT 10 LAST",
        "u@x> SIZE=1", "<u@x>", "u@x\tDATA", "u\x7f@x", "u@x\xc3\xa9"}) {
    EXPECT_FALSE(FormatSmtpCommand(SmtpCommand::kRcptTo, bad).ok()) << bad;
    EXPECT_FALSE(FormatSmtpCommand(SmtpCommand::kMailFrom, bad).ok()) << bad;
  }
  EXPECT_FALSE(FormatSmtpCommand(SmtpCommand::kEhlo, "a b").ok());
  EXPECT_FALSE(FormatSmtpCommand(SmtpCommand::kEhlo, "a\r\nDATA").ok());
  EXPECT_FALSE(
      FormatSmtpCommand(SmtpCommand::kMailFrom, std::string(321, 'a')).ok());
}

TEST(SmtpCommandTest, ArgumentsWhereTheyBelong) {
  EXPECT_FALSE(FormatSmtpCommand(SmtpCommand::kEhlo, "").ok());
  EXPECT_FALSE(FormatSmtpCommand(SmtpCommand::kRcptTo, "").ok());
  EXPECT_FALSE(FormatSmtpCommand(SmtpCommand::kQuit, "DATA").ok());
  EXPECT_FALSE(FormatSmtpCommand(SmtpCommand::kRset, "x").ok());
  EXPECT_FALSE(FormatSmtpCommand(SmtpCommand::kStartTls, "x").ok());
}

}  // namespace
}  // namespace ndrdiag
