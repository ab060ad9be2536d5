#include "workers/checks/ndr/ndr_steering.h"

#include <algorithm>

namespace ndrdiag {
namespace {

// Catalogue order (workers/checks/check_catalog.cc), NDR first because it
// needs no probe and tells the reader what the rest is looking for.
constexpr v1::CheckFamily kCatalogueOrder[] = {v1::NDR, v1::DNS, v1::CONNECTOR,
                                               v1::TENANT, v1::HYBRID};

void AddOnce(std::vector<v1::CheckFamily>& order, v1::CheckFamily family) {
  if (std::find(order.begin(), order.end(), family) == order.end()) {
    order.push_back(family);
  }
}

}  // namespace

std::vector<v1::CheckFamily> FamiliesForCause(v1::RootCause cause) {
  switch (cause) {
    case v1::DOMAIN_NOT_FOUND:
    case v1::MX_MISSING:
    case v1::MX_INCORRECT:
    case v1::MX_MULTIPLE:
    case v1::MX_TARGET_UNRESOLVABLE:
    case v1::MX_LEGACY_ENDPOINT:
    case v1::DNS_PROPAGATION:
    case v1::DNS_INCONSISTENT_AUTHORITATIVE:
    case v1::DNS_LAME_DELEGATION:
    case v1::SPF_MISCONFIGURED:
    case v1::AUTODISCOVER_MISSING:
      return {v1::DNS, v1::TENANT};
    case v1::DOMAIN_NOT_ACCEPTED:
    case v1::DOMAIN_NOT_VERIFIED:
    case v1::ACCEPTED_DOMAIN_TYPE:
      // The tenant's domain list decides; EOP's own RCPT answer (the SMTP
      // probe, in the connector family) shows it live.
      return {v1::TENANT, v1::CONNECTOR};
    case v1::RECIPIENT_NOT_FOUND:
      return {v1::CONNECTOR, v1::TENANT};
    case v1::HOST_NOT_RESPONDING:
      return {v1::CONNECTOR, v1::DNS};
    case v1::CONNECTOR_MISCONFIGURED:
      return {v1::CONNECTOR, v1::HYBRID, v1::TENANT};
    case v1::HYBRID_SEND_CONNECTOR:
    case v1::HYBRID_RECEIVE_CONNECTOR:
    case v1::HYBRID_CERTIFICATE:
    case v1::HYBRID_ROUTING_DOMAIN:
      return {v1::HYBRID, v1::CONNECTOR};
    case v1::SERVICE_INCIDENT:
      return {v1::TENANT};
    default:
      return {};
  }
}

std::vector<v1::CheckFamily> FamilyOrder(const v1::NdrReport* ndr) {
  std::vector<v1::CheckFamily> order = {v1::NDR};
  if (ndr != nullptr) {
    for (int cause : ndr->causes()) {
      for (v1::CheckFamily family :
           FamiliesForCause(static_cast<v1::RootCause>(cause))) {
        AddOnce(order, family);
      }
    }
  }
  for (v1::CheckFamily family : kCatalogueOrder) AddOnce(order, family);
  return order;
}

}  // namespace ndrdiag
