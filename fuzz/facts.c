/* Fuzz harness: facts about an applicant from another system, loaded against each shipped form
 * (every fact name means something in one of them), then used to check a valid submission of
 * that form. Facts that load must leave the checker sound: findings readable, verdict consistent.
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
        snprintf(relative, sizeof relative, "forms/%s/submissions/valid-01.xml",
                 fuzz_form_ids[i]);
        submissions[i] = read_whole(relative, &submission_lens[i]);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (unsigned i = 0; i < FUZZ_NFORMS; i++) {
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
        }
        helder_facts_free(known);
    }
    return 0;
}
