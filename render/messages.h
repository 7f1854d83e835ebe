/* The renderers' message catalogue: the few words helder itself prints on a form (Yes, No,
 * "Page 3 of 8", routing sentences, instructions), per language. The texts are data in
 * render/messages.c; placeholders are {1}, {2}, {3}, filled by helder_msg_fill.
 */
#ifndef HELDER_RENDER_MESSAGES_H
#define HELDER_RENDER_MESSAGES_H

#include <stdbool.h>

typedef enum {
    /* answers and marks */
    HELDER_MSG_YES,
    HELDER_MSG_NO,
    /* page furniture */
    HELDER_MSG_PAGE_OF,      /* {1} page, {2} pages */
    HELDER_MSG_FORM_VERSION, /* {1} form id, {2} version */
    HELDER_MSG_PART,         /* {1} section number: "Part 2" */
    HELDER_MSG_QUESTION,     /* {1} number: "Question 4" */
    /* instructions in the title block */
    HELDER_MSG_HOW_TITLE,
    HELDER_MSG_CAPITALS,
    HELDER_MSG_MARK_ONE,
    HELDER_MSG_MARK_ANY,
    HELDER_MSG_ROUTING_HELP,
    HELDER_MSG_SEND_TO,
    HELDER_MSG_FILLED_COPY, /* the heading of a filled-in copy */
    /* per question */
    HELDER_MSG_DATE_PARTS, /* "DD MM YYYY", three words separated by spaces */
    HELDER_MSG_ATTACH,     /* file questions on paper */
    HELDER_MSG_MAX_CHARS,  /* {1}: "at most 100 characters" */
    HELDER_MSG_CHOOSE_ONE,
    HELDER_MSG_CHOOSE_ANY,
    HELDER_MSG_COUNTRY_HINT,
    /* routing */
    HELDER_MSG_GOTO, /* {1}: "go to question 12" */
    HELDER_MSG_GOTO_END,
    HELDER_MSG_ONLY_IF, /* {1} a condition: "Answer only if {1}" */
    HELDER_MSG_ONLY_IF_GENERIC,
    HELDER_MSG_PART_ONLY_IF, /* sections and repeats */
    HELDER_MSG_PART_ONLY_IF_GENERIC,
    HELDER_MSG_SEND_ONLY_IF, /* documents */
    HELDER_MSG_SEND_ONLY_IF_GENERIC,
    HELDER_MSG_NOTE_ONLY_IF, /* notes */
    HELDER_MSG_NOTE_ONLY_IF_GENERIC,
    HELDER_MSG_OPTION_ONLY_IF, /* options */
    HELDER_MSG_OPTION_ONLY_IF_GENERIC,
    /* condition clauses: {1} question number, {2} a value or a list of values */
    HELDER_MSG_C_YES,
    HELDER_MSG_C_NO,
    HELDER_MSG_C_CHOSE,
    HELDER_MSG_C_NOT_CHOSE,
    HELDER_MSG_C_TICKED,
    HELDER_MSG_C_NOT_TICKED,
    HELDER_MSG_C_ANSWERED,
    HELDER_MSG_C_NOT_ANSWERED,
    HELDER_MSG_C_EQ,
    HELDER_MSG_C_NE,
    HELDER_MSG_C_GT,
    HELDER_MSG_C_GE,
    HELDER_MSG_C_LT,
    HELDER_MSG_C_LE,
    HELDER_MSG_C_DATE_AFTER,
    HELDER_MSG_C_DATE_FROM,
    HELDER_MSG_C_DATE_BEFORE,
    HELDER_MSG_C_DATE_UNTIL,
    HELDER_MSG_C_AGE_GE, /* age(q) >= {2} */
    HELDER_MSG_C_AGE_LT, /* age(q) < {2} */
    HELDER_MSG_AND,      /* "{1} and {2}" */
    HELDER_MSG_OR,       /* "{1} or {2}" */
    HELDER_MSG_QUOTE,    /* "'{1}'" */
    /* repeats, documents, signature */
    HELDER_MSG_REPEAT_COPY, /* {1} title, {2} copy number */
    HELDER_MSG_COPY_MORE,   /* {1} how many copies printed */
    HELDER_MSG_DOCUMENTS_HOW,
    HELDER_MSG_SIGN_TITLE,
    HELDER_MSG_DECLARATION,
    HELDER_MSG_SIGN_HERE,
    HELDER_MSG_DATE,
    HELDER_MSG_NAME,
    HELDER_MSG__COUNT
} helder_msg;

/* The message in language `lang` (a BCP 47 code such as "nl" or "ar"); English when helder has
 * no catalogue for that language or the entry is missing. Static storage. */
const char *helder_msg_get(const char *lang, helder_msg id);

/* Whether helder has its own catalogue for lang (else helder_msg_get answers in English). */
bool helder_msg_has_lang(const char *lang);

/* Whether lang is written right to left (ar, fa, he, ur, ps, …). */
bool helder_lang_rtl(const char *lang);

/* Fills {1}..{nargs} in tmpl with args; an unknown placeholder is kept as written.
 * Returns a new string, caller frees. */
char *helder_msg_fill(const char *tmpl, unsigned nargs, const char *const *args);

#endif
