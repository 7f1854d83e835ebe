/* Fuzz harness: the body a browser posts (application/x-www-form-urlencoded), turned into a
 * submission for each shipped form as `helder form-data` and the server do. A body that converts
 * must give a submission that check reads without a structural finding: the converter never
 * writes broken XML, unknown ids or answers in the wrong place, whatever the body held.
 */
#include "fuzz/fuzz.h"

static helder_form *forms[FUZZ_NFORMS];
static helder_check_plan *plans[FUZZ_NFORMS];
static long today;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    helder_global_init();
    FUZZ_ASSERT(helder_check_today(&today, "2026-11-30") == HELDER_OK);
    for (unsigned i = 0; i < FUZZ_NFORMS; i++) {
        forms[i] = fuzz_load_shipped(i);
        FUZZ_ASSERT(helder_check_plan_new(&plans[i], forms[i]) == HELDER_OK);
    }
    return 0;
}

/* Findings that would mean the converter wrote something check cannot take as a submission. */
static int structural(const char *rule)
{
    static const char *const rules[] = {"xml-malformed",    "xml-encoding",     "xml-doctype",
                                        "xml-depth",        "schema",           "input-too-large",
                                        "unknown-question", "unknown-repeat",   "misplaced-answer",
                                        "duplicate-answer", "duplicate-repeat", "wrong-form",
                                        "wrong-version",    "bad-utf8"};
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (strcmp(rule, rules[i]) == 0)
            return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A reserved field such as _form=study (the converter skips names that start with '_', as
     * the server's own fields) picks one form; a body that names none goes to every form. */
    int named = fuzz_find_form(data, size, "_form=", '&', 1, size);
    for (unsigned i = 0; i < FUZZ_NFORMS; i++) {
        if (named >= 0 && i != (unsigned)named)
            continue;
        helder_diag_sink sink = fuzz_sink();
        char *xml = NULL;
        size_t xml_len = 0;
        int rc = helder_form_data_to_submission(&xml, &xml_len, forms[i], (const char *)data, size,
                                                NULL, &sink);
        FUZZ_ASSERT(rc == HELDER_OK || rc == HELDER_EINVALID);
        FUZZ_ASSERT(rc == HELDER_OK || sink.counts[HELDER_SEVERITY_ERROR] > 0);
        if (rc == HELDER_OK) {
            helder_check_options opts = HELDER_CHECK_OPTIONS_INIT;
            helder_check_result *result = NULL;
            const helder_check_finding *findings;
            FUZZ_ASSERT(xml != NULL && xml_len > 0);
            opts.today = today;
            opts.max_bytes = 64u << 20;
            helder_check_submission(&result, plans[i], xml, xml_len, "posted.xml", &opts);
            size_t count = helder_check_result_findings(result, &findings);
            for (size_t f = 0; f < count; f++) {
                if (!structural(findings[f].rule))
                    continue;
                fprintf(stderr, "[%s] %s\n%.*s\n", findings[f].rule, findings[f].message,
                        (int)xml_len, xml);
                FUZZ_ASSERT(!"the converter wrote a submission check cannot read");
            }
            helder_check_result_free(result);
        }
        free(xml);
    }
    return 0;
}
