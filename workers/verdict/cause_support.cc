#include "workers/verdict/cause_support.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace ndrdiag::verdict_internal {

void AddCheckId(CauseSupport& s, absl::string_view id) {
  if (std::find(s.check_ids.begin(), s.check_ids.end(), id) ==
      s.check_ids.end()) {
    s.check_ids.emplace_back(id);
  }
}

std::string CauseKey(v1::RootCause cause) {
  std::string key = absl::StrCat("verdict.cause.", v1::RootCause_Name(cause));
  if (FindCatalogEntry(key) == nullptr) key = "verdict.cause.generic";
  return key;
}

std::string CauseTitle(v1::RootCause cause, Locale locale) {
  return CatalogText(CauseKey(cause), TextField::kTitle, locale, {});
}

std::string JoinLocalized(const std::vector<std::string>& items,
                          Locale locale) {
  return absl::StrJoin(items, locale == Locale::kJapanese ? "、" : ", ");
}

std::string CheckNames(const std::vector<std::string>& ids, Locale locale) {
  std::vector<std::string> names;
  for (const std::string& id : ids) {
    std::string title = CatalogText(id, TextField::kTitle, locale, {});
    names.push_back(title.empty() ? id : absl::StrCat(title, " (", id, ")"));
  }
  return JoinLocalized(names, locale);
}

}  // namespace ndrdiag::verdict_internal
