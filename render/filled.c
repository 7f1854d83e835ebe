/* The submission a renderer fills in, read by check through its public API with salvage on. One
 * reader of submissions: the web form and the paper form show exactly the answers check judged
 * (trimmed, the first of duplicates, text split by markup joined). Salvage shows what was answered
 * even when the submission has errors, breaks the schema or is for another version of the form.
 */
#include <stdlib.h>

#include "render/filled.h"

struct helder_filled {
    helder_check_plan *plan;
    helder_check_result *result;
};

int helder_filled_today(int32_t *out, const char *text)
{
    long days;
    /* check's own reading of a date, so that the renderers and the check agree on today() */
    if (helder_check_today(&days, text) != HELDER_OK)
        return HELDER_EUSAGE;
    *out = (int32_t)days;
    return HELDER_OK;
}

static void report_finding(helder_diag_sink *sink, const char *name,
                           const helder_check_finding *finding)
{
    helder_diag diag = {finding->severity, finding->rule, name,
                        finding->line,     finding->col,  finding->message};
    if (!sink)
        return;
    sink->counts[finding->severity]++;
    if (sink->fn)
        sink->fn(&diag, sink->payload);
}

int helder_filled_open(helder_filled **out, const helder_form *form, const char *submission,
                       size_t len, const char *name, int32_t today, helder_diag_sink *sink)
{
    helder_check_options check_opts = HELDER_CHECK_OPTIONS_INIT;
    helder_filled *filled = helder_xcalloc(1, sizeof *filled);
    const helder_check_finding *findings;
    int rc;

    *out = NULL;
    if (!name)
        name = "submission";
    if (helder_check_plan_new(&filled->plan, form) != HELDER_OK) {
        free(filled);
        return HELDER_EUSAGE;
    }
    check_opts.today = today;
    check_opts.salvage = 1;
    rc = helder_check_submission(&filled->result, filled->plan, submission, len, name, &check_opts);
    if (rc != HELDER_ETOOBIG && helder_check_result_readable(filled->result)) {
        *out = filled;
        return HELDER_OK;
    }
    /* No submission at all: only then are check's findings the renderer's errors. */
    size_t count = helder_check_result_findings(filled->result, &findings);
    for (size_t i = 0; i < count; i++)
        if (findings[i].severity == HELDER_SEVERITY_ERROR)
            report_finding(sink, name, &findings[i]);
    helder_filled_free(filled);
    return rc == HELDER_ETOOBIG ? HELDER_ETOOBIG : HELDER_EINVALID;
}

void helder_filled_free(helder_filled *filled)
{
    if (!filled)
        return;
    helder_check_result_free(filled->result);
    helder_check_plan_free(filled->plan);
    free(filled);
}

size_t helder_filled_items(const helder_filled *filled, const helder_node *repeat)
{
    return helder_check_result_items(filled->result, repeat->id);
}

const char *helder_filled_answer(const helder_filled *filled, const helder_node *question,
                                 unsigned item)
{
    helder_check_answer answer;
    if (!helder_check_result_answer(&answer, filled->result, question->id, item))
        return NULL;
    return answer.text;
}

const char *helder_filled_choice(const helder_filled *filled, const helder_node *question,
                                 unsigned item)
{
    helder_check_answer answer;
    if (!helder_check_result_answer(&answer, filled->result, question->id, item))
        return NULL;
    return answer.normalized ? answer.normalized : answer.text;
}

const char *helder_filled_lang(const helder_filled *filled)
{
    return helder_check_result_lang(filled->result);
}
