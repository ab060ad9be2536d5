// ndrdiag: the command-line client of the ndrdiag service (see cli/app.h).
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli/app.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  ndrdiag::cli::CommandIo io{std::cin, std::cout, std::cerr,
                             isatty(STDERR_FILENO) == 1};
  return ndrdiag::cli::RunCli(args, io);
}
