// Sampling of VmRSS / VmHWM (see rss_sampler.h).
#include "bench/load/rss_sampler.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace ndrdiag::bench {

std::optional<int64_t> ParseStatusKib(absl::string_view status,
                                      absl::string_view key) {
  for (absl::string_view line : absl::StrSplit(status, '\n')) {
    if (!absl::ConsumePrefix(&line, key) || !absl::ConsumePrefix(&line, ":")) {
      continue;
    }
    line = absl::StripAsciiWhitespace(line);
    absl::ConsumeSuffix(&line, "kB");
    int64_t kib;
    if (absl::SimpleAtoi(absl::StripAsciiWhitespace(line), &kib)) return kib;
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<int64_t> ReadStatusKib(int pid, absl::string_view key) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return ParseStatusKib(text.str(), key);
}

RssSampler::RssSampler(std::vector<std::pair<std::string, int>> processes,
                       absl::Duration period)
    : processes_(std::move(processes)),
      period_(period),
      peaks_(processes_.size()) {
  SampleOnce();
  if (!processes_.empty()) thread_ = std::thread([this] { Run(); });
}

RssSampler::~RssSampler() { Finish(); }

void RssSampler::SampleOnce() {
  for (size_t i = 0; i < processes_.size(); ++i) {
    std::optional<int64_t> kib = ReadStatusKib(processes_[i].second, "VmRSS");
    if (!kib) continue;
    absl::MutexLock lock(&mu_);
    peaks_[i] = std::max(peaks_[i].value_or(0), *kib);
  }
}

void RssSampler::Run() {
  absl::MutexLock lock(&mu_);
  while (!stopping_) {
    // Wakes early when Finish() sets stopping_.
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), period_);
    if (stopping_) break;
    mu_.Unlock();
    SampleOnce();
    mu_.Lock();
  }
}

void RssSampler::BeginWindow() {
  {
    absl::MutexLock lock(&mu_);
    for (auto& peak : peaks_) peak.reset();
  }
  SampleOnce();
}

std::vector<ProcessRss> RssSampler::Finish() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
  std::vector<ProcessRss> out;
  absl::MutexLock lock(&mu_);
  for (size_t i = 0; i < processes_.size(); ++i) {
    out.push_back({processes_[i].first, peaks_[i],
                   ReadStatusKib(processes_[i].second, "VmHWM")});
  }
  return out;
}

std::optional<int64_t> RssSampler::CurrentKib(absl::string_view name) const {
  for (const auto& [n, pid] : processes_) {
    if (n == name) return ReadStatusKib(pid, "VmRSS");
  }
  return std::nullopt;
}

std::optional<int64_t> RssSampler::PeakKib(absl::string_view name) const {
  absl::MutexLock lock(&mu_);
  for (size_t i = 0; i < processes_.size(); ++i) {
    if (processes_[i].first == name) return peaks_[i];
  }
  return std::nullopt;
}

}  // namespace ndrdiag::bench
