/* Tests for `helder check`: every answer form and facet (tables of valid and invalid answers with
 * their canonical forms), relevance, required, unknown and no answer, constraints, rules, repeats,
 * option conditions, the structure of a submission (and that the hand-written structure check
 * agrees with submission.rng), facts, messages in nl/en/ar, hostile submissions, threads, the
 * shipped submissions against their golden outputs and READMEs, and the CLI.
 * HELDER_GOLDEN=1 rewrites the golden files (forms/<form>/submissions/<name>.out).
 */
#include <check.h>
#include <glob.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <libxml/tree.h>

#include "model/model.h"
#include "model/schema.h"
#include "tests/support/capture.h"
#include "validate/check.h"

static char helder_bin[1024] = "build/helder";

#define TODAY "2026-11-30"

/* ---- building forms and submissions ---- */

/* clang-format off */
#define LABELS(en, nl) "<label xml:lang=\"en\">" en "</label><label xml:lang=\"nl\">" nl "</label>"
#define OPTION(v) "<option value=\"" v "\">" LABELS(v, "K " v) "</option>"
#define OPTION_WHEN(v, when)                                                                       \
    "<option value=\"" v "\" when=\"" when "\">" LABELS("Option " v, "Keuze " v) "</option>"
#define QUESTION(id, type, attrs, body)                                                            \
    "<question id=\"" id "\" type=\"" type "\" " attrs ">" LABELS(id, "Vraag " id) body            \
    "</question>\n"
#define TITLES(en, nl) "<title xml:lang=\"en\">" en "</title><title xml:lang=\"nl\">" nl "</title>"
#define SECTION(id, attrs, body)                                                                   \
    "<section id=\"" id "\" " attrs ">" TITLES("S", "S") body "</section>\n"
#define REPEAT(id, attrs, body)                                                                    \
    "<repeat id=\"" id "\" " attrs ">" TITLES("Item", "Deel") body "</repeat>\n"
#define MESSAGES(en, nl)                                                                           \
    "<message xml:lang=\"en\">" en "</message><message xml:lang=\"nl\">" nl "</message>"
#define FORM(body)                                                                                 \
    "<form xmlns=\"urn:helder:form:1\" id=\"t\" version=\"1\" languages=\"en nl\">\n"              \
    TITLES("T", "T") body "</form>\n"
#define SUB_LANG(lang, body)                                                                       \
    "<submission xmlns=\"urn:helder:submission:1\" form=\"t\" version=\"1\" xml:lang=\"" lang      \
    "\">\n" body "</submission>\n"
#define SUB(body) SUB_LANG("en", body)
#define A(id, text) "<answer id=\"" id "\">" text "</answer>\n"

/* The form with one question per type and facet, for the answer tables. */
static const char types_form[] = FORM(SECTION(
    "s", "",
    QUESTION("q_text", "text", "", "")
    QUESTION("q_longtext", "longtext", "", "")
    QUESTION("q_integer", "integer", "", "")
    QUESTION("q_decimal", "decimal", "", "")
    QUESTION("q_date", "date", "", "")
    QUESTION("q_yesno", "yesno", "", "")
    QUESTION("q_choice", "choice", "", OPTION("a") OPTION("b"))
    QUESTION("q_multi", "multichoice", "", OPTION("a") OPTION("b") OPTION("c"))
    QUESTION("q_email", "email", "", "")
    QUESTION("q_phone", "phone", "", "")
    QUESTION("q_country", "country", "", "")
    QUESTION("q_bsn", "bsn", "", "")
    QUESTION("q_iban", "iban", "", "")
    QUESTION("q_postcode", "postcode", "", "")
    QUESTION("q_file", "file", "", "")
    QUESTION("q_name", "text", "minlength=\"2\" maxlength=\"5\"", "")
    QUESTION("q_code", "text", "pattern=\"[A-Z]{2}[0-9]{2}\"", "")
    QUESTION("q_redos", "text", "pattern=\"(a+)+$\"", "")
    QUESTION("q_age", "integer", "min=\"18\" max=\"120\"", "")
    QUESTION("q_day", "date", "min=\"date('2000-01-01')\" max=\"today()\"", "")
    QUESTION("q_money", "decimal", "min=\"0.1\" max=\"2.3\"", "")
    QUESTION("q_picks", "multichoice", "min=\"1\" max=\"2\"",
             OPTION("a") OPTION("b") OPTION("c"))));
/* clang-format on */

typedef struct {
    helder_form *form;
    helder_check_plan *plan;
} compiled;

static compiled compile(const char *xml)
{
    capture cap;
    compiled c = {NULL, NULL};
    capture_init(&cap);
    int rc = helder_form_load_memory(&c.form, xml, strlen(xml), "t.xml", NULL, &cap.sink);
    ck_assert_msg(rc == HELDER_OK, "form does not load:\n%s\n%s", capture_text(&cap), xml);
    ck_assert_int_eq(helder_check_plan_new(&c.plan, c.form), HELDER_OK);
    return c;
}

static void release(compiled *c)
{
    helder_check_plan_free(c->plan);
    helder_form_free(c->form);
}

static long today_days(void)
{
    long days;
    ck_assert_int_eq(helder_check_today(&days, TODAY), HELDER_OK);
    return days;
}

/* "rule:question" for each finding, space-separated; "rule:repeat[2]/question" inside items. */
static char *describe(const helder_check_result *result)
{
    const helder_check_finding *findings;
    size_t count = helder_check_result_findings(result, &findings);
    char *text = helder_xcalloc(1, 1);
    size_t len = 0;
    for (size_t i = 0; i < count; i++) {
        char one[512];
        const helder_check_finding *f = &findings[i];
        if (f->question && f->repeat)
            snprintf(one, sizeof one, "%s%s:%s[%u]/%s", i ? " " : "", f->rule, f->repeat, f->item,
                     f->question);
        else if (f->question)
            snprintf(one, sizeof one, "%s%s:%s", i ? " " : "", f->rule, f->question);
        else
            snprintf(one, sizeof one, "%s%s", i ? " " : "", f->rule);
        text = helder_xrealloc(text, len + strlen(one) + 1);
        strcpy(text + len, one);
        len += strlen(one);
    }
    return text;
}

static helder_check_result *run_check(const compiled *c, const char *sub, const helder_facts *facts)
{
    helder_check_options opts = HELDER_CHECK_OPTIONS_INIT;
    helder_check_result *result = NULL;
    opts.today = today_days();
    opts.facts = facts;
    helder_check_submission(&result, c->plan, sub, strlen(sub), "s.xml", &opts);
    ck_assert_ptr_nonnull(result);
    return result;
}

/* The canonical text of answer `id` in the normalized submission, or NULL when it is left out. */
static char *normalized_answer(const helder_check_result *result, const char *id)
{
    char *doc, key[128];
    size_t len;
    ck_assert_int_eq(helder_check_result_normalized(&doc, &len, result), HELDER_OK);
    snprintf(key, sizeof key, "<answer id=\"%s\">", id);
    char *start = strstr(doc, key), *value = NULL;
    if (start) {
        start += strlen(key);
        char *end = strstr(start, "</answer>");
        value = helder_xstrndup(start, (size_t)(end - start));
    }
    free(doc);
    return value;
}

/* ---- answer forms, one row per answer ---- */

typedef struct {
    const char *question;
    const char *answer;    /* XML text content */
    const char *rule;      /* NULL: valid */
    const char *canonical; /* expected normalized text when valid, NULL: the answer itself */
} answer_case;

static const answer_case answer_cases[] = {
    {"q_text", "Jansen", NULL, NULL},
    {"q_text", "  Jansen \t", NULL, "Jansen"},
    {"q_text", "two\nlines", "bad-text", NULL},
    {"q_text", "two&#13;lines", "bad-text", NULL},
    {"q_text", "tab\tinside", NULL, NULL},
    {"q_longtext", "two\nlines", NULL, NULL},
    {"q_integer", "42", NULL, NULL},
    {"q_integer", "-12", NULL, NULL},
    {"q_integer", "007", NULL, "7"},
    {"q_integer", "-0", NULL, "0"},
    {"q_integer", "123456789012345", NULL, NULL},
    {"q_integer", "1234567890123456", "bad-integer", NULL},
    {"q_integer", "1e3", "bad-integer", NULL},
    {"q_integer", "+5", "bad-integer", NULL},
    {"q_integer", "\xd9\xa3", "bad-integer", NULL}, /* Arabic-Indic three */
    {"q_integer", "1.0", "bad-integer", NULL},
    {"q_integer", "1 000", "bad-integer", NULL},
    {"q_integer", "-", "bad-integer", NULL},
    {"q_decimal", "1250.50", NULL, NULL},
    {"q_decimal", "0.5", NULL, NULL},
    {"q_decimal", "00.50", NULL, "0.50"},
    {"q_decimal", "-0.0", NULL, "0.0"},
    {"q_decimal", "12", NULL, NULL},
    {"q_decimal", "12,50", "bad-decimal", NULL},
    {"q_decimal", ".5", "bad-decimal", NULL},
    {"q_decimal", "5.", "bad-decimal", NULL},
    {"q_decimal", "1e3", "bad-decimal", NULL},
    {"q_decimal", "1.000.000", "bad-decimal", NULL},
    {"q_decimal", "123456789012345.678", NULL, NULL},
    {"q_decimal", "0.1234567890123456789", NULL, NULL},
    {"q_decimal", "1234567890123456.5", "bad-decimal", NULL},
    /* decimal values are the nearest doubles, so bounds written the same way hold exactly */
    {"q_money", "0.1", NULL, NULL},
    {"q_money", "2.3", NULL, NULL},
    {"q_money", "2.30000000000000001", NULL, NULL},
    {"q_money", "2.3000000001", "above-max", NULL},
    {"q_money", "0.09999", "below-min", NULL},
    {"q_date", "2024-02-29", NULL, NULL},
    {"q_date", "2000-02-29", NULL, NULL},
    {"q_date", "2026-02-29", "bad-date", NULL},
    {"q_date", "2026-02-30", "bad-date", NULL},
    {"q_date", "1900-02-29", "bad-date", NULL},
    {"q_date", "2026-04-31", "bad-date", NULL},
    {"q_date", "2026-13-01", "bad-date", NULL},
    {"q_date", "0000-01-01", "bad-date", NULL},
    {"q_date", "9999-12-31", NULL, NULL},
    {"q_date", "1-4-1990", "bad-date", NULL},
    {"q_date", "01-04-1990", "bad-date", NULL},
    {"q_date", "1990-4-1", "bad-date", NULL},
    {"q_yesno", "yes", NULL, NULL},
    {"q_yesno", "no", NULL, NULL},
    {"q_yesno", "Yes", "bad-yesno", NULL},
    {"q_yesno", "true", "bad-yesno", NULL},
    {"q_yesno", "ja", "bad-yesno", NULL},
    {"q_choice", "a", NULL, NULL},
    {"q_choice", "A", "bad-choice", NULL},
    {"q_choice", "c", "bad-choice", NULL},
    {"q_choice", "a b", "bad-choice", NULL},
    {"q_multi", "c a", NULL, "a c"},
    {"q_multi", "b\n\ta", NULL, "a b"},
    {"q_multi", "a a", "duplicate-choice", NULL},
    {"q_multi", "a x", "bad-choice", NULL},
    {"q_email", "a.jansen@example.nl", NULL, NULL},
    {"q_email", "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf@example.eg", NULL, NULL},
    {"q_email", "sanne.devries@example", "bad-email", NULL},
    {"q_email", "immigration.office.example.nl", "bad-email", NULL},
    {"q_email", "a@b@example.nl", "bad-email", NULL},
    {"q_email", "@example.nl", "bad-email", NULL},
    {"q_email", "a b@example.nl", "bad-email", NULL},
    {"q_email", "a@.example.nl", "bad-email", NULL},
    {"q_email", "a@example..nl", "bad-email", NULL},
    {"q_email", "a@example.nl.", "bad-email", NULL},
    {"q_phone", "+31612345678", NULL, NULL},
    {"q_phone", "0612345678", NULL, NULL},
    {"q_phone", "06-12345678", NULL, "0612345678"},
    {"q_phone", "+31 20 123 4567", NULL, "+31201234567"},
    {"q_phone", "+21261", "bad-phone", NULL},
    {"q_phone", "061234567", "bad-phone", NULL},
    {"q_phone", "1612345678", "bad-phone", NULL},
    {"q_phone", "(020) 1234567", "bad-phone", NULL},
    {"q_phone", "+ 31612345678", "bad-phone", NULL},
    {"q_phone", "06--12345678", "bad-phone", NULL},
    {"q_phone", "+1234567890123456", "bad-phone", NULL},
    {"q_phone", "020.1234567", "bad-phone", NULL},
    {"q_country", "NL", NULL, NULL},
    {"q_country", "nl", NULL, "NL"},
    {"q_country", "Sy", NULL, "SY"},
    {"q_country", "XK", NULL, NULL},
    {"q_country", "AN", "bad-country", NULL},
    {"q_country", "YU", "bad-country", NULL},
    {"q_country", "UK", "bad-country", NULL},
    {"q_country", "NLD", "bad-country", NULL},
    {"q_country", "Netherlands", "bad-country", NULL},
    {"q_bsn", "111222333", NULL, NULL},
    {"q_bsn", "123456782", NULL, NULL},
    {"q_bsn", "123456789", "bad-bsn", NULL},
    {"q_bsn", "234567891", "bad-bsn", NULL},
    {"q_bsn", "000000000", "bad-bsn", NULL},
    {"q_bsn", "11122233", "bad-bsn", NULL},
    {"q_bsn", "111 222 333", "bad-bsn", NULL},
    {"q_bsn", "1112223330", "bad-bsn", NULL},
    {"q_iban", "NL91ABNA0417164300", NULL, NULL},
    {"q_iban", "NL91 ABNA 0417 1643 00", NULL, "NL91ABNA0417164300"},
    {"q_iban", "nl91abna0417164300", NULL, "NL91ABNA0417164300"},
    {"q_iban", "GB82 WEST 1234 5698 7654 32", NULL, "GB82WEST12345698765432"},
    {"q_iban", "DE89370400440532013000", NULL, NULL},
    {"q_iban", "BE68539007547034", NULL, NULL},
    {"q_iban", "NO9386011117947", NULL, NULL},
    {"q_iban", "NL91ABNA0417164301", "bad-iban", NULL},
    {"q_iban", "NL91ABNA041716430", "bad-iban", NULL},
    {"q_iban", "BE6853900754703", "bad-iban", NULL},
    {"q_iban", "NL91-ABNA-0417-1643-00", "bad-iban", NULL},
    {"q_iban", "NL12", "bad-iban", NULL},
    {"q_postcode", "1234 AB", NULL, "1234AB"},
    {"q_postcode", "1234AB", NULL, NULL},
    {"q_postcode", "1234 ab", NULL, "1234AB"},
    {"q_postcode", "0234 AB", "bad-postcode", NULL},
    {"q_postcode", "1234 SA", "bad-postcode", NULL},
    {"q_postcode", "1234 SD", "bad-postcode", NULL},
    {"q_postcode", "1234ss", "bad-postcode", NULL},
    {"q_postcode", "1234  AB", "bad-postcode", NULL},
    {"q_postcode", "351 AX", "bad-postcode", NULL},
    {"q_postcode", "25150 BM", "bad-postcode", NULL},
    {"q_postcode", "5612 M", "bad-postcode", NULL},
    {"q_file", "passport.pdf", NULL, NULL},
    {"q_file", "../etc/passwd", "bad-file", NULL},
    {"q_file", "c:\\temp\\a.pdf", "bad-file", NULL},
    {"q_file", "..", "bad-file", NULL},
    /* lengths count characters (code points), not bytes */
    {"q_name", "Zo\xc3\xab", NULL, NULL},
    {"q_name", "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf", NULL, NULL}, /* 4 Arabic letters, 8 bytes */
    {"q_name", "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf\xd8\xb9\xd9\x84", "too-long", NULL},
    {"q_name",
     "e\xcc\x81"
     "e\xcc\x81"
     "e\xcc\x81",
     "too-long", NULL}, /* 6 code points */
    {"q_name", "a", "too-short", NULL},
    {"q_name", "  ab  ", NULL, "ab"},
    /* patterns match the whole trimmed answer */
    {"q_code", "AB12", NULL, NULL},
    {"q_code", "AB12\n", NULL, "AB12"},
    {"q_code", "ab12", "pattern-mismatch", NULL},
    {"q_code", "AB123", "pattern-mismatch", NULL},
    {"q_code", "xAB12", "pattern-mismatch", NULL},
    {"q_redos", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL, NULL},
    {"q_redos", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "not-checked", NULL},
    /* bounds, with today() = 2026-11-30 */
    {"q_age", "18", NULL, NULL},
    {"q_age", "120", NULL, NULL},
    {"q_age", "17", "below-min", NULL},
    {"q_age", "121", "above-max", NULL},
    {"q_day", "2000-01-01", NULL, NULL},
    {"q_day", "2026-11-30", NULL, NULL},
    {"q_day", "1999-12-31", "below-min", NULL},
    {"q_day", "2026-12-01", "above-max", NULL},
    {"q_picks", "a", NULL, NULL},
    {"q_picks", "a c", NULL, NULL},
    {"q_picks", "a b c", "too-many-selected", NULL},
};

START_TEST(test_answer)
{
    const answer_case *c = &answer_cases[_i];
    compiled form = compile(types_form);
    char sub[4096];
    snprintf(sub, sizeof sub,
             "<submission xmlns=\"urn:helder:submission:1\" form=\"t\" version=\"1\" "
             "xml:lang=\"en\"><answer id=\"%s\">%s</answer></submission>",
             c->question, c->answer);
    helder_check_result *result = run_check(&form, sub, NULL);
    char *got = describe(result);
    char want[256] = "";
    if (c->rule)
        snprintf(want, sizeof want, "%s:%s", c->rule, c->question);
    ck_assert_msg(strcmp(got, want) == 0, "%s = '%s': got '%s', want '%s'", c->question, c->answer,
                  got, want);
    ck_assert_int_eq(helder_check_result_valid(result), c->rule == NULL);
    if (!c->rule) {
        char *canonical = normalized_answer(result, c->question);
        const char *expected = c->canonical ? c->canonical : c->answer;
        ck_assert_msg(canonical && strcmp(canonical, expected) == 0,
                      "%s = '%s': canonical '%s', want '%s'", c->question, c->answer,
                      canonical ? canonical : "(none)", expected);
        free(canonical);
    }
    free(got);
    helder_check_result_free(result);
    release(&form);
}
END_TEST

/* The identifier rules on their own, with published test vectors. */
START_TEST(test_identifiers)
{
    static const char *const good_ibans[] = {
        "NL91ABNA0417164300", "GB82WEST12345698765432",          "DE89370400440532013000",
        "BE68539007547034",   "FR1420041010050500013M02606",     "CH9300762011623852957",
        "NO9386011117947",    "MT84MALT011000012345MTLCAST001S",
    };
    for (size_t i = 0; i < sizeof good_ibans / sizeof good_ibans[0]; i++)
        ck_assert_msg(helder_iban_valid(good_ibans[i], strlen(good_ibans[i])), "%s", good_ibans[i]);
    ck_assert(!helder_iban_valid("NL91ABNA0417164301", 18));
    ck_assert(!helder_iban_valid("GB82WEST1234569876543", 21));
    ck_assert(helder_bsn_valid("111222333", 9));
    ck_assert(helder_bsn_valid("123456782", 9));
    ck_assert(!helder_bsn_valid("123456789", 9));
    ck_assert(!helder_bsn_valid("000000000", 9));
    ck_assert(helder_country_valid("NL", 2));
    ck_assert(helder_country_valid("ZW", 2));
    ck_assert(helder_country_valid("AD", 2));
    ck_assert(!helder_country_valid("ZZ", 2));
    ck_assert(!helder_country_valid("nl", 2));
}
END_TEST

/* ---- the rules, on small forms ---- */

typedef struct {
    const char *name;
    const char *form;
    const char *submission;
    const char *expected; /* describe() of the findings */
} rule_case;

/* x optional; y required, asked only when x is not 'a'. */
/* clang-format off */
#define CLASSIC                                                                                    \
    FORM(SECTION("s", "",                                                                          \
        QUESTION("x", "choice", "", OPTION("a") OPTION("b"))                                       \
        QUESTION("y", "text", "required=\"true\" when=\"not(x = 'a')\"", "")))

#define REPEAT_FORM                                                                                \
    FORM(SECTION("s", "",                                                                          \
        QUESTION("has", "yesno", "required=\"true\"", "")                                          \
        REPEAT("kids", "min=\"1\" max=\"2\" when=\"has\"",                                         \
            QUESTION("kid_age", "integer", "required=\"true\"", "")                                \
            QUESTION("kid_school", "text", "required=\"true\" when=\"kid_age &gt;= 4\"", ""))      \
        QUESTION("total", "integer", "",                                                           \
            "<constraint test=\"total = count(kids)\">"                                            \
            MESSAGES("Count your children again", "Tel uw kinderen opnieuw") "</constraint>")))

#define CASCADE                                                                                    \
    FORM(SECTION("s", "",                                                                          \
        QUESTION("born", "date", "required=\"true\"", "")                                          \
        "<computed id=\"age\" value=\"age(born)\"/>"                                               \
        QUESTION("job", "text", "when=\"age &gt;= 18\" required=\"true\"", ""))                    \
    "<rule id=\"adult\" test=\"age &gt;= 16\">" MESSAGES("Too young", "Te jong") "</rule>")

#define RULES                                                                                      \
    FORM(SECTION("s", "",                                                                          \
        QUESTION("a", "integer", "", "")                                                           \
        QUESTION("b", "integer", "",                                                               \
            "<constraint test=\"b &gt; a\">" MESSAGES("b above a", "b boven a") "</constraint>"    \
            "<constraint test=\"b &lt; 100\">" MESSAGES("b below 100", "b onder 100")              \
            "</constraint>")                                                                       \
        "<computed id=\"c1\" value=\"a + 1\"/><computed id=\"c2\" value=\"c1 * 2\"/>")             \
    "<rule id=\"r\" test=\"c2 != 10\">" MESSAGES("Not four", "Geen vier") "</rule>")

#define OPTIONS                                                                                    \
    FORM(SECTION("s", "",                                                                          \
        QUESTION("where", "choice", "", OPTION("abroad") OPTION("home"))                           \
        QUESTION("kind", "choice", "", OPTION("first") OPTION_WHEN("extend", "where = 'home'"))    \
        QUESTION("many", "multichoice", "", OPTION("x") OPTION_WHEN("y", "where = 'home'"))))

#define SECTIONS                                                                                   \
    FORM(SECTION("s1", "", QUESTION("go", "yesno", "", ""))                                        \
             SECTION("s2", "when=\"go\"", QUESTION("inner", "text", "required=\"true\"", "")))

#define STRUCTURE                                                                                  \
    FORM(SECTION("s", "", QUESTION("q", "text", "", "") "<computed id=\"c\" value=\"q\"/>"         \
                 REPEAT("r", "", QUESTION("rq", "text", "", ""))))
/* clang-format on */

static const rule_case rule_cases[] = {
    /* the classic bug: a skipped x must not make y apply */
    {"x skipped: y does not apply", CLASSIC, SUB(""), ""},
    {"x skipped, y answered: warning", CLASSIC, SUB(A("y", "hello")), "not-relevant:y"},
    {"x is b: y required", CLASSIC, SUB(A("x", "b")), "required:y"},
    {"x is a: y does not apply", CLASSIC, SUB(A("x", "a") A("y", "hi")), "not-relevant:y"},
    {"x is b, y given", CLASSIC, SUB(A("x", "b") A("y", "hi")), ""},
    {"empty answer is no answer", CLASSIC, SUB(A("x", "b") A("y", "  ")), "required:y"},
    {"empty answer to a question that does not apply", CLASSIC, SUB(A("x", "a") A("y", "")), ""},
    /* sections */
    {"section applies", SECTIONS, SUB(A("go", "yes")), "required:inner"},
    {"section does not apply", SECTIONS, SUB(A("go", "no") A("inner", "x")), "not-relevant:inner"},
    {"section unknown", SECTIONS, SUB(A("inner", "x")), "not-relevant:inner"},
    /* repeats: counts when relevant, conditions per item */
    {"repeat too few", REPEAT_FORM, SUB(A("has", "yes")), "too-few-items:kids"},
    {"repeat too many", REPEAT_FORM,
     SUB(A("has", "yes") "<repeat id=\"kids\"><item>" A("kid_age", "1") "</item><item>" A(
         "kid_age", "2") "</item><item>" A("kid_age", "3") "</item></repeat>"),
     "too-many-items:kids"},
    {"repeat does not apply", REPEAT_FORM,
     SUB(A("has", "no") "<repeat id=\"kids\"><item>" A("kid_age", "1") "</item></repeat>"),
     "not-relevant:kids"},
    {"repeat does not apply, empty item", REPEAT_FORM,
     SUB(A("has", "no") "<repeat id=\"kids\"><item/></repeat>"), ""},
    {"item sees its own answers", REPEAT_FORM,
     SUB(A("has", "yes") "<repeat id=\"kids\"><item>" A("kid_age", "2") "</item><item>" A(
         "kid_age", "6") "</item></repeat>"),
     "required:kids[2]/kid_school"},
    {"item-scoped relevance both ways", REPEAT_FORM,
     SUB(A("has", "yes") "<repeat id=\"kids\"><item>" A("kid_age", "2")
             A("kid_school", "x") "</item><item>" A("kid_age", "6")
                 A("kid_school", "y") "</item></repeat>"),
     "not-relevant:kids[1]/kid_school"},
    {"required inside an item", REPEAT_FORM,
     SUB(A("has", "yes") "<repeat id=\"kids\"><item/></repeat>"), "required:kids[1]/kid_age"},
    {"count() in a constraint", REPEAT_FORM,
     SUB(A("has", "yes") "<repeat id=\"kids\"><item>" A("kid_age",
                                                        "2") "</item></repeat>" A("total", "2")),
     "constraint:total"},
    {"count() of a repeat that does not apply is 0", REPEAT_FORM,
     SUB(A("has", "no") A("total", "0")), ""},
    /* constraints and rules fail only when definitely false; each constraint on its own */
    {"constraint unknown holds", RULES, SUB(A("b", "3")), ""},
    {"constraint false", RULES, SUB(A("a", "5") A("b", "3")), "constraint:b"},
    {"two constraints false", RULES, SUB(A("a", "500") A("b", "300")), "constraint:b constraint:b"},
    {"computed values in order", RULES, SUB(A("a", "4") A("b", "5")), "rule:r"},
    {"rule unknown holds", RULES, SUB(""), ""},
    /* one mistake, one finding */
    {"bad date, no cascade", CASCADE, SUB(A("born", "2001-02-29") A("job", "cook")),
     "bad-date:born"},
    {"missing date, no cascade", CASCADE, SUB(A("job", "cook")), "required:born"},
    {"rule false", CASCADE, SUB(A("born", "2015-01-01")), "rule:adult"},
    {"when false through a computed value", CASCADE, SUB(A("born", "2012-01-01") A("job", "x")),
     "not-relevant:job rule:adult"},
    {"required through a computed value", CASCADE, SUB(A("born", "1990-01-01")), "required:job"},
    /* options whose condition does not hold, or cannot be decided */
    {"option available", OPTIONS, SUB(A("where", "home") A("kind", "extend") A("many", "x y")), ""},
    {"option not available", OPTIONS, SUB(A("where", "abroad") A("kind", "extend")),
     "option-not-available:kind"},
    {"option unknown is not available", OPTIONS, SUB(A("kind", "extend")),
     "option-not-available:kind"},
    {"multichoice option not available", OPTIONS, SUB(A("where", "abroad") A("many", "y x")),
     "option-not-available:many"},
    {"bad option value, not also unavailable", OPTIONS, SUB(A("where", "abroad") A("kind", "x")),
     "bad-choice:kind"},
    /* the structure of the answers */
    {"unknown question", STRUCTURE, SUB(A("nope", "1")), "unknown-question:nope"},
    {"answer to a computed value", STRUCTURE, SUB(A("c", "1")), "unknown-question:c"},
    {"answer to a section", STRUCTURE, SUB(A("s", "1")), "unknown-question:s"},
    {"repeat question at top level", STRUCTURE, SUB(A("rq", "1")), "misplaced-answer:rq"},
    {"top-level question in an item", STRUCTURE,
     SUB("<repeat id=\"r\"><item>" A("q", "1") "</item></repeat>"), "misplaced-answer:r[1]/q"},
    {"unknown repeat", STRUCTURE, SUB("<repeat id=\"q\"><item/></repeat>"), "unknown-repeat:q"},
    {"duplicate answer", STRUCTURE, SUB(A("q", "1") A("q", "2")), "duplicate-answer:q"},
    {"duplicate answer in an item", STRUCTURE,
     SUB("<repeat id=\"r\"><item>" A("rq", "1") A("rq", "1") "</item></repeat>"),
     "duplicate-answer:r[1]/rq"},
    {"duplicate repeat", STRUCTURE, SUB("<repeat id=\"r\"/><repeat id=\"r\"/>"),
     "duplicate-repeat:r"},
    {"wrong form", STRUCTURE,
     "<submission xmlns=\"urn:helder:submission:1\" form=\"other\" version=\"1\" "
     "xml:lang=\"en\">" A("nope", "1") "</submission>",
     "wrong-form"},
    {"wrong version", STRUCTURE,
     "<submission xmlns=\"urn:helder:submission:1\" form=\"t\" version=\"2\" "
     "xml:lang=\"en\">" A("nope", "1") "</submission>",
     "wrong-version"},
    {"not a submission", STRUCTURE, "<form xmlns=\"urn:helder:form:1\"/>", "schema"},
    {"markup in an answer", STRUCTURE, SUB("<answer id=\"q\">a<b/>c</answer>"), "schema"},
    {"comment in an answer", STRUCTURE, SUB("<answer id=\"q\">a<!-- x -->b</answer>"), ""},
    {"doctype", STRUCTURE,
     "<!DOCTYPE s [<!ENTITY a \"aaaa\">]><submission xmlns=\"urn:helder:submission:1\" "
     "form=\"t\" version=\"1\" xml:lang=\"en\">" A("q", "&a;") "</submission>",
     "xml-doctype"},
    {"invalid utf-8", STRUCTURE, SUB(A("q", "\xc3\x28")), "xml-encoding"},
    {"overlong utf-8", STRUCTURE, SUB(A("q", "\xc0\xaf")), "xml-encoding"},
    {"not xml", STRUCTURE, "hello", "xml-malformed"},
    {"empty", STRUCTURE, "", "xml-malformed"},
};

START_TEST(test_rule)
{
    const rule_case *c = &rule_cases[_i];
    compiled form = compile(c->form);
    helder_check_result *result = run_check(&form, c->submission, NULL);
    char *got = describe(result);
    ck_assert_msg(strcmp(got, c->expected) == 0, "%s: got '%s', want '%s'", c->name, got,
                  c->expected);
    /* Valid exactly when there is no error. */
    ck_assert_int_eq(helder_check_result_valid(result),
                     helder_check_result_count(result, HELDER_SEVERITY_ERROR) == 0);
    free(got);
    helder_check_result_free(result);
    release(&form);
}
END_TEST

/* ---- messages: the submission's language, labels, the form's own texts ---- */

typedef struct {
    const char *lang;
    const char *question;
    const char *label;
    const char *message;
} message_case;

#define LANG_FORM                                                                                  \
    "<form xmlns=\"urn:helder:form:1\" id=\"t\" version=\"1\" languages=\"nl en ar\">"             \
    "<title xml:lang=\"nl\">T</title><title xml:lang=\"en\">T</title><title "                      \
    "xml:lang=\"ar\">T</title><section id=\"s\"><title xml:lang=\"nl\">S</title><title "           \
    "xml:lang=\"en\">S</title><title xml:lang=\"ar\">S</title>"                                    \
    "<question id=\"name\" type=\"text\" required=\"true\" maxlength=\"3\">"                       \
    "<label xml:lang=\"nl\">Wat is uw naam?</label><label xml:lang=\"en\">What is your "           \
    "name?</label><label xml:lang=\"ar\">"                                                         \
    "\xd9\x85\xd8\xa7 \xd8\xa7\xd8\xb3\xd9\x85\xd9\x83\xd8\x9f</label>"                            \
    "</question><question id=\"ok\" type=\"yesno\"><label xml:lang=\"nl\">Klopt het?</label>"      \
    "<label xml:lang=\"en\">Is it right?</label>"                                                  \
    "<label xml:lang=\"ar\">\xd8\xb5\xd8\xad\xd9\x8a\xd8\xad\xd8\x9f</label>"                      \
    "<constraint test=\"ok\"><message xml:lang=\"nl\">Het moet kloppen.</message>"                 \
    "<message xml:lang=\"en\">It must be right.</message><message "                                \
    "xml:lang=\"ar\">\xd9\x8a\xd8\xac\xd8\xa8.</message></constraint></question></section></form>"

static const message_case message_cases[] = {
    {"nl", "name", "Wat is uw naam?", "Beantwoord deze vraag"},
    {"en", "name", "What is your name?", "Answer this question"},
    {"nl-BE", "name", "Wat is uw naam?", "Beantwoord deze vraag"},
    {"EN-gb", "name", "What is your name?", "Answer this question"},
    {"de", "name", "Wat is uw naam?", "Beantwoord deze vraag"}, /* not declared: the first */
    {"ar", "name", "\xd9\x85\xd8\xa7 \xd8\xa7\xd8\xb3\xd9\x85\xd9\x83\xd8\x9f",
     "Answer this question"}, /* built-in messages fall back to English */
    {"nl", "ok", "Klopt het?", "Het moet kloppen."},
    {"en", "ok", "Is it right?", "It must be right."},
    {"ar", "ok", "\xd8\xb5\xd8\xad\xd9\x8a\xd8\xad\xd8\x9f", "\xd9\x8a\xd8\xac\xd8\xa8."},
};

START_TEST(test_message)
{
    const message_case *c = &message_cases[_i];
    compiled form = compile(LANG_FORM);
    char sub[512];
    const helder_check_finding *findings;
    snprintf(sub, sizeof sub,
             "<submission xmlns=\"urn:helder:submission:1\" form=\"t\" version=\"1\" "
             "xml:lang=\"%s\">%s</submission>",
             c->lang, strcmp(c->question, "ok") == 0 ? A("name", "Ann") A("ok", "no") : "");
    helder_check_result *result = run_check(&form, sub, NULL);
    size_t count = helder_check_result_findings(result, &findings);
    ck_assert_uint_eq(count, 1);
    ck_assert_str_eq(findings[0].question, c->question);
    ck_assert_str_eq(findings[0].label, c->label);
    ck_assert_str_eq(findings[0].message, c->message);
    helder_check_result_free(result);
    release(&form);
}
END_TEST

START_TEST(test_message_placeholders)
{
    compiled form = compile(LANG_FORM);
    const helder_check_finding *findings;
    const char *sub = "<submission xmlns=\"urn:helder:submission:1\" form=\"t\" version=\"1\" "
                      "xml:lang=\"nl\">" A("name", "Anna") "</submission>";
    helder_check_result *result = run_check(&form, sub, NULL);
    ck_assert_uint_eq(helder_check_result_findings(result, &findings), 1);
    ck_assert_str_eq(findings[0].rule, "too-long");
    ck_assert_str_eq(findings[0].message, "Schrijf hoogstens 3 tekens. U schreef er 4");
    ck_assert_uint_eq(findings[0].line, 1);
    helder_check_result_free(result);
    release(&form);

    /* Dates in messages are written out for people, in the catalogue's language. */
    form = compile(types_form);
    result = run_check(&form, SUB(A("q_day", "2026-12-01")), NULL);
    ck_assert_uint_eq(helder_check_result_findings(result, &findings), 1);
    ck_assert_str_eq(findings[0].message, "Enter a date on or before 30 November 2026");
    helder_check_result_free(result);
    result = run_check(&form, SUB_LANG("nl", A("q_day", "2026-12-01")), NULL);
    ck_assert_uint_eq(helder_check_result_findings(result, &findings), 1);
    ck_assert_str_eq(findings[0].message, "Vul een datum in op of voor 30 november 2026");
    ck_assert_str_eq(findings[0].label, "Vraag q_day");
    helder_check_result_free(result);
    release(&form);
}
END_TEST

/* Every message of the catalogue exists in every language, fills its placeholders, and keeps to
 * one line without a trailing period. */
START_TEST(test_catalogue)
{
    helder_arena arena = {NULL};
    helder_msg_args args = {"1", "2", "3", "4", "5"};
    for (int lang = 0; lang < 2; lang++) {
        for (int msg = 1; msg < HELDER_MSG__COUNT; msg++) {
            const char *text = helder_msg_format(&arena, (helder_check_msg)msg, lang, &args);
            size_t len = strlen(text);
            ck_assert_msg(len > 0, "message %d empty in %s", msg, helder_catalogue_lang_name(lang));
            ck_assert_msg(!strchr(text, '{') && !strchr(text, '\n'), "message %d: %s", msg, text);
            ck_assert_msg(text[len - 1] != '.', "message %d ends in a period: %s", msg, text);
        }
    }
    ck_assert_str_eq(helder_catalogue_lang_name(helder_catalogue_lang("ar")), "en");
    ck_assert_str_eq(helder_catalogue_lang_name(helder_catalogue_lang("nl-NL")), "nl");
    helder_arena_free(&arena);
}
END_TEST

/* ---- the hand-written structure check accepts exactly what submission.rng accepts ---- */

static int rng_accepts(const char *buf, size_t len)
{
    helder_xml_limits limits = {1u << 20, 32};
    capture cap;
    capture_init(&cap);
    xmlDocPtr doc = helder_xml_parse(buf, len, "s.xml", &limits, 1, &cap.sink);
    if (!doc)
        return -1;
    int ok = helder_schema_validate(doc, HELDER_SCHEMA_SUBMISSION, "s.xml", NULL, &cap.sink) ==
             HELDER_OK;
    xmlFreeDoc(doc);
    return ok;
}

static void assert_agrees(const compiled *form, const char *name, const char *buf, size_t len)
{
    int rng = rng_accepts(buf, len);
    if (rng < 0)
        return; /* not XML: neither stage sees it */
    helder_check_options opts = HELDER_CHECK_OPTIONS_INIT;
    helder_check_result *result = NULL;
    const helder_check_finding *findings;
    opts.today = today_days();
    helder_check_submission(&result, form->plan, buf, len, name, &opts);
    size_t count = helder_check_result_findings(result, &findings);
    int fast = 1;
    for (size_t i = 0; i < count; i++)
        if (strcmp(findings[i].rule, "schema") == 0)
            fast = 0;
    ck_assert_msg(fast == rng, "%s: structure check says %s, submission.rng says %s", name,
                  fast ? "valid" : "invalid", rng ? "valid" : "invalid");
    /* Salvaging answers reads on past what is wrong, and says the same about it. */
    helder_check_result *salvaged = NULL;
    opts.salvage = 1;
    helder_check_submission(&salvaged, form->plan, buf, len, name, &opts);
    char *plain_text = describe(result), *salvaged_text = describe(salvaged);
    ck_assert_msg(strcmp(plain_text, salvaged_text) == 0, "%s: '%s' salvaged: '%s'", name,
                  plain_text, salvaged_text);
    free(plain_text);
    free(salvaged_text);
    helder_check_result_free(salvaged);
    helder_check_result_free(result);
}

static const char *const structure_variants[] = {
    /* attributes of <submission> */
    "received=\"2026-11-30T09:15:00+01:00\"",
    "received=\" 2026-11-30T09:15:00Z \"",
    "received=\"2026-11-30T24:00:00\"",
    "received=\"2026-11-30T24:00:01\"",
    "received=\"2026-02-29T00:00:00\"",
    "received=\"2024-02-29T00:00:00\"",
    "received=\"0000-01-01T00:00:00\"",
    "received=\"-0001-01-01T00:00:00\"",
    "received=\"12026-01-01T00:00:00\"",
    "received=\"02026-01-01T00:00:00\"",
    "received=\"2026-01-01T00:00:00.5\"",
    "received=\"2026-01-01T00:00:00.\"",
    "received=\"2026-01-01T00:00:60\"",
    "received=\"2026-01-01T00:00:00+14:00\"",
    "received=\"2026-01-01T00:00:00+14:01\"",
    "received=\"2026-01-01T00:00:00-00:00\"",
    "received=\"2026-01-01T00:00\"",
    "received=\"2026-01-01\"",
    "received=\"2026-04-31T00:00:00\"",
    "received=\"-0004-02-29T00:00:00\"",
    "received=\"2026-01-01T00:00:00z\"",
    "reference=\"IND-2026-000123\"",
    "reference=\"-a\"",
    "reference=\"a b\"",
    "reference=\"\"",
    "xml:space=\"preserve\"",
    "foo=\"bar\"",
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"x\"",
};

START_TEST(test_structure_matches_schema)
{
    compiled form = compile(STRUCTURE);
    char buf[2048];
    /* The schema examples. */
    glob_t found;
    if (glob("tests/data/schema/submission-*.xml", 0, NULL, &found) == 0) {
        for (size_t i = 0; i < found.gl_pathc; i++) {
            char *text;
            size_t len;
            ck_assert_int_eq(helder_read_file(&text, &len, found.gl_pathv[i], 1u << 20), 0);
            assert_agrees(&form, found.gl_pathv[i], text, len);
            free(text);
        }
        globfree(&found);
    }
    /* Attributes. */
    for (size_t i = 0; i < sizeof structure_variants / sizeof structure_variants[0]; i++) {
        snprintf(buf, sizeof buf,
                 "<submission xmlns=\"urn:helder:submission:1\" form=\"t\" version=\"1\" "
                 "xml:lang=\"en\" %s/>",
                 structure_variants[i]);
        assert_agrees(&form, structure_variants[i], buf, strlen(buf));
    }
    /* Ids, versions and languages at the edges of their patterns. */
    static const char *const roots[] = {
        "form=\"t\" version=\"1\" xml:lang=\"en\"",
        "form=\"T\" version=\"1\" xml:lang=\"en\"",
        "form=\"t_1\" version=\"2026.1-rc_2\" xml:lang=\"zh-Hant\"",
        "form=\"t\" version=\"1 \" xml:lang=\"en\"",
        "form=\"t\" version=\".1\" xml:lang=\"en\"",
        "form=\"t\" version=\"1\" xml:lang=\"en-\"",
        "form=\"t\" version=\"1\" xml:lang=\"abcdefghi\"",
        "form=\"t\" version=\"1\" xml:lang=\"en-123456789\"",
        "form=\"t\" version=\"1\" xml:lang=\"\"",
        "form=\"t\" version=\"1\"",
        "form=\"t\" xml:lang=\"en\"",
        "version=\"1\" xml:lang=\"en\"",
        "form=\"abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\" version=\"1\" "
        "xml:lang=\"en\"",
        "form=\"abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\" version=\"1\" "
        "xml:lang=\"en\"",
    };
    for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
        snprintf(buf, sizeof buf, "<submission xmlns=\"urn:helder:submission:1\" %s/>", roots[i]);
        assert_agrees(&form, roots[i], buf, strlen(buf));
    }
    /* Content. */
    static const char *const bodies[] = {
        A("q", "x"),
        "<answer id=\"q\"/>",
        "<answer id=\"q\"><![CDATA[<x>]]></answer>",
        "<answer id=\"q\">a<?pi x?>b</answer>",
        "<answer id=\"q\">a<b/></answer>",
        "<answer id=\"Q\">x</answer>",
        "<answer id=\"q\" x=\"1\">x</answer>",
        "<answer>x</answer>",
        "<answer xmlns=\"\" id=\"q\">x</answer>",
        "text",
        "<!-- c --><?pi?>",
        "<repeat id=\"r\"><item>" A("rq", "x") "</item><item/></repeat>",
        "<repeat id=\"r\">text</repeat>",
        "<repeat id=\"r\"><item>text</item></repeat>",
        "<repeat id=\"r\"><item n=\"1\"/></repeat>",
        "<repeat id=\"r\"><answer id=\"q\"/></repeat>",
        "<repeat id=\"r\"><item><repeat id=\"r\"/></item></repeat>",
        "<item/>",
        "<repeat id=\"r\"><item><item/></item></repeat>",
        "<repeat/>",
        "<other/>",
        "<answer id=\"a&#10;\">x</answer>",
        "<answer id=\"a&#x62;\">x</answer>",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        snprintf(buf, sizeof buf,
                 "<submission xmlns=\"urn:helder:submission:1\" form=\"t\" version=\"1\" "
                 "xml:lang=\"en\">%s</submission>",
                 bodies[i]);
        assert_agrees(&form, bodies[i], buf, strlen(buf));
    }
    release(&form);
}
END_TEST

/* ---- facts ---- */

#define FACTS(body) "<facts xmlns=\"urn:helder:facts:1\">\n" body "</facts>\n"
#define FACT(name, value) "<fact name=\"" name "\">" value "</fact>\n"

/* clang-format off */
#define FACTS_FORM                                                                                 \
    FORM(SECTION("s", "",                                                                          \
        QUESTION("bsn", "bsn", "required=\"true\" fact=\"person.bsn\"", "")                        \
        QUESTION("born", "date", "required=\"true\"", "")                                          \
        QUESTION("city", "text", "fact=\"address.town\"", "")                                      \
        REPEAT("kids", "", QUESTION("kid", "text", "required=\"true\"", ""))))
/* clang-format on */

typedef struct {
    const char *name;
    const char *facts;
    const char *submission;
    const char *load;     /* rules reported while loading the facts, "rule@line" */
    const char *expected; /* describe() of the check */
} facts_case;

static const facts_case facts_cases[] = {
    {"facts fill in", FACTS(FACT("person.bsn", "111222333") FACT("born", "1990-04-01")), SUB(""),
     "", ""},
    {"facts agree", FACTS(FACT("person.bsn", "111222333")),
     SUB(A("bsn", "111222333") A("born", "1990-04-01")), "", ""},
    {"answer contradicts a fact", FACTS(FACT("person.bsn", "111222333")),
     SUB(A("bsn", "123456782") A("born", "1990-04-01")), "", "fact-mismatch:bsn"},
    {"canonical forms agree", FACTS(FACT("address.town", "Utrecht") FACT("born", "1990-04-01")),
     SUB(A("bsn", "111222333") A("city", " Utrecht ")), "", ""},
    {"a fact by id does not answer a question with a fact attribute",
     FACTS(FACT("bsn", "111222333") FACT("born", "1990-04-01")), SUB(""), "unused-fact@2",
     "required:bsn"},
    {"bad fact", FACTS(FACT("born", "1990-02-30") FACT("person.bsn", "111222333")), SUB(""),
     "bad-fact@2", "required:born"},
    {"unused fact", FACTS(FACT("shoe.size", "44") FACT("born", "1990-04-01")),
     SUB(A("bsn", "111222333")), "unused-fact@2", ""},
    {"fact twice", FACTS(FACT("born", "1990-04-01") FACT("born", "1990-04-01")),
     SUB(A("bsn", "111222333")), "duplicate-fact@3", ""},
    {"group fills a repeat",
     FACTS(FACT("born", "1990-04-01") "<group name=\"kids\"><item>" FACT(
         "kid", "Noor") "</item><item>" FACT("kid", "Sami") "</item></group>"),
     SUB(A("bsn", "111222333")), "", ""},
    {"group agrees item by item",
     FACTS(FACT("born", "1990-04-01") "<group name=\"kids\"><item>" FACT("kid",
                                                                         "Noor") "</item></group>"),
     SUB(A("bsn", "111222333") "<repeat id=\"kids\"><item>" A("kid", "Sam") "</item></repeat>"), "",
     "fact-mismatch:kids[1]/kid"},
    {"group count differs",
     FACTS(FACT("born", "1990-04-01") "<group name=\"kids\"><item>" FACT("kid",
                                                                         "Noor") "</item></group>"),
     SUB(A("bsn", "111222333") "<repeat id=\"kids\"><item>" A("kid", "Noor") "</item><item>" A(
         "kid", "Sami") "</item></repeat>"),
     "", "fact-mismatch:kids"},
    {"fact of a repeat question at top level",
     FACTS(FACT("kid", "Noor") FACT("born", "1990-04-01")), SUB(A("bsn", "111222333")),
     "unused-fact@2", ""},
    {"unknown group", FACTS("<group name=\"pets\"/>" FACT("born", "1990-04-01")),
     SUB(A("bsn", "111222333")), "unused-fact@2", ""},
};

static void collect_load(const helder_diag *diag, void *payload)
{
    char *text = payload;
    size_t len = strlen(text);
    snprintf(text + len, 512 - len, "%s%s@%u", len ? " " : "", diag->rule, diag->line);
}

START_TEST(test_facts)
{
    const facts_case *c = &facts_cases[_i];
    compiled form = compile(FACTS_FORM);
    char load[512] = "";
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(collect_load, load);
    helder_facts *facts = NULL;
    helder_facts_load_memory(&facts, form.plan, c->facts, strlen(c->facts), "f.xml", NULL, &sink);
    ck_assert_msg(strcmp(load, c->load) == 0, "%s: loading gave '%s', want '%s'", c->name, load,
                  c->load);
    ck_assert_ptr_nonnull(facts);
    helder_check_result *result = run_check(&form, c->submission, facts);
    char *got = describe(result);
    ck_assert_msg(strcmp(got, c->expected) == 0, "%s: got '%s', want '%s'", c->name, got,
                  c->expected);
    if (strcmp(c->name, "facts fill in") == 0) {
        /* The cleaned submission holds what the facts gave. */
        char *bsn = normalized_answer(result, "bsn");
        ck_assert_str_eq(bsn, "111222333");
        free(bsn);
    }
    free(got);
    helder_check_result_free(result);
    helder_facts_free(facts);
    release(&form);
}
END_TEST

/* A simplified form's prefill answers an unanswered question; read-only, it must not change. */
START_TEST(test_prefill)
{
    compiled form = compile(FORM(SECTION(
        "s", "",
        QUESTION("a", "postcode", "required=\"true\" prefill=\"1234AB\" readonly=\"true\"", "")
            QUESTION("b", "text", "required=\"true\" prefill=\"x\" readonly=\"false\"", ""))));
    helder_check_result *result = run_check(&form, SUB(""), NULL);
    char *got = describe(result);
    ck_assert_str_eq(got, "");
    free(got);
    helder_check_result_free(result);
    result = run_check(&form, SUB(A("a", "1234 ab") A("b", "y")), NULL);
    got = describe(result);
    ck_assert_str_eq(got, "");
    free(got);
    helder_check_result_free(result);
    result = run_check(&form, SUB(A("a", "9999ZZ")), NULL);
    got = describe(result);
    ck_assert_str_eq(got, "fact-mismatch:a");
    free(got);
    helder_check_result_free(result);
    release(&form);
}
END_TEST

/* ---- the cleaned submission ---- */

START_TEST(test_normalized)
{
    compiled form = compile(REPEAT_FORM);
    helder_check_result *result =
        run_check(&form,
                  SUB(A("has", "yes") "<repeat id=\"kids\"><item>" A("kid_age", "007")
                          A("kid_school", "A &amp; B") "</item></repeat>" A("total", "1")),
                  NULL);
    char *doc;
    size_t len;
    ck_assert_int_eq(helder_check_result_normalized(&doc, &len, result), HELDER_OK);
    ck_assert_msg(strstr(doc, "<answer id=\"kid_age\">7</answer>") &&
                      strstr(doc, "<answer id=\"kid_school\">A &amp; B</answer>"),
                  "%s", doc);
    /* Not relevant: dropped (kid_school for a 2-year-old). */
    helder_check_result_free(result);
    result = run_check(&form,
                       SUB(A("has", "yes") "<repeat id=\"kids\"><item>" A("kid_age", "2")
                               A("kid_school", "x") "</item></repeat>"),
                       NULL);
    free(doc);
    ck_assert_int_eq(helder_check_result_normalized(&doc, &len, result), HELDER_OK);
    ck_assert_msg(!strstr(doc, "kid_school") && strstr(doc, "kid_age"), "%s", doc);
    /* The cleaned document is a valid submission, and checks the same (without the warning). */
    helder_check_result *again = run_check(&form, doc, NULL);
    char *got = describe(again);
    ck_assert_str_eq(got, "");
    free(got);
    helder_check_result_free(again);
    free(doc);
    helder_check_result_free(result);
    release(&form);
}
END_TEST

/* ---- reading the answers back (helder_check_result_foreach_answer and friends) ---- */

static int append_answer(const helder_check_answer *answer, void *payload)
{
    char *out = payload, flags[8] = "", *flag = flags;
    size_t len = strlen(out);
    static const struct {
        unsigned bit;
        char letter;
    } letters[] = {{HELDER_ANSWER_CHECKED, 'C'},
                   {HELDER_ANSWER_RELEVANT, 'R'},
                   {HELDER_ANSWER_UNDECIDED, 'U'},
                   {HELDER_ANSWER_DROPPED, 'D'},
                   {HELDER_ANSWER_INVALID, 'I'}};
    for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++)
        if (answer->flags & letters[i].bit)
            *flag++ = letters[i].letter;
    *flag = '\0';
    ck_assert_uint_eq(strlen(answer->text), answer->text_len);
    ck_assert_uint_gt(answer->text_len, 0);
    if (answer->repeat)
        len += (size_t)snprintf(out + len, 1024 - len, "%s%s[%u]/", len ? " " : "", answer->repeat,
                                answer->item);
    else if (len)
        out[len++] = ' ';
    len += (size_t)snprintf(out + len, 1024 - len, "%s%s=%s", answer->question,
                            answer->source == HELDER_ANSWER_FACT      ? "(fact)"
                            : answer->source == HELDER_ANSWER_PREFILL ? "(prefill)"
                                                                      : "",
                            answer->text);
    if (answer->normalized)
        ck_assert_uint_eq(strlen(answer->normalized), answer->normalized_len);
    if (answer->normalized && strcmp(answer->normalized, answer->text) != 0)
        len += (size_t)snprintf(out + len, 1024 - len, ">%s", answer->normalized);
    if (flags[0])
        snprintf(out + len, 1024 - len, ":%s", flags);
    return 0;
}

typedef struct {
    const char *name;
    const char *form;
    const char *submission;
    int salvage;
    const char *expected; /* the answers as append_answer writes them */
} answers_case;

#define OTHER_VERSION(body)                                                                        \
    "<submission xmlns=\"urn:helder:submission:1\" form=\"t\" version=\"2\" xml:lang=\"en\">" body \
    "</submission>"

static const answers_case answers_cases[] = {
    {"as given and normalized, in form order", REPEAT_FORM,
     SUB(A("total", " 01 ") A("has", "yes") "<repeat id=\"kids\"><item>" A("kid_age", "007")
             A("kid_school", "A &amp; B") "</item><item>" A("kid_age", "2") "</item></repeat>"),
     0,
     "has=yes:CR kids[1]/kid_age=007>7:CR kids[1]/kid_school=A & B:CR kids[2]/kid_age=2:CR "
     "total=01>1:CR"},
    {"an answer that does not apply is dropped", CLASSIC, SUB(A("x", "a") A("y", "hi")), 0,
     "x=a:CR y=hi:CD"},
    {"an answer in error has no normalized text", CASCADE,
     SUB(A("born", "2001-02-29") A("job", "cook")), 0, "born=2001-02-29:CRI job=cook:CU"},
    {"unknown, misplaced and duplicate answers are not held", STRUCTURE,
     SUB(A("nope", "1") A("rq", "2") A("q", "first") A("q", "second")), 0, "q=first:CR"},
    {"empty answers are no answers", STRUCTURE, SUB(A("q", "  ")), 0, ""},
    {"items past max are not held", REPEAT_FORM,
     SUB(A("has", "yes") "<repeat id=\"kids\"><item>" A("kid_age", "1") "</item><item>" A(
         "kid_age", "2") "</item><item>" A("kid_age", "3") "</item></repeat>"),
     0, "has=yes:CR kids[1]/kid_age=1:CR kids[2]/kid_age=2:CR"},
    {"another version: none", STRUCTURE, OTHER_VERSION(A("q", "x")), 0, ""},
    {"another version, salvaged: read, not checked", STRUCTURE,
     OTHER_VERSION(A("q", "x")
                       A("nope", "y") "<repeat id=\"r\"><item>" A("rq", "z") "</item></repeat>"),
     1, "q=x r[1]/rq=z"},
    {"schema error: none", STRUCTURE, SUB("<answer id=\"q\">a<b/>c</answer>"), 0, ""},
    {"schema error, salvaged: the text of markup in an answer", STRUCTURE,
     SUB("<answer id=\"q\">a<b>b</b>c</answer>"), 1, "q=abc"},
    {"foreign elements and attributes, salvaged: passed over", STRUCTURE,
     SUB("<other><answer id=\"q\">no</answer></other><answer id=\"q\" x=\"1\">no</answer>"
         "text<repeat id=\"r\"><item n=\"1\">" A("rq", "in") "</item><x/></repeat>" A("q", "yes")),
     1, "q=yes r[1]/rq=in"},
    {"attributes missing, salvaged", STRUCTURE,
     "<submission xmlns=\"urn:helder:submission:1\">" A("q", "x") "</submission>", 1, "q=x"},
    {"not a submission, salvaged: none", STRUCTURE,
     "<form xmlns=\"urn:helder:form:1\">" A("q", "x") "</form>", 1, ""},
    {"not XML, salvaged: none", STRUCTURE, SUB(A("q", "x") "<answer id=\"q\">"), 1, ""},
    {"a valid submission reads the same salvaged", REPEAT_FORM, SUB(A("has", "no") A("total", "0")),
     1, "has=no:CR total=0:CR"},
};

START_TEST(test_answers)
{
    const answers_case *c = &answers_cases[_i];
    compiled form = compile(c->form);
    helder_check_options opts = HELDER_CHECK_OPTIONS_INIT;
    helder_check_result *result = NULL, *plain = NULL;
    char got[1024] = "";
    opts.today = today_days();
    opts.salvage = c->salvage;
    int rc = helder_check_submission(&result, form.plan, c->submission, strlen(c->submission),
                                     "s.xml", &opts);
    ck_assert_int_eq(helder_check_result_foreach_answer(result, append_answer, got), 0);
    ck_assert_msg(strcmp(got, c->expected) == 0, "%s: got '%s', want '%s'", c->name, got,
                  c->expected);
    /* Salvaging changes what is read, never the verdict. */
    opts.salvage = !c->salvage;
    helder_check_submission(&plain, form.plan, c->submission, strlen(c->submission), "s.xml",
                            &opts);
    char *with = describe(result), *without = describe(plain);
    ck_assert_str_eq(with, without);
    ck_assert_int_eq(rc, helder_check_result_valid(plain) ? HELDER_OK : HELDER_EINVALID);
    free(with);
    free(without);
    helder_check_result_free(plain);
    helder_check_result_free(result);
    release(&form);
}
END_TEST

static int stop_at_second(const helder_check_answer *answer, void *payload)
{
    int *seen = payload;
    (void)answer;
    return ++*seen == 2 ? 42 : 0;
}

START_TEST(test_answer_lookup)
{
    compiled form = compile(REPEAT_FORM);
    helder_check_answer answer;
    helder_check_result *result =
        run_check(&form,
                  SUB(A("has", "yes") "<repeat id=\"kids\"><item>" A("kid_age", "7")
                          A("kid_school", "X") "</item><item>" A(
                              "kid_age", "3") "</item></repeat>" A("total", "2")),
                  NULL);
    ck_assert_int_eq(helder_check_result_answer(&answer, result, "has", 0), 1);
    ck_assert_str_eq(answer.text, "yes");
    ck_assert_ptr_null(answer.repeat);
    ck_assert_int_eq(helder_check_result_answer(&answer, result, "kid_school", 1), 1);
    ck_assert_str_eq(answer.repeat, "kids");
    ck_assert_uint_eq(answer.item, 1);
    ck_assert_str_eq(answer.text, "X");
    /* no answer, no such item, top level asked with an item, unknown ids */
    ck_assert_int_eq(helder_check_result_answer(&answer, result, "kid_school", 2), 0);
    ck_assert_ptr_null(answer.question);
    ck_assert_int_eq(helder_check_result_answer(&answer, result, "kid_age", 3), 0);
    ck_assert_int_eq(helder_check_result_answer(&answer, result, "kid_age", 0), 0);
    ck_assert_int_eq(helder_check_result_answer(&answer, result, "has", 1), 0);
    ck_assert_int_eq(helder_check_result_answer(&answer, result, "kids", 0), 0);
    ck_assert_int_eq(helder_check_result_answer(&answer, result, "nope", 0), 0);
    ck_assert_int_eq(helder_check_result_answer(&answer, result, NULL, 0), 0);
    ck_assert_uint_eq(helder_check_result_items(result, "kids"), 2);
    ck_assert_int_eq(helder_check_result_repeat_given(result, "kids"), 1);
    ck_assert_uint_eq(helder_check_result_items(result, "has"), 0);
    ck_assert_uint_eq(helder_check_result_items(result, "nope"), 0);
    int seen = 0;
    ck_assert_int_eq(helder_check_result_foreach_answer(result, stop_at_second, &seen), 42);
    ck_assert_int_eq(seen, 2);
    ck_assert_int_eq(helder_check_result_readable(result), 1);
    helder_check_result_free(result);
    /* A file that is no submission holds no answers. */
    result = run_check(&form, "hello", NULL);
    ck_assert_int_eq(helder_check_result_readable(result), 0);
    ck_assert_int_eq(helder_check_result_foreach_answer(result, stop_at_second, &seen), 0);
    ck_assert_uint_eq(helder_check_result_items(result, "kids"), 0);
    helder_check_result_free(result);
    ck_assert_int_eq(helder_check_result_foreach_answer(NULL, stop_at_second, &seen), 0);
    /* Readable: a submission without answers; another version only with salvage. */
    result = run_check(&form, SUB(""), NULL);
    ck_assert_int_eq(helder_check_result_readable(result), 1);
    ck_assert_int_eq(helder_check_result_repeat_given(result, "kids"), 0);
    helder_check_result_free(result);
    /* A repeat given without items: the applicant has none. */
    result = run_check(&form, SUB(A("has", "no") "<repeat id=\"kids\"/>"), NULL);
    ck_assert_int_eq(helder_check_result_repeat_given(result, "kids"), 1);
    ck_assert_uint_eq(helder_check_result_items(result, "kids"), 0);
    ck_assert_int_eq(helder_check_result_repeat_given(result, "has"), 0);
    helder_check_result_free(result);
    const char *other = OTHER_VERSION(A("has", "yes"));
    helder_check_options opts = HELDER_CHECK_OPTIONS_INIT;
    for (int salvage = 0; salvage <= 1; salvage++) {
        opts.salvage = salvage;
        helder_check_submission(&result, form.plan, other, strlen(other), "s.xml", &opts);
        ck_assert_int_eq(helder_check_result_readable(result), salvage);
        ck_assert_int_eq(helder_check_result_answer(&answer, result, "has", 0), salvage);
        helder_check_result_free(result);
    }
    release(&form);
}
END_TEST

/* Facts and a simplified form's prefill are answers too, with their normalized text. */
START_TEST(test_answer_sources)
{
    compiled form = compile(FACTS_FORM);
    capture cap;
    helder_facts *facts = NULL;
    const char *text = FACTS(FACT("person.bsn", "111222333")
                                 FACT("born", "1990-04-01") "<group name=\"kids\"><item>" FACT(
                                     "kid", " Noor ") "</item></group>");
    capture_init(&cap);
    ck_assert_int_eq(
        helder_facts_load_memory(&facts, form.plan, text, strlen(text), "f.xml", NULL, &cap.sink),
        HELDER_OK);
    helder_check_result *result = run_check(&form, SUB(A("city", " Utrecht ")), facts);
    char got[1024] = "";
    helder_check_result_foreach_answer(result, append_answer, got);
    ck_assert_str_eq(got, "bsn(fact)=111222333:CR born(fact)=1990-04-01:CR city=Utrecht:CR "
                          "kids[1]/kid(fact)=Noor:CR");
    ck_assert_uint_eq(helder_check_result_items(result, "kids"), 1);
    helder_check_result_free(result);
    helder_facts_free(facts);
    release(&form);

    form = compile(FORM(SECTION("s", "",
                                QUESTION("a", "postcode", "prefill=\"1234 ab\" readonly=\"true\"",
                                         "") QUESTION("b", "text", "prefill=\" as known \"", ""))));
    result = run_check(&form, SUB(""), NULL);
    got[0] = '\0';
    helder_check_result_foreach_answer(result, append_answer, got);
    ck_assert_str_eq(got, "a(prefill)=1234AB:CR b(prefill)=as known:CR");
    helder_check_result_free(result);
    release(&form);
}
END_TEST

/* ---- hostile submissions: clear errors, bounded time and memory ---- */

static char *repeated(const char *head, const char *unit, size_t times, const char *tail)
{
    size_t unit_len = strlen(unit), len = strlen(head) + unit_len * times + strlen(tail);
    char *buf = helder_xmalloc(len + 1), *at = buf;
    at = stpcpy(at, head);
    for (size_t i = 0; i < times; i++) {
        memcpy(at, unit, unit_len);
        at += unit_len;
    }
    strcpy(at, tail);
    return buf;
}

#define SUB_HEAD                                                                                   \
    "<submission xmlns=\"urn:helder:submission:1\" form=\"t\" version=\"1\" xml:lang=\"en\">"

START_TEST(test_hostile)
{
    compiled form = compile(STRUCTURE);
    helder_check_options opts = HELDER_CHECK_OPTIONS_INIT;
    helder_check_result *result;
    const helder_check_finding *findings;
    struct timespec start, end;
    opts.today = today_days();
    clock_gettime(CLOCK_MONOTONIC, &start);

    /* 100,000 answers: over the 1 MiB cap... */
    char *many = repeated(SUB_HEAD, "<answer id=\"nope\">1</answer>", 100000, "</submission>");
    ck_assert_int_eq(helder_check_submission(&result, form.plan, many, strlen(many), "m", &opts),
                     HELDER_ETOOBIG);
    ck_assert_uint_eq(helder_check_result_findings(result, &findings), 1);
    ck_assert_str_eq(findings[0].rule, "input-too-large");
    helder_check_result_free(result);
    /* ... and under a raised cap: every one counted, 200 listed, in linear time. */
    opts.max_bytes = 8u << 20;
    ck_assert_int_eq(helder_check_submission(&result, form.plan, many, strlen(many), "m", &opts),
                     HELDER_EINVALID);
    ck_assert_uint_eq(helder_check_result_count(result, HELDER_SEVERITY_ERROR), 100000);
    ck_assert_uint_eq(helder_check_result_findings(result, &findings), 200);
    helder_check_result_free(result);
    free(many);
    many = repeated(SUB_HEAD, "<answer id=\"q\">1</answer>", 100000, "</submission>");
    helder_check_submission(&result, form.plan, many, strlen(many), "m", &opts);
    ck_assert_uint_eq(helder_check_result_count(result, HELDER_SEVERITY_ERROR), 99999);
    helder_check_result_free(result);
    free(many);
    /* 100,000 items in a repeat whose max is the default 50. */
    many = repeated(SUB_HEAD "<repeat id=\"r\">", "<item><answer id=\"rq\">x</answer></item>",
                    100000, "</repeat></submission>");
    helder_check_submission(&result, form.plan, many, strlen(many), "m", &opts);
    char *got = describe(result);
    ck_assert_str_eq(got, "too-many-items:r");
    free(got);
    helder_check_result_free(result);
    free(many);
    /* A 900 KB answer. */
    opts.max_bytes = 1u << 20;
    many = repeated(SUB_HEAD "<answer id=\"q\">", "x", 900000, "</answer></submission>");
    ck_assert_int_eq(helder_check_submission(&result, form.plan, many, strlen(many), "m", &opts),
                     HELDER_OK);
    helder_check_result_free(result);
    free(many);
    /* Nesting 100,000 deep: the depth limit, not the stack. */
    opts.max_bytes = 8u << 20;
    char *open = repeated(SUB_HEAD "<repeat id=\"r\">", "<item>", 100000, "");
    many = repeated(open, "</item>", 100000, "</repeat></submission>");
    helder_check_submission(&result, form.plan, many, strlen(many), "m", &opts);
    ck_assert_uint_ge(helder_check_result_findings(result, &findings), 1);
    ck_assert_str_eq(findings[0].rule, "xml-depth");
    helder_check_result_free(result);
    free(open);
    free(many);

    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    ck_assert_msg(seconds < 10, "hostile submissions took %.1f s", seconds);
    release(&form);
}
END_TEST

/* ---- threads: one plan, many checkers ---- */

typedef struct {
    const compiled *form;
    const char *sub;
    char *got;
} thread_job;

static void *check_in_thread(void *payload)
{
    thread_job *job = payload;
    char *first = NULL;
    for (int round = 0; round < 50; round++) {
        helder_check_options opts = HELDER_CHECK_OPTIONS_INIT;
        helder_check_result *result = NULL;
        opts.today = 20787; /* 2026-11-30 */
        helder_check_submission(&result, job->form->plan, job->sub, strlen(job->sub), "t", &opts);
        char *got = describe(result);
        helder_check_result_free(result);
        if (!first) {
            first = got;
        } else {
            if (strcmp(first, got) != 0) {
                free(got);
                break;
            }
            free(got);
        }
    }
    job->got = first;
    return NULL;
}

START_TEST(test_threads)
{
    compiled form = compile(REPEAT_FORM);
    static const char *const subs[] = {
        SUB(A("has", "yes") "<repeat id=\"kids\"><item>" A("kid_age", "6") "</item></repeat>"),
        SUB(A("has", "no") A("total", "x")),
        SUB(A("has", "yes")),
        SUB(A("has", "yes") "<repeat id=\"kids\"><item>" A("kid_age",
                                                           "2") "</item></repeat>" A("total", "3")),
    };
    static const char *const expected[] = {"required:kids[1]/kid_school", "bad-integer:total",
                                           "too-few-items:kids", "constraint:total"};
    pthread_t threads[4];
    thread_job jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i].form = &form;
        jobs[i].sub = subs[i];
        jobs[i].got = NULL;
        ck_assert_int_eq(pthread_create(&threads[i], NULL, check_in_thread, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        ck_assert_str_eq(jobs[i].got, expected[i]);
        free(jobs[i].got);
    }
    release(&form);
}
END_TEST

/* ---- the shipped submissions: golden outputs and the READMEs' stated reasons ---- */

static char *run_command(const char *command, int *status)
{
    FILE *pipe = popen(command, "r");
    char *out = NULL;
    size_t len = 0, cap = 0;
    ck_assert_ptr_nonnull(pipe);
    for (;;) {
        if (len + 4096 > cap) {
            cap = cap ? cap * 2 : 65536;
            out = helder_xrealloc(out, cap);
        }
        size_t got = fread(out + len, 1, cap - len - 1, pipe);
        if (got == 0)
            break;
        len += got;
    }
    out = helder_xrealloc(out, len + 1);
    out[len] = '\0';
    int rc = pclose(pipe);
    *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    return out;
}

static char *read_text(const char *path)
{
    char *text = NULL;
    size_t len;
    if (helder_read_file(&text, &len, path, 16u << 20) != HELDER_OK)
        return NULL;
    return text;
}

/* The rule a submissions README gives for one file ("| invalid-07.xml | nl | … | above-max |"),
 * or NULL. */
static char *readme_rule(const char *readme, const char *file)
{
    char key[128];
    snprintf(key, sizeof key, "| %s |", file);
    const char *row = strstr(readme, key);
    if (!row)
        return NULL;
    const char *end = strchr(row, '\n');
    /* columns: file, lang, reason, rule, severity */
    const char *cell = row;
    for (int i = 0; i < 3 && cell && cell < end; i++)
        cell = strchr(cell + 1, '|');
    if (!cell || cell >= end)
        return NULL;
    cell++;
    while (*cell == ' ')
        cell++;
    size_t len = strcspn(cell, " |");
    return helder_xstrndup(cell, len);
}

START_TEST(test_shipped_submissions)
{
    glob_t forms;
    int golden = getenv("HELDER_GOLDEN") && strcmp(getenv("HELDER_GOLDEN"), "1") == 0;
    size_t checked = 0;
    ck_assert_int_eq(glob("forms/*/form.xml", 0, NULL, &forms), 0);
    for (size_t f = 0; f < forms.gl_pathc; f++) {
        char dir[512], pattern[600], readme_path[600];
        snprintf(dir, sizeof dir, "%.*s", (int)(strlen(forms.gl_pathv[f]) - strlen("/form.xml")),
                 forms.gl_pathv[f]);
        snprintf(pattern, sizeof pattern, "%s/submissions/*.xml", dir);
        snprintf(readme_path, sizeof readme_path, "%s/submissions/README.md", dir);
        char *readme = read_text(readme_path);
        glob_t subs;
        if (glob(pattern, 0, NULL, &subs) != 0)
            continue;
        for (size_t s = 0; s < subs.gl_pathc; s++) {
            const char *path = subs.gl_pathv[s];
            const char *base = strrchr(path, '/') + 1;
            char command[2048], out_path[600];
            int status;
            snprintf(command, sizeof command, "%s check --today %s %s %s", helder_bin, TODAY,
                     forms.gl_pathv[f], path);
            char *text = run_command(command, &status);
            snprintf(out_path, sizeof out_path, "%.*s.out", (int)(strlen(path) - 4), path);
            if (golden) {
                FILE *out = fopen(out_path, "w");
                ck_assert_ptr_nonnull(out);
                fputs(text, out);
                fclose(out);
            } else {
                char *want = read_text(out_path);
                ck_assert_msg(want != NULL, "%s is missing (make golden)", out_path);
                ck_assert_msg(strcmp(want, text) == 0, "%s differs:\n--- want\n%s--- got\n%s",
                              out_path, want, text);
                free(want);
            }
            /* The verdict the file's name and the README promise, for that reason only. */
            snprintf(command, sizeof command, "%s check --format json --today %s %s %s", helder_bin,
                     TODAY, forms.gl_pathv[f], path);
            char *json = run_command(command, &status);
            json_error_t error;
            json_t *verdict = json_loads(json, 0, &error);
            ck_assert_msg(verdict != NULL, "%s: %s", path, error.text);
            json_t *findings = json_object_get(verdict, "findings");
            if (strncmp(base, "valid-", 6) == 0) {
                ck_assert_msg(status == 0 && json_array_size(findings) == 0,
                              "%s: expected valid without findings:\n%s", path, text);
            } else {
                char *rule = readme ? readme_rule(readme, base) : NULL;
                ck_assert_msg(rule != NULL, "%s: no rule in the README", path);
                ck_assert_msg(json_array_size(findings) >= 1, "%s: no findings", path);
                for (size_t i = 0; i < json_array_size(findings); i++) {
                    const char *got =
                        json_string_value(json_object_get(json_array_get(findings, i), "rule"));
                    ck_assert_msg(strcmp(got, rule) == 0, "%s: finding [%s], README says [%s]",
                                  path, got, rule);
                }
                int warning_only = strcmp(rule, "not-relevant") == 0;
                ck_assert_msg(status == (warning_only ? 0 : 1), "%s: exit %d", path, status);
                free(rule);
            }
            json_decref(verdict);
            free(json);
            free(text);
            checked++;
        }
        globfree(&subs);
        free(readme);
    }
    globfree(&forms);
    ck_assert_uint_gt(checked, 20);
}
END_TEST

/* Each facts file agrees with the submission its README names: valid, no fact-mismatch, no
 * unused-fact; and that submission, without the answers the facts give, is still valid. */
START_TEST(test_shipped_facts)
{
    glob_t forms;
    size_t checked = 0;
    ck_assert_int_eq(glob("forms/*/form.xml", 0, NULL, &forms), 0);
    for (size_t f = 0; f < forms.gl_pathc; f++) {
        char dir[512], readme_path[600];
        snprintf(dir, sizeof dir, "%.*s", (int)(strlen(forms.gl_pathv[f]) - strlen("/form.xml")),
                 forms.gl_pathv[f]);
        snprintf(readme_path, sizeof readme_path, "%s/submissions/README.md", dir);
        char *readme = read_text(readme_path);
        const char *at = readme ? strstr(readme, "| facts | agrees with |") : NULL;
        capture cap;
        helder_form *form = NULL;
        helder_check_plan *plan = NULL;
        capture_init(&cap);
        ck_assert_int_eq(helder_form_load_file(&form, forms.gl_pathv[f], NULL, &cap.sink), 0);
        ck_assert_int_eq(helder_check_plan_new(&plan, form), 0);
        while (at && (at = strstr(at + 1, "\n| ")) != NULL) {
            char facts_name[128], sub_name[128];
            if (sscanf(at, "\n| %127s | %127s |", facts_name, sub_name) != 2 ||
                !strstr(facts_name, ".xml"))
                break;
            char facts_path[700], sub_path[700];
            snprintf(facts_path, sizeof facts_path, "%s/facts/%s", dir, facts_name);
            snprintf(sub_path, sizeof sub_path, "%s/submissions/%s", dir, sub_name);
            helder_facts *facts = NULL;
            capture_init(&cap);
            ck_assert_msg(helder_facts_load_file(&facts, plan, facts_path, NULL, &cap.sink) == 0 &&
                              cap.count == 0,
                          "%s:\n%s", facts_path, capture_text(&cap));
            char *sub = read_text(sub_path);
            helder_check_options opts = HELDER_CHECK_OPTIONS_INIT;
            helder_check_result *result = NULL;
            const helder_check_finding *findings;
            opts.today = today_days();
            opts.facts = facts;
            helder_check_submission(&result, plan, sub, strlen(sub), sub_path, &opts);
            char *got = describe(result);
            ck_assert_msg(strcmp(got, "") == 0, "%s with %s: %s", sub_name, facts_name, got);
            free(got);
            helder_check_result_free(result);

            /* Leave out every top-level answer a fact gives: the facts fill them in. */
            for (unsigned slot = 0; slot < form->nslots; slot++) {
                const helder_fact_value *fact = facts->top[slot];
                if (!fact)
                    continue;
                char key[200];
                snprintf(key, sizeof key, "<answer id=\"%s\">", form->slot_nodes[slot]->id);
                char *start = strstr(sub, key);
                if (!start)
                    continue;
                char *end = strstr(start, "</answer>") + strlen("</answer>");
                memmove(start, end, strlen(end) + 1);
            }
            helder_check_submission(&result, plan, sub, strlen(sub), sub_path, &opts);
            ck_assert_msg(helder_check_result_findings(result, &findings) == 0,
                          "%s without the facts' answers, with %s: %s", sub_name, facts_name,
                          describe(result));
            helder_check_result_free(result);
            free(sub);
            helder_facts_free(facts);
            checked++;
        }
        helder_check_plan_free(plan);
        helder_form_free(form);
        free(readme);
    }
    globfree(&forms);
    ck_assert_uint_ge(checked, 3);
}
END_TEST

/* ---- the CLI ---- */

#define PARTNER "forms/partner/form.xml"
#define PARTNER_SUBS "forms/partner/submissions/"

START_TEST(test_cli_status)
{
    char command[2048];
    int status;
    static const struct {
        const char *args;
        int status;
    } cases[] = {
        {PARTNER " " PARTNER_SUBS "valid-01.xml", 0},
        {PARTNER " " PARTNER_SUBS "valid-01.xml " PARTNER_SUBS "invalid-03.xml", 1},
        {PARTNER " " PARTNER_SUBS "invalid-11.xml", 0},
        {PARTNER " " PARTNER_SUBS "valid-01.xml no-such-file.xml", 3},
        {PARTNER " " PARTNER_SUBS "invalid-03.xml no-such-file.xml", 3},
        {"no-such-form.xml " PARTNER_SUBS "valid-01.xml", 3},
        {PARTNER_SUBS "valid-01.xml " PARTNER_SUBS "valid-01.xml", 3}, /* not a form */
        {PARTNER, 2},
        {"", 2},
        {"--format yaml " PARTNER " " PARTNER_SUBS "valid-01.xml", 2},
        {"--today 2026-02-30 " PARTNER " " PARTNER_SUBS "valid-01.xml", 2},
        {"-j 0 " PARTNER " " PARTNER_SUBS "valid-01.xml", 2},
        {"--stream " PARTNER " " PARTNER_SUBS "valid-01.xml", 2},
        {"--stream --format text " PARTNER, 2},
        {"--bogus " PARTNER " " PARTNER_SUBS "valid-01.xml", 2},
        {"--max-bytes 100 " PARTNER " " PARTNER_SUBS "valid-01.xml", 1},
        {"--facts no-such-facts.xml " PARTNER " " PARTNER_SUBS "valid-01.xml", 3},
        {"--facts forms/partner/facts/sanne-de-vries.xml " PARTNER " " PARTNER_SUBS "valid-01.xml",
         0},
        {"--facts forms/partner/facts/sanne-de-vries.xml " PARTNER " " PARTNER_SUBS "valid-02.xml",
         1},
        {"--normalized /no/such/dir " PARTNER " " PARTNER_SUBS "valid-01.xml", 3},
        {"--list-rules", 0},
        {"--help", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(command, sizeof command, "%s check --today %s %s 2>/dev/null </dev/null",
                 helder_bin, TODAY, cases[i].args);
        free(run_command(command, &status));
        ck_assert_msg(status == cases[i].status, "helder check %s: exit %d, want %d", cases[i].args,
                      status, cases[i].status);
    }
}
END_TEST

START_TEST(test_cli_json_and_threads)
{
    char command[2048];
    int status;
    snprintf(command, sizeof command,
             "%s check --today %s --format json %s %s*.xml no-such-file.xml 2>/dev/null",
             helder_bin, TODAY, PARTNER, PARTNER_SUBS);
    char *one = run_command(command, &status);
    ck_assert_int_eq(status, 3);
    /* Every line is one JSON object with the documented fields, in input order. */
    size_t lines = 0;
    for (char *line = one; *line;) {
        char *end = strchr(line, '\n');
        ck_assert_ptr_nonnull(end);
        json_error_t error;
        json_t *object = json_loadb(line, (size_t)(end - line), 0, &error);
        ck_assert_msg(object != NULL, "line %zu: %s", lines + 1, error.text);
        ck_assert_int_eq(json_integer_value(json_object_get(object, "input")), (long)lines + 1);
        ck_assert(json_is_string(json_object_get(object, "file")));
        ck_assert(json_is_boolean(json_object_get(object, "valid")));
        ck_assert(json_is_integer(json_object_get(object, "errors")));
        ck_assert(json_is_integer(json_object_get(object, "warnings")));
        json_t *findings = json_object_get(object, "findings");
        ck_assert(json_is_array(findings));
        for (size_t i = 0; i < json_array_size(findings); i++) {
            json_t *finding = json_array_get(findings, i);
            ck_assert(json_is_string(json_object_get(finding, "severity")));
            ck_assert(json_is_string(json_object_get(finding, "rule")));
            ck_assert(json_is_string(json_object_get(finding, "message")));
        }
        json_decref(object);
        lines++;
        line = end + 1;
    }
    ck_assert_uint_ge(lines, 25);

    /* -j 2 and -j 7: the same bytes, in the same order. */
    for (int jobs = 2; jobs <= 7; jobs += 5) {
        snprintf(command, sizeof command,
                 "%s check -j %d --today %s --format json %s %s*.xml no-such-file.xml 2>/dev/null",
                 helder_bin, jobs, TODAY, PARTNER, PARTNER_SUBS);
        char *threaded = run_command(command, &status);
        ck_assert_int_eq(status, 3);
        ck_assert_str_eq(threaded, one);
        free(threaded);
    }

    /* --stream: NUL-separated records on stdin, one JSON line each, the same verdicts. */
    snprintf(command, sizeof command,
             "for f in %s*.xml; do cat \"$f\"; printf '\\0'; done | %s check --stream -j 2 "
             "--today %s %s",
             PARTNER_SUBS, helder_bin, TODAY, PARTNER);
    char *streamed = run_command(command, &status);
    ck_assert_int_eq(status, 1);
    /* Same findings as the file run, record by record (file names differ). */
    char *a = one, *b = streamed;
    size_t records = 0;
    while (*b) {
        char *a_end = strchr(a, '\n'), *b_end = strchr(b, '\n');
        json_t *x = json_loadb(a, (size_t)(a_end - a), 0, NULL);
        json_t *y = json_loadb(b, (size_t)(b_end - b), 0, NULL);
        ck_assert_ptr_nonnull(y);
        ck_assert(json_equal(json_object_get(x, "findings"), json_object_get(y, "findings")));
        ck_assert(json_equal(json_object_get(x, "valid"), json_object_get(y, "valid")));
        json_decref(x);
        json_decref(y);
        a = a_end + 1;
        b = b_end + 1;
        records++;
    }
    ck_assert_uint_eq(records, lines - 1);
    free(streamed);
    free(one);

    /* A record over the cap is reported and the stream goes on; empty records are skipped. */
    snprintf(command, sizeof command,
             "(head -c 200000 /dev/zero | tr '\\0' x; printf '\\0\\0'; cat %svalid-01.xml) | "
             "%s check --stream --max-bytes 100000 --today %s %s",
             PARTNER_SUBS, helder_bin, TODAY, PARTNER);
    char *capped = run_command(command, &status);
    ck_assert_int_eq(status, 1);
    ck_assert_msg(
        strstr(capped, "\"input\":1,\"file\":\"stdin[1]\"") && strstr(capped, "input-too-large") &&
            strstr(capped, "\"input\":2,\"file\":\"stdin[2]\"") && strstr(capped, "\"valid\":true"),
        "%s", capped);
    free(capped);
}
END_TEST

START_TEST(test_cli_formats)
{
    char command[2048];
    int status;
    /* XML: one well-formed document. */
    snprintf(command, sizeof command,
             "%s check --format xml --today %s %s %sinvalid-09.xml %svalid-01.xml", helder_bin,
             TODAY, PARTNER, PARTNER_SUBS, PARTNER_SUBS);
    char *xml = run_command(command, &status);
    ck_assert_int_eq(status, 1);
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "out.xml", NULL, XML_PARSE_NONET);
    ck_assert_ptr_nonnull(doc);
    ck_assert_msg(strstr(xml, "rule=\"too-many-items\"") && strstr(xml, "valid=\"true\""), "%s",
                  xml);
    xmlFreeDoc(doc);
    free(xml);
    /* Standard input as "-". */
    snprintf(command, sizeof command, "%s check --today %s %s - < %sinvalid-03.xml", helder_bin,
             TODAY, PARTNER, PARTNER_SUBS);
    char *text = run_command(command, &status);
    ck_assert_int_eq(status, 1);
    ck_assert_msg(strstr(text, "-:10: error: sponsor_bsn") && strstr(text, "[bad-bsn]"), "%s",
                  text);
    free(text);
    /* --normalized writes valid submissions only, canonical. */
    char dir[] = "/tmp/helder-check-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(command, sizeof command,
             "%s check --today %s --normalized %s %s %svalid-01.xml %sinvalid-03.xml >/dev/null",
             helder_bin, TODAY, dir, PARTNER, PARTNER_SUBS, PARTNER_SUBS);
    free(run_command(command, &status));
    ck_assert_int_eq(status, 1);
    char path[256];
    snprintf(path, sizeof path, "%s/valid-01.xml", dir);
    char *written = read_text(path);
    ck_assert_ptr_nonnull(written);
    ck_assert_msg(strstr(written, "form=\"partner\"") &&
                      strstr(written, "<answer id=\"sponsor_bsn\">"),
                  "%s", written);
    free(written);
    /* The cleaned file checks valid again. */
    snprintf(command, sizeof command, "%s check --today %s %s %s", helder_bin, TODAY, PARTNER,
             path);
    free(run_command(command, &status));
    ck_assert_int_eq(status, 0);
    unlink(path);
    snprintf(path, sizeof path, "%s/invalid-03.xml", dir);
    ck_assert_int_ne(access(path, F_OK), 0);
    rmdir(dir);
}
END_TEST

static Suite *check_suite(void)
{
    Suite *suite = suite_create("check");
    TCase *tc = tcase_create("answers");
    tcase_add_loop_test(tc, test_answer, 0, sizeof answer_cases / sizeof answer_cases[0]);
    tcase_add_test(tc, test_identifiers);
    suite_add_tcase(suite, tc);

    tc = tcase_create("rules");
    tcase_add_loop_test(tc, test_rule, 0, sizeof rule_cases / sizeof rule_cases[0]);
    tcase_add_loop_test(tc, test_message, 0, sizeof message_cases / sizeof message_cases[0]);
    tcase_add_test(tc, test_message_placeholders);
    tcase_add_test(tc, test_catalogue);
    tcase_add_test(tc, test_structure_matches_schema);
    tcase_add_loop_test(tc, test_facts, 0, sizeof facts_cases / sizeof facts_cases[0]);
    tcase_add_test(tc, test_prefill);
    tcase_add_test(tc, test_normalized);
    tcase_add_loop_test(tc, test_answers, 0, sizeof answers_cases / sizeof answers_cases[0]);
    tcase_add_test(tc, test_answer_lookup);
    tcase_add_test(tc, test_answer_sources);
    suite_add_tcase(suite, tc);

    tc = tcase_create("hostile");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_hostile);
    tcase_add_test(tc, test_threads);
    suite_add_tcase(suite, tc);

    tc = tcase_create("shipped");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_shipped_submissions);
    tcase_add_test(tc, test_shipped_facts);
    suite_add_tcase(suite, tc);

    tc = tcase_create("cli");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_cli_status);
    tcase_add_test(tc, test_cli_json_and_threads);
    tcase_add_test(tc, test_cli_formats);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(int argc, char **argv)
{
    SRunner *runner;
    int failed;
    (void)argc;
    /* build/tests/check_check -> build/helder */
    if (argv[0] && strstr(argv[0], "/tests/")) {
        size_t prefix = (size_t)(strstr(argv[0], "/tests/") - argv[0]);
        snprintf(helder_bin, sizeof helder_bin, "%.*s/helder", (int)prefix, argv[0]);
    }
    helder_global_init();
    runner = srunner_create(check_suite());
    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    helder_global_cleanup();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
