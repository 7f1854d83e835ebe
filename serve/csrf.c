/* Cross-site request forgery, three ways (SECURITY.md, HTTP): a random nonce in an HttpOnly,
 * SameSite=Strict cookie; a per-form token in the page, the MAC of that nonce and the form, checked
 * in constant time; and the browser's fetch metadata (Sec-Fetch-Site) and Origin.
 */
#include <string.h>
#include <strings.h>

#include "serve/serve.h"

int helder_serve_csrf_nonce_from_cookie(char out[HELDER_SERVE_NONCE_CHARS + 1], const char *cookie)
{
    static const char name[] = HELDER_SERVE_CSRF_COOKIE "=";
    const char *at = cookie;
    out[0] = '\0';
    while (at && *at) {
        while (*at == ' ' || *at == ';')
            at++;
        size_t len = strcspn(at, ";");
        if (len > sizeof name - 1 && strncmp(at, name, sizeof name - 1) == 0) {
            const char *value = at + sizeof name - 1;
            size_t value_len = len - (sizeof name - 1);
            unsigned char raw[HELDER_SERVE_NONCE_CHARS];
            size_t raw_len;
            if (value_len != HELDER_SERVE_NONCE_CHARS ||
                helder_serve_b64_decode(raw, &raw_len, value, value_len) != 0)
                return 0;
            memcpy(out, value, value_len);
            out[value_len] = '\0';
            return 1;
        }
        at += len;
    }
    return 0;
}

void helder_serve_csrf_nonce_new(char out[HELDER_SERVE_NONCE_CHARS + 1])
{
    unsigned char raw[16];
    helder_serve_random(raw, sizeof raw);
    helder_serve_b64_encode(out, raw, sizeof raw);
}

void helder_serve_csrf_token(char out[HELDER_SERVE_CSRF_CHARS + 1],
                             const unsigned char key[HELDER_SERVE_KEY_LEN], const char *nonce,
                             const char *scope)
{
    unsigned char mac[HELDER_SERVE_MAC_LEN];
    const char *parts[2] = {nonce, scope};
    size_t lens[2] = {strlen(nonce), strlen(scope)};
    helder_serve_mac(mac, key, "csrf", parts, lens, 2);
    helder_serve_b64_encode(out, mac, sizeof mac);
}

int helder_serve_csrf_valid(const unsigned char key[HELDER_SERVE_KEY_LEN], const char *nonce,
                            const char *scope, const char *token, size_t token_len)
{
    char expected[HELDER_SERVE_CSRF_CHARS + 1];
    if (!nonce || !*nonce || !token || token_len != HELDER_SERVE_CSRF_CHARS)
        return 0;
    helder_serve_csrf_token(expected, key, nonce, scope);
    return helder_serve_equal(expected, token, HELDER_SERVE_CSRF_CHARS);
}

int helder_serve_fetch_allowed(const char *sec_fetch_site, const char *origin, const char *host)
{
    if (sec_fetch_site && strcasecmp(sec_fetch_site, "same-origin") != 0 &&
        strcasecmp(sec_fetch_site, "none") != 0)
        return 0;
    /* Origin "null" is what a browser sends for a form posted from a page with Referrer-Policy:
     * no-referrer (ours): it says nothing, and Sec-Fetch-Site, the token and the cookie decide */
    if (origin && strcmp(origin, "null") != 0) {
        const char *rest = NULL;
        if (strncasecmp(origin, "http://", 7) == 0)
            rest = origin + 7;
        else if (strncasecmp(origin, "https://", 8) == 0)
            rest = origin + 8;
        if (!rest || !host || strcasecmp(rest, host) != 0)
            return 0;
    }
    return 1;
}
