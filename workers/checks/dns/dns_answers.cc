#include "workers/checks/dns/dns_answers.h"

#include <arpa/inet.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "workers/dns/dns_message.h"

namespace ndrdiag {

std::string NormalizeName(absl::string_view name) {
  std::string out = absl::AsciiStrToLower(name);
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

AnswerKind Classify(const v1::DnsExchange& exchange) {
  if (!exchange.error().empty() || exchange.rcode().empty()) {
    return AnswerKind::kNoResponse;
  }
  if (exchange.rcode() == "NXDOMAIN") return AnswerKind::kNxDomain;
  if (exchange.rcode() != "NOERROR") return AnswerKind::kServerFailure;
  for (const v1::DnsRecord& record : exchange.answers()) {
    if (absl::EqualsIgnoreCase(record.type(), exchange.qtype())) {
      return AnswerKind::kRecords;
    }
  }
  return AnswerKind::kNoData;
}

bool IsConclusive(AnswerKind kind) {
  return kind == AnswerKind::kNxDomain || kind == AnswerKind::kNoData ||
         kind == AnswerKind::kRecords;
}

std::string FailureReason(const v1::DnsExchange& exchange) {
  const std::string question =
      absl::StrCat(NormalizeName(exchange.qname()), " ", exchange.qtype());
  switch (Classify(exchange)) {
    case AnswerKind::kNoResponse:
      if (absl::StartsWith(exchange.error(), "blocked by egress policy")) {
        // The policy message already names the address and the remedy.
        return exchange.error();
      }
      return absl::StrCat(
          exchange.error().empty() ? "no response" : exchange.error(),
          " asking ", exchange.server(), " for ", question);
    case AnswerKind::kServerFailure:
      return absl::StrCat(exchange.server(), " answered ", exchange.rcode(),
                          " for ", question);
    default:
      return "";
  }
}

std::vector<MxRecord> MxRecords(const v1::DnsExchange& exchange) {
  std::vector<MxRecord> records;
  for (const v1::DnsRecord& record : exchange.answers()) {
    if (!absl::EqualsIgnoreCase(record.type(), "MX")) continue;
    absl::StatusOr<dns::MxData> data = dns::ParseMxData(record.data());
    if (!data.ok()) continue;
    records.push_back({data->preference, NormalizeName(data->target)});
  }
  std::sort(records.begin(), records.end());
  return records;
}

std::string FormatMxSet(const std::vector<MxRecord>& records) {
  if (records.empty()) return "(none)";
  return absl::StrJoin(records, ", ", [](std::string* out, const MxRecord& r) {
    absl::StrAppend(out, r.preference, " ", r.target.empty() ? "." : r.target);
  });
}

std::vector<std::string> Addresses(const v1::DnsExchange& exchange) {
  std::vector<std::string> out;
  for (const v1::DnsRecord& record : exchange.answers()) {
    if (absl::EqualsIgnoreCase(record.type(), "A") ||
        absl::EqualsIgnoreCase(record.type(), "AAAA")) {
      out.push_back(record.data());
    }
  }
  return out;
}

std::string CnameTarget(const v1::DnsExchange& exchange) {
  for (const v1::DnsRecord& record : exchange.answers()) {
    if (absl::EqualsIgnoreCase(record.type(), "CNAME")) {
      return NormalizeName(record.data());
    }
  }
  return "";
}

bool HasDomainSuffix(absl::string_view host, absl::string_view suffix) {
  if (host == suffix) return true;
  return host.size() > suffix.size() && absl::EndsWith(host, suffix) &&
         host[host.size() - suffix.size() - 1] == '.';
}

std::string ServerAddress(const std::string& ip, int port) {
  if (port == 53) return ip;
  if (ip.find(':') != std::string::npos) {
    return absl::StrCat("[", ip, "]:", port);
  }
  return absl::StrCat(ip, ":", port);
}

bool IsIpLiteral(absl::string_view text) {
  std::string s(text);
  if (!s.empty() && s.back() == '.') s.pop_back();
  unsigned char buf[16];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 ||
         inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

}  // namespace ndrdiag
