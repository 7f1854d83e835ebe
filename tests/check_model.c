/* Tests for model/: safe XML reading (SECURITY.md's hostile cases), the schema stage, building
 * the model (ids, slots, scopes), exact positions inside attributes, cycles and computed order,
 * and the attribute values the loader checks in the schema's place.
 */
#include <check.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlstring.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/buffer.h"
#include "model/model.h"
#include "tests/support/capture.h"

#define HEAD                                                                                       \
    "<form xmlns=\"urn:helder:form:1\" id=\"t\" version=\"1\" languages=\"en\">\n"                 \
    "<title xml:lang=\"en\">T</title>\n"
#define TAIL "</form>\n"

static int load(const char *xml, capture *cap, helder_form **out)
{
    capture_init(cap);
    return helder_form_load_memory(out, xml, strlen(xml), "t.xml", NULL, &cap->sink);
}

/* ---- hostile and malformed XML: each must end in one clear diagnostic ---- */

typedef struct {
    const char *name;
    const char *xml;
    const char *rule;
    unsigned line; /* 0: do not check */
} bad_case;

static const bad_case bad_cases[] = {
    {"billion laughs",
     "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
     "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\n"
     "<form>&lol2;</form>",
     "xml-doctype", 2},
    {"entity in attribute", "<!DOCTYPE f [<!ENTITY a \"aaaa\">]><form id=\"&a;\"/>", "xml-doctype",
     1},
    {"file entity", "<!DOCTYPE f [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><form>&x;</form>",
     "xml-doctype", 1},
    {"network entity", "<!DOCTYPE f [<!ENTITY x SYSTEM \"http://127.0.0.1/\">]><form>&x;</form>",
     "xml-doctype", 1},
    {"external dtd", "<!DOCTYPE form SYSTEM \"form.dtd\"><form/>", "xml-doctype", 1},
    {"parameter entity", "<!DOCTYPE f [<!ENTITY % p SYSTEM \"http://127.0.0.1/p\"> %p;]><form/>",
     "xml-doctype", 1},
    {"undeclared entity", "<form>&nope;</form>", "xml-malformed", 1},
    {"invalid utf-8", "<form>\n\xC3\x28</form>", "xml-encoding", 2},
    {"overlong utf-8", "<form>\xC0\xAF</form>", "xml-encoding", 1},
    {"surrogate in utf-8", "<form>\xED\xA0\x80</form>", "xml-encoding", 1},
    {"char ref zero", "<form>&#0;</form>", "xml-encoding", 1},
    {"char ref surrogate", "<form>&#xD800;</form>", "xml-encoding", 1},
    {"utf-16 bom", "\xFF\xFE<\0f\0", "xml-encoding", 1},
    {"latin-1 declared", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><form/>", "xml-encoding",
     1},
    {"utf-8 bom, utf-16 declared", "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-16\"?><form/>",
     "xml-encoding", 1},
    {"duplicate attribute", "<form id=\"a\" id=\"b\"/>", "xml-malformed", 1},
    {"mismatched tags", "<form>\n<section></form>", "xml-malformed", 0},
    {"truncated", "<form><sect", "xml-malformed", 1},
    {"empty", "", "xml-malformed", 0},
    {"not xml", "hello", "xml-malformed", 1},
    {"wrong root", "<html/>", "schema", 1},
    {"xinclude is inert",
     HEAD "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" "
          "href=\"/etc/passwd\"/>" TAIL,
     "schema", 0},
};

START_TEST(test_bad_xml)
{
    const bad_case *c = &bad_cases[_i];
    capture cap;
    helder_form *form = NULL;
    int rc = load(c->xml, &cap, &form);
    const capture_item *item = capture_find(&cap, c->rule);
    ck_assert_msg(rc == HELDER_EINVALID, "%s: rc %d", c->name, rc);
    ck_assert_msg(item != NULL, "%s: no [%s] in:\n%s", c->name, c->rule, capture_text(&cap));
    if (c->line)
        ck_assert_msg(item->line == c->line, "%s: line %u, want %u", c->name, item->line, c->line);
    ck_assert_msg(cap.count < 20, "%s: flood of %zu diagnostics", c->name, cap.count);
    helder_form_free(form);
}
END_TEST

/* libxml2 goes on after the first error with three more for every tag: a 14 KB file made 6,000
 * lines. The first five are told, then one line that the rest are not. */
START_TEST(test_xml_errors_are_told_briefly)
{
    capture cap;
    helder_form *form = NULL;
    size_t len = 2000 * 7 + 64;
    char *xml = malloc(len), *at = xml;
    at += sprintf(at, "<form>\n");
    for (unsigned i = 0; i < 2000; i++)
        at += sprintf(at, "<b x=1>");
    sprintf(at, "</form>");
    int rc = load(xml, &cap, &form);
    ck_assert_int_eq(rc, HELDER_EINVALID);
    ck_assert_msg(cap.count == 6, "%zu diagnostics:\n%s", cap.count, capture_text(&cap));
    ck_assert_uint_eq(cap.items[0].line, 2);
    ck_assert_msg(strstr(cap.items[5].message, "more XML errors from here on are not shown"), "%s",
                  capture_text(&cap));
    free(xml);
}
END_TEST

static char *nested(unsigned depth)
{
    size_t len = strlen(HEAD) + depth * 20 + 64;
    char *xml = malloc(len), *at = xml;
    at += sprintf(at, "%s", HEAD);
    for (unsigned i = 0; i < depth; i++)
        at += sprintf(at, "<section>");
    for (unsigned i = 0; i < depth; i++)
        at += sprintf(at, "</section>");
    sprintf(at, "%s", TAIL);
    return xml;
}

START_TEST(test_depth_limits)
{
    static const unsigned depths[] = {65, 256, 100000};
    capture cap;
    helder_form *form = NULL;
    char *xml = nested(depths[_i]);
    int rc = load(xml, &cap, &form);
    ck_assert_int_eq(rc, HELDER_EINVALID);
    ck_assert_msg(capture_find(&cap, "xml-depth") != NULL, "depth %u:\n%s", depths[_i],
                  capture_text(&cap));
    ck_assert_ptr_null(form);
    free(xml);
}
END_TEST

START_TEST(test_size_cap)
{
    helder_load_options opts = HELDER_LOAD_OPTIONS_INIT;
    capture cap;
    helder_form *form = NULL;
    /* a 10 MB attribute: over the default 8 MiB cap */
    size_t len = 10u << 20;
    char *xml = malloc(len + 200);
    int used = sprintf(xml, "<form id=\"");
    memset(xml + used, 'a', len);
    strcpy(xml + used + len, "\"/>");
    capture_init(&cap);
    ck_assert_int_eq(helder_form_load_memory(&form, xml, strlen(xml), "big.xml", &opts, &cap.sink),
                     HELDER_ETOOBIG);
    ck_assert_ptr_nonnull(capture_find(&cap, "input-too-large"));
    /* a 50,000-character element name under a raised cap: malformed for the schema, no crash */
    used = sprintf(xml, "<");
    memset(xml + used, 'n', 50000);
    strcpy(xml + used + 50000, "/>");
    opts.max_bytes = 64u << 20;
    capture_init(&cap);
    ck_assert_int_eq(helder_form_load_memory(&form, xml, strlen(xml), "name.xml", &opts, &cap.sink),
                     HELDER_EINVALID);
    ck_assert_uint_gt(cap.count, 0);
    free(xml);
}
END_TEST

START_TEST(test_unreadable_file)
{
    capture cap;
    helder_form *form = NULL;
    capture_init(&cap);
    ck_assert_int_eq(helder_form_load_file(&form, "tests/data/no-such-file.xml", NULL, &cap.sink),
                     HELDER_EIO);
    ck_assert_ptr_nonnull(capture_find(&cap, "file-unreadable"));
    ck_assert_ptr_null(form);
}
END_TEST

START_TEST(test_stylesheet_pi_is_inert)
{
    capture cap;
    helder_form *form = NULL;
    const char *xml =
        "<?xml-stylesheet href=\"file:///etc/passwd\" type=\"text/xsl\"?>\n" HEAD TAIL;
    ck_assert_int_eq(load(xml, &cap, &form), HELDER_OK);
    ck_assert_uint_eq(cap.count, 0);
    helder_form_free(form);
}
END_TEST

/* ---- the model ---- */

static const char *const sample =
    HEAD "<section id=\"s\">\n"
         "  <title xml:lang=\"en\">S</title>\n"
         "  <question id=\"has_children\" type=\"yesno\" required=\"true\">\n"
         "    <label xml:lang=\"en\">Do you have children?</label>\n"
         "  </question>\n"
         "  <repeat id=\"children\" min=\"1\" max=\"12\" when=\"has_children\">\n"
         "    <title xml:lang=\"en\">Child</title>\n"
         "    <question id=\"child_birth\" type=\"date\" max=\"today()\">\n"
         "      <label xml:lang=\"en\">Birth date</label>\n"
         "    </question>\n"
         "    <computed id=\"child_age\" value=\"age(child_birth)\"/>\n"
         "  </repeat>\n"
         "  <computed id=\"older\" value=\"count(children[child_age &gt;= 12])\"/>\n"
         "  <computed id=\"any_older\" value=\"older &gt; 0\"/>\n"
         "</section>\n" TAIL;

START_TEST(test_model_built)
{
    capture cap;
    helder_form *form = NULL;
    ck_assert_msg(load(sample, &cap, &form) == HELDER_OK, "%s", capture_text(&cap));
    ck_assert_str_eq(helder_form_id(form), "t");
    ck_assert_str_eq(helder_form_version(form), "1");
    helder_node *children = helder_form_find(form, "children");
    helder_node *birth = helder_form_find(form, "child_birth");
    helder_node *has = helder_form_find(form, "has_children");
    ck_assert_ptr_nonnull(children);
    ck_assert_int_eq(children->type, HELDER_NODE_REPEAT);
    ck_assert_int_eq(children->u.repeat.min, 1);
    ck_assert_int_eq(children->u.repeat.max, 12);
    ck_assert_ptr_eq(birth->scope, children);
    ck_assert_ptr_null(has->scope);
    ck_assert_int_eq(birth->slot, 0);
    ck_assert_uint_eq(children->u.repeat.nslots, 2);
    ck_assert_uint_eq(form->nslots, 3); /* has_children, older, any_older */
    ck_assert_uint_eq(form->nrepeats, 1);
    ck_assert_ptr_eq(children->when.expr->u.ref.target, has);
    ck_assert_uint_eq(has->pos.line, 5);
    ck_assert_uint_eq(has->pos.col, 3);
    /* computed values come after what they read */
    ck_assert_uint_eq(form->ncomputed, 3);
    ck_assert_str_eq(form->computed_order[0]->id, "child_age");
    ck_assert_str_eq(form->computed_order[1]->id, "older");
    ck_assert_str_eq(form->computed_order[2]->id, "any_older");
    ck_assert_int_eq(helder_form_find(form, "any_older")->u.computed.value.type,
                     HELDER_TYPE_BOOLEAN);
    ck_assert_str_eq(form->root->title.by_lang[0], "T");
    helder_form_free(form);
}
END_TEST

START_TEST(test_duplicate_id_position)
{
    capture cap;
    helder_form *form = NULL;
    const char *xml =
        HEAD "<section id=\"a\"><title xml:lang=\"en\">A</title>\n"
             "  <note id=\"a\"><text xml:lang=\"en\">x</text></note></section>\n" TAIL;
    ck_assert_int_eq(load(xml, &cap, &form), HELDER_EINVALID);
    const capture_item *item = capture_find(&cap, "duplicate-id");
    ck_assert_msg(item != NULL, "%s", capture_text(&cap));
    ck_assert_uint_eq(item->line, 4);
    ck_assert_uint_eq(item->col, 3);
    ck_assert_ptr_nonnull(strstr(item->message, "line 3"));
    helder_form_free(form);
}
END_TEST

/* Columns inside attributes count decoded characters and follow entity references. */
START_TEST(test_expression_column)
{
    capture cap;
    helder_form *form = NULL;
    const char *xml = HEAD "<section id=\"s\"><title xml:lang=\"en\">S</title>\n"
                           "<question id=\"n\" type=\"integer\" when=\"1 &lt; 2 and nope\">"
                           "<label xml:lang=\"en\">N</label></question></section>\n" TAIL;
    ck_assert_int_eq(load(xml, &cap, &form), HELDER_EINVALID);
    const capture_item *item = capture_find(&cap, "unknown-reference");
    ck_assert_msg(item != NULL, "%s", capture_text(&cap));
    ck_assert_uint_eq(item->line, 4);
    /* `<question id="n" type="integer" when="` is 38 characters; `1 &lt; 2 and ` is 13 raw */
    ck_assert_uint_eq(item->col, 39 + 13);
    helder_form_free(form);
}
END_TEST

START_TEST(test_cycle_names_only_its_members)
{
    capture cap;
    helder_form *form = NULL;
    const char *xml = HEAD
        "<section id=\"s\"><title xml:lang=\"en\">S</title>\n"
        "<question id=\"a\" type=\"yesno\" when=\"b\"><label xml:lang=\"en\">A</label></question>\n"
        "<question id=\"b\" type=\"yesno\" when=\"c\"><label xml:lang=\"en\">B</label></question>\n"
        "<question id=\"c\" type=\"yesno\" when=\"b\"><label xml:lang=\"en\">C</label></question>\n"
        "<computed id=\"x\" value=\"y + 1\"/><computed id=\"y\" value=\"x + 1\"/>\n"
        "</section>\n" TAIL;
    ck_assert_int_eq(load(xml, &cap, &form), HELDER_EINVALID);
    ck_assert_uint_eq(capture_count(&cap, "cycle"), 2);
    const capture_item *item = capture_find(&cap, "cycle");
    ck_assert_msg(strstr(item->message, ": b -> c -> b") != NULL, "%s", item->message);
    ck_assert_msg(strstr(item->message, "a ->") == NULL, "%s", item->message);
    ck_assert(form->has_cycle);
    helder_form_free(form);
}
END_TEST

START_TEST(test_condition_must_be_boolean)
{
    capture cap;
    helder_form *form = NULL;
    const char *xml = HEAD "<section id=\"s\" when=\"1 + 1\"><title xml:lang=\"en\">S</title>\n"
                           "</section>\n" TAIL;
    ck_assert_int_eq(load(xml, &cap, &form), HELDER_EINVALID);
    ck_assert_msg(capture_find(&cap, "condition-not-boolean") != NULL, "%s", capture_text(&cap));
    helder_form_free(form);
}
END_TEST

START_TEST(test_languages_and_translations)
{
    capture cap;
    helder_form *form = NULL;
    const char *xml =
        "<form xmlns=\"urn:helder:form:1\" id=\"t\" version=\"1\" languages=\"nl en\">\n"
        "<title xml:lang=\"nl\">T</title>\n<title xml:lang=\"nl\">T2</title>\n"
        "<title xml:lang=\"de\">T</title>\n" TAIL;
    ck_assert_int_eq(load(xml, &cap, &form), HELDER_EINVALID);
    ck_assert_uint_eq(form->nlangs, 2);
    ck_assert_str_eq(form->langs[1], "en");
    ck_assert_uint_eq(capture_find(&cap, "duplicate-translation")->line, 3);
    ck_assert_uint_eq(capture_find(&cap, "undeclared-language")->line, 4);
    helder_form_free(form);
}
END_TEST

START_TEST(test_bad_pattern_column)
{
    capture cap;
    helder_form *form = NULL;
    const char *xml = HEAD "<section id=\"s\"><title xml:lang=\"en\">S</title>\n"
                           "<question id=\"p\" type=\"text\" pattern=\"[0-9]{4}(\">"
                           "<label xml:lang=\"en\">P</label></question></section>\n" TAIL;
    ck_assert_int_eq(load(xml, &cap, &form), HELDER_EINVALID);
    const capture_item *item = capture_find(&cap, "bad-pattern");
    ck_assert_msg(item != NULL, "%s", capture_text(&cap));
    ck_assert_uint_eq(item->line, 4);
    ck_assert_uint_ge(item->col, 39);
    helder_form_free(form);
}
END_TEST

/* ---- what the loader checks in the schema's place (templates/form.rng, model/load.c) ---- */

#define LONG_ID "abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" /* 64 */
#define Q(attrs)                                                                                   \
    "<question id=\"q\" type=\"text\" " attrs "><label xml:lang=\"en\">Q</label></question>"
#define CHOICE(type, attrs, value)                                                                 \
    "<question id=\"q\" type=\"" type "\" " attrs "><label xml:lang=\"en\">Q</label>"              \
    "<option value=\"" value "\"><label xml:lang=\"en\">A</label></option>"                        \
    "<option value=\"b\"><label xml:lang=\"en\">B</label></option></question>"

static const struct {
    const char *version; /* the form's; NULL: "1" */
    const char *body;    /* inside a section */
    const char *rule;    /* reported at least once; NULL: the form loads without a word */
} value_cases[] = {
    /* ids: [a-z][a-z0-9_]{0,63} */
    {NULL, "<note id=\"or\"><text xml:lang=\"en\">N</text></note>", NULL},
    {NULL, "<note id=\"" LONG_ID "\"><text xml:lang=\"en\">N</text></note>", NULL},
    {NULL, "<note id=\"" LONG_ID "b\"><text xml:lang=\"en\">N</text></note>", "bad-attribute"},
    {NULL, "<note id=\"a_1\"><text xml:lang=\"en\">N</text></note>", NULL},
    {NULL, "<note id=\"Note\"><text xml:lang=\"en\">N</text></note>", "bad-attribute"},
    {NULL, "<note id=\"noTe\"><text xml:lang=\"en\">N</text></note>", "bad-attribute"},
    {NULL, "<note id=\"a-b\"><text xml:lang=\"en\">N</text></note>", "bad-attribute"},
    {NULL, "<note id=\"a.b\"><text xml:lang=\"en\">N</text></note>", "bad-attribute"},
    {NULL, "<note id=\"_a\"><text xml:lang=\"en\">N</text></note>", "bad-attribute"},
    {NULL, "<note id=\"1a\"><text xml:lang=\"en\">N</text></note>", "bad-attribute"},
    {NULL, "<note id=\"\"><text xml:lang=\"en\">N</text></note>", "bad-attribute"},
    {NULL, "<note id=\"\xC3\xA9t\xC3\xA9\"><text xml:lang=\"en\">N</text></note>", "bad-attribute"},
    {NULL, "<note id=\" a\"><text xml:lang=\"en\">N</text></note>", "bad-attribute"},
    /* the version: [A-Za-z0-9][A-Za-z0-9._-]{0,63} */
    {"2026.1-rc_2", "", NULL},
    {"V1", "", NULL},
    {".1", "", "bad-attribute"},
    {"1 ", "", "bad-attribute"},
    {"", "", "bad-attribute"},
    {"1/2", "", "bad-attribute"},
    /* counts: digits only, 0 to 1000000 */
    {NULL, Q("maxlength=\"0\""), NULL},
    {NULL, Q("maxlength=\"1000000\""), NULL},
    {NULL, Q("maxlength=\"007\""), NULL},
    {NULL, Q("maxlength=\"1000001\""), "bad-attribute"},
    {NULL, Q("maxlength=\"99999999999999999999\""), "bad-attribute"},
    {NULL, Q("maxlength=\"+5\""), "bad-attribute"},
    {NULL, Q("maxlength=\" 5\""), "bad-attribute"},
    {NULL, Q("maxlength=\"5 \""), "bad-attribute"},
    {NULL, Q("minlength=\"-1\""), "bad-attribute"},
    {NULL, Q("minlength=\"\""), "bad-attribute"},
    {NULL, "<repeat id=\"r\" min=\"1.5\"><title xml:lang=\"en\">R</title>" Q("") "</repeat>",
     "bad-attribute"},
    {NULL, CHOICE("multichoice", "min=\"1\" max=\"2\"", "a"), NULL},
    {NULL, CHOICE("multichoice", "min=\"count(q)\"", "a"), "bad-attribute"},
    {NULL, CHOICE("multichoice", "max=\"1 + 1\"", "a"), "bad-attribute"},
    /* fact names */
    {NULL, Q("fact=\"person.birth_date\""), NULL},
    {NULL, Q("fact=\"a1.b_2.c\""), NULL},
    {NULL, Q("fact=\"person..x\""), "bad-attribute"},
    {NULL, Q("fact=\"person.\""), "bad-attribute"},
    {NULL, Q("fact=\".person\""), "bad-attribute"},
    {NULL, Q("fact=\"person.Birth\""), "bad-attribute"},
    {NULL, Q("fact=\"person.1st\""), "bad-attribute"},
    {NULL, Q("fact=\"\""), "bad-attribute"},
    /* option values */
    {NULL, CHOICE("choice", "", "A-b.c_9"), NULL},
    {NULL, CHOICE("choice", "", "a b"), "bad-attribute"},
    {NULL, CHOICE("choice", "", ""), "bad-attribute"},
    {NULL, CHOICE("choice", "", "\xC3\xA9"), "bad-attribute"},
    /* autocomplete tokens (whether one is known is lint's) */
    {NULL, Q("autocomplete=\"family-name\""), NULL},
    {NULL, Q("autocomplete=\"bday email\""), "bad-attribute"},
    {NULL, Q("autocomplete=\"a_b\""), "bad-attribute"},
    {NULL, Q("autocomplete=\"\""), "bad-attribute"},
    /* empty expressions */
    {NULL, Q("required=\"\""), "expr-syntax"},
    {NULL, Q("when=\"\""), "expr-syntax"},
    {NULL, "<computed id=\"c\" value=\"\"/>", "expr-syntax"},
    /* what a type takes */
    {NULL, Q("min=\"1\""), "facet-not-applicable"},
    {NULL,
     "<question id=\"q\" type=\"integer\" maxlength=\"3\"><label xml:lang=\"en\">Q</label>"
     "</question>",
     "facet-not-applicable"},
    {NULL,
     "<question id=\"q\" type=\"date\" pattern=\"x\"><label xml:lang=\"en\">Q</label>"
     "</question>",
     "facet-not-applicable"},
    {NULL, CHOICE("choice", "max=\"2\"", "a"), "facet-not-applicable"},
    {NULL, CHOICE("yesno", "", "a"), "options-not-allowed"},
    {NULL, "<question id=\"q\" type=\"multichoice\"><label xml:lang=\"en\">Q</label></question>",
     "missing-options"},
    {NULL,
     "<question id=\"q\" type=\"integer\" min=\"0\" max=\"9\"><label xml:lang=\"en\">Q"
     "</label></question>",
     NULL},
    /* texts: xml:lang is compared with the declared languages */
    {NULL, "<note id=\"n\"><text xml:lang=\"en \">N</text></note>", "undeclared-language"},
    {NULL, "<note id=\"n\"><text xml:lang=\"en_GB\">N</text></note>", "undeclared-language"},
};

START_TEST(test_attribute_values)
{
    char xml[4096];
    capture cap;
    helder_form *form = NULL;
    snprintf(xml, sizeof xml,
             "<form xmlns=\"urn:helder:form:1\" id=\"t\" version=\"%s\" languages=\"en\">\n"
             "<title xml:lang=\"en\">T</title>\n"
             "<section id=\"s\"><title xml:lang=\"en\">S</title>\n%s\n</section>\n" TAIL,
             value_cases[_i].version ? value_cases[_i].version : "1", value_cases[_i].body);
    int rc = load(xml, &cap, &form);
    if (value_cases[_i].rule) {
        ck_assert_msg(rc == HELDER_EINVALID && capture_count(&cap, value_cases[_i].rule) > 0,
                      "%s: want [%s], got:\n%s", xml, value_cases[_i].rule, capture_text(&cap));
        ck_assert_msg(capture_count(&cap, "schema") == 0, "%s: the schema speaks too:\n%s", xml,
                      capture_text(&cap));
    } else {
        ck_assert_msg(rc == HELDER_OK && cap.count == 0, "%s: want nothing, got:\n%s", xml,
                      capture_text(&cap));
    }
    helder_form_free(form);
}
END_TEST

/* A bad value is reported where it is, with its line and column. */
START_TEST(test_attribute_value_position)
{
    capture cap;
    helder_form *form = NULL;
    const char *xml = HEAD "<section id=\"s\"><title xml:lang=\"en\">S</title>\n"
                           "<question id=\"q\" type=\"text\"\n   fact=\"a..b\">"
                           "<label xml:lang=\"en\">Q</label></question></section>\n" TAIL;
    ck_assert_int_eq(load(xml, &cap, &form), HELDER_EINVALID);
    const capture_item *item = capture_find(&cap, "bad-attribute");
    ck_assert_msg(item != NULL, "%s", capture_text(&cap));
    ck_assert_uint_eq(item->line, 5);
    ck_assert_uint_eq(item->col, 10);
    ck_assert_ptr_nonnull(strstr(item->message, "'a..b'"));
    helder_form_free(form);
}
END_TEST

/* Questions with the same pattern share one compiled pattern; freeing the form frees it once. */
START_TEST(test_shared_pattern)
{
    capture cap;
    helder_form *form = NULL;
    const char *xml = HEAD "<section id=\"s\"><title xml:lang=\"en\">S</title>\n"
                           "<question id=\"a\" type=\"text\" pattern=\"[0-9]{4}\">"
                           "<label xml:lang=\"en\">A</label></question>\n"
                           "<question id=\"b\" type=\"text\" pattern=\"[0-9]{4}\">"
                           "<label xml:lang=\"en\">B</label></question>\n"
                           "<question id=\"c\" type=\"text\" pattern=\"[0-9]{5}\">"
                           "<label xml:lang=\"en\">C</label></question></section>\n" TAIL;
    ck_assert_msg(load(xml, &cap, &form) == HELDER_OK, "%s", capture_text(&cap));
    const helder_node *a = helder_form_find(form, "a"), *b = helder_form_find(form, "b");
    const helder_node *c = helder_form_find(form, "c");
    ck_assert_ptr_nonnull(a->u.question.pattern);
    ck_assert_ptr_eq(a->u.question.pattern, b->u.question.pattern);
    ck_assert_ptr_ne(a->u.question.pattern, c->u.question.pattern);
    helder_form_free(form);
}
END_TEST

/* Line and column of every offset, looked up in any order, as a plain count gives them. */
START_TEST(test_line_positions)
{
    static const char text[] = "ab\ncd\xC3\xA9\n\n<x a='1'\n   b='2'/>\n";
    const size_t len = sizeof text - 1;
    static const size_t order[] = {0, 5, 4, 1, 9, 3, 20, 11, 2, 6, 8, 7, 19, 12, 10, 30};
    helder_lines lines;
    helder_lines_init(&lines, text, len);
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        size_t offset = order[i] < len ? order[i] : len;
        unsigned line = 1, col = 1;
        for (size_t at = 0; at < offset; at++) {
            if (text[at] == '\n') {
                line++;
                col = 1;
            } else if (((unsigned char)text[at] & 0xC0) != 0x80) {
                col++;
            }
        }
        helder_pos pos = helder_lines_pos(&lines, order[i]);
        ck_assert_msg(pos.line == line && pos.col == col, "offset %zu: %u:%u, want %u:%u", order[i],
                      pos.line, pos.col, line, col);
    }
    helder_lines_free(&lines);
}
END_TEST

START_TEST(test_shipped_forms_load)
{
    static const char *const forms[] = {"forms/partner/form.xml", "forms/study/form.xml",
                                        "forms/naturalisation/form.xml"};
    capture cap;
    helder_form *form = NULL;
    capture_init(&cap);
    int rc = helder_form_load_file(&form, forms[_i], NULL, &cap.sink);
    ck_assert_msg(rc == HELDER_OK, "%s:\n%s", forms[_i], capture_text(&cap));
    ck_assert_uint_gt(form->nnodes, 40);
    helder_form_free(form);
}
END_TEST

/* ---- the budget of libxml2's memory (model/memory.c) ---- */

static void note_over(void *arg)
{
    (*(int *)arg)++;
}

START_TEST(test_xml_budget_counts_live_bytes)
{
    int calls = 0;
    helder_xml_budget budget = {.limit = 4096, .over = note_over, .arg = &calls};
    char *before = xmlMalloc(100); /* from before the budget: freeing it only lowers the count */
    helder_xml_budget_begin(&budget);
    char *small = xmlMalloc(1000);
    ck_assert_ptr_nonnull(small);
    ck_assert_uint_ge(budget.used, 1000);
    ck_assert_int_eq(calls, 0);
    small = xmlRealloc(small, 2000);
    ck_assert_uint_ge(budget.used, 2000);
    ck_assert_uint_lt(budget.used, 3000); /* the old block was refunded */
    char *copy = (char *)xmlStrdup(BAD_CAST "a copy");
    char *big = xmlMalloc(5000);
    ck_assert_int_eq(budget.exceeded, HELDER_XML_OVER_MEMORY);
    ck_assert_int_eq(calls, 1);
    xmlFree(xmlMalloc(5000)); /* still over: told once only */
    ck_assert_int_eq(calls, 1);
    xmlFree(big);
    xmlFree(copy);
    xmlFree(small);
    ck_assert_uint_eq(budget.used, 0);
    xmlFree(before);
    ck_assert_uint_eq(budget.used, 0);
    /* A realloc to size 0 frees the block: it must not be counted (or read) again. */
    char *gone = xmlMalloc(64);
    (void)xmlRealloc(gone, 0);
    ck_assert_uint_eq(budget.used, 0);
    helder_xml_budget_end();
    char *after = xmlMalloc(100);
    ck_assert_uint_eq(budget.used, 0);
    xmlFree(after);
}
END_TEST

/* The clock is looked at from the allocations: a thread that allocates past its CPU time is told
 * once, and so is a budget without a time limit never. */
START_TEST(test_xml_budget_counts_time)
{
    int calls = 0;
    helder_xml_budget budget = {.cpu_seconds = 0.05, .over = note_over, .arg = &calls};
    struct timespec start, now;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
    helder_xml_budget_begin(&budget);
    do {
        xmlFree(xmlMalloc(64));
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    } while (!budget.exceeded && now.tv_sec - start.tv_sec < 20);
    helder_xml_budget_end();
    ck_assert_int_eq(budget.exceeded, HELDER_XML_OVER_TIME);
    ck_assert_int_eq(calls, 1);
    ck_assert_uint_eq(budget.used, 0);

    helder_xml_budget untimed = {.over = note_over, .arg = &calls};
    helder_xml_budget_begin(&untimed);
    for (int i = 0; i < 100000; i++)
        xmlFree(xmlMalloc(64));
    helder_xml_budget_end();
    ck_assert_int_eq(untimed.exceeded, 0);
    ck_assert_int_eq(calls, 1);
}
END_TEST

/* The three escapings every writer shares: each writes only what its place needs, and the
 * parser of that place reads the value back as it was. */
START_TEST(test_buffer_escaping)
{
    static const char value[] = "a&b<c>d\"e'f\rg\nh\ti";
    helder_buf buf = {0};
    helder_buf_xml_text(&buf, value, strlen(value));
    ck_assert_str_eq(buf.data, "a&amp;b&lt;c&gt;d\"e'f&#13;g\nh\ti");
    helder_buf_clear(&buf);
    helder_buf_xml_attr(&buf, value, strlen(value));
    ck_assert_str_eq(buf.data, "a&amp;b&lt;c&gt;d&quot;e'f&#13;g&#10;h&#9;i");
    helder_buf_clear(&buf);
    helder_buf_html(&buf, value);
    ck_assert_str_eq(buf.data, "a&amp;b&lt;c&gt;d&quot;e&#39;f&#13;g&#10;h&#9;i");
    helder_buf_clear(&buf);
    helder_buf_xml_attr(&buf, "x\0<y", 3);
    ck_assert_uint_eq(buf.len, 6);
    ck_assert_mem_eq(buf.data, "x\0&lt;", 6);
    helder_buf_free(&buf);
}
END_TEST

static Suite *model_suite(void)
{
    Suite *suite = suite_create("model");
    TCase *xml = tcase_create("xml");
    tcase_set_timeout(xml, 30);
    tcase_add_loop_test(xml, test_bad_xml, 0, (int)(sizeof bad_cases / sizeof bad_cases[0]));
    tcase_add_loop_test(xml, test_depth_limits, 0, 3);
    tcase_add_test(xml, test_xml_errors_are_told_briefly);
    tcase_add_test(xml, test_size_cap);
    tcase_add_test(xml, test_unreadable_file);
    tcase_add_test(xml, test_stylesheet_pi_is_inert);
    tcase_add_test(xml, test_xml_budget_counts_live_bytes);
    tcase_add_test(xml, test_xml_budget_counts_time);
    suite_add_tcase(suite, xml);
    TCase *model = tcase_create("model");
    tcase_add_test(model, test_model_built);
    tcase_add_test(model, test_duplicate_id_position);
    tcase_add_test(model, test_expression_column);
    tcase_add_test(model, test_cycle_names_only_its_members);
    tcase_add_test(model, test_condition_must_be_boolean);
    tcase_add_test(model, test_languages_and_translations);
    tcase_add_test(model, test_bad_pattern_column);
    tcase_add_loop_test(model, test_attribute_values, 0,
                        (int)(sizeof value_cases / sizeof value_cases[0]));
    tcase_add_test(model, test_attribute_value_position);
    tcase_add_test(model, test_shared_pattern);
    tcase_add_test(model, test_line_positions);
    tcase_add_loop_test(model, test_shipped_forms_load, 0, 3);
    tcase_add_test(model, test_buffer_escaping);
    suite_add_tcase(suite, model);
    return suite;
}

int main(void)
{
    helder_global_init();
    SRunner *runner = srunner_create(model_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    helder_global_cleanup();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
