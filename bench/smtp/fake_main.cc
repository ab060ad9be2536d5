// ndrdiag-smtp-fake: FakeSmtpServer (tests/support) as a process, for
// ndrdiag-smtp-bench to run against. Listens on a free port of 127.0.0.1,
// prints "port=P" and the certificate's path, serves until stdin closes or
// the process is killed.
//
//   ndrdiag-smtp-fake [--no-starttls] [--cert-out FILE]
#include <cstdio>
#include <fstream>
#include <string>

#include "tests/support/fake_smtp_server.h"

int main(int argc, char** argv) {
  ndrdiag::FakeSmtpServer::Script script;
  std::string cert_out;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--no-starttls") {
      script.starttls = false;
    } else if (arg == "--cert-out" && i + 1 < argc) {
      cert_out = argv[++i];
    } else {
      std::fprintf(stderr, "usage: %s [--no-starttls] [--cert-out FILE]\n",
                   argv[0]);
      return 2;
    }
  }
  auto server = ndrdiag::FakeSmtpServer::Start(script);
  if (!server.ok()) {
    std::fprintf(stderr, "%s\n", server.status().ToString().c_str());
    return 1;
  }
  if (!cert_out.empty()) std::ofstream(cert_out) << (*server)->cert_pem();
  std::printf("port=%u\n", (*server)->port());
  std::fflush(stdout);
  // Serve until stdin reaches EOF (the caller closes it or goes away).
  while (std::getchar() != EOF) {
  }
  std::printf("connections=%d data_or_bdat=%d\n", (*server)->Connections(),
              (*server)->ReceivedDataOrBdat() ? 1 : 0);
  return 0;
}
