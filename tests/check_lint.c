/* Tests for `helder lint`: for every rule in model/rules.def a form that triggers it (with its
 * golden diagnostics) and a near miss that must lint clean; the domain analysis on a table of
 * conditions; partial models; docs/lint-rules.md; the shipped forms; the form examples of
 * tests/data/schema (each rejected with the rules it names); and the CLI's JSON and SARIF output
 * and exit statuses. HELDER_GOLDEN=1 rewrites the golden files instead of comparing.
 */
#include <check.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <jansson.h>

#include "model/model.h"
#include "tests/support/capture.h"

#define DATA "tests/data/lint/"

/* The path of the helder binary next to this test's build directory (build/tests/x -> build). */
static char helder_bin[1024] = "build/helder";

/* Rules that no form file can trigger through load and lint, each with the test that covers it.
 * Keep this list short: every other rule has DATA<rule>.xml and DATA<rule>-ok.xml. */
static const struct {
    const char *rule;
    const char *reason;
} exceptions[] = {
    {"file-unreadable", "needs a path that cannot be read: test_file_unreadable"},
    {"input-too-large", "needs a size cap below the file's size: test_input_too_large"},
    {"render-language", "reported by helder render for --lang, not by lint (tests/check_render.c)"},
    {"render-template", "reported by helder render for a broken template (tests/check_render.c)"},
    {"render-refused", "reported by helder render when a template breaks the rules "
                       "(tests/check_render.c)"},
    {"form-data", "reported when reading a posted web form, not by lint (tests/check_render.c)"},
};

static const char *exception_reason(const char *rule)
{
    for (size_t i = 0; i < sizeof exceptions / sizeof exceptions[0]; i++)
        if (strcmp(exceptions[i].rule, rule) == 0)
            return exceptions[i].reason;
    return NULL;
}

static char *read_text_file(const char *path)
{
    char *buf;
    size_t len;
    if (helder_read_file(&buf, &len, path, 16u << 20) != HELDER_OK)
        return NULL;
    return buf;
}

static bool file_exists(const char *path)
{
    FILE *file = fopen(path, "rb");
    if (file)
        fclose(file);
    return file != NULL;
}

/* Loads and lints path into cap. Returns helder_lint's result (or load's when nothing loaded). */
static int lint_file(const char *path, capture *cap, const helder_lint_options *opts)
{
    helder_form *form = NULL;
    int rc;
    capture_init(cap);
    rc = helder_form_load_file(&form, path, NULL, &cap->sink);
    if (form)
        rc = helder_lint(form, opts, &cap->sink);
    helder_form_free(form);
    return rc;
}

static int lint_memory(const char *xml, capture *cap, const helder_lint_options *opts)
{
    helder_form *form = NULL;
    int rc;
    capture_init(cap);
    rc = helder_form_load_memory(&form, xml, strlen(xml), "t.xml", NULL, &cap->sink);
    if (form)
        rc = helder_lint(form, opts, &cap->sink);
    helder_form_free(form);
    return rc;
}

/* ---- every rule: a trigger with golden output, and a near miss ---- */

START_TEST(test_rule)
{
    const helder_rule_info *rules;
    size_t count = helder_rules(&rules);
    const char *rule = rules[_i].id;
    char path[512], golden_path[512];
    capture cap;
    (void)count;
    if (exception_reason(rule))
        return;

    snprintf(path, sizeof path, DATA "%s.xml", rule);
    snprintf(golden_path, sizeof golden_path, DATA "%s.lint", rule);
    ck_assert_msg(file_exists(path), "rule %s has no trigger case %s", rule, path);
    lint_file(path, &cap, NULL);
    ck_assert_msg(capture_count(&cap, rule) > 0, "%s does not trigger [%s]; it reports:\n%s", path,
                  rule, capture_text(&cap));
    ck_assert_msg(cap.count < sizeof cap.items / sizeof cap.items[0], "%s: too many diagnostics",
                  path);
    const char *text = capture_text(&cap);
    if (getenv("HELDER_GOLDEN") && strcmp(getenv("HELDER_GOLDEN"), "1") == 0) {
        FILE *out = fopen(golden_path, "w");
        ck_assert_msg(out != NULL, "cannot write %s", golden_path);
        fputs(text, out);
        fclose(out);
    } else {
        char *golden = read_text_file(golden_path);
        ck_assert_msg(golden != NULL, "rule %s has no golden file %s (run make golden)", rule,
                      golden_path);
        ck_assert_msg(strcmp(golden, text) == 0,
                      "%s: diagnostics differ from %s\nwant:\n%sgot:\n%s", path, golden_path,
                      golden, text);
        free(golden);
    }

    snprintf(path, sizeof path, DATA "%s-ok.xml", rule);
    ck_assert_msg(file_exists(path), "rule %s has no near-miss case %s", rule, path);
    lint_file(path, &cap, NULL);
    ck_assert_msg(cap.count == 0, "the near miss %s is not clean:\n%s", path, capture_text(&cap));
}
END_TEST

/* Data files belong to a rule: no stray cases for rules that were renamed or never existed. */
START_TEST(test_no_orphan_cases)
{
    glob_t found;
    ck_assert_int_eq(glob(DATA "*.xml", 0, NULL, &found), 0);
    for (size_t i = 0; i < found.gl_pathc; i++) {
        char name[256];
        size_t len;
        snprintf(name, sizeof name, "%s", found.gl_pathv[i] + strlen(DATA));
        len = strlen(name) - 4; /* ".xml" */
        name[len] = '\0';
        if (len > 3 && strcmp(name + len - 3, "-ok") == 0)
            name[len - 3] = '\0';
        ck_assert_msg(helder_rule_lookup(name) >= 0, "%s names no rule", found.gl_pathv[i]);
    }
    globfree(&found);
}
END_TEST

/* ---- the two rules a form file cannot trigger ---- */

START_TEST(test_file_unreadable)
{
    capture cap;
    helder_form *form = NULL;
    capture_init(&cap);
    int rc = helder_form_load_file(&form, DATA "no-such-file.xml", NULL, &cap.sink);
    ck_assert_int_eq(rc, HELDER_EIO);
    ck_assert_ptr_null(form);
    ck_assert_uint_eq(capture_count(&cap, "file-unreadable"), 1);
    ck_assert_uint_eq(cap.count, 1);
    ck_assert_msg(strstr(cap.items[0].message, "cannot read") != NULL, "%s", cap.items[0].message);
}
END_TEST

START_TEST(test_input_too_large)
{
    capture cap;
    helder_form *form = NULL;
    helder_load_options opts = HELDER_LOAD_OPTIONS_INIT;
    opts.max_bytes = 64;
    capture_init(&cap);
    ck_assert_int_eq(helder_form_load_file(&form, DATA "schema-ok.xml", &opts, &cap.sink),
                     HELDER_ETOOBIG);
    ck_assert_ptr_null(form);
    ck_assert_uint_eq(capture_count(&cap, "input-too-large"), 1);
    capture_init(&cap);
    ck_assert_int_eq(helder_form_load_memory(&form,
                                             "<form/>                                     "
                                             "                                    ",
                                             80, "t.xml", &opts, &cap.sink),
                     HELDER_ETOOBIG);
    ck_assert_uint_eq(capture_count(&cap, "input-too-large"), 1);
}
END_TEST

/* ---- the domain analysis, one condition at a time ---- */

#define DOMAIN_HEAD                                                                                \
    "<form xmlns=\"urn:helder:form:1\" id=\"t\" version=\"1\" languages=\"en\">\n"                 \
    "<title xml:lang=\"en\">Test</title>\n"                                                        \
    "<section id=\"s\"><title xml:lang=\"en\">About you</title>\n"                                 \
    "<question id=\"n\" type=\"integer\" min=\"0\" max=\"150\"><label xml:lang=\"en\">N</label>"   \
    "</question>\n"                                                                                \
    "<question id=\"x\" type=\"decimal\"><label xml:lang=\"en\">X</label></question>\n"            \
    "<question id=\"d\" type=\"date\" min=\"date('1900-01-01')\"><label xml:lang=\"en\">D"         \
    "</label></question>\n"                                                                        \
    "<question id=\"q\" type=\"yesno\"><label xml:lang=\"en\">Q</label></question>\n"              \
    "<question id=\"p\" type=\"choice\"><label xml:lang=\"en\">P</label>"                          \
    "<option value=\"work\"><label xml:lang=\"en\">Work</label></option>"                          \
    "<option value=\"study\"><label xml:lang=\"en\">Study</label></option>"                        \
    "<option value=\"family\"><label xml:lang=\"en\">Family</label></option></question>\n"         \
    "<question id=\"m\" type=\"multichoice\" max=\"2\"><label xml:lang=\"en\">M</label>"           \
    "<option value=\"a\"><label xml:lang=\"en\">A</label></option>"                                \
    "<option value=\"b\"><label xml:lang=\"en\">B</label></option>"                                \
    "<option value=\"c\"><label xml:lang=\"en\">C</label></option></question>\n"                   \
    "<question id=\"t\" type=\"text\" maxlength=\"10\"><label xml:lang=\"en\">T</label>"           \
    "</question>\n"                                                                                \
    "<repeat id=\"r\" min=\"1\" max=\"3\"><title xml:lang=\"en\">R</title>"                        \
    "<question id=\"ri\" type=\"integer\"><label xml:lang=\"en\">RI</label></question>"            \
    "</repeat>\n"                                                                                  \
    "<computed id=\"c\" value=\"n + 1\"/>\n"                                                       \
    "<computed id=\"b\" value=\"n &gt; 3\"/>\n"

typedef enum { NEITHER, NEVER, ALWAYS } verdict;

/* 2^40 ways to choose: the search runs out of its budget and claims nothing. */
#define BRANCH "(q or answered(n)) and "
#define BRANCH8 BRANCH BRANCH BRANCH BRANCH BRANCH BRANCH BRANCH BRANCH
#define EXPONENTIAL BRANCH8 BRANCH8 BRANCH8 BRANCH8 BRANCH8 "false()"

static const struct {
    const char *when;
    verdict want;
} domain_cases[] = {
    {"n &gt; 5 and n &lt; 3", NEVER},
    {"n &gt; 5 and n &lt; 7", NEITHER},
    {"n &gt; 5 and n &lt; 6", NEVER},   /* integer: nothing between 5 and 6 */
    {"x &gt; 5 and x &lt; 6", NEITHER}, /* decimal: 5.5 */
    {"n &gt;= 5 and n &lt;= 5", NEITHER},
    {"n &gt;= 5 and n &lt;= 5 and n != 5", NEVER},
    {"n = 3 and n = 4", NEVER},
    {"n = 3 or n = 4", NEITHER},
    {"(n = 3 or n = 4) and n &gt; 10", NEVER},
    {"n &gt; 150", NEVER}, /* max facet */
    {"n &lt; 0", NEVER},   /* min facet */
    {"n &gt;= 0", ALWAYS}, /* never false once answered */
    {"n &lt; 200", ALWAYS},
    {"3 &lt; n and 2 &gt; n", NEVER}, /* literal on the left */
    {"n &gt; -1", ALWAYS},
    {"c &gt; 5 and c &lt; 3", NEVER},
    {"age(d) &lt; 18 and age(d) &gt; 65", NEVER},
    {"age(d) &gt;= 18 or age(d) &lt; 18", ALWAYS},
    {"d &lt; date('2000-01-01') and d &gt; date('2010-01-01')", NEVER},
    {"d &lt; date('1900-01-01')", NEVER},
    {"d &lt; date('2000-01-01')", NEITHER},
    {"q and not(q)", NEVER},
    {"q or not(q)", ALWAYS},
    {"q = true() and q = false()", NEVER},
    {"q", NEITHER},
    {"not(q)", NEITHER},
    {"answered(q) and not(answered(q))", NEVER},
    {"answered(q) or not(answered(q))", ALWAYS},
    {"not(answered(q)) and q", NEVER},
    {"answered(q)", NEITHER},
    {"true()", ALWAYS},
    {"false()", NEVER},
    {"true() and false()", NEVER},
    {"false() or q", NEITHER},
    {"p = 'work' and p = 'study'", NEVER},
    {"p = 'work' or p = 'study'", NEITHER},
    {"p != 'work' and p != 'study' and p != 'family'", NEVER},
    {"p != 'work' and p != 'study'", NEITHER},
    {"p = 'work' or p != 'work'", ALWAYS},
    {"p = 'work' and not(p = 'work')", NEVER},
    {"selected(m, 'a') and not(selected(m, 'a'))", NEVER},
    {"selected(m, 'a') and selected(m, 'b')", NEITHER},
    {"count-selected(m) &gt; 2", NEVER}, /* max="2" */
    {"count-selected(m) &lt;= 2", ALWAYS},
    {"count(r) &gt; 3", NEVER},
    {"count(r) = 0", NEVER}, /* min="1" and no when */
    {"count(r) &gt; 1", NEITHER},
    {"string-length(t) &gt; 10", NEVER},
    {"string-length(t) &gt; 3", NEITHER},
    {"t = 'a' and t = 'b'", NEVER},
    {"t = 'a' and t != 'a'", NEVER},
    {"t != 'a' and t != 'b'", NEITHER},
    {"b and not(b)", NEVER},
    {"n &gt; 5 and q", NEITHER},
    {"not(n &gt; 5) and n &gt; 7", NEVER},
    {"not(n &gt; 5 or q) and q", NEVER},
    {"not(n &gt; 5 and n &lt; 3)", ALWAYS},
    {"n &gt; x and x &gt; n", NEITHER}, /* two questions: not modelled, so no claim */
    {"n + 1 &gt; 5 and n + 1 &lt; 3", NEITHER},
    {"if(q, n &gt; 5, n &lt; 3)", NEITHER},
    {"contains(t, 'a') and not(contains(t, 'a'))", NEITHER},
    {EXPONENTIAL, NEITHER},
};

START_TEST(test_domain)
{
    char xml[8192];
    capture cap;
    size_t never, always;
    snprintf(xml, sizeof xml,
             DOMAIN_HEAD "<note id=\"w\" when=\"%s\"><text xml:lang=\"en\">W</text></note>\n"
                         "</section></form>\n",
             domain_cases[_i].when);
    lint_memory(xml, &cap, NULL);
    for (size_t i = 0; i < cap.count; i++)
        ck_assert_msg(cap.items[i].severity != HELDER_SEVERITY_ERROR, "%s: errors:\n%s",
                      domain_cases[_i].when, capture_text(&cap));
    never = capture_count(&cap, "condition-never-true");
    always = capture_count(&cap, "condition-always-true");
    ck_assert_msg(never == (domain_cases[_i].want == NEVER) &&
                      always == (domain_cases[_i].want == ALWAYS),
                  "%s: want %s, got:\n%s", domain_cases[_i].when,
                  domain_cases[_i].want == NEVER    ? "never true"
                  : domain_cases[_i].want == ALWAYS ? "always true"
                                                    : "neither",
                  capture_text(&cap));
}
END_TEST

/* ---- more shapes of the structure and facet rules ---- */

static const struct {
    const char *body; /* appended to DOMAIN_HEAD's section */
    const char *rule;
    size_t count; /* how many diagnostics of rule */
} shape_cases[] = {
    {"<question id=\"z\" type=\"date\" min=\"date('2020-01-01')\" max=\"date('2010-01-01')\">"
     "<label xml:lang=\"en\">Z</label></question>",
     "min-above-max", 1},
    {"<question id=\"z\" type=\"date\" min=\"today()\" max=\"date('2010-01-01')\">"
     "<label xml:lang=\"en\">Z</label></question>",
     "min-above-max", 0},
    {"<question id=\"z\" type=\"text\" minlength=\"10\" maxlength=\"5\">"
     "<label xml:lang=\"en\">Z</label></question>",
     "min-above-max", 1},
    {"<question id=\"z\" type=\"multichoice\" min=\"3\"><label xml:lang=\"en\">Z</label>"
     "<option value=\"a\"><label xml:lang=\"en\">A</label></option>"
     "<option value=\"b\"><label xml:lang=\"en\">B</label></option></question>",
     "min-above-max", 1},
    {"<repeat id=\"z\" min=\"5\" max=\"2\"><title xml:lang=\"en\">Z</title>"
     "<question id=\"zz\" type=\"text\"><label xml:lang=\"en\">Z</label></question></repeat>",
     "min-above-max", 1},
    {"<question id=\"z\" type=\"text\" pattern=\"[0-9]++\"><label xml:lang=\"en\">Z</label>"
     "</question>",
     "browser-pattern", 1},
    {"<question id=\"z\" type=\"text\" pattern=\"(?i)[a-z]+\"><label xml:lang=\"en\">Z"
     "</label></question>",
     "browser-pattern", 0},
    {"<note id=\"z\" when=\"matches(t, '\\Aab')\"><text xml:lang=\"en\">Z</text></note>",
     "browser-pattern", 1},
    {"<question id=\"z\" type=\"email\" autocomplete=\"email\"><label xml:lang=\"en\">Z"
     "</label></question>",
     "autocomplete-mismatch", 0},
    {"<question id=\"z\" type=\"integer\" autocomplete=\"bday\"><label xml:lang=\"en\">Z"
     "</label></question>",
     "autocomplete-mismatch", 1},
    {"<question id=\"z\" type=\"phone\" autocomplete=\"Phone\"><label xml:lang=\"en\">Z"
     "</label></question>",
     "unknown-autocomplete", 1},
    {"<question id=\"z\" type=\"choice\"><label xml:lang=\"en\">Z</label>"
     "<option value=\"a\"><label xml:lang=\"en\">A</label></option>"
     "<option value=\"a\"><label xml:lang=\"en\">A</label></option>"
     "<option value=\"a\"><label xml:lang=\"en\">A</label></option></question>",
     "duplicate-option", 2},
    {"<note id=\"z\" when=\"k &gt; 1\"><text xml:lang=\"en\">Z</text></note>"
     "<computed id=\"k\" value=\"later + 1\"/>"
     "<question id=\"later\" type=\"integer\"><label xml:lang=\"en\">L</label></question>",
     "forward-reference", 1},
    {"<question id=\"z\" type=\"choice\"><label xml:lang=\"en\">Z</label>"
     "<option value=\"a\" when=\"later\"><label xml:lang=\"en\">A</label></option>"
     "<option value=\"b\"><label xml:lang=\"en\">B</label></option></question>"
     "<question id=\"later\" type=\"yesno\"><label xml:lang=\"en\">L</label></question>",
     "forward-reference", 1},
    {"<rule id=\"z\" test=\"n &gt; 1\"><message xml:lang=\"en\">Z</message></rule>",
     "forward-reference", 0},
    {"<question id=\"z\" type=\"text\"><label xml:lang=\"en\">Z</label>"
     "<constraint test=\"string-length(z) &gt; 20 and string-length(z) &lt; 10\">"
     "<message xml:lang=\"en\">Z</message></constraint></question>",
     "condition-never-true", 1},
    {"<question id=\"z\" type=\"text\" required=\"n &gt; 200\"><label xml:lang=\"en\">Z"
     "</label></question>",
     "condition-never-true", 1},
    {"<question id=\"z\" type=\"text\" required=\"false\"><label xml:lang=\"en\">Z"
     "</label></question>",
     "condition-never-true", 0},
    {"<question id=\"z\" type=\"text\" required=\"true\"><label xml:lang=\"en\">Z"
     "</label></question>",
     "condition-always-true", 0},
    {"<question id=\"z1\" type=\"yesno\" when=\"n &gt; 200\"><label xml:lang=\"en\">Z"
     "</label></question><question id=\"z2\" type=\"text\" required=\"true\" when=\"z1\">"
     "<label xml:lang=\"en\">Z</label></question>",
     "unreachable-required", 1},
    {"<question id=\"z\" type=\"text\" fact=\"person.name\"><label xml:lang=\"en\">Z"
     "</label></question><repeat id=\"zr\"><title xml:lang=\"en\">Z</title>"
     "<question id=\"zq\" type=\"text\" fact=\"person.name\"><label xml:lang=\"en\">Z"
     "</label></question></repeat>",
     "duplicate-fact", 0},
    {"<note id=\"z\" when=\"n mod 0 = 1 or x div -0 &gt; 1\"><text xml:lang=\"en\">Z</text>"
     "</note>",
     "division-by-zero", 2},
    {"<note id=\"z\" when=\"not(not(q)) and not(n != 3)\"><text xml:lang=\"en\">Z</text>"
     "</note>",
     "double-negation", 2},
    {"<note id=\"z\" when=\"selected(m, 'd') or 'wrok' = p\"><text xml:lang=\"en\">Z</text>"
     "</note>",
     "unknown-option-value", 2},
    {"<question id=\"z\" type=\"multichoice\"><label xml:lang=\"en\">Z</label>"
     "<option value=\"a\"><label xml:lang=\"en\">A</label></option></question>",
     "too-few-options", 1},
};

START_TEST(test_shape)
{
    char xml[8192];
    capture cap;
    snprintf(xml, sizeof xml, DOMAIN_HEAD "%s\n</section></form>\n", shape_cases[_i].body);
    lint_memory(xml, &cap, NULL);
    ck_assert_msg(capture_count(&cap, shape_cases[_i].rule) == shape_cases[_i].count,
                  "%s: want %zu [%s], got:\n%s", shape_cases[_i].body, shape_cases[_i].count,
                  shape_cases[_i].rule, capture_text(&cap));
}
END_TEST

/* ---- positions inside expressions ---- */

START_TEST(test_expression_columns)
{
    /* The column points at the literal inside the attribute, past an entity reference. */
    const char *xml = DOMAIN_HEAD
        "<note id=\"w\" when=\"n &gt; 1 and n div 0 &gt; 1\"><text xml:lang=\"en\">W</text>"
        "</note>\n</section></form>\n";
    capture cap;
    const capture_item *item;
    lint_memory(xml, &cap, NULL);
    item = capture_find(&cap, "division-by-zero");
    ck_assert_msg(item != NULL, "%s", capture_text(&cap));
    ck_assert_uint_eq(item->line, 14);
    /* <note id="w" when=" is 19 characters, then "n &gt; 1 and n div " 19 more */
    ck_assert_uint_eq(item->col, 39);
}
END_TEST

/* ---- partial models: every pass must cope with what a broken form leaves ---- */

static const char *const broken_forms[] = {
    DOMAIN_HEAD "<note id=\"w\" when=\"nope &gt; 1\"><text xml:lang=\"en\">W</text></note>"
                "</section></form>",
    DOMAIN_HEAD "<note id=\"w\" when=\"n &gt; 'a'\"><text xml:lang=\"en\">W</text></note>"
                "</section></form>",
    DOMAIN_HEAD "<note id=\"w\" when=\"n &gt;\"><text xml:lang=\"en\">W</text></note>"
                "</section></form>",
    DOMAIN_HEAD "<note when=\"n &gt; 1\"><text xml:lang=\"en\">W</text></note></section></form>",
    DOMAIN_HEAD "<question type=\"choice\"><option/><option/></question></section></form>",
    DOMAIN_HEAD "<question id=\"n\" type=\"integer\"/></section></form>",
    DOMAIN_HEAD "<computed id=\"k\" value=\"k + 1\"/><note id=\"w\" when=\"k &gt; 1\">"
                "<text xml:lang=\"en\">W</text></note></section></form>",
    DOMAIN_HEAD "<computed id=\"k\"/></section></form>",
    DOMAIN_HEAD "<question id=\"z\" type=\"bogus\" min=\"x\" minlength=\"-3\" pattern=\"(\">"
                "<label/></question></section></form>",
    ("<form xmlns=\"urn:helder:form:1\"><section><repeat><question/></repeat></section>"
     "<documents><document/></documents></form>"),
    "<form xmlns=\"urn:helder:form:1\" id=\"t\" languages=\"\"><title>T</title></form>",
    "<form xmlns=\"urn:other\"/>",
};

START_TEST(test_partial_model)
{
    capture cap;
    int rc = lint_memory(broken_forms[_i], &cap, NULL);
    ck_assert_int_eq(rc, HELDER_EINVALID);
    ck_assert_uint_gt(cap.count, 0);
}
END_TEST

/* ---- plain-language heuristics, one text at a time ---- */

static const struct {
    const char *lang, *label, *hint;
    const char *rule; /* the rule that must be reported once, or NULL for a clean form */
} language_cases[] = {
    {"nl", "Heeft u niet geen inkomen?", NULL, "double-negation"},
    {"nl", "Heeft u geen werk niet?", NULL, "double-negation"},
    {"nl", "Heeft u geen partner, of woont u niet samen?", NULL, NULL}, /* two clauses */
    {"nl", "Woont u niet in Nederland?", NULL, NULL},
    {"nl", "Heeft u geen kinderen en geen partner?", NULL, NULL}, /* geen ... geen is a list */
    {"en", "Is this not unusual for you?", NULL, "double-negation"},
    {"en", "Are you not under 18?", NULL, NULL},
    {"en", "I don't have no children", NULL, "double-negation"},
    {"en", "You can\xE2\x80\x99t choose nothing", NULL, "double-negation"},
    {"en", "No, I do not", NULL, NULL},
    {"en", "Do you not work? Choose no.", NULL, NULL},
    {"nl", "Hoeveel dient te worden betaald?", NULL, "jargon"},
    {"nl", "Dienst tegen betaling", NULL, NULL},
    {"nl", "Heeft u een MVV?", NULL, "jargon"},
    {"nl", "Heeft u de kosten (leges) betaald?", NULL, NULL},
    {"nl", "Heeft u een sponsor?", NULL, NULL}, /* an English entry */
    {"en", "Pursuant to the law, what is your name?", NULL, "jargon"},
    {"en", "Is this pursuant?", NULL, NULL},
    {"en", "Do you have sponsorship?", NULL, NULL}, /* whole words only */
    {"en-GB", "Who is your sponsor?", NULL, "jargon"},
    {"ar", "\xD9\x87\xD9\x84 \xD9\x84\xD8\xAF\xD9\x8A\xD9\x83 MVV?", NULL, NULL},
    {"en", "Name", "Name", "hint-repeats-label"},
    {"en", "Your name", "Your name as in your passport", NULL},
    {"en", "What is your name?", "Write what your name is, as in your passport",
     "hint-repeats-label"},
    {"en", "What is your name?", "Write it as in your passport", NULL},
    {"en", "a b c d e f g h i j k l m n o p q r s t u v w x y z", NULL, "label-too-long"},
    {"en", "a b c d e f g h i j k l m n o p q r s t u v w x y", NULL, NULL},
    {"en", "e-mail addresses don't count twice: a-b c'd", NULL, NULL},
    {"en", "What is your name?", " \n\t ", "empty-text"},
};

START_TEST(test_language)
{
    char xml[2048], hint[512] = "";
    capture cap;
    const char *lang = language_cases[_i].lang;
    if (language_cases[_i].hint)
        snprintf(hint, sizeof hint, "<hint xml:lang=\"%s\">%s</hint>", lang,
                 language_cases[_i].hint);
    snprintf(xml, sizeof xml,
             "<form xmlns=\"urn:helder:form:1\" id=\"t\" version=\"1\" languages=\"%s\">\n"
             "<title xml:lang=\"%s\">T</title>\n"
             "<section id=\"s\"><title xml:lang=\"%s\">S</title>\n"
             "<question id=\"q\" type=\"text\"><label xml:lang=\"%s\">%s</label>%s</question>\n"
             "</section></form>\n",
             lang, lang, lang, lang, language_cases[_i].label, hint);
    lint_memory(xml, &cap, NULL);
    if (language_cases[_i].rule)
        ck_assert_msg(cap.count == 1 && capture_count(&cap, language_cases[_i].rule) == 1,
                      "'%s': want one [%s], got:\n%s", language_cases[_i].label,
                      language_cases[_i].rule, capture_text(&cap));
    else
        ck_assert_msg(cap.count == 0, "'%s': want nothing, got:\n%s", language_cases[_i].label,
                      capture_text(&cap));
}
END_TEST

/* ---- options ---- */

START_TEST(test_jargon_option)
{
    static const char *const extra[] = {"aanvrager = u", "  bijlage  ", "", "?", NULL};
    helder_lint_options opts = HELDER_LINT_OPTIONS_INIT;
    const char *xml = "<form xmlns=\"urn:helder:form:1\" id=\"t\" version=\"1\" languages=\"nl\">\n"
                      "<title xml:lang=\"nl\">De Aanvrager en de bijlage</title></form>\n";
    capture cap;
    opts.jargon = extra;
    lint_memory(xml, &cap, &opts);
    ck_assert_msg(capture_count(&cap, "jargon") == 2, "%s", capture_text(&cap));
    ck_assert_str_eq(cap.items[0].message, "'Aanvrager' is jargon: write 'u'");
    ck_assert_str_eq(cap.items[1].message, "'bijlage' is jargon: write it in plain words");
    lint_memory(xml, &cap, NULL);
    ck_assert_msg(cap.count == 0, "%s", capture_text(&cap));
}
END_TEST

/* ---- docs/lint-rules.md lists every rule ---- */

START_TEST(test_docs_list_every_rule)
{
    const helder_rule_info *rules;
    size_t count = helder_rules(&rules);
    char *doc = read_text_file("docs/lint-rules.md");
    ck_assert_msg(doc != NULL, "docs/lint-rules.md is missing");
    for (size_t i = 0; i < count; i++) {
        char row[128];
        snprintf(row, sizeof row, "| `%s` |", rules[i].id);
        ck_assert_msg(strstr(doc, row) != NULL, "docs/lint-rules.md has no row for %s",
                      rules[i].id);
    }
    free(doc);
}
END_TEST

/* ---- the shipped forms lint clean ---- */

START_TEST(test_shipped_forms)
{
    glob_t found;
    ck_assert_int_eq(glob("forms/*/form.xml", 0, NULL, &found), 0);
    ck_assert_uint_gt(found.gl_pathc, 0);
    for (size_t i = 0; i < found.gl_pathc; i++) {
        capture cap;
        lint_file(found.gl_pathv[i], &cap, NULL);
        ck_assert_msg(cap.count == 0, "%s does not lint clean:\n%s", found.gl_pathv[i],
                      capture_text(&cap));
    }
    globfree(&found);
}
END_TEST

/* ---- the schema examples: lint rejects each invalid one with the rules it names ---- */

/* The rules that stand in for the grammar, the schema's own and the loader's checks in its
 * place (tests/data/schema/README): none of them on a valid example. */
static const char *const grammar_rules[] = {
    "schema",
    "bad-attribute",
    "expr-syntax",
    "facet-not-applicable",
    "options-not-allowed",
    "missing-options",
    "missing-label",
    "undeclared-language",
};

START_TEST(test_schema_examples)
{
    glob_t found;
    size_t valid = 0, invalid = 0;
    ck_assert_int_eq(glob("tests/data/schema/form-*.xml", 0, NULL, &found), 0);
    for (size_t i = 0; i < found.gl_pathc; i++) {
        const char *path = found.gl_pathv[i];
        char *text = read_text_file(path);
        const char *rules, *end;
        capture cap;
        int rc;
        ck_assert_msg(text != NULL, "cannot read %s", path);
        rc = lint_file(path, &cap, NULL);
        if (strstr(path, "/form-valid-")) {
            for (size_t r = 0; r < sizeof grammar_rules / sizeof grammar_rules[0]; r++)
                ck_assert_msg(capture_count(&cap, grammar_rules[r]) == 0,
                              "%s: [%s] on a valid example:\n%s", path, grammar_rules[r],
                              capture_text(&cap));
            valid++;
            free(text);
            continue;
        }
        rules = strstr(text, "<!-- invalid [");
        ck_assert_msg(rules != NULL,
                      "%s does not name its rules: <!-- invalid [rule, ...]: why -->", path);
        rules += strlen("<!-- invalid [");
        end = strchr(rules, ']');
        ck_assert_msg(end != NULL && end > rules, "%s: no rule between the brackets", path);
        ck_assert_msg(rc == HELDER_EINVALID, "%s: lint does not reject it", path);
        while (rules < end) {
            char rule[64];
            size_t len = strcspn(rules, ",]");
            snprintf(rule, sizeof rule, "%.*s", (int)len, rules);
            ck_assert_msg(helder_rule_lookup(rule) >= 0, "%s names no rule '%s'", path, rule);
            ck_assert_msg(capture_count(&cap, rule) > 0, "%s: lint does not report [%s]:\n%s", path,
                          rule, capture_text(&cap));
            rules += len;
            while (*rules == ',' || *rules == ' ')
                rules++;
        }
        invalid++;
        free(text);
    }
    ck_assert_uint_gt(valid, 0);
    ck_assert_uint_gt(invalid, 0);
    globfree(&found);
}
END_TEST

/* ---- the command line: formats and exit statuses ---- */

/* Runs helder with args; returns its exit status and the standard output (caller frees). */
static int run_helder(const char *args, char **out)
{
    char command[2048];
    size_t len = 0, cap = 4096;
    char *text = malloc(cap);
    FILE *pipe;
    int status;
    ck_assert_msg(file_exists(helder_bin), "%s is missing: run make first", helder_bin);
    snprintf(command, sizeof command, "%s %s 2>/dev/null", helder_bin, args);
    pipe = popen(command, "r");
    ck_assert_ptr_nonnull(pipe);
    for (;;) {
        size_t got;
        if (len + 1024 > cap)
            text = realloc(text, cap *= 2);
        got = fread(text + len, 1, cap - len - 1, pipe);
        if (got == 0)
            break;
        len += got;
    }
    text[len] = '\0';
    status = pclose(pipe);
    *out = text;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

START_TEST(test_cli_json)
{
    char *out;
    size_t lines = 0;
    int status = run_helder(
        "lint --format json " DATA "min-above-max.xml " DATA "too-few-options.xml", &out);
    ck_assert_int_eq(status, 1);
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        json_error_t error;
        json_t *diag = json_loads(line, 0, &error);
        ck_assert_msg(diag != NULL, "not JSON: %s (%s)", line, error.text);
        const char *rule = json_string_value(json_object_get(diag, "rule"));
        const char *severity = json_string_value(json_object_get(diag, "severity"));
        const char *file = json_string_value(json_object_get(diag, "file"));
        ck_assert_ptr_nonnull(rule);
        ck_assert_int_ge(helder_rule_lookup(rule), 0);
        ck_assert_msg(strcmp(severity, "error") == 0 || strcmp(severity, "warning") == 0, "%s",
                      severity);
        ck_assert_msg(strncmp(file, DATA, strlen(DATA)) == 0, "%s", file);
        ck_assert_int_gt(json_integer_value(json_object_get(diag, "line")), 0);
        ck_assert_int_gt(json_integer_value(json_object_get(diag, "column")), 0);
        ck_assert_ptr_nonnull(json_string_value(json_object_get(diag, "message")));
        json_decref(diag);
        lines++;
    }
    ck_assert_uint_ge(lines, 2);
    free(out);
}
END_TEST

START_TEST(test_cli_sarif)
{
    char *out;
    json_error_t error;
    json_t *log, *run, *results, *rules;
    size_t index;
    json_t *result;
    bool saw_error = false, saw_warning = false;
    int status = run_helder(
        "lint --format sarif " DATA "min-above-max.xml " DATA "too-few-options.xml", &out);
    ck_assert_int_eq(status, 1);
    log = json_loads(out, 0, &error);
    ck_assert_msg(log != NULL, "SARIF is not JSON: %s", error.text);
    ck_assert_str_eq(json_string_value(json_object_get(log, "version")), "2.1.0");
    run = json_array_get(json_object_get(log, "runs"), 0);
    ck_assert_ptr_nonnull(run);
    rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
    ck_assert_uint_eq(json_array_size(rules), (size_t)HELDER_RULE__COUNT);
    results = json_object_get(run, "results");
    ck_assert_uint_ge(json_array_size(results), 2);
    json_array_foreach(results, index, result)
    {
        const char *rule = json_string_value(json_object_get(result, "ruleId"));
        const char *level = json_string_value(json_object_get(result, "level"));
        json_t *location = json_array_get(json_object_get(result, "locations"), 0);
        json_t *physical = json_object_get(location, "physicalLocation");
        json_t *region = json_object_get(physical, "region");
        json_int_t rule_index = json_integer_value(json_object_get(result, "ruleIndex"));
        ck_assert_ptr_nonnull(rule);
        json_t *rule_info = json_array_get(rules, (size_t)rule_index);
        ck_assert_str_eq(json_string_value(json_object_get(rule_info, "id")), rule);
        ck_assert_msg(strncmp(json_string_value(json_object_get(
                                  json_object_get(physical, "artifactLocation"), "uri")),
                              DATA, strlen(DATA)) == 0,
                      "bad uri");
        ck_assert_int_gt(json_integer_value(json_object_get(region, "startLine")), 0);
        ck_assert_int_gt(json_integer_value(json_object_get(region, "startColumn")), 0);
        ck_assert_ptr_nonnull(
            json_string_value(json_object_get(json_object_get(result, "message"), "text")));
        saw_error = saw_error || strcmp(level, "error") == 0;
        saw_warning = saw_warning || strcmp(level, "warning") == 0;
    }
    ck_assert(saw_error && saw_warning);
    json_decref(log);
    free(out);
}
END_TEST

static const struct {
    const char *args;
    int status;
} exit_cases[] = {
    {"lint " DATA "schema-ok.xml", 0},
    {"lint " DATA "min-above-max.xml", 1},            /* an error */
    {"lint " DATA "too-few-options.xml", 0},          /* a warning only */
    {"lint --strict " DATA "too-few-options.xml", 1}, /* ... fails with --strict */
    {"lint --strict " DATA "schema-ok.xml", 0},
    {"lint --format sarif " DATA "schema-ok.xml", 0},
    {"lint --format xml " DATA "schema-ok.xml", 2}, /* usage */
    {"lint", 2},
    {"lint --no-such-option " DATA "schema-ok.xml", 2},
    {"lint " DATA "no-such-file.xml", 3}, /* cannot be read */
    {"lint " DATA "min-above-max.xml " DATA "no-such-file.xml", 3},
    {"lint --jargon " DATA "no-such-list.txt " DATA "schema-ok.xml", 3},
};

START_TEST(test_cli_exit_status)
{
    char *out;
    int status = run_helder(exit_cases[_i].args, &out);
    ck_assert_msg(status == exit_cases[_i].status, "helder %s: exit %d, want %d",
                  exit_cases[_i].args, status, exit_cases[_i].status);
    free(out);
}
END_TEST

START_TEST(test_cli_sarif_clean)
{
    char *out;
    json_error_t error;
    json_t *log;
    ck_assert_int_eq(run_helder("lint --format sarif " DATA "schema-ok.xml", &out), 0);
    log = json_loads(out, 0, &error);
    ck_assert_ptr_nonnull(log);
    json_t *run = json_array_get(json_object_get(log, "runs"), 0);
    ck_assert_uint_eq(json_array_size(json_object_get(run, "results")), 0);
    json_decref(log);
    free(out);
}
END_TEST

static Suite *lint_suite(void)
{
    const helder_rule_info *rules;
    size_t nrules = helder_rules(&rules);
    Suite *suite = suite_create("lint");
    TCase *tc = tcase_create("rules");
    tcase_add_loop_test(tc, test_rule, 0, (int)nrules);
    tcase_add_test(tc, test_no_orphan_cases);
    tcase_add_test(tc, test_file_unreadable);
    tcase_add_test(tc, test_input_too_large);
    tcase_add_test(tc, test_docs_list_every_rule);
    suite_add_tcase(suite, tc);

    tc = tcase_create("analysis");
    tcase_add_loop_test(tc, test_domain, 0, sizeof domain_cases / sizeof domain_cases[0]);
    tcase_add_loop_test(tc, test_shape, 0, sizeof shape_cases / sizeof shape_cases[0]);
    tcase_add_test(tc, test_expression_columns);
    tcase_add_loop_test(tc, test_partial_model, 0, sizeof broken_forms / sizeof broken_forms[0]);
    tcase_add_test(tc, test_jargon_option);
    tcase_add_loop_test(tc, test_language, 0, sizeof language_cases / sizeof language_cases[0]);
    suite_add_tcase(suite, tc);

    tc = tcase_create("forms");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_shipped_forms);
    tcase_add_test(tc, test_schema_examples);
    suite_add_tcase(suite, tc);

    tc = tcase_create("cli");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_cli_json);
    tcase_add_test(tc, test_cli_sarif);
    tcase_add_test(tc, test_cli_sarif_clean);
    tcase_add_loop_test(tc, test_cli_exit_status, 0, sizeof exit_cases / sizeof exit_cases[0]);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(int argc, char **argv)
{
    SRunner *runner;
    int failed;
    (void)argc;
    /* build/tests/check_lint -> build/helder */
    if (argv[0] && strstr(argv[0], "/tests/")) {
        size_t prefix = (size_t)(strstr(argv[0], "/tests/") - argv[0]);
        snprintf(helder_bin, sizeof helder_bin, "%.*s/helder", (int)prefix, argv[0]);
    }
    helder_global_init();
    runner = srunner_create(lint_suite());
    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    helder_global_cleanup();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
