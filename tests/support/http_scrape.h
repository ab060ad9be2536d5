// Scraping /metrics in tests: a minimal HTTP/1.0 GET over loopback and a
// reader of the Prometheus text format.
//
//   absl::StatusOr<std::string> text = HttpGet(port, "/metrics");
//   double v = SampleSum(*text, "grpc_server_handled_total",
//                        {{"grpc_method", "CreateDiagnosis"}});
//
// HttpGet connects to 127.0.0.1 only, with a deadline on every step.
#ifndef NDRDIAG_TESTS_SUPPORT_HTTP_SCRAPE_H_
#define NDRDIAG_TESTS_SUPPORT_HTTP_SCRAPE_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace ndrdiag {

// The body of GET http://127.0.0.1:port/path; an error unless the status is
// 200.
absl::StatusOr<std::string> HttpGet(int port, const std::string& path,
                                    absl::Duration timeout = absl::Seconds(5));

// The sum of the samples of series `name` whose labels include `labels`;
// -1 when there is none.
double SampleSum(const std::string& text, const std::string& name,
                 const std::map<std::string, std::string>& labels = {});

}  // namespace ndrdiag

#endif  // NDRDIAG_TESTS_SUPPORT_HTTP_SCRAPE_H_
