/* Fuzz harness: a submission from anyone on the internet, checked as `helder check` does against
 * the shipped form it names, without and with that form's facts. Every finding must be readable
 * and one line, the verdict must match the return code, and a valid submission's cleaned copy
 * must check valid again.
 */
#include "fuzz/fuzz.h"

static helder_form *forms[FUZZ_NFORMS];
static helder_check_plan *plans[FUZZ_NFORMS];
static helder_facts *facts[FUZZ_NFORMS];
static long today;

static const char *const facts_files[FUZZ_NFORMS] = {
    "forms/partner/facts/sanne-de-vries.xml", "forms/study/facts/rohan-mehta.xml",
    "forms/naturalisation/facts/fatima-benali.xml"};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    helder_global_init();
    FUZZ_ASSERT(helder_check_today(&today, "2026-11-30") == HELDER_OK);
    for (unsigned i = 0; i < FUZZ_NFORMS; i++) {
        helder_diag_sink sink = HELDER_DIAG_SINK_INIT(NULL, NULL);
        char *path = fuzz_path(facts_files[i]);
        forms[i] = fuzz_load_shipped(i);
        FUZZ_ASSERT(helder_check_plan_new(&plans[i], forms[i]) == HELDER_OK);
        FUZZ_ASSERT(helder_facts_load_file(&facts[i], plans[i], path, NULL, &sink) == HELDER_OK);
        free(path);
    }
    return 0;
}

static void check_result(const helder_check_result *result, int rc)
{
    const helder_check_finding *findings;
    size_t count = helder_check_result_findings(result, &findings);
    FUZZ_ASSERT(helder_check_result_valid(result) == (rc == HELDER_OK));
    FUZZ_ASSERT(rc == HELDER_OK || helder_check_result_count(result, HELDER_SEVERITY_ERROR) > 0);
    for (size_t i = 0; i < count; i++) {
        const helder_check_finding *finding = &findings[i];
        FUZZ_ASSERT(finding->rule && finding->rule[0]);
        FUZZ_ASSERT(finding->message && finding->message[0]);
        FUZZ_ASSERT(strchr(finding->message, '\n') == NULL);
        if (finding->question)
            (void)strlen(finding->question);
        if (finding->repeat)
            (void)strlen(finding->repeat);
        if (finding->label)
            (void)strlen(finding->label);
    }
    (void)strlen(helder_check_result_lang(result));
    static const char *const attrs[] = {"form", "version", "xml:lang", "reference", "received"};
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
        const char *value = helder_check_result_attr(result, attrs[i]);
        if (value)
            (void)strlen(value);
    }
}

static void check_once(unsigned form, const uint8_t *data, size_t size, const helder_facts *known)
{
    helder_check_options opts = HELDER_CHECK_OPTIONS_INIT;
    helder_check_result *result = NULL;
    opts.today = today;
    opts.facts = known;
    int rc =
        helder_check_submission(&result, plans[form], (const char *)data, size, "fuzz.xml", &opts);
    FUZZ_ASSERT(rc == HELDER_OK || rc == HELDER_EINVALID || rc == HELDER_ETOOBIG);
    FUZZ_ASSERT(result != NULL);
    check_result(result, rc);
    if (rc == HELDER_OK && !known) {
        char *clean = NULL;
        size_t clean_len = 0;
        FUZZ_ASSERT(helder_check_result_normalized(&clean, &clean_len, result) == HELDER_OK);
        helder_check_result *again = NULL;
        int again_rc =
            helder_check_submission(&again, plans[form], clean, clean_len, "clean.xml", &opts);
        if (again_rc != HELDER_OK) {
            const helder_check_finding *findings;
            size_t count = helder_check_result_findings(again, &findings);
            fprintf(stderr, "the cleaned copy of a valid submission is invalid:\n%.*s\n",
                    (int)clean_len, clean);
            for (size_t i = 0; i < count; i++)
                fprintf(stderr, "  [%s] %s: %s\n", findings[i].rule,
                        findings[i].question ? findings[i].question : "-", findings[i].message);
        }
        FUZZ_ASSERT(again_rc == HELDER_OK);
        helder_check_result_free(again);
        free(clean);
    } else if (rc != HELDER_ETOOBIG) {
        char *clean = NULL;
        size_t clean_len = 0;
        if (helder_check_result_normalized(&clean, &clean_len, result) == HELDER_OK)
            free(clean);
    }
    helder_check_result_free(result);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned form = fuzz_pick_form(data, size);
    check_once(form, data, size, NULL);
    check_once(form, data, size, facts[form]);
    return 0;
}
