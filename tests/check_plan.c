/* Tests for render/plan.c and render/messages.c: question numbering, texts resolved with
 * fallback to the default language, conditions in plain words, and "go to question N" routing
 * derived from the conditions of the questions that follow; the public face of the plan
 * (render/outline.c) and helder_form_languages.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "render/messages.h"
#include "render/plan.h"
#include "tests/support/capture.h"

#define L(en, nl) "<label xml:lang=\"en\">" en "</label><label xml:lang=\"nl\">" nl "</label>"

/* In pieces: C11 only promises string literals of 4,095 bytes. */
/* clang-format off */
static const char *const form_parts[] = {
    "<form xmlns=\"urn:helder:form:1\" id=\"t\" version=\"1\" languages=\"en nl\">\n"
    "<title xml:lang=\"en\">Test</title><title xml:lang=\"nl\">Toets</title>\n"
    "<section id=\"s1\"><title xml:lang=\"en\">One</title>\n"
    "<question id=\"married\" type=\"yesno\">" L("Married?", "Getrouwd?") "</question>\n"
    "<question id=\"spouse\" type=\"text\" when=\"married\">" L("Spouse", "Partner") "</question>\n"
    "<question id=\"spouse_born\" type=\"date\" when=\"married\">" L("Born", "Geboren")
    "</question>\n"
    ,
    "<question id=\"status\" type=\"choice\">" L("Status", "Staat")
    "<option value=\"single\">" L("Single", "Alleen") "</option>"
    "<option value=\"married\">" L("Married", "Getrouwd") "</option>"
    "<option value=\"divorced\">" L("Divorced", "Gescheiden") "</option></question>\n"
    "<question id=\"wed\" type=\"date\" when=\"status = 'married'\">" L("Wed", "Trouwdag")
    "</question>\n"
    "<question id=\"age\" type=\"integer\">" L("Age", "Leeftijd") "</question>\n"
    "<question id=\"pension\" type=\"yesno\" when=\"age &gt;= 18\">"
    "<label xml:lang=\"en\">Pension only in English</label></question>\n"
    "<question id=\"either\" type=\"text\" when=\"status = 'married' or status = 'divorced'\">"
    L("Either", "Een van beide") "</question>\n"
    "<question id=\"both\" type=\"text\" when=\"married and age &gt; 30\">" L("Both", "Beide")
    "</question>\n"
    "<question id=\"neither\" type=\"text\" when=\"status != 'single' and status != 'married'\">"
    L("Neither", "Geen van beide") "</question>\n"
    ,
    "<question id=\"ticks\" type=\"multichoice\">" L("Ticks", "Vinkjes")
    "<option value=\"a\">" L("Apple", "Appel") "</option>"
    "<option value=\"b\">" L("Pear", "Peer") "</option></question>\n"
    "<question id=\"ticked\" type=\"text\" when=\"selected(ticks, 'b')\">" L("Pear?", "Peer?")
    "</question>\n"
    "<question id=\"complex\" type=\"text\" when=\"string-length(spouse) &gt; 3\">"
    L("Complex", "Ingewikkeld") "</question>\n"
    "<question id=\"mixed\" type=\"text\" when=\"(married or age &gt; 3) and not(married)\">"
    L("Mixed", "Gemengd") "</question>\n"
    "<question id=\"old_wed\" type=\"text\" when=\"wed &lt; date('2000-01-31')\">"
    L("Old", "Oud") "</question>\n"
    "<question id=\"grown\" type=\"text\" when=\"age(spouse_born) &gt;= 18\">" L("Grown", "Volw")
    "</question>\n"
    ,
    "<question id=\"has_kids\" type=\"yesno\">" L("Kids?", "Kinderen?") "</question>\n"
    "</section>\n"
    "<section id=\"s2\" when=\"has_kids\"><title xml:lang=\"en\">Kids</title>\n"
    "<repeat id=\"kids\" min=\"1\" max=\"9\"><title xml:lang=\"en\">Child</title>\n"
    "<question id=\"kid_name\" type=\"text\">" L("Name", "Naam") "</question>\n"
    "<question id=\"kid_adopted\" type=\"yesno\">" L("Adopted?", "Geadopteerd?") "</question>\n"
    "<question id=\"kid_when\" type=\"date\" when=\"kid_adopted\">" L("When", "Wanneer")
    "</question>\n"
    "<question id=\"kid_where\" type=\"text\">" L("Where", "Waar") "</question>\n"
    "</repeat></section>\n"
    "<section id=\"s4\"><title xml:lang=\"en\">Country</title>\n"
    "<question id=\"nat\" type=\"country\">" L("Nationality", "Nationaliteit") "</question>\n"
    "<question id=\"dutch_only\" type=\"text\" when=\"nat = 'NL'\">" L("Dutch", "Nederlands")
    "</question>\n"
    "<computed id=\"adult\" value=\"age &gt;= 18\"/>"
    "<computed id=\"wed_age\" value=\"age(spouse_born)\"/>"
    "<note id=\"adult_note\" when=\"adult and wed_age &lt; 30\">"
    "<text xml:lang=\"en\">Adult</text></note>\n"
    "</section>\n"
    "<section id=\"s3\"><title xml:lang=\"en\">End</title>\n"
    "<question id=\"last\" type=\"yesno\">" L("Last?", "Laatste?") "</question>\n"
    "<question id=\"after_last\" type=\"text\" when=\"not(last)\">" L("More", "Meer")
    "</question>\n"
    "</section>\n"
    "<documents><title xml:lang=\"en\">Docs</title>"
    "<document id=\"d1\" when=\"married\">" L("Certificate", "Akte") "</document></documents>\n"
    "</form>\n",
};
/* clang-format on */

static helder_form *form;

static void setup(void)
{
    capture cap;
    char form_xml[8192] = "";
    for (size_t i = 0; i < sizeof form_parts / sizeof form_parts[0]; i++)
        strcat(form_xml, form_parts[i]);
    capture_init(&cap);
    int rc = helder_form_load_memory(&form, form_xml, strlen(form_xml), "t.xml", NULL, &cap.sink);
    ck_assert_msg(rc == HELDER_OK, "form does not load:\n%s", capture_text(&cap));
}

static void teardown(void)
{
    helder_form_free(form);
    form = NULL;
}

static helder_plan *plan_in(const char *lang)
{
    helder_plan *plan = NULL;
    int index = helder_plan_find_lang(form, lang);
    ck_assert_int_ge(index, 0);
    ck_assert_int_eq(helder_plan_new(&plan, form, (unsigned)index, NULL), HELDER_OK);
    return plan;
}

static const helder_plan_item *item(const helder_plan *plan, const char *id)
{
    const helder_node *node = helder_form_find(form, id);
    ck_assert_msg(node != NULL, "no node %s", id);
    return helder_plan_item_of(plan, node);
}

/* ---- numbering ---- */

START_TEST(test_numbers)
{
    static const char *const order[] = {
        "married",   "spouse",   "spouse_born", "status",      "wed",
        "age",       "pension",  "either",      "both",        "neither",
        "ticks",     "ticked",   "complex",     "mixed",       "old_wed",
        "grown",     "has_kids", "kid_name",    "kid_adopted", "kid_when",
        "kid_where", "nat",      "dutch_only",  "last",        "after_last",
    };
    helder_plan *plan = plan_in("en");
    ck_assert_uint_eq(plan->nquestions, sizeof order / sizeof order[0]);
    for (unsigned i = 0; i < plan->nquestions; i++) {
        ck_assert_uint_eq(item(plan, order[i])->number, i + 1);
        ck_assert_ptr_eq(plan->questions[i], item(plan, order[i]));
    }
    ck_assert_uint_eq(item(plan, "s1")->number, 0);
    ck_assert_uint_eq(item(plan, "s2")->part, 2);
    ck_assert_uint_eq(item(plan, "d1")->number, 0);
    helder_plan_free(plan);
}
END_TEST

/* ---- texts and fallback ---- */

START_TEST(test_texts)
{
    helder_plan *plan = plan_in("nl");
    ck_assert_str_eq(plan->title, "Toets");
    ck_assert_str_eq(item(plan, "married")->label, "Getrouwd?");
    ck_assert_uint_eq(item(plan, "married")->label_lang, 1);
    /* missing in Dutch: the default language, and the item says so */
    ck_assert_str_eq(item(plan, "pension")->label, "Pension only in English");
    ck_assert_uint_eq(item(plan, "pension")->label_lang, 0);
    ck_assert_str_eq(item(plan, "s2")->title, "Kids");
    ck_assert_ptr_null(item(plan, "married")->hint);
    ck_assert_str_eq(item(plan, "married")->choices[0].label, "Ja");
    ck_assert_str_eq(item(plan, "status")->choices[2].label, "Gescheiden");
    ck_assert(!plan->rtl);
    helder_plan_free(plan);
}
END_TEST

/* ---- conditions in words ---- */

typedef struct {
    const char *lang, *id, *only_if;
    int plain;
} words_case;

static const words_case words_cases[] = {
    {"en", "married", NULL, 0},
    {"en", "spouse", "Answer only if you answered Yes to question 1.", 1},
    {"en", "wed", "Answer only if you chose \u2018Married\u2019 at question 4.", 1},
    {"en", "pension", "Answer only if question 6 is 18 or more.", 1},
    {"en", "either",
     "Answer only if you chose \u2018Married\u2019 or \u2018Divorced\u2019 at question 4.", 1},
    {"en", "both", "Answer only if you answered Yes to question 1 and question 6 is more than 30.",
     1},
    {"en", "neither",
     "Answer only if you did not choose \u2018Single\u2019 or \u2018Married\u2019 at question 4.",
     1},
    {"en", "ticked", "Answer only if you ticked \u2018Pear\u2019 at question 11.", 1},
    {"en", "complex", "Answer only if this applies to you.", 0},
    {"en", "mixed", "Answer only if this applies to you.", 0},
    {"en", "old_wed", "Answer only if the date at question 5 is before 31-01-2000.", 1},
    {"en", "grown", "Answer only if the date at question 3 is at least 18 years ago.", 1},
    {"en", "s2", "Fill in this part only if you answered Yes to question 17.", 1},
    {"en", "kid_when", "Answer only if you answered Yes to question 19.", 1},
    {"en", "after_last", "Answer only if you answered No to question 24.", 1},
    {"en", "dutch_only", "Answer only if question 22 is \u2018Netherlands\u2019.", 1},
    /* computed values are said as what they compute */
    {"en", "adult_note",
     "This applies only if question 6 is 18 or more and the date at question 3 is less than 30 "
     "years ago.",
     1},
    {"nl", "dutch_only", "Alleen invullen als het antwoord op vraag 22 \u2018Nederland\u2019 is.",
     1},
    {"en", "d1", "Send this only if you answered Yes to question 1.", 1},
    {"nl", "spouse", "Alleen invullen als u bij vraag 1 Ja heeft geantwoord.", 1},
    {"nl", "wed", "Alleen invullen als u bij vraag 4 \u2018Getrouwd\u2019 heeft gekozen.", 1},
    {"nl", "pension", "Alleen invullen als het antwoord op vraag 6 18 of meer is.", 1},
    {"nl", "complex", "Alleen invullen als dit voor u geldt.", 0},
};

START_TEST(test_words)
{
    const words_case *c = &words_cases[_i];
    helder_plan *plan = plan_in(c->lang);
    const helder_plan_item *it = item(plan, c->id);
    if (!c->only_if) {
        ck_assert_ptr_null(it->only_if);
    } else {
        ck_assert_msg(it->only_if && strcmp(it->only_if, c->only_if) == 0, "%s/%s: got '%s'",
                      c->lang, c->id, it->only_if ? it->only_if : "(null)");
        ck_assert_int_eq(it->only_if_plain, c->plain);
    }
    helder_plan_free(plan);
}
END_TEST

/* ---- routing ---- */

typedef struct {
    const char *id;
    unsigned choice;
    unsigned goto_number; /* 0: no jump */
    int goto_end;
    const char *text; /* English */
} route_case;

static const route_case route_cases[] = {
    {"married", 0, 0, 0, NULL},               /* Yes: carry on with question 2 */
    {"married", 1, 4, 0, "go to question 4"}, /* No skips 2 and 3 */
    {"status", 0, 6, 0, "go to question 6"},  /* Single skips the wedding date */
    {"status", 1, 0, 0, NULL},
    {"status", 2, 6, 0, "go to question 6"},
    {"has_kids", 0, 0, 0, NULL},
    {"has_kids", 1, 22, 0, "go to question 22"}, /* No skips the whole repeat */
    {"kid_adopted", 0, 0, 0, NULL},
    {"kid_adopted", 1, 21, 0, "go to question 21"}, /* routing inside one repeat item */
    {"last", 0, 0, 1, "go to the end of the form"},
    {"last", 1, 0, 0, NULL},
};

START_TEST(test_routing)
{
    const route_case *c = &route_cases[_i];
    helder_plan *plan = plan_in("en");
    const helder_plan_item *it = item(plan, c->id);
    ck_assert_uint_gt(it->nchoices, c->choice);
    const helder_plan_choice *choice = &it->choices[c->choice];
    ck_assert_msg(choice->goto_number == c->goto_number, "%s[%u]: goto %u, want %u", c->id,
                  c->choice, choice->goto_number, c->goto_number);
    ck_assert_int_eq(choice->goto_end, c->goto_end);
    if (c->text)
        ck_assert_str_eq(choice->goto_text, c->text);
    else
        ck_assert_ptr_null(choice->goto_text);
    helder_plan_free(plan);
}
END_TEST

START_TEST(test_multichoice_has_no_routing)
{
    helder_plan *plan = plan_in("en");
    const helder_plan_item *it = item(plan, "ticks");
    ck_assert_uint_eq(it->nchoices, 2);
    ck_assert_str_eq(it->choices[1].label, "Pear");
    ck_assert_ptr_null(it->choices[1].goto_text);
    ck_assert_uint_eq(item(plan, "age")->nchoices, 0);
    helder_plan_free(plan);
}
END_TEST

/* ---- the plan in public (render/outline.c) ---- */

static char *answer_text(const helder_render_plan *plan, const char *question, const char *answer)
{
    char *text = NULL;
    ck_assert_int_eq(helder_render_plan_answer_text(&text, plan, question, answer), HELDER_OK);
    return text;
}

#define ASSERT_ANSWER(plan, question, answer, want)                                                \
    do {                                                                                           \
        char *got_ = answer_text(plan, question, answer);                                          \
        ck_assert_str_eq(got_, want);                                                              \
        free(got_);                                                                                \
    } while (0)

START_TEST(test_public_plan)
{
    const char *const *langs;
    helder_render_plan *plan = NULL, *nl = NULL;
    const helder_render_item *items, *found;
    char *text = NULL;

    ck_assert_uint_eq(helder_form_languages(&langs, form), 2);
    ck_assert_str_eq(langs[0], "en");
    ck_assert_str_eq(langs[1], "nl");
    ck_assert_int_eq(helder_render_plan_new(&plan, form, "fr"), HELDER_EINVALID);
    ck_assert_ptr_null(plan);
    ck_assert_int_eq(helder_render_plan_new(&plan, form, NULL), HELDER_OK);
    ck_assert_int_eq(helder_render_plan_new(&nl, form, "nl"), HELDER_OK);
    ck_assert_str_eq(helder_render_plan_lang(plan), "en");
    ck_assert_str_eq(helder_render_plan_title(plan), "Test");
    ck_assert_str_eq(helder_render_plan_title(nl), "Toets");

    /* Items in document order, without options, computed values and the like. */
    size_t count = helder_render_plan_items(plan, &items);
    static const char *const first[] = {"s1", "married", "spouse", "spouse_born", "status"};
    for (size_t i = 0; i < sizeof first / sizeof first[0]; i++)
        ck_assert_str_eq(items[i].id, first[i]);
    unsigned questions = 0, sections = 0;
    for (size_t i = 0; i < count; i++) {
        questions += items[i].kind == HELDER_RENDER_QUESTION;
        sections += items[i].kind == HELDER_RENDER_SECTION;
    }
    ck_assert_uint_eq(questions, 25);
    ck_assert_uint_eq(sections, 4);
    ck_assert_int_eq(items[count - 1].kind, HELDER_RENDER_DOCUMENT);
    ck_assert_int_eq(items[count - 2].kind, HELDER_RENDER_DOCUMENTS);
    ck_assert_ptr_null(items[count - 2].id);
    ck_assert_str_eq(items[count - 2].title, "Docs");

    ck_assert_int_eq(items[0].kind, HELDER_RENDER_SECTION);
    ck_assert_str_eq(items[0].section, "s1");
    ck_assert_uint_eq(items[0].part, 1);
    ck_assert_str_eq(items[0].title, "One");
    found = helder_render_plan_find(plan, "kid_name");
    ck_assert_int_eq(found->kind, HELDER_RENDER_QUESTION);
    ck_assert_str_eq(found->section, "s2");
    ck_assert_str_eq(found->repeat, "kids");
    ck_assert_uint_eq(found->number, 18);
    ck_assert_str_eq(found->label, "Name");
    ck_assert_str_eq(helder_render_plan_find(nl, "kid_name")->label, "Naam");
    ck_assert_str_eq(helder_render_plan_find(nl, "s1")->title, "One"); /* no nl title */
    found = helder_render_plan_find(plan, "kids");
    ck_assert_int_eq(found->kind, HELDER_RENDER_REPEAT);
    ck_assert_ptr_null(found->repeat);
    ck_assert_str_eq(found->title, "Child");
    found = helder_render_plan_find(plan, "spouse");
    ck_assert_ptr_nonnull(found->only_if);
    ck_assert_ptr_null(helder_render_plan_find(plan, "married")->only_if);
    found = helder_render_plan_find(plan, "adult_note");
    ck_assert_int_eq(found->kind, HELDER_RENDER_NOTE);
    ck_assert_str_eq(found->text, "Adult");
    found = helder_render_plan_find(plan, "d1");
    ck_assert_int_eq(found->kind, HELDER_RENDER_DOCUMENT);
    ck_assert_str_eq(found->label, "Certificate");
    ck_assert_ptr_null(found->section);
    ck_assert_ptr_nonnull(found->only_if);
    ck_assert_ptr_null(helder_render_plan_find(plan, "adult")); /* computed */
    ck_assert_ptr_null(helder_render_plan_find(plan, "nope"));
    ck_assert_ptr_null(helder_render_plan_find(plan, NULL));

    /* Answers as the page shows them. */
    ASSERT_ANSWER(plan, "married", "yes", "Yes");
    ASSERT_ANSWER(nl, "married", "no", "Nee");
    ASSERT_ANSWER(plan, "status", "married", "Married");
    ASSERT_ANSWER(nl, "status", "married", "Getrouwd");
    ASSERT_ANSWER(plan, "status", "widowed", "");
    ASSERT_ANSWER(plan, "ticks", "b a", "Apple; Pear");
    ASSERT_ANSWER(plan, "ticks", "b c", "Pear");
    ASSERT_ANSWER(plan, "nat", "NL", "Netherlands");
    ASSERT_ANSWER(nl, "nat", "NL", "Nederland");
    ASSERT_ANSWER(plan, "nat", "XX", "");
    ASSERT_ANSWER(plan, "age", "042", "042");
    ck_assert_int_eq(helder_render_plan_answer_text(&text, plan, "s1", "x"), HELDER_EUSAGE);
    ck_assert_ptr_null(text);
    ck_assert_int_eq(helder_render_plan_item_title(&text, plan, "kids", 2), HELDER_OK);
    ck_assert_str_eq(text, "Child 2");
    free(text);
    ck_assert_int_eq(helder_render_plan_item_title(&text, plan, "kid_name", 2), HELDER_EUSAGE);
    ck_assert_ptr_null(text);

    helder_render_plan_free(nl);
    helder_render_plan_free(plan);
    helder_render_plan_free(NULL);
}
END_TEST

START_TEST(test_bad_arguments)
{
    helder_plan *plan = (helder_plan *)1;
    ck_assert_int_eq(helder_plan_new(&plan, form, 7, NULL), HELDER_EUSAGE);
    ck_assert_ptr_null(plan);
    helder_plan_free(NULL);
}
END_TEST

/* ---- the message catalogue ---- */

START_TEST(test_messages)
{
    const char *args[2] = {"3", "8"};
    char *filled = helder_msg_fill(helder_msg_get("nl", HELDER_MSG_PAGE_OF), 2, args);
    ck_assert_str_eq(filled, "Pagina 3 van 8");
    free(filled);
    filled = helder_msg_fill("{2} {1} {3} {x}", 2, args);
    ck_assert_str_eq(filled, "8 3 {3} {x}");
    free(filled);
    ck_assert_str_eq(helder_msg_get("fa", HELDER_MSG_YES), "Yes");
    ck_assert_str_eq(helder_msg_get("nl-BE", HELDER_MSG_YES), "Ja");
    ck_assert_str_eq(helder_msg_get("ti", HELDER_MSG_YES), "እወ");
    ck_assert(helder_lang_rtl("ar"));
    ck_assert(helder_lang_rtl("fa-IR"));
    ck_assert(!helder_lang_rtl("ti"));
    /* every language has every message */
    static const char *const langs[] = {"en", "nl", "ar", "ti"};
    for (size_t l = 0; l < 4; l++) {
        ck_assert(helder_msg_has_lang(langs[l]));
        for (int id = 0; id < HELDER_MSG__COUNT; id++)
            ck_assert_msg(helder_msg_get(langs[l], (helder_msg)id)[0] != '\0', "%s: message %d",
                          langs[l], id);
    }
}
END_TEST

static Suite *plan_suite(void)
{
    Suite *suite = suite_create("plan");
    TCase *tc = tcase_create("plan");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_numbers);
    tcase_add_test(tc, test_texts);
    tcase_add_loop_test(tc, test_words, 0, sizeof words_cases / sizeof words_cases[0]);
    tcase_add_loop_test(tc, test_routing, 0, sizeof route_cases / sizeof route_cases[0]);
    tcase_add_test(tc, test_multichoice_has_no_routing);
    tcase_add_test(tc, test_bad_arguments);
    tcase_add_test(tc, test_public_plan);
    tcase_add_test(tc, test_messages);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    SRunner *runner = srunner_create(plan_suite());
    int failed;
    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
