/* Personalised forms: an intake system posts what it knows about an applicant (facts, with the
 * configured key) once and gets back an unguessable link; behind it the applicant finds the form
 * simplified for those facts (helder_simplify): only their questions, the known answers prefilled
 * for them to confirm. The facts are kept on disk under OUTBOX/personal, so links survive a
 * restart.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "model/model.h"
#include "serve/http.h"

#define FACTS_MAX (1u << 20)
#define LINK_CHARS 22 /* 16 random bytes, base64url */

static void ignore(const helder_diag *diag, void *payload)
{
    (void)diag;
    (void)payload;
}

typedef struct {
    helder_buf text;
} collected;

static void collect_diag(const helder_diag *diag, void *payload)
{
    static const char *const names[] = {"note", "warning", "error"};
    collected *out = payload;
    helder_buf_printf(&out->text, "facts:%u:%u: %s: %s [%s]\n", diag->line, diag->col,
                      names[diag->severity], diag->message, diag->rule ? diag->rule : "");
}

static int link_valid(const char *id, size_t len)
{
    unsigned char raw[LINK_CHARS];
    size_t raw_len;
    return len == LINK_CHARS && helder_serve_b64_decode(raw, &raw_len, id, len) == 0;
}

/* POST /api/personal?form=ID with the facts as application/xml. */
void helder_serve_intake(helder_serve_reply *reply, helder_serve_request *req,
                         const char *authorization, const char *form_id)
{
    helder_serve_server *server = req->server;
    reply->content_type = "application/json";
    if (!server->has_intake_key) {
        reply->status = 404;
        helder_buf_puts(&reply->body, "{\"error\":\"intake is not configured\"}\n");
        return;
    }
    /* Authorization: Bearer SECRET, compared as SHA-256 digests in constant time */
    unsigned char given[SHA256_DIGEST_SIZE];
    struct sha256_ctx ctx;
    const char *secret =
        authorization && strncasecmp(authorization, "Bearer ", 7) == 0 ? authorization + 7 : "";
    sha256_init(&ctx);
    sha256_update(&ctx, strlen(secret), (const uint8_t *)secret);
    sha256_digest(&ctx, sizeof given, given);
    if (strlen(secret) < 32 || !helder_serve_equal(given, server->intake_key, sizeof given)) {
        reply->status = 401;
        helder_buf_puts(&reply->body, "{\"error\":\"the intake key is wrong\"}\n");
        return;
    }
    const helder_serve_form *form =
        form_id ? helder_serve_site_find(&server->site, form_id, strlen(form_id)) : NULL;
    if (!form) {
        reply->status = 404;
        helder_buf_puts(&reply->body, "{\"error\":\"no such form: give ?form=ID\"}\n");
        return;
    }
    /* the facts must load for this form without errors */
    helder_facts_options fopts = HELDER_FACTS_OPTIONS_INIT;
    helder_facts *facts = NULL;
    collected problems = {{0}};
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(collect_diag, &problems);
    int rc = helder_facts_load_memory(&facts, form->plan, req->body, req->body_len, "facts", &fopts,
                                      &sink);
    helder_facts_free(facts);
    if (rc != HELDER_OK || sink.counts[HELDER_SEVERITY_ERROR] > 0) {
        reply->status = 422;
        helder_buf_puts(&reply->body, "{\"error\":\"the facts have errors\",\"details\":\"");
        for (const char *at = problems.text.data ? problems.text.data : ""; *at; at++) {
            if (*at == '"' || *at == '\\')
                helder_buf_printf(&reply->body, "\\%c", *at);
            else if (*at == '\n')
                helder_buf_puts(&reply->body, "\\n");
            else if ((unsigned char)*at < 0x20)
                helder_buf_printf(&reply->body, "\\u%04x", (unsigned char)*at);
            else
                helder_buf_put(&reply->body, at, 1);
        }
        helder_buf_puts(&reply->body, "\"}\n");
        helder_buf_free(&problems.text);
        return;
    }
    helder_buf_free(&problems.text);

    /* OUTBOX/personal/ID: the form's id on the first line, then the facts; on disk first */
    unsigned char raw[16];
    char id[LINK_CHARS + 1], tmp_path[512], path[512];
    helder_serve_random(raw, sizeof raw);
    helder_serve_b64_encode(id, raw, sizeof raw);
    mkdir(server->personal_dir, 0750);
    snprintf(tmp_path, sizeof tmp_path, "%s/.%s.tmp", server->personal_dir, id);
    snprintf(path, sizeof path, "%s/%s", server->personal_dir, id);
    int fd = open(tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    int ok = fd >= 0;
    if (ok) {
        helder_buf content = {0};
        helder_buf_printf(&content, "%s\n", form->id);
        helder_buf_put(&content, req->body, req->body_len);
        ok = write(fd, content.data, content.len) == (ssize_t)content.len && fsync(fd) == 0;
        ok = close(fd) == 0 && ok;
        helder_buf_free(&content);
        ok = ok && rename(tmp_path, path) == 0;
        int dir = open(server->personal_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        ok = ok && dir >= 0 && fsync(dir) == 0;
        if (dir >= 0)
            close(dir);
        if (!ok)
            unlink(tmp_path);
    }
    if (!ok) {
        reply->status = 500;
        helder_buf_puts(&reply->body, "{\"error\":\"the facts could not be stored\"}\n");
        return;
    }
    reply->status = 201;
    if (server->opts.public_url)
        helder_buf_printf(&reply->body, "{\"url\":\"%s/p/%s\",\"form\":\"%s\"}\n",
                          server->opts.public_url, id, form->id);
    else
        helder_buf_printf(&reply->body, "{\"url\":\"http://%s/p/%s\",\"form\":\"%s\"}\n",
                          req->host ? req->host : "localhost", id, form->id);
}

/* The simplified form behind a link. */
typedef struct {
    const helder_serve_form *source;
    helder_serve_form view; /* id, codes and langs borrowed from source (their render plans are
                               the source form's: not for the view); form and plan owned */
    int eligible;
} personal_form;

static int personal_open(personal_form *out, const helder_serve_server *server, const char *id,
                         size_t id_len)
{
    char path[512], name[LINK_CHARS + 1], *content = NULL;
    size_t len = 0;
    memset(out, 0, sizeof *out);
    if (!link_valid(id, id_len))
        return -1;
    memcpy(name, id, id_len);
    name[id_len] = '\0';
    snprintf(path, sizeof path, "%s/%s", server->personal_dir, name);
    if (helder_read_file(&content, &len, path, FACTS_MAX + 256) != HELDER_OK)
        return -1;
    char *newline = memchr(content, '\n', len);
    const helder_serve_form *source =
        newline ? helder_serve_site_find(&server->site, content, (size_t)(newline - content))
                : NULL;
    if (!source) {
        free(content);
        return -1;
    }
    helder_facts_options fopts = HELDER_FACTS_OPTIONS_INIT;
    helder_facts *facts = NULL;
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(ignore, NULL);
    const char *facts_text = newline + 1;
    size_t facts_len = len - (size_t)(facts_text - content);
    int rc = helder_facts_load_memory(&facts, source->plan, facts_text, facts_len, "facts", &fopts,
                                      &sink);
    helder_simplify_result *simplified = NULL;
    if (rc == HELDER_OK) {
        helder_simplify_options sopts = HELDER_SIMPLIFY_OPTIONS_INIT;
        char digest[72];
        helder_sha256_hex(digest, facts_text, facts_len);
        sopts.known = HELDER_KNOWN_CONFIRM;
        sopts.facts_digest = digest;
        rc = helder_simplify(&simplified, source->form, facts, &sopts);
    }
    helder_facts_free(facts);
    free(content);
    if (rc != HELDER_OK) {
        helder_simplify_result_free(simplified);
        return -1;
    }
    size_t form_len = 0;
    const char *form_text = helder_simplify_result_form(simplified, &form_len);
    helder_load_options lopts = HELDER_LOAD_OPTIONS_INIT;
    out->eligible = helder_simplify_result_eligible(simplified);
    rc = helder_form_load_memory(&out->view.form, form_text, form_len, "simplified", &lopts, &sink);
    helder_simplify_result_free(simplified);
    if (rc == HELDER_OK)
        rc = helder_check_plan_new(&out->view.plan, out->view.form);
    if (rc != HELDER_OK) {
        helder_check_plan_free(out->view.plan);
        helder_form_free(out->view.form);
        return -1;
    }
    out->source = source;
    out->view.id = source->id;
    out->view.codes = source->codes;
    out->view.nlangs = source->nlangs;
    out->view.langs = source->langs;
    return 0;
}

static void personal_close(personal_form *pf)
{
    helder_check_plan_free(pf->view.plan);
    helder_form_free(pf->view.form);
}

/* GET or POST /p/ID[/LANG]. */
void helder_serve_personal(helder_serve_reply *reply, helder_serve_request *req,
                           const char *const *seg, const size_t *len, unsigned count, int post)
{
    personal_form pf;
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(ignore, NULL);
    char scope[8 + LINK_CHARS], base[16 + LINK_CHARS], here[64 + LINK_CHARS];
    if (count > 3 || personal_open(&pf, req->server, seg[1], len[1]) != 0) {
        helder_serve_reply_message(reply, 404, req->ui_lang, HELDER_UI_NOT_FOUND,
                                   HELDER_UI_NOT_FOUND_TEXT, NULL);
        reply->vary_language = 1;
        return;
    }
    snprintf(scope, sizeof scope, "p/%.*s", (int)len[1], seg[1]);
    snprintf(base, sizeof base, "/p/%.*s/", (int)len[1], seg[1]);
    int lang = count == 3 ? helder_serve_form_lang(&pf.view, seg[2], len[2]) : 0;
    if (lang < 0) {
        helder_serve_reply_message(reply, 404, req->ui_lang, HELDER_UI_NOT_FOUND,
                                   HELDER_UI_NOT_FOUND_TEXT, NULL);
        reply->vary_language = 1;
        personal_close(&pf);
        return;
    }
    const char *code = pf.view.codes[lang];
    snprintf(here, sizeof here, "%s%s", base, code);
    if (post && count != 3) {
        helder_serve_reply_message(reply, 404, code, HELDER_UI_NOT_FOUND, HELDER_UI_NOT_FOUND_TEXT,
                                   NULL);
        personal_close(&pf);
        return;
    }

    char *submission = NULL;
    size_t submission_len = 0;
    helder_check_result *result = NULL;
    helder_html_error *errors = NULL;
    size_t nerrors = 0;
    int not_stored = 0; /* valid, but the outbox could not store it: the form again (503) */
    char *not_stored_text = NULL;
    if (post) {
        if (!helder_serve_request_csrf_ok(req, scope)) {
            helder_serve_reply_message(reply, 403, code, HELDER_UI_EXPIRED, HELDER_UI_EXPIRED_TEXT,
                                       here);
            goto out;
        }
        if (helder_form_data_to_submission(&submission, &submission_len, pf.view.form, req->body,
                                           req->body_len, code, &sink) != HELDER_OK) {
            helder_serve_reply_message(reply, 400, code, HELDER_UI_BAD_REQUEST,
                                       HELDER_UI_BAD_REQUEST_TEXT, here);
            goto out;
        }
        int rc = helder_serve_check(&result, req->server, &pf.view, submission, submission_len);
        not_stored = rc == HELDER_OK && req->store_failed;
        if (rc == HELDER_OK && !not_stored) {
            if (helder_serve_reply_accept(reply, &pf.view, result) != HELDER_OK)
                helder_serve_reply_message(reply, 500, code, HELDER_UI_SERVER_ERROR,
                                           HELDER_UI_SERVER_ERROR_TEXT, here);
            goto out;
        }
        if (!result) {
            helder_serve_reply_message(reply, 400, code, HELDER_UI_BAD_REQUEST,
                                       HELDER_UI_BAD_REQUEST_TEXT, here);
            goto out;
        }
        nerrors = helder_serve_page_errors(&errors, &not_stored_text, req, result, code);
    }

    helder_html_options opts = HELDER_HTML_OPTIONS_INIT;
    char *html = NULL;
    size_t html_len = 0;
    opts.lang = code;
    opts.today = req->server->site.today;
    opts.action = here;
    opts.submission = submission;
    opts.submission_len = submission_len;
    opts.submission_name = "submission";
    opts.errors = errors;
    opts.nerrors = nerrors;
    if (helder_render_html(&html, &html_len, pf.view.form, &opts, &sink) != HELDER_OK) {
        helder_serve_reply_message(reply, 500, code, HELDER_UI_SERVER_ERROR,
                                   HELDER_UI_SERVER_ERROR_TEXT, here);
    } else {
        /* the page as rendered, with a word on why it is shorter at the top of the form */
        helder_buf note = {0};
        helder_buf_puts(&note, "<p class=\"intro personal-intro\">");
        helder_buf_html(&note, helder_serve_ui(code, pf.eligible ? HELDER_UI_PERSONAL_INTRO
                                                                 : HELDER_UI_INELIGIBLE));
        helder_buf_puts(&note, "</p>");
        helder_serve_finish_page(&reply->body, html, html_len, req, &pf.view, code, scope, NULL,
                                 base, NULL, note.data, NULL);
        helder_buf_free(&note);
        reply->status = not_stored ? 503 : nerrors ? 422 : 200;
    }
    free(html);

out:
    free(not_stored_text);
    free(errors);
    helder_check_result_free(result);
    free(submission);
    personal_close(&pf);
}
