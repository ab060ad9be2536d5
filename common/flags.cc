#include "common/flags.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"

namespace ndrdiag {
namespace {

std::string EnvName(const std::string& flag) {
  return absl::StrCat("NDRDIAG_", absl::AsciiStrToUpper(
                                      absl::StrReplaceAll(flag, {{"-", "_"}})));
}

}  // namespace

FlagSet::FlagSet(std::string program, std::string description)
    : program_(std::move(program)), description_(std::move(description)) {}

void FlagSet::String(const std::string& name, const std::string& value_name,
                     const std::string& help, std::string* target) {
  flags_.push_back({name, value_name, help, *target, false, false, false,
                    [target](const std::string& v) {
                      *target = v;
                      return absl::OkStatus();
                    }});
}

void FlagSet::Int(const std::string& name, const std::string& help,
                  int* target) {
  flags_.push_back({name, "N", help, absl::StrCat(*target), false, false, false,
                    [target, name](const std::string& v) {
                      if (!absl::SimpleAtoi(v, target)) {
                        return absl::InvalidArgumentError(absl::StrCat(
                            "--", name, ": \"", v, "\" is not a whole number"));
                      }
                      return absl::OkStatus();
                    }});
}

void FlagSet::Bool(const std::string& name, const std::string& help,
                   bool* target) {
  flags_.push_back({name, "", help, *target ? "true" : "false", true, false,
                    false, [target, name](const std::string& v) {
                      if (!absl::SimpleAtob(v, target)) {
                        return absl::InvalidArgumentError(absl::StrCat(
                            "--", name, ": \"", v, "\" is not true or false"));
                      }
                      return absl::OkStatus();
                    }});
}

void FlagSet::Duration(const std::string& name, const std::string& help,
                       absl::Duration* target) {
  flags_.push_back(
      {name, "DURATION", help, absl::FormatDuration(*target), false, false,
       false, [target, name](const std::string& v) {
         absl::Duration d;
         if (!absl::ParseDuration(v, &d) || d < absl::ZeroDuration()) {
           return absl::InvalidArgumentError(absl::StrCat(
               "--", name, ": \"", v,
               "\" is not a duration (examples: 500ms, 2s, 1m30s)"));
         }
         *target = d;
         return absl::OkStatus();
       }});
}

void FlagSet::Repeated(const std::string& name, const std::string& value_name,
                       const std::string& help,
                       std::vector<std::string>* target) {
  flags_.push_back({name, value_name, help, "", false, true, false,
                    [target](const std::string& v) {
                      target->push_back(v);
                      return absl::OkStatus();
                    },
                    [target] { target->clear(); }});
}

FlagSet::Flag* FlagSet::Find(const std::string& name) {
  for (Flag& f : flags_) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

absl::Status FlagSet::ApplyEnvironment() {
  for (Flag& f : flags_) {
    const char* env = std::getenv(EnvName(f.name).c_str());
    if (env == nullptr) continue;
    if (f.repeated) {
      for (absl::string_view part :
           absl::StrSplit(env, ',', absl::SkipWhitespace())) {
        if (auto s = f.set(std::string(absl::StripAsciiWhitespace(part)));
            !s.ok()) {
          return s;
        }
      }
      f.set_by_env_only = true;
    } else if (auto s = f.set(env); !s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(EnvName(f.name), ": ", s.message()));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> FlagSet::Parse(int argc, char** argv) {
  return Parse(std::vector<std::string>(argv + 1, argv + argc));
}

absl::StatusOr<std::vector<std::string>> FlagSet::Parse(
    const std::vector<std::string>& args) {
  if (auto s = ApplyEnvironment(); !s.ok()) return s;
  std::vector<std::string> positional;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(Help().c_str(), stdout);
      std::exit(0);
    }
    if (arg == "--") {
      positional.insert(positional.end(), args.begin() + i + 1, args.end());
      break;
    }
    if (arg.size() < 3 || arg[0] != '-' || arg[1] != '-') {
      positional.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::string value;
    bool has_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    bool negated = false;
    Flag* flag = Find(name);
    if (flag == nullptr && name.rfind("no-", 0) == 0) {
      flag = Find(name.substr(3));
      negated = flag != nullptr && flag->is_bool;
      if (!negated) flag = nullptr;
    }
    if (flag == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown flag --", name, " (see ", program_, " --help)"));
    }
    if (flag->is_bool) {
      if (!has_value) value = negated ? "false" : "true";
    } else if (!has_value) {
      if (i + 1 >= args.size()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "--", name, " needs a value (", flag->value_name, ")"));
      }
      value = args[++i];
    }
    if (flag->repeated && flag->set_by_env_only) {
      // The command line replaces what the environment gave.
      flag->set_by_env_only = false;
      flag->clear();
    }
    if (auto s = flag->set(value); !s.ok()) return s;
  }
  return positional;
}

std::string FlagSet::Help() const {
  std::string out = absl::StrCat(program_, " - ", description_, "\n\nFlags:\n");
  for (const Flag& f : flags_) {
    std::string head = absl::StrCat("  --", f.name);
    if (!f.is_bool) absl::StrAppend(&head, " ", f.value_name);
    if (f.repeated) absl::StrAppend(&head, " (repeatable)");
    absl::StrAppend(&out, head, "\n      ", f.help);
    if (!f.repeated && !f.default_text.empty()) {
      absl::StrAppend(&out, " [default: ", f.default_text, "]");
    }
    absl::StrAppend(&out, "\n      env: ", EnvName(f.name), "\n");
  }
  absl::StrAppend(&out, "  --help\n      Show this help and exit.\n");
  if (!epilogue_.empty()) absl::StrAppend(&out, "\n", epilogue_, "\n");
  return out;
}

}  // namespace ndrdiag
