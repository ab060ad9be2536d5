// Texts of the verdict: one entry per root cause (title, explanation, and
// remediation steps one per line) and the summaries. Causes without an entry
// use verdict.cause.generic. Placeholders: {domain}, {expected} (the classic
// Exchange Online MX for the domain), {cause}, {count}.
#include "workers/i18n/catalog_data.h"

namespace ndrdiag::i18n_internal {

void AppendVerdictEntries(std::vector<CatalogEntry>& entries) {
  // A table of texts reads better unwrapped.
  // clang-format off
  entries.insert(entries.end(), {
  {"verdict.cause.HEALTHY",
   {.title = "No problem found",
    .message = "Every check that could be made for {domain} passed.",
    .remediation = "If mail still bounces with 5.4.1, paste the NDR so the "
                   "diagnosis can look at the server that rejected it."},
   {.title = "問題は見つかりませんでした",
    .message = "{domain} について実施できたチェックはすべて合格しました。",
    .remediation = "それでも 5.4.1 で不達になる場合は、NDR を貼り付けて、拒否"
                   "したサーバーを診断の対象にしてください。"}},
  {"verdict.cause.UNKNOWN",
   {.title = "Cause unknown",
    .message = "No cause could be determined for {domain}: the checks that "
               "decide it could not be made.",
    .remediation = "Read the reason given by each inconclusive check "
                   "(timeout, egress policy, ...).\n"
                   "Fix what the worker cannot reach, or wait, then run the "
                   "diagnosis again."},
   {.title = "原因は不明です",
    .message = "{domain} の原因を特定できませんでした。判定に必要なチェックを"
               "実施できませんでした。",
    .remediation = "判定不能になった各チェックの理由 (タイムアウト、送信先ポリ"
                   "シーなど) を確認します。\n"
                   "ワーカーから到達できない原因を解消するか時間をおいてから、"
                   "診断をもう一度実行します。"}},
  {"verdict.cause.DOMAIN_NOT_FOUND",
   {.title = "Domain does not exist",
    .message = "{domain} does not exist in DNS, so no server can deliver mail "
               "to it.",
    .remediation = "Check the spelling of the recipient domain.\n"
                   "If it is right, check the registration and the "
                   "name-server delegation of {domain} at the registrar."},
   {.title = "ドメインが存在しません",
    .message = "{domain} は DNS に存在しないため、どのサーバーもこのドメインに"
               "メールを配送できません。",
    .remediation = "受信者のドメイン名のつづりを確認します。\n"
                   "正しい場合は、レジストラーで {domain} の登録とネームサーバ"
                   "ーの委任を確認します。"}},
  {"verdict.cause.MX_MISSING",
   {.title = "No MX record",
    .message = "{domain} publishes no usable MX record, so senders do not "
               "know where to deliver its mail.",
    .remediation = "Open Microsoft 365 admin center > Settings > Domains > "
                   "{domain} and copy the MX value ({expected}).\n"
                   "Publish it at the DNS host of {domain} (the provider "
                   "named in the registrar's NS delegation).\n"
                   "Wait for the TTL to pass, then run the diagnosis again."},
   {.title = "MX レコードがありません",
    .message = "{domain} には使用できる MX レコードがないため、送信側はメール"
               "の配送先を判断できません。",
    .remediation = "Microsoft 365 管理センターで [設定] > [ドメイン] > "
                   "{domain} を開き、MX の値 ({expected}) をコピーします。\n"
                   "{domain} の DNS ホスティング事業者 (レジストラーの NS 委任"
                   "先) にその値を登録します。\n"
                   "TTL の時間が経過したら、診断をもう一度実行します。"}},
  {"verdict.cause.MX_LEGACY_ENDPOINT",
   {.title = "MX points to a legacy endpoint",
    .message = "The MX of {domain} points to a legacy Exchange Online "
               "Protection endpoint, which rejects mail with ATTR35.",
    .remediation = "Replace the MX record with {expected} (the value shown in "
                   "Microsoft 365 admin center > Settings > Domains).\n"
                   "Check on-premises send connectors and smart hosts for the "
                   "same legacy name."},
   {.title = "MX が旧エンドポイントを指しています",
    .message = "{domain} の MX が Exchange Online Protection の旧エンドポイン"
               "トを指しており、メールは ATTR35 で拒否されます。",
    .remediation = "MX レコードを {expected} (Microsoft 365 管理センターの [設"
                   "定] > [ドメイン] に表示される値) に置き換えます。\n"
                   "オンプレミスの送信コネクタやスマートホストに同じ旧名が残っ"
                   "ていないか確認します。"}},
  {"verdict.cause.MX_TARGET_UNRESOLVABLE",
   {.title = "MX target does not resolve",
    .message = "The host named by the MX of {domain} cannot be resolved to an "
               "address, so senders cannot connect to it.",
    .remediation = "Compare the MX target with the value in Microsoft 365 "
                   "admin center > Settings > Domains character by "
                   "character.\n"
                   "Correct the MX record at the DNS host (expected: "
                   "{expected})."},
   {.title = "MX の宛先を名前解決できません",
    .message = "{domain} の MX が指すホストをアドレスに解決できないため、送信"
               "側は接続できません。",
    .remediation = "MX の宛先を、Microsoft 365 管理センターの [設定] > [ドメイ"
                   "ン] の値と 1 文字ずつ比較します。\n"
                   "DNS ホスティング事業者で MX レコードを修正します (想定値: "
                   "{expected})。"}},
  {"verdict.cause.MX_MULTIPLE",
   {.title = "Several MX records",
    .message = "{domain} has more than one MX record while it is hosted in "
               "Exchange Online; senders that pick the other host get refused.",
    .remediation = "Keep only the Exchange Online MX record ({expected}).\n"
                   "Delete the other MX records at the DNS host.\n"
                   "Wait for the TTL to pass, then run the diagnosis again."},
   {.title = "MX レコードが複数あります",
    .message = "{domain} は Exchange Online でホストされているのに MX レコード"
               "が複数あり、別のホストを選んだ送信側は拒否されます。",
    .remediation = "Exchange Online の MX レコード ({expected}) だけを残します。\n"
                   "DNS ホスティング事業者でほかの MX レコードを削除します。\n"
                   "TTL の時間が経過したら、診断をもう一度実行します。"}},
  {"verdict.cause.MX_INCORRECT",
   {.title = "MX does not point to Exchange Online",
    .message = "The MX of {domain} does not point to Exchange Online as "
               "expected; if its mailboxes are in Exchange Online, mail goes "
               "elsewhere and bounces.",
    .remediation = "Point the MX at {expected} (or the DNSSEC value listed "
                   "for the tenant).\n"
                   "If a third-party filter or an on-premises server must "
                   "receive the mail first, set the accepted domain to "
                   "InternalRelay and configure connectors instead."},
   {.title = "MX レコードが Exchange Online を指していません",
    .message = "{domain} の MX レコードが想定どおりに Exchange Online を指して"
               "いません。メールボックスが Exchange Online にある場合、メール"
               "は別の場所に配送されて不達になります。",
    .remediation = "MX を {expected} (またはテナントに表示される DNSSEC 用の値"
                   ") に向けます。\n"
                   "サードパーティのフィルターやオンプレミスのサーバーで先に受"
                   "信する必要がある場合は、代わりに承認済みドメインを "
                   "InternalRelay に設定し、コネクタを構成します。"}},
  {"verdict.cause.DNS_INCONSISTENT_AUTHORITATIVE",
   {.title = "Authoritative servers disagree",
    .message = "The authoritative name servers of {domain} give different "
               "answers, so senders see different MX records depending on the "
               "server they ask.",
    .remediation = "Compare the zone on every authoritative server (SOA "
                   "serial and MX records).\n"
                   "Fix the zone transfers (or synchronise the DNS providers) "
                   "so that every server serves the same zone."},
   {.title = "権威 DNS サーバーの応答が一致しません",
    .message = "{domain} の権威 DNS サーバーが異なる応答を返すため、問い合わせ"
               "先によって送信側が受け取る MX レコードが変わります。",
    .remediation = "すべての権威 DNS サーバーのゾーン (SOA のシリアル番号と MX"
                   " レコード) を比較します。\n"
                   "ゾーン転送を修正 (または複数の DNS 事業者間で同期) して、"
                   "すべてのサーバーが同じゾーンを返すようにします。"}},
  {"verdict.cause.DNS_LAME_DELEGATION",
   {.title = "Lame delegation",
    .message = "Some delegated name servers of {domain} do not answer for it "
               "authoritatively ({servers}), so resolvers that ask them fail, "
               "wait or get old data.",
    .remediation = "Fix or remove the lame name servers at the DNS host and "
                   "at the registrar.\n"
                   "Then check that every name server answers SOA with the AA "
                   "bit."},
   {.title = "不完全な委任 (lame delegation)",
    .message = "{domain} の委任先ネームサーバーの一部が権威を持って応答しませ"
               "ん ({servers})。これらに問い合わせたリゾルバーは失敗するか、待"
               "たされるか、古いデータを受け取ります。",
    .remediation = "DNS ホストとレジストラーで、lame なネームサーバーを修正ま"
                   "たは削除します。\n"
                   "その後、すべてのネームサーバーが AA ビット付きで SOA に応答"
                   "することを確認します。"}},
  {"verdict.cause.DNS_PROPAGATION",
   {.title = "DNS change still propagating",
    .message = "The authoritative servers of {domain} are right, but some "
               "resolvers still serve a cached older answer; this should end "
               "by {eta}.",
    .remediation = "Wait until {eta} (the remaining TTL of the cached "
                   "answers); nothing needs changing.\n"
                   "Before future changes, lower the TTL a day in advance."},
   {.title = "DNS の変更が反映中です",
    .message = "{domain} の権威 DNS サーバーは正しい応答を返していますが、一部"
               "のキャッシュ DNS サーバーがまだ古い応答を返しています。{eta} ま"
               "でに解消する見込みです。",
    .remediation = "{eta} (キャッシュの残り TTL) まで待ちます。変更は不要です"
                   "。\n"
                   "今後の変更では、前日までに TTL を短くしておきます。"}},
  {"verdict.cause.SPF_MISCONFIGURED",
   {.title = "SPF problem (secondary finding)",
    .message = "The SPF record of {domain} is missing or wrong. This affects "
               "mail sent from {domain}, not the 5.4.1 bounce.",
    .remediation = "Publish exactly one SPF record that includes "
                   "spf.protection.outlook.com."},
   {.title = "SPF の問題 (副次的な所見)",
    .message = "{domain} の SPF レコードがないか誤っています。影響するのは "
               "{domain} からの送信メールで、5.4.1 の不達とは関係ありません。",
    .remediation = "spf.protection.outlook.com を含む SPF レコードを 1 件だけ"
                   "公開します。"}},
  {"verdict.cause.AUTODISCOVER_MISSING",
   {.title = "Autodiscover missing (secondary finding)",
    .message = "autodiscover.{domain} is missing: Outlook set-up is affected, "
               "not mail delivery.",
    .remediation = "Publish the autodiscover CNAME listed in the admin "
                   "center."},
   {.title = "Autodiscover がありません (副次的な所見)",
    .message = "autodiscover.{domain} がありません。影響するのは Outlook の設"
               "定で、メール配送ではありません。",
    .remediation = "管理センターに表示される autodiscover の CNAME を公開しま"
                   "す。"}},
  {"verdict.why.lame",
   {.message = "It comes first because the MX answers the other checks "
               "judged come from these name servers: a lame server explains "
               "the MX symptoms, not the reverse."},
   {.message = "ほかのチェックが判定した MX の応答はこれらのネームサーバーから"
               "得たものなので、lame なサーバーが MX の症状を説明します (逆では"
               "ありません)。そのため最初に挙げています。"}},
  {"verdict.why.inconsistent",
   {.message = "It comes first because which MX a sender gets depends on the "
               "authoritative server its resolver asked, so the MX findings "
               "follow from it."},
   {.message = "送信側が受け取る MX はリゾルバーが問い合わせた権威 DNS サーバ"
               "ーによって変わり、MX の所見はその結果にすぎないため、最初に挙げ"
               "ています。"}},
  {"verdict.why.propagation",
   {.message = "It comes first because the resolver the MX checks used still "
               "serves the old answer, so their findings describe the old "
               "record, not the zone."},
   {.message = "MX のチェックに使ったキャッシュ DNS サーバー自体がまだ古い応答"
               "を返しているため、それらの所見はゾーンではなく古いレコードにつ"
               "いてのものです。そのため最初に挙げています。"}},
  {"verdict.why.secondary",
   {.message = "Secondary findings (SPF, autodiscover) are listed below; they "
               "cannot cause a 5.4.1."},
   {.message = "副次的な所見 (SPF、autodiscover) を下に示します。これらが "
               "5.4.1 の原因になることはありません。"}},
  {"verdict.cause.generic",
   {.title = "Problem found",
    .message = "The checks found a problem with {domain}; see the failed "
               "checks.",
    .remediation = "Follow the remediation of each failed check."},
   {.title = "問題が見つかりました",
    .message = "{domain} に問題が見つかりました。不合格のチェックを確認してく"
               "ださい。",
    .remediation = "不合格の各チェックに示された対処方法に従ってください。"}},
  {"verdict.summary.healthy",
   {.message = "{domain}: no problem found; every check that could be made "
               "passed."},
   {.message = "{domain}: 問題は見つかりませんでした。実施できたチェックはすべ"
               "て合格しました。"}},
  {"verdict.summary.cause",
   {.message = "{domain}: most likely cause: {cause}."},
   {.message = "{domain}: 最も可能性の高い原因は「{cause}」です。"}},
  {"verdict.summary.unknown",
   {.message = "{domain}: no cause could be determined."},
   {.message = "{domain}: 原因を特定できませんでした。"}},
  {"verdict.summary.partial",
   {.message = " {count} check(s) could not be made, so this verdict rests on "
               "partial evidence."},
   {.message = "{count} 件のチェックを実施できなかったため、この判定は部分的な"
               "情報に基づいています。"}},
  {"verdict.summary.budget",
   {.message = " The time budget ran out."},
   {.message = "制限時間を使い切りました。"}},
  });
  // clang-format on
}

}  // namespace ndrdiag::i18n_internal
