// Rendering of the report (see report.h).
#include "bench/load/report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/json_string.h"

namespace ndrdiag::bench {
namespace {

std::string Number(double value, int decimals) {
  return absl::StrFormat("%.*f", decimals, value);
}

std::string Number(std::optional<double> value, int decimals) {
  return value ? Number(*value, decimals) : "null";
}

std::optional<double> Mib(std::optional<int64_t> kib) {
  if (!kib) return std::nullopt;
  return *kib / 1024.0;
}

// Builds `{"k":v,...}` one member at a time.
class JsonObject {
 public:
  void Raw(absl::string_view key, absl::string_view value) {
    absl::StrAppend(&text_, text_.empty() ? "{" : ",", JsonQuote(key), ":",
                    value);
  }
  void Str(absl::string_view key, absl::string_view value) {
    Raw(key, JsonQuote(value));
  }
  void Int(absl::string_view key, int64_t value) {
    Raw(key, absl::StrCat(value));
  }
  std::string Close() const { return text_.empty() ? "{}" : text_ + "}"; }

 private:
  std::string text_;
};

// p50/p90/p99/max of a latency series, in ms.
void AddLatency(JsonObject& json, absl::string_view name,
                const std::optional<Percentiles>& p) {
  auto ms = [&](int64_t Percentiles::*field) -> std::optional<double> {
    if (!p) return std::nullopt;
    return (*p).*field / 1000.0;
  };
  json.Raw(absl::StrCat("p50_", name, "_ms"), Number(ms(&Percentiles::p50), 3));
  json.Raw(absl::StrCat("p90_", name, "_ms"), Number(ms(&Percentiles::p90), 3));
  json.Raw(absl::StrCat("p99_", name, "_ms"), Number(ms(&Percentiles::p99), 3));
  json.Raw(absl::StrCat("max_", name, "_ms"), Number(ms(&Percentiles::max), 3));
}

std::string Cell(const std::optional<Percentiles>& p,
                 int64_t Percentiles::*field) {
  if (!p) return "-";
  return absl::StrFormat("%.3f", (*p).*field / 1000.0);
}

std::string MibCell(std::optional<int64_t> kib) {
  return kib ? absl::StrFormat("%.1f", *kib / 1024.0) : "-";
}

}  // namespace

std::optional<double> RssPerStreamKib(const FanoutFigures& fanout) {
  if (!fanout.frontend_rss_before_kib || !fanout.frontend_rss_peak_kib ||
      fanout.streams_open <= 0) {
    return std::nullopt;
  }
  return static_cast<double>(*fanout.frontend_rss_peak_kib -
                             *fanout.frontend_rss_before_kib) /
         fanout.streams_open;
}

std::string RenderJson(const Report& r) {
  const LoadFigures& f = r.figures;
  JsonObject json;
  json.Str("bench", "ndrdiag");
  json.Str("mode", r.mode);
  json.Str("target", r.target);
  json.Str("families", r.families);
  json.Int("concurrency", r.concurrency);
  json.Raw("rate", Number(r.rate, 1));
  json.Int("channels", r.channels);
  json.Str("stream", r.stream);
  json.Raw("warmup_s", Number(r.warmup_s, 3));
  json.Raw("window_s", Number(r.window_s, 3));
  json.Int("started", r.started);
  json.Raw("client_cpu_s", Number(r.client_cpu_s, 3));
  json.Int("measured", f.measured);
  json.Int("skipped_starts", r.skipped_starts);
  json.Int("unfinished", r.unfinished);
  json.Int("diagnoses", f.diagnoses);
  json.Raw("diagnoses_per_s", Number(f.diagnoses_per_s, 2));
  AddLatency(json, "accepted", f.accepted);
  AddLatency(json, "first_result", f.first_result);
  AddLatency(json, "verdict", f.verdict);
  AddLatency(json, "event", f.event);
  json.Int("events", f.event ? f.event->count : 0);
  json.Str("event_stamp_precision", r.event_stamp_precision);
  json.Int("errors", f.errors);
  JsonObject codes;
  for (const auto& [code, n] : f.errors_by_code) codes.Int(code, n);
  json.Raw("errors_by_code", codes.Close());
  JsonObject peak, hwm;
  for (const ProcessRss& p : r.rss) {
    peak.Raw(p.name, Number(Mib(p.peak_kib), 1));
    hwm.Raw(p.name, Number(Mib(p.hwm_kib), 1));
  }
  json.Raw("rss_peak_mib", peak.Close());
  json.Raw("rss_hwm_mib", hwm.Close());
  if (r.ceiling_per_s) {
    json.Raw("ceiling_per_s", Number(*r.ceiling_per_s, 2));
    json.Raw("ratio", Number(*r.ceiling_per_s > 0
                                 ? std::optional<double>(f.diagnoses_per_s /
                                                         *r.ceiling_per_s)
                                 : std::nullopt,
                             4));
  }
  if (r.fanout) {
    const FanoutFigures& fo = *r.fanout;
    json.Int("streams_requested", fo.streams_requested);
    json.Int("streams_open", fo.streams_open);
    json.Raw("open_s", Number(fo.open_s, 3));
    json.Int("replayed_events", fo.replayed_events);
    json.Raw("frontend_rss_before_mib",
             Number(Mib(fo.frontend_rss_before_kib), 1));
    json.Raw("frontend_rss_peak_mib", Number(Mib(fo.frontend_rss_peak_kib), 1));
    json.Raw("rss_per_stream_kib", Number(RssPerStreamKib(fo), 2));
  }
  JsonObject labels;
  for (const auto& [key, value] : r.labels) labels.Str(key, value);
  json.Raw("labels", labels.Close());
  return json.Close();
}

std::string RenderTable(const Report& r) {
  const LoadFigures& f = r.figures;
  std::string out = absl::StrFormat(
      "ndrdiag-bench %s  target=%s  families=%s  %s  channels=%d  "
      "stream=%s\n",
      r.mode, r.target, r.families,
      r.fanout ? absl::StrFormat("streams=%d", r.concurrency)
      : r.rate > 0
          ? absl::StrFormat("concurrency=%d  rate=%.1f/s (open loop)",
                            r.concurrency, r.rate)
          : absl::StrFormat("concurrency=%d  closed loop", r.concurrency),
      r.channels, r.stream);
  absl::StrAppendFormat(
      &out,
      "window %.3f s (after %.3f s warmup)  started %d  measured %d  "
      "skipped starts %d  unfinished %d\n",
      r.window_s, r.warmup_s, r.started, f.measured, r.skipped_starts,
      r.unfinished);
  absl::StrAppendFormat(&out, "diagnoses %d  = %.2f/s", f.diagnoses,
                        f.diagnoses_per_s);
  if (r.ceiling_per_s && *r.ceiling_per_s > 0) {
    absl::StrAppendFormat(&out, "  ceiling %.2f/s  ratio %.4f",
                          *r.ceiling_per_s,
                          f.diagnoses_per_s / *r.ceiling_per_s);
  }
  absl::StrAppendFormat(&out, "\nerrors %d", f.errors);
  for (const auto& [code, n] : f.errors_by_code) {
    absl::StrAppendFormat(&out, "  %s=%d", code, n);
  }
  out += "\n\n";
  absl::StrAppendFormat(&out, "%-14s %9s %10s %10s %10s %10s\n", "latency (ms)",
                        "n", "p50", "p90", "p99", "max");
  auto row = [&](absl::string_view name, const std::optional<Percentiles>& p) {
    absl::StrAppendFormat(
        &out, "%-14s %9d %10s %10s %10s %10s\n", name, p ? p->count : 0,
        Cell(p, &Percentiles::p50), Cell(p, &Percentiles::p90),
        Cell(p, &Percentiles::p99), Cell(p, &Percentiles::max));
  };
  row("accepted", f.accepted);
  row("first_result", f.first_result);
  row("verdict", f.verdict);
  row("event", f.event);
  if (!r.event_stamp_precision.empty()) {
    absl::StrAppend(
        &out, "(event = receipt - DiagnosisEvent.time, stamped to the ",
        r.event_stamp_precision == "us" ? "microsecond" : "millisecond", ")\n");
  }
  if (!r.rss.empty()) {
    absl::StrAppendFormat(&out, "\n%-14s %10s %10s\n", "rss (MiB)", "peak",
                          "hwm");
    for (const ProcessRss& p : r.rss) {
      absl::StrAppendFormat(&out, "%-14s %10s %10s\n", p.name,
                            MibCell(p.peak_kib), MibCell(p.hwm_kib));
    }
  }
  if (r.fanout) {
    const FanoutFigures& fo = *r.fanout;
    std::optional<double> per = RssPerStreamKib(fo);
    absl::StrAppendFormat(
        &out,
        "\nstreams %d requested, %d open at peak (all open after %.3f s), "
        "%d replayed events not timed\n"
        "frontend rss %s MiB before, %s MiB peak, %s KiB per stream\n",
        fo.streams_requested, fo.streams_open, fo.open_s, fo.replayed_events,
        MibCell(fo.frontend_rss_before_kib), MibCell(fo.frontend_rss_peak_kib),
        per ? absl::StrFormat("%.2f", *per) : std::string("-"));
  }
  if (!r.labels.empty()) {
    out += "\nlabels";
    for (const auto& [key, value] : r.labels) {
      absl::StrAppend(&out, " ", key, "=", value);
    }
    out += "\n";
  }
  return out;
}

}  // namespace ndrdiag::bench
