/* Answers by question type (answer.c): the answer text of a question turned into the value that
 * expressions see and its normalized text, or the message that says why it is not an answer of
 * that type. One set of rules for a submission's answers (check), a simplified form's prefills
 * and the facts (facts.c), whether they are then checked or simplified for.
 */
#ifndef HELDER_MODEL_ANSWER_H
#define HELDER_MODEL_ANSWER_H

#include <stdbool.h>
#include <stddef.h>

#include "model/arena.h"
#include "model/index.h"
#include "model/messages.h"
#include "model/model.h"

/* A parsed answer: its value as expressions see it and its normalized text. Strings point into
 * the answer, the form or the arena. */
typedef struct helder_typed_value {
    helder_value value;
    const char *norm;
    size_t norm_len;
} helder_typed;

/* Outcome of parsing an answer: a message (HELDER_MSG_NONE when it is fine) and the number to
 * put in its {count} (characters written, for too-long). */
typedef struct {
    helder_check_msg msg;
    long count;
    long bound; /* minlength or maxlength for too-short / too-long */
} helder_parse_outcome;

/* Trim XML white space (space, tab, CR, LF) around text. */
void helder_trim(const char **text, size_t *len);

/* Parse text (trimmed, not empty) as an answer to question: valid UTF-8, then the answer form
 * of its type, option values included (that they exist, found through index; whether they are
 * available is the checker's). Returns the outcome; out is filled when outcome.msg is
 * HELDER_MSG_NONE. */
helder_parse_outcome helder_answer_parse(helder_typed *out, const helder_form_index *index,
                                         const helder_node *question, const char *text, size_t len,
                                         helder_arena *arena);
/* minlength/maxlength, in characters of the canonical text. */
helder_parse_outcome helder_answer_length(const helder_node *question, const helder_typed *typed);
/* The question's pattern on the canonical text. A match limit gives HELDER_MSG_NOT_CHECKED,
 * never success. */
helder_parse_outcome helder_answer_pattern(const helder_node *question, const helder_typed *typed);

/* Whether two parsed values of one question are the same answer. */
bool helder_typed_equal(const helder_typed *a, const helder_typed *b);

/* Individual rules, exposed for the tests. */
bool helder_bsn_valid(const char *digits, size_t len);
bool helder_iban_valid(const char *iban, size_t len); /* compact, upper case */
bool helder_country_valid(const char *code, size_t len);

#endif
