// smtp.rcpt.known, smtp.rcpt.dbeb_mode, smtp.rcpt.relay_denied and
// tenant.domain.resync on hand-built sessions with observed reply texts.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ndrdiag/v1/tenant.pb.h"
#include "tests/workers/checks/smtp/smtp_session_builder.h"
#include "tests/workers/checks/smtp/smtp_test_util.h"
#include "workers/checks/dns/ip_ranges.h"
#include "workers/checks/smtp/smtp_checks.h"

namespace ndrdiag {
namespace {

using ::ndrdiag::testing::Evidence;
using ::ndrdiag::testing::kAttr35;
using ::ndrdiag::testing::kBannedIp;
using ::ndrdiag::testing::kDbeb;
using ::ndrdiag::testing::kEopHost;
using ::ndrdiag::testing::kPartnerLockdown;
using ::ndrdiag::testing::kRecipientOk;
using ::ndrdiag::testing::kRelayEop;
using ::ndrdiag::testing::kRelayOnPrem;
using ::ndrdiag::testing::RunRule;
using ::ndrdiag::testing::SessionBuilder;
using ::ndrdiag::testing::SmtpEvidenceCount;
using ::testing::HasSubstr;

constexpr char kKnown[] = "alice@contoso.com";
constexpr char kRandom[] = "ndrdiag-3f2a9c1e@contoso.com";

// An EOP session answering the known and the random recipient.
SmtpSessionEvidence Eop(int known_code, const std::string& known_text,
                        int random_code, const std::string& random_text,
                        const std::string& address = "104.47.1.1") {
  return SessionBuilder(kEopHost, address)
      .Eop()
      .Rcpt(kKnown, known_code, known_text)
      .Rcpt(kRandom, random_code, random_text)
      .Build();
}

v1::TenantSnapshot Snapshot(const std::string& type) {
  v1::TenantSnapshot snapshot;
  v1::AcceptedDomain* d = snapshot.mutable_exo()->add_accepted_domains();
  d->set_domain_name("contoso.com");
  d->set_domain_type(type);
  v1::Recipient* r = snapshot.mutable_exo()->add_recipients();
  r->set_primary_smtp_address("Alice.Smith@contoso.com");
  r->set_recipient_type_details("UserMailbox");
  r->add_email_addresses("SMTP:Alice.Smith@contoso.com");
  r->add_email_addresses("smtp:ALICE@contoso.com");
  return snapshot;
}

// ---- smtp.rcpt.known --------------------------------------------------------

TEST(SmtpRcptKnownTest, NoAddressGivenIsSkipped) {
  v1::CheckResult r = RunRule(&CheckSmtpRcptKnown,
                              Evidence({SessionBuilder(kEopHost, "104.47.1.1")
                                            .Eop()
                                            .Rcpt(kRandom, 550, kDbeb)
                                            .Build()}));
  EXPECT_EQ(r.status(), v1::SKIPPED);
  EXPECT_EQ(r.inconclusive_reason(), "no recipient address given");
}

TEST(SmtpRcptKnownTest, RecipientOkPasses) {
  v1::CheckResult r =
      RunRule(&CheckSmtpRcptKnown,
              Evidence({Eop(250, kRecipientOk, 550, kDbeb)}, kKnown));
  EXPECT_EQ(r.status(), v1::PASS);
  EXPECT_EQ(r.message_args().at("reply"), "250 2.1.5 Recipient OK");
  EXPECT_EQ(SmtpEvidenceCount(r), 1);
}

TEST(SmtpRcptKnownTest, DbebRejectionFailsRecipientNotFound) {
  v1::CheckResult r = RunRule(&CheckSmtpRcptKnown,
                              Evidence({Eop(550, kDbeb, 550, kDbeb)}, kKnown));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::RECIPIENT_NOT_FOUND);
  EXPECT_THAT(r.message_args().at("reply"), HasSubstr("AS(201806281)"));
  EXPECT_EQ(r.message_args().at("host"), kEopHost);
  EXPECT_EQ(r.message_args().at("address"), "104.47.1.1");
}

TEST(SmtpRcptKnownTest, Attr35FailsLegacyEndpoint) {
  auto e = Evidence({SessionBuilder("mail.global.frontbridge.com", "65.55.88.1")
                         .Eop()
                         .Rcpt(kKnown, 451, kAttr35)
                         .Build()},
                    kKnown);
  v1::CheckResult r = RunRule(&CheckSmtpRcptKnown, e);
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::MX_LEGACY_ENDPOINT);
}

TEST(SmtpRcptKnownTest, PartnerLockdownIsInfoNotACause) {
  v1::CheckResult r = RunRule(
      &CheckSmtpRcptKnown,
      Evidence({Eop(550, kPartnerLockdown, 550, kPartnerLockdown)}, kKnown));
  EXPECT_EQ(r.status(), v1::INFO);
  EXPECT_EQ(r.message_key(), "smtp.rcpt.known.info_partner_lockdown");
}

TEST(SmtpRcptKnownTest, RelayRefusalPointsToTheRelayCheck) {
  v1::CheckResult r =
      RunRule(&CheckSmtpRcptKnown,
              Evidence({Eop(550, kRelayEop, 550, kRelayEop)}, kKnown));
  EXPECT_EQ(r.status(), v1::INFO);
  EXPECT_EQ(r.message_key(), "smtp.rcpt.known.info_relay_denied");
}

TEST(SmtpRcptKnownTest, RefusalsOfTheProbeAreInconclusive) {
  // Banned sending IP at MAIL FROM: no RCPT was asked.
  auto banned = Evidence({SessionBuilder(kEopHost, "104.47.1.1")
                              .Banner(::ndrdiag::testing::kEopBanner)
                              .Ehlo(::ndrdiag::testing::EopEhloLines())
                              .MailFrom(550, kBannedIp)
                              .Build()},
                         kKnown);
  for (auto rule : {&CheckSmtpRcptKnown, &CheckSmtpRcptDbebMode,
                    &CheckSmtpRcptRelayDenied}) {
    v1::CheckResult r = RunRule(rule, banned);
    EXPECT_EQ(r.status(), v1::INCONCLUSIVE) << r.check_id();
    EXPECT_THAT(r.inconclusive_reason(), HasSubstr("banned sending IP"));
  }
  // Greylisting and throttling at RCPT.
  auto greylisted =
      Evidence({Eop(450,
                    "4.7.1 <alice@contoso.com>: Recipient address rejected: "
                    "Greylisted",
                    451,
                    "4.7.500 Server busy. Please try again later from "
                    "[198.51.100.7]. (S77719)")},
               kKnown);
  v1::CheckResult r = RunRule(&CheckSmtpRcptKnown, greylisted);
  EXPECT_EQ(r.status(), v1::INCONCLUSIVE);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("greylisted"));
  r = RunRule(&CheckSmtpRcptDbebMode, greylisted);
  EXPECT_EQ(r.status(), v1::INCONCLUSIVE);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("throttled (4.7.500)"));
  EXPECT_EQ(RunRule(&CheckSmtpRcptRelayDenied, greylisted).status(),
            v1::INCONCLUSIVE);
}

TEST(SmtpRcptKnownTest, UnnamedRejectionWarnsWithoutCause) {
  auto e = Evidence({SessionBuilder("mail.contoso.com", "198.51.100.25")
                         .OnPrem()
                         .Rcpt(kKnown, 550,
                               "5.1.1 <alice@contoso.com>: "
                               "Recipient address rejected: User "
                               "unknown in local recipient table")
                         .Build()},
                    kKnown);
  v1::CheckResult r = RunRule(&CheckSmtpRcptKnown, e);
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_EQ(r.cause(), v1::ROOT_CAUSE_UNSPECIFIED);
}

TEST(SmtpRcptKnownTest, UsesTheSpecsAddressWhenTheProbeDidNotRecordOne) {
  DiagnosisEvidence e = Evidence({Eop(250, kRecipientOk, 550, kDbeb)});
  e.recipient_address = "ALICE@contoso.com";
  EXPECT_EQ(RunRule(&CheckSmtpRcptKnown, e).status(), v1::PASS);
}

// ---- smtp.rcpt.dbeb_mode ----------------------------------------------------

TEST(SmtpDbebModeTest, WithoutSnapshotReportsTheObservedMode) {
  v1::CheckResult r = RunRule(&CheckSmtpRcptDbebMode,
                              Evidence({Eop(250, kRecipientOk, 550, kDbeb)}));
  EXPECT_EQ(r.status(), v1::INFO);
  EXPECT_EQ(r.message_key(), "smtp.rcpt.dbeb_mode.info_active");
  EXPECT_EQ(r.message_args().at("recipient"), kRandom);

  r = RunRule(&CheckSmtpRcptDbebMode,
              Evidence({Eop(250, kRecipientOk, 250, kRecipientOk)}));
  EXPECT_EQ(r.status(), v1::INFO);
  EXPECT_EQ(r.message_key(), "smtp.rcpt.dbeb_mode.info_off");
}

TEST(SmtpDbebModeTest, MatchingSnapshotPasses) {
  auto e = Evidence({Eop(250, kRecipientOk, 550, kDbeb)});
  v1::TenantSnapshot snapshot = Snapshot("Authoritative");
  e.snapshot = &snapshot;
  EXPECT_EQ(RunRule(&CheckSmtpRcptDbebMode, e).message_key(),
            "smtp.rcpt.dbeb_mode.pass_active");
  auto off = Evidence({Eop(250, kRecipientOk, 250, kRecipientOk)});
  v1::TenantSnapshot relay = Snapshot("InternalRelay");
  off.snapshot = &relay;
  EXPECT_EQ(RunRule(&CheckSmtpRcptDbebMode, off).message_key(),
            "smtp.rcpt.dbeb_mode.pass_off");
}

TEST(SmtpDbebModeTest, MismatchWithSnapshotWarnsDomainType) {
  auto e = Evidence({Eop(250, kRecipientOk, 250, kRecipientOk)});
  v1::TenantSnapshot snapshot = Snapshot("Authoritative");
  e.snapshot = &snapshot;
  v1::CheckResult r = RunRule(&CheckSmtpRcptDbebMode, e);
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_EQ(r.cause(), v1::ACCEPTED_DOMAIN_TYPE);
  EXPECT_EQ(r.message_key(), "smtp.rcpt.dbeb_mode.warn_mismatch_off");

  auto active = Evidence({Eop(550, kDbeb, 550, kDbeb)});
  v1::TenantSnapshot relay = Snapshot("InternalRelay");
  active.snapshot = &relay;
  r = RunRule(&CheckSmtpRcptDbebMode, active);
  EXPECT_EQ(r.message_key(), "smtp.rcpt.dbeb_mode.warn_mismatch_active");
  EXPECT_EQ(r.message_args().at("domain_type"), "InternalRelay");
}

TEST(SmtpDbebModeTest, EopAddressesThatDisagreeWarn) {
  v1::CheckResult r = RunRule(
      &CheckSmtpRcptDbebMode,
      Evidence({Eop(250, kRecipientOk, 550, kDbeb, "104.47.1.1"),
                Eop(250, kRecipientOk, 250, kRecipientOk, "104.47.2.2")}));
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_EQ(r.message_key(), "smtp.rcpt.dbeb_mode.warn_nodes_disagree");
  EXPECT_EQ(r.message_args().at("other_address"), "104.47.2.2");
  EXPECT_EQ(SmtpEvidenceCount(r), 2);
}

TEST(SmtpDbebModeTest, OtherHostsCannotShowDbeb) {
  auto e = Evidence({SessionBuilder("mail.contoso.com", "198.51.100.25")
                         .OnPrem()
                         .Rcpt(kRandom, 250, "2.1.5 Ok")
                         .Build()});
  v1::CheckResult r = RunRule(&CheckSmtpRcptDbebMode, e);
  EXPECT_EQ(r.status(), v1::INFO);
  EXPECT_EQ(r.message_key(), "smtp.rcpt.dbeb_mode.info_not_eop");
}

// ---- smtp.rcpt.relay_denied -------------------------------------------------

TEST(SmtpRelayDeniedTest, RelayRefusalAtEopIsDomainNotAccepted) {
  v1::CheckResult r =
      RunRule(&CheckSmtpRcptRelayDenied,
              Evidence({Eop(550, kRelayEop, 550, kRelayEop)}, kKnown));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::DOMAIN_NOT_ACCEPTED);
  EXPECT_EQ(r.message_args().at("reply"), "550 5.4.1 Relay Access Denied");
  EXPECT_EQ(r.message_args().at("recipient"), kKnown);
}

TEST(SmtpRelayDeniedTest, OldHostRefusingIsMxIncorrect) {
  // CHECKS.md §5 scenario 1 (mx-old-host).
  auto e = Evidence({SessionBuilder("mail.contoso.com", "198.51.100.25")
                         .Banner("EX01.contoso.com Microsoft ESMTP MAIL "
                                 "Service ready at Thu, 22 Jun 2023")
                         .Ehlo({"EX01.contoso.com Hello", "STARTTLS"})
                         .MailFrom()
                         .Rcpt(kKnown, 550, kRelayOnPrem)
                         .Rcpt(kRandom, 550, kRelayOnPrem)
                         .Build()},
                    kKnown);
  v1::CheckResult r = RunRule(&CheckSmtpRcptRelayDenied, e);
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::MX_INCORRECT);
  EXPECT_EQ(r.message_key(), "smtp.rcpt.relay_denied.fail_other_host");
  EXPECT_THAT(r.message_args().at("reply"), HasSubstr("non-accepted domain"));
}

TEST(SmtpRelayDeniedTest, AnEopAddressMakesTheHostEop) {
  auto ranges = IpRanges::Parse("127.77.0.0/16");
  ASSERT_TRUE(ranges.ok());
  auto e = Evidence({SessionBuilder("mx1.lab", "127.77.1.1")
                         .Banner("mx1.lab ESMTP")
                         .MailFrom()
                         .Rcpt(kRandom, 550, kRelayEop)
                         .Build()});
  e.dns.eop_ranges = &*ranges;
  EXPECT_EQ(RunRule(&CheckSmtpRcptRelayDenied, e).cause(),
            v1::DOMAIN_NOT_ACCEPTED);
}

TEST(SmtpRelayDeniedTest, DbebProvesTheDomainIsAccepted) {
  v1::CheckResult r =
      RunRule(&CheckSmtpRcptRelayDenied,
              Evidence({Eop(250, kRecipientOk, 550, kDbeb)}, kKnown));
  EXPECT_EQ(r.status(), v1::PASS);
  EXPECT_EQ(r.message_key(), "smtp.rcpt.relay_denied.pass");
}

TEST(SmtpRelayDeniedTest, OnlyA250AtEopPassesWithTheCaveat) {
  v1::CheckResult r =
      RunRule(&CheckSmtpRcptRelayDenied,
              Evidence({Eop(250, kRecipientOk, 250, kRecipientOk)}, kKnown));
  EXPECT_EQ(r.status(), v1::PASS);
  EXPECT_EQ(r.message_key(), "smtp.rcpt.relay_denied.pass_unconfirmed");
}

TEST(SmtpRelayDeniedTest, AttributionIsNotARelayRefusal) {
  v1::CheckResult r = RunRule(
      &CheckSmtpRcptRelayDenied,
      Evidence({Eop(550, "5.7.64 TenantAttribution; Relay Access Denied", 550,
                    "5.7.64 TenantAttribution; Relay Access Denied")},
               kKnown));
  EXPECT_EQ(r.status(), v1::INCONCLUSIVE);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("5.7.64"));
  EXPECT_EQ(RunRule(&CheckSmtpRcptKnown,
                    Evidence({Eop(550,
                                  "5.7.64 TenantAttribution; Relay Access "
                                  "Denied",
                                  250, kRecipientOk)},
                             kKnown))
                .message_key(),
            "smtp.rcpt.known.info_attribution");
}

TEST(SmtpRelayDeniedTest, Attr35IsLeftToTheKnownRecipientCheck) {
  v1::CheckResult r =
      RunRule(&CheckSmtpRcptRelayDenied,
              Evidence({Eop(451, kAttr35, 451, kAttr35)}, kKnown));
  EXPECT_EQ(r.status(), v1::INFO);
  EXPECT_EQ(r.message_key(), "smtp.rcpt.relay_denied.info_legacy");
}

// ---- tenant.domain.resync ---------------------------------------------------

TEST(TenantDomainResyncTest, WholeDomainDbebWhileTheRecipientExistsWarns) {
  // CHECKS.md §5 scenario 15 (dbeb-domain-stale).
  auto e = Evidence({Eop(550, kDbeb, 550, kDbeb, "104.47.1.1"),
                     Eop(550, kDbeb, 550, kDbeb, "104.47.2.2")},
                    kKnown);
  v1::TenantSnapshot snapshot = Snapshot("Authoritative");
  e.snapshot = &snapshot;
  v1::CheckResult r = RunRule(&CheckTenantDomainResync, e);
  EXPECT_EQ(r.family(), v1::TENANT);
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_EQ(r.cause(), v1::RECIPIENT_NOT_FOUND);
  EXPECT_EQ(r.message_args().at("recipient_type"), "UserMailbox");
  EXPECT_THAT(r.message_args().at("addresses"), HasSubstr("104.47.2.2"));
  EXPECT_EQ(SmtpEvidenceCount(r), 2);
}

TEST(TenantDomainResyncTest, NeedsSnapshotAddressAndTheRecipientInIt) {
  auto e = Evidence({Eop(550, kDbeb, 550, kDbeb)}, kKnown);
  EXPECT_EQ(RunRule(&CheckTenantDomainResync, e).status(), v1::SKIPPED);

  v1::TenantSnapshot snapshot = Snapshot("Authoritative");
  auto no_address = Evidence({Eop(550, kDbeb, 550, kDbeb)});
  no_address.snapshot = &snapshot;
  EXPECT_EQ(RunRule(&CheckTenantDomainResync, no_address).inconclusive_reason(),
            "no recipient address given");

  auto stranger = Evidence({SessionBuilder(kEopHost, "104.47.1.1")
                                .Eop()
                                .Rcpt("bob@contoso.com", 550, kDbeb)
                                .Build()},
                           "bob@contoso.com");
  stranger.snapshot = &snapshot;
  v1::CheckResult r = RunRule(&CheckTenantDomainResync, stranger);
  EXPECT_EQ(r.status(), v1::SKIPPED);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("tenant.recipient.dbeb"));
}

TEST(TenantDomainResyncTest, AcceptedRecipientPasses) {
  auto e = Evidence({Eop(250, kRecipientOk, 550, kDbeb)}, kKnown);
  v1::TenantSnapshot snapshot = Snapshot("Authoritative");
  e.snapshot = &snapshot;
  EXPECT_EQ(RunRule(&CheckTenantDomainResync, e).status(), v1::PASS);
}

TEST(TenantDomainResyncTest, OnlyTheRecipientRejectedIsInfo) {
  auto e = Evidence({Eop(550, kDbeb, 250, kRecipientOk)}, kKnown);
  v1::TenantSnapshot snapshot = Snapshot("Authoritative");
  e.snapshot = &snapshot;
  v1::CheckResult r = RunRule(&CheckTenantDomainResync, e);
  EXPECT_EQ(r.status(), v1::INFO);
  EXPECT_EQ(r.message_key(), "tenant.domain.resync.info_recipient_only");
}

TEST(TenantDomainResyncTest, ProbeRefusedIsInconclusive) {
  auto e = Evidence({Eop(550, kBannedIp, 550, kBannedIp)}, kKnown);
  v1::TenantSnapshot snapshot = Snapshot("Authoritative");
  e.snapshot = &snapshot;
  v1::CheckResult r = RunRule(&CheckTenantDomainResync, e);
  EXPECT_EQ(r.status(), v1::INCONCLUSIVE);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("banned sending IP"));
}

// ---- the table --------------------------------------------------------------

TEST(SmtpChecksTest, CatalogueOrderFamiliesAndStages) {
  std::vector<std::string> ids;
  for (const Check& check : SmtpChecks()) {
    ids.emplace_back(check.id);
    EXPECT_EQ(check.needs, uint32_t{kSmtpStageMx}) << check.id;
    EXPECT_EQ(check.family,
              check.id == kCheckTenantDomainResync ? v1::TENANT : v1::CONNECTOR)
        << check.id;
    EXPECT_NE(FindCatalogEntry(check.id), nullptr) << check.id;
  }
  EXPECT_THAT(ids, ::testing::ElementsAre(
                       "smtp.mx.connect", "smtp.ehlo.caps", "smtp.starttls",
                       "smtp.rcpt.known", "smtp.rcpt.dbeb_mode",
                       "smtp.rcpt.relay_denied", "tenant.domain.resync"));
  // Each rule names its own check id and family.
  auto e = Evidence({Eop(250, kRecipientOk, 550, kDbeb)}, kKnown);
  for (const Check& check : SmtpChecks()) {
    v1::CheckResult r = RunRule(check.rule, e);
    EXPECT_EQ(r.check_id(), check.id);
    EXPECT_EQ(r.family(), check.family);
  }
}

}  // namespace
}  // namespace ndrdiag
