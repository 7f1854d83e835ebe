/* The PDF renderer: helder_render_pdf draws the boxes render/layout.c placed, with cairo's PDF
 * surface and pango for text, plus what paper readers and screen readers need: bookmarks per
 * section, tagged headings and paragraphs, metadata and the document language. With a
 * submission, the answers go into the same boxes (the filled copy).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "model/buffer.h"
#include "render/filled.h"
#include "render/layout.h"
#include "render/plan.h"

/* ---- the answers of a filled copy: check's reading of the submission (render/filled.c) ---- */

static long filled_items(const helder_node *repeat, void *payload)
{
    return (long)helder_filled_items(payload, repeat);
}

/* Choices and countries as check reads them (the boxes to mark, the country to name), the rest as
 * the applicant wrote it. */
static const char *filled_answer(const helder_node *question, unsigned item, void *payload)
{
    switch (question->u.question.qtype) {
    case HELDER_Q_YESNO:
    case HELDER_Q_CHOICE:
    case HELDER_Q_MULTICHOICE:
    case HELDER_Q_COUNTRY:
        return helder_filled_choice(payload, question, item);
    default:
        return helder_filled_answer(payload, question, item);
    }
}

/* ---- output buffer ---- */

static cairo_status_t write_buffer(void *closure, const unsigned char *data, unsigned int length)
{
    helder_buf_put(closure, (const char *)data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* ---- drawing ---- */

typedef struct {
    double r, g, b;
} color;

static const color ink = {0, 0, 0};
static const color grey = {0.32, 0.32, 0.32};
static const color rule_grey = {0.55, 0.55, 0.55};
static const color route = {0.05, 0.2, 0.55};
static const color pen = {0.0, 0.15, 0.6};

static void set_color(cairo_t *cr, color c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static void show_layout(cairo_t *cr, PangoLayout *layout, double x, double y)
{
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    /* The box is the logical rectangle; the layout's origin may lie left of it. */
    cairo_move_to(cr, x - logical.x / (double)PANGO_SCALE, y - logical.y / (double)PANGO_SCALE);
    pango_cairo_show_layout(cr, layout);
}

/* Tags: a heading is H1, H2 or H3; everything else that belongs to one item (a question with
 * its condition, label, hint, answers and boxes; a note; a document) is one P. A tag per text
 * would cost a structure element each and make the file three times as large. */
typedef struct {
    const char *open;        /* the tag open now, or NULL */
    const helder_node *node; /* the item it is for */
    unsigned copy;
} tagger;

static const helder_node *item_of(const helder_box *box)
{
    const helder_node *node = box->node;
    if (node && node->type == HELDER_NODE_OPTION)
        node = node->parent;
    return node;
}

static void tag_close(cairo_t *cr, tagger *tags)
{
    if (tags->open)
        cairo_tag_end(cr, tags->open);
    tags->open = NULL;
    tags->node = NULL;
}

static void tag_box(cairo_t *cr, tagger *tags, const helder_box *box)
{
    static const char *const headings[4] = {"P", "H1", "H2", "H3"};
    const helder_node *node = item_of(box);
    if (box->heading > 0 && box->heading < 4) {
        tag_close(cr, tags);
        tags->open = headings[box->heading];
        cairo_tag_begin(cr, tags->open, NULL);
        tags->node = NULL; /* nothing joins a heading */
        return;
    }
    if (tags->open && tags->node && node == tags->node && box->copy == tags->copy)
        return;
    tag_close(cr, tags);
    tags->open = "P";
    tags->node = node;
    tags->copy = box->copy;
    cairo_tag_begin(cr, "P", NULL);
}

static void draw_text(cairo_t *cr, const helder_box *box)
{
    color c = ink;
    switch (box->kind) {
    case HELDER_BOX_HINT:
    case HELDER_BOX_CAPTION:
    case HELDER_BOX_FOOTER:
        c = grey;
        break;
    case HELDER_BOX_ONLY_IF:
    case HELDER_BOX_GOTO:
        c = route;
        break;
    default:
        break;
    }
    set_color(cr, c);
    show_layout(cr, box->pango, box->x, box->y);
}

/* The answer written in a comb: one character centred in each cell. */
static void draw_comb_answer(cairo_t *cr, helder_layout *layout, const helder_box *box)
{
    double cell = box->cells ? box->w / box->cells : box->w;
    const char *at = box->text;
    set_color(cr, pen);
    for (unsigned i = 0; at && *at && i < box->cells; i++) {
        size_t len = 1;
        char one[8];
        PangoRectangle logical;
        PangoLayout *shaped;
        while (((unsigned char)at[len] & 0xC0) == 0x80 && len < 6)
            len++;
        memcpy(one, at, len);
        one[len] = '\0';
        at += len;
        if (box->cut && i + 1 == box->cells && *at)
            strcpy(one, "\xE2\x80\xA6");
        shaped = helder_layout_text(layout, HELDER_STYLE_CELL, 0, one);
        pango_layout_get_extents(shaped, NULL, &logical);
        cairo_move_to(cr, box->x + i * cell + (cell - logical.width / (double)PANGO_SCALE) / 2,
                      box->y + (box->h - logical.height / (double)PANGO_SCALE) / 2);
        pango_cairo_show_layout(cr, shaped);
    }
}

/* The answer written on lines or in an area. */
static void draw_lines_answer(cairo_t *cr, const helder_box *box)
{
    double pad = box->kind == HELDER_BOX_AREA ? 6 : 0;
    set_color(cr, pen);
    /* The first baseline sits just above the first ruled line; the rest follow at the line
     * pitch, which the answer style sets as its line height. */
    cairo_move_to(cr, box->x + pad + 2, box->y + pad + 22.0 - 4 - box->baseline);
    pango_cairo_show_layout(cr, box->pango);
}

/* Lines, boxes and marks of one page, drawn after its text in a few strokes: each stroke or fill
 * costs cairo's PDF surface an analysis and an emission pass, so thousands of cells, circles
 * and lines go out as one path per pen. */
typedef enum {
    PEN_OUTLINE, /* circles, squares, comb and area frames, the signature box */
    PEN_TEETH,   /* comb cell dividers */
    PEN_WRITING, /* writing lines */
    PEN_RULED,   /* the faint lines inside an area */
    PEN_RULE,    /* rules above part headings and footers */
    PEN_CROSS,   /* crosses in marked squares */
    PEN_DOT,     /* dots in marked circles (a fill) */
    PEN__COUNT
} pen_kind;

static const struct {
    double width;
    const color *ink;
    bool fill;
} pens[PEN__COUNT] = {
    [PEN_OUTLINE] = {0.7, &ink, false},    [PEN_TEETH] = {0.45, &ink, false},
    [PEN_WRITING] = {0.6, &ink, false},    [PEN_RULED] = {0.4, &rule_grey, false},
    [PEN_RULE] = {0.6, &rule_grey, false}, [PEN_CROSS] = {1.4, &pen, false},
    [PEN_DOT] = {0, &pen, true},
};

#define TAU 6.283185307179586

static void shape_path(cairo_t *cr, const helder_layout *layout, const helder_box *box,
                       pen_kind kind)
{
    double cx = box->x + box->w / 2, cy = box->y + box->h / 2;
    switch (box->kind) {
    case HELDER_BOX_CIRCLE:
        if (kind == PEN_OUTLINE) {
            cairo_new_sub_path(cr);
            cairo_arc(cr, cx, cy, box->w / 2, 0, TAU);
        } else if (kind == PEN_DOT && box->marked) {
            cairo_new_sub_path(cr);
            cairo_arc(cr, cx, cy, box->w / 2 - 2.2, 0, TAU);
        }
        break;
    case HELDER_BOX_SQUARE:
        if (kind == PEN_OUTLINE) {
            cairo_rectangle(cr, box->x, box->y, box->w, box->h);
        } else if (kind == PEN_CROSS && box->marked) {
            cairo_move_to(cr, box->x + 2, box->y + 2);
            cairo_line_to(cr, box->x + box->w - 2, box->y + box->h - 2);
            cairo_move_to(cr, box->x + box->w - 2, box->y + 2);
            cairo_line_to(cr, box->x + 2, box->y + box->h - 2);
        }
        break;
    case HELDER_BOX_COMB:
        if (kind == PEN_OUTLINE) {
            cairo_rectangle(cr, box->x, box->y, box->w, box->h);
        } else if (kind == PEN_TEETH) {
            /* full-height teeth: each character has its own box */
            double cell = box->cells ? box->w / box->cells : box->w;
            for (unsigned i = 1; i < box->cells; i++) {
                cairo_move_to(cr, box->x + i * cell, box->y);
                cairo_line_to(cr, box->x + i * cell, box->y + box->h);
            }
        }
        break;
    case HELDER_BOX_LINES:
        if (kind == PEN_WRITING)
            for (unsigned i = 1; i <= box->cells; i++) {
                cairo_move_to(cr, box->x, box->y + i * 22.0 - 1);
                cairo_line_to(cr, box->x + box->w, box->y + i * 22.0 - 1);
            }
        break;
    case HELDER_BOX_AREA:
        if (kind == PEN_OUTLINE) {
            cairo_rectangle(cr, box->x, box->y, box->w, box->h);
        } else if (kind == PEN_RULED) {
            for (unsigned i = 1; i < box->cells; i++) {
                cairo_move_to(cr, box->x + 6, box->y + 6 + i * 22.0);
                cairo_line_to(cr, box->x + box->w - 6, box->y + 6 + i * 22.0);
            }
        }
        break;
    case HELDER_BOX_SIGNATURE:
        if (kind == PEN_OUTLINE)
            cairo_rectangle(cr, box->x, box->y, box->w, box->h);
        break;
    case HELDER_BOX_HEADING:
        /* a rule above each part of the form */
        if (kind == PEN_RULE && box->heading == 2 && box->node) {
            cairo_move_to(cr, layout->margin_x, box->y - 4);
            cairo_line_to(cr, layout->page_w - layout->margin_x, box->y - 4);
        }
        break;
    case HELDER_BOX_FOOTER:
        if (kind == PEN_RULE && box->x <= layout->margin_x + 0.5) {
            cairo_move_to(cr, layout->margin_x, box->y - 5);
            cairo_line_to(cr, layout->page_w - layout->margin_x, box->y - 5);
        }
        break;
    default:
        break;
    }
}

static void draw_shapes(cairo_t *cr, const helder_layout *layout, size_t from, size_t to)
{
    for (int kind = 0; kind < PEN__COUNT; kind++) {
        cairo_new_path(cr);
        for (size_t i = from; i < to; i++)
            shape_path(cr, layout, &layout->boxes[i], (pen_kind)kind);
        if (!cairo_has_current_point(cr))
            continue;
        set_color(cr, *pens[kind].ink);
        if (pens[kind].fill) {
            cairo_fill(cr);
        } else {
            cairo_set_line_width(cr, pens[kind].width);
            cairo_stroke(cr);
        }
    }
}

static void add_bookmark(cairo_surface_t *surface, const helder_box *box, int *section_id)
{
    char link[96];
    int parent = CAIRO_PDF_OUTLINE_ROOT;
    const char *text = box->text ? box->text : "";
    snprintf(link, sizeof link, "page=%u pos=[%.1f %.1f]", box->page + 1, box->x, box->y);
    if (box->heading == 3 && *section_id > 0)
        parent = *section_id;
    else if (box->heading == 3)
        return;
    int id = cairo_pdf_surface_add_outline(surface, parent, text, link,
                                           box->heading == 3 ? 0 : CAIRO_PDF_OUTLINE_FLAG_OPEN);
    if (box->heading == 2)
        *section_id = id;
}

/* One page: the text of each item inside its tag, a bar beside notes, then the page's shapes
 * (decoration: left out of the structure tree). */
static void draw_page(cairo_t *cr, cairo_surface_t *surface, helder_layout *layout, size_t from,
                      size_t to, int *section_id)
{
    tagger tags = {NULL, NULL, 0};
    for (size_t i = from; i < to; i++) {
        const helder_box *box = &layout->boxes[i];
        if (box->heading >= 2 && box->text)
            add_bookmark(surface, box, section_id);
        if (!box->text && !box->pango)
            continue;
        tag_box(cr, &tags, box);
        switch (box->kind) {
        case HELDER_BOX_COMB:
            draw_comb_answer(cr, layout, box);
            break;
        case HELDER_BOX_LINES:
        case HELDER_BOX_AREA:
            if (box->pango)
                draw_lines_answer(cr, box);
            break;
        default:
            if (!box->pango)
                break;
            if (box->node && box->node->type == HELDER_NODE_NOTE && box->kind == HELDER_BOX_TEXT) {
                /* a bar beside notes: information, not a question */
                double bar = layout->plan->rtl ? box->x + box->w + 8 : box->x - 8;
                set_color(cr, route);
                cairo_set_line_width(cr, 2);
                cairo_move_to(cr, bar, box->y + 1);
                cairo_line_to(cr, bar, box->y + box->h - 1);
                cairo_stroke(cr);
            }
            draw_text(cr, box);
            break;
        }
    }
    tag_close(cr, &tags);
    draw_shapes(cr, layout, from, to);
}

static void draw(cairo_t *cr, cairo_surface_t *surface, helder_layout *layout)
{
    int section_id = 0;
    size_t from = 0;
    for (unsigned page = 0; page < layout->npages; page++) {
        size_t to = from;
        while (to < layout->nboxes && layout->boxes[to].page == page)
            to++;
        draw_page(cr, surface, layout, from, to, &section_id);
        cairo_show_page(cr);
        from = to;
    }
}

/* ---- the catalog: language and tagging ---- */

/* cairo 1.16 writes a structure tree but cannot set the catalog's /Lang (which screen readers use
 * to pick a voice) nor /MarkInfo (which says the file is tagged). Both go into the catalog
 * dictionary here; the xref offsets of the objects after it and startxref move with them.
 * Nothing is changed unless the file has exactly the shape cairo writes. */
static void patch_catalog(helder_buf *pdf, const char *lang)
{
    static const char catalog_key[] = "/Type /Catalog";
    const size_t key_len = sizeof catalog_key - 1;
    char insert[96], tail[64];
    size_t catalog = SIZE_MAX, startxref = SIZE_MAX, xref, shift, tail_len;
    char *entry, *end = pdf->data + pdf->len;

    if (strlen(lang) > 35 ||
        strspn(lang, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") !=
            strlen(lang))
        return;
    for (size_t i = 0; i + key_len <= pdf->len && catalog == SIZE_MAX; i++)
        if (memcmp(pdf->data + i, catalog_key, key_len) == 0)
            catalog = i + key_len;
    for (size_t i = pdf->len; i-- > 9 && startxref == SIZE_MAX;)
        if (memcmp(pdf->data + i, "startxref", 9) == 0)
            startxref = i;
    if (catalog == SIZE_MAX || startxref == SIZE_MAX)
        return;
    xref = strtoul(pdf->data + startxref + 9, NULL, 10);
    if (xref >= pdf->len || xref < catalog || memcmp(pdf->data + xref, "xref", 4) != 0)
        return;
    shift = (size_t)snprintf(insert, sizeof insert,
                             "\n   /Lang (%s)\n   /MarkInfo << /Marked true >>", lang);

    /* xref subsections: "first count" then count entries "oooooooooo ggggg n \n" (20 bytes) */
    entry = pdf->data + xref + 4;
    while (entry < end && (*entry == '\r' || *entry == '\n'))
        entry++;
    while (entry < end && *entry >= '0' && *entry <= '9') {
        char *after;
        unsigned long count;
        strtoul(entry, &after, 10);
        count = strtoul(after, &after, 10);
        while (after < end && (*after == ' ' || *after == '\r' || *after == '\n'))
            after++;
        entry = after;
        for (unsigned long e = 0; e < count && entry + 20 <= end; e++, entry += 20) {
            unsigned long offset = strtoul(entry, NULL, 10);
            char digits[11];
            if (entry[17] != 'n' || offset < catalog)
                continue;
            snprintf(digits, sizeof digits, "%010lu", offset + shift);
            memcpy(entry, digits, 10);
        }
    }

    tail_len = (size_t)snprintf(tail, sizeof tail, "startxref\n%zu\n%%%%EOF\n", xref + shift);
    /* The file again: the insert after the catalog's type, what followed it moved, the new tail. */
    helder_buf patched = {NULL, 0, 0};
    helder_buf_put(&patched, pdf->data, catalog);
    helder_buf_put(&patched, insert, shift);
    helder_buf_put(&patched, pdf->data + catalog, startxref - catalog);
    helder_buf_put(&patched, tail, tail_len);
    helder_buf_free(pdf);
    *pdf = patched;
}

/* ---- entry point ---- */

int helder_render_pdf(char **out, size_t *out_len, const helder_form *form,
                      const helder_pdf_options *opts, helder_diag_sink *sink)
{
    helder_pdf_options defaults = HELDER_PDF_OPTIONS_INIT;
    helder_plan_options plan_opts = HELDER_PLAN_OPTIONS_INIT;
    helder_layout_options layout_opts = HELDER_LAYOUT_OPTIONS_INIT;
    helder_layout_answers answers;
    helder_filled *submission = NULL;
    helder_plan *plan = NULL;
    helder_layout *layout = NULL;
    cairo_surface_t *surface = NULL;
    cairo_t *cr = NULL;
    helder_buf pdf = {NULL, 0, 0};
    helder_pos nowhere = {0, 0};
    int lang = 0, rc;
    char date[32];

    *out = NULL;
    *out_len = 0;
    if (!opts)
        opts = &defaults;
    if (!form || !form->root || form->has_errors)
        return HELDER_EUSAGE;
    if (opts->lang && (lang = helder_plan_find_lang(form, opts->lang)) < 0) {
        helder_diagf(sink, HELDER_RULE_RENDER_LANGUAGE, form->file, nowhere,
                     "the form has no language '%s' (it declares %u)", opts->lang, form->nlangs);
        return HELDER_EINVALID;
    }
    if (opts->paper && strcmp(opts->paper, "a4") != 0 && strcmp(opts->paper, "letter") != 0)
        return HELDER_EUSAGE;
    if (helder_filled_today(&plan_opts.today, opts->today) != HELDER_OK)
        return HELDER_EUSAGE;
    layout_opts.paper =
        opts->paper && strcmp(opts->paper, "letter") == 0 ? HELDER_LAYOUT_LETTER : HELDER_LAYOUT_A4;
    layout_opts.repeat_copies = opts->repeat_copies;
    if (opts->submission) {
        rc = helder_filled_open(&submission, form, opts->submission, opts->submission_len,
                                opts->submission_name, plan_opts.today, sink);
        if (rc != HELDER_OK)
            goto out;
        answers.items = filled_items;
        answers.answer = filled_answer;
        answers.payload = submission;
        layout_opts.answers = &answers;
        /* The filled copy is in the language the applicant answered in, unless asked. */
        if (!opts->lang)
            lang = helder_plan_find_lang(form, helder_filled_lang(submission));
        if (lang < 0)
            lang = 0;
    }
    rc = helder_plan_new(&plan, form, (unsigned)lang, &plan_opts);
    if (rc != HELDER_OK)
        goto out;
    rc = helder_layout_new(&layout, plan, &layout_opts);
    if (rc != HELDER_OK)
        goto out;

    surface =
        cairo_pdf_surface_create_for_stream(write_buffer, &pdf, layout->page_w, layout->page_h);
    if (plan->title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, plan->title);
    {
        const char *args[2] = {form->id ? form->id : "", form->version ? form->version : ""};
        char *subject = helder_msg_fill(helder_plan_msg(plan, HELDER_MSG_FORM_VERSION), 2, args);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, subject);
        free(subject);
    }
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, "helder");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "helder " HELDER_VERSION);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS, form->id ? form->id : "");
    /* The creation date is --today, so the same inputs give the same bytes. */
    helder_date_format(date, plan_opts.today);
    strcat(date, "T00:00:00Z");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
    cr = cairo_create(surface);
    draw(cr, surface, layout);
    cairo_destroy(cr);
    cr = NULL;
    cairo_surface_finish(surface);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        /* Out of memory or a broken font file: a system failure, not the form's. */
        rc = HELDER_EIO;
        goto out;
    }
    patch_catalog(&pdf, plan->lang_code);
    *out = pdf.data;
    *out_len = pdf.len;
    pdf.data = NULL;
    rc = HELDER_OK;
out:
    if (cr)
        cairo_destroy(cr);
    if (surface)
        cairo_surface_destroy(surface);
    helder_buf_free(&pdf);
    helder_layout_free(layout);
    helder_plan_free(plan);
    helder_filled_free(submission);
    return rc;
}
