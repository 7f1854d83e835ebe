/* The PCRE2 wrapper for designer patterns: compile with helder's options and limits, match the
 * whole answer within match, depth and heap limits, and guess whether a browser can run it too.
 * See SECURITY.md, "Patterns": anchoring is done with PCRE2_ANCHORED | PCRE2_ENDANCHORED, never by
 * wrapping the source, so "x)|(.*" cannot escape it.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "model/pattern.h"

#define MATCH_LIMIT 100000u
#define DEPTH_LIMIT 10000u
#define HEAP_LIMIT_KIB 20000u

struct helder_pattern {
    pcre2_code *code;
    pcre2_match_context *match_context; /* read-only while matching, so shareable */
    unsigned owners;                    /* helder_pattern_free calls still to come */
};

static unsigned chars_before(const char *src, size_t offset)
{
    return (unsigned)helder_utf8_length(src, offset);
}

int helder_pattern_compile(struct helder_pattern **out, const char *src, size_t len, char *errbuf,
                           size_t errlen, unsigned *err_col)
{
    int errcode = 0;
    PCRE2_SIZE erroffset = 0;
    size_t bad = 0;
    pcre2_compile_context *compile_context = NULL;
    pcre2_code *code = NULL;
    int rc = HELDER_EINVALID;

    *out = NULL;
    *err_col = 1;
    if (!helder_utf8_valid(src, len, &bad)) {
        *err_col = chars_before(src, bad) + 1;
        snprintf(errbuf, errlen, "the pattern is not valid UTF-8");
        goto out;
    }
    /* (*LIMIT_MATCH=…) and friends could only lower helder's limits in PCRE2 10.42, but
     * (*NO_JIT), (*CR), (*NOTEMPTY) and the rest change how a pattern behaves unseen, and
     * browsers know none of them. */
    if (len >= 2 && src[0] == '(' && src[1] == '*') {
        snprintf(errbuf, errlen,
                 "start-of-pattern options such as (*LIMIT_MATCH=…) are not "
                 "allowed");
        goto out;
    }
    if (len > HELDER_PATTERN_MAX_LEN) {
        *err_col = chars_before(src, HELDER_PATTERN_MAX_LEN) + 1;
        snprintf(errbuf, errlen, "the pattern is longer than %u bytes", HELDER_PATTERN_MAX_LEN);
        goto out;
    }
    compile_context = pcre2_compile_context_create(NULL);
    if (compile_context == NULL)
        abort(); /* out of memory, as in helder_xmalloc */
    pcre2_set_max_pattern_length(compile_context, HELDER_PATTERN_MAX_LEN);
    pcre2_set_parens_nest_limit(compile_context, HELDER_PATTERN_MAX_NEST);
    code = pcre2_compile((PCRE2_SPTR)src, len,
                         PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C | PCRE2_ANCHORED |
                             PCRE2_ENDANCHORED,
                         &errcode, &erroffset, compile_context);
    if (code == NULL) {
        PCRE2_UCHAR message[200];
        if (pcre2_get_error_message(errcode, message, sizeof message) < 0)
            snprintf((char *)message, sizeof message, "error %d", errcode);
        if (erroffset > len)
            erroffset = len;
        *err_col = chars_before(src, erroffset) + 1;
        snprintf(errbuf, errlen, "%s", (const char *)message);
        goto out;
    }
    /* JIT is an optimisation: without it (not built in, or no executable memory) the
     * interpreter runs under the same limits. Build with -DHELDER_PATTERN_NO_JIT for valgrind,
     * which reports JIT code reading uninitialised stack (PCRE2Project/pcre2#654). */
#ifndef HELDER_PATTERN_NO_JIT
    (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
#endif

    struct helder_pattern *pattern = helder_xcalloc(1, sizeof *pattern);
    pattern->owners = 1;
    pattern->code = code;
    pattern->match_context = pcre2_match_context_create(NULL);
    if (pattern->match_context == NULL)
        abort();
    pcre2_set_match_limit(pattern->match_context, MATCH_LIMIT);
    pcre2_set_depth_limit(pattern->match_context, DEPTH_LIMIT);
    pcre2_set_heap_limit(pattern->match_context, HEAP_LIMIT_KIB);
    code = NULL;
    *out = pattern;
    *err_col = 0;
    if (errlen > 0)
        errbuf[0] = '\0';
    rc = 0;
out:
    pcre2_code_free(code);
    pcre2_compile_context_free(compile_context);
    return rc;
}

int helder_pattern_match(const struct helder_pattern *pattern, const char *subject, size_t len)
{
    if (!helder_utf8_valid(subject, len, NULL))
        return HELDER_PATTERN_BADUTF;

    pcre2_match_data *match_data = pcre2_match_data_create(1, NULL);
    if (match_data == NULL)
        abort();
    int rc = pcre2_match(pattern->code, (PCRE2_SPTR)subject, len, 0, PCRE2_NO_UTF_CHECK, match_data,
                         pattern->match_context);
    int result;
    if (rc >= 0 || rc == PCRE2_ERROR_NOMATCH) {
        /* ENDANCHORED already makes a match end at the end; checking costs nothing and keeps a
         * whole-answer match the only kind this function ever reports. */
        result = rc >= 0 && pcre2_get_ovector_pointer(match_data)[1] == len;
    } else if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21) {
        result = HELDER_PATTERN_BADUTF;
    } else {
        /* Match, depth, heap and JIT stack limits, and anything else that stopped the match
         * before it decided: the answer could not be checked. */
        result = HELDER_PATTERN_LIMIT;
    }
    pcre2_match_data_free(match_data);
    return result;
}

struct helder_pattern *helder_pattern_share(struct helder_pattern *pattern)
{
    pattern->owners++;
    return pattern;
}

void helder_pattern_free(struct helder_pattern *pattern)
{
    if (pattern == NULL || --pattern->owners > 0)
        return;
    pcre2_match_context_free(pattern->match_context);
    pcre2_code_free(pattern->code);
    free(pattern);
}

/* ---- browser compatibility ---- */

/* Escapes PCRE knows and a JavaScript 'u' RegExp does not (or reads differently). */
static bool pcre_only_escape(char c)
{
    return strchr("AZzGQEhHvVRXKCNgeao", c) != NULL;
}

/* Reads a {n}, {n,} or {n,m} quantifier at src; returns its length or 0. */
static size_t brace_quantifier(const char *src)
{
    size_t i = 1;
    size_t digits = 0;
    while (src[i] >= '0' && src[i] <= '9')
        i++, digits++;
    if (digits == 0)
        return 0;
    if (src[i] == ',') {
        i++;
        while (src[i] >= '0' && src[i] <= '9')
            i++;
    }
    return src[i] == '}' ? i + 1 : 0;
}

int helder_pattern_browser_compatible(const char *src)
{
    bool in_class = false;
    bool after_quantifier = false;
    bool at_start = true; /* before any atom: leading (?i) maps to a RegExp flag */

    for (size_t i = 0; src[i] != '\0'; i++) {
        char c = src[i];
        if (c == '\\') {
            char e = src[i + 1];
            if (e == '\0')
                return 0;
            if (pcre_only_escape(e))
                return 0;
            if ((e == 'p' || e == 'P') && src[i + 2] != '{')
                return 0; /* \pL: JavaScript needs \p{L} */
            if (e == 'x' && src[i + 2] == '{')
                return 0; /* \x{41}: JavaScript spells it \u{41} */
            if (e >= '1' && e <= '9' && in_class)
                return 0; /* an octal escape in a class */
            i++;
            if ((e == 'p' || e == 'P' || e == 'u') && src[i + 1] == '{') {
                const char *close = strchr(src + i, '}');
                if (close == NULL)
                    return 0;
                i = (size_t)(close - src); /* \p{L}, \u{1F600} */
            }
            after_quantifier = false;
            at_start = false;
            continue;
        }
        if (in_class) {
            if (c == '[' && (src[i + 1] == ':' || src[i + 1] == '=' || src[i + 1] == '.'))
                return 0; /* [[:alpha:]] */
            if (c == ']')
                in_class = false;
            continue;
        }
        switch (c) {
        case '[':
            in_class = true;
            if (src[i + 1] == '^')
                i++;
            if (src[i + 1] == ']')
                return 0; /* PCRE reads []…] as a class holding ']'; JavaScript as empty */
            after_quantifier = false;
            at_start = false;
            break;
        case '(':
            if (src[i + 1] == '*')
                return 0; /* verbs and (*pla:…) */
            if (src[i + 1] == '?') {
                char k = src[i + 2];
                if (k == ':' || k == '=' || k == '!') {
                    i += 2;
                } else if (k == '<' && (src[i + 3] == '=' || src[i + 3] == '!')) {
                    i += 3; /* lookbehind */
                } else if (k == '<' && ((src[i + 3] >= 'a' && src[i + 3] <= 'z') ||
                                        (src[i + 3] >= 'A' && src[i + 3] <= 'Z'))) {
                    const char *close = strchr(src + i, '>');
                    if (close == NULL)
                        return 0;
                    i = (size_t)(close - src); /* (?<name>…) */
                } else {
                    /* Inline flags: only a leading (?i), (?s), (?m) maps to RegExp flags. */
                    size_t j = i + 2;
                    while (src[j] == 'i' || src[j] == 's' || src[j] == 'm')
                        j++;
                    if (j > i + 2 && src[j] == ')' && at_start) {
                        i = j;
                        continue;
                    }
                    return 0; /* (?>, (?R, (?1, (?(, (?C, (?|, (?#, (?P, (?', later flags, … */
                }
            }
            after_quantifier = false;
            at_start = false;
            break;
        case '*':
        case '+':
        case '?':
            if (after_quantifier) {
                if (c == '+')
                    return 0; /* possessive */
                if (c == '?') {
                    after_quantifier = false; /* lazy */
                    break;
                }
                return 0; /* a quantifier on a quantifier */
            }
            after_quantifier = true;
            break;
        case '{': {
            size_t n = brace_quantifier(src + i);
            if (n == 0)
                return 0; /* a literal '{' is a syntax error with the 'u' flag */
            i += n - 1;
            if (after_quantifier)
                return 0;
            after_quantifier = true;
            break;
        }
        case '}':
        case ']':
            return 0; /* literal in PCRE, a syntax error with the 'u' flag */
        default:
            after_quantifier = false;
            at_start = false;
            break;
        }
    }
    return in_class ? 0 : 1;
}
