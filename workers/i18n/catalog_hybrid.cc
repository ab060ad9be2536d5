// Texts of the hybrid.* checks (the on-premises side of an Exchange hybrid
// deployment). Keep English and Japanese of one entry side by side, with
// the same placeholders.
#include "workers/i18n/catalog_data.h"

namespace ndrdiag::i18n_internal {

void AppendHybridEntries(std::vector<CatalogEntry>& entries) {
  // A table of texts reads better unwrapped.
  // clang-format off
  entries.insert(entries.end(), {
  // ---- hybrid.sendconn.to_o365 -----------------------------------------------
  {"hybrid.sendconn.to_o365",
   {.title = "On-premises send connector to Office 365"},
   {.title = "Office 365 へのオンプレミス送信コネクタ"}},
  {"hybrid.sendconn.to_o365.info_not_hybrid",
   {.message = "Nothing in the snapshot says this is a hybrid deployment, so "
               "no send connector to Office 365 is needed."},
   {.message = "スナップショットにはハイブリッド構成であることを示すものがないため、"
               "Office 365 への送信コネクタは不要です。"}},
  {"hybrid.sendconn.to_o365.fail_missing",
   {.message = "The deployment is hybrid, but no on-premises send connector "
               "delivers to Office 365 (address space {routing_domain}): mail "
               "to moved mailboxes cannot leave the on-premises servers.",
    .remediation = "Rerun the Hybrid Configuration Wizard, which creates the "
                   "\"Outbound to Office 365\" send connector."},
   {.message = "ハイブリッド構成ですが、Office 365 に配信するオンプレミスの送信"
               "コネクタ (アドレス空間 {routing_domain}) がありません。移行済み"
               "メールボックス宛てのメールがオンプレミスから送信できません。",
    .remediation = "ハイブリッド構成ウィザードを再実行して、\"Outbound to Office "
                   "365\" 送信コネクタを作成してください。"}},
  {"hybrid.sendconn.to_o365.fail_properties",
   {.message = "The send connector {connector} lacks what Exchange Online "
               "needs to accept its mail as the tenant's (TlsCertificateName, "
               "CloudServicesMailEnabled): {problems}.",
    .remediation = "Rerun the Hybrid Configuration Wizard (option \"Update "
                   "Secure Mail Certificate for Connectors\") or set these "
                   "properties with Set-SendConnector."},
   {.message = "送信コネクタ {connector} には、Exchange Online がそのメールを"
               "テナントのものとして受け付けるのに必要な設定 (TlsCertificateName、"
               "CloudServicesMailEnabled) がありません: {problems}",
    .remediation = "ハイブリッド構成ウィザードを再実行する (\"Update Secure Mail "
                   "Certificate for Connectors\") か、Set-SendConnector でこれらの"
                   "プロパティを設定してください。"}},
  {"hybrid.sendconn.to_o365.warn_properties",
   {.message = "The send connector {connector} differs from what the Hybrid "
               "Configuration Wizard sets: {problems}.",
    .remediation = "Rerun the Hybrid Configuration Wizard or fix these "
                   "properties with Set-SendConnector."},
   {.message = "送信コネクタ {connector} の設定がハイブリッド構成ウィザードの"
               "設定と異なります: {problems}",
    .remediation = "ハイブリッド構成ウィザードを再実行するか、Set-SendConnector "
                   "でこれらのプロパティを修正してください。"}},
  {"hybrid.sendconn.to_o365.pass",
   {.message = "The send connector {connector} delivers to Office 365 as the "
               "Hybrid Configuration Wizard sets it up."},
   {.message = "送信コネクタ {connector} はハイブリッド構成ウィザードの設定どおり"
               "に Office 365 へ配信します。"}},

  // ---- hybrid.sendconn.cert --------------------------------------------------
  {"hybrid.sendconn.cert",
   {.title = "Certificate of the send connector to Office 365"},
   {.title = "Office 365 への送信コネクタの証明書"}},
  {"hybrid.sendconn.cert.info_not_hybrid",
   {.message = "Nothing in the snapshot says this is a hybrid deployment, so "
               "no connector certificate is needed."},
   {.message = "スナップショットにはハイブリッド構成であることを示すものがないため、"
               "コネクタの証明書は不要です。"}},
  {"hybrid.sendconn.cert.info_no_name",
   {.message = "No send connector to Office 365 names a certificate "
               "(TlsCertificateName); see the send connector check."},
   {.message = "Office 365 への送信コネクタはどれも証明書 (TlsCertificateName) "
               "を指定していません。送信コネクタのチェックを参照してください。"}},
  {"hybrid.sendconn.cert.fail_format",
   {.message = "The TlsCertificateName of the send connector {connector} is "
               "not of the form <I>issuer<S>subject: {name}.",
    .remediation = "Set TlsCertificateName to \"<I>\" + the certificate's "
                   "Issuer + \"<S>\" + its Subject, or rerun the Hybrid "
                   "Configuration Wizard."},
   {.message = "送信コネクタ {connector} の TlsCertificateName が <I>発行者<S>"
               "サブジェクト の形式ではありません: {name}",
    .remediation = "TlsCertificateName を \"<I>\" + 証明書の Issuer + \"<S>\" + "
                   "Subject に設定するか、ハイブリッド構成ウィザードを再実行して"
                   "ください。"}},
  {"hybrid.sendconn.cert.fail_not_found",
   {.message = "The send connector {connector} names a certificate that is "
               "not installed (issuer {issuer}, subject {subject}): mail to "
               "Office 365 queues with \"454 4.7.5 The certificate specified "
               "in TlsCertificateName of the SendConnector could not be "
               "found.\"",
    .remediation = "Point TlsCertificateName at the renewed certificate "
                   "(Set-SendConnector -TlsCertificateName)."},
   {.message = "送信コネクタ {connector} が指定している証明書 (発行者 {issuer}、"
               "サブジェクト {subject}) はインストールされていません。Office 365 "
               "宛てのメールは \"454 4.7.5 The certificate specified in "
               "TlsCertificateName of the SendConnector could not be found.\" "
               "でキューに滞留します。",
    .remediation = "TlsCertificateName を更新後の証明書に変更してください "
                   "(Set-SendConnector -TlsCertificateName)。"}},
  {"hybrid.sendconn.cert.fail_expired",
   {.message = "The certificate of the send connector {connector} ({subject}, "
               "thumbprint {thumbprint}) expired on {not_after}.",
    .remediation = "Renew the certificate, enable it for SMTP and point "
                   "TlsCertificateName at it."},
   {.message = "送信コネクタ {connector} の証明書 ({subject}、拇印 {thumbprint}) "
               "は {not_after} に期限切れになっています。",
    .remediation = "証明書を更新して SMTP に割り当て、TlsCertificateName を"
                   "新しい証明書に変更してください。"}},
  {"hybrid.sendconn.cert.warn_expiring",
   {.message = "The certificate of the send connector {connector} ({subject}, "
               "thumbprint {thumbprint}) expires on {not_after}, in {days} "
               "days.",
    .remediation = "Renew the certificate now and point TlsCertificateName at "
                   "the renewed one."},
   {.message = "送信コネクタ {connector} の証明書 ({subject}、拇印 {thumbprint}) "
               "は {not_after} (あと {days} 日) に期限切れになります。",
    .remediation = "今のうちに証明書を更新し、TlsCertificateName を更新後の"
                   "証明書に変更してください。"}},
  {"hybrid.sendconn.cert.pass",
   {.message = "The send connector {connector} names an installed, valid "
               "certificate."},
   {.message = "送信コネクタ {connector} はインストール済みで有効な証明書を"
               "指定しています。"}},

  // ---- hybrid.sendconn.internet_via_eop --------------------------------------
  {"hybrid.sendconn.internet_via_eop",
   {.title = "On-premises Internet mail through Exchange Online Protection"},
   {.title = "Exchange Online Protection 経由のオンプレミスのインターネット"
             "メール"}},
  {"hybrid.sendconn.internet_via_eop.info_no_internet_connector",
   {.message = "No enabled on-premises send connector has the address space "
               "\"*\"."},
   {.message = "アドレス空間 \"*\" を持つ有効なオンプレミスの送信コネクタは"
               "ありません。"}},
  {"hybrid.sendconn.internet_via_eop.info_dns_routing",
   {.message = "The Internet send connector {connector} delivers by DNS, not "
               "through a smart host."},
   {.message = "インターネット向け送信コネクタ {connector} はスマート ホストを"
               "使わず DNS で配信します。"}},
  {"hybrid.sendconn.internet_via_eop.info_third_party",
   {.message = "The Internet send connector {connector} relays through "
               "{hosts}, not through Exchange Online Protection."},
   {.message = "インターネット向け送信コネクタ {connector} は Exchange Online "
               "Protection ではなく {hosts} 経由で中継します。"}},
  {"hybrid.sendconn.internet_via_eop.fail_legacy",
   {.message = "The Internet send connector {connector} relays through a "
               "legacy endpoint or an EOP IP address ({hosts}): Exchange "
               "Online answers \"451 4.4.62 Mail sent to the wrong Office 365 "
               "region. ATTR35\" (KB2827473).",
    .remediation = "Set the smart host to the tenant's EOP MX host, "
                   "{expected}."},
   {.message = "インターネット向け送信コネクタ {connector} は旧エンドポイントまたは"
               " EOP の IP アドレス ({hosts}) 経由で中継しています。Exchange "
               "Online は \"451 4.4.62 Mail sent to the wrong Office 365 region. "
               "ATTR35\" で応答します (KB2827473)。",
    .remediation = "スマート ホストをテナントの EOP MX ホスト {expected} に設定"
                   "してください。"}},
  {"hybrid.sendconn.internet_via_eop.warn_other_tenant_host",
   {.message = "The Internet send connector {connector} relays through "
               "{hosts}, an EOP host that does not belong to this tenant's "
               "domains.",
    .remediation = "Set the smart host to the tenant's EOP MX host, "
                   "{expected}."},
   {.message = "インターネット向け送信コネクタ {connector} は、このテナントの"
               "ドメインのものではない EOP ホスト {hosts} 経由で中継しています。",
    .remediation = "スマート ホストをテナントの EOP MX ホスト {expected} に設定"
                   "してください。"}},
  {"hybrid.sendconn.internet_via_eop.pass",
   {.message = "The Internet send connector {connector} relays through the "
               "tenant's EOP host {hosts}."},
   {.message = "インターネット向け送信コネクタ {connector} はテナントの EOP "
               "ホスト {hosts} 経由で中継します。"}},

  // ---- hybrid.recvconn.frontend ----------------------------------------------
  {"hybrid.recvconn.frontend",
   {.title = "On-premises Default Frontend receive connector"},
   {.title = "オンプレミスの Default Frontend 受信コネクタ"}},
  {"hybrid.recvconn.frontend.info_not_hybrid",
   {.message = "Nothing in the snapshot says this is a hybrid deployment, so "
               "the receive connectors were not judged for it."},
   {.message = "スナップショットにはハイブリッド構成であることを示すものがないため、"
               "受信コネクタはハイブリッドの観点では判定していません。"}},
  {"hybrid.recvconn.frontend.warn_presented_mismatch",
   {.message = "The on-premises smart host {host} presents {presented}, not a "
               "certificate for {expected}: Exchange Online defers with "
               "\"450 4.4.317 ... SubjectMismatch\".",
    .remediation = "Assign the hybrid certificate to the Default Frontend "
                   "connector (Set-ReceiveConnector -TlsCertificateName) or "
                   "rerun the Hybrid Configuration Wizard."},
   {.message = "オンプレミスのスマート ホスト {host} は {expected} 用の証明書では"
               "なく {presented} を提示します。Exchange Online は \"450 4.4.317 "
               "... SubjectMismatch\" で配信を延期します。",
    .remediation = "ハイブリッド証明書を Default Frontend コネクタに割り当てる "
                   "(Set-ReceiveConnector -TlsCertificateName) か、ハイブリッド"
                   "構成ウィザードを再実行してください。"}},
  {"hybrid.recvconn.frontend.warn_missing",
   {.message = "The on-premises receive connectors include no \"Default "
               "Frontend\" connector of the FrontendTransport role.",
    .remediation = "Rerun the Hybrid Configuration Wizard, or configure the "
                   "receive connector that takes mail from Exchange Online."},
   {.message = "オンプレミスの受信コネクタに FrontendTransport ロールの "
               "\"Default Frontend\" コネクタがありません。",
    .remediation = "ハイブリッド構成ウィザードを再実行するか、Exchange Online "
                   "からのメールを受け取る受信コネクタを構成してください。"}},
  {"hybrid.recvconn.frontend.warn_properties",
   {.message = "The receive connector {connector} differs from what the "
               "Hybrid Configuration Wizard sets: {problems}.",
    .remediation = "Rerun the Hybrid Configuration Wizard or use "
                   "Set-ReceiveConnector -TlsCertificateName / "
                   "-TlsDomainCapabilities."},
   {.message = "受信コネクタ {connector} の設定がハイブリッド構成ウィザードの"
               "設定と異なります: {problems}",
    .remediation = "ハイブリッド構成ウィザードを再実行するか、"
                   "Set-ReceiveConnector -TlsCertificateName / "
                   "-TlsDomainCapabilities を使用してください。"}},
  {"hybrid.recvconn.frontend.pass",
   {.message = "The receive connector {connector} accepts Exchange Online's "
               "mail with the hybrid certificate."},
   {.message = "受信コネクタ {connector} はハイブリッド証明書で Exchange Online "
               "からのメールを受け付けます。"}},

  // ---- hybrid.config.consistency ---------------------------------------------
  {"hybrid.config.consistency",
   {.title = "Hybrid configuration consistency"},
   {.title = "ハイブリッド構成の整合性"}},
  {"hybrid.config.consistency.info_not_hybrid",
   {.message = "Nothing in the snapshot says this is a hybrid deployment."},
   {.message = "スナップショットにはハイブリッド構成であることを示すものが"
               "ありません。"}},
  {"hybrid.config.consistency.warn_inconsistent",
   {.message = "The hybrid configuration does not agree with the connectors "
               "it describes: {problems}.",
    .remediation = "Rerun the Hybrid Configuration Wizard to realign the "
                   "hybrid objects."},
   {.message = "ハイブリッド構成が、それが示すコネクタと一致していません: "
               "{problems}",
    .remediation = "ハイブリッド構成ウィザードを再実行して、ハイブリッドの"
                   "オブジェクトをそろえてください。"}},
  {"hybrid.config.consistency.pass",
   {.message = "The hybrid configuration agrees with the connectors on both "
               "sides."},
   {.message = "ハイブリッド構成は両側のコネクタと一致しています。"}},

  // ---- hybrid.coexistence_domain ---------------------------------------------
  {"hybrid.coexistence_domain",
   {.title = "Hybrid routing domain (<t>.mail.onmicrosoft.com)"},
   {.title = "ハイブリッドのルーティング ドメイン (<t>.mail.onmicrosoft.com)"}},
  {"hybrid.coexistence_domain.info_not_hybrid",
   {.message = "Nothing in the snapshot says this is a hybrid deployment, so "
               "no routing domain is needed."},
   {.message = "スナップショットにはハイブリッド構成であることを示すものがないため、"
               "ルーティング ドメインは不要です。"}},
  {"hybrid.coexistence_domain.fail_missing",
   {.message = "The on-premises objects for the routing domain "
               "{routing_domain} are missing or wrong: {problems}.",
    .remediation = "Rerun the Hybrid Configuration Wizard (it creates these "
                   "objects)."},
   {.message = "ルーティング ドメイン {routing_domain} のオンプレミスの"
               "オブジェクトがないか誤っています: {problems}",
    .remediation = "ハイブリッド構成ウィザードを再実行してください (これらの"
                   "オブジェクトを作成します)。"}},
  {"hybrid.coexistence_domain.pass",
   {.message = "{routing_domain} is accepted on-premises, is a target "
               "delivery domain and is in the email address policy."},
   {.message = "{routing_domain} はオンプレミスで承認済みドメインであり、"
               "ターゲット配信ドメインで、電子メール アドレス ポリシーにも"
               "含まれています。"}},

  // ---- hybrid.targetaddress --------------------------------------------------
  {"hybrid.targetaddress",
   {.title = "Remote mailboxes' routing addresses"},
   {.title = "リモート メールボックスのルーティング アドレス"}},
  {"hybrid.targetaddress.info_not_hybrid",
   {.message = "Nothing in the snapshot says this is a hybrid deployment, so "
               "there are no remote mailboxes to check."},
   {.message = "スナップショットにはハイブリッド構成であることを示すものがないため、"
               "確認するリモート メールボックスはありません。"}},
  {"hybrid.targetaddress.fail_routing_address",
   {.message = "Mail to moved mailboxes cannot be routed to Exchange Online "
               "(RemoteRoutingAddress must be alias@{routing_domain} and a "
               "proxy of the cloud mailbox): {problems}.",
    .remediation = "Add the alias@{routing_domain} proxy and fix "
                   "RemoteRoutingAddress (Set-RemoteMailbox)."},
   {.message = "移行済みメールボックス宛てのメールを Exchange Online に"
               "ルーティングできません (RemoteRoutingAddress は "
               "alias@{routing_domain} で、クラウドのメールボックスのプロキシ"
               "アドレスである必要があります): {problems}",
    .remediation = "alias@{routing_domain} のプロキシ アドレスを追加し、"
                   "RemoteRoutingAddress を修正してください "
                   "(Set-RemoteMailbox)。"}},
  {"hybrid.targetaddress.pass",
   {.message = "All {count} remote mailboxes route to @{routing_domain}."},
   {.message = "{count} 件のリモート メールボックスはすべて "
               "@{routing_domain} にルーティングされます。"}},

  // ---- hybrid.onprem.accepts_domains -----------------------------------------
  {"hybrid.onprem.accepts_domains",
   {.title = "On-premises accepts the domains routed to it"},
   {.title = "オンプレミスがルーティングされるドメインを受け付けるか"}},
  {"hybrid.onprem.accepts_domains.info_not_hybrid",
   {.message = "No enabled OnPremises outbound connector routes mail from "
               "Exchange Online to on-premises servers."},
   {.message = "Exchange Online からオンプレミスのサーバーへメールを"
               "ルーティングする有効な OnPremises 送信コネクタはありません。"}},
  {"hybrid.onprem.accepts_domains.fail_rejected",
   {.message = "The on-premises smart host {host} refuses mail for a domain "
               "it does not accept: \"{reply}\".",
    .remediation = "Add the domain as an accepted domain on-premises, or stop "
                   "routing it there."},
   {.message = "オンプレミスのスマート ホスト {host} は承認していないドメインの"
               "メールを拒否します: \"{reply}\"",
    .remediation = "そのドメインをオンプレミスの承認済みドメインに追加するか、"
                   "そこへのルーティングをやめてください。"}},
  {"hybrid.onprem.accepts_domains.fail_not_accepted",
   {.message = "Exchange Online routes {domains} to on-premises ({connector}), "
               "but they are not accepted domains there: on-premises answers "
               "\"550 5.7.54 SMTP; Unable to relay recipient in non-accepted "
               "domain\".",
    .remediation = "Add the domain as an accepted domain on-premises, or stop "
                   "routing it there."},
   {.message = "Exchange Online は {domains} をオンプレミスにルーティングしています "
               "({connector}) が、オンプレミスではそれらは承認済みドメインでは"
               "ありません。オンプレミスは \"550 5.7.54 SMTP; Unable to relay "
               "recipient in non-accepted domain\" で応答します。",
    .remediation = "そのドメインをオンプレミスの承認済みドメインに追加するか、"
                   "そこへのルーティングをやめてください。"}},
  {"hybrid.onprem.accepts_domains.fail_not_accepted_cmt",
   {.message = "Exchange Online routes all mail through on-premises "
               "(centralized mail transport, {connector}), but the hybrid "
               "domains {domains} are not accepted domains there: "
               "on-premises answers \"550 5.7.54 SMTP; Unable to relay "
               "recipient in non-accepted domain\".",
    .remediation = "Add the domain as an accepted domain on-premises, or turn "
                   "off RouteAllMessagesViaOnPremises."},
   {.message = "Exchange Online はすべてのメールをオンプレミス経由でルーティング"
               "しています (集約メール転送、{connector}) が、ハイブリッド ドメイン "
               "{domains} はオンプレミスの承認済みドメインではありません。"
               "オンプレミスは \"550 5.7.54 SMTP; Unable to relay recipient in "
               "non-accepted domain\" で応答します。",
    .remediation = "そのドメインをオンプレミスの承認済みドメインに追加するか、"
                   "RouteAllMessagesViaOnPremises を無効にしてください。"}},
  {"hybrid.onprem.accepts_domains.pass",
   {.message = "Every domain Exchange Online routes to on-premises is "
               "accepted there: {domains}."},
   {.message = "Exchange Online がオンプレミスにルーティングするドメインは、"
               "すべてオンプレミスで承認されています: {domains}"}},
  });
  // clang-format on
}

}  // namespace ndrdiag::i18n_internal
