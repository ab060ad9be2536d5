// RecordTlsCertificate: what a probe learns from a finished TLS handshake
// (the server's certificate, whether its chain and name verify, the
// negotiated protocol and cipher), as the v1::TlsCertificate evidence.
//
// The handshake itself never fails on verification (the probe wants to see
// a bad certificate, not stop at it); the verdict is read afterwards from
// OpenSSL's verify result and X509_check_host.
#ifndef NDRDIAG_WORKERS_SMTP_TLS_CERTIFICATE_H_
#define NDRDIAG_WORKERS_SMTP_TLS_CERTIFICATE_H_

#include <openssl/ssl.h>

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "ndrdiag/v1/check.pb.h"

namespace ndrdiag {

// Fills `out` from the established connection `ssl`; `host` is the name the
// certificate must match (empty: name_verified stays false).
void RecordTlsCertificate(SSL* ssl, std::string_view host,
                          v1::TlsCertificate* out);

// A client context for probes: trusts `ca_file` (PEM) or, when empty, the
// system's default paths. INVALID_ARGUMENT naming an unreadable file.
absl::StatusOr<SSL_CTX*> NewProbeTlsContext(const std::string& ca_file);

// The text of OpenSSL's error queue (emptied), for error messages.
std::string TakeOpenSslErrors();

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_SMTP_TLS_CERTIFICATE_H_
