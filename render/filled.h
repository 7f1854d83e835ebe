/* The answers a renderer fills a form in with: one submission, read by check (render/filled.c).
 * Private to render/: the web form (rmodel.c) and the paper form (pdf.c) both read a submission
 * here, so that they show the same answers that check judged.
 */
#ifndef HELDER_RENDER_FILLED_H
#define HELDER_RENDER_FILLED_H

#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

typedef struct helder_filled helder_filled;

/* today() as check counts it (days since 1970-01-01): the date in text (YYYY-MM-DD), or the local
 * date when text is NULL. Returns 0, or HELDER_EUSAGE when text is no date that exists. */
int helder_filled_today(int32_t *out, const char *text);

/* Read submission[0..len) as a submission of form (name, NULL for "submission", is the file in
 * diagnostics; today as helder_filled_today gives it). Returns 0 with *out the caller's (free with
 * helder_filled_free); HELDER_EINVALID or HELDER_ETOOBIG, with check's errors in sink, when the
 * bytes cannot be read as a submission at all; HELDER_EUSAGE when the form has errors. A
 * submission with errors, for another version, or breaking the schema is read as far as it can be.
 */
int helder_filled_open(helder_filled **out, const helder_form *form, const char *submission,
                       size_t len, const char *name, int32_t today, helder_diag_sink *sink);
void helder_filled_free(helder_filled *filled);

/* The number of items of repeat the submission holds (at most the repeat's max), or when it gives
 * none, those a simplified form carries for it (check's reading). */
size_t helder_filled_items(const helder_filled *filled, const helder_node *repeat);

/* The answer to question in item (1-based) of its repeat, or at top level (item 0): as given,
 * without the white space around it, or a simplified form's prefill for a question the submission
 * leaves unanswered; NULL when there is none. Borrowed from filled. */
const char *helder_filled_answer(const helder_filled *filled, const helder_node *question,
                                 unsigned item);

/* The answer as check normalized it (a country code in capitals, choices one space apart), for
 * matching against option values; as helder_filled_answer when check did not parse it. */
const char *helder_filled_choice(const helder_filled *filled, const helder_node *question,
                                 unsigned item);

/* The language the submission says it is in, when the form has it; else the form's first. */
const char *helder_filled_lang(const helder_filled *filled);

#endif
