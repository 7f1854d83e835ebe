/* Private to serve/: `helder serve`, the web front of helder. server.c drives libmicrohttpd,
 * site.c holds the forms and their cached pages, page.c writes the server's own pages, outbox.c
 * stores accepted submissions (Maildir), csrf.c and token.c authenticate, steps.c runs the step
 * by step mode, personal.c the personalised forms. docs/serve.md describes the whole.
 */
#ifndef HELDER_SERVE_SERVE_H
#define HELDER_SERVE_SERVE_H

#include <stddef.h>

#include "helder.h"
#include "model/buffer.h"

/* ---- options: what `helder serve` is started with ---- */

typedef struct {
    const char *forms_dir;       /* one folder per form, each with form.xml */
    const char *listen;          /* ADDR:PORT; IPv6 as [ADDR]:PORT */
    const char *outbox;          /* Maildir for accepted submissions; created when missing */
    const char *key_file;        /* the server key; created when missing; NULL: a fresh key */
    const char *intake_key_file; /* the intake system's shared secret; NULL: no intake */
    const char *access_log;      /* "-" (standard error, the default) or a file */
    const char *today;           /* YYYY-MM-DD for checks and renders; NULL: the local date */
    const char *public_url;      /* origin used in links given to the intake system; NULL: Host */
    unsigned threads;            /* threads answering requests; 0: 2 */
    unsigned writers;            /* threads committing to the outbox; 0: 2 */
    unsigned timeout;            /* seconds of inactivity before a connection is closed; 0: 10 */
    unsigned request_deadline;   /* seconds a whole request may take; 0: 30 */
    unsigned head_timeout;       /* seconds for the request line and headers; 0: 30 */
    unsigned max_connections;    /* 0: 1000 */
    unsigned max_per_ip;         /* 0: 32 */
    size_t max_body;             /* bytes; 0: 1 MiB */
    size_t connection_memory;    /* libmicrohttpd's per-connection memory; 0: 64 KiB */
    unsigned max_fields;         /* form fields in one POST; 0: 2000 */
    int secure_cookies;          /* add Secure to the cookie (behind TLS) */
    int quiet;                   /* no start-up message */
} helder_serve_options;

#define HELDER_SERVE_OPTIONS_INIT                                                                  \
    {                                                                                              \
        NULL, "127.0.0.1:8080", "outbox", NULL, NULL, "-", NULL, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0,  \
            0, 0, 0                                                                                \
    }

/* Run the server until SIGTERM or SIGINT; requests in flight are finished first. Progress and
 * problems are written to stderr (the start-up line says where to open it). Returns 0, or a
 * HELDER_E* code when it could not start (forms with errors, an address in use, an outbox that
 * cannot be written). */
int helder_serve_run(const helder_serve_options *opts);

/* ---- token.c: randomness, keys, MACs, base64url ---- */

#define HELDER_SERVE_KEY_LEN 32
#define HELDER_SERVE_MAC_LEN 32

/* Fill buf with len bytes from the kernel's random source; aborts when there is none. */
void helder_serve_random(void *buf, size_t len);
/* The server key from path: SHA-256 of the file's content without trailing white space (at least
 * 32 bytes). When the file is
 * missing and `create` is set, 32 random bytes are written to it (hex, mode 0600) first.
 * Returns 0, HELDER_EIO, or HELDER_EINVALID (a key file that is too short). */
int helder_serve_key_load(unsigned char key[HELDER_SERVE_KEY_LEN], const char *path, int create);
/* HMAC-SHA256 under key of: purpose, a 0 byte, then each of the n parts (length-prefixed). */
void helder_serve_mac(unsigned char out[HELDER_SERVE_MAC_LEN],
                      const unsigned char key[HELDER_SERVE_KEY_LEN], const char *purpose,
                      const char *const *parts, const size_t *lens, size_t n);
/* 1 when a[0..len) equals b[0..len), in time independent of where they differ. */
int helder_serve_equal(const void *a, const void *b, size_t len);
/* base64url without padding: out needs (len * 4 + 2) / 3 + 1 bytes; returns the length. */
size_t helder_serve_b64_encode(char *out, const void *data, size_t len);
/* Decode base64url (no padding); returns 0 or -1 for a bad character or length. out needs
 * len * 3 / 4 + 1 bytes. */
int helder_serve_b64_decode(unsigned char *out, size_t *out_len, const char *text, size_t len);
/* A sealed token: base64url(payload) "." base64url(MAC(purpose, payload)). Caller frees. */
char *helder_serve_token_seal(const unsigned char key[HELDER_SERVE_KEY_LEN], const char *purpose,
                              const char *payload, size_t len);
/* Open a sealed token: 0 with *out the payload (caller frees, NUL-terminated), or -1 when it is
 * malformed, over max_len, or its MAC does not match. */
int helder_serve_token_open(char **out, size_t *out_len,
                            const unsigned char key[HELDER_SERVE_KEY_LEN], const char *purpose,
                            const char *token, size_t token_len, size_t max_len);

/* ---- csrf.c: cross-site request forgery ---- */

#define HELDER_SERVE_CSRF_COOKIE "helder_csrf"
#define HELDER_SERVE_NONCE_CHARS 22 /* 16 random bytes, base64url */
#define HELDER_SERVE_CSRF_CHARS 43  /* a MAC, base64url */

/* The browser's nonce from a Cookie header into out (NUL-terminated), or 0 when it has none
 * that is well-formed. */
int helder_serve_csrf_nonce_from_cookie(char out[HELDER_SERVE_NONCE_CHARS + 1], const char *cookie);
/* A fresh nonce. */
void helder_serve_csrf_nonce_new(char out[HELDER_SERVE_NONCE_CHARS + 1]);
/* The token a page for `scope` (a form, or a personalised link) carries for this nonce. */
void helder_serve_csrf_token(char out[HELDER_SERVE_CSRF_CHARS + 1],
                             const unsigned char key[HELDER_SERVE_KEY_LEN], const char *nonce,
                             const char *scope);
/* 1 when token is the one for nonce and scope (constant time), else 0. */
int helder_serve_csrf_valid(const unsigned char key[HELDER_SERVE_KEY_LEN], const char *nonce,
                            const char *scope, const char *token, size_t token_len);
/* 1 when fetch metadata and Origin allow a state-changing request: Sec-Fetch-Site absent,
 * same-origin or none; Origin absent, "null" (sent under Referrer-Policy: no-referrer) or naming
 * host. Else 0. */
int helder_serve_fetch_allowed(const char *sec_fetch_site, const char *origin, const char *host);

/* ---- outbox.c: the Maildir ---- */

typedef struct helder_serve_outbox helder_serve_outbox;

/* Open (creating tmp/, new/ and cur/ when missing) the Maildir at dir, with `writers` threads
 * committing batches of submissions (0: 2). Returns 0 or HELDER_EIO. */
int helder_serve_outbox_open(helder_serve_outbox **out, const char *dir, unsigned writers);
/* Store everything queued, stop the writers, free. NULL does nothing. */
void helder_serve_outbox_close(helder_serve_outbox *outbox);

/* Called on a writer thread once an entry is durable (status 0) or could not be stored
 * (HELDER_EIO). */
typedef void (*helder_serve_outbox_fn)(int status, void *payload);

/* Queue an entry: the submission file REFERENCE.xml and its receipt REFERENCE.receipt. Both are
 * written to tmp/, synced to disk (with the rest of their batch), renamed into new/ (receipt
 * first) and new/ is synced before done is called. The buffers are the outbox's from here on (it
 * frees them). */
void helder_serve_outbox_submit(helder_serve_outbox *outbox, const char *reference,
                                char *submission, size_t submission_len, char *receipt,
                                size_t receipt_len, helder_serve_outbox_fn done, void *payload);
/* The same, waiting for it. Returns 0 or HELDER_EIO. */
int helder_serve_outbox_store(helder_serve_outbox *outbox, const char *reference, char *submission,
                              size_t submission_len, char *receipt, size_t receipt_len);
/* Read back REFERENCE.xml (from new/, or cur/ once a pipeline has taken it). Returns 0 with *out
 * the caller's, or HELDER_EIO when it is not there. */
int helder_serve_outbox_read(char **out, size_t *out_len, const helder_serve_outbox *outbox,
                             const char *reference);
/* A new reference: "H" YYMMDD "-" and 12 random characters (Crockford base32). */
void helder_serve_reference_new(char out[24]);
/* 1 when text has the shape of a reference (so it may be used in a file name), else 0. */
int helder_serve_reference_valid(const char *text);

#endif
