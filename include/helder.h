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

#define HELDER_DIAG_SINK_INIT(fn, payload)                                                         \
    {                                                                                              \
        (fn), (payload),                                                                           \
        {                                                                                          \
            0, 0, 0                                                                                \
        }                                                                                          \
    }

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

#define HELDER_LOAD_OPTIONS_INIT                                                                   \
    {                                                                                              \
        8u << 20, 32u                                                                              \
    }

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
/* The languages the form declares (its languages attribute), the default first. Returns their
 * number; *out is borrowed from the form (the strings too). */
size_t helder_form_languages(const char *const **out, const helder_form *form);

typedef struct {
    const char *const *jargon; /* extra jargon words (NULL-terminated), or NULL */
} helder_lint_options;

#define HELDER_LINT_OPTIONS_INIT                                                                   \
    {                                                                                              \
        NULL                                                                                       \
    }

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
    const char *lang;          /* one of the form's languages; NULL: its first */
    const char *action;        /* where the form posts; NULL: the page's own address */
    const char *templates_dir; /* form.xsl (and what it includes), style.css, helder.js
                                  replacing the built-in ones; NULL: built in */
    const char *css_path;      /* an extra stylesheet loaded after style.css, or NULL */
    int inline_assets;         /* put the CSS and script in the page (see docs/html.md) */
    const char *submission;    /* a submission document to fill the form in with, or NULL */
    size_t submission_len;
    const char *submission_name;     /* for diagnostics */
    const helder_html_error *errors; /* check's findings to show; may be NULL */
    size_t nerrors;
    const char *today;            /* YYYY-MM-DD for today() in the browser; NULL: the browser's */
    unsigned long max_operations; /* XSLT operation limit; 0: 10 million */
    int max_template_depth;       /* XSLT template recursion limit; 0: 200 */
    double max_seconds;           /* a designer template's CPU time (templates_dir); 0: 5 s */
    const char *section;          /* the id of one section: the page has only that one, without
                                     the list of documents (one step of a form); NULL: all */
    const char *submit_label;     /* the submit button's words ("Continue"); NULL: the page's word
                                     for sending */
} helder_html_options;

#define HELDER_HTML_OPTIONS_INIT                                                                   \
    {                                                                                              \
        NULL, NULL, NULL, NULL, 0, NULL, 0, NULL, NULL, 0, NULL, 0ul, 0, 0.0, NULL, NULL           \
    }

/* Render a loaded form (without load errors) as one HTML5 document in *out (caller frees with
 * free(); *out_len its length). Problems (unknown language or section, a template that fails, is
 * refused by the security settings or runs over the limits, an unreadable submission) go to sink.
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

/* ---- checking submissions (validate/) ---- */

/* A form compiled for checking: answer ids hashed, evaluation order and option tables built once.
 * Read-only after helder_check_plan_new, so one plan may serve any number of threads. */
typedef struct helder_check_plan helder_check_plan;
/* Known facts about one applicant (urn:helder:facts:1), bound to a plan. Read-only once loaded. */
typedef struct helder_facts helder_facts;
/* The verdict on one submission: findings, counts and the cleaned answers. */
typedef struct helder_check_result helder_check_result;

/* Compile form for checking. The form must have loaded without errors and must outlive the plan.
 * Returns 0 with *out the caller's (free with helder_check_plan_free), or HELDER_EINVALID when the
 * form has errors. */
int helder_check_plan_new(helder_check_plan **out, const helder_form *form);
void helder_check_plan_free(helder_check_plan *plan);

typedef struct {
    size_t max_bytes; /* refuse larger facts files; default 1 MiB */
} helder_facts_options;

#define HELDER_FACTS_OPTIONS_INIT                                                                  \
    {                                                                                              \
        1u << 20                                                                                   \
    }

/* Load facts for plan's form from a file ("-" is stdin) or a buffer; `name` is used in
 * diagnostics. Every problem goes to sink with the fact's line: a value that does not fit its
 * question's type is an error, a fact that matches no question a warning. Returns 0 with *out the
 * caller's (free with helder_facts_free); HELDER_EINVALID when there were errors, with *out set to
 * the facts without the ones in error when the file could be read as facts at all (else NULL);
 * HELDER_EIO, HELDER_ETOOBIG. The facts borrow the plan, which must outlive them. */
int helder_facts_load_file(helder_facts **out, const helder_check_plan *plan, const char *path,
                           const helder_facts_options *opts, helder_diag_sink *sink);
int helder_facts_load_memory(helder_facts **out, const helder_check_plan *plan, const char *buf,
                             size_t len, const char *name, const helder_facts_options *opts,
                             helder_diag_sink *sink);
void helder_facts_free(helder_facts *facts);

typedef struct {
    size_t max_bytes;          /* refuse larger submissions; default 1 MiB */
    long today;                /* today() as days since 1970-01-01 (helder_check_today); 0: the
                                  local date at the time of the check */
    const helder_facts *facts; /* known facts: fill unanswered questions, must agree; or NULL */
    unsigned max_findings;     /* stop reporting after this many; default 200 */
    int salvage;               /* also read the answers of a file that breaks the submission
                                  schema or is for another form or version, as far as they can
                                  be read (for a filled copy, not for accepting it): findings
                                  and return value stay the same, and the rules of the form are
                                  not applied to such answers */
} helder_check_options;

#define HELDER_CHECK_OPTIONS_INIT                                                                  \
    {                                                                                              \
        1u << 20, 0, NULL, 200u, 0                                                                 \
    }

/* Days since 1970-01-01 of a YYYY-MM-DD date (a day that exists), or of the local date when text
 * is NULL. Returns 0, or HELDER_EUSAGE for a malformed date. */
int helder_check_today(long *out, const char *text);

/* One finding about a submission. Strings are borrowed from the result. */
typedef struct {
    helder_severity severity;
    const char *rule; /* stable kebab-case id, e.g. "required", "bad-bsn" (docs/check-output.md) */
    const char
        *question;      /* id of the question, repeat or rule concerned; NULL for the whole file */
    const char *repeat; /* id of the enclosing repeat for a question in a repeat item, else NULL */
    unsigned item;      /* 1-based item number inside that repeat; 0 when not in an item */
    const char *label; /* the question's label (repeat's title) in the result's language, or NULL */
    const char
        *message;  /* for the applicant, in the result's language (see helder_check_result_lang) */
    unsigned line; /* line of the answer (or element) in the submission; 0 when there is none */
    unsigned col;  /* column where known (XML errors), else 0 */
} helder_check_finding;

/* Check one submission held in buf[0..len) against plan; `name` is used in findings. Parses it
 * safely (no DOCTYPE, UTF-8 only, size cap), checks its structure, then applies every rule of the
 * form. *out is the caller's (free with helder_check_result_free), also when the submission is
 * invalid. Returns 0 when the submission is valid (warnings allowed), HELDER_EINVALID when it is
 * not (the result says why), HELDER_ETOOBIG when it is over opts->max_bytes (a result too).
 * Thread-safe: many threads may check against one plan and one set of facts at once. */
int helder_check_submission(helder_check_result **out, const helder_check_plan *plan,
                            const char *buf, size_t len, const char *name,
                            const helder_check_options *opts);
void helder_check_result_free(helder_check_result *result);

/* 1 when valid (no errors), else 0. */
int helder_check_result_valid(const helder_check_result *result);
/* Findings in the form's order (the order an applicant meets the questions); *out is borrowed. */
size_t helder_check_result_findings(const helder_check_result *result,
                                    const helder_check_finding **out);
/* Number of findings of one severity (also those past max_findings, which are not listed). */
unsigned helder_check_result_count(const helder_check_result *result, helder_severity severity);
/* The language of labels and messages: the submission's xml:lang when the form declares it, else
 * the form's first language. Built-in messages exist in nl and en; for other languages they are
 * given in English while labels and the form's own messages stay in that language. */
const char *helder_check_result_lang(const helder_check_result *result);
/* Attributes of the submission as sent (form, version, xml:lang, reference, received); NULL when
 * absent or when the file could not be read. */
const char *helder_check_result_attr(const helder_check_result *result, const char *name);

/* The cleaned submission as XML (urn:helder:submission:1): answers in form order, normalized
 * (postcode and IBAN without spaces, letters upper case, numbers without leading zeros, multiple
 * choices in option order), answers to questions that are not relevant dropped, answers from facts
 * added. *out is the caller's (free()). Returns 0, or HELDER_EINVALID when the submission could
 * not be read far enough to have answers. */
int helder_check_result_normalized(char **out, size_t *out_len, const helder_check_result *result);

/* ---- the answers of a checked submission ---- */

/* Where an answer comes from. */
typedef enum {
    HELDER_ANSWER_GIVEN = 0,  /* the submission */
    HELDER_ANSWER_FACT = 1,   /* opts->facts, for a question the submission leaves unanswered */
    HELDER_ANSWER_PREFILL = 2 /* a simplified form's known answer, likewise */
} helder_answer_source;

/* What the check made of an answer (helder_check_answer.flags). */
enum {
    HELDER_ANSWER_CHECKED = 1,   /* the form's rules were applied (not so for answers read with
                                    opts->salvage only, nor on a day a simplified form has
                                    expired) */
    HELDER_ANSWER_RELEVANT = 2,  /* checked: its question applies */
    HELDER_ANSWER_UNDECIDED = 4, /* checked: whether it applies depends on an answer in error */
    HELDER_ANSWER_DROPPED = 8,   /* checked: its question does not apply, so the cleaned
                                    submission leaves it out */
    HELDER_ANSWER_INVALID = 16   /* checked: the answer itself is in error (a finding says why) */
};

/* One answer. Strings are borrowed from the result and NUL-terminated. */
typedef struct {
    const char *question; /* the question's id */
    const char *repeat;   /* id of the repeat the question is in, or NULL */
    unsigned item;        /* 1-based item of that repeat; 0 outside repeats */
    const char *text;     /* as given, without the white space around it (facts and prefills:
                             their normalized text); never empty */
    size_t text_len;
    const char *normalized; /* as helder_check_result_normalized writes it (postcode without
                               spaces, ...); NULL when the answer is in error or was not parsed
                               (its question does not apply, or it was not checked) */
    size_t normalized_len;
    helder_answer_source source;
    unsigned flags; /* HELDER_ANSWER_* */
} helder_check_answer;

typedef int (*helder_check_answer_fn)(const helder_check_answer *answer, void *payload);

/* 1 when the result holds the submission's answers (perhaps none): the file was read as a
 * submission of the plan's form, or with opts->salvage as far as it could be; 0 when it was not
 * (too large, not XML, no <submission> root; without salvage also a schema error, another form
 * or another version). */
int helder_check_result_readable(const helder_check_result *result);

/* Call fn for every answer the result holds, in form order: questions and repeats in document
 * order, a repeat item by item. Answers to ids the form does not have, misplaced or duplicate
 * answers (the first counts) and items past a repeat's max are not held, nor anything of a
 * result that is not readable. Returns 0, or the first non-zero value fn returns, which ends the
 * walk. */
int helder_check_result_foreach_answer(const helder_check_result *result, helder_check_answer_fn fn,
                                       void *payload);

/* The answer to `question` in item `item` (1-based) of its repeat, or at top level (item 0), into
 * *out. Returns 1 when the result holds one, 0 when not (also for an id that is no question of
 * the form, or an item it does not hold); *out is then zeroed. */
int helder_check_result_answer(helder_check_answer *out, const helder_check_result *result,
                               const char *question, unsigned item);

/* The number of items of `repeat` the result holds: the submission's (at most the repeat's max),
 * or, when the submission gives none, those from facts or a simplified form's prefill. 0 for an
 * id that is no repeat of the form. */
size_t helder_check_result_items(const helder_check_result *result, const char *repeat);
/* 1 when the result has `repeat` at all: the submission gives it (a <repeat>, perhaps without
 * items: the applicant has none), or facts or a prefill give its items; else 0. */
int helder_check_result_repeat_given(const helder_check_result *result, const char *repeat);

/* The check rules, for documentation and `helder check --list-rules`. */
size_t helder_check_rules(const helder_rule_info **out);

/* ---- the form in words, in one language (render/outline.c) ---- */

/* What the renderers say about a form in one language, for programs that show a form their own
 * way (helder serve's summaries and steps): question numbers, every text resolved in the language
 * (the form's first language where a translation is missing), conditions in words. */
typedef struct helder_render_plan helder_render_plan;

typedef enum {
    HELDER_RENDER_SECTION = 0,
    HELDER_RENDER_QUESTION = 1,
    HELDER_RENDER_REPEAT = 2,
    HELDER_RENDER_NOTE = 3,
    HELDER_RENDER_DOCUMENTS = 4, /* the list of documents to send */
    HELDER_RENDER_DOCUMENT = 5
} helder_render_kind;

/* One item of the form, in document order. Strings are borrowed from the plan. */
typedef struct {
    helder_render_kind kind;
    const char *id;      /* NULL for the documents list */
    const char *section; /* id of the section it is in (a section: its own id), or NULL */
    const char *repeat;  /* id of the repeat it is in, or NULL */
    unsigned number;     /* questions: the number the pages print (1, 2, ...); else 0 */
    unsigned part;       /* sections: 1-based ("Part 2"); else 0 */
    const char *title;   /* sections, repeats, the documents list: as the pages show it (the id
                            when the form has none); else NULL */
    const char *label;   /* questions, documents: likewise */
    const char *hint;    /* or NULL */
    const char *text;    /* notes: the text; else NULL */
    const char *only_if; /* the item's condition in words ("Answer only if ..."), or NULL */
    int hidden;          /* questions a simplified form answers and does not show */
} helder_render_item;

/* The plan of form (loaded without errors) in `lang` (one of its languages; NULL: the first).
 * Returns 0 with *out the caller's (free with helder_render_plan_free; it borrows form, which must
 * outlive it), HELDER_EINVALID for a language the form does not declare, HELDER_EUSAGE for a form
 * with errors. */
int helder_render_plan_new(helder_render_plan **out, const helder_form *form, const char *lang);
void helder_render_plan_free(helder_render_plan *plan);

/* The plan's language, and the form's title in it (its id when it has none). Borrowed. */
const char *helder_render_plan_lang(const helder_render_plan *plan);
const char *helder_render_plan_title(const helder_render_plan *plan);
/* Every item, in document order; *out is borrowed. Returns the count. */
size_t helder_render_plan_items(const helder_render_plan *plan, const helder_render_item **out);
/* The item with this id (a section, question, repeat, note or document), or NULL. */
const helder_render_item *helder_render_plan_find(const helder_render_plan *plan, const char *id);

/* An answer to `question` as the web form shows it in the plan's language: yes/no, choices and
 * multiple choices by their labels ("; " between them), a country by its name; other answers as
 * given. Nothing for a choice that is none of the question's options (the page shows no choice
 * made either). *out is the caller's (free()), "" when there is nothing to show. Returns 0, or
 * HELDER_EUSAGE when question is no question of the form. */
int helder_render_plan_answer_text(char **out, const helder_render_plan *plan, const char *question,
                                   const char *answer);
/* The heading of item `number` (1-based) of `repeat`, as the web form writes it ("Child 2").
 * *out is the caller's (free()). Returns 0, or HELDER_EUSAGE when repeat is no repeat of the
 * form. */
int helder_render_plan_item_title(char **out, const helder_render_plan *plan, const char *repeat,
                                  unsigned number);

/* ---- rendering: the paper form (render/pdf.c, render/layout.c) ---- */

typedef struct {
    const char *lang;       /* one of the form's languages; NULL: the submission's
                               language when the form has it, else the form's first */
    const char *paper;      /* "a4" (default) or "letter" */
    const char *submission; /* a submission document to print into the boxes, or NULL */
    size_t submission_len;
    const char *submission_name; /* for diagnostics */
    const char *today;           /* YYYY-MM-DD for conditions on today() and the PDF's date;
                                    NULL: the local date */
    unsigned repeat_copies;      /* blank copies printed of each repeat; 0: 3 */
} helder_pdf_options;

#define HELDER_PDF_OPTIONS_INIT                                                                    \
    {                                                                                              \
        NULL, NULL, NULL, 0, NULL, NULL, 0u                                                        \
    }

/* Render a loaded form (without load errors) as a paper form: a PDF document in *out (caller
 * frees with free(); *out_len its length). With opts->submission, the answers are printed into
 * the boxes as given (the filled copy): the submission is read by helder_check_submission with
 * salvage, so answers with errors, and those of a submission that breaks the schema or is for
 * another version, are printed too; items past a repeat's max are not. An unknown language goes
 * to sink and returns HELDER_EINVALID; so does a submission that cannot be read at all (check's
 * findings go to sink), HELDER_ETOOBIG when it is over 1 MiB; a bad paper size or date
 * HELDER_EUSAGE; a failure inside cairo HELDER_EIO. Returns 0 on success. */
int helder_render_pdf(char **out, size_t *out_len, const helder_form *form,
                      const helder_pdf_options *opts, helder_diag_sink *sink);

/* ---- simplifying a form for what is known (simplify/; docs/simplify.md) ---- */

/* What happens to questions the facts answer: kept read-only with their answer for the applicant
 * to confirm, or kept with their answer but not shown (hidden="true"). Either way the simplified
 * form carries the answer, so that checking against it needs no facts. */
typedef enum { HELDER_KNOWN_CONFIRM = 0, HELDER_KNOWN_DROP = 1 } helder_known_mode;

typedef struct {
    helder_known_mode known;
    const char *today;        /* YYYY-MM-DD: decide conditions on today() over the window from
                                 this day to valid_until; NULL: leave every today() in place */
    const char *valid_until;  /* YYYY-MM-DD, the last day the simplified form is valid; NULL: 30
                                 days after today. Only with today. */
    const char *facts_digest; /* recorded in the provenance (helder_sha256_hex of the facts
                                 file), or NULL */
} helder_simplify_options;

#define HELDER_SIMPLIFY_OPTIONS_INIT                                                               \
    {                                                                                              \
        HELDER_KNOWN_CONFIRM, NULL, NULL, NULL                                                     \
    }

/* Figures for the report and the burden table (docs/simplify.md, "Burden"). */
typedef struct {
    unsigned questions_before, questions_after; /* questions an applicant answers */
    unsigned sections_before, sections_after;   /* sections shown */
    unsigned prefilled;                         /* questions kept with the facts' answer */
    unsigned documents_before, documents_after;
    double minutes_before, minutes_after; /* estimated time to fill in */
    unsigned changes;                     /* entries in the report */
} helder_simplify_summary;

typedef struct helder_simplify_result helder_simplify_result;

/* Simplify form (loaded without errors) for facts (loaded for a plan of the same form, or NULL)
 * as docs/simplify.md describes. *out is the caller's (helder_simplify_result_free); it borrows
 * form and facts, which must outlive it. Returns 0,
 * HELDER_EINVALID when the form has errors (nothing is simplified), HELDER_EUSAGE for a malformed
 * or inconsistent date in opts. An applicant the facts make ineligible is not an error: see
 * helder_simplify_result_eligible. */
int helder_simplify(helder_simplify_result **out, const helder_form *form,
                    const helder_facts *facts, const helder_simplify_options *opts);
void helder_simplify_result_free(helder_simplify_result *result);

/* 0 when the facts alone make the application fail (an early no: the report says why), else 1. */
int helder_simplify_result_eligible(const helder_simplify_result *result);
/* The simplified form as XML (urn:helder:form:1), borrowed from the result. */
const char *helder_simplify_result_form(const helder_simplify_result *result, size_t *out_len);
void helder_simplify_result_summary(helder_simplify_summary *out,
                                    const helder_simplify_result *result);

typedef enum { HELDER_REPORT_TEXT = 0, HELDER_REPORT_JSON = 1 } helder_report_format;

/* The report: every change with what happened, why (the condition, its residual, the deciding
 * facts, the line in the form) and the applicant's wording in the form's languages; then the
 * summary. *out is the caller's (free()). Returns 0. */
int helder_simplify_result_report(char **out, size_t *out_len, const helder_simplify_result *result,
                                  helder_report_format format);

/* "sha256:" and the 64 lower-case hex digits of the SHA-256 of data[0..len), into out. */
void helder_sha256_hex(char out[72], const void *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif
