/* Tests for the expression engine: lexer tokens and columns, parser trees and errors, the type
 * checker's rules (each with a passing case and a near miss), Kleene evaluation with known,
 * unknown and absent answers, dates, and the PCRE2 pattern wrapper's limits.
 */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/model.h"
#include "model/pattern.h"

#define Z10 "0000000000"
#define Z100 Z10 Z10 Z10 Z10 Z10 Z10 Z10 Z10 Z10 Z10
#define N_CASES(array) ((int)(sizeof(array) / sizeof((array)[0])))

/* ---- a tiny fake form, built by hand ---- */

enum {
    S_PURPOSE,
    S_AGE,
    S_MARRIED,
    S_BIRTH,
    S_LANGS,
    S_COLOUR,
    S_INCOME,
    S_TOTAL,
    S_BROKEN,
    S_EMAIL,
    S_NAME,
    N_TOP
};
enum { C_NAME, C_AGE, C_SCHOOL, C_DOUBLE, N_CHILD };
enum { J_SALARY, J_EMPLOYER, N_JOB };
enum { R_CHILDREN, R_JOBS, N_REPEATS };

static helder_node form_nodes[32];
static helder_node *form_index[32];
static size_t form_count;
static helder_node option_nodes[8];
static helder_node *langs_options[3], *colour_options[2];
static helder_node *children, *jobs;

static helder_node *add_node(const char *id, helder_node_type type, int slot, helder_node *scope)
{
    helder_node *node = &form_nodes[form_count];
    memset(node, 0, sizeof *node);
    node->type = type;
    node->id = (char *)id;
    node->slot = slot;
    node->scope = scope;
    form_index[form_count++] = node;
    return node;
}

static helder_node *add_question(const char *id, helder_qtype qtype, int slot, helder_node *scope)
{
    helder_node *node = add_node(id, HELDER_NODE_QUESTION, slot, scope);
    node->u.question.qtype = qtype;
    return node;
}

static helder_node *add_computed(const char *id, helder_type type, int slot, helder_node *scope)
{
    helder_node *node = add_node(id, HELDER_NODE_COMPUTED, slot, scope);
    node->u.computed.value.type = type;
    return node;
}

static helder_node *option(unsigned index, const char *value)
{
    helder_node *node = &option_nodes[index];
    memset(node, 0, sizeof *node);
    node->type = HELDER_NODE_OPTION;
    node->u.option.value = (char *)value;
    return node;
}

static void build_form(void)
{
    form_count = 0;
    add_question("purpose", HELDER_Q_TEXT, S_PURPOSE, NULL);
    add_question("age", HELDER_Q_INTEGER, S_AGE, NULL);
    add_question("married", HELDER_Q_YESNO, S_MARRIED, NULL);
    add_question("birth", HELDER_Q_DATE, S_BIRTH, NULL);
    helder_node *langs = add_question("langs", HELDER_Q_MULTICHOICE, S_LANGS, NULL);
    langs_options[0] = option(0, "nl");
    langs_options[1] = option(1, "en");
    langs_options[2] = option(2, "fr");
    langs->u.question.noptions = 3;
    langs->u.question.options = langs_options;
    helder_node *colour = add_question("colour", HELDER_Q_CHOICE, S_COLOUR, NULL);
    colour_options[0] = option(3, "red");
    colour_options[1] = option(4, "green");
    colour->u.question.noptions = 2;
    colour->u.question.options = colour_options;
    add_question("income", HELDER_Q_DECIMAL, S_INCOME, NULL);
    add_computed("total", HELDER_TYPE_NUMBER, S_TOTAL, NULL);
    add_computed("broken", HELDER_TYPE_ERROR, S_BROKEN, NULL);
    add_question("email", HELDER_Q_EMAIL, S_EMAIL, NULL);
    add_question("name", HELDER_Q_TEXT, S_NAME, NULL);
    add_node("intro", HELDER_NODE_SECTION, -1, NULL);
    add_node("tip", HELDER_NODE_NOTE, -1, NULL);
    children = add_node("children", HELDER_NODE_REPEAT, R_CHILDREN, NULL);
    add_question("child_name", HELDER_Q_TEXT, C_NAME, children);
    add_question("child_age", HELDER_Q_INTEGER, C_AGE, children);
    add_question("child_school", HELDER_Q_YESNO, C_SCHOOL, children);
    add_computed("child_double", HELDER_TYPE_NUMBER, C_DOUBLE, children);
    jobs = add_node("jobs", HELDER_NODE_REPEAT, R_JOBS, NULL);
    add_question("salary", HELDER_Q_DECIMAL, J_SALARY, jobs);
    add_question("employer", HELDER_Q_TEXT, J_EMPLOYER, jobs);
}

static helder_node *lookup(const char *name, void *payload)
{
    (void)payload;
    for (size_t i = 0; i < form_count; i++)
        if (strcmp(form_index[i]->id, name) == 0)
            return form_index[i];
    return NULL;
}

static const char *id_at(size_t index, void *payload)
{
    (void)payload;
    return index < form_count ? form_index[index]->id : NULL;
}

/* ---- values and frames ---- */

static helder_value v_unknown(void)
{
    helder_value value;
    memset(&value, 0, sizeof value);
    return value;
}

static helder_value v_absent(void)
{
    helder_value value = v_unknown();
    value.kind = HELDER_VALUE_ABSENT;
    return value;
}

static helder_value v_num(double n)
{
    helder_value value = v_unknown();
    value.kind = HELDER_VALUE_NUMBER;
    value.u.number = n;
    return value;
}

static helder_value v_bool(bool b)
{
    helder_value value = v_unknown();
    value.kind = HELDER_VALUE_BOOLEAN;
    value.u.boolean = b;
    return value;
}

static helder_value v_str(const char *text)
{
    helder_value value = v_unknown();
    value.kind = HELDER_VALUE_STRING;
    value.u.string.text = text;
    value.u.string.len = strlen(text);
    return value;
}

static helder_value v_date(const char *text)
{
    helder_value value = v_unknown();
    value.kind = HELDER_VALUE_DATE;
    ck_assert_int_eq(helder_date_parse(&value.u.date, text, strlen(text)), 0);
    return value;
}

static const helder_str langs_answer[] = {{"nl", 2}, {"en", 2}};

static helder_value v_langs(void)
{
    helder_value value = v_unknown();
    value.kind = HELDER_VALUE_SET;
    value.u.set.items = langs_answer;
    value.u.set.count = 2;
    return value;
}

/* Three environments: K every answer known, U every answer unknown, A every answer absent. */
typedef struct {
    helder_value top[N_TOP];
    helder_value child[3][N_CHILD];
    helder_value job[2][N_JOB];
    helder_frame child_frames[3];
    helder_frame job_frames[2];
    helder_items repeats[N_REPEATS];
    helder_frame root;
} world;

static world world_k, world_u, world_a;

static void link_world(world *w, long nchildren, long njobs)
{
    for (int i = 0; i < 3; i++)
        w->child_frames[i].values = w->child[i];
    for (int i = 0; i < 2; i++)
        w->job_frames[i].values = w->job[i];
    w->repeats[R_CHILDREN].count = nchildren;
    w->repeats[R_CHILDREN].items = w->child_frames;
    w->repeats[R_JOBS].count = njobs;
    w->repeats[R_JOBS].items = w->job_frames;
    w->root.values = w->top;
    w->root.repeats = w->repeats;
}

static void build_worlds(void)
{
    world *k = &world_k;
    k->top[S_PURPOSE] = v_str("hello world");
    k->top[S_AGE] = v_num(30);
    k->top[S_MARRIED] = v_bool(true);
    k->top[S_BIRTH] = v_date("1990-05-15");
    k->top[S_LANGS] = v_langs();
    k->top[S_COLOUR] = v_str("red");
    k->top[S_INCOME] = v_num(1234.5);
    k->top[S_TOTAL] = v_num(42);
    k->top[S_BROKEN] = v_unknown();
    k->top[S_EMAIL] = v_str("a@b.nl");
    k->top[S_NAME] = v_str("Zo\xC3\xAB");
    static const char *const names[3] = {"Ann", "Bob", "Cy"};
    static const double ages[3] = {4, 10, 15};
    for (int i = 0; i < 3; i++) {
        k->child[i][C_NAME] = v_str(names[i]);
        k->child[i][C_AGE] = v_num(ages[i]);
        k->child[i][C_DOUBLE] = v_num(ages[i] * 2);
    }
    k->child[0][C_SCHOOL] = v_bool(true);
    k->child[1][C_SCHOOL] = v_bool(false);
    k->child[2][C_SCHOOL] = v_absent();
    k->job[0][J_SALARY] = v_num(1000);
    k->job[0][J_EMPLOYER] = v_str("x");
    k->job[1][J_SALARY] = v_num(2500.5);
    k->job[1][J_EMPLOYER] = v_str("y");
    link_world(k, 3, 2);

    memset(&world_u, 0, sizeof world_u); /* zero is HELDER_VALUE_UNKNOWN */
    link_world(&world_u, -1, 2);

    world *a = &world_a;
    for (int i = 0; i < N_TOP; i++)
        a->top[i] = v_absent();
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < N_JOB; j++)
            a->job[i][j] = v_absent();
    link_world(a, 0, 2);
}

static void format_value(char *buf, size_t size, helder_value value)
{
    switch (value.kind) {
    case HELDER_VALUE_UNKNOWN:
        snprintf(buf, size, "unknown");
        break;
    case HELDER_VALUE_ABSENT:
        snprintf(buf, size, "absent");
        break;
    case HELDER_VALUE_BOOLEAN:
        snprintf(buf, size, value.u.boolean ? "true" : "false");
        break;
    case HELDER_VALUE_NUMBER:
        snprintf(buf, size, "%.15g", value.u.number);
        break;
    case HELDER_VALUE_STRING:
        snprintf(buf, size, "'%.*s'", (int)value.u.string.len, value.u.string.text);
        break;
    case HELDER_VALUE_DATE:
        helder_date_format(buf, value.u.date);
        break;
    case HELDER_VALUE_SET:
        snprintf(buf, size, "set(%zu)", value.u.set.count);
        break;
    }
}

/* ---- checking with a recorded report ---- */

typedef struct {
    unsigned col;
    char rule[32];
    char message[256];
} report_item;

typedef struct {
    report_item items[8];
    unsigned count;
} reports;

static void record(unsigned col, const char *rule, const char *message, void *payload)
{
    reports *r = payload;
    if (r->count < 8) {
        report_item *item = &r->items[r->count];
        item->col = col;
        snprintf(item->rule, sizeof item->rule, "%s", rule);
        snprintf(item->message, sizeof item->message, "%s", message);
    }
    r->count++;
}

static const char *reports_text(const reports *r)
{
    static char text[2048];
    size_t at = 0;
    text[0] = '\0';
    for (unsigned i = 0; i < r->count && i < 8; i++)
        at += (size_t)snprintf(text + at, sizeof text - at, "  %u: %s [%s]\n", r->items[i].col,
                               r->items[i].message, r->items[i].rule);
    return text;
}

static helder_expr *parse_ok(const char *src)
{
    helder_expr *expr = NULL;
    helder_expr_error err;
    int rc = helder_expr_parse(&expr, src, &err);
    ck_assert_msg(rc == 0, "parse '%s': %u: %s", src, err.col, err.message);
    ck_assert_ptr_nonnull(expr);
    return expr;
}

static helder_type check_in(helder_expr *expr, const helder_node *scope, reports *r)
{
    helder_expr_checker checker = {lookup, record, r, scope, id_at};
    memset(r, 0, sizeof *r);
    return helder_expr_check(expr, &checker);
}

/* ---- lexer ---- */

static const char *tok_names[] = {
    "eof", "num", "str", "name", "(",  ")", "[",  "]",  ",",   "/",   "+",   "-",
    "*",   "=",   "!=",  "<",    "<=", ">", ">=", "or", "and", "div", "mod",
};

typedef struct {
    const char *src;
    const char *want; /* "kind[:text]@col" for each token, space separated */
} lex_case;

static const lex_case lex_cases[] = {
    {"a or b", "name:a@1 or@3 name:b@6"},
    {"or or or", "name:or@1 or@4 name:or@7"},
    {"div div div", "name:div@1 div@5 name:div@9"},
    {"x div 2 mod 3", "name:x@1 div@3 num:2@7 mod@9 num:3@13"},
    {"a and(b)", "name:a@1 and@3 (@6 name:b@7 )@8"},
    {"not(and)", "name:not@1 (@4 name:and@5 )@8"},
    {"count-selected(q)", "name:count-selected@1 (@15 name:q@16 )@17"},
    {"a-b", "name:a-b@1"},
    {"a-1", "name:a@1 -@2 num:1@3"},
    {"a - b", "name:a@1 -@3 name:b@5"},
    {"a--b", "name:a@1 -@2 -@3 name:b@4"},
    {"a_1-x2", "name:a_1-x2@1"},
    {"'\xC3\xA9' = x", "str:\xC3\xA9@1 =@5 name:x@7"},
    {"'\xE6\x97\xA5\xE6\x9C\xAC' = name", "str:\xE6\x97\xA5\xE6\x9C\xAC@1 =@6 name:name@8"},
    {"\"it's\"", "str:it's@1"},
    {"''", "str:@1"},
    {"1.5 * 20", "num:1.5@1 *@5 num:20@7"},
    {"a<=b>=c!=d<e>f=g", "name:a@1 <=@2 name:b@4 >=@5 name:c@7 !=@8 name:d@10 <@11 name:e@12 "
                         ">@13 name:f@14 =@15 name:g@16"},
    {"r[a]/q", "name:r@1 [@2 name:a@3 ]@4 /@5 name:q@6"},
    {"f(a,b)", "name:f@1 (@2 name:a@3 ,@4 name:b@5 )@6"},
    {"\ta\n+\r\nb", "name:a@2 +@4 name:b@7"},
    {"-3", "-@1 num:3@2"},
    {"", ""},
    {"   ", ""},
};

static void dump_tokens(const char *src, char *out, size_t size, helder_expr_error *err, int *rc)
{
    helder_lexer lexer;
    helder_token tok;
    size_t at = 0;
    out[0] = '\0';
    *rc = 0;
    helder_lexer_init(&lexer, src, strlen(src));
    for (;;) {
        *rc = helder_lexer_next(&lexer, &tok, err);
        if (*rc != 0 || tok.kind == HELDER_TOK_EOF)
            break;
        const char *sep = at ? " " : "";
        if (tok.kind == HELDER_TOK_NAME || tok.kind == HELDER_TOK_NUMBER ||
            tok.kind == HELDER_TOK_STRING)
            at += (size_t)snprintf(out + at, size - at, "%s%s:%.*s@%u", sep, tok_names[tok.kind],
                                   (int)tok.len, tok.text, tok.col);
        else
            at +=
                (size_t)snprintf(out + at, size - at, "%s%s@%u", sep, tok_names[tok.kind], tok.col);
    }
}

START_TEST(test_lexer)
{
    const lex_case *c = &lex_cases[_i];
    char got[512];
    helder_expr_error err;
    int rc;
    dump_tokens(c->src, got, sizeof got, &err, &rc);
    ck_assert_msg(rc == 0, "'%s': %u: %s", c->src, err.col, err.message);
    ck_assert_msg(strcmp(got, c->want) == 0, "'%s':\n got  %s\n want %s", c->src, got, c->want);
}
END_TEST

START_TEST(test_lexer_widths_and_numbers)
{
    helder_lexer lexer;
    helder_token tok;
    helder_expr_error err;
    const char *src = "'\xC3\xA9t\xC3\xA9' 12.25 <= count-selected";
    helder_lexer_init(&lexer, src, strlen(src));
    ck_assert_int_eq(helder_lexer_next(&lexer, &tok, &err), 0);
    ck_assert_uint_eq(tok.width, 5);
    ck_assert_uint_eq(tok.len, 5);
    ck_assert_int_eq(helder_lexer_next(&lexer, &tok, &err), 0);
    ck_assert(tok.number == 12.25);
    ck_assert_uint_eq(tok.col, 7);
    ck_assert_uint_eq(tok.width, 5);
    ck_assert_int_eq(helder_lexer_next(&lexer, &tok, &err), 0);
    ck_assert_uint_eq(tok.width, 2);
    ck_assert_int_eq(helder_lexer_next(&lexer, &tok, &err), 0);
    ck_assert_uint_eq(tok.width, 14);
    ck_assert_int_eq(helder_lexer_next(&lexer, &tok, &err), 0);
    ck_assert_int_eq(tok.kind, HELDER_TOK_EOF);
    ck_assert_uint_eq(tok.col, 30);
    ck_assert_int_eq(helder_lexer_next(&lexer, &tok, &err), 0); /* EOF repeats */
    ck_assert_int_eq(tok.kind, HELDER_TOK_EOF);
}
END_TEST

typedef struct {
    const char *src;
    unsigned col;
    const char *message; /* a substring */
} error_case;

static const error_case lex_errors[] = {
    {"a # b", 3, "unexpected character '#'"},
    {"'abc", 1, "unterminated string"},
    {"x = \"abc", 5, "unterminated string"},
    {"1.", 3, "expected a digit after '.'"},
    {"a ! b", 3, "'!' must be followed by '='"},
    {"a | b", 3, "write 'or'"},
    {"a && b", 3, "write 'and'"},
    {"\xC3\xA9t\xC3\xA9", 1, "unexpected character '\xC3\xA9'"},
    {"'\xC3\xA9' @", 5, "unexpected character '@'"},
    {"a\x01", 2, "control character 0x01"},
};

START_TEST(test_lexer_errors)
{
    const error_case *c = &lex_errors[_i];
    char got[512];
    helder_expr_error err;
    int rc;
    dump_tokens(c->src, got, sizeof got, &err, &rc);
    ck_assert_msg(rc == HELDER_EINVALID, "'%s' lexed: %s", c->src, got);
    ck_assert_msg(err.col == c->col, "'%s': col %u, want %u (%s)", c->src, err.col, c->col,
                  err.message);
    ck_assert_msg(strstr(err.message, c->message) != NULL, "'%s': message '%s' lacks '%s'", c->src,
                  err.message, c->message);
}
END_TEST

/* ---- parser ---- */

static const char *op_names[] = {
    "num", "str", "ref", "filter", "path", "or", "and", "=",   "!=",  "<",
    "<=",  ">",   ">=",  "+",      "-",    "*",  "div", "mod", "neg", "call",
};

static size_t dump_expr(const helder_expr *expr, char *out, size_t size)
{
    size_t at = 0;
#define PUT(...) (at += (size_t)snprintf(out + at, at < size ? size - at : 0, __VA_ARGS__))
    switch (expr->op) {
    case HELDER_OP_NUMBER:
        PUT("%.15g", expr->u.number);
        return at;
    case HELDER_OP_STRING:
        PUT("'%s'", expr->u.string.text);
        return at;
    case HELDER_OP_REF:
        PUT("%s", expr->u.ref.name);
        return at;
    case HELDER_OP_PATH:
        PUT("(path ");
        at += dump_expr(expr->args[0], out + at, at < size ? size - at : 0);
        PUT(" %s)", expr->u.ref.name);
        return at;
    case HELDER_OP_CALL:
        PUT("(%s", expr->u.call.name);
        break;
    default:
        PUT("(%s", op_names[expr->op]);
        break;
    }
    for (unsigned i = 0; i < expr->nargs; i++) {
        PUT(" ");
        at += dump_expr(expr->args[i], out + at, at < size ? size - at : 0);
    }
    PUT(")");
#undef PUT
    return at;
}

typedef struct {
    const char *src;
    const char *tree;
    unsigned col, len; /* of the root; 0 0 skips */
} parse_case;

static const parse_case parse_cases[] = {
    {"1 + 2 * 3", "(+ 1 (* 2 3))", 1, 9},
    {"(1 + 2) * 3", "(* (+ 1 2) 3)", 1, 11},
    {"1 * 2 + 3", "(+ (* 1 2) 3)", 0, 0},
    {"a or b and c", "(or a (and b c))", 1, 12},
    {"a and b or c", "(or (and a b) c)", 0, 0},
    {"a or b or c", "(or (or a b) c)", 0, 0},
    {"1 - 2 - 3", "(- (- 1 2) 3)", 0, 0},
    {"8 div 4 div 2", "(div (div 8 4) 2)", 0, 0},
    {"7 mod 3 * 2", "(* (mod 7 3) 2)", 0, 0},
    {"-a", "(neg a)", 1, 2},
    {"- - 3", "(neg (neg 3))", 1, 5},
    {"-2 * 3", "(* (neg 2) 3)", 0, 0},
    {"2 * -3", "(* 2 (neg 3))", 0, 0},
    {"1 - -1", "(- 1 (neg 1))", 0, 0},
    {"a = b", "(= a b)", 0, 0},
    {"a != b", "(!= a b)", 0, 0},
    {"a < b", "(< a b)", 0, 0},
    {"a <= b", "(<= a b)", 0, 0},
    {"a > b", "(> a b)", 0, 0},
    {"a >= b", "(>= a b)", 0, 0},
    {"a + 1 < b * 2", "(< (+ a 1) (* b 2))", 0, 0},
    {"a = 1 and b = 2 or c", "(or (and (= a 1) (= b 2)) c)", 0, 0},
    {"not(a)", "(not a)", 1, 6},
    {"true()", "(true)", 1, 6},
    {"count(r[a > 1])", "(count (filter r (> a 1)))", 1, 15},
    {"sum(r/q)", "(sum (path r q))", 1, 8},
    {"sum(r[a]/q)", "(sum (path (filter r a) q))", 1, 11},
    {"count-selected(langs)", "(count-selected langs)", 0, 0},
    {"if(a, 1, 'x')", "(if a 1 'x')", 0, 0},
    {"min(1, 2, 3, 4, 5)", "(min 1 2 3 4 5)", 0, 0},
    {"frobnicate(1)", "(frobnicate 1)", 0, 0},
    {"  a  ", "a", 3, 1},
    {" (a) ", "a", 3, 1},
    {"((((a))))", "a", 5, 1},
    {"1.25", "1.25", 1, 4},
    {"\"x\" = 'y'", "(= 'x' 'y')", 1, 9},
    {"'\xC3\xA9' = 'x'", "(= '\xC3\xA9' 'x')", 1, 9},
    {"or or or", "(or or or)", 0, 0},
    {"r/q", "(path r q)", 1, 3},
    {"r[a]", "(filter r a)", 1, 4},
};

START_TEST(test_parse)
{
    const parse_case *c = &parse_cases[_i];
    char got[512];
    helder_expr *expr = parse_ok(c->src);
    dump_expr(expr, got, sizeof got);
    ck_assert_msg(strcmp(got, c->tree) == 0, "'%s':\n got  %s\n want %s", c->src, got, c->tree);
    if (c->col)
        ck_assert_msg(expr->col == c->col && expr->len == c->len, "'%s': col %u len %u, want %u %u",
                      c->src, expr->col, expr->len, c->col, c->len);
    helder_expr_free(expr);
}
END_TEST

START_TEST(test_parse_calls_resolve_functions)
{
    helder_expr *expr = parse_ok("count-selected(q) + frob(1)");
    ck_assert_int_eq(expr->args[0]->u.call.fn, HELDER_FN_COUNT_SELECTED);
    ck_assert_int_eq(expr->args[1]->u.call.fn, HELDER_FN__COUNT);
    ck_assert_str_eq(expr->args[1]->u.call.name, "frob");
    helder_expr_free(expr);
    for (int fn = 0; fn < HELDER_FN__COUNT; fn++) {
        const char *name = helder_fn_name((helder_fn)fn);
        ck_assert_int_eq(helder_fn_lookup(name, strlen(name)), fn);
    }
    ck_assert_int_eq(helder_fn_lookup("counts", 6), HELDER_FN__COUNT);
    helder_expr_free(NULL);
}
END_TEST

static const error_case parse_errors[] = {
    {"", 1, "empty expression"},
    {"   ", 1, "empty expression"},
    {"(a", 3, "expected ')' to close '(' at column 1"},
    {"x + (a * (b)", 13, "expected ')' to close '(' at column 5"},
    {"f(a, b", 7, "',' or ')' to close 'f(' at column 2"},
    {"f(a b)", 5, "',' or ')' to close 'f(' at column 2, found name 'b'"},
    {"1 +", 4, "expected a value, a name or '(', found the end of the expression"},
    {"a b", 3, "expected an operator or the end, found name 'b'"},
    {"a)", 2, "unexpected ')' without a matching '('"},
    {"a]", 2, "unexpected ']' without a matching '['"},
    {"r[a", 4, "expected ']' to close '[' at column 2"},
    {"r[]", 3, "a condition inside '[…]'"},
    {"r/", 3, "a question name after '/'"},
    {"r/1", 3, "a question name after '/', found number 1"},
    {"r/q/z", 4, "a path has one step"},
    {"r[a][b]", 5, "only one condition"},
    {"a < b < c", 7, "cannot be chained"},
    {"a = b != c", 7, "cannot be chained"},
    {"()", 2, "an expression inside '(…)'"},
    {"f(,)", 3, "expected a value"},
    {"f(1,)", 5, "expected a value"},
    {"1 = = 2", 5, "found '='"},
    {"'abc", 1, "unterminated string"},
    {"a and", 6, "the end of the expression"},
    {"f(1)(2)", 5, "expected an operator or the end, found '('"},
    {", a", 1, "found ','"},
    {"not a", 5, "found name 'a'"},
    {"1.5.2", 4, "unexpected character '.'"},
    {"'a' 'b'", 5, "found string 'b'"},
    {"1e5", 2, "found name 'e5'"},
    {"a * * b", 5, "found '*'"},
};

START_TEST(test_parse_errors)
{
    const error_case *c = &parse_errors[_i];
    helder_expr *expr = (helder_expr *)1;
    helder_expr_error err;
    int rc = helder_expr_parse(&expr, c->src, &err);
    ck_assert_msg(rc == HELDER_EINVALID, "'%s' parsed", c->src);
    ck_assert_ptr_null(expr);
    ck_assert_msg(err.col == c->col, "'%s': col %u, want %u (%s)", c->src, err.col, c->col,
                  err.message);
    ck_assert_msg(strstr(err.message, c->message) != NULL, "'%s': message '%s' lacks '%s'", c->src,
                  err.message, c->message);
}
END_TEST

/* Nesting: 64 levels parse, 65 do not, and 100,000 end in an error rather than a crash. */
typedef struct {
    const char *open, *middle, *close;
    unsigned depth;
    bool ok;
} nest_case;

static const nest_case nest_cases[] = {
    {"(", "1", ")", 64, true},          {"(", "1", ")", 65, false},
    {"(", "1", ")", 100000, false},     {"-", "1", "", 64, true},
    {"-", "1", "", 65, false},          {"-", "1", "", 100000, false},
    {"not(", "true()", ")", 64, true},  {"not(", "true()", ")", 100000, false},
    {"count(r[", "a", "])", 32, true},  {"count(r[", "a", "])", 100000, false},
    {"(", "", "", 100000, false}, /* unclosed */
    {"f(1, ", "1", ")", 100000, false},
};

START_TEST(test_parse_nesting)
{
    const nest_case *c = &nest_cases[_i];
    size_t lo = strlen(c->open), lm = strlen(c->middle), lc = strlen(c->close);
    char *src = malloc(c->depth * (lo + lc) + lm + 1);
    size_t at = 0;
    for (unsigned i = 0; i < c->depth; i++, at += lo)
        memcpy(src + at, c->open, lo);
    memcpy(src + at, c->middle, lm);
    at += lm;
    for (unsigned i = 0; i < c->depth; i++, at += lc)
        memcpy(src + at, c->close, lc);
    src[at] = '\0';

    helder_expr *expr = NULL;
    helder_expr_error err;
    int rc = helder_expr_parse(&expr, src, &err);
    if (c->ok) {
        ck_assert_msg(rc == 0, "depth %u: %s", c->depth, err.message);
    } else {
        ck_assert_int_eq(rc, HELDER_EINVALID);
        ck_assert_ptr_null(expr);
        /* Within the length limit the depth is what fails; beyond it, the length. */
        if (at <= HELDER_EXPR_MAX_LEN)
            ck_assert_msg(strstr(err.message, "nested too deeply") != NULL, "%s", err.message);
        else
            ck_assert_msg(strstr(err.message, "longer than") != NULL, "%s", err.message);
    }
    helder_expr_free(expr);
    free(src);
}
END_TEST

START_TEST(test_parse_depth_error_column)
{
    char src[200];
    helder_expr *expr = NULL;
    helder_expr_error err;
    memset(src, '(', 100);
    strcpy(src + 100, "1");
    ck_assert_int_eq(helder_expr_parse(&expr, src, &err), HELDER_EINVALID);
    ck_assert_uint_eq(err.col, 65);
    ck_assert_str_eq(err.message, "expression is nested too deeply (more than 64 levels)");
}
END_TEST

/* Operator chains: 512 levels parse and evaluate, 513 do not (the height limit keeps every
 * tree walk shallow even though 4,096 bytes would allow 2,048). */
static char *chain(unsigned operators)
{
    char *src = malloc(2 * (size_t)operators + 2);
    src[0] = '1';
    for (unsigned i = 0; i < operators; i++) {
        src[1 + 2 * i] = '+';
        src[2 + 2 * i] = '1';
    }
    src[1 + 2 * (size_t)operators] = '\0';
    return src;
}

START_TEST(test_parse_height_limit)
{
    helder_expr *expr = NULL;
    helder_expr_error err;
    helder_env env = {NULL, NULL, 0, 0};
    char *src = chain(HELDER_EXPR_MAX_HEIGHT - 1);
    ck_assert_int_eq(helder_expr_parse(&expr, src, &err), 0);
    helder_value value = helder_expr_eval(expr, &env);
    ck_assert_int_eq(value.kind, HELDER_VALUE_NUMBER);
    ck_assert(value.u.number == HELDER_EXPR_MAX_HEIGHT);
    helder_expr_free(expr);
    free(src);

    src = chain(HELDER_EXPR_MAX_HEIGHT);
    ck_assert_int_eq(helder_expr_parse(&expr, src, &err), HELDER_EINVALID);
    ck_assert_uint_eq(err.col, 2 * HELDER_EXPR_MAX_HEIGHT);
    ck_assert_msg(strstr(err.message, "too long a chain of operators (more than 512") != NULL, "%s",
                  err.message);
    free(src);

    /* the same inside a call and under a minus */
    src = malloc(2 * HELDER_EXPR_MAX_HEIGHT + 16);
    char *inner = chain(HELDER_EXPR_MAX_HEIGHT - 1);
    sprintf(src, "-(%s)", inner);
    ck_assert_int_eq(helder_expr_parse(&expr, src, &err), HELDER_EINVALID);
    ck_assert_uint_eq(err.col, 1);
    sprintf(src, "abs(%s)", inner);
    ck_assert_int_eq(helder_expr_parse(&expr, src, &err), HELDER_EINVALID);
    ck_assert_uint_eq(err.col, 1);
    free(inner);
    free(src);
}
END_TEST

START_TEST(test_parse_length_limit)
{
    /* 4,096 bytes parse (here min() of 2,048 ones: wide, not tall); 4,097 do not. */
    char *src = malloc(HELDER_EXPR_MAX_LEN + 2);
    helder_expr *expr = NULL;
    helder_expr_error err;
    helder_env env = {NULL, NULL, 0, 0};
    size_t at = 0;
    at += (size_t)sprintf(src, "min(1");
    while (at + 3 <= HELDER_EXPR_MAX_LEN - 1)
        at += (size_t)sprintf(src + at, ",1");
    while (at < HELDER_EXPR_MAX_LEN - 1)
        src[at++] = ' ';
    src[at++] = ')';
    src[at] = '\0';
    ck_assert_uint_eq(strlen(src), HELDER_EXPR_MAX_LEN);
    ck_assert_int_eq(helder_expr_parse(&expr, src, &err), 0);
    ck_assert_uint_gt(expr->nargs, 2000);
    helder_value value = helder_expr_eval(expr, &env);
    ck_assert_int_eq(value.kind, HELDER_VALUE_NUMBER);
    ck_assert(value.u.number == 1);
    helder_expr_free(expr);

    memset(src, ' ', HELDER_EXPR_MAX_LEN + 1);
    src[0] = '1';
    src[HELDER_EXPR_MAX_LEN + 1] = '\0';
    ck_assert_int_eq(helder_expr_parse(&expr, src, &err), HELDER_EINVALID);
    ck_assert_uint_eq(err.col, 1);
    ck_assert_str_eq(err.message, "expression is longer than 4096 bytes");
    free(src);
}
END_TEST

/* ---- type checker ---- */

typedef struct {
    const char *src;
    const char *scope; /* repeat id, or NULL for top level */
    helder_type type;
    unsigned nreports;
    const char *rule;    /* of the first report */
    unsigned col;        /* of the first report; 0 skips */
    const char *message; /* substring of the first report */
} check_case;

#define OK(src, type)                                                                              \
    {                                                                                              \
        src, NULL, HELDER_TYPE_##type, 0, NULL, 0, NULL                                            \
    }
#define OK_IN(scope, src, type)                                                                    \
    {                                                                                              \
        src, scope, HELDER_TYPE_##type, 0, NULL, 0, NULL                                           \
    }
#define BAD(src, rule, col, message)                                                               \
    {                                                                                              \
        src, NULL, HELDER_TYPE_ERROR, 1, rule, col, message                                        \
    }
#define BAD_IN(scope, src, rule, col, message)                                                     \
    {                                                                                              \
        src, scope, HELDER_TYPE_ERROR, 1, rule, col, message                                       \
    }
#define BADN(n, src, rule, col, message)                                                           \
    {                                                                                              \
        src, NULL, HELDER_TYPE_ERROR, n, rule, col, message                                        \
    }

static const check_case check_cases[] = {
    /* literals and references */
    OK("1", NUMBER),
    OK("'x'", STRING),
    OK("purpose", STRING),
    OK("age", NUMBER),
    OK("income", NUMBER),
    OK("married", BOOLEAN),
    OK("birth", DATE),
    OK("langs", SET),
    OK("colour", STRING),
    OK("email", STRING),
    OK("total", NUMBER),
    OK("children", REPEAT),
    OK("children/child_age", NODESET),
    OK("children[child_school]", REPEAT),
    BAD("1" Z100 Z100 Z100 Z100, "bad-literal", 1, "number is too large"),
    BAD("purpse = 'x'", "unknown-reference", 1,
        "unknown reference 'purpse'; did you mean 'purpose'?"),
    BAD("ag + 1", "unknown-reference", 1, "did you mean 'age'?"),
    BAD("xyzzy", "unknown-reference", 1, "unknown reference 'xyzzy'"),
    BAD("today", "unknown-reference", 1, "to call the function write today()"),
    BAD("1 + age-min", "unknown-reference", 5, "for subtraction put spaces around '-'"),
    BAD("intro = 1", "type-mismatch", 1, "'intro' is a section, not a value"),
    BAD("not(tip)", "type-mismatch", 5, "'tip' is a note, not a value"),
    BADN(0, "broken + 1", NULL, 0, NULL),
    BADN(0, "broken = 'x' or broken", NULL, 0, NULL),
    /* repeat scope */
    OK_IN("children", "child_age > 3", BOOLEAN),
    OK_IN("children", "child_age + age", NUMBER),
    OK_IN("children", "child_double", NUMBER),
    OK_IN("children", "answered(child_school)", BOOLEAN),
    BAD("child_age > 3", "repeat-scope", 1,
        "question 'child_age' belongs to repeat 'children': use sum(children/child_age), or "
        "refer to it inside count(children[…])"),
    BAD("child_name = 'x'", "repeat-scope", 1, "refer to it inside count(children[…])"),
    BAD("child_double", "repeat-scope", 1, "computed value 'child_double' belongs to repeat"),
    BAD_IN("children", "salary > 1", "repeat-scope", 1, "belongs to repeat 'jobs'"),
    BAD("answered(child_age)", "repeat-scope", 10, "belongs to repeat 'children'"),
    OK("count(children[child_age > age])", NUMBER),
    OK_IN("children", "count(children[child_age > 1])", NUMBER),
    OK_IN("children", "count(jobs[salary > age])", NUMBER),
    BAD_IN("children", "count(jobs[salary > child_age])", "repeat-scope", 21, "child_age"),
    BAD("count(children[salary > 1])", "repeat-scope", 16, "belongs to repeat 'jobs'"),
    BAD("count(xyzzy[child_age > 1])", "unknown-reference", 7, "xyzzy"),
    BAD("sum(children/salary)", "repeat-scope", 14, "'salary' is not inside repeat 'children'"),
    BAD("sum(children/nothing)", "unknown-reference", 14, "unknown reference 'nothing'"),
    BAD("sum(purpose/age)", "type-mismatch", 5, "'purpose' is not a repeat"),
    BAD("count(purpose[true()])", "type-mismatch", 7, "'purpose' is not a repeat"),
    BAD("count(children[child_age])", "type-mismatch", 16,
        "the condition in […] must be true or false, not a number"),
    BAD("sum(children/intro)", "type-mismatch", 14, "'intro' is a section"),
    /* logic */
    OK("married and age > 18", BOOLEAN),
    OK("married or not(married)", BOOLEAN),
    BAD("age and married", "type-mismatch", 1, "'and' needs true or false, not a number"),
    BAD("married or 1", "type-mismatch", 12, "'or' needs true or false, not a number"),
    BAD("purpose or married", "type-mismatch", 1, "not text"),
    /* equality */
    OK("purpose = 'x'", BOOLEAN),
    OK("colour = 'red'", BOOLEAN),
    OK("colour = 'blue'", BOOLEAN),
    OK("'green' != colour", BOOLEAN),
    OK("married = true()", BOOLEAN),
    OK("birth = date('2000-01-01')", BOOLEAN),
    OK("age != 3", BOOLEAN),
    BAD("married = 'yes'", "type-mismatch", 1,
        "yesno questions are true or false: write married or not(married)"),
    BAD("'no' != married", "type-mismatch", 1, "write married or not(married)"),
    BAD("langs = 'nl'", "type-mismatch", 1, "to test for an option write selected(langs, 'nl')"),
    BAD("age = 'x'", "type-mismatch", 1, "'=' cannot compare a number with text"),
    BAD("langs = langs", "type-mismatch", 1,
        "'=' cannot compare a multichoice answer with a "
        "multichoice answer; test for an option with "
        "selected()"),
    BAD("children = children", "type-mismatch", 1, "compare count() or sum() instead"),
    BAD("birth = '2000-01-01'", "type-mismatch", 9, "write a date as date('2000-01-01')"),
    BAD("children/child_age = 1", "type-mismatch", 1, "cannot compare a list of answers"),
    /* ordering */
    OK("age < 3", BOOLEAN),
    OK("birth >= today()", BOOLEAN),
    OK("income <= age", BOOLEAN),
    BAD("purpose < 'x'", "type-mismatch", 1, "'<' needs two numbers or two dates, not text"),
    BAD("birth > 3", "type-mismatch", 1, "not a date and a number"),
    BAD("birth < '2000-01-01'", "type-mismatch", 9, "write a date as date('2000-01-01')"),
    BAD("married >= false()", "type-mismatch", 1, "not true or false"),
    /* arithmetic */
    OK("age + 1", NUMBER),
    OK("age - income * 2 div 3 mod 4", NUMBER),
    OK("-age", NUMBER),
    OK("total * 2", NUMBER),
    BAD("purpose + 1", "type-mismatch", 1, "'+' needs numbers, not text"),
    BAD("birth + 1", "type-mismatch", 1, "for dates use add-days() or days-between()"),
    BAD("1 div married", "type-mismatch", 7, "'div' needs numbers, not true or false"),
    BAD("-purpose", "type-mismatch", 2, "'-' needs numbers, not text"),
    BAD("children + 1", "type-mismatch", 1, "not a repeat"),
    BADN(2, "(age + 'x') and 5", "type-mismatch", 8, "'+' needs numbers, not text"),
    BAD("(purpose + 1) = 2", "type-mismatch", 2, "'+'"),
    BAD("not(xyzzy)", "unknown-reference", 5, "xyzzy"),
    /* functions: arity and names */
    BAD("not()", "wrong-arity", 1, "not() takes 1 argument, not 0"),
    BAD("not(married, married)", "wrong-arity", 1, "not() takes 1 argument, not 2"),
    BAD("min(1)", "wrong-arity", 1, "min() takes at least 2 arguments, not 1"),
    BAD("if(married, 1)", "wrong-arity", 1, "if() takes 3 arguments, not 2"),
    BAD("today(1)", "wrong-arity", 1, "today() takes 0 arguments, not 1"),
    BADN(2, "true(xyzzy)", "wrong-arity", 1, "true() takes 0 arguments"),
    BAD("cont(children)", "unknown-function", 1, "unknown function 'cont'; did you mean count()?"),
    BAD("concat('a', 'b')", "unknown-function", 1, "unknown function 'concat'"),
    BADN(2, "frob(xyzzy)", "unknown-function", 1, "unknown function 'frob'"),
    /* functions: signatures */
    OK("true()", BOOLEAN),
    OK("false()", BOOLEAN),
    OK("not(married)", BOOLEAN),
    BAD("not(age)", "type-mismatch", 5, "argument 1 of not() must be true or false, not a number"),
    OK("answered(purpose)", BOOLEAN),
    OK("answered(langs)", BOOLEAN),
    OK("answered(married)", BOOLEAN),
    BAD("answered(total)", "type-mismatch", 10,
        "answered() takes a question; 'total' is a "
        "computed value"),
    BAD("answered(broken)", "type-mismatch", 10, "'broken' is a computed value"),
    BAD("answered(children)", "type-mismatch", 10, "'children' is a repeat"),
    BAD("answered(1)", "type-mismatch", 10, "answered() takes the id of a question"),
    BAD("answered(intro)", "type-mismatch", 10, "'intro' is a section"),
    OK("selected(langs, 'nl')", BOOLEAN),
    OK("selected(langs, 'de')", BOOLEAN), /* unknown options are lint's unknown-option-value */
    BAD("selected(colour, 'red')", "type-mismatch", 10,
        "selected() takes a multichoice question; 'colour' is text"),
    BAD("selected(langs, purpose)", "type-mismatch", 17, "must be a literal in quotes"),
    BAD("selected('nl', 'nl')", "type-mismatch", 10, "takes the id of a multichoice question"),
    OK("count-selected(langs)", NUMBER),
    BAD("count-selected(purpose)", "type-mismatch", 16, "takes a multichoice question"),
    OK("count(children)", NUMBER),
    OK("count(children[child_age > 3])", NUMBER),
    OK("count(children/child_name)", NUMBER),
    OK("count(children[child_school]/child_name)", NUMBER),
    BAD("count(age)", "type-mismatch", 7,
        "count() takes a repeat, repeat[condition] or "
        "repeat/question, not a number"),
    BAD("count(langs)", "type-mismatch", 7, "write count-selected(langs)"),
    OK("sum(jobs/salary)", NUMBER),
    OK("sum(jobs[employer = 'x']/salary)", NUMBER),
    OK("sum(children/child_double)", NUMBER),
    BAD("sum(children)", "type-mismatch", 5, "sum() takes repeat/question"),
    BAD("sum(children/child_name)", "type-mismatch", 5,
        "sum() adds numbers; 'child_name' is "
        "text"),
    BAD("sum(age)", "type-mismatch", 5, "not a number"),
    OK("string-length(purpose)", NUMBER),
    BAD("string-length(age)", "type-mismatch", 15, "must be text, not a number"),
    OK("contains(purpose, 'x')", BOOLEAN),
    OK("starts-with(colour, purpose)", BOOLEAN),
    BAD("contains(purpose, 1)", "type-mismatch", 19, "argument 2 of contains() must be text"),
    BAD("starts-with(langs, 'x')", "type-mismatch", 13, "argument 1 of starts-with()"),
    OK("matches(purpose, '[0-9]+')", BOOLEAN),
    BAD("matches(purpose, purpose)", "type-mismatch", 18,
        "argument 2 of matches() must be a "
        "literal"),
    BAD("matches(age, 'x')", "type-mismatch", 9, "argument 1 of matches() must be text"),
    BAD("matches(purpose, 'ab(')", "bad-pattern", 22, "missing closing parenthesis"),
    BAD("matches(purpose, 'x)|(.*')", "bad-pattern", 20, "unmatched closing parenthesis"),
    BAD("matches(purpose, '\\C')", "bad-pattern", 0, "\\C"),
    BAD("matches(purpose, '(*LIMIT_MATCH=1)a')", "bad-pattern", 19, "start-of-pattern"),
    BAD("matches(purpose, '(.*){1,32000}')", "bad-pattern", 0, "too large"),
    OK("today()", DATE),
    OK("date('2026-01-31')", DATE),
    OK("date('2024-02-29')", DATE),
    BAD("date('2026-02-30')", "bad-literal", 6, "'2026-02-30' is not a date"),
    BAD("date('2025-02-29')", "bad-literal", 6, "not a date"),
    BAD("date('0000-01-01')", "bad-literal", 6, "not a date"),
    BAD("date('10000-01-01')", "bad-literal", 6, "not a date"),
    BAD("date('2026-1-1')", "bad-literal", 6, "not a date"),
    BAD("date(purpose)", "type-mismatch", 6, "argument 1 of date() must be a literal"),
    OK("age(birth)", NUMBER),
    BAD("age(age)", "type-mismatch", 5, "must be a date, not a number"),
    OK("years-between(birth, today())", NUMBER),
    OK("days-between(birth, today())", NUMBER),
    BAD("days-between(birth, 1)", "type-mismatch", 21, "argument 2 of days-between()"),
    OK("add-days(birth, 1)", DATE),
    OK("add-months(birth, age)", DATE),
    OK("add-years(today(), -1)", DATE),
    BAD("add-days(birth, birth)", "type-mismatch", 17,
        "argument 2 of add-days() must be a "
        "number, not a date"),
    BAD("add-years(1, 1)", "type-mismatch", 11, "argument 1 of add-years() must be a date"),
    OK("round(income)", NUMBER),
    OK("floor(income)", NUMBER),
    OK("ceiling(income)", NUMBER),
    OK("abs(income)", NUMBER),
    BAD("round(birth)", "type-mismatch", 7, "must be a number, not a date"),
    OK("min(1, 2)", NUMBER),
    OK("max(1, age, income, 4)", NUMBER),
    OK("max(birth, today())", DATE),
    OK("min(birth, date('2000-01-01'), today())", DATE),
    BAD("min(1, birth)", "type-mismatch", 8, "argument 2 is a date, not a number"),
    BADN(2, "max('a', 'b')", "type-mismatch", 5, "max() takes numbers or dates, not text"),
    OK("if(married, 1, 2)", NUMBER),
    OK("if(married, 'a', purpose)", STRING),
    OK("if(age > 1, birth, today())", DATE),
    OK("if(married, married, false())", BOOLEAN),
    BAD("if(age, 1, 2)", "type-mismatch", 4, "argument 1 of if() must be true or false"),
    BAD("if(married, 1, 'x')", "type-mismatch", 16,
        "both branches of if() must have the same "
        "type, not a number and text"),
    BADN(2, "if(married, langs, langs)", "type-mismatch", 13, "not a multichoice answer"),
};

START_TEST(test_check)
{
    const check_case *c = &check_cases[_i];
    reports r;
    helder_expr *expr = parse_ok(c->src);
    const helder_node *scope = c->scope ? lookup(c->scope, NULL) : NULL;
    helder_type type = check_in(expr, scope, &r);
    ck_assert_msg(type == c->type, "'%s': type %s, want %s\n%s", c->src, helder_type_name(type),
                  helder_type_name(c->type), reports_text(&r));
    ck_assert_msg(expr->type == type, "'%s': root type not stored", c->src);
    ck_assert_msg(r.count == c->nreports, "'%s': %u reports, want %u\n%s", c->src, r.count,
                  c->nreports, reports_text(&r));
    if (c->rule != NULL && r.count > 0) {
        ck_assert_msg(strcmp(r.items[0].rule, c->rule) == 0, "'%s': rule %s, want %s\n%s", c->src,
                      r.items[0].rule, c->rule, reports_text(&r));
        if (c->col)
            ck_assert_msg(r.items[0].col == c->col, "'%s': col %u, want %u\n%s", c->src,
                          r.items[0].col, c->col, reports_text(&r));
        ck_assert_msg(strstr(r.items[0].message, c->message) != NULL,
                      "'%s': message lacks '%s'\n%s", c->src, c->message, reports_text(&r));
    }
    helder_expr_free(expr);
}
END_TEST

START_TEST(test_check_folds_and_compiles)
{
    reports r;
    helder_expr *expr = parse_ok("date('2000-02-29') < today() and matches(purpose, '[a-z]+')");
    ck_assert_int_eq(check_in(expr, NULL, &r), HELDER_TYPE_BOOLEAN);
    ck_assert_int_eq(expr->args[0]->args[0]->u.call.date, 11016);
    ck_assert_ptr_nonnull(expr->args[1]->u.call.pattern);
    /* Checking twice (a form reloaded in place) must not leak the first pattern. */
    ck_assert_int_eq(check_in(expr, NULL, &r), HELDER_TYPE_BOOLEAN);
    helder_expr_free(expr);
}
END_TEST

static void collect_ref(const helder_expr *ref, struct helder_node *target, void *payload)
{
    char *out = payload;
    (void)ref;
    if (*out)
        strcat(out, " ");
    strcat(out, target->id);
}

START_TEST(test_each_ref)
{
    reports r;
    char got[256] = "";
    helder_expr *expr = parse_ok("count(children[child_age > age]) + sum(jobs/salary) + total");
    ck_assert_int_eq(check_in(expr, NULL, &r), HELDER_TYPE_NUMBER);
    helder_expr_each_ref(expr, collect_ref, got);
    ck_assert_str_eq(got, "children child_age age jobs salary total");
    helder_expr_free(expr);
}
END_TEST

START_TEST(test_type_names)
{
    ck_assert_str_eq(helder_type_name(HELDER_TYPE_ERROR), "error");
    ck_assert_str_eq(helder_type_name(HELDER_TYPE_BOOLEAN), "boolean");
    ck_assert_str_eq(helder_type_name(HELDER_TYPE_NUMBER), "number");
    ck_assert_str_eq(helder_type_name(HELDER_TYPE_STRING), "string");
    ck_assert_str_eq(helder_type_name(HELDER_TYPE_DATE), "date");
    ck_assert_str_eq(helder_type_name(HELDER_TYPE_SET), "set");
    ck_assert_str_eq(helder_type_name(HELDER_TYPE_REPEAT), "repeat");
    ck_assert_str_eq(helder_type_name(HELDER_TYPE_NODESET), "nodeset");
}
END_TEST

/* ---- evaluation ---- */

typedef struct {
    const char *src;
    char world; /* 'K' known, 'U' unknown, 'A' absent */
    int item;   /* index of the children item to evaluate in, or -1 */
    const char *want;
} eval_case;

static const eval_case eval_cases[] = {
    /* literals, references */
    {"1.5", 'K', -1, "1.5"},
    {"'x'", 'K', -1, "'x'"},
    {"purpose", 'K', -1, "'hello world'"},
    {"age", 'U', -1, "unknown"},
    {"age", 'A', -1, "absent"},
    {"total", 'K', -1, "42"},
    {"child_age", 'K', 1, "10"},
    {"child_age + age", 'K', 1, "40"},
    {"child_school", 'K', 2, "absent"},
    /* arithmetic */
    {"1 + 2 * 3", 'K', -1, "7"},
    {"(1 + 2) * 3", 'K', -1, "9"},
    {"10 - 2 - 3", 'K', -1, "5"},
    {"7 div 2", 'K', -1, "3.5"},
    {"7 mod 3", 'K', -1, "1"},
    {"-7 mod 3", 'K', -1, "-1"},
    {"7 mod -3", 'K', -1, "1"},
    {"5.5 mod 2", 'K', -1, "1.5"},
    {"-age", 'K', -1, "-30"},
    {"- - age", 'K', -1, "30"},
    {"0 * -1", 'K', -1, "0"},
    {"1 div 0", 'K', -1, "unknown"},
    {"0 div 0", 'K', -1, "unknown"},
    {"age mod 0", 'K', -1, "unknown"},
    {"1" Z100 Z100 Z100 " * 1" Z100, 'K', -1, "unknown"},
    {"1" Z100 Z100 Z100 "00000000 + 1" Z100 Z100 Z100 "00000000", 'K', -1, "unknown"},
    {"1" Z100 Z100 Z100 "00000000 > 1", 'K', -1, "true"},
    {"-1" Z100 Z100 Z100 " * 1" Z100 " < 0", 'K', -1, "unknown"},
    {"0.1 + 0.2 = 0.3", 'K', -1, "false"},
    {"0.5 + 0.25 = 0.75", 'K', -1, "true"},
    {"age + 1", 'U', -1, "unknown"},
    {"age + 1", 'A', -1, "unknown"},
    {"-age", 'U', -1, "unknown"},
    {"income * 0", 'U', -1, "unknown"},
    /* comparisons */
    {"age = 30", 'K', -1, "true"},
    {"age != 30", 'K', -1, "false"},
    {"age < 31", 'K', -1, "true"},
    {"age <= 30", 'K', -1, "true"},
    {"age > 30", 'K', -1, "false"},
    {"age >= 31", 'K', -1, "false"},
    {"purpose = 'hello world'", 'K', -1, "true"},
    {"purpose = 'Hello world'", 'K', -1, "false"},
    {"purpose != 'hello'", 'K', -1, "true"},
    {"name = 'Zo\xC3\xAB'", 'K', -1, "true"},
    {"name = 'Zoe\xCC\x88'", 'K', -1, "false"},
    {"colour = 'red'", 'K', -1, "true"},
    {"married = true()", 'K', -1, "true"},
    {"married != married", 'K', -1, "false"},
    {"birth < today()", 'K', -1, "true"},
    {"birth = date('1990-05-15')", 'K', -1, "true"},
    {"birth > date('1990-05-15')", 'K', -1, "false"},
    {"age = 30", 'U', -1, "unknown"},
    {"age = 30", 'A', -1, "unknown"},
    {"age != 30", 'A', -1, "unknown"},
    {"purpose = purpose", 'U', -1, "unknown"},
    {"birth < today()", 'U', -1, "unknown"},
    /* logic that does not depend on the unknown side */
    {"true() or age > 1", 'U', -1, "true"},
    {"age > 1 or true()", 'U', -1, "true"},
    {"false() and age > 1", 'U', -1, "false"},
    {"age > 1 and false()", 'A', -1, "false"},
    {"married and not(married)", 'K', -1, "false"},
    {"married and not(married)", 'U', -1, "unknown"},
    /* functions */
    {"not(married)", 'K', -1, "false"},
    {"not(married)", 'U', -1, "unknown"},
    {"not(married)", 'A', -1, "unknown"},
    {"answered(purpose)", 'K', -1, "true"},
    {"answered(purpose)", 'U', -1, "unknown"},
    {"answered(purpose)", 'A', -1, "false"},
    {"answered(langs)", 'A', -1, "false"},
    {"answered(child_school)", 'K', 0, "true"},
    {"answered(child_school)", 'K', 2, "false"},
    {"not(child_school)", 'K', 2, "unknown"},
    {"selected(langs, 'nl')", 'K', -1, "true"},
    {"selected(langs, 'fr')", 'K', -1, "false"},
    {"selected(langs, 'nl')", 'U', -1, "unknown"},
    {"selected(langs, 'nl')", 'A', -1, "unknown"},
    {"count-selected(langs)", 'K', -1, "2"},
    {"count-selected(langs)", 'U', -1, "unknown"},
    {"count-selected(langs)", 'A', -1, "unknown"},
    {"count(children)", 'K', -1, "3"},
    {"count(children)", 'U', -1, "unknown"},
    {"count(children)", 'A', -1, "0"},
    {"count(jobs)", 'U', -1, "2"},
    {"count(children[child_age > 5])", 'K', -1, "2"},
    {"count(children[child_age > 20])", 'K', -1, "0"},
    {"count(children[child_age > age])", 'K', -1, "0"},
    {"count(children[child_school])", 'K', -1, "unknown"},
    {"count(children[child_age > 12 or child_school])", 'K', -1, "2"},
    {"count(children[child_school or child_age > 100])", 'K', -1, "unknown"},
    {"count(children[child_age > 5])", 'K', 0, "2"},
    {"count(children/child_name)", 'K', -1, "3"},
    {"count(children/child_school)", 'K', -1, "2"},
    {"count(children[child_age > 5]/child_school)", 'K', -1, "1"},
    {"count(jobs/salary)", 'U', -1, "unknown"},
    {"count(jobs/salary)", 'A', -1, "0"},
    {"count(jobs[salary > 1])", 'U', -1, "unknown"},
    {"count(jobs[salary > 1])", 'A', -1, "unknown"},
    {"sum(jobs/salary)", 'K', -1, "3500.5"},
    {"sum(jobs[employer = 'y']/salary)", 'K', -1, "2500.5"},
    {"sum(jobs[employer = 'z']/salary)", 'K', -1, "0"},
    {"sum(children/child_double)", 'K', -1, "58"},
    {"sum(children/child_double)", 'U', -1, "unknown"},
    {"sum(children/child_double)", 'A', -1, "0"},
    {"sum(jobs/salary)", 'U', -1, "unknown"},
    {"sum(jobs/salary)", 'A', -1, "unknown"},
    {"sum(children[child_school]/child_age)", 'K', -1, "unknown"},
    {"sum(children[child_age < 12]/child_age)", 'K', -1, "14"},
    {"string-length(name)", 'K', -1, "3"},
    {"string-length('')", 'K', -1, "0"},
    {"string-length('\xE6\x97\xA5\xE6\x9C\xAC')", 'K', -1, "2"},
    {"string-length(purpose)", 'U', -1, "unknown"},
    {"string-length(purpose)", 'A', -1, "unknown"},
    {"contains(purpose, 'lo wo')", 'K', -1, "true"},
    {"contains(purpose, 'xyz')", 'K', -1, "false"},
    {"contains(purpose, '')", 'K', -1, "true"},
    {"contains(purpose, 'd')", 'K', -1, "true"},
    {"contains('ab', 'abc')", 'K', -1, "false"},
    {"contains(name, '\xC3\xAB')", 'K', -1, "true"},
    {"contains(purpose, 'x')", 'U', -1, "unknown"},
    {"contains('abc', purpose)", 'A', -1, "unknown"},
    {"starts-with(purpose, 'hell')", 'K', -1, "true"},
    {"starts-with(purpose, 'world')", 'K', -1, "false"},
    {"starts-with(purpose, '')", 'K', -1, "true"},
    {"starts-with(purpose, 'x')", 'A', -1, "unknown"},
    {"matches(purpose, '[a-z ]+')", 'K', -1, "true"},
    {"matches(purpose, 'hello')", 'K', -1, "false"},
    {"matches(purpose, 'world')", 'K', -1, "false"},
    {"matches(email, '[^@]+@[^@]+\\.[a-z]+')", 'K', -1, "true"},
    {"matches(name, 'Zo.')", 'K', -1, "true"},
    {"matches(name, '\\w+')", 'K', -1, "true"},
    {"matches(purpose, 'x')", 'U', -1, "unknown"},
    {"matches(purpose, 'x')", 'A', -1, "unknown"},
    {"today()", 'K', -1, "2026-03-01"},
    {"today()", 'U', -1, "2026-03-01"},
    {"date('2024-02-29')", 'U', -1, "2024-02-29"},
    {"age(birth)", 'K', -1, "35"},
    {"age(birth)", 'U', -1, "unknown"},
    {"age(date('2000-03-01'))", 'K', -1, "26"},
    {"age(date('2000-03-02'))", 'K', -1, "25"},
    {"age(date('2008-02-29'))", 'K', -1, "18"},
    {"age(date('2026-03-02'))", 'K', -1, "0"},
    {"age(date('2027-03-01'))", 'K', -1, "-1"},
    {"age(date('2027-03-02'))", 'K', -1, "-1"},
    {"years-between(date('2000-02-29'), date('2001-02-28'))", 'K', -1, "0"},
    {"years-between(date('2000-02-29'), date('2001-03-01'))", 'K', -1, "1"},
    {"years-between(date('2000-02-29'), date('2004-02-29'))", 'K', -1, "4"},
    {"years-between(date('2000-02-29'), date('2004-02-28'))", 'K', -1, "3"},
    {"years-between(date('2001-03-01'), date('2000-02-29'))", 'K', -1, "-1"},
    {"years-between(date('2000-01-01'), date('2000-12-31'))", 'K', -1, "0"},
    {"years-between(date('0001-01-01'), date('9999-12-31'))", 'K', -1, "9998"},
    {"days-between(date('2026-01-01'), date('2026-03-01'))", 'K', -1, "59"},
    {"days-between(date('2026-03-01'), date('2026-01-01'))", 'K', -1, "-59"},
    {"days-between(date('2024-01-01'), date('2025-01-01'))", 'K', -1, "366"},
    {"days-between(date('1970-01-01'), date('0001-01-01'))", 'K', -1, "-719162"},
    {"days-between(birth, today())", 'A', -1, "unknown"},
    {"add-days(date('2024-02-28'), 1)", 'K', -1, "2024-02-29"},
    {"add-days(date('2023-02-28'), 1)", 'K', -1, "2023-03-01"},
    {"add-days(date('2026-01-01'), -1)", 'K', -1, "2025-12-31"},
    {"add-days(date('2026-01-01'), 1.9)", 'K', -1, "2026-01-02"},
    {"add-days(date('2026-01-01'), -1.9)", 'K', -1, "2025-12-31"},
    {"add-days(date('9999-12-31'), 1)", 'K', -1, "unknown"},
    {"add-days(date('0001-01-01'), -1)", 'K', -1, "unknown"},
    {"add-days(today(), 1" Z100 ")", 'K', -1, "unknown"},
    {"add-days(birth, 1)", 'U', -1, "unknown"},
    {"add-months(date('2026-01-31'), 1)", 'K', -1, "2026-02-28"},
    {"add-months(date('2024-01-31'), 1)", 'K', -1, "2024-02-29"},
    {"add-months(date('2026-03-31'), -1)", 'K', -1, "2026-02-28"},
    {"add-months(date('2026-05-31'), 1)", 'K', -1, "2026-06-30"},
    {"add-months(date('2026-12-15'), 1)", 'K', -1, "2027-01-15"},
    {"add-months(date('2026-01-15'), -13)", 'K', -1, "2024-12-15"},
    {"add-months(date('2026-01-15'), 0)", 'K', -1, "2026-01-15"},
    {"add-months(date('9999-12-01'), 1)", 'K', -1, "unknown"},
    {"add-months(date('0001-01-31'), -1)", 'K', -1, "unknown"},
    {"add-months(today(), 1" Z100 ")", 'K', -1, "unknown"},
    {"add-months(today(), age)", 'A', -1, "unknown"},
    {"add-years(date('2024-02-29'), 1)", 'K', -1, "2025-02-28"},
    {"add-years(date('2024-02-29'), 4)", 'K', -1, "2028-02-29"},
    {"add-years(date('2024-02-29'), -100)", 'K', -1, "1924-02-29"},
    {"add-years(date('2024-02-29'), -124)", 'K', -1, "1900-02-28"},
    {"add-years(date('9999-01-01'), 1)", 'K', -1, "unknown"},
    {"round(2.5)", 'K', -1, "3"},
    {"round(-2.5)", 'K', -1, "-2"},
    {"round(2.4999)", 'K', -1, "2"},
    {"round(0.49999999999999994)", 'K', -1, "0"},
    {"round(-0.4)", 'K', -1, "0"},
    {"round(income)", 'K', -1, "1235"},
    {"floor(-1.5)", 'K', -1, "-2"},
    {"floor(1.5)", 'K', -1, "1"},
    {"ceiling(-1.5)", 'K', -1, "-1"},
    {"ceiling(-0.5)", 'K', -1, "0"},
    {"ceiling(1.1)", 'K', -1, "2"},
    {"abs(-3)", 'K', -1, "3"},
    {"abs(income)", 'A', -1, "unknown"},
    {"round(income)", 'U', -1, "unknown"},
    {"min(3, 1, 2)", 'K', -1, "1"},
    {"max(3, 1, 2)", 'K', -1, "3"},
    {"min(age, income)", 'K', -1, "30"},
    {"min(birth, today())", 'K', -1, "1990-05-15"},
    {"max(date('2026-01-01'), date('2025-01-01'))", 'K', -1, "2026-01-01"},
    {"min(age, 1)", 'U', -1, "unknown"},
    {"max(1, age)", 'A', -1, "unknown"},
    {"if(married, 'a', 'b')", 'K', -1, "'a'"},
    {"if(not(married), 'a', 'b')", 'K', -1, "'b'"},
    {"if(married, 1, 1)", 'U', -1, "1"},
    {"if(married, 1, 2)", 'U', -1, "unknown"},
    {"if(married, age, age)", 'U', -1, "unknown"},
    {"if(married, age, age)", 'A', -1, "unknown"},
    {"if(married, 'x', 'x')", 'A', -1, "'x'"},
    {"if(true(), 1, age)", 'U', -1, "1"},
    {"if(false(), 1, age)", 'A', -1, "absent"},
    {"if(married, date('2000-01-01'), date('2000-01-01'))", 'U', -1, "2000-01-01"},
};

static world *world_for(char name)
{
    return name == 'K' ? &world_k : name == 'U' ? &world_u : &world_a;
}

static helder_value eval_in(helder_expr *expr, const world *w, int item, helder_env *env)
{
    env->root = &w->root;
    env->item = item >= 0 ? &w->child_frames[item] : NULL;
    helder_date_parse(&env->today, "2026-03-01", 10);
    env->limit_hits = 0;
    return helder_expr_eval(expr, env);
}

START_TEST(test_eval)
{
    const eval_case *c = &eval_cases[_i];
    reports r;
    helder_env env;
    char got[128];
    helder_expr *expr = parse_ok(c->src);
    helder_type type = check_in(expr, c->item >= 0 ? children : NULL, &r);
    ck_assert_msg(r.count == 0 && type != HELDER_TYPE_ERROR, "'%s' does not check:\n%s", c->src,
                  reports_text(&r));
    format_value(got, sizeof got, eval_in(expr, world_for(c->world), c->item, &env));
    ck_assert_msg(strcmp(got, c->want) == 0, "'%s' in %c: got %s, want %s", c->src, c->world, got,
                  c->want);
    ck_assert_uint_eq(env.limit_hits, 0);
    helder_expr_free(expr);
}
END_TEST

/* The Kleene truth tables over true, false and unknown, with unknown both as an unknown answer
 * (world U) and as no answer (world A): `married` is the third value in both. */
typedef struct {
    const char *src;
    const char *want;
} truth_case;

static const truth_case truth_cases[] = {
    {"true() and true()", "true"},      {"true() and false()", "false"},
    {"true() and married", "unknown"},  {"false() and true()", "false"},
    {"false() and false()", "false"},   {"false() and married", "false"},
    {"married and true()", "unknown"},  {"married and false()", "false"},
    {"married and married", "unknown"}, {"true() or true()", "true"},
    {"true() or false()", "true"},      {"true() or married", "true"},
    {"false() or true()", "true"},      {"false() or false()", "false"},
    {"false() or married", "unknown"},  {"married or true()", "true"},
    {"married or false()", "unknown"},  {"married or married", "unknown"},
    {"not(true())", "false"},           {"not(false())", "true"},
    {"not(married)", "unknown"},
};

START_TEST(test_truth_tables)
{
    const truth_case *c = &truth_cases[_i / 2];
    char world_name = _i % 2 ? 'A' : 'U';
    reports r;
    helder_env env;
    char got[64];
    helder_expr *expr = parse_ok(c->src);
    ck_assert_int_eq(check_in(expr, NULL, &r), HELDER_TYPE_BOOLEAN);
    helder_value value = eval_in(expr, world_for(world_name), -1, &env);
    format_value(got, sizeof got, value);
    ck_assert_msg(strcmp(got, c->want) == 0, "'%s' in %c: got %s, want %s", c->src, world_name, got,
                  c->want);
    ck_assert_int_eq(helder_value_truth(value), strcmp(c->want, "true") == 0    ? 1
                                                : strcmp(c->want, "false") == 0 ? 0
                                                                                : -1);
    helder_expr_free(expr);
}
END_TEST

START_TEST(test_value_truth)
{
    ck_assert_int_eq(helder_value_truth(v_bool(true)), 1);
    ck_assert_int_eq(helder_value_truth(v_bool(false)), 0);
    ck_assert_int_eq(helder_value_truth(v_unknown()), -1);
    ck_assert_int_eq(helder_value_truth(v_absent()), -1);
    ck_assert_int_eq(helder_value_truth(v_num(1)), -1);
}
END_TEST

/* contains() uses two-way matching; compare it with a naive search on random strings over a
 * two-letter alphabet, where periodic needles and near misses are common. */
START_TEST(test_contains_property)
{
    reports r;
    helder_env env;
    char hay[64], needle[12];
    helder_value top[N_TOP];
    helder_frame root = {top, NULL};
    helder_expr *expr = parse_ok("contains(purpose, name)");
    unsigned long seed = 12345;
    ck_assert_int_eq(check_in(expr, NULL, &r), HELDER_TYPE_BOOLEAN);
    memset(&env, 0, sizeof env);
    env.root = &root;
    for (int round = 0; round < 20000; round++) {
        size_t hay_len, needle_len;
        seed = seed * 6364136223846793005ul + 1442695040888963407ul;
        hay_len = (seed >> 33) % sizeof hay;
        needle_len = 2 + (seed >> 45) % (sizeof needle - 2);
        for (size_t i = 0; i < hay_len; i++) {
            seed = seed * 6364136223846793005ul + 1442695040888963407ul;
            hay[i] = (seed >> 40) % 3 == 0 ? 'b' : 'a';
        }
        for (size_t i = 0; i < needle_len; i++) {
            seed = seed * 6364136223846793005ul + 1442695040888963407ul;
            needle[i] = (seed >> 40) % 3 == 0 ? 'b' : 'a';
        }
        bool naive = false;
        for (size_t i = 0; needle_len <= hay_len && i + needle_len <= hay_len && !naive; i++)
            naive = memcmp(hay + i, needle, needle_len) == 0;
        top[S_PURPOSE] = v_str("");
        top[S_PURPOSE].u.string.text = hay;
        top[S_PURPOSE].u.string.len = hay_len;
        top[S_NAME] = v_str("");
        top[S_NAME].u.string.text = needle;
        top[S_NAME].u.string.len = needle_len;
        helder_value value = helder_expr_eval(expr, &env);
        if (value.kind != HELDER_VALUE_BOOLEAN || value.u.boolean != naive)
            ck_abort_msg("round %d: '%.*s' in '%.*s': want %d", round, (int)needle_len, needle,
                         (int)hay_len, hay, naive);
    }
    helder_expr_free(expr);
}
END_TEST

START_TEST(test_contains_long)
{
    /* a million 'a's searched for 'a…ab': quadratic search would take minutes */
    reports r;
    helder_env env;
    size_t hay_len = 1000000, needle_len = 500000;
    char *hay = malloc(hay_len), *needle = malloc(needle_len);
    helder_value top[N_TOP];
    helder_frame root = {top, NULL};
    helder_expr *expr = parse_ok("contains(purpose, name)");
    memset(hay, 'a', hay_len);
    memset(needle, 'a', needle_len);
    needle[needle_len - 1] = 'b';
    ck_assert_int_eq(check_in(expr, NULL, &r), HELDER_TYPE_BOOLEAN);
    memset(&env, 0, sizeof env);
    env.root = &root;
    top[S_PURPOSE] = v_str("");
    top[S_PURPOSE].u.string.text = hay;
    top[S_PURPOSE].u.string.len = hay_len;
    top[S_NAME] = v_str("");
    top[S_NAME].u.string.text = needle;
    top[S_NAME].u.string.len = needle_len;
    clock_t start = clock();
    helder_value value = helder_expr_eval(expr, &env);
    ck_assert(value.kind == HELDER_VALUE_BOOLEAN && !value.u.boolean);
    ck_assert_msg(clock() - start < CLOCKS_PER_SEC, "contains() took too long");
    helder_expr_free(expr);
    free(hay);
    free(needle);
}
END_TEST

START_TEST(test_eval_matches_limit)
{
    /* (a+)+$ on 30 'a's and '!': catastrophic backtracking, stopped by the match limit. */
    reports r;
    helder_env env;
    helder_value top[N_TOP];
    helder_frame root = {top, NULL};
    helder_expr *expr = parse_ok("matches(purpose, '(a+)+$')");
    ck_assert_int_eq(check_in(expr, NULL, &r), HELDER_TYPE_BOOLEAN);
    memset(&env, 0, sizeof env);
    env.root = &root;
    top[S_PURPOSE] = v_str("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!");
    clock_t start = clock();
    helder_value value = helder_expr_eval(expr, &env);
    ck_assert_msg(clock() - start < CLOCKS_PER_SEC / 2, "the match limit did not stop it");
    ck_assert_msg(value.kind != HELDER_VALUE_BOOLEAN || !value.u.boolean, "a false match");
    if (value.kind == HELDER_VALUE_UNKNOWN)
        ck_assert_uint_eq(env.limit_hits, 1);
    else
        ck_assert_uint_eq(env.limit_hits, 0);
    /* invalid UTF-8 in an answer: unknown, never a match */
    top[S_PURPOSE] = v_str("aa\xff");
    value = helder_expr_eval(expr, &env);
    ck_assert_int_eq(value.kind, HELDER_VALUE_UNKNOWN);
    helder_expr_free(expr);
}
END_TEST

/* ---- dates ---- */

typedef struct {
    const char *text;
    bool valid;
    int32_t days;
} date_case;

static const date_case date_cases[] = {
    {"1970-01-01", true, 0},       {"1970-01-02", true, 1},
    {"1969-12-31", true, -1},      {"2000-02-29", true, 11016},
    {"2024-02-29", true, 19782},   {"2026-03-01", true, 20513},
    {"0001-01-01", true, -719162}, {"9999-12-31", true, 2932896},
    {"1600-02-29", true, -135081}, {"1900-02-29", false, 0},
    {"2100-02-29", false, 0},      {"2026-02-30", false, 0},
    {"2026-04-31", false, 0},      {"2026-13-01", false, 0},
    {"2026-00-10", false, 0},      {"2026-01-00", false, 0},
    {"2026-01-32", false, 0},      {"0000-12-31", false, 0},
    {"2026-1-01", false, 0},       {"2026/01/01", false, 0},
    {"20260101", false, 0},        {"2026-01-01 ", false, 0},
    {" 2026-01-01", false, 0},     {"+026-01-01", false, 0},
    {"2026-0a-01", false, 0},      {"", false, 0},
};

START_TEST(test_date_parse)
{
    const date_case *c = &date_cases[_i];
    int32_t days = 12345;
    int rc = helder_date_parse(&days, c->text, strlen(c->text));
    ck_assert_msg((rc == 0) == c->valid, "'%s': rc %d", c->text, rc);
    if (c->valid) {
        char buf[11];
        ck_assert_msg(days == c->days, "'%s': %d, want %d", c->text, days, c->days);
        helder_date_format(buf, days);
        ck_assert_str_eq(buf, c->text);
    } else {
        ck_assert_int_eq(days, 12345);
    }
}
END_TEST

/* Every day from 0001-01-01 to 9999-12-31: civil and back, days counting up one by one.
 * (Plain ifs in the loop: each ck_assert costs a write to Check's pipe.) */
START_TEST(test_date_round_trip)
{
    int32_t previous_day = 0;
    for (int32_t days = -719162; days <= 2932896; days++) {
        int year;
        unsigned month, day;
        char buf[11];
        int32_t back = 0;
        helder_date_civil(days, &year, &month, &day);
        if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 ||
            helder_date_from_civil(year, month, day) != days ||
            (day != 1 && (int32_t)day != previous_day + 1))
            ck_abort_msg("day %d: %d-%u-%u", days, year, month, day);
        previous_day = (int32_t)day;
        helder_date_format(buf, days);
        if (helder_date_parse(&back, buf, 10) != 0 || back != days)
            ck_abort_msg("day %d: '%s' parses as %d", days, buf, back);
    }
}
END_TEST

/* ---- patterns ---- */

typedef struct {
    const char *pattern;
    unsigned col;        /* 0 skips */
    const char *message; /* substring */
} bad_pattern_case;

static const bad_pattern_case bad_patterns[] = {
    {"\\C", 0, "\\C"},
    {"a\\C+", 0, "\\C"},
    {"(*LIMIT_MATCH=999999999)(a+)+$", 1, "start-of-pattern options"},
    {"(*NO_JIT)a", 1, "start-of-pattern options"},
    {"(*UTF)a", 1, "start-of-pattern options"},
    {"x)|(.*", 2, "unmatched closing parenthesis"},
    {"ab(", 4, "missing closing parenthesis"},
    {"[a-", 4, "missing terminating ]"},
    {"a{2,1}", 0, "out of order"},
    {"\xC3\xA9(", 3, "missing closing parenthesis"},
    {"a\xff", 2, "not valid UTF-8"},
    {"(?<=a+)b", 0, "lookbehind"},
    {"((((((((((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))))))))))", 0,
     "parentheses are too deeply nested"},
};

START_TEST(test_pattern_errors)
{
    const bad_pattern_case *c = &bad_patterns[_i];
    struct helder_pattern *pattern = (struct helder_pattern *)1;
    char message[256];
    unsigned col = 0;
    int rc = helder_pattern_compile(&pattern, c->pattern, strlen(c->pattern), message,
                                    sizeof message, &col);
    ck_assert_msg(rc == HELDER_EINVALID, "'%s' compiled", c->pattern);
    ck_assert_ptr_null(pattern);
    ck_assert_msg(strstr(message, c->message) != NULL, "'%s': '%s' lacks '%s'", c->pattern, message,
                  c->message);
    if (c->col)
        ck_assert_msg(col == c->col, "'%s': col %u, want %u (%s)", c->pattern, col, c->col,
                      message);
    ck_assert_uint_ge(col, 1);
}
END_TEST

START_TEST(test_pattern_too_long)
{
    char src[2001];
    struct helder_pattern *pattern = NULL;
    char message[256];
    unsigned col = 0;
    memset(src, 'a', 2000);
    src[2000] = '\0';
    ck_assert_int_eq(helder_pattern_compile(&pattern, src, 2000, message, sizeof message, &col),
                     HELDER_EINVALID);
    ck_assert_msg(strstr(message, "longer than 1024") != NULL, "%s", message);
    ck_assert_uint_eq(col, 1025);
    ck_assert_int_eq(helder_pattern_compile(&pattern, src, 1024, message, sizeof message, &col), 0);
    ck_assert_int_eq(helder_pattern_match(pattern, src, 1024), 1);
    ck_assert_int_eq(helder_pattern_match(pattern, src, 1023), 0);
    helder_pattern_free(pattern);
    helder_pattern_free(NULL);
}
END_TEST

#define LIMIT_OR_NO (-100) /* the match may stop at a limit or fail; never succeed */

typedef struct {
    const char *pattern;
    const char *subject;
    int want;
} match_case;

static const match_case match_cases[] = {
    {"abc", "abc", 1},
    {"abc", "abcd", 0},
    {"abc", "xabc", 0},
    {"abc", "abc\n", 0},
    {"abc$", "abc\n", 0},
    {"abc\\n?", "abc\n", 1},
    {"a|ab", "ab", 1},
    {"x|.*", "anything", 1},
    {"", "", 1},
    {"", "a", 0},
    {"[0-9]{4} ?[A-Z]{2}", "1234 AB", 1},
    {"[0-9]{4} ?[A-Z]{2}", "1234 ab", 0},
    {"(?i)[0-9]{4} ?[A-Z]{2}", "1234 ab", 1},
    {"\\d+", "\xD9\xA1\xD9\xA2\xD9\xA3", 1}, /* Arabic-Indic digits: PCRE2_UCP */
    {"\\w+", "Zo\xC3\xAB", 1},
    {".", "\xC3\xA9", 1},
    {"..", "\xC3\xA9", 0},
    {"\xC3\xA9", "\xC3\xA9", 1},
    {"a(*ACCEPT)b", "ab", 0},
    {"a", "\xff", HELDER_PATTERN_BADUTF},
    {"a", "\xed\xa0\x80", HELDER_PATTERN_BADUTF},
    {"a", "\xc0\xaf", HELDER_PATTERN_BADUTF},
    {".*", "abc\xf4\x90\x80\x80", HELDER_PATTERN_BADUTF},
    {"(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", LIMIT_OR_NO},
    {"(a|a)*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", LIMIT_OR_NO},
    {"(a|aa)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!",
     LIMIT_OR_NO},
};

START_TEST(test_pattern_match)
{
    const match_case *c = &match_cases[_i];
    struct helder_pattern *pattern = NULL;
    char message[256];
    unsigned col;
    int rc = helder_pattern_compile(&pattern, c->pattern, strlen(c->pattern), message,
                                    sizeof message, &col);
    ck_assert_msg(rc == 0, "'%s': %s", c->pattern, message);
    clock_t start = clock();
    int got = helder_pattern_match(pattern, c->subject, strlen(c->subject));
    ck_assert_msg(clock() - start < CLOCKS_PER_SEC / 2, "'%s' ran too long", c->pattern);
    if (c->want == LIMIT_OR_NO)
        ck_assert_msg(got == 0 || got == HELDER_PATTERN_LIMIT, "'%s': %d", c->pattern, got);
    else
        ck_assert_msg(got == c->want, "'%s' on '%s': %d, want %d", c->pattern, c->subject, got,
                      c->want);
    helder_pattern_free(pattern);
}
END_TEST

/* SECURITY.md's long subjects: each ends quickly, at a limit or in a clear answer. */
typedef struct {
    const char *pattern;
    char fill;
    size_t len;
    const char *tail;
    bool compiles; /* (.*){1,32000} is too large for PCRE2: a clean compile error */
} long_match_case;

static const long_match_case long_matches[] = {
    {"(.*){1,32000}", 'x', 10000, "", false}, {"(.*){1,1000}", 'x', 10000, "", true},
    {"(.*){1,1000}y", 'x', 10000, "", true},  {"(a|a)*b", 'a', 10000, "", true},
    {"(a+)+$", 'a', 10000, "!", true},        {"[a-z]+", 'q', 100000, "", true},
};

START_TEST(test_pattern_long_subjects)
{
    const long_match_case *c = &long_matches[_i];
    struct helder_pattern *pattern = NULL;
    char message[256];
    unsigned col;
    size_t tail = strlen(c->tail);
    char *subject = malloc(c->len + tail + 1);
    memset(subject, c->fill, c->len);
    memcpy(subject + c->len, c->tail, tail + 1);
    int rc = helder_pattern_compile(&pattern, c->pattern, strlen(c->pattern), message,
                                    sizeof message, &col);
    ck_assert_msg((rc == 0) == c->compiles, "'%s': %s", c->pattern, message);
    if (rc != 0) {
        free(subject);
        return;
    }
    clock_t start = clock();
    int got = helder_pattern_match(pattern, subject, c->len + tail);
    ck_assert_msg(clock() - start < CLOCKS_PER_SEC, "'%s' ran too long", c->pattern);
    ck_assert_msg(got == 0 || got == 1 || got == HELDER_PATTERN_LIMIT, "'%s': %d", c->pattern, got);
    if (tail > 0)
        ck_assert_msg(got != 1, "'%s' matched", c->pattern);
    helder_pattern_free(pattern);
    free(subject);
}
END_TEST

typedef struct {
    const struct helder_pattern *pattern;
    int mismatches;
} thread_job;

static void *match_many(void *payload)
{
    thread_job *job = payload;
    for (int i = 0; i < 2000; i++) {
        const char *subject = i % 2 ? "1234 AB" : "1234 ab";
        if (helder_pattern_match(job->pattern, subject, 7) != i % 2)
            job->mismatches++;
    }
    return NULL;
}

START_TEST(test_pattern_threads)
{
    struct helder_pattern *pattern = NULL;
    char message[256];
    unsigned col;
    pthread_t threads[4];
    thread_job jobs_run[4];
    const char *src = "[0-9]{4} ?[A-Z]{2}";
    ck_assert_int_eq(
        helder_pattern_compile(&pattern, src, strlen(src), message, sizeof message, &col), 0);
    for (int i = 0; i < 4; i++) {
        jobs_run[i].pattern = pattern;
        jobs_run[i].mismatches = 0;
        ck_assert_int_eq(pthread_create(&threads[i], NULL, match_many, &jobs_run[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        ck_assert_int_eq(jobs_run[i].mismatches, 0);
    }
    helder_pattern_free(pattern);
}
END_TEST

typedef struct {
    const char *pattern;
    int want;
} browser_case;

static const browser_case browser_cases[] = {
    {"[0-9]{4} ?[A-Z]{2}", 1},
    {"\\d+", 1},
    {"a+?", 1},
    {"a{2,3}", 1},
    {"a{2,}?", 1},
    {"(?:a|b)+", 1},
    {"(?=a)a", 1},
    {"(?!a)b", 1},
    {"(?<=a)b", 1},
    {"(?<!a)b", 1},
    {"(?<name>a)\\k<name>", 1},
    {"(?i)abc", 1},
    {"[a-z_-]+", 1},
    {"[^\\]]", 1},
    {"\\p{L}+", 1},
    {"\\u{1F600}", 1},
    {"\\cA", 1},
    {"a*+", 0},
    {"a++", 0},
    {"a?+", 0},
    {"a{2}+", 0},
    {"(?>a)", 0},
    {"\\Aabc", 0},
    {"abc\\z", 0},
    {"abc\\Z", 0},
    {"\\Ga", 0},
    {"(a)(?R)?", 0},
    {"(a)(?1)", 0},
    {"(?(1)a|b)", 0},
    {"\\Qa.b\\E", 0},
    {"a(?i)bc", 0},
    {"(?i:a)", 0},
    {"[[:alpha:]]", 0},
    {"[a[:digit:]]", 0},
    {"\\h", 0},
    {"[\\h]", 0},
    {"\\v", 0},
    {"\\R", 0},
    {"\\X", 0},
    {"a\\Kb", 0},
    {"(?C1)a", 0},
    {"(*FAIL)|a", 0},
    {"(?|a|b)", 0},
    {"(?#comment)a", 0},
    {"(?P<n>a)", 0},
    {"\\pL", 0},
    {"\\x{41}", 0},
    {"a{", 0},
    {"a}", 0},
    {"a]", 0},
    {"[]a]", 0},
    {"[a", 0},
    {"a\\", 0},
};

START_TEST(test_pattern_browser_compatible)
{
    const browser_case *c = &browser_cases[_i];
    ck_assert_msg(helder_pattern_browser_compatible(c->pattern) == c->want, "'%s': want %d",
                  c->pattern, c->want);
}
END_TEST

static Suite *expr_suite(void)
{
    Suite *suite = suite_create("expr");

    TCase *lex = tcase_create("lexer");
    tcase_add_loop_test(lex, test_lexer, 0, N_CASES(lex_cases));
    tcase_add_test(lex, test_lexer_widths_and_numbers);
    tcase_add_loop_test(lex, test_lexer_errors, 0, N_CASES(lex_errors));
    suite_add_tcase(suite, lex);

    TCase *parse = tcase_create("parser");
    tcase_add_loop_test(parse, test_parse, 0, N_CASES(parse_cases));
    tcase_add_test(parse, test_parse_calls_resolve_functions);
    tcase_add_loop_test(parse, test_parse_errors, 0, N_CASES(parse_errors));
    tcase_add_loop_test(parse, test_parse_nesting, 0, N_CASES(nest_cases));
    tcase_add_test(parse, test_parse_depth_error_column);
    tcase_add_test(parse, test_parse_height_limit);
    tcase_add_test(parse, test_parse_length_limit);
    suite_add_tcase(suite, parse);

    TCase *check = tcase_create("checker");
    tcase_add_unchecked_fixture(check, build_form, NULL);
    tcase_add_loop_test(check, test_check, 0, N_CASES(check_cases));
    tcase_add_test(check, test_check_folds_and_compiles);
    tcase_add_test(check, test_each_ref);
    tcase_add_test(check, test_type_names);
    suite_add_tcase(suite, check);

    TCase *eval = tcase_create("eval");
    tcase_set_timeout(eval, 30);
    tcase_add_unchecked_fixture(eval, build_form, NULL);
    tcase_add_unchecked_fixture(eval, build_worlds, NULL);
    tcase_add_loop_test(eval, test_eval, 0, N_CASES(eval_cases));
    tcase_add_loop_test(eval, test_truth_tables, 0, 2 * N_CASES(truth_cases));
    tcase_add_test(eval, test_value_truth);
    tcase_add_test(eval, test_contains_property);
    tcase_add_test(eval, test_contains_long);
    tcase_add_test(eval, test_eval_matches_limit);
    suite_add_tcase(suite, eval);

    TCase *dates = tcase_create("dates");
    tcase_set_timeout(dates, 30);
    tcase_add_loop_test(dates, test_date_parse, 0, N_CASES(date_cases));
    tcase_add_test(dates, test_date_round_trip);
    suite_add_tcase(suite, dates);

    TCase *patterns = tcase_create("patterns");
    tcase_set_timeout(patterns, 30);
    tcase_add_loop_test(patterns, test_pattern_errors, 0, N_CASES(bad_patterns));
    tcase_add_test(patterns, test_pattern_too_long);
    tcase_add_loop_test(patterns, test_pattern_match, 0, N_CASES(match_cases));
    tcase_add_loop_test(patterns, test_pattern_long_subjects, 0, N_CASES(long_matches));
    tcase_add_test(patterns, test_pattern_threads);
    tcase_add_loop_test(patterns, test_pattern_browser_compatible, 0, N_CASES(browser_cases));
    suite_add_tcase(suite, patterns);
    return suite;
}

int main(void)
{
    SRunner *runner = srunner_create(expr_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
