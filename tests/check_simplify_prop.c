/* Property tests for the simplification contract (DESIGN.md, "Simplification: the contract"):
 * random forms (every question type, nested conditions, conditional options, repeats, computed
 * values, facets, constraints, rules, documents), random facts, and random complete submissions
 * that agree with the facts. For each: check(F, S) and check(F', S) give the same verdict and the
 * same errors, and S without the answers the facts give passes F' exactly when S passes F. Checked
 * through the public API (helder_check_submission), with a fixed seed: HELDER_PROP_N cases
 * (default 10,000; `make prop N=1000000`), HELDER_PROP_SEED to start elsewhere. A failing case
 * is shrunk and printed as a form, facts and submission that reproduce it (docs/simplify.md).
 */
#include <check.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/model.h"

#define TODAY "2026-11-30"
#define WINDOW 30

/* ---- randomness: splitmix64, so that a seed means the same case everywhere ---- */

static uint64_t rng_state;

static uint64_t next_u64(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static int rnd(int n)
{
    return n <= 1 ? 0 : (int)(next_u64() % (uint64_t)n);
}

static bool chance(int percent)
{
    return rnd(100) < percent;
}

/* ---- strings ---- */

typedef struct {
    char *buf;
    size_t len, cap;
} sbuf;

static void sput(sbuf *out, const char *text)
{
    size_t len = strlen(text);
    if (out->len + len + 1 > out->cap) {
        while (out->len + len + 1 > out->cap)
            out->cap = out->cap ? out->cap * 2 : 1024;
        out->buf = helder_xrealloc(out->buf, out->cap);
    }
    memcpy(out->buf + out->len, text, len + 1);
    out->len += len;
}

static void sputf(sbuf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sputf(sbuf *out, const char *fmt, ...)
{
    char small[2048];
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (len < (int)sizeof small) {
        sput(out, small);
        return;
    }
    char *large = helder_xmalloc((size_t)len + 1);
    va_start(ap, fmt);
    vsnprintf(large, (size_t)len + 1, fmt, ap);
    va_end(ap);
    sput(out, large);
    free(large);
}

static char *fmt(const char *format, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *format, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, format);
    vsnprintf(buf, sizeof buf, format, ap);
    va_end(ap);
    return helder_xstrdup(buf);
}

/* XML-escaped copy for attribute values. */
static void sput_attr(sbuf *out, const char *text)
{
    for (const char *at = text; *at; at++) {
        switch (*at) {
        case '<':
            sput(out, "&lt;");
            break;
        case '>':
            sput(out, "&gt;");
            break;
        case '&':
            sput(out, "&amp;");
            break;
        case '"':
            sput(out, "&quot;");
            break;
        default: {
            char c[2] = {*at, 0};
            sput(out, c);
        }
        }
    }
}

/* ---- the generated form ---- */

enum { K_QUESTION, K_NOTE, K_COMPUTED, K_REPEAT };

#define MAX_OPTIONS 4
#define MAX_CHILDREN 5
#define MAX_ITEMS 12
#define MAX_CONSTRAINTS 2

typedef struct {
    char value[8];
    char *when;
    bool removed;
} g_option;

typedef struct g_item {
    int kind;
    char id[16];
    helder_qtype qtype;
    helder_type vtype; /* value type: of the question, or of a computed value */
    char *when, *required, *min, *max, *value, *pattern, *fact;
    long minlength, maxlength;
    int noptions;
    g_option options[MAX_OPTIONS];
    int nconstraints;
    char *constraints[MAX_CONSTRAINTS];
    long rmin, rmax;
    int nchildren;
    struct g_item *children;
    bool removed;
} g_item;

typedef struct {
    char id[16];
    char *when;
    int nitems;
    g_item items[MAX_ITEMS];
    bool removed;
} g_section;

typedef struct {
    char id[16];
    char *text; /* test or when */
    bool removed;
} g_simple;

#define MAX_SECTIONS 4
#define MAX_RULES 2
#define MAX_DOCS 2

typedef struct {
    int nsections;
    g_section sections[MAX_SECTIONS];
    int nrules;
    g_simple rules[MAX_RULES];
    int ndocs;
    g_simple docs[MAX_DOCS];
    int counter;
} g_form;

/* ---- facts and submissions ---- */

typedef struct {
    char name[40];
    char id[16]; /* the question it answers */
    char *text;
    bool removed;
} g_fact;

#define MAX_FACTS 24
#define MAX_GROUP_ITEMS 3

typedef struct {
    char repeat[16];
    int count;
    int nfacts[MAX_GROUP_ITEMS];
    g_fact facts[MAX_GROUP_ITEMS][MAX_CHILDREN];
    bool removed;
} g_group;

typedef struct {
    int nfacts;
    g_fact facts[MAX_FACTS];
    int ngroups;
    g_group groups[MAX_SECTIONS * MAX_ITEMS];
} g_facts;

typedef struct {
    char id[16];
    char *text;
    bool removed;
} g_answer;

typedef struct {
    char id[16];
    int nitems;
    int nanswers[MAX_GROUP_ITEMS + 1];
    g_answer answers[MAX_GROUP_ITEMS + 1][MAX_CHILDREN];
    bool removed;
} g_rsub;

#define MAX_ANSWERS 64

typedef struct {
    int nanswers;
    g_answer answers[MAX_ANSWERS];
    int nrepeats;
    g_rsub repeats[MAX_SECTIONS * MAX_ITEMS];
} g_sub;

/* ---- symbols visible to expressions ---- */

typedef struct {
    const g_item *items[64];
    int count;
} symbols;

static void sym_add(symbols *syms, const g_item *item)
{
    if (syms->count < 64)
        syms->items[syms->count++] = item;
}

/* A visible item of kind/type, or NULL. want_q: questions only. */
static const g_item *pick_ref(const symbols *syms, helder_type type, bool questions_only)
{
    const g_item *found[64];
    int n = 0;
    for (int i = 0; i < syms->count; i++) {
        const g_item *item = syms->items[i];
        if (item->kind == K_REPEAT || item->kind == K_NOTE)
            continue;
        if (questions_only && item->kind != K_QUESTION)
            continue;
        if (item->vtype == type)
            found[n++] = item;
    }
    return n ? found[rnd(n)] : NULL;
}

static const g_item *pick_qtype(const symbols *syms, helder_qtype qtype)
{
    const g_item *found[64];
    int n = 0;
    for (int i = 0; i < syms->count; i++)
        if (syms->items[i]->kind == K_QUESTION && syms->items[i]->qtype == qtype)
            found[n++] = syms->items[i];
    return n ? found[rnd(n)] : NULL;
}

static const g_item *pick_repeat(const symbols *syms)
{
    const g_item *found[64];
    int n = 0;
    for (int i = 0; i < syms->count; i++)
        if (syms->items[i]->kind == K_REPEAT)
            found[n++] = syms->items[i];
    return n ? found[rnd(n)] : NULL;
}

/* ---- expressions, well typed by construction ---- */

typedef struct {
    symbols top;   /* top-level questions, computed values and repeats so far */
    symbols inner; /* the current repeat's items so far (inside a repeat) */
    bool in_repeat;
    const g_item *self; /* the question whose facet this is, or NULL */
} scope;

static char *gen_bool(const scope *sc, int depth);
static char *gen_num(const scope *sc, int depth);
static char *gen_date(const scope *sc, int depth);
static char *gen_str(const scope *sc, int depth);

static const g_item *visible(const scope *sc, helder_type type, bool questions_only)
{
    if (sc->self && sc->self->vtype == type && chance(50))
        return sc->self;
    if (sc->in_repeat && chance(60)) {
        const g_item *inner = pick_ref(&sc->inner, type, questions_only);
        if (inner)
            return inner;
    }
    return pick_ref(&sc->top, type, questions_only);
}

static const g_item *visible_qtype(const scope *sc, helder_qtype qtype)
{
    if (sc->self && sc->self->qtype == qtype && sc->self->kind == K_QUESTION && chance(50))
        return sc->self;
    if (sc->in_repeat && chance(60)) {
        const g_item *inner = pick_qtype(&sc->inner, qtype);
        if (inner)
            return inner;
    }
    return pick_qtype(&sc->top, qtype);
}

static const char *date_literals[] = {"1960-05-17", "1990-04-01", "2000-02-29", "2008-11-30",
                                      "2010-03-15", "2016-09-01", "2026-12-05", "2027-01-01"};

static char *gen_date(const scope *sc, int depth)
{
    int pick = rnd(depth > 2 ? 3 : 7);
    if (pick == 0) {
        const g_item *ref = visible(sc, HELDER_TYPE_DATE, false);
        if (ref)
            return helder_xstrdup(ref->id);
    }
    switch (pick) {
    case 1:
        return helder_xstrdup("today()");
    case 3: {
        char *d = gen_date(sc, depth + 1), *n = gen_num(sc, depth + 1);
        static const char *fns[] = {"add-days", "add-months", "add-years"};
        char *out = fmt("%s(%s, %s)", fns[rnd(3)], d, n);
        free(d);
        free(n);
        return out;
    }
    case 4: {
        char *a = gen_date(sc, depth + 1), *b = gen_date(sc, depth + 1);
        char *out = fmt("%s(%s, %s)", chance(50) ? "min" : "max", a, b);
        free(a);
        free(b);
        return out;
    }
    case 5: {
        char *c = gen_bool(sc, depth + 1);
        char *a = gen_date(sc, depth + 1), *b = gen_date(sc, depth + 1);
        char *out = fmt("if(%s, %s, %s)", c, a, b);
        free(c);
        free(a);
        free(b);
        return out;
    }
    default:
        return fmt("date('%s')", date_literals[rnd(8)]);
    }
}

static char *gen_num(const scope *sc, int depth)
{
    int pick = rnd(depth > 2 ? 3 : 12);
    if (pick == 0) {
        const g_item *ref = visible(sc, HELDER_TYPE_NUMBER, false);
        if (ref)
            return helder_xstrdup(ref->id);
    }
    switch (pick) {
    case 1:
    case 2:
        return chance(20) ? fmt("%d.5", rnd(40)) : fmt("%d", rnd(60));
    case 3: {
        char *a = gen_num(sc, depth + 1), *b = gen_num(sc, depth + 1);
        static const char *ops[] = {"+", "-", "*", "div", "mod"};
        char *out = fmt("(%s %s %s)", a, ops[rnd(5)], b);
        free(a);
        free(b);
        return out;
    }
    case 4: {
        char *d = gen_date(sc, depth + 1);
        char *out = fmt("age(%s)", d);
        free(d);
        return out;
    }
    case 5: {
        char *a = gen_date(sc, depth + 1), *b = gen_date(sc, depth + 1);
        char *out = fmt("%s(%s, %s)", chance(50) ? "years-between" : "days-between", a, b);
        free(a);
        free(b);
        return out;
    }
    case 6: {
        if (sc->in_repeat)
            break;
        const g_item *repeat = pick_repeat(&sc->top);
        if (!repeat)
            break;
        if (chance(40)) {
            /* count(r[cond]) with cond in r's items */
            scope inner = {sc->top, {{0}, 0}, true, NULL};
            for (int i = 0; i < repeat->nchildren; i++)
                if (!repeat->children[i].removed)
                    sym_add(&inner.inner, &repeat->children[i]);
            char *cond = gen_bool(&inner, depth + 2);
            char *out = fmt("count(%s[%s])", repeat->id, cond);
            free(cond);
            return out;
        }
        for (int i = 0; i < repeat->nchildren && chance(50); i++) {
            const g_item *child = &repeat->children[i];
            if (child->vtype == HELDER_TYPE_NUMBER && child->kind != K_NOTE)
                return fmt("sum(%s/%s)", repeat->id, child->id);
        }
        return fmt("count(%s)", repeat->id);
    }
    case 7: {
        const g_item *multi = visible_qtype(sc, HELDER_Q_MULTICHOICE);
        if (multi)
            return fmt("count-selected(%s)", multi->id);
        break;
    }
    case 8: {
        char *a = gen_num(sc, depth + 1);
        static const char *fns[] = {"round", "floor", "ceiling", "abs"};
        char *out = fmt("%s(%s)", fns[rnd(4)], a);
        free(a);
        return out;
    }
    case 9: {
        char *c = gen_bool(sc, depth + 1), *a = gen_num(sc, depth + 1), *b = gen_num(sc, depth + 1);
        char *out = fmt("if(%s, %s, %s)", c, a, b);
        free(c);
        free(a);
        free(b);
        return out;
    }
    case 10: {
        const g_item *text = visible(sc, HELDER_TYPE_STRING, false);
        if (text)
            return fmt("string-length(%s)", text->id);
        break;
    }
    case 11: {
        char *a = gen_num(sc, depth + 1);
        char *out = fmt("-%s", a);
        free(a);
        return out;
    }
    default:
        break;
    }
    return fmt("%d", rnd(30));
}

static const char *words[] = {"jansen", "noor", "sami", "utrecht", "a", "de vries"};

static char *gen_str(const scope *sc, int depth)
{
    const g_item *ref = visible(sc, HELDER_TYPE_STRING, false);
    if (ref && ref->kind == K_QUESTION && ref->qtype == HELDER_Q_CHOICE)
        ref = NULL; /* a choice is compared with its own option values only (gen_bool) */
    if (ref && chance(70))
        return helder_xstrdup(ref->id);
    if (depth < 2 && chance(20)) {
        char *c = gen_bool(sc, depth + 1), *a = gen_str(sc, depth + 1), *b = gen_str(sc, depth + 1);
        char *out = fmt("if(%s, %s, %s)", c, a, b);
        free(c);
        free(a);
        free(b);
        return out;
    }
    return fmt("'%s'", words[rnd(6)]);
}

static const char *compare_ops[] = {"=", "!=", "<", "<=", ">", ">="};

static char *gen_bool(const scope *sc, int depth)
{
    int pick = rnd(depth > 2 ? 5 : 14);
    switch (pick) {
    case 0:
    case 1: {
        const g_item *yn = visible(sc, HELDER_TYPE_BOOLEAN, false);
        if (yn)
            return chance(25) ? fmt("not(%s)", yn->id) : helder_xstrdup(yn->id);
        break;
    }
    case 2: {
        const g_item *choice = visible_qtype(sc, HELDER_Q_CHOICE);
        if (choice && choice->noptions)
            return fmt("%s %s '%s'", choice->id,
                       chance(70) ? "=" : "!=", choice->options[rnd(choice->noptions)].value);
        break;
    }
    case 3: {
        const g_item *multi = visible_qtype(sc, HELDER_Q_MULTICHOICE);
        if (multi && multi->noptions)
            return fmt("selected(%s, '%s')", multi->id, multi->options[rnd(multi->noptions)].value);
        break;
    }
    case 4: {
        char *a = gen_num(sc, depth + 1), *b = gen_num(sc, depth + 1);
        char *out = fmt("%s %s %s", a, compare_ops[rnd(6)], b);
        free(a);
        free(b);
        return out;
    }
    case 5: {
        char *a = gen_date(sc, depth + 1), *b = gen_date(sc, depth + 1);
        char *out = fmt("%s %s %s", a, compare_ops[rnd(6)], b);
        free(a);
        free(b);
        return out;
    }
    case 6: {
        char *a = gen_str(sc, depth + 1), *b = gen_str(sc, depth + 1);
        char *out = fmt("%s %s %s", a, chance(50) ? "=" : "!=", b);
        free(a);
        free(b);
        return out;
    }
    case 7:
    case 8: {
        char *a = gen_bool(sc, depth + 1), *b = gen_bool(sc, depth + 1);
        char *out = fmt("(%s %s %s)", a, pick == 7 ? "and" : "or", b);
        free(a);
        free(b);
        return out;
    }
    case 9: {
        char *a = gen_bool(sc, depth + 1);
        char *out = fmt("not(%s)", a);
        free(a);
        return out;
    }
    case 10: {
        /* answered(q): questions only */
        const g_item *q = NULL;
        for (int tries = 0; tries < 4 && !q; tries++) {
            static const helder_type types[] = {HELDER_TYPE_BOOLEAN, HELDER_TYPE_NUMBER,
                                                HELDER_TYPE_STRING, HELDER_TYPE_DATE};
            q = visible(sc, types[rnd(4)], true);
            if (q && q->kind != K_QUESTION)
                q = NULL;
        }
        if (q)
            return fmt("answered(%s)", q->id);
        break;
    }
    case 11: {
        char *c = gen_bool(sc, depth + 1);
        char *a = gen_bool(sc, depth + 1), *b = gen_bool(sc, depth + 1);
        char *out = fmt("if(%s, %s, %s)", c, a, b);
        free(c);
        free(a);
        free(b);
        return out;
    }
    case 12: {
        const g_item *text = visible(sc, HELDER_TYPE_STRING, false);
        if (text && !(text->kind == K_QUESTION && text->qtype == HELDER_Q_CHOICE))
            return fmt("%s(%s, '%c')", chance(50) ? "contains" : "starts-with", text->id,
                       "ajns"[rnd(4)]);
        break;
    }
    case 13:
        return helder_xstrdup(chance(50) ? "true()" : "false()");
    default:
        break;
    }
    char *a = gen_num(sc, depth + 1);
    char *out = fmt("%s >= %d", a, rnd(30));
    free(a);
    return out;
}

/* ---- the form ---- */

static void new_id(g_form *form, char *id, const char *prefix)
{
    snprintf(id, 16, "%s%d", prefix, form->counter++);
}

static const helder_qtype all_types[] = {
    HELDER_Q_TEXT,     HELDER_Q_LONGTEXT, HELDER_Q_INTEGER, HELDER_Q_DECIMAL, HELDER_Q_DATE,
    HELDER_Q_YESNO,    HELDER_Q_YESNO,    HELDER_Q_CHOICE,  HELDER_Q_CHOICE,  HELDER_Q_MULTICHOICE,
    HELDER_Q_EMAIL,    HELDER_Q_PHONE,    HELDER_Q_COUNTRY, HELDER_Q_BSN,     HELDER_Q_IBAN,
    HELDER_Q_POSTCODE, HELDER_Q_FILE,     HELDER_Q_INTEGER, HELDER_Q_DATE,
};

static void gen_question(g_form *form, g_item *q, const scope *sc)
{
    memset(q, 0, sizeof *q);
    q->kind = K_QUESTION;
    new_id(form, q->id, "q");
    q->qtype = all_types[rnd((int)(sizeof all_types / sizeof all_types[0]))];
    q->vtype = helder_qtype_value_type(q->qtype);
    q->minlength = q->maxlength = -1;
    if (chance(35))
        q->when = gen_bool(sc, 0);
    scope own = *sc;
    own.self = q;
    int r = rnd(100);
    q->required = r < 55 ? helder_xstrdup("true") : r < 70 ? gen_bool(sc, 1) : NULL;
    if (q->qtype == HELDER_Q_CHOICE || q->qtype == HELDER_Q_MULTICHOICE) {
        q->noptions = 2 + rnd(MAX_OPTIONS - 1);
        for (int i = 0; i < q->noptions; i++) {
            snprintf(q->options[i].value, sizeof q->options[i].value, "o%d", (i + 1) % 10);
            if (chance(25))
                q->options[i].when = gen_bool(sc, 1);
        }
        if (q->qtype == HELDER_Q_MULTICHOICE && chance(30)) {
            q->min = fmt("%d", rnd(2));
            q->max = fmt("%d", 1 + rnd(q->noptions));
        }
    }
    if (q->qtype == HELDER_Q_INTEGER || q->qtype == HELDER_Q_DECIMAL) {
        if (chance(40))
            q->min = chance(70) ? fmt("%d", rnd(10)) : gen_num(sc, 1);
        if (chance(40))
            q->max = chance(70) ? fmt("%d", 40 + rnd(60)) : gen_num(sc, 1);
    }
    if (q->qtype == HELDER_Q_DATE) {
        if (chance(30))
            q->min = chance(60) ? helder_xstrdup("date('1950-01-01')") : gen_date(sc, 1);
        if (chance(40))
            q->max = chance(60) ? helder_xstrdup("today()") : gen_date(sc, 1);
    }
    if (q->qtype == HELDER_Q_TEXT || q->qtype == HELDER_Q_LONGTEXT) {
        if (chance(20))
            q->minlength = 1 + rnd(3);
        if (chance(20))
            q->maxlength = 6 + rnd(10);
        if (chance(15))
            q->pattern = helder_xstrdup("[a-z ]+");
    }
    q->nconstraints = chance(12) ? 1 + rnd(MAX_CONSTRAINTS) : 0;
    for (int i = 0; i < q->nconstraints; i++) {
        /* Mostly about the answer itself, as constraints are; sometimes anything. */
        if (chance(35)) {
            q->constraints[i] = gen_bool(&own, 0);
            continue;
        }
        switch (q->vtype) {
        case HELDER_TYPE_NUMBER:
            q->constraints[i] = fmt("%s >= %d", q->id, rnd(15));
            break;
        case HELDER_TYPE_DATE:
            q->constraints[i] =
                fmt("%s >= date('1955-01-01') and %s <= add-years(today(), 1)", q->id, q->id);
            break;
        case HELDER_TYPE_STRING:
            q->constraints[i] = fmt("string-length(%s) >= %d", q->id, 1 + rnd(3));
            break;
        default: {
            char *other = gen_bool(sc, 1);
            q->constraints[i] = fmt("answered(%s) or %s", q->id, other);
            free(other);
            break;
        }
        }
    }
    if (chance(15))
        q->fact = fmt("person.%s", q->id);
}

static void gen_computed(g_form *form, g_item *c, const scope *sc)
{
    static const helder_type types[] = {HELDER_TYPE_BOOLEAN, HELDER_TYPE_NUMBER, HELDER_TYPE_STRING,
                                        HELDER_TYPE_DATE};
    memset(c, 0, sizeof *c);
    c->kind = K_COMPUTED;
    new_id(form, c->id, "c");
    c->vtype = types[rnd(4)];
    c->minlength = c->maxlength = -1;
    switch (c->vtype) {
    case HELDER_TYPE_BOOLEAN:
        c->value = gen_bool(sc, 0);
        break;
    case HELDER_TYPE_NUMBER:
        c->value = gen_num(sc, 0);
        break;
    case HELDER_TYPE_STRING:
        c->value = gen_str(sc, 0);
        break;
    default:
        c->value = gen_date(sc, 0);
        break;
    }
}

static void gen_note(g_form *form, g_item *n, const scope *sc)
{
    memset(n, 0, sizeof *n);
    n->kind = K_NOTE;
    new_id(form, n->id, "n");
    n->minlength = n->maxlength = -1;
    if (chance(60))
        n->when = gen_bool(sc, 0);
}

static void gen_repeat(g_form *form, g_item *r, scope *top)
{
    memset(r, 0, sizeof *r);
    r->kind = K_REPEAT;
    new_id(form, r->id, "r");
    r->minlength = r->maxlength = -1;
    if (chance(40))
        r->when = gen_bool(top, 0);
    r->rmin = rnd(3) == 0 ? 1 : 0;
    r->rmax = 2 + rnd(3);
    r->nchildren = 1 + rnd(MAX_CHILDREN);
    r->children = helder_xcalloc((size_t)r->nchildren, sizeof *r->children);
    scope inner = {top->top, {{0}, 0}, true, NULL};
    for (int i = 0; i < r->nchildren; i++) {
        int kind = rnd(10);
        if (kind < 7)
            gen_question(form, &r->children[i], &inner);
        else if (kind < 9)
            gen_computed(form, &r->children[i], &inner);
        else
            gen_note(form, &r->children[i], &inner);
        sym_add(&inner.inner, &r->children[i]);
    }
}

static void gen_form(g_form *form)
{
    memset(form, 0, sizeof *form);
    scope top;
    memset(&top, 0, sizeof top);
    form->nsections = 1 + rnd(MAX_SECTIONS);
    for (int s = 0; s < form->nsections; s++) {
        g_section *section = &form->sections[s];
        new_id(form, section->id, "s");
        if (s > 0 && chance(40))
            section->when = gen_bool(&top, 0);
        section->nitems = 1 + rnd(MAX_ITEMS / 2 + 2);
        for (int i = 0; i < section->nitems; i++) {
            g_item *item = &section->items[i];
            int kind = rnd(20);
            if (kind < 14)
                gen_question(form, item, &top);
            else if (kind < 16)
                gen_computed(form, item, &top);
            else if (kind < 18)
                gen_note(form, item, &top);
            else
                gen_repeat(form, item, &top);
            sym_add(&top.top, item);
        }
    }
    form->nrules = chance(40) ? 1 + rnd(MAX_RULES) : 0;
    for (int i = 0; i < form->nrules; i++) {
        new_id(form, form->rules[i].id, "rule");
        /* Mostly a rule that applies only in some cases, as eligibility rules do. */
        char *when = gen_bool(&top, 1), *then = gen_bool(&top, 1);
        form->rules[i].text = chance(70) ? fmt("not(%s) or %s", when, then) : helder_xstrdup(then);
        free(when);
        free(then);
    }
    form->ndocs = rnd(MAX_DOCS + 1);
    for (int i = 0; i < form->ndocs; i++) {
        new_id(form, form->docs[i].id, "d");
        form->docs[i].text = chance(70) ? gen_bool(&top, 0) : NULL;
    }
}

static void free_item(g_item *item)
{
    free(item->when);
    free(item->required);
    free(item->min);
    free(item->max);
    free(item->value);
    free(item->pattern);
    free(item->fact);
    for (int i = 0; i < item->noptions; i++)
        free(item->options[i].when);
    for (int i = 0; i < item->nconstraints; i++)
        free(item->constraints[i]);
    for (int i = 0; i < item->nchildren; i++)
        free_item(&item->children[i]);
    free(item->children);
}

static void free_form(g_form *form)
{
    for (int s = 0; s < form->nsections; s++) {
        free(form->sections[s].when);
        for (int i = 0; i < form->sections[s].nitems; i++)
            free_item(&form->sections[s].items[i]);
    }
    for (int i = 0; i < form->nrules; i++)
        free(form->rules[i].text);
    for (int i = 0; i < form->ndocs; i++)
        free(form->docs[i].text);
}

static void copy_item(g_item *dst, const g_item *src)
{
    *dst = *src;
#define DUP(field) dst->field = src->field ? helder_xstrdup(src->field) : NULL
    DUP(when);
    DUP(required);
    DUP(min);
    DUP(max);
    DUP(value);
    DUP(pattern);
    DUP(fact);
    for (int i = 0; i < src->noptions; i++)
        DUP(options[i].when);
    for (int i = 0; i < src->nconstraints; i++)
        DUP(constraints[i]);
#undef DUP
    if (src->nchildren) {
        dst->children = helder_xcalloc((size_t)src->nchildren, sizeof *dst->children);
        for (int i = 0; i < src->nchildren; i++)
            copy_item(&dst->children[i], &src->children[i]);
    }
}

static void copy_form(g_form *dst, const g_form *src)
{
    *dst = *src;
    for (int s = 0; s < src->nsections; s++) {
        const char *when = src->sections[s].when;
        dst->sections[s].when = when ? helder_xstrdup(when) : NULL;
        for (int i = 0; i < src->sections[s].nitems; i++)
            copy_item(&dst->sections[s].items[i], &src->sections[s].items[i]);
    }
    for (int i = 0; i < src->nrules; i++)
        dst->rules[i].text = helder_xstrdup(src->rules[i].text);
    for (int i = 0; i < src->ndocs; i++)
        dst->docs[i].text = src->docs[i].text ? helder_xstrdup(src->docs[i].text) : NULL;
}

static void write_attr(sbuf *out, const char *name, const char *value)
{
    if (!value)
        return;
    sputf(out, " %s=\"", name);
    sput_attr(out, value);
    sput(out, "\"");
}

static void write_item(sbuf *out, const g_item *item)
{
    if (item->removed)
        return;
    switch (item->kind) {
    case K_QUESTION:
        sputf(out, "<question id=\"%s\" type=\"%s\"", item->id, helder_qtype_name(item->qtype));
        write_attr(out, "required", item->required);
        write_attr(out, "when", item->when);
        write_attr(out, "fact", item->fact);
        write_attr(out, "min", item->min);
        write_attr(out, "max", item->max);
        if (item->minlength >= 0)
            sputf(out, " minlength=\"%ld\"", item->minlength);
        if (item->maxlength >= 0)
            sputf(out, " maxlength=\"%ld\"", item->maxlength);
        write_attr(out, "pattern", item->pattern);
        sputf(out, "><label xml:lang=\"en\">Question %s?</label>", item->id);
        for (int i = 0; i < item->noptions; i++) {
            if (item->options[i].removed)
                continue;
            sputf(out, "<option value=\"%s\"", item->options[i].value);
            write_attr(out, "when", item->options[i].when);
            sputf(out, "><label xml:lang=\"en\">Option %s</label></option>",
                  item->options[i].value);
        }
        for (int i = 0; i < item->nconstraints; i++) {
            if (!item->constraints[i])
                continue;
            sput(out, "<constraint");
            write_attr(out, "test", item->constraints[i]);
            sputf(out, "><message xml:lang=\"en\">Constraint %d of %s</message></constraint>",
                  i + 1, item->id);
        }
        sput(out, "</question>\n");
        break;
    case K_NOTE:
        sputf(out, "<note id=\"%s\"", item->id);
        write_attr(out, "when", item->when);
        sputf(out, "><text xml:lang=\"en\">Note %s</text></note>\n", item->id);
        break;
    case K_COMPUTED:
        sputf(out, "<computed id=\"%s\"", item->id);
        write_attr(out, "value", item->value);
        sput(out, "/>\n");
        break;
    case K_REPEAT:
        sputf(out, "<repeat id=\"%s\" min=\"%ld\" max=\"%ld\"", item->id, item->rmin, item->rmax);
        write_attr(out, "when", item->when);
        sputf(out, "><title xml:lang=\"en\">Repeat %s</title>\n", item->id);
        for (int i = 0; i < item->nchildren; i++)
            write_item(out, &item->children[i]);
        sput(out, "</repeat>\n");
        break;
    }
}

static char *form_xml(const g_form *form)
{
    sbuf out = {NULL, 0, 0};
    sput(&out, "<form xmlns=\"urn:helder:form:1\" id=\"p\" version=\"1\" languages=\"en\">\n"
               "<title xml:lang=\"en\">Property test</title>\n");
    for (int s = 0; s < form->nsections; s++) {
        const g_section *section = &form->sections[s];
        if (section->removed)
            continue;
        sputf(&out, "<section id=\"%s\"", section->id);
        write_attr(&out, "when", section->when);
        sputf(&out, "><title xml:lang=\"en\">Section %s</title>\n", section->id);
        for (int i = 0; i < section->nitems; i++)
            write_item(&out, &section->items[i]);
        sput(&out, "</section>\n");
    }
    for (int i = 0; i < form->nrules; i++) {
        if (form->rules[i].removed)
            continue;
        sputf(&out, "<rule id=\"%s\"", form->rules[i].id);
        write_attr(&out, "test", form->rules[i].text);
        sputf(&out, "><message xml:lang=\"en\">Rule %s</message></rule>\n", form->rules[i].id);
    }
    bool any_doc = false;
    for (int i = 0; i < form->ndocs; i++)
        any_doc = any_doc || !form->docs[i].removed;
    if (any_doc) {
        sput(&out, "<documents><title xml:lang=\"en\">Documents</title>\n");
        for (int i = 0; i < form->ndocs; i++) {
            if (form->docs[i].removed)
                continue;
            sputf(&out, "<document id=\"%s\"", form->docs[i].id);
            write_attr(&out, "when", form->docs[i].text);
            sputf(&out, "><label xml:lang=\"en\">Document %s</label></document>\n",
                  form->docs[i].id);
        }
        sput(&out, "</documents>\n");
    }
    sput(&out, "</form>\n");
    return out.buf;
}

/* ---- answers ---- */

/* A random answer to question q: mostly valid for its type and facets, sometimes not. */
static char *gen_answer(const g_item *q, bool valid)
{
    if (!valid) {
        static const char *bad[] = {"2026-02-30", "maybe",         "x y\nz",    "12.5.1", "ZZ",
                                    "0123AB",     "not-an-option", "123456789", "@"};
        return helder_xstrdup(bad[rnd(9)]);
    }
    switch (q->qtype) {
    case HELDER_Q_TEXT:
    case HELDER_Q_LONGTEXT:
        return helder_xstrdup(words[rnd(6)]);
    case HELDER_Q_INTEGER:
        return fmt("%d", rnd(70) - (chance(10) ? 10 : 0));
    case HELDER_Q_DECIMAL:
        return fmt("%d.%d", rnd(70), rnd(10));
    case HELDER_Q_DATE:
        return helder_xstrdup(date_literals[rnd(8)]);
    case HELDER_Q_YESNO:
        return helder_xstrdup(chance(50) ? "yes" : "no");
    case HELDER_Q_CHOICE:
        return helder_xstrdup(q->options[rnd(q->noptions)].value);
    case HELDER_Q_MULTICHOICE: {
        sbuf out = {NULL, 0, 0};
        sput(&out, "");
        for (int i = 0; i < q->noptions; i++)
            if (chance(50) || (i == q->noptions - 1 && out.len == 0))
                sputf(&out, "%s%s", out.len ? " " : "", q->options[i].value);
        return out.buf;
    }
    case HELDER_Q_EMAIL:
        return helder_xstrdup(chance(50) ? "a.jansen@example.nl" : "noor@example.org");
    case HELDER_Q_PHONE:
        return helder_xstrdup(chance(50) ? "0612345678" : "+31201234567");
    case HELDER_Q_COUNTRY:
        return helder_xstrdup((const char *[]){"NL", "SY", "MA", "TR"}[rnd(4)]);
    case HELDER_Q_BSN:
        return helder_xstrdup(chance(50) ? "111222333" : "234567892");
    case HELDER_Q_IBAN:
        return helder_xstrdup("NL91ABNA0417164300");
    case HELDER_Q_POSTCODE:
        return helder_xstrdup(chance(50) ? "1234AB" : "3511AX");
    case HELDER_Q_FILE:
        return helder_xstrdup("scan.pdf");
    default:
        return helder_xstrdup("x");
    }
}

/* ---- facts ---- */

/* What a register would know: mostly answers that fit the form (an unconditional option, a
 * number and a date inside the usual bounds), sometimes any answer (an early no). */
static char *gen_fact_value(const g_item *q)
{
    if (chance(15))
        return gen_answer(q, true);
    switch (q->qtype) {
    case HELDER_Q_CHOICE:
        for (int tries = 0; tries < 4; tries++) {
            const g_option *option = &q->options[rnd(q->noptions)];
            if (!option->when)
                return helder_xstrdup(option->value);
        }
        return gen_answer(q, true);
    case HELDER_Q_INTEGER:
        return fmt("%d", 10 + rnd(30));
    case HELDER_Q_DECIMAL:
        return fmt("%d.5", 10 + rnd(30));
    case HELDER_Q_DATE:
        return helder_xstrdup(date_literals[rnd(6)]);
    default:
        return gen_answer(q, true);
    }
}

static void gen_facts(g_facts *facts, const g_form *form)
{
    memset(facts, 0, sizeof *facts);
    int percent = rnd(4) == 0 ? 0 : 20 + rnd(60);
    for (int s = 0; s < form->nsections; s++)
        for (int i = 0; i < form->sections[s].nitems; i++) {
            const g_item *item = &form->sections[s].items[i];
            if (item->kind == K_QUESTION && chance(percent) && facts->nfacts < MAX_FACTS) {
                g_fact *fact = &facts->facts[facts->nfacts++];
                snprintf(fact->name, sizeof fact->name, "%s", item->fact ? item->fact : item->id);
                snprintf(fact->id, sizeof fact->id, "%s", item->id);
                fact->text = gen_fact_value(item);
            } else if (item->kind == K_REPEAT && chance(percent)) {
                g_group *group = &facts->groups[facts->ngroups++];
                snprintf(group->repeat, sizeof group->repeat, "%s", item->id);
                int span = (int)(item->rmax - item->rmin) + 1;
                group->count = chance(80) ? (int)item->rmin + rnd(span) : rnd(MAX_GROUP_ITEMS + 1);
                if (group->count > MAX_GROUP_ITEMS)
                    group->count = MAX_GROUP_ITEMS;
                for (int k = 0; k < group->count; k++)
                    for (int c = 0; c < item->nchildren; c++) {
                        const g_item *child = &item->children[c];
                        if (child->kind != K_QUESTION || !chance(70))
                            continue;
                        g_fact *fact = &group->facts[k][group->nfacts[k]++];
                        snprintf(fact->name, sizeof fact->name, "%s",
                                 child->fact ? child->fact : child->id);
                        snprintf(fact->id, sizeof fact->id, "%s", child->id);
                        fact->text = gen_fact_value(child);
                    }
            }
        }
}

static void free_facts(g_facts *facts)
{
    for (int i = 0; i < facts->nfacts; i++)
        free(facts->facts[i].text);
    for (int g = 0; g < facts->ngroups; g++)
        for (int k = 0; k < facts->groups[g].count; k++)
            for (int f = 0; f < facts->groups[g].nfacts[k]; f++)
                free(facts->groups[g].facts[k][f].text);
}

static void copy_facts(g_facts *dst, const g_facts *src)
{
    *dst = *src;
    for (int i = 0; i < src->nfacts; i++)
        dst->facts[i].text = helder_xstrdup(src->facts[i].text);
    for (int g = 0; g < src->ngroups; g++)
        for (int k = 0; k < src->groups[g].count; k++)
            for (int f = 0; f < src->groups[g].nfacts[k]; f++)
                dst->groups[g].facts[k][f].text = helder_xstrdup(src->groups[g].facts[k][f].text);
}

static void sput_text(sbuf *out, const char *text)
{
    for (const char *at = text; *at; at++) {
        if (*at == '<')
            sput(out, "&lt;");
        else if (*at == '&')
            sput(out, "&amp;");
        else {
            char c[2] = {*at, 0};
            sput(out, c);
        }
    }
}

static char *facts_xml(const g_facts *facts)
{
    sbuf out = {NULL, 0, 0};
    sput(&out, "<facts xmlns=\"urn:helder:facts:1\">\n");
    for (int i = 0; i < facts->nfacts; i++) {
        if (facts->facts[i].removed)
            continue;
        sputf(&out, "<fact name=\"%s\">", facts->facts[i].name);
        sput_text(&out, facts->facts[i].text);
        sput(&out, "</fact>\n");
    }
    for (int g = 0; g < facts->ngroups; g++) {
        const g_group *group = &facts->groups[g];
        if (group->removed)
            continue;
        sputf(&out, "<group name=\"%s\">\n", group->repeat);
        for (int k = 0; k < group->count; k++) {
            sput(&out, "<item>");
            for (int f = 0; f < group->nfacts[k]; f++) {
                if (group->facts[k][f].removed)
                    continue;
                sputf(&out, "<fact name=\"%s\">", group->facts[k][f].name);
                sput_text(&out, group->facts[k][f].text);
                sput(&out, "</fact>");
            }
            sput(&out, "</item>\n");
        }
        sput(&out, "</group>\n");
    }
    sput(&out, "</facts>\n");
    return out.buf;
}

/* ---- submissions ---- */

static const g_fact *top_fact(const g_facts *facts, const char *id)
{
    for (int i = 0; i < facts->nfacts; i++)
        if (!facts->facts[i].removed && strcmp(facts->facts[i].id, id) == 0)
            return &facts->facts[i];
    return NULL;
}

static const g_group *find_group(const g_facts *facts, const char *repeat)
{
    for (int g = 0; g < facts->ngroups; g++)
        if (!facts->groups[g].removed && strcmp(facts->groups[g].repeat, repeat) == 0)
            return &facts->groups[g];
    return NULL;
}

static const g_fact *group_fact(const g_group *group, int item, const char *id)
{
    if (!group || item >= group->count)
        return NULL;
    for (int f = 0; f < group->nfacts[item]; f++)
        if (!group->facts[item][f].removed && strcmp(group->facts[item][f].id, id) == 0)
            return &group->facts[item][f];
    return NULL;
}

static int invalid_percent;

static void gen_sub(g_sub *sub, const g_form *form, const g_facts *facts)
{
    memset(sub, 0, sizeof *sub);
    for (int s = 0; s < form->nsections; s++)
        for (int i = 0; i < form->sections[s].nitems; i++) {
            const g_item *item = &form->sections[s].items[i];
            if (item->kind == K_QUESTION && sub->nanswers < MAX_ANSWERS) {
                const g_fact *fact = top_fact(facts, item->id);
                g_answer *answer = &sub->answers[sub->nanswers++];
                snprintf(answer->id, sizeof answer->id, "%s", item->id);
                answer->text =
                    fact ? helder_xstrdup(fact->text) : gen_answer(item, !chance(invalid_percent));
            } else if (item->kind == K_REPEAT) {
                const g_group *group = find_group(facts, item->id);
                g_rsub *rsub = &sub->repeats[sub->nrepeats++];
                snprintf(rsub->id, sizeof rsub->id, "%s", item->id);
                rsub->nitems = group ? group->count : rnd(MAX_GROUP_ITEMS + 1);
                for (int k = 0; k < rsub->nitems; k++)
                    for (int c = 0; c < item->nchildren; c++) {
                        const g_item *child = &item->children[c];
                        if (child->kind != K_QUESTION)
                            continue;
                        const g_fact *fact = group_fact(group, k, child->id);
                        g_answer *answer = &rsub->answers[k][rsub->nanswers[k]++];
                        snprintf(answer->id, sizeof answer->id, "%s", child->id);
                        answer->text = fact ? helder_xstrdup(fact->text)
                                            : gen_answer(child, !chance(invalid_percent));
                    }
            }
        }
}

static void free_sub(g_sub *sub)
{
    for (int i = 0; i < sub->nanswers; i++)
        free(sub->answers[i].text);
    for (int r = 0; r < sub->nrepeats; r++)
        for (int k = 0; k < sub->repeats[r].nitems; k++)
            for (int a = 0; a < sub->repeats[r].nanswers[k]; a++)
                free(sub->repeats[r].answers[k][a].text);
}

static void copy_sub(g_sub *dst, const g_sub *src)
{
    *dst = *src;
    for (int i = 0; i < src->nanswers; i++)
        dst->answers[i].text = helder_xstrdup(src->answers[i].text);
    for (int r = 0; r < src->nrepeats; r++)
        for (int k = 0; k < src->repeats[r].nitems; k++)
            for (int a = 0; a < src->repeats[r].nanswers[k]; a++)
                dst->repeats[r].answers[k][a].text =
                    helder_xstrdup(src->repeats[r].answers[k][a].text);
}

static bool gives_repeat(const g_sub *sub, const char *id)
{
    for (int r = 0; r < sub->nrepeats; r++)
        if (!sub->repeats[r].removed && sub->repeats[r].nitems > 0 &&
            strcmp(sub->repeats[r].id, id) == 0)
            return true;
    return false;
}

static bool answered_in(const g_sub *sub, const char *id)
{
    for (int i = 0; i < sub->nanswers; i++)
        if (!sub->answers[i].removed && strcmp(sub->answers[i].id, id) == 0)
            return true;
    return false;
}

/* without_known: leave out every answer the facts give, and a repeat the facts fill whose
 * items then hold nothing (alternately, keep it with empty items). with_known: add the facts'
 * answers that S leaves out (to see whether they apply). */
static char *sub_xml_with(const g_sub *sub, const g_facts *facts, bool without_known,
                          bool with_known)
{
    sbuf out = {NULL, 0, 0};
    sput(&out, "<submission xmlns=\"urn:helder:submission:1\" form=\"p\" version=\"1\" "
               "xml:lang=\"en\">\n");
    for (int i = 0; with_known && i < facts->nfacts; i++) {
        if (facts->facts[i].removed || answered_in(sub, facts->facts[i].id))
            continue;
        sputf(&out, "<answer id=\"%s\">", facts->facts[i].id);
        sput_text(&out, facts->facts[i].text);
        sput(&out, "</answer>\n");
    }
    for (int g = 0; with_known && g < facts->ngroups; g++) {
        const g_group *group = &facts->groups[g];
        if (group->removed || group->count == 0 || gives_repeat(sub, group->repeat))
            continue;
        sputf(&out, "<repeat id=\"%s\">", group->repeat);
        for (int k = 0; k < group->count; k++) {
            sput(&out, "<item>");
            for (int f = 0; f < group->nfacts[k]; f++) {
                if (group->facts[k][f].removed)
                    continue;
                sputf(&out, "<answer id=\"%s\">", group->facts[k][f].id);
                sput_text(&out, group->facts[k][f].text);
                sput(&out, "</answer>");
            }
            sput(&out, "</item>");
        }
        sput(&out, "</repeat>\n");
    }
    for (int i = 0; i < sub->nanswers; i++) {
        const g_answer *answer = &sub->answers[i];
        if (answer->removed || (without_known && top_fact(facts, answer->id)))
            continue;
        sputf(&out, "<answer id=\"%s\">", answer->id);
        sput_text(&out, answer->text);
        sput(&out, "</answer>\n");
    }
    for (int r = 0; r < sub->nrepeats; r++) {
        const g_rsub *rsub = &sub->repeats[r];
        const g_group *group = without_known ? find_group(facts, rsub->id) : NULL;
        if (rsub->removed || rsub->nitems == 0)
            continue;
        sbuf items = {NULL, 0, 0};
        bool any = false;
        sput(&items, "");
        for (int k = 0; k < rsub->nitems; k++) {
            sput(&items, "<item>");
            for (int a = 0; a < rsub->nanswers[k]; a++) {
                const g_answer *answer = &rsub->answers[k][a];
                if (answer->removed || (group && group_fact(group, k, answer->id)))
                    continue;
                any = true;
                sputf(&items, "<answer id=\"%s\">", answer->id);
                sput_text(&items, answer->text);
                sput(&items, "</answer>");
            }
            sput(&items, "</item>\n");
        }
        if (any || !group || rsub->nitems % 2 == 0) {
            sputf(&out, "<repeat id=\"%s\">\n", rsub->id);
            sput(&out, items.buf);
            sput(&out, "</repeat>\n");
        }
        free(items.buf);
    }
    sput(&out, "</submission>\n");
    return out.buf;
}

static char *sub_xml(const g_sub *sub, const g_facts *facts, bool without_known)
{
    return sub_xml_with(sub, facts, without_known, false);
}

/* ---- running one case ---- */

typedef struct {
    char rule[32];
    char question[16];
    unsigned item;
} finding;

typedef struct {
    bool valid;
    int count;
    finding findings[256];
    bool not_relevant, required, option_unavailable, stray, structure;
    int nskipped;
    char skipped[64][16]; /* questions answered but not relevant (top level) */
} verdict;

static int compare_findings(const void *a, const void *b)
{
    const finding *x = a, *y = b;
    int order = strcmp(x->rule, y->rule);
    if (order)
        return order;
    order = strcmp(x->question, y->question);
    if (order)
        return order;
    return (x->item > y->item) - (x->item < y->item);
}

static long check_day;

static int check_with(verdict *out, const helder_check_plan *plan, const char *xml)
{
    helder_check_options opts = HELDER_CHECK_OPTIONS_INIT;
    helder_check_result *result = NULL;
    const helder_check_finding *findings;
    opts.today = check_day;
    opts.max_findings = 256;
    memset(out, 0, sizeof *out);
    int rc = helder_check_submission(&result, plan, xml, strlen(xml), "s.xml", &opts);
    out->valid = helder_check_result_valid(result);
    size_t n = helder_check_result_findings(result, &findings);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(findings[i].rule, "not-relevant") == 0) {
            out->not_relevant = true;
            if (findings[i].question && !findings[i].repeat && out->nskipped < 64)
                snprintf(out->skipped[out->nskipped++], 16, "%s", findings[i].question);
        }
        if (findings[i].severity != HELDER_SEVERITY_ERROR)
            continue;
        if (strcmp(findings[i].rule, "required") == 0)
            out->required = true;
        if (strcmp(findings[i].rule, "unknown-question") == 0 ||
            strcmp(findings[i].rule, "unknown-repeat") == 0 ||
            strcmp(findings[i].rule, "misplaced-answer") == 0)
            out->structure = true;
        if (strcmp(findings[i].rule, "option-not-available") == 0)
            out->option_unavailable = true;
        finding *f = &out->findings[out->count++];
        snprintf(f->rule, sizeof f->rule, "%s", findings[i].rule);
        snprintf(f->question, sizeof f->question, "%s",
                 findings[i].question ? findings[i].question : "");
        f->item = findings[i].item;
    }
    qsort(out->findings, (size_t)out->count, sizeof *out->findings, compare_findings);
    helder_check_result_free(result);
    return rc;
}

static bool same_findings(const verdict *a, const verdict *b)
{
    if (a->count != b->count)
        return false;
    for (int i = 0; i < a->count; i++)
        if (compare_findings(&a->findings[i], &b->findings[i]) != 0)
            return false;
    return true;
}

/* Every finding of a is in b (as multisets; both sorted). */
static bool findings_within(const verdict *a, const verdict *b)
{
    int j = 0;
    for (int i = 0; i < a->count; i++) {
        while (j < b->count && compare_findings(&b->findings[j], &a->findings[i]) < 0)
            j++;
        if (j == b->count || compare_findings(&b->findings[j], &a->findings[i]) != 0)
            return false;
        j++;
    }
    return true;
}

static bool has_finding(const verdict *v, const finding *f)
{
    for (int i = 0; i < v->count; i++)
        if (compare_findings(&v->findings[i], f) == 0)
            return true;
    return false;
}

static bool new_stray_finding(const verdict *f, const verdict *simplified)
{
    for (int i = 0; i < simplified->count; i++) {
        const finding *g = &simplified->findings[i];
        if ((strcmp(g->rule, "bad-choice") == 0 || strcmp(g->rule, "unknown-question") == 0 ||
             strcmp(g->rule, "unknown-repeat") == 0) &&
            !has_finding(f, g))
            return true;
    }
    return false;
}

/* The contract as tested (docs/simplify.md, "Soundness, as tested"): the same verdict; for a
 * valid S no errors either way; for an invalid S every error check(F, S) reports is reported
 * against F' too. F' may report more: where an answer in error leaves check(F, S) unable to
 * decide whether something applies (one mistake, one finding), F' may already know from the
 * facts. With an answer the facts rule out (an option they withdrew) only the verdict counts. */
static bool agrees(const verdict *f, const verdict *simplified, bool stray)
{
    if (f->valid != simplified->valid)
        return false;
    if (stray)
        return true;
    if (f->valid)
        return same_findings(f, simplified);
    return findings_within(f, simplified);
}

static void describe(sbuf *out, const char *what, const verdict *v)
{
    sputf(out, "%s: %s;", what, v->valid ? "valid" : "invalid");
    for (int i = 0; i < v->count; i++)
        sputf(out, " %s:%s%s", v->findings[i].rule, v->findings[i].question,
              v->findings[i].item ? "[item]" : "");
    sput(out, "\n");
}

typedef enum { CASE_PASS, CASE_SKIP, CASE_FAIL } case_status;

typedef struct {
    long cases, passed, skipped, verdict_only, early_no, known, removed_questions, lint_clean;
    long form_errors, more_errors;
} stats;

static stats totals;

static int stray_repeats(g_sub *sub, const helder_check_plan *plan, const g_facts *facts,
                         bool remove);

/* Runs the contract on one (form, facts, submission). message gets the reason of a failure. */
static case_status run_case(const g_form *gform, const g_facts *gfacts, const g_sub *gsub,
                            helder_known_mode mode, sbuf *message, bool count)
{
    helder_form *form = NULL, *simple = NULL;
    helder_check_plan *plan = NULL, *simple_plan = NULL;
    helder_facts *facts = NULL;
    helder_simplify_result *result = NULL;
    helder_simplify_options opts = HELDER_SIMPLIFY_OPTIONS_INIT;
    case_status status = CASE_SKIP;
    char *fxml = form_xml(gform), *kxml = facts_xml(gfacts);
    char *sxml = sub_xml(gsub, gfacts, false), *sk_xml = sub_xml(gsub, gfacts, true);
    verdict v1, v2, v3;

    if (helder_form_load_memory(&form, fxml, strlen(fxml), "f.xml", NULL, NULL) != HELDER_OK ||
        helder_check_plan_new(&plan, form) != HELDER_OK) {
        if (count)
            totals.form_errors++;
        if (count && getenv("HELDER_PROP_DEBUG"))
            fprintf(stderr, "rejected form:\n%s\n", fxml);
        goto out;
    }
    if (helder_facts_load_memory(&facts, plan, kxml, strlen(kxml), "k.xml", NULL, NULL) !=
        HELDER_OK) {
        if (count && getenv("HELDER_PROP_DEBUG"))
            fprintf(stderr, "rejected facts:\n%s\n", kxml);
        goto out;
    }
    opts.known = mode;
    opts.today = TODAY;
    if (helder_simplify(&result, form, facts, &opts) != HELDER_OK) {
        sput(message, "helder_simplify failed\n");
        status = CASE_FAIL;
        goto out;
    }
    size_t len;
    const char *simple_xml = helder_simplify_result_form(result, &len);
    if (helder_form_load_memory(&simple, simple_xml, len, "f2.xml", NULL, NULL) != HELDER_OK ||
        helder_check_plan_new(&simple_plan, simple) != HELDER_OK) {
        sputf(message, "the simplified form does not load:\n%s\n", simple_xml);
        status = CASE_FAIL;
        goto out;
    }
    /* S must be complete and agree with the facts: no answer to a question that does not apply,
     * every required question that applies answered. */
    check_with(&v1, plan, sxml);
    if (v1.not_relevant || v1.required || v1.structure ||
        stray_repeats((g_sub *)gsub, plan, gfacts, false)) {
        if (count && getenv("HELDER_PROP_DEBUG"))
            fprintf(stderr, "incomplete submission:\n%s\n", sxml);
        goto out;
    }
    /* ... and what the facts answer is answered the same in S, where it applies. */
    {
        char *all = sub_xml_with(gsub, gfacts, false, true);
        verdict va;
        check_with(&va, plan, all);
        /* the items of a group S leaves out, when their repeat applies */
        {
            helder_check_options copts = HELDER_CHECK_OPTIONS_INIT;
            helder_check_result *cres = NULL;
            char *clean = NULL;
            size_t clean_len;
            bool missing = false;
            copts.today = check_day;
            helder_check_submission(&cres, plan, all, strlen(all), "s.xml", &copts);
            if (helder_check_result_normalized(&clean, &clean_len, cres) == HELDER_OK)
                for (int g = 0; g < gfacts->ngroups; g++) {
                    char needle[48];
                    const g_group *group = &gfacts->groups[g];
                    snprintf(needle, sizeof needle, "<repeat id=\"%s\">", group->repeat);
                    if (!group->removed && group->count > 0 && !gives_repeat(gsub, group->repeat) &&
                        strstr(clean, needle))
                        missing = true;
                }
            free(clean);
            helder_check_result_free(cres);
            if (missing) {
                free(all);
                goto out;
            }
        }
        free(all);
        for (int i = 0; i < gfacts->nfacts; i++) {
            const g_fact *fact = &gfacts->facts[i];
            bool skipped = false;
            if (fact->removed || answered_in(gsub, fact->id))
                continue;
            for (int k = 0; k < va.nskipped; k++)
                skipped = skipped || strcmp(va.skipped[k], fact->id) == 0;
            if (!skipped && strstr(fxml, fact->id))
                goto out; /* a known answer that applies is missing from S */
        }
    }
    check_with(&v2, simple_plan, sxml);
    check_with(&v3, simple_plan, sk_xml);
    /* S strays from the facts when it names an option they withdrew, or answers a question
     * they rule out: check(F, S) says option-not-available, or cannot tell (an answer in error
     * elsewhere leaves it undecided) and F' says bad-choice or unknown-question. */
    bool stray =
        v1.option_unavailable || new_stray_finding(&v1, &v2) || new_stray_finding(&v1, &v3);
    status = CASE_PASS;
    if (!agrees(&v1, &v2, stray)) {
        sput(message, "check(F, S) and check(F', S) disagree\n");
        status = CASE_FAIL;
    }
    if (!agrees(&v1, &v3, stray)) {
        sput(message, "check(F, S) and check(F', S without the facts' answers) disagree\n");
        status = CASE_FAIL;
    }
    if (status == CASE_FAIL) {
        describe(message, "F,S", &v1);
        describe(message, "F',S", &v2);
        describe(message, "F',S-K", &v3);
        sputf(message, "--- simplified form:\n%s", simple_xml);
    } else if (count) {
        helder_simplify_summary sum;
        helder_simplify_result_summary(&sum, result);
        totals.verdict_only += stray;
        totals.more_errors += !stray && !v1.valid && !same_findings(&v1, &v2);
        totals.early_no += !helder_simplify_result_eligible(result);
        if (!helder_simplify_result_eligible(result) && getenv("HELDER_PROP_EARLY")) {
            char *report;
            helder_simplify_result_report(&report, NULL, result, HELDER_REPORT_TEXT);
            fputs(report, stderr);
            free(report);
        }
        totals.known += sum.prefilled;
        totals.removed_questions += sum.questions_before - sum.questions_after;
    }
out:
    helder_simplify_result_free(result);
    helder_facts_free(facts);
    helder_check_plan_free(simple_plan);
    helder_check_plan_free(plan);
    helder_form_free(simple);
    helder_form_free(form);
    free(fxml);
    free(kxml);
    free(sxml);
    free(sk_xml);
    return status;
}

/* The repeats S gives that check(F, S) leaves out of its cleaned submission because they do not
 * apply (check does not warn about items without answers). remove: mark them removed in S.
 * Returns how many there are. */
static int stray_repeats(g_sub *sub, const helder_check_plan *plan, const g_facts *facts,
                         bool remove)
{
    char *xml = sub_xml(sub, facts, false);
    helder_check_options opts = HELDER_CHECK_OPTIONS_INIT;
    helder_check_result *result = NULL;
    char *clean = NULL;
    size_t len;
    int stray = 0;
    opts.today = check_day;
    helder_check_submission(&result, plan, xml, strlen(xml), "s.xml", &opts);
    if (helder_check_result_normalized(&clean, &len, result) == HELDER_OK) {
        for (int r = 0; r < sub->nrepeats; r++) {
            char needle[48];
            if (sub->repeats[r].removed || sub->repeats[r].nitems == 0)
                continue;
            snprintf(needle, sizeof needle, "<repeat id=\"%s\">", sub->repeats[r].id);
            if (!strstr(clean, needle)) {
                stray++;
                if (remove)
                    sub->repeats[r].removed = true;
            }
        }
    }
    free(clean);
    free(xml);
    helder_check_result_free(result);
    return stray;
}

static g_answer *find_answer(g_sub *sub, const char *repeat, unsigned item, const char *id)
{
    if (!repeat) {
        for (int a = 0; a < sub->nanswers; a++)
            if (strcmp(sub->answers[a].id, id) == 0)
                return &sub->answers[a];
        return NULL;
    }
    for (int r = 0; r < sub->nrepeats; r++) {
        g_rsub *rsub = &sub->repeats[r];
        if (strcmp(rsub->id, repeat) != 0 || item == 0 || (int)item > rsub->nitems)
            continue;
        for (int a = 0; a < rsub->nanswers[item - 1]; a++)
            if (strcmp(rsub->answers[item - 1][a].id, id) == 0)
                return &rsub->answers[item - 1][a];
    }
    return NULL;
}

static const g_item *find_question(const g_form *form, const char *id)
{
    for (int s = 0; s < form->nsections; s++)
        for (int i = 0; i < form->sections[s].nitems; i++) {
            const g_item *item = &form->sections[s].items[i];
            if (strcmp(item->id, id) == 0)
                return item;
            for (int c = 0; c < item->nchildren; c++)
                if (strcmp(item->children[c].id, id) == 0)
                    return &item->children[c];
        }
    return NULL;
}

static bool answer_known(const g_facts *facts, const char *repeat, unsigned item, const char *id)
{
    if (!repeat)
        return top_fact(facts, id) != NULL;
    return item > 0 && group_fact(find_group(facts, repeat), (int)item - 1, id) != NULL;
}

/* Makes S complete against F: answers what check says is required and missing, drops answers
 * to what does not apply. Returns false when that does not settle. */
static bool complete_sub(g_sub *sub, const g_form *gform, const g_facts *facts)
{
    char *fxml = form_xml(gform);
    helder_form *form = NULL;
    helder_check_plan *plan = NULL;
    bool done = false;
    if (helder_form_load_memory(&form, fxml, strlen(fxml), "f.xml", NULL, NULL) != HELDER_OK ||
        helder_check_plan_new(&plan, form) != HELDER_OK) {
        totals.form_errors++;
        if (getenv("HELDER_PROP_DEBUG"))
            fprintf(stderr, "rejected form:\n%s\n", fxml);
        goto out;
    }
    for (int round = 0; round < 8 && !done; round++) {
        char *xml = sub_xml(sub, facts, false);
        helder_check_options opts = HELDER_CHECK_OPTIONS_INIT;
        helder_check_result *result = NULL;
        const helder_check_finding *findings;
        opts.today = check_day;
        helder_check_submission(&result, plan, xml, strlen(xml), "s.xml", &opts);
        free(xml);
        size_t n = helder_check_result_findings(result, &findings);
        bool changed = false;
        for (size_t i = 0; i < n; i++) {
            bool drop = strcmp(findings[i].rule, "not-relevant") == 0;
            bool add = strcmp(findings[i].rule, "required") == 0;
            bool repick = strcmp(findings[i].rule, "option-not-available") == 0 && round < 5;
            if ((!drop && !add && !repick) || !findings[i].question)
                continue;
            const char *id = findings[i].question;
            if (repick) {
                /* An applicant is offered only the options that apply: choose again. */
                g_answer *answer = find_answer(sub, findings[i].repeat, findings[i].item, id);
                const g_item *question = find_question(gform, id);
                if (answer && question &&
                    !answer_known(facts, findings[i].repeat, findings[i].item, id)) {
                    free(answer->text);
                    answer->text = gen_answer(question, true);
                    changed = true;
                }
                continue;
            }
            if (findings[i].repeat) {
                for (int r = 0; r < sub->nrepeats; r++) {
                    g_rsub *rsub = &sub->repeats[r];
                    if (strcmp(rsub->id, findings[i].repeat) != 0 || findings[i].item == 0 ||
                        (int)findings[i].item > rsub->nitems)
                        continue;
                    int k = (int)findings[i].item - 1;
                    for (int a = 0; a < rsub->nanswers[k]; a++) {
                        g_answer *answer = &rsub->answers[k][a];
                        if (strcmp(answer->id, id) != 0)
                            continue;
                        if (drop && !answer->removed)
                            answer->removed = changed = true;
                        if (add && answer->removed) {
                            answer->removed = false;
                            changed = true;
                        }
                    }
                }
            } else {
                for (int r = 0; drop && r < sub->nrepeats; r++)
                    if (strcmp(sub->repeats[r].id, id) == 0 && !sub->repeats[r].removed)
                        sub->repeats[r].removed = changed = true;
                for (int a = 0; a < sub->nanswers; a++) {
                    g_answer *answer = &sub->answers[a];
                    if (strcmp(answer->id, id) != 0)
                        continue;
                    if (drop && !answer->removed)
                        answer->removed = changed = true;
                    if (add && answer->removed) {
                        answer->removed = false;
                        changed = true;
                    }
                }
            }
        }
        helder_check_result_free(result);
        if (!changed && stray_repeats(sub, plan, facts, true))
            changed = true;
        done = !changed;
    }
out:
    helder_check_plan_free(plan);
    helder_form_free(form);
    free(fxml);
    return done;
}

/* ---- shrinking ---- */

typedef struct {
    g_form form;
    g_facts facts;
    g_sub sub;
    helder_known_mode mode;
} g_case;

static bool still_fails(const g_case *c)
{
    sbuf ignore = {NULL, 0, 0};
    case_status status = run_case(&c->form, &c->facts, &c->sub, c->mode, &ignore, false);
    free(ignore.buf);
    return status == CASE_FAIL;
}

/* Every removable piece of a case, by number; try_remove(c, n) removes the n-th (with the
 * answers and facts of a question it removes) and says whether there was one. */
typedef struct {
    int at, target;
    bool done;
    g_case *c;
} walker;

static void remove_answers_of(g_case *c, const char *id)
{
    for (int i = 0; i < c->sub.nanswers; i++)
        if (strcmp(c->sub.answers[i].id, id) == 0)
            c->sub.answers[i].removed = true;
    for (int r = 0; r < c->sub.nrepeats; r++) {
        if (strcmp(c->sub.repeats[r].id, id) == 0)
            c->sub.repeats[r].removed = true;
        for (int k = 0; k < c->sub.repeats[r].nitems; k++)
            for (int a = 0; a < c->sub.repeats[r].nanswers[k]; a++)
                if (strcmp(c->sub.repeats[r].answers[k][a].id, id) == 0)
                    c->sub.repeats[r].answers[k][a].removed = true;
    }
    for (int i = 0; i < c->facts.nfacts; i++)
        if (strcmp(c->facts.facts[i].id, id) == 0)
            c->facts.facts[i].removed = true;
    for (int g = 0; g < c->facts.ngroups; g++)
        if (strcmp(c->facts.groups[g].repeat, id) == 0)
            c->facts.groups[g].removed = true;
}

static bool visit_flag(walker *w, bool *flag, const char *id)
{
    if (w->done || *flag)
        return false;
    if (w->at++ != w->target)
        return false;
    *flag = true;
    if (id)
        remove_answers_of(w->c, id);
    w->done = true;
    return true;
}

static bool visit_expr(walker *w, char **expr)
{
    if (w->done || !*expr)
        return false;
    if (w->at++ != w->target)
        return false;
    free(*expr);
    *expr = NULL;
    w->done = true;
    return true;
}

static void visit_item(walker *w, g_item *item)
{
    if (item->removed)
        return;
    visit_flag(w, &item->removed, item->id);
    visit_expr(w, &item->when);
    visit_expr(w, &item->min);
    visit_expr(w, &item->max);
    visit_expr(w, &item->pattern);
    if (item->required && strcmp(item->required, "true") != 0)
        visit_expr(w, &item->required);
    for (int i = 0; i < item->noptions; i++) {
        visit_flag(w, &item->options[i].removed, NULL);
        visit_expr(w, &item->options[i].when);
    }
    for (int i = 0; i < item->nconstraints; i++)
        visit_expr(w, &item->constraints[i]);
    for (int i = 0; i < item->nchildren; i++)
        visit_item(w, &item->children[i]);
}

static bool try_remove(g_case *c, int target)
{
    walker w = {0, target, false, c};
    for (int s = 0; s < c->form.nsections; s++) {
        g_section *section = &c->form.sections[s];
        if (section->removed)
            continue;
        if (visit_flag(&w, &section->removed, NULL))
            for (int i = 0; i < section->nitems; i++)
                remove_answers_of(c, section->items[i].id);
        visit_expr(&w, &section->when);
        for (int i = 0; i < section->nitems; i++)
            visit_item(&w, &section->items[i]);
    }
    for (int i = 0; i < c->form.nrules; i++)
        visit_flag(&w, &c->form.rules[i].removed, NULL);
    for (int i = 0; i < c->form.ndocs; i++)
        visit_flag(&w, &c->form.docs[i].removed, NULL);
    for (int i = 0; i < c->facts.nfacts; i++)
        visit_flag(&w, &c->facts.facts[i].removed, NULL);
    for (int g = 0; g < c->facts.ngroups; g++)
        visit_flag(&w, &c->facts.groups[g].removed, NULL);
    /* The submission must keep agreeing with the facts: what they answer goes with them. */
    for (int i = 0; i < c->sub.nanswers; i++)
        if (!top_fact(&c->facts, c->sub.answers[i].id))
            visit_flag(&w, &c->sub.answers[i].removed, NULL);
    for (int r = 0; r < c->sub.nrepeats; r++)
        if (!find_group(&c->facts, c->sub.repeats[r].id))
            visit_flag(&w, &c->sub.repeats[r].removed, NULL);
    return w.done;
}

static void copy_case(g_case *dst, const g_case *src)
{
    copy_form(&dst->form, &src->form);
    copy_facts(&dst->facts, &src->facts);
    copy_sub(&dst->sub, &src->sub);
    dst->mode = src->mode;
}

static void free_case(g_case *c)
{
    free_form(&c->form);
    free_facts(&c->facts);
    free_sub(&c->sub);
}

/* Greedy: remove one piece at a time while the case still fails. */
static void shrink(g_case *c)
{
    bool progress = true;
    for (int round = 0; round < 30 && progress; round++) {
        progress = false;
        for (int target = 0;; target++) {
            g_case trial;
            copy_case(&trial, c);
            if (!try_remove(&trial, target)) {
                free_case(&trial);
                break;
            }
            if (still_fails(&trial)) {
                free_case(c);
                *c = trial;
                progress = true;
                target--;
            } else {
                free_case(&trial);
            }
        }
    }
}

static void print_case(const g_case *c, const char *why, unsigned long long seed)
{
    char *fxml = form_xml(&c->form), *kxml = facts_xml(&c->facts);
    char *sxml = sub_xml(&c->sub, &c->facts, false);
    fprintf(stderr,
            "\n==== simplification contract broken (seed %llu, --known %s, --today %s, check on "
            "day %ld) ====\n%s\n---- form.xml\n%s---- facts.xml\n%s---- submission.xml\n%s====\n",
            seed, c->mode == HELDER_KNOWN_DROP ? "drop" : "confirm", TODAY, check_day, why, fxml,
            kxml, sxml);
    free(fxml);
    free(kxml);
    free(sxml);
}

/* ---- the test ---- */

static long env_long(const char *name, long fallback)
{
    const char *value = getenv(name);
    return value && *value ? strtol(value, NULL, 10) : fallback;
}

START_TEST(test_contract)
{
    long wanted = env_long("HELDER_PROP_N", 10000);
    unsigned long long seed = (unsigned long long)env_long("HELDER_PROP_SEED", 20261130);
    int32_t today;
    helder_date_parse(&today, TODAY, strlen(TODAY));
    memset(&totals, 0, sizeof totals);
    long failures = 0;
    clock_t start = clock();
    /* Each form gets several fact sets, each fact set several submissions. */
    for (unsigned long long form_seed = seed; totals.cases < wanted && failures == 0; form_seed++) {
        g_form form;
        rng_state = form_seed * 0x100000001b3ull;
        gen_form(&form);
        for (int k = 0; k < 4 && totals.cases < wanted && failures == 0; k++) {
            g_facts facts;
            gen_facts(&facts, &form);
            for (int s = 0; s < 3 && totals.cases < wanted && failures == 0; s++) {
                g_sub sub;
                check_day = today + rnd(WINDOW + 1);
                invalid_percent = rnd(3) == 0 ? 0 : rnd(12);
                gen_sub(&sub, &form, &facts);
                helder_known_mode mode = chance(50) ? HELDER_KNOWN_CONFIRM : HELDER_KNOWN_DROP;
                sbuf message = {NULL, 0, 0};
                case_status status = CASE_SKIP;
                if (complete_sub(&sub, &form, &facts))
                    status = run_case(&form, &facts, &sub, mode, &message, true);
                totals.cases++;
                if (status == CASE_PASS)
                    totals.passed++;
                else if (status == CASE_SKIP)
                    totals.skipped++;
                else {
                    g_case small, whole = {form, facts, sub, mode};
                    copy_case(&small, &whole);
                    shrink(&small);
                    sbuf why = {NULL, 0, 0};
                    run_case(&small.form, &small.facts, &small.sub, mode, &why, false);
                    print_case(&small, why.buf ? why.buf : message.buf, form_seed);
                    free(why.buf);
                    free_case(&small);
                    failures++;
                }
                free(message.buf);
                free_sub(&sub);
            }
            free_facts(&facts);
        }
        free_form(&form);
    }
    double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
    printf("simplify contract: %ld cases, %ld passed, %ld skipped (submission not complete), %ld "
           "compared on verdict only (an answer the facts rule out), %ld where F' reports more "
           "errors (after an answer in error), %ld early no, %ld answers known, %ld questions "
           "removed, %ld generated forms rejected; %.1f s\n",
           totals.cases, totals.passed, totals.skipped, totals.verdict_only, totals.more_errors,
           totals.early_no, totals.known, totals.removed_questions, totals.form_errors, seconds);
    fflush(stdout);
    ck_assert_msg(failures == 0, "the simplification contract is broken (see the case above)");
    ck_assert_msg(totals.form_errors * 20 < totals.cases + 20,
                  "the generator makes too many forms that do not load (%ld)", totals.form_errors);
    ck_assert_msg(totals.passed * 2 > totals.cases, "too few complete submissions (%ld of %ld)",
                  totals.passed, totals.cases);
}
END_TEST

static Suite *prop_suite(void)
{
    Suite *suite = suite_create("simplify_prop");
    TCase *tc = tcase_create("contract");
    tcase_set_timeout(tc, env_long("HELDER_PROP_N", 10000) > 10000 ? 0 : 300);
    tcase_add_test(tc, test_contract);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    helder_global_init();
    SRunner *runner = srunner_create(prop_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    helder_global_cleanup();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
