/* The digests a simplified form records of its source form and of the facts it was made for.
 * Nettle computes them: it is already linked for the server's tokens, and a digest is no place
 * for hand-written cryptography.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <nettle/sha2.h>

#include "helder.h"

void helder_sha256_hex(char out[72], const void *data, size_t len)
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, data);
    sha256_digest(&ctx, sizeof digest, digest);
    memcpy(out, "sha256:", 7);
    for (size_t i = 0; i < sizeof digest; i++)
        snprintf(out + 7 + 2 * i, 3, "%02x", digest[i]);
}
