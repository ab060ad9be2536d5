// Causes of the verdict that come from the SMTP probe and the tenant
// snapshot (domain configuration, recipients, connectors, service health).
// Keep English and Japanese of one entry side by side, with the same
// placeholders; remediation steps are separated by newlines.
#include "workers/i18n/catalog_data.h"

namespace ndrdiag::i18n_internal {

void AppendVerdictConnectorEntries(std::vector<CatalogEntry>& entries) {
  // A table of texts reads better unwrapped.
  // clang-format off
  entries.insert(entries.end(), {
  {"verdict.cause.DOMAIN_NOT_VERIFIED",
   {.title = "Domain not verified in the tenant",
    .message = "{domain} is not a verified domain of the Microsoft 365 "
               "tenant, so Exchange Online does not accept mail for it.",
    .remediation = "In Microsoft 365 admin center > Settings > Domains, open "
                   "{domain} and publish the exact MS=ms... TXT record shown "
                   "there.\n"
                   "Press Verify, then wait up to an hour for the domain to "
                   "become an accepted domain."},
   {.title = "テナントでドメインが未確認です",
    .message = "{domain} は Microsoft 365 テナントの確認済みドメインではない"
               "ため、Exchange Online はこのドメイン宛てのメールを受け付けませ"
               "ん。",
    .remediation = "Microsoft 365 管理センターの [設定] > [ドメイン] で "
                   "{domain} を開き、表示される MS=ms... の TXT レコードをその"
                   "まま公開します。\n"
                   "[確認] を押し、承認済みドメインになるまで最大 1 時間待ちま"
                   "す。"}},
  {"verdict.cause.DOMAIN_NOT_ACCEPTED",
   {.title = "Exchange Online does not accept the domain",
    .message = "Exchange Online Protection does not accept mail for "
               "{domain} (\"Relay Access Denied\"): the domain is not an "
               "accepted domain of the tenant the MX points to, or email is "
               "not enabled for it.",
    .remediation = "Check in Microsoft 365 admin center > Settings > Domains "
                   "that {domain} is added, verified and set up for Exchange "
                   "(email).\n"
                   "Run Get-AcceptedDomain in Exchange Online PowerShell and "
                   "make sure {domain} is listed; allow about an hour for "
                   "replication after adding it.\n"
                   "If the domain belongs to another tenant or system, point "
                   "the MX there instead."},
   {.title = "Exchange Online がドメインを受け付けていません",
    .message = "Exchange Online Protection は {domain} 宛てのメールを受け付け"
               "ません (\"Relay Access Denied\")。MX が指すテナントの承認済み"
               "ドメインでないか、メールが有効になっていません。",
    .remediation = "Microsoft 365 管理センターの [設定] > [ドメイン] で "
                   "{domain} が追加・確認済みで、Exchange (メール) 用に設定され"
                   "ていることを確認します。\n"
                   "Exchange Online PowerShell で Get-AcceptedDomain を実行し、"
                   "{domain} があることを確認します。追加後の反映には約 1 時間"
                   "かかります。\n"
                   "ドメインが別のテナントやシステムのものなら、MX をそちらに向"
                   "けます。"}},
  {"verdict.cause.ACCEPTED_DOMAIN_TYPE",
   {.title = "Accepted domain has the wrong type",
    .message = "The accepted domain type of {domain} does not fit where its "
               "recipients live: Authoritative makes Exchange Online reject "
               "every recipient it does not know (directory-based edge "
               "blocking), which bounces mail for on-premises or unsynced "
               "recipients.",
    .remediation = "For a namespace shared with on-premises or another "
                   "system, run Set-AcceptedDomain {domain} -DomainType "
                   "InternalRelay and make sure an outbound connector routes "
                   "the domain there.\n"
                   "For a cloud-only domain, keep it Authoritative."},
   {.title = "承認済みドメインの種類が誤っています",
    .message = "{domain} の承認済みドメインの種類が受信者の所在と合っていませ"
               "ん。Authoritative では Exchange Online が知らない受信者をすべ"
               "て拒否する (ディレクトリベースのエッジ ブロック) ため、オンプ"
               "レミスや未同期の受信者宛てのメールが不達になります。",
    .remediation = "オンプレミスなどと共有する名前空間なら、Set-AcceptedDomain "
                   "{domain} -DomainType InternalRelay を実行し、送信コネクタで"
                   "そのドメインを転送先へルーティングします。\n"
                   "クラウドのみのドメインなら Authoritative のままにします。"}},
  {"verdict.cause.RECIPIENT_NOT_FOUND",
   {.title = "Recipient unknown to Exchange Online",
    .message = "Exchange Online rejected the recipient with \"Recipient "
               "address rejected: Access denied\" (directory-based edge "
               "blocking): the address is not a proxy address of any "
               "recipient in the tenant's directory.",
    .remediation = "Check that the recipient exists in Exchange Online "
                   "(Get-EXORecipient <address>) with this exact address.\n"
                   "For on-premises recipients, check directory "
                   "synchronisation; on-premises dynamic distribution groups "
                   "need a mail contact, mail-enabled public folders need "
                   "Sync-ModernMailPublicFolders.\n"
                   "If the whole domain is rejected although the recipients "
                   "exist, switch the accepted domain to InternalRelay and "
                   "back to Authoritative to refresh it."},
   {.title = "Exchange Online が受信者を認識していません",
    .message = "Exchange Online が受信者を \"Recipient address rejected: "
               "Access denied\" (ディレクトリベースのエッジ ブロック) で拒否し"
               "ました。このアドレスはテナントのディレクトリのどの受信者のプロ"
               "キシ アドレスでもありません。",
    .remediation = "受信者がこのアドレスで Exchange Online に存在するか "
                   "(Get-EXORecipient <アドレス>) を確認します。\n"
                   "オンプレミスの受信者ならディレクトリ同期を確認します。オンプ"
                   "レミスの動的配布グループにはメール連絡先、メールが有効なパ"
                   "ブリック フォルダーには Sync-ModernMailPublicFolders が必要"
                   "です。\n"
                   "受信者が存在するのにドメイン全体が拒否される場合は、承認済み"
                   "ドメインを InternalRelay にしてから Authoritative に戻しま"
                   "す。"}},
  {"verdict.cause.HOST_NOT_RESPONDING",
   {.title = "The MX host does not answer on port 25",
    .message = "No server named by the MX of {domain} answered on TCP port "
               "25 in time, which is what \"no answer from host\" means.",
    .remediation = "If the MX points to Exchange Online, check Service "
                   "health in the Microsoft 365 admin center and retry "
                   "later.\n"
                   "If it points to your own or a third-party server, make "
                   "sure it runs and that TCP 25 is open to the Internet."},
   {.title = "MX ホストがポート 25 で応答しません",
    .message = "{domain} の MX が指すサーバーが TCP ポート 25 で時間内に応答"
               "しませんでした。\"no answer from host\" はこの状態を指します。",
    .remediation = "MX が Exchange Online を指している場合は、Microsoft 365 "
                   "管理センターのサービス正常性を確認し、後で再試行します。\n"
                   "自社やサードパーティのサーバーを指している場合は、サーバー"
                   "が稼働し、TCP 25 がインターネットに開いていることを確認しま"
                   "す。"}},
  {"verdict.cause.CONNECTOR_MISCONFIGURED",
   {.title = "A connector does not match the mail flow",
    .message = "An inbound or outbound connector of the tenant does not "
               "match the mail flow of {domain}; see the failed conn.* "
               "checks for which one and why.",
    .remediation = "Follow the remediation of the failed connector checks.\n"
                   "In a hybrid deployment, rerun the Hybrid Configuration "
                   "Wizard to realign the connectors."},
   {.title = "コネクタがメール フローと合っていません",
    .message = "テナントの受信または送信コネクタが {domain} のメール フローと"
               "合っていません。どのコネクタか、なぜかは不合格の conn.* チェッ"
               "クを参照してください。",
    .remediation = "不合格のコネクタ チェックの対処方法に従ってください。\n"
                   "ハイブリッド構成では、ハイブリッド構成ウィザードを再実行して"
                   "コネクタを整えます。"}},
  {"verdict.cause.HYBRID_CERTIFICATE",
   {.title = "Hybrid certificate missing or wrong",
    .message = "The certificate the on-premises servers use for mail to "
               "Exchange Online is missing, expired or does not match the "
               "inbound connector, so Exchange Online cannot attribute the "
               "mail to the tenant.",
    .remediation = "Check Get-ExchangeCertificate on the sending servers and "
                   "point the send connector's TlsCertificateName at the "
                   "current certificate.\n"
                   "Rerun the Hybrid Configuration Wizard so the inbound "
                   "connector's TlsSenderCertificateName matches it."},
   {.title = "ハイブリッド用の証明書がないか誤っています",
    .message = "オンプレミスのサーバーが Exchange Online 宛てのメールに使う証明"
               "書がないか、期限切れか、受信コネクタと一致しないため、Exchange "
               "Online はメールをテナントに関連付けられません。",
    .remediation = "送信サーバーで Get-ExchangeCertificate を確認し、送信コネク"
                   "タの TlsCertificateName を現在の証明書に向けます。\n"
                   "ハイブリッド構成ウィザードを再実行し、受信コネクタの "
                   "TlsSenderCertificateName を一致させます。"}},
  {"verdict.cause.HYBRID_SEND_CONNECTOR",
   {.title = "On-premises send connector is wrong",
    .message = "The on-premises send connector that carries mail for "
               "{domain} to Exchange Online (or to the Internet through it) "
               "is missing or configured differently from what the Hybrid "
               "Configuration Wizard sets.",
    .remediation = "Compare Get-SendConnector with the failed hybrid.sendconn "
                   "checks and set the properties they name.\n"
                   "Rerun the Hybrid Configuration Wizard to restore the "
                   "connector."},
   {.title = "オンプレミスの送信コネクタが誤っています",
    .message = "{domain} のメールを Exchange Online へ (またはそれを経由して"
               "インターネットへ) 送るオンプレミスの送信コネクタがないか、ハイ"
               "ブリッド構成ウィザードの設定と異なります。",
    .remediation = "Get-SendConnector の結果を不合格の hybrid.sendconn チェック"
                   "と比べ、示されたプロパティを設定します。\n"
                   "ハイブリッド構成ウィザードを再実行してコネクタを戻します。"}},
  {"verdict.cause.HYBRID_RECEIVE_CONNECTOR",
   {.title = "On-premises receive connector is wrong",
    .message = "The on-premises side does not accept what Exchange Online "
               "sends it for {domain}: its receive connector, certificate or "
               "accepted domains do not match the hybrid configuration.",
    .remediation = "Follow the failed hybrid.recvconn / "
                   "hybrid.onprem.accepts_domains checks: set "
                   "TlsCertificateName and TlsDomainCapabilities on the Default "
                   "Frontend connector, and accept every domain Exchange "
                   "Online routes on-premises.\n"
                   "Rerun the Hybrid Configuration Wizard."},
   {.title = "オンプレミスの受信コネクタが誤っています",
    .message = "Exchange Online が {domain} について送るメールをオンプレミス"
               "側が受け付けません。受信コネクタ、証明書、承認済みドメインが"
               "ハイブリッド構成と一致していません。",
    .remediation = "不合格の hybrid.recvconn / hybrid.onprem.accepts_domains "
                   "チェックに従い、Default Frontend コネクタの "
                   "TlsCertificateName と TlsDomainCapabilities を設定し、"
                   "Exchange Online がオンプレミスへ送るドメインをすべて承認済み"
                   "にします。\n"
                   "ハイブリッド構成ウィザードを再実行します。"}},
  {"verdict.cause.HYBRID_ROUTING_DOMAIN",
   {.title = "Hybrid routing domain is misconfigured",
    .message = "The <tenant>.mail.onmicrosoft.com routing domain that moves "
               "mail between on-premises and Exchange Online is missing from "
               "the on-premises configuration or from the recipients' "
               "addresses.",
    .remediation = "Follow the failed hybrid.coexistence_domain / "
                   "hybrid.targetaddress checks: accept the routing domain "
                   "on-premises, stamp alias@<tenant>.mail.onmicrosoft.com on "
                   "the mailboxes and set RemoteRoutingAddress to it.\n"
                   "Rerun the Hybrid Configuration Wizard (it creates these "
                   "objects)."},
   {.title = "ハイブリッドのルーティング ドメインが誤っています",
    .message = "オンプレミスと Exchange Online の間でメールを運ぶ "
               "<tenant>.mail.onmicrosoft.com のルーティング ドメインが、オン"
               "プレミスの構成か受信者のアドレスにありません。",
    .remediation = "不合格の hybrid.coexistence_domain / hybrid.targetaddress "
                   "チェックに従い、オンプレミスでルーティング ドメインを承認し、"
                   "メールボックスに alias@<tenant>.mail.onmicrosoft.com を追加"
                   "して RemoteRoutingAddress に設定します。\n"
                   "ハイブリッド構成ウィザードを再実行します (これらのオブジェク"
                   "トが作成されます)。"}},
  {"verdict.cause.SERVICE_INCIDENT",
   {.title = "Microsoft service incident",
    .message = "Exchange Online reports a service incident, and nothing "
               "wrong was found in the configuration of {domain}.",
    .remediation = "Track the incident in Microsoft 365 admin center > "
                   "Health > Service health and retry once it is resolved."},
   {.title = "Microsoft のサービス障害",
    .message = "Exchange Online でサービス障害が報告されており、{domain} の構"
               "成には問題が見つかりませんでした。",
    .remediation = "Microsoft 365 管理センターの [正常性] > [サービス正常性] "
                   "で障害を確認し、解決後に再試行します。"}},
  });
  // clang-format on
}

}  // namespace ndrdiag::i18n_internal
