/* Fuzz harness: a form definition from a designer, loaded and linted as `helder lint` does.
 * A form that loads cleanly is also compiled into a check plan, the next thing done with it.
 * Every diagnostic's contract is checked on the way (fuzz/fuzz.h).
 */
#include "fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    helder_global_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    helder_diag_sink sink = fuzz_sink();
    helder_form *form = NULL;
    int rc = helder_form_load_memory(&form, (const char *)data, size, "fuzz.xml", NULL, &sink);
    FUZZ_ASSERT(rc == HELDER_OK || rc == HELDER_EINVALID || rc == HELDER_ETOOBIG);
    /* A form that fails to load must say why. */
    FUZZ_ASSERT(rc == HELDER_OK || sink.counts[HELDER_SEVERITY_ERROR] > 0);
    if (form) {
        int lint_rc = helder_lint(form, NULL, &sink);
        FUZZ_ASSERT(lint_rc == HELDER_OK || lint_rc == HELDER_EINVALID);
        (void)helder_form_id(form);
        (void)helder_form_version(form);
    }
    if (rc == HELDER_OK) {
        helder_check_plan *plan = NULL;
        FUZZ_ASSERT(helder_check_plan_new(&plan, form) == HELDER_OK);
        helder_check_plan_free(plan);
    }
    helder_form_free(form);
    return 0;
}
