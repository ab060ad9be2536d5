// Texts of the conn.* checks (Exchange Online connectors). Keep English and
// Japanese of one entry side by side, with the same placeholders.
#include "workers/i18n/catalog_data.h"

namespace ndrdiag::i18n_internal {

void AppendConnectorEntries(std::vector<CatalogEntry>& entries) {
  // A table of texts reads better unwrapped.
  // clang-format off
  entries.insert(entries.end(), {
  // ---- conn.inbound.onprem_exists --------------------------------------------
  {"conn.inbound.onprem_exists",
   {.title = "Inbound connector for on-premises mail"},
   {.title = "オンプレミスからのメール用の受信コネクタ"}},
  {"conn.inbound.onprem_exists.pass",
   {.message = "On-premises servers send through Exchange Online and an "
               "enabled OnPremises inbound connector accepts them: "
               "{connectors}."},
   {.message = "オンプレミスのサーバーは Exchange Online 経由で送信しており、"
               "有効な OnPremises の受信コネクタがそれを受け付けます: "
               "{connectors}"}},
  {"conn.inbound.onprem_exists.info_not_hybrid",
   {.message = "Nothing in the snapshot says that on-premises servers send "
               "mail through Exchange Online, so no OnPremises inbound "
               "connector is needed."},
   {.message = "スナップショットには、オンプレミスのサーバーが Exchange Online "
               "経由でメールを送信していることを示すものがないため、"
               "OnPremises の受信コネクタは不要です。"}},
  {"conn.inbound.onprem_exists.fail_missing",
   {.message = "On-premises servers send through Exchange Online ({signals}), "
               "but there is no OnPremises inbound connector: Exchange Online "
               "does not recognise their mail as the tenant's and rejects "
               "relaying with \"#550 5.4.1 Relay Access Denied ##\" "
               "(KB2827473).",
    .remediation = "Create an OnPremises inbound connector for the on-premises "
                   "servers (rerun the Hybrid Configuration Wizard)."},
   {.message = "オンプレミスのサーバーは Exchange Online 経由で送信しています "
               "({signals}) が、OnPremises の受信コネクタがありません。"
               "Exchange Online はそのメールをテナントのものと認識できず、"
               "中継を \"#550 5.4.1 Relay Access Denied ##\" で拒否します "
               "(KB2827473)。",
    .remediation = "オンプレミスのサーバー用に OnPremises の受信コネクタを作成し"
                   "てください (ハイブリッド構成ウィザードを再実行します)。"}},
  {"conn.inbound.onprem_exists.fail_disabled",
   {.message = "On-premises servers send through Exchange Online ({signals}), "
               "but every OnPremises inbound connector is disabled "
               "({connectors}): relaying is rejected with \"#550 5.4.1 Relay "
               "Access Denied ##\" (KB2827473).",
    .remediation = "Enable the OnPremises inbound connector "
                   "(Set-InboundConnector -Enabled $true) or rerun the Hybrid "
                   "Configuration Wizard."},
   {.message = "オンプレミスのサーバーは Exchange Online 経由で送信しています "
               "({signals}) が、OnPremises の受信コネクタはすべて無効です "
               "({connectors})。中継は \"#550 5.4.1 Relay Access Denied ##\" "
               "で拒否されます (KB2827473)。",
    .remediation = "OnPremises の受信コネクタを有効にする "
                   "(Set-InboundConnector -Enabled $true) か、ハイブリッド構成"
                   "ウィザードを再実行してください。"}},

  // ---- conn.inbound.cert_match -----------------------------------------------
  {"conn.inbound.cert_match",
   {.title = "On-premises certificate matches the inbound connector"},
   {.title = "オンプレミスの証明書と受信コネクタの一致"}},
  {"conn.inbound.cert_match.pass",
   {.message = "The certificate the on-premises servers present ({subject}; "
               "names {names}) matches TlsSenderCertificateName of "
               "{connectors} and lies in an accepted domain."},
   {.message = "オンプレミスのサーバーが提示する証明書 ({subject}、名前 "
               "{names}) は {connectors} の TlsSenderCertificateName に一致し"
               "、承認済みドメインに含まれています。"}},
  {"conn.inbound.cert_match.fail_mismatch",
   {.message = "The inbound connector {connector} expects a certificate for "
               "{pattern}, but the send connector {send_connector} presents "
               "{subject} (names {names}): Exchange Online cannot attribute "
               "the mail to the tenant and answers \"550 5.7.64 "
               "TenantAttribution; Relay Access Denied\".",
    .remediation = "Rerun the Hybrid Configuration Wizard with the current "
                   "certificate, or set TlsSenderCertificateName of "
                   "{connector} to a name of that certificate "
                   "(Set-InboundConnector)."},
   {.message = "受信コネクタ {connector} は {pattern} の証明書を想定していま"
               "すが、送信コネクタ {send_connector} は {subject} (名前 "
               "{names}) を提示しています。Exchange Online はメールをテナント"
               "に関連付けられず、\"550 5.7.64 TenantAttribution; Relay "
               "Access Denied\" を返します。",
    .remediation = "現在の証明書でハイブリッド構成ウィザードを再実行するか、"
                   "{connector} の TlsSenderCertificateName をその証明書の名前"
                   "に変更してください (Set-InboundConnector)。"}},
  {"conn.inbound.cert_match.fail_not_accepted",
   {.message = "The certificate name {names} used by the inbound connector "
               "{connector} is not in an accepted domain of the tenant "
               "({accepted}): Exchange Online rejects the mail with \"550 "
               "5.7.64 Relay Access Denied ATTR36\".",
    .remediation = "Use a certificate whose name is in an accepted domain "
                   "(or add that domain as an accepted domain) and update "
                   "TlsSenderCertificateName of {connector}."},
   {.message = "受信コネクタ {connector} が使う証明書の名前 {names} は、テナン"
               "トの承認済みドメイン ({accepted}) に含まれていません。"
               "Exchange Online はメールを \"550 5.7.64 Relay Access Denied "
               "ATTR36\" で拒否します。",
    .remediation = "承認済みドメインに含まれる名前の証明書を使う (またはその"
                   "ドメインを承認済みドメインに追加する) うえで、{connector} "
                   "の TlsSenderCertificateName を更新してください。"}},
  {"conn.inbound.cert_match.fail_cert_missing",
   {.message = "The send connector {send_connector} names the certificate "
               "{certificate}, which is not among the on-premises "
               "certificates: the connection to Exchange Online cannot "
               "present the certificate the inbound connector expects.",
    .remediation = "Point TlsCertificateName of {send_connector} at the "
                   "installed (renewed) certificate, or rerun the Hybrid "
                   "Configuration Wizard."},
   {.message = "送信コネクタ {send_connector} が指定する証明書 {certificate} "
               "はオンプレミスの証明書の中にありません。Exchange Online への"
               "接続で、受信コネクタが想定する証明書を提示できません。",
    .remediation = "{send_connector} の TlsCertificateName をインストール済み "
                   "(更新後) の証明書に向けるか、ハイブリッド構成ウィザードを"
                   "再実行してください。"}},

  // ---- conn.inbound.ip_match -------------------------------------------------
  {"conn.inbound.ip_match",
   {.title = "On-premises egress IP in the inbound connector"},
   {.title = "オンプレミスの送信元 IP と受信コネクタの一致"}},
  {"conn.inbound.ip_match.pass",
   {.message = "Every on-premises egress address ({addresses}) is in "
               "SenderIPAddresses of {connectors}."},
   {.message = "オンプレミスの送信元アドレス ({addresses}) はすべて "
               "{connectors} の SenderIPAddresses に含まれています。"}},
  {"conn.inbound.ip_match.fail_outside",
   {.message = "The on-premises egress address {outside} is not in "
               "SenderIPAddresses of {connectors} ({ranges}): Exchange Online "
               "cannot attribute the mail to the tenant (550 5.7.64 "
               "TenantAttribution).",
    .remediation = "Add the current public egress address {outside} to "
                   "SenderIPAddresses (and to SPF)."},
   {.message = "オンプレミスの送信元アドレス {outside} は {connectors} の "
               "SenderIPAddresses ({ranges}) に含まれていません。Exchange "
               "Online はメールをテナントに関連付けられません (550 5.7.64 "
               "TenantAttribution)。",
    .remediation = "現在のパブリックな送信元アドレス {outside} を "
                   "SenderIPAddresses (と SPF) に追加してください。"}},
  {"conn.inbound.ip_match.warn_malformed",
   {.message = "Some addresses could not be read as IPv4 addresses or /24 to "
               "/32 ranges: {entries}.",
    .remediation = "Use IPv4 addresses or CIDR ranges from /24 to /32 in "
                   "SenderIPAddresses and in the egress address list."},
   {.message = "次のアドレスは IPv4 アドレスまたは /24 から /32 の範囲として"
               "読み取れませんでした: {entries}",
    .remediation = "SenderIPAddresses と送信元アドレスの一覧には、IPv4 アドレ"
                   "スか /24 から /32 の CIDR 範囲を指定してください。"}},

  // ---- conn.inbound.partner_lockdown -----------------------------------------
  {"conn.inbound.partner_lockdown",
   {.title = "Partner connector restricting the tenant's own domain"},
   {.title = "自テナントのドメインを制限するパートナー コネクタ"}},
  {"conn.inbound.partner_lockdown.pass",
   {.message = "No restricted Partner inbound connector covers the tenant's "
               "own domains."},
   {.message = "テナント自身のドメインを対象にした制限付きのパートナー受信コネ"
               "クタはありません。"}},
  {"conn.inbound.partner_lockdown.info_no_onprem",
   {.message = "The Partner connector {connector} restricts mail from {domain} "
               "({restriction}); the snapshot shows no on-premises senders "
               "that it could block."},
   {.message = "パートナー コネクタ {connector} は {domain} からのメールを制限"
               "しています ({restriction})。スナップショットには、これで拒否"
               "されうるオンプレミスの送信元はありません。"}},
  {"conn.inbound.partner_lockdown.warn_lockdown",
   {.message = "The Partner connector {connector} accepts mail from {domain} "
               "only from its own IPs or certificate ({restriction}), while "
               "on-premises servers also send as {domain}: their mail can be "
               "rejected with \"550 5.7.51 TenantInboundAttribution\".",
    .remediation = "Scope {connector} to the partner's domains only, or "
                   "exempt the on-premises sources."},
   {.message = "パートナー コネクタ {connector} は {domain} からのメールを特定"
               "の IP または証明書からのみ受け付けます ({restriction}) が、オ"
               "ンプレミスのサーバーも {domain} として送信しています。そのメー"
               "ルは \"550 5.7.51 TenantInboundAttribution\" で拒否されること"
               "があります。",
    .remediation = "{connector} の対象をパートナーのドメインだけにするか、オン"
                   "プレミスの送信元を除外してください。"}},

  // ---- conn.outbound.onprem --------------------------------------------------
  {"conn.outbound.onprem",
   {.title = "Outbound connector to on-premises"},
   {.title = "オンプレミスへの送信コネクタ"}},
  {"conn.outbound.onprem.pass",
   {.message = "Mail for {domain} (InternalRelay) goes to on-premises through "
               "the outbound connector {connector} (smart hosts "
               "{smart_hosts})."},
   {.message = "{domain} (InternalRelay) 宛てのメールは送信コネクタ "
               "{connector} (スマート ホスト {smart_hosts}) でオンプレミスに"
               "送られます。"}},
  {"conn.outbound.onprem.info_not_internal_relay",
   {.message = "{domain} is a {type} accepted domain; an outbound connector "
               "for unknown recipients is only needed for InternalRelay."},
   {.message = "{domain} は {type} の承認済みドメインです。不明な受信者用の送"
               "信コネクタが必要なのは InternalRelay の場合だけです。"}},
  {"conn.outbound.onprem.fail_missing",
   {.message = "{domain} is InternalRelay, but no enabled OnPremises outbound "
               "connector covers it: mail for recipients not in Exchange "
               "Online has nowhere to go.",
    .remediation = "Create an OnPremises outbound connector for {domain} that "
                   "uses the on-premises smart host (rerun the Hybrid "
                   "Configuration Wizard)."},
   {.message = "{domain} は InternalRelay ですが、これを対象にした有効な "
               "OnPremises の送信コネクタがありません。Exchange Online にない"
               "受信者宛てのメールの送り先がありません。",
    .remediation = "オンプレミスのスマート ホストを使う、{domain} 用の "
                   "OnPremises 送信コネクタを作成してください (ハイブリッド構"
                   "成ウィザードを再実行します)。"}},
  {"conn.outbound.onprem.fail_no_smarthosts",
   {.message = "The outbound connector {connector} for {domain} has "
               "UseMXRecord=false but no SmartHosts.",
    .remediation = "Set the on-premises smart host on {connector} "
                   "(Set-OutboundConnector -SmartHosts)."},
   {.message = "{domain} 用の送信コネクタ {connector} は UseMXRecord=false で"
               "すが、SmartHosts がありません。",
    .remediation = "{connector} にオンプレミスのスマート ホストを設定してくだ"
                   "さい (Set-OutboundConnector -SmartHosts)。"}},
  {"conn.outbound.onprem.fail_use_mx",
   {.message = "The outbound connector {connector} for {domain} routes by the "
               "MX record (UseMXRecord=true; MX {mx}) instead of the "
               "on-premises smart host.",
    .remediation = "Set UseMXRecord to false and point {connector} at the "
                   "on-premises smart host (rerun the Hybrid Configuration "
                   "Wizard)."},
   {.message = "{domain} 用の送信コネクタ {connector} は、オンプレミスのスマー"
               "ト ホストではなく MX レコードで配送します (UseMXRecord=true、"
               "MX {mx})。",
    .remediation = "UseMXRecord を false にし、{connector} をオンプレミスのス"
                   "マート ホストに向けてください (ハイブリッド構成ウィザードを"
                   "再実行します)。"}},
  {"conn.outbound.onprem.fail_loop",
   {.message = "The outbound connector {connector} for {domain} uses the MX "
               "record (UseMXRecord=true), and the MX points to Exchange "
               "Online ({mx}): mail for on-premises recipients most likely "
               "loops back to Exchange Online until it is rejected (5.4.14). "
               "This is an inference from the configuration.",
    .remediation = "Set UseMXRecord to false and point {connector} at the "
                   "on-premises smart host (rerun the Hybrid Configuration "
                   "Wizard)."},
   {.message = "{domain} 用の送信コネクタ {connector} は MX レコードを使い "
               "(UseMXRecord=true)、その MX は Exchange Online を指しています "
               "({mx})。オンプレミスの受信者宛てのメールは Exchange Online に"
               "戻ってループし、拒否される (5.4.14) 可能性が高いです。これは"
               "構成からの推定です。",
    .remediation = "UseMXRecord を false にし、{connector} をオンプレミスのス"
                   "マート ホストに向けてください (ハイブリッド構成ウィザードを"
                   "再実行します)。"}},

  // ---- conn.outbound.smarthost_dns -------------------------------------------
  {"conn.outbound.smarthost_dns",
   {.title = "Smart hosts resolve in DNS"},
   {.title = "スマート ホストの名前解決"}},
  {"conn.outbound.smarthost_dns.pass",
   {.message = "Every smart host of the outbound connectors resolves: "
               "{hosts}."},
   {.message = "送信コネクタのスマート ホストはすべて名前解決できます: "
               "{hosts}"}},
  {"conn.outbound.smarthost_dns.pass_ip_literal",
   {.message = "The smart hosts resolve ({hosts}); {literals} are IP "
               "addresses and need no DNS."},
   {.message = "スマート ホストは名前解決できます ({hosts})。{literals} は IP "
               "アドレスのため DNS は不要です。"}},
  {"conn.outbound.smarthost_dns.fail_unresolved",
   {.message = "Smart hosts of the outbound connectors have no address in "
               "DNS: {hosts}. Exchange Online defers the mail with \"450 "
               "4.4.312 DNS query failed\".",
    .remediation = "Publish A records for the smart hosts, or correct the "
                   "SmartHosts of the connector."},
   {.message = "送信コネクタのスマート ホストに DNS のアドレスがありません: "
               "{hosts}。Exchange Online はメールを \"450 4.4.312 DNS query "
               "failed\" で保留します。",
    .remediation = "スマート ホストの A レコードを公開するか、コネクタの "
                   "SmartHosts を修正してください。"}},
  {"conn.outbound.smarthost_dns.fail_legacy",
   {.message = "Smart hosts point to a legacy or wrong-region Exchange Online "
               "endpoint: {hosts}. Such mail is refused with \"451 4.4.62 "
               "Mail sent to the wrong Office 365 region. ATTR35\".",
    .remediation = "Replace the legacy smart host with the tenant's own "
                   "server name."},
   {.message = "スマート ホストが旧式または別リージョンの Exchange Online のエ"
               "ンドポイントを指しています: {hosts}。このようなメールは \"451 "
               "4.4.62 Mail sent to the wrong Office 365 region. ATTR35\" で"
               "拒否されます。",
    .remediation = "旧式のスマート ホストを、テナント自身のサーバー名に置き換"
                   "えてください。"}},

  // ---- conn.outbound.smarthost_smtp ------------------------------------------
  {"conn.outbound.smarthost_smtp",
   {.title = "Smart hosts accept SMTP with TLS"},
   {.title = "スマート ホストの SMTP と TLS"}},
  {"conn.outbound.smarthost_smtp.pass",
   {.message = "The smart hosts answer SMTP, offer STARTTLS and present a "
               "suitable certificate: {servers}."},
   {.message = "スマート ホストは SMTP に応答し、STARTTLS を提供し、適切な証明"
               "書を提示しています: {servers}"}},
  {"conn.outbound.smarthost_smtp.fail_refused",
   {.message = "The smart host {host} ({server}) refuses connections on port "
               "25: Exchange Online defers the mail with \"450 4.4.316 "
               "Connection refused\".",
    .remediation = "Allow TCP 25 from the Exchange Online Protection ranges "
                   "through the on-premises firewall to {host}."},
   {.message = "スマート ホスト {host} ({server}) はポート 25 への接続を拒否し"
               "ます。Exchange Online はメールを \"450 4.4.316 Connection "
               "refused\" で保留します。",
    .remediation = "オンプレミスのファイアウォールで、Exchange Online "
                   "Protection の範囲から {host} への TCP 25 を許可してくださ"
                   "い。"}},
  {"conn.outbound.smarthost_smtp.fail_timeout",
   {.message = "The smart host {host} ({server}) did not answer in time "
               "(at {step}): Exchange Online defers the mail with \"450 "
               "4.4.315 Connection timed out\".",
    .remediation = "Make {host} reachable on TCP 25 from the Exchange Online "
                   "Protection ranges and check that it answers promptly."},
   {.message = "スマート ホスト {host} ({server}) は時間内に応答しませんでし"
               "た ({step} の時点)。Exchange Online はメールを \"450 4.4.315 "
               "Connection timed out\" で保留します。",
    .remediation = "Exchange Online Protection の範囲から {host} の TCP 25 に"
                   "到達できるようにし、すぐに応答することを確認してください。"}},
  {"conn.outbound.smarthost_smtp.fail_no_starttls",
   {.message = "The smart host {host} ({server}) does not offer STARTTLS: "
               "Exchange Online requires TLS and defers with \"450 4.4.317 "
               "… 451 5.7.3 STARTTLS is required to send mail\".",
    .remediation = "Enable TLS on the receive connector of {host} with a valid "
                   "certificate (complete chain)."},
   {.message = "スマート ホスト {host} ({server}) は STARTTLS を提供していま"
               "せん。Exchange Online は TLS を必須とし、\"450 4.4.317 … 451 "
               "5.7.3 STARTTLS is required to send mail\" で保留します。",
    .remediation = "{host} の受信コネクタで、有効な証明書 (完全なチェーン) を"
                   "使って TLS を有効にしてください。"}},
  {"conn.outbound.smarthost_smtp.fail_tls",
   {.message = "The TLS handshake with the smart host {host} ({server}) "
               "failed ({error}): Exchange Online defers the mail with \"450 "
               "4.4.317\".",
    .remediation = "Fix the certificate and TLS settings of the receive "
                   "connector of {host}."},
   {.message = "スマート ホスト {host} ({server}) との TLS ハンドシェイクに失"
               "敗しました ({error})。Exchange Online はメールを \"450 "
               "4.4.317\" で保留します。",
    .remediation = "{host} の受信コネクタの証明書と TLS の設定を修正してくださ"
                   "い。"}},
  {"conn.outbound.smarthost_smtp.fail_expired",
   {.message = "The smart host {host} ({server}) presents a certificate that "
               "expired ({not_after}): Exchange Online defers the mail "
               "(4.7.320).",
    .remediation = "Install the renewed certificate on {host} and assign it to "
                   "SMTP."},
   {.message = "スマート ホスト {host} ({server}) は期限切れの証明書 "
               "({not_after}) を提示しています。Exchange Online はメールを保留"
               "します (4.7.320)。",
    .remediation = "{host} に更新した証明書をインストールし、SMTP に割り当てて"
                   "ください。"}},
  {"conn.outbound.smarthost_smtp.fail_subject_mismatch",
   {.message = "The smart host {host} ({server}) presents {presented}, which "
               "does not match the connector's TlsDomain {expected}: Exchange "
               "Online defers with \"450 4.4.317 … SubjectMismatch\".",
    .remediation = "Assign a certificate for {expected} to the receive "
                   "connector of {host}, or set TlsDomain to the name of the "
                   "certificate."},
   {.message = "スマート ホスト {host} ({server}) が提示する証明書 "
               "{presented} は、コネクタの TlsDomain {expected} と一致しませ"
               "ん。Exchange Online は \"450 4.4.317 … SubjectMismatch\" で保"
               "留します。",
    .remediation = "{host} の受信コネクタに {expected} の証明書を割り当てるか、"
                   "TlsDomain を証明書の名前に変更してください。"}},

  // ---- conn.outbound.tls -----------------------------------------------------
  {"conn.outbound.tls",
   {.title = "TLS settings of the hybrid outbound connector"},
   {.title = "ハイブリッド送信コネクタの TLS 設定"}},
  {"conn.outbound.tls.pass",
   {.message = "The hybrid outbound connectors validate the on-premises "
               "certificate by name and send as cloud services mail: "
               "{connectors}."},
   {.message = "ハイブリッドの送信コネクタは、オンプレミスの証明書を名前で検証"
               "し、クラウド サービスのメールとして送信します: {connectors}"}},
  {"conn.outbound.tls.warn_settings",
   {.message = "The hybrid outbound connector {connector} differs from what "
               "the Hybrid Configuration Wizard sets: {problems}.",
    .remediation = "Set TlsSettings to DomainValidation, TlsDomain to the "
                   "on-premises certificate name and CloudServicesMailEnabled "
                   "to true on {connector} (or rerun the wizard)."},
   {.message = "ハイブリッドの送信コネクタ {connector} は、ハイブリッド構成ウ"
               "ィザードの設定と異なります: {problems}",
    .remediation = "{connector} の TlsSettings を DomainValidation、TlsDomain "
                   "をオンプレミスの証明書の名前、CloudServicesMailEnabled を "
                   "true にしてください (またはウィザードを再実行します)。"}},
  });
  // clang-format on
}

}  // namespace ndrdiag::i18n_internal
