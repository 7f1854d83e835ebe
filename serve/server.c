/* `helder serve`: libmicrohttpd under SECURITY.md's HTTP rules (timeouts, connection, per-address
 * and memory limits, a body cap counted here, strict form data, CSRF, security headers), routing
 * to the forms, the receipt and the filled PDF, one access-log line per request (log.c), a
 * deadline for each request head (heads.c), and a graceful stop on SIGTERM. Valid submissions wait
 * in a suspended connection until the outbox has them on disk; only then is the applicant sent to
 * the receipt.
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

static enum MHD_Result send_redirect_with(request *req, unsigned status, const char *location)
{
    struct MHD_Response *response =
        MHD_create_response_from_buffer(0, (char *)"", MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(response, "Location", location);
    return queue(req, status, response, 0);
}

/* After a POST: the next page (303 See Other). */
static enum MHD_Result send_redirect(request *req, const char *location)
{
    return send_redirect_with(req, MHD_HTTP_SEE_OTHER, location);
}

/* Another spelling of a page's address: the address itself (301 Moved Permanently). */
static enum MHD_Result send_redirect_permanent(request *req, const char *location)
{
    return send_redirect_with(req, MHD_HTTP_MOVED_PERMANENTLY, location);
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

/* ---- libmicrohttpd callbacks ---- */

/* The head deadline (heads.c) watches each connection from its start to its close. */
static void connection_notify(void *cls, struct MHD_Connection *connection, void **socket_context,
                              enum MHD_ConnectionNotificationCode code)
{
    (void)cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED)
        helder_serve_heads_connected(connection, socket_context);
    else if (code == MHD_CONNECTION_NOTIFY_CLOSED)
        helder_serve_heads_closed(socket_context);
}

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
        helder_serve_heads_restart(connection); /* any other end closes the connection */
    if (!req)
        return;
    helder_serve_log_request(req->server->log, req->connection, req->method, req->path, req->status,
                             req->sent, &req->start, req->reference);
    helder_buf_free(&req->body);
    free(req->location);
    free(req->path);
    free(req);
    *con_cls = NULL;
    atomic_fetch_sub(&in_flight, 1);
}

/* ---- the outbox ---- */

/* The outbox's answer, on its committer's thread: the suspended request goes on in handle. */
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

static void ignore_diag(const helder_diag *diag, void *payload)
{
    (void)diag;
    (void)payload;
}

static enum MHD_Result send_receipt(request *req, const char *reference, const char *key,
                                    size_t key_len, int pdf)
{
    helder_serve_server *server = req->server;
    const helder_serve_form *form = NULL;
    char *submission;
    size_t len;
    helder_check_result *result =
        helder_serve_receipt_load(&submission, &len, &form, server, reference, key, key_len);
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
        helder_buf page = {0};
        helder_serve_receipt_page(&page, server, form, result, lang, reference, key, key_len);
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

    if (helder_serve_split_path(&s, req->path) != 0) {
        /* a page's address typed or linked with a '/' at the end: the page, not a 404 */
        char canonical[1024];
        if (!post &&
            helder_serve_without_trailing_slash(canonical, sizeof canonical, req->path) == 0)
            return send_redirect_permanent(req, canonical);
        return send_message(req, 404, NULL, HELDER_UI_NOT_FOUND, HELDER_UI_NOT_FOUND_TEXT, "/");
    }

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
            helder_serve_whole_form(&reply, &ctx, form, (unsigned)lang);
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
        helder_serve_heads_complete(conn);
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
        if (helder_serve_elapsed_ms(&req->start) > deadline * 1000.0)
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
        helder_serve_receipt_key(key, server->key, req->reference);
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

    /* before the daemon: its callbacks use the head list at once */
    helder_serve_heads_init(server.opts.head_timeout ? server.opts.head_timeout : 30);

    server.daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
            MHD_USE_ERROR_LOG,
        0, NULL, NULL, handle, &server, MHD_OPTION_EXTERNAL_LOGGER, helder_serve_log_mhd, &server,
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
        helder_serve_heads_stop();
        rc = HELDER_EIO;
        goto out;
    }
    if (helder_serve_heads_start(server.log) != 0) {
        fprintf(stderr, "helder serve: cannot start a thread\n");
        MHD_stop_daemon(server.daemon);
        helder_serve_heads_stop();
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
        while (atomic_load(&in_flight) > 0 &&
               helder_serve_elapsed_ms(&start) < STOP_GRACE_SECONDS * 1000.0) {
            struct timespec nap = {0, 10 * 1000 * 1000};
            nanosleep(&nap, NULL);
        }
        MHD_stop_daemon(server.daemon);
        /* every connection is closed (and off the head list): the watchdog can go */
        helder_serve_heads_stop();
        helder_serve_log_stopped(server.log, sig);
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
