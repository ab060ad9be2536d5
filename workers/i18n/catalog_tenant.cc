// Texts of the tenant.* checks (the tenant snapshot) and of the outcomes the
// snapshot adds to DNS checks (dns.verification.txt, dns.mx.target_format,
// dns.mx.ip_in_eop, dns.mx.priority). Keep English and Japanese of one entry
// side by side, with the same placeholders.
#include "workers/i18n/catalog_data.h"

namespace ndrdiag::i18n_internal {
namespace {

void AppendDomainEntries(std::vector<CatalogEntry>& entries) {
  // A table of texts reads better unwrapped.
  // clang-format off
  entries.insert(entries.end(), {
  // ---- Words substituted into tenant messages ---------------------------------
  {"term.captured_at.unknown",
   {.message = "unknown"},
   {.message = "不明な時刻"}},
  {"term.snapshot_age.unknown",
   {.message = "unknown"},
   {.message = "不明"}},
  {"term.not_compared.(none)",
   {.message = "(none)"},
   {.message = "(なし)"}},
  {"term.issues.(none)",
   {.message = "(none listed)"},
   {.message = "(記載なし)"}},
  {"term.errors.(none)",
   {.message = "(none)"},
   {.message = "(なし)"}},

  // ---- tenant.domain.verified -------------------------------------------------
  {"tenant.domain.verified",
   {.title = "Domain verified in the tenant"},
   {.title = "テナントでのドメインの確認"}},
  {"tenant.domain.verified.pass",
   {.message = "{graph_domain} is verified in {tenant} (Graph isVerified)."},
   {.message = "{graph_domain} は {tenant} で確認済みです (Graph の "
               "isVerified)。"}},
  {"tenant.domain.verified.fail_unverified",
   {.message = "{graph_domain} is added to {tenant} but not verified "
               "(isVerified = false): Exchange Online does not accept mail for "
               "{domain} until it is.",
    .remediation = "Publish the MS=ms… TXT record shown in Microsoft 365 admin "
                   "center > Settings > Domains and press Verify."},
   {.message = "{graph_domain} は {tenant} に追加されていますが確認されていま"
               "せん (isVerified = false)。確認が済むまで Exchange Online は "
               "{domain} 宛てのメールを受け付けません。",
    .remediation = "Microsoft 365 管理センターの [設定] > [ドメイン] に表示され"
                   "る MS=ms… の TXT レコードを DNS に登録し、[確認] を押してく"
                   "ださい。"}},
  {"tenant.domain.verified.fail_not_added",
   {.message = "{domain} is not added to {tenant}: it is not among the "
               "tenant's domains (Graph), so Exchange Online does not accept "
               "mail for it.",
    .remediation = "Add {domain} in Microsoft 365 admin center > Settings > "
                   "Domains and complete its verification."},
   {.message = "{domain} は {tenant} に追加されていません (Graph のドメイン一"
               "覧にありません)。Exchange Online はこのドメイン宛てのメールを"
               "受け付けません。",
    .remediation = "Microsoft 365 管理センターの [設定] > [ドメイン] で "
                   "{domain} を追加し、確認を完了してください。"}},

  // ---- tenant.domain.email_service --------------------------------------------
  {"tenant.domain.email_service",
   {.title = "Domain enabled for email"},
   {.title = "ドメインでメール サービスが有効"}},
  {"tenant.domain.email_service.pass",
   {.message = "{graph_domain} supports email ({services})."},
   {.message = "{graph_domain} はメールに対応しています ({services})。"}},
  {"tenant.domain.email_service.fail_no_email",
   {.message = "{graph_domain} is not set up for email (supportedServices: "
               "{services}); Exchange Online may not accept mail for {domain}. "
               "The exact effect on Exchange Online is unconfirmed.",
    .remediation = "Enable Exchange (Email) for {domain} in the domain set-up "
                   "of Microsoft 365 admin center."},
   {.message = "{graph_domain} はメール用に設定されていません "
               "(supportedServices: {services})。Exchange Online が {domain} "
               "宛てのメールを受け付けない可能性があります。Exchange Online "
               "への正確な影響は未確認です。",
    .remediation = "Microsoft 365 管理センターのドメインのセットアップで "
                   "{domain} の Exchange (メール) を有効にしてください。"}},

  // ---- tenant.domain.accepted -------------------------------------------------
  {"tenant.domain.accepted",
   {.title = "Accepted domain in Exchange Online"},
   {.title = "Exchange Online の承認済みドメイン"}},
  {"tenant.domain.accepted.pass",
   {.message = "{domain} is an accepted domain of Exchange Online ({type})."},
   {.message = "{domain} は Exchange Online の承認済みドメインです "
               "({type})。"}},
  {"tenant.domain.accepted.pass_subdomain",
   {.message = "{domain} is accepted through {accepted_domain} ({type}, "
               "MatchSubDomains)."},
   {.message = "{domain} は {accepted_domain} ({type}、MatchSubDomains) によ"
               "って承認されています。"}},
  {"tenant.domain.accepted.fail_missing",
   {.message = "{domain} is not an accepted domain of Exchange Online "
               "(Get-AcceptedDomain lists {accepted}): Exchange Online answers "
               "\"Relay Access Denied\" for it.",
    .remediation = "Add or re-verify {domain} so that it becomes an accepted "
                   "domain; after adding a domain, replication can take about "
                   "an hour."},
   {.message = "{domain} は Exchange Online の承認済みドメインではありません "
               "(Get-AcceptedDomain の一覧: {accepted})。Exchange Online はこの"
               "ドメイン宛てに \"Relay Access Denied\" を返します。",
    .remediation = "{domain} を追加または再確認して承認済みドメインにしてくださ"
                   "い。ドメインを追加してから反映されるまで 1 時間ほどかかるこ"
                   "とがあります。"}},

  // ---- tenant.domain.type -----------------------------------------------------
  {"tenant.domain.type",
   {.title = "Accepted domain type (Authoritative / InternalRelay)"},
   {.title = "承認済みドメインの種類 (Authoritative / InternalRelay)"}},
  {"tenant.domain.type.pass_authoritative",
   {.message = "{domain} is Authoritative and nothing in the snapshot says it "
               "has recipients on-premises: the expected type."},
   {.message = "{domain} は Authoritative で、スナップショットにはオンプレミ"
               "スの受信者を示すものがありません。想定どおりの種類です。"}},
  {"tenant.domain.type.pass_internal_relay",
   {.message = "{domain} is InternalRelay and has recipients on-premises "
               "({signals}): the expected type."},
   {.message = "{domain} は InternalRelay で、オンプレミスに受信者がいます "
               "({signals})。想定どおりの種類です。"}},
  {"tenant.domain.type.fail_authoritative_onprem",
   {.message = "{accepted_domain} is Authoritative, but {domain} has "
               "recipients on-premises ({signals}). Directory-Based Edge "
               "Blocking rejects every recipient Exchange Online does not know "
               "(550 5.4.1 … Access denied), and cloud senders get 550 5.1.1 "
               "RESOLVER.ADR.ExRecipNotFound for on-premises users that are not "
               "synced.",
    .remediation = "Run Set-AcceptedDomain {accepted_domain} -DomainType "
                   "InternalRelay for the shared namespace."},
   {.message = "{accepted_domain} は Authoritative ですが、{domain} にはオンプ"
               "レミスの受信者がいます ({signals})。ディレクトリ ベースのエッ"
               "ジ ブロック (DBEB) が Exchange Online の知らない受信者をすべて"
               "拒否し (550 5.4.1 … Access denied)、同期されていないオンプレ"
               "ミスのユーザー宛てにクラウドから送ると 550 5.1.1 "
               "RESOLVER.ADR.ExRecipNotFound になります。",
    .remediation = "共有名前空間のため、Set-AcceptedDomain {accepted_domain} "
                   "-DomainType InternalRelay を実行してください。"}},
  {"tenant.domain.type.warn_internal_relay_cloud",
   {.message = "{accepted_domain} is InternalRelay, but the tenant looks "
               "cloud-only (no OnPremises outbound connector, no hybrid): "
               "mail to unknown recipients is not rejected at the edge and may "
               "loop or bounce later.",
    .remediation = "Set {accepted_domain} to Authoritative "
                   "(Set-AcceptedDomain -DomainType Authoritative) unless "
                   "another system receives mail for it."},
   {.message = "{accepted_domain} は InternalRelay ですが、テナントはクラウド"
               "のみの構成に見えます (OnPremises 送信コネクタもハイブリッド構"
               "成もありません)。存在しない受信者宛てのメールが入口で拒否され"
               "ず、後でループや不達になることがあります。",
    .remediation = "ほかのシステムがこのドメインのメールを受信していないなら、"
                   "{accepted_domain} を Authoritative にしてください "
                   "(Set-AcceptedDomain -DomainType Authoritative)。"}},
  {"tenant.domain.type.info_internal_relay_unrouted",
   {.message = "{accepted_domain} is InternalRelay; the OnPremises outbound "
               "connectors ({connectors}) do not list {domain}. See "
               "conn.outbound.onprem for where its unknown recipients go."},
   {.message = "{accepted_domain} は InternalRelay ですが、OnPremises 送信コネ"
               "クタ ({connectors}) は {domain} を対象にしていません。存在しな"
               "い受信者宛てのメールの行き先は conn.outbound.onprem を参照して"
               "ください。"}},
  {"tenant.domain.type.info_other_type",
   {.message = "{accepted_domain} has the type {type}, which this check does "
               "not judge (Exchange Online knows Authoritative and "
               "InternalRelay)."},
   {.message = "{accepted_domain} の種類は {type} で、このチェックでは判定し"
               "ません (Exchange Online の種類は Authoritative と "
               "InternalRelay です)。"}},
  });
  // clang-format on
}

void AppendComparisonEntries(std::vector<CatalogEntry>& entries) {
  // clang-format off
  entries.insert(entries.end(), {
  // ---- tenant.dns_records_match -----------------------------------------------
  {"tenant.dns_records_match",
   {.title = "Live DNS matches the records Microsoft 365 lists"},
   {.title = "DNS の内容が Microsoft 365 の指定するレコードと一致"}},
  {"tenant.dns_records_match.pass",
   {.message = "Live DNS of {domain} has the records Microsoft 365 lists for "
               "it ({compared}); not compared: {not_compared}. Snapshot taken "
               "{captured_at} (age {snapshot_age})."},
   {.message = "{domain} の DNS には Microsoft 365 が指定するレコードがありま"
               "す ({compared})。比較しなかったもの: {not_compared}。スナップ"
               "ショットの取得: {captured_at} (経過 {snapshot_age})。"}},
  {"tenant.dns_records_match.fail_mx",
   {.message = "The MX of {domain} is not the one Microsoft 365 lists for the "
               "tenant: {mismatches}. Snapshot taken {captured_at} "
               "(age {snapshot_age}); not compared: {not_compared}.",
    .remediation = "Publish the MX exactly as shown in Microsoft 365 admin "
                   "center > Settings > Domains > {domain} > DNS records."},
   {.message = "{domain} の MX が、Microsoft 365 がテナントに指定するものと異"
               "なります: {mismatches}。スナップショットの取得: {captured_at} "
               "(経過 {snapshot_age})。比較しなかったもの: {not_compared}。",
    .remediation = "Microsoft 365 管理センターの [設定] > [ドメイン] > "
                   "{domain} > [DNS レコード] に表示されるとおりに MX を登録し"
                   "てください。"}},
  {"tenant.dns_records_match.warn_secondary",
   {.message = "Records of {domain} differ from what Microsoft 365 lists: "
               "{mismatches} (not a cause of 5.4.1). Snapshot taken "
               "{captured_at} (age {snapshot_age}); not compared: "
               "{not_compared}.",
    .remediation = "Publish the SPF and autodiscover records shown in "
                   "Microsoft 365 admin center > Settings > Domains."},
   {.message = "{domain} のレコードが Microsoft 365 の指定と異なります: "
               "{mismatches} (5.4.1 の原因ではありません)。スナップショットの"
               "取得: {captured_at} (経過 {snapshot_age})。比較しなかったもの: "
               "{not_compared}。",
    .remediation = "Microsoft 365 管理センターの [設定] > [ドメイン] に表示さ"
                   "れる SPF と autodiscover のレコードを登録してください。"}},

  // ---- tenant.dnssec.status ---------------------------------------------------
  {"tenant.dnssec.status",
   {.title = "DNSSEC status of the domain (Get-DnssecStatusForVerifiedDomain)"},
   {.title = "ドメインの DNSSEC 状態 (Get-DnssecStatusForVerifiedDomain)"}},
  {"tenant.dnssec.status.pass",
   {.message = "DNSSEC for inbound mail is enabled for {domain}; MX validation "
               "is {validation} and live DNS has the expected MX {expected}."},
   {.message = "{domain} では受信メールの DNSSEC が有効です。MX の検証結果は "
               "{validation} で、DNS には想定どおりの MX {expected} がありま"
               "す。"}},
  {"tenant.dnssec.status.info_not_enabled",
   {.message = "DNSSEC for inbound mail is not enabled for {domain} "
               "(DnssecFeatureStatus {status}): the classic MX applies."},
   {.message = "{domain} では受信メールの DNSSEC が有効ではありません "
               "(DnssecFeatureStatus {status})。従来の MX が使われます。"}},
  {"tenant.dnssec.status.info_cutover",
   {.message = "{domain} is switching to the DNSSEC MX: live DNS has both "
               "({records}); ExpectedMxRecord is {expected}. Snapshot taken "
               "{captured_at} (age {snapshot_age})."},
   {.message = "{domain} は DNSSEC 用の MX へ切り替え中です。DNS には両方あり"
               "ます ({records})。ExpectedMxRecord は {expected} です。スナッ"
               "プショットの取得: {captured_at} (経過 {snapshot_age})。"}},
  {"tenant.dnssec.status.fail_live_mx",
   {.message = "DNSSEC for inbound mail is enabled for {domain}, but live DNS "
               "({records}) lacks the expected MX {expected}. MX validation at "
               "{captured_at} (age {snapshot_age}): {validation}, errors: "
               "{errors}.",
    .remediation = "Publish the MX exactly as ExpectedMxRecord ({expected}), or "
                   "disable DNSSEC for the domain "
                   "(Disable-DnssecForVerifiedDomain) and restore the classic "
                   "MX."},
   {.message = "{domain} では受信メールの DNSSEC が有効ですが、DNS "
               "({records}) に想定の MX {expected} がありません。{captured_at} "
               "(経過 {snapshot_age}) の MX 検証結果: {validation}、エラー: "
               "{errors}。",
    .remediation = "ExpectedMxRecord ({expected}) のとおりに MX を登録するか、"
                   "ドメインの DNSSEC を無効にして "
                   "(Disable-DnssecForVerifiedDomain) 従来の MX に戻してくださ"
                   "い。"}},
  {"tenant.dnssec.status.fail_preference",
   {.message = "The DNSSEC MX of {domain} has preference {preference}; "
               "ExpectedMxRecord is {expected} (live: {records}; snapshot "
               "taken {captured_at}, age {snapshot_age}).",
    .remediation = "Set the preference to the one in ExpectedMxRecord "
                   "({expected})."},
   {.message = "{domain} の DNSSEC 用 MX の優先度は {preference} ですが、"
               "ExpectedMxRecord は {expected} です (DNS: {records}。スナップ"
               "ショットの取得: {captured_at}、経過 {snapshot_age})。",
    .remediation = "優先度を ExpectedMxRecord ({expected}) の値にしてください"
                   "。"}},
  {"tenant.dnssec.status.warn_validation",
   {.message = "Live DNS of {domain} has the expected MX {expected}, but MX "
               "validation reported {validation} at {captured_at} "
               "(age {snapshot_age}), errors: {errors}. The status may predate "
               "a fix.",
    .remediation = "Run Get-DnssecStatusForVerifiedDomain -DomainName {domain} "
                   "again; if it still fails, fix what its errors name."},
   {.message = "{domain} の DNS には想定の MX {expected} がありますが、"
               "{captured_at} (経過 {snapshot_age}) の MX 検証結果は "
               "{validation}、エラーは {errors} でした。修正前の状態かもしれ"
               "ません。",
    .remediation = "Get-DnssecStatusForVerifiedDomain -DomainName {domain} を"
                   "もう一度実行し、まだ失敗する場合はエラーの内容を修正してく"
                   "ださい。"}},
  });
  // clang-format on
}

void AppendServiceEntries(std::vector<CatalogEntry>& entries) {
  // clang-format off
  entries.insert(entries.end(), {
  // ---- tenant.service_health --------------------------------------------------
  {"tenant.service_health",
   {.title = "Exchange Online service health"},
   {.title = "Exchange Online のサービス正常性"}},
  {"tenant.service_health.pass",
   {.message = "{service} was operational when the snapshot was taken "
               "({captured_at}, age {snapshot_age})."},
   {.message = "スナップショットの取得時 ({captured_at}、経過 {snapshot_age})、"
               "{service} は正常に稼働していました。"}},
  {"tenant.service_health.warn_incident",
   {.message = "{service} reported {status} when the snapshot was taken "
               "({captured_at}, age {snapshot_age}); open issues: {issues}. "
               "Delivery failures may come from the service, not from the "
               "configuration.",
    .remediation = "Follow the open issues in Microsoft 365 admin center > "
                   "Health > Service health and retry once they are "
                   "resolved."},
   {.message = "スナップショットの取得時 ({captured_at}、経過 {snapshot_age})、"
               "{service} の状態は {status} でした。未解決の問題: {issues}。配"
               "信の失敗は構成ではなくサービス側の問題による可能性があります。",
    .remediation = "Microsoft 365 管理センターの [正常性] > [サービス正常性] で"
                   "未解決の問題を確認し、解決後に再試行してください。"}},
  {"tenant.service_health.info_other",
   {.message = "{service} reported {status} when the snapshot was taken "
               "({captured_at}, age {snapshot_age}); open issues: {issues}."},
   {.message = "スナップショットの取得時 ({captured_at}、経過 {snapshot_age})、"
               "{service} の状態は {status} でした。未解決の問題: {issues}。"}},

  // ---- tenant.recipient.dbeb --------------------------------------------------
  {"tenant.recipient.dbeb",
   {.title = "Recipient known to Exchange Online (DBEB)"},
   {.title = "受信者が Exchange Online に存在 (DBEB)"}},
  {"tenant.recipient.dbeb.pass",
   {.message = "{address} is an address of the Exchange Online recipient "
               "{recipient} ({type})."},
   {.message = "{address} は Exchange Online の受信者 {recipient} ({type}) の"
               "アドレスです。"}},
  {"tenant.recipient.dbeb.fail_missing",
   {.message = "{address} is not an address of any Exchange Online recipient: "
               "Directory-Based Edge Blocking rejects it (550 5.4.1 Recipient "
               "address rejected: Access denied). Usual reasons: an "
               "on-premises dynamic distribution group (never synced), an "
               "on-premises mail-enabled public folder not synced, or a proxy "
               "address not synced yet (allow 24 h).",
    .remediation = "Create a mail contact for a dynamic distribution group, run "
                   "Sync-ModernMailPublicFolders for public folders, or add the "
                   "proxy address and let directory synchronisation run."},
   {.message = "{address} はどの Exchange Online の受信者のアドレスでもありま"
               "せん。ディレクトリ ベースのエッジ ブロック (DBEB) が拒否します"
               " (550 5.4.1 Recipient address rejected: Access denied)。よくあ"
               "る理由: オンプレミスの動的配布グループ (同期されません)、同期さ"
               "れていないオンプレミスのメールが有効なパブリック フォルダー、ま"
               "だ同期されていないプロキシ アドレス (24 時間ほど待ちます)。",
    .remediation = "動的配布グループにはメール連絡先を作成し、パブリック フォル"
                   "ダーには Sync-ModernMailPublicFolders を実行し、それ以外は"
                   "プロキシ アドレスを追加してディレクトリ同期を待ってくださ"
                   "い。"}},
  {"tenant.recipient.dbeb.fail_onprem_dynamic_dg",
   {.message = "{address} is an on-premises dynamic distribution group "
               "({type}); these never sync to Exchange Online, so "
               "Directory-Based Edge Blocking rejects mail to it.",
    .remediation = "Create a mail contact in Exchange Online for {address} "
                   "that forwards to the on-premises group, or make {domain} "
                   "InternalRelay."},
   {.message = "{address} はオンプレミスの動的配布グループ ({type}) です。動"
               "的配布グループは Exchange Online に同期されないため、DBEB が"
               "このアドレス宛てのメールを拒否します。",
    .remediation = "オンプレミスのグループに転送する {address} のメール連絡先"
                   "を Exchange Online に作成するか、{domain} を InternalRelay "
                   "にしてください。"}},
  {"tenant.recipient.dbeb.fail_onprem_public_folder",
   {.message = "{address} is an on-premises mail-enabled public folder "
               "({type}) that is not in Exchange Online: Directory-Based Edge "
               "Blocking rejects mail to it.",
    .remediation = "Run Sync-ModernMailPublicFolders.ps1 on-premises so that "
                   "mail-enabled public folders exist in Exchange Online."},
   {.message = "{address} はオンプレミスのメールが有効なパブリック フォルダー "
               "({type}) で、Exchange Online に存在しません。DBEB がこのアドレ"
               "ス宛てのメールを拒否します。",
    .remediation = "オンプレミスで Sync-ModernMailPublicFolders.ps1 を実行し、"
                   "メールが有効なパブリック フォルダーを Exchange Online に作成"
                   "してください。"}},
  {"tenant.recipient.dbeb.fail_onprem_not_synced",
   {.message = "{address} exists on-premises ({type}) but is not an address of "
               "any Exchange Online recipient: it has not synced (allow 24 h), "
               "so Directory-Based Edge Blocking rejects it.",
    .remediation = "Check directory synchronisation (Entra Connect) for the "
                   "object, or re-stamp the proxy address."},
   {.message = "{address} はオンプレミスには存在します ({type}) が、Exchange "
               "Online のどの受信者のアドレスでもありません。同期されていない"
               " (24 時間ほどかかります) ため、DBEB が拒否します。",
    .remediation = "このオブジェクトのディレクトリ同期 (Entra Connect) を確認す"
                   "るか、プロキシ アドレスを設定し直してください。"}},
  });
  // clang-format on
}

void AppendDnsSnapshotEntries(std::vector<CatalogEntry>& entries) {
  // clang-format off
  entries.insert(entries.end(), {
  // ---- dns.verification.txt (with a snapshot) ---------------------------------
  {"dns.verification.txt.info_verified",
   {.message = "{domain} is already verified in the tenant; the verification "
               "TXT record is no longer needed."},
   {.message = "{domain} はテナントで確認済みです。確認用の TXT レコードはも"
               "う必要ありません。"}},
  {"dns.verification.txt.pass",
   {.message = "{domain} publishes the verification TXT {expected} (snapshot "
               "taken {captured_at}, age {snapshot_age}); press Verify in "
               "Microsoft 365 admin center to complete verification."},
   {.message = "{domain} には確認用の TXT {expected} が公開されています (スナ"
               "ップショットの取得: {captured_at}、経過 {snapshot_age})。Microsoft "
               "365 管理センターで [確認] を押して確認を完了してください。"}},
  {"dns.verification.txt.fail_missing",
   {.message = "{domain} is not verified and does not publish the "
               "verification TXT {expected} (snapshot taken {captured_at}, age "
               "{snapshot_age}).",
    .remediation = "Add the TXT record {expected} at {domain} and press Verify "
                   "in Settings > Domains."},
   {.message = "{domain} は確認されておらず、確認用の TXT {expected} も公開さ"
               "れていません (スナップショットの取得: {captured_at}、"
               "経過 {snapshot_age})。",
    .remediation = "{domain} に TXT レコード {expected} を追加し、[設定] > [ド"
                   "メイン] で [確認] を押してください。"}},
  {"dns.verification.txt.fail_no_prefix",
   {.message = "{domain} publishes \"{found}\" but verification needs "
               "\"{expected}\": the \"MS=\" prefix is missing (snapshot taken "
               "{captured_at}, age {snapshot_age}).",
    .remediation = "Change the TXT record to {expected} exactly and press "
                   "Verify in Settings > Domains."},
   {.message = "{domain} には \"{found}\" が公開されていますが、確認には "
               "\"{expected}\" が必要です。\"MS=\" の接頭辞がありません (スナッ"
               "プショットの取得: {captured_at}、経過 {snapshot_age})。",
    .remediation = "TXT レコードを {expected} に正確に直し、[設定] > [ドメイン"
                   "] で [確認] を押してください。"}},
  {"dns.verification.txt.fail_other_value",
   {.message = "{domain} publishes the verification value \"{found}\", not "
               "the tenant's \"{expected}\" (another tenant's or an old code; "
               "snapshot taken {captured_at}, age {snapshot_age}).",
    .remediation = "Add the TXT record {expected} (the old value can be "
                   "removed) and press Verify in Settings > Domains."},
   {.message = "{domain} に公開されている確認用の値は \"{found}\" で、テナント"
               "の \"{expected}\" ではありません (別のテナントのものか古い値で"
               "す。スナップショットの取得: {captured_at}、経過 {snapshot_age})。",
    .remediation = "TXT レコード {expected} を追加し (古い値は削除できます)、["
                   "設定] > [ドメイン] で [確認] を押してください。"}},

  // ---- dns.mx.target_format (with a snapshot) ---------------------------------
  {"dns.mx.target_format.pass_snapshot",
   {.message = "The MX of {domain} ({target}) is the one the tenant expects "
               "({expected}; snapshot taken {captured_at}, age "
               "{snapshot_age})."},
   {.message = "{domain} の MX ({target}) はテナントの想定どおりです "
               "({expected}。スナップショットの取得: {captured_at}、"
               "経過 {snapshot_age})。"}},
  {"dns.mx.target_format.fail_snapshot",
   {.message = "The MX of {domain} ({targets}) is not the one the tenant "
               "expects: {expected} (snapshot taken {captured_at}, age "
               "{snapshot_age}).",
    .remediation = "Point the MX at {expected} exactly as listed for the "
                   "tenant in Microsoft 365 admin center."},
   {.message = "{domain} の MX ({targets}) がテナントの想定 {expected} と異な"
               "ります (スナップショットの取得: {captured_at}、経過 "
               "{snapshot_age})。",
    .remediation = "Microsoft 365 管理センターでテナントに表示される {expected} "
                   "に MX を正確に合わせてください。"}},
  {"dns.mx.target_format.info_internal_relay",
   {.message = "The MX of {domain} ({targets}) does not point to Exchange "
               "Online, and the accepted domain {accepted_domain} is "
               "InternalRelay: a third-party filter or an on-premises server "
               "receives its mail first, which is a supported set-up."},
   {.message = "{domain} の MX ({targets}) は Exchange Online を指していません"
               "が、承認済みドメイン {accepted_domain} は InternalRelay です。"
               "サードパーティのフィルターまたはオンプレミスのサーバーが先に受"
               "信する構成で、サポートされています。"}},
  {"dns.mx.target_format.fail_not_exo_authoritative",
   {.message = "The MX of {domain} does not point to Exchange Online "
               "({targets}), and the accepted domain {accepted_domain} is "
               "Authoritative: mail for it must reach Exchange Online first.",
    .remediation = "Point the MX at {expected}, or set the accepted domain to "
                   "InternalRelay with connectors if another system must "
                   "receive first."},
   {.message = "{domain} の MX は Exchange Online を指しておらず ({targets})、"
               "承認済みドメイン {accepted_domain} は Authoritative です。メー"
               "ルはまず Exchange Online に届く必要があります。",
    .remediation = "MX を {expected} に向けるか、ほかのシステムが先に受信する"
                   "必要がある場合は承認済みドメインを InternalRelay にしてコネ"
                   "クタを構成してください。"}},

  // ---- dns.mx.ip_in_eop / dns.mx.priority (with a snapshot) -------------------
  {"dns.mx.ip_in_eop.info_internal_relay",
   {.message = "Mail for {domain} goes to addresses outside Exchange Online "
               "Protection ({outside}); the accepted domain {accepted_domain} "
               "is InternalRelay, so a third-party or on-premises MX is a "
               "supported set-up (ranges: {ranges})."},
   {.message = "{domain} 宛てのメールは Exchange Online Protection 外のアドレ"
               "ス ({outside}) に届きますが、承認済みドメイン "
               "{accepted_domain} は InternalRelay なので、サードパーティやオン"
               "プレミスの MX はサポートされる構成です (範囲: {ranges})。"}},
  {"dns.mx.priority.warn_dnssec_expected",
   {.message = "The DNSSEC MX of {domain} ({target}) has preference "
               "{preference}; the tenant's ExpectedMxRecord says "
               "{expected_preference} (records: {records}).",
    .remediation = "Set the preference of {target} to {expected_preference}, "
                   "the value of ExpectedMxRecord."},
   {.message = "{domain} の DNSSEC 用 MX ({target}) の優先度は {preference} "
               "ですが、テナントの ExpectedMxRecord は "
               "{expected_preference} です (レコード: {records})。",
    .remediation = "{target} の優先度を ExpectedMxRecord の値 "
                   "{expected_preference} にしてください。"}},
  });
  // clang-format on
}

}  // namespace

void AppendTenantEntries(std::vector<CatalogEntry>& entries) {
  AppendDomainEntries(entries);
  AppendComparisonEntries(entries);
  AppendServiceEntries(entries);
  AppendDnsSnapshotEntries(entries);
}

}  // namespace ndrdiag::i18n_internal
