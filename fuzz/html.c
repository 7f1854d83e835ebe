/* Fuzz harness: the web form. A form definition (designer text in every label) is rendered
 * blank; a submission (applicant text) is checked, then rendered back into the shipped form it
 * names with check's findings beside its fields, as a server shows a form with errors: mostly
 * one section, as a step of serve's step-by-step mode, sometimes the whole form. The page
 * must never contain markup that the templates do not write: no second script, no inline style,
 * no event handler, no javascript: URL, whatever the text was.
 */
#include <ctype.h>

#include "fuzz/fuzz.h"
#include "model/model.h"

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

static int starts_nocase(const char *text, size_t len, const char *prefix);

/* Occurrences of needle (which starts with '<') in the page, ignoring ASCII case. The page is a
 * whole form, hundreds of kilobytes: memchr finds the candidates, so the oracle does not cost
 * more than the render it checks. */
static size_t count_nocase(const char *page, size_t len, const char *needle)
{
    size_t count = 0;
    for (const char *at = page; (at = memchr(at, '<', len - (size_t)(at - page))) != NULL; at++)
        count += starts_nocase(at, len - (size_t)(at - page), needle);
    return count;
}

static int starts_nocase(const char *text, size_t len, const char *prefix)
{
    size_t prefix_len = strlen(prefix);
    if (len < prefix_len)
        return 0;
    for (size_t i = 0; i < prefix_len; i++)
        if (tolower((unsigned char)text[i]) != prefix[i])
            return 0;
    return 1;
}

static void refuse(const char *what, const char *page, size_t len)
{
    fprintf(stderr, "the page has %s:\n%.*s\n", what, (int)len, page);
    FUZZ_ASSERT(!"markup the templates never write");
}

/* Reads one tag at page[at] ('<'), checks its name and attributes, returns the offset after it.
 * Text cannot hold a raw '<', so every '<' starts markup. */
static size_t check_tag(const char *page, size_t len, size_t at)
{
    static const char *const never[] = {
        "<img",  "<iframe", "<svg",  "<object", "<embed",
        "<base", "<style",  "<math", "<frame",  "<link rel=\"import"};
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
        if (starts_nocase(page + at, len - at, never[i]))
            refuse(never[i], page, len);
    at++;
    while (at < len && page[at] != '>' && !isspace((unsigned char)page[at]))
        at++;
    for (;;) {
        while (at < len && (isspace((unsigned char)page[at]) || page[at] == '/'))
            at++;
        if (at >= len || page[at] == '>')
            return at + 1;
        size_t name = at;
        while (at < len && page[at] != '=' && page[at] != '>' && !isspace((unsigned char)page[at]))
            at++;
        size_t name_len = at - name;
        if (starts_nocase(page + name, name_len, "on"))
            refuse("an event handler attribute", page, len);
        if (at >= len || page[at] != '=')
            continue;
        at++;
        size_t value = at, value_len;
        if (at < len && (page[at] == '"' || page[at] == '\'')) {
            char quote = page[at++];
            value = at;
            while (at < len && page[at] != quote)
                at++;
            value_len = at - value;
            at++;
        } else {
            while (at < len && page[at] != '>' && !isspace((unsigned char)page[at]))
                at++;
            value_len = at - value;
        }
        int is_url = (name_len == 4 && starts_nocase(page + name, 4, "href")) ||
                     (name_len == 3 && starts_nocase(page + name, 3, "src")) ||
                     (name_len == 6 && starts_nocase(page + name, 6, "action"));
        while (is_url && value_len && isspace((unsigned char)page[value])) {
            value++;
            value_len--;
        }
        if (is_url && (starts_nocase(page + value, value_len, "javascript:") ||
                       starts_nocase(page + value, value_len, "data:") ||
                       starts_nocase(page + value, value_len, "vbscript:")))
            refuse("a script URL", page, len);
        if (name_len == 10 && starts_nocase(page + name, 10, "http-equiv") &&
            starts_nocase(page + value, value_len, "refresh"))
            refuse("a refresh", page, len);
    }
}

static void check_page(const char *page, size_t len)
{
    FUZZ_ASSERT(page != NULL && len > 0);
    FUZZ_ASSERT(memchr(page, '\0', len) == NULL);
    /* The one script element the template writes, and no other. */
    FUZZ_ASSERT(count_nocase(page, len, "<script") == 1);
    FUZZ_ASSERT(count_nocase(page, len, "</script") == 1);
    const char *tag = page;
    while ((tag = memchr(tag, '<', len - (size_t)(tag - page))) != NULL)
        tag = page + check_tag(page, len, (size_t)(tag - page));
}

static void render(const helder_form *form, const helder_html_options *opts)
{
    helder_diag_sink sink = fuzz_sink();
    char *page = NULL;
    size_t len = 0;
    int rc = helder_render_html(&page, &len, form, opts, &sink);
    FUZZ_ASSERT(rc == HELDER_OK || rc == HELDER_EINVALID);
    FUZZ_ASSERT(rc == HELDER_OK || sink.counts[HELDER_SEVERITY_ERROR] > 0);
    if (rc == HELDER_OK)
        check_page(page, len);
    free(page);
}

/* One section of the form (a step of helder serve's step-by-step mode) or, for one input in
 * (sections + 1), the whole form. A whole 120-question form is most of the cost of an input that
 * reaches the renderer, and a step is the page applicants see most in serve. */
static const char *pick_section(const helder_form *form, size_t size)
{
    size_t nsections = 0;
    for (const helder_node *node = form->root->first_child; node; node = node->next)
        nsections += node->type == HELDER_NODE_SECTION;
    size_t pick = size % (nsections + 1);
    for (const helder_node *node = form->root->first_child; node; node = node->next)
        if (node->type == HELDER_NODE_SECTION && --pick == 0)
            return node->id;
    return NULL;
}

static void render_submission(const uint8_t *data, size_t size)
{
    unsigned index = fuzz_pick_form(data, size);
    helder_check_options check_opts = HELDER_CHECK_OPTIONS_INIT;
    helder_html_options opts = HELDER_HTML_OPTIONS_INIT;
    helder_check_result *result = NULL;
    const helder_check_finding *findings;
    helder_html_error *errors;
    size_t count;
    check_opts.today = today;
    helder_check_submission(&result, plans[index], (const char *)data, size, "fuzz.xml",
                            &check_opts);
    count = helder_check_result_findings(result, &findings);
    errors = calloc(count ? count : 1, sizeof *errors);
    FUZZ_ASSERT(errors != NULL);
    for (size_t i = 0; i < count; i++) {
        errors[i].id = findings[i].question ? findings[i].question : findings[i].repeat;
        errors[i].item = findings[i].item;
        errors[i].message = findings[i].message;
    }
    opts.lang = helder_check_result_lang(result);
    opts.submission = (const char *)data;
    opts.submission_len = size;
    opts.submission_name = "fuzz.xml";
    opts.errors = errors;
    opts.nerrors = count;
    opts.today = "2026-11-30";
    opts.section = pick_section(forms[index], size);
    render(forms[index], &opts);
    free(errors);
    helder_check_result_free(result);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (fuzz_mentions(data, size, "urn:helder:submission:1")) {
        render_submission(data, size);
        return 0;
    }
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(NULL, NULL);
    helder_form *form = NULL;
    if (helder_form_load_memory(&form, (const char *)data, size, "fuzz.xml", NULL, &sink) ==
        HELDER_OK) {
        helder_html_options opts = HELDER_HTML_OPTIONS_INIT;
        render(form, &opts);
        /* Every language the form declares (up to three: each is one more transform). */
        for (unsigned i = 1; i < form->nlangs && i < 3; i++) {
            opts.lang = form->langs[i];
            render(form, &opts);
        }
    }
    helder_form_free(form);
    return 0;
}
