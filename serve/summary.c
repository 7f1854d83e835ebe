/* What an applicant answered, in words, for the receipt and "check your answers": the answers
 * check read (helder_check_result_answer) put in the words the web form uses for them (the
 * public render plan: numbers, labels, option labels, item headings), in form order. Nothing is
 * read back from a rendered page, so any template will do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "serve/site.h"

static helder_serve_row *add_row(helder_serve_summary *summary, helder_serve_row_kind kind)
{
    summary->rows = helder_xrealloc(summary->rows, (summary->nrows + 1) * sizeof *summary->rows);
    helder_serve_row *row = &summary->rows[summary->nrows++];
    memset(row, 0, sizeof *row);
    row->kind = kind;
    return row;
}

/* A row for question `item` (0 at top level) when it has an answer that applies. */
static void add_answer(helder_serve_summary *summary, const helder_check_result *result,
                       const helder_render_plan *plan, const helder_render_item *question,
                       unsigned item)
{
    helder_check_answer answer;
    char *value = NULL, number[16];
    if (question->hidden || !helder_check_result_answer(&answer, result, question->id, item))
        return;
    /* What is sent is what applies: the cleaned submission leaves the rest out. */
    if (answer.flags & HELDER_ANSWER_DROPPED)
        return;
    if (helder_render_plan_answer_text(&value, plan, question->id, answer.text) != HELDER_OK ||
        !*value) {
        free(value);
        return;
    }
    helder_serve_row *row = add_row(summary, HELDER_ROW_ANSWER);
    snprintf(number, sizeof number, "%u.", question->number);
    row->number = helder_xstrdup(number);
    row->label = helder_xstrdup(question->label);
    row->value = value;
}

/* Drops the last row when nothing was added after it (an item or a section left blank). */
static void drop_if_empty(helder_serve_summary *summary, size_t row)
{
    if (summary->nrows != row + 1)
        return;
    free(summary->rows[row].label);
    summary->nrows = row;
}

void helder_serve_summary_answers(helder_serve_summary *out, const helder_check_result *result,
                                  const helder_render_plan *plan)
{
    const helder_render_item *items;
    size_t count = helder_render_plan_items(plan, &items), section_row = 0;
    unsigned sections = 0;
    int in_section = 0;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < count; i++) {
        const helder_render_item *item = &items[i];
        if (item->kind == HELDER_RENDER_SECTION) {
            if (in_section)
                drop_if_empty(out, section_row);
            section_row = out->nrows;
            helder_serve_row *row = add_row(out, HELDER_ROW_SECTION);
            row->label = helder_xstrdup(item->title);
            row->step = ++sections;
            in_section = 1;
        } else if (item->kind == HELDER_RENDER_QUESTION && !item->repeat) {
            add_answer(out, result, plan, item, 0);
        } else if (item->kind == HELDER_RENDER_REPEAT) {
            size_t nitems = helder_check_result_items(result, item->id);
            for (unsigned n = 1; n <= nitems; n++) {
                size_t item_row = out->nrows;
                helder_serve_row *row = add_row(out, HELDER_ROW_ITEM);
                helder_render_plan_item_title(&row->label, plan, item->id, n);
                /* the repeat's questions follow it in document order */
                for (size_t j = i + 1;
                     j < count && items[j].repeat && strcmp(items[j].repeat, item->id) == 0; j++)
                    if (items[j].kind == HELDER_RENDER_QUESTION)
                        add_answer(out, result, plan, &items[j], n);
                drop_if_empty(out, item_row);
            }
        }
    }
    if (in_section)
        drop_if_empty(out, section_row);
}

void helder_serve_summary_documents(helder_serve_summary *out, const helder_render_plan *plan)
{
    const helder_render_item *items;
    size_t count = helder_render_plan_items(plan, &items);
    for (size_t i = 0; i < count; i++) {
        if (items[i].kind != HELDER_RENDER_DOCUMENT)
            continue;
        helder_serve_row *row = add_row(out, HELDER_ROW_DOCUMENT);
        row->label = helder_xstrdup(items[i].label);
        row->value = items[i].only_if ? helder_xstrdup(items[i].only_if) : NULL;
    }
}

void helder_serve_summary_free(helder_serve_summary *summary)
{
    for (size_t i = 0; i < summary->nrows; i++) {
        free(summary->rows[i].number);
        free(summary->rows[i].label);
        free(summary->rows[i].value);
    }
    free(summary->rows);
    memset(summary, 0, sizeof *summary);
}
