/* The expression parser: recursive descent over the EBNF in docs/form-language.md, producing
 * helder_expr trees. Nesting (parentheses, calls, filters, unary minus) is bounded by
 * HELDER_EXPR_MAX_DEPTH and the source by HELDER_EXPR_MAX_LEN, so hostile input ends in an error
 * and never in a stack overflow. Also helder_expr_free.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "model/pattern.h"

typedef struct {
    helder_lexer lexer;
    helder_token tok; /* the current token */
    unsigned end_col; /* column just after the previous token */
    unsigned depth;
    helder_expr_error *err;
    bool failed;
} parser;

/* Where a parsed operand starts and ends in the source, parentheses included, and the height
 * of its tree (bounded by HELDER_EXPR_MAX_HEIGHT so that every tree walk stays shallow). */
typedef struct {
    unsigned start, end;
    unsigned height;
} span;

static void set_error(parser *p, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_error(parser *p, unsigned col, const char *fmt, ...)
{
    va_list ap;
    if (p->failed)
        return;
    p->failed = true;
    p->err->col = col;
    va_start(ap, fmt);
    vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
    va_end(ap);
}

static void advance(parser *p)
{
    if (p->failed)
        return;
    p->end_col = p->tok.col + p->tok.width;
    if (helder_lexer_next(&p->lexer, &p->tok, p->err) < 0) {
        p->failed = true;
        p->tok.kind = HELDER_TOK_EOF;
    }
}

/* A short description of the current token for messages: "')'", "name 'b'", "the end". */
static void describe(const helder_token *tok, char *buf, size_t size)
{
    int width = tok->len > 40 ? 40 : (int)tok->len;
    const char *more = tok->len > 40 ? "…" : "";
    switch (tok->kind) {
    case HELDER_TOK_EOF:
        snprintf(buf, size, "the end of the expression");
        break;
    case HELDER_TOK_NAME:
        snprintf(buf, size, "name '%.*s%s'", width, tok->text, more);
        break;
    case HELDER_TOK_NUMBER:
        snprintf(buf, size, "number %.*s%s", width, tok->text, more);
        break;
    case HELDER_TOK_STRING:
        snprintf(buf, size, "string '%.*s%s'", width, tok->text, more);
        break;
    default:
        snprintf(buf, size, "'%.*s'", width, tok->text);
        break;
    }
}

static void unexpected(parser *p, const char *what)
{
    char found[96];
    char message[256];
    describe(&p->tok, found, sizeof found);
    snprintf(message, sizeof message, "expected %s, found %s", what, found);
    set_error(p, p->tok.col, "%s", message);
}

static helder_expr *new_node(helder_op op, unsigned col, unsigned nargs)
{
    helder_expr *expr = helder_xcalloc(1, sizeof *expr);
    expr->op = op;
    expr->col = col;
    expr->nargs = nargs;
    if (nargs > 0)
        expr->args = helder_xcalloc(nargs, sizeof *expr->args);
    return expr;
}

static void set_extent(helder_expr *expr, unsigned start, unsigned end)
{
    expr->col = start;
    expr->len = end > start ? end - start : 0;
}

static bool too_tall(parser *p, unsigned height, unsigned col)
{
    if (height <= HELDER_EXPR_MAX_HEIGHT)
        return false;
    set_error(p, col,
              "expression is too long a chain of operators (more than %u levels); split "
              "it with computed values",
              HELDER_EXPR_MAX_HEIGHT);
    return true;
}

/* Joins left (spanning *lspan, which is updated) and right with op; NULL when the tree would
 * grow taller than HELDER_EXPR_MAX_HEIGHT. op_col is the operator's column. */
static helder_expr *binary(parser *p, helder_op op, unsigned op_col, helder_expr *left, span *lspan,
                           helder_expr *right, span rspan)
{
    unsigned height = 1 + (lspan->height > rspan.height ? lspan->height : rspan.height);
    if (too_tall(p, height, op_col)) {
        helder_expr_free(left);
        helder_expr_free(right);
        return NULL;
    }
    helder_expr *expr = new_node(op, lspan->start, 2);
    expr->args[0] = left;
    expr->args[1] = right;
    set_extent(expr, lspan->start, rspan.end);
    lspan->end = rspan.end;
    lspan->height = height;
    return expr;
}

static helder_expr *parse_or(parser *p, span *out);

static void too_deep(parser *p, unsigned col)
{
    set_error(p, col, "expression is nested too deeply (more than %u levels)",
              HELDER_EXPR_MAX_DEPTH);
}

/* An expression one nesting level down: inside parentheses, call arguments or a filter; col is
 * the opening token's. */
static helder_expr *parse_nested(parser *p, unsigned col, span *out)
{
    if (p->depth >= HELDER_EXPR_MAX_DEPTH) {
        too_deep(p, col);
        return NULL;
    }
    p->depth++;
    helder_expr *expr = parse_or(p, out);
    p->depth--;
    return expr;
}

static char *name_dup(const helder_token *tok)
{
    return helder_xstrndup(tok->text, tok->len);
}

static helder_expr *parse_call(parser *p, const helder_token *name, span *out)
{
    unsigned open_col = p->tok.col;
    helder_expr *call = new_node(HELDER_OP_CALL, name->col, 0);
    size_t cap = 0;
    unsigned height = 0;
    char what[160];

    call->u.call.name = name_dup(name);
    call->u.call.fn = helder_fn_lookup(name->text, name->len);
    advance(p); /* '(' */
    if (p->tok.kind != HELDER_TOK_RPAREN) {
        for (;;) {
            span arg_span;
            helder_expr *arg = parse_nested(p, open_col, &arg_span);
            if (arg == NULL)
                goto fail;
            if (arg_span.height > height)
                height = arg_span.height;
            if (call->nargs == cap) {
                cap = cap ? cap * 2 : 4;
                call->args = helder_xrealloc(call->args, cap * sizeof *call->args);
            }
            call->args[call->nargs++] = arg;
            if (p->tok.kind != HELDER_TOK_COMMA)
                break;
            advance(p);
        }
    }
    if (p->failed)
        goto fail;
    if (p->tok.kind != HELDER_TOK_RPAREN) {
        int width = name->len > 40 ? 40 : (int)name->len;
        snprintf(what, sizeof what, "',' or ')' to close '%.*s(' at column %u", width, name->text,
                 open_col);
        unexpected(p, what);
        goto fail;
    }
    if (too_tall(p, height + 1, name->col))
        goto fail;
    advance(p);
    out->start = name->col;
    out->end = p->end_col;
    out->height = height + 1;
    set_extent(call, out->start, out->end);
    return call;
fail:
    helder_expr_free(call);
    return NULL;
}

/* path = name [ "[" expr "]" ] [ "/" name ] */
static helder_expr *parse_path(parser *p, const helder_token *name, span *out)
{
    helder_expr *expr = new_node(HELDER_OP_REF, name->col, 0);
    unsigned height = 1;
    expr->u.ref.name = name_dup(name);
    set_extent(expr, name->col, p->end_col);

    if (p->tok.kind == HELDER_TOK_LBRACKET) {
        unsigned open_col = p->tok.col;
        span pred_span;
        helder_expr *filter = new_node(HELDER_OP_FILTER, name->col, 2);
        filter->args[0] = expr;
        expr = filter;
        advance(p);
        if (p->tok.kind == HELDER_TOK_RBRACKET) {
            unexpected(p, "a condition inside '[…]'");
            goto fail;
        }
        filter->args[1] = parse_nested(p, open_col, &pred_span);
        if (filter->args[1] == NULL)
            goto fail;
        height = 1 + pred_span.height;
        if (too_tall(p, height, open_col))
            goto fail;
        if (p->tok.kind != HELDER_TOK_RBRACKET) {
            char what[64];
            snprintf(what, sizeof what, "']' to close '[' at column %u", open_col);
            unexpected(p, what);
            goto fail;
        }
        advance(p);
        set_extent(filter, name->col, p->end_col);
    }
    if (p->tok.kind == HELDER_TOK_SLASH) {
        helder_expr *path = new_node(HELDER_OP_PATH, name->col, 1);
        path->args[0] = expr;
        expr = path;
        height++;
        if (too_tall(p, height, p->tok.col))
            goto fail;
        advance(p);
        if (p->tok.kind != HELDER_TOK_NAME) {
            unexpected(p, "a question name after '/'");
            goto fail;
        }
        path->u.ref.name = name_dup(&p->tok);
        advance(p);
        set_extent(path, name->col, p->end_col);
        if (p->tok.kind == HELDER_TOK_SLASH || p->tok.kind == HELDER_TOK_LBRACKET) {
            set_error(p, p->tok.col,
                      "a path has one step, repeat/question; '%s' cannot follow "
                      "it",
                      p->tok.kind == HELDER_TOK_SLASH ? "/" : "[");
            goto fail;
        }
    } else if (p->tok.kind == HELDER_TOK_LBRACKET) {
        set_error(p, p->tok.col, "only one condition in '[…]' may follow a repeat");
        goto fail;
    }
    out->start = name->col;
    out->end = p->end_col;
    out->height = height;
    return expr;
fail:
    helder_expr_free(expr);
    return NULL;
}

/* primary = number | string | call | path | "(" expr ")" */
static helder_expr *parse_primary(parser *p, span *out)
{
    helder_token tok = p->tok;
    helder_expr *expr = NULL;

    if (p->failed)
        return NULL;
    switch (tok.kind) {
    case HELDER_TOK_NUMBER:
        expr = new_node(HELDER_OP_NUMBER, tok.col, 0);
        expr->u.number = tok.number;
        expr->len = tok.width;
        advance(p);
        break;
    case HELDER_TOK_STRING:
        expr = new_node(HELDER_OP_STRING, tok.col, 0);
        expr->u.string.text = helder_xstrndup(tok.text, tok.len);
        expr->u.string.len = tok.len;
        expr->len = tok.width;
        advance(p);
        break;
    case HELDER_TOK_NAME:
        advance(p);
        if (p->tok.kind == HELDER_TOK_LPAREN)
            return p->failed ? NULL : parse_call(p, &tok, out);
        return p->failed ? NULL : parse_path(p, &tok, out);
    case HELDER_TOK_LPAREN: {
        span inner;
        advance(p);
        if (p->tok.kind == HELDER_TOK_RPAREN) {
            unexpected(p, "an expression inside '(…)'");
            return NULL;
        }
        expr = parse_nested(p, tok.col, &inner);
        if (expr == NULL)
            return NULL;
        if (p->tok.kind != HELDER_TOK_RPAREN) {
            char what[64];
            snprintf(what, sizeof what, "')' to close '(' at column %u", tok.col);
            unexpected(p, what);
            helder_expr_free(expr);
            return NULL;
        }
        advance(p);
        out->start = tok.col;
        out->end = p->end_col;
        out->height = inner.height;
        return expr;
    }
    default:
        unexpected(p, "a value, a name or '('");
        return NULL;
    }
    if (p->failed) {
        helder_expr_free(expr);
        return NULL;
    }
    out->start = tok.col;
    out->end = tok.col + tok.width;
    out->height = 1;
    return expr;
}

/* unary = "-" unary | primary */
static helder_expr *parse_unary(parser *p, span *out)
{
    if (p->tok.kind != HELDER_TOK_MINUS)
        return parse_primary(p, out);

    unsigned col = p->tok.col;
    span operand_span;
    if (p->depth >= HELDER_EXPR_MAX_DEPTH) {
        too_deep(p, col);
        return NULL;
    }
    advance(p);
    p->depth++;
    helder_expr *operand = parse_unary(p, &operand_span);
    p->depth--;
    if (operand == NULL)
        return NULL;
    if (too_tall(p, operand_span.height + 1, col)) {
        helder_expr_free(operand);
        return NULL;
    }
    helder_expr *expr = new_node(HELDER_OP_NEG, col, 1);
    expr->args[0] = operand;
    set_extent(expr, col, operand_span.end);
    out->start = col;
    out->end = operand_span.end;
    out->height = operand_span.height + 1;
    return expr;
}

static helder_expr *parse_multiplicative(parser *p, span *out)
{
    helder_expr *left = parse_unary(p, out);
    while (left != NULL && !p->failed) {
        helder_op op;
        switch (p->tok.kind) {
        case HELDER_TOK_STAR:
            op = HELDER_OP_MUL;
            break;
        case HELDER_TOK_DIV:
            op = HELDER_OP_DIV;
            break;
        case HELDER_TOK_MOD:
            op = HELDER_OP_MOD;
            break;
        default:
            return left;
        }
        span rspan;
        unsigned op_col = p->tok.col;
        advance(p);
        helder_expr *right = parse_unary(p, &rspan);
        if (right == NULL) {
            helder_expr_free(left);
            return NULL;
        }
        left = binary(p, op, op_col, left, out, right, rspan);
    }
    return left;
}

static helder_expr *parse_additive(parser *p, span *out)
{
    helder_expr *left = parse_multiplicative(p, out);
    while (left != NULL && !p->failed) {
        helder_op op;
        switch (p->tok.kind) {
        case HELDER_TOK_PLUS:
            op = HELDER_OP_ADD;
            break;
        case HELDER_TOK_MINUS:
            op = HELDER_OP_SUB;
            break;
        default:
            return left;
        }
        span rspan;
        unsigned op_col = p->tok.col;
        advance(p);
        helder_expr *right = parse_multiplicative(p, &rspan);
        if (right == NULL) {
            helder_expr_free(left);
            return NULL;
        }
        left = binary(p, op, op_col, left, out, right, rspan);
    }
    return left;
}

static bool compare_op(helder_tok kind, helder_op *op)
{
    switch (kind) {
    case HELDER_TOK_EQ:
        *op = HELDER_OP_EQ;
        return true;
    case HELDER_TOK_NE:
        *op = HELDER_OP_NE;
        return true;
    case HELDER_TOK_LT:
        *op = HELDER_OP_LT;
        return true;
    case HELDER_TOK_LE:
        *op = HELDER_OP_LE;
        return true;
    case HELDER_TOK_GT:
        *op = HELDER_OP_GT;
        return true;
    case HELDER_TOK_GE:
        *op = HELDER_OP_GE;
        return true;
    default:
        return false;
    }
}

/* compare = additive [ op additive ]: comparisons do not chain. */
static helder_expr *parse_compare(parser *p, span *out)
{
    helder_op op;
    helder_expr *left = parse_additive(p, out);
    if (left == NULL || p->failed || !compare_op(p->tok.kind, &op))
        return left;

    span rspan;
    unsigned op_col = p->tok.col;
    advance(p);
    helder_expr *right = parse_additive(p, &rspan);
    if (right == NULL) {
        helder_expr_free(left);
        return NULL;
    }
    left = binary(p, op, op_col, left, out, right, rspan);
    if (left != NULL && !p->failed && compare_op(p->tok.kind, &op)) {
        set_error(p, p->tok.col, "comparisons cannot be chained; combine them with 'and'");
        helder_expr_free(left);
        return NULL;
    }
    return left;
}

static helder_expr *parse_and(parser *p, span *out)
{
    helder_expr *left = parse_compare(p, out);
    while (left != NULL && !p->failed && p->tok.kind == HELDER_TOK_AND) {
        span rspan;
        unsigned op_col = p->tok.col;
        advance(p);
        helder_expr *right = parse_compare(p, &rspan);
        if (right == NULL) {
            helder_expr_free(left);
            return NULL;
        }
        left = binary(p, HELDER_OP_AND, op_col, left, out, right, rspan);
    }
    return left;
}

static helder_expr *parse_or(parser *p, span *out)
{
    helder_expr *left = parse_and(p, out);
    while (left != NULL && !p->failed && p->tok.kind == HELDER_TOK_OR) {
        span rspan;
        unsigned op_col = p->tok.col;
        advance(p);
        helder_expr *right = parse_and(p, &rspan);
        if (right == NULL) {
            helder_expr_free(left);
            return NULL;
        }
        left = binary(p, HELDER_OP_OR, op_col, left, out, right, rspan);
    }
    return left;
}

int helder_expr_parse(helder_expr **out, const char *src, helder_expr_error *err)
{
    parser p;
    span whole;
    size_t len = strnlen(src, HELDER_EXPR_MAX_LEN + 1);

    *out = NULL;
    memset(&p, 0, sizeof p);
    p.err = err;
    err->col = 0;
    err->message[0] = '\0';
    if (len > HELDER_EXPR_MAX_LEN) {
        set_error(&p, 1, "expression is longer than %u bytes", HELDER_EXPR_MAX_LEN);
        return HELDER_EINVALID;
    }
    helder_lexer_init(&p.lexer, src, len);
    p.end_col = 1;
    if (helder_lexer_next(&p.lexer, &p.tok, err) < 0)
        return HELDER_EINVALID;
    if (p.tok.kind == HELDER_TOK_EOF) {
        set_error(&p, 1, "empty expression");
        return HELDER_EINVALID;
    }
    helder_expr *expr = parse_or(&p, &whole);
    if (expr != NULL && !p.failed && p.tok.kind != HELDER_TOK_EOF) {
        if (p.tok.kind == HELDER_TOK_RPAREN)
            set_error(&p, p.tok.col, "unexpected ')' without a matching '('");
        else if (p.tok.kind == HELDER_TOK_RBRACKET)
            set_error(&p, p.tok.col, "unexpected ']' without a matching '['");
        else
            unexpected(&p, "an operator or the end");
    }
    if (p.failed) {
        helder_expr_free(expr);
        return HELDER_EINVALID;
    }
    *out = expr;
    return 0;
}

void helder_expr_free(helder_expr *expr)
{
    if (expr == NULL)
        return;
    for (unsigned i = 0; i < expr->nargs; i++)
        helder_expr_free(expr->args[i]);
    free(expr->args);
    switch (expr->op) {
    case HELDER_OP_STRING:
        free(expr->u.string.text);
        break;
    case HELDER_OP_REF:
    case HELDER_OP_PATH:
        free(expr->u.ref.name);
        break;
    case HELDER_OP_CALL:
        free(expr->u.call.name);
        helder_pattern_free(expr->u.call.pattern);
        break;
    default:
        break;
    }
    free(expr);
}
