/* helder: government application forms made simple.
 *
 * The one installed header. Load a form definition, lint it, and (in later modules) simplify,
 * render and check submissions against it. No libxml2, pcre2 or cairo type appears here.
 */
#ifndef HELDER_H
#define HELDER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HELDER_VERSION "0.1.0"

/* Return codes: 0 is success, negative values are errors. */
enum {
    HELDER_OK = 0,
    HELDER_EINVALID = -1, /* the input has errors; the diagnostics say which */
    HELDER_EIO = -2,      /* a file could not be read or written */
    HELDER_ETOOBIG = -3,  /* the input is over its size cap */
    HELDER_EUSAGE = -4    /* the caller passed arguments that make no sense */
};

/* Severities, ordered: a sink can compare them. */
typedef enum {
    HELDER_SEVERITY_NOTE = 0,
    HELDER_SEVERITY_WARNING = 1,
    HELDER_SEVERITY_ERROR = 2
} helder_severity;

/* One diagnostic. All strings are borrowed for the duration of the callback. */
typedef struct {
    helder_severity severity;
    const char *rule;    /* stable kebab-case rule id, e.g. "duplicate-id" */
    const char *file;    /* file name as given by the caller */
    unsigned line;       /* 1-based; 0 when unknown */
    unsigned col;        /* 1-based, in characters; 0 when unknown */
    const char *message; /* one line, lower case, no trailing period */
} helder_diag;

typedef void (*helder_diag_fn)(const helder_diag *diag, void *payload);

/* Where diagnostics go. `counts` is updated by helder for every diagnostic emitted. */
typedef struct {
    helder_diag_fn fn;
    void *payload;
    unsigned counts[3]; /* indexed by helder_severity */
} helder_diag_sink;

#define HELDER_DIAG_SINK_INIT(fn, payload) {(fn), (payload), {0, 0, 0}}

/* Call once from the main thread before any other helder function, and before threads start. */
void helder_global_init(void);
/* Release what helder_global_init set up; optional, for leak checkers. */
void helder_global_cleanup(void);

const char *helder_version(void);

/* A loaded, compiled form definition. Opaque; owns everything reachable from it. */
typedef struct helder_form helder_form;

typedef struct {
    size_t max_bytes;   /* refuse larger inputs; default 8 MiB */
    unsigned max_depth; /* XML nesting limit; default 32 */
} helder_load_options;

#define HELDER_LOAD_OPTIONS_INIT {8u << 20, 32u}

/* Load and compile a form from a file or a buffer. `name` is used in diagnostics.
 * On success *out is the caller's (free with helder_form_free) and 0 is returned. When the form
 * has errors, diagnostics go to sink, HELDER_EINVALID is returned and *out is still set to the
 * partial model when one could be built (lint keeps going on it), else NULL. HELDER_EIO when the
 * file cannot be read, HELDER_ETOOBIG when it is over opts->max_bytes. */
int helder_form_load_file(helder_form **out, const char *path, const helder_load_options *opts,
                          helder_diag_sink *sink);
int helder_form_load_memory(helder_form **out, const char *buf, size_t len, const char *name,
                            const helder_load_options *opts, helder_diag_sink *sink);
void helder_form_free(helder_form *form);

const char *helder_form_id(const helder_form *form);
const char *helder_form_version(const helder_form *form);

typedef struct {
    const char *const *jargon; /* extra jargon words (NULL-terminated), or NULL */
} helder_lint_options;

#define HELDER_LINT_OPTIONS_INIT {NULL}

/* Run every lint rule over a loaded form (also a partial one) and report to sink.
 * Returns 0 when no errors were reported, HELDER_EINVALID otherwise. */
int helder_lint(const helder_form *form, const helder_lint_options *opts, helder_diag_sink *sink);

/* The lint rules, for documentation and `helder lint --list-rules`. */
typedef struct {
    const char *id;
    helder_severity severity;
    const char *summary;
} helder_rule_info;

/* Returns the number of rules and sets *out to a static table. */
size_t helder_rules(const helder_rule_info **out);

/* ---- rendering: the web form (render/html.c) ---- */

/* An error to show in the page: in the summary at the top and next to its field. */
typedef struct {
    const char *id;      /* question (or repeat) id; NULL for the form as a whole */
    unsigned item;       /* 1-based repeat item, 0 outside repeats */
    const char *message; /* one line, in the page's language */
} helder_html_error;

typedef struct {
    const char *lang;           /* one of the form's languages; NULL: its first */
    const char *action;         /* where the form posts; NULL: the page's own address */
    const char *templates_dir;  /* form.xsl (and what it includes), style.css, helder.js
                                   replacing the built-in ones; NULL: built in */
    const char *css_path;       /* an extra stylesheet loaded after style.css, or NULL */
    int inline_assets;          /* put the CSS and script in the page (see docs/html.md) */
    const char *submission;     /* a submission document to fill the form in with, or NULL */
    size_t submission_len;
    const char *submission_name; /* for diagnostics */
    const helder_html_error *errors; /* check's findings to show; may be NULL */
    size_t nerrors;
    const char *today;          /* YYYY-MM-DD for today() in the browser; NULL: the browser's */
    unsigned long max_operations; /* XSLT operation limit; 0: 10 million */
    int max_template_depth;     /* XSLT template recursion limit; 0: 200 */
} helder_html_options;

#define HELDER_HTML_OPTIONS_INIT {NULL, NULL, NULL, NULL, 0, NULL, 0, NULL, NULL, 0, NULL, 0ul, 0}

/* Render a loaded form (without load errors) as one HTML5 document in *out (caller frees with
 * free(); *out_len its length). Problems (unknown language, a template that fails, is refused by
 * the security settings or runs over the limits, an unreadable submission) go to sink.
 * Returns 0, HELDER_EINVALID (see sink), HELDER_EIO (a template file could not be read) or
 * HELDER_EUSAGE. */
int helder_render_html(char **out, size_t *out_len, const helder_form *form,
                       const helder_html_options *opts, helder_diag_sink *sink);

/* Write the files the page links to (style.css, helder.js and the extra stylesheet) into dir.
 * Nothing to do with opts->inline_assets. Returns 0 or HELDER_EIO. */
int helder_render_html_assets(const char *dir, const helder_html_options *opts);

/* Turn an application/x-www-form-urlencoded body posted by a rendered form into a submission
 * document (docs/html.md, "From a POST to a submission") in *out (caller frees). Unknown, duplicate
 * or malformed fields, NULs and invalid UTF-8 are reported to sink and make it HELDER_EINVALID. */
int helder_form_data_to_submission(char **out, size_t *out_len, const helder_form *form,
                                   const char *body, size_t body_len, const char *lang,
                                   helder_diag_sink *sink);

/* ---- rendering: the paper form (render/pdf.c, render/layout.c) ---- */

typedef struct {
    const char *lang;            /* one of the form's languages; NULL: its first */
    const char *paper;           /* "a4" (default) or "letter" */
    const char *submission;      /* a submission document to print into the boxes, or NULL */
    size_t submission_len;
    const char *submission_name; /* for diagnostics */
    const char *today;           /* YYYY-MM-DD for conditions on today() and the PDF's date;
                                    NULL: the local date */
    unsigned repeat_copies;      /* blank copies printed of each repeat; 0: 3 */
} helder_pdf_options;

#define HELDER_PDF_OPTIONS_INIT {NULL, NULL, NULL, 0, NULL, NULL, 0u}

/* Render a loaded form (without load errors) as a paper form: a PDF document in *out (caller
 * frees with free(); *out_len its length). With opts->submission, the answers are printed into
 * the boxes (the filled copy). An unknown language or an unreadable submission goes to sink and
 * returns HELDER_EINVALID (HELDER_ETOOBIG for a submission over 1 MiB); a bad paper size or date
 * HELDER_EUSAGE; a failure inside cairo HELDER_EIO. Returns 0 on success. */
int helder_render_pdf(char **out, size_t *out_len, const helder_form *form,
                      const helder_pdf_options *opts, helder_diag_sink *sink);

#ifdef __cplusplus
}
#endif
#endif
