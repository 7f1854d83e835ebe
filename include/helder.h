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

#ifdef __cplusplus
}
#endif
#endif
