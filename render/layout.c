/* The paper form's layout: measures every text with pango and places every item on pages as
 * boxes (render/layout.h). Items are built as blocks that never break across pages (a question
 * with its condition, label, hint and answer area; a heading with what follows it). Each distinct
 * text is shaped once and shared through a cache. Right-to-left forms are laid out left to right
 * and mirrored at the end, so every rule below is written once.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "render/countries.h"
#include "render/layout.h"

/* ---- geometry (points) ---- */

#define NUMBER_W 26.0  /* the question number column */
#define BLOCK_GAP 13.0 /* between questions */
#define CELL_W 15.0    /* one comb cell */
#define CELL_H 19.0
#define GROUP_GAP 9.0   /* between groups of comb cells (DD MM YYYY) */
#define LINE_PITCH 22.0 /* writing lines */
#define MARK 10.0       /* circles and squares */
#define MARK_GAP 6.0    /* between a mark and its label */
#define HAND_CHAR_W 8.0 /* a handwritten capital, for sizing lines to maxlength */
#define LABEL_MAX_LINES 20
#define TEXT_MAX_LINES 40

typedef struct {
    const char *family;
    double size;
    PangoWeight weight;
    PangoStyle style;
} style_spec;

/* Latin and Cyrillic from Noto Sans, Arabic from Noto Naskh Arabic, Ethiopic from Noto Sans
 * Ethiopic, the rest (arrows, rare symbols) from DejaVu Sans: all through fontconfig. */
#define FAMILIES "Noto Sans, Noto Naskh Arabic, Noto Sans Ethiopic, DejaVu Sans"

/* Six faces in all (each distinct size, weight and slant costs fontconfig a sort of every
 * installed font): title, part heading, labels (and other bold text), body, italic conditions,
 * small print. */
static const style_spec styles[HELDER_STYLE__COUNT] = {
    [HELDER_STYLE_TITLE] = {FAMILIES, 17, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL},
    [HELDER_STYLE_HEADING] = {FAMILIES, 13, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL},
    [HELDER_STYLE_SUBHEADING] = {FAMILIES, 10.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL},
    [HELDER_STYLE_BODY] = {FAMILIES, 10, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL},
    [HELDER_STYLE_LABEL] = {FAMILIES, 10.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL},
    [HELDER_STYLE_NUMBER] = {FAMILIES, 10.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL},
    [HELDER_STYLE_HINT] = {FAMILIES, 10, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL},
    [HELDER_STYLE_ONLY_IF] = {FAMILIES, 10, PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC},
    [HELDER_STYLE_OPTION] = {FAMILIES, 10, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL},
    [HELDER_STYLE_GOTO] = {FAMILIES, 10.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL},
    [HELDER_STYLE_CAPTION] = {FAMILIES, 8, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL},
    [HELDER_STYLE_FOOTER] = {FAMILIES, 8, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL},
    [HELDER_STYLE_ANSWER] = {FAMILIES, 10, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL},
    [HELDER_STYLE_CELL] = {FAMILIES, 10, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL},
};

static const char *const kind_names[HELDER_BOX__COUNT] = {
    [HELDER_BOX_TITLE] = "title",     [HELDER_BOX_HEADING] = "heading",
    [HELDER_BOX_TEXT] = "text",       [HELDER_BOX_NUMBER] = "number",
    [HELDER_BOX_LABEL] = "label",     [HELDER_BOX_HINT] = "hint",
    [HELDER_BOX_ONLY_IF] = "only-if", [HELDER_BOX_OPTION] = "option",
    [HELDER_BOX_GOTO] = "goto",       [HELDER_BOX_CAPTION] = "caption",
    [HELDER_BOX_CIRCLE] = "circle",   [HELDER_BOX_SQUARE] = "square",
    [HELDER_BOX_COMB] = "comb",       [HELDER_BOX_LINES] = "lines",
    [HELDER_BOX_AREA] = "area",       [HELDER_BOX_SIGNATURE] = "signature",
    [HELDER_BOX_FOOTER] = "footer",
};

const char *helder_box_kind_name(helder_box_kind kind)
{
    return kind < HELDER_BOX__COUNT ? kind_names[kind] : "?";
}

typedef struct {
    helder_box *items;
    size_t count, cap;
} box_list;

struct helder_layout_private {
    PangoContext *context;
    PangoFontDescription *fonts[HELDER_STYLE__COUNT];
    GHashTable *cache; /* "style|width|lines|text" -> PangoLayout */
    size_t shaped, reused;
    char **strings; /* strings the boxes point to, owned */
    size_t nstrings, cap_strings;
    helder_layout_options opts;
    size_t max_text;
    /* building */
    box_list block; /* the block being built, y relative to its top */
    box_list placed;
    double block_y; /* where the next box of the block goes */
    double page_y;  /* where the next block goes on the current page */
    unsigned page;
    bool page_empty;
    unsigned copy; /* the repeat copy being built, or 0 */
    double content_w;
};

/* ---- strings and the layout cache ---- */

static const char *keep(helder_layout *layout, char *owned)
{
    struct helder_layout_private *priv = layout->priv;
    if (priv->nstrings == priv->cap_strings) {
        priv->cap_strings = priv->cap_strings ? priv->cap_strings * 2 : 64;
        priv->strings = helder_xrealloc(priv->strings, priv->cap_strings * sizeof *priv->strings);
    }
    priv->strings[priv->nstrings++] = owned;
    return owned;
}

/* printf into a string the layout owns. */
static const char *keepf(helder_layout *layout, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static const char *keepf(helder_layout *layout, const char *fmt, ...)
{
    va_list args;
    int len;
    char *out;
    va_start(args, fmt);
    len = vsnprintf(NULL, 0, fmt, args);
    va_end(args);
    out = helder_xmalloc((size_t)(len < 0 ? 0 : len) + 1);
    va_start(args, fmt);
    vsnprintf(out, (size_t)len + 1, fmt, args);
    va_end(args);
    return keep(layout, out);
}

/* text cut to at most max characters, with "…" where it was cut. Pango's line breaking is
 * quadratic on text without spaces (SECURITY.md), so nothing longer ever reaches it. */
static const char *capped(helder_layout *layout, const char *text, size_t max, bool *cut)
{
    size_t chars = 0, at = 0;
    char *out;
    if (cut)
        *cut = false;
    if (!text)
        return NULL;
    while (text[at]) {
        if (chars == max)
            break;
        at++;
        while (((unsigned char)text[at] & 0xC0) == 0x80)
            at++;
        chars++;
    }
    if (!text[at])
        return text;
    out = helder_xmalloc(at + 4);
    memcpy(out, text, at);
    memcpy(out + at, "\xE2\x80\xA6", 4); /* … */
    if (cut)
        *cut = true;
    return keep(layout, out);
}

static PangoLayout *shape(helder_layout *layout, helder_style style, double width, int max_lines,
                          const char *text)
{
    struct helder_layout_private *priv = layout->priv;
    char *key = g_strdup_printf("%d|%.2f|%d|%s", (int)style, width, max_lines, text);
    PangoLayout *shaped = g_hash_table_lookup(priv->cache, key);
    if (shaped) {
        priv->reused++;
        g_free(key);
        return shaped;
    }
    shaped = pango_layout_new(priv->context);
    pango_layout_set_font_description(shaped, priv->fonts[style]);
    pango_layout_set_auto_dir(shaped, FALSE);
    if (width > 0) {
        pango_layout_set_width(shaped, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(shaped, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(shaped,
                                   layout->plan->rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
        if (max_lines > 0) {
            pango_layout_set_height(shaped, -max_lines);
            pango_layout_set_ellipsize(shaped, PANGO_ELLIPSIZE_END);
        }
    }
    if (style == HELDER_STYLE_ANSWER) {
        /* Answers sit on the writing lines: one line of text per ruled line. */
        PangoAttrList *attrs = pango_attr_list_new();
        pango_attr_list_insert(
            attrs, pango_attr_line_height_new_absolute((int)(LINE_PITCH * PANGO_SCALE)));
        pango_layout_set_attributes(shaped, attrs);
        pango_attr_list_unref(attrs);
    }
    /* Plain text, never markup: "<b>x</b>" in a label is printed as written. */
    pango_layout_set_text(shaped, text, -1);
    g_hash_table_insert(priv->cache, key, shaped);
    priv->shaped++;
    return shaped;
}

PangoLayout *helder_layout_text(helder_layout *layout, helder_style style, double width,
                                const char *text)
{
    return shape(layout, style, width, 0, text);
}

void helder_layout_cache_stats(const helder_layout *layout, size_t *shaped, size_t *reused)
{
    *shaped = layout->priv->shaped;
    *reused = layout->priv->reused;
}

/* ---- building blocks ---- */

static helder_box *push(box_list *list)
{
    if (list->count == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 64;
        list->items = helder_xrealloc(list->items, list->cap * sizeof *list->items);
    }
    memset(&list->items[list->count], 0, sizeof list->items[0]);
    return &list->items[list->count++];
}

static helder_box *add_box(helder_layout *layout, helder_box_kind kind, const helder_node *node,
                           double x, double y, double w, double h)
{
    helder_box *box = push(&layout->priv->block);
    box->kind = kind;
    box->node = node;
    box->x = x;
    box->y = y;
    box->w = w;
    box->h = h;
    box->copy = layout->priv->copy;
    return box;
}

/* A text box at (x, y), wrapped to width (0: one line). The box is the text's logical
 * rectangle, so that boxes beside each other can be checked for overlap. */
static helder_box *add_text_at(helder_layout *layout, helder_box_kind kind, helder_style style,
                               const helder_node *node, double x, double y, double width,
                               const char *text, int max_lines)
{
    bool cut = false;
    PangoRectangle logical;
    PangoLayout *shaped;
    helder_box *box;
    text = capped(layout, text, layout->priv->max_text, &cut);
    shaped = shape(layout, style, width, max_lines, text);
    pango_layout_get_extents(shaped, NULL, &logical);
    box = add_box(layout, kind, node, x, y, logical.width / (double)PANGO_SCALE,
                  logical.height / (double)PANGO_SCALE);
    if (width > 0 && layout->plan->rtl) {
        /* Right-aligned lines: the box starts where the widest line ends, mirrored later. */
        double right = (logical.x + logical.width) / (double)PANGO_SCALE;
        box->x = x + (width - right);
    }
    box->text = text;
    box->pango = shaped;
    box->baseline = pango_layout_get_baseline(shaped) / (double)PANGO_SCALE;
    box->cut = cut || pango_layout_is_ellipsized(shaped);
    return box;
}

/* A text box at the block's cursor, which moves below it (plus gap). */
static helder_box *add_text(helder_layout *layout, helder_box_kind kind, helder_style style,
                            const helder_node *node, double x, double width, const char *text,
                            int max_lines, double gap)
{
    helder_box *box =
        add_text_at(layout, kind, style, node, x, layout->priv->block_y, width, text, max_lines);
    layout->priv->block_y += box->h + gap;
    return box;
}

static double block_height(const helder_layout *layout)
{
    const box_list *block = &layout->priv->block;
    double bottom = 0;
    for (size_t i = 0; i < block->count; i++)
        if (block->items[i].y + block->items[i].h > bottom)
            bottom = block->items[i].y + block->items[i].h;
    return bottom;
}

static double content_top(const helder_layout *layout)
{
    return layout->margin_top;
}

static double content_bottom(const helder_layout *layout)
{
    return layout->page_h - layout->margin_bottom;
}

/* Place the block: on this page when it fits, else at the top of the next one. */
static void end_block(helder_layout *layout, double gap)
{
    struct helder_layout_private *priv = layout->priv;
    double height = block_height(layout);
    if (priv->block.count == 0)
        return;
    if (!priv->page_empty && priv->page_y + height > content_bottom(layout)) {
        priv->page++;
        priv->page_y = content_top(layout);
        priv->page_empty = true;
    }
    for (size_t i = 0; i < priv->block.count; i++) {
        helder_box *box = push(&priv->placed);
        *box = priv->block.items[i];
        box->page = priv->page;
        box->y += priv->page_y;
    }
    priv->page_y += height + gap;
    priv->page_empty = false;
    priv->block.count = 0;
    priv->block_y = 0;
}

/* ---- messages ---- */

static const char *msg(const helder_layout *layout, helder_msg id)
{
    return helder_plan_msg(layout->plan, id);
}

static const char *fill(helder_layout *layout, helder_msg id, unsigned nargs,
                        const char *const *args)
{
    return keep(layout, helder_msg_fill(msg(layout, id), nargs, args));
}

static const char *number_string(helder_layout *layout, unsigned number)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%u", number);
    return keep(layout, helder_xstrdup(buf));
}

/* ---- answers (filled copy) ---- */

static const char *answer_of(const helder_layout *layout, const helder_node *question)
{
    const helder_layout_answers *answers = layout->priv->opts.answers;
    if (!answers || !answers->answer)
        return NULL;
    return answers->answer(question, question->scope ? layout->priv->copy : 0, answers->payload);
}

/* The code points of text from `from` (counting code points), at most `count`, as a string. */
static const char *code_points(helder_layout *layout, const char *text, size_t from, size_t count)
{
    size_t at = 0, index = 0, start = 0;
    if (!text)
        return NULL;
    while (text[at] && index < from + count) {
        if (index == from)
            start = at;
        at++;
        while (((unsigned char)text[at] & 0xC0) == 0x80)
            at++;
        index++;
    }
    if (index <= from)
        return NULL;
    return keep(layout, helder_xstrndup(text + start, at - start));
}

/* Removes spaces (postcodes, IBANs, BSNs are written without them in boxes). */
static const char *without_spaces(helder_layout *layout, const char *text)
{
    char *out;
    size_t len = 0;
    if (!text)
        return NULL;
    out = helder_xmalloc(strlen(text) + 1);
    for (const char *c = text; *c; c++)
        if (*c != ' ')
            out[len++] = *c;
    out[len] = '\0';
    return keep(layout, out);
}

/* A country code answer as its name in the form's language: "Morocco (MA)". */
static const char *country_answer(helder_layout *layout, const char *code)
{
    const helder_country *table;
    size_t count = code ? helder_countries(&table) : 0, low = 0, high = count;
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        int order = strcmp(table[mid].code, code);
        if (order == 0)
            return keepf(layout, "%s (%s)",
                         helder_country_name(&table[mid], layout->plan->lang_code), code);
        if (order < 0)
            low = mid + 1;
        else
            high = mid;
    }
    return code;
}

/* ---- answer areas ---- */

/* Comb boxes in groups of sizes[0..ngroups), with captions under them when given. The answer's
 * characters are handed out over the cells in order. */
static void add_comb(helder_layout *layout, const helder_node *node, double x,
                     const unsigned *sizes, unsigned ngroups, const char *const *captions,
                     const char *answer)
{
    struct helder_layout_private *priv = layout->priv;
    double y = priv->block_y, caption_h = 0;
    size_t used = 0;
    for (unsigned g = 0; g < ngroups; g++) {
        double w = sizes[g] * CELL_W;
        helder_box *comb = add_box(layout, HELDER_BOX_COMB, node, x, y, w, CELL_H);
        comb->cells = sizes[g];
        if (answer) {
            comb->text = code_points(layout, answer, used, sizes[g]);
            used += sizes[g];
        }
        if (captions && captions[g]) {
            helder_box *caption = add_text_at(layout, HELDER_BOX_CAPTION, HELDER_STYLE_CAPTION,
                                              node, x, y + CELL_H + 1, 0, captions[g], 1);
            if (caption->h > caption_h)
                caption_h = caption->h + 1;
        }
        x += w + GROUP_GAP;
    }
    if (answer && helder_utf8_length(answer, strlen(answer)) > used) {
        /* More characters than cells: the last cell shows the cut. */
        helder_box *last = &priv->block.items[priv->block.count - 1];
        while (last->kind != HELDER_BOX_COMB)
            last--;
        last->cut = true;
    }
    priv->block_y = y + CELL_H + caption_h;
}

static void add_date(helder_layout *layout, const helder_node *node, double x, const char *answer)
{
    static const unsigned sizes[3] = {2, 2, 4};
    const char *words = msg(layout, HELDER_MSG_DATE_PARTS);
    const char *captions[3] = {NULL, NULL, NULL};
    char *copy = helder_xstrdup(words), *save = NULL;
    const char *ordered = NULL;
    unsigned i = 0;
    for (char *word = strtok_r(copy, " ", &save); word && i < 3; word = strtok_r(NULL, " ", &save))
        captions[i++] = keep(layout, helder_xstrdup(word));
    free(copy);
    if (answer && strlen(answer) == 10 && answer[4] == '-' && answer[7] == '-') {
        /* YYYY-MM-DD into the boxes as DD MM YYYY */
        char *swapped = helder_xmalloc(9);
        memcpy(swapped, answer + 8, 2);
        memcpy(swapped + 2, answer + 5, 2);
        memcpy(swapped + 4, answer, 4);
        swapped[8] = '\0';
        ordered = keep(layout, swapped);
    } else {
        ordered = answer;
    }
    add_comb(layout, node, x, sizes, 3, captions, ordered);
}

/* Writing lines `lines` high and w wide, the answer written on them. */
static void add_lines(helder_layout *layout, helder_box_kind kind, const helder_node *node,
                      double x, double w, unsigned lines, const char *answer)
{
    struct helder_layout_private *priv = layout->priv;
    double pad = kind == HELDER_BOX_AREA ? 6 : 0;
    helder_box *box = add_box(layout, kind, node, x, priv->block_y, w, lines * LINE_PITCH + pad);
    box->cells = lines;
    if (answer && *answer) {
        bool cut = false;
        /* Enough characters to fill every line twice over; the rest is never shaped. */
        size_t max = (size_t)(lines * (w / 3.0));
        const char *text =
            capped(layout, answer, max < priv->max_text ? max : priv->max_text, &cut);
        box->text = text;
        box->pango = shape(layout, HELDER_STYLE_ANSWER, w - 2 * (pad + 2), (int)lines, text);
        box->baseline = pango_layout_get_baseline(box->pango) / (double)PANGO_SCALE;
        box->cut = cut || pango_layout_is_ellipsized(box->pango);
    }
    priv->block_y += box->h;
}

/* Fixed length of a pattern made only of [class]{n} and literal characters, e.g. [0-9]{10};
 * 0 when the length varies. */
static unsigned pattern_length(const char *pattern)
{
    unsigned total = 0;
    const char *c = pattern;
    if (!pattern)
        return 0;
    while (*c) {
        unsigned atom = 1;
        if (*c == '[') {
            const char *close = strchr(c + 1, ']');
            if (!close || close == c + 1)
                return 0;
            c = close + 1;
        } else if (strchr("\\.()|*+?{}^$", *c)) {
            return 0;
        } else {
            c++;
        }
        if (*c == '{') {
            char *end;
            long count = strtol(c + 1, &end, 10);
            if (end == c + 1 || *end != '}' || count < 1 || count > 40)
                return 0;
            atom = (unsigned)count;
            c = end + 1;
        } else if (*c && strchr("*+?", *c)) {
            return 0;
        }
        total += atom;
        if (total > 40)
            return 0;
    }
    return total;
}

static unsigned digits_of(double value)
{
    unsigned digits = 1;
    while (value >= 10 && digits < 12) {
        value /= 10;
        digits++;
    }
    return digits;
}

static void add_answer_area(helder_layout *layout, const helder_node *question, double x,
                            double avail)
{
    struct helder_layout_private *priv = layout->priv;
    const char *answer = answer_of(layout, question);
    long maxlength = question->u.question.maxlength;
    unsigned fixed;
    switch (question->u.question.qtype) {
    case HELDER_Q_DATE:
        add_date(layout, question, x, answer);
        return;
    case HELDER_Q_BSN: {
        static const unsigned sizes[1] = {9};
        add_comb(layout, question, x, sizes, 1, NULL, without_spaces(layout, answer));
        return;
    }
    case HELDER_Q_POSTCODE: {
        static const unsigned sizes[2] = {4, 2};
        add_comb(layout, question, x, sizes, 2, NULL, without_spaces(layout, answer));
        return;
    }
    case HELDER_Q_INTEGER: {
        const helder_expr *max = question->u.question.max.expr;
        const helder_expr *min = question->u.question.min.expr;
        if (max && max->op == HELDER_OP_NUMBER && max->u.number >= 0 &&
            (!min || (min->op == HELDER_OP_NUMBER && min->u.number >= 0))) {
            unsigned sizes[1] = {digits_of(max->u.number)};
            add_comb(layout, question, x, sizes, 1, NULL, answer);
            return;
        }
        add_lines(layout, HELDER_BOX_LINES, question, x, 130, 1, answer);
        return;
    }
    case HELDER_Q_DECIMAL:
        add_lines(layout, HELDER_BOX_LINES, question, x, 150, 1, answer);
        return;
    case HELDER_Q_LONGTEXT: {
        double per_line = (avail - 12) / HAND_CHAR_W;
        unsigned lines = maxlength > 0 ? (unsigned)ceil(maxlength / per_line) + 1 : 5;
        if (lines < 3)
            lines = 3;
        if (lines > 10)
            lines = 10;
        add_lines(layout, HELDER_BOX_AREA, question, x, avail, lines, answer);
        if (maxlength > 0) {
            const char *args[1] = {number_string(layout, (unsigned)maxlength)};
            priv->block_y += 1;
            add_text(layout, HELDER_BOX_CAPTION, HELDER_STYLE_CAPTION, question, x, 0,
                     fill(layout, HELDER_MSG_MAX_CHARS, 1, args), 1, 0);
        }
        return;
    }
    case HELDER_Q_PHONE:
        add_lines(layout, HELDER_BOX_LINES, question, x, 16 * HAND_CHAR_W + 40, 1, answer);
        return;
    case HELDER_Q_IBAN:
        add_lines(layout, HELDER_BOX_LINES, question, x, 34 * HAND_CHAR_W + 20, 1, answer);
        return;
    case HELDER_Q_COUNTRY:
        add_lines(layout, HELDER_BOX_LINES, question, x, 250, 1, country_answer(layout, answer));
        priv->block_y += 1;
        add_text(layout, HELDER_BOX_CAPTION, HELDER_STYLE_CAPTION, question, x, 0,
                 msg(layout, HELDER_MSG_COUNTRY_HINT), 1, 0);
        return;
    case HELDER_Q_FILE: {
        helder_box *square;
        double y = priv->block_y;
        square = add_box(layout, HELDER_BOX_SQUARE, question, x, y + 2, MARK, MARK);
        square->marked = answer != NULL;
        add_text_at(layout, HELDER_BOX_OPTION, HELDER_STYLE_OPTION, question, x + MARK + MARK_GAP,
                    y, avail - MARK - MARK_GAP, msg(layout, HELDER_MSG_ATTACH), 3);
        priv->block_y = block_height(layout);
        return;
    }
    default:
        break;
    }
    /* text, email and anything else written on lines */
    fixed = pattern_length(question->u.question.pattern_src);
    if (!fixed && maxlength > 0 && maxlength == question->u.question.minlength && maxlength <= 30)
        fixed = (unsigned)maxlength;
    if (fixed && fixed * CELL_W <= avail) {
        unsigned sizes[1] = {fixed};
        add_comb(layout, question, x, sizes, 1, NULL, answer);
        return;
    }
    if (maxlength > 0) {
        double needed = maxlength * HAND_CHAR_W + 12;
        unsigned lines = (unsigned)ceil(needed / avail);
        if (lines > 3)
            lines = 3;
        add_lines(layout, HELDER_BOX_LINES, question, x, lines > 1 ? avail : needed, lines, answer);
        return;
    }
    add_lines(layout, HELDER_BOX_LINES, question, x, avail, 1, answer);
}

/* ---- choices ---- */

static bool chosen(const char *answer, const helder_plan_choice *choice, bool multiple)
{
    size_t len = strlen(choice->value);
    if (!answer)
        return false;
    if (!multiple)
        return strcmp(answer, choice->value) == 0;
    for (const char *at = answer; *at;) {
        size_t word = strcspn(at, " \t\n");
        if (word == len && memcmp(at, choice->value, len) == 0)
            return true;
        at += word;
        at += strspn(at, " \t\n");
    }
    return false;
}

static const char *goto_text(helder_layout *layout, const helder_plan_choice *choice)
{
    if (!choice->goto_text)
        return NULL;
    /* The arrow points the way the line reads. */
    return keepf(layout, "%s %s", layout->plan->rtl ? "\xE2\x86\x90" : "\xE2\x86\x92",
                 choice->goto_text);
}

static void add_choices(helder_layout *layout, const helder_plan_item *item, double x, double avail)
{
    struct helder_layout_private *priv = layout->priv;
    const helder_node *question = item->node;
    bool multiple = question->u.question.qtype == HELDER_Q_MULTICHOICE;
    const char *answer = answer_of(layout, question);
    helder_box_kind mark = multiple ? HELDER_BOX_SQUARE : HELDER_BOX_CIRCLE;
    /* One answer per line, also Yes and No: answers side by side make pdftotext (and some
     * screen readers) read the next question's number in between them. */
    for (unsigned i = 0; i < item->nchoices; i++) {
        const helder_plan_choice *choice = &item->choices[i];
        const helder_plan_item *option_item =
            choice->option ? &layout->plan->items[choice->option->index] : NULL;
        double y = priv->block_y, label_x = x + MARK + MARK_GAP, label_w = avail - MARK - MARK_GAP;
        const char *go = goto_text(layout, choice);
        helder_box *circle =
            add_box(layout, mark, choice->option ? choice->option : question, x, y, MARK, MARK);
        helder_box *label = add_text_at(layout, HELDER_BOX_OPTION, HELDER_STYLE_OPTION,
                                        choice->option ? choice->option : question, label_x, y,
                                        label_w, choice->label, LABEL_MAX_LINES);
        circle->y = y + label->baseline - MARK + 1;
        circle->marked = chosen(answer, choice, multiple);
        priv->block_y = y + label->h + 1;
        if (option_item && option_item->only_if)
            add_text(layout, HELDER_BOX_ONLY_IF, HELDER_STYLE_ONLY_IF, choice->option, label_x,
                     label_w, option_item->only_if, 4, 1);
        if (go) {
            PangoRectangle logical;
            PangoLayout *shaped = shape(layout, HELDER_STYLE_GOTO, 0, 0, go);
            double go_w;
            pango_layout_get_extents(shaped, NULL, &logical);
            go_w = logical.width / (double)PANGO_SCALE;
            bool one_line = pango_layout_get_line_count(label->pango) == 1;
            if (one_line && !(option_item && option_item->only_if) &&
                label->w + 12 + go_w <= label_w) {
                /* Beside the answer, on its baseline. */
                helder_box *beside = add_text_at(layout, HELDER_BOX_GOTO, HELDER_STYLE_GOTO,
                                                 choice->option ? choice->option : question,
                                                 label_x + label->w + 12, y, 0, go, 1);
                beside->y = y + label->baseline - beside->baseline;
            } else {
                add_text(layout, HELDER_BOX_GOTO, HELDER_STYLE_GOTO,
                         choice->option ? choice->option : question, label_x, 0, go, 1, 1);
            }
            priv->block_y = block_height(layout);
        }
        priv->block_y += 4;
    }
}

/* ---- items ---- */

static void add_question(helder_layout *layout, const helder_plan_item *item)
{
    struct helder_layout_private *priv = layout->priv;
    const helder_node *question = item->node;
    double x = layout->margin_x, avail = priv->content_w - NUMBER_W;
    helder_box *number, *label;
    double y;

    if (item->only_if)
        add_text(layout, HELDER_BOX_ONLY_IF, HELDER_STYLE_ONLY_IF, question, x + NUMBER_W, avail,
                 item->only_if, 6, 2);
    y = priv->block_y;
    number = add_text_at(layout, HELDER_BOX_NUMBER, HELDER_STYLE_NUMBER, question, x, y, 0,
                         number_string(layout, item->number), 1);
    number->number = item->number;
    label = add_text_at(layout, HELDER_BOX_LABEL, HELDER_STYLE_LABEL, question, x + NUMBER_W, y,
                        avail, item->label ? item->label : (question->id ? question->id : ""),
                        LABEL_MAX_LINES);
    priv->block_y = y + label->h + 2;
    if (item->hint)
        add_text(layout, HELDER_BOX_HINT, HELDER_STYLE_HINT, question, x + NUMBER_W, avail,
                 item->hint, LABEL_MAX_LINES, 2);
    priv->block_y += 3;
    switch (question->u.question.qtype) {
    case HELDER_Q_MULTICHOICE:
        /* Squares invite one cross too many or too few: say that any number may be ticked. */
        add_text(layout, HELDER_BOX_CAPTION, HELDER_STYLE_HINT, question, x + NUMBER_W, avail,
                 msg(layout, HELDER_MSG_CHOOSE_ANY), 2, 3);
        add_choices(layout, item, x + NUMBER_W, avail);
        break;
    case HELDER_Q_YESNO:
    case HELDER_Q_CHOICE:
        add_choices(layout, item, x + NUMBER_W, avail);
        break;
    default:
        add_answer_area(layout, question, x + NUMBER_W, avail);
        break;
    }
    end_block(layout, BLOCK_GAP);
}

static void add_note(helder_layout *layout, const helder_plan_item *item)
{
    double x = layout->margin_x + NUMBER_W, avail = layout->priv->content_w - NUMBER_W;
    if (!item->text)
        return;
    if (item->only_if)
        add_text(layout, HELDER_BOX_ONLY_IF, HELDER_STYLE_ONLY_IF, item->node, x, avail,
                 item->only_if, 6, 2);
    add_text(layout, HELDER_BOX_TEXT, HELDER_STYLE_BODY, item->node, x, avail, item->text,
             TEXT_MAX_LINES, 0);
    end_block(layout, BLOCK_GAP);
}

/* A heading, kept on the page of what follows it: the block stays open. */
static void add_heading(helder_layout *layout, const helder_node *node, const char *text,
                        helder_style style, int level, unsigned part)
{
    helder_box *box;
    layout->priv->block_y += level == 2 ? 6 : 2;
    box = add_text(layout, HELDER_BOX_HEADING, style, node, layout->margin_x,
                   layout->priv->content_w, text, 4, level == 2 ? 6 : 4);
    box->heading = level;
    box->number = part;
}

static void add_item(helder_layout *layout, const helder_node *node);

static void add_children(helder_layout *layout, const helder_node *node)
{
    for (const helder_node *child = node->first_child; child; child = child->next)
        add_item(layout, child);
}

static void add_section(helder_layout *layout, const helder_plan_item *item)
{
    const char *args[1] = {number_string(layout, item->part)};
    const char *part = fill(layout, HELDER_MSG_PART, 1, args);
    const char *heading =
        item->title ? keepf(layout, "%s \xE2\x80\x93 %s", part, item->title) : part;
    double x = layout->margin_x, avail = layout->priv->content_w;
    end_block(layout, BLOCK_GAP);
    add_heading(layout, item->node, heading, HELDER_STYLE_HEADING, 2, item->part);
    if (item->only_if)
        add_text(layout, HELDER_BOX_ONLY_IF, HELDER_STYLE_ONLY_IF, item->node, x, avail,
                 item->only_if, 6, 3);
    if (item->hint)
        add_text(layout, HELDER_BOX_TEXT, HELDER_STYLE_BODY, item->node, x, avail, item->hint,
                 TEXT_MAX_LINES, 6);
    add_children(layout, item->node);
    end_block(layout, BLOCK_GAP);
}

static unsigned repeat_copies(const helder_layout *layout, const helder_node *repeat)
{
    const helder_layout_answers *answers = layout->priv->opts.answers;
    long max = repeat->u.repeat.max, min = repeat->u.repeat.min, copies;
    if (answers && answers->items) {
        copies = answers->items(repeat, answers->payload);
        return copies < 1 ? 1 : copies > 50 ? 50 : (unsigned)copies;
    }
    copies = layout->priv->opts.repeat_copies ? (long)layout->priv->opts.repeat_copies : 3;
    if (min > copies)
        copies = min > 6 ? 6 : min;
    if (max > 0 && copies > max)
        copies = max;
    return copies < 1 ? 1 : (unsigned)copies;
}

static void add_repeat(helder_layout *layout, const helder_plan_item *item)
{
    struct helder_layout_private *priv = layout->priv;
    double x = layout->margin_x, avail = priv->content_w;
    unsigned copies = repeat_copies(layout, item->node);
    const char *title = item->title ? item->title : (item->node->id ? item->node->id : "");
    end_block(layout, BLOCK_GAP);
    if (item->only_if)
        add_text(layout, HELDER_BOX_ONLY_IF, HELDER_STYLE_ONLY_IF, item->node, x, avail,
                 item->only_if, 6, 3);
    if (item->hint)
        add_text(layout, HELDER_BOX_TEXT, HELDER_STYLE_BODY, item->node, x, avail, item->hint,
                 TEXT_MAX_LINES, 4);
    for (unsigned copy = 1; copy <= copies; copy++) {
        const char *args[2] = {title, number_string(layout, copy)};
        priv->copy = copy;
        add_heading(layout, item->node, fill(layout, HELDER_MSG_REPEAT_COPY, 2, args),
                    HELDER_STYLE_SUBHEADING, 3, 0);
        add_children(layout, item->node);
        end_block(layout, BLOCK_GAP);
    }
    priv->copy = 0;
    if (!priv->opts.answers &&
        (item->node->u.repeat.max <= 0 || (unsigned long)item->node->u.repeat.max > copies)) {
        const char *args[1] = {number_string(layout, copies)};
        add_text(layout, HELDER_BOX_TEXT, HELDER_STYLE_BODY, item->node, x, avail,
                 fill(layout, HELDER_MSG_COPY_MORE, 1, args), 4, 0);
        end_block(layout, BLOCK_GAP);
    }
}

static void add_documents(helder_layout *layout, const helder_plan_item *item)
{
    struct helder_layout_private *priv = layout->priv;
    double x = layout->margin_x + NUMBER_W, avail = priv->content_w - NUMBER_W;
    end_block(layout, BLOCK_GAP);
    add_heading(layout, item->node, item->title ? item->title : "", HELDER_STYLE_HEADING, 2, 0);
    add_text(layout, HELDER_BOX_TEXT, HELDER_STYLE_BODY, item->node, layout->margin_x,
             priv->content_w, msg(layout, HELDER_MSG_DOCUMENTS_HOW), 4, 6);
    for (const helder_node *child = item->node->first_child; child; child = child->next) {
        const helder_plan_item *document = &layout->plan->items[child->index];
        helder_box *square, *label;
        double y;
        if (child->type != HELDER_NODE_DOCUMENT)
            continue;
        if (document->only_if)
            add_text(layout, HELDER_BOX_ONLY_IF, HELDER_STYLE_ONLY_IF, child, x, avail,
                     document->only_if, 6, 2);
        y = priv->block_y;
        square = add_box(layout, HELDER_BOX_SQUARE, child, x - NUMBER_W + 4, y, MARK, MARK);
        label = add_text_at(layout, HELDER_BOX_OPTION, HELDER_STYLE_OPTION, child, x, y, avail,
                            document->label ? document->label : "", LABEL_MAX_LINES);
        square->y = y + label->baseline - MARK + 1;
        priv->block_y = y + label->h + 2;
        if (document->hint)
            add_text(layout, HELDER_BOX_HINT, HELDER_STYLE_HINT, child, x, avail, document->hint,
                     LABEL_MAX_LINES, 0);
        end_block(layout, 9);
    }
}

static void add_item(helder_layout *layout, const helder_node *node)
{
    const helder_plan_item *item = &layout->plan->items[node->index];
    switch (node->type) {
    case HELDER_NODE_SECTION:
        add_section(layout, item);
        break;
    case HELDER_NODE_QUESTION:
        add_question(layout, item);
        break;
    case HELDER_NODE_NOTE:
        add_note(layout, item);
        break;
    case HELDER_NODE_REPEAT:
        add_repeat(layout, item);
        break;
    case HELDER_NODE_DOCUMENTS:
        add_documents(layout, item);
        break;
    default:
        break; /* computed values, rules, constraints: nothing on paper */
    }
}

/* ---- title block, signature, footers ---- */

static void add_title_block(helder_layout *layout)
{
    struct helder_layout_private *priv = layout->priv;
    const helder_plan *plan = layout->plan;
    const helder_form *form = plan->form;
    double x = layout->margin_x, avail = priv->content_w;
    const char *args[2] = {form->id ? form->id : "", form->version ? form->version : ""};
    helder_box *title, *mark;
    static const struct {
        helder_box_kind kind;
        helder_msg text;
    } marks[2] = {{HELDER_BOX_CIRCLE, HELDER_MSG_MARK_ONE},
                  {HELDER_BOX_SQUARE, HELDER_MSG_MARK_ANY}};

    title = add_text(layout, HELDER_BOX_TITLE, HELDER_STYLE_TITLE, form->root, x, avail,
                     plan->title ? plan->title : (form->id ? form->id : ""), 4, 3);
    title->heading = 1;
    add_text(layout, HELDER_BOX_CAPTION, HELDER_STYLE_FOOTER, NULL, x, 0,
             fill(layout, HELDER_MSG_FORM_VERSION, 2, args), 1, 8);
    if (priv->opts.answers)
        add_text(layout, HELDER_BOX_HEADING, HELDER_STYLE_SUBHEADING, NULL, x, avail,
                 msg(layout, HELDER_MSG_FILLED_COPY), 2, 6)
            ->heading = 2;
    if (plan->intro)
        add_text(layout, HELDER_BOX_TEXT, HELDER_STYLE_BODY, form->root, x, avail, plan->intro,
                 TEXT_MAX_LINES, 8);
    end_block(layout, 6);

    add_heading(layout, NULL, msg(layout, HELDER_MSG_HOW_TITLE), HELDER_STYLE_SUBHEADING, 2, 0);
    add_text(layout, HELDER_BOX_TEXT, HELDER_STYLE_BODY, NULL, x, avail,
             msg(layout, HELDER_MSG_CAPITALS), 4, 4);
    for (unsigned i = 0; i < 2; i++) {
        double y = priv->block_y;
        helder_box *text;
        mark = add_box(layout, marks[i].kind, NULL, x, y, MARK, MARK);
        mark->marked = true;
        text = add_text_at(layout, HELDER_BOX_TEXT, HELDER_STYLE_BODY, NULL, x + MARK + MARK_GAP, y,
                           avail - MARK - MARK_GAP, msg(layout, marks[i].text), 4);
        mark->y = y + text->baseline - MARK + 1;
        priv->block_y = y + text->h + 4;
    }
    add_text(layout, HELDER_BOX_TEXT, HELDER_STYLE_BODY, NULL, x, avail,
             msg(layout, HELDER_MSG_ROUTING_HELP), 6, 4);
    add_text(layout, HELDER_BOX_TEXT, HELDER_STYLE_BODY, NULL, x, avail,
             msg(layout, HELDER_MSG_SEND_TO), 6, 0);
    end_block(layout, BLOCK_GAP + 4);
}

static void add_signature(helder_layout *layout)
{
    struct helder_layout_private *priv = layout->priv;
    double x = layout->margin_x, avail = priv->content_w, y;
    helder_box *caption;
    end_block(layout, BLOCK_GAP);
    add_heading(layout, NULL, msg(layout, HELDER_MSG_SIGN_TITLE), HELDER_STYLE_HEADING, 2, 0);
    add_text(layout, HELDER_BOX_TEXT, HELDER_STYLE_BODY, NULL, x, avail,
             msg(layout, HELDER_MSG_DECLARATION), 4, 8);
    add_text(layout, HELDER_BOX_CAPTION, HELDER_STYLE_HINT, NULL, x, 0,
             msg(layout, HELDER_MSG_NAME), 1, 0);
    add_lines(layout, HELDER_BOX_LINES, NULL, x, avail * 0.7, 1, NULL);
    priv->block_y += 8;
    add_text(layout, HELDER_BOX_CAPTION, HELDER_STYLE_HINT, NULL, x, 0,
             msg(layout, HELDER_MSG_DATE), 1, 2);
    add_date(layout, NULL, x, NULL);
    priv->block_y += 8;
    y = priv->block_y;
    caption = add_text_at(layout, HELDER_BOX_CAPTION, HELDER_STYLE_HINT, NULL, x, y, 0,
                          msg(layout, HELDER_MSG_SIGN_HERE), 1);
    add_box(layout, HELDER_BOX_SIGNATURE, NULL, x, y + caption->h + 2, 230, 64);
    end_block(layout, 0);
}

static void add_footers(helder_layout *layout)
{
    struct helder_layout_private *priv = layout->priv;
    const helder_form *form = layout->plan->form;
    unsigned pages = priv->page + 1;
    const char *args[2] = {form->id ? form->id : "", form->version ? form->version : ""};
    const char *left = fill(layout, HELDER_MSG_FORM_VERSION, 2, args);
    box_list merged = {NULL, 0, 0};
    size_t at = 0;
    double y = layout->page_h - layout->margin_bottom + 14;

    if (priv->opts.answers)
        left = keepf(layout, "%s \xC2\xB7 %s", left, msg(layout, HELDER_MSG_FILLED_COPY));
    for (unsigned page = 0; page < pages; page++) {
        const char *page_args[2] = {number_string(layout, page + 1), number_string(layout, pages)};
        const char *right = fill(layout, HELDER_MSG_PAGE_OF, 2, page_args);
        helder_box *box;
        while (at < priv->placed.count && priv->placed.items[at].page == page)
            *push(&merged) = priv->placed.items[at++];
        priv->block.count = 0;
        add_text_at(layout, HELDER_BOX_FOOTER, HELDER_STYLE_FOOTER, NULL, layout->margin_x, y, 0,
                    left, 1);
        box = add_text_at(layout, HELDER_BOX_FOOTER, HELDER_STYLE_FOOTER, NULL, layout->margin_x, y,
                          0, right, 1);
        box->x = layout->margin_x + priv->content_w - box->w;
        for (size_t i = 0; i < priv->block.count; i++) {
            helder_box *footer = push(&merged);
            *footer = priv->block.items[i];
            footer->page = page;
            footer->copy = 0;
        }
        priv->block.count = 0;
    }
    free(priv->placed.items);
    priv->placed = merged;
    layout->npages = pages;
}

/* ---- entry points ---- */

static PangoContext *new_context(const helder_plan *plan)
{
    PangoFontMap *fontmap = pango_cairo_font_map_get_default();
    PangoContext *context = pango_font_map_create_context(fontmap);
    cairo_font_options_t *options = cairo_font_options_create();
    /* Unhinted metrics: what is measured here is exactly what the PDF shows. */
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(context, options);
    cairo_font_options_destroy(options);
    pango_cairo_context_set_resolution(context, 72);
    pango_context_set_language(context, pango_language_from_string(plan->lang_code));
    pango_context_set_base_dir(context, plan->rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
    return context;
}

int helder_layout_new(helder_layout **out, const helder_plan *plan,
                      const helder_layout_options *opts)
{
    helder_layout_options defaults = HELDER_LAYOUT_OPTIONS_INIT;
    helder_layout *layout;
    struct helder_layout_private *priv;
    bool latin_italic;

    *out = NULL;
    if (!opts)
        opts = &defaults;
    if (!plan || (opts->paper != HELDER_LAYOUT_A4 && opts->paper != HELDER_LAYOUT_LETTER))
        return HELDER_EUSAGE;
    layout = helder_xcalloc(1, sizeof *layout);
    priv = layout->priv = helder_xcalloc(1, sizeof *priv);
    layout->plan = plan;
    priv->opts = *opts;
    priv->max_text = opts->max_text ? opts->max_text : 2000;
    if (opts->paper == HELDER_LAYOUT_LETTER) {
        layout->page_w = 612;
        layout->page_h = 792;
    } else {
        layout->page_w = 595.276;
        layout->page_h = 841.89;
    }
    layout->margin_x = 44;
    layout->margin_top = 42;
    layout->margin_bottom = 58;
    layout->safe = 28.35; /* 10 mm: what every office printer prints */
    priv->content_w = layout->page_w - 2 * layout->margin_x;
    priv->page_y = layout->margin_top;
    priv->page_empty = true;

    priv->context = new_context(plan);
    /* Italic only where the script has it: Arabic and Ethiopic get an upright face. */
    latin_italic = !plan->rtl && strncmp(plan->lang_code, "ti", 2) != 0 &&
                   strncmp(plan->lang_code, "am", 2) != 0;
    for (int style = 0; style < HELDER_STYLE__COUNT; style++) {
        PangoFontDescription *font = pango_font_description_from_string(styles[style].family);
        pango_font_description_set_size(font, (gint)(styles[style].size * PANGO_SCALE));
        pango_font_description_set_weight(font, styles[style].weight);
        pango_font_description_set_style(font,
                                         latin_italic ? styles[style].style : PANGO_STYLE_NORMAL);
        priv->fonts[style] = font;
    }
    priv->cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);

    add_title_block(layout);
    add_children(layout, plan->form->root);
    end_block(layout, BLOCK_GAP);
    add_signature(layout);
    add_footers(layout);

    layout->boxes = priv->placed.items;
    layout->nboxes = priv->placed.count;
    if (plan->rtl)
        for (size_t i = 0; i < layout->nboxes; i++)
            layout->boxes[i].x = layout->page_w - layout->boxes[i].x - layout->boxes[i].w;
    *out = layout;
    return HELDER_OK;
}

void helder_layout_free(helder_layout *layout)
{
    struct helder_layout_private *priv;
    if (!layout)
        return;
    priv = layout->priv;
    g_hash_table_destroy(priv->cache);
    for (int style = 0; style < HELDER_STYLE__COUNT; style++)
        pango_font_description_free(priv->fonts[style]);
    g_object_unref(priv->context);
    for (size_t i = 0; i < priv->nstrings; i++)
        free(priv->strings[i]);
    free(priv->strings);
    free(priv->block.items);
    free(priv->placed.items);
    free(priv);
    free(layout);
}
