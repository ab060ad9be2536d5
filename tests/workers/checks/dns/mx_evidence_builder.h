// Hand-built MX evidence for rule and verdict tests: recorded DNS exchanges
// as the probe would have stored them, without any network.
//
//   MxEvidence e = MxEvidenceBuilder("contoso.com")
//                      .Mx({"0 contoso-com.mail.protection.outlook.com."})
//                      .Target("contoso-com.mail.protection.outlook.com",
//                              {"104.47.1.1"})
//                      .Auth("ns1.contoso.com", "192.0.2.1",
//                            {"0 contoso-com.mail.protection.outlook.com."})
//                      .Build();
#ifndef NDRDIAG_TESTS_WORKERS_CHECKS_DNS_MX_EVIDENCE_BUILDER_H_
#define NDRDIAG_TESTS_WORKERS_CHECKS_DNS_MX_EVIDENCE_BUILDER_H_

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ndrdiag/v1/check.pb.h"
#include "workers/checks/dns/mx_evidence.h"

namespace ndrdiag::testing {

inline constexpr char kResolver[] = "127.0.0.53:53";

inline v1::DnsRecord Record(const std::string& name, const std::string& type,
                            const std::string& data, uint32_t ttl = 3600) {
  v1::DnsRecord record;
  record.set_name(absl::EndsWith(name, ".") ? name : name + ".");
  record.set_type(type);
  record.set_ttl(ttl);
  record.set_data(data);
  return record;
}

inline v1::DnsExchange Exchange(const std::string& server,
                                const std::string& qname,
                                const std::string& qtype,
                                const std::string& rcode,
                                const std::vector<v1::DnsRecord>& answers,
                                bool authoritative = false) {
  v1::DnsExchange ex;
  ex.set_server(server);
  ex.set_recursion_desired(!authoritative);
  ex.set_qname(qname + ".");
  ex.set_qtype(qtype);
  ex.set_rcode(rcode);
  ex.set_authoritative_answer(authoritative);
  for (const v1::DnsRecord& r : answers) *ex.add_answers() = r;
  if (answers.empty() && (rcode == "NOERROR" || rcode == "NXDOMAIN")) {
    // Negative answers carry the zone's SOA (RFC 2308).
    *ex.add_authority() =
        Record("contoso.com", "SOA",
               "ns1.contoso.com. hostmaster.contoso.com. 2024060101 3600 900 "
               "604800 300");
  }
  return ex;
}

inline v1::DnsExchange Failed(const std::string& server,
                              const std::string& qname,
                              const std::string& qtype,
                              const std::string& error) {
  v1::DnsExchange ex;
  ex.set_server(server);
  ex.set_qname(qname + ".");
  ex.set_qtype(qtype);
  ex.set_error(error);
  return ex;
}

inline std::vector<v1::DnsRecord> MxAnswers(
    const std::string& domain, const std::vector<std::string>& mx) {
  std::vector<v1::DnsRecord> out;
  for (const std::string& data : mx) out.push_back(Record(domain, "MX", data));
  return out;
}

class MxEvidenceBuilder {
 public:
  explicit MxEvidenceBuilder(std::string domain) {
    e_.domain = std::move(domain);
  }

  // The recursive MX answer: NOERROR with these records ("0 host.").
  MxEvidenceBuilder& Mx(const std::vector<std::string>& records) {
    e_.mx = Exchange(kResolver, e_.domain, "MX", "NOERROR",
                     MxAnswers(e_.domain, records));
    return *this;
  }
  MxEvidenceBuilder& MxRcode(const std::string& rcode) {
    e_.mx = Exchange(kResolver, e_.domain, "MX", rcode, {});
    return *this;
  }
  MxEvidenceBuilder& MxError(const std::string& error) {
    e_.mx = Failed(kResolver, e_.domain, "MX", error);
    return *this;
  }

  // A target whose A lookup gives `v4` (AAAA gives NODATA).
  MxEvidenceBuilder& Target(const std::string& host,
                            const std::vector<std::string>& v4) {
    MxTargetEvidence t{host, {}, {}, false};
    std::vector<v1::DnsRecord> answers;
    for (const std::string& a : v4) answers.push_back(Record(host, "A", a));
    t.a = Exchange(kResolver, host, "A", "NOERROR", answers);
    t.aaaa = Exchange(kResolver, host, "AAAA", "NOERROR", {});
    e_.targets.push_back(std::move(t));
    return *this;
  }
  MxEvidenceBuilder& TargetRcode(const std::string& host,
                                 const std::string& rcode) {
    MxTargetEvidence t{host, {}, {}, false};
    t.a = Exchange(kResolver, host, "A", rcode, {});
    t.aaaa = Exchange(kResolver, host, "AAAA", rcode, {});
    e_.targets.push_back(std::move(t));
    return *this;
  }
  MxEvidenceBuilder& TargetError(const std::string& host,
                                 const std::string& error) {
    MxTargetEvidence t{host, {}, {}, false};
    t.a = Failed(kResolver, host, "A", error);
    t.aaaa = Failed(kResolver, host, "AAAA", error);
    e_.targets.push_back(std::move(t));
    return *this;
  }
  MxEvidenceBuilder& TargetCname(const std::string& host,
                                 const std::string& alias,
                                 const std::string& v4) {
    MxTargetEvidence t{host, {}, {}, true};
    t.a =
        Exchange(kResolver, host, "A", "NOERROR",
                 {Record(host, "CNAME", alias + "."), Record(alias, "A", v4)});
    t.aaaa = Exchange(kResolver, host, "AAAA", "NOERROR",
                      {Record(host, "CNAME", alias + ".")});
    e_.targets.push_back(std::move(t));
    return *this;
  }

  // The recursive NS answer naming `hosts`, each with A lookups giving
  // `addresses` (one per host, in order).
  MxEvidenceBuilder& Ns(const std::vector<std::string>& hosts,
                        const std::vector<std::string>& addresses) {
    std::vector<v1::DnsRecord> answers;
    for (const std::string& h : hosts) {
      answers.push_back(Record(e_.domain, "NS", h + "."));
    }
    e_.ns = Exchange(kResolver, e_.domain, "NS", "NOERROR", answers);
    for (size_t i = 0; i < hosts.size(); ++i) {
      NsHostEvidence h{hosts[i], {}, {}};
      std::vector<v1::DnsRecord> a;
      if (i < addresses.size())
        a.push_back(Record(hosts[i], "A", addresses[i]));
      h.a = Exchange(kResolver, hosts[i], "A", "NOERROR", a);
      h.aaaa = Exchange(kResolver, hosts[i], "AAAA", "NOERROR", {});
      e_.ns_hosts.push_back(std::move(h));
    }
    return *this;
  }
  MxEvidenceBuilder& NsRcode(const std::string& rcode) {
    e_.ns = Exchange(kResolver, e_.domain, "NS", rcode, {});
    return *this;
  }

  // The MX answer of one authoritative address (AA=1).
  MxEvidenceBuilder& Auth(const std::string& ns_host,
                          const std::string& address,
                          const std::vector<std::string>& records) {
    e_.authoritative_mx.push_back(
        {ns_host, address,
         Exchange(address + ":53", e_.domain, "MX", "NOERROR",
                  MxAnswers(e_.domain, records), /*authoritative=*/true)});
    return *this;
  }
  MxEvidenceBuilder& AuthRcode(const std::string& ns_host,
                               const std::string& address,
                               const std::string& rcode) {
    e_.authoritative_mx.push_back(
        {ns_host, address,
         Exchange(address + ":53", e_.domain, "MX", rcode, {}, true)});
    return *this;
  }
  MxEvidenceBuilder& AuthError(const std::string& ns_host,
                               const std::string& address,
                               const std::string& error) {
    v1::DnsExchange ex = Failed(address + ":53", e_.domain, "MX", error);
    ex.set_recursion_desired(false);
    e_.authoritative_mx.push_back({ns_host, address, ex});
    return *this;
  }

  MxEvidence Build() const { return e_; }

 private:
  MxEvidence e_;
};

}  // namespace ndrdiag::testing

#endif  // NDRDIAG_TESTS_WORKERS_CHECKS_DNS_MX_EVIDENCE_BUILDER_H_
