// SmtpSession, part two: the probe's conversation (CHECKS.md §3), one
// reply at a time; smtp_session.cc has the socket, TLS and timer side.
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "workers/smtp/smtp_session.h"

namespace ndrdiag {
namespace {

bool HasKeyword(const SmtpSessionEvidence& evidence, std::string_view word) {
  for (const std::string& k : evidence.EhloKeywords()) {
    if (k == word) return true;
  }
  return false;
}

}  // namespace

SmtpSessionEvidence NewSmtpEvidence(const SmtpProbeRequest& request,
                                    absl::Time now) {
  SmtpSessionEvidence evidence;
  std::string host = absl::AsciiStrToLower(request.host);
  if (!host.empty() && host.back() == '.') host.pop_back();
  evidence.host = host;
  evidence.address = request.address;
  evidence.transcript.set_host(host);
  evidence.transcript.set_server(
      absl::StrContains(request.address, ':')
          ? absl::StrCat("[", request.address, "]:", request.port)
          : absl::StrCat(request.address, ":", request.port));
  int64_t ns = absl::ToUnixNanos(now);
  evidence.transcript.mutable_time()->set_seconds(ns / 1000000000);
  evidence.transcript.mutable_time()->set_nanos(
      static_cast<int32_t>(ns % 1000000000));
  return evidence;
}

void SmtpSession::OnReply(SmtpReply reply) {
  if (timer_ != 0) loop_.CancelTimer(timer_);
  timer_ = 0;
  // 421: the server is closing the channel (RFC 5321 §3.8).
  bool closing = reply.code == 421;
  switch (step_) {
    case SmtpStep::kBanner: {
      bool ok = reply.Positive();
      evidence_.banner = std::move(reply);
      if (!ok) return Quit();
      return Send(SmtpCommand::kEhlo, options_.helo_name, SmtpStep::kEhlo);
    }
    case SmtpStep::kEhlo: {
      bool ok = reply.Positive();
      evidence_.ehlo = std::move(reply);
      if (!ok) return Quit();
      if (HasKeyword(evidence_, "STARTTLS")) {
        return Send(SmtpCommand::kStartTls, "", SmtpStep::kStartTls);
      }
      return SendMailFrom();
    }
    case SmtpStep::kStartTls: {
      bool ready = reply.code == 220;
      evidence_.starttls = std::move(reply);
      if (!ready) return Quit();
      return BeginTls();
    }
    case SmtpStep::kEhloTls: {
      bool ok = reply.Positive();
      evidence_.ehlo_tls = std::move(reply);
      if (!ok) return Quit();
      return SendMailFrom();
    }
    case SmtpStep::kMailFrom: {
      bool ok = reply.Positive();
      evidence_.mail_from = std::move(reply);
      if (!ok) return Quit();
      return SendRcptOrRset();
    }
    case SmtpStep::kRcptFirst:
    case SmtpStep::kRcptSecond:
      evidence_.rcpt_replies.back() = std::move(reply);
      if (closing) return Quit();
      return SendRcptOrRset();
    case SmtpStep::kRset:
      return Quit();
    case SmtpStep::kQuit:
      return Complete();
    case SmtpStep::kConnect:
    case SmtpStep::kTlsHandshake:
    case SmtpStep::kDone:
      break;
  }
}

void SmtpSession::SendMailFrom() {
  Send(SmtpCommand::kMailFrom, request_.mail_from, SmtpStep::kMailFrom);
}

void SmtpSession::SendRcptOrRset() {
  if (rcpt_sent_ < request_.recipients.size()) {
    const std::string& rcpt = request_.recipients[rcpt_sent_];
    SmtpStep step =
        rcpt_sent_ == 0 ? SmtpStep::kRcptFirst : SmtpStep::kRcptSecond;
    ++rcpt_sent_;
    evidence_.rcpt_addresses.push_back(rcpt);
    evidence_.rcpt_replies.emplace_back();
    return Send(SmtpCommand::kRcptTo, rcpt, step);
  }
  Send(SmtpCommand::kRset, "", SmtpStep::kRset);
}

void SmtpSession::Quit() { Send(SmtpCommand::kQuit, "", SmtpStep::kQuit); }

void SmtpSession::Send(SmtpCommand command, std::string_view arg,
                       SmtpStep next) {
  absl::StatusOr<std::string> line = FormatSmtpCommand(command, arg);
  if (!line.ok()) {
    End(SmtpOutcome::kProtocolError,
        absl::StrCat("not sent: ", line.status().message()));
    return;
  }
  AddLine(v1::SmtpLine::CLIENT, *line);
  absl::StrAppend(&outbox_, *line, "\r\n");
  step_ = next;
  ArmTimer();
  Flush();
}

std::string SmtpSession::WaitingFor() const {
  switch (step_) {
    case SmtpStep::kConnect:
      return "connecting";
    case SmtpStep::kBanner:
      return "waiting for the banner";
    case SmtpStep::kTlsHandshake:
      return "during the TLS handshake";
    default:
      return absl::StrCat("waiting for the reply to ", SmtpStepName(step_));
  }
}

}  // namespace ndrdiag
