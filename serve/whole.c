/* The whole form at once: POST /forms/ID/LANG, checked as one submission; accepted when valid,
 * else the form again with the answers and their errors. (GET is the blank form the site keeps
 * rendered, sent by server.c.)
 */
#include <stdio.h>
#include <stdlib.h>

#include "model/model.h"
#include "serve/http.h"

static void ignore_diag(const helder_diag *diag, void *payload)
{
    (void)diag;
    (void)payload;
}

void helder_serve_whole_form(helder_serve_reply *reply, helder_serve_request *ctx,
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
