/* Answers by question type: the answer forms of docs/form-language.md turned into values, with
 * their normalized text, and the rules for identifiers (bsn 11-test, IBAN mod 97 with a length
 * per country, ISO 3166-1 codes, Dutch postcodes). Then minlength/maxlength in characters and the
 * designer's pattern. Decisions where the language reference is silent: docs/check-output.md.
 */
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

#include "model/answer.h"
#include "model/pattern.h"

/* ---- small helpers ---- */

static bool is_xml_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool is_alpha(char c)
{
    return is_upper(c) || (c >= 'a' && c <= 'z');
}

static char to_upper(char c)
{
    return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

void helder_trim(const char **text, size_t *len)
{
    while (*len > 0 && is_xml_space((*text)[0])) {
        (*text)++;
        (*len)--;
    }
    while (*len > 0 && is_xml_space((*text)[*len - 1]))
        (*len)--;
}

static helder_parse_outcome outcome(helder_check_msg msg)
{
    helder_parse_outcome result = {msg, 0, 0};
    return result;
}

static void set_string(helder_typed *out, const char *text, size_t len)
{
    out->value.kind = HELDER_VALUE_STRING;
    out->value.u.string.text = text;
    out->value.u.string.len = len;
    out->norm = text;
    out->norm_len = len;
}

/* ---- numbers ---- */

#define MAX_DIGITS 15 /* digits of an integer, and before a decimal point */

static const double powers_of_ten[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

/* The nearest double to a decimal numeral already checked and without leading zeros. With at
 * most 15 digits in all, numerator and power of ten are exact in a double and one division
 * rounds correctly; longer numerals go to strtod, with the point swapped for the C library's
 * current one, so that a program that sets LC_NUMERIC to a decimal-comma locale still reads
 * them right. */
static double decimal_value(const char *text, size_t len, helder_arena *arena)
{
    uint64_t numerator = 0;
    size_t digits = 0, fraction = 0;
    bool negative = len > 0 && text[0] == '-', in_fraction = false;
    for (size_t i = negative; i < len; i++) {
        if (text[i] == '.') {
            in_fraction = true;
            continue;
        }
        numerator = numerator * 10 + (uint64_t)(text[i] - '0');
        digits++;
        fraction += in_fraction;
    }
    if (digits <= 15) {
        double value = (double)numerator / powers_of_ten[fraction];
        return negative ? -value : value;
    }
    const char *point = nl_langinfo(RADIXCHAR);
    size_t point_len = point && *point ? strlen(point) : 1;
    char *copy = helder_arena_alloc(arena, len + point_len + 1);
    size_t used = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '.' && point && *point) {
            memcpy(copy + used, point, point_len);
            used += point_len;
        } else {
            copy[used++] = text[i];
        }
    }
    copy[used] = '\0';
    return strtod(copy, NULL);
}

/* -?[0-9]{1,15} (integer) or -?[0-9]+(\.[0-9]+)? with at most 15 digits before the point
 * (decimal). Normalized: no leading zeros (one 0 is kept before a point), no minus on zero, the
 * fraction as written. */
static bool parse_number(helder_typed *out, const char *text, size_t len, bool decimal,
                         helder_arena *arena)
{
    size_t at = 0, int_start, int_end, frac_start = 0, frac_end = 0;
    bool negative = false, zero = true;
    if (at < len && text[at] == '-') {
        negative = true;
        at++;
    }
    int_start = at;
    while (at < len && is_digit(text[at]))
        at++;
    int_end = at;
    if (int_end == int_start || int_end - int_start > MAX_DIGITS)
        return false;
    if (decimal && at < len && text[at] == '.') {
        frac_start = ++at;
        while (at < len && is_digit(text[at]))
            at++;
        frac_end = at;
        if (frac_end == frac_start)
            return false;
    }
    if (at != len)
        return false;
    for (size_t i = int_start; i < frac_end || i < int_end; i++)
        if (is_digit(text[i]) && text[i] != '0')
            zero = false;
    while (int_start + 1 < int_end && text[int_start] == '0')
        int_start++;

    size_t int_digits = int_end - int_start, frac_digits = frac_end - frac_start;
    size_t norm_len = (negative && !zero) + int_digits + (frac_digits ? frac_digits + 1 : 0);
    char *norm = helder_arena_alloc(arena, norm_len + 1);
    size_t used = 0;
    if (negative && !zero)
        norm[used++] = '-';
    memcpy(norm + used, text + int_start, int_digits);
    used += int_digits;
    if (frac_digits) {
        norm[used++] = '.';
        memcpy(norm + used, text + frac_start, frac_digits);
        used += frac_digits;
    }
    norm[used] = '\0';
    out->value.kind = HELDER_VALUE_NUMBER;
    out->value.u.number = zero ? 0.0 : decimal_value(norm, used, arena);
    out->norm = norm;
    out->norm_len = used;
    return true;
}

/* ---- identifiers ---- */

bool helder_bsn_valid(const char *digits, size_t len)
{
    long sum = 0;
    bool all_zero = true;
    if (len != 9)
        return false;
    for (size_t i = 0; i < 9; i++) {
        if (!is_digit(digits[i]))
            return false;
        int digit = digits[i] - '0';
        all_zero = all_zero && digit == 0;
        sum += i < 8 ? (long)(9 - i) * digit : -digit;
    }
    return !all_zero && sum % 11 == 0;
}

/* ISO 3166-1 alpha-2: the 249 assigned codes (as in Debian's iso-codes), plus XK for Kosovo,
 * a user-assigned code that the EU and Dutch registers use. Sorted, for binary search. */
static const char countries[][3] = {
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW",
};

bool helder_country_valid(const char *code, size_t len)
{
    size_t low = 0, high = sizeof countries / sizeof countries[0];
    if (len != 2)
        return false;
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        int order = memcmp(countries[mid], code, 2);
        if (order == 0)
            return true;
        if (order < 0)
            low = mid + 1;
        else
            high = mid;
    }
    return false;
}

/* IBAN lengths by country, from the SWIFT IBAN registry (release 98, 2024). Sorted. */
static const struct {
    char country[3];
    unsigned char length;
} iban_lengths[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22},
    {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24},
    {"DE", 22}, {"DJ", 27}, {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18},
    {"FK", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27},
    {"GT", 28}, {"HN", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26},
    {"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20},
    {"LU", 20}, {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MN", 20},
    {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24},
    {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24},
    {"SC", 31}, {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25},
    {"SV", 28}, {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20},
    {"YE", 30},
};

static unsigned iban_length(const char *country)
{
    size_t low = 0, high = sizeof iban_lengths / sizeof iban_lengths[0];
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        int order = memcmp(iban_lengths[mid].country, country, 2);
        if (order == 0)
            return iban_lengths[mid].length;
        if (order < 0)
            low = mid + 1;
        else
            high = mid;
    }
    return 0;
}

bool helder_iban_valid(const char *iban, size_t len)
{
    unsigned remainder = 0, fixed;
    if (len < 15 || len > 34 || !is_upper(iban[0]) || !is_upper(iban[1]) || !is_digit(iban[2]) ||
        !is_digit(iban[3]))
        return false;
    /* The registry fixes the length for the countries it lists; any other country code gets
     * the general form, 15 to 34 characters. */
    fixed = iban_length(iban);
    if (fixed && fixed != len)
        return false;
    for (size_t i = 4; i < len; i++)
        if (!is_digit(iban[i]) && !is_upper(iban[i]))
            return false;
    /* Mod 97 of the account part, then country and check digits, letters as 10..35. */
    for (size_t n = 0; n < len; n++) {
        char c = iban[(n + 4) % len];
        if (is_digit(c))
            remainder = (remainder * 10 + (unsigned)(c - '0')) % 97;
        else
            remainder = (remainder * 100 + (unsigned)(c - 'A' + 10)) % 97;
    }
    return remainder == 1;
}

/* Letters upper case and the given separators removed, into the arena. */
static char *compact(helder_arena *arena, const char *text, size_t len, const char *drop,
                     size_t *out_len)
{
    char *copy = helder_arena_alloc(arena, len + 1);
    size_t used = 0;
    for (size_t i = 0; i < len; i++)
        if (!(text[i] && strchr(drop, text[i])))
            copy[used++] = to_upper(text[i]);
    copy[used] = '\0';
    *out_len = used;
    return copy;
}

/* [1-9][0-9]{3} ?[A-Z]{2}, letters in either case, not SA, SD or SS; stored as 1234AB. */
static bool parse_postcode(helder_typed *out, const char *text, size_t len, helder_arena *arena)
{
    size_t letters = len == 7 ? 5 : 4;
    if ((len != 6 && len != 7) || (len == 7 && text[4] != ' '))
        return false;
    if (text[0] < '1' || text[0] > '9' || !is_digit(text[1]) || !is_digit(text[2]) ||
        !is_digit(text[3]) || !is_alpha(text[letters]) || !is_alpha(text[letters + 1]))
        return false;
    char *norm = helder_arena_alloc(arena, 7);
    memcpy(norm, text, 4);
    norm[4] = to_upper(text[letters]);
    norm[5] = to_upper(text[letters + 1]);
    norm[6] = '\0';
    if (norm[4] == 'S' && (norm[5] == 'A' || norm[5] == 'D' || norm[5] == 'S'))
        return false;
    set_string(out, norm, 6);
    return true;
}

/* "+" and 8-15 digits, or a Dutch number: 10 digits starting with 0. Single spaces or hyphens
 * may stand between two digits; they are not stored. */
static bool parse_phone(helder_typed *out, const char *text, size_t len, helder_arena *arena)
{
    char *norm = helder_arena_alloc(arena, len + 1);
    size_t used = 0, digits = 0;
    bool plus = len > 0 && text[0] == '+';
    for (size_t i = plus ? 1 : 0; i < len; i++) {
        char c = text[i];
        if (is_digit(c)) {
            digits++;
            norm[used++] = c;
            continue;
        }
        if ((c != ' ' && c != '-') || i == 0 || !is_digit(text[i - 1]) || i + 1 >= len ||
            !is_digit(text[i + 1]))
            return false;
    }
    if (plus) {
        memmove(norm + 1, norm, used);
        norm[0] = '+';
        used++;
    }
    norm[used] = '\0';
    if (plus ? digits < 8 || digits > 15 : digits != 10 || norm[0] != '0')
        return false;
    set_string(out, norm, used);
    return true;
}

/* No spaces or control characters; exactly one @ with something before it; after it a domain
 * that contains a dot, does not start or end with one and has no two in a row. */
static bool email_valid(const char *text, size_t len)
{
    const char *at = memchr(text, '@', len);
    if (!at || at == text)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c <= ' ' || c == 0x7F)
            return false;
    }
    const char *domain = at + 1;
    size_t domain_len = len - (size_t)(domain - text);
    if (domain_len == 0 || memchr(domain, '@', domain_len) || !memchr(domain, '.', domain_len) ||
        domain[0] == '.' || domain[domain_len - 1] == '.')
        return false;
    for (size_t i = 1; i < domain_len; i++)
        if (domain[i] == '.' && domain[i - 1] == '.')
            return false;
    return true;
}

/* A file name as a browser sends it: no directories, no control characters. */
static bool file_name_valid(const char *text, size_t len)
{
    if (len > 255 || (len == 1 && text[0] == '.') || (len == 2 && memcmp(text, "..", 2) == 0))
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x20 || c == 0x7F || c == '/' || c == '\\')
            return false;
    }
    return true;
}

/* ---- choices ---- */

static helder_parse_outcome parse_multichoice(helder_typed *out, const helder_form_index *index,
                                              const helder_node *question, const char *text,
                                              size_t len, helder_arena *arena)
{
    unsigned noptions = question->u.question.noptions;
    unsigned char *chosen = helder_arena_calloc(arena, noptions ? noptions : 1, 1);
    size_t count = 0, at = 0, norm_len = 0;
    while (at < len) {
        while (at < len && is_xml_space(text[at]))
            at++;
        size_t start = at;
        while (at < len && !is_xml_space(text[at]))
            at++;
        if (at == start)
            break;
        int option = helder_index_option(index, question, text + start, at - start);
        if (option < 0)
            return outcome(HELDER_MSG_BAD_CHOICES);
        if (chosen[option])
            return outcome(HELDER_MSG_DUPLICATE_CHOICE);
        chosen[option] = 1;
        count++;
    }
    /* The set in option order, so that the same choices always read the same. */
    helder_str *items = helder_arena_calloc(arena, count ? count : 1, sizeof *items);
    size_t used = 0;
    for (unsigned i = 0; i < noptions; i++) {
        if (!chosen[i])
            continue;
        const char *value = question->u.question.options[i]->u.option.value;
        items[used].text = value;
        items[used].len = strlen(value);
        norm_len += items[used].len + (used > 0);
        used++;
    }
    char *norm = helder_arena_alloc(arena, norm_len + 1);
    size_t pos = 0;
    for (size_t i = 0; i < used; i++) {
        if (i > 0)
            norm[pos++] = ' ';
        memcpy(norm + pos, items[i].text, items[i].len);
        pos += items[i].len;
    }
    norm[pos] = '\0';
    out->value.kind = HELDER_VALUE_SET;
    out->value.u.set.items = items;
    out->value.u.set.count = used;
    out->norm = norm;
    out->norm_len = pos;
    return outcome(HELDER_MSG_NONE);
}

/* ---- one answer ---- */

static helder_parse_outcome parse_type(helder_typed *out, const helder_form_index *index,
                                       const helder_node *question, const char *text, size_t len,
                                       helder_arena *arena)
{
    size_t norm_len;
    char *norm;
    switch (question->u.question.qtype) {
    case HELDER_Q_TEXT:
        if (memchr(text, '\n', len) || memchr(text, '\r', len))
            return outcome(HELDER_MSG_BAD_TEXT);
        set_string(out, text, len);
        break;
    case HELDER_Q_LONGTEXT:
        set_string(out, text, len);
        break;
    case HELDER_Q_INTEGER:
    case HELDER_Q_DECIMAL: {
        bool decimal = question->u.question.qtype == HELDER_Q_DECIMAL;
        if (!parse_number(out, text, len, decimal, arena))
            return outcome(decimal ? HELDER_MSG_BAD_DECIMAL : HELDER_MSG_BAD_INTEGER);
        break;
    }
    case HELDER_Q_DATE: {
        int32_t days;
        if (helder_date_parse(&days, text, len) != 0)
            return outcome(HELDER_MSG_BAD_DATE);
        out->value.kind = HELDER_VALUE_DATE;
        out->value.u.date = days;
        out->norm = text;
        out->norm_len = len;
        break;
    }
    case HELDER_Q_YESNO:
        if (len == 3 && memcmp(text, "yes", 3) == 0)
            out->value.u.boolean = true;
        else if (len == 2 && memcmp(text, "no", 2) == 0)
            out->value.u.boolean = false;
        else
            return outcome(HELDER_MSG_BAD_YESNO);
        out->value.kind = HELDER_VALUE_BOOLEAN;
        out->norm = text;
        out->norm_len = len;
        break;
    case HELDER_Q_CHOICE: {
        int option = helder_index_option(index, question, text, len);
        if (option < 0)
            return outcome(HELDER_MSG_BAD_CHOICE);
        /* The value points into the form: it outlives the document. */
        const char *value = question->u.question.options[option]->u.option.value;
        set_string(out, value, len);
        break;
    }
    case HELDER_Q_MULTICHOICE:
        return parse_multichoice(out, index, question, text, len, arena);
    case HELDER_Q_EMAIL:
        if (!email_valid(text, len))
            return outcome(HELDER_MSG_BAD_EMAIL);
        set_string(out, text, len);
        break;
    case HELDER_Q_PHONE:
        if (!parse_phone(out, text, len, arena))
            return outcome(HELDER_MSG_BAD_PHONE);
        break;
    case HELDER_Q_COUNTRY:
        if (len != 2 || !is_alpha(text[0]) || !is_alpha(text[1]))
            return outcome(HELDER_MSG_BAD_COUNTRY);
        norm = compact(arena, text, len, "", &norm_len);
        if (!helder_country_valid(norm, norm_len))
            return outcome(HELDER_MSG_BAD_COUNTRY);
        set_string(out, norm, norm_len);
        break;
    case HELDER_Q_BSN:
        if (!helder_bsn_valid(text, len))
            return outcome(HELDER_MSG_BAD_BSN);
        set_string(out, text, len);
        break;
    case HELDER_Q_IBAN:
        if (len > 64)
            return outcome(HELDER_MSG_BAD_IBAN);
        norm = compact(arena, text, len, " ", &norm_len);
        if (!helder_iban_valid(norm, norm_len))
            return outcome(HELDER_MSG_BAD_IBAN);
        set_string(out, norm, norm_len);
        break;
    case HELDER_Q_POSTCODE:
        if (!parse_postcode(out, text, len, arena))
            return outcome(HELDER_MSG_BAD_POSTCODE);
        break;
    case HELDER_Q_FILE:
        if (!file_name_valid(text, len))
            return outcome(HELDER_MSG_BAD_FILE);
        set_string(out, text, len);
        break;
    case HELDER_Q__COUNT:
        return outcome(HELDER_MSG_BAD_TEXT);
    }
    return outcome(HELDER_MSG_NONE);
}

helder_parse_outcome helder_answer_parse(helder_typed *out, const helder_form_index *index,
                                         const helder_node *question, const char *text, size_t len,
                                         helder_arena *arena)
{
    memset(out, 0, sizeof *out);
    if (!helder_utf8_valid(text, len, NULL) || memchr(text, '\0', len))
        return outcome(HELDER_MSG_BAD_UTF8);
    return parse_type(out, index, question, text, len, arena);
}

helder_parse_outcome helder_answer_length(const helder_node *question, const helder_typed *typed)
{
    long minlength = question->u.question.minlength, maxlength = question->u.question.maxlength;
    helder_parse_outcome result = outcome(HELDER_MSG_NONE);
    if (minlength < 0 && maxlength < 0)
        return result;
    /* Characters are code points of the canonical text, never bytes. */
    size_t chars = helder_utf8_length(typed->norm, typed->norm_len);
    if (minlength >= 0 && chars < (size_t)minlength)
        result.msg = HELDER_MSG_TOO_SHORT, result.bound = minlength;
    else if (maxlength >= 0 && chars > (size_t)maxlength)
        result.msg = HELDER_MSG_TOO_LONG, result.bound = maxlength;
    result.count = (long)chars;
    return result;
}

helder_parse_outcome helder_answer_pattern(const helder_node *question, const helder_typed *typed)
{
    if (!question->u.question.pattern)
        return outcome(HELDER_MSG_NONE);
    int match = helder_pattern_match(question->u.question.pattern, typed->norm, typed->norm_len);
    if (match == HELDER_PATTERN_LIMIT)
        return outcome(HELDER_MSG_NOT_CHECKED);
    if (match == HELDER_PATTERN_BADUTF)
        return outcome(HELDER_MSG_BAD_UTF8);
    return outcome(match == 1 ? HELDER_MSG_NONE : HELDER_MSG_PATTERN_MISMATCH);
}

bool helder_typed_equal(const helder_typed *a, const helder_typed *b)
{
    const helder_value *x = &a->value, *y = &b->value;
    if (x->kind != y->kind)
        return false;
    switch (x->kind) {
    case HELDER_VALUE_BOOLEAN:
        return x->u.boolean == y->u.boolean;
    case HELDER_VALUE_NUMBER:
        return x->u.number == y->u.number;
    case HELDER_VALUE_DATE:
        return x->u.date == y->u.date;
    case HELDER_VALUE_STRING:
    case HELDER_VALUE_SET:
        /* Normalized texts: sets are in option order, codes upper case, spaces gone. */
        return a->norm_len == b->norm_len && memcmp(a->norm, b->norm, a->norm_len) == 0;
    default:
        return true;
    }
}
