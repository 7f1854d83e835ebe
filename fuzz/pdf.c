/* Fuzz harness: the paper form. A form definition is laid out and drawn blank; a submission is
 * printed into the boxes of the shipped form it names (the filled copy). Pango gets every text
 * from designers and applicants here, so the length caps of SECURITY.md are what keep each run
 * short: libFuzzer's -timeout makes a slow input a finding.
 */
#include "fuzz/fuzz.h"

static helder_form *forms[FUZZ_NFORMS];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    helder_global_init();
    for (unsigned i = 0; i < FUZZ_NFORMS; i++)
        forms[i] = fuzz_load_shipped(i);
    return 0;
}

static void render(const helder_form *form, const helder_pdf_options *opts)
{
    helder_diag_sink sink = fuzz_sink();
    char *pdf = NULL;
    size_t len = 0;
    int rc = helder_render_pdf(&pdf, &len, form, opts, &sink);
    FUZZ_ASSERT(rc == HELDER_OK || rc == HELDER_EINVALID || rc == HELDER_ETOOBIG);
    FUZZ_ASSERT(rc == HELDER_OK || sink.counts[HELDER_SEVERITY_ERROR] > 0);
    if (rc == HELDER_OK)
        FUZZ_ASSERT(len > 5 && memcmp(pdf, "%PDF-", 5) == 0);
    free(pdf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    helder_pdf_options opts = HELDER_PDF_OPTIONS_INIT;
    opts.today = "2026-11-30";
    opts.repeat_copies = 1;
    if (fuzz_mentions(data, size, "urn:helder:submission:1")) {
        opts.submission = (const char *)data;
        opts.submission_len = size;
        opts.submission_name = "fuzz.xml";
        render(forms[fuzz_pick_form(data, size)], &opts);
        return 0;
    }
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(NULL, NULL);
    helder_form *form = NULL;
    if (helder_form_load_memory(&form, (const char *)data, size, "fuzz.xml", NULL, &sink) ==
        HELDER_OK)
        render(form, &opts);
    helder_form_free(form);
    return 0;
}
