/* Tests for render/html.c and render/rmodel.c: every shipped form renders in every language;
 * hostile labels and answers add no element or attribute the templates did not write; designer
 * templates cannot read or write files, include files or run forever; no template disables
 * escaping; POSTed form data becomes a submission, and a submission fills the page as check reads
 * it. Also writes the C side of the browser parity test (parity/).
 */
#include <check.h>
#include <dirent.h>
#include <glob.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "model/model.h"
#include "render/rmodel.h"
#include "tests/support/capture.h"

static helder_form *load_form(const char *xml, capture *cap)
{
    helder_form *form = NULL;
    capture_init(cap);
    int rc = helder_form_load_memory(&form, xml, strlen(xml), "t.xml", NULL, &cap->sink);
    ck_assert_msg(rc == HELDER_OK, "form does not load: %s", capture_text(cap));
    return form;
}

static char *render(const helder_form *form, const helder_html_options *opts, capture *cap,
                    int *rc_out)
{
    char *html = NULL;
    size_t len = 0;
    capture_init(cap);
    *rc_out = helder_render_html(&html, &len, form, opts, &cap->sink);
    return html;
}

/* ---- every shipped form, every language ---- */

START_TEST(shipped_forms_render)
{
    glob_t found;
    ck_assert_int_eq(glob("forms/*/form.xml", 0, NULL, &found), 0);
    ck_assert_uint_ge(found.gl_pathc, 1);
    for (size_t i = 0; i < found.gl_pathc; i++) {
        helder_form *form = NULL;
        capture cap;
        capture_init(&cap);
        int rc = helder_form_load_file(&form, found.gl_pathv[i], NULL, &cap.sink);
        ck_assert_msg(rc == HELDER_OK, "%s: %s", found.gl_pathv[i], capture_text(&cap));
        for (unsigned lang = 0; lang < form->nlangs; lang++) {
            helder_html_options opts = HELDER_HTML_OPTIONS_INIT;
            opts.lang = form->langs[lang];
            char *html = render(form, &opts, &cap, &rc);
            ck_assert_msg(rc == HELDER_OK, "%s in %s: %s", found.gl_pathv[i], opts.lang,
                          capture_text(&cap));
            ck_assert_msg(strncmp(html, "<!DOCTYPE html>", 15) == 0, "no HTML5 doctype");
            ck_assert_ptr_nonnull(strstr(html, "<form "));
            free(html);
        }
        helder_form_free(form);
    }
    globfree(&found);
}
END_TEST

START_TEST(unknown_language_is_refused)
{
    capture cap;
    helder_form *form = load_form("<form xmlns=\"urn:helder:form:1\" id=\"t\" version=\"1\" "
                                  "languages=\"en\"><title xml:lang=\"en\">T</title></form>",
                                  &cap);
    helder_html_options opts = HELDER_HTML_OPTIONS_INIT;
    int rc;
    opts.lang = "fr";
    char *html = render(form, &opts, &cap, &rc);
    ck_assert_int_eq(rc, HELDER_EINVALID);
    ck_assert_ptr_null(html);
    ck_assert_ptr_nonnull(capture_find(&cap, "render-language"));
    opts.lang = "en";
    opts.action = "javascript:alert(1)";
    html = render(form, &opts, &cap, &rc);
    ck_assert_int_eq(rc, HELDER_EUSAGE);
    opts.action = "data:text/html,x";
    html = render(form, &opts, &cap, &rc);
    ck_assert_int_eq(rc, HELDER_EUSAGE);
    opts.action = "https://apply.example/submit";
    html = render(form, &opts, &cap, &rc);
    ck_assert_int_eq(rc, HELDER_OK);
    ck_assert_ptr_nonnull(strstr(html, "form-action 'self' https://apply.example;"));
    free(html);
    helder_form_free(form);
}
END_TEST

/* One section of a form (a step of it), with the caller's words on the button. */
START_TEST(one_section)
{
    capture cap;
    helder_form *form = NULL;
    int rc;
    capture_init(&cap);
    ck_assert_int_eq(helder_form_load_file(&form, "forms/partner/form.xml", NULL, &cap.sink),
                     HELDER_OK);
    const helder_node *second = NULL, *first = NULL;
    for (const helder_node *child = form->root->first_child; child; child = child->next)
        if (child->type == HELDER_NODE_SECTION) {
            if (first && !second)
                second = child;
            if (!first)
                first = child;
        }
    ck_assert_ptr_nonnull(second);
    helder_html_options opts = HELDER_HTML_OPTIONS_INIT;
    char want[128], other[128];
    opts.lang = "en";
    opts.section = second->id;
    opts.submit_label = "Onwards & on";
    char *html = render(form, &opts, &cap, &rc);
    ck_assert_msg(rc == HELDER_OK, "%s", capture_text(&cap));
    snprintf(want, sizeof want, "id=\"s-%s\"", second->id);
    snprintf(other, sizeof other, "id=\"s-%s\"", first->id);
    ck_assert_ptr_nonnull(strstr(html, want));
    ck_assert_ptr_null(strstr(html, other));
    ck_assert_ptr_null(strstr(html, "s-documents"));
    ck_assert_ptr_nonnull(strstr(html, "Onwards &amp; on"));
    free(html);
    opts.section = "no_such_section";
    html = render(form, &opts, &cap, &rc);
    ck_assert_int_eq(rc, HELDER_EINVALID);
    ck_assert_ptr_null(html);
    ck_assert_ptr_nonnull(capture_find(&cap, "unknown-reference"));
    helder_form_free(form);
}
END_TEST

/* ---- XSS: hostile texts change no structure ---- */

static const char *const hostile[] = {
    "</script><script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "');alert(1);//",
    "javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "<style>body{display:none}</style><!--",
    "' onmouseover='alert(1)",
    "]]><x>&lt;b&gt;{{7*7}}${7*7}",
};
#define NHOSTILE (sizeof hostile / sizeof hostile[0])

/* XML-escape text for a form definition. */
static void put_escaped(char *out, size_t size, const char *text)
{
    size_t used = strlen(out);
    for (; *text && used + 8 < size; text++) {
        const char *rep = *text == '<'   ? "&lt;"
                          : *text == '>' ? "&gt;"
                          : *text == '&' ? "&amp;"
                          : *text == '"' ? "&quot;"
                                         : NULL;
        if (rep) {
            strcpy(out + used, rep);
            used += strlen(rep);
        } else {
            out[used++] = *text;
        }
    }
    out[used] = '\0';
}

/* A form whose every text is `text` (or a benign word), with each kind of item. */
static char *xss_form(const char *text)
{
    static const char *const parts[] = {
        "<form xmlns=\"urn:helder:form:1\" id=\"x\" version=\"1\" languages=\"en\"><title "
        "xml:lang=\"en\">",
        "</title><intro xml:lang=\"en\">",
        "</intro><section id=\"s\"><title xml:lang=\"en\">",
        "</title><hint xml:lang=\"en\">",
        "</hint><question id=\"a\" type=\"text\"><label xml:lang=\"en\">",
        "</label><hint xml:lang=\"en\">",
        "</hint></question><question id=\"b\" type=\"choice\" when=\"a = 'x'\"><label "
        "xml:lang=\"en\">",
        "</label><option value=\"v\"><label xml:lang=\"en\">",
        "</label></option><option value=\"w\" when=\"a = 'y'\"><label xml:lang=\"en\">",
        "</label></option></question><note id=\"n\"><text xml:lang=\"en\">",
        "</text></note><repeat id=\"r\"><title xml:lang=\"en\">",
        "</title><question id=\"c\" type=\"longtext\"><label xml:lang=\"en\">",
        "</label></question></repeat></section><documents><title xml:lang=\"en\">",
        "</title><document id=\"d\"><label xml:lang=\"en\">",
        "</label></document></documents></form>",
    };
    size_t size = 16384;
    char *xml = helder_xcalloc(1, size);
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        strcat(xml, parts[i]);
        if (i + 1 < sizeof parts / sizeof parts[0])
            put_escaped(xml, size, text);
    }
    return xml;
}

/* A form of plain words, loaded (the XML is freed). */
static helder_form *words_form(capture *cap)
{
    char *xml = xss_form("Words");
    helder_form *form = load_form(xml, cap);
    free(xml);
    return form;
}

static char *xss_submission(const char *text)
{
    size_t size = 4096;
    char *xml = helder_xcalloc(1, size);
    strcat(xml, "<submission xmlns=\"urn:helder:submission:1\" form=\"x\" version=\"1\" "
                "xml:lang=\"en\"><answer id=\"a\">");
    put_escaped(xml, size, text);
    strcat(xml, "</answer><answer id=\"b\">v</answer><repeat id=\"r\"><item><answer id=\"c\">");
    put_escaped(xml, size, text);
    strcat(xml, "</answer></item></repeat></submission>");
    return xml;
}

/* The page's structure: every element name and attribute name in document order, and for
 * attributes whose value is code or an address (on*, href, src, action, style, data-when…),
 * the value too. Hostile text may change text and ordinary attribute values, nothing else. */
static void structure(xmlNodePtr node, char *out, size_t size)
{
    for (; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE)
            continue;
        strncat(out, "<", size - strlen(out) - 1);
        strncat(out, (const char *)node->name, size - strlen(out) - 1);
        for (xmlAttrPtr attr = node->properties; attr; attr = attr->next) {
            const char *name = (const char *)attr->name;
            strncat(out, " ", size - strlen(out) - 1);
            strncat(out, name, size - strlen(out) - 1);
            ck_assert_msg(strncmp(name, "on", 2) != 0, "event handler attribute %s", name);
            if (strcmp(name, "href") == 0 || strcmp(name, "src") == 0 ||
                strcmp(name, "action") == 0 || strcmp(name, "style") == 0 ||
                strcmp(name, "data-when") == 0 || strcmp(name, "data-computed") == 0) {
                xmlChar *value = xmlNodeGetContent((xmlNodePtr)attr);
                strncat(out, "=", size - strlen(out) - 1);
                strncat(out, (const char *)value, size - strlen(out) - 1);
                xmlFree(value);
            }
        }
        strncat(out, ">", size - strlen(out) - 1);
        if (strcmp((const char *)node->name, "script") == 0 ||
            strcmp((const char *)node->name, "style") == 0)
            ck_assert_msg(node->children == NULL, "a script or style element has content");
        structure(node->children, out, size);
    }
}

static char *page_structure(const char *html)
{
    size_t size = 1 << 20;
    char *out = helder_xcalloc(1, size);
    htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), "page.html", "UTF-8",
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    ck_assert_ptr_nonnull(doc);
    structure(xmlDocGetRootElement(doc), out, size);
    xmlFreeDoc(doc);
    return out;
}

START_TEST(hostile_texts_add_no_markup)
{
    const char *text = hostile[_i];
    capture cap;
    int rc;
    char *benign_xml = xss_form("Plain words");
    char *hostile_xml = xss_form(text);
    helder_form *benign = load_form(benign_xml, &cap);
    helder_form *evil = load_form(hostile_xml, &cap);
    helder_html_options opts = HELDER_HTML_OPTIONS_INIT;
    char *benign_sub = xss_submission("v");
    char *hostile_sub = xss_submission(text);

    for (int with_submission = 0; with_submission < 2; with_submission++) {
        opts.submission = with_submission ? benign_sub : NULL;
        opts.submission_len = with_submission ? strlen(benign_sub) : 0;
        helder_html_error error = {"a", 0, "Plain words"};
        opts.errors = &error;
        opts.nerrors = 1;
        char *expected_html = render(benign, &opts, &cap, &rc);
        ck_assert_msg(rc == HELDER_OK, "%s", capture_text(&cap));
        opts.submission = with_submission ? hostile_sub : NULL;
        opts.submission_len = with_submission ? strlen(hostile_sub) : 0;
        error.message = text;
        char *hostile_html = render(evil, &opts, &cap, &rc);
        ck_assert_msg(rc == HELDER_OK, "%s", capture_text(&cap));
        char *expected = page_structure(expected_html);
        char *got = page_structure(hostile_html);
        size_t at = 0;
        while (expected[at] && expected[at] == got[at])
            at++;
        ck_assert_msg(
            strcmp(expected, got) == 0,
            "hostile text %s changed the page's structure at …%.120s… (expected …%.120s…)", text,
            got + (at > 40 ? at - 40 : 0), expected + (at > 40 ? at - 40 : 0));
        /* and the text itself is there, as text */
        ck_assert_ptr_null(strstr(hostile_html, "<img"));
        ck_assert_ptr_null(strstr(hostile_html, "<script>alert"));
        free(expected);
        free(got);
        free(expected_html);
        free(hostile_html);
    }
    helder_form_free(benign);
    helder_form_free(evil);
    free(benign_xml);
    free(hostile_xml);
    free(benign_sub);
    free(hostile_sub);
}
END_TEST

/* ---- designer templates under the security settings ---- */

static char template_dir[] = "/tmp/helder-templates-XXXXXX";

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *file = fopen(path, "w");
    ck_assert_ptr_nonnull(file);
    fputs(text, file);
    fclose(file);
}

#define XSL_HEAD                                                                                   \
    "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" "          \
    "xmlns:exsl=\"http://exslt.org/common\" extension-element-prefixes=\"exsl\">"

typedef struct {
    const char *name;
    const char *xsl;
    const char *rule;      /* expected diagnostic */
    const char *forbidden; /* a file that must not exist afterwards, or NULL */
    double seconds;        /* a CPU time limit to reach (with no operation limit) */
} template_case;

static const template_case template_cases[] = {
    {"document() reads a file",
     XSL_HEAD "<xsl:template match=\"/\"><html><xsl:value-of "
              "select=\"document('file:///etc/passwd')\"/></html></xsl:template></xsl:stylesheet>",
     "render-refused", NULL, 0},
    {"document() over the network",
     XSL_HEAD
     "<xsl:template match=\"/\"><html><xsl:copy-of "
     "select=\"document('http://127.0.0.1:9/x.xml')\"/></html></xsl:template></xsl:stylesheet>",
     "render-refused", NULL, 0},
    {"exsl:document writes a file",
     XSL_HEAD
     "<xsl:template match=\"/\"><html><exsl:document "
     "href=\"/tmp/helder-xslt-written.html\"><p>x</p></exsl:document></html></xsl:template>"
     "</xsl:stylesheet>",
     NULL, "/tmp/helder-xslt-written.html", 0},
    {"xsl:include of a file",
     XSL_HEAD "<xsl:include href=\"/etc/passwd\"/><xsl:template "
              "match=\"/\"><html/></xsl:template></xsl:stylesheet>",
     "render-refused", NULL, 0},
    {"xsl:include of a sibling",
     XSL_HEAD "<xsl:include href=\"other.xsl\"/><xsl:template "
              "match=\"/\"><html/></xsl:template></xsl:stylesheet>",
     "render-refused", NULL, 0},
    {"xsl:import",
     XSL_HEAD "<xsl:import href=\"file:///etc/hostname\"/><xsl:template "
              "match=\"/\"><html/></xsl:template></xsl:stylesheet>",
     "render-refused", NULL, 0},
    {"infinite recursion",
     XSL_HEAD "<xsl:template match=\"/\"><html><xsl:call-template "
              "name=\"f\"/></html></xsl:template><xsl:template name=\"f\"><x><xsl:call-template "
              "name=\"f\"/></x></xsl:template></xsl:stylesheet>",
     "render-refused", NULL, 0},
    {"a very long loop",
     XSL_HEAD
     "<xsl:template match=\"/\"><html><xsl:for-each select=\"//*\">"
     "<xsl:for-each select=\"//*\"><xsl:for-each select=\"//*\"><xsl:for-each select=\"//*\">"
     "<i/></xsl:for-each></xsl:for-each></xsl:for-each></xsl:for-each></html></xsl:template>"
     "</xsl:stylesheet>",
     "render-refused", NULL, 0},
    {"a DOCTYPE with an entity",
     "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" XSL_HEAD
     "<xsl:template match=\"/\"><html>&e;</html></xsl:template></xsl:stylesheet>",
     "xml-doctype", NULL, 0},
    {"not a stylesheet", "<html/>", "render-template", NULL, 0},
    /* A few operations, gigabytes: the memory budget stops them, not the operation limit. */
    {"a string doubled in a recursion",
     XSL_HEAD "<xsl:template match=\"/\"><html><xsl:call-template name=\"d\"><xsl:with-param "
              "name=\"s\" select=\"'xxxxxxxxxxxxxxxx'\"/></xsl:call-template></html>"
              "</xsl:template><xsl:template name=\"d\"><xsl:param name=\"s\"/><xsl:if "
              "test=\"string-length($s) &lt; 17179869184\"><xsl:call-template name=\"d\">"
              "<xsl:with-param name=\"s\" select=\"concat($s, $s)\"/></xsl:call-template>"
              "</xsl:if></xsl:template></xsl:stylesheet>",
     "render-refused", NULL, 0},
    {"a tree doubled in a recursion",
     XSL_HEAD "<xsl:template match=\"/\"><html><xsl:call-template name=\"t\"><xsl:with-param "
              "name=\"v\" select=\"/\"/><xsl:with-param name=\"n\" select=\"40\"/>"
              "</xsl:call-template></html></xsl:template><xsl:template name=\"t\"><xsl:param "
              "name=\"v\"/><xsl:param name=\"n\"/><xsl:if test=\"$n &gt; 0\"><xsl:call-template "
              "name=\"t\"><xsl:with-param name=\"v\"><xsl:copy-of select=\"$v\"/><xsl:copy-of "
              "select=\"$v\"/></xsl:with-param><xsl:with-param name=\"n\" select=\"$n - 1\"/>"
              "</xsl:call-template></xsl:if></xsl:template></xsl:stylesheet>",
     "render-refused", NULL, 0},
    /* Cheap in operations, dear in time: string(/) reads the whole render model in one
     * operation, so the operation limit lets this run for minutes; the CPU time limit stops it. */
    {"the page model read in every turn of a loop",
     XSL_HEAD "<xsl:template match=\"/\"><html><xsl:for-each select=\"//node()\">"
              "<xsl:for-each select=\"//node()\"><xsl:for-each select=\"//node()\">"
              "<xsl:for-each select=\"//node()\"><i>"
              "<xsl:value-of select=\"string-length(string(/))\"/></i></xsl:for-each>"
              "</xsl:for-each></xsl:for-each></xsl:for-each></html></xsl:template>"
              "</xsl:stylesheet>",
     "render-refused", NULL, 0.25},
};

START_TEST(designer_templates_are_bounded)
{
    const template_case *tc = &template_cases[_i];
    capture cap;
    int rc;
    helder_form *form = words_form(&cap);
    helder_html_options opts = HELDER_HTML_OPTIONS_INIT;
    char dir[sizeof template_dir];
    memcpy(dir, template_dir, sizeof dir);
    ck_assert_ptr_nonnull(mkdtemp(dir));
    write_file(dir, "form.xsl", tc->xsl);
    write_file(dir, "other.xsl", XSL_HEAD "</xsl:stylesheet>");
    if (tc->forbidden)
        unlink(tc->forbidden);
    opts.templates_dir = dir;
    /* A timed case must be stopped by the clock: a fast machine reaches any operation limit
     * within a quarter second. */
    opts.max_operations = tc->seconds > 0 ? ULONG_MAX : 2000000;
    opts.max_seconds = tc->seconds;
    char *html = render(form, &opts, &cap, &rc);
    ck_assert_msg(rc != HELDER_OK, "%s: rendered anyway", tc->name);
    ck_assert_ptr_null(html);
    if (tc->rule)
        ck_assert_msg(capture_find(&cap, tc->rule) != NULL, "%s: expected %s, got %s", tc->name,
                      tc->rule, capture_text(&cap));
    /* One refusal, one message: the limit that stopped the transform, and no other limit. */
    if (tc->rule && strcmp(tc->rule, "render-refused") == 0)
        ck_assert_msg(capture_count(&cap, "render-refused") == 1, "%s: got %s", tc->name,
                      capture_text(&cap));
    if (tc->seconds > 0) {
        const char *said = capture_text(&cap);
        char want[64];
        snprintf(want, sizeof want, "more than its %g seconds of CPU time", tc->seconds);
        ck_assert_msg(strstr(said, want) != NULL, "%s: got %s", tc->name, said);
    }
    if (tc->forbidden)
        ck_assert_msg(access(tc->forbidden, F_OK) != 0, "%s: the file was written", tc->name);
    char path[600];
    snprintf(path, sizeof path, "%s/form.xsl", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/other.xsl", dir);
    unlink(path);
    rmdir(dir);
    helder_form_free(form);
}
END_TEST

/* A runaway template is told in a few lines: the recursion once, in helder's words, without
 * libxslt's stack dump; a message in a loop five times, then how many more there were; a file
 * that is not XML by its first five errors (libxml2 goes on about every later tag); a refused
 * read without libxslt's bare "error" line before it. */
typedef struct {
    const char *name;
    const char *xsl;
    size_t diagnostics; /* all of them */
    const char *first;  /* text the first one holds */
} flood_case;

static const flood_case flood_cases[] = {
    {"recursion",
     XSL_HEAD "<xsl:template match=\"/\"><xsl:call-template name=\"r\"/></xsl:template>\n"
              "<xsl:template name=\"r\"><xsl:call-template name=\"r\"/></xsl:template>"
              "</xsl:stylesheet>",
     1, "call each other without end (more than 200 nested calls)"},
    {"a message per element",
     XSL_HEAD "<xsl:template match=\"/\"><html><xsl:for-each select=\"//*\">\n"
              "<xsl:message>seen</xsl:message></xsl:for-each></html></xsl:template>"
              "</xsl:stylesheet>",
     6, "seen"},
    {"an XPath error from libxml2",
     XSL_HEAD "<xsl:template match=\"/\">\n<html><xsl:value-of select=\"foo:bar()\"/></html>"
              "</xsl:template></xsl:stylesheet>",
     2, "undefined prefix foo"},
    {"a template that is not well-formed, once for every tag",
     XSL_HEAD "<xsl:template match=\"/\"><html>\n"
              "<b x=1><b x=1><b x=1><b x=1><b x=1><b x=1><b x=1><b x=1><b x=1><b x=1><b x=1>"
              "<b x=1><b x=1><b x=1><b x=1><b x=1><b x=1><b x=1><b x=1><b x=1><b x=1><b x=1>"
              "</html></xsl:template></xsl:stylesheet>",
     6, "expected"},
    {"an xsl:import, refused",
     XSL_HEAD "<xsl:import href=\"file:///etc/hostname\"/><xsl:template match=\"/\"><html/>"
              "</xsl:template></xsl:stylesheet>",
     2, "local file read for file:///etc/hostname refused"},
};

START_TEST(runaway_templates_are_told_briefly)
{
    const flood_case *tc = &flood_cases[_i];
    capture cap;
    int rc;
    helder_form *form = words_form(&cap);
    helder_html_options opts = HELDER_HTML_OPTIONS_INIT;
    char dir[sizeof template_dir];
    memcpy(dir, template_dir, sizeof dir);
    ck_assert_ptr_nonnull(mkdtemp(dir));
    write_file(dir, "form.xsl", tc->xsl);
    opts.templates_dir = dir;
    char *html = render(form, &opts, &cap, &rc);
    ck_assert_int_ne(rc, HELDER_OK);
    ck_assert_ptr_null(html);
    ck_assert_msg(cap.count == tc->diagnostics, "%s: %zu diagnostics, not %zu:\n%s", tc->name,
                  cap.count, tc->diagnostics, capture_text(&cap));
    ck_assert_msg(strstr(cap.items[0].message, tc->first) != NULL, "%s: %s", tc->name,
                  capture_text(&cap));
    for (size_t i = 0; i < cap.count; i++)
        ck_assert_msg(!strstr(cap.items[i].message, "templates:") &&
                          !strstr(cap.items[i].message, "maxdepth") &&
                          strcmp(cap.items[i].message, "error") != 0,
                      "%s: %s", tc->name, capture_text(&cap));
    if (tc->diagnostics == 6)
        ck_assert_msg(strstr(cap.items[5].message, "are not shown"), "%s", capture_text(&cap));
    char path[600];
    snprintf(path, sizeof path, "%s/form.xsl", dir);
    unlink(path);
    rmdir(dir);
    helder_form_free(form);
}
END_TEST

/* A designer's own template (here the built-in one, retitled) renders under the same settings,
 * and the assets the page links are written beside it. */
START_TEST(designer_template_renders)
{
    capture cap;
    int rc;
    char *xsl = NULL;
    size_t len = 0;
    char dir[sizeof template_dir];
    memcpy(dir, template_dir, sizeof dir);
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert_int_eq(helder_read_file(&xsl, &len, "templates/html/form.xsl", 1u << 20), 0);
    char *at = strstr(xsl, "class=\"page-title\"");
    ck_assert_ptr_nonnull(at);
    memcpy(at, "class=\"my-title-x\"", 18);
    write_file(dir, "form.xsl", xsl);
    write_file(dir, "style.css", ":root { --helder-accent: #01689b; }\n");
    free(xsl);
    helder_form *form = words_form(&cap);
    helder_html_options opts = HELDER_HTML_OPTIONS_INIT;
    opts.templates_dir = dir;
    char *html = render(form, &opts, &cap, &rc);
    ck_assert_msg(rc == HELDER_OK, "%s", capture_text(&cap));
    ck_assert_ptr_nonnull(strstr(html, "class=\"my-title-x\""));
    free(html);
    char out[sizeof template_dir];
    memcpy(out, template_dir, sizeof out);
    ck_assert_ptr_nonnull(mkdtemp(out));
    ck_assert_int_eq(helder_render_html_assets(out, &opts), 0);
    char path[600], *text = NULL;
    snprintf(path, sizeof path, "%s/style.css", out);
    ck_assert_int_eq(helder_read_file(&text, &len, path, 1u << 20), 0);
    ck_assert_ptr_nonnull(strstr(text, "#01689b")); /* the designer's, not the built-in one */
    free(text);
    unlink(path);
    snprintf(path, sizeof path, "%s/helder.js", out);
    ck_assert_int_eq(access(path, F_OK), 0);
    unlink(path);
    rmdir(out);
    snprintf(path, sizeof path, "%s/form.xsl", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/style.css", dir);
    unlink(path);
    rmdir(dir);
    helder_form_free(form);
}
END_TEST

START_TEST(no_template_disables_escaping)
{
    glob_t found;
    ck_assert_int_eq(glob("templates/html/*.xsl", 0, NULL, &found), 0);
    for (size_t i = 0; i < found.gl_pathc; i++) {
        char *text = NULL;
        size_t len = 0;
        ck_assert_int_eq(helder_read_file(&text, &len, found.gl_pathv[i], 1u << 20), 0);
        ck_assert_msg(strstr(text, "disable-output-escaping") == NULL,
                      "%s uses disable-output-escaping", found.gl_pathv[i]);
        ck_assert_msg(strstr(text, "document(") == NULL, "%s uses document()", found.gl_pathv[i]);
        free(text);
    }
    globfree(&found);
}
END_TEST

START_TEST(inline_assets_carry_their_hashes)
{
    capture cap;
    int rc;
    helder_form *form = words_form(&cap);
    helder_html_options opts = HELDER_HTML_OPTIONS_INIT;
    opts.inline_assets = 1;
    char *html = render(form, &opts, &cap, &rc);
    ck_assert_int_eq(rc, HELDER_OK);
    ck_assert_ptr_nonnull(strstr(html, "style-src 'sha256-"));
    ck_assert_ptr_nonnull(strstr(html, "script-src 'sha256-"));
    ck_assert_ptr_null(strstr(html, "unsafe-inline"));
    ck_assert_ptr_nonnull(strstr(html, "<script>"));
    free(html);
    helder_form_free(form);
}
END_TEST

/* ---- the expression serializer ---- */

typedef struct {
    const char *when;
    const char *json;
} json_case;

static const json_case json_cases[] = {
    {"a = 'x'", "[\"eq\",[\"ref\",\"a\"],[\"str\",\"x\"]]"},
    {"a = '&lt;/script&gt;'", "[\"eq\",[\"ref\",\"a\"],[\"str\",\"\\u003c/script\\u003e\"]]"},
    {"a = &quot;it's&quot;", "[\"eq\",[\"ref\",\"a\"],[\"str\",\"it\\u0027s\"]]"},
    {"count(r[c = 'x']) > 1.5",
     "[\"gt\",[\"call\",\"count\",[\"filter\",[\"ref\",\"r\"],[\"eq\",[\"ref\",\"c\"],[\"str\","
     "\"x\"]]]],[\"num\",1.5]]"},
    {"not(answered(a)) or -string-length(a) &lt; 3",
     "[\"or\",[\"call\",\"not\",[\"call\",\"answered\",[\"ref\",\"a\"]]],[\"lt\",[\"neg\","
     "[\"call\",\"string-length\",[\"ref\",\"a\"]]],[\"num\",3]]]"},
};

START_TEST(expressions_as_json)
{
    capture cap;
    char xml[2048];
    snprintf(xml, sizeof xml,
             "<form xmlns=\"urn:helder:form:1\" id=\"t\" version=\"1\" languages=\"en\">"
             "<title xml:lang=\"en\">T</title><section id=\"s\"><title xml:lang=\"en\">S</title>"
             "<question id=\"a\" type=\"text\"><label xml:lang=\"en\">A</label></question>"
             "<repeat id=\"r\"><title xml:lang=\"en\">R</title><question id=\"c\" type=\"text\">"
             "<label xml:lang=\"en\">C</label></question></repeat>"
             "<note id=\"n\" when=\"%s\"><text xml:lang=\"en\">N</text></note></section></form>",
             json_cases[_i].when);
    helder_form *form = load_form(xml, &cap);
    helder_node *note = helder_form_find(form, "n");
    ck_assert_ptr_nonnull(note);
    char *json = helder_expr_json(note->when.expr);
    ck_assert_str_eq(json, json_cases[_i].json);
    free(json);
    helder_form_free(form);
}
END_TEST

/* ---- from a POST to a submission ---- */

#define POST_FORM                                                                                  \
    "<form xmlns=\"urn:helder:form:1\" id=\"p\" version=\"2\" languages=\"nl en\">"                \
    "<title xml:lang=\"nl\">T</title><title xml:lang=\"en\">T</title><section id=\"s\">"           \
    "<title xml:lang=\"nl\">S</title><title xml:lang=\"en\">S</title>"                             \
    "<question id=\"name\" type=\"longtext\"><label xml:lang=\"nl\">N</label>"                     \
    "<label xml:lang=\"en\">N</label></question>"                                                  \
    "<question id=\"langs\" type=\"multichoice\"><label xml:lang=\"nl\">L</label>"                 \
    "<label xml:lang=\"en\">L</label><option value=\"nl\"><label xml:lang=\"nl\">A</label>"        \
    "<label xml:lang=\"en\">A</label></option><option value=\"en\"><label "                        \
    "xml:lang=\"nl\">B</label>"                                                                    \
    "<label xml:lang=\"en\">B</label></option></question>"                                         \
    "<repeat id=\"kids\"><title xml:lang=\"nl\">K</title><title xml:lang=\"en\">K</title>"         \
    "<question id=\"kid\" type=\"text\"><label xml:lang=\"nl\">K</label>"                          \
    "<label xml:lang=\"en\">K</label></question></repeat></section></form>"

typedef struct {
    const char *body;
    int ok;
    const char *expect; /* a substring of the submission, or of the first diagnostic */
} post_case;

static const post_case post_cases[] = {
    {"name=Sanne+de+Vries&langs=nl&langs=en", 1, "<answer id=\"langs\">nl en</answer>"},
    {"name=a%0D%0Ab", 1, "<answer id=\"name\">a\nb</answer>"},
    {"name=%C3%BC", 1, "<answer id=\"name\">\xc3\xbc</answer>"},
    {"kids.2.kid=Sami&kids.1.kid=Amal&kids.3.kid=", 1,
     "<item>\n      <answer id=\"kid\">Amal</answer>\n    </item>\n    <item>\n      "
     "<answer id=\"kid\">Sami</answer>"},
    {"name=&_csrf=abc&langs=", 1, "<submission"},
    {"name=x&name=y", 0, "sent twice"},
    {"nope=x", 0, "no question"},
    {"kids.1.name=x", 0, "no question"},
    {"kids.0.kid=x", 0, "r.N.q"},
    {"kids.x.kid=x", 0, "r.N.q"},
    {"langs=fr", 0, "none of its options"},
    {"name=a%00b", 0, "NUL"},
    {"name=%ZZ", 0, "escape"},
    {"name=%C3%28", 0, "UTF-8"},
    {"na%00me=x", 0, "NUL"},
};

START_TEST(form_data_to_submission)
{
    const post_case *pc = &post_cases[_i];
    capture cap;
    helder_form *form = load_form(POST_FORM, &cap);
    char *xml = NULL;
    size_t len = 0;
    capture_init(&cap);
    int rc = helder_form_data_to_submission(&xml, &len, form, pc->body, strlen(pc->body), "en",
                                            &cap.sink);
    if (pc->ok) {
        ck_assert_msg(rc == HELDER_OK, "%s: %s", pc->body, capture_text(&cap));
        ck_assert_msg(strstr(xml, pc->expect) != NULL, "%s: no %s in\n%s", pc->body, pc->expect,
                      xml);
        ck_assert_ptr_nonnull(strstr(xml, "form=\"p\" version=\"2\" xml:lang=\"en\""));
    } else {
        ck_assert_msg(rc == HELDER_EINVALID, "%s was accepted", pc->body);
        ck_assert_ptr_null(xml);
        const capture_item *item = capture_find(&cap, "form-data");
        ck_assert_msg(item && strstr(item->message, pc->expect), "%s: %s", pc->body,
                      capture_text(&cap));
    }
    free(xml);
    helder_form_free(form);
}
END_TEST

START_TEST(form_data_field_limits)
{
    capture cap;
    helder_form *form = load_form(POST_FORM, &cap);
    size_t size = 10001 * 8 + 1;
    char *body = helder_xmalloc(size);
    body[0] = '\0';
    for (int i = 0; i < 10001; i++)
        strcat(body, i ? "&_x=1" : "_x=1");
    char *xml = NULL;
    size_t len = 0;
    capture_init(&cap);
    ck_assert_int_eq(
        helder_form_data_to_submission(&xml, &len, form, body, strlen(body), NULL, &cap.sink),
        HELDER_EINVALID);
    ck_assert_ptr_nonnull(capture_find(&cap, "form-data"));
    free(body);
    helder_form_free(form);
}
END_TEST

/* A body of 5,000 fields the form does not have is one mistake made 5,000 times: ten are said,
 * then how many more there were. */
START_TEST(form_data_mistakes_are_told_briefly)
{
    capture cap;
    helder_form *form = load_form(POST_FORM, &cap);
    size_t size = 5000 * 12 + 1;
    char *body = helder_xmalloc(size);
    size_t used = 0;
    for (int i = 0; i < 5000; i++)
        used += (size_t)snprintf(body + used, size - used, i ? "&zz%d=1" : "zz%d=1", i);
    char *xml = NULL;
    size_t len = 0;
    capture_init(&cap);
    ck_assert_int_eq(helder_form_data_to_submission(&xml, &len, form, body, used, NULL, &cap.sink),
                     HELDER_EINVALID);
    ck_assert_ptr_null(xml);
    ck_assert_msg(cap.count == 11, "%zu diagnostics:\n%s", cap.count, capture_text(&cap));
    ck_assert_uint_eq(capture_count(&cap, "form-data"), 11);
    ck_assert_str_eq(cap.items[0].message, "no question of this form is called 'zz0'");
    ck_assert_str_eq(cap.items[10].message, "4990 more mistakes in the form data are not shown");
    free(body);
    helder_form_free(form);
}
END_TEST

/* What a page POSTs converts back into the answers it was filled in with. */
START_TEST(page_names_round_trip)
{
    capture cap;
    int rc;
    helder_form *form = load_form(POST_FORM, &cap);
    static const char submission[] =
        "<submission xmlns=\"urn:helder:submission:1\" form=\"p\" version=\"2\" "
        "xml:lang=\"en\"><answer id=\"name\">Ann</answer><repeat id=\"kids\"><item>"
        "<answer id=\"kid\">Amal</answer></item><item><answer id=\"kid\">Sami</answer></item>"
        "</repeat></submission>";
    helder_html_options opts = HELDER_HTML_OPTIONS_INIT;
    opts.lang = "en";
    opts.submission = submission;
    opts.submission_len = strlen(submission);
    char *html = render(form, &opts, &cap, &rc);
    ck_assert_int_eq(rc, HELDER_OK);
    ck_assert_ptr_nonnull(strstr(html, "name=\"name\""));
    ck_assert_ptr_nonnull(strstr(html, "name=\"kids.1.kid\" value=\"Amal\""));
    ck_assert_ptr_nonnull(strstr(html, "name=\"kids.2.kid\" value=\"Sami\""));
    ck_assert_ptr_nonnull(strstr(html, "name=\"langs\" value=\"nl\""));
    free(html);
    helder_form_free(form);
}
END_TEST

/* ---- a submission filled in: check's reading (render/filled.c) ---- */

#define FILL_FORM                                                                                  \
    "<form xmlns=\"urn:helder:form:1\" id=\"f\" version=\"2\" languages=\"en\">"                   \
    "<title xml:lang=\"en\">T</title><section id=\"s\"><title xml:lang=\"en\">S</title>"           \
    "<question id=\"name\" type=\"text\"><label xml:lang=\"en\">N</label></question>"              \
    "<question id=\"married\" type=\"yesno\"><label xml:lang=\"en\">M</label></question>"          \
    "<question id=\"langs\" type=\"multichoice\"><label xml:lang=\"en\">L</label>"                 \
    "<option value=\"nl\"><label xml:lang=\"en\">Dutch</label></option>"                           \
    "<option value=\"en\"><label xml:lang=\"en\">English</label></option></question>"              \
    "<question id=\"born\" type=\"country\"><label xml:lang=\"en\">B</label></question>"           \
    "<repeat id=\"kids\" max=\"3\"><title xml:lang=\"en\">K</title>"                               \
    "<question id=\"kid\" type=\"text\"><label xml:lang=\"en\">K</label></question></repeat>"      \
    "<repeat id=\"pets\" max=\"3\"><title xml:lang=\"en\">P</title>"                               \
    "<question id=\"pet\" type=\"text\"><label xml:lang=\"en\">P</label></question>"               \
    "<item><prefill id=\"pet\">Rex</prefill></item></repeat></section></form>"
#define FILL_SUB(version, body)                                                                    \
    "<submission xmlns=\"urn:helder:submission:1\" form=\"f\" version=\"" version "\" "            \
    "xml:lang=\"en\">" body "</submission>"

/* The page shows a valid submission's answers as check accepted them, not as a reader of its own
 * would: the text on both sides of a comment is one answer, the white space around an answer is
 * not part of it (so " yes " is Yes), choices apart by a tab or a line are both ticked, a country
 * in small letters is selected, and a repeat the submission leaves out has the items the
 * simplified form carries. The page that read the XML itself showed "An", no choice, " Amal " and
 * blank items here, and sent back other answers than were accepted. */
START_TEST(page_shows_answers_as_check_reads_them)
{
    static const char submission[] = FILL_SUB(
        "2", "<answer id=\"name\">An<!-- put right -->ne</answer><answer id=\"married\">\n  yes\n"
             "</answer><answer id=\"langs\">nl\n\ten</answer><answer id=\"born\">sy</answer>"
             "<repeat id=\"kids\"><item><answer id=\"kid\"> Amal </answer></item>"
             "<item><answer id=\"kid\">Sa<?note?>mi</answer></item></repeat>");
    capture cap;
    int rc;
    helder_form *form = load_form(FILL_FORM, &cap);
    helder_check_plan *plan = NULL;
    helder_check_result *result = NULL;
    helder_check_options check_opts = HELDER_CHECK_OPTIONS_INIT;
    ck_assert_int_eq(helder_check_today(&check_opts.today, "2026-11-30"), HELDER_OK);
    ck_assert_int_eq(helder_check_plan_new(&plan, form), HELDER_OK);
    rc = helder_check_submission(&result, plan, submission, strlen(submission), "s.xml",
                                 &check_opts);
    ck_assert_msg(rc == HELDER_OK, "check refuses the submission: %d", rc);
    helder_check_result_free(result);
    helder_check_plan_free(plan);

    helder_html_options opts = HELDER_HTML_OPTIONS_INIT;
    opts.today = "2026-11-30";
    opts.submission = submission;
    opts.submission_len = strlen(submission);
    char *html = render(form, &opts, &cap, &rc);
    ck_assert_msg(rc == HELDER_OK, "%s", capture_text(&cap));
    ck_assert_ptr_nonnull(strstr(html, "name=\"name\" value=\"Anne\""));
    ck_assert_ptr_nonnull(strstr(html, "name=\"married\" value=\"yes\" type=\"radio\" checked"));
    ck_assert_ptr_nonnull(strstr(html, "name=\"langs\" value=\"nl\" type=\"checkbox\" checked"));
    ck_assert_ptr_nonnull(strstr(html, "name=\"langs\" value=\"en\" type=\"checkbox\" checked"));
    ck_assert_ptr_nonnull(strstr(html, "<option value=\"SY\" selected"));
    ck_assert_ptr_nonnull(strstr(html, "name=\"kids.1.kid\" value=\"Amal\""));
    ck_assert_ptr_nonnull(strstr(html, "name=\"kids.2.kid\" value=\"Sami\""));
    ck_assert_ptr_nonnull(strstr(html, "name=\"pets.1.pet\" value=\"Rex\""));
    free(html);
    helder_form_free(form);
}
END_TEST

/* Like the filled PDF: a submission with errors, breaking the schema or for another version fills
 * what it can; only one that is no submission at all is an error, in the file's name. */
typedef struct {
    const char *name;
    const char *submission; /* NULL: one over the 1 MiB cap */
    int rc;
    const char *shown;  /* in the page; or the rule of the diagnostic when rc != 0 */
    const char *absent; /* not in the page, or NULL */
} fill_case;

static const fill_case fill_cases[] = {
    {"another version", FILL_SUB("1", "<answer id=\"name\">Zoe</answer>"), HELDER_OK,
     "name=\"name\" value=\"Zoe\"", NULL},
    {"schema errors",
     FILL_SUB("2", "<x xmlns=\"urn:other\"><answer id=\"name\">Xan</answer></x>"
                   "<answer id=\"name\">Z<b>o</b>e</answer>"),
     HELDER_OK, "name=\"name\" value=\"Zoe\"", "Xan"},
    {"unknown answers",
     FILL_SUB("2", "<answer id=\"nobody\">Xan</answer><answer id=\"name\">Zoe</answer>"), HELDER_OK,
     "name=\"name\" value=\"Zoe\"", "Xan"},
    {"items in order, past max left out",
     FILL_SUB("2", "<repeat id=\"kids\"><item><answer id=\"kid\">Ann</answer></item><item><answer "
                   "id=\"kid\">Bob</answer></item><item><answer id=\"kid\">Cas</answer></item>"
                   "<item><answer id=\"kid\">Xan</answer></item></repeat>"),
     HELDER_OK, "name=\"kids.3.kid\" value=\"Cas\"", "Xan"},
    {"not XML", FILL_SUB("2", "<answer id=\"name\">"), HELDER_EINVALID, "xml-malformed", NULL},
    {"no submission", "<form xmlns=\"urn:helder:form:1\"/>", HELDER_EINVALID, "schema", NULL},
    {"too large", NULL, HELDER_EINVALID, "input-too-large", NULL},
};

typedef struct {
    capture cap;
    char file[64]; /* the file every diagnostic names, or "" */
} named_capture;

static void collect_named(const helder_diag *diag, void *payload)
{
    named_capture *named = payload;
    snprintf(named->file, sizeof named->file, "%s", diag->file ? diag->file : "(none)");
    named->cap.sink.fn(diag, named->cap.sink.payload);
}

START_TEST(page_fills_what_it_can)
{
    const fill_case *c = &fill_cases[_i];
    named_capture named;
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(collect_named, &named);
    helder_form *form = load_form(FILL_FORM, &named.cap);
    helder_html_options opts = HELDER_HTML_OPTIONS_INIT;
    char *big = NULL, *html = NULL;
    size_t len = 0;
    if (!c->submission) {
        static const char head[] = FILL_SUB("2", "<!--");
        size_t size = (1u << 20) + 16;
        big = malloc(size + 1);
        memset(big, ' ', size);
        memcpy(big, head, strlen(head) - strlen("</submission>"));
        strcpy(big + size - strlen("--></submission>"), "--></submission>");
    }
    capture_init(&named.cap);
    named.file[0] = '\0';
    opts.submission = c->submission ? c->submission : big;
    opts.submission_len = strlen(opts.submission);
    opts.submission_name = "sent.xml";
    opts.today = "2026-11-30";
    int rc = helder_render_html(&html, &len, form, &opts, &sink);
    ck_assert_msg(rc == c->rc, "%s: %d\n%s", c->name, rc, capture_text(&named.cap));
    if (rc != HELDER_OK) {
        ck_assert_ptr_null(html);
        ck_assert_msg(capture_find(&named.cap, c->shown), "%s: no %s in\n%s", c->name, c->shown,
                      capture_text(&named.cap));
        ck_assert_str_eq(named.file, "sent.xml");
    } else {
        ck_assert_msg(strstr(html, c->shown), "%s: no '%s' in the page", c->name, c->shown);
        ck_assert_msg(!c->absent || !strstr(html, c->absent), "%s: '%s' shown", c->name, c->absent);
    }
    free(html);
    free(big);
    helder_form_free(form);
}
END_TEST

Suite *html_suite(void);
void parity_export(TCase *tc);

Suite *html_suite(void)
{
    Suite *suite = suite_create("html");
    TCase *tc = tcase_create("render");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, shipped_forms_render);
    tcase_add_test(tc, unknown_language_is_refused);
    tcase_add_test(tc, one_section);
    tcase_add_test(tc, inline_assets_carry_their_hashes);
    tcase_add_loop_test(tc, expressions_as_json, 0, sizeof json_cases / sizeof json_cases[0]);
    suite_add_tcase(suite, tc);

    tc = tcase_create("security");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, hostile_texts_add_no_markup, 0, NHOSTILE);
    tcase_add_loop_test(tc, designer_templates_are_bounded, 0,
                        sizeof template_cases / sizeof template_cases[0]);
    tcase_add_loop_test(tc, runaway_templates_are_told_briefly, 0,
                        sizeof flood_cases / sizeof flood_cases[0]);
    tcase_add_test(tc, no_template_disables_escaping);
    tcase_add_test(tc, designer_template_renders);
    suite_add_tcase(suite, tc);

    tc = tcase_create("form-data");
    tcase_add_loop_test(tc, form_data_to_submission, 0, sizeof post_cases / sizeof post_cases[0]);
    tcase_add_test(tc, form_data_field_limits);
    tcase_add_test(tc, form_data_mistakes_are_told_briefly);
    tcase_add_test(tc, page_names_round_trip);
    suite_add_tcase(suite, tc);

    tc = tcase_create("filled");
    tcase_add_test(tc, page_shows_answers_as_check_reads_them);
    tcase_add_loop_test(tc, page_fills_what_it_can, 0, sizeof fill_cases / sizeof fill_cases[0]);
    suite_add_tcase(suite, tc);

    tc = tcase_create("parity");
    tcase_set_timeout(tc, 120);
    parity_export(tc);
    suite_add_tcase(suite, tc);
    return suite;
}

#include "tests/html_parity.inc"

int main(void)
{
    helder_global_init();
    SRunner *runner = srunner_create(html_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    helder_global_cleanup();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
