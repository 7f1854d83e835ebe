/* The expression printer: turns a helder_expr tree back into source text with the fewest
 * parentheses that keep its meaning. simplify writes residual conditions with it; render and
 * check may use it to show a condition to a designer.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/buffer.h"
#include "model/expr_print.h"
#include "model/model.h"

/* Binding strength, as in the grammar: 1 or, 2 and, 3 comparison, 4 additive,
 * 5 multiplicative, 6 unary minus, 7 primary. */
static int precedence(const helder_expr *expr)
{
    switch (expr->op) {
    case HELDER_OP_OR:
        return 1;
    case HELDER_OP_AND:
        return 2;
    case HELDER_OP_EQ:
    case HELDER_OP_NE:
    case HELDER_OP_LT:
    case HELDER_OP_LE:
    case HELDER_OP_GT:
    case HELDER_OP_GE:
        return 3;
    case HELDER_OP_ADD:
    case HELDER_OP_SUB:
        return 4;
    case HELDER_OP_MUL:
    case HELDER_OP_DIV:
    case HELDER_OP_MOD:
        return 5;
    case HELDER_OP_NEG:
        return 6;
    case HELDER_OP_NUMBER:
        return expr->u.number < 0 ? 6 : 7;
    default:
        return 7;
    }
}

static const char *symbol(helder_op op)
{
    switch (op) {
    case HELDER_OP_OR:
        return " or ";
    case HELDER_OP_AND:
        return " and ";
    case HELDER_OP_EQ:
        return " = ";
    case HELDER_OP_NE:
        return " != ";
    case HELDER_OP_LT:
        return " < ";
    case HELDER_OP_LE:
        return " <= ";
    case HELDER_OP_GT:
        return " > ";
    case HELDER_OP_GE:
        return " >= ";
    case HELDER_OP_ADD:
        return " + ";
    case HELDER_OP_SUB:
        return " - ";
    case HELDER_OP_MUL:
        return " * ";
    case HELDER_OP_DIV:
        return " div ";
    case HELDER_OP_MOD:
        return " mod ";
    default:
        return " ? ";
    }
}

bool helder_expr_string_printable(const char *text, size_t len)
{
    return !(memchr(text, '\'', len) && memchr(text, '"', len));
}

char *helder_number_format(char *buf, size_t size, double number)
{
    char trial[64];
    double magnitude = fabs(number);
    int digits;
    if (!isfinite(number)) {
        snprintf(buf, size, "0");
        return buf;
    }
    if (magnitude == floor(magnitude) && magnitude < 1e17) {
        snprintf(buf, size, "%.0f", number);
        return buf;
    }
    /* The fewest significant digits that read back exactly, then written without exponent. */
    for (digits = 1; digits < 17; digits++) {
        snprintf(trial, sizeof trial, "%.*g", digits, number);
        if (strtod(trial, NULL) == number)
            break;
    }
    int exponent = magnitude > 0 ? (int)floor(log10(magnitude)) : 0;
    int decimals = digits - 1 - exponent;
    if (decimals < 0)
        decimals = 0;
    snprintf(buf, size, "%.*f", decimals, number);
    /* %f may need one more decimal where log10 rounded the exponent up. */
    while (strtod(buf, NULL) != number && decimals < 340)
        snprintf(buf, size, "%.*f", ++decimals, number);
    if (strchr(buf, '.')) {
        size_t end = strlen(buf);
        while (end > 0 && buf[end - 1] == '0')
            buf[--end] = '\0';
        if (end > 0 && buf[end - 1] == '.')
            buf[--end] = '\0';
    }
    return buf;
}

static void print(helder_buf *out, const helder_expr *expr);

/* Prints expr, in parentheses when it binds less tightly than `need`. */
static void print_at(helder_buf *out, const helder_expr *expr, int need)
{
    if (precedence(expr) < need) {
        helder_buf_puts(out, "(");
        print(out, expr);
        helder_buf_puts(out, ")");
        return;
    }
    print(out, expr);
}

static void print_string(helder_buf *out, const char *text, size_t len)
{
    const char *quote = memchr(text, '\'', len) ? "\"" : "'";
    helder_buf_puts(out, quote);
    for (size_t i = 0; i < len; i++)
        if (text[i] != quote[0])
            helder_buf_put(out, text + i, 1);
    helder_buf_puts(out, quote);
}

static const char *ref_name(const helder_expr *expr)
{
    if (expr->u.ref.name)
        return expr->u.ref.name;
    return expr->u.ref.target && expr->u.ref.target->id ? expr->u.ref.target->id : "?";
}

static void print(helder_buf *out, const helder_expr *expr)
{
    char number[400];
    int level = precedence(expr);
    switch (expr->op) {
    case HELDER_OP_NUMBER:
        helder_buf_puts(out, helder_number_format(number, sizeof number, expr->u.number));
        return;
    case HELDER_OP_STRING:
        print_string(out, expr->u.string.text ? expr->u.string.text : "", expr->u.string.len);
        return;
    case HELDER_OP_REF:
        helder_buf_puts(out, ref_name(expr));
        return;
    case HELDER_OP_FILTER:
        print_at(out, expr->args[0], 7);
        helder_buf_puts(out, "[");
        print(out, expr->args[1]);
        helder_buf_puts(out, "]");
        return;
    case HELDER_OP_PATH:
        print_at(out, expr->args[0], 7);
        helder_buf_puts(out, "/");
        helder_buf_puts(out, ref_name(expr));
        return;
    case HELDER_OP_NEG:
        helder_buf_puts(out, "-");
        /* "- -x" rather than "--x", which reads the same but looks like a typing error */
        if (expr->args[0]->op == HELDER_OP_NEG ||
            (expr->args[0]->op == HELDER_OP_NUMBER && expr->args[0]->u.number < 0))
            helder_buf_puts(out, " ");
        print_at(out, expr->args[0], 6);
        return;
    case HELDER_OP_OR:
    case HELDER_OP_AND:
        /* Both are associative, so a run of one of them needs no parentheses at all. */
        print_at(out, expr->args[0], level);
        helder_buf_puts(out, symbol(expr->op));
        print_at(out, expr->args[1], expr->args[1]->op == expr->op ? level : level + 1);
        return;
    case HELDER_OP_EQ:
    case HELDER_OP_NE:
    case HELDER_OP_LT:
    case HELDER_OP_LE:
    case HELDER_OP_GT:
    case HELDER_OP_GE:
        /* Comparisons do not chain: both operands bind more tightly. */
        print_at(out, expr->args[0], level + 1);
        helder_buf_puts(out, symbol(expr->op));
        print_at(out, expr->args[1], level + 1);
        return;
    case HELDER_OP_ADD:
    case HELDER_OP_SUB:
    case HELDER_OP_MUL:
    case HELDER_OP_DIV:
    case HELDER_OP_MOD:
        /* Left-associative: a - (b - c) keeps its parentheses, (a - b) - c loses them. */
        print_at(out, expr->args[0], level);
        helder_buf_puts(out, symbol(expr->op));
        print_at(out, expr->args[1], level + 1);
        return;
    case HELDER_OP_CALL: {
        const char *name = expr->u.call.name ? expr->u.call.name : helder_fn_name(expr->u.call.fn);
        helder_buf_puts(out, name);
        helder_buf_puts(out, "(");
        if (expr->u.call.fn == HELDER_FN_DATE && expr->nargs == 0) {
            char date[11];
            helder_date_format(date, expr->u.call.date);
            helder_buf_puts(out, "'");
            helder_buf_puts(out, date);
            helder_buf_puts(out, "'");
        }
        for (unsigned i = 0; i < expr->nargs; i++) {
            if (i > 0)
                helder_buf_puts(out, ", ");
            print(out, expr->args[i]);
        }
        helder_buf_puts(out, ")");
        return;
    }
    }
}

char *helder_expr_print(const helder_expr *expr)
{
    helder_buf out = {NULL, 0, 0};
    helder_buf_put(&out, "", 0);
    if (expr)
        print(&out, expr);
    return out.data;
}
