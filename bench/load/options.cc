// Flags of ndrdiag-bench (see options.h).
#include "bench/load/options.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/flags.h"

namespace ndrdiag::bench {
namespace {

constexpr char kDescription[] =
    "Load generator for an ndrdiag frontend. Mode `load`: --concurrency "
    "callers each run RunDiagnosis (batched, see --stream) over the domain "
    "list (round robin, each "
    "caller starting at its own offset), starting the next diagnosis when "
    "one ends (closed loop) or on a --rate schedule (open loop), for "
    "--warmup plus --duration (or until --count diagnoses after the warmup "
    "ended). Mode `fanout`: creates --streams diagnoses (CreateDiagnosis, "
    "paced by --create-rate) and holds one WatchDiagnosis open on each until "
    "its terminal event, measuring the frontend's memory per open stream "
    "(--pid frontend=PID) and event delivery latency.";

constexpr char kEpilogue[] =
    "Figures: diagnoses = successful diagnoses whose verdict arrived inside "
    "the measured window (after --warmup); diagnoses_per_s = that / window "
    "length. Latencies (ms, nearest-rank percentiles over every sample) are "
    "from the start of the call to the first `accepted` event (accepted), "
    "the first check_result (first_result) and the verdict or, without one, "
    "the terminal event (verdict), for the diagnoses started inside the "
    "window; event = client receipt time - DiagnosisEvent.time (wall clock, "
    "same machine), for every event. Errors: a stream ending with a non-OK "
    "status counts under its code, a terminal state FAILED or CANCELLED "
    "under that name, a stream ending OK without a terminal event under "
    "INCOMPLETE.\n"
    "\n"
    "Output: a table, then one JSON line starting with "
    "{\"bench\":\"ndrdiag\", (only that line with --json-only).\n"
    "\n"
    "Exit status: 0 when the run was made (errors are figures); 1 when the "
    "target cannot be reached; 2 on bad flags.";

absl::Status Bad(absl::string_view flag, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("--", flag, ": ", why));
}

absl::StatusOr<double> NonNegative(absl::string_view flag,
                                   const std::string& text) {
  double value;
  if (!absl::SimpleAtod(text, &value) || !(value >= 0) || value > 1e9) {
    return Bad(flag, absl::StrCat("\"", text, "\" is not a number >= 0"));
  }
  return value;
}

// "K=V" with a non-empty K.
absl::StatusOr<std::pair<std::string, std::string>> NameValue(
    absl::string_view flag, const std::string& text) {
  size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    return Bad(flag, absl::StrCat("\"", text, "\" is not NAME=VALUE"));
  }
  return std::make_pair(text.substr(0, eq), text.substr(eq + 1));
}

}  // namespace

std::vector<std::string> ParseDomainList(absl::string_view text) {
  std::vector<std::string> domains;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    absl::string_view first = line.substr(0, line.find_first_of("\t "));
    if (!first.empty()) domains.emplace_back(first);
  }
  return domains;
}

absl::StatusOr<std::vector<v1::CheckFamily>> ParseFamilies(
    absl::string_view text) {
  std::vector<v1::CheckFamily> families;
  for (absl::string_view part : absl::StrSplit(text, ',')) {
    std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(part));
    v1::CheckFamily family;
    if (name == "dns") {
      family = v1::DNS;
    } else if (name == "connector") {
      family = v1::CONNECTOR;
    } else if (name == "tenant") {
      family = v1::TENANT;
    } else if (name == "hybrid") {
      family = v1::HYBRID;
    } else if (name == "ndr") {
      family = v1::NDR;
    } else {
      return Bad("families",
                 absl::StrCat("unknown family \"", name,
                              "\" (dns, connector, tenant, hybrid, ndr)"));
    }
    if (std::find(families.begin(), families.end(), family) == families.end()) {
      families.push_back(family);
    }
  }
  return families;
}

int DefaultChannels(int concurrency) {
  return std::min(concurrency / 100 + 1, 8);
}

absl::StatusOr<Options> ParseOptions(const std::vector<std::string>& args) {
  Options o;
  std::string mode = "load", domains_file, rate = "0", create_rate = "2000",
              ceiling, stream = "batches";
  std::vector<std::string> domain_flags, pid_flags, label_flags;
  absl::Duration duration = absl::ZeroDuration();
  absl::Duration call_deadline = absl::ZeroDuration();
  int count = 0;

  FlagSet flags("ndrdiag-bench", kDescription);
  flags.String("target", "HOST:PORT", "The frontend's gRPC address (required).",
               &o.target);
  flags.String("mode", "load|fanout", "What to measure (see above).", &mode);
  flags.String("domains", "FILE",
               "Domains to diagnose: one a line, '#' comment lines, or a TSV "
               "whose column 1 is the domain (tests/lab/samples.tsv).",
               &domains_file);
  flags.Repeated("domain", "D",
                 "A domain to diagnose (repeatable; added to "
                 "--domains).",
                 &domain_flags);
  flags.String("families", "LIST",
               "Check families of every diagnosis, comma-separated: dns, "
               "connector, tenant, hybrid, ndr.",
               &o.families_text);
  flags.Int("concurrency", "Load mode: diagnoses in flight at most (callers).",
            &o.concurrency);
  flags.Duration("duration",
                 "Load mode: length of the measured window, which follows the "
                 "warmup (default 20s; not with --count).",
                 &duration);
  flags.Int("count",
            "Load mode: instead of --duration, start this many diagnoses "
            "after the warmup and stop when they have all ended.",
            &count);
  flags.Duration("warmup",
                 "Load mode: run this long before the measured window; its "
                 "diagnoses are left out of the figures.",
                 &o.warmup);
  flags.String("rate", "N",
               "Load mode: open loop, start N diagnoses per second on a "
               "schedule whatever the latency, at most --concurrency in "
               "flight (starts refused by that cap are counted as "
               "skipped_starts); 0 = closed loop.",
               &rate);
  flags.Duration("call-deadline",
                 "Deadline of every RunDiagnosis / WatchDiagnosis call "
                 "(default 30s in load mode, 10m in fanout mode).",
                 &call_deadline);
  flags.Repeated("pid", "NAME=PID",
                 "A process whose memory to report (repeatable): VmRSS from "
                 "/proc/PID/status every 100 ms, the max seen in the window, "
                 "and VmHWM at the end. Fanout mode needs frontend=PID for "
                 "the per-stream figures.",
                 &pid_flags);
  flags.Int("streams",
            "Fanout mode: diagnoses to create, each with one WatchDiagnosis "
            "held open until its terminal event.",
            &o.streams);
  flags.String("create-rate", "N",
               "Fanout mode: CreateDiagnosis calls per second at most.",
               &create_rate);
  flags.String("ceiling-per-s", "X",
               "Optional: the lab's ceiling in diagnoses/s, printed back with "
               "ratio = diagnoses_per_s / X.",
               &ceiling);
  flags.Repeated("label", "K=V",
                 "Copied into the JSON line's \"labels\" (repeatable), e.g. "
                 "workers=2.",
                 &label_flags);
  flags.Bool("json-only", "Print only the JSON line on stdout.", &o.json_only);
  flags.String("owner", "NAME", "Sent as x-ndrdiag-owner on every call.",
               &o.owner);
  flags.Int("channels",
            "gRPC channels (HTTP/2 connections) to spread the calls over "
            "(default min(concurrency/100 + 1, 8), in fanout mode with "
            "--streams as the concurrency).",
            &o.channels);
  flags.Int("threads",
            "Threads driving the calls, each polling a completion queue of "
            "its own. One is cheapest (a second costs a thread hand-off per "
            "event); raise it only when the bench itself saturates a core.",
            &o.threads);
  flags.String("stream", "batches|events",
               "Streaming methods: batches = RunDiagnosisBatched / "
               "WatchDiagnosisBatched (each message carries the events ready "
               "when it is sent, what a busy client should use); events = "
               "RunDiagnosis / WatchDiagnosis (one message per event).",
               &stream);
  flags.set_epilogue(kEpilogue);

  absl::StatusOr<std::vector<std::string>> rest = flags.Parse(args);
  if (!rest.ok()) return rest.status();
  if (!rest->empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected argument \"", (*rest)[0], "\""));
  }

  if (o.target.empty()) return Bad("target", "required (HOST:PORT)");
  if (o.target.find(':') == std::string::npos) {
    return Bad("target", absl::StrCat("\"", o.target, "\" has no :PORT"));
  }
  if (mode == "load") {
    o.mode = Mode::kLoad;
  } else if (mode == "fanout") {
    o.mode = Mode::kFanout;
  } else {
    return Bad("mode", absl::StrCat("\"", mode, "\" is not load or fanout"));
  }

  if (!domains_file.empty()) {
    std::ifstream in(domains_file);
    if (!in) return Bad("domains", absl::StrCat("cannot read ", domains_file));
    std::stringstream text;
    text << in.rdbuf();
    o.domains = ParseDomainList(text.str());
    if (o.domains.empty()) {
      return Bad("domains", absl::StrCat("no domain in ", domains_file));
    }
  }
  for (const std::string& d : domain_flags) {
    if (d.empty()) return Bad("domain", "empty");
    o.domains.push_back(d);
  }
  if (o.domains.empty()) {
    return absl::InvalidArgumentError(
        "no domains: give --domains FILE or --domain D");
  }

  absl::StatusOr<std::vector<v1::CheckFamily>> families =
      ParseFamilies(o.families_text);
  if (!families.ok()) return families.status();
  o.families = *std::move(families);

  if (o.concurrency < 1 || o.concurrency > 1000000) {
    return Bad("concurrency", "must be 1..1000000");
  }
  if (count < 0) return Bad("count", "must be >= 0");
  if (count > 0 && duration != absl::ZeroDuration()) {
    return Bad("count", "give --duration or --count, not both");
  }
  o.count = count;
  if (duration < absl::ZeroDuration()) return Bad("duration", "negative");
  if (count == 0) {
    o.duration =
        duration == absl::ZeroDuration() ? absl::Seconds(20) : duration;
  }
  if (o.warmup < absl::ZeroDuration()) return Bad("warmup", "negative");

  absl::StatusOr<double> parsed = NonNegative("rate", rate);
  if (!parsed.ok()) return parsed.status();
  o.rate = *parsed;
  parsed = NonNegative("create-rate", create_rate);
  if (!parsed.ok()) return parsed.status();
  if (*parsed <= 0) return Bad("create-rate", "must be > 0");
  o.create_rate = *parsed;
  if (!ceiling.empty()) {
    parsed = NonNegative("ceiling-per-s", ceiling);
    if (!parsed.ok()) return parsed.status();
    if (*parsed <= 0) return Bad("ceiling-per-s", "must be > 0");
    o.ceiling_per_s = *parsed;
  }

  if (call_deadline < absl::ZeroDuration()) {
    return Bad("call-deadline", "negative");
  }
  o.call_deadline = call_deadline != absl::ZeroDuration() ? call_deadline
                    : o.mode == Mode::kLoad               ? absl::Seconds(30)
                                                          : absl::Minutes(10);

  for (const std::string& flag : pid_flags) {
    auto pair = NameValue("pid", flag);
    if (!pair.ok()) return pair.status();
    int pid;
    if (!absl::SimpleAtoi(pair->second, &pid) || pid <= 0) {
      return Bad("pid", absl::StrCat("\"", pair->second, "\" in \"", flag,
                                     "\" is not a process id"));
    }
    o.pids.emplace_back(pair->first, pid);
  }
  for (const std::string& flag : label_flags) {
    auto pair = NameValue("label", flag);
    if (!pair.ok()) return pair.status();
    o.labels.push_back(*std::move(pair));
  }

  if (o.streams < 1 || o.streams > 1000000) {
    return Bad("streams", "must be 1..1000000");
  }
  if (o.channels < 0 || o.channels > 64) {
    return Bad("channels", "must be 1..64 (0: automatic)");
  }
  if (o.channels == 0) {
    o.channels =
        DefaultChannels(o.mode == Mode::kLoad ? o.concurrency : o.streams);
  }
  if (o.threads < 1 || o.threads > 64) return Bad("threads", "must be 1..64");
  if (stream != "batches" && stream != "events") {
    return Bad("stream",
               absl::StrCat("\"", stream, "\" is not batches or events"));
  }
  o.batched = stream == "batches";
  if (o.owner.empty()) return Bad("owner", "empty");
  return o;
}

}  // namespace ndrdiag::bench
