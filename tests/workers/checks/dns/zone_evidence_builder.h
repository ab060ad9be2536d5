// Hand-built zone evidence for the zone rule and verdict tests: recorded
// exchanges as ZoneProbe stores them, without any network.
//
//   DnsEvidence e = ZoneEvidenceBuilder("contoso.com")
//                       .Delegation("com", {"ns1.contoso.com"})
//                       .Server("ns1.contoso.com", "192.0.2.1", 7, {"0 a."})
//                       .Panel("8.8.8.8:53", {"0 a."})
//                       .Build(now);
#ifndef NDRDIAG_TESTS_WORKERS_CHECKS_DNS_ZONE_EVIDENCE_BUILDER_H_
#define NDRDIAG_TESTS_WORKERS_CHECKS_DNS_ZONE_EVIDENCE_BUILDER_H_

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/workers/checks/dns/mx_evidence_builder.h"
#include "workers/checks/dns/zone_evidence.h"

namespace ndrdiag::testing {

struct SoaTimers {
  uint32_t refresh = 3600;
  uint32_t retry = 600;
  uint32_t expire = 1209600;
  uint32_t minimum = 3600;
};

inline std::string SoaData(uint32_t serial, SoaTimers t = {}) {
  return absl::StrCat("ns1.contoso.com. hostmaster.contoso.com. ", serial, " ",
                      t.refresh, " ", t.retry, " ", t.expire, " ", t.minimum);
}

class ZoneEvidenceBuilder {
 public:
  explicit ZoneEvidenceBuilder(std::string domain) {
    e_.mx.domain = domain;
    e_.zone.domain = domain;
  }

  // The parent's referral names `ns` (and the zone's apex NS is the same
  // unless ChildNs() says otherwise).
  ZoneEvidenceBuilder& Delegation(const std::string& parent,
                                  const std::vector<std::string>& ns) {
    e_.zone.parent_zone = parent;
    e_.zone.delegation_known = true;
    e_.zone.parent_ns = ns;
    e_.zone.child_ns = ns;
    for (const std::string& h : ns) AddHost(h);
    return *this;
  }
  ZoneEvidenceBuilder& ChildNs(const std::vector<std::string>& ns) {
    e_.zone.child_ns = ns;
    for (const std::string& h : ns) AddHost(h);
    return *this;
  }

  // One authoritative address serving SOA `serial` and these MX records with
  // AA=1 (TXT and autodiscover: `txt`, NODATA).
  ZoneEvidenceBuilder& Server(const std::string& host, const std::string& ip,
                              uint32_t serial,
                              const std::vector<std::string>& mx,
                              SoaTimers timers = {},
                              const std::vector<std::string>& txt = {}) {
    const std::string server = ip + ":53";
    const std::string& d = e_.zone.domain;
    AuthServerEvidence s{host, ip};
    s.soa = Exchange(server, d, "SOA", "NOERROR",
                     {Record(d, "SOA", SoaData(serial, timers))}, true);
    s.mx = Exchange(server, d, "MX", "NOERROR", MxAnswers(d, mx), true);
    std::vector<v1::DnsRecord> t;
    for (const std::string& x : txt) t.push_back(Record(d, "TXT", x));
    s.txt = Exchange(server, d, "TXT", "NOERROR", t, true);
    s.autodiscover =
        Exchange(server, "autodiscover." + d, "CNAME", "NOERROR", {}, true);
    std::vector<v1::DnsRecord> ns;
    for (const std::string& h : e_.zone.child_ns) {
      ns.push_back(Record(d, "NS", h + "."));
    }
    s.ns = Exchange(server, d, "NS", "NOERROR", ns, true);
    e_.zone.servers.push_back(std::move(s));
    return *this;
  }
  // An address that never answers (every question times out).
  ZoneEvidenceBuilder& DeadServer(const std::string& host,
                                  const std::string& ip,
                                  const std::string& error = "timeout") {
    const std::string server = ip + ":53";
    const std::string& d = e_.zone.domain;
    AuthServerEvidence s{host, ip};
    s.soa = Failed(server, d, "SOA", error);
    s.mx = Failed(server, d, "MX", error);
    s.ns = Failed(server, d, "NS", error);
    e_.zone.servers.push_back(std::move(s));
    return *this;
  }
  // An address answering SOA with `rcode`, AA = `aa`.
  ZoneEvidenceBuilder& OddServer(const std::string& host, const std::string& ip,
                                 const std::string& rcode, bool aa,
                                 uint32_t serial = 1) {
    const std::string server = ip + ":53";
    const std::string& d = e_.zone.domain;
    AuthServerEvidence s{host, ip};
    std::vector<v1::DnsRecord> answers;
    if (rcode == "NOERROR")
      answers.push_back(Record(d, "SOA", SoaData(serial)));
    s.soa = Exchange(server, d, "SOA", rcode, answers, aa);
    s.soa->set_authoritative_answer(aa);
    e_.zone.servers.push_back(std::move(s));
    return *this;
  }

  // A panel resolver's MX answer with these records and TTL.
  ZoneEvidenceBuilder& Panel(const std::string& server,
                             const std::vector<std::string>& mx,
                             uint32_t ttl = 3600, bool ad = false) {
    std::vector<v1::DnsRecord> answers;
    for (const std::string& r : mx) {
      answers.push_back(Record(e_.zone.domain, "MX", r, ttl));
    }
    v1::DnsExchange ex =
        Exchange(server, e_.zone.domain, "MX", "NOERROR", answers);
    ex.set_authenticated_data(ad);
    e_.zone.panel.push_back({server, ex});
    return *this;
  }
  // A cached NODATA whose SOA has `soa_ttl` left and MINIMUM `minimum`.
  ZoneEvidenceBuilder& PanelNoData(const std::string& server, uint32_t soa_ttl,
                                   uint32_t minimum) {
    v1::DnsExchange ex;
    ex.set_server(server);
    ex.set_qname(e_.zone.domain + ".");
    ex.set_qtype("MX");
    ex.set_rcode("NOERROR");
    SoaTimers t;
    t.minimum = minimum;
    *ex.add_authority() = Record(e_.zone.domain, "SOA", SoaData(1, t), soa_ttl);
    e_.zone.panel.push_back({server, ex});
    return *this;
  }
  ZoneEvidenceBuilder& PanelRcode(const std::string& server,
                                  const std::string& rcode) {
    e_.zone.panel.push_back(
        {server, Exchange(server, e_.zone.domain, "MX", rcode, {})});
    e_.zone.panel.back().mx->clear_authority();
    return *this;
  }

  // The A answer of `host` (a *.mx.microsoft target) from the panel
  // resolver added last: NOERROR with one address, or `rcode` alone.
  ZoneEvidenceBuilder& PanelTarget(const std::string& host,
                                   const std::string& rcode, bool ad = false) {
    PanelEvidence& p = e_.zone.panel.back();
    std::vector<v1::DnsRecord> answers;
    if (rcode == "NOERROR") answers.push_back(Record(host, "A", "40.93.0.1"));
    v1::DnsExchange ex = Exchange(p.server, host, "A", rcode, answers);
    if (rcode != "NOERROR") ex.clear_authority();
    ex.set_authenticated_data(ad);
    p.dane_targets.push_back(std::move(ex));
    return *this;
  }

  // The recursive MX answer the MX checks read.
  ZoneEvidenceBuilder& RecursiveMx(const std::vector<std::string>& mx) {
    e_.mx.mx = Exchange(kResolver, e_.mx.domain, "MX", "NOERROR",
                        MxAnswers(e_.mx.domain, mx));
    return *this;
  }
  ZoneEvidenceBuilder& Target(const std::string& host,
                              const std::vector<std::string>& v4) {
    MxTargetEvidence t{host, {}, {}, false};
    std::vector<v1::DnsRecord> answers;
    for (const std::string& a : v4) answers.push_back(Record(host, "A", a));
    t.a = Exchange(kResolver, host, "A", "NOERROR", answers);
    t.aaaa = Exchange(kResolver, host, "AAAA", "NOERROR", {});
    e_.mx.targets.push_back(std::move(t));
    return *this;
  }

  // Recursive TXT at the apex: each entry is one record's data ("\"...\"").
  ZoneEvidenceBuilder& Txt(const std::vector<std::string>& records) {
    std::vector<v1::DnsRecord> answers;
    for (const std::string& r : records) {
      answers.push_back(Record(e_.zone.domain, "TXT", r));
    }
    e_.zone.txt =
        Exchange(kResolver, e_.zone.domain, "TXT", "NOERROR", answers);
    return *this;
  }
  // Recursive CNAME answer for `name` ("" target = rcode only).
  static v1::DnsExchange Cname(const std::string& name,
                               const std::string& target,
                               const std::string& rcode = "NOERROR") {
    std::vector<v1::DnsRecord> answers;
    if (!target.empty()) answers.push_back(Record(name, "CNAME", target + "."));
    return Exchange(kResolver, name, "CNAME", rcode, answers);
  }
  ZoneEvidenceBuilder& Autodiscover(const std::string& target,
                                    const std::string& rcode = "NOERROR") {
    e_.zone.autodiscover =
        Cname("autodiscover." + e_.zone.domain, target, rcode);
    return *this;
  }
  ZoneEvidenceBuilder& Dkim(const std::string& s1, const std::string& s2) {
    e_.zone.dkim_selector1 =
        Cname("selector1._domainkey." + e_.zone.domain, s1);
    e_.zone.dkim_selector2 =
        Cname("selector2._domainkey." + e_.zone.domain, s2);
    return *this;
  }

  DnsEvidence Build(absl::Time now) const {
    DnsEvidence e = e_;
    e.now = now;
    return e;
  }

 private:
  void AddHost(const std::string& host) {
    for (const NsHostEvidence& h : e_.zone.ns_hosts) {
      if (h.host == host) return;
    }
    NsHostEvidence h{host, {}, {}};
    h.a = Exchange(kResolver, host, "A", "NOERROR",
                   {Record(host, "A", "192.0.2.99")});
    h.aaaa = Exchange(kResolver, host, "AAAA", "NOERROR", {});
    e_.zone.ns_hosts.push_back(std::move(h));
  }

  DnsEvidence e_;
};

}  // namespace ndrdiag::testing

#endif  // NDRDIAG_TESTS_WORKERS_CHECKS_DNS_ZONE_EVIDENCE_BUILDER_H_
