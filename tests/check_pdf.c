/* Tests for render/layout.c and render/pdf.c. On the layout data of every shipped form in every
 * language and both paper sizes: no overlaps, everything inside the printable area, no question
 * across pages, every question number once and in order. On the PDF: pdftotext finds every label
 * in reading order, qpdf --check passes, pdffonts shows every font embedded. SECURITY.md's cases:
 * an 80,000-character answer without spaces is fast and cut with a visible mark; markup in a label
 * is printed literally. The filled copy marks what the submission says.
 */
#include <check.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "model/model.h"
#include "render/layout.h"
#include "render/plan.h"
#include "tests/support/capture.h"

#define EPS 0.01

/* LeakSanitizer (make asan): fontconfig's caches, held by pango's default font map, live as long
 * as the process. tests/valgrind.supp says the same to valgrind. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

static helder_form *load_file(const char *path)
{
    helder_form *form = NULL;
    capture cap;
    capture_init(&cap);
    int rc = helder_form_load_file(&form, path, NULL, &cap.sink);
    ck_assert_msg(rc == HELDER_OK, "%s does not load:\n%s", path, capture_text(&cap));
    return form;
}

static helder_form *load_memory(const char *xml)
{
    helder_form *form = NULL;
    capture cap;
    capture_init(&cap);
    int rc = helder_form_load_memory(&form, xml, strlen(xml), "t.xml", NULL, &cap.sink);
    ck_assert_msg(rc == HELDER_OK, "form does not load:\n%s", capture_text(&cap));
    return form;
}

static char *render_pdf(const helder_form *form, const helder_pdf_options *opts, size_t *len);

static double seconds_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec + now.tv_nsec / 1e9;
}

/* Sanitizers and valgrind run several times slower: HELDER_SLOW scales the time bounds. */
static double time_bound(double seconds)
{
    const char *slow = getenv("HELDER_SLOW");
    if (getenv("HELDER_VALGRIND"))
        return seconds * 30;
    return slow ? seconds * atof(slow) : seconds;
}

/* ---- the layout as data ---- */

static bool question_part(const helder_box *box, const helder_node **question)
{
    const helder_node *node = box->node;
    if (node && node->type == HELDER_NODE_OPTION)
        node = node->parent;
    if (!node || node->type != HELDER_NODE_QUESTION)
        return false;
    *question = node;
    return true;
}

static void check_layout(const char *name, const helder_layout *layout)
{
    const helder_plan *plan = layout->plan;
    unsigned next_number = 1;
    double left = layout->safe, right = layout->page_w - layout->safe;
    double top = layout->safe, bottom = layout->page_h - layout->safe;

    ck_assert_msg(layout->npages >= 1, "%s: no pages", name);
    for (size_t i = 0; i < layout->nboxes; i++) {
        const helder_box *box = &layout->boxes[i];
        const helder_node *question;
        ck_assert_msg(box->w >= 0 && box->h > 0, "%s: empty %s box", name,
                      helder_box_kind_name(box->kind));
        ck_assert_msg(box->x >= left - EPS && box->x + box->w <= right + EPS &&
                          box->y >= top - EPS && box->y + box->h <= bottom + EPS,
                      "%s: %s box '%s' at (%.1f, %.1f, %.1f x %.1f) on page %u is outside the "
                      "printable area",
                      name, helder_box_kind_name(box->kind), box->text ? box->text : "", box->x,
                      box->y, box->w, box->h, box->page + 1);
        ck_assert_msg(box->page < layout->npages, "%s: page %u of %u", name, box->page,
                      layout->npages);
        if (i > 0)
            ck_assert_msg(box->page >= layout->boxes[i - 1].page, "%s: pages out of order", name);
        /* overlaps: every later box on the same page */
        for (size_t j = i + 1; j < layout->nboxes && layout->boxes[j].page == box->page; j++) {
            const helder_box *other = &layout->boxes[j];
            bool apart = other->x >= box->x + box->w - EPS || box->x >= other->x + other->w - EPS ||
                         other->y >= box->y + box->h - EPS || box->y >= other->y + other->h - EPS;
            ck_assert_msg(apart,
                          "%s: page %u: %s '%s' (%.1f,%.1f %.1fx%.1f) overlaps %s '%s' "
                          "(%.1f,%.1f %.1fx%.1f)",
                          name, box->page + 1, helder_box_kind_name(box->kind),
                          box->text ? box->text : "", box->x, box->y, box->w, box->h,
                          helder_box_kind_name(other->kind), other->text ? other->text : "",
                          other->x, other->y, other->w, other->h);
        }
        /* a question's boxes (of one repeat copy) share one page */
        if (question_part(box, &question)) {
            for (size_t j = i + 1; j < layout->nboxes; j++) {
                const helder_node *other;
                if (question_part(&layout->boxes[j], &other) && other == question &&
                    layout->boxes[j].copy == box->copy)
                    ck_assert_msg(layout->boxes[j].page == box->page,
                                  "%s: question %s is split across pages %u and %u", name,
                                  question->id, box->page + 1, layout->boxes[j].page + 1);
            }
        }
        /* numbers: once each, in order, in the first copy of repeats */
        if (box->kind == HELDER_BOX_NUMBER && box->copy <= 1) {
            ck_assert_msg(box->number == next_number, "%s: question number %u where %u was due",
                          name, box->number, next_number);
            next_number++;
        }
    }
    ck_assert_msg(next_number == plan->nquestions + 1, "%s: %u question numbers for %u questions",
                  name, next_number - 1, plan->nquestions);
}

START_TEST(test_shipped_layouts)
{
    glob_t found;
    ck_assert_int_eq(glob("forms/*/form.xml", 0, NULL, &found), 0);
    ck_assert_uint_ge(found.gl_pathc, 1);
    for (size_t f = 0; f < found.gl_pathc; f++) {
        helder_form *form = load_file(found.gl_pathv[f]);
        for (unsigned lang = 0; lang < form->nlangs; lang++) {
            for (int paper = 0; paper < 2; paper++) {
                helder_plan *plan = NULL;
                helder_layout *layout = NULL;
                helder_layout_options opts = HELDER_LAYOUT_OPTIONS_INIT;
                char name[512];
                opts.paper = paper ? HELDER_LAYOUT_LETTER : HELDER_LAYOUT_A4;
                snprintf(name, sizeof name, "%s (%s, %s)", found.gl_pathv[f], form->langs[lang],
                         paper ? "letter" : "a4");
                ck_assert_int_eq(helder_plan_new(&plan, form, lang, NULL), HELDER_OK);
                ck_assert_int_eq(helder_layout_new(&layout, plan, &opts), HELDER_OK);
                check_layout(name, layout);
                ck_assert(paper ? layout->page_w == 612 : layout->page_w < 596);
                helder_layout_free(layout);
                helder_plan_free(plan);
            }
        }
        helder_form_free(form);
    }
    globfree(&found);
}
END_TEST

/* The filled copy of every valid shipped submission: it renders, in the submission's language. */
START_TEST(test_shipped_filled_copies)
{
    glob_t found;
    if (glob("forms/*/submissions/valid-*.xml", 0, NULL, &found) != 0)
        return;
    for (size_t i = 0; i < found.gl_pathc; i++) {
        char form_path[512];
        const char *path = found.gl_pathv[i];
        const char *cut = strstr(path, "/submissions/");
        char *submission;
        size_t submission_len, len;
        helder_pdf_options opts = HELDER_PDF_OPTIONS_INIT;
        snprintf(form_path, sizeof form_path, "%.*s/form.xml", (int)(cut - path), path);
        helder_form *form = load_file(form_path);
        ck_assert_int_eq(helder_read_file(&submission, &submission_len, path, 1u << 20), HELDER_OK);
        opts.submission = submission;
        opts.submission_len = submission_len;
        opts.submission_name = path;
        opts.today = "2026-11-30";
        char *pdf = render_pdf(form, &opts, &len);
        free(pdf);
        free(submission);
        helder_form_free(form);
    }
    globfree(&found);
}
END_TEST

START_TEST(test_cache_shapes_each_text_once)
{
    helder_form *form = load_file("forms/partner/form.xml");
    helder_plan *plan = NULL;
    helder_layout *layout = NULL;
    size_t shaped, reused;
    ck_assert_int_eq(helder_plan_new(&plan, form, 0, NULL), HELDER_OK);
    ck_assert_int_eq(helder_layout_new(&layout, plan, NULL), HELDER_OK);
    helder_layout_cache_stats(layout, &shaped, &reused);
    /* Yes/No, repeat copies and footers come from the cache. */
    ck_assert_uint_gt(reused, 50);
    ck_assert_ptr_eq(helder_layout_text(layout, HELDER_STYLE_OPTION, 0, "x"),
                     helder_layout_text(layout, HELDER_STYLE_OPTION, 0, "x"));
    helder_layout_free(layout);
    helder_plan_free(plan);
    helder_form_free(form);
}
END_TEST

/* ---- the PDF through poppler and qpdf ---- */

static char *render_pdf(const helder_form *form, const helder_pdf_options *opts, size_t *len)
{
    char *pdf = NULL;
    capture cap;
    capture_init(&cap);
    int rc = helder_render_pdf(&pdf, len, form, opts, &cap.sink);
    ck_assert_msg(rc == HELDER_OK, "render failed (%d):\n%s", rc, capture_text(&cap));
    ck_assert(*len > 1000 && memcmp(pdf, "%PDF-", 5) == 0);
    return pdf;
}

/* Writes the PDF to a temporary file; returns its path (static buffer). */
static const char *write_temp(const char *pdf, size_t len)
{
    static char path[64];
    int fd;
    strcpy(path, "/tmp/helder-pdf-XXXXXX");
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert(write(fd, pdf, len) == (ssize_t)len);
    close(fd);
    return path;
}

/* Runs a shell command; returns its standard output (caller frees) and exit status. */
static char *run(const char *command, int *status)
{
    FILE *pipe = popen(command, "r");
    size_t len = 0, cap = 4096;
    char *out = malloc(cap);
    ck_assert_ptr_nonnull(pipe);
    for (size_t got; (got = fread(out + len, 1, cap - len - 1, pipe)) > 0;) {
        len += got;
        if (cap - len < 2) {
            cap *= 2;
            out = realloc(out, cap);
        }
    }
    out[len] = '\0';
    *status = pclose(pipe);
    return out;
}

static bool have_tool(const char *name)
{
    char command[128];
    int status;
    snprintf(command, sizeof command, "command -v %s >/dev/null 2>&1", name);
    free(run(command, &status));
    return status == 0;
}

/* Collapses runs of white space to one space, so wrapped labels can be found. */
static void squeeze(char *text)
{
    char *out = text;
    bool space = false;
    for (char *c = text; *c; c++) {
        if (*c == ' ' || *c == '\n' || *c == '\t' || *c == '\f' || *c == '\r') {
            space = true;
            continue;
        }
        if (space && out != text)
            *out++ = ' ';
        space = false;
        *out++ = *c;
    }
    *out = '\0';
}

static char *pdf_text(const char *path)
{
    char command[256];
    int status;
    snprintf(command, sizeof command, "pdftotext -enc UTF-8 %s - 2>&1", path);
    char *text = run(command, &status);
    ck_assert_msg(status == 0, "pdftotext failed: %s", text);
    squeeze(text);
    return text;
}

typedef struct {
    const char *form;
    const char *lang;
} shipped_case;

static const shipped_case text_cases[] = {
    {"forms/partner/form.xml", "en"},    {"forms/partner/form.xml", "nl"},
    {"forms/study/form.xml", "nl"},      {"forms/naturalisation/form.xml", "en"},
    {"forms/partner-ti/form.xml", "en"},
};

/* Every question label, in order: a label cut by ellipsis counts up to its last full word. */
START_TEST(test_labels_in_reading_order)
{
    const shipped_case *c = &text_cases[_i];
    if (access(c->form, R_OK) != 0)
        return; /* a form still being written */
    ck_assert_msg(have_tool("pdftotext"), "pdftotext (poppler-utils) is missing: make deps");
    helder_form *form = load_file(c->form);
    helder_pdf_options opts = HELDER_PDF_OPTIONS_INIT;
    helder_plan *plan = NULL;
    size_t len;
    opts.lang = c->lang;
    opts.today = "2026-11-30";
    char *pdf = render_pdf(form, &opts, &len);
    const char *path = write_temp(pdf, len);
    char *text = pdf_text(path);
    const char *at = text;
    ck_assert_int_eq(
        helder_plan_new(&plan, form, (unsigned)helder_plan_find_lang(form, c->lang), NULL),
        HELDER_OK);
    for (unsigned n = 1; n <= plan->nquestions; n++) {
        char *label = helder_xstrdup(plan->questions[n - 1]->label);
        squeeze(label);
        const char *found = strstr(at, label);
        ck_assert_msg(found != NULL, "%s (%s): label of question %u '%s' not found after '%.60s'",
                      c->form, c->lang, n, label, at);
        at = found + strlen(label);
        free(label);
    }
    ck_assert_ptr_nonnull(strstr(text, "Page 1 of") ? text : strstr(text, "Pagina 1 van"));
    unlink(path);
    free(text);
    free(pdf);
    helder_plan_free(plan);
    helder_form_free(form);
}
END_TEST

/* qpdf --check and pdffonts on every shipped form in every language, and one filled copy. */
START_TEST(test_structure_and_fonts)
{
    glob_t found;
    ck_assert_msg(have_tool("qpdf") && have_tool("pdffonts"),
                  "qpdf or pdffonts (poppler-utils) is missing: make deps");
    ck_assert_int_eq(glob("forms/*/form.xml", 0, NULL, &found), 0);
    for (size_t f = 0; f < found.gl_pathc; f++) {
        helder_form *form = load_file(found.gl_pathv[f]);
        for (unsigned lang = 0; lang < form->nlangs; lang++) {
            helder_pdf_options opts = HELDER_PDF_OPTIONS_INIT;
            char command[256];
            size_t len;
            int status;
            opts.lang = form->langs[lang];
            opts.today = "2026-11-30";
            char *pdf = render_pdf(form, &opts, &len);
            const char *path = write_temp(pdf, len);
            snprintf(command, sizeof command, "qpdf --check %s 2>&1", path);
            char *out = run(command, &status);
            ck_assert_msg(status == 0 && strstr(out, "No syntax or stream encoding errors"),
                          "%s (%s): qpdf --check:\n%s", found.gl_pathv[f], opts.lang, out);
            free(out);
            snprintf(command, sizeof command, "pdffonts %s 2>&1", path);
            out = run(command, &status);
            ck_assert_msg(status == 0, "pdffonts: %s", out);
            /* "name type encoding emb sub uni object gen" after two header lines; the type may
             * be two words, so count fields from the right: emb is the fifth from the end. */
            unsigned fonts = 0;
            char *save = NULL;
            unsigned line_no = 0;
            for (char *line = strtok_r(out, "\n", &save); line;
                 line = strtok_r(NULL, "\n", &save)) {
                char *fields[16], *field_save = NULL;
                unsigned nfields = 0;
                if (line_no++ < 2)
                    continue;
                for (char *field = strtok_r(line, " ", &field_save); field && nfields < 16;
                     field = strtok_r(NULL, " ", &field_save))
                    fields[nfields++] = field;
                ck_assert_msg(nfields >= 8, "pdffonts line: %s", line);
                ck_assert_msg(strcmp(fields[nfields - 5], "yes") == 0,
                              "%s (%s): font %s is not embedded", found.gl_pathv[f], opts.lang,
                              fields[0]);
                fonts++;
            }
            ck_assert_msg(fonts >= 1, "%s: no fonts listed", found.gl_pathv[f]);
            free(out);
            snprintf(command, sizeof command, "pdfinfo %s 2>&1", path);
            out = run(command, &status);
            ck_assert_msg(strstr(out, "Tagged:          yes"), "not tagged:\n%s", out);
            free(out);
            unlink(path);
            free(pdf);
        }
        helder_form_free(form);
    }
    globfree(&found);
}
END_TEST

/* ---- SECURITY.md's PDF cases ---- */

#define HOSTILE_FORM                                                                               \
    "<form xmlns=\"urn:helder:form:1\" id=\"h\" version=\"1\" languages=\"en\">"                   \
    "<title xml:lang=\"en\">Hostile &lt;b&gt;x&lt;/b&gt;</title>"                                  \
    "<section id=\"s\"><title xml:lang=\"en\">S</title>"                                           \
    "<question id=\"q\" type=\"longtext\"><label xml:lang=\"en\">Label &lt;b&gt;bold&lt;/b&gt; "   \
    "&lt;span foreground='red'&gt;red&lt;/span&gt; &amp;amp;</label></question>"                   \
    "<question id=\"t\" type=\"text\" maxlength=\"100\"><label xml:lang=\"en\">Short</label>"      \
    "</question>"                                                                                  \
    "<question id=\"b\" type=\"text\"><label xml:lang=\"en\">Bidi \xE2\x80\xAE"                    \
    "evil"                                                                                         \
    "\xE2\x80\xAC and \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7"    \
    "</label></question>"                                                                          \
    "</section></form>"

static char *long_submission(size_t count, const char *unit)
{
    static const char head[] =
        "<submission xmlns=\"urn:helder:submission:1\" form=\"h\" version=\"1\" xml:lang=\"en\">"
        "<answer id=\"q\">";
    static const char middle[] = "</answer><answer id=\"t\">";
    static const char tail[] = "</answer></submission>";
    size_t unit_len = strlen(unit);
    char *xml = malloc(sizeof head + sizeof middle + sizeof tail + 2 * count * unit_len);
    char *at = xml;
    at += sprintf(at, "%s", head);
    for (size_t i = 0; i < count; i++, at += unit_len)
        memcpy(at, unit, unit_len);
    at += sprintf(at, "%s", middle);
    for (size_t i = 0; i < count; i++, at += unit_len)
        memcpy(at, unit, unit_len);
    sprintf(at, "%s", tail);
    return xml;
}

typedef struct {
    const char *name;
    size_t count;
    const char *unit;
} long_case;

static const long_case long_cases[] = {
    {"80,000 characters without spaces", 80000, "x"},
    {"combining marks", 150000, "\xCC\x81"}, /* U+0301, 300 KB */
    {"emoji ZWJ sequences", 20000, "\xF0\x9F\x91\xA8\xE2\x80\x8D"},
    {"Arabic without spaces", 60000, "\xD8\xA8"},
};

START_TEST(test_long_answer_is_cut)
{
    const long_case *c = &long_cases[_i];
    helder_form *form = load_memory(HOSTILE_FORM);
    helder_pdf_options opts = HELDER_PDF_OPTIONS_INIT;
    char *submission = long_submission(c->count, c->unit);
    size_t len;
    opts.submission = submission;
    opts.submission_len = strlen(submission);
    opts.today = "2026-11-30";
    double start = seconds_now();
    char *pdf = render_pdf(form, &opts, &len);
    double took = seconds_now() - start;
    ck_assert_msg(took < time_bound(1.0), "%s took %.2f s", c->name, took);
    if (_i == 0) {
        const char *path = write_temp(pdf, len);
        char *text = pdf_text(path);
        ck_assert_msg(strstr(text, "xxxxxxxxxx") && strstr(text, "\xE2\x80\xA6"),
                      "the cut answer shows no mark: %.300s", text);
        ck_assert_msg(strlen(text) < 20000, "the whole answer was printed (%zu bytes)",
                      strlen(text));
        free(text);
        unlink(path);
    }
    free(pdf);
    free(submission);
    helder_form_free(form);
}
END_TEST

START_TEST(test_markup_is_literal)
{
    ck_assert_msg(have_tool("pdftotext"), "pdftotext (poppler-utils) is missing: make deps");
    helder_form *form = load_memory(HOSTILE_FORM);
    size_t len;
    char *pdf = render_pdf(form, NULL, &len);
    const char *path = write_temp(pdf, len);
    char *text = pdf_text(path);
    ck_assert_msg(strstr(text, "Label <b>bold</b> <span foreground='red'>red</span> &amp;"),
                  "markup was interpreted: %.400s", text);
    ck_assert_ptr_nonnull(strstr(text, "Hostile <b>x</b>"));
    free(text);
    unlink(path);
    free(pdf);
    helder_form_free(form);
}
END_TEST

/* ---- the layout's pieces ---- */

static const char small_form[] =
    "<form xmlns=\"urn:helder:form:1\" id=\"s\" version=\"2\" languages=\"en ar\">"
    "<title xml:lang=\"en\">Small</title><title xml:lang=\"ar\">صغير</title>"
    "<section id=\"a\"><title xml:lang=\"en\">A</title><title xml:lang=\"ar\">أ</title>"
    "<question id=\"married\" type=\"yesno\"><label xml:lang=\"en\">Married?</label>"
    "<label xml:lang=\"ar\">متزوج؟</label></question>"
    "<question id=\"wed\" type=\"date\" when=\"married\"><label xml:lang=\"en\">Wedding</label>"
    "<label xml:lang=\"ar\">الزفاف</label></question>"
    "<question id=\"bsn\" type=\"bsn\"><label xml:lang=\"en\">BSN</label>"
    "<label xml:lang=\"ar\">BSN</label></question>"
    "<question id=\"pc\" type=\"postcode\"><label xml:lang=\"en\">Postcode</label>"
    "<label xml:lang=\"ar\">الرمز</label></question>"
    "<question id=\"v\" type=\"text\" pattern=\"[0-9]{10}\"><label xml:lang=\"en\">V</label>"
    "<label xml:lang=\"ar\">V</label></question>"
    "<question id=\"kids\" type=\"multichoice\"><label xml:lang=\"en\">Kids</label>"
    "<label xml:lang=\"ar\">أطفال</label>"
    "<option value=\"a\"><label xml:lang=\"en\">A</label><label xml:lang=\"ar\">أ</label></option>"
    "<option value=\"b\"><label xml:lang=\"en\">B</label><label xml:lang=\"ar\">ب</label></option>"
    "</question>"
    "<repeat id=\"r\" min=\"0\" max=\"9\"><title xml:lang=\"en\">Child</title>"
    "<title xml:lang=\"ar\">طفل</title>"
    "<question id=\"name\" type=\"text\" maxlength=\"20\"><label xml:lang=\"en\">Name</label>"
    "<label xml:lang=\"ar\">الاسم</label></question></repeat>"
    "</section></form>";

static const char small_submission[] =
    "<submission xmlns=\"urn:helder:submission:1\" form=\"s\" version=\"2\" xml:lang=\"en\">"
    "<answer id=\"married\">yes</answer><answer id=\"wed\">2020-05-17</answer>"
    "<answer id=\"bsn\">123456782</answer><answer id=\"pc\">1234 AB</answer>"
    "<answer id=\"kids\">b</answer>"
    "<repeat id=\"r\"><item><answer id=\"name\">Ann</answer></item>"
    "<item><answer id=\"name\">Bob</answer></item></repeat></submission>";

/* The answers of small_submission, as the layout's callbacks see them. */
static const char *small_answer(const helder_node *question, unsigned item, void *payload)
{
    (void)payload;
    if (strcmp(question->id, "married") == 0)
        return "yes";
    if (strcmp(question->id, "wed") == 0)
        return "2020-05-17";
    if (strcmp(question->id, "bsn") == 0)
        return "123456782";
    if (strcmp(question->id, "pc") == 0)
        return "1234 AB";
    if (strcmp(question->id, "kids") == 0)
        return "b";
    if (strcmp(question->id, "name") == 0)
        return item == 1 ? "Ann" : item == 2 ? "Bob" : NULL;
    return NULL;
}

static long small_items(const helder_node *repeat, void *payload)
{
    (void)repeat;
    (void)payload;
    return 2;
}

static const helder_box *find_box(const helder_layout *layout, helder_box_kind kind, const char *id,
                                  unsigned nth)
{
    for (size_t i = 0; i < layout->nboxes; i++) {
        const helder_box *box = &layout->boxes[i];
        const helder_node *node = box->node;
        if (node && node->type == HELDER_NODE_OPTION)
            node = node->parent;
        if (box->kind == kind && node && node->id && strcmp(node->id, id) == 0 && nth-- == 0)
            return box;
    }
    return NULL;
}

START_TEST(test_blank_pieces)
{
    helder_form *form = load_memory(small_form);
    helder_plan *plan = NULL;
    helder_layout *layout = NULL;
    ck_assert_int_eq(helder_plan_new(&plan, form, 0, NULL), HELDER_OK);
    ck_assert_int_eq(helder_layout_new(&layout, plan, NULL), HELDER_OK);
    check_layout("small", layout);
    /* a date is DD MM YYYY, a BSN 9 cells, a postcode 4 + 2, a [0-9]{10} pattern 10 */
    ck_assert_uint_eq(find_box(layout, HELDER_BOX_COMB, "wed", 0)->cells, 2);
    ck_assert_uint_eq(find_box(layout, HELDER_BOX_COMB, "wed", 2)->cells, 4);
    ck_assert_uint_eq(find_box(layout, HELDER_BOX_COMB, "bsn", 0)->cells, 9);
    ck_assert_uint_eq(find_box(layout, HELDER_BOX_COMB, "pc", 1)->cells, 2);
    ck_assert_uint_eq(find_box(layout, HELDER_BOX_COMB, "v", 0)->cells, 10);
    /* squares for multichoice, circles for yesno; No routes past the wedding date */
    ck_assert_ptr_nonnull(find_box(layout, HELDER_BOX_SQUARE, "kids", 1));
    ck_assert_ptr_nonnull(find_box(layout, HELDER_BOX_CIRCLE, "married", 1));
    ck_assert_str_eq(find_box(layout, HELDER_BOX_GOTO, "married", 0)->text,
                     "\xE2\x86\x92 go to question 3");
    ck_assert_str_eq(find_box(layout, HELDER_BOX_ONLY_IF, "wed", 0)->text,
                     "Answer only if you answered Yes to question 1.");
    /* three blank copies of the repeat, then "copy these pages" */
    ck_assert_ptr_nonnull(find_box(layout, HELDER_BOX_LINES, "name", 2));
    ck_assert_ptr_null(find_box(layout, HELDER_BOX_LINES, "name", 3));
    ck_assert_ptr_nonnull(find_box(layout, HELDER_BOX_TEXT, "r", 0));
    /* every page has its footer */
    unsigned footers = 0;
    for (size_t i = 0; i < layout->nboxes; i++)
        footers += layout->boxes[i].kind == HELDER_BOX_FOOTER;
    ck_assert_uint_eq(footers, 2 * layout->npages);
    helder_layout_free(layout);
    helder_plan_free(plan);
    helder_form_free(form);
}
END_TEST

START_TEST(test_filled_pieces)
{
    helder_form *form = load_memory(small_form);
    helder_plan *plan = NULL;
    helder_layout *layout = NULL;
    helder_layout_answers answers = {small_items, small_answer, NULL};
    helder_layout_options opts = HELDER_LAYOUT_OPTIONS_INIT;
    opts.answers = &answers;
    ck_assert_int_eq(helder_plan_new(&plan, form, 0, NULL), HELDER_OK);
    ck_assert_int_eq(helder_layout_new(&layout, plan, &opts), HELDER_OK);
    check_layout("small filled", layout);
    ck_assert(find_box(layout, HELDER_BOX_CIRCLE, "married", 0)->marked);
    ck_assert(!find_box(layout, HELDER_BOX_CIRCLE, "married", 1)->marked);
    ck_assert(!find_box(layout, HELDER_BOX_SQUARE, "kids", 0)->marked);
    ck_assert(find_box(layout, HELDER_BOX_SQUARE, "kids", 1)->marked);
    ck_assert_str_eq(find_box(layout, HELDER_BOX_COMB, "wed", 0)->text, "17");
    ck_assert_str_eq(find_box(layout, HELDER_BOX_COMB, "wed", 1)->text, "05");
    ck_assert_str_eq(find_box(layout, HELDER_BOX_COMB, "wed", 2)->text, "2020");
    ck_assert_str_eq(find_box(layout, HELDER_BOX_COMB, "pc", 1)->text, "AB");
    ck_assert_str_eq(find_box(layout, HELDER_BOX_LINES, "name", 1)->text, "Bob");
    ck_assert_ptr_null(find_box(layout, HELDER_BOX_LINES, "name", 2)); /* two items, two copies */
    helder_layout_free(layout);
    helder_plan_free(plan);
    helder_form_free(form);
}
END_TEST

START_TEST(test_rtl_is_mirrored)
{
    helder_form *form = load_memory(small_form);
    helder_plan *plan = NULL;
    helder_layout *layout = NULL;
    ck_assert_int_eq(helder_plan_new(&plan, form, 1, NULL), HELDER_OK);
    ck_assert_int_eq(helder_layout_new(&layout, plan, NULL), HELDER_OK);
    check_layout("small ar", layout);
    const helder_box *number = find_box(layout, HELDER_BOX_NUMBER, "married", 0);
    const helder_box *label = find_box(layout, HELDER_BOX_LABEL, "married", 0);
    const helder_box *circle = find_box(layout, HELDER_BOX_CIRCLE, "married", 1);
    const helder_box *option = find_box(layout, HELDER_BOX_OPTION, "married", 1);
    const helder_box *go = find_box(layout, HELDER_BOX_GOTO, "married", 0);
    /* number right of the label, circle right of its answer, routing left of the answer with
     * an arrow pointing left */
    ck_assert(number->x > label->x + label->w - EPS);
    ck_assert(circle->x > option->x + option->w - EPS);
    ck_assert(go->x + go->w < option->x + EPS);
    ck_assert(strncmp(go->text, "\xE2\x86\x90", 3) == 0);
    ck_assert(number->x + number->w > layout->page_w - layout->margin_x - 1);
    /* date groups: DD rightmost */
    ck_assert(find_box(layout, HELDER_BOX_COMB, "wed", 0)->x >
              find_box(layout, HELDER_BOX_COMB, "wed", 2)->x);
    helder_layout_free(layout);
    helder_plan_free(plan);
    helder_form_free(form);
}
END_TEST

START_TEST(test_filled_copy_pdf)
{
    helder_form *form = load_memory(small_form);
    helder_pdf_options opts = HELDER_PDF_OPTIONS_INIT;
    size_t len;
    opts.submission = small_submission;
    opts.submission_len = strlen(small_submission);
    opts.paper = "letter";
    char *pdf = render_pdf(form, &opts, &len);
    const char *path = write_temp(pdf, len);
    char *text = pdf_text(path);
    ck_assert_msg(strstr(text, "Ann") && strstr(text, "Bob") && strstr(text, "Filled-in copy"),
                  "%s", text);
    free(text);
    unlink(path);
    free(pdf);
    helder_form_free(form);
}
END_TEST

/* Choices are printed as check reads them: a country given in small letters is named, and
 * the web form selects it the same way (tests/check_html.c). */
START_TEST(test_filled_country_as_check_reads_it)
{
    static const char submission[] =
        "<submission xmlns=\"urn:helder:submission:1\" form=\"study\" version=\"2026.1\" "
        "xml:lang=\"en\"><answer id=\"student_nationality\">sy</answer></submission>";
    helder_form *form = load_file("forms/study/form.xml");
    helder_pdf_options opts = HELDER_PDF_OPTIONS_INIT;
    size_t len;
    opts.submission = submission;
    opts.submission_len = strlen(submission);
    opts.today = "2026-11-30";
    char *pdf = render_pdf(form, &opts, &len);
    const char *path = write_temp(pdf, len);
    char *text = pdf_text(path);
    ck_assert_msg(strstr(text, "Syria (SY)") != NULL, "%s", text);
    free(text);
    unlink(path);
    free(pdf);
    helder_form_free(form);
}
END_TEST

/* A filled copy shows what was answered, also when the submission has errors, breaks the schema
 * or is for another version: check reads it (with salvage) and the copy prints the answers as
 * given. Only a file that is no submission at all is refused, with check's findings. */
#define SMALL_SUB(attrs, body)                                                                     \
    "<submission xmlns=\"urn:helder:submission:1\" form=\"s\" " attrs ">" body "</submission>"
#define NAMES(body) "<repeat id=\"r\">" body "</repeat>"
#define NAME(text) "<item><answer id=\"name\">" text "</answer></item>"

typedef struct {
    const char *name;
    const char *submission;
    int rc;
    const char *shown;  /* in the PDF's text; or the rule of the diagnostic when rc != 0 */
    const char *absent; /* not in it, or NULL */
} filled_case;

static const filled_case filled_cases[] = {
    {"another version", SMALL_SUB("version=\"1\" xml:lang=\"en\"", NAMES(NAME("Zoe"))), 0, "Zoe",
     NULL},
    {"schema errors",
     SMALL_SUB("version=\"2\"", "<x xmlns=\"urn:other\"><answer id=\"name\">Xan</answer></x>" NAMES(
                                    NAME("Z<b>o</b>e") "<other/>")),
     0, "Zoe", "Xan"},
    {"answers in error, items past max",
     SMALL_SUB("version=\"2\" xml:lang=\"en\"",
               "<answer id=\"married\">perhaps</answer><answer id=\"bsn\">12</answer>" NAMES(
                   NAME("Ann") NAME("Bob") NAME("Cas") NAME("Dirk") NAME("Eva") NAME("Fay")
                       NAME("Gus") NAME("Hal") NAME("Ivo") NAME("Jan"))),
     0, "Ivo", "Jan"},
    {"not XML", SMALL_SUB("version=\"2\" xml:lang=\"en\"", "<answer id=\"name\">"), HELDER_EINVALID,
     "xml-malformed", NULL},
    {"no submission", "<form xmlns=\"urn:helder:form:1\"/>", HELDER_EINVALID, "schema", NULL},
    {"too large", NULL, HELDER_ETOOBIG, "input-too-large", NULL},
};

START_TEST(test_filled_copy_of_invalid)
{
    const filled_case *c = &filled_cases[_i];
    helder_form *form = load_memory(small_form);
    helder_pdf_options opts = HELDER_PDF_OPTIONS_INIT;
    char *big = NULL, *pdf = NULL;
    size_t len = 0;
    capture cap;
    capture_init(&cap);
    if (!c->submission) {
        static const char head[] = SMALL_SUB("version=\"2\" xml:lang=\"en\"", "<!--");
        size_t size = (1u << 20) + 16;
        big = malloc(size + 1);
        memset(big, ' ', size);
        memcpy(big, head, strlen(head) - strlen("</submission>"));
        strcpy(big + size - strlen("--></submission>"), "--></submission>");
    }
    opts.submission = c->submission ? c->submission : big;
    opts.submission_len = strlen(opts.submission);
    opts.today = "2026-11-30";
    int rc = helder_render_pdf(&pdf, &len, form, &opts, &cap.sink);
    ck_assert_msg(rc == c->rc, "%s: %d\n%s", c->name, rc, capture_text(&cap));
    if (rc != HELDER_OK) {
        ck_assert_ptr_null(pdf);
        ck_assert_msg(capture_find(&cap, c->shown), "%s: no %s in\n%s", c->name, c->shown,
                      capture_text(&cap));
    } else {
        const char *path = write_temp(pdf, len);
        char *text = pdf_text(path);
        ck_assert_msg(strstr(text, c->shown), "%s: no '%s' in %.2000s", c->name, c->shown, text);
        ck_assert_msg(!c->absent || !strstr(text, c->absent), "%s: '%s' printed", c->name,
                      c->absent);
        free(text);
        unlink(path);
    }
    free(pdf);
    free(big);
    helder_form_free(form);
}
END_TEST

START_TEST(test_bad_options)
{
    helder_form *form = load_memory(small_form);
    helder_pdf_options opts = HELDER_PDF_OPTIONS_INIT;
    char *pdf = NULL;
    size_t len = 0;
    capture cap;
    capture_init(&cap);
    opts.lang = "fr";
    ck_assert_int_eq(helder_render_pdf(&pdf, &len, form, &opts, &cap.sink), HELDER_EINVALID);
    ck_assert_ptr_nonnull(capture_find(&cap, "render-language"));
    ck_assert_ptr_null(pdf);
    opts.lang = NULL;
    opts.paper = "a3";
    ck_assert_int_eq(helder_render_pdf(&pdf, &len, form, &opts, &cap.sink), HELDER_EUSAGE);
    opts.paper = NULL;
    opts.today = "2026-02-30";
    ck_assert_int_eq(helder_render_pdf(&pdf, &len, form, &opts, &cap.sink), HELDER_EUSAGE);
    opts.today = NULL;
    opts.submission = "<submission";
    opts.submission_len = strlen(opts.submission);
    ck_assert_int_eq(helder_render_pdf(&pdf, &len, form, &opts, &cap.sink), HELDER_EINVALID);
    ck_assert_ptr_null(pdf);
    helder_form_free(form);
}
END_TEST

START_TEST(test_same_bytes_twice)
{
    helder_form *form = load_memory(small_form);
    helder_pdf_options opts = HELDER_PDF_OPTIONS_INIT;
    size_t len1, len2;
    opts.today = "2026-11-30";
    char *first = render_pdf(form, &opts, &len1);
    char *second = render_pdf(form, &opts, &len2);
    ck_assert_uint_eq(len1, len2);
    ck_assert(memcmp(first, second, len1) == 0);
    bool has_lang = false;
    for (size_t i = 0; i + 10 <= len1 && !has_lang; i++)
        has_lang = memcmp(first + i, "/Lang (en)", 10) == 0;
    ck_assert(has_lang);
    free(first);
    free(second);
    helder_form_free(form);
}
END_TEST

static Suite *pdf_suite(void)
{
    Suite *suite = suite_create("pdf");
    TCase *layout = tcase_create("layout");
    TCase *pdf = tcase_create("pdf");
    tcase_set_timeout(layout, 120);
    tcase_set_timeout(pdf, 300);
    tcase_add_test(layout, test_shipped_layouts);
    tcase_add_test(layout, test_cache_shapes_each_text_once);
    tcase_add_test(layout, test_blank_pieces);
    tcase_add_test(layout, test_filled_pieces);
    tcase_add_test(layout, test_rtl_is_mirrored);
    tcase_add_loop_test(pdf, test_labels_in_reading_order, 0,
                        sizeof text_cases / sizeof text_cases[0]);
    tcase_add_test(pdf, test_structure_and_fonts);
    tcase_add_loop_test(pdf, test_long_answer_is_cut, 0, sizeof long_cases / sizeof long_cases[0]);
    tcase_add_test(pdf, test_markup_is_literal);
    tcase_add_test(pdf, test_filled_copy_pdf);
    tcase_add_test(pdf, test_filled_country_as_check_reads_it);
    tcase_add_loop_test(pdf, test_filled_copy_of_invalid, 0,
                        sizeof filled_cases / sizeof filled_cases[0]);
    tcase_add_test(pdf, test_shipped_filled_copies);
    tcase_add_test(pdf, test_bad_options);
    tcase_add_test(pdf, test_same_bytes_twice);
    suite_add_tcase(suite, layout);
    suite_add_tcase(suite, pdf);
    return suite;
}

int main(void)
{
    SRunner *runner = srunner_create(pdf_suite());
    int failed;
    helder_global_init();
    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    helder_global_cleanup();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
