#include "workers/checks/ndr/ndr_steering.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ndrdiag {
namespace {

using ::testing::ElementsAre;

v1::NdrReport Causes(std::initializer_list<v1::RootCause> causes) {
  v1::NdrReport r;
  for (v1::RootCause c : causes) r.add_causes(c);
  return r;
}

TEST(NdrSteeringTest, WithoutAnNdrTheCatalogueOrder) {
  EXPECT_THAT(FamilyOrder(nullptr), ElementsAre(v1::NDR, v1::DNS, v1::CONNECTOR,
                                                v1::TENANT, v1::HYBRID));
  v1::NdrReport unknown = Causes({v1::UNKNOWN});
  EXPECT_THAT(
      FamilyOrder(&unknown),
      ElementsAre(v1::NDR, v1::DNS, v1::CONNECTOR, v1::TENANT, v1::HYBRID));
}

TEST(NdrSteeringTest, TheNdrsCausesFirst) {
  v1::NdrReport kb =
      Causes({v1::CONNECTOR_MISCONFIGURED, v1::HYBRID_SEND_CONNECTOR});
  EXPECT_THAT(FamilyOrder(&kb), ElementsAre(v1::NDR, v1::CONNECTOR, v1::HYBRID,
                                            v1::TENANT, v1::DNS));
  v1::NdrReport dbeb = Causes({v1::RECIPIENT_NOT_FOUND});
  EXPECT_THAT(FamilyOrder(&dbeb), ElementsAre(v1::NDR, v1::CONNECTOR,
                                              v1::TENANT, v1::DNS, v1::HYBRID));
  v1::NdrReport relay = Causes({v1::DOMAIN_NOT_ACCEPTED, v1::MX_INCORRECT});
  EXPECT_THAT(
      FamilyOrder(&relay),
      ElementsAre(v1::NDR, v1::TENANT, v1::CONNECTOR, v1::DNS, v1::HYBRID));
}

TEST(NdrSteeringTest, EveryCauseMapsToAFamily) {
  for (int c = v1::RootCause_MIN; c <= v1::RootCause_MAX; ++c) {
    const auto cause = static_cast<v1::RootCause>(c);
    if (cause == v1::ROOT_CAUSE_UNSPECIFIED || cause == v1::HEALTHY ||
        cause == v1::UNKNOWN) {
      EXPECT_TRUE(FamiliesForCause(cause).empty()) << c;
    } else {
      EXPECT_FALSE(FamiliesForCause(cause).empty())
          << v1::RootCause_Name(cause);
    }
  }
}

}  // namespace
}  // namespace ndrdiag
