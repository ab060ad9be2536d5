// Texts of the smtp.* checks (the live SMTP probe) and of
// tenant.domain.resync, which judges the same probe against the snapshot.
// Keep English and Japanese of one entry side by side, with the same
// placeholders.
#include "workers/i18n/catalog_data.h"

namespace ndrdiag::i18n_internal {

void AppendSmtpEntries(std::vector<CatalogEntry>& entries) {
  // A table of texts reads better unwrapped.
  // clang-format off
  entries.insert(entries.end(), {
  // ---- smtp.mx.connect ------------------------------------------------------
  {"smtp.mx.connect",
   {.title = "MX hosts answer on port 25"},
   {.title = "MX ホストのポート 25 への接続"}},
  {"smtp.mx.connect.pass",
   {.message = "Every MX address of {domain} probed answered with an Exchange "
               "Online banner: {addresses} (\"{banner}\")."},
   {.message = "{domain} の MX のアドレスはすべて Exchange Online のバナーで応"
               "答しました: {addresses} (\"{banner}\")。"}},
  {"smtp.mx.connect.warn_not_microsoft",
   {.message = "{host} ({address}) greets with \"{banner}\", which is not "
               "Exchange Online, while the accepted domain {domain} is "
               "{domain_type} in the tenant snapshot: mail for {domain} does "
               "not reach Exchange Online first.",
    .remediation = "Point the MX of {domain} at Exchange Online (the value "
                   "shown in Microsoft 365 admin center > Settings > Domains), "
                   "or make the domain InternalRelay if another server must "
                   "receive its mail first."},
   {.message = "{host} ({address}) のバナーは \"{banner}\" で Exchange Online "
               "のものではありません。一方、テナントのスナップショットでは承認"
               "済みドメイン {domain} は {domain_type} です。{domain} 宛てのメ"
               "ールは最初に Exchange Online に届いていません。",
    .remediation = "{domain} の MX を Exchange Online (Microsoft 365 管理セン"
                   "ターの [設定] > [ドメイン] に表示される値) に向けてください"
                   "。別のサーバーが先に受信する必要がある場合は、ドメインを "
                   "InternalRelay にしてください。"}},
  {"smtp.mx.connect.warn_not_microsoft_assumed",
   {.message = "{host} ({address}) greets with \"{banner}\", which is not "
               "Exchange Online. Judged for an Authoritative accepted domain "
               "(the default; no tenant snapshot gave the type of {domain}): "
               "mail for {domain} does not reach Exchange Online first.",
    .remediation = "If {domain} is hosted in Exchange Online, point its MX at "
                   "Exchange Online; if another server receives its mail "
                   "first on purpose, make the domain InternalRelay."},
   {.message = "{host} ({address}) のバナーは \"{banner}\" で Exchange Online "
               "のものではありません。承認済みドメインの種類を既定の "
               "Authoritative とみなして判定しました ({domain} の種類を示すテ"
               "ナントのスナップショットがありません)。{domain} 宛てのメール"
               "は最初に Exchange Online に届いていません。",
    .remediation = "{domain} が Exchange Online でホストされている場合は MX を"
                   " Exchange Online に向けてください。意図して別のサーバーが先"
                   "に受信する構成なら、ドメインを InternalRelay にしてください"
                   "。"}},
  {"smtp.mx.connect.info_not_microsoft",
   {.message = "{host} ({address}) greets with \"{banner}\", which is not "
               "Exchange Online; {domain} is {domain_type}, so another server "
               "receiving its mail first is expected."},
   {.message = "{host} ({address}) のバナーは \"{banner}\" で Exchange Online "
               "のものではありません。{domain} は {domain_type} なので、別のサ"
               "ーバーが先に受信する構成は想定どおりです。"}},
  {"smtp.mx.connect.warn_partial",
   {.message = "Some MX addresses of {domain} do not answer on port 25 "
               "({failures}) while {answered} did: senders that pick the "
               "silent ones retry or bounce.",
    .remediation = "If {addresses} is not Microsoft's, fix the server or its "
                   "firewall (or remove it from the MX); otherwise retry later "
                   "and check Service health."},
   {.message = "{domain} の MX のアドレスの一部がポート 25 で応答しません ("
               "{failures})。{answered} は応答しました。応答しないアドレスを選"
               "んだ送信側は再試行するか、メールを返送します。",
    .remediation = "{addresses} が Microsoft のものでなければ、そのサーバーか"
                   "ファイアウォールを修正してください (または MX から外してく"
                   "ださい)。Microsoft のものであれば、時間をおいて再試行し、サ"
                   "ービス正常性を確認してください。"}},
  {"smtp.mx.connect.fail_no_answer",
   {.message = "No MX address of {domain} answers on port 25: {failures}. "
               "Senders cannot deliver mail for {domain}.",
    .remediation = "If the banner host is not Microsoft's, the MX points to "
                   "an old or wrong server: point it at Exchange Online; "
                   "otherwise open port 25 on {addresses} or fix the server."},
   {.message = "{domain} の MX のアドレスはどれもポート 25 で応答しません: "
               "{failures}。送信側は {domain} 宛てのメールを配送できません。",
    .remediation = "ホストが Microsoft のものでなければ、MX が古いか誤ったサ"
                   "ーバーを指しています。Exchange Online に向けてください。そ"
                   "うでなければ {addresses} のポート 25 を開けるか、サーバーを"
                   "修正してください。"}},

  {"smtp.mx.connect.fail_no_answer_eop",
   {.message = "No Exchange Online address of the MX of {domain} answers on "
               "port 25: {failures}. Exchange Online normally answers from "
               "everywhere, so a Microsoft incident, or a firewall blocking "
               "outbound port 25 from this diagnosis service, looks the same.",
    .remediation = "Retry later and check Service health; if it persists, "
                   "check that the MX host name is the one shown for the "
                   "tenant."},
   {.message = "{domain} の MX の Exchange Online のアドレスはどれもポート 25 "
               "で応答しません: {failures}。Exchange Online は通常どこからで"
               "も応答するため、Microsoft 側の障害や、この診断サービスからの送"
               "信ポート 25 をファイアウォールが遮断している場合も同じ結果にな"
               "ります。",
    .remediation = "時間をおいて再試行し、サービス正常性を確認してください。続"
                   "く場合は、MX のホスト名がテナントに表示される値と同じか確認"
                   "してください。"}},

  // ---- smtp.ehlo.caps -------------------------------------------------------
  {"smtp.ehlo.caps",
   {.title = "EHLO capabilities"},
   {.title = "EHLO で通知される機能"}},
  {"smtp.ehlo.caps.pass",
   {.message = "{host} ({address}) advertises {keywords}."},
   {.message = "{host} ({address}) は次の機能を通知しています: {keywords}"}},
  {"smtp.ehlo.caps.warn_eop_no_starttls",
   {.message = "{host} ({address}) is Exchange Online but does not advertise "
               "STARTTLS (advertised: {keywords}; missing from the observed "
               "set: {missing}). Exchange Online always offers it, so "
               "something between the probe and Microsoft may be rewriting "
               "the session.",
    .remediation = "Check for a proxy or firewall that inspects SMTP on the "
                   "path; this is evidence, not a configuration error of the "
                   "tenant."},
   {.message = "{host} ({address}) は Exchange Online ですが STARTTLS を通知し"
               "ていません (通知された機能: {keywords}、観測済みの一覧にないも"
               "の: {missing})。Exchange Online は常に STARTTLS を提供するため"
               "、経路上の何かがセッションを書き換えている可能性があります。",
    .remediation = "経路上に SMTP を検査するプロキシやファイアウォールがないか"
                   "確認してください。これは調査用の情報で、テナントの構成の誤"
                   "りではありません。"}},
  {"smtp.ehlo.caps.info_eop_differs",
   {.message = "{host} ({address}) advertises {keywords}; the set observed at "
               "Exchange Online also has {missing}."},
   {.message = "{host} ({address}) は {keywords} を通知しています。Exchange "
               "Online で観測された一覧には、ほかに {missing} があります。"}},
  {"smtp.ehlo.caps.info_no_starttls",
   {.message = "{host} ({address}) advertises {keywords}, without STARTTLS: "
               "mail to it travels unencrypted."},
   {.message = "{host} ({address}) は {keywords} を通知していますが、"
               "STARTTLS はありません。このホスト宛てのメールは暗号化されずに"
               "送られます。"}},
  {"smtp.ehlo.caps.info_ehlo_rejected",
   {.message = "{host} ({address}) refused EHLO: {reply}."},
   {.message = "{host} ({address}) は EHLO を拒否しました: {reply}"}},

  // ---- smtp.starttls --------------------------------------------------------
  {"smtp.starttls",
   {.title = "STARTTLS and certificate"},
   {.title = "STARTTLS と証明書"}},
  {"smtp.starttls.pass",
   {.message = "{host} ({address}) completed STARTTLS ({tls_version}) and "
               "answered EHLO again; certificate {subject} (names: {sans}) "
               "issued by {issuer}, valid until {not_after}."},
   {.message = "{host} ({address}) との STARTTLS ({tls_version}) が完了し、再"
               "度の EHLO にも応答しました。証明書 {subject} (名前: {sans})、"
               "発行者 {issuer}、有効期限 {not_after}。"}},
  {"smtp.starttls.info_not_offered",
   {.message = "{host} ({address}) does not offer STARTTLS: mail to it "
               "travels unencrypted."},
   {.message = "{host} ({address}) は STARTTLS を提供していません。このホスト"
               "宛てのメールは暗号化されずに送られます。"}},
  {"smtp.starttls.warn_not_offered_eop",
   {.message = "{host} ({address}) is Exchange Online but does not offer "
               "STARTTLS; Exchange Online always does, so something on the "
               "path may be rewriting the session.",
    .remediation = "Check for a proxy or firewall that inspects SMTP on the "
                   "path."},
   {.message = "{host} ({address}) は Exchange Online ですが STARTTLS を提供し"
               "ていません。Exchange Online は常に提供するため、経路上の何かが"
               "セッションを書き換えている可能性があります。",
    .remediation = "経路上に SMTP を検査するプロキシやファイアウォールがないか"
                   "確認してください。"}},
  {"smtp.starttls.warn_refused",
   {.message = "{host} ({address}) offers STARTTLS but refused it: {reply}.",
    .remediation = "Fix the TLS configuration (certificate binding) of the "
                   "server at {host}."},
   {.message = "{host} ({address}) は STARTTLS を通知していますが、実行を拒否"
               "しました: {reply}",
    .remediation = "{host} のサーバーの TLS 構成 (証明書の割り当て) を修正して"
                   "ください。"}},
  {"smtp.starttls.warn_handshake_failed",
   {.message = "The TLS handshake with {host} ({address}) failed: {error}.",
    .remediation = "Check the certificate and TLS settings of the server at "
                   "{host}; senders that require TLS cannot deliver to it."},
   {.message = "{host} ({address}) との TLS ハンドシェイクに失敗しました: "
               "{error}",
    .remediation = "{host} のサーバーの証明書と TLS の設定を確認してください。"
                   "TLS を必須とする送信側はこのサーバーに配送できません。"}},
  {"smtp.starttls.warn_no_ehlo_after_tls",
   {.message = "{host} ({address}) completed the TLS handshake (certificate "
               "{subject}) but did not answer EHLO afterwards: {error}.",
    .remediation = "Check the server at {host}: after STARTTLS it must accept "
                   "a new EHLO (RFC 3207)."},
   {.message = "{host} ({address}) との TLS ハンドシェイクは完了しました (証明"
               "書 {subject}) が、その後の EHLO に応答しませんでした: {error}",
    .remediation = "{host} のサーバーを確認してください。STARTTLS の後は新たな"
                   " EHLO を受け付ける必要があります (RFC 3207)。"}},
  {"smtp.starttls.warn_expired",
   {.message = "The certificate of {host} ({address}), {subject}, expired on "
               "{not_after}.",
    .remediation = "Renew the certificate of the server at {host} and bind "
                   "the new one to SMTP."},
   {.message = "{host} ({address}) の証明書 {subject} は {not_after} に期限切"
               "れになっています。",
    .remediation = "{host} のサーバーの証明書を更新し、新しい証明書を SMTP に"
                   "割り当ててください。"}},
  {"smtp.starttls.warn_not_yet_valid",
   {.message = "The certificate of {host} ({address}), {subject}, is not "
               "valid before {not_before}.",
    .remediation = "Check the server's clock and the certificate bound to "
                   "SMTP at {host}."},
   {.message = "{host} ({address}) の証明書 {subject} は {not_before} まで有効"
               "になりません。",
    .remediation = "{host} のサーバーの時刻と、SMTP に割り当てられた証明書を確"
                   "認してください。"}},
  {"smtp.starttls.info_unverified",
   {.message = "The certificate of {host} ({address}), {subject}, does not "
               "verify ({verify_error}); senders using opportunistic TLS "
               "still deliver, senders that validate do not."},
   {.message = "{host} ({address}) の証明書 {subject} は検証できません ("
               "{verify_error})。日和見的 TLS の送信側は配送できますが、証明書"
               "を検証する送信側は配送できません。"}},
  {"smtp.starttls.warn_unverified_eop",
   {.message = "{host} ({address}) is Exchange Online but its certificate "
               "{subject} does not verify ({verify_error}): something on the "
               "path may be intercepting TLS.",
    .remediation = "Check for a TLS-inspecting proxy or firewall between the "
                   "probe and Microsoft."},
   {.message = "{host} ({address}) は Exchange Online ですが、証明書 {subject}"
               " を検証できません ({verify_error})。経路上で TLS が傍受されて"
               "いる可能性があります。",
    .remediation = "プローブと Microsoft の間に TLS を検査するプロキシやファイ"
                   "アウォールがないか確認してください。"}},

  // ---- smtp.rcpt.known ------------------------------------------------------
  {"smtp.rcpt.known",
   {.title = "Recipient accepted by the MX"},
   {.title = "MX による受信者の受け付け"}},
  {"smtp.rcpt.known.pass",
   {.message = "{host} ({address}) accepted RCPT TO:<{recipient}>: {reply}."},
   {.message = "{host} ({address}) は RCPT TO:<{recipient}> を受け付けました"
               ": {reply}"}},
  {"smtp.rcpt.known.fail_dbeb",
   {.message = "{host} ({address}) rejected {recipient} with Directory-Based "
               "Edge Blocking: {reply}. The address is not a recipient in "
               "the Exchange Online directory.",
    .remediation = "Create the recipient in Exchange Online, or sync it (or "
                   "its proxy address) from on-premises."},
   {.message = "{host} ({address}) はディレクトリ ベースのエッジ ブロック "
               "(DBEB) で {recipient} を拒否しました: {reply}。このアドレスは "
               "Exchange Online のディレクトリに受信者として存在しません。",
    .remediation = "Exchange Online に受信者を作成するか、オンプレミスから受信"
                   "者 (またはそのプロキシ アドレス) を同期してください。"}},
  {"smtp.rcpt.known.fail_legacy",
   {.message = "{host} ({address}) answered RCPT TO:<{recipient}> with "
               "{reply}: mail for {domain} is sent to a legacy or wrong-region "
               "Exchange Online endpoint.",
    .remediation = "Point the MX (or smart host) at "
                   "<domain-with-dashes>.mail.protection.outlook.com as shown "
                   "for the tenant."},
   {.message = "{host} ({address}) は RCPT TO:<{recipient}> に {reply} と応答"
               "しました。{domain} 宛てのメールが、旧または別リージョンの "
               "Exchange Online エンドポイントに送られています。",
    .remediation = "MX (またはスマート ホスト) を、テナントに表示される "
                   "<ドメインのドットをハイフンにした名前>"
                   ".mail.protection.outlook.com に向けてください。"}},
  {"smtp.rcpt.known.info_partner_lockdown",
   {.message = "{host} ({address}) answered RCPT TO:<{recipient}> with "
               "{reply}: a partner inbound connector restricts {domain} to "
               "certain IP addresses or certificates, so this probe is not "
               "representative of real senders (see "
               "conn.inbound.partner_lockdown)."},
   {.message = "{host} ({address}) は RCPT TO:<{recipient}> に {reply} と応答"
               "しました。パートナーの受信コネクタが {domain} を特定の IP アド"
               "レスまたは証明書に制限しているため、このプローブの結果は実際の"
               "送信側を代表しません (conn.inbound.partner_lockdown を参照)。"}},
  {"smtp.rcpt.known.info_attribution",
   {.message = "{host} ({address}) answered RCPT TO:<{recipient}> with "
               "{reply}: Exchange Online refused the probe on connector or "
               "sender attribution, so the answer says nothing about "
               "{recipient} (see the conn.inbound.* checks)."},
   {.message = "{host} ({address}) は RCPT TO:<{recipient}> に {reply} と応答"
               "しました。Exchange Online がコネクタまたは送信者の帰属判定でプ"
               "ローブを拒否したため、{recipient} については何も分かりません "
               "(conn.inbound.* のチェックを参照)。"}},
  {"smtp.rcpt.known.info_relay_denied",
   {.message = "{host} ({address}) refused to relay for {recipient}: {reply}; "
               "see smtp.rcpt.relay_denied."},
   {.message = "{host} ({address}) は {recipient} 宛ての中継を拒否しました: "
               "{reply}。smtp.rcpt.relay_denied を参照してください。"}},
  {"smtp.rcpt.known.warn_rejected",
   {.message = "{host} ({address}) rejected RCPT TO:<{recipient}>: {reply}.",
    .remediation = "Read the reply text: it names what the server at {host} "
                   "objects to."},
   {.message = "{host} ({address}) は RCPT TO:<{recipient}> を拒否しました: "
               "{reply}",
    .remediation = "応答のテキストを確認してください。{host} のサーバーが何を"
                   "拒否したかが書かれています。"}},

  // ---- smtp.rcpt.dbeb_mode --------------------------------------------------
  {"smtp.rcpt.dbeb_mode",
   {.title = "Directory-Based Edge Blocking mode"},
   {.title = "ディレクトリ ベースのエッジ ブロック (DBEB) の動作"}},
  {"smtp.rcpt.dbeb_mode.info_active",
   {.message = "{host} ({address}) rejected the random address {recipient} "
               "({reply}): DBEB is active, so {domain} is Authoritative."},
   {.message = "{host} ({address}) はランダムなアドレス {recipient} を拒否しま"
               "した ({reply})。DBEB が有効なので、{domain} は Authoritative "
               "です。"}},
  {"smtp.rcpt.dbeb_mode.info_off",
   {.message = "{host} ({address}) accepted the random address {recipient} "
               "({reply}): {domain} is InternalRelay or DBEB is off (Exchange "
               "Online has also been seen to accept RCPT for domains it does "
               "not host)."},
   {.message = "{host} ({address}) はランダムなアドレス {recipient} を受け付け"
               "ました ({reply})。{domain} は InternalRelay か、DBEB が無効です"
               " (Exchange Online はホストしていないドメインの RCPT を受け付け"
               "ることもあります)。"}},
  {"smtp.rcpt.dbeb_mode.pass_active",
   {.message = "{host} ({address}) rejected the random address {recipient} "
               "with DBEB ({reply}), as expected for the {domain_type} "
               "accepted domain {domain}."},
   {.message = "{host} ({address}) はランダムなアドレス {recipient} を DBEB で"
               "拒否しました ({reply})。承認済みドメイン {domain} は "
               "{domain_type} なので想定どおりです。"}},
  {"smtp.rcpt.dbeb_mode.pass_off",
   {.message = "{host} ({address}) accepted the random address {recipient} "
               "({reply}), as expected for the {domain_type} accepted domain "
               "{domain}."},
   {.message = "{host} ({address}) はランダムなアドレス {recipient} を受け付け"
               "ました ({reply})。承認済みドメイン {domain} は {domain_type} "
               "なので想定どおりです。"}},
  {"smtp.rcpt.dbeb_mode.warn_mismatch_active",
   {.message = "The snapshot says {domain} is {domain_type}, but {host} "
               "({address}) rejected the random address {recipient} with DBEB "
               "({reply}), as for an Authoritative domain: the change has not "
               "replicated yet.",
    .remediation = "Align DomainType with the intended routing and wait for "
                   "replication (about an hour)."},
   {.message = "スナップショットでは {domain} は {domain_type} ですが、{host} "
               "({address}) はランダムなアドレス {recipient} を Authoritative "
               "のドメインと同じく DBEB で拒否しました ({reply})。変更がまだ複"
               "製されていません。",
    .remediation = "DomainType を意図したルーティングに合わせ、複製を待ってく"
                   "ださい (約 1 時間)。"}},
  {"smtp.rcpt.dbeb_mode.warn_mismatch_off",
   {.message = "The snapshot says {domain} is {domain_type}, but {host} "
               "({address}) accepted the random address {recipient} "
               "({reply}): DBEB is not in effect there yet (replication lag), "
               "or Exchange Online does not treat {domain} as accepted.",
    .remediation = "Align DomainType with the intended routing and wait for "
                   "replication (about an hour)."},
   {.message = "スナップショットでは {domain} は {domain_type} ですが、{host} "
               "({address}) はランダムなアドレス {recipient} を受け付けました ("
               "{reply})。DBEB がまだ反映されていない (複製の遅延) か、"
               "Exchange Online が {domain} を承認済みとして扱っていません。",
    .remediation = "DomainType を意図したルーティングに合わせ、複製を待ってく"
                   "ださい (約 1 時間)。"}},
  {"smtp.rcpt.dbeb_mode.warn_nodes_disagree",
   {.message = "Exchange Online answers the random address {recipient} "
               "differently: {host} ({address}) rejected it with DBEB "
               "({reply}), {other_host} ({other_address}) accepted it "
               "({other_reply}). The domain's settings have not replicated "
               "everywhere.",
    .remediation = "Align DomainType with the intended routing and wait for "
                   "replication (about an hour)."},
   {.message = "Exchange Online のランダムなアドレス {recipient} への応答が一"
               "致しません。{host} ({address}) は DBEB で拒否し ({reply})、"
               "{other_host} ({other_address}) は受け付けました ("
               "{other_reply})。ドメインの設定がすべてに複製されていません。",
    .remediation = "DomainType を意図したルーティングに合わせ、複製を待ってく"
                   "ださい (約 1 時間)。"}},
  {"smtp.rcpt.dbeb_mode.info_not_eop",
   {.message = "{host} ({address}) is not Exchange Online, so whether DBEB "
               "is active cannot be seen there; it answered the random "
               "address {recipient} with {reply}."},
   {.message = "{host} ({address}) は Exchange Online ではないため、DBEB が有"
               "効かどうかは分かりません。ランダムなアドレス {recipient} には "
               "{reply} と応答しました。"}},
  {"smtp.rcpt.dbeb_mode.info_relay_denied",
   {.message = "{host} ({address}) refused to relay for the random address "
               "{recipient} ({reply}): see smtp.rcpt.relay_denied."},
   {.message = "{host} ({address}) はランダムなアドレス {recipient} 宛ての中継"
               "を拒否しました ({reply})。smtp.rcpt.relay_denied を参照してく"
               "ださい。"}},
  {"smtp.rcpt.dbeb_mode.info_legacy",
   {.message = "{host} ({address}) answered the random address {recipient} "
               "with {reply}, a legacy-endpoint refusal: see smtp.rcpt.known "
               "and dns.mx.legacy_target."},
   {.message = "{host} ({address}) はランダムなアドレス {recipient} に旧エンド"
               "ポイントの拒否 {reply} を返しました。smtp.rcpt.known と "
               "dns.mx.legacy_target を参照してください。"}},
  {"smtp.rcpt.dbeb_mode.info_other",
   {.message = "{host} ({address}) answered the random address {recipient} "
               "with {reply}, which does not tell whether DBEB is active."},
   {.message = "{host} ({address}) はランダムなアドレス {recipient} に {reply}"
               " と応答しました。この応答からは DBEB が有効かどうか分かりませ"
               "ん。"}},

  // ---- smtp.rcpt.relay_denied -----------------------------------------------
  {"smtp.rcpt.relay_denied",
   {.title = "MX accepts the domain (no relay refusal)"},
   {.title = "MX がドメインを受け付けること (中継拒否なし)"}},
  {"smtp.rcpt.relay_denied.fail_eop",
   {.message = "Exchange Online at {host} ({address}) refused to relay for "
               "{recipient}: {reply}. Exchange Online does not accept "
               "{domain} as a domain of the tenant.",
    .remediation = "Add and verify {domain} in the tenant so it becomes an "
                   "accepted domain (replication can take about an hour)."},
   {.message = "{host} ({address}) の Exchange Online は {recipient} 宛ての中"
               "継を拒否しました: {reply}。Exchange Online は {domain} をテナ"
               "ントのドメインとして受け付けていません。",
    .remediation = "{domain} をテナントに追加して検証し、承認済みドメインにし"
                   "てください (複製に約 1 時間かかることがあります)。"}},
  {"smtp.rcpt.relay_denied.fail_other_host",
   {.message = "{host} ({address}), which is not Exchange Online, refused to "
               "relay for {recipient}: {reply}. The MX of {domain} points to "
               "a server that does not accept the domain (an old host?).",
    .remediation = "Point the MX of {domain} at Exchange Online, or make the "
                   "server at {host} accept {domain}."},
   {.message = "Exchange Online ではない {host} ({address}) が {recipient} 宛"
               "ての中継を拒否しました: {reply}。{domain} の MX は、このドメイ"
               "ンを受け付けないサーバー (古いホストなど) を指しています。",
    .remediation = "{domain} の MX を Exchange Online に向けるか、{host} のサー"
                   "バーで {domain} を受け付けるようにしてください。"}},
  {"smtp.rcpt.relay_denied.pass",
   {.message = "No relay refusal: {host} ({address}) judged {recipient} as a "
               "recipient of {domain} ({reply})."},
   {.message = "中継の拒否はありません。{host} ({address}) は {recipient} を "
               "{domain} の受信者として判定しました ({reply})。"}},
  {"smtp.rcpt.relay_denied.pass_unconfirmed",
   {.message = "No relay refusal: Exchange Online at {host} ({address}) "
               "accepted {recipient} ({reply}). This does not prove that "
               "{domain} is accepted: Exchange Online has been seen to accept "
               "RCPT for domains it does not host."},
   {.message = "中継の拒否はありません。{host} ({address}) の Exchange Online "
               "は {recipient} を受け付けました ({reply})。ただし、{domain} が"
               "承認済みである証明にはなりません。Exchange Online はホストして"
               "いないドメインの RCPT を受け付けることもあります。"}},
  {"smtp.rcpt.relay_denied.info_legacy",
   {.message = "{host} ({address}) answered {recipient} with {reply}, a "
               "legacy-endpoint refusal before any relay decision: see "
               "smtp.rcpt.known."},
   {.message = "{host} ({address}) は {recipient} に、中継の判定より前の旧エン"
               "ドポイントの拒否 {reply} を返しました。smtp.rcpt.known を参照"
               "してください。"}},

  // ---- tenant.domain.resync -------------------------------------------------
  {"tenant.domain.resync",
   {.title = "Domain directory replicated to Exchange Online Protection"},
   {.title = "ドメインのディレクトリの Exchange Online Protection への複製"}},
  {"tenant.domain.resync.pass",
   {.message = "{host} ({address}) accepted {recipient} ({recipient_type} in "
               "the snapshot): {reply}."},
   {.message = "{host} ({address}) は {recipient} (スナップショットでは "
               "{recipient_type}) を受け付けました: {reply}"}},
  {"tenant.domain.resync.warn_not_replicated",
   {.message = "Every recipient asked at {domain} was rejected by DBEB "
               "({addresses}), including {recipient}, which exists in the "
               "snapshot as {recipient_type} ({reply}): the domain's "
               "directory has not replicated to Exchange Online Protection.",
    .remediation = "Set the accepted domain {domain} to InternalRelay, wait "
                   "about an hour, then set it back to Authoritative."},
   {.message = "{domain} で問い合わせた受信者はすべて DBEB で拒否されました ("
               "{addresses})。スナップショットに {recipient_type} として存在す"
               "る {recipient} も拒否されています ({reply})。ドメインのディレ"
               "クトリが Exchange Online Protection に複製されていません。",
    .remediation = "承認済みドメイン {domain} を InternalRelay に変更し、約 1 "
                   "時間待ってから Authoritative に戻してください。"}},
  {"tenant.domain.resync.info_recipient_only",
   {.message = "{host} ({address}) rejected {recipient} with DBEB ({reply}) "
               "although it exists in the snapshot as {recipient_type}, but "
               "not every recipient of {domain} is rejected: see "
               "tenant.recipient.dbeb."},
   {.message = "{recipient} はスナップショットに {recipient_type} として存在"
               "しますが、{host} ({address}) は DBEB で拒否しました ({reply})"
               "。ただし {domain} のすべての受信者が拒否されているわけではあり"
               "ません。tenant.recipient.dbeb を参照してください。"}},
  {"tenant.domain.resync.info_not_dbeb",
   {.message = "{host} ({address}) answered {recipient} with {reply}, not a "
               "DBEB rejection: see the smtp.rcpt.* checks."},
   {.message = "{host} ({address}) は {recipient} に {reply} と応答しました。"
               "DBEB による拒否ではありません。smtp.rcpt.* のチェックを参照し"
               "てください。"}},
  });
  // clang-format on
}

}  // namespace ndrdiag::i18n_internal
