#include "workers/smtp/tls_certificate.h"

#include <arpa/inet.h>
#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ndrdiag {
namespace {

std::string NameText(const X509_NAME* name) {
  if (name == nullptr) return "";
  BIO* bio = BIO_new(BIO_s_mem());
  X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string text(data, n > 0 ? static_cast<size_t>(n) : 0);
  BIO_free(bio);
  return text;
}

void SetTime(const ASN1_TIME* t, google::protobuf::Timestamp* out) {
  struct tm tm {};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return;
  out->set_seconds(timegm(&tm));
}

bool IsIpLiteral(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

}  // namespace

std::string TakeOpenSslErrors() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof(buf));
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out;
}

void RecordTlsCertificate(SSL* ssl, std::string_view host_view,
                          v1::TlsCertificate* out) {
  std::string host(host_view);
  out->set_tls_version(SSL_get_version(ssl));
  if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl)) {
    out->set_cipher(SSL_CIPHER_get_name(cipher));
  }
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (cert == nullptr) {
    out->set_verify_error("the server presented no certificate");
    return;
  }
  out->set_subject(NameText(X509_get_subject_name(cert)));
  out->set_issuer(NameText(X509_get_issuer_name(cert)));
  SetTime(X509_get0_notBefore(cert), out->mutable_not_before());
  SetTime(X509_get0_notAfter(cert), out->mutable_not_after());

  auto* sans = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  for (int i = 0; sans != nullptr && i < sk_GENERAL_NAME_num(sans); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(sans, i);
    if (name->type != GEN_DNS) continue;
    const ASN1_STRING* s = name->d.dNSName;
    out->add_subject_alt_names(
        std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                    ASN1_STRING_length(s)));
  }
  GENERAL_NAMES_free(sans);

  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  if (X509_digest(cert, EVP_sha256(), md, &md_len) == 1) {
    std::string hex;
    for (unsigned int i = 0; i < md_len; ++i) {
      absl::StrAppendFormat(&hex, "%02x", md[i]);
    }
    out->set_sha256_fingerprint(hex);
  }

  long verify = SSL_get_verify_result(ssl);
  out->set_chain_verified(verify == X509_V_OK);
  std::string errors;
  if (verify != X509_V_OK) errors = X509_verify_cert_error_string(verify);
  if (!host.empty()) {
    int match = IsIpLiteral(host) ? X509_check_ip_asc(cert, host.c_str(), 0)
                                  : X509_check_host(cert, host.data(),
                                                    host.size(), 0, nullptr);
    out->set_name_verified(match == 1);
    if (match != 1) {
      if (!errors.empty()) errors += "; ";
      absl::StrAppend(&errors, "certificate does not match ", host);
    }
  }
  out->set_verify_error(errors);
  X509_free(cert);
}

absl::StatusOr<SSL_CTX*> NewProbeTlsContext(const std::string& ca_file) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (ctx == nullptr) {
    return absl::InternalError(
        absl::StrCat("SSL_CTX_new: ", TakeOpenSslErrors()));
  }
  // Verification is judged after the handshake, never enforced by it.
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  SSL_CTX_set_mode(
      ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  int ok = ca_file.empty()
               ? SSL_CTX_set_default_verify_paths(ctx)
               : SSL_CTX_load_verify_locations(ctx, ca_file.c_str(), nullptr);
  if (ok != 1) {
    std::string why = TakeOpenSslErrors();
    SSL_CTX_free(ctx);
    if (ca_file.empty()) {
      return absl::InternalError(
          absl::StrCat("loading the default trust store: ", why));
    }
    return absl::InvalidArgumentError(
        absl::StrCat("ca_file ", ca_file, ": cannot load: ", why));
  }
  return ctx;
}

}  // namespace ndrdiag
