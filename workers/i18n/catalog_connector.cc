// Texts of the conn.* checks (Exchange Online connectors). Keep English and
// Japanese of one entry side by side, with the same placeholders.
#include "workers/i18n/catalog_data.h"

namespace ndrdiag::i18n_internal {

void AppendConnectorEntries(std::vector<CatalogEntry>& entries) {
  // Filled in with the family's rules.
  (void)entries;
}

}  // namespace ndrdiag::i18n_internal
