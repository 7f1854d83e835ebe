/* Fuzz harness: one expression (the text of a when, test, value, min or max attribute), parsed,
 * resolved and type-checked against a small form with every question type, at top level and
 * inside a repeat, then evaluated over unknown, absent and concrete answers.
 * The form is built in; fuzz/expr.dict names its ids and every function.
 */
#include <math.h>
#include <string.h>

#include "fuzz/fuzz.h"
#include "model/model.h"

static const char form_xml[] =
    "<form xmlns=\"urn:helder:form:1\" id=\"f\" version=\"1\" languages=\"en\">"
    "<title xml:lang=\"en\">F</title>"
    "<section id=\"s\"><title xml:lang=\"en\">S</title>"
    "<question id=\"name\" type=\"text\"><label xml:lang=\"en\">a</label></question>"
    "<question id=\"story\" type=\"longtext\"><label xml:lang=\"en\">a</label></question>"
    "<question id=\"age\" type=\"integer\"><label xml:lang=\"en\">a</label></question>"
    "<question id=\"income\" type=\"decimal\"><label xml:lang=\"en\">a</label></question>"
    "<question id=\"birth\" type=\"date\"><label xml:lang=\"en\">a</label></question>"
    "<question id=\"married\" type=\"yesno\"><label xml:lang=\"en\">a</label></question>"
    "<question id=\"colour\" type=\"choice\"><label xml:lang=\"en\">a</label>"
    "<option value=\"red\"><label xml:lang=\"en\">r</label></option>"
    "<option value=\"blue\"><label xml:lang=\"en\">b</label></option></question>"
    "<question id=\"langs\" type=\"multichoice\"><label xml:lang=\"en\">a</label>"
    "<option value=\"nl\"><label xml:lang=\"en\">n</label></option>"
    "<option value=\"en\"><label xml:lang=\"en\">e</label></option></question>"
    "<question id=\"email\" type=\"email\"><label xml:lang=\"en\">a</label></question>"
    "<question id=\"phone\" type=\"phone\"><label xml:lang=\"en\">a</label></question>"
    "<question id=\"country\" type=\"country\"><label xml:lang=\"en\">a</label></question>"
    "<question id=\"bsn\" type=\"bsn\"><label xml:lang=\"en\">a</label></question>"
    "<question id=\"iban\" type=\"iban\"><label xml:lang=\"en\">a</label></question>"
    "<question id=\"postcode\" type=\"postcode\"><label xml:lang=\"en\">a</label></question>"
    "<question id=\"passport\" type=\"file\"><label xml:lang=\"en\">a</label></question>"
    "<computed id=\"adult\" value=\"age &gt;= 18\"/>"
    "<computed id=\"total\" value=\"sum(jobs/salary)\"/>"
    "<repeat id=\"jobs\" min=\"0\" max=\"5\"><title xml:lang=\"en\">J</title>"
    "<question id=\"salary\" type=\"decimal\"><label xml:lang=\"en\">a</label></question>"
    "<question id=\"employer\" type=\"text\"><label xml:lang=\"en\">a</label></question>"
    "<question id=\"start\" type=\"date\"><label xml:lang=\"en\">a</label></question>"
    "<question id=\"kind\" type=\"choice\"><label xml:lang=\"en\">a</label>"
    "<option value=\"paid\"><label xml:lang=\"en\">p</label></option>"
    "<option value=\"own\"><label xml:lang=\"en\">o</label></option></question>"
    "<computed id=\"yearly\" value=\"salary * 12\"/>"
    "</repeat>"
    "</section></form>";

static helder_form *form;
static helder_node *jobs;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(NULL, NULL);
    (void)argc;
    (void)argv;
    helder_global_init();
    if (helder_form_load_memory(&form, form_xml, sizeof form_xml - 1, "expr.xml", NULL, &sink) !=
        HELDER_OK) {
        fprintf(stderr, "fuzz/expr: the built-in form does not load\n");
        exit(2);
    }
    jobs = helder_form_find(form, "jobs");
    FUZZ_ASSERT(jobs && jobs->type == HELDER_NODE_REPEAT);
    return 0;
}

static helder_node *lookup(const char *name, void *payload)
{
    (void)payload;
    return helder_form_find(form, name);
}

static void report(unsigned col, const char *rule, const char *message, void *payload)
{
    (void)col;
    (void)payload;
    /* A message may quote a literal with a line break in it: the sink makes it one line. */
    FUZZ_ASSERT(helder_rule_lookup(rule) >= 0);
    FUZZ_ASSERT(message && message[0]);
}

static const char *id_at(size_t index, void *payload)
{
    (void)payload;
    return index < form->nids ? form->ids[index].id : NULL;
}

static void count_ref(const helder_expr *ref, struct helder_node *target, void *payload)
{
    FUZZ_ASSERT(ref->op == HELDER_OP_REF || ref->op == HELDER_OP_PATH);
    (void)target;
    ++*(unsigned *)payload;
}

/* ---- answers ---- */

enum { MODE_UNKNOWN, MODE_ABSENT, MODE_CONCRETE, MODE_COUNT };

static const helder_str set_items[2] = {{"nl", 2}, {"en", 2}};

static helder_value sample_value(const helder_node *node, int mode)
{
    helder_value value;
    helder_type type;
    memset(&value, 0, sizeof value);
    if (mode == MODE_UNKNOWN)
        return value;
    if (mode == MODE_ABSENT) {
        value.kind = HELDER_VALUE_ABSENT;
        return value;
    }
    type = node->type == HELDER_NODE_QUESTION ? helder_qtype_value_type(node->u.question.qtype)
                                              : node->u.computed.value.type;
    switch (type) {
    case HELDER_TYPE_BOOLEAN:
        value.kind = HELDER_VALUE_BOOLEAN;
        value.u.boolean = true;
        break;
    case HELDER_TYPE_NUMBER:
        value.kind = HELDER_VALUE_NUMBER;
        value.u.number = 42.5;
        break;
    case HELDER_TYPE_STRING:
        value.kind = HELDER_VALUE_STRING;
        value.u.string.text = node->type == HELDER_NODE_QUESTION && node->u.question.noptions
                                  ? node->u.question.options[0]->u.option.value
                                  : "Ab c\xC3\xA9";
        value.u.string.len = strlen(value.u.string.text);
        break;
    case HELDER_TYPE_DATE:
        value.kind = HELDER_VALUE_DATE;
        value.u.date = 7000;
        break;
    case HELDER_TYPE_SET:
        value.kind = HELDER_VALUE_SET;
        value.u.set.items = set_items;
        value.u.set.count = 2;
        break;
    default:
        break; /* unknown */
    }
    return value;
}

#define MAX_SLOTS 64
#define ITEMS 2

typedef struct {
    helder_value top[MAX_SLOTS];
    helder_value item_values[ITEMS][MAX_SLOTS];
    helder_frame item_frames[ITEMS];
    helder_items repeats[4];
    helder_frame root;
} answers;

static void fill_answers(answers *ans, int mode)
{
    memset(ans, 0, sizeof *ans);
    FUZZ_ASSERT(form->nslots <= MAX_SLOTS && jobs->u.repeat.nslots <= MAX_SLOTS);
    FUZZ_ASSERT(form->nrepeats <= 4);
    for (unsigned slot = 0; slot < form->nslots; slot++)
        ans->top[slot] = sample_value(form->slot_nodes[slot], mode);
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        if (node->scope != jobs || node->slot < 0 || node->type == HELDER_NODE_REPEAT)
            continue;
        for (unsigned item = 0; item < ITEMS; item++)
            ans->item_values[item][node->slot] = sample_value(node, mode);
    }
    for (unsigned item = 0; item < ITEMS; item++)
        ans->item_frames[item].values = ans->item_values[item];
    ans->repeats[jobs->slot].count = mode == MODE_UNKNOWN ? -1 : mode == MODE_ABSENT ? 0 : ITEMS;
    ans->repeats[jobs->slot].items = mode == MODE_CONCRETE ? ans->item_frames : NULL;
    ans->root.values = ans->top;
    ans->root.repeats = ans->repeats;
}

static void check_value(helder_value value, helder_type type)
{
    FUZZ_ASSERT(value.kind <= HELDER_VALUE_SET);
    if (value.kind == HELDER_VALUE_STRING)
        FUZZ_ASSERT(value.u.string.len == 0 || value.u.string.text != NULL);
    if (value.kind == HELDER_VALUE_SET)
        for (size_t i = 0; i < value.u.set.count; i++)
            (void)value.u.set.items[i].len;
    /* A known value has the type the checker gave the expression. */
    if (value.kind == HELDER_VALUE_BOOLEAN)
        FUZZ_ASSERT(type == HELDER_TYPE_BOOLEAN);
    if (value.kind == HELDER_VALUE_DATE)
        FUZZ_ASSERT(type == HELDER_TYPE_DATE);
}

static void run_scope(const char *src, const helder_node *scope)
{
    helder_expr *expr = NULL;
    helder_expr_error err;
    helder_expr_checker checker = {lookup, report, NULL, scope, id_at};
    unsigned refs = 0;
    if (helder_expr_parse(&expr, src, &err) != HELDER_OK) {
        FUZZ_ASSERT(expr == NULL);
        FUZZ_ASSERT(err.message[0] != '\0');
        FUZZ_ASSERT(memchr(err.message, '\0', sizeof err.message) != NULL);
        return;
    }
    FUZZ_ASSERT(expr != NULL);
    helder_type type = helder_expr_check(expr, &checker);
    helder_expr_each_ref(expr, count_ref, &refs);
    if (type != HELDER_TYPE_ERROR && type != HELDER_TYPE_REPEAT && type != HELDER_TYPE_NODESET) {
        static answers ans;
        for (int mode = 0; mode < MODE_COUNT; mode++) {
            helder_env env = {NULL, NULL, 20000, 0};
            fill_answers(&ans, mode);
            env.root = &ans.root;
            env.item = scope ? &ans.item_frames[0] : NULL;
            if (scope && mode != MODE_CONCRETE)
                env.item = mode == MODE_UNKNOWN ? &ans.item_frames[0] : &ans.item_frames[1];
            check_value(helder_expr_eval(expr, &env), type);
        }
    }
    helder_expr_free(expr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *src;
    if (size > 2 * HELDER_EXPR_MAX_LEN)
        return 0; /* longer sources are refused by length before anything else happens */
    src = malloc(size + 1);
    FUZZ_ASSERT(src != NULL);
    memcpy(src, data, size);
    src[size] = '\0';
    run_scope(src, NULL);
    run_scope(src, jobs);
    free(src);
    return 0;
}
