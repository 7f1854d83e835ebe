/* Private to serve/: the forms a server offers (site.c), their pages cached per language, the
 * server's own words and pages (page.c), and what an applicant answered in words (summary.c).
 * What serve knows of a form it has from the public API (the render plan, check's answers); of a
 * rendered page it needs only its one <form> element (split_page).
 */
#ifndef HELDER_SERVE_SITE_H
#define HELDER_SERVE_SITE_H

#include <stddef.h>
#include <stdio.h>

#include "helder.h"
#include "serve/serve.h"

/* ---- a rendered page, split where each response adds its hidden fields ---- */

typedef struct {
    char *head; /* up to and including the <form> start tag, language switch in place */
    size_t head_len;
    char *tail; /* the rest */
    size_t tail_len;
} helder_serve_split;

/* Split html (a page helder_render_html wrote, with any template) after the start tag of its
 * form element, and put nav (or nothing) at the end of its <header>, when it has one before the
 * form, and the server's stylesheet at the end of its <head>. Only the form is required: returns
 * 0, or -1 when the page has none. */
int helder_serve_split_page(helder_serve_split *out, const char *html, size_t len, const char *nav);
void helder_serve_split_free(helder_serve_split *split);
/* The offset just after the start tag that begins at html[at] ('<'), quotes respected. */
size_t helder_serve_tag_end(const char *html, size_t len, size_t at);
/* The offset of the last end tag of the form element in html[0..len), or len when there is none
 * (where a step page's Back button goes). */
size_t helder_serve_form_end(const char *html, size_t len);

/* ---- the site ---- */

typedef struct {
    char *code;               /* the language */
    char *title_html;         /* the form's title in it (escaped) */
    helder_render_plan *plan; /* the form's words in it */
    helder_serve_split page;
} helder_serve_lang;

typedef struct {
    char *id;     /* the form's id: its URL is /forms/ID/LANG */
    char *path;   /* form.xml */
    char *source; /* the definition as read */
    size_t source_len;
    helder_form *form;
    helder_check_plan *plan;
    char **codes; /* the form's languages, first the default */
    unsigned nlangs;
    helder_serve_lang *langs;
} helder_serve_form;

typedef struct {
    helder_serve_form *forms;
    size_t nforms;
    char *today; /* YYYY-MM-DD given with --today, or NULL */
} helder_serve_site;

/* Load every FORMS_DIR/NAME/form.xml and render each in each of its languages. Problems are
 * printed to err. Returns 0, HELDER_EINVALID (a form with errors, two forms with one id, no form
 * at all) or HELDER_EIO. */
int helder_serve_site_load(helder_serve_site *site, const char *forms_dir, const char *today,
                           FILE *err);
void helder_serve_site_free(helder_serve_site *site);
const helder_serve_form *helder_serve_site_find(const helder_serve_site *site, const char *id,
                                                size_t id_len);
/* Index of a language of form, or -1. */
int helder_serve_form_lang(const helder_serve_form *form, const char *code, size_t code_len);

/* ---- the server's own words ---- */

typedef enum {
    HELDER_UI_SITE,
    HELDER_UI_INDEX_INTRO,
    HELDER_UI_WHOLE_FORM,
    HELDER_UI_STEP_BY_STEP,
    HELDER_UI_LANGUAGE,
    HELDER_UI_RECEIVED_TITLE,
    HELDER_UI_REFERENCE,
    HELDER_UI_RECEIVED_ON,
    HELDER_UI_KEEP_REFERENCE,
    HELDER_UI_SUMMARY,
    HELDER_UI_DOCUMENTS,
    HELDER_UI_DOCUMENTS_HINT,
    HELDER_UI_NO_DOCUMENTS,
    HELDER_UI_PDF,
    HELDER_UI_CHECK_TITLE,
    HELDER_UI_CHANGE,
    HELDER_UI_BACK,
    HELDER_UI_CONTINUE,
    HELDER_UI_SEND,
    HELDER_UI_STEP,
    HELDER_UI_NOT_ANSWERED,
    HELDER_UI_NOT_FOUND,
    HELDER_UI_NOT_FOUND_TEXT,
    HELDER_UI_EXPIRED,
    HELDER_UI_EXPIRED_TEXT,
    HELDER_UI_BAD_REQUEST,
    HELDER_UI_BAD_REQUEST_TEXT,
    HELDER_UI_SERVER_ERROR,
    HELDER_UI_SERVER_ERROR_TEXT,
    HELDER_UI_START_AGAIN,
    HELDER_UI_PERSONAL_INTRO,
    HELDER_UI_INELIGIBLE,
    HELDER_UI_NOT_STORED,
    HELDER_UI_NOT_STORED_TEXT,
    HELDER_UI__COUNT
} helder_serve_ui_id;

/* A text in lang (English when the catalogue has no such language). */
const char *helder_serve_ui(const char *lang, helder_serve_ui_id id);
const char *helder_serve_language_name(const char *code);
/* The language of the server's own words on a page that has no form's language (the index, a
 * page not found, a refused request): one of the catalogues' codes, never NULL.
 * helder_serve_accept_language reads an Accept-Language header (RFC 9110 12.5.4; NULL: none):
 * the catalogue language with the highest weight, a range naming its primary language
 * (nl-BE is Dutch); q=0 rules a language out; "*" covers those the header does not name; at
 * equal weight a named language beats one only "*" covers, the first named wins, then catalogue
 * order (English, Dutch, Arabic). Malformed ranges are skipped; only the first 4 KB and 32 ranges
 * are read. Nothing acceptable: English. helder_serve_ui_lang takes query (?lang=, or NULL) first
 * when it is a catalogue's code. */
const char *helder_serve_accept_language(const char *header);
const char *helder_serve_ui_lang(const char *query, const char *accept_language);
/* "rtl" or "ltr". */
const char *helder_serve_dir(const char *lang);

/* ---- what an applicant answered, in words ---- */

typedef enum {
    HELDER_ROW_SECTION, /* label: the section's title */
    HELDER_ROW_ITEM,    /* label: "Child 2" */
    HELDER_ROW_ANSWER,  /* number, label, value */
    HELDER_ROW_DOCUMENT /* label; value: when it is needed, if only sometimes */
} helder_serve_row_kind;

typedef struct {
    helder_serve_row_kind kind;
    char *number, *label, *value;
    unsigned step; /* SECTION: 1-based index among the page's sections */
} helder_serve_row;

typedef struct {
    helder_serve_row *rows;
    size_t nrows;
} helder_serve_summary;

/* The answers result holds, in plan's words and in form order: a row per section and per repeat
 * item that has answers, and per answer its question's number and label and the answer as the
 * web form shows it (an option's label, not its value). Hidden questions, answers to questions
 * that do not apply and answers the page would show as nothing are left out. */
void helder_serve_summary_answers(helder_serve_summary *out, const helder_check_result *result,
                                  const helder_render_plan *plan);
/* Append a row for each document of plan's form: its label, and its condition in words. */
void helder_serve_summary_documents(helder_serve_summary *out, const helder_render_plan *plan);
void helder_serve_summary_free(helder_serve_summary *summary);

/* ---- pages ---- */

/* The server's stylesheet (style.c), served as serve.css. */
const char *helder_serve_css(size_t *len);

void helder_serve_language_nav(helder_buf *buf, const char *current, const char *base,
                               const char *suffix, char *const *langs, unsigned nlangs);
void helder_serve_page_begin(helder_buf *buf, const char *lang, const char *title_html,
                             const char *nav_html);
void helder_serve_page_end(helder_buf *buf);
void helder_serve_page_message(helder_buf *buf, const char *lang, helder_serve_ui_id title,
                               helder_serve_ui_id text, const char *back_href);
/* The banner on a page shown again because the outbox could not store what was sent from it:
 * not received, send it again. */
void helder_serve_not_stored_html(helder_buf *buf, const char *lang);
/* The index in lang (a catalogue's, helder_serve_ui_lang), with a switch to the others; each
 * form's entries in their own language. */
void helder_serve_page_index(helder_buf *buf, const helder_serve_site *site, const char *lang);
/* change_base: when set (check your answers), each section gets a Change button. */
void helder_serve_summary_html(helder_buf *buf, const helder_serve_summary *summary,
                               const char *lang, const char *change_base);
void helder_serve_documents_html(helder_buf *buf, const helder_serve_summary *summary,
                                 const char *lang);

#endif
