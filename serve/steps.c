/* Step by step: one section of a form per page with Back and Continue, then "check your answers",
 * then send. Stateless between requests: the answers so far travel in the page as a token sealed
 * with the server key (HMAC-SHA256), so any server holding the key, or the same one restarted,
 * carries on. Each step is checked with the whole form's rules, showing only its own errors.
 */
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

/* Every value of attribute `attr` (e.g. " name=\"") inside html[start..end). */
static void collect(name_set *set, const char *html, size_t start, size_t end, const char *attr)
{
    size_t alen = strlen(attr);
    for (size_t i = start; i + alen < end; i++) {
        if (html[i] != attr[0] || memcmp(html + i, attr, alen) != 0)
            continue;
        size_t from = i + alen, to = from;
        while (to < end && html[to] != '"')
            to++;
        set_add(set, html + from, to - from);
        i = to;
    }
}

/* The answers so far: urlencoded fields, as the browser sent them. */
typedef struct {
    helder_serve_buf fields;
    unsigned step;
} state;

static int state_open(state *out, const helder_serve_request *req, const helder_serve_form *form,
                      const char *lang)
{
    char *payload = NULL;
    size_t len = 0;
    memset(out, 0, sizeof *out);
    out->step = 1;
    if (!req->fields.state)
        return 0;
    if (helder_serve_token_open(&payload, &len, req->server->key, STATE_PURPOSE,
                                req->fields.state, req->fields.state_len, STATE_MAX) != 0)
        return -1;
    /* form \n lang \n step \n fields */
    char *form_end = memchr(payload, '\n', len);
    char *lang_end = form_end ? memchr(form_end + 1, '\n', len - (size_t)(form_end + 1 - payload))
                              : NULL;
    char *step_end = lang_end ? memchr(lang_end + 1, '\n', len - (size_t)(lang_end + 1 - payload))
                              : NULL;
    if (!step_end || (size_t)(form_end - payload) != strlen(form->id) ||
        memcmp(payload, form->id, strlen(form->id)) != 0 ||
        (size_t)(lang_end - form_end - 1) != strlen(lang) ||
        memcmp(form_end + 1, lang, strlen(lang)) != 0) {
        free(payload);
        return -1;
    }
    out->step = (unsigned)strtoul(lang_end + 1, NULL, 10);
    helder_serve_buf_add(&out->fields, step_end + 1, len - (size_t)(step_end + 1 - payload));
    free(payload);
    return 0;
}

static char *state_seal(const helder_serve_request *req, const helder_serve_form *form,
                        const char *lang, unsigned step, const helder_serve_buf *fields)
{
    helder_serve_buf payload = {0};
    helder_serve_buf_printf(&payload, "%s\n%s\n%u\n", form->id, lang, step);
    helder_serve_buf_add(&payload, fields->data ? fields->data : "", fields->len);
    char *token = helder_serve_token_seal(req->server->key, STATE_PURPOSE, payload.data,
                                          payload.len);
    helder_serve_buf_free(&payload);
    return token;
}

/* The field's name up to its first '.', for repeat fields r.N.q. */
static size_t repeat_prefix(const char *key, size_t len)
{
    const char *dot = memchr(key, '.', len);
    return dot ? (size_t)(dot - key) : 0;
}

/* Stored fields, without those the step's page holds, then the posted fields. */
static void merge(helder_serve_buf *out, const char *stored, size_t stored_len, const char *posted,
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
                    helder_serve_buf_puts(out, "&");
                helder_serve_buf_add(out, field, field_len);
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

/* Render the whole form with the answers so far (and errors); *sections found in it. */
static char *render(size_t *len, helder_serve_section **sections, size_t *nsections,
                    const helder_serve_request *req, const helder_serve_form *form,
                    const char *lang, const char *submission, size_t submission_len,
                    const helder_html_error *errors, size_t nerrors)
{
    helder_html_options opts = HELDER_HTML_OPTIONS_INIT;
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(ignore, NULL);
    char *html = NULL;
    opts.lang = lang;
    opts.today = req->server->site.today;
    opts.submission = submission;
    opts.submission_len = submission_len;
    opts.submission_name = "answers";
    opts.errors = errors;
    opts.nerrors = nerrors;
    if (helder_render_html(&html, len, form->form, &opts, &sink) != HELDER_OK) {
        free(html);
        return NULL;
    }
    *nsections = helder_serve_sections(sections, html, *len);
    /* the documents list is for the receipt, not a step */
    if (*nsections && (*sections)[*nsections - 1].documents) {
        free((*sections)[*nsections - 1].id);
        free((*sections)[*nsections - 1].title);
        (*nsections)--;
    }
    return html;
}

/* flags[i]: section i can still apply given the answers (all, when that cannot be decided). */
static void relevant_flags(int *flags, const helder_serve_section *sections, size_t count,
                           const helder_serve_request *req, const helder_serve_form *form,
                           const char *submission, size_t submission_len)
{
    char **ids = NULL;
    size_t nids = 0;
    for (size_t i = 0; i < count; i++)
        flags[i] = 1;
    if (!submission || helder_serve_decided_sections(&ids, &nids, form, req->server->site.today,
                                                     submission, submission_len) != HELDER_OK)
        return;
    for (size_t i = 0; i < count; i++) {
        int found = 0;
        for (size_t j = 0; j < nids && !found; j++)
            found = strcmp(ids[j], sections[i].id) == 0;
        flags[i] = found;
    }
    for (size_t j = 0; j < nids; j++)
        free(ids[j]);
    free(ids);
}

static void step_page(helder_serve_reply *reply, const helder_serve_request *req,
                      const helder_serve_form *form, const char *lang, unsigned step,
                      const helder_serve_buf *fields, const helder_html_error *errors,
                      size_t nerrors)
{
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(ignore, NULL);
    char *submission = NULL, *html, *token;
    size_t submission_len = 0, len = 0, nsections = 0;
    helder_serve_section *sections = NULL;
    helder_form_data_to_submission(&submission, &submission_len, form->form,
                                   fields->data ? fields->data : "", fields->len, lang, &sink);
    html = render(&len, &sections, &nsections, req, form, lang, submission, submission_len,
                  errors, nerrors);
    if (!html || nsections == 0) {
        free(submission);
        helder_serve_reply_message(reply, 500, lang, HELDER_UI_SERVER_ERROR,
                                   HELDER_UI_SERVER_ERROR_TEXT, NULL);
        free(html);
        helder_serve_sections_free(sections, nsections);
        return;
    }
    if (step < 1)
        step = 1;
    if (step > nsections)
        step = nsections;
    token = state_seal(req, form, lang, step, fields);

    helder_serve_buf page = {0}, nav = {0};
    helder_serve_split split;
    char base[160];
    snprintf(base, sizeof base, "/forms/%s/", form->id);
    helder_serve_language_nav(&nav, lang, base, "/steps", form->codes, form->nlangs);
    if (helder_serve_split_page(&split, html, len, nav.data) != 0) {
        helder_serve_reply_message(reply, 500, lang, HELDER_UI_SERVER_ERROR,
                                   HELDER_UI_SERVER_ERROR_TEXT, NULL);
    } else {
        const helder_serve_section *section = &sections[step - 1];
        char counter[64], number[24], total[24];
        const char *pattern = helder_serve_ui(lang, HELDER_UI_STEP);
        int *flags = helder_xcalloc(nsections, sizeof *flags);
        unsigned position = 0, relevant = 0;
        relevant_flags(flags, sections, nsections, req, form, submission, submission_len);
        for (size_t i = 0; i < nsections; i++) {
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
        helder_serve_buf text = {0};
        for (const char *at = pattern; *at; at++) {
            if (at[0] == '{' && (at[1] == '1' || at[1] == '2') && at[2] == '}') {
                helder_serve_buf_puts(&text, at[1] == '1' ? number : total);
                at += 2;
            } else {
                helder_serve_buf_add(&text, at, 1);
            }
        }
        snprintf(counter, sizeof counter, "%s", text.data ? text.data : "");
        helder_serve_buf_free(&text);

        /* head up to the form, but the error summary and title stay as rendered */
        helder_serve_buf_add(&page, split.head, split.head_len);
        helder_serve_hidden_fields(&page, req, form->id, token);
        helder_serve_buf_puts(&page, "<p class=\"step-counter\">");
        helder_serve_buf_html(&page, counter);
        helder_serve_buf_puts(&page, "</p>");
        helder_serve_buf_add(&page, html + section->start, section->end - section->start);
        helder_serve_buf_puts(&page, "<div class=\"actions\">");
        helder_serve_buf_puts(&page, "<button type=\"submit\" class=\"button\" name=\"_go\" "
                                     "value=\"continue\">");
        helder_serve_buf_html(&page, helder_serve_ui(lang, HELDER_UI_CONTINUE));
        helder_serve_buf_puts(&page, "</button>");
        if (step > 1) {
            helder_serve_buf_puts(&page, " <button type=\"submit\" class=\"button "
                                         "button-secondary\" name=\"_go\" value=\"back\" "
                                         "formnovalidate>");
            helder_serve_buf_html(&page, helder_serve_ui(lang, HELDER_UI_BACK));
            helder_serve_buf_puts(&page, "</button>");
        }
        helder_serve_buf_puts(&page, "</div></form></main></body></html>\n");
        helder_serve_split_free(&split);
        reply->status = nerrors ? 422 : 200;
        reply->body = page;
    }
    helder_serve_buf_free(&nav);
    free(token);
    free(html);
    free(submission);
    helder_serve_sections_free(sections, nsections);
}

static void check_page(helder_serve_reply *reply, const helder_serve_request *req,
                       const helder_serve_form *form, const char *lang, unsigned nsteps,
                       const helder_serve_buf *fields, const char *submission,
                       size_t submission_len)
{
    char *html, *token;
    size_t len = 0, nsections = 0;
    helder_serve_section *sections = NULL;
    helder_serve_summary summary = {0};
    html = render(&len, &sections, &nsections, req, form, lang, submission, submission_len, NULL,
                  0);
    if (html)
        helder_serve_summary_from_page(&summary, html, len);
    free(html);
    helder_serve_sections_free(sections, nsections);
    token = state_seal(req, form, lang, nsteps + 1, fields);

    helder_serve_buf page = {0}, title = {0}, nav = {0};
    char base[160], action[200];
    snprintf(base, sizeof base, "/forms/%s/", form->id);
    snprintf(action, sizeof action, "/forms/%s/%s/steps", form->id, lang);
    helder_serve_language_nav(&nav, lang, base, "/steps", form->codes, form->nlangs);
    helder_serve_buf_html(&title, helder_serve_ui(lang, HELDER_UI_CHECK_TITLE));
    helder_serve_page_begin(&page, lang, title.data, nav.data);
    helder_serve_buf_puts(&page, "<h1 class=\"page-title\">");
    helder_serve_buf_puts(&page, title.data);
    helder_serve_buf_printf(&page, "</h1><form class=\"form\" method=\"post\" action=\"%s\" "
                                   "novalidate accept-charset=\"UTF-8\">",
                            action);
    helder_serve_hidden_fields(&page, req, form->id, token);
    helder_serve_buf_puts(&page, "<div class=\"summary\">");
    helder_serve_summary_html(&page, &summary, lang, action);
    helder_serve_buf_puts(&page, "</div><div class=\"actions\"><button type=\"submit\" "
                                 "class=\"button\" name=\"_go\" value=\"send\">");
    helder_serve_buf_html(&page, helder_serve_ui(lang, HELDER_UI_SEND));
    helder_serve_buf_puts(&page, "</button> <button type=\"submit\" class=\"button "
                                 "button-secondary\" name=\"_go\" value=\"back\">");
    helder_serve_buf_html(&page, helder_serve_ui(lang, HELDER_UI_BACK));
    helder_serve_buf_puts(&page, "</button></div></form>");
    helder_serve_page_end(&page);
    reply->status = 200;
    reply->body = page;
    helder_serve_buf_free(&title);
    helder_serve_buf_free(&nav);
    helder_serve_summary_free(&summary);
    free(token);
}

void helder_serve_steps(helder_serve_reply *reply, helder_serve_request *req,
                        const helder_serve_form *form, unsigned lang_index, int post)
{
    const char *lang = form->codes[lang_index];
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(ignore, NULL);
    state st;
    char back[200];
    snprintf(back, sizeof back, "/forms/%s/%s/steps", form->id, lang);

    if (!post) {
        helder_serve_buf empty = {0};
        step_page(reply, req, form, lang, 1, &empty, NULL, 0);
        return;
    }
    if (!helder_serve_request_csrf_ok(req, form->id) || state_open(&st, req, form, lang) != 0) {
        helder_serve_reply_message(reply, 403, lang, HELDER_UI_EXPIRED, HELDER_UI_EXPIRED_TEXT,
                                   back);
        return;
    }

    /* The sections, and the names the current step's page holds. */
    helder_serve_section *sections = NULL;
    size_t nsections = 0, len = 0;
    char *blank = render(&len, &sections, &nsections, req, form, lang, NULL, 0, NULL, 0);
    if (!blank || nsections == 0) {
        free(blank);
        helder_serve_sections_free(sections, nsections);
        helder_serve_reply_message(reply, 500, lang, HELDER_UI_SERVER_ERROR,
                                   HELDER_UI_SERVER_ERROR_TEXT, back);
        helder_serve_buf_free(&st.fields);
        return;
    }
    name_set names = {0}, repeats = {0}, questions = {0};
    int on_check_page = st.step > nsections;
    if (!on_check_page) {
        const helder_serve_section *section = &sections[st.step - 1];
        collect(&names, blank, section->start, section->end, " name=\"");
        collect(&repeats, blank, section->start, section->end, " data-repeat=\"");
        collect(&questions, blank, section->start, section->end, " data-q=\"");
    }
    helder_serve_buf fields = {0};
    merge(&fields, st.fields.data ? st.fields.data : "", st.fields.len,
          on_check_page ? "" : req->body, on_check_page ? 0 : req->body_len, &names, &repeats);

    char *submission = NULL;
    size_t submission_len = 0;
    const char *go = req->fields.go ? req->fields.go : "continue";
    size_t go_len = req->fields.go ? req->fields.go_len : strlen("continue");
    if (helder_form_data_to_submission(&submission, &submission_len, form->form,
                                       fields.data ? fields.data : "", fields.len, lang,
                                       &sink) != HELDER_OK) {
        helder_serve_reply_message(reply, 400, lang, HELDER_UI_BAD_REQUEST,
                                   HELDER_UI_BAD_REQUEST_TEXT, back);
        goto out;
    }

    int *flags = helder_xcalloc(nsections, sizeof *flags);
    relevant_flags(flags, sections, nsections, req, form, submission, submission_len);
    unsigned previous = 0, next = 0;
    for (unsigned i = 1; i <= nsections; i++) {
        if (flags[i - 1] && i < st.step)
            previous = i;
        if (flags[i - 1] && i > st.step && !next)
            next = i;
    }
    free(flags);
    if (go_len == 4 && memcmp(go, "back", 4) == 0) {
        step_page(reply, req, form, lang, previous ? previous : 1, &fields, NULL, 0);
    } else if (go_len >= 1 && go_len <= 3 && go[0] >= '1' && go[0] <= '9') {
        step_page(reply, req, form, lang, (unsigned)strtoul(go, NULL, 10), &fields, NULL, 0);
    } else if ((go_len == 8 && memcmp(go, "continue", 8) == 0) ||
               (go_len == 4 && memcmp(go, "send", 4) == 0)) {
        int send = go_len == 4;
        helder_check_result *result = NULL;
        int rc = helder_serve_check(&result, req->server, form, submission, submission_len);
        if (!result) {
            helder_serve_reply_message(reply, 400, lang, HELDER_UI_BAD_REQUEST,
                                       HELDER_UI_BAD_REQUEST_TEXT, back);
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
                for (size_t s = 0; s < nsections && !target; s++) {
                    name_set qs = {0};
                    collect(&qs, blank, sections[s].start, sections[s].end, " data-q=\"");
                    collect(&qs, blank, sections[s].start, sections[s].end, " data-repeat=\"");
                    for (size_t e = 0; e < nall && !target; e++)
                        if (all[e].id && set_has(&qs, all[e].id, strlen(all[e].id)))
                            target = (unsigned)s + 1;
                    set_free(&qs);
                }
                if (!target && nall)
                    target = 1; /* an error about the whole application */
                if (target) {
                    set_free(&questions);
                    set_free(&repeats);
                    memset(&questions, 0, sizeof questions);
                    memset(&repeats, 0, sizeof repeats);
                    collect(&questions, blank, sections[target - 1].start,
                            sections[target - 1].end, " data-q=\"");
                    collect(&repeats, blank, sections[target - 1].start,
                            sections[target - 1].end, " data-repeat=\"");
                }
            }
            for (size_t e = 0; e < nall; e++)
                if (all[e].id && (set_has(&questions, all[e].id, strlen(all[e].id)) ||
                                  set_has(&repeats, all[e].id, strlen(all[e].id))))
                    mine[nmine++] = all[e];
            if (target && nmine) {
                step_page(reply, req, form, lang, target, &fields, mine, nmine);
            } else if (!on_check_page && !send && next) {
                step_page(reply, req, form, lang, next, &fields, NULL, 0);
            } else if (rc == HELDER_OK || !send) {
                check_page(reply, req, form, lang, (unsigned)nsections, &fields, submission,
                           submission_len);
            } else {
                /* errors that belong to no step (the application as a whole): show them on the
                 * first */
                for (size_t e = 0; e < nall; e++)
                    mine[e] = all[e];
                step_page(reply, req, form, lang, 1, &fields, mine, nall);
            }
            free(mine);
            free(all);
        }
        helder_check_result_free(result);
    } else {
        helder_serve_reply_message(reply, 400, lang, HELDER_UI_BAD_REQUEST,
                                   HELDER_UI_BAD_REQUEST_TEXT, back);
    }

out:
    free(submission);
    free(blank);
    helder_serve_sections_free(sections, nsections);
    set_free(&names);
    set_free(&repeats);
    set_free(&questions);
    helder_serve_buf_free(&fields);
    helder_serve_buf_free(&st.fields);
}
