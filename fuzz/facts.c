/* Fuzz harness: facts about an applicant from another system, loaded against the shipped form a
 * comment in them names (the first when none), then used to check a valid submission of that
 * form and to simplify the form (helder simplify). Facts that load must leave the checker sound,
 * and the simplified form must load again without errors.
 */
#include "fuzz/fuzz.h"

static helder_form *forms[FUZZ_NFORMS];
static helder_check_plan *plans[FUZZ_NFORMS];
static char *submissions[FUZZ_NFORMS];
static size_t submission_lens[FUZZ_NFORMS];
static long today;

static char *read_whole(const char *relative, size_t *out_len)
{
    char *path = fuzz_path(relative);
    FILE *in = fopen(path, "rb");
    char *buf = NULL;
    long len;
    FUZZ_ASSERT(in != NULL);
    FUZZ_ASSERT(fseek(in, 0, SEEK_END) == 0 && (len = ftell(in)) >= 0);
    rewind(in);
    buf = malloc((size_t)len + 1);
    FUZZ_ASSERT(buf && fread(buf, 1, (size_t)len, in) == (size_t)len);
    fclose(in);
    free(path);
    *out_len = (size_t)len;
    return buf;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    helder_global_init();
    FUZZ_ASSERT(helder_check_today(&today, "2026-11-30") == HELDER_OK);
    for (unsigned i = 0; i < FUZZ_NFORMS; i++) {
        char relative[96];
        forms[i] = fuzz_load_shipped(i);
        FUZZ_ASSERT(helder_check_plan_new(&plans[i], forms[i]) == HELDER_OK);
        snprintf(relative, sizeof relative, "forms/%s/submissions/valid-01.xml", fuzz_form_ids[i]);
        submissions[i] = read_whole(relative, &submission_lens[i]);
    }
    return 0;
}

static void simplify(const helder_form *form, const helder_facts *known)
{
    helder_simplify_options opts = HELDER_SIMPLIFY_OPTIONS_INIT;
    helder_simplify_result *result = NULL;
    helder_simplify_summary summary;
    const char *xml;
    size_t xml_len;
    opts.today = "2026-11-30";
    FUZZ_ASSERT(helder_simplify(&result, form, known, &opts) == HELDER_OK);
    helder_simplify_result_summary(&summary, result);
    FUZZ_ASSERT(summary.questions_after <= summary.questions_before);
    (void)helder_simplify_result_eligible(result);
    for (int format = HELDER_REPORT_TEXT; format <= HELDER_REPORT_JSON; format++) {
        char *report = NULL;
        size_t report_len = 0;
        FUZZ_ASSERT(helder_simplify_result_report(&report, &report_len, result,
                                                  (helder_report_format)format) == HELDER_OK);
        FUZZ_ASSERT(report && strlen(report) == report_len);
        free(report);
    }
    /* The simplified form is a form: it loads, without errors. */
    xml = helder_simplify_result_form(result, &xml_len);
    FUZZ_ASSERT(xml && xml_len > 0);
    helder_diag_sink sink = fuzz_sink();
    helder_form *simpler = NULL;
    int rc = helder_form_load_memory(&simpler, xml, xml_len, "simplified.xml", NULL, &sink);
    if (rc != HELDER_OK)
        fprintf(stderr, "the simplified form does not load (%d errors):\n%.*s\n",
                sink.counts[HELDER_SEVERITY_ERROR], (int)xml_len, xml);
    FUZZ_ASSERT(rc == HELDER_OK);
    helder_form_free(simpler);
    helder_simplify_result_free(result);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A comment such as <!-- form="study" --> picks the form (fuzz/facts.dict has the three), so
     * that a mutation costs one simplification, not three; facts that name none go to the first.
     * (Going to every form made the unnamed half of a long run's corpus cost three times.) */
    int named = fuzz_find_form(data, size, "form=\"", '"', 0, size);
    for (unsigned i = 0; i < FUZZ_NFORMS; i++) {
        if (i != (named >= 0 ? (unsigned)named : 0))
            continue;
        helder_diag_sink sink = fuzz_sink();
        helder_facts *known = NULL;
        int rc = helder_facts_load_memory(&known, plans[i], (const char *)data, size, "facts.xml",
                                          NULL, &sink);
        FUZZ_ASSERT(rc == HELDER_OK || rc == HELDER_EINVALID || rc == HELDER_ETOOBIG);
        FUZZ_ASSERT(rc == HELDER_OK || sink.counts[HELDER_SEVERITY_ERROR] > 0);
        FUZZ_ASSERT(rc != HELDER_OK || known != NULL);
        if (known) {
            helder_check_options opts = HELDER_CHECK_OPTIONS_INIT;
            helder_check_result *result = NULL;
            const helder_check_finding *findings;
            opts.today = today;
            opts.facts = known;
            int check_rc = helder_check_submission(&result, plans[i], submissions[i],
                                                   submission_lens[i], "valid-01.xml", &opts);
            FUZZ_ASSERT(check_rc == HELDER_OK || check_rc == HELDER_EINVALID);
            FUZZ_ASSERT(helder_check_result_valid(result) == (check_rc == HELDER_OK));
            size_t count = helder_check_result_findings(result, &findings);
            for (size_t f = 0; f < count; f++)
                FUZZ_ASSERT(findings[f].message && findings[f].message[0] &&
                            !strchr(findings[f].message, '\n'));
            char *clean = NULL;
            size_t clean_len;
            if (helder_check_result_normalized(&clean, &clean_len, result) == HELDER_OK)
                free(clean);
            helder_check_result_free(result);
            simplify(forms[i], known);
        }
        helder_facts_free(known);
    }
    return 0;
}
