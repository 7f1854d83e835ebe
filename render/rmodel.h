/* Private interface between the HTML renderer's parts: the render model builder (rmodel.c), the
 * libxslt driver (html.c) and the expression serializer the browser script reads.
 */
#ifndef HELDER_RENDER_RMODEL_H
#define HELDER_RENDER_RMODEL_H

#include <stddef.h>

#include "helder.h"
#include "model/model.h"

struct _xmlDoc;

/* What html.c decided before the model is built: asset references or inline contents. */
typedef struct {
    const char *css_href;        /* "style.css", or NULL when inline */
    const char *js_href;         /* "helder.js", or NULL when inline */
    const char *custom_css_href; /* the designer's extra stylesheet, or NULL */
    const char *inline_css;      /* contents when inline (style.css then the custom one) */
    const char *inline_js;
    const char *csp; /* the Content-Security-Policy the page declares */
} helder_rmodel_assets;

/* Build the render model of form in opts->lang. Returns the document (caller frees with
 * xmlFreeDoc) or NULL with a diagnostic in sink (unknown language, unreadable submission). */
struct _xmlDoc *helder_rmodel_build(const helder_form *form, const helder_html_options *opts,
                                    const helder_rmodel_assets *assets, helder_diag_sink *sink);

/* The expression as JSON for the browser evaluator (docs/html.md, "Conditions as data"): arrays
 * ["op", operands...]. Every '<', '>' and '&' is written as \u003c etc., so the text is safe in
 * any HTML context that escapes quotes. Caller frees. */
char *helder_expr_json(const helder_expr *expr);

/* Returns the index of lang among the form's languages, the first language for NULL, or -1. */
int helder_rmodel_lang_index(const helder_form *form, const char *lang);

/* The web form's own words (buttons, the error summary), per language, English fallback. */
typedef enum {
    HELDER_WEB_SUBMIT,
    HELDER_WEB_ERROR_TITLE,
    HELDER_WEB_ERROR_PREFIX,
    HELDER_WEB_OPTIONAL,
    HELDER_WEB_ADD_ANOTHER,
    HELDER_WEB_REMOVE,
    HELDER_WEB_ITEM,   /* {1} title, {2} number */
    HELDER_WEB_SELECT, /* the empty choice of a drop-down list */
    HELDER_WEB_DOCUMENTS_HINT,
    HELDER_WEB_NOSCRIPT, /* how the page works without JavaScript */
    HELDER_WEB_QUESTION, /* {1} number: a visually hidden prefix */
    HELDER_WEB_SKIP,     /* skip link */
    HELDER_WEB_COUNTRY_HINT,
    HELDER_WEB__COUNT
} helder_web_msg_id;

const char *helder_web_msg(const char *lang, helder_web_msg_id id);
/* The same, and *used (may be NULL) gets the language the text is in: English when helder has no
 * words for lang, so that the page can mark them (lang="en"). */
const char *helder_web_msg_in(const char *lang, helder_web_msg_id id, const char **used);

#endif
