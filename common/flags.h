// FlagSet: command-line flags with environment fallbacks and generated help.
//
// Every flag `--foo-bar` can also be set as NDRDIAG_FOO_BAR in the
// environment (the command line wins), which is how the Helm chart configures
// pods. Repeatable flags (`--resolver a --resolver b`) collect every value;
// their environment form is comma-separated.
//
//   FlagSet flags("ndrdiag-worker", "Runs diagnosis jobs from Redis.");
//   std::string redis = "redis://127.0.0.1:6379";
//   flags.String("redis", "URL", "Redis to take jobs from.", &redis);
//   absl::StatusOr<std::vector<std::string>> rest = flags.Parse(argc, argv);
//
// Parse() prints help and exits 0 on --help; bad flags come back as
// INVALID_ARGUMENT naming the flag.
#ifndef NDRDIAG_COMMON_FLAGS_H_
#define NDRDIAG_COMMON_FLAGS_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace ndrdiag {

class FlagSet {
 public:
  FlagSet(std::string program, std::string description);

  void String(const std::string& name, const std::string& value_name,
              const std::string& help, std::string* target);
  void Int(const std::string& name, const std::string& help, int* target);
  void Bool(const std::string& name, const std::string& help, bool* target);
  // Accepts absl duration syntax: "500ms", "2s", "1m30s".
  void Duration(const std::string& name, const std::string& help,
                absl::Duration* target);
  // Repeatable; every occurrence is appended.
  void Repeated(const std::string& name, const std::string& value_name,
                const std::string& help, std::vector<std::string>* target);

  // Text appended after the flag list in --help (examples, exit codes).
  void set_epilogue(std::string text) { epilogue_ = std::move(text); }

  // Applies the environment, then argv[1..]. Returns the positional
  // arguments. Handles --help / -h (prints Help() and exits 0).
  absl::StatusOr<std::vector<std::string>> Parse(int argc, char** argv);
  // Same, over already-split arguments (no program name); for subcommands.
  absl::StatusOr<std::vector<std::string>> Parse(
      const std::vector<std::string>& args);

  std::string Help() const;

 private:
  struct Flag {
    std::string name, value_name, help, default_text;
    bool is_bool = false;
    bool repeated = false;
    bool set_by_env_only = false;
    std::function<absl::Status(const std::string&)> set;
    std::function<void()> clear;  // repeated flags only
  };
  absl::Status ApplyEnvironment();
  Flag* Find(const std::string& name);

  std::string program_, description_, epilogue_;
  std::vector<Flag> flags_;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_COMMON_FLAGS_H_
