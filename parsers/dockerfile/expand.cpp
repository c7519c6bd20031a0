#include "parsers/dockerfile/expand.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <unordered_map>

namespace shipshape::dockerfile {
namespace {

using Span = std::pair<std::size_t, std::size_t>;

constexpr char32_t kEndOfInput = 0xFFFFFFFFu;  // Go's scanner.EOF
constexpr char32_t kReplacementRune = 0xFFFD;
constexpr char32_t kByteOrderMark = 0xFEFF;
constexpr std::size_t kNoName = static_cast<std::size_t>(-1);
// Work allowed beyond the input's own size: bytes produced by expansions plus pattern-matching steps. It
// bounds the time spent on hostile input (nested replacements can grow text exponentially).
constexpr std::size_t kWorkBudget = std::size_t{1} << 26;
constexpr const char* kTooLarge = "expansion too large";

// ---- characters, as Go sees them ----

struct DecodedRune {
  char32_t code;
  std::size_t width;
};

// Go's utf8.DecodeRuneInString: an invalid, truncated, overlong or surrogate sequence reads as U+FFFD with
// width 1. `pos` < text.size().
DecodedRune decode_rune(std::string_view text, std::size_t pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) return {lead, 1};
  const std::size_t available = text.size() - pos;
  const auto continuation = [&](std::size_t i) -> bool {
    return i < available && (static_cast<unsigned char>(text[pos + i]) & 0xC0) == 0x80;
  };
  const auto bits = [&](std::size_t i) -> char32_t { return static_cast<unsigned char>(text[pos + i]) & 0x3F; };
  if (lead >= 0xC2 && lead <= 0xDF && continuation(1)) return {(char32_t{lead & 0x1Fu} << 6) | bits(1), 2};
  if (lead >= 0xE0 && lead <= 0xEF && continuation(1) && continuation(2)) {
    const char32_t code = (char32_t{lead & 0x0Fu} << 12) | (bits(1) << 6) | bits(2);
    if (code >= 0x800 && (code < 0xD800 || code > 0xDFFF)) return {code, 3};
  } else if (lead >= 0xF0 && lead <= 0xF4 && continuation(1) && continuation(2) && continuation(3)) {
    const char32_t code = (char32_t{lead & 0x07u} << 18) | (bits(1) << 12) | (bits(2) << 6) | bits(3);
    if (code >= 0x10000 && code <= 0x10FFFF) return {code, 4};
  }
  return {kReplacementRune, 1};
}

// Go's WriteRune: anything that is not a valid code point (including kEndOfInput) becomes U+FFFD.
void append_utf8(std::string& out, char32_t code) {
  if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) code = kReplacementRune;
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

std::string utf8(char32_t code) {
  std::string out;
  append_utf8(out, code);
  return out;
}

// Go's []rune(s): one code point per rune, U+FFFD per invalid byte.
std::u32string decode_all(std::string_view text) {
  std::u32string runes;
  runes.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const DecodedRune rune = decode_rune(text, pos);
    runes.push_back(rune.code);
    pos += rune.width;
  }
  return runes;
}

std::string encode_all(const std::u32string& runes) {
  std::string out;
  out.reserve(runes.size());
  for (const char32_t rune : runes) append_utf8(out, rune);
  return out;
}

struct CodeRange {
  char32_t first;
  char32_t last;
};

// Go's unicode.IsLetter (general categories Lu Ll Lt Lm Lo) and unicode.IsDigit (Nd) above ASCII, for
// Unicode 15.0, the version of Go 1.21 and later. Generated from UnicodeData.txt (Debian's unicode-data
// 15.0.0 package) by folding the code points of those categories into ranges.
constexpr CodeRange kLetterRanges[] = {
    {0xAA, 0xAA}, {0xB5, 0xB5}, {0xBA, 0xBA}, {0xC0, 0xD6}, {0xD8, 0xF6}, {0xF8, 0x2C1}, {0x2C6, 0x2D1},
    {0x2E0, 0x2E4}, {0x2EC, 0x2EC}, {0x2EE, 0x2EE}, {0x370, 0x374}, {0x376, 0x377}, {0x37A, 0x37D},
    {0x37F, 0x37F}, {0x386, 0x386}, {0x388, 0x38A}, {0x38C, 0x38C}, {0x38E, 0x3A1}, {0x3A3, 0x3F5},
    {0x3F7, 0x481}, {0x48A, 0x52F}, {0x531, 0x556}, {0x559, 0x559}, {0x560, 0x588}, {0x5D0, 0x5EA},
    {0x5EF, 0x5F2}, {0x620, 0x64A}, {0x66E, 0x66F}, {0x671, 0x6D3}, {0x6D5, 0x6D5}, {0x6E5, 0x6E6},
    {0x6EE, 0x6EF}, {0x6FA, 0x6FC}, {0x6FF, 0x6FF}, {0x710, 0x710}, {0x712, 0x72F}, {0x74D, 0x7A5},
    {0x7B1, 0x7B1}, {0x7CA, 0x7EA}, {0x7F4, 0x7F5}, {0x7FA, 0x7FA}, {0x800, 0x815}, {0x81A, 0x81A},
    {0x824, 0x824}, {0x828, 0x828}, {0x840, 0x858}, {0x860, 0x86A}, {0x870, 0x887}, {0x889, 0x88E},
    {0x8A0, 0x8C9}, {0x904, 0x939}, {0x93D, 0x93D}, {0x950, 0x950}, {0x958, 0x961}, {0x971, 0x980},
    {0x985, 0x98C}, {0x98F, 0x990}, {0x993, 0x9A8}, {0x9AA, 0x9B0}, {0x9B2, 0x9B2}, {0x9B6, 0x9B9},
    {0x9BD, 0x9BD}, {0x9CE, 0x9CE}, {0x9DC, 0x9DD}, {0x9DF, 0x9E1}, {0x9F0, 0x9F1}, {0x9FC, 0x9FC},
    {0xA05, 0xA0A}, {0xA0F, 0xA10}, {0xA13, 0xA28}, {0xA2A, 0xA30}, {0xA32, 0xA33}, {0xA35, 0xA36},
    {0xA38, 0xA39}, {0xA59, 0xA5C}, {0xA5E, 0xA5E}, {0xA72, 0xA74}, {0xA85, 0xA8D}, {0xA8F, 0xA91},
    {0xA93, 0xAA8}, {0xAAA, 0xAB0}, {0xAB2, 0xAB3}, {0xAB5, 0xAB9}, {0xABD, 0xABD}, {0xAD0, 0xAD0},
    {0xAE0, 0xAE1}, {0xAF9, 0xAF9}, {0xB05, 0xB0C}, {0xB0F, 0xB10}, {0xB13, 0xB28}, {0xB2A, 0xB30},
    {0xB32, 0xB33}, {0xB35, 0xB39}, {0xB3D, 0xB3D}, {0xB5C, 0xB5D}, {0xB5F, 0xB61}, {0xB71, 0xB71},
    {0xB83, 0xB83}, {0xB85, 0xB8A}, {0xB8E, 0xB90}, {0xB92, 0xB95}, {0xB99, 0xB9A}, {0xB9C, 0xB9C},
    {0xB9E, 0xB9F}, {0xBA3, 0xBA4}, {0xBA8, 0xBAA}, {0xBAE, 0xBB9}, {0xBD0, 0xBD0}, {0xC05, 0xC0C},
    {0xC0E, 0xC10}, {0xC12, 0xC28}, {0xC2A, 0xC39}, {0xC3D, 0xC3D}, {0xC58, 0xC5A}, {0xC5D, 0xC5D},
    {0xC60, 0xC61}, {0xC80, 0xC80}, {0xC85, 0xC8C}, {0xC8E, 0xC90}, {0xC92, 0xCA8}, {0xCAA, 0xCB3},
    {0xCB5, 0xCB9}, {0xCBD, 0xCBD}, {0xCDD, 0xCDE}, {0xCE0, 0xCE1}, {0xCF1, 0xCF2}, {0xD04, 0xD0C},
    {0xD0E, 0xD10}, {0xD12, 0xD3A}, {0xD3D, 0xD3D}, {0xD4E, 0xD4E}, {0xD54, 0xD56}, {0xD5F, 0xD61},
    {0xD7A, 0xD7F}, {0xD85, 0xD96}, {0xD9A, 0xDB1}, {0xDB3, 0xDBB}, {0xDBD, 0xDBD}, {0xDC0, 0xDC6},
    {0xE01, 0xE30}, {0xE32, 0xE33}, {0xE40, 0xE46}, {0xE81, 0xE82}, {0xE84, 0xE84}, {0xE86, 0xE8A},
    {0xE8C, 0xEA3}, {0xEA5, 0xEA5}, {0xEA7, 0xEB0}, {0xEB2, 0xEB3}, {0xEBD, 0xEBD}, {0xEC0, 0xEC4},
    {0xEC6, 0xEC6}, {0xEDC, 0xEDF}, {0xF00, 0xF00}, {0xF40, 0xF47}, {0xF49, 0xF6C}, {0xF88, 0xF8C},
    {0x1000, 0x102A}, {0x103F, 0x103F}, {0x1050, 0x1055}, {0x105A, 0x105D}, {0x1061, 0x1061}, {0x1065, 0x1066},
    {0x106E, 0x1070}, {0x1075, 0x1081}, {0x108E, 0x108E}, {0x10A0, 0x10C5}, {0x10C7, 0x10C7}, {0x10CD, 0x10CD},
    {0x10D0, 0x10FA}, {0x10FC, 0x1248}, {0x124A, 0x124D}, {0x1250, 0x1256}, {0x1258, 0x1258}, {0x125A, 0x125D},
    {0x1260, 0x1288}, {0x128A, 0x128D}, {0x1290, 0x12B0}, {0x12B2, 0x12B5}, {0x12B8, 0x12BE}, {0x12C0, 0x12C0},
    {0x12C2, 0x12C5}, {0x12C8, 0x12D6}, {0x12D8, 0x1310}, {0x1312, 0x1315}, {0x1318, 0x135A}, {0x1380, 0x138F},
    {0x13A0, 0x13F5}, {0x13F8, 0x13FD}, {0x1401, 0x166C}, {0x166F, 0x167F}, {0x1681, 0x169A}, {0x16A0, 0x16EA},
    {0x16F1, 0x16F8}, {0x1700, 0x1711}, {0x171F, 0x1731}, {0x1740, 0x1751}, {0x1760, 0x176C}, {0x176E, 0x1770},
    {0x1780, 0x17B3}, {0x17D7, 0x17D7}, {0x17DC, 0x17DC}, {0x1820, 0x1878}, {0x1880, 0x1884}, {0x1887, 0x18A8},
    {0x18AA, 0x18AA}, {0x18B0, 0x18F5}, {0x1900, 0x191E}, {0x1950, 0x196D}, {0x1970, 0x1974}, {0x1980, 0x19AB},
    {0x19B0, 0x19C9}, {0x1A00, 0x1A16}, {0x1A20, 0x1A54}, {0x1AA7, 0x1AA7}, {0x1B05, 0x1B33}, {0x1B45, 0x1B4C},
    {0x1B83, 0x1BA0}, {0x1BAE, 0x1BAF}, {0x1BBA, 0x1BE5}, {0x1C00, 0x1C23}, {0x1C4D, 0x1C4F}, {0x1C5A, 0x1C7D},
    {0x1C80, 0x1C88}, {0x1C90, 0x1CBA}, {0x1CBD, 0x1CBF}, {0x1CE9, 0x1CEC}, {0x1CEE, 0x1CF3}, {0x1CF5, 0x1CF6},
    {0x1CFA, 0x1CFA}, {0x1D00, 0x1DBF}, {0x1E00, 0x1F15}, {0x1F18, 0x1F1D}, {0x1F20, 0x1F45}, {0x1F48, 0x1F4D},
    {0x1F50, 0x1F57}, {0x1F59, 0x1F59}, {0x1F5B, 0x1F5B}, {0x1F5D, 0x1F5D}, {0x1F5F, 0x1F7D}, {0x1F80, 0x1FB4},
    {0x1FB6, 0x1FBC}, {0x1FBE, 0x1FBE}, {0x1FC2, 0x1FC4}, {0x1FC6, 0x1FCC}, {0x1FD0, 0x1FD3}, {0x1FD6, 0x1FDB},
    {0x1FE0, 0x1FEC}, {0x1FF2, 0x1FF4}, {0x1FF6, 0x1FFC}, {0x2071, 0x2071}, {0x207F, 0x207F}, {0x2090, 0x209C},
    {0x2102, 0x2102}, {0x2107, 0x2107}, {0x210A, 0x2113}, {0x2115, 0x2115}, {0x2119, 0x211D}, {0x2124, 0x2124},
    {0x2126, 0x2126}, {0x2128, 0x2128}, {0x212A, 0x212D}, {0x212F, 0x2139}, {0x213C, 0x213F}, {0x2145, 0x2149},
    {0x214E, 0x214E}, {0x2183, 0x2184}, {0x2C00, 0x2CE4}, {0x2CEB, 0x2CEE}, {0x2CF2, 0x2CF3}, {0x2D00, 0x2D25},
    {0x2D27, 0x2D27}, {0x2D2D, 0x2D2D}, {0x2D30, 0x2D67}, {0x2D6F, 0x2D6F}, {0x2D80, 0x2D96}, {0x2DA0, 0x2DA6},
    {0x2DA8, 0x2DAE}, {0x2DB0, 0x2DB6}, {0x2DB8, 0x2DBE}, {0x2DC0, 0x2DC6}, {0x2DC8, 0x2DCE}, {0x2DD0, 0x2DD6},
    {0x2DD8, 0x2DDE}, {0x2E2F, 0x2E2F}, {0x3005, 0x3006}, {0x3031, 0x3035}, {0x303B, 0x303C}, {0x3041, 0x3096},
    {0x309D, 0x309F}, {0x30A1, 0x30FA}, {0x30FC, 0x30FF}, {0x3105, 0x312F}, {0x3131, 0x318E}, {0x31A0, 0x31BF},
    {0x31F0, 0x31FF}, {0x3400, 0x4DBF}, {0x4E00, 0xA48C}, {0xA4D0, 0xA4FD}, {0xA500, 0xA60C}, {0xA610, 0xA61F},
    {0xA62A, 0xA62B}, {0xA640, 0xA66E}, {0xA67F, 0xA69D}, {0xA6A0, 0xA6E5}, {0xA717, 0xA71F}, {0xA722, 0xA788},
    {0xA78B, 0xA7CA}, {0xA7D0, 0xA7D1}, {0xA7D3, 0xA7D3}, {0xA7D5, 0xA7D9}, {0xA7F2, 0xA801}, {0xA803, 0xA805},
    {0xA807, 0xA80A}, {0xA80C, 0xA822}, {0xA840, 0xA873}, {0xA882, 0xA8B3}, {0xA8F2, 0xA8F7}, {0xA8FB, 0xA8FB},
    {0xA8FD, 0xA8FE}, {0xA90A, 0xA925}, {0xA930, 0xA946}, {0xA960, 0xA97C}, {0xA984, 0xA9B2}, {0xA9CF, 0xA9CF},
    {0xA9E0, 0xA9E4}, {0xA9E6, 0xA9EF}, {0xA9FA, 0xA9FE}, {0xAA00, 0xAA28}, {0xAA40, 0xAA42}, {0xAA44, 0xAA4B},
    {0xAA60, 0xAA76}, {0xAA7A, 0xAA7A}, {0xAA7E, 0xAAAF}, {0xAAB1, 0xAAB1}, {0xAAB5, 0xAAB6}, {0xAAB9, 0xAABD},
    {0xAAC0, 0xAAC0}, {0xAAC2, 0xAAC2}, {0xAADB, 0xAADD}, {0xAAE0, 0xAAEA}, {0xAAF2, 0xAAF4}, {0xAB01, 0xAB06},
    {0xAB09, 0xAB0E}, {0xAB11, 0xAB16}, {0xAB20, 0xAB26}, {0xAB28, 0xAB2E}, {0xAB30, 0xAB5A}, {0xAB5C, 0xAB69},
    {0xAB70, 0xABE2}, {0xAC00, 0xD7A3}, {0xD7B0, 0xD7C6}, {0xD7CB, 0xD7FB}, {0xF900, 0xFA6D}, {0xFA70, 0xFAD9},
    {0xFB00, 0xFB06}, {0xFB13, 0xFB17}, {0xFB1D, 0xFB1D}, {0xFB1F, 0xFB28}, {0xFB2A, 0xFB36}, {0xFB38, 0xFB3C},
    {0xFB3E, 0xFB3E}, {0xFB40, 0xFB41}, {0xFB43, 0xFB44}, {0xFB46, 0xFBB1}, {0xFBD3, 0xFD3D}, {0xFD50, 0xFD8F},
    {0xFD92, 0xFDC7}, {0xFDF0, 0xFDFB}, {0xFE70, 0xFE74}, {0xFE76, 0xFEFC}, {0xFF21, 0xFF3A}, {0xFF41, 0xFF5A},
    {0xFF66, 0xFFBE}, {0xFFC2, 0xFFC7}, {0xFFCA, 0xFFCF}, {0xFFD2, 0xFFD7}, {0xFFDA, 0xFFDC},
    {0x10000, 0x1000B}, {0x1000D, 0x10026}, {0x10028, 0x1003A}, {0x1003C, 0x1003D}, {0x1003F, 0x1004D},
    {0x10050, 0x1005D}, {0x10080, 0x100FA}, {0x10280, 0x1029C}, {0x102A0, 0x102D0}, {0x10300, 0x1031F},
    {0x1032D, 0x10340}, {0x10342, 0x10349}, {0x10350, 0x10375}, {0x10380, 0x1039D}, {0x103A0, 0x103C3},
    {0x103C8, 0x103CF}, {0x10400, 0x1049D}, {0x104B0, 0x104D3}, {0x104D8, 0x104FB}, {0x10500, 0x10527},
    {0x10530, 0x10563}, {0x10570, 0x1057A}, {0x1057C, 0x1058A}, {0x1058C, 0x10592}, {0x10594, 0x10595},
    {0x10597, 0x105A1}, {0x105A3, 0x105B1}, {0x105B3, 0x105B9}, {0x105BB, 0x105BC}, {0x10600, 0x10736},
    {0x10740, 0x10755}, {0x10760, 0x10767}, {0x10780, 0x10785}, {0x10787, 0x107B0}, {0x107B2, 0x107BA},
    {0x10800, 0x10805}, {0x10808, 0x10808}, {0x1080A, 0x10835}, {0x10837, 0x10838}, {0x1083C, 0x1083C},
    {0x1083F, 0x10855}, {0x10860, 0x10876}, {0x10880, 0x1089E}, {0x108E0, 0x108F2}, {0x108F4, 0x108F5},
    {0x10900, 0x10915}, {0x10920, 0x10939}, {0x10980, 0x109B7}, {0x109BE, 0x109BF}, {0x10A00, 0x10A00},
    {0x10A10, 0x10A13}, {0x10A15, 0x10A17}, {0x10A19, 0x10A35}, {0x10A60, 0x10A7C}, {0x10A80, 0x10A9C},
    {0x10AC0, 0x10AC7}, {0x10AC9, 0x10AE4}, {0x10B00, 0x10B35}, {0x10B40, 0x10B55}, {0x10B60, 0x10B72},
    {0x10B80, 0x10B91}, {0x10C00, 0x10C48}, {0x10C80, 0x10CB2}, {0x10CC0, 0x10CF2}, {0x10D00, 0x10D23},
    {0x10E80, 0x10EA9}, {0x10EB0, 0x10EB1}, {0x10F00, 0x10F1C}, {0x10F27, 0x10F27}, {0x10F30, 0x10F45},
    {0x10F70, 0x10F81}, {0x10FB0, 0x10FC4}, {0x10FE0, 0x10FF6}, {0x11003, 0x11037}, {0x11071, 0x11072},
    {0x11075, 0x11075}, {0x11083, 0x110AF}, {0x110D0, 0x110E8}, {0x11103, 0x11126}, {0x11144, 0x11144},
    {0x11147, 0x11147}, {0x11150, 0x11172}, {0x11176, 0x11176}, {0x11183, 0x111B2}, {0x111C1, 0x111C4},
    {0x111DA, 0x111DA}, {0x111DC, 0x111DC}, {0x11200, 0x11211}, {0x11213, 0x1122B}, {0x1123F, 0x11240},
    {0x11280, 0x11286}, {0x11288, 0x11288}, {0x1128A, 0x1128D}, {0x1128F, 0x1129D}, {0x1129F, 0x112A8},
    {0x112B0, 0x112DE}, {0x11305, 0x1130C}, {0x1130F, 0x11310}, {0x11313, 0x11328}, {0x1132A, 0x11330},
    {0x11332, 0x11333}, {0x11335, 0x11339}, {0x1133D, 0x1133D}, {0x11350, 0x11350}, {0x1135D, 0x11361},
    {0x11400, 0x11434}, {0x11447, 0x1144A}, {0x1145F, 0x11461}, {0x11480, 0x114AF}, {0x114C4, 0x114C5},
    {0x114C7, 0x114C7}, {0x11580, 0x115AE}, {0x115D8, 0x115DB}, {0x11600, 0x1162F}, {0x11644, 0x11644},
    {0x11680, 0x116AA}, {0x116B8, 0x116B8}, {0x11700, 0x1171A}, {0x11740, 0x11746}, {0x11800, 0x1182B},
    {0x118A0, 0x118DF}, {0x118FF, 0x11906}, {0x11909, 0x11909}, {0x1190C, 0x11913}, {0x11915, 0x11916},
    {0x11918, 0x1192F}, {0x1193F, 0x1193F}, {0x11941, 0x11941}, {0x119A0, 0x119A7}, {0x119AA, 0x119D0},
    {0x119E1, 0x119E1}, {0x119E3, 0x119E3}, {0x11A00, 0x11A00}, {0x11A0B, 0x11A32}, {0x11A3A, 0x11A3A},
    {0x11A50, 0x11A50}, {0x11A5C, 0x11A89}, {0x11A9D, 0x11A9D}, {0x11AB0, 0x11AF8}, {0x11C00, 0x11C08},
    {0x11C0A, 0x11C2E}, {0x11C40, 0x11C40}, {0x11C72, 0x11C8F}, {0x11D00, 0x11D06}, {0x11D08, 0x11D09},
    {0x11D0B, 0x11D30}, {0x11D46, 0x11D46}, {0x11D60, 0x11D65}, {0x11D67, 0x11D68}, {0x11D6A, 0x11D89},
    {0x11D98, 0x11D98}, {0x11EE0, 0x11EF2}, {0x11F02, 0x11F02}, {0x11F04, 0x11F10}, {0x11F12, 0x11F33},
    {0x11FB0, 0x11FB0}, {0x12000, 0x12399}, {0x12480, 0x12543}, {0x12F90, 0x12FF0}, {0x13000, 0x1342F},
    {0x13441, 0x13446}, {0x14400, 0x14646}, {0x16800, 0x16A38}, {0x16A40, 0x16A5E}, {0x16A70, 0x16ABE},
    {0x16AD0, 0x16AED}, {0x16B00, 0x16B2F}, {0x16B40, 0x16B43}, {0x16B63, 0x16B77}, {0x16B7D, 0x16B8F},
    {0x16E40, 0x16E7F}, {0x16F00, 0x16F4A}, {0x16F50, 0x16F50}, {0x16F93, 0x16F9F}, {0x16FE0, 0x16FE1},
    {0x16FE3, 0x16FE3}, {0x17000, 0x187F7}, {0x18800, 0x18CD5}, {0x18D00, 0x18D08}, {0x1AFF0, 0x1AFF3},
    {0x1AFF5, 0x1AFFB}, {0x1AFFD, 0x1AFFE}, {0x1B000, 0x1B122}, {0x1B132, 0x1B132}, {0x1B150, 0x1B152},
    {0x1B155, 0x1B155}, {0x1B164, 0x1B167}, {0x1B170, 0x1B2FB}, {0x1BC00, 0x1BC6A}, {0x1BC70, 0x1BC7C},
    {0x1BC80, 0x1BC88}, {0x1BC90, 0x1BC99}, {0x1D400, 0x1D454}, {0x1D456, 0x1D49C}, {0x1D49E, 0x1D49F},
    {0x1D4A2, 0x1D4A2}, {0x1D4A5, 0x1D4A6}, {0x1D4A9, 0x1D4AC}, {0x1D4AE, 0x1D4B9}, {0x1D4BB, 0x1D4BB},
    {0x1D4BD, 0x1D4C3}, {0x1D4C5, 0x1D505}, {0x1D507, 0x1D50A}, {0x1D50D, 0x1D514}, {0x1D516, 0x1D51C},
    {0x1D51E, 0x1D539}, {0x1D53B, 0x1D53E}, {0x1D540, 0x1D544}, {0x1D546, 0x1D546}, {0x1D54A, 0x1D550},
    {0x1D552, 0x1D6A5}, {0x1D6A8, 0x1D6C0}, {0x1D6C2, 0x1D6DA}, {0x1D6DC, 0x1D6FA}, {0x1D6FC, 0x1D714},
    {0x1D716, 0x1D734}, {0x1D736, 0x1D74E}, {0x1D750, 0x1D76E}, {0x1D770, 0x1D788}, {0x1D78A, 0x1D7A8},
    {0x1D7AA, 0x1D7C2}, {0x1D7C4, 0x1D7CB}, {0x1DF00, 0x1DF1E}, {0x1DF25, 0x1DF2A}, {0x1E030, 0x1E06D},
    {0x1E100, 0x1E12C}, {0x1E137, 0x1E13D}, {0x1E14E, 0x1E14E}, {0x1E290, 0x1E2AD}, {0x1E2C0, 0x1E2EB},
    {0x1E4D0, 0x1E4EB}, {0x1E7E0, 0x1E7E6}, {0x1E7E8, 0x1E7EB}, {0x1E7ED, 0x1E7EE}, {0x1E7F0, 0x1E7FE},
    {0x1E800, 0x1E8C4}, {0x1E900, 0x1E943}, {0x1E94B, 0x1E94B}, {0x1EE00, 0x1EE03}, {0x1EE05, 0x1EE1F},
    {0x1EE21, 0x1EE22}, {0x1EE24, 0x1EE24}, {0x1EE27, 0x1EE27}, {0x1EE29, 0x1EE32}, {0x1EE34, 0x1EE37},
    {0x1EE39, 0x1EE39}, {0x1EE3B, 0x1EE3B}, {0x1EE42, 0x1EE42}, {0x1EE47, 0x1EE47}, {0x1EE49, 0x1EE49},
    {0x1EE4B, 0x1EE4B}, {0x1EE4D, 0x1EE4F}, {0x1EE51, 0x1EE52}, {0x1EE54, 0x1EE54}, {0x1EE57, 0x1EE57},
    {0x1EE59, 0x1EE59}, {0x1EE5B, 0x1EE5B}, {0x1EE5D, 0x1EE5D}, {0x1EE5F, 0x1EE5F}, {0x1EE61, 0x1EE62},
    {0x1EE64, 0x1EE64}, {0x1EE67, 0x1EE6A}, {0x1EE6C, 0x1EE72}, {0x1EE74, 0x1EE77}, {0x1EE79, 0x1EE7C},
    {0x1EE7E, 0x1EE7E}, {0x1EE80, 0x1EE89}, {0x1EE8B, 0x1EE9B}, {0x1EEA1, 0x1EEA3}, {0x1EEA5, 0x1EEA9},
    {0x1EEAB, 0x1EEBB}, {0x20000, 0x2A6DF}, {0x2A700, 0x2B739}, {0x2B740, 0x2B81D}, {0x2B820, 0x2CEA1},
    {0x2CEB0, 0x2EBE0}, {0x2F800, 0x2FA1D}, {0x30000, 0x3134A}, {0x31350, 0x323AF},
};
constexpr CodeRange kDigitRanges[] = {
    {0x660, 0x669}, {0x6F0, 0x6F9}, {0x7C0, 0x7C9}, {0x966, 0x96F}, {0x9E6, 0x9EF}, {0xA66, 0xA6F},
    {0xAE6, 0xAEF}, {0xB66, 0xB6F}, {0xBE6, 0xBEF}, {0xC66, 0xC6F}, {0xCE6, 0xCEF}, {0xD66, 0xD6F},
    {0xDE6, 0xDEF}, {0xE50, 0xE59}, {0xED0, 0xED9}, {0xF20, 0xF29}, {0x1040, 0x1049}, {0x1090, 0x1099},
    {0x17E0, 0x17E9}, {0x1810, 0x1819}, {0x1946, 0x194F}, {0x19D0, 0x19D9}, {0x1A80, 0x1A89}, {0x1A90, 0x1A99},
    {0x1B50, 0x1B59}, {0x1BB0, 0x1BB9}, {0x1C40, 0x1C49}, {0x1C50, 0x1C59}, {0xA620, 0xA629}, {0xA8D0, 0xA8D9},
    {0xA900, 0xA909}, {0xA9D0, 0xA9D9}, {0xA9F0, 0xA9F9}, {0xAA50, 0xAA59}, {0xABF0, 0xABF9}, {0xFF10, 0xFF19},
    {0x104A0, 0x104A9}, {0x10D30, 0x10D39}, {0x11066, 0x1106F}, {0x110F0, 0x110F9}, {0x11136, 0x1113F},
    {0x111D0, 0x111D9}, {0x112F0, 0x112F9}, {0x11450, 0x11459}, {0x114D0, 0x114D9}, {0x11650, 0x11659},
    {0x116C0, 0x116C9}, {0x11730, 0x11739}, {0x118E0, 0x118E9}, {0x11950, 0x11959}, {0x11C50, 0x11C59},
    {0x11D50, 0x11D59}, {0x11DA0, 0x11DA9}, {0x11F50, 0x11F59}, {0x16A60, 0x16A69}, {0x16AC0, 0x16AC9},
    {0x16B50, 0x16B59}, {0x1D7CE, 0x1D7FF}, {0x1E140, 0x1E149}, {0x1E2F0, 0x1E2F9}, {0x1E4F0, 0x1E4F9},
    {0x1E950, 0x1E959}, {0x1FBF0, 0x1FBF9},
};

template <std::size_t N>
bool in_ranges(const CodeRange (&ranges)[N], char32_t code) {
  const auto* after = std::upper_bound(std::begin(ranges), std::end(ranges), code,
                                       [](char32_t c, const CodeRange& range) { return c < range.first; });
  return after != std::begin(ranges) && code <= (after - 1)->last;
}

bool is_letter(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return in_ranges(kLetterRanges, c);
}

bool is_digit(char32_t c) {
  if (c < 0x80) return c >= '0' && c <= '9';
  return in_ranges(kDigitRanges, c);
}

// Go's unicode.IsSpace.
bool is_space(char32_t c) {
  switch (c) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

// The special parameters of POSIX sh that BuildKit reads as one-character names ('0' is read as a digit run).
bool is_special_parameter(char32_t c) {
  switch (c) {
    case '@': case '*': case '#': case '?': case '-': case '$': case '!': case '0':
      return true;
    default:
      return false;
  }
}

// Go's text/scanner as BuildKit uses it: one rune of lookahead, a leading byte order mark skipped, invalid
// bytes read as U+FFFD.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {
    read();
    if (current_ == kByteOrderMark) read();
  }
  char32_t peek() const { return current_; }
  char32_t next() {
    const char32_t rune = current_;
    if (rune != kEndOfInput) read();
    return rune;
  }
  // Byte offset of the rune peek() returns (the text size at the end).
  std::size_t offset() const { return offset_; }

 private:
  void read() {
    offset_ = position_;
    if (position_ >= text_.size()) {
      current_ = kEndOfInput;
      return;
    }
    const DecodedRune rune = decode_rune(text_, position_);
    current_ = rune.code;
    position_ += rune.width;
  }

  std::string_view text_;
  std::size_t position_ = 0;
  std::size_t offset_ = 0;
  char32_t current_ = kEndOfInput;
};

// Expanded text with the spans that stand for unknown values.
struct Piece {
  std::string text;
  std::vector<Span> unknown;

  void append(const Piece& other) {
    const std::size_t shift = text.size();
    text += other.text;
    for (const auto& [begin, end] : other.unknown) unknown.emplace_back(begin + shift, end + shift);
  }
  void append_unknown(std::string_view spelling) {
    unknown.emplace_back(text.size(), text.size() + spelling.size());
    text += spelling;
  }
};

class Budget {
 public:
  explicit Budget(std::size_t units) : left_(units) {}
  bool spend(std::size_t units) {
    if (units > left_) {
      left_ = 0;
      exhausted_ = true;
      return false;
    }
    left_ -= units;
    return true;
  }
  bool exhausted() const { return exhausted_; }

 private:
  std::size_t left_;
  bool exhausted_ = false;
};

// ---- BuildKit's glob patterns ----

struct GlobToken {
  enum class Kind : std::uint8_t { rune, any_rune, any_run };
  Kind kind = Kind::rune;
  char32_t rune = 0;
};

// BuildKit's convertShellPatternToRegex, as tokens: `*` any run, `?` any rune, `\*` `\?` `\\` literal,
// `\}` and `\/` are `}` and `/` (escaped only for the ${} syntax); any other escape is an error. `[`, `]`
// and every other character are literal.
bool compile_glob(std::string_view pattern, std::vector<GlobToken>& tokens, std::string& error) {
  tokens.clear();
  Scanner scanner(pattern);
  for (char32_t c = scanner.next(); c != kEndOfInput; c = scanner.next()) {
    if (c == '*') {
      tokens.push_back({GlobToken::Kind::any_run, 0});
      continue;
    }
    if (c == '?') {
      tokens.push_back({GlobToken::Kind::any_rune, 0});
      continue;
    }
    if (c == '\\') {
      if (scanner.peek() == '}' || scanner.peek() == '/') continue;
      c = scanner.next();
      if (c != '*' && c != '?' && c != '\\') {
        error = "invalid escape '\\" + utf8(c) + "'";
        return false;
      }
    }
    tokens.push_back({GlobToken::Kind::rune, c});
  }
  return true;
}

// The thread lists of a GlobMatcher, kept by the caller so repeated searches reuse their memory.
struct MatchScratch {
  struct Thread {
    std::size_t state;  // index of the token to match next; the token count = matched
    std::size_t start;
  };
  struct ThreadList {
    std::vector<Thread> threads;
    std::vector<std::uint32_t> marks;  // marks[state] == generation: the state is already in the list
    std::uint32_t generation = 0;

    void prepare(std::size_t states) {
      if (marks.size() < states) marks.resize(states, 0);
    }
    void reset() {
      threads.clear();
      if (++generation == 0) {
        std::fill(marks.begin(), marks.end(), 0);
        generation = 1;
      }
    }
    bool has(std::size_t state) const { return marks[state] == generation; }
    void mark(std::size_t state) { marks[state] = generation; }
  };
  ThreadList first;
  ThreadList second;
};

// Finds matches the way Go's regexp does for the regex BuildKit builds from a glob (leftmost-first, `*` as
// `.*` when greedy and `.*?` otherwise, `.` not matching a newline): a Pike VM over the token positions, so
// time is O(text × pattern) whatever the input, and every step is charged to the budget.
class GlobMatcher {
  using Thread = MatchScratch::Thread;
  using ThreadList = MatchScratch::ThreadList;

 public:
  GlobMatcher(const std::vector<GlobToken>& tokens, bool greedy, Budget& budget, MatchScratch& scratch)
      : tokens_(tokens), greedy_(greedy), budget_(budget), first_(scratch.first), second_(scratch.second) {
    first_.prepare(tokens.size() + 1);
    second_.prepare(tokens.size() + 1);
  }

  // The match starting at or after `from` (exactly at `from` when anchored); nullopt when there is none or
  // the budget ran out (see Budget::exhausted).
  std::optional<Span> find(std::string_view text, std::size_t from, bool anchored) {
    const std::size_t accept = tokens_.size();
    ThreadList* current = &first_;
    ThreadList* next = &second_;
    current->reset();
    std::optional<Span> match;
    std::size_t position = from;
    for (;;) {
      if (!match && (!anchored || position == from)) add(*current, 0, position);
      if (current->threads.empty()) break;
      char32_t rune = kEndOfInput;
      std::size_t width = 0;
      if (position < text.size()) {
        const DecodedRune decoded = decode_rune(text, position);
        rune = decoded.code;
        width = decoded.width;
      }
      if (!budget_.spend(current->threads.size())) return std::nullopt;
      next->reset();
      for (const Thread& thread : current->threads) {
        if (thread.state == accept) {
          match = Span{thread.start, position};
          break;  // leftmost-first: lower-priority threads are dropped
        }
        if (rune == kEndOfInput) continue;
        const GlobToken& token = tokens_[thread.state];
        const bool consumed = token.kind == GlobToken::Kind::rune ? rune == token.rune : rune != '\n';
        if (consumed) add(*next, token.kind == GlobToken::Kind::any_run ? thread.state : thread.state + 1, thread.start);
      }
      if (rune == kEndOfInput) break;
      std::swap(current, next);
      position += width;
    }
    return match;
  }

 private:
  bool is_run(std::size_t state) const {
    return state < tokens_.size() && tokens_[state].kind == GlobToken::Kind::any_run;
  }

  // Adds `state` and what it reaches without input, in priority order. A run of `*` reaches the following
  // states; a greedy `*` prefers to consume, a lazy one to move on. Iterative, so a long run of stars
  // cannot exhaust the stack.
  void add(ThreadList& list, std::size_t state, std::size_t start) {
    std::size_t s = state;
    if (greedy_) {
      for (; is_run(s); ++s) {
        if (list.has(s)) return;
        list.mark(s);
        list.threads.push_back({s, start});
      }
      if (list.has(s)) return;
      list.mark(s);
      list.threads.push_back({s, start});
      return;
    }
    for (; is_run(s) && !list.has(s); ++s) list.mark(s);
    if (!is_run(s) && !list.has(s)) {
      list.mark(s);
      list.threads.push_back({s, start});
    }
    for (std::size_t run = s; run > state; --run) list.threads.push_back({run - 1, start});
  }

  const std::vector<GlobToken>& tokens_;
  bool greedy_;
  Budget& budget_;
  ThreadList& first_;
  ThreadList& second_;
};

// BuildKit's reversePattern: reverses the runes but keeps each `\x` pair in order.
std::string reverse_pattern(std::string_view pattern) {
  const std::u32string runes = decode_all(pattern);
  std::u32string reversed(runes.size(), U'\0');
  const std::size_t count = runes.size();
  for (std::size_t i = 0; i < count;) {
    const std::size_t out = count - 1 - i;
    if (runes[i] == '\\' && i + 1 < count) {
      reversed[out - 1] = runes[i];
      reversed[out] = runes[i + 1];
      i += 2;
    } else {
      reversed[out] = runes[i];
      ++i;
    }
  }
  return encode_all(reversed);
}

std::string reverse_string(std::string_view text) {
  std::u32string runes = decode_all(text);
  std::reverse(runes.begin(), runes.end());
  return encode_all(runes);
}

// Go's regexp `extract`: the group name after a `$` in a replacement template ("name" or "{name}").
struct TemplateName {
  bool valid = false;
  std::string_view name;
  std::size_t end = 0;
};

TemplateName extract_template_name(std::string_view text, std::size_t pos) {
  const bool brace = pos < text.size() && text[pos] == '{';
  const std::size_t name_begin = brace ? pos + 1 : pos;
  std::size_t end = name_begin;
  while (end < text.size()) {
    const DecodedRune rune = decode_rune(text, end);
    if (!is_letter(rune.code) && !is_digit(rune.code) && rune.code != '_') break;
    end += rune.width;
  }
  if (end == name_begin) return {};
  const std::string_view name = text.substr(name_begin, end - name_begin);
  if (brace) {
    if (end >= text.size() || text[end] != '}') return {};
    ++end;
  }
  return {true, name, end};
}

// Go's Regexp.expand for a regex without groups: `$$` is `$`, `$0`/`${0}` the match, any other valid name
// nothing, and a `$` not followed by a name stays.
void append_template(std::string& out, std::string_view replacement, std::string_view match) {
  std::size_t pos = 0;
  for (;;) {
    const std::size_t dollar = replacement.find('$', pos);
    if (dollar == std::string_view::npos) {
      out.append(replacement.substr(pos));
      return;
    }
    out.append(replacement.substr(pos, dollar - pos));
    pos = dollar + 1;
    if (pos < replacement.size() && replacement[pos] == '$') {
      out.push_back('$');
      ++pos;
      continue;
    }
    const TemplateName name = extract_template_name(replacement, pos);
    if (!name.valid) {
      out.push_back('$');
      continue;
    }
    pos = name.end;
    if (name.name == "0") out.append(match);
  }
}

// Splits expanded text into words as BuildKit's wordsStruct does.
class WordSplitter {
 public:
  std::size_t word_index() const { return words_.size(); }

  void add_char(char32_t c) {
    if (!is_space(c)) {
      add_raw_char(c);
    } else if (in_word_ && !current_.text.empty()) {
      flush();
    }
  }
  void add_raw_char(char32_t c) {
    append_utf8(current_.text, c);
    in_word_ = true;
  }
  void add_raw(std::string_view text) {
    current_.text += text;
    in_word_ = true;
  }
  void add_raw(const Piece& piece) {
    current_.append(piece);
    in_word_ = true;
  }
  void add_unknown(std::string_view spelling) {
    current_.append_unknown(spelling);
    in_word_ = true;
  }
  void add_split(std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();) {
      const DecodedRune rune = decode_rune(text, pos);
      add_char(rune.code);
      pos += rune.width;
    }
  }
  // Whitespace in known text splits; an unknown spelling stays whole.
  void add_split(const Piece& piece) {
    const std::string_view text = piece.text;
    std::size_t pos = 0;
    for (const auto& [begin, end] : piece.unknown) {
      add_split(text.substr(pos, begin - pos));
      add_unknown(text.substr(begin, end - begin));
      pos = end;
    }
    add_split(text.substr(pos));
  }
  // BuildKit (lex.go since its words buffer became shared) empties the word being built whenever a ${...}
  // operand starts; the word stays "started".
  void drop_partial_word() {
    current_.text.clear();
    current_.unknown.clear();
  }
  void finish() {
    if (!current_.text.empty()) flush();
  }
  std::vector<Piece>& words() { return words_; }

 private:
  void flush() {
    words_.push_back(std::move(current_));
    current_ = Piece();
    in_word_ = false;
  }

  std::vector<Piece> words_;
  Piece current_;
  bool in_word_ = false;
};

// ---- the expander: BuildKit's shellWord, with an explicit stack instead of recursion ----

class Expander {
 public:
  Expander(std::string_view input, const VariableLookup& lookup, char escape, bool split_words)
      : input_(input),
        lookup_(lookup),
        escape_(static_cast<unsigned char>(escape)),
        split_words_(split_words),
        scanner_(input),
        budget_(kWorkBudget + input.size()) {}

  bool run();

  const std::string& error() const { return error_; }
  Piece& result() { return frames_.front().out; }
  std::vector<Piece>& words() { return splitter_.words(); }
  std::vector<std::string> referenced() const;
  std::vector<std::string> unset() const;
  // Distributes the names over the words (see expand_words).
  void attribute_names(std::vector<Expansion>& words) const;

 private:
  enum class FrameKind : std::uint8_t { word, double_quoted, substitution };
  enum class Operation : std::uint8_t {
    use_default,      // -   :-
    use_alternative,  // +   :+
    require,          // ?   :?
    trim_prefix,      // #   ##
    trim_suffix,      // %   %%
    replace,          // /   //
    unsupported,      // :=  :x ...
  };

  // A word frame is BuildKit's processStopOn: the top level (stop = end of input) or the operand of a
  // ${...} (stop = '}' or '/'). A substitution frame is a ${name<modifier>...} waiting for its operands.
  struct Frame {
    FrameKind kind = FrameKind::word;
    char32_t stop = kEndOfInput;
    bool raw_escapes = false;  // keep escape characters in the text (pattern operands)
    Piece out;                 // the text so far; for a '/' substitution, its pattern once read

    std::size_t begin = 0;  // substitution: offset of its '$'
    std::size_t name = kNoName;
    Operation operation = Operation::unsupported;
    std::string op;  // the modifier as written, for messages (":=")
    bool null_is_unset = false;
    bool replace_all = false;
    bool has_pattern = true;  // false while a replacement's pattern is being read
  };

  struct Name {
    std::string_view text;
    bool unset = false;
  };

  // The variable a substitution applies to.
  struct Subject {
    bool set = false;
    bool unknown = false;
    bool missing = false;  // unset, or empty under a ':' modifier
    std::string_view value;
  };
  // What a substitution yields.
  enum class Outcome : std::uint8_t { value, operand, computed, unknown, nothing, failed };

  void step_word();
  void step_double_quoted();
  void single_quote();
  void begin_dollar();
  std::string_view read_name();
  static Frame make_substitution(std::size_t begin, std::size_t name, Operation operation, std::string op,
                                 bool null_is_unset);
  void push_operand(char32_t stop, bool raw_escapes);
  void finish_operand();
  void complete_substitution(Piece& operand);
  Outcome require(const Subject& subject, const Piece& operand);
  Outcome trim(const Subject& subject, const Piece& operand, std::string& computed);
  Outcome replace(const Subject& subject, const Piece& replacement, std::string& computed);
  void fail(std::string message);

  std::size_t note_reference(std::string_view name);
  std::optional<VariableValue> look_up(std::size_t name);
  void emit_lookup(std::size_t name, std::size_t begin);

  bool splitting() const { return split_words_ && frames_.size() == 1; }
  Piece& out() { return frames_.back().out; }
  bool charge(std::size_t units);
  void emit_char(char32_t c, bool escaped);
  void emit_quoted(std::string_view text);
  void emit_quoted(const Piece& piece);
  void emit_value(std::string_view value);
  void emit_unknown(std::string_view spelling);
  void emit_expansion(const Piece& piece);

  bool compile_pattern(std::string_view pattern);
  std::optional<Span> find(std::string_view text, bool anchored, bool greedy);
  bool replace_all(std::string_view value, std::string_view replacement, std::string& out);

  std::string_view input_;
  const VariableLookup& lookup_;
  char32_t escape_;
  bool split_words_;
  Scanner scanner_;
  Budget budget_;
  std::vector<Frame> frames_;
  WordSplitter splitter_;
  std::string quote_buffer_;
  std::vector<GlobToken> pattern_;
  MatchScratch match_scratch_;
  std::vector<Name> names_;
  std::unordered_map<std::string_view, std::size_t> name_index_;  // filled once names_ grows
  std::vector<std::pair<std::size_t, std::size_t>> uses_;  // (name, word index) when splitting words
  std::string error_;
  bool finished_ = false;
};

bool Expander::run() {
  frames_.reserve(4);
  frames_.emplace_back();
  while (!finished_ && error_.empty()) {
    switch (frames_.back().kind) {
      case FrameKind::word:
        step_word();
        break;
      case FrameKind::double_quoted:
        step_double_quoted();
        break;
      case FrameKind::substitution:  // never on top: its operand frame sits above it until it completes
        error_ = "internal error: substitution without operand";
        break;
    }
  }
  if (error_.empty() && split_words_) splitter_.finish();
  return error_.empty();
}

void Expander::step_word() {
  const char32_t c = scanner_.peek();
  const Frame& frame = frames_.back();
  if (c == kEndOfInput) {
    if (frame.stop == kEndOfInput) {
      finished_ = true;
    } else {
      fail("unexpected end of statement while looking for matching " + utf8(frame.stop));
    }
    return;
  }
  if (c == frame.stop) {
    scanner_.next();
    finish_operand();
    return;
  }
  if (c == '$') {
    begin_dollar();
    return;
  }
  if (c == '\'') {
    single_quote();
    return;
  }
  if (c == '"') {
    scanner_.next();
    Frame quoted;
    quoted.kind = FrameKind::double_quoted;
    quoted.raw_escapes = frame.raw_escapes;
    frames_.push_back(std::move(quoted));
    return;
  }
  char32_t ch = scanner_.next();
  if (ch != escape_) {
    emit_char(ch, false);
    return;
  }
  if (frame.raw_escapes) emit_char(ch, true);
  ch = scanner_.next();
  if (ch != kEndOfInput) emit_char(ch, true);  // a trailing escape character is dropped
}

void Expander::step_double_quoted() {
  const char32_t c = scanner_.peek();
  if (c == kEndOfInput) {
    fail("unexpected end of statement while looking for matching double-quote");
    return;
  }
  if (c == '"') {
    scanner_.next();
    const Piece quoted = std::move(frames_.back().out);
    frames_.pop_back();
    emit_quoted(quoted);
    return;
  }
  if (c == '$') {
    begin_dollar();
    return;
  }
  Frame& frame = frames_.back();
  char32_t ch = scanner_.next();
  if (ch == escape_) {
    // Inside double quotes the escape character escapes only `"`, `$` and itself; otherwise it stays.
    if (frame.raw_escapes) append_utf8(frame.out.text, ch);
    const char32_t escaped = scanner_.peek();
    if (escaped == kEndOfInput) return;
    if (escaped == '"' || escaped == '$' || escaped == escape_) ch = scanner_.next();
  }
  append_utf8(frame.out.text, ch);
}

void Expander::single_quote() {
  scanner_.next();
  quote_buffer_.clear();
  for (;;) {
    const char32_t c = scanner_.next();
    if (c == kEndOfInput) {
      fail("unexpected end of statement while looking for matching single-quote");
      return;
    }
    if (c == '\'') break;
    append_utf8(quote_buffer_, c);
  }
  emit_quoted(quote_buffer_);
}

// BuildKit's processName. Names are made of valid runes, so the name is a slice of the input.
std::string_view Expander::read_name() {
  const std::size_t begin = scanner_.offset();
  const char32_t first = scanner_.peek();
  if (is_digit(first)) {
    while (is_digit(scanner_.peek())) scanner_.next();
  } else if (is_special_parameter(first)) {
    scanner_.next();
  } else {
    for (char32_t c = scanner_.peek(); is_letter(c) || is_digit(c) || c == '_'; c = scanner_.peek()) scanner_.next();
  }
  return input_.substr(begin, scanner_.offset() - begin);
}

// BuildKit's processDollar, up to the point where operands are read.
void Expander::begin_dollar() {
  const std::size_t begin = scanner_.offset();
  scanner_.next();
  if (scanner_.peek() != '{') {
    const std::string_view name = read_name();
    if (name.empty()) {
      emit_value("$");
      return;
    }
    emit_lookup(note_reference(name), begin);
    return;
  }
  scanner_.next();
  const char32_t first = scanner_.peek();
  if (first == kEndOfInput) {
    fail("syntax error: missing '}'");
    return;
  }
  if (first == '{' || first == '}' || first == ':') {
    fail("syntax error: bad substitution");
    return;
  }
  const std::size_t name = note_reference(read_name());
  char32_t modifier = scanner_.next();
  std::string op = utf8(modifier);
  bool null_is_unset = false;
  switch (modifier) {
    case '}':
      emit_lookup(name, begin);
      return;
    case '/': {
      Frame substitution = make_substitution(begin, name, Operation::replace, std::move(op), false);
      substitution.replace_all = scanner_.peek() == '/';
      if (substitution.replace_all) scanner_.next();
      substitution.has_pattern = false;
      frames_.push_back(std::move(substitution));
      push_operand('/', true);
      return;
    }
    case ':':
      null_is_unset = true;
      modifier = scanner_.next();
      op += utf8(modifier);
      break;
    case '+': case '-': case '?': case '#': case '%':
      break;
    default:
      fail("unsupported modifier (" + op + ") in substitution");
      return;
  }
  // After ':' any character leads here (BuildKit falls through); the unsupported ones are rejected only
  // once their operand has been read, as BuildKit does.
  const bool pattern = modifier == '#' || modifier == '%';
  if (null_is_unset && pattern) {
    fail("unsupported modifier (" + op + ") in substitution");
    return;
  }
  Operation operation = Operation::unsupported;
  switch (modifier) {
    case '-': operation = Operation::use_default; break;
    case '+': operation = Operation::use_alternative; break;
    case '?': operation = Operation::require; break;
    case '#': operation = Operation::trim_prefix; break;
    case '%': operation = Operation::trim_suffix; break;
    default: break;
  }
  frames_.push_back(make_substitution(begin, name, operation, std::move(op), null_is_unset));
  push_operand('}', pattern);
}

Expander::Frame Expander::make_substitution(std::size_t begin, std::size_t name, Operation operation,
                                            std::string op, bool null_is_unset) {
  Frame substitution;
  substitution.kind = FrameKind::substitution;
  substitution.begin = begin;
  substitution.name = name;
  substitution.operation = operation;
  substitution.op = std::move(op);
  substitution.null_is_unset = null_is_unset;
  return substitution;
}

void Expander::push_operand(char32_t stop, bool raw_escapes) {
  if (split_words_) splitter_.drop_partial_word();
  Frame operand;
  operand.stop = stop;
  operand.raw_escapes = raw_escapes;
  frames_.push_back(std::move(operand));
}

void Expander::finish_operand() {
  Piece operand = std::move(frames_.back().out);
  frames_.pop_back();
  Frame& substitution = frames_.back();
  if (!substitution.has_pattern) {
    substitution.out = std::move(operand);
    substitution.has_pattern = true;
    push_operand('}', true);
    return;
  }
  complete_substitution(operand);
}

// The rest of BuildKit's processDollar, once the operands are read; unknown values as expand.h describes.
void Expander::complete_substitution(Piece& operand) {
  // The substitution frame stays on the stack until the result is emitted (fail() relies on it).
  const Frame& substitution = frames_.back();
  const std::optional<VariableValue> variable = look_up(substitution.name);
  Subject subject;
  subject.set = variable.has_value();
  subject.unknown = subject.set && !variable->known;
  if (subject.set) subject.value = variable->value;
  subject.missing = !subject.set || (substitution.null_is_unset && subject.value.empty());

  std::string computed;
  Outcome outcome = Outcome::failed;
  switch (substitution.operation) {
    case Operation::use_default:
      outcome = subject.unknown ? Outcome::unknown : subject.missing ? Outcome::operand : Outcome::value;
      break;
    case Operation::use_alternative:
      outcome = subject.unknown ? Outcome::unknown : subject.missing ? Outcome::nothing : Outcome::operand;
      break;
    case Operation::require:
      outcome = require(subject, operand);
      break;
    case Operation::trim_prefix:
    case Operation::trim_suffix:
      outcome = trim(subject, operand, computed);
      break;
    case Operation::replace:
      outcome = replace(subject, operand, computed);
      break;
    case Operation::unsupported:
      fail("unsupported modifier (" + substitution.op + ") in substitution");
      break;
  }
  if (outcome == Outcome::failed || !error_.empty()) return;

  const std::string_view spelling = input_.substr(substitution.begin, scanner_.offset() - substitution.begin);
  frames_.pop_back();
  switch (outcome) {
    case Outcome::value:
      emit_value(subject.value);
      break;
    case Outcome::operand:
      emit_expansion(operand);
      break;
    case Outcome::computed:
      emit_value(computed);
      break;
    case Outcome::unknown:
      emit_unknown(spelling);
      break;
    case Outcome::nothing:
    case Outcome::failed:
      break;
  }
}

// ${v?message} and ${v:?message}.
Expander::Outcome Expander::require(const Subject& subject, const Piece& operand) {
  if (subject.unknown) return Outcome::unknown;  // it may well be set at build time
  if (!subject.missing) return Outcome::value;
  const Frame& substitution = frames_.back();
  const std::string_view name = substitution.name == kNoName ? std::string_view() : names_[substitution.name].text;
  const char* reason = subject.set ? "is not allowed to be empty" : "is not allowed to be unset";
  fail(std::string(name) + ": " + (operand.text.empty() ? std::string(reason) : operand.text));
  return Outcome::failed;
}

// ${v#p} ${v##p} ${v%p} ${v%%p}. A known pattern is checked even when the value is unknown.
Expander::Outcome Expander::trim(const Subject& subject, const Piece& operand, std::string& computed) {
  if (!operand.unknown.empty()) return Outcome::unknown;
  const bool prefix = frames_.back().operation == Operation::trim_prefix;
  std::string_view pattern = operand.text;
  // `##` and `%%` remove the longest match, `#` and `%` the shortest.
  const bool greedy = !pattern.empty() && pattern.front() == (prefix ? '#' : '%');
  if (greedy) pattern.remove_prefix(1);
  // A suffix is trimmed by matching the reversed pattern against the reversed value, as BuildKit does (which
  // also turns invalid UTF-8 in the value into U+FFFD).
  if (!compile_pattern(prefix ? std::string(pattern) : reverse_pattern(pattern))) return Outcome::failed;
  if (subject.unknown) return Outcome::unknown;
  if (prefix) {
    const std::optional<Span> match = find(subject.value, true, greedy);
    if (!match) return Outcome::value;
    computed.assign(subject.value.substr(match->second));
    return Outcome::computed;
  }
  const std::string reversed = reverse_string(subject.value);
  const std::optional<Span> match = find(reversed, true, greedy);
  computed = reverse_string(match ? std::string_view(reversed).substr(match->second) : std::string_view(reversed));
  return Outcome::computed;
}

// ${v/p/r} ${v//p/r}. A known pattern is checked even when the value is unknown.
Expander::Outcome Expander::replace(const Subject& subject, const Piece& replacement, std::string& computed) {
  const Frame& substitution = frames_.back();
  const Piece& pattern = substitution.out;
  if (!pattern.unknown.empty()) return Outcome::unknown;
  if (!compile_pattern(pattern.text)) return Outcome::failed;
  if (subject.unknown) return Outcome::unknown;
  if (!replacement.unknown.empty()) {
    // Only a match brings the unknown replacement into the result.
    return find(subject.value, false, true) ? Outcome::unknown : Outcome::value;
  }
  if (substitution.replace_all) {
    return replace_all(subject.value, replacement.text, computed) ? Outcome::computed : Outcome::failed;
  }
  const std::optional<Span> match = find(subject.value, false, true);
  if (!match) return Outcome::value;
  const std::string_view value = subject.value;
  computed.reserve(value.size() + replacement.text.size());
  computed.append(value.substr(0, match->first)).append(replacement.text).append(value.substr(match->second));
  return Outcome::computed;
}

void Expander::fail(std::string message) {
  if (!error_.empty()) return;
  if (scanner_.peek() == kEndOfInput) {
    // BuildKit reports a missing terminator for every ${...} whose operand ran into the end of the input;
    // the outermost one has the last word. The frame on top (if a substitution) failed itself, not its operand.
    for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
      const Frame& frame = frames_[i];
      if (frame.kind != FrameKind::substitution) continue;
      message = frame.has_pattern ? "syntax error: missing '}'" : "syntax error: missing '/' in ${}";
      break;
    }
  }
  error_ = std::move(message);
}

std::size_t Expander::note_reference(std::string_view name) {
  if (name.empty()) return kNoName;  // `${:-x}`-like forms never reach a lookup with a name
  constexpr std::size_t kLinearSearchLimit = 16;
  std::size_t index = kNoName;
  if (name_index_.empty()) {
    for (std::size_t i = 0; i < names_.size(); ++i) {
      if (names_[i].text == name) {
        index = i;
        break;
      }
    }
  } else if (const auto found = name_index_.find(name); found != name_index_.end()) {
    index = found->second;
  }
  if (index == kNoName) {
    index = names_.size();
    names_.push_back({name, false});
    if (!name_index_.empty()) {
      name_index_.emplace(name, index);
    } else if (names_.size() > kLinearSearchLimit) {
      for (std::size_t i = 0; i < names_.size(); ++i) name_index_.emplace(names_[i].text, i);
    }
  }
  if (split_words_) uses_.emplace_back(index, splitter_.word_index());
  return index;
}

std::optional<VariableValue> Expander::look_up(std::size_t name) {
  std::optional<VariableValue> value;
  if (name != kNoName && lookup_) value = lookup_(names_[name].text);
  if (!value && name != kNoName) names_[name].unset = true;
  return value;
}

void Expander::emit_lookup(std::size_t name, std::size_t begin) {
  const std::optional<VariableValue> value = look_up(name);
  if (!value) return;
  if (!value->known) {
    emit_unknown(input_.substr(begin, scanner_.offset() - begin));
  } else {
    emit_value(value->value);
  }
}

bool Expander::charge(std::size_t units) {
  if (budget_.spend(units)) return true;
  if (error_.empty()) error_ = kTooLarge;
  return false;
}

// What BuildKit writes for a plain or escaped character: words split on plain whitespace only.
void Expander::emit_char(char32_t c, bool escaped) {
  if (!splitting()) {
    append_utf8(out().text, c);
  } else if (escaped) {
    splitter_.add_raw_char(c);
  } else {
    splitter_.add_char(c);
  }
}

void Expander::emit_quoted(std::string_view text) {
  if (splitting()) {
    splitter_.add_raw(text);
  } else {
    out().text += text;
  }
}

void Expander::emit_quoted(const Piece& piece) {
  if (!charge(piece.text.size())) return;
  if (splitting()) {
    splitter_.add_raw(piece);
  } else {
    out().append(piece);
  }
}

void Expander::emit_value(std::string_view value) {
  if (!charge(value.size())) return;
  if (splitting()) {
    splitter_.add_split(value);
  } else {
    out().text += value;
  }
}

void Expander::emit_unknown(std::string_view spelling) {
  if (!charge(spelling.size())) return;
  if (splitting()) {
    splitter_.add_unknown(spelling);
  } else {
    out().append_unknown(spelling);
  }
}

void Expander::emit_expansion(const Piece& piece) {
  if (!charge(piece.text.size())) return;
  if (splitting()) {
    splitter_.add_split(piece);
  } else {
    out().append(piece);
  }
}

bool Expander::compile_pattern(std::string_view pattern) {
  std::string reason;
  if (compile_glob(pattern, pattern_, reason)) return true;
  fail("invalid pattern (" + std::string(pattern) + ") in substitution: " + reason);
  return false;
}

// Searches the compiled pattern; sets the error when the budget runs out.
std::optional<Span> Expander::find(std::string_view text, bool anchored, bool greedy) {
  GlobMatcher matcher(pattern_, greedy, budget_, match_scratch_);
  std::optional<Span> match = matcher.find(text, 0, anchored);
  if (budget_.exhausted() && error_.empty()) error_ = kTooLarge;
  return match;
}

// Go's Regexp.ReplaceAllString with the compiled pattern (greedy): an empty match right after a match is
// not replaced, and the search always advances.
bool Expander::replace_all(std::string_view value, std::string_view replacement, std::string& out) {
  GlobMatcher matcher(pattern_, true, budget_, match_scratch_);
  std::size_t last_end = 0;
  std::size_t search = 0;
  while (search <= value.size()) {
    const std::optional<Span> match = matcher.find(value, search, false);
    if (budget_.exhausted()) break;
    if (!match) break;
    const std::size_t before = out.size();
    out.append(value.substr(last_end, match->first - last_end));
    if (match->second > last_end || match->first == 0) {
      append_template(out, replacement, value.substr(match->first, match->second - match->first));
    }
    if (!budget_.spend(out.size() - before + 1)) break;
    last_end = match->second;
    const std::size_t width = search < value.size() ? decode_rune(value, search).width : 0;
    if (search + width > match->second) {
      search += width;
    } else if (search + 1 > match->second) {
      ++search;
    } else {
      search = match->second;
    }
  }
  if (budget_.exhausted()) {
    if (error_.empty()) error_ = kTooLarge;
    return false;
  }
  out.append(value.substr(last_end));
  return true;
}

std::vector<std::string> Expander::referenced() const {
  std::vector<std::string> names;
  names.reserve(names_.size());
  for (const Name& name : names_) names.emplace_back(name.text);
  return names;
}

std::vector<std::string> Expander::unset() const {
  std::vector<std::string> names;
  for (const Name& name : names_) {
    if (name.unset) names.emplace_back(name.text);
  }
  return names;
}

void Expander::attribute_names(std::vector<Expansion>& words) const {
  if (words.empty()) return;
  // Word indexes never decrease along uses_, so "already listed in this word" is one comparison.
  std::vector<std::size_t> listed_in(names_.size(), kNoName);
  for (const auto& [name, word_index] : uses_) {
    const std::size_t target = std::min(word_index, words.size() - 1);
    if (listed_in[name] == target) continue;
    listed_in[name] = target;
    words[target].referenced.emplace_back(names_[name].text);
    if (names_[name].unset) words[target].unset.emplace_back(names_[name].text);
  }
}

// True when expansion cannot change the word: nothing to expand, unquote or unescape, and no byte that Go's
// scanner would rewrite (invalid UTF-8, a leading byte order mark).
bool is_literal(std::string_view word, char32_t escape) {
  for (std::size_t pos = 0; pos < word.size();) {
    const auto byte = static_cast<unsigned char>(word[pos]);
    if (byte < 0x80) {
      if (byte == '$' || byte == '\'' || byte == '"' || byte == escape) return false;
      ++pos;
      continue;
    }
    const DecodedRune rune = decode_rune(word, pos);
    if (rune.width == 1 || rune.code == escape || (pos == 0 && rune.code == kByteOrderMark)) return false;
    pos += rune.width;
  }
  return true;
}

}  // namespace

Expansion expand_word(std::string_view word, const VariableLookup& lookup, char escape) {
  Expansion result;
  if (is_literal(word, static_cast<unsigned char>(escape))) {
    result.text.assign(word);
    return result;
  }
  Expander expander(word, lookup, escape, false);
  const bool ok = expander.run();
  result.referenced = expander.referenced();
  result.unset = expander.unset();
  if (!ok) {
    result.error = expander.error();
    return result;
  }
  Piece& piece = expander.result();
  result.text = std::move(piece.text);
  result.unknown_spans = std::move(piece.unknown);
  result.known = result.unknown_spans.empty();
  return result;
}

std::vector<Expansion> expand_words(std::string_view text, const VariableLookup& lookup, char escape) {
  Expander expander(text, lookup, escape, true);
  std::vector<Expansion> words;
  if (!expander.run()) {
    Expansion failure;
    failure.error = expander.error();
    failure.referenced = expander.referenced();
    failure.unset = expander.unset();
    words.push_back(std::move(failure));
    return words;
  }
  std::vector<Piece>& pieces = expander.words();
  words.reserve(pieces.size());
  for (Piece& piece : pieces) {
    Expansion word;
    word.text = std::move(piece.text);
    word.unknown_spans = std::move(piece.unknown);
    word.known = word.unknown_spans.empty();
    words.push_back(std::move(word));
  }
  expander.attribute_names(words);
  return words;
}

}  // namespace shipshape::dockerfile
