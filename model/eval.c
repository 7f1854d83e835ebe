/* The evaluator: three-valued (Kleene) evaluation of checked expressions over answer frames,
 * the table of built-in function names, and the proleptic Gregorian date helpers.
 *
 * Evaluation reads only the tree and the frames: it allocates nothing (matches() aside, inside
 * PCRE2), keeps no state outside env, and so may run in many threads over one form.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/model.h"
#include "model/pattern.h"

/* ---- built-in functions ---- */

static const char *const fn_names[HELDER_FN__COUNT] = {
    [HELDER_FN_TRUE] = "true",
    [HELDER_FN_FALSE] = "false",
    [HELDER_FN_NOT] = "not",
    [HELDER_FN_ANSWERED] = "answered",
    [HELDER_FN_SELECTED] = "selected",
    [HELDER_FN_COUNT_SELECTED] = "count-selected",
    [HELDER_FN_COUNT] = "count",
    [HELDER_FN_SUM] = "sum",
    [HELDER_FN_STRING_LENGTH] = "string-length",
    [HELDER_FN_CONTAINS] = "contains",
    [HELDER_FN_STARTS_WITH] = "starts-with",
    [HELDER_FN_MATCHES] = "matches",
    [HELDER_FN_TODAY] = "today",
    [HELDER_FN_DATE] = "date",
    [HELDER_FN_AGE] = "age",
    [HELDER_FN_YEARS_BETWEEN] = "years-between",
    [HELDER_FN_DAYS_BETWEEN] = "days-between",
    [HELDER_FN_ADD_DAYS] = "add-days",
    [HELDER_FN_ADD_MONTHS] = "add-months",
    [HELDER_FN_ADD_YEARS] = "add-years",
    [HELDER_FN_ROUND] = "round",
    [HELDER_FN_FLOOR] = "floor",
    [HELDER_FN_CEILING] = "ceiling",
    [HELDER_FN_ABS] = "abs",
    [HELDER_FN_MIN] = "min",
    [HELDER_FN_MAX] = "max",
    [HELDER_FN_IF] = "if",
};

const char *helder_fn_name(helder_fn fn)
{
    return fn < HELDER_FN__COUNT ? fn_names[fn] : "?";
}

helder_fn helder_fn_lookup(const char *name, size_t len)
{
    for (int fn = 0; fn < HELDER_FN__COUNT; fn++)
        if (strlen(fn_names[fn]) == len && memcmp(fn_names[fn], name, len) == 0)
            return (helder_fn)fn;
    return HELDER_FN__COUNT;
}

/* ---- dates: days since 1970-01-01, proleptic Gregorian (H. Hinnant's algorithms) ---- */

#define DATE_MIN (-719162) /* 0001-01-01 */
#define DATE_MAX 2932896   /* 9999-12-31 */

int32_t helder_date_from_civil(int year, unsigned month, unsigned day)
{
    year -= month <= 2;
    int era = (year >= 0 ? year : year - 399) / 400;
    unsigned yoe = (unsigned)(year - era * 400);
    unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int32_t)doe - 719468;
}

void helder_date_civil(int32_t days, int *year, unsigned *month, unsigned *day)
{
    int32_t z = days + 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *day = doy - (153 * mp + 2) / 5 + 1;
    *month = mp < 10 ? mp + 3 : mp - 9;
    *year = (int)yoe + era * 400 + (*month <= 2);
}

static bool is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static unsigned days_in_month(int year, unsigned month)
{
    static const unsigned lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : lengths[month - 1];
}

int helder_date_parse(int32_t *out, const char *text, size_t len)
{
    unsigned digits[8];
    static const unsigned at[8] = {0, 1, 2, 3, 5, 6, 8, 9};
    if (len != 10 || text[4] != '-' || text[7] != '-')
        return -1;
    for (int i = 0; i < 8; i++) {
        if (text[at[i]] < '0' || text[at[i]] > '9')
            return -1;
        digits[i] = (unsigned)(text[at[i]] - '0');
    }
    int year = (int)(digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]);
    unsigned month = digits[4] * 10 + digits[5];
    unsigned day = digits[6] * 10 + digits[7];
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
        return -1;
    *out = helder_date_from_civil(year, month, day);
    return 0;
}

void helder_date_format(char *buf, int32_t days)
{
    int year;
    unsigned month, day;
    helder_date_civil(days, &year, &month, &day);
    snprintf(buf, 11, "%04d-%02u-%02u", year, month, day);
}

/* Full years from a to b: the anniversary of a 29 February falls on 1 March in common years.
 * Negative when b is before a, mirroring the count from b to a. */
static long years_between(int32_t from, int32_t to)
{
    int y1, y2;
    unsigned m1, d1, m2, d2;
    if (to < from)
        return -years_between(to, from);
    helder_date_civil(from, &y1, &m1, &d1);
    helder_date_civil(to, &y2, &m2, &d2);
    long years = y2 - y1;
    if (m2 < m1 || (m2 == m1 && d2 < d1))
        years--;
    return years;
}

/* ---- values ---- */

static helder_value unknown(void)
{
    helder_value value;
    memset(&value, 0, sizeof value);
    value.kind = HELDER_VALUE_UNKNOWN;
    return value;
}

static helder_value boolean(bool truth)
{
    helder_value value = unknown();
    value.kind = HELDER_VALUE_BOOLEAN;
    value.u.boolean = truth;
    return value;
}

/* NaN and infinities never escape: they become unknown. -0 becomes 0. */
static helder_value number(double n)
{
    helder_value value = unknown();
    if (!isfinite(n))
        return value;
    value.kind = HELDER_VALUE_NUMBER;
    value.u.number = n == 0 ? 0.0 : n;
    return value;
}

static helder_value date(double days)
{
    helder_value value = unknown();
    if (!(days >= DATE_MIN && days <= DATE_MAX))
        return value;
    value.kind = HELDER_VALUE_DATE;
    value.u.date = (int32_t)days;
    return value;
}

static helder_value string(const char *text, size_t len)
{
    helder_value value = unknown();
    value.kind = HELDER_VALUE_STRING;
    value.u.string.text = text;
    value.u.string.len = len;
    return value;
}

static helder_value tristate(int truth)
{
    return truth < 0 ? unknown() : boolean(truth != 0);
}

static int not3(int truth)
{
    return truth < 0 ? -1 : !truth;
}

static bool known(helder_value value)
{
    return value.kind != HELDER_VALUE_UNKNOWN && value.kind != HELDER_VALUE_ABSENT;
}

int helder_value_truth(helder_value value)
{
    if (value.kind != HELDER_VALUE_BOOLEAN)
        return -1;
    return value.u.boolean ? 1 : 0;
}

/* 1 equal, 0 different, -1 not comparable (unknown, absent, different kinds, sets). */
static int values_equal(helder_value a, helder_value b)
{
    if (!known(a) || !known(b) || a.kind != b.kind)
        return -1;
    switch (a.kind) {
    case HELDER_VALUE_BOOLEAN:
        return a.u.boolean == b.u.boolean;
    case HELDER_VALUE_NUMBER:
        return a.u.number == b.u.number;
    case HELDER_VALUE_STRING:
        return a.u.string.len == b.u.string.len &&
               (a.u.string.len == 0 ||
                memcmp(a.u.string.text, b.u.string.text, a.u.string.len) == 0);
    case HELDER_VALUE_DATE:
        return a.u.date == b.u.date;
    default:
        return -1;
    }
}

/* -1, 0, 1 for a < b, a == b, a > b; 2 when not comparable (only numbers and dates order). */
static int values_order(helder_value a, helder_value b)
{
    if (a.kind == HELDER_VALUE_NUMBER && b.kind == HELDER_VALUE_NUMBER)
        return (a.u.number > b.u.number) - (a.u.number < b.u.number);
    if (a.kind == HELDER_VALUE_DATE && b.kind == HELDER_VALUE_DATE)
        return (a.u.date > b.u.date) - (a.u.date < b.u.date);
    return 2;
}

/* ---- strings ---- */

#define WORD_BITS (8 * sizeof(size_t))
#define BITOP(set, byte, op)                                                                       \
    ((set)[(size_t)(byte) / WORD_BITS] op((size_t)1 << ((size_t)(byte) % WORD_BITS)))

/* Two-way string matching (Crochemore-Perrin, after musl's memmem): linear time and constant
 * space, so contains() over two long answers stays cheap. needle_len >= 2. Never inlined: its
 * 2 KiB shift table must not sit in every recursive frame of helder_expr_eval. */
static bool twoway_contains(const unsigned char *hay, size_t hay_len, const unsigned char *needle,
                            size_t needle_len) __attribute__((noinline));

static bool twoway_contains(const unsigned char *hay, size_t hay_len, const unsigned char *needle,
                            size_t needle_len)
{
    const unsigned char *end = hay + hay_len;
    size_t i, ip, jp, k, p, ms, p0, mem, mem0;
    size_t byteset[32 / sizeof(size_t)] = {0};
    size_t shift[256];
    size_t l = needle_len;

    for (i = 0; i < l; i++) {
        BITOP(byteset, needle[i], |=);
        shift[needle[i]] = i + 1;
    }
    /* The maximal suffix for one order of the alphabet … */
    ip = (size_t)-1;
    jp = 0;
    k = p = 1;
    while (jp + k < l) {
        if (needle[ip + k] == needle[jp + k]) {
            if (k == p) {
                jp += p;
                k = 1;
            } else {
                k++;
            }
        } else if (needle[ip + k] > needle[jp + k]) {
            jp += k;
            k = 1;
            p = jp - ip;
        } else {
            ip = jp++;
            k = p = 1;
        }
    }
    ms = ip;
    p0 = p;
    /* … and for the other; the critical factorisation is the later of the two. */
    ip = (size_t)-1;
    jp = 0;
    k = p = 1;
    while (jp + k < l) {
        if (needle[ip + k] == needle[jp + k]) {
            if (k == p) {
                jp += p;
                k = 1;
            } else {
                k++;
            }
        } else if (needle[ip + k] < needle[jp + k]) {
            jp += k;
            k = 1;
            p = jp - ip;
        } else {
            ip = jp++;
            k = p = 1;
        }
    }
    if (ip + 1 > ms + 1)
        ms = ip;
    else
        p = p0;

    if (memcmp(needle, needle + p, ms + 1) != 0) {
        mem0 = 0;
        p = (ms > l - ms - 1 ? ms : l - ms - 1) + 1;
    } else {
        mem0 = l - p;
    }
    mem = 0;

    for (;;) {
        if ((size_t)(end - hay) < l)
            return false;
        if (BITOP(byteset, hay[l - 1], &)) {
            k = l - shift[hay[l - 1]];
            if (k) {
                if (k < mem)
                    k = mem;
                hay += k;
                mem = 0;
                continue;
            }
        } else {
            hay += l;
            mem = 0;
            continue;
        }
        for (k = (ms + 1 > mem ? ms + 1 : mem); k < l && needle[k] == hay[k]; k++)
            ;
        if (k < l) {
            hay += k - ms;
            mem = 0;
            continue;
        }
        for (k = ms + 1; k > mem && needle[k - 1] == hay[k - 1]; k--)
            ;
        if (k <= mem)
            return true;
        hay += p;
        mem = mem0;
    }
}

static bool str_contains(helder_str hay, helder_str needle)
{
    if (needle.len == 0)
        return true;
    if (needle.len > hay.len)
        return false;
    if (needle.len == 1)
        return memchr(hay.text, needle.text[0], hay.len) != NULL;
    return twoway_contains((const unsigned char *)hay.text, hay.len,
                           (const unsigned char *)needle.text, needle.len);
}

/* ---- evaluation ---- */

static helder_value read_slot(const helder_node *target, const helder_env *env)
{
    if (target == NULL || target->slot < 0 ||
        (target->type != HELDER_NODE_QUESTION && target->type != HELDER_NODE_COMPUTED))
        return unknown();
    const helder_frame *frame = target->scope != NULL ? env->item : env->root;
    if (frame == NULL || frame->values == NULL)
        return unknown();
    return frame->values[target->slot];
}

static const helder_items *repeat_items(const helder_expr *ref, const helder_env *env)
{
    const helder_node *target = ref->op == HELDER_OP_REF ? ref->u.ref.target : NULL;
    if (target == NULL || target->type != HELDER_NODE_REPEAT || target->slot < 0 ||
        env->root == NULL || env->root->repeats == NULL)
        return NULL;
    const helder_items *items = &env->root->repeats[target->slot];
    if (items->count < 0 || (items->count > 0 && items->items == NULL))
        return NULL;
    return items;
}

/* count() and sum() over r, r[cond], r/q or r[cond]/q. */
static helder_value aggregate(const helder_expr *arg, helder_env *env, bool sum)
{
    const helder_expr *source = arg->op == HELDER_OP_PATH ? arg->args[0] : arg;
    const helder_expr *pred = source->op == HELDER_OP_FILTER ? source->args[1] : NULL;
    const helder_expr *ref = source->op == HELDER_OP_FILTER ? source->args[0] : source;
    const helder_items *items = repeat_items(ref, env);
    const helder_frame *saved = env->item;
    double total = 0;
    long count = 0;
    bool undecided = false;

    if (items == NULL || (sum && arg->op != HELDER_OP_PATH))
        return unknown();
    for (long i = 0; i < items->count && !undecided; i++) {
        env->item = &items->items[i];
        if (pred != NULL) {
            int truth = helder_value_truth(helder_expr_eval(pred, env));
            if (truth == 0)
                continue;
            if (truth < 0) {
                undecided = true;
                break;
            }
        }
        if (arg->op != HELDER_OP_PATH) {
            count++;
            continue;
        }
        helder_value value = read_slot(arg->u.ref.target, env);
        if (sum) {
            if (value.kind == HELDER_VALUE_NUMBER)
                total += value.u.number;
            else
                undecided = true;
        } else if (value.kind == HELDER_VALUE_UNKNOWN) {
            undecided = true;
        } else if (value.kind != HELDER_VALUE_ABSENT) {
            count++; /* count(r/q): the items in which q is answered */
        }
    }
    env->item = saved;
    if (undecided)
        return unknown();
    return number(sum ? total : (double)count);
}

/* Not inlined: operator chains recurse up to ~2,000 deep (the length limit allows it), so the
 * operator frames stay small and only calls, nested at most HELDER_EXPR_MAX_DEPTH deep, pay for
 * the function table's locals. */
static helder_value eval_call(const helder_expr *expr, helder_env *env) __attribute__((noinline));

helder_value helder_expr_eval(const helder_expr *expr, helder_env *env)
{
    helder_value a, b;
    int truth;

    switch (expr->op) {
    case HELDER_OP_NUMBER:
        return number(expr->u.number);
    case HELDER_OP_STRING:
        return string(expr->u.string.text, expr->u.string.len);
    case HELDER_OP_REF:
        return read_slot(expr->u.ref.target, env);
    case HELDER_OP_FILTER:
    case HELDER_OP_PATH:
        return unknown(); /* only count() and sum() take them */
    case HELDER_OP_OR:
    case HELDER_OP_AND: {
        /* Kleene: a decisive left operand settles it, whatever the right one is. */
        int decisive = expr->op == HELDER_OP_OR ? 1 : 0;
        truth = helder_value_truth(helder_expr_eval(expr->args[0], env));
        if (truth == decisive)
            return boolean(decisive);
        int right = helder_value_truth(helder_expr_eval(expr->args[1], env));
        if (right == decisive)
            return boolean(decisive);
        if (truth < 0 || right < 0)
            return unknown();
        return boolean(!decisive);
    }
    case HELDER_OP_EQ:
    case HELDER_OP_NE:
        truth = values_equal(helder_expr_eval(expr->args[0], env),
                             helder_expr_eval(expr->args[1], env));
        if (truth < 0)
            return unknown();
        return boolean(expr->op == HELDER_OP_EQ ? truth : !truth);
    case HELDER_OP_LT:
    case HELDER_OP_LE:
    case HELDER_OP_GT:
    case HELDER_OP_GE: {
        int order = values_order(helder_expr_eval(expr->args[0], env),
                                 helder_expr_eval(expr->args[1], env));
        if (order == 2)
            return unknown();
        switch (expr->op) {
        case HELDER_OP_LT:
            return boolean(order < 0);
        case HELDER_OP_LE:
            return boolean(order <= 0);
        case HELDER_OP_GT:
            return boolean(order > 0);
        default:
            return boolean(order >= 0);
        }
    }
    case HELDER_OP_ADD:
    case HELDER_OP_SUB:
    case HELDER_OP_MUL:
    case HELDER_OP_DIV:
    case HELDER_OP_MOD:
        a = helder_expr_eval(expr->args[0], env);
        b = helder_expr_eval(expr->args[1], env);
        if (a.kind != HELDER_VALUE_NUMBER || b.kind != HELDER_VALUE_NUMBER)
            return unknown();
        switch (expr->op) {
        case HELDER_OP_ADD:
            return number(a.u.number + b.u.number);
        case HELDER_OP_SUB:
            return number(a.u.number - b.u.number);
        case HELDER_OP_MUL:
            return number(a.u.number * b.u.number);
        case HELDER_OP_DIV:
            return b.u.number == 0 ? unknown() : number(a.u.number / b.u.number);
        default:
            return b.u.number == 0 ? unknown() : number(fmod(a.u.number, b.u.number));
        }
    case HELDER_OP_NEG:
        a = helder_expr_eval(expr->args[0], env);
        return a.kind == HELDER_VALUE_NUMBER ? number(-a.u.number) : unknown();
    case HELDER_OP_CALL:
        return eval_call(expr, env);
    }
    return unknown();
}

/* XPath round(): the nearest integer, halves toward +infinity (as JavaScript's Math.round). */
static double round_half_up(double n)
{
    double lower = floor(n);
    return n - lower >= 0.5 ? lower + 1 : lower;
}

static helder_value add_months(helder_value day, helder_value months)
{
    int year;
    unsigned month, dom;
    if (day.kind != HELDER_VALUE_DATE || months.kind != HELDER_VALUE_NUMBER)
        return unknown();
    double n = trunc(months.u.number);
    if (fabs(n) > 12.0 * 10000)
        return unknown();
    helder_date_civil(day.u.date, &year, &month, &dom);
    long total = (long)year * 12 + (long)(month - 1) + (long)n;
    if (total < 12 || total > 9999L * 12 + 11)
        return unknown();
    int new_year = (int)(total / 12);
    unsigned new_month = (unsigned)(total % 12) + 1;
    unsigned last = days_in_month(new_year, new_month);
    return date(helder_date_from_civil(new_year, new_month, dom < last ? dom : last));
}

static helder_value eval_call(const helder_expr *expr, helder_env *env)
{
    helder_value a, b;
    int truth;
    helder_expr *const *args = expr->args;
    unsigned nargs = expr->nargs;

    switch (expr->u.call.fn) {
    case HELDER_FN_TRUE:
        return boolean(true);
    case HELDER_FN_FALSE:
        return boolean(false);
    case HELDER_FN_NOT:
        if (nargs != 1)
            break;
        return tristate(not3(helder_value_truth(helder_expr_eval(args[0], env))));
    case HELDER_FN_ANSWERED:
        if (nargs != 1)
            break;
        a = helder_expr_eval(args[0], env);
        if (a.kind == HELDER_VALUE_UNKNOWN)
            return unknown();
        return boolean(a.kind != HELDER_VALUE_ABSENT);
    case HELDER_FN_SELECTED:
        if (nargs != 2)
            break;
        a = helder_expr_eval(args[0], env);
        b = helder_expr_eval(args[1], env);
        if (a.kind != HELDER_VALUE_SET || b.kind != HELDER_VALUE_STRING)
            break;
        for (size_t i = 0; i < a.u.set.count; i++) {
            helder_value item = string(a.u.set.items[i].text, a.u.set.items[i].len);
            if (values_equal(item, b) == 1)
                return boolean(true);
        }
        return boolean(false);
    case HELDER_FN_COUNT_SELECTED:
        if (nargs != 1)
            break;
        a = helder_expr_eval(args[0], env);
        return a.kind == HELDER_VALUE_SET ? number((double)a.u.set.count) : unknown();
    case HELDER_FN_COUNT:
    case HELDER_FN_SUM:
        if (nargs != 1)
            break;
        return aggregate(args[0], env, expr->u.call.fn == HELDER_FN_SUM);
    case HELDER_FN_STRING_LENGTH:
        if (nargs != 1)
            break;
        a = helder_expr_eval(args[0], env);
        if (a.kind != HELDER_VALUE_STRING)
            break;
        return number((double)helder_utf8_length(a.u.string.text, a.u.string.len));
    case HELDER_FN_CONTAINS:
    case HELDER_FN_STARTS_WITH:
        if (nargs != 2)
            break;
        a = helder_expr_eval(args[0], env);
        b = helder_expr_eval(args[1], env);
        if (a.kind != HELDER_VALUE_STRING || b.kind != HELDER_VALUE_STRING)
            break;
        if (expr->u.call.fn == HELDER_FN_CONTAINS)
            return boolean(str_contains(a.u.string, b.u.string));
        return boolean(
            b.u.string.len <= a.u.string.len &&
            (b.u.string.len == 0 || memcmp(a.u.string.text, b.u.string.text, b.u.string.len) == 0));
    case HELDER_FN_MATCHES: {
        if (nargs != 2 || expr->u.call.pattern == NULL)
            break;
        a = helder_expr_eval(args[0], env);
        if (a.kind != HELDER_VALUE_STRING)
            break;
        int rc = helder_pattern_match(expr->u.call.pattern, a.u.string.text, a.u.string.len);
        if (rc == HELDER_PATTERN_LIMIT)
            env->limit_hits++;
        return rc < 0 ? unknown() : boolean(rc == 1);
    }
    case HELDER_FN_TODAY:
        return date(env->today);
    case HELDER_FN_DATE:
        /* folded by the checker; a literal it refused stays unknown */
        return expr->type == HELDER_TYPE_DATE ? date(expr->u.call.date) : unknown();
    case HELDER_FN_AGE:
        if (nargs != 1)
            break;
        a = helder_expr_eval(args[0], env);
        if (a.kind != HELDER_VALUE_DATE)
            break;
        return number((double)years_between(a.u.date, env->today));
    case HELDER_FN_YEARS_BETWEEN:
    case HELDER_FN_DAYS_BETWEEN:
        if (nargs != 2)
            break;
        a = helder_expr_eval(args[0], env);
        b = helder_expr_eval(args[1], env);
        if (a.kind != HELDER_VALUE_DATE || b.kind != HELDER_VALUE_DATE)
            break;
        if (expr->u.call.fn == HELDER_FN_DAYS_BETWEEN)
            return number((double)b.u.date - (double)a.u.date);
        return number((double)years_between(a.u.date, b.u.date));
    case HELDER_FN_ADD_DAYS:
        if (nargs != 2)
            break;
        a = helder_expr_eval(args[0], env);
        b = helder_expr_eval(args[1], env);
        if (a.kind != HELDER_VALUE_DATE || b.kind != HELDER_VALUE_NUMBER)
            break;
        return date((double)a.u.date + trunc(b.u.number));
    case HELDER_FN_ADD_MONTHS:
    case HELDER_FN_ADD_YEARS:
        if (nargs != 2)
            break;
        a = helder_expr_eval(args[0], env);
        b = helder_expr_eval(args[1], env);
        if (expr->u.call.fn == HELDER_FN_ADD_YEARS && b.kind == HELDER_VALUE_NUMBER)
            b.u.number = trunc(b.u.number) * 12;
        return add_months(a, b);
    case HELDER_FN_ROUND:
    case HELDER_FN_FLOOR:
    case HELDER_FN_CEILING:
    case HELDER_FN_ABS:
        if (nargs != 1)
            break;
        a = helder_expr_eval(args[0], env);
        if (a.kind != HELDER_VALUE_NUMBER)
            break;
        switch (expr->u.call.fn) {
        case HELDER_FN_ROUND:
            return number(round_half_up(a.u.number));
        case HELDER_FN_FLOOR:
            return number(floor(a.u.number));
        case HELDER_FN_CEILING:
            return number(ceil(a.u.number));
        default:
            return number(fabs(a.u.number));
        }
    case HELDER_FN_MIN:
    case HELDER_FN_MAX: {
        helder_value best = unknown();
        if (nargs == 0)
            break;
        for (unsigned i = 0; i < nargs; i++) {
            a = helder_expr_eval(args[i], env);
            int order = i == 0 ? 0 : values_order(a, best);
            if (!known(a) || order == 2)
                return unknown();
            if (i == 0 || (expr->u.call.fn == HELDER_FN_MIN ? order < 0 : order > 0))
                best = a;
        }
        return best.kind == HELDER_VALUE_NUMBER || best.kind == HELDER_VALUE_DATE ? best
                                                                                  : unknown();
    }
    case HELDER_FN_IF:
        if (nargs != 3)
            break;
        truth = helder_value_truth(helder_expr_eval(args[0], env));
        if (truth >= 0)
            return helder_expr_eval(args[truth ? 1 : 2], env);
        /* Unknown condition: still decided when both branches agree. */
        a = helder_expr_eval(args[1], env);
        b = helder_expr_eval(args[2], env);
        return values_equal(a, b) == 1 ? a : unknown();
    case HELDER_FN__COUNT:
        break;
    }
    return unknown();
}
