// Texts of the checks (titles, outcomes, terms). Keep English and Japanese
// of one entry side by side, with the same placeholders.
#include "workers/i18n/catalog_data.h"

namespace ndrdiag::i18n_internal {

void AppendCheckEntries(std::vector<CatalogEntry>& entries) {
  // A table of texts reads better unwrapped.
  // clang-format off
  entries.insert(entries.end(), {
  // ---- Shared by every check ------------------------------------------------
  {"check.inconclusive",
   {.message = "This check could not be made: {reason}."},
   {.message = "このチェックは実施できませんでした: {reason}"}},
  {"check.skipped",
   {.message = "Not applicable: {reason}."},
   {.message = "対象外です: {reason}"}},
  {"check.time_budget",
   {.message = "The time budget of {budget} ran out before the evidence for "
               "this check was complete.",
    .remediation = "Run the diagnosis again with a larger time budget "
                   "(probe_options.time_budget, at most 120s)."},
   {.message = "このチェックに必要な情報を集め終える前に、制限時間 {budget} を"
               "使い切りました。",
    .remediation = "制限時間 (probe_options.time_budget、最大 120 秒) を延ばし"
                   "て診断をやり直してください。"}},
  {"term.view.authoritative",
   {.message = "authoritative name servers"},
   {.message = "権威 DNS サーバー"}},
  {"term.view.recursive",
   {.message = "recursive resolver"},
   {.message = "キャッシュ DNS サーバー"}},

  // ---- dns.mx.present -------------------------------------------------------
  {"dns.mx.present",
   {.title = "MX record published"},
   {.title = "MX レコードの公開"}},
  {"dns.mx.present.pass",
   {.message = "{domain} publishes {count} MX record(s) (answer of the "
               "{view})."},
   {.message = "{domain} には MX レコードが {count} 件公開されています ({view}"
               "の応答)。"}},
  {"dns.mx.present.fail_nxdomain",
   {.message = "{domain} does not exist in DNS (NXDOMAIN from the {view}): no "
               "mail can be delivered to it.",
    .remediation = "Check the spelling of the domain; if it is right, "
                   "register it or restore its delegation at the registrar."},
   {.message = "{domain} は DNS に存在しません ({view}が NXDOMAIN を返しました"
               ")。このドメイン宛てのメールは配信できません。",
    .remediation = "ドメイン名のつづりを確認してください。正しい場合は、レジス"
                   "トラーでドメインの登録または委任を復旧してください。"}},
  {"dns.mx.present.fail_nodata",
   {.message = "{domain} exists but publishes no MX record (answer of the "
               "{view}): senders cannot find where to deliver its mail.",
    .remediation = "Publish the MX value shown in Microsoft 365 admin center "
                   "> Settings > Domains for {domain}."},
   {.message = "{domain} は存在しますが、MX レコードが公開されていません "
               "({view}の応答)。送信側はメールの配送先を見つけられません。",
    .remediation = "Microsoft 365 管理センターの [設定] > [ドメイン] で "
                   "{domain} に表示される MX の値を DNS に登録してください。"}},
  {"dns.mx.present.fail_null_mx",
   {.message = "{domain} publishes a null MX (\"0 .\", RFC 7505; answer of "
               "the {view}): it declares that it accepts no mail.",
    .remediation = "Replace the null MX with the MX value shown in Microsoft "
                   "365 admin center > Settings > Domains for {domain}."},
   {.message = "{domain} は Null MX (\"0 .\"、RFC 7505) を公開しており ({view}"
               "の応答)、メールを一切受け付けないと宣言しています。",
    .remediation = "Null MX を削除し、Microsoft 365 管理センターの [設定] > ["
                   "ドメイン] で {domain} に表示される MX の値を登録してくださ"
                   "い。"}},
  {"dns.mx.present.warn_auth_split",
   {.message = "The authoritative name servers of {domain} disagree: "
               "{with_mx} answer with MX records, {without_mx} without.",
    .remediation = "Make every authoritative name server serve the same zone "
                   "(check the zone transfers between primary and "
                   "secondaries)."},
   {.message = "{domain} の権威 DNS サーバーの応答が一致しません。MX レコード"
               "を返したサーバーが {with_mx} 台、返さなかったサーバーが "
               "{without_mx} 台あります。",
    .remediation = "すべての権威 DNS サーバーが同じゾーンを返すようにしてくだ"
                   "さい (プライマリとセカンダリの間のゾーン転送を確認してくだ"
                   "さい)。"}},

  // ---- dns.mx.single_record -------------------------------------------------
  {"dns.mx.single_record",
   {.title = "Single MX record"},
   {.title = "MX レコードが 1 件だけであること"}},
  {"dns.mx.single_record.pass",
   {.message = "{domain} has exactly one MX record ({targets})."},
   {.message = "{domain} の MX レコードは 1 件だけです ({targets})。"}},
  {"dns.mx.single_record.fail_multiple",
   {.message = "{domain} has {count} MX records ({targets}) and at least one "
               "points to Exchange Online; only one MX is supported for a "
               "domain in Exchange Online, so senders that pick another host "
               "get their mail refused.",
    .remediation = "Delete every MX record except the Exchange Online one."},
   {.message = "{domain} には MX レコードが {count} 件 ({targets}) あり、少な"
               "くとも 1 件が Exchange Online を指しています。Exchange Online "
               "で使うドメインの MX は 1 件しかサポートされないため、別のホス"
               "トを選んだ送信側のメールは拒否されます。",
    .remediation = "Exchange Online の MX レコード以外をすべて削除してください"
                   "。"}},
  {"dns.mx.single_record.warn_dnssec_cutover",
   {.message = "{domain} has two MX records ({targets}): this "
               "mail.protection.outlook.com and mx.microsoft pair is the "
               "documented temporary state while SMTP DANE with DNSSEC is "
               "being enabled.",
    .remediation = "Once the mx.microsoft record works, delete the "
                   "mail.protection.outlook.com record to finish the cut-over."},
   {.message = "{domain} には MX レコードが 2 件 ({targets}) あります。"
               "mail.protection.outlook.com と mx.microsoft の組み合わせは、"
               "DNSSEC を使う SMTP DANE を有効にする間の一時的な状態として文書"
               "化されています。",
    .remediation = "mx.microsoft のレコードが動作することを確認したら、"
                   "mail.protection.outlook.com のレコードを削除して切り替えを"
                   "完了してください。"}},
  {"dns.mx.single_record.info_multiple_non_eop",
   {.message = "{domain} has {count} MX records ({targets}), none at Exchange "
               "Online; this is normal for a domain whose mail is not "
               "received by Exchange Online first."},
   {.message = "{domain} には MX レコードが {count} 件 ({targets}) ありますが"
               "、いずれも Exchange Online を指していません。Exchange Online "
               "が最初に受信しないドメインであれば通常の構成です。"}},

  // ---- dns.mx.target_format -------------------------------------------------
  {"dns.mx.target_format",
   {.title = "MX points to Exchange Online"},
   {.title = "MX の宛先が Exchange Online であること"}},
  {"dns.mx.target_format.pass",
   {.message = "The MX of {domain} points to Exchange Online as expected "
               "({target})."},
   {.message = "{domain} の MX は想定どおり Exchange Online ({target}) を指し"
               "ています。"}},
  {"dns.mx.target_format.warn_token",
   {.message = "The MX target {target} has the Exchange Online form, but its "
               "token \"{token}\" differs from the expected "
               "\"{expected_token}\" (suffixed tokens are observed, "
               "unconfirmed); a tenant snapshot would settle it.",
    .remediation = "Point the MX at {expected} (or the DNSSEC value) exactly "
                   "as listed for the tenant in Microsoft 365 admin center."},
   {.message = "MX の宛先 {target} は Exchange Online の形式ですが、トークン「"
               "{token}」が想定値「{expected_token}」と異なります (接尾辞付き"
               "のトークンも観測されていますが未確認です)。テナントのスナップ"
               "ショットがあれば確定できます。",
    .remediation = "MX を、Microsoft 365 管理センターでテナントに表示される "
                   "{expected} (または DNSSEC 用の値) に正確に合わせてください"
                   "。"}},
  {"dns.mx.target_format.warn_not_exo",
   {.message = "The MX of {domain} does not point to Exchange Online "
               "({targets}); if {domain} is hosted in Exchange Online this is "
               "why mail bounces. Whether it is wrong depends on the "
               "accepted-domain type, which needs a tenant snapshot (not "
               "supported yet).",
    .remediation = "If {domain} is hosted in Exchange Online, point the MX at "
                   "{expected}; if a third-party filter or an on-premises "
                   "server receives its mail first, this is expected."},
   {.message = "{domain} の MX レコードが Exchange Online を指していません "
               "({targets})。{domain} が Exchange Online でホストされている場"
               "合、これがメール不達の原因です。誤りかどうかは承認済みドメイン"
               "の種類で決まり、その判定にはテナントのスナップショットが必要で"
               "す (まだ対応していません)。",
    .remediation = "{domain} が Exchange Online でホストされている場合は、MX "
                   "を {expected} に向けてください。サードパーティのフィルター"
                   "やオンプレミスのサーバーが先に受信する構成であれば、この状"
                   "態は想定どおりです。"}},

  // ---- dns.mx.legacy_target -------------------------------------------------
  {"dns.mx.legacy_target",
   {.title = "No legacy endpoint in MX"},
   {.title = "MX に旧エンドポイントがないこと"}},
  {"dns.mx.legacy_target.pass",
   {.message = "No MX target of {domain} is a legacy endpoint or an IP "
               "address."},
   {.message = "{domain} の MX の宛先に、旧エンドポイントや IP アドレスはあり"
               "ません。"}},
  {"dns.mx.legacy_target.fail_legacy",
   {.message = "The MX target {target} is a legacy Exchange Online Protection "
               "endpoint; mail sent there is rejected with \"451 4.4.62 Mail "
               "sent to the wrong Office 365 region. ATTR35\".",
    .remediation = "Replace the legacy MX with {expected}."},
   {.message = "MX の宛先 {target} は Exchange Online Protection の旧エンドポ"
               "イントです。ここへ送られたメールは「451 4.4.62 Mail sent to "
               "the wrong Office 365 region. ATTR35」で拒否されます。",
    .remediation = "旧 MX を {expected} に置き換えてください。"}},
  {"dns.mx.legacy_target.fail_legacy_unconfirmed",
   {.message = "The MX target {target} looks like a legacy Exchange Online "
               "endpoint (mail.eo.outlook.com; that this name is retired is "
               "unconfirmed).",
    .remediation = "Replace the MX with {expected}."},
   {.message = "MX の宛先 {target} は Exchange Online の旧エンドポイント "
               "(mail.eo.outlook.com) と思われます (この名前が廃止済みであるこ"
               "とは未確認です)。",
    .remediation = "MX を {expected} に置き換えてください。"}},
  {"dns.mx.legacy_target.fail_ip_literal",
   {.message = "The MX target {target} is an IP address, not a host name: an "
               "MX must name a host (RFC 1035), and raw EOP addresses answer "
               "with ATTR35.",
    .remediation = "Replace the MX with {expected}."},
   {.message = "MX の宛先 {target} はホスト名ではなく IP アドレスです。MX には"
               "ホスト名を指定する必要があり (RFC 1035)、EOP の IP アドレスを"
               "直接指定すると ATTR35 で拒否されます。",
    .remediation = "MX を {expected} に置き換えてください。"}},

  // ---- dns.mx.target_resolves -----------------------------------------------
  {"dns.mx.target_resolves",
   {.title = "MX target resolves"},
   {.title = "MX の宛先ホストの名前解決"}},
  {"dns.mx.target_resolves.pass",
   {.message = "Every MX target of {domain} resolves to an address "
               "({targets})."},
   {.message = "{domain} の MX の宛先はすべてアドレスに解決できます "
               "({targets})。"}},
  {"dns.mx.target_resolves.fail_nxdomain",
   {.message = "The MX target {target} does not exist (NXDOMAIN), so senders "
               "cannot deliver mail for {domain}; this is usually a typo in "
               "the token.",
    .remediation = "Fix the typo in the MX target host name."},
   {.message = "MX の宛先 {target} は存在しません (NXDOMAIN)。送信側は "
               "{domain} 宛てのメールを配送できません。通常はトークンの入力ミ"
               "スが原因です。",
    .remediation = "MX の宛先ホスト名の入力ミスを修正してください。"}},
  {"dns.mx.target_resolves.fail_no_address",
   {.message = "The MX target {target} exists but has no A or AAAA record, so "
               "senders cannot deliver mail for {domain}.",
    .remediation = "Point the MX at a host that has addresses, or publish "
                   "addresses for {target}."},
   {.message = "MX の宛先 {target} は存在しますが、A レコードも AAAA レコード"
               "もありません。送信側は {domain} 宛てのメールを配送できません。",
    .remediation = "アドレスを持つホストを MX に指定するか、{target} にアドレ"
                   "スを登録してください。"}},
  {"dns.mx.target_resolves.warn_cname",
   {.message = "The MX target {target} is an alias (CNAME to {cname}); RFC "
               "2181 §10.3 forbids this and some senders will not follow it.",
    .remediation = "Point the MX directly at {cname}."},
   {.message = "MX の宛先 {target} は別名 ({cname} への CNAME) です。RFC 2181 "
               "§10.3 はこれを禁止しており、別名をたどらない送信側もあります。",
    .remediation = "MX の宛先を {cname} に直接向けてください。"}},

  // ---- dns.rrset.auth_consistency -------------------------------------------
  {"dns.rrset.auth_consistency",
   {.title = "Authoritative servers agree (MX, TXT, CNAME)"},
   {.title = "権威 DNS サーバー間のレコードの一致 (MX、TXT、CNAME)"}},
  {"dns.rrset.auth_consistency.pass",
   {.message = "All {count} authoritative addresses asked serve the same "
               "MX ({rrset}), TXT and autodiscover records for {domain}, and "
               "the resolver agrees."},
   {.message = "問い合わせた権威 DNS サーバーのアドレス {count} 個はすべて "
               "{domain} に同じ MX ({rrset})、TXT、autodiscover レコードを返"
               "し、キャッシュ DNS サーバーの応答とも一致しています。"}},
  {"dns.rrset.auth_consistency.warn_differ",
   {.message = "The authoritative servers of {domain} serve different MX "
               "records: {details}. Senders get different answers depending "
               "on the server asked.",
    .remediation = "Make every authoritative server serve the same zone."},
   {.message = "{domain} の権威 DNS サーバーが異なる MX レコードを返しています"
               ": {details}。どのサーバーに問い合わせたかによって、送信側が受"
               "け取る応答が変わります。",
    .remediation = "すべての権威 DNS サーバーが同じゾーンを返すようにしてくだ"
                   "さい。"}},
  {"dns.rrset.auth_consistency.info_recursive_differs",
   {.message = "The authoritative servers agree on {authoritative}, but the "
               "resolver {resolver} still serves an older answer "
               "({recursive}); a recent change may still be propagating "
               "(checked in detail by a later version).",
    .remediation = "Wait for cached answers to expire (up to 72 hours); lower "
                   "the TTL before future changes."},
   {.message = "権威 DNS サーバーは {authoritative} で一致していますが、キャッ"
               "シュ DNS サーバー {resolver} はまだ古い応答 ({recursive}) を返"
               "しています。最近の変更が浸透中の可能性があります (詳しい確認は"
               "今後のバージョンで対応します)。",
    .remediation = "キャッシュの有効期限が切れるまで待ってください (最大 72 時"
                   "間)。今後の変更の前には TTL を短くしておいてください。"}},
  });
  // clang-format on
}

}  // namespace ndrdiag::i18n_internal
