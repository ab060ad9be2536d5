// Internal to workers/i18n: the catalogue's tables, one function per part so
// each file of texts stays small.
#ifndef NDRDIAG_WORKERS_I18N_CATALOG_DATA_H_
#define NDRDIAG_WORKERS_I18N_CATALOG_DATA_H_

#include <vector>

#include "workers/i18n/catalog.h"

namespace ndrdiag::i18n_internal {

// Titles, outcomes and terms of the checks.
void AppendCheckEntries(std::vector<CatalogEntry>& entries);
// Texts of the zone-level and secondary DNS checks (catalog_dns.cc).
void AppendDnsEntries(std::vector<CatalogEntry>& entries);
// Texts of the smtp.* checks (catalog_smtp.cc).
void AppendSmtpEntries(std::vector<CatalogEntry>& entries);
// Texts of the tenant.* checks (catalog_tenant.cc).
void AppendTenantEntries(std::vector<CatalogEntry>& entries);
// Texts of the conn.* checks (catalog_connector.cc).
void AppendConnectorEntries(std::vector<CatalogEntry>& entries);
// Texts of the hybrid.* checks (catalog_hybrid.cc).
void AppendHybridEntries(std::vector<CatalogEntry>& entries);
// Causes of the verdict from the probe and the snapshot
// (catalog_verdict_connector.cc).
void AppendVerdictConnectorEntries(std::vector<CatalogEntry>& entries);
// Causes and summaries of the verdict.
void AppendVerdictEntries(std::vector<CatalogEntry>& entries);

}  // namespace ndrdiag::i18n_internal

#endif  // NDRDIAG_WORKERS_I18N_CATALOG_DATA_H_
