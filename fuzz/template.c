/* Fuzz harness: designer templates (helder render --templates DIR). The input is a form.xsl,
 * rendered over a small built-in form from a private template directory with the shipped CSS and
 * script. The template must not read a file (a canary holding a random secret), write one, or
 * flood the diagnostics. Seeds cannot know the canary's random path: every "@CANARY@" in the
 * input is replaced by it before the input is written.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz/fuzz.h"
#include "model/model.h"

/* The caps the diagnostics promise. model/xml.c reports XML_MAX_MESSAGES of libxml2's messages
 * about the file, plus the first error if warnings came first, plus one line for the rest.
 * render/html.c reports TEMPLATE_MAX_MESSAGES of libxslt's (refused loads included), plus one
 * line counting the rest and one that the operation limit was hit; its other lines (unusable,
 * stopped, raw text refused) come only when it reported nothing else. */
#define XML_MAX_MESSAGES 5
#define TEMPLATE_MAX_MESSAGES 5
#define MAX_XML_DIAGNOSTICS (XML_MAX_MESSAGES + 2)
#define MAX_TEMPLATE_DIAGNOSTICS (TEMPLATE_MAX_MESSAGES + 2)
/* exsl:document targets looked for in one input; more only cost time. */
#define MAX_TARGETS 16

/* Small on purpose: every execution transforms it. Two languages, each kind of item that has its
 * own template branch, a repeat and a condition. */
static const char form_xml[] =
    "<form xmlns=\"urn:helder:form:1\" id=\"t\" version=\"1\" languages=\"en nl\">"
    "<title xml:lang=\"en\">T</title><title xml:lang=\"nl\">T</title>"
    "<section id=\"s\"><title xml:lang=\"en\">S</title><title xml:lang=\"nl\">S</title>"
    "<question id=\"a\" type=\"text\" required=\"true\"><label xml:lang=\"en\">A</label>"
    "<label xml:lang=\"nl\">A</label><hint xml:lang=\"en\">h</hint><hint xml:lang=\"nl\">h</hint>"
    "</question>"
    "<question id=\"b\" type=\"choice\" when=\"a = 'x'\"><label xml:lang=\"en\">B</label>"
    "<label xml:lang=\"nl\">B</label><option value=\"v\"><label xml:lang=\"en\">V</label>"
    "<label xml:lang=\"nl\">V</label></option><option value=\"w\"><label xml:lang=\"en\">W</label>"
    "<label xml:lang=\"nl\">W</label></option></question>"
    "<question id=\"d\" type=\"date\"><label xml:lang=\"en\">D</label>"
    "<label xml:lang=\"nl\">D</label></question>"
    "<question id=\"y\" type=\"yesno\"><label xml:lang=\"en\">Y</label>"
    "<label xml:lang=\"nl\">Y</label></question>"
    "<repeat id=\"r\"><title xml:lang=\"en\">R</title><title xml:lang=\"nl\">R</title>"
    "<question id=\"c\" type=\"longtext\"><label xml:lang=\"en\">C</label>"
    "<label xml:lang=\"nl\">C</label></question></repeat></section>"
    "<documents><title xml:lang=\"en\">Docs</title><title xml:lang=\"nl\">Docs</title>"
    "<document id=\"p\"><label xml:lang=\"en\">P</label><label xml:lang=\"nl\">P</label>"
    "</document></documents></form>";

static helder_form *form;
static char template_dir[] = "/tmp/helder-fuzz-template-XXXXXX";
static char canary_dir[] = "/tmp/helder-fuzz-canary-XXXXXX";
static char canary_path[sizeof canary_dir + 16];
static char xsl_path[sizeof template_dir + 16];
static char secret[40];
static int input_has_secret; /* then the page or a message may quote it from the input */
static int verbose; /* $HELDER_FUZZ_VERBOSE: print each diagnostic, to see what a seed does */

static void write_all(const char *path, const char *text, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    FUZZ_ASSERT(fd >= 0);
    while (len > 0) {
        ssize_t n = write(fd, text, len);
        FUZZ_ASSERT(n > 0);
        text += n;
        len -= (size_t)n;
    }
    FUZZ_ASSERT(close(fd) == 0);
}

static void copy_shipped(const char *relative, const char *name)
{
    char *from = fuzz_path(relative), *text = NULL, to[sizeof template_dir + 16];
    size_t len = 0;
    if (helder_read_file(&text, &len, from, 1u << 20) != HELDER_OK) {
        fprintf(stderr, "fuzz: cannot read %s (run from the repository root)\n", from);
        exit(2);
    }
    snprintf(to, sizeof to, "%s/%s", template_dir, name);
    write_all(to, text, len);
    free(text);
    free(from);
}

/* 1 when the secret is in the len bytes at text. A plain loop on purpose: libFuzzer watches
 * strstr, memcmp and memmem and would copy the secret from their arguments into its inputs, and
 * then the page would hold it only because the input did. */
static int holds_secret(const char *text, size_t len)
{
    size_t secret_len = strlen(secret);
    for (size_t at = 0; at + secret_len <= len; at++) {
        size_t i = 0;
        while (i < secret_len && text[at + i] == secret[i])
            i++;
        if (i == secret_len)
            return 1;
    }
    return 0;
}

/* Entries in a directory besides . and ..: a cheap "nothing was written here". */
static unsigned count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    unsigned count = 0;
    FUZZ_ASSERT(d != NULL);
    for (struct dirent *entry; (entry = readdir(d)) != NULL;)
        count += strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0;
    closedir(d);
    return count;
}

/* The temporary directories go when the run ends (not after a crash: then they are evidence). */
static void remove_dirs(void)
{
    static const char *const names[] = {"form.xsl", "style.css", "helder.js"};
    char path[sizeof template_dir + 16];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", template_dir, names[i]);
        unlink(path);
    }
    rmdir(template_dir);
    unlink(canary_path);
    rmdir(canary_dir);
    helder_form_free(form);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    helder_global_init();
    verbose = getenv("HELDER_FUZZ_VERBOSE") != NULL;
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(NULL, NULL);
    FUZZ_ASSERT(helder_form_load_memory(&form, form_xml, sizeof form_xml - 1, "t.xml", NULL,
                                        &sink) == HELDER_OK);
    FUZZ_ASSERT(mkdtemp(template_dir) != NULL);
    FUZZ_ASSERT(mkdtemp(canary_dir) != NULL);
    copy_shipped("templates/style.css", "style.css");
    copy_shipped("templates/helder.js", "helder.js");
    snprintf(xsl_path, sizeof xsl_path, "%s/form.xsl", template_dir);

    /* A secret the fuzzer cannot guess, so it can only reach the page by reading the canary. */
    unsigned char bytes[16];
    int fd = open("/dev/urandom", O_RDONLY);
    FUZZ_ASSERT(fd >= 0 && read(fd, bytes, sizeof bytes) == (ssize_t)sizeof bytes);
    close(fd);
    for (size_t i = 0; i < sizeof bytes; i++)
        snprintf(secret + 2 * i, 3, "%02x", bytes[i]);
    /* A stylesheet, so that xsl:include and xsl:import would take it as well as document(): each
     * would put the secret into the page. */
    char canary[512];
    int len = snprintf(canary, sizeof canary,
                       "<xsl:stylesheet version=\"1.0\" "
                       "xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\"><xsl:template "
                       "match=\"/\" priority=\"99\"><html><body><p>%s</p></body></html>"
                       "</xsl:template><xsl:template name=\"secret\"><p>%s</p></xsl:template>"
                       "</xsl:stylesheet>",
                       secret, secret);
    snprintf(canary_path, sizeof canary_path, "%s/canary.xsl", canary_dir);
    write_all(canary_path, canary, (size_t)len);
    atexit(remove_dirs);
    return 0;
}

/* Counts the diagnostics of one render and checks each against the contract, and that none
 * quotes the canary. */
typedef struct {
    unsigned xml, other;
} diag_count;

static void count_diag(const helder_diag *diag, void *payload)
{
    fuzz_check_diag(diag, NULL);
    if (verbose)
        fprintf(stderr, "  %s:%u: %s: %s\n", diag->file, diag->line, diag->rule, diag->message);
    FUZZ_ASSERT(input_has_secret || !holds_secret(diag->message, strlen(diag->message)));
    if (strncmp(diag->rule, "xml-", 4) == 0)
        ((diag_count *)payload)->xml++;
    else
        ((diag_count *)payload)->other++;
}

/* The input with each @CANARY@ replaced by the canary's path (caller frees). */
static char *with_canary(const uint8_t *data, size_t size, size_t *out_len)
{
    static const char mark[] = "@CANARY@";
    size_t mark_len = sizeof mark - 1, path_len = strlen(canary_path), len = 0;
    char *out = malloc(size * (path_len / mark_len + 1) + 1);
    FUZZ_ASSERT(out != NULL);
    for (size_t at = 0; at < size;) {
        if (at + mark_len <= size && memcmp(data + at, mark, mark_len) == 0) {
            memcpy(out + len, canary_path, path_len);
            len += path_len;
            at += mark_len;
        } else {
            out[len++] = (char)data[at++];
        }
    }
    out[len] = '\0';
    *out_len = len;
    return out;
}

/* Paths an exsl:document (or xsl:document, saxon:output…) in the text could write: every
 * href="…" value, literal or not. Only those that do not exist before the render are kept, so an
 * existing file named by chance is no finding. */
typedef struct {
    char *paths[MAX_TARGETS];
    unsigned count;
} targets;

static void find_targets(targets *found, const char *text)
{
    found->count = 0;
    for (const char *at = text; found->count < MAX_TARGETS && (at = strstr(at, "href=")) != NULL;
         at++) {
        char quote = at[5];
        if (quote != '"' && quote != '\'')
            continue;
        const char *start = at + 6, *end = strchr(start, quote);
        if (!end || end == start || end - start > 4000)
            continue;
        char *path = malloc((size_t)(end - start) + 1);
        FUZZ_ASSERT(path != NULL);
        memcpy(path, start, (size_t)(end - start));
        path[end - start] = '\0';
        if (strncmp(path, "file://", 7) == 0)
            memmove(path, path + 7, strlen(path + 7) + 1);
        struct stat st;
        if (path[0] && lstat(path, &st) != 0)
            found->paths[found->count++] = path;
        else
            free(path);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len;
    char *xsl = with_canary(data, size, &len);
    targets written;
    input_has_secret = holds_secret(xsl, len);
    find_targets(&written, xsl);
    write_all(xsl_path, xsl, len);
    unsigned in_cwd = count_entries("."), in_canary = count_entries(canary_dir);

    diag_count counted = {0, 0};
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(count_diag, &counted);
    helder_html_options opts = HELDER_HTML_OPTIONS_INIT;
    char *page = NULL;
    size_t page_len = 0;
    opts.templates_dir = template_dir;
    /* The built-in template needs under 1,000 operations on this form (under 32,000 on the
     * 120-question partner form); 100,000 still lets a template run far past it, and a runaway
     * input (nested loops over //node(), which long runs keep finding) then costs milliseconds,
     * not a tenth of a second. Before: 2 million. */
    opts.max_operations = 100000;
    /* The second language every other input: the page differs, the template's branches too. */
    opts.lang = size % 2 ? "nl" : "en";
    int rc = helder_render_html(&page, &page_len, form, &opts, &sink);

    FUZZ_ASSERT(rc == HELDER_OK || rc == HELDER_EINVALID);
    FUZZ_ASSERT(rc == HELDER_OK || sink.counts[HELDER_SEVERITY_ERROR] > 0);
    FUZZ_ASSERT((rc == HELDER_OK) == (page != NULL));
    if (counted.xml > MAX_XML_DIAGNOSTICS || counted.other > MAX_TEMPLATE_DIAGNOSTICS) {
        fprintf(stderr, "%u XML and %u other diagnostics from one render\n", counted.xml,
                counted.other);
        FUZZ_ASSERT(!"a flood of diagnostics");
    }
    if (page) {
        FUZZ_ASSERT(page_len > 0);
        FUZZ_ASSERT(input_has_secret || !holds_secret(page, page_len));
    }
    FUZZ_ASSERT(count_entries(template_dir) == 3);
    FUZZ_ASSERT(count_entries(canary_dir) == in_canary);
    FUZZ_ASSERT(count_entries(".") == in_cwd);
    for (unsigned i = 0; i < written.count; i++) {
        struct stat st;
        if (lstat(written.paths[i], &st) == 0) {
            fprintf(stderr, "the template wrote %s\n", written.paths[i]);
            FUZZ_ASSERT(!"a file written");
        }
        free(written.paths[i]);
    }
    free(page);
    free(xsl);
    return 0;
}
