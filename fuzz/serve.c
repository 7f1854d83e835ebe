/* Fuzz harness: what `helder serve` parses itself of a request: the Cookie header, Sec-Fetch-Site,
 * Origin and Host, CSRF tokens, base64url, sealed tokens, references and personal link ids from
 * URLs, the step-by-step state after its MAC is checked, rendered pages split for the hidden
 * fields, LANG also as Accept-Language and ?lang= (the language of the server's own pages), the
 * URL path split for routing, and a POST body's server fields (_csrf, _state, _go).
 * Input: COOKIE \0 SITE \0 ORIGIN \0 HOST \0 TEXT \0 FORM \0 LANG \0 HTML \0 PAYLOAD \0 PATH \0
 * BODY, split at NUL bytes (a missing part is empty; the last takes the rest); see split_input.
 * PATH and BODY came last, after the corpus had grown, so that its files keep their meaning: an
 * input with at most 8 NULs reads as before. (One that had NULs in PAYLOAD now ends PAYLOAD at
 * the first of them; the state decoder reads by length and finds lines by '\n', so a NUL there
 * took no path of its own.)
 */
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz.h"
#include "serve/http.h"

/* The server key: fixed, so that the seed corpus can hold real tokens sealed with it. */
static const unsigned char key[HELDER_SERVE_KEY_LEN] = "helder fuzz/serve.c server key!";
#define STATE_PURPOSE "steps" /* steps.c's purpose for its state tokens */
#define TOKEN_MAX 4096        /* what a token from TEXT may hold when opened */
#define LINK_CHARS 22         /* personal.c: a link id is 16 random bytes, base64url */
#define NAV "<nav class=\"languages\"><a href=\"nl\">NL</a></nav>"
#define STYLESHEET "<link rel=\"stylesheet\" href=\"/assets/serve.css\">"

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* The parts of one input. Each names bytes of a private copy: the C-string parts are followed by
 * a NUL (their separator), the byte parts are copied again to buffers of their exact length
 * before use, so that AddressSanitizer sees any read past the end. */
enum { COOKIE, SITE, ORIGIN, HOST, TEXT, FORM, LANG, HTML, PAYLOAD, PATH, BODY, NPARTS };

typedef struct {
    const char *data[NPARTS];
    size_t len[NPARTS];
} parts;

/* The C-string parts are what arrives as a header or a URL (libmicrohttpd hands them over
 * NUL-terminated, so none can hold a NUL); TEXT, HTML, PAYLOAD and BODY are read by length. TEXT
 * is what arrives as a _csrf or _state field, a receipt reference or a /p/ID link; FORM and LANG
 * name the page asked for (FORM is also the CSRF scope); HTML is a rendered page; PAYLOAD is
 * sealed with the server key and opened again, then decoded as a step-by-step state; PATH is the
 * URL's path; BODY a POST body (the last part, so it can hold the NULs the parser must refuse). */
static void split_input(parts *out, char *copy, size_t size)
{
    size_t at = 0;
    for (int i = 0; i < NPARTS; i++) {
        const char *end = i + 1 < NPARTS ? memchr(copy + at, '\0', size - at) : NULL;
        size_t len = end ? (size_t)(end - (copy + at)) : size - at;
        out->data[i] = copy + at;
        out->len[i] = len;
        at += len + (end ? 1 : 0);
    }
}

static char *exact_copy(const char *data, size_t len)
{
    char *copy = malloc(len ? len : 1);
    FUZZ_ASSERT(copy != NULL);
    memcpy(copy, data, len);
    return copy;
}

static int in_alphabet(char c)
{
    return c != '\0' && strchr(b64_alphabet, c) != NULL;
}

static int ci_equal(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

/* Canonical base64url without padding, judged without the decoder: every character in the
 * alphabet, no length of 4n+1, and no bits left over in the last character. */
static int b64_canonical(const char *text, size_t len)
{
    if (len % 4 == 1)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!in_alphabet(text[i]))
            return 0;
    if (len % 4 == 0)
        return 1;
    unsigned last = (unsigned)(strchr(b64_alphabet, text[len - 1]) - b64_alphabet);
    return (last & (len % 4 == 2 ? 15u : 3u)) == 0;
}

/* Encode, check the encoding's shape, decode again: the bytes come back. */
static void check_b64_roundtrip(const char *data, size_t len)
{
    size_t cap = (len * 4 + 2) / 3 + 1;
    char *text = malloc(cap);
    FUZZ_ASSERT(text != NULL);
    size_t used = helder_serve_b64_encode(text, data, len);
    FUZZ_ASSERT(used == cap - 1 && text[used] == '\0');
    FUZZ_ASSERT(b64_canonical(text, used));
    unsigned char *back = malloc(used * 3 / 4 + 1);
    size_t back_len = 0;
    FUZZ_ASSERT(back != NULL);
    FUZZ_ASSERT(helder_serve_b64_decode(back, &back_len, text, used) == 0);
    FUZZ_ASSERT(back_len == len && memcmp(back, data, len) == 0);
    free(back);
    free(text);
}

/* Decode untrusted text into a buffer of the documented size: accepted exactly when canonical,
 * and then it encodes back to the same text. */
static void check_b64_decode(const char *text, size_t len)
{
    unsigned char *out = malloc(len * 3 / 4 + 1);
    size_t out_len = 0;
    FUZZ_ASSERT(out != NULL);
    int rc = helder_serve_b64_decode(out, &out_len, text, len);
    FUZZ_ASSERT(rc == 0 || rc == -1);
    FUZZ_ASSERT((rc == 0) == b64_canonical(text, len));
    if (rc == 0) {
        FUZZ_ASSERT(out_len == len * 3 / 4 && out[out_len] == 0);
        char *again = malloc((out_len * 4 + 2) / 3 + 1);
        FUZZ_ASSERT(again != NULL);
        FUZZ_ASSERT(helder_serve_b64_encode(again, out, out_len) == len);
        FUZZ_ASSERT(memcmp(again, text, len) == 0);
        free(again);
    }
    free(out);
}

/* Where a Cookie header names the CSRF cookie with exactly this value: at the start or after a
 * separator, the value ended by ';' or the end. */
static int cookie_holds(const char *cookie, const char *nonce)
{
    static const char name[] = HELDER_SERVE_CSRF_COOKIE "=";
    size_t name_len = sizeof name - 1, nonce_len = strlen(nonce);
    for (const char *at = cookie; (at = strstr(at, name)) != NULL; at++) {
        if (at != cookie && at[-1] != ' ' && at[-1] != ';')
            continue;
        const char *value = at + name_len;
        if (strncmp(value, nonce, nonce_len) == 0 &&
            (value[nonce_len] == ';' || value[nonce_len] == '\0'))
            return 1;
    }
    return 0;
}

static void check_nonce_shape(const char *nonce)
{
    unsigned char raw[HELDER_SERVE_NONCE_CHARS];
    size_t raw_len = 0;
    FUZZ_ASSERT(strlen(nonce) == HELDER_SERVE_NONCE_CHARS);
    for (size_t i = 0; i < HELDER_SERVE_NONCE_CHARS; i++)
        FUZZ_ASSERT(in_alphabet(nonce[i]));
    FUZZ_ASSERT(helder_serve_b64_decode(raw, &raw_len, nonce, HELDER_SERVE_NONCE_CHARS) == 0);
    FUZZ_ASSERT(raw_len == 16);
}

/* The nonce a Cookie header gives, checked; "" when none. *out is the caller's. */
static char *cookie_nonce(const char *cookie)
{
    /* exactly the size the server's buffer has, on the heap so that ASan sees its end */
    char *nonce = malloc(HELDER_SERVE_NONCE_CHARS + 1);
    FUZZ_ASSERT(nonce != NULL);
    int rc = helder_serve_csrf_nonce_from_cookie(nonce, cookie);
    FUZZ_ASSERT(rc == 0 || rc == 1);
    if (rc) {
        check_nonce_shape(nonce);
        FUZZ_ASSERT(cookie_holds(cookie, nonce));
    } else {
        FUZZ_ASSERT(nonce[0] == '\0');
    }
    return nonce;
}

/* The Cookie header: its nonce (returned, the caller's), and the same after other cookies. */
static char *check_cookie(const char *cookie)
{
    static const char good[] = "AAECAwQFBgcICQoLDA0ODw"; /* bytes 0 to 15 */
    char *given = cookie_nonce(cookie), *nonce;
    /* After any cookies that do not mention ours, a well-formed one is found. */
    if (!strstr(cookie, HELDER_SERVE_CSRF_COOKIE)) {
        size_t len = strlen(cookie) + sizeof good + 32;
        char *header = malloc(len);
        FUZZ_ASSERT(header != NULL);
        snprintf(header, len, "%s; " HELDER_SERVE_CSRF_COOKIE "=%s", cookie, good);
        nonce = cookie_nonce(header);
        FUZZ_ASSERT(strcmp(nonce, good) == 0);
        free(nonce);
        free(header);
    }
    return given;
}

/* Sec-Fetch-Site, Origin and Host, each present or absent: a cross-site request is never
 * allowed, an Origin is allowed only when it names the Host, and a browser's own same-origin
 * post always is. */
static void check_fetch(const parts *p)
{
    const char *given[3] = {p->data[SITE], p->data[ORIGIN], p->data[HOST]};
    for (unsigned mask = 0; mask < 8; mask++) {
        const char *site = mask & 1 ? given[0] : NULL;
        const char *origin = mask & 2 ? given[1] : NULL;
        const char *host = mask & 4 ? given[2] : NULL;
        int allowed = helder_serve_fetch_allowed(site, origin, host);
        FUZZ_ASSERT(allowed == 0 || allowed == 1);
        if (site && !ci_equal(site, "same-origin") && !ci_equal(site, "none"))
            FUZZ_ASSERT(!allowed);
        if (allowed && origin && strcmp(origin, "null") != 0) {
            /* the Origin is a scheme and exactly the Host, in any case */
            FUZZ_ASSERT(host != NULL);
            size_t len = strlen(origin), host_len = strlen(host);
            FUZZ_ASSERT(len == host_len + 7 || len == host_len + 8);
            char scheme[9] = {0};
            for (size_t i = 0; i < len - host_len; i++)
                scheme[i] = (char)tolower((unsigned char)origin[i]);
            FUZZ_ASSERT(strcmp(scheme, "http://") == 0 || strcmp(scheme, "https://") == 0);
            FUZZ_ASSERT(ci_equal(origin + (len - host_len), host));
        }
        if (!site && !origin)
            FUZZ_ASSERT(allowed);
        if (host && (!site || ci_equal(site, "same-origin"))) {
            size_t len = strlen(host) + 16;
            char *own = malloc(len);
            FUZZ_ASSERT(own != NULL);
            snprintf(own, len, "%s://%s", mask & 1 ? "https" : "http", host);
            FUZZ_ASSERT(helder_serve_fetch_allowed(site, own, host));
            FUZZ_ASSERT(helder_serve_fetch_allowed(site, "null", host));
            free(own);
        }
    }
}

/* The CSRF token: TEXT is valid exactly when it is the token for this nonce and scope; the
 * token itself is, with one character changed it is not, nor under another scope, nor without a
 * nonce; and (nonce, scope) pairs that run together differently get different tokens. */
static void check_csrf(const char *nonce, const char *scope, const char *text, size_t len)
{
    char expected[HELDER_SERVE_CSRF_CHARS + 1], other[HELDER_SERVE_CSRF_CHARS + 1];
    helder_serve_csrf_token(expected, key, nonce, scope);
    FUZZ_ASSERT(strlen(expected) == HELDER_SERVE_CSRF_CHARS);
    int valid = helder_serve_csrf_valid(key, nonce, scope, text, len);
    FUZZ_ASSERT(valid == (nonce[0] && len == HELDER_SERVE_CSRF_CHARS &&
                          memcmp(text, expected, HELDER_SERVE_CSRF_CHARS) == 0));
    if (!nonce[0]) {
        FUZZ_ASSERT(!helder_serve_csrf_valid(key, nonce, scope, expected, strlen(expected)));
        return;
    }
    char *exact = exact_copy(expected, HELDER_SERVE_CSRF_CHARS);
    FUZZ_ASSERT(helder_serve_csrf_valid(key, nonce, scope, exact, HELDER_SERVE_CSRF_CHARS));
    FUZZ_ASSERT(!helder_serve_csrf_valid(key, nonce, scope, exact, HELDER_SERVE_CSRF_CHARS - 1));
    size_t at = len % HELDER_SERVE_CSRF_CHARS;
    exact[at] = exact[at] == 'A' ? 'B' : 'A';
    FUZZ_ASSERT(!helder_serve_csrf_valid(key, nonce, scope, exact, HELDER_SERVE_CSRF_CHARS));
    free(exact);
    FUZZ_ASSERT(!helder_serve_csrf_valid(key, "", scope, expected, HELDER_SERVE_CSRF_CHARS));
    if (scope[0]) {
        size_t nonce_len = strlen(nonce);
        char *moved = malloc(nonce_len + 2);
        FUZZ_ASSERT(moved != NULL);
        memcpy(moved, nonce, nonce_len);
        moved[nonce_len] = scope[0];
        moved[nonce_len + 1] = '\0';
        helder_serve_csrf_token(other, key, moved, scope + 1);
        FUZZ_ASSERT(strcmp(other, expected) != 0);
        FUZZ_ASSERT(
            !helder_serve_csrf_valid(key, moved, scope + 1, expected, HELDER_SERVE_CSRF_CHARS));
        free(moved);
    }
}

/* A reference from a receipt URL becomes a file name: accepted exactly in the documented form,
 * "H" YYMMDD "-" and 12 characters of Crockford's base32. */
static void check_reference(const char *text)
{
    size_t len = strlen(text);
    int shape = len == 20 && text[0] == 'H' && text[7] == '-';
    for (size_t i = 1; shape && i < len; i++)
        if (i < 7)
            shape = text[i] >= '0' && text[i] <= '9';
        else if (i > 7)
            shape = strchr(crockford, text[i]) != NULL;
    FUZZ_ASSERT(helder_serve_reference_valid(text) == shape);
}

/* A personal link id from /p/ID becomes a file name too: personal.c's link_valid (static) is
 * this length check and a decode into a buffer of LINK_CHARS bytes; here the buffer is exactly
 * that long, on the heap. An id accepted is base64url: no '/', no '.'. */
static void check_link(const char *id, size_t len)
{
    unsigned char *raw = malloc(LINK_CHARS);
    size_t raw_len = 0;
    FUZZ_ASSERT(raw != NULL);
    if (len == LINK_CHARS && helder_serve_b64_decode(raw, &raw_len, id, len) == 0) {
        FUZZ_ASSERT(raw_len == 16);
        for (size_t i = 0; i < len; i++)
            FUZZ_ASSERT(in_alphabet(id[i]));
    }
    free(raw);
}

/* A token from TEXT: when it opens (a seed sealed with the key), it is exactly what sealing its
 * payload gives (there is one spelling of each token), and under no other purpose. */
static void check_token_text(const char *text, size_t len)
{
    char *payload = NULL;
    size_t payload_len = 0;
    int rc =
        helder_serve_token_open(&payload, &payload_len, key, STATE_PURPOSE, text, len, TOKEN_MAX);
    FUZZ_ASSERT(rc == 0 || rc == -1);
    if (rc != 0) {
        FUZZ_ASSERT(payload == NULL);
        return;
    }
    FUZZ_ASSERT(payload_len <= TOKEN_MAX && payload[payload_len] == '\0');
    char *again = helder_serve_token_seal(key, STATE_PURPOSE, payload, payload_len);
    FUZZ_ASSERT(strlen(again) == len && memcmp(again, text, len) == 0);
    free(again);
    char *other = NULL;
    size_t other_len = 0;
    FUZZ_ASSERT(helder_serve_token_open(&other, &other_len, key, "csrf", text, len, TOKEN_MAX) ==
                -1);
    FUZZ_ASSERT(other == NULL);
    free(payload);
}

/* Open a token expecting refusal. */
static void refused(const char *token, size_t len, const char *purpose, size_t max_len)
{
    char *copy = exact_copy(token, len);
    char *out = NULL;
    size_t out_len = 0;
    FUZZ_ASSERT(helder_serve_token_open(&out, &out_len, key, purpose, copy, len, max_len) == -1);
    FUZZ_ASSERT(out == NULL && out_len == 0);
    free(copy);
}

/* PAYLOAD sealed by the server: it opens to the same bytes; not over max_len, not under
 * another purpose, not with any one character changed, cut short or lengthened. Returns the
 * opened payload (caller frees). */
static char *check_sealed(const char *payload, size_t len, size_t *out_len)
{
    char *token = helder_serve_token_seal(key, STATE_PURPOSE, payload, len);
    size_t token_len = strlen(token), dot = (len * 4 + 2) / 3;
    FUZZ_ASSERT(token_len == dot + 1 + 43 && token[dot] == '.');
    char *exact = exact_copy(token, token_len);
    char *out = NULL;
    FUZZ_ASSERT(helder_serve_token_open(&out, out_len, key, STATE_PURPOSE, exact, token_len, len) ==
                0);
    FUZZ_ASSERT(*out_len == len && memcmp(out, payload, len) == 0 && out[len] == '\0');
    free(exact);
    if (len > 0)
        refused(token, token_len, STATE_PURPOSE, len - 1);
    refused(token, token_len, "csrf", len);
    refused(token, token_len - 1, STATE_PURPOSE, len);
    /* one character changed, to another base64url character (the MAC must catch it) or to
     * something else (the parser must) */
    size_t where[4] = {0, dot / 2, dot, token_len - 1};
    for (int i = 0; i < 4; i++) {
        size_t at = where[i];
        char was = token[at];
        const char *in = strchr(b64_alphabet, was);
        token[at] = in && was ? b64_alphabet[(in - b64_alphabet + 1 + (int)(len % 62)) % 64] : 'A';
        if (token[at] != was)
            refused(token, token_len, STATE_PURPOSE, len);
        token[at] = (char)(was ^ 0x20);
        refused(token, token_len, STATE_PURPOSE, len);
        token[at] = was;
    }
    char *longer = malloc(token_len + 2);
    FUZZ_ASSERT(longer != NULL);
    memcpy(longer, token, token_len);
    longer[token_len] = 'A';
    refused(longer, token_len + 1, STATE_PURPOSE, len);
    free(longer);
    free(token);
    return out;
}

static const char *find_bytes(const char *hay, size_t len, size_t from, const char *what)
{
    size_t what_len = strlen(what);
    for (size_t i = from; i + what_len <= len; i++)
        if (memcmp(hay + i, what, what_len) == 0)
            return hay + i;
    return NULL;
}

/* An element's tag (name given with its '<') at html[at]: the name in any case, then white
 * space, '>' or '/'. */
static int tag_named(const char *html, size_t len, size_t at, const char *name)
{
    size_t name_len = strlen(name);
    if (len - at <= name_len)
        return 0;
    for (size_t i = 0; i < name_len; i++)
        if (tolower((unsigned char)html[at + i]) != name[i])
            return 0;
    return strchr(" \t\n\r>/", html[at + name_len]) != NULL && html[at + name_len] != '\0';
}

/* form_end: the last "</form" tag of html, or len when there is none. */
static void check_form_end(const char *html, size_t len)
{
    size_t end = helder_serve_form_end(html, len);
    FUZZ_ASSERT(end <= len);
    if (end < len)
        FUZZ_ASSERT(tag_named(html, len, end, "</form"));
    for (size_t i = end == len ? 0 : end + 1; i < len; i++)
        FUZZ_ASSERT(!tag_named(html, len, i, "</form"));
}

/* tag_end from a '<': just past the first '>' outside quotes, or len. */
static void check_tag_end(const char *html, size_t len, size_t at)
{
    size_t end = helder_serve_tag_end(html, len, at);
    char quote = 0;
    FUZZ_ASSERT(end > at && end <= len);
    for (size_t i = at + 1; i + 1 < end; i++) {
        if (quote)
            quote = html[i] == quote ? 0 : quote;
        else if (html[i] == '"' || html[i] == '\'')
            quote = html[i];
        else
            FUZZ_ASSERT(html[i] != '>');
    }
    FUZZ_ASSERT(end == len || (html[end - 1] == '>' && !quote));
}

/* split_page, against the page built by hand: the stylesheet before the first </head>, nav
 * before the first </header> when that comes before the form, cut after the form's start tag. */
static void check_split(const char *html, size_t len, const char *nav)
{
    helder_serve_split split;
    int rc = helder_serve_split_page(&split, html, len, nav);
    const char *head_end = find_bytes(html, len, 0, "</head>");
    size_t link_len = head_end ? sizeof STYLESHEET - 1 : 0, full_len = len + link_len;
    char *full = malloc(full_len ? full_len : 1);
    FUZZ_ASSERT(full != NULL);
    size_t cut = head_end ? (size_t)(head_end - html) : len;
    memcpy(full, html, cut);
    memcpy(full + cut, STYLESHEET, link_len);
    memcpy(full + cut + link_len, html + cut, len - cut);
    size_t form = full_len;
    for (size_t i = 0; i < full_len && form == full_len; i++)
        if (full[i] == '<' && tag_named(full, full_len, i, "<form"))
            form = i;
    if (form == full_len) {
        FUZZ_ASSERT(rc == -1 && split.head == NULL && split.tail == NULL);
        free(full);
        return;
    }
    FUZZ_ASSERT(rc == 0);
    size_t tag_end = helder_serve_tag_end(full, full_len, form);
    check_tag_end(full, full_len, form);
    const char *header_end = find_bytes(full, full_len, 0, "</header>");
    size_t nav_len = nav && header_end && (size_t)(header_end - full) < form ? strlen(nav) : 0;
    size_t insert = nav_len ? (size_t)(header_end - full) : 0;
    FUZZ_ASSERT(split.head_len == tag_end + nav_len && split.head[split.head_len] == '\0');
    FUZZ_ASSERT(memcmp(split.head, full, insert) == 0);
    FUZZ_ASSERT(nav_len == 0 || memcmp(split.head + insert, nav, nav_len) == 0);
    FUZZ_ASSERT(memcmp(split.head + insert + nav_len, full + insert, tag_end - insert) == 0);
    FUZZ_ASSERT(split.tail_len == full_len - tag_end && split.tail[split.tail_len] == '\0');
    FUZZ_ASSERT(memcmp(split.tail, full + tag_end, split.tail_len) == 0);
    /* server.c puts a step page's Back button before the end tag found in the tail */
    check_form_end(split.tail, split.tail_len);
    helder_serve_split_free(&split);
    free(full);
}

static void check_html(const char *html, size_t len)
{
    unsigned starts = 0;
    check_split(html, len, NAV);
    check_split(html, len, NULL);
    check_form_end(html, len);
    for (size_t i = 0; i < len && starts < 8; i++)
        if (html[i] == '<') {
            check_tag_end(html, len, i);
            starts++;
        }
}

/* Whatever the header, the server's words come from a catalogue: en, nl or ar. A ?lang= that is
 * one of those, in any case, is taken as it is. */
static void check_accept_language(const char *text)
{
    static const char *const codes[] = {"en", "nl", "ar"};
    const char *lang = helder_serve_accept_language(text);
    const char *chosen = helder_serve_ui_lang(text, text);
    int known = 0, named = 0;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        known |= strcmp(lang, codes[i]) == 0;
        if (ci_equal(text, codes[i])) {
            named = 1;
            FUZZ_ASSERT(strcmp(chosen, codes[i]) == 0);
            FUZZ_ASSERT(strcmp(lang, codes[i]) == 0);
        }
    }
    FUZZ_ASSERT(known);
    if (!named)
        FUZZ_ASSERT(strcmp(chosen, lang) == 0);
}

/* The step-by-step state, decoded from a payload the server sealed. Accepted only when it names
 * the form and the language; then the step is a number from 1 (steps.c reads steps[step - 1]),
 * written as a plain decimal, and the fields are the rest. A payload written as state_seal
 * writes it is always accepted. */
static void check_state(const char *payload, size_t len, const char *form_id, const char *lang)
{
    char *exact = exact_copy(payload, len);
    const char *fields = NULL;
    size_t fields_len = 0, form_len = strlen(form_id), lang_len = strlen(lang);
    unsigned step = 0;
    int rc = helder_serve_state_decode(exact, len, form_id, lang, &step, &fields, &fields_len);
    FUZZ_ASSERT(rc == 0 || rc == -1);
    if (rc == 0) {
        FUZZ_ASSERT(len > form_len + lang_len + 2 && !strchr(form_id, '\n') && !strchr(lang, '\n'));
        FUZZ_ASSERT(memcmp(exact, form_id, form_len) == 0 && exact[form_len] == '\n');
        FUZZ_ASSERT(memcmp(exact + form_len + 1, lang, lang_len) == 0 &&
                    exact[form_len + 1 + lang_len] == '\n');
        const char *number = exact + form_len + lang_len + 2;
        const char *number_end = memchr(number, '\n', len - (size_t)(number - exact));
        FUZZ_ASSERT(number_end != NULL);
        unsigned long value = 0;
        FUZZ_ASSERT(number_end > number);
        for (const char *at = number; at < number_end; at++) {
            FUZZ_ASSERT(*at >= '0' && *at <= '9');
            value = value * 10 + (unsigned long)(*at - '0');
            FUZZ_ASSERT(value <= 0xffffffffUL);
        }
        FUZZ_ASSERT(step >= 1 && value == step);
        FUZZ_ASSERT(fields == number_end + 1);
        FUZZ_ASSERT(fields_len == len - (size_t)(fields - exact));
    }
    free(exact);

    if (strchr(form_id, '\n') || strchr(lang, '\n'))
        return;
    unsigned written = 1 + (unsigned)(len % 40);
    helder_buf built = {0};
    helder_buf_printf(&built, "%s\n%s\n%u\n", form_id, lang, written);
    helder_buf_put(&built, payload, len);
    exact = exact_copy(built.data, built.len);
    rc = helder_serve_state_decode(exact, built.len, form_id, lang, &step, &fields, &fields_len);
    FUZZ_ASSERT(rc == 0 && step == written);
    FUZZ_ASSERT(fields_len == len && memcmp(fields, payload, len) == 0);
    free(exact);
    helder_buf_free(&built);
}

/* A segment that means "." or ".." once its escapes are decoded (RFC 3986 6.2.2.2: %2E is a
 * dot), judged on a decoded copy. */
static int dot_segment(const char *seg, size_t len)
{
    char decoded[3];
    size_t used = 0;
    for (size_t i = 0; i < len; i++) {
        if (used == 2)
            return 0;
        if (seg[i] == '%' && len - i >= 3 && seg[i + 1] == '2' &&
            tolower((unsigned char)seg[i + 2]) == 'e') {
            decoded[used++] = '.';
            i += 2;
        } else {
            decoded[used++] = seg[i];
        }
    }
    return (used == 1 && decoded[0] == '.') ||
           (used == 2 && decoded[0] == '.' && decoded[1] == '.');
}

/* What split_path should accept, found without it: "/", or '/' and up to the maximum of
 * segments between slashes, none of them empty or a dot segment. */
static int path_acceptable(const char *path)
{
    unsigned segments = 0;
    if (path[0] != '/')
        return 0;
    if (path[1] == '\0')
        return 1;
    for (const char *start = path + 1;;) {
        const char *slash = strchr(start, '/');
        size_t len = slash ? (size_t)(slash - start) : strlen(start);
        if (len == 0 || dot_segment(start, len) || ++segments > HELDER_SERVE_SEGMENTS_MAX)
            return 0;
        if (!slash)
            return 1;
        start = slash + 1;
    }
}

/* The URL path split for routing: accepted exactly when acceptable, and then the segments are
 * non-empty pieces of the path between slashes (no '/', no NUL, no dot segment), at most the
 * maximum, and joined with '/' they give the path back: no byte of it was skipped or read
 * twice. */
static void check_path(const char *text, size_t len)
{
    char *path = exact_copy(text, len + 1); /* with its NUL: split_path takes a C string */
    helder_serve_segments s;
    int rc = helder_serve_split_path(&s, path);
    FUZZ_ASSERT(rc == 0 || rc == -1);
    FUZZ_ASSERT((rc == 0) == path_acceptable(path));
    if (rc == 0) {
        helder_buf joined = {0};
        FUZZ_ASSERT(s.count <= HELDER_SERVE_SEGMENTS_MAX);
        for (unsigned i = 0; i < s.count; i++) {
            const char *seg = s.seg[i];
            size_t seg_len = s.len[i];
            FUZZ_ASSERT(seg > path && seg + seg_len <= path + len && seg[-1] == '/');
            FUZZ_ASSERT(seg_len > 0 && !memchr(seg, '/', seg_len) && !memchr(seg, '\0', seg_len));
            FUZZ_ASSERT(!dot_segment(seg, seg_len));
            helder_buf_puts(&joined, "/");
            helder_buf_put(&joined, seg, seg_len);
        }
        if (s.count == 0)
            helder_buf_puts(&joined, "/");
        FUZZ_ASSERT(joined.len == len && memcmp(joined.data, path, len) == 0);
        helder_buf_free(&joined);
    }
    /* The address a trailing '/' is sent on to: the path less that '/', a page's address, on
     * this server (one '/' first, never "//"). */
    char moved[1024];
    if (helder_serve_without_trailing_slash(moved, sizeof moved, path) == 0) {
        size_t moved_len = strlen(moved);
        FUZZ_ASSERT(rc != 0 && len == moved_len + 1 && path[moved_len] == '/');
        FUZZ_ASSERT(memcmp(moved, path, moved_len) == 0 && moved[0] == '/' && moved[1] != '/');
        FUZZ_ASSERT(path_acceptable(moved));
    }
    free(path);
}

/* A POST body read the simple way, apart from parse_fields: on a NUL-terminated copy (a body with
 * a NUL is refused before anything else, so the copy has none when it matters), field by field
 * with strchr. */
typedef struct {
    int nul;            /* the body holds a NUL */
    unsigned count;     /* non-empty fields */
    unsigned first_bad; /* the number (from 1) of the first malformed field, 0 when none */
    long at[3];         /* _csrf, _state, _go: the value's offset in the body, -1 when absent */
    size_t len[3];      /* (both up to the first malformed field, as parse_fields stops there) */
} field_scan;

static const char *const server_names[3] = {"_csrf", "_state", "_go"};
static const char value_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";

static field_scan scan_fields(const char *body, size_t len)
{
    field_scan scan = {0, 0, 0, {-1, -1, -1}, {0, 0, 0}};
    if (memchr(body, '\0', len)) {
        scan.nul = 1;
        return scan;
    }
    char *text = malloc(len + 1);
    FUZZ_ASSERT(text != NULL);
    memcpy(text, body, len);
    text[len] = '\0';
    for (char *field = text; field;) {
        char *amp = strchr(field, '&');
        if (amp)
            *amp = '\0';
        if (*field) {
            scan.count++;
            char *eq = strchr(field, '=');
            char *value = eq ? eq + 1 : field + strlen(field);
            if (eq)
                *eq = '\0';
            int bad = strncmp(field, "%5F", 3) == 0 || strncmp(field, "%5f", 3) == 0;
            if (field[0] == '_') {
                int which = -1;
                for (int n = 0; n < 3; n++)
                    if (strcmp(field, server_names[n]) == 0)
                        which = n;
                bad = which < 0 || strspn(value, value_chars) != strlen(value) ||
                      (!scan.first_bad && scan.at[which] >= 0);
                if (!bad && !scan.first_bad) {
                    scan.at[which] = value - text;
                    scan.len[which] = strlen(value);
                }
            }
            if (bad && !scan.first_bad)
                scan.first_bad = scan.count;
        }
        field = amp ? amp + 1 : NULL;
    }
    free(text);
    return scan;
}

/* parse_fields with a cap of max against the scan: malformed at the first malformed field within
 * the cap, too many at the field past the cap, else every field counted and the server fields
 * found where the scan found them. */
static void check_fields_max(const char *body, size_t len, const field_scan *scan, unsigned max)
{
    helder_serve_fields out;
    int rc = helder_serve_parse_fields(&out, body, len, max);
    int expected = scan->nul                                   ? -1
                   : scan->first_bad && scan->first_bad <= max ? -1
                   : scan->count > max                         ? -2
                                                               : 0;
    FUZZ_ASSERT(rc == expected);
    if (rc == -2)
        FUZZ_ASSERT(out.fields == max + 1);
    if (rc != 0)
        return;
    FUZZ_ASSERT(out.fields == scan->count);
    const char *found[3] = {out.csrf, out.state, out.go};
    size_t found_len[3] = {out.csrf_len, out.state_len, out.go_len};
    for (int n = 0; n < 3; n++) {
        if (scan->at[n] < 0) {
            FUZZ_ASSERT(found[n] == NULL && found_len[n] == 0);
            continue;
        }
        FUZZ_ASSERT(found[n] == body + scan->at[n] && found_len[n] == scan->len[n]);
        for (size_t i = 0; i < found_len[n]; i++)
            FUZZ_ASSERT(strchr(value_chars, found[n][i]) != NULL && found[n][i] != '\0');
    }
}

/* The body in a buffer of its exact length (ASan sees a read past it), under several caps: the
 * server's default, the count itself and one less, and around the first malformed field. A
 * body accepted with a server field is refused once that field is sent again. */
static void check_fields(const char *data, size_t len)
{
    char *body = exact_copy(data, len);
    field_scan scan = scan_fields(body, len);
    unsigned caps[6] = {2000,
                        scan.count,
                        scan.count ? scan.count - 1 : 0,
                        0,
                        scan.first_bad ? scan.first_bad - 1 : 1,
                        scan.first_bad};
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++)
        check_fields_max(body, len, &scan, caps[i]);
    helder_serve_fields out;
    if (helder_serve_parse_fields(&out, body, len, UINT_MAX) == 0) {
        for (int n = 0; n < 3; n++) {
            if (scan.at[n] < 0)
                continue;
            helder_buf twice = {0};
            helder_buf_put(&twice, body, len);
            helder_buf_printf(&twice, "&%s=x", server_names[n]);
            char *exact = exact_copy(twice.data, twice.len);
            FUZZ_ASSERT(helder_serve_parse_fields(&out, exact, twice.len, UINT_MAX) == -1);
            free(exact);
            helder_buf_free(&twice);
        }
    }
    free(body);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char reference[24], nonce[HELDER_SERVE_NONCE_CHARS + 1];
    (void)argc;
    (void)argv;
    /* what the server makes itself passes its own checks */
    helder_serve_reference_new(reference);
    check_reference(reference);
    FUZZ_ASSERT(helder_serve_reference_valid(reference));
    helder_serve_csrf_nonce_new(nonce);
    check_nonce_shape(nonce);
    /* the server's own addresses are paths it routes */
    check_path("/forms/partner/nl/steps", strlen("/forms/partner/nl/steps"));
    FUZZ_ASSERT(path_acceptable("/receipt/H261130-TPQEKB60FA0Y/KEY/application.pdf"));
    FUZZ_ASSERT(path_acceptable("/"));
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    parts p;
    FUZZ_ASSERT(copy != NULL);
    memcpy(copy, data, size);
    copy[size] = '\0';
    split_input(&p, copy, size);

    char *nonce = check_cookie(p.data[COOKIE]);
    check_fetch(&p);

    char *text = exact_copy(p.data[TEXT], p.len[TEXT]);
    check_b64_decode(text, p.len[TEXT]);
    check_b64_roundtrip(text, p.len[TEXT]);
    check_reference(p.data[TEXT]);
    check_link(text, p.len[TEXT]);
    check_token_text(text, p.len[TEXT]);
    /* a browser without our cookie gets a fresh nonce; a fixed one stands in for it */
    check_csrf(nonce[0] ? nonce : "AAECAwQFBgcICQoLDA0ODw", p.data[FORM], text, p.len[TEXT]);
    check_csrf("", p.data[FORM], text, p.len[TEXT]);
    free(text);

    char *html = exact_copy(p.data[HTML], p.len[HTML]);
    check_html(html, p.len[HTML]);
    free(html);

    size_t opened_len = 0;
    char *opened = check_sealed(p.data[PAYLOAD], p.len[PAYLOAD], &opened_len);
    check_b64_roundtrip(opened, opened_len);
    check_state(opened, opened_len, p.data[FORM], p.data[LANG]);
    check_accept_language(p.data[LANG]);
    check_path(p.data[PATH], p.len[PATH]);
    check_fields(p.data[BODY], p.len[BODY]);
    free(opened);
    free(nonce);
    free(copy);
    return 0;
}
