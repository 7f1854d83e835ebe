/* What every handler (the whole form, step by step, personal links) builds its reply with: the
 * CSRF check and the hidden fields a form page carries, a page of the server's own words, the
 * checking of a submission and the errors a page shows, and a rendered page finished with the
 * hidden fields and the language switch.
 */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "serve/http.h"

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
