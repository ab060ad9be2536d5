#include "workers/dns/dns_message.h"

#include <arpa/inet.h>

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "workers/dns/dns_resolver.h"

namespace ndrdiag::dns {
namespace {

constexpr size_t kHeaderSize = 12;
constexpr size_t kMaxNameWire = 255;
constexpr size_t kMaxLabel = 63;
constexpr uint16_t kTypeOpt = 41;
constexpr uint16_t kClassIn = 1;

// Debian's Abseil has its own string_view type: headers speak
// std::string_view, Abseil calls need this.
absl::string_view AV(std::string_view s) { return {s.data(), s.size()}; }

absl::Status Malformed(absl::string_view what, size_t offset) {
  return absl::InvalidArgumentError(absl::StrCat(what, " at offset ", offset));
}

// Appends one octet of a name or character-string in presentation form.
// `quote_context` is true inside a TXT character-string, where '.' is plain.
void AppendEscaped(unsigned char c, bool quote_context, std::string& out) {
  if (c == '\\' || c == '"' || (!quote_context && c == '.')) {
    out.push_back('\\');
    out.push_back(static_cast<char>(c));
  } else if (c < 0x21 || c > 0x7e) {
    if (quote_context && c == ' ') {
      out.push_back(' ');
      return;
    }
    // RFC 1035 5.1 \DDD, always three digits.
    out.push_back('\\');
    out.push_back(static_cast<char>('0' + c / 100));
    out.push_back(static_cast<char>('0' + c / 10 % 10));
    out.push_back(static_cast<char>('0' + c % 10));
  } else {
    out.push_back(quote_context ? static_cast<char>(c)
                                : absl::ascii_tolower(static_cast<char>(c)));
  }
}

// Bounds-checked cursor over a whole message (names may point anywhere
// before themselves in it).
class Reader {
 public:
  explicit Reader(std::string_view msg) : msg_(msg) {}

  size_t pos() const { return pos_; }
  size_t size() const { return msg_.size(); }
  std::string_view msg() const { return msg_; }

  absl::Status U8(uint8_t& v) {
    if (msg_.size() - pos_ < 1) return Malformed("truncated", pos_);
    v = static_cast<uint8_t>(msg_[pos_]);
    pos_ += 1;
    return absl::OkStatus();
  }
  absl::Status U16(uint16_t& v) {
    if (msg_.size() - pos_ < 2) return Malformed("truncated", pos_);
    v = static_cast<uint16_t>(Byte(pos_) << 8 | Byte(pos_ + 1));
    pos_ += 2;
    return absl::OkStatus();
  }
  absl::Status U32(uint32_t& v) {
    if (msg_.size() - pos_ < 4) return Malformed("truncated", pos_);
    v = static_cast<uint32_t>(Byte(pos_)) << 24 | Byte(pos_ + 1) << 16 |
        Byte(pos_ + 2) << 8 | Byte(pos_ + 3);
    pos_ += 4;
    return absl::OkStatus();
  }
  absl::Status Bytes(size_t n, std::string_view& v) {
    if (msg_.size() - pos_ < n) return Malformed("truncated", pos_);
    v = msg_.substr(pos_, n);
    pos_ += n;
    return absl::OkStatus();
  }

  // Reads a possibly compressed name in presentation form. Every pointer
  // must point before the label sequence it interrupts, so each jump moves
  // strictly backwards and decoding always ends.
  absl::Status Name(std::string& out) {
    out.clear();
    size_t p = pos_;
    size_t segment_start = pos_;
    size_t wire_len = 0;
    bool jumped = false;
    while (true) {
      if (p >= msg_.size()) return Malformed("name runs past the end", p);
      uint8_t len = Byte(p);
      if ((len & 0xC0) == 0xC0) {
        if (p + 1 >= msg_.size()) return Malformed("truncated pointer", p);
        size_t target = static_cast<size_t>(len & 0x3F) << 8 | Byte(p + 1);
        if (target >= segment_start) {
          return Malformed("compression pointer does not point backwards", p);
        }
        if (!jumped) pos_ = p + 2;
        jumped = true;
        segment_start = p = target;
        continue;
      }
      if ((len & 0xC0) != 0) return Malformed("unknown label type", p);
      wire_len += 1 + len;
      if (wire_len > kMaxNameWire) return Malformed("name over 255 octets", p);
      if (len == 0) {
        ++p;
        break;
      }
      if (msg_.size() - p - 1 < len) return Malformed("truncated label", p);
      for (size_t i = 0; i < len; ++i) {
        AppendEscaped(Byte(p + 1 + i), /*quote_context=*/false, out);
      }
      out.push_back('.');
      p += 1 + len;
    }
    if (!jumped) pos_ = p;
    if (out.empty()) out = ".";
    return absl::OkStatus();
  }

 private:
  uint32_t Byte(size_t i) const { return static_cast<unsigned char>(msg_[i]); }

  std::string_view msg_;
  size_t pos_ = 0;
};

#define RETURN_IF_ERROR_(expr)         \
  do {                                 \
    absl::Status status_ = (expr);     \
    if (!status_.ok()) return status_; \
  } while (0)

std::string Rfc3597(std::string_view rdata) {
  if (rdata.empty()) return "\\# 0";
  return absl::StrCat("\\# ", rdata.size(), " ",
                      absl::BytesToHexString(AV(rdata)));
}

// Renders the RDATA at reader.pos() (length `rdlength`) and leaves the
// reader after it. Names inside may use compression.
absl::Status RenderRdata(Reader& reader, uint16_t type, uint16_t rdlength,
                         std::string& out) {
  size_t start = reader.pos();
  if (reader.size() - start < rdlength) {
    return Malformed("RDATA runs past the end", start);
  }
  size_t end = start + rdlength;
  std::string_view raw = reader.msg().substr(start, rdlength);
  std::string name, name2;
  out.clear();
  switch (static_cast<DnsType>(type)) {
    case DnsType::kA: {
      if (rdlength != 4) return Malformed("A RDATA is not 4 octets", start);
      char buf[INET_ADDRSTRLEN];
      inet_ntop(AF_INET, raw.data(), buf, sizeof(buf));
      out = buf;
      RETURN_IF_ERROR_(reader.Bytes(rdlength, raw));
      break;
    }
    case DnsType::kAaaa: {
      if (rdlength != 16)
        return Malformed("AAAA RDATA is not 16 octets", start);
      char buf[INET6_ADDRSTRLEN];
      inet_ntop(AF_INET6, raw.data(), buf, sizeof(buf));
      out = buf;
      RETURN_IF_ERROR_(reader.Bytes(rdlength, raw));
      break;
    }
    case DnsType::kNs:
    case DnsType::kCname:
      RETURN_IF_ERROR_(reader.Name(out));
      break;
    case DnsType::kMx: {
      uint16_t preference = 0;
      RETURN_IF_ERROR_(reader.U16(preference));
      RETURN_IF_ERROR_(reader.Name(name));
      out = absl::StrCat(preference, " ", name);
      break;
    }
    case DnsType::kSoa: {
      uint32_t v[5] = {};
      RETURN_IF_ERROR_(reader.Name(name));
      RETURN_IF_ERROR_(reader.Name(name2));
      for (uint32_t& x : v) RETURN_IF_ERROR_(reader.U32(x));
      out = absl::StrCat(name, " ", name2, " ", v[0], " ", v[1], " ", v[2], " ",
                         v[3], " ", v[4]);
      break;
    }
    case DnsType::kTxt: {
      if (rdlength == 0) {
        out = Rfc3597(raw);  // no character-string at all: show it exactly
        break;
      }
      while (reader.pos() < end) {
        uint8_t len = 0;
        std::string_view text;
        RETURN_IF_ERROR_(reader.U8(len));
        if (end - reader.pos() < len) {
          return Malformed("TXT string runs past RDATA", reader.pos());
        }
        RETURN_IF_ERROR_(reader.Bytes(len, text));
        if (!out.empty()) out.push_back(' ');
        out.push_back('"');
        for (char c : text) {
          AppendEscaped(static_cast<unsigned char>(c), true, out);
        }
        out.push_back('"');
      }
      break;
    }
    default:
      out = Rfc3597(raw);
      RETURN_IF_ERROR_(reader.Bytes(rdlength, raw));
      break;
  }
  if (reader.pos() != end) return Malformed("RDATA length mismatch", start);
  return absl::OkStatus();
}

enum class Section { kAnswer, kAuthority, kAdditional };

absl::Status ReadRecord(Reader& reader, Section section, DnsMessage& m) {
  size_t start = reader.pos();
  v1::DnsRecord rec;
  uint16_t type = 0, klass = 0, rdlength = 0;
  uint32_t ttl = 0;
  RETURN_IF_ERROR_(reader.Name(*rec.mutable_name()));
  RETURN_IF_ERROR_(reader.U16(type));
  RETURN_IF_ERROR_(reader.U16(klass));
  RETURN_IF_ERROR_(reader.U32(ttl));
  RETURN_IF_ERROR_(reader.U16(rdlength));
  if (section == Section::kAdditional && type == kTypeOpt) {
    if (m.has_edns) return Malformed("second OPT record", start);
    if (rec.name() != ".") return Malformed("OPT owner is not the root", start);
    std::string_view skip;
    RETURN_IF_ERROR_(reader.Bytes(rdlength, skip));
    m.has_edns = true;
    m.edns_udp_size = klass;
    m.rcode = static_cast<uint16_t>(m.rcode | (ttl >> 24) << 4);
    return absl::OkStatus();
  }
  rec.set_type(TypeName(type));
  rec.set_ttl(ttl);
  RETURN_IF_ERROR_(RenderRdata(reader, type, rdlength, *rec.mutable_data()));
  switch (section) {
    case Section::kAnswer:
      m.answers.push_back(std::move(rec));
      break;
    case Section::kAuthority:
      m.authority.push_back(std::move(rec));
      break;
    case Section::kAdditional:
      m.additional.push_back(std::move(rec));
      break;
  }
  return absl::OkStatus();
}

void PutU16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v & 0xff));
}

}  // namespace

absl::StatusOr<std::string> BuildQuery(uint16_t id, std::string_view name,
                                       uint16_t qtype, bool recursion_desired) {
  absl::string_view qname = AV(name);
  std::string out;
  out.reserve(kHeaderSize + qname.size() + 2 + 4 + 11);
  PutU16(out, id);
  // Recursive queries also set AD (RFC 6840 §5.7): without it a validating
  // resolver does not report AD, and dns.dnssec.mx_microsoft could never
  // learn that an answer validated.
  PutU16(out, recursion_desired ? 0x0120 : 0);
  PutU16(out, 1);  // QDCOUNT
  PutU16(out, 0);
  PutU16(out, 0);
  PutU16(out, 1);  // ARCOUNT: the OPT record
  if (qname.empty()) return absl::InvalidArgumentError("empty query name");
  if (qname != ".") {
    if (qname.back() == '.') qname.remove_suffix(1);
    size_t wire_len = 1;
    for (absl::string_view label : absl::StrSplit(qname, '.')) {
      if (label.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("empty label in query name \"", qname, "\""));
      }
      if (label.size() > kMaxLabel) {
        return absl::InvalidArgumentError(
            absl::StrCat("label over 63 octets in \"", qname, "\""));
      }
      for (char c : label) {
        if (c < 0x21 || c > 0x7e || c == '\\') {
          return absl::InvalidArgumentError(
              absl::StrCat("query name \"", absl::CHexEscape(qname),
                           "\" has a character outside printable ASCII"));
        }
      }
      wire_len += 1 + label.size();
      out.push_back(static_cast<char>(label.size()));
      out.append(label.data(), label.size());
    }
    if (wire_len > kMaxNameWire) {
      return absl::InvalidArgumentError("query name over 255 octets");
    }
  }
  out.push_back('\0');
  PutU16(out, qtype);
  PutU16(out, kClassIn);
  // OPT: root owner, class = UDP size, TTL = ext-rcode/version/flags 0.
  out.push_back('\0');
  PutU16(out, kTypeOpt);
  PutU16(out, kEdnsUdpSize);
  PutU16(out, 0);
  PutU16(out, 0);
  PutU16(out, 0);  // RDLENGTH
  return out;
}

absl::StatusOr<DnsMessage> ParseMessage(std::string_view wire) {
  Reader reader(wire);
  DnsMessage m;
  uint16_t flags = 0, qdcount = 0, ancount = 0, nscount = 0, arcount = 0;
  RETURN_IF_ERROR_(reader.U16(m.id));
  RETURN_IF_ERROR_(reader.U16(flags));
  RETURN_IF_ERROR_(reader.U16(qdcount));
  RETURN_IF_ERROR_(reader.U16(ancount));
  RETURN_IF_ERROR_(reader.U16(nscount));
  RETURN_IF_ERROR_(reader.U16(arcount));
  m.qr = flags & 0x8000;
  m.opcode = (flags >> 11) & 0xF;
  m.aa = flags & 0x0400;
  m.tc = flags & 0x0200;
  m.rd = flags & 0x0100;
  m.ra = flags & 0x0080;
  m.ad = flags & 0x0020;
  m.rcode = flags & 0xF;
  for (int i = 0; i < qdcount; ++i) {
    std::string name;
    uint16_t qtype = 0, qclass = 0;
    RETURN_IF_ERROR_(reader.Name(name));
    RETURN_IF_ERROR_(reader.U16(qtype));
    RETURN_IF_ERROR_(reader.U16(qclass));
    if (i == 0) {
      m.qname = std::move(name);
      m.qtype = qtype;
      m.qclass = qclass;
    }
  }
  for (int i = 0; i < ancount; ++i) {
    RETURN_IF_ERROR_(ReadRecord(reader, Section::kAnswer, m));
  }
  for (int i = 0; i < nscount; ++i) {
    RETURN_IF_ERROR_(ReadRecord(reader, Section::kAuthority, m));
  }
  for (int i = 0; i < arcount; ++i) {
    RETURN_IF_ERROR_(ReadRecord(reader, Section::kAdditional, m));
  }
  if (reader.pos() != wire.size()) {
    return Malformed("trailing bytes after the last record", reader.pos());
  }
  return m;
}

absl::Status ParseResponseInto(std::string_view wire,
                               v1::DnsExchange& exchange) {
  absl::StatusOr<DnsMessage> m = ParseMessage(wire);
  if (!m.ok()) return m.status();
  if (!m->qr) {
    return absl::InvalidArgumentError("QR bit not set in a response");
  }
  exchange.set_rcode(RcodeName(m->rcode));
  exchange.set_authoritative_answer(m->aa);
  exchange.set_truncated(m->tc);
  exchange.set_authenticated_data(m->ad);
  exchange.clear_answers();
  exchange.clear_authority();
  for (v1::DnsRecord& r : m->answers) *exchange.add_answers() = std::move(r);
  for (v1::DnsRecord& r : m->authority) {
    *exchange.add_authority() = std::move(r);
  }
  return absl::OkStatus();
}

#undef RETURN_IF_ERROR_

}  // namespace ndrdiag::dns
