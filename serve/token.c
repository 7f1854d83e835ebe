/* Keys, MACs and sealed tokens for `helder serve`: HMAC-SHA256 from nettle (already in the
 * dependency set through libmicrohttpd's GnuTLS), base64url, randomness from getrandom(2).
 * A sealed token carries data through the browser (answers between steps) that only this server,
 * holding the key, can have written.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <nettle/sha2.h>

#include "model/model.h"
#include "serve/serve.h"

#define KEY_FILE_MAX 4096
#define KEY_FILE_MIN 32

void helder_serve_random(void *buf, size_t len)
{
    unsigned char *at = buf;
    while (len > 0) {
        ssize_t got = getrandom(at, len, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "helder: no random source: %s\n", strerror(errno));
            abort();
        }
        at += got;
        len -= (size_t)got;
    }
}

int helder_serve_key_load(unsigned char key[HELDER_SERVE_KEY_LEN], const char *path, int create)
{
    char *text = NULL;
    size_t len = 0;
    int rc = helder_read_file(&text, &len, path, KEY_FILE_MAX);
    if (rc == HELDER_EIO && errno == ENOENT && create) {
        unsigned char fresh[32];
        char hex[66];
        helder_serve_random(fresh, sizeof fresh);
        for (size_t i = 0; i < sizeof fresh; i++)
            snprintf(hex + 2 * i, 3, "%02x", fresh[i]);
        hex[64] = '\n';
        hex[65] = '\0';
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd < 0)
            return HELDER_EIO;
        int ok = write(fd, hex, 65) == 65 && fsync(fd) == 0;
        if (close(fd) != 0 || !ok)
            return HELDER_EIO;
        rc = helder_read_file(&text, &len, path, KEY_FILE_MAX);
    }
    if (rc != HELDER_OK)
        return rc == HELDER_ETOOBIG ? HELDER_EINVALID : rc;
    /* a secret pasted into a file usually ends in a newline: it is not part of the secret */
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' ' ||
                       text[len - 1] == '\t'))
        len--;
    if (len < KEY_FILE_MIN) {
        free(text);
        return HELDER_EINVALID;
    }
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, len, (const uint8_t *)text);
    sha256_digest(&ctx, HELDER_SERVE_KEY_LEN, key);
    memset(text, 0, len);
    free(text);
    return HELDER_OK;
}

void helder_serve_mac(unsigned char out[HELDER_SERVE_MAC_LEN],
                      const unsigned char key[HELDER_SERVE_KEY_LEN], const char *purpose,
                      const char *const *parts, const size_t *lens, size_t n)
{
    struct hmac_sha256_ctx ctx;
    hmac_sha256_set_key(&ctx, HELDER_SERVE_KEY_LEN, key);
    hmac_sha256_update(&ctx, strlen(purpose) + 1, (const uint8_t *)purpose);
    for (size_t i = 0; i < n; i++) {
        /* length-prefixed, so that ("ab", "c") and ("a", "bc") differ */
        uint8_t prefix[8];
        for (int b = 0; b < 8; b++)
            prefix[b] = (uint8_t)((uint64_t)lens[i] >> (56 - 8 * b));
        hmac_sha256_update(&ctx, sizeof prefix, prefix);
        hmac_sha256_update(&ctx, lens[i], (const uint8_t *)parts[i]);
    }
    hmac_sha256_digest(&ctx, HELDER_SERVE_MAC_LEN, out);
}

int helder_serve_equal(const void *a, const void *b, size_t len)
{
    return memeql_sec(a, b, len) != 0;
}

static const char b64_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t helder_serve_b64_encode(char *out, const void *data, size_t len)
{
    const unsigned char *in = data;
    size_t used = 0, i = 0;
    for (; i + 3 <= len; i += 3) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
        out[used++] = b64_chars[v >> 18 & 63];
        out[used++] = b64_chars[v >> 12 & 63];
        out[used++] = b64_chars[v >> 6 & 63];
        out[used++] = b64_chars[v & 63];
    }
    if (len - i == 1) {
        unsigned v = (unsigned)in[i] << 16;
        out[used++] = b64_chars[v >> 18 & 63];
        out[used++] = b64_chars[v >> 12 & 63];
    } else if (len - i == 2) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
        out[used++] = b64_chars[v >> 18 & 63];
        out[used++] = b64_chars[v >> 12 & 63];
        out[used++] = b64_chars[v >> 6 & 63];
    }
    out[used] = '\0';
    return used;
}

static int b64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

int helder_serve_b64_decode(unsigned char *out, size_t *out_len, const char *text, size_t len)
{
    size_t used = 0;
    unsigned acc = 0;
    int bits = 0;
    if (len % 4 == 1)
        return -1;
    for (size_t i = 0; i < len; i++) {
        int v = b64_value(text[i]);
        if (v < 0)
            return -1;
        acc = acc << 6 | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[used++] = (unsigned char)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    if (acc != 0)
        return -1; /* non-canonical: leftover bits must be zero */
    out[used] = 0;
    *out_len = used;
    return 0;
}

char *helder_serve_token_seal(const unsigned char key[HELDER_SERVE_KEY_LEN], const char *purpose,
                              const char *payload, size_t len)
{
    unsigned char mac[HELDER_SERVE_MAC_LEN];
    const char *parts[1] = {payload};
    size_t lens[1] = {len};
    helder_serve_mac(mac, key, purpose, parts, lens, 1);
    char *token = helder_xmalloc((len * 4 + 2) / 3 + 1 + 44 + 1);
    size_t used = helder_serve_b64_encode(token, payload, len);
    token[used++] = '.';
    helder_serve_b64_encode(token + used, mac, sizeof mac);
    return token;
}

int helder_serve_token_open(char **out, size_t *out_len,
                            const unsigned char key[HELDER_SERVE_KEY_LEN], const char *purpose,
                            const char *token, size_t token_len, size_t max_len)
{
    const char *dot = memchr(token, '.', token_len);
    unsigned char mac[HELDER_SERVE_MAC_LEN], given[HELDER_SERVE_MAC_LEN + 2];
    size_t payload_chars, given_len, len;
    *out = NULL;
    *out_len = 0;
    if (!dot)
        return -1;
    payload_chars = (size_t)(dot - token);
    if (payload_chars / 4 * 3 > max_len + 3 || token_len - payload_chars - 1 != 43)
        return -1;
    if (helder_serve_b64_decode(given, &given_len, dot + 1, 43) != 0 ||
        given_len != HELDER_SERVE_MAC_LEN)
        return -1;
    char *payload = helder_xmalloc(payload_chars * 3 / 4 + 1);
    if (helder_serve_b64_decode((unsigned char *)payload, &len, token, payload_chars) != 0 ||
        len > max_len) {
        free(payload);
        return -1;
    }
    const char *parts[1] = {payload};
    size_t lens[1] = {len};
    helder_serve_mac(mac, key, purpose, parts, lens, 1);
    if (!helder_serve_equal(mac, given, sizeof mac)) {
        free(payload);
        return -1;
    }
    *out = payload;
    *out_len = len;
    return 0;
}
