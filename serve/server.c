/* `helder serve`: libmicrohttpd under SECURITY.md's HTTP rules (timeouts, connection, per-address
 * and memory limits, a body cap counted here, strict form data, CSRF, security headers), routing
 * to the forms, the receipt and the filled PDF, one access-log line per request, and a graceful
 * stop on SIGTERM. Valid submissions wait in a suspended connection until the outbox has them on
 * disk; only then is the applicant sent to the receipt.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <nettle/sha2.h>

#include "model/model.h"
#include "serve/http.h"

#define CSP                                                                                        \
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action "        \
    "'self'; frame-ancestors 'none'; base-uri 'none'"
#define STOP_GRACE_SECONDS 30

extern const char helder_html_style_css[], helder_html_style_css_end[];
extern const char helder_html_script_js[], helder_html_script_js_end[];

typedef enum { PHASE_NEW, PHASE_BODY, PHASE_STORING, PHASE_STORED } phase;

typedef struct {
    helder_serve_server *server;
    struct MHD_Connection *connection;
    char *path; /* as requested, for the log */
    char method[8];
    struct timespec start;
    phase phase;
    helder_buf body;
    int too_big;
    unsigned status; /* 0: answered by libmicrohttpd itself */
    size_t sent;
    /* a valid submission on its way to disk */
    int store_status;
    char reference[24];
    char *location;
    char nonce[HELDER_SERVE_NONCE_CHARS + 1];
    int set_cookie;
    /* the server's own words where no form gives a language (helder_serve_ui_lang) */
    const char *ui_lang;
    int vary_language;     /* a page in ui_lang: the answer depends on Accept-Language */
    const char *form_lang; /* a submission being stored: its form's language, for a failure */
    int store_failed;      /* it could not be stored: routed again to show its page (route) */
} request;

static atomic_int in_flight;

/* ---- helpers ---- */

static double elapsed_ms(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) * 1e3 +
           (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

static void add_security_headers(struct MHD_Response *response)
{
    MHD_add_response_header(response, "Content-Security-Policy", CSP);
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(response, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(response, "Cache-Control", "no-store");
    MHD_add_response_header(response, "X-Frame-Options", "DENY");
}

static void add_cookie(const request *req, struct MHD_Response *response)
{
    char cookie[128];
    snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
             HELDER_SERVE_CSRF_COOKIE, req->nonce,
             req->server->opts.secure_cookies ? "; Secure" : "");
    MHD_add_response_header(response, "Set-Cookie", cookie);
}

static enum MHD_Result queue(request *req, unsigned status, struct MHD_Response *response,
                             size_t size)
{
    add_security_headers(response);
    if (req->set_cookie)
        add_cookie(req, response);
    if (req->vary_language)
        MHD_add_response_header(response, "Vary", "Accept-Language");
    req->status = status;
    req->sent = size;
    enum MHD_Result rc = MHD_queue_response(req->connection, status, response);
    MHD_destroy_response(response);
    return rc;
}

static enum MHD_Result send_buf(request *req, unsigned status, helder_buf *buf,
                                const char *content_type)
{
    size_t len = buf->len;
    struct MHD_Response *response =
        MHD_create_response_from_buffer(len, buf->data ? buf->data : (char *)"",
                                        buf->data ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    buf->data = NULL;
    buf->len = buf->cap = 0;
    MHD_add_response_header(response, "Content-Type",
                            content_type ? content_type : "text/html; charset=utf-8");
    return queue(req, status, response, len);
}

/* lang: the form's language, or NULL where there is none (the request's own). */
static enum MHD_Result send_message(request *req, unsigned status, const char *lang,
                                    helder_serve_ui_id title, helder_serve_ui_id text,
                                    const char *back)
{
    helder_buf buf = {0};
    if (!lang) {
        lang = req->ui_lang;
        req->vary_language = 1;
    }
    helder_serve_page_message(&buf, lang, title, text, back);
    return send_buf(req, status, &buf, NULL);
}

static enum MHD_Result send_plain(request *req, unsigned status, const char *text)
{
    helder_buf buf = {0};
    helder_buf_puts(&buf, text);
    return send_buf(req, status, &buf, "text/plain; charset=utf-8");
}

static enum MHD_Result send_redirect(request *req, const char *location)
{
    struct MHD_Response *response =
        MHD_create_response_from_buffer(0, (char *)"", MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(response, "Location", location);
    return queue(req, MHD_HTTP_SEE_OTHER, response, 0);
}

static enum MHD_Result send_reply(request *req, helder_serve_reply *reply)
{
    enum MHD_Result rc;
    if (reply->set_cookie)
        req->set_cookie = 1;
    if (reply->vary_language)
        req->vary_language = 1;
    if (reply->location) {
        rc = send_redirect(req, reply->location);
        helder_buf_free(&reply->body);
    } else {
        rc = send_buf(req, reply->status ? reply->status : 200, &reply->body, reply->content_type);
    }
    free(reply->location);
    return rc;
}

/* ---- the access log ---- */

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

/* The path without what a log must not keep: personalised links and receipt keys. */
static void log_path(char *out, size_t size, const char *path)
{
    size_t used = 0;
    int redact = strncmp(path, "/p/", 3) == 0 ? 3 : strncmp(path, "/receipt/", 9) == 0 ? 9 : 0;
    for (const char *at = path; *at && used + 8 < size; at++) {
        unsigned char c = (unsigned char)*at;
        if (redact && at - path == redact) {
            if (redact == 3) {
                used += (size_t)snprintf(out + used, size - used, "…");
                at += strcspn(at, "/") - 1;
                redact = 0;
                continue;
            }
            /* /receipt/REF/KEY: keep REF */
            size_t ref = strcspn(at, "/");
            memcpy(out + used, at, ref < size - used - 8 ? ref : 0);
            used += ref < size - used - 8 ? ref : 0;
            at += ref;
            if (*at == '/') {
                used += (size_t)snprintf(out + used, size - used, "/…");
                at++;
                at += strcspn(at, "/");
            }
            redact = 0;
            if (!*at)
                break;
        }
        if (c < 0x21 || c == '"' || c == '\\' || c >= 0x7f)
            used += (size_t)snprintf(out + used, size - used, "%%%02X", c);
        else
            out[used++] = (char)c;
    }
    out[used] = '\0';
}

/* The client's address as text, or "-". */
static void client_address(char out[INET6_ADDRSTRLEN], struct MHD_Connection *connection)
{
    const union MHD_ConnectionInfo *info =
        connection ? MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS) : NULL;
    snprintf(out, INET6_ADDRSTRLEN, "-");
    if (info && info->client_addr) {
        const struct sockaddr *sa = info->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                      INET6_ADDRSTRLEN);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                      INET6_ADDRSTRLEN);
    }
}

static void log_time(char when[40])
{
    time_t now = time(NULL);
    struct tm local;
    localtime_r(&now, &local);
    strftime(when, 40, "%Y-%m-%dT%H:%M:%S%z", &local);
}

static void log_request(const request *req)
{
    helder_serve_server *server = req->server;
    char address[INET6_ADDRSTRLEN], when[40], path[512];
    if (!server->log)
        return;
    client_address(address, req->connection);
    log_time(when);
    log_path(path, sizeof path, req->path ? req->path : "-");
    pthread_mutex_lock(&log_lock);
    if (req->status)
        fprintf(server->log, "%s %s \"%s %s\" %u %zu %.1fms%s%s\n", address, when, req->method,
                path, req->status, req->sent, elapsed_ms(&req->start),
                req->reference[0] ? " ref=" : "", req->reference);
    else
        fprintf(server->log, "%s %s \"%s %s\" - 0 %.1fms (closed by the server's limits)\n",
                address, when, req->method, path, elapsed_ms(&req->start));
    fflush(server->log);
    pthread_mutex_unlock(&log_lock);
}

/* ---- the head deadline ----
 *
 * libmicrohttpd 0.9.75's timeout measures idleness only: a client that trickles a header byte
 * every few seconds keeps its connection, and a place under --max-connections, forever. So each
 * connection whose request head (request line and headers) is under way is listed here with the
 * time that head began: when the connection opened, or when the previous response on it was sent
 * (NOTIFY_COMPLETED). The handler's first call for a request (the head is complete) takes it off.
 * A watchdog thread shuts down the socket of a connection still listed after --head-timeout
 * seconds; libmicrohttpd sees the peer gone and closes and frees the connection itself.
 *
 * shutdown(), never close(): the descriptor is libmicrohttpd's. It notifies
 * MHD_CONNECTION_NOTIFY_CLOSED before it closes the socket (MHD_cleanup_connections: the
 * notification, then EPOLL_CTL_DEL, then close, on the connection's own thread), and that
 * notification takes the entry off the list under the same lock the watchdog holds while it shuts
 * sockets down, so a descriptor that was closed and reused for another connection is never hit.
 *
 * An entry always goes on at the tail with the current time, so the list is in order of deadline
 * and the watchdog looks at its front only. */

typedef struct head_watch head_watch;
struct head_watch {
    head_watch *prev, *next;
    int listed; /* on the list: a head is under way */
    int cut;    /* shut down by the watchdog: never listed again */
    MHD_socket fd;
    struct timespec since; /* when the head under way began */
    char address[INET6_ADDRSTRLEN];
};

static pthread_mutex_t heads_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t heads_wake; /* on CLOCK_MONOTONIC: set up by helder_serve_run */
static head_watch *heads_first, *heads_last;
static unsigned heads_seconds;
static int heads_stop;

/* Both with heads_lock held. */
static void heads_unlink(head_watch *w)
{
    if (!w->listed)
        return;
    if (w->prev)
        w->prev->next = w->next;
    else
        heads_first = w->next;
    if (w->next)
        w->next->prev = w->prev;
    else
        heads_last = w->prev;
    w->prev = w->next = NULL;
    w->listed = 0;
}

static void heads_append(head_watch *w)
{
    heads_unlink(w);
    clock_gettime(CLOCK_MONOTONIC, &w->since);
    w->prev = heads_last;
    if (heads_last)
        heads_last->next = w;
    else
        heads_first = w;
    heads_last = w;
    w->listed = 1;
    if (heads_first == w)
        pthread_cond_signal(&heads_wake); /* the watchdog had nothing to wait for */
}

static void connection_notify(void *cls, struct MHD_Connection *connection, void **socket_context,
                              enum MHD_ConnectionNotificationCode code)
{
    head_watch *w = *socket_context;
    (void)cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (!info)
            return; /* not watched; libmicrohttpd's idle timeout still applies */
        w = helder_xcalloc(1, sizeof *w);
        w->fd = info->connect_fd;
        client_address(w->address, connection);
        pthread_mutex_lock(&heads_lock);
        heads_append(w);
        pthread_mutex_unlock(&heads_lock);
        *socket_context = w;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && w) {
        pthread_mutex_lock(&heads_lock);
        heads_unlink(w);
        pthread_mutex_unlock(&heads_lock);
        free(w);
        *socket_context = NULL;
    }
}

static head_watch *watch_of(struct MHD_Connection *connection)
{
    const union MHD_ConnectionInfo *info =
        connection ? MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT) : NULL;
    return info ? info->socket_context : NULL;
}

/* The head is in: no deadline until the response has been sent. */
static void head_complete(struct MHD_Connection *connection)
{
    head_watch *w = watch_of(connection);
    if (!w)
        return;
    pthread_mutex_lock(&heads_lock);
    heads_unlink(w);
    pthread_mutex_unlock(&heads_lock);
}

/* A response was sent and the connection is kept: the next head starts now. */
static void head_restart(struct MHD_Connection *connection)
{
    head_watch *w = watch_of(connection);
    if (!w)
        return;
    pthread_mutex_lock(&heads_lock);
    if (!w->cut)
        heads_append(w);
    pthread_mutex_unlock(&heads_lock);
}

static int head_due(const head_watch *w, const struct timespec *now)
{
    return now->tv_sec - w->since.tv_sec > (time_t)heads_seconds ||
           (now->tv_sec - w->since.tv_sec == (time_t)heads_seconds &&
            now->tv_nsec >= w->since.tv_nsec);
}

static void *head_watchdog(void *arg)
{
    helder_serve_server *server = arg;
    char cut[16][INET6_ADDRSTRLEN];
    pthread_mutex_lock(&heads_lock);
    while (!heads_stop) {
        struct timespec now;
        size_t ncut = 0;
        clock_gettime(CLOCK_MONOTONIC, &now);
        while (heads_first && ncut < sizeof cut / sizeof cut[0] && head_due(heads_first, &now)) {
            head_watch *w = heads_first;
            shutdown(w->fd, SHUT_RDWR);
            w->cut = 1;
            memcpy(cut[ncut++], w->address, sizeof w->address);
            heads_unlink(w);
        }
        if (ncut > 0) {
            /* logged without the lock, so a slow log never holds up libmicrohttpd's threads; no
             * byte the client sent is written, only its address */
            pthread_mutex_unlock(&heads_lock);
            if (server->log) {
                char when[40];
                log_time(when);
                pthread_mutex_lock(&log_lock);
                for (size_t i = 0; i < ncut; i++)
                    fprintf(server->log,
                            "%s %s \"- -\" - 0 (request head not complete in %u s: connection "
                            "cut)\n",
                            cut[i], when, heads_seconds);
                fflush(server->log);
                pthread_mutex_unlock(&log_lock);
            }
            pthread_mutex_lock(&heads_lock);
            continue;
        }
        if (heads_first) {
            struct timespec deadline = heads_first->since;
            deadline.tv_sec += (time_t)heads_seconds;
            pthread_cond_timedwait(&heads_wake, &heads_lock, &deadline);
        } else {
            pthread_cond_wait(&heads_wake, &heads_lock);
        }
    }
    pthread_mutex_unlock(&heads_lock);
    return NULL;
}

/* ---- libmicrohttpd callbacks ---- */

/* Called as soon as the request line is in: every request gets its context (and its log line)
 * here, also the ones libmicrohttpd refuses before the handler runs. */
static void *request_begin(void *cls, const char *uri, struct MHD_Connection *connection)
{
    request *req = helder_xcalloc(1, sizeof *req);
    req->server = cls;
    req->connection = connection;
    size_t path_len = strcspn(uri, "?");
    req->path = helder_xstrndup(uri, path_len < 2000 ? path_len : 2000);
    snprintf(req->method, sizeof req->method, "-");
    clock_gettime(CLOCK_MONOTONIC, &req->start);
    atomic_fetch_add(&in_flight, 1);
    return req;
}

static void request_end(void *cls, struct MHD_Connection *connection, void **con_cls,
                        enum MHD_RequestTerminationCode code)
{
    request *req = *con_cls;
    (void)cls;
    if (code == MHD_REQUEST_TERMINATED_COMPLETED_OK)
        head_restart(connection); /* any other end closes the connection */
    if (!req)
        return;
    log_request(req);
    helder_buf_free(&req->body);
    free(req->location);
    free(req->path);
    free(req);
    *con_cls = NULL;
    atomic_fetch_sub(&in_flight, 1);
}

int helder_serve_request_csrf_ok(const helder_serve_request *req, const char *scope)
{
    if (req->nonce_is_new || !req->fields.csrf)
        return 0;
    return helder_serve_csrf_valid(req->server->key, req->nonce, scope, req->fields.csrf,
                                   req->fields.csrf_len);
}

void helder_serve_reply_message(helder_serve_reply *reply, unsigned status, const char *lang,
                                helder_serve_ui_id title, helder_serve_ui_id text,
                                const char *back_href)
{
    reply->status = status;
    helder_serve_page_message(&reply->body, lang ? lang : "en", title, text, back_href);
}

void helder_serve_hidden_fields(helder_buf *buf, const helder_serve_request *req, const char *scope,
                                const char *state)
{
    char token[HELDER_SERVE_CSRF_CHARS + 1];
    helder_serve_csrf_token(token, req->server->key, req->nonce, scope);
    helder_buf_printf(buf, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">", token);
    if (state) {
        helder_buf_puts(buf, "<input type=\"hidden\" name=\"_state\" value=\"");
        helder_buf_puts(buf, state); /* base64url and '.', nothing to escape */
        helder_buf_puts(buf, "\">");
    }
}

/* ---- checking and accepting ---- */

size_t helder_serve_html_errors(helder_html_error **out, const helder_check_result *result)
{
    const helder_check_finding *findings;
    size_t count = helder_check_result_findings(result, &findings), used = 0;
    helder_html_error *errors = helder_xcalloc(count + 1, sizeof *errors);
    for (size_t i = 0; i < count; i++) {
        if (findings[i].severity != HELDER_SEVERITY_ERROR)
            continue;
        errors[used].id = findings[i].question;
        errors[used].item = findings[i].item;
        errors[used].message = findings[i].message;
        used++;
    }
    *out = errors;
    return used;
}

size_t helder_serve_page_errors(helder_html_error **out, char **message,
                                const helder_serve_request *req, const helder_check_result *result,
                                const char *lang)
{
    helder_html_error *found = NULL;
    size_t count = helder_serve_html_errors(&found, result);
    *message = NULL;
    if (!req->store_failed) {
        *out = found;
        return count;
    }
    helder_buf text = {0};
    helder_buf_printf(&text, "%s. %s", helder_serve_ui(lang, HELDER_UI_NOT_STORED),
                      helder_serve_ui(lang, HELDER_UI_NOT_STORED_TEXT));
    *out = helder_xcalloc(count + 2, sizeof **out);
    (*out)[0].message = *message = text.data;
    memcpy(*out + 1, found, count * sizeof *found);
    free(found);
    return count + 1;
}

int helder_serve_check(helder_check_result **out, const helder_serve_server *server,
                       const helder_serve_form *form, const char *submission, size_t len)
{
    helder_check_options opts = HELDER_CHECK_OPTIONS_INIT;
    opts.today = server->today_days;
    opts.max_bytes = server->opts.max_body * 2 + 4096;
    return helder_check_submission(out, form->plan, submission, len, "submission", &opts);
}

/* xsd:dateTime of now, local time with its offset. */
static void received_now(char out[40])
{
    time_t now = time(NULL);
    struct tm local;
    char zone[8];
    localtime_r(&now, &local);
    strftime(out, 40, "%Y-%m-%dT%H:%M:%S", &local);
    strftime(zone, sizeof zone, "%z", &local);
    if (strlen(zone) == 5)
        snprintf(out + strlen(out), 8, "%.3s:%.2s", zone, zone + 3);
}

int helder_serve_reply_accept(helder_serve_reply *reply, const helder_serve_form *form,
                              const helder_check_result *result)
{
    char *clean = NULL, received[40], digest_hex[65];
    size_t clean_len = 0;
    unsigned char digest[SHA256_DIGEST_SIZE];
    int rc = helder_check_result_normalized(&clean, &clean_len, result);
    if (rc != HELDER_OK)
        return rc;
    const char *root = strstr(clean, "<submission");
    if (!root || strstr(clean, " reference=") || strstr(clean, " received=")) {
        free(clean);
        return HELDER_EINVALID;
    }
    helder_serve_reference_new(reply->reference);
    received_now(received);
    size_t insert = (size_t)(root - clean) + strlen("<submission");
    helder_buf stored = {0};
    helder_buf_put(&stored, clean, insert);
    helder_buf_printf(&stored, " reference=\"%s\" received=\"%s\"", reply->reference, received);
    helder_buf_put(&stored, clean + insert, clean_len - insert);
    free(clean);

    struct sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, stored.len, (const uint8_t *)stored.data);
    sha256_digest(&ctx, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++)
        snprintf(digest_hex + 2 * i, 3, "%02x", digest[i]);

    helder_buf receipt = {0};
    const char *lang = helder_check_result_lang(result);
    reply->lang = form->codes[0];
    for (unsigned i = 0; lang && i < form->nlangs; i++)
        if (strcmp(form->codes[i], lang) == 0)
            reply->lang = form->codes[i];
    helder_buf_printf(&receipt,
                      "reference: %s\nreceived: %s\nform: %s\nversion: %s\nlanguage: %s\n"
                      "submission: %s.xml\nsha256: %s\n",
                      reply->reference, received, form->id, helder_form_version(form->form),
                      lang ? lang : form->codes[0], reply->reference, digest_hex);
    reply->store = stored.data;
    reply->store_len = stored.len;
    reply->receipt = receipt.data;
    reply->receipt_len = receipt.len;
    return HELDER_OK;
}

/* /receipt/REF/KEY: KEY is the MAC of REF, so only who sent it can see it. */
static void receipt_key(char out[44], const unsigned char *key, const char *reference)
{
    unsigned char mac[HELDER_SERVE_MAC_LEN];
    const char *parts[1] = {reference};
    size_t lens[1] = {strlen(reference)};
    helder_serve_mac(mac, key, "receipt", parts, lens, 1);
    helder_serve_b64_encode(out, mac, 24);
}

static void stored(int status, void *payload)
{
    request *req = payload;
    req->store_status = status;
    req->phase = PHASE_STORED;
    MHD_resume_connection(req->connection);
}

/* ---- pages ---- */

static void free_hidden(void *cls)
{
    free(cls);
}

/* A blank form from the cache: head, the hidden fields, tail. */
static enum MHD_Result send_form(request *req, helder_serve_request *ctx,
                                 const helder_serve_form *form, unsigned lang)
{
    const helder_serve_split *page = &form->langs[lang].page;
    helder_buf hidden = {0};
    helder_serve_hidden_fields(&hidden, ctx, form->id, NULL);
    struct MHD_IoVec iov[3] = {
        {page->head, page->head_len}, {hidden.data, hidden.len}, {page->tail, page->tail_len}};
    struct MHD_Response *response =
        MHD_create_response_from_iovec(iov, 3, free_hidden, hidden.data);
    MHD_add_response_header(response, "Content-Type", "text/html; charset=utf-8");
    return queue(req, 200, response, page->head_len + hidden.len + page->tail_len);
}

void helder_serve_finish_page(helder_buf *out, const char *html, size_t len,
                              const helder_serve_request *ctx, const helder_serve_form *form,
                              const char *lang, const char *scope, const char *state,
                              const char *nav_base, const char *nav_suffix, const char *top_html,
                              const char *end_html)
{
    helder_buf nav = {0}, hidden = {0};
    helder_serve_split split;
    if (nav_base)
        helder_serve_language_nav(&nav, lang, nav_base, nav_suffix, form->codes, form->nlangs);
    if (helder_serve_split_page(&split, html, len, nav.data) != 0) {
        helder_buf_put(out, html, len);
    } else {
        size_t end = end_html ? helder_serve_form_end(split.tail, split.tail_len) : 0;
        helder_serve_hidden_fields(&hidden, ctx, scope, state);
        helder_buf_put(out, split.head, split.head_len);
        helder_buf_put(out, hidden.data ? hidden.data : "", hidden.len);
        if (top_html)
            helder_buf_puts(out, top_html);
        if (end_html) {
            helder_buf_put(out, split.tail, end);
            helder_buf_puts(out, end_html);
            helder_buf_put(out, split.tail + end, split.tail_len - end);
        } else {
            helder_buf_put(out, split.tail, split.tail_len);
        }
        helder_serve_split_free(&split);
    }
    helder_buf_free(&nav);
    helder_buf_free(&hidden);
}

static void ignore_diag(const helder_diag *diag, void *payload)
{
    (void)diag;
    (void)payload;
}

/* POST /forms/ID/LANG: the whole form at once. */
static void submit_form(helder_serve_reply *reply, helder_serve_request *ctx,
                        const helder_serve_form *form, unsigned lang)
{
    const char *code = form->codes[lang];
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(ignore_diag, NULL);
    char *submission = NULL;
    size_t submission_len = 0;
    helder_check_result *result = NULL;
    char back[256];
    snprintf(back, sizeof back, "/forms/%s/%s", form->id, code);

    if (!helder_serve_request_csrf_ok(ctx, form->id)) {
        helder_serve_reply_message(reply, 403, code, HELDER_UI_EXPIRED, HELDER_UI_EXPIRED_TEXT,
                                   back);
        return;
    }
    if (helder_form_data_to_submission(&submission, &submission_len, form->form, ctx->body,
                                       ctx->body_len, code, &sink) != HELDER_OK) {
        helder_serve_reply_message(reply, 400, code, HELDER_UI_BAD_REQUEST,
                                   HELDER_UI_BAD_REQUEST_TEXT, back);
        free(submission);
        return;
    }
    int rc = helder_serve_check(&result, ctx->server, form, submission, submission_len);
    if (rc == HELDER_OK && !ctx->store_failed) {
        if (helder_serve_reply_accept(reply, form, result) != HELDER_OK)
            helder_serve_reply_message(reply, 500, code, HELDER_UI_SERVER_ERROR,
                                       HELDER_UI_SERVER_ERROR_TEXT, back);
    } else if (result && (rc == HELDER_OK || rc == HELDER_EINVALID)) {
        /* the form again with the answers: with their errors (422), or valid but not stored
         * (503), saying so where errors go */
        helder_html_options opts = HELDER_HTML_OPTIONS_INIT;
        helder_html_error *errors = NULL;
        char *html = NULL, *not_stored = NULL;
        size_t html_len = 0;
        opts.lang = code;
        opts.today = ctx->server->site.today;
        opts.submission = submission;
        opts.submission_len = submission_len;
        opts.submission_name = "submission";
        opts.nerrors = helder_serve_page_errors(&errors, &not_stored, ctx, result, code);
        opts.errors = errors;
        if (helder_render_html(&html, &html_len, form->form, &opts, &sink) == HELDER_OK) {
            char base[256];
            snprintf(base, sizeof base, "/forms/%s/", form->id);
            reply->status = rc == HELDER_OK ? 503 : 422;
            helder_serve_finish_page(&reply->body, html, html_len, ctx, form, code, form->id, NULL,
                                     base, NULL, NULL, NULL);
        } else {
            helder_serve_reply_message(reply, 500, code, HELDER_UI_SERVER_ERROR,
                                       HELDER_UI_SERVER_ERROR_TEXT, back);
        }
        free(not_stored);
        free(html);
        free(errors);
    } else {
        helder_serve_reply_message(reply, 400, code, HELDER_UI_BAD_REQUEST,
                                   HELDER_UI_BAD_REQUEST_TEXT, back);
    }
    helder_check_result_free(result);
    free(submission);
}

/* Load what the outbox holds for a receipt URL; NULL when the key is wrong or it is gone. */
static helder_check_result *load_receipt(char **submission, size_t *len,
                                         const helder_serve_form **form, request *req,
                                         const char *reference, const char *key, size_t key_len)
{
    helder_serve_server *server = req->server;
    char expected[44];
    helder_check_result *result = NULL;
    *submission = NULL;
    if (!helder_serve_reference_valid(reference))
        return NULL;
    receipt_key(expected, server->key, reference);
    if (key_len != strlen(expected) || !helder_serve_equal(expected, key, key_len))
        return NULL;
    if (helder_serve_outbox_read(submission, len, server->outbox, reference) != HELDER_OK)
        return NULL;
    for (size_t f = 0; f < server->site.nforms && !result; f++) {
        helder_check_options opts = HELDER_CHECK_OPTIONS_INIT;
        opts.today = server->today_days;
        opts.max_bytes = *len + 1;
        helder_check_submission(&result, server->site.forms[f].plan, *submission, *len, reference,
                                &opts);
        const char *id = result ? helder_check_result_attr(result, "form") : NULL;
        if (id && strcmp(id, server->site.forms[f].id) == 0) {
            *form = &server->site.forms[f];
            break;
        }
        helder_check_result_free(result);
        result = NULL;
    }
    if (!result) {
        free(*submission);
        *submission = NULL;
    }
    return result;
}

static enum MHD_Result send_receipt(request *req, const char *reference, const char *key,
                                    size_t key_len, int pdf)
{
    helder_serve_server *server = req->server;
    const helder_serve_form *form = NULL;
    char *submission;
    size_t len;
    helder_check_result *result =
        load_receipt(&submission, &len, &form, req, reference, key, key_len);
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(ignore_diag, NULL);
    if (!result)
        return send_message(req, 404, NULL, HELDER_UI_NOT_FOUND, HELDER_UI_NOT_FOUND_TEXT, "/");
    const char *lang = helder_check_result_attr(result, "xml:lang");
    if (!lang || helder_serve_form_lang(form, lang, strlen(lang)) < 0)
        lang = form->codes[0];
    enum MHD_Result rc;
    if (pdf) {
        helder_pdf_options opts = HELDER_PDF_OPTIONS_INIT;
        char *doc = NULL;
        size_t doc_len = 0;
        opts.lang = lang;
        opts.submission = submission;
        opts.submission_len = len;
        opts.submission_name = reference;
        opts.today = server->site.today;
        if (helder_render_pdf(&doc, &doc_len, form->form, &opts, &sink) == HELDER_OK) {
            struct MHD_Response *response =
                MHD_create_response_from_buffer(doc_len, doc, MHD_RESPMEM_MUST_FREE);
            char disposition[96];
            snprintf(disposition, sizeof disposition, "inline; filename=\"%s.pdf\"", reference);
            MHD_add_response_header(response, "Content-Type", "application/pdf");
            MHD_add_response_header(response, "Content-Disposition", disposition);
            rc = queue(req, 200, response, doc_len);
        } else {
            free(doc);
            rc = send_message(req, 500, lang, HELDER_UI_SERVER_ERROR, HELDER_UI_SERVER_ERROR_TEXT,
                              NULL);
        }
    } else {
        const helder_serve_lang *words =
            &form->langs[helder_serve_form_lang(form, lang, strlen(lang))];
        helder_serve_summary summary = {0};
        helder_buf page = {0}, title = {0};
        helder_serve_summary_answers(&summary, result, words->plan);
        /* the documents that apply: those left when the answers decide the conditions */
        helder_form *decided = NULL;
        helder_render_plan *decided_words = NULL;
        if (helder_serve_decided_form(&decided, form, server->site.today, result) == HELDER_OK &&
            helder_render_plan_new(&decided_words, decided, lang) == HELDER_OK)
            helder_serve_summary_documents(&summary, decided_words);
        else
            helder_serve_summary_documents(&summary, words->plan);
        helder_render_plan_free(decided_words);
        helder_form_free(decided);
        helder_serve_buf_html(&title, helder_serve_ui(lang, HELDER_UI_RECEIVED_TITLE));
        helder_serve_page_begin(&page, lang, title.data, NULL);
        helder_buf_puts(&page, "<div class=\"receipt\"><h1 class=\"page-title\">");
        helder_buf_puts(&page, title.data);
        helder_buf_puts(&page, "</h1><p class=\"intro\">");
        helder_buf_puts(&page, words->title_html);
        helder_buf_puts(&page, "</p><dl class=\"receipt-panel\"><dt>");
        helder_serve_buf_html(&page, helder_serve_ui(lang, HELDER_UI_REFERENCE));
        helder_buf_puts(&page, "</dt><dd class=\"reference\"><bdi data-reference=\"");
        helder_buf_puts(&page, reference);
        helder_buf_puts(&page, "\">");
        helder_buf_puts(&page, reference);
        helder_buf_puts(&page, "</bdi></dd><dt>");
        helder_serve_buf_html(&page, helder_serve_ui(lang, HELDER_UI_RECEIVED_ON));
        helder_buf_puts(&page, "</dt><dd><bdi><time datetime=\"");
        const char *received = helder_check_result_attr(result, "received");
        helder_serve_buf_html(&page, received ? received : "");
        /* 2026-11-30T09:15:00+01:00 shown as 2026-11-30 09:15 */
        helder_buf_puts(&page, "\">");
        if (received && strlen(received) >= 16) {
            helder_buf_put(&page, received, 10);
            helder_buf_puts(&page, " ");
            helder_buf_put(&page, received + 11, 5);
        }
        helder_buf_puts(&page, "</time></bdi></dd></dl><p>");
        helder_serve_buf_html(&page, helder_serve_ui(lang, HELDER_UI_KEEP_REFERENCE));
        helder_buf_printf(&page, "</p><p><a class=\"button\" href=\"/receipt/%s/", reference);
        helder_buf_put(&page, key, key_len);
        helder_buf_puts(&page, "/application.pdf\">");
        helder_serve_buf_html(&page, helder_serve_ui(lang, HELDER_UI_PDF));
        helder_buf_puts(&page, "</a></p>");
        helder_serve_documents_html(&page, &summary, lang);
        helder_buf_puts(&page, "<h2 class=\"part-title\">");
        helder_serve_buf_html(&page, helder_serve_ui(lang, HELDER_UI_SUMMARY));
        helder_buf_puts(&page, "</h2><div class=\"summary\">");
        helder_serve_summary_html(&page, &summary, lang, NULL);
        helder_buf_puts(&page, "</div></div>");
        helder_serve_page_end(&page);
        helder_serve_summary_free(&summary);
        helder_buf_free(&title);
        rc = send_buf(req, 200, &page, NULL);
    }
    helder_check_result_free(result);
    free(submission);
    return rc;
}

static enum MHD_Result send_asset(request *req, const char *name)
{
    const char *start, *end, *type;
    if (strcmp(name, "serve.css") == 0) {
        size_t len;
        start = helder_serve_css(&len);
        end = start + len;
        type = "text/css; charset=utf-8";
    } else if (strcmp(name, "style.css") == 0) {
        start = helder_html_style_css;
        end = helder_html_style_css_end;
        type = "text/css; charset=utf-8";
    } else {
        start = helder_html_script_js;
        end = helder_html_script_js_end;
        type = "text/javascript; charset=utf-8";
    }
    struct MHD_Response *response = MHD_create_response_from_buffer(
        (size_t)(end - start), (void *)(uintptr_t)start, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(response, "Content-Type", type);
    return queue(req, 200, response, (size_t)(end - start));
}

/* ---- routing ---- */

static int seg_is(const helder_serve_segments *s, unsigned i, const char *text)
{
    return i < s->count && s->len[i] == strlen(text) && memcmp(s->seg[i], text, s->len[i]) == 0;
}

static enum MHD_Result route(request *req, int post)
{
    helder_serve_server *server = req->server;
    struct MHD_Connection *conn = req->connection;
    helder_serve_segments s;
    helder_serve_request ctx;
    helder_serve_reply reply;
    memset(&ctx, 0, sizeof ctx);
    memset(&reply, 0, sizeof reply);
    ctx.server = server;
    ctx.host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    ctx.body = req->body.data ? req->body.data : "";
    ctx.body_len = req->body.len;
    const char *cookie = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE);
    if (!cookie || !helder_serve_csrf_nonce_from_cookie(ctx.nonce, cookie)) {
        helder_serve_csrf_nonce_new(ctx.nonce);
        ctx.nonce_is_new = 1;
    }
    memcpy(req->nonce, ctx.nonce, sizeof req->nonce);
    ctx.ui_lang = req->ui_lang;
    ctx.store_failed = req->store_failed;

    if (helder_serve_split_path(&s, req->path) != 0)
        return send_message(req, 404, NULL, HELDER_UI_NOT_FOUND, HELDER_UI_NOT_FOUND_TEXT, "/");

    /* the stylesheet and script, wherever a page's relative link puts them */
    if (!post && s.count >= 1 &&
        (seg_is(&s, s.count - 1, "style.css") || seg_is(&s, s.count - 1, "serve.css") ||
         seg_is(&s, s.count - 1, "helder.js")))
        return send_asset(req, s.seg[s.count - 1]);
    if (!post && s.count == 0) {
        helder_buf page = {0};
        req->vary_language = 1;
        helder_serve_page_index(&page, &server->site, req->ui_lang);
        return send_buf(req, 200, &page, NULL);
    }
    if (!post && seg_is(&s, 0, "healthz") && s.count == 1)
        return send_plain(req, 200, "ok\n");

    if (post) {
        unsigned max_fields = server->opts.max_fields ? server->opts.max_fields : 2000;
        const char *site_header =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Sec-Fetch-Site");
        const char *origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin");
        int intake = seg_is(&s, 0, "api") && seg_is(&s, 1, "personal") && s.count == 2;
        if (!intake) {
            /* refused before routing, but in the form's language when the path names one of a
             * form's pages; NULL (the request's) elsewhere */
            const char *lang = NULL;
            if (seg_is(&s, 0, "forms") && s.count >= 3) {
                const helder_serve_form *form =
                    helder_serve_site_find(&server->site, s.seg[1], s.len[1]);
                int index = form ? helder_serve_form_lang(form, s.seg[2], s.len[2]) : -1;
                lang = index >= 0 ? form->codes[index] : NULL;
            }
            if (!helder_serve_fetch_allowed(site_header, origin, ctx.host))
                return send_message(req, 403, lang, HELDER_UI_EXPIRED, HELDER_UI_EXPIRED_TEXT, "/");
            int parsed = helder_serve_parse_fields(&ctx.fields, ctx.body, ctx.body_len, max_fields);
            if (parsed != 0)
                return send_message(req, parsed == -2 ? 413 : 400, lang, HELDER_UI_BAD_REQUEST,
                                    HELDER_UI_BAD_REQUEST_TEXT, "/");
        }
    }

    if (seg_is(&s, 0, "forms") && s.count >= 2) {
        const helder_serve_form *form = helder_serve_site_find(&server->site, s.seg[1], s.len[1]);
        if (!form)
            return send_message(req, 404, NULL, HELDER_UI_NOT_FOUND, HELDER_UI_NOT_FOUND_TEXT, "/");
        if (s.count == 2 && !post) {
            char location[256];
            snprintf(location, sizeof location, "/forms/%s/%s", form->id, form->codes[0]);
            return send_redirect(req, location);
        }
        int lang = helder_serve_form_lang(form, s.seg[2], s.len[2]);
        if (lang < 0 || s.count > 4 || (s.count == 4 && !seg_is(&s, 3, "steps")))
            return send_message(req, 404, NULL, HELDER_UI_NOT_FOUND, HELDER_UI_NOT_FOUND_TEXT, "/");
        if (ctx.nonce_is_new)
            req->set_cookie = 1;
        if (s.count == 3 && !post)
            return send_form(req, &ctx, form, (unsigned)lang);
        if (s.count == 3)
            submit_form(&reply, &ctx, form, (unsigned)lang);
        else
            helder_serve_steps(&reply, &ctx, form, (unsigned)lang, post);
    } else if (seg_is(&s, 0, "receipt") && (s.count == 3 || s.count == 4) && !post) {
        char reference[24];
        if (s.len[1] >= sizeof reference || (s.count == 4 && !seg_is(&s, 3, "application.pdf")))
            return send_message(req, 404, NULL, HELDER_UI_NOT_FOUND, HELDER_UI_NOT_FOUND_TEXT, "/");
        memcpy(reference, s.seg[1], s.len[1]);
        reference[s.len[1]] = '\0';
        return send_receipt(req, reference, s.seg[2], s.len[2], s.count == 4);
    } else if (seg_is(&s, 0, "p") && s.count >= 2) {
        if (ctx.nonce_is_new)
            req->set_cookie = 1;
        helder_serve_personal(&reply, &ctx, s.seg, s.len, s.count, post);
    } else if (seg_is(&s, 0, "api") && seg_is(&s, 1, "personal") && s.count == 2 && post) {
        const char *authorization =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
        const char *form_id = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "form");
        helder_serve_intake(&reply, &ctx, authorization, form_id);
    } else {
        return send_message(req, 404, NULL, HELDER_UI_NOT_FOUND, HELDER_UI_NOT_FOUND_TEXT, "/");
    }

    if (reply.store && ctx.store_failed) {
        /* asked again after a failed store, a handler must show its page, not store twice */
        free(reply.store);
        free(reply.receipt);
        free(reply.location);
        helder_buf_free(&reply.body);
        return send_message(req, 503, reply.lang, HELDER_UI_NOT_STORED, HELDER_UI_NOT_STORED_TEXT,
                            "/");
    }
    if (reply.store) {
        /* a valid submission: on disk first, then the receipt */
        memcpy(req->reference, reply.reference, sizeof req->reference);
        req->form_lang = reply.lang;
        req->phase = PHASE_STORING;
        helder_buf_free(&reply.body);
        free(reply.location);
        MHD_suspend_connection(conn);
        helder_serve_outbox_submit(server->outbox, reply.reference, reply.store, reply.store_len,
                                   reply.receipt, reply.receipt_len, stored, req);
        return MHD_YES;
    }
    return send_reply(req, &reply);
}

static int content_type_ok(const char *type, int intake)
{
    const char *want = intake ? "application/xml" : "application/x-www-form-urlencoded";
    size_t len = strlen(want);
    if (!type)
        return 0;
    while (*type == ' ')
        type++;
    if (strncasecmp(type, want, len) != 0)
        return 0;
    type += len;
    while (*type == ' ')
        type++;
    if (*type == '\0')
        return 1;
    if (*type != ';')
        return 0;
    type++;
    while (*type == ' ')
        type++;
    return strcasecmp(type, "charset=utf-8") == 0 || strcasecmp(type, "charset=\"utf-8\"") == 0;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_size, void **con_cls)
{
    helder_serve_server *server = cls;
    request *req = *con_cls;
    size_t max_body = server->opts.max_body ? server->opts.max_body : (1u << 20);
    unsigned deadline = server->opts.request_deadline ? server->opts.request_deadline : 30;
    (void)url;
    (void)version;

    if (!req) /* not through request_begin: should not happen */
        return MHD_NO;
    req->connection = conn;
    int post = strcmp(method, "POST") == 0;
    int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;

    if (req->phase == PHASE_NEW) {
        head_complete(conn);
        req->ui_lang = helder_serve_ui_lang(
            MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "lang"),
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE));
        snprintf(req->method, sizeof req->method, "%s", method);
        if (!post && !get) {
            struct MHD_Response *response =
                MHD_create_response_from_buffer(0, (char *)"", MHD_RESPMEM_PERSISTENT);
            MHD_add_response_header(response, "Allow", "GET, HEAD, POST");
            return queue(req, MHD_HTTP_METHOD_NOT_ALLOWED, response, 0);
        }
        if (post) {
            const char *type =
                MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
            const char *length =
                MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
            int intake = strcmp(req->path, "/api/personal") == 0;
            if (!content_type_ok(type, intake))
                return send_plain(req, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
                                  intake ? "send application/xml\n"
                                         : "send application/x-www-form-urlencoded\n");
            if (length) {
                char *end;
                errno = 0;
                unsigned long long declared = strtoull(length, &end, 10);
                if (errno || *end || end == length || declared > max_body)
                    return send_plain(req, MHD_HTTP_CONTENT_TOO_LARGE, "the body is too large\n");
            }
        }
        req->phase = PHASE_BODY;
        return MHD_YES;
    }

    if (req->phase == PHASE_BODY && *upload_size > 0) {
        /* counted here: a body without Content-Length (chunked) is held to the same cap */
        if (elapsed_ms(&req->start) > deadline * 1000.0)
            return MHD_NO; /* a slow body: close */
        if (req->body.len + *upload_size > max_body) {
            req->too_big = 1;
            return MHD_NO; /* past the cap mid-stream: the connection is closed */
        }
        helder_buf_put(&req->body, upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }

    if (req->phase == PHASE_STORING)
        return MHD_YES; /* woken before the outbox answered: keep waiting */
    if (req->phase == PHASE_STORED) {
        if (req->store_status != HELDER_OK) {
            /* Not on disk (disk full, an I/O error, a reference already in new/): nothing the
             * applicant typed may be lost with it. The request is routed again with its body,
             * and the handler shows the page it was sent from with the answers and a banner
             * (503: the server's failure, for now; sending again is the way on, and gets a new
             * reference). The log names no reference: none was stored. */
            req->store_failed = 1;
            req->reference[0] = '\0';
            return route(req, post);
        }
        char key[44], location[128];
        receipt_key(key, server->key, req->reference);
        snprintf(location, sizeof location, "/receipt/%s/%s", req->reference, key);
        return send_redirect(req, location);
    }
    return route(req, post);
}

/* ---- start and stop ---- */

static int parse_listen(struct sockaddr_storage *out, socklen_t *out_len, const char *listen)
{
    char host[128];
    const char *colon;
    memset(out, 0, sizeof *out);
    if (listen[0] == '[') {
        const char *close = strchr(listen, ']');
        if (!close || close[1] != ':' || (size_t)(close - listen - 1) >= sizeof host)
            return -1;
        memcpy(host, listen + 1, (size_t)(close - listen - 1));
        host[close - listen - 1] = '\0';
        colon = close + 1;
    } else {
        colon = strrchr(listen, ':');
        if (!colon || (size_t)(colon - listen) >= sizeof host)
            return -1;
        memcpy(host, listen, (size_t)(colon - listen));
        host[colon - listen] = '\0';
    }
    char *end;
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (*end || end == colon + 1 || port > 65535)
        return -1;
    struct sockaddr_in *v4 = (struct sockaddr_in *)out;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)out;
    if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)port);
        *out_len = sizeof *v4;
        return 0;
    }
    if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)port);
        *out_len = sizeof *v6;
        return 0;
    }
    return -1;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    helder_serve_server *server = cls;
    if (!server->log)
        return;
    pthread_mutex_lock(&log_lock);
    fputs("libmicrohttpd: ", server->log);
    vfprintf(server->log, fmt, ap);
    fflush(server->log);
    pthread_mutex_unlock(&log_lock);
}

int helder_serve_run(const helder_serve_options *opts_in)
{
    helder_serve_server server;
    struct sockaddr_storage addr;
    socklen_t addr_len;
    sigset_t signals;
    int rc = HELDER_OK, sig;

    memset(&server, 0, sizeof server);
    server.opts = *opts_in;
    if (parse_listen(&addr, &addr_len, server.opts.listen) != 0) {
        fprintf(stderr, "helder serve: --listen takes ADDRESS:PORT, not '%s'\n",
                server.opts.listen);
        return HELDER_EUSAGE;
    }
    if (server.opts.today && helder_check_today(&server.today_days, server.opts.today) != 0) {
        fprintf(stderr, "helder serve: --today takes YYYY-MM-DD\n");
        return HELDER_EUSAGE;
    }
    if (server.opts.key_file) {
        rc = helder_serve_key_load(server.key, server.opts.key_file, 1);
        if (rc != HELDER_OK) {
            fprintf(stderr, "helder serve: %s: %s\n", server.opts.key_file,
                    rc == HELDER_EINVALID ? "a key file holds at least 32 bytes"
                                          : "cannot read or create the key file");
            return rc;
        }
    } else {
        helder_serve_random(server.key, sizeof server.key);
    }
    if (server.opts.intake_key_file) {
        rc = helder_serve_key_load(server.intake_key, server.opts.intake_key_file, 0);
        if (rc != HELDER_OK) {
            fprintf(stderr, "helder serve: %s: %s\n", server.opts.intake_key_file,
                    rc == HELDER_EINVALID ? "an intake key holds at least 32 bytes"
                                          : "cannot read the intake key");
            return rc;
        }
        server.has_intake_key = 1;
    }
    if (!server.opts.access_log || strcmp(server.opts.access_log, "-") == 0) {
        server.log = stderr;
    } else if (strcmp(server.opts.access_log, "off") == 0) {
        server.log = NULL;
    } else {
        server.log = fopen(server.opts.access_log, "a");
        if (!server.log) {
            fprintf(stderr, "helder serve: cannot open the access log %s\n",
                    server.opts.access_log);
            return HELDER_EIO;
        }
        server.own_log = 1;
    }

    rc = helder_serve_site_load(&server.site, server.opts.forms_dir, server.opts.today, stderr);
    if (rc != HELDER_OK)
        goto out;
    rc = helder_serve_outbox_open(&server.outbox, server.opts.outbox, server.opts.writers);
    if (rc != HELDER_OK) {
        fprintf(stderr, "helder serve: cannot use the outbox %s\n", server.opts.outbox);
        goto out;
    }
    {
        size_t plen = strlen(server.opts.outbox) + 16;
        server.personal_dir = helder_xmalloc(plen);
        snprintf(server.personal_dir, plen, "%s/personal", server.opts.outbox);
    }

    /* SIGTERM and SIGINT are taken by sigwait below, in this thread only */
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* a file size limit (ulimit -f, LimitFSIZE=) met while writing the outbox fails that one
     * application (EFBIG), where the signal would stop the server and every request in flight */
    signal(SIGXFSZ, SIG_IGN);

    /* before the daemon: its callbacks use the head list (and signal heads_wake) at once */
    {
        pthread_condattr_t attr;
        pthread_condattr_init(&attr);
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
        pthread_cond_init(&heads_wake, &attr);
        pthread_condattr_destroy(&attr);
        heads_seconds = server.opts.head_timeout ? server.opts.head_timeout : 30;
        heads_stop = 0;
    }

    server.daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
            MHD_USE_ERROR_LOG,
        0, NULL, NULL, handle, &server, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, &server,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)(server.opts.threads ? server.opts.threads : 2), MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)(server.opts.timeout ? server.opts.timeout : 10), MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)(server.opts.max_connections ? server.opts.max_connections : 1000),
        MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)(server.opts.max_per_ip ? server.opts.max_per_ip : 32),
        MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)(server.opts.connection_memory ? server.opts.connection_memory : 64u << 10),
        MHD_OPTION_URI_LOG_CALLBACK, request_begin, &server, MHD_OPTION_NOTIFY_COMPLETED,
        request_end, &server, MHD_OPTION_NOTIFY_CONNECTION, connection_notify, &server,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1, MHD_OPTION_LISTEN_BACKLOG_SIZE,
        (unsigned)1024, MHD_OPTION_STRICT_FOR_CLIENT, (int)1, MHD_OPTION_END);
    if (!server.daemon) {
        fprintf(stderr, "helder serve: cannot listen on %s (%s)\n", server.opts.listen,
                strerror(errno));
        pthread_cond_destroy(&heads_wake);
        rc = HELDER_EIO;
        goto out;
    }
    pthread_t watchdog;
    if (pthread_create(&watchdog, NULL, head_watchdog, &server) != 0) {
        fprintf(stderr, "helder serve: cannot start a thread\n");
        MHD_stop_daemon(server.daemon);
        pthread_cond_destroy(&heads_wake);
        rc = HELDER_EIO;
        goto out;
    }
    {
        const union MHD_DaemonInfo *info =
            MHD_get_daemon_info(server.daemon, MHD_DAEMON_INFO_BIND_PORT);
        char host[128];
        size_t host_len =
            strcspn(server.opts.listen[0] == '[' ? server.opts.listen + 1 : server.opts.listen,
                    server.opts.listen[0] == '[' ? "]" : ":");
        if (server.opts.listen[0] != '[')
            host_len = (size_t)(strrchr(server.opts.listen, ':') - server.opts.listen);
        snprintf(host, sizeof host, "%s%.*s%s", server.opts.listen[0] == '[' ? "[" : "",
                 (int)host_len, server.opts.listen + (server.opts.listen[0] == '['),
                 server.opts.listen[0] == '[' ? "]" : "");
        printf("helder serve: %zu form%s, outbox %s; open http://%s:%u/\n", server.site.nforms,
               server.site.nforms == 1 ? "" : "s", server.opts.outbox, host,
               info ? (unsigned)info->port : 0);
        fflush(stdout);
    }

    sigwait(&signals, &sig);

    /* Graceful stop: no new connections, requests in flight finish (a stored submission gets its
     * redirect), then the outbox drains. */
    {
        MHD_socket listener = MHD_quiesce_daemon(server.daemon);
        if (listener != MHD_INVALID_SOCKET)
            close(listener);
        struct timespec start;
        clock_gettime(CLOCK_MONOTONIC, &start);
        while (atomic_load(&in_flight) > 0 && elapsed_ms(&start) < STOP_GRACE_SECONDS * 1000.0) {
            struct timespec nap = {0, 10 * 1000 * 1000};
            nanosleep(&nap, NULL);
        }
        MHD_stop_daemon(server.daemon);
        /* every connection is closed (and off the head list): the watchdog can go */
        pthread_mutex_lock(&heads_lock);
        heads_stop = 1;
        pthread_cond_signal(&heads_wake);
        pthread_mutex_unlock(&heads_lock);
        pthread_join(watchdog, NULL);
        pthread_cond_destroy(&heads_wake);
        if (server.log) {
            pthread_mutex_lock(&log_lock);
            fprintf(server.log, "helder serve: stopped (signal %d)\n", sig);
            fflush(server.log);
            pthread_mutex_unlock(&log_lock);
        }
    }

out:
    helder_serve_outbox_close(server.outbox);
    helder_serve_site_free(&server.site);
    free(server.personal_dir);
    if (server.own_log)
        fclose(server.log);
    memset(server.key, 0, sizeof server.key);
    return rc;
}
