// Hand-built SMTP probe sessions for the smtp.* rule tests, with the reply
// texts observed at Exchange Online (shared CHECKS.md §3, §5).
#ifndef NDRDIAG_TESTS_WORKERS_CHECKS_SMTP_SMTP_SESSION_BUILDER_H_
#define NDRDIAG_TESTS_WORKERS_CHECKS_SMTP_SMTP_SESSION_BUILDER_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "workers/checks/diagnosis_evidence.h"
#include "workers/smtp/smtp_session_evidence.h"

namespace ndrdiag::testing {

inline constexpr char kEopHost[] = "contoso-com.mail.protection.outlook.com";
inline constexpr char kEopBanner[] =
    "BN8NAM12FT055.mail.protection.outlook.com Microsoft ESMTP MAIL Service "
    "ready at Thu, 22 Jun 2023 08:26:31 +0000";
inline constexpr char kDbeb[] =
    "5.4.1 Recipient address rejected: Access denied. AS(201806281) "
    "[DB5EUR01FT088.eop-EUR01.prod.protection.outlook.com "
    "2023-06-22T08:26:31.592Z 08DB72B25E50380B]";
inline constexpr char kRelayEop[] = "5.4.1 Relay Access Denied";
inline constexpr char kRelayOnPrem[] =
    "5.7.54 SMTP; Unable to relay recipient in non-accepted domain";
inline constexpr char kAttr35[] =
    "4.4.62 Mail sent to the wrong Office 365 region. ATTR35. For more "
    "information please go to https://go.microsoft.com/fwlink/?linkid=865268";
inline constexpr char kPartnerLockdown[] =
    "5.7.51 TenantInboundAttribution; Rejecting. Detail: "
    "RestrictDomainsToIPAddresses or RestrictDomainsToCertificate is set";
inline constexpr char kBannedIp[] =
    "5.7.606 Access denied, banned sending IP [198.51.100.7]. To request "
    "removal from this list please visit https://sender.office.com/";
inline constexpr char kRecipientOk[] = "2.1.5 Recipient OK";

// A reply whose lines keep the enhanced code, as the prober records them.
inline SmtpReply Reply(int code, std::vector<std::string> lines) {
  SmtpReply reply;
  reply.code = code;
  reply.lines = std::move(lines);
  if (!reply.lines.empty()) {
    const std::string& first = reply.lines.front();
    const std::string token = first.substr(0, first.find(' '));
    if (token.size() >= 5 && absl::ascii_isdigit(token[0]) && token[1] == '.') {
      reply.enhanced = token;
    }
  }
  return reply;
}
inline SmtpReply Reply(int code, const std::string& text) {
  return Reply(code, std::vector<std::string>{text});
}

inline std::vector<std::string> EopEhloLines(bool starttls = true) {
  std::vector<std::string> lines = {
      "BN8NAM12FT055.mail.protection.outlook.com Hello [192.0.2.10]",
      "SIZE 157286400", "PIPELINING", "DSN", "ENHANCEDSTATUSCODES"};
  if (starttls) lines.push_back("STARTTLS");
  for (const char* k : {"8BITMIME", "BINARYMIME", "CHUNKING", "SMTPUTF8"}) {
    lines.push_back(k);
  }
  return lines;
}

class SessionBuilder {
 public:
  SessionBuilder(std::string host, std::string address) {
    s_.host = std::move(host);
    s_.address = std::move(address);
    s_.transcript.set_host(s_.host);
    s_.transcript.set_server(absl::StrCat(s_.address, ":25"));
  }

  // A whole healthy EOP session up to MAIL FROM (TLS included).
  SessionBuilder& Eop() {
    return Banner(kEopBanner).Ehlo(EopEhloLines()).Tls().MailFrom();
  }
  // A non-Microsoft server session (Postfix-like), STARTTLS offered.
  SessionBuilder& OnPrem(bool starttls = true) {
    std::vector<std::string> ehlo = {"mail.contoso.com", "PIPELINING",
                                     "SIZE 10240000", "8BITMIME"};
    if (starttls) ehlo.push_back("STARTTLS");
    Banner("mail.contoso.com ESMTP Postfix (Debian/GNU)").Ehlo(ehlo);
    if (starttls) Tls("CN=mail.contoso.com");
    return MailFrom();
  }

  SessionBuilder& Banner(const std::string& text, int code = 220) {
    s_.banner = Reply(code, text);
    Line(v1::SmtpLine::SERVER, absl::StrCat(code, " ", text));
    return *this;
  }
  SessionBuilder& Ehlo(std::vector<std::string> lines) {
    s_.ehlo = Reply(250, std::move(lines));
    Line(v1::SmtpLine::CLIENT, "EHLO probe.ndrdiag.example");
    return *this;
  }
  SessionBuilder& Tls(
      const std::string& subject = "CN=mail.protection.outlook.com") {
    s_.starttls = Reply(220, "2.0.0 SMTP server ready");
    s_.tls_established = true;
    s_.ehlo_tls = Reply(250, std::vector<std::string>{"hello", "SIZE 1"});
    v1::TlsCertificate& cert = *s_.transcript.mutable_certificate();
    cert.set_subject(subject);
    cert.set_issuer("CN=DigiCert Cloud Services CA-1");
    cert.add_subject_alt_names("*.mail.protection.outlook.com");
    cert.mutable_not_before()->set_seconds(1672531200);  // 2023-01-01
    cert.mutable_not_after()->set_seconds(1767225600);   // 2026-01-01
    cert.set_chain_verified(true);
    cert.set_name_verified(true);
    cert.set_tls_version("TLSv1.3");
    return *this;
  }
  SessionBuilder& MailFrom(int code = 250,
                           const std::string& text = "2.1.0 Sender OK") {
    s_.mail_from = Reply(code, text);
    return *this;
  }
  SessionBuilder& Rcpt(const std::string& address, int code,
                       const std::string& text) {
    s_.rcpt_addresses.push_back(address);
    s_.rcpt_replies.push_back(Reply(code, text));
    Line(v1::SmtpLine::CLIENT, absl::StrCat("RCPT TO:<", address, ">"));
    Line(v1::SmtpLine::SERVER, absl::StrCat(code, " ", text));
    return *this;
  }
  // The session ended early.
  SessionBuilder& Ended(SmtpOutcome outcome, SmtpStep step,
                        const std::string& error) {
    s_.outcome = outcome;
    s_.failed_step = step;
    s_.transcript.set_error(error);
    return *this;
  }
  SessionBuilder& Time(int64_t unix_seconds) {
    s_.transcript.mutable_time()->set_seconds(unix_seconds);
    return *this;
  }
  SmtpSessionEvidence& mutable_session() { return s_; }
  SmtpSessionEvidence Build() const { return s_; }

 private:
  void Line(v1::SmtpLine::Sender sender, std::string text) {
    v1::SmtpLine* line = s_.transcript.add_lines();
    line->set_sender(sender);
    line->set_text(std::move(text));
  }
  SmtpSessionEvidence s_;
};

// Diagnosis evidence for contoso.com with the given sessions.
inline DiagnosisEvidence Evidence(std::vector<SmtpSessionEvidence> sessions,
                                  std::string known = "") {
  DiagnosisEvidence e;
  e.domain = "contoso.com";
  e.recipient_address = known;
  e.smtp.known_recipient = known;
  e.smtp.random_recipient = "ndrdiag-3f2a9c1e@contoso.com";
  e.smtp.sessions = std::move(sessions);
  e.dns.now = absl::FromUnixSeconds(1700000000);  // 2023-11-14
  return e;
}

}  // namespace ndrdiag::testing

#endif  // NDRDIAG_TESTS_WORKERS_CHECKS_SMTP_SMTP_SESSION_BUILDER_H_
