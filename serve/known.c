/* What the answers given so far decide, through helder_simplify: the answers check read are
 * turned into facts (a submission's answers and repeats map one to one onto facts and groups),
 * and the form simplified for them keeps only the sections and documents that can still apply.
 * Step by step skips the sections that do not; the receipt lists the documents that do.
 */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "serve/http.h"

#define FACTS_NS "urn:helder:facts:1"

static void put_fact(helder_buf *out, const char *indent, const char *name, const char *text)
{
    helder_buf_puts(out, indent);
    helder_buf_puts(out, "<fact name=\"");
    helder_buf_html(out, name);
    helder_buf_puts(out, "\">");
    helder_buf_html(out, text);
    helder_buf_puts(out, "</fact>\n");
}

/* A fact for the answer the applicant gave to question (in item `item`), if any. */
static void put_answer(helder_buf *out, const char *indent, const helder_check_result *result,
                       const char *question, unsigned item)
{
    helder_check_answer answer;
    if (helder_check_result_answer(&answer, result, question, item) &&
        answer.source == HELDER_ANSWER_GIVEN)
        put_fact(out, indent, question, answer.text);
}

int helder_serve_answers_as_facts(char **out, size_t *out_len, const helder_check_result *result,
                                  const helder_render_plan *plan)
{
    helder_buf facts = {0};
    const helder_render_item *items;
    size_t count = helder_render_plan_items(plan, &items);
    *out = NULL;
    *out_len = 0;
    if (!helder_check_result_readable(result))
        return HELDER_EINVALID;
    helder_buf_puts(&facts, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                            "<facts xmlns=\"" FACTS_NS "\">\n");
    for (size_t i = 0; i < count; i++) {
        if (items[i].kind == HELDER_RENDER_QUESTION && !items[i].repeat) {
            put_answer(&facts, "  ", result, items[i].id, 0);
            continue;
        }
        /* A repeat the submission gives, also without items: as many items, known. */
        if (items[i].kind != HELDER_RENDER_REPEAT ||
            !helder_check_result_repeat_given(result, items[i].id))
            continue;
        size_t nitems = helder_check_result_items(result, items[i].id);
        helder_buf_puts(&facts, "  <group name=\"");
        helder_buf_html(&facts, items[i].id);
        helder_buf_puts(&facts, "\">\n");
        for (unsigned n = 1; n <= nitems; n++) {
            helder_buf_puts(&facts, "    <item>\n");
            for (size_t j = i + 1;
                 j < count && items[j].repeat && strcmp(items[j].repeat, items[i].id) == 0; j++)
                if (items[j].kind == HELDER_RENDER_QUESTION)
                    put_answer(&facts, "      ", result, items[j].id, n);
            helder_buf_puts(&facts, "    </item>\n");
        }
        helder_buf_puts(&facts, "  </group>\n");
    }
    helder_buf_puts(&facts, "</facts>\n");
    *out = facts.data;
    *out_len = facts.len;
    return HELDER_OK;
}

static void ignore(const helder_diag *diag, void *payload)
{
    (void)diag;
    (void)payload;
}

int helder_serve_decided_form(helder_form **out, const helder_serve_form *form, const char *today,
                              const helder_check_result *result)
{
    char *facts_text = NULL;
    size_t facts_len = 0;
    helder_facts *facts = NULL;
    helder_simplify_result *simplified = NULL;
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(ignore, NULL);
    helder_facts_options fopts = HELDER_FACTS_OPTIONS_INIT;
    helder_simplify_options sopts = HELDER_SIMPLIFY_OPTIONS_INIT;
    int rc;

    *out = NULL;
    rc = helder_serve_answers_as_facts(&facts_text, &facts_len, result, form->langs[0].plan);
    if (rc == HELDER_OK)
        rc = helder_facts_load_memory(&facts, form->plan, facts_text, facts_len, "answers", &fopts,
                                      &sink);
    if (rc == HELDER_OK) {
        sopts.today = today;
        rc = helder_simplify(&simplified, form->form, facts, &sopts);
    }
    if (rc == HELDER_OK) {
        size_t form_len = 0;
        const char *text = helder_simplify_result_form(simplified, &form_len);
        helder_load_options lopts = HELDER_LOAD_OPTIONS_INIT;
        rc = helder_form_load_memory(out, text, form_len, "decided", &lopts, &sink);
        if (rc != HELDER_OK) {
            helder_form_free(*out);
            *out = NULL;
        }
    }
    helder_simplify_result_free(simplified);
    helder_facts_free(facts);
    free(facts_text);
    return rc;
}

int helder_serve_decided_sections(char ***out, size_t *count, const helder_serve_form *form,
                                  const char *today, const helder_check_result *result)
{
    helder_form *decided = NULL;
    helder_render_plan *plan = NULL;
    const helder_render_item *items;
    *out = NULL;
    *count = 0;
    int rc = helder_serve_decided_form(&decided, form, today, result);
    if (rc == HELDER_OK)
        rc = helder_render_plan_new(&plan, decided, NULL);
    if (rc == HELDER_OK) {
        size_t nitems = helder_render_plan_items(plan, &items);
        for (size_t i = 0; i < nitems; i++) {
            if (items[i].kind != HELDER_RENDER_SECTION)
                continue;
            *out = helder_xrealloc(*out, (*count + 1) * sizeof **out);
            (*out)[(*count)++] = helder_xstrdup(items[i].id);
        }
    }
    helder_render_plan_free(plan);
    helder_form_free(decided);
    return rc;
}
