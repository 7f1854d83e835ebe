/* Step by step: one section of a form per page with Back and Continue, then "check your answers",
 * then send. Stateless between requests: the answers so far travel in the page as a token sealed
 * with the server key (HMAC-SHA256), so any server holding the key, or the same one restarted,
 * carries on. Each step is checked with the whole form's rules, showing only its own errors.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "serve/http.h"

#define STATE_PURPOSE "steps"
#define STATE_MAX (1u << 20)

typedef struct {
    char **keys;
    size_t count;
} name_set;

static void set_add(name_set *set, const char *key, size_t len)
{
    for (size_t i = 0; i < set->count; i++)
        if (strlen(set->keys[i]) == len && memcmp(set->keys[i], key, len) == 0)
            return;
    set->keys = helder_xrealloc(set->keys, (set->count + 1) * sizeof *set->keys);
    set->keys[set->count++] = helder_xstrndup(key, len);
}

static int set_has(const name_set *set, const char *key, size_t len)
{
    for (size_t i = 0; i < set->count; i++)
        if (strlen(set->keys[i]) == len && memcmp(set->keys[i], key, len) == 0)
            return 1;
    return 0;
}

static void set_free(name_set *set)
{
    for (size_t i = 0; i < set->count; i++)
        free(set->keys[i]);
    free(set->keys);
}

/* A form's sections in order (the steps), and what each holds, from the render plan: its
 * questions' field names, its repeats (whose fields are r.N.q) and every question id in it. */
typedef struct {
    const char *id;
    const char *title;
} step_info;

typedef struct {
    step_info *steps;
    size_t count;
} step_list;

static step_list steps_of(const helder_render_plan *plan)
{
    const helder_render_item *items;
    size_t count = helder_render_plan_items(plan, &items);
    step_list list = {NULL, 0};
    list.steps = helder_xcalloc(count + 1, sizeof *list.steps);
    for (size_t i = 0; i < count; i++)
        if (items[i].kind == HELDER_RENDER_SECTION) {
            list.steps[list.count].id = items[i].id;
            list.steps[list.count].title = items[i].title;
            list.count++;
        }
    return list;
}

/* names: fields of the section's own questions; repeats: its repeats; questions: every question
 * id in it, in repeats too (for its errors). Any may be NULL. */
static void section_sets(name_set *names, name_set *repeats, name_set *questions,
                         const helder_render_plan *plan, const char *section)
{
    const helder_render_item *items;
    size_t count = helder_render_plan_items(plan, &items);
    for (size_t i = 0; i < count; i++) {
        const helder_render_item *item = &items[i];
        if (!item->section || !item->id || strcmp(item->section, section) != 0)
            continue;
        if (item->kind == HELDER_RENDER_REPEAT && repeats)
            set_add(repeats, item->id, strlen(item->id));
        if (item->kind != HELDER_RENDER_QUESTION)
            continue;
        if (questions)
            set_add(questions, item->id, strlen(item->id));
        if (names && !item->repeat && !item->hidden)
            set_add(names, item->id, strlen(item->id));
    }
}

/* The answers so far: urlencoded fields, as the browser sent them. */
typedef struct {
    helder_buf fields;
    unsigned step;
} state;

static int state_open(state *out, const helder_serve_request *req, const helder_serve_form *form,
                      const char *lang)
{
    char *payload = NULL;
    const char *fields;
    size_t len = 0, fields_len;
    memset(out, 0, sizeof *out);
    out->step = 1;
    if (!req->fields.state)
        return 0;
    if (helder_serve_token_open(&payload, &len, req->server->key, STATE_PURPOSE, req->fields.state,
                                req->fields.state_len, STATE_MAX) != 0)
        return -1;
    if (helder_serve_state_decode(payload, len, form->id, lang, &out->step, &fields, &fields_len) !=
        0) {
        free(payload);
        return -1;
    }
    helder_buf_put(&out->fields, fields, fields_len);
    free(payload);
    return 0;
}

int helder_serve_state_decode(const char *payload, size_t len, const char *form_id,
                              const char *lang, unsigned *step, const char **fields,
                              size_t *fields_len)
{
    /* form \n lang \n step \n fields */
    const char *form_end = memchr(payload, '\n', len);
    const char *lang_end =
        form_end ? memchr(form_end + 1, '\n', len - (size_t)(form_end + 1 - payload)) : NULL;
    const char *step_end =
        lang_end ? memchr(lang_end + 1, '\n', len - (size_t)(lang_end + 1 - payload)) : NULL;
    if (!step_end || (size_t)(form_end - payload) != strlen(form_id) ||
        memcmp(payload, form_id, strlen(form_id)) != 0 ||
        (size_t)(lang_end - form_end - 1) != strlen(lang) ||
        memcmp(form_end + 1, lang, strlen(lang)) != 0)
        return -1;
    /* The step as state_seal writes it, a decimal from 1, read from its own line only:
     * helder_serve_steps reads steps[step - 1], so no 0 may come through, whether written so,
     * as "" or "-0", or wrapped past UINT_MAX. */
    unsigned value = 0;
    if (lang_end + 1 == step_end)
        return -1;
    for (const char *digit = lang_end + 1; digit < step_end; digit++) {
        if (*digit < '0' || *digit > '9' || value > (UINT_MAX - (unsigned)(*digit - '0')) / 10)
            return -1;
        value = value * 10 + (unsigned)(*digit - '0');
    }
    if (value == 0)
        return -1;
    *step = value;
    *fields = step_end + 1;
    *fields_len = len - (size_t)(step_end + 1 - payload);
    return 0;
}

static char *state_seal(const helder_serve_request *req, const helder_serve_form *form,
                        const char *lang, unsigned step, const helder_buf *fields)
{
    helder_buf payload = {0};
    helder_buf_printf(&payload, "%s\n%s\n%u\n", form->id, lang, step);
    helder_buf_put(&payload, fields->data ? fields->data : "", fields->len);
    char *token =
        helder_serve_token_seal(req->server->key, STATE_PURPOSE, payload.data, payload.len);
    helder_buf_free(&payload);
    return token;
}

/* The field's name up to its first '.', for repeat fields r.N.q. */
static size_t repeat_prefix(const char *key, size_t len)
{
    const char *dot = memchr(key, '.', len);
    return dot ? (size_t)(dot - key) : 0;
}

/* Stored fields, without those the step's page holds, then the posted fields. */
static void merge(helder_buf *out, const char *stored, size_t stored_len, const char *posted,
                  size_t posted_len, const name_set *names, const name_set *repeats)
{
    const char *sources[2] = {stored, posted};
    size_t lens[2] = {stored_len, posted_len};
    for (int s = 0; s < 2; s++) {
        size_t at = 0;
        while (at < lens[s]) {
            const char *field = sources[s] + at;
            size_t field_len = strcspn(field, "&");
            if (field_len > lens[s] - at)
                field_len = lens[s] - at;
            size_t key_len = strcspn(field, "=&");
            if (key_len > field_len)
                key_len = field_len;
            int keep = field_len > 0 && field[0] != '_';
            if (keep && s == 0) {
                size_t prefix = repeat_prefix(field, key_len);
                if (set_has(names, field, key_len) || (prefix && set_has(repeats, field, prefix)))
                    keep = 0;
            }
            if (keep) {
                if (out->len)
                    helder_buf_puts(out, "&");
                helder_buf_put(out, field, field_len);
            }
            at += field_len + 1;
        }
    }
}

static void ignore(const helder_diag *diag, void *payload)
{
    (void)diag;
    (void)payload;
}

/* The answers so far as a submission, and check's verdict on it; result NULL when the fields do
 * not make a submission. */
static helder_check_result *check_fields(char **submission, size_t *submission_len,
                                         const helder_serve_request *req,
                                         const helder_serve_form *form, const char *lang,
                                         const helder_buf *fields, int *rc)
{
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(ignore, NULL);
    helder_check_result *result = NULL;
    *submission = NULL;
    *submission_len = 0;
    *rc =
        helder_form_data_to_submission(submission, submission_len, form->form,
                                       fields->data ? fields->data : "", fields->len, lang, &sink);
    if (*rc != HELDER_OK) {
        free(*submission);
        *submission = NULL;
        *submission_len = 0;
        return NULL;
    }
    *rc = helder_serve_check(&result, req->server, form, *submission, *submission_len);
    return result;
}

/* flags[i]: step i can still apply given the answers (all, when that cannot be decided). */
static void relevant_flags(int *flags, const step_list *steps, const helder_serve_request *req,
                           const helder_serve_form *form, const helder_check_result *result)
{
    char **ids = NULL;
    size_t nids = 0;
    for (size_t i = 0; i < steps->count; i++)
        flags[i] = 1;
    if (!result || helder_serve_decided_sections(&ids, &nids, form, req->server->site.today,
                                                 result) != HELDER_OK)
        return;
    for (size_t i = 0; i < steps->count; i++) {
        int found = 0;
        for (size_t j = 0; j < nids && !found; j++)
            found = strcmp(ids[j], steps->steps[i].id) == 0;
        flags[i] = found;
    }
    for (size_t j = 0; j < nids; j++)
        free(ids[j]);
    free(ids);
}

static void step_page(helder_serve_reply *reply, const helder_serve_request *req,
                      const helder_serve_form *form, unsigned lang_index, unsigned step,
                      const helder_buf *fields, const helder_html_error *errors, size_t nerrors)
{
    const char *lang = form->codes[lang_index];
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(ignore, NULL);
    step_list steps = steps_of(form->langs[lang_index].plan);
    char *submission = NULL, *html = NULL, *token = NULL;
    size_t submission_len = 0, len = 0;
    int rc;
    helder_check_result *result =
        check_fields(&submission, &submission_len, req, form, lang, fields, &rc);
    if (steps.count == 0)
        goto fail;
    if (step < 1)
        step = 1;
    if (step > steps.count)
        step = (unsigned)steps.count;

    /* The step's section alone, rendered with the answers so far and its errors. */
    helder_html_options opts = HELDER_HTML_OPTIONS_INIT;
    opts.lang = lang;
    opts.today = req->server->site.today;
    opts.submission = submission;
    opts.submission_len = submission_len;
    opts.submission_name = "answers";
    opts.errors = errors;
    opts.nerrors = nerrors;
    opts.section = steps.steps[step - 1].id;
    opts.submit_label = helder_serve_ui(lang, HELDER_UI_CONTINUE);
    if (helder_render_html(&html, &len, form->form, &opts, &sink) != HELDER_OK)
        goto fail;
    token = state_seal(req, form, lang, step, fields);

    char counter[64], number[24], total[24], base[160];
    const char *pattern = helder_serve_ui(lang, HELDER_UI_STEP);
    int *flags = helder_xcalloc(steps.count, sizeof *flags);
    unsigned position = 0, relevant = 0;
    relevant_flags(flags, &steps, req, form, result);
    for (size_t i = 0; i < steps.count; i++) {
        relevant += (unsigned)flags[i];
        if (i + 1 <= step && (flags[i] || i + 1 == step))
            position++;
    }
    if (!flags[step - 1])
        relevant++;
    free(flags);
    snprintf(number, sizeof number, "%u", position);
    snprintf(total, sizeof total, "%u", relevant);
    /* "Part {1} of {2}" */
    helder_buf text = {0}, top = {0}, end = {0};
    for (const char *at = pattern; *at; at++) {
        if (at[0] == '{' && (at[1] == '1' || at[1] == '2') && at[2] == '}') {
            helder_buf_puts(&text, at[1] == '1' ? number : total);
            at += 2;
        } else {
            helder_buf_put(&text, at, 1);
        }
    }
    snprintf(counter, sizeof counter, "%s", text.data ? text.data : "");
    helder_buf_free(&text);
    if (req->store_failed) /* shown again after a failed store: it was not received */
        helder_serve_not_stored_html(&top, lang);
    helder_buf_puts(&top, "<p class=\"step-counter\">");
    helder_buf_html(&top, counter);
    helder_buf_puts(&top, "</p>");
    /* The page's own submit button says Continue (no _go: continue); Back goes before the end
     * of the form. */
    if (step > 1) {
        helder_buf_puts(&end, "<div class=\"step-back\"><button type=\"submit\" "
                              "class=\"button button-secondary\" name=\"_go\" "
                              "value=\"back\" formnovalidate>");
        helder_buf_html(&end, helder_serve_ui(lang, HELDER_UI_BACK));
        helder_buf_puts(&end, "</button></div>");
    }
    snprintf(base, sizeof base, "/forms/%s/", form->id);
    helder_serve_finish_page(&reply->body, html, len, req, form, lang, form->id, token, base,
                             "/steps", top.data, end.data ? end.data : NULL);
    helder_buf_free(&top);
    helder_buf_free(&end);
    reply->status = nerrors ? 422 : 200;
    goto out;

fail:
    helder_serve_reply_message(reply, 500, lang, HELDER_UI_SERVER_ERROR,
                               HELDER_UI_SERVER_ERROR_TEXT, NULL);
out:
    helder_check_result_free(result);
    free(token);
    free(html);
    free(submission);
    free(steps.steps);
}

static void check_page(helder_serve_reply *reply, const helder_serve_request *req,
                       const helder_serve_form *form, unsigned lang_index, unsigned nsteps,
                       const helder_buf *fields, const helder_check_result *result)
{
    const char *lang = form->codes[lang_index];
    char *token;
    helder_serve_summary summary = {0};
    helder_serve_summary_answers(&summary, result, form->langs[lang_index].plan);
    token = state_seal(req, form, lang, nsteps + 1, fields);

    helder_buf page = {0}, title = {0}, nav = {0};
    char base[160], action[200];
    snprintf(base, sizeof base, "/forms/%s/", form->id);
    snprintf(action, sizeof action, "/forms/%s/%s/steps", form->id, lang);
    helder_serve_language_nav(&nav, lang, base, "/steps", form->codes, form->nlangs);
    helder_buf_html(&title, helder_serve_ui(lang, HELDER_UI_CHECK_TITLE));
    helder_serve_page_begin(&page, lang, title.data, nav.data);
    if (req->store_failed) /* the send from this page was not stored: at the top, as errors are */
        helder_serve_not_stored_html(&page, lang);
    helder_buf_puts(&page, "<h1 class=\"page-title\">");
    helder_buf_puts(&page, title.data);
    helder_buf_printf(&page,
                      "</h1><form class=\"form\" method=\"post\" action=\"%s\" "
                      "novalidate accept-charset=\"UTF-8\">",
                      action);
    helder_serve_hidden_fields(&page, req, form->id, token);
    helder_buf_puts(&page, "<div class=\"summary\">");
    helder_serve_summary_html(&page, &summary, lang, action);
    helder_buf_puts(&page, "</div><div class=\"actions\"><button type=\"submit\" "
                           "class=\"button\" name=\"_go\" value=\"send\">");
    helder_buf_html(&page, helder_serve_ui(lang, HELDER_UI_SEND));
    helder_buf_puts(&page, "</button> <button type=\"submit\" class=\"button "
                           "button-secondary\" name=\"_go\" value=\"back\">");
    helder_buf_html(&page, helder_serve_ui(lang, HELDER_UI_BACK));
    helder_buf_puts(&page, "</button></div></form>");
    helder_serve_page_end(&page);
    reply->status = 200;
    reply->body = page;
    helder_buf_free(&title);
    helder_buf_free(&nav);
    helder_serve_summary_free(&summary);
    free(token);
}

void helder_serve_steps(helder_serve_reply *reply, helder_serve_request *req,
                        const helder_serve_form *form, unsigned lang_index, int post)
{
    const char *lang = form->codes[lang_index];
    const helder_render_plan *plan = form->langs[lang_index].plan;
    state st;
    char back[200];
    snprintf(back, sizeof back, "/forms/%s/%s/steps", form->id, lang);

    if (!post) {
        helder_buf empty = {0};
        step_page(reply, req, form, lang_index, 1, &empty, NULL, 0);
        return;
    }
    if (!helder_serve_request_csrf_ok(req, form->id) || state_open(&st, req, form, lang) != 0) {
        helder_serve_reply_message(reply, 403, lang, HELDER_UI_EXPIRED, HELDER_UI_EXPIRED_TEXT,
                                   back);
        return;
    }

    /* The steps, and the names the current step's page holds. */
    step_list steps = steps_of(plan);
    helder_check_result *result = NULL;
    char *submission = NULL;
    size_t submission_len = 0;
    name_set names = {0}, repeats = {0}, questions = {0};
    helder_buf fields = {0};
    if (steps.count == 0) {
        helder_serve_reply_message(reply, 500, lang, HELDER_UI_SERVER_ERROR,
                                   HELDER_UI_SERVER_ERROR_TEXT, back);
        goto out;
    }
    int on_check_page = st.step > steps.count;
    if (!on_check_page)
        section_sets(&names, &repeats, &questions, plan, steps.steps[st.step - 1].id);
    merge(&fields, st.fields.data ? st.fields.data : "", st.fields.len,
          on_check_page ? "" : req->body, on_check_page ? 0 : req->body_len, &names, &repeats);

    const char *go = req->fields.go ? req->fields.go : "continue";
    size_t go_len = req->fields.go ? req->fields.go_len : strlen("continue");
    int rc;
    result = check_fields(&submission, &submission_len, req, form, lang, &fields, &rc);
    if (!submission) {
        helder_serve_reply_message(reply, 400, lang, HELDER_UI_BAD_REQUEST,
                                   HELDER_UI_BAD_REQUEST_TEXT, back);
        goto out;
    }

    int *flags = helder_xcalloc(steps.count, sizeof *flags);
    relevant_flags(flags, &steps, req, form, result);
    unsigned previous = 0, next = 0;
    for (unsigned i = 1; i <= steps.count; i++) {
        if (flags[i - 1] && i < st.step)
            previous = i;
        if (flags[i - 1] && i > st.step && !next)
            next = i;
    }
    free(flags);
    if (go_len == 4 && memcmp(go, "back", 4) == 0) {
        step_page(reply, req, form, lang_index, previous ? previous : 1, &fields, NULL, 0);
    } else if (go_len >= 1 && go_len <= 3 && go[0] >= '1' && go[0] <= '9') {
        step_page(reply, req, form, lang_index, (unsigned)strtoul(go, NULL, 10), &fields, NULL, 0);
    } else if ((go_len == 8 && memcmp(go, "continue", 8) == 0) ||
               (go_len == 4 && memcmp(go, "send", 4) == 0)) {
        int send = go_len == 4;
        if (!result) {
            helder_serve_reply_message(reply, 400, lang, HELDER_UI_BAD_REQUEST,
                                       HELDER_UI_BAD_REQUEST_TEXT, back);
        } else if (send && on_check_page && rc == HELDER_OK && req->store_failed) {
            /* valid, but the outbox could not store it: "check your answers" again, its state
             * and token as before, so that Send sends it again */
            check_page(reply, req, form, lang_index, (unsigned)steps.count, &fields, result);
            reply->status = 503;
        } else if (send && on_check_page && rc == HELDER_OK) {
            if (helder_serve_reply_accept(reply, form, result) != HELDER_OK)
                helder_serve_reply_message(reply, 500, lang, HELDER_UI_SERVER_ERROR,
                                           HELDER_UI_SERVER_ERROR_TEXT, back);
        } else {
            /* the errors of this step only; on sending, the first step that has any */
            helder_html_error *all = NULL, *mine;
            size_t nall = helder_serve_html_errors(&all, result), nmine = 0;
            unsigned target = st.step;
            mine = helder_xcalloc(nall + 1, sizeof *mine);
            if (on_check_page || send) {
                target = 0;
                for (size_t i = 0; i < steps.count && !target; i++) {
                    name_set ids = {0};
                    section_sets(NULL, &ids, &ids, plan, steps.steps[i].id);
                    for (size_t e = 0; e < nall && !target; e++)
                        if (all[e].id && set_has(&ids, all[e].id, strlen(all[e].id)))
                            target = (unsigned)i + 1;
                    set_free(&ids);
                }
                if (!target && nall)
                    target = 1; /* an error about the whole application */
                if (target) {
                    set_free(&questions);
                    set_free(&repeats);
                    memset(&questions, 0, sizeof questions);
                    memset(&repeats, 0, sizeof repeats);
                    section_sets(NULL, &repeats, &questions, plan, steps.steps[target - 1].id);
                }
            }
            for (size_t e = 0; e < nall; e++)
                if (all[e].id && (set_has(&questions, all[e].id, strlen(all[e].id)) ||
                                  set_has(&repeats, all[e].id, strlen(all[e].id))))
                    mine[nmine++] = all[e];
            if (target && nmine) {
                step_page(reply, req, form, lang_index, target, &fields, mine, nmine);
            } else if (!on_check_page && !send && next) {
                step_page(reply, req, form, lang_index, next, &fields, NULL, 0);
            } else if (rc == HELDER_OK || !send) {
                check_page(reply, req, form, lang_index, (unsigned)steps.count, &fields, result);
            } else {
                /* errors that belong to no step (the application as a whole): show them on the
                 * first */
                for (size_t e = 0; e < nall; e++)
                    mine[e] = all[e];
                step_page(reply, req, form, lang_index, 1, &fields, mine, nall);
            }
            free(mine);
            free(all);
        }
    } else {
        helder_serve_reply_message(reply, 400, lang, HELDER_UI_BAD_REQUEST,
                                   HELDER_UI_BAD_REQUEST_TEXT, back);
    }

out:
    helder_check_result_free(result);
    free(submission);
    free(steps.steps);
    set_free(&names);
    set_free(&repeats);
    set_free(&questions);
    helder_buf_free(&fields);
    helder_buf_free(&st.fields);
}
