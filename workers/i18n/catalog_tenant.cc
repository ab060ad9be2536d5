// Texts of the tenant.* checks (the tenant snapshot). Keep English and Japanese
// of one entry side by side, with the same placeholders.
#include "workers/i18n/catalog_data.h"

namespace ndrdiag::i18n_internal {

void AppendTenantEntries(std::vector<CatalogEntry>& entries) {
  // Filled in with the family's rules.
  (void)entries;
}

}  // namespace ndrdiag::i18n_internal
