/* Tests for `helder simplify`: one golden case per transformation (tests/data/simplify/x.xml
 * with x.facts.xml -> x.min.xml and x.report, rewritten by HELDER_GOLDEN=1), the partial
 * evaluator on a table of conditions, the expression printer, SHA-256, the shipped forms with
 * every fact set (the simplified form lints clean), and the CLI's exit statuses and JSON report.
 * The contract itself is tested by tests/check_simplify_prop.c.
 */
#include <check.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <jansson.h>

#include "model/expr_print.h"
#include "model/model.h"
#include "tests/support/capture.h"

#define DATA "tests/data/simplify/"
#define TODAY "2026-11-30"

static char helder_bin[1024] = "build/helder";

static char *read_text(const char *path)
{
    char *buf;
    size_t len;
    if (helder_read_file(&buf, &len, path, 16u << 20) != HELDER_OK)
        return NULL;
    return buf;
}

static bool write_text(const char *path, const char *text)
{
    FILE *file = fopen(path, "wb");
    if (!file)
        return false;
    bool ok = fputs(text, file) >= 0;
    return fclose(file) == 0 && ok;
}

static bool golden_mode(void)
{
    const char *value = getenv("HELDER_GOLDEN");
    return value && strcmp(value, "1") == 0;
}

/* Loads form and facts, simplifies; the result is the caller's. */
static helder_simplify_result *simplify_files(const char *form_path, const char *facts_path,
                                              helder_known_mode mode, helder_form **form_out,
                                              helder_check_plan **plan_out,
                                              helder_facts **facts_out)
{
    capture cap;
    helder_simplify_options opts = HELDER_SIMPLIFY_OPTIONS_INIT;
    helder_simplify_result *result = NULL;
    char digest[72];
    char *facts_text = read_text(facts_path);
    capture_init(&cap);
    ck_assert_msg(facts_text, "cannot read %s", facts_path);
    ck_assert_msg(helder_form_load_file(form_out, form_path, NULL, &cap.sink) == HELDER_OK,
                  "%s does not load:\n%s", form_path, capture_text(&cap));
    ck_assert_int_eq(helder_check_plan_new(plan_out, *form_out), HELDER_OK);
    ck_assert_msg(helder_facts_load_memory(facts_out, *plan_out, facts_text, strlen(facts_text),
                                           facts_path, NULL, &cap.sink) == HELDER_OK,
                  "%s does not load:\n%s", facts_path, capture_text(&cap));
    helder_sha256_hex(digest, facts_text, strlen(facts_text));
    opts.known = mode;
    opts.today = TODAY;
    opts.facts_digest = digest;
    ck_assert_int_eq(helder_simplify(&result, *form_out, *facts_out, &opts), HELDER_OK);
    free(facts_text);
    return result;
}

/* Loads the simplified form and lints it; returns the diagnostics as text ("" when clean). */
static const char *lint_simplified(const char *xml, size_t len, capture *cap)
{
    helder_form *form = NULL;
    capture_init(cap);
    int rc = helder_form_load_memory(&form, xml, len, "simplified.xml", NULL, &cap->sink);
    if (form && rc == HELDER_OK)
        helder_lint(form, NULL, &cap->sink);
    helder_form_free(form);
    return capture_text(cap);
}

/* ---- golden cases ---- */

static glob_t cases;

static void compare_golden(const char *path, const char *actual)
{
    char *expected = read_text(path);
    if (golden_mode()) {
        ck_assert_msg(write_text(path, actual), "cannot write %s", path);
    } else {
        ck_assert_msg(expected, "%s is missing (run make golden and review it)", path);
        ck_assert_msg(strcmp(expected, actual) == 0, "%s differs; got:\n%s", path, actual);
    }
    free(expected);
}

START_TEST(test_golden)
{
    const char *form_path = cases.gl_pathv[_i];
    char base[512], facts_path[600], min_path[600], report_path[600];
    size_t len = strlen(form_path) - strlen(".xml");
    snprintf(base, sizeof base, "%.*s", (int)len, form_path);
    snprintf(facts_path, sizeof facts_path, "%s.facts.xml", base);
    snprintf(min_path, sizeof min_path, "%s.min.xml", base);
    snprintf(report_path, sizeof report_path, "%s.report", base);
    helder_form *form = NULL;
    helder_check_plan *plan = NULL;
    helder_facts *facts = NULL;
    helder_known_mode mode = strstr(base, "drop") ? HELDER_KNOWN_DROP : HELDER_KNOWN_CONFIRM;
    helder_simplify_result *result =
        simplify_files(form_path, facts_path, mode, &form, &plan, &facts);
    size_t xml_len;
    const char *xml = helder_simplify_result_form(result, &xml_len);
    char *report;
    helder_simplify_result_report(&report, NULL, result, HELDER_REPORT_TEXT);
    compare_golden(min_path, xml);
    compare_golden(report_path, report);

    /* The simplified form is a form, and lints clean, unless x.lint says what lint says and why
     * (an early no keeps a test that is never true; a repeat left empty stays). */
    capture cap;
    char lint_path[600];
    snprintf(lint_path, sizeof lint_path, "%s.lint", base);
    const char *diags = lint_simplified(xml, xml_len, &cap);
    ck_assert_msg(!capture_find(&cap, "schema"), "%s: the simplified form is not a form:\n%s",
                  form_path, diags);
    if (golden_mode() && cap.count == 0)
        remove(lint_path);
    else if (cap.count > 0 || !golden_mode()) {
        char *expected = read_text(lint_path);
        if (cap.count == 0)
            ck_assert_msg(!expected, "%s: lints clean now; remove %s", form_path, lint_path);
        else
            compare_golden(lint_path, diags);
        free(expected);
    }
    if (helder_simplify_result_eligible(result))
        ck_assert_msg(!capture_find(&cap, "condition-never-true"),
                      "%s: a condition that can never hold in an eligible case:\n%s", form_path,
                      diags);
    free(report);
    helder_simplify_result_free(result);
    helder_facts_free(facts);
    helder_check_plan_free(plan);
    helder_form_free(form);
}
END_TEST

/* Every transformation of the contract has its case. */
START_TEST(test_golden_coverage)
{
    static const char *const wanted[] = {
        "removed",  "condition",  "prefilled", "known-drop", "option",
        "forced",   "constraint", "rule",      "early-no",   "empty-section",
        "computed", "items",      "no-answer", "today",      "bound",
    };
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, DATA "%s.xml", wanted[i]);
        char *text = read_text(path);
        ck_assert_msg(text, "golden case %s is missing", path);
        free(text);
    }
}
END_TEST

/* ---- the partial evaluator, on a table of conditions ---- */

/* A form with one question of each kind the conditions below read; the facts answer a, n, d, c
 * and give repeat r two items. The condition stands on note `probe`. */
static const char peval_form[] =
    "<form xmlns=\"urn:helder:form:1\" id=\"t\" version=\"1\" languages=\"en\">"
    "<title xml:lang=\"en\">T</title><section id=\"s\"><title xml:lang=\"en\">S</title>"
    "<question id=\"a\" type=\"yesno\"><label xml:lang=\"en\">A?</label></question>"
    "<question id=\"b\" type=\"yesno\"><label xml:lang=\"en\">B?</label></question>"
    "<question id=\"off\" type=\"yesno\" when=\"not(a)\"><label xml:lang=\"en\">Off?</label>"
    "</question>"
    "<question id=\"n\" type=\"integer\"><label xml:lang=\"en\">N?</label></question>"
    "<question id=\"m\" type=\"integer\"><label xml:lang=\"en\">M?</label></question>"
    "<question id=\"d\" type=\"date\"><label xml:lang=\"en\">D?</label></question>"
    "<question id=\"t\" type=\"text\"><label xml:lang=\"en\">T?</label></question>"
    "<question id=\"c\" type=\"choice\"><label xml:lang=\"en\">C?</label>"
    "<option value=\"x\"><label xml:lang=\"en\">X</label></option>"
    "<option value=\"y\"><label xml:lang=\"en\">Y</label></option></question>"
    "<question id=\"k\" type=\"choice\"><label xml:lang=\"en\">K?</label>"
    "<option value=\"u\" when=\"not(a)\"><label xml:lang=\"en\">U</label></option>"
    "<option value=\"v\"><label xml:lang=\"en\">V</label></option>"
    "<option value=\"w\"><label xml:lang=\"en\">W</label></option></question>"
    "<repeat id=\"r\" max=\"5\"><title xml:lang=\"en\">R</title>"
    "<question id=\"q\" type=\"integer\"><label xml:lang=\"en\">Q?</label></question>"
    "</repeat>"
    "<note id=\"probe\" when=\"%s\"><text xml:lang=\"en\">P</text></note>"
    "</section></form>";

static const char peval_facts[] =
    "<facts xmlns=\"urn:helder:facts:1\"><fact name=\"a\">yes</fact><fact name=\"n\">7</fact>"
    "<fact name=\"d\">1990-04-01</fact><fact name=\"c\">x</fact>"
    "<group name=\"r\"><item><fact name=\"q\">3</fact></item>"
    "<item><fact name=\"q\">4</fact></item></group></facts>";

/* when: the condition; expect: the note's when in the simplified form, "" when it always
 * holds, NULL when the note is removed. */
static const struct {
    const char *when;
    const char *expect;
} peval_cases[] = {
    {"a and b", "b"},
    {"not(a) and b", NULL},
    {"a or b", ""},
    {"not(a) or b", "b"},
    {"b and not(a)", NULL},             /* false and unknown is false, either side */
    {"b or a", ""},                     /* true or unknown is true */
    {"n + m &gt; 10", "7 + m &gt; 10"}, /* arithmetic with an unknown stays open */
    {"n * 2 = 14", ""},                 /* folds when everything is known */
    {"m div 0 = 1", NULL},              /* division by zero is unknown: not relevant */
    {"c = 'x' and t = 'no'", "t = 'no'"},
    {"c = 'y' or t = 'no'", "t = 'no'"},
    {"if(a, b, n = 1)", "b"},       /* if() takes the branch the facts choose */
    {"if(b, n = 7, n &gt; 6)", ""}, /* both branches agree */
    {"if(b, m = 1, m = 1)", "if(b, m = 1, m = 1)"},
    {"answered(a)", ""},
    {"answered(off)", NULL}, /* not relevant: never answered */
    {"answered(b)", "answered(b)"},
    {"off", NULL},      /* no answer: unknown, so not relevant */
    {"not(off)", NULL}, /* not(unknown) is unknown too */
    {"off or b", "b"},
    {"not(off) or b", "b"},
    {"count(r) = 2", ""}, /* the facts give the items */
    {"sum(r/q) = 7", ""},
    {"count(r[q &gt; 3]) = 1", ""},
    {"years-between(d, date('2000-04-01')) = 10", ""},
    {"age(d) &gt;= 36", ""}, /* decided for every day of the window */
    {"age(d) &gt;= 37", NULL},
    {"m &gt; age(d)", "m &gt; 36"},
    {"today() &gt; date('2026-12-01')", "today() &gt; date('2026-12-01')"},
    {"k = 'u' or b", "b"}, /* option u is withdrawn: k is never u */
    {"k != 'u' and b", "answered(k) and b"},
    {"contains(t, 'a') or string-length(t) &gt; n", "contains(t, 'a') or string-length(t) &gt; 7"},
    {"min(n, m) &gt; 3", "min(7, m) &gt; 3"},
    {"-n &lt; 0 and b", "b"},
};

static char *note_when(const char *xml)
{
    const char *note = strstr(xml, "<note id=\"probe\"");
    if (!note)
        return NULL;
    const char *end = strchr(note, '>');
    const char *when = strstr(note, "when=\"");
    if (!when || when > end)
        return helder_xstrdup("");
    when += strlen("when=\"");
    return helder_xstrndup(when, (size_t)(strchr(when, '"') - when));
}

START_TEST(test_peval)
{
    char form_xml[4096];
    snprintf(form_xml, sizeof form_xml, peval_form, peval_cases[_i].when);
    capture cap;
    helder_form *form = NULL;
    helder_check_plan *plan = NULL;
    helder_facts *facts = NULL;
    helder_simplify_result *result = NULL;
    helder_simplify_options opts = HELDER_SIMPLIFY_OPTIONS_INIT;
    capture_init(&cap);
    ck_assert_msg(helder_form_load_memory(&form, form_xml, strlen(form_xml), "t.xml", NULL,
                                          &cap.sink) == HELDER_OK,
                  "%s: %s", peval_cases[_i].when, capture_text(&cap));
    ck_assert_int_eq(helder_check_plan_new(&plan, form), HELDER_OK);
    ck_assert_int_eq(helder_facts_load_memory(&facts, plan, peval_facts, strlen(peval_facts),
                                              "k.xml", NULL, &cap.sink),
                     HELDER_OK);
    opts.today = TODAY;
    ck_assert_int_eq(helder_simplify(&result, form, facts, &opts), HELDER_OK);
    char *when = note_when(helder_simplify_result_form(result, NULL));
    if (!peval_cases[_i].expect)
        ck_assert_msg(!when, "'%s': expected the note removed, got when=\"%s\"",
                      peval_cases[_i].when, when);
    else
        ck_assert_msg(when && strcmp(when, peval_cases[_i].expect) == 0,
                      "'%s': expected when=\"%s\", got %s%s%s", peval_cases[_i].when,
                      peval_cases[_i].expect, when ? "when=\"" : "", when ? when : "removed",
                      when ? "\"" : "");
    free(when);
    helder_simplify_result_free(result);
    helder_facts_free(facts);
    helder_check_plan_free(plan);
    helder_form_free(form);
}
END_TEST

/* ---- the printer ---- */

static const struct {
    const char *src, *printed;
} print_cases[] = {
    {"a or b and c", "a or b and c"},
    {"(a or b) and c", "(a or b) and c"},
    {"a and (b and c)", "a and b and c"},
    {"a - (b - c)", "a - (b - c)"},
    {"(a - b) - c", "a - b - c"},
    {"a div (b * c)", "a div (b * c)"},
    {"(a + b) * c", "(a + b) * c"},
    {"-(a + 1)", "-(a + 1)"},
    {"- -a", "- -a"},
    {"not(x = 'a')", "not(x = 'a')"},
    {"t = \"it's\"", "t = \"it's\""},
    {"2294.40 <= income", "2294.4 <= income"},
    {"0.1 + 0.2", "0.1 + 0.2"},
    {"count(r[q > 3]) + sum(r/q)", "count(r[q > 3]) + sum(r/q)"},
    {"if(a, date('2026-01-31'), today())", "if(a, date('2026-01-31'), today())"},
    {"years-between(d,today())>=18", "years-between(d, today()) >= 18"},
    {"100000000000000000000 > x", "100000000000000000000 > x"},
    {"(a = b) = c", "(a = b) = c"},
};

START_TEST(test_print)
{
    helder_expr *expr = NULL, *again = NULL;
    helder_expr_error err;
    ck_assert_msg(helder_expr_parse(&expr, print_cases[_i].src, &err) == HELDER_OK, "%s: %s",
                  print_cases[_i].src, err.message);
    char *printed = helder_expr_print(expr);
    ck_assert_str_eq(printed, print_cases[_i].printed);
    /* It reads back as the same expression. */
    ck_assert_int_eq(helder_expr_parse(&again, printed, &err), HELDER_OK);
    char *twice = helder_expr_print(again);
    ck_assert_str_eq(twice, printed);
    free(printed);
    free(twice);
    helder_expr_free(expr);
    helder_expr_free(again);
}
END_TEST

START_TEST(test_number_format)
{
    static const double numbers[] = {0,    1,      0.1,       0.3,    2294.4, 1e-7, 123456789.125,
                                     1e21, 3.5e-3, 0.1 + 0.2, 1.0 / 3};
    char buf[400];
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        helder_number_format(buf, sizeof buf, numbers[i]);
        ck_assert_msg(strtod(buf, NULL) == numbers[i], "%.17g printed as %s", numbers[i], buf);
        ck_assert_msg(!strchr(buf, 'e') && !strchr(buf, 'E'), "%s has an exponent", buf);
    }
}
END_TEST

START_TEST(test_sha256)
{
    char out[72];
    helder_sha256_hex(out, "abc", 3);
    ck_assert_str_eq(out, "sha256:"
                          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    helder_sha256_hex(out, "", 0);
    ck_assert_str_eq(out, "sha256:"
                          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    helder_sha256_hex(out, two, strlen(two));
    ck_assert_str_eq(out, "sha256:"
                          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
END_TEST

/* ---- shipped forms ---- */

static glob_t shipped;

START_TEST(test_shipped)
{
    const char *facts_path = shipped.gl_pathv[_i];
    char form_path[512];
    const char *facts_dir = strstr(facts_path, "/facts/");
    snprintf(form_path, sizeof form_path, "%.*s/form.xml", (int)(facts_dir - facts_path),
             facts_path);
    for (int mode = 0; mode < 2; mode++) {
        helder_form *form = NULL;
        helder_check_plan *plan = NULL;
        helder_facts *facts = NULL;
        helder_simplify_result *result =
            simplify_files(form_path, facts_path, (helder_known_mode)mode, &form, &plan, &facts);
        size_t len;
        const char *xml = helder_simplify_result_form(result, &len);
        capture cap;
        const char *diags = lint_simplified(xml, len, &cap);
        ck_assert_msg(cap.count == 0, "%s with %s: the simplified form does not lint clean:\n%s",
                      form_path, facts_path, diags);
        helder_simplify_summary sum;
        helder_simplify_result_summary(&sum, result);
        ck_assert_msg(sum.questions_after < sum.questions_before, "%s: nothing was simplified",
                      facts_path);
        helder_simplify_result_free(result);
        helder_facts_free(facts);
        helder_check_plan_free(plan);
        helder_form_free(form);
    }
}
END_TEST

/* ---- the CLI ---- */

static int run(const char *args, char *out, size_t size)
{
    char command[2048];
    snprintf(command, sizeof command, "%s %s 2>/dev/null", helder_bin, args);
    FILE *pipe = popen(command, "r");
    ck_assert_msg(pipe, "cannot run %s", command);
    size_t used = 0;
    if (out) {
        size_t got;
        while (used + 1 < size && (got = fread(out + used, 1, size - 1 - used, pipe)) > 0)
            used += got;
        out[used] = '\0';
    } else {
        char sink[4096];
        while (fread(sink, 1, sizeof sink, pipe) > 0)
            ;
    }
    int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

START_TEST(test_cli_status)
{
    ck_assert_int_eq(run("simplify " DATA "removed.xml --facts " DATA "removed.facts.xml "
                         "-o /dev/null --today " TODAY,
                         NULL, 0),
                     0);
    /* an early no has its own status, and still writes the form */
    ck_assert_int_eq(run("simplify " DATA "early-no.xml --facts " DATA "early-no.facts.xml "
                         "-o /dev/null --today " TODAY,
                         NULL, 0),
                     4);
    ck_assert_int_eq(run("simplify " DATA "removed.xml", NULL, 0), 2); /* no --facts */
    ck_assert_int_eq(run("simplify " DATA "removed.xml --facts " DATA "removed.facts.xml "
                         "--known maybe",
                         NULL, 0),
                     2);
    ck_assert_int_eq(run("simplify " DATA "removed.xml --facts " DATA "removed.facts.xml "
                         "--valid-until 2027-01-01",
                         NULL, 0),
                     2); /* a window needs its first day */
    ck_assert_int_eq(run("simplify " DATA "removed.xml --facts " DATA "removed.facts.xml "
                         "--today 2026-02-30",
                         NULL, 0),
                     2);
    ck_assert_int_eq(run("simplify " DATA "removed.xml --facts /nonexistent/facts.xml", NULL, 0),
                     3);
    /* a fact that does not fit its question: an error naming the fact and its line */
    ck_assert_int_eq(run("simplify " DATA "removed.xml --facts " DATA "bad-fact.facts", NULL, 0),
                     1);
    char out[8192];
    char command[2048];
    snprintf(command, sizeof command,
             "%s simplify " DATA "removed.xml --facts " DATA "bad-fact.facts -o /dev/null 2>&1",
             helder_bin);
    FILE *pipe = popen(command, "r");
    size_t got = fread(out, 1, sizeof out - 1, pipe);
    out[got] = '\0';
    pclose(pipe);
    ck_assert_msg(strstr(out, "bad-fact.facts:3:") && strstr(out, "[bad-fact]") &&
                      strstr(out, "has_partner"),
                  "no bad-fact error with its line:\n%s", out);
    ck_assert_msg(strstr(out, "bad-fact.facts:4:") && strstr(out, "[unused-fact]"),
                  "no unused-fact warning with its line:\n%s", out);
}
END_TEST

START_TEST(test_cli_json)
{
    static char out[1 << 20];
    ck_assert_int_eq(run("simplify " DATA "items.xml --facts " DATA "items.facts.xml -o "
                         "/dev/null --today " TODAY " --format json --report /dev/stdout",
                         out, sizeof out),
                     0);
    json_error_t error;
    json_t *root = json_loads(out, 0, &error);
    ck_assert_msg(root, "the JSON report does not parse: %s\n%s", error.text, out);
    ck_assert(json_is_true(json_object_get(root, "eligible")));
    ck_assert_str_eq(json_string_value(json_object_get(root, "valid_until")), "2026-12-30");
    json_t *changes = json_object_get(root, "changes");
    ck_assert(json_array_size(changes) > 0);
    bool school = false;
    for (size_t i = 0; i < json_array_size(changes); i++) {
        json_t *change = json_array_get(changes, i);
        const char *id = json_string_value(json_object_get(change, "id"));
        if (!id || strcmp(id, "child_school") != 0)
            continue;
        school = true;
        ck_assert_str_eq(json_string_value(json_object_get(change, "change")), "removed");
        ck_assert(json_array_size(json_object_get(change, "because")) >= 2);
        json_t *applicant = json_object_get(change, "applicant");
        ck_assert(json_object_get(applicant, "nl") && json_object_get(applicant, "en"));
    }
    ck_assert_msg(school, "the report does not say why the school question went");
    json_t *summary = json_object_get(root, "summary");
    ck_assert(json_integer_value(json_object_get(summary, "questions_after")) <
              json_integer_value(json_object_get(summary, "questions_before")));
    json_decref(root);
}
END_TEST

static Suite *simplify_suite(void)
{
    Suite *suite = suite_create("simplify");
    TCase *tc = tcase_create("golden");
    glob(DATA "*.xml", 0, NULL, &cases);
    /* keep x.xml only: not x.facts.xml or x.min.xml (swapped to the back, not dropped, so that
     * every path glob allocated stays reachable for the leak checkers) */
    size_t kept = 0;
    for (size_t i = 0; i < cases.gl_pathc; i++) {
        if (!strstr(cases.gl_pathv[i], ".facts.xml") && !strstr(cases.gl_pathv[i], ".min.xml")) {
            char *other = cases.gl_pathv[kept];
            cases.gl_pathv[kept++] = cases.gl_pathv[i];
            cases.gl_pathv[i] = other;
        }
    }
    tcase_add_loop_test(tc, test_golden, 0, (int)kept);
    tcase_add_test(tc, test_golden_coverage);
    suite_add_tcase(suite, tc);

    tc = tcase_create("peval");
    tcase_add_loop_test(tc, test_peval, 0, (int)(sizeof peval_cases / sizeof peval_cases[0]));
    suite_add_tcase(suite, tc);

    tc = tcase_create("print");
    tcase_add_loop_test(tc, test_print, 0, (int)(sizeof print_cases / sizeof print_cases[0]));
    tcase_add_test(tc, test_number_format);
    tcase_add_test(tc, test_sha256);
    suite_add_tcase(suite, tc);

    tc = tcase_create("shipped");
    glob("forms/*/facts/*.xml", 0, NULL, &shipped);
    tcase_add_loop_test(tc, test_shipped, 0, (int)shipped.gl_pathc);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(suite, tc);

    tc = tcase_create("cli");
    tcase_add_test(tc, test_cli_status);
    tcase_add_test(tc, test_cli_json);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(int argc, char **argv)
{
    (void)argc;
    /* build/tests/check_simplify -> build/helder */
    if (argv[0] && strstr(argv[0], "/tests/")) {
        size_t prefix = (size_t)(strstr(argv[0], "/tests/") - argv[0]);
        snprintf(helder_bin, sizeof helder_bin, "%.*s/helder", (int)prefix, argv[0]);
    }
    helder_global_init();
    SRunner *runner = srunner_create(simplify_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    helder_global_cleanup();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
