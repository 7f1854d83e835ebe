/* The paper form's layout as data: every item measured with pango and placed on pages as boxes
 * (page, position, size, kind, node). render/pdf.c only draws these boxes; tests check them
 * (no overlaps, inside the printable area, no question across pages, numbers in order).
 * Private to render/: pango types appear here, never in include/helder.h.
 */
#ifndef HELDER_RENDER_LAYOUT_H
#define HELDER_RENDER_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include <pango/pango.h>

#include "render/plan.h"

typedef enum {
    HELDER_BOX_TITLE,     /* the form's title (H1) */
    HELDER_BOX_HEADING,   /* a section, repeat copy, documents or signature heading (H2) */
    HELDER_BOX_TEXT,      /* a paragraph: intro, instructions, notes, section hints */
    HELDER_BOX_NUMBER,    /* a question's number */
    HELDER_BOX_LABEL,     /* a question's label */
    HELDER_BOX_HINT,      /* a question's hint */
    HELDER_BOX_ONLY_IF,   /* "Answer only if …" before a conditional item */
    HELDER_BOX_OPTION,    /* the label of an answer next to its circle or square */
    HELDER_BOX_GOTO,      /* "→ go to question 12" next to an answer */
    HELDER_BOX_CAPTION,   /* small words under or before a field: "DD MM YYYY", "Date" */
    HELDER_BOX_CIRCLE,    /* one answer of a single choice */
    HELDER_BOX_SQUARE,    /* one answer of a multiple choice; a document to tick */
    HELDER_BOX_COMB,      /* a row of `cells` boxes, one character each (a date is three) */
    HELDER_BOX_LINES,     /* `cells` writing lines */
    HELDER_BOX_AREA,      /* a box for a long answer */
    HELDER_BOX_SIGNATURE, /* the box to sign in */
    HELDER_BOX_FOOTER,    /* form id, version and "Page 3 of 8" */
    HELDER_BOX__COUNT
} helder_box_kind;

const char *helder_box_kind_name(helder_box_kind kind);

typedef struct {
    helder_box_kind kind;
    unsigned page;           /* 0-based */
    double x, y, w, h;       /* points, from the page's top left corner */
    const helder_node *node; /* the item it belongs to; NULL for page furniture */
    unsigned number;         /* NUMBER: the question number; HEADING of a section: its part */
    unsigned copy;           /* inside a repeat: the copy (1-based); 0 elsewhere */
    unsigned cells;          /* COMB: cells; LINES, AREA: ruled lines */
    /* Text boxes: the text as laid out (cut texts end in "…"). COMB, LINES, AREA: the answer
     * printed in them (filled copy), or NULL. Borrowed from the layout. */
    const char *text;
    PangoLayout *pango; /* the shaped text, shared through the layout's cache */
    double baseline;    /* text boxes: first baseline, from y */
    bool marked;        /* CIRCLE, SQUARE: chosen in the submission (or a sample mark) */
    bool cut;           /* the text or answer was cut to fit; a "…" shows where */
    int heading;        /* 1 for H1, 2 for H2, 3 for H3 (tags, bookmarks); 0 otherwise */
} helder_box;

typedef enum { HELDER_LAYOUT_A4, HELDER_LAYOUT_LETTER } helder_layout_paper;

/* Answers for a filled copy: how many items a repeat has and the answer to a question (in
 * repeat item `item`, 1-based, or 0 outside repeats); NULL when unanswered. */
typedef struct {
    long (*items)(const helder_node *repeat, void *payload);
    const char *(*answer)(const helder_node *question, unsigned item, void *payload);
    void *payload;
} helder_layout_answers;

typedef struct {
    helder_layout_paper paper;
    const helder_layout_answers *answers; /* NULL for a blank form */
    unsigned repeat_copies;               /* blank copies of a repeat; 0: 3 */
    size_t max_text;                      /* cap on any laid-out text, in characters; 0: 2000 */
} helder_layout_options;

#define HELDER_LAYOUT_OPTIONS_INIT                                                                 \
    {                                                                                              \
        HELDER_LAYOUT_A4, NULL, 0, 0                                                               \
    }

typedef struct helder_layout helder_layout;

struct helder_layout {
    const helder_plan *plan; /* borrowed */
    double page_w, page_h;
    double margin_x, margin_top, margin_bottom;
    double safe; /* printable area: this far from every edge */
    unsigned npages;
    size_t nboxes;
    helder_box *boxes; /* in reading order, page by page */
    struct helder_layout_private *priv;
};

/* Lay out the plan's form on pages. Returns 0 with *out the caller's (helder_layout_free), or
 * HELDER_EUSAGE for bad options. The plan must outlive the layout. */
int helder_layout_new(helder_layout **out, const helder_plan *plan,
                      const helder_layout_options *opts);
void helder_layout_free(helder_layout *layout);

/* Text styles, shared with the drawing code for comb cells. */
typedef enum {
    HELDER_STYLE_TITLE,
    HELDER_STYLE_HEADING,
    HELDER_STYLE_SUBHEADING,
    HELDER_STYLE_BODY,
    HELDER_STYLE_LABEL,
    HELDER_STYLE_NUMBER,
    HELDER_STYLE_HINT,
    HELDER_STYLE_ONLY_IF,
    HELDER_STYLE_OPTION,
    HELDER_STYLE_GOTO,
    HELDER_STYLE_CAPTION,
    HELDER_STYLE_FOOTER,
    HELDER_STYLE_ANSWER,
    HELDER_STYLE_CELL,
    HELDER_STYLE__COUNT
} helder_style;

/* The shaped layout of text in a style, `width` points wide (0: one line, unwrapped): laid out
 * once and shared. Borrowed from the layout. */
PangoLayout *helder_layout_text(helder_layout *layout, helder_style style, double width,
                                const char *text);

/* How many distinct texts were shaped, and how many requests the cache answered. */
void helder_layout_cache_stats(const helder_layout *layout, size_t *shaped, size_t *reused);

#endif
