/* Private to serve/: what server.c hands the parts that answer requests (whole.c, steps.c,
 * personal.c, receipt.c): the server's state, one request's context, and the replies they build;
 * and what it asks of the access log (log.c) and the head deadline (heads.c).
 */
#ifndef HELDER_SERVE_HTTP_H
#define HELDER_SERVE_HTTP_H

#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "serve/serve.h"
#include "serve/site.h"

typedef struct helder_serve_server helder_serve_server;
struct MHD_Connection;

struct helder_serve_server {
    helder_serve_options opts;
    helder_serve_site site;
    unsigned char key[HELDER_SERVE_KEY_LEN];
    int has_intake_key;
    unsigned char intake_key[HELDER_SERVE_KEY_LEN]; /* SHA-256 of the intake system's secret */
    long today_days;                                /* for check: 0 is the local date */
    helder_serve_outbox *outbox;
    char *personal_dir; /* OUTBOX/personal: facts posted by intake */
    struct MHD_Daemon *daemon;
    FILE *log;
    int own_log;
};

/* The server fields of a POST (names starting with _), checked strictly. */
typedef struct {
    const char *csrf, *state, *go;
    size_t csrf_len, state_len, go_len;
    unsigned fields; /* all fields, the form's own included */
} helder_serve_fields;

/* Read the fields of a urlencoded body (body[0..len), not NUL-terminated) that start with _ (the
 * converter skips them) strictly: known names only (_csrf, _state, _go), once each, values of
 * token characters; a NUL anywhere or a key starting %5F is malformed. Counts every non-empty
 * field. *out points into body. Returns 0, -1 (malformed) or -2 (more than max fields). */
int helder_serve_parse_fields(helder_serve_fields *out, const char *body, size_t len, unsigned max);

/* The URL path as segments, for routing: /forms/ID/LANG, /receipt/REF/KEY, assets. */
#define HELDER_SERVE_SEGMENTS_MAX 6
typedef struct {
    const char *seg[HELDER_SERVE_SEGMENTS_MAX]; /* into the path, not NUL-terminated */
    size_t len[HELDER_SERVE_SEGMENTS_MAX];
    unsigned count;
} helder_serve_segments;

/* Split path (as requested, before any ?, not decoded) at '/'. "/" has no segments. Returns 0,
 * or -1 when it does not start with '/', has more than HELDER_SERVE_SEGMENTS_MAX segments, an
 * empty one ("//", a trailing '/') or a dot segment ("." or "..", %2E too): one address per page,
 * and no segment that climbs. Joined with '/', the segments are the path. */
int helder_serve_split_path(helder_serve_segments *out, const char *path);

/* The address a path with one trailing '/' stands for ("/forms/partner/nl/" for
 * "/forms/partner/nl"), into out[0..size): 0 when the path without that '/' splits, else -1.
 * What it gives starts with one '/' and never "//", so a redirect to it stays on this server. */
int helder_serve_without_trailing_slash(char *out, size_t size, const char *path);

/* What a handler answers. */
typedef struct {
    unsigned status;
    helder_buf body;
    const char *content_type; /* NULL: text/html; charset=utf-8 */
    char *location;           /* for 303, owned */
    int set_cookie;           /* the request's nonce is new: send it */
    int vary_language;        /* the page is in the request's ui_lang: Vary: Accept-Language */
    /* a valid submission to store before answering (helder_serve_reply_accept): server.c writes
       it to the outbox, then redirects to the receipt */
    char *store, *receipt;
    size_t store_len, receipt_len;
    char reference[24];
    const char *lang; /* the submission's language, one of its form's codes (for a failure) */
} helder_serve_reply;

/* One request, as the handlers see it. */
typedef struct {
    helder_serve_server *server;
    const char *host;                         /* the Host header */
    char nonce[HELDER_SERVE_NONCE_CHARS + 1]; /* the browser's CSRF nonce, or a new one */
    int nonce_is_new;
    const char *body; /* POST body, NUL-terminated */
    size_t body_len;
    helder_serve_fields fields;
    /* the language of the server's words where no form gives one (helder_serve_ui_lang: ?lang=,
     * Accept-Language, English) */
    const char *ui_lang;
    /* the outbox could not store the valid submission this request sent: the handler is asked
     * again, and where it would accept it shows the page it was sent from, with the answers and
     * word that it was not received at the top (helder_serve_page_errors, or
     * helder_serve_not_stored_html on a page of the server's own), with status 503 */
    int store_failed;
} helder_serve_request;

/* 1 when the POST's _csrf token belongs to the request's nonce and scope. */
int helder_serve_request_csrf_ok(const helder_serve_request *req, const char *scope);
/* A page of the server's own words with a status. */
void helder_serve_reply_message(helder_serve_reply *reply, unsigned status, const char *lang,
                                helder_serve_ui_id title, helder_serve_ui_id text,
                                const char *back_href);
/* Hidden fields every form page carries: the CSRF token for scope, and state (a sealed token)
 * when given. */
void helder_serve_hidden_fields(helder_buf *buf, const helder_serve_request *req, const char *scope,
                                const char *state);

/* Map check's findings to the errors the HTML renderer shows. *out and its strings are borrowed
 * from result; free the array only. */
size_t helder_serve_html_errors(helder_html_error **out, const helder_check_result *result);
/* The errors a form page sent from shows: check's, and first, when the outbox could not store
 * what req sent (req->store_failed), that it was not received (in lang, as an error about the
 * whole application: the page's error summary at its top says it). *message is that text or
 * NULL; the caller frees it and *out. */
size_t helder_serve_page_errors(helder_html_error **out, char **message,
                                const helder_serve_request *req, const helder_check_result *result,
                                const char *lang);

/* A rendered page (a form with answers and errors) with the hidden fields and the language switch
 * (links to NAV_BASE LANG NAV_SUFFIX) put in, appended to out. top_html (or NULL) goes after the
 * hidden fields at the start of the form, end_html (or NULL) just before its end tag. */
void helder_serve_finish_page(helder_buf *out, const char *html, size_t len,
                              const helder_serve_request *ctx, const helder_serve_form *form,
                              const char *lang, const char *scope, const char *state,
                              const char *nav_base, const char *nav_suffix, const char *top_html,
                              const char *end_html);

/* ---- the whole form at once (whole.c) ---- */

/* POST /forms/ID/LANG: the submission checked; accepted when valid (reply->store), else the form
 * again with the answers and their errors (422), or with word that it was not stored (503). */
void helder_serve_whole_form(helder_serve_reply *reply, helder_serve_request *req,
                             const helder_serve_form *form, unsigned lang);

/* ---- personalised forms (personal.c) ---- */

/* POST /api/personal?form=ID: facts from the intake system, answered with a JSON link. */
void helder_serve_intake(helder_serve_reply *reply, helder_serve_request *req,
                         const char *authorization, const char *form_id);
/* GET or POST /p/ID[/LANG]: the form simplified for the facts behind the link. */
void helder_serve_personal(helder_serve_reply *reply, helder_serve_request *req,
                           const char *const *seg, const size_t *len, unsigned count, int post);

/* ---- what the answers decide (known.c) ---- */

/* The answers a check result holds, as given in the submission, as facts (urn:helder:facts:1):
 * answers become facts, repeats the submission gives groups with an item for each of its items
 * (plan: the result's form in any language, for its questions). *out is the caller's. Returns 0,
 * or HELDER_EINVALID when the result is not readable. */
int helder_serve_answers_as_facts(char **out, size_t *out_len, const helder_check_result *result,
                                  const helder_render_plan *plan);
/* form simplified for the answers of a check result (helder_simplify): what is left can still
 * apply. *out is the caller's (helder_form_free). Returns 0, or an error when the answers cannot
 * serve as facts (then decide nothing). */
int helder_serve_decided_form(helder_form **out, const helder_serve_form *form, const char *today,
                              const helder_check_result *result);

/* The ids of the sections that can still apply given the answers of a check result, in order.
 * *out is the caller's (each string and the array). Returns 0 or an error (then decide
 * nothing). */
int helder_serve_decided_sections(char ***out, size_t *count, const helder_serve_form *form,
                                  const char *today, const helder_check_result *result);

/* ---- step by step (steps.c) ---- */

/* GET or POST /forms/ID/LANG/steps: one section per page, Back and Continue, then "check your
 * answers", then the submission as a whole form would send it (posted to the outbox by
 * accept). */
void helder_serve_steps(helder_serve_reply *reply, helder_serve_request *req,
                        const helder_serve_form *form, unsigned lang, int post);

/* The answers so far a step-by-step page carries, from the payload of its sealed state token
 * (whose MAC is checked first): FORM "\n" LANG "\n" STEP "\n" FIELDS. Returns 0 with *step (a
 * decimal from 1) and *fields (into payload, *fields_len bytes), or -1 when it does not name
 * form_id and lang or its step is not such a number. Reads payload[0..len) only. */
int helder_serve_state_decode(const char *payload, size_t len, const char *form_id,
                              const char *lang, unsigned *step, const char **fields,
                              size_t *fields_len);

/* Check a submission (from a POST) against form; when invalid, *page is the form again with the
 * answers and the errors (caller frees). Returns what helder_check_submission does. */
int helder_serve_check(helder_check_result **out, const helder_serve_server *server,
                       const helder_serve_form *form, const char *submission, size_t len);

/* ---- receipts (receipt.c) ---- */

/* Accept a valid submission (result of checking it against form): the cleaned submission with a
 * new reference and the time, and its receipt, go into reply to be stored. Returns 0, or
 * HELDER_EINVALID when the cleaned submission cannot be had. */
int helder_serve_reply_accept(helder_serve_reply *reply, const helder_serve_form *form,
                              const helder_check_result *result);
/* The KEY of /receipt/REF/KEY: the MAC of reference under key, base64url, 32 characters. */
void helder_serve_receipt_key(char out[44], const unsigned char *key, const char *reference);
/* What the outbox holds for /receipt/REFERENCE/KEY, checked against the form it names (*form,
 * borrowed from server). Returns the check result (the caller's, with *submission, *len bytes),
 * or NULL when the key is wrong or the submission gone. */
helder_check_result *helder_serve_receipt_load(char **submission, size_t *len,
                                               const helder_serve_form **form,
                                               const helder_serve_server *server,
                                               const char *reference, const char *key,
                                               size_t key_len);
/* The receipt page in lang (one of form's) for a loaded submission, appended to page: the
 * reference, when it was received, the PDF link (KEY: key[0..key_len)), the documents that apply
 * and a summary of the answers. */
void helder_serve_receipt_page(helder_buf *page, const helder_serve_server *server,
                               const helder_serve_form *form, const helder_check_result *result,
                               const char *lang, const char *reference, const char *key,
                               size_t key_len);

/* ---- the access log (log.c) ---- */

/* Milliseconds since start (CLOCK_MONOTONIC). */
double helder_serve_elapsed_ms(const struct timespec *start);
/* The client's address of connection (NULL: none) as text, or "-". */
void helder_serve_client_address(char out[INET6_ADDRSTRLEN], struct MHD_Connection *connection);
/* A request's line in log (NULL: no log): path with personalised links and receipt keys left
 * out; status 0 when libmicrohttpd closed it without an answer; reference "" when none was
 * stored; the time taken is measured from start as the line is written. */
void helder_serve_log_request(FILE *log, struct MHD_Connection *connection, const char *method,
                              const char *path, unsigned status, size_t sent,
                              const struct timespec *start, const char *reference);
/* A line for each of count connections (their addresses) the head deadline of seconds cut. */
void helder_serve_log_cut(FILE *log, char (*address)[INET6_ADDRSTRLEN], size_t count,
                          unsigned seconds);
/* libmicrohttpd's own messages (MHD_OPTION_EXTERNAL_LOGGER; cls: the helder_serve_server). */
void helder_serve_log_mhd(void *cls, const char *fmt, va_list ap);
/* The last line: stopped by signal sig. */
void helder_serve_log_stopped(FILE *log, int sig);

/* ---- the head deadline (heads.c) ----
 * A request head (request line and headers) must be complete within a number of seconds of its
 * start, else a watchdog thread cuts its connection: libmicrohttpd's own timeout only measures
 * idleness. One per process. */

/* Before the daemon starts (its callbacks use the list at once): heads have seconds. */
void helder_serve_heads_init(unsigned seconds);
/* Start the watchdog, logging what it cuts to log (NULL: no log). Returns 0, or -1 when the
 * thread cannot be started. */
int helder_serve_heads_start(FILE *log);
/* Once the daemon has stopped (every connection closed): stop the watchdog if it was started, and
 * undo helder_serve_heads_init. */
void helder_serve_heads_stop(void);
/* MHD_CONNECTION_NOTIFY_STARTED: the connection is watched (its *socket_context), its first head
 * begins. */
void helder_serve_heads_connected(struct MHD_Connection *connection, void **socket_context);
/* MHD_CONNECTION_NOTIFY_CLOSED: no longer watched, before libmicrohttpd closes the socket. */
void helder_serve_heads_closed(void **socket_context);
/* The handler's first call for a request: the head is in, no deadline until the response has
 * been sent. */
void helder_serve_heads_complete(struct MHD_Connection *connection);
/* A response was sent and the connection is kept: the next head starts now (unless the watchdog
 * cut it). */
void helder_serve_heads_restart(struct MHD_Connection *connection);

#endif
