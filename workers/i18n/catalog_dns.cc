// Texts of the zone-level DNS checks (delegation, authoritative servers,
// propagation), the extra MX checks and the secondary findings. Keep
// English and Japanese of one entry side by side, with the same
// placeholders.
#include "workers/i18n/catalog_data.h"

namespace ndrdiag::i18n_internal {

void AppendDnsEntries(std::vector<CatalogEntry>& entries) {
  // A table of texts reads better unwrapped.
  // clang-format off
  entries.insert(entries.end(), {
  // ---- dns.mx.target_format / dns.mx.present (additions) --------------------
  {"dns.mx.target_format.fail_not_exo",
   {.message = "The MX of {domain} does not point to Exchange Online "
               "({targets}); if {domain} is hosted in Exchange Online this is "
               "why mail bounces. Judged for an Authoritative accepted domain "
               "(the default type); with a tenant snapshot showing "
               "InternalRelay this would only be informational.",
    .remediation = "If {domain} is hosted in Exchange Online, point the MX at "
                   "{expected}; if a third-party filter or an on-premises "
                   "server receives its mail first, set the accepted domain "
                   "to InternalRelay and configure connectors."},
   {.message = "{domain} の MX レコードが Exchange Online を指していません "
               "({targets})。{domain} が Exchange Online でホストされている場"
               "合、これがメール不達の原因です。承認済みドメインの種類を既定の"
               " Authoritative とみなして判定しました。テナントのスナップショッ"
               "トで InternalRelay と分かれば情報扱いになります。",
    .remediation = "{domain} が Exchange Online でホストされている場合は、MX "
                   "を {expected} に向けてください。サードパーティのフィルター"
                   "やオンプレミスのサーバーが先に受信する構成なら、承認済みド"
                   "メインを InternalRelay にしてコネクタを構成してください。"}},
  {"dns.mx.present.info_recursive_negative",
   {.message = "The authoritative servers of {domain} publish MX records, but "
               "the resolver {resolver} still answers {rcode} from its cache; "
               "see dns.propagation.recursive for when that ends."},
   {.message = "{domain} の権威 DNS サーバーは MX レコードを公開していますが、"
               "キャッシュ DNS サーバー {resolver} はまだキャッシュから "
               "{rcode} を返しています。解消の見込み時刻は "
               "dns.propagation.recursive を参照してください。"}},

  // ---- dns.mx.ip_in_eop ------------------------------------------------------
  {"dns.mx.ip_in_eop",
   {.title = "MX addresses in Exchange Online Protection"},
   {.title = "MX のアドレスが Exchange Online Protection の範囲内"}},
  {"dns.mx.ip_in_eop.pass",
   {.message = "Every address of the MX of {domain} is inside the Exchange "
               "Online Protection ranges: {addresses}."},
   {.message = "{domain} の MX のアドレスはすべて Exchange Online Protection "
               "の範囲内です: {addresses}"}},
  {"dns.mx.ip_in_eop.warn_eop_name_outside",
   {.message = "The MX of {domain} has a Microsoft name but resolves outside "
               "the Exchange Online Protection ranges ({ranges}): {outside}. "
               "Either the range list is out of date or the answer is wrong.",
    .remediation = "Update the range list (--eop-ranges) from Microsoft's "
                   "endpoints service, or check who answers for the MX host "
                   "name (a DNS override or forwarder)."},
   {.message = "{domain} の MX は Microsoft の名前ですが、Exchange Online "
               "Protection の範囲 ({ranges}) 外のアドレスに解決されます: "
               "{outside}。範囲の一覧が古いか、応答が誤っています。",
    .remediation = "Microsoft のエンドポイント サービスから範囲の一覧 "
                   "(--eop-ranges) を更新するか、MX のホスト名に誰が応答して"
                   "いるか (DNS の上書きやフォワーダー) を確認してください。"}},
  {"dns.mx.ip_in_eop.fail_outside",
   {.message = "Mail for {domain} goes to addresses outside Exchange Online "
               "Protection ({ranges}): {outside}. For an Authoritative accepted "
               "domain (the default) inbound mail must reach EOP first.",
    .remediation = "Route inbound mail to EOP, or set the domain to "
                   "InternalRelay with connectors for a third-party MX."},
   {.message = "{domain} 宛てのメールは Exchange Online Protection の範囲 "
               "({ranges}) 外のアドレスに届きます: {outside}。承認済みドメイン"
               "が Authoritative (既定) の場合、受信メールはまず EOP に届く必"
               "要があります。",
    .remediation = "受信メールを EOP 経由にするか、サードパーティの MX を使う"
                   "場合はドメインを InternalRelay にしてコネクタを構成してく"
                   "ださい。"}},

  // ---- dns.mx.priority -------------------------------------------------------
  {"dns.mx.priority",
   {.title = "MX preference"},
   {.title = "MX の優先度"}},
  {"dns.mx.priority.pass",
   {.message = "The Exchange Online MX of {domain} ({target}) has the expected "
               "preference {preference}."},
   {.message = "{domain} の Exchange Online の MX ({target}) の優先度は想定ど"
               "おり {preference} です。"}},
  {"dns.mx.priority.info_cutover",
   {.message = "{domain} is in the DNSSEC cut-over state ({records}); the "
               "final preference is set when the old record is removed."},
   {.message = "{domain} は DNSSEC への切り替え途中の状態です ({records})。最"
               "終的な優先度は古いレコードを削除するときに設定します。"}},
  {"dns.mx.priority.warn_dnssec",
   {.message = "The DNSSEC MX of {domain} ({target}) has preference "
               "{preference}; Exchange Online expects 10 "
               "(Get-DnssecStatusForVerifiedDomain reports the mismatch).",
    .remediation = "Set the preference of {target} to 10, the value of "
                   "ExpectedMxRecord."},
   {.message = "{domain} の DNSSEC 用 MX ({target}) の優先度は {preference} "
               "ですが、Exchange Online は 10 を想定しています "
               "(Get-DnssecStatusForVerifiedDomain が不一致を報告します)。",
    .remediation = "{target} の優先度を ExpectedMxRecord の値 10 にしてくださ"
                   "い。"}},
  {"dns.mx.priority.warn_not_lowest",
   {.message = "The Exchange Online MX of {domain} ({target}, preference "
               "{preference}) is not the preferred one: another record has "
               "preference {lowest} ({records}).",
    .remediation = "Give the Exchange Online MX the lowest preference (0 is "
                   "recommended) and remove the other records."},
   {.message = "{domain} の Exchange Online の MX ({target}、優先度 "
               "{preference}) が最優先ではありません。別のレコードの優先度が "
               "{lowest} です ({records})。",
    .remediation = "Exchange Online の MX の優先度を最も小さい値 (推奨は 0) に"
                   "し、ほかのレコードを削除してください。"}},

  // ---- dns.dnssec.mx_microsoft ----------------------------------------------
  {"dns.dnssec.mx_microsoft",
   {.title = "DNSSEC of a *.mx.microsoft MX"},
   {.title = "*.mx.microsoft の MX の DNSSEC"}},
  {"dns.dnssec.mx_microsoft.pass",
   {.message = "Validating resolvers ({validated}) return the MX target of "
               "{domain} ({targets}) with the AD bit: the zone validates."},
   {.message = "検証を行うキャッシュ DNS サーバー ({validated}) が {domain} の "
               "MX の宛先 ({targets}) を AD ビット付きで返しました。ゾーンは "
               "DNSSEC の検証に成功しています。"}},
  {"dns.dnssec.mx_microsoft.warn_mixed",
   {.message = "Some validating resolvers return the MX of {domain} with the "
               "AD bit ({validated}), others fail (SERVFAIL: {failed}); the "
               "DNSSEC chain may be breaking (key rollover?).",
    .remediation = "Check the DS record at the registrar and the zone's "
                   "signatures (e.g. with DNSViz)."},
   {.message = "{domain} の MX を AD ビット付きで返す検証サーバー "
               "({validated}) と、失敗する (SERVFAIL) サーバー ({failed}) が"
               "あります。DNSSEC の信頼の連鎖が壊れかけている可能性があります"
               " (鍵の更新中など)。",
    .remediation = "レジストラーの DS レコードとゾーンの署名を確認してください"
                   " (DNSViz など)。"}},
  {"dns.dnssec.mx_microsoft.fail_bogus",
   {.message = "The MX of {domain} ({targets}) needs a validating zone, but "
               "resolvers fail on it (SERVFAIL: {failed}) while non-validating "
               "ones answer ({answered}): the zone looks bogus. DANE/DNSSEC "
               "senders defer with 4.7.324 dnssec-invalid.",
    .remediation = "Fix the DS record / DNSSEC signing at the registrar or DNS "
                   "host, or roll back to the classic MX."},
   {.message = "{domain} の MX ({targets}) には検証に成功するゾーンが必要です"
               "が、検証するサーバーは失敗し (SERVFAIL: {failed})、検証しない"
               "サーバーだけが応答します ({answered})。ゾーンは bogus と判断さ"
               "れています。DANE/DNSSEC 対応の送信側は 4.7.324 "
               "dnssec-invalid で配送を保留します。",
    .remediation = "レジストラーまたは DNS ホストで DS レコードと DNSSEC 署名を"
                   "修正するか、従来の MX に戻してください。"}},

  // ---- dns.verification.txt -------------------------------------------------
  {"dns.verification.txt",
   {.title = "Domain verification TXT"},
   {.title = "ドメイン確認用の TXT レコード"}},

  // ---- dns.spf.o365 ----------------------------------------------------------
  {"dns.spf.o365",
   {.title = "SPF includes Microsoft 365 (secondary)"},
   {.title = "SPF に Microsoft 365 を含む (副次的な確認)"}},
  {"dns.spf.o365.pass",
   {.message = "{domain} has one SPF record that includes "
               "spf.protection.outlook.com with {lookups} lookup term(s): "
               "{record}"},
   {.message = "{domain} には spf.protection.outlook.com を含む SPF レコードが"
               " 1 件あり、参照する項目は {lookups} 件です: {record}"}},
  {"dns.spf.o365.warn_missing",
   {.message = "{domain} publishes no SPF record (TXT v=spf1). Not a cause of "
               "5.4.1, but receivers may reject or junk its outbound mail.",
    .remediation = "Publish one TXT record \"v=spf1 include:{include} -all\" "
                   "(merged with your other senders)."},
   {.message = "{domain} には SPF レコード (TXT v=spf1) がありません。5.4.1 の"
               "原因ではありませんが、送信メールが受信側で拒否または迷惑メール"
               "扱いされることがあります。",
    .remediation = "TXT レコード \"v=spf1 include:{include} -all\" を 1 件公開"
                   "してください (ほかの送信元とまとめて)。"}},
  {"dns.spf.o365.fail_multiple",
   {.message = "{domain} publishes {count} SPF records ({records}); more than "
               "one is a PermError (RFC 7208 §4.5). Not a cause of 5.4.1.",
    .remediation = "Merge them into one SPF record that includes "
                   "{include}."},
   {.message = "{domain} には SPF レコードが {count} 件あります ({records})。"
               "複数あると PermError になります (RFC 7208 §4.5)。5.4.1 の原因"
               "ではありません。",
    .remediation = "{include} を含む 1 件の SPF レコードにまとめてください。"}},
  {"dns.spf.o365.fail_too_many_lookups",
   {.message = "The SPF record of {domain} needs {lookups} DNS lookups in its "
               "top level alone (the limit is 10, RFC 7208 §4.6.4): {record}",
    .remediation = "Flatten or remove includes so that the record needs at "
                   "most 10 lookups."},
   {.message = "{domain} の SPF レコードは最上位だけで {lookups} 回の DNS 参照"
               "が必要です (上限は 10 回、RFC 7208 §4.6.4): {record}",
    .remediation = "include を整理して、参照が 10 回以内になるようにしてくださ"
                   "い。"}},
  {"dns.spf.o365.warn_no_include",
   {.message = "The SPF record of {domain} does not include {include}: "
               "{record}. Mail sent through Microsoft 365 may fail SPF (not a "
               "cause of 5.4.1).",
    .remediation = "Add include:{include} to the SPF record."},
   {.message = "{domain} の SPF レコードに {include} が含まれていません: "
               "{record}。Microsoft 365 経由の送信メールが SPF に失敗すること"
               "があります (5.4.1 の原因ではありません)。",
    .remediation = "SPF レコードに include:{include} を追加してください。"}},

  // ---- dns.autodiscover ------------------------------------------------------
  {"dns.autodiscover",
   {.title = "Autodiscover CNAME (secondary)"},
   {.title = "Autodiscover の CNAME (副次的な確認)"}},
  {"dns.autodiscover.pass",
   {.message = "{name} is a CNAME to {target}."},
   {.message = "{name} は {target} への CNAME です。"}},
  {"dns.autodiscover.info_other_target",
   {.message = "{name} is a CNAME to {target}, not {expected}; expected in a "
               "hybrid deployment that keeps autodiscover on premises."},
   {.message = "{name} は {expected} ではなく {target} への CNAME です。"
               "autodiscover をオンプレミスに残すハイブリッド構成なら想定どおり"
               "です。"}},
  {"dns.autodiscover.info_no_cname",
   {.message = "{name} exists but is not a CNAME (an A record, perhaps on "
               "premises); clients are not sent to {expected}."},
   {.message = "{name} は存在しますが CNAME ではありません (オンプレミスの A "
               "レコードなど)。クライアントは {expected} に誘導されません。"}},
  {"dns.autodiscover.warn_missing",
   {.message = "{name} does not exist: Outlook cannot find the {domain} "
               "mailboxes automatically. Not a mail-flow cause.",
    .remediation = "Publish the CNAME {name} -> {expected} listed in the "
                   "admin center."},
   {.message = "{name} が存在しないため、Outlook は {domain} のメールボックス"
               "を自動検出できません。メール配送の原因ではありません。",
    .remediation = "管理センターに表示される CNAME ({name} -> {expected}) を公"
                   "開してください。"}},

  // ---- dns.dkim.selectors ----------------------------------------------------
  {"dns.dkim.selectors",
   {.title = "DKIM selector CNAMEs (secondary)"},
   {.title = "DKIM セレクターの CNAME (副次的な確認)"}},
  {"dns.dkim.selectors.pass",
   {.message = "Both DKIM selectors of {domain} point to Microsoft 365: "
               "{selectors}."},
   {.message = "{domain} の DKIM セレクターは 2 つとも Microsoft 365 を指して"
               "います: {selectors}"}},
  {"dns.dkim.selectors.info_missing",
   {.message = "DKIM signing with the {domain} domain is not set up in DNS "
               "(missing: {missing}). Not a cause of 5.4.1."},
   {.message = "{domain} の DKIM 署名用の DNS レコードがありません (不足: "
               "{missing})。5.4.1 の原因ではありません。"}},
  {"dns.dkim.selectors.warn_wrong",
   {.message = "DKIM selectors of {domain} point elsewhere: {wrong}.",
    .remediation = "Publish both DKIM CNAMEs exactly as shown in the Defender "
                   "portal (Get-DkimSigningConfig)."},
   {.message = "{domain} の DKIM セレクターが別の場所を指しています: {wrong}",
    .remediation = "Defender ポータル (Get-DkimSigningConfig) に表示されるとお"
                   "りに 2 つの DKIM CNAME を公開してください。"}},

  // ---- dns.auth.reachable ----------------------------------------------------
  {"dns.auth.reachable",
   {.title = "Every name server answers authoritatively"},
   {.title = "すべてのネームサーバーが権威を持って応答"}},
  {"dns.auth.reachable.pass",
   {.message = "All {count} addresses of the name servers of {domain} answer "
               "SOA with the AA bit: {servers}."},
   {.message = "{domain} のネームサーバーのアドレス {count} 個はすべて AA ビッ"
               "ト付きで SOA に応答しました: {servers}"}},
  {"dns.auth.reachable.fail_lame",
   {.message = "Lame delegation of {domain}: {servers}. Resolvers that ask "
               "these servers fail or wait (EXO: 450 4.4.312 DNS query "
               "failed); answering correctly: {answering}.",
    .remediation = "Fix these name servers or remove them from the delegation "
                   "at the registrar and from the zone's NS records."},
   {.message = "{domain} の委任が不完全 (lame) です: {servers}。これらのサー"
               "バーに問い合わせたリゾルバーは失敗するか待たされます (EXO: 450 "
               "4.4.312 DNS query failed)。正しく応答したサーバー: "
               "{answering}",
    .remediation = "これらのネームサーバーを修正するか、レジストラーの委任とゾ"
                   "ーンの NS レコードから削除してください。"}},

  // ---- dns.soa.serial_consistency -------------------------------------------
  {"dns.soa.serial_consistency",
   {.title = "SOA serials agree"},
   {.title = "SOA シリアル番号の一致"}},
  {"dns.soa.serial_consistency.pass",
   {.message = "Every authoritative server of {domain} has serial {newest}: "
               "{servers}."},
   {.message = "{domain} のすべての権威 DNS サーバーのシリアル番号は {newest} "
               "です: {servers}"}},
  {"dns.soa.serial_consistency.fail_undefined",
   {.message = "The SOA serials of {domain} cannot be ordered (RFC 1982: "
               "exactly 2^31 apart): {servers}.",
    .remediation = "Set one serial on the primary that is newer than every "
                   "server's and let the secondaries transfer it."},
   {.message = "{domain} の SOA シリアル番号の大小が決まりません (RFC 1982: "
               "ちょうど 2^31 離れています): {servers}",
    .remediation = "プライマリで全サーバーより新しいシリアル番号を設定し、セカ"
                   "ンダリに転送させてください。"}},
  {"dns.soa.serial_consistency.warn_age_unknown",
   {.message = "The authoritative servers of {domain} serve different "
               "versions of the zone ({servers}); behind: {behind}. The serial "
               "does not say when the zone changed, so catching up cannot be "
               "told from a broken transfer.",
    .remediation = "Check that the secondaries receive NOTIFY and can "
                   "transfer the zone from the primary."},
   {.message = "{domain} の権威 DNS サーバーが異なる版のゾーンを返しています "
               "({servers})。遅れているサーバー: {behind}。シリアル番号から変更"
               "時刻が分からないため、追い付き中か転送の故障かは判断できませ"
               "ん。",
    .remediation = "セカンダリが NOTIFY を受け取り、プライマリからゾーン転送で"
                   "きることを確認してください。"}},
  {"dns.soa.serial_consistency.warn_catching_up",
   {.message = "A secondary of {domain} is catching up: {behind} behind "
               "({servers}); the change is younger than REFRESH+RETRY "
               "({refresh} s + {retry} s), so it should converge by {eta}."},
   {.message = "{domain} のセカンダリが追い付き中です。遅れているサーバー: "
               "{behind} ({servers})。変更からの経過は REFRESH+RETRY "
               "({refresh} 秒 + {retry} 秒) 未満なので、{eta} までに揃う見込み"
               "です。"}},
  {"dns.soa.serial_consistency.warn_late",
   {.message = "Secondaries of {domain} are late: {behind} ({servers}); the "
               "change is about {age} old, more than REFRESH+RETRY ({refresh} "
               "s + {retry} s).",
    .remediation = "Check the zone transfers (NOTIFY, AXFR/IXFR access) "
                   "between primary and secondaries."},
   {.message = "{domain} のセカンダリが遅れています: {behind} ({servers})。変"
               "更から約 {age} 経過しており、REFRESH+RETRY ({refresh} 秒 + "
               "{retry} 秒) を超えています。",
    .remediation = "プライマリとセカンダリ間のゾーン転送 (NOTIFY、AXFR/IXFR の"
                   "許可) を確認してください。"}},
  {"dns.soa.serial_consistency.fail_inconsistent",
   {.message = "The authoritative servers of {domain} are inconsistent: "
               "{servers}. The newest version dates from {changed} (at least "
               "{age} ago), past {limit} (REFRESH {refresh} s, EXPIRE "
               "{expire} s): {behind} no longer catch up.",
    .remediation = "Fix zone transfer/NOTIFY between primary and secondaries "
                   "(or synchronise the DNS providers)."},
   {.message = "{domain} の権威 DNS サーバーの内容が一致しません: {servers}。"
               "最新の版は {changed} のもの (少なくとも {age} 前) で、{limit} "
               "(REFRESH {refresh} 秒、EXPIRE {expire} 秒) を超えています。"
               "{behind} は追い付いていません。",
    .remediation = "プライマリとセカンダリ間のゾーン転送と NOTIFY を修正してく"
                   "ださい (または DNS 事業者間で同期してください)。"}},

  // ---- dns.rrset.auth_consistency (additions) -------------------------------
  {"dns.rrset.auth_consistency.fail_same_serial",
   {.message = "The authoritative servers of {domain} claim the same zone "
               "version but serve different data: {details}.",
    .remediation = "Make every authoritative server serve the same zone "
                   "(separate zone files or a broken anycast node do not "
                   "converge by themselves)."},
   {.message = "{domain} の権威 DNS サーバーは同じ版のゾーンを名乗りながら、異"
               "なるデータを返しています: {details}",
    .remediation = "すべての権威 DNS サーバーが同じゾーンを返すようにしてくださ"
                   "い (別々のゾーンファイルや故障したエニーキャストノードは自然"
                   "には揃いません)。"}},
  {"dns.rrset.auth_consistency.warn_serials_differ",
   {.message = "The authoritative servers of {domain} serve different data "
               "and different zone versions: {details}. See "
               "dns.soa.serial_consistency for whether they are catching up.",
    .remediation = "Check the zone transfers between primary and "
                   "secondaries."},
   {.message = "{domain} の権威 DNS サーバーが異なるデータと異なる版のゾーンを"
               "返しています: {details}。追い付き中かどうかは "
               "dns.soa.serial_consistency を参照してください。",
    .remediation = "プライマリとセカンダリ間のゾーン転送を確認してください。"}},

  // ---- dns.ns.delegation_match -----------------------------------------------
  {"dns.ns.delegation_match",
   {.title = "Delegation matches the zone's NS"},
   {.title = "委任とゾーンの NS レコードの一致"}},
  {"dns.ns.delegation_match.pass",
   {.message = "{parent_zone} delegates {domain} to the name servers the zone "
               "itself lists: {parent_ns}."},
   {.message = "{parent_zone} は {domain} を、ゾーン自身が記載するネームサー"
               "バーに委任しています: {parent_ns}"}},
  {"dns.ns.delegation_match.warn_differ",
   {.message = "{parent_zone} delegates {domain} to {parent_ns}, but the zone "
               "lists {child_ns}.",
    .remediation = "Make the registrar's delegation and the zone's NS records "
                   "list the same servers."},
   {.message = "{parent_zone} は {domain} を {parent_ns} に委任しています"
               "が、ゾーンには {child_ns} が記載されています。",
    .remediation = "レジストラーの委任とゾーンの NS レコードを同じサーバーにそ"
                   "ろえてください。"}},
  {"dns.ns.delegation_match.fail_undelegated_edits",
   {.message = "Records of {domain} were changed at a DNS provider that is "
               "not delegated: {undelegated}, while the delegated servers "
               "({parent_ns}, named by {parent_zone}) still serve {delegated}. "
               "The world sees the delegated servers.",
    .remediation = "Edit the records at the provider named in the registrar's "
                   "NS delegation, or change the delegation to the provider "
                   "you edited."},
   {.message = "{domain} のレコードは委任されていない DNS 事業者で変更されてい"
               "ます: {undelegated}。一方、委任先のサーバー ({parent_zone} が"
               "指定する {parent_ns}) は今も {delegated} を返しています。外部"
               "から見えるのは委任先のサーバーです。",
    .remediation = "レジストラーの NS 委任先の事業者でレコードを編集するか、編"
                   "集した事業者に委任を変更してください。"}},

  // ---- dns.propagation.recursive ---------------------------------------------
  {"dns.propagation.recursive",
   {.title = "DNS change propagated to resolvers"},
   {.title = "DNS の変更がキャッシュ DNS サーバーに反映済み"}},
  {"dns.propagation.recursive.pass",
   {.message = "Every panel resolver that answered serves what the "
               "authoritative servers of {domain} serve ({authoritative}): "
               "{resolvers}."},
   {.message = "応答したキャッシュ DNS サーバーはすべて、{domain} の権威 DNS "
               "サーバーと同じ応答 ({authoritative}) を返しました: "
               "{resolvers}"}},
  {"dns.propagation.recursive.info_auth_disagree",
   {.message = "The authoritative servers of {domain} disagree, so which "
               "answer is new cannot be told; see dns.rrset.auth_consistency."},
   {.message = "{domain} の権威 DNS サーバーの応答が一致しないため、どちらが新"
               "しいか判断できません。dns.rrset.auth_consistency を参照してく"
               "ださい。"}},
  {"dns.propagation.recursive.warn_propagating",
   {.message = "A DNS change of {domain} is still propagating: the "
               "authoritative servers serve {authoritative}, but cached copies "
               "remain ({stale}). Expected to be complete by {eta} (the "
               "longest remaining TTL); up to date: {fresh}.",
    .remediation = "Wait until {eta}; lower the TTL before future changes."},
   {.message = "{domain} の DNS の変更はまだ反映中です。権威 DNS サーバーは "
               "{authoritative} を返していますが、古いキャッシュが残っています "
               "({stale})。{eta} (残り TTL の最大値) までに反映される見込みで"
               "す。反映済み: {fresh}",
    .remediation = "{eta} まで待ってください。今後の変更の前には TTL を短くし"
                   "てください。"}},
  {"dns.propagation.recursive.warn_negative_cache",
   {.message = "Resolvers still cache the earlier \"no MX\" answer of {domain} "
               "({stale}) although the authoritative servers now serve "
               "{authoritative}; a negative answer is cached for at most "
               "min(SOA TTL, SOA MINIMUM) (RFC 2308), so this ends by {eta}.",
    .remediation = "Wait until {eta}; publish MX records before pointing "
                   "users at a new domain."},
   {.message = "権威 DNS サーバーは {authoritative} を返していますが、キャッシ"
               "ュ DNS サーバーは {domain} の以前の「MX なし」の応答をまだ保持"
               "しています ({stale})。否定応答のキャッシュは最大で min(SOA の "
               "TTL, SOA の MINIMUM) (RFC 2308) なので、{eta} までに解消しま"
               "す。",
    .remediation = "{eta} まで待ってください。新しいドメインを使い始める前に "
                   "MX レコードを公開してください。"}},
  {"dns.propagation.recursive.fail_too_stale",
   {.message = "Resolvers still serve an old answer for {domain} ({stale}) "
               "although the zone changed on {changed} ({age} ago) and the TTL "
               "is {ttl} s: older than TTL + 72 h, so this is not propagation. "
               "Those resolvers reach servers that still serve an old zone, or "
               "pin old data.",
    .remediation = "Find which servers those resolvers use for {domain} "
                   "(stale delegation, a forgotten secondary or forwarder) and "
                   "fix or remove them."},
   {.message = "{domain} のゾーンは {changed} ({age} 前) に変更され TTL は "
               "{ttl} 秒ですが、キャッシュ DNS サーバーはまだ古い応答を返して"
               "います ({stale})。TTL + 72 時間を過ぎているため反映待ちではあり"
               "ません。古いゾーンを返すサーバーに問い合わせているか、古いデー"
               "タを保持し続けています。",
    .remediation = "それらのキャッシュ DNS サーバーが {domain} に使うサーバー "
                   "(古い委任、忘れられたセカンダリやフォワーダー) を特定し、修"
                   "正または削除してください。"}},
  });
  // clang-format on
}

}  // namespace ndrdiag::i18n_internal
