/* The expression lexer: turns an attribute value into tokens with their column in characters.
 *
 * Two XPath rules make tokens depend on context: "or", "and", "div" and "mod" are operators only
 * right after an operand, and a '-' inside a name belongs to the name only when a letter follows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

void helder_lexer_init(helder_lexer *lexer, const char *src, size_t len)
{
    lexer->src = src;
    lexer->pos = 0;
    lexer->len = len;
    lexer->col = 1;
    lexer->prev = HELDER_TOK_EOF;
    lexer->has_prev = false;
}

static bool is_letter(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* Characters (code points) in src[from..to): every byte but UTF-8 continuation bytes. */
static unsigned chars_between(const char *src, size_t from, size_t to)
{
    unsigned count = 0;
    for (size_t i = from; i < to; i++)
        if (((unsigned char)src[i] & 0xC0) != 0x80)
            count++;
    return count;
}

static int fail(helder_expr_error *err, unsigned col, const char *message)
{
    err->col = col;
    snprintf(err->message, sizeof err->message, "%s", message);
    return HELDER_EINVALID;
}

/* "or" and friends are operators only when the previous token ends an operand. */
static bool after_operand(const helder_lexer *lexer)
{
    if (!lexer->has_prev)
        return false;
    switch (lexer->prev) {
    case HELDER_TOK_NUMBER:
    case HELDER_TOK_STRING:
    case HELDER_TOK_NAME:
    case HELDER_TOK_RPAREN:
    case HELDER_TOK_RBRACKET:
        return true;
    default:
        return false;
    }
}

static helder_tok keyword(const char *text, size_t len)
{
    static const struct {
        const char *word;
        helder_tok tok;
    } words[] = {
        {"or", HELDER_TOK_OR},
        {"and", HELDER_TOK_AND},
        {"div", HELDER_TOK_DIV},
        {"mod", HELDER_TOK_MOD},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i].word) == len && memcmp(words[i].word, text, len) == 0)
            return words[i].tok;
    return HELDER_TOK_NAME;
}

static int lex_number(helder_lexer *lexer, helder_token *out, helder_expr_error *err)
{
    const char *src = lexer->src;
    size_t pos = lexer->pos;
    char buf[HELDER_EXPR_MAX_LEN + 1];

    while (pos < lexer->len && is_digit(src[pos]))
        pos++;
    if (pos < lexer->len && src[pos] == '.') {
        if (pos + 1 >= lexer->len || !is_digit(src[pos + 1]))
            return fail(err, lexer->col + (unsigned)(pos - lexer->pos) + 1,
                        "expected a digit after '.' in a number");
        pos++;
        while (pos < lexer->len && is_digit(src[pos]))
            pos++;
    }
    out->kind = HELDER_TOK_NUMBER;
    out->len = pos - lexer->pos;
    /* Only digits and one '.': strtod reads it the same in the C locale, which helder never
     * changes. The copy is bounded by the expression length limit. */
    if (out->len > HELDER_EXPR_MAX_LEN)
        return fail(err, lexer->col, "number is too long");
    memcpy(buf, src + lexer->pos, out->len);
    buf[out->len] = '\0';
    out->number = strtod(buf, NULL);
    return 0;
}

int helder_lexer_next(helder_lexer *lexer, helder_token *out, helder_expr_error *err)
{
    const char *src = lexer->src;
    char message[sizeof err->message];

    while (lexer->pos < lexer->len && (src[lexer->pos] == ' ' || src[lexer->pos] == '\t' ||
                                       src[lexer->pos] == '\n' || src[lexer->pos] == '\r')) {
        lexer->pos++;
        lexer->col++;
    }
    memset(out, 0, sizeof *out);
    out->text = src + lexer->pos;
    out->col = lexer->col;
    if (lexer->pos >= lexer->len) {
        out->kind = HELDER_TOK_EOF;
        return 0;
    }

    unsigned char c = (unsigned char)src[lexer->pos];
    unsigned char next = lexer->pos + 1 < lexer->len ? (unsigned char)src[lexer->pos + 1] : 0;
    out->len = 1;
    if (is_letter(c)) {
        size_t pos = lexer->pos + 1;
        while (pos < lexer->len) {
            char ch = src[pos];
            if (is_letter(ch) || is_digit(ch) || ch == '_')
                pos++;
            else if (ch == '-' && pos + 1 < lexer->len && is_letter(src[pos + 1]))
                pos++;
            else
                break;
        }
        out->len = pos - lexer->pos;
        out->kind = HELDER_TOK_NAME;
        if (after_operand(lexer))
            out->kind = keyword(out->text, out->len);
    } else if (is_digit(c)) {
        int rc = lex_number(lexer, out, err);
        if (rc < 0)
            return rc;
    } else if (c == '\'' || c == '"') {
        const char *close = memchr(src + lexer->pos + 1, c, lexer->len - lexer->pos - 1);
        if (close == NULL) {
            snprintf(message, sizeof message,
                     "unterminated string: no closing %c for the one at "
                     "column %u",
                     c, lexer->col);
            return fail(err, lexer->col, message);
        }
        out->kind = HELDER_TOK_STRING;
        out->text = src + lexer->pos + 1;
        out->len = (size_t)(close - out->text);
        size_t end = (size_t)(close - src) + 1;
        out->width = chars_between(src, lexer->pos, end);
        lexer->col += out->width;
        lexer->pos = end;
        lexer->prev = out->kind;
        lexer->has_prev = true;
        return 0;
    } else {
        switch (c) {
        case '(':
            out->kind = HELDER_TOK_LPAREN;
            break;
        case ')':
            out->kind = HELDER_TOK_RPAREN;
            break;
        case '[':
            out->kind = HELDER_TOK_LBRACKET;
            break;
        case ']':
            out->kind = HELDER_TOK_RBRACKET;
            break;
        case ',':
            out->kind = HELDER_TOK_COMMA;
            break;
        case '/':
            out->kind = HELDER_TOK_SLASH;
            break;
        case '+':
            out->kind = HELDER_TOK_PLUS;
            break;
        case '-':
            out->kind = HELDER_TOK_MINUS;
            break;
        case '*':
            out->kind = HELDER_TOK_STAR;
            break;
        case '=':
            out->kind = HELDER_TOK_EQ;
            break;
        case '<':
            out->kind = next == '=' ? HELDER_TOK_LE : HELDER_TOK_LT;
            out->len = next == '=' ? 2 : 1;
            break;
        case '>':
            out->kind = next == '=' ? HELDER_TOK_GE : HELDER_TOK_GT;
            out->len = next == '=' ? 2 : 1;
            break;
        case '!':
            if (next != '=')
                return fail(err, lexer->col,
                            "'!' must be followed by '='; for negation write "
                            "not(…)");
            out->kind = HELDER_TOK_NE;
            out->len = 2;
            break;
        default: {
            /* Show the whole character, however many bytes it takes. */
            size_t end = lexer->pos + 1;
            while (end < lexer->len && end - lexer->pos < 4 &&
                   ((unsigned char)src[end] & 0xC0) == 0x80)
                end++;
            if (c == '|')
                snprintf(message, sizeof message,
                         "unexpected character '|'; for either of two "
                         "conditions write 'or'");
            else if (c == '&')
                snprintf(message, sizeof message,
                         "unexpected character '&'; for both of two "
                         "conditions write 'and'");
            else if (c < 0x20 || c == 0x7F)
                snprintf(message, sizeof message, "unexpected control character 0x%02x", c);
            else
                snprintf(message, sizeof message, "unexpected character '%.*s'",
                         (int)(end - lexer->pos), src + lexer->pos);
            return fail(err, lexer->col, message);
        }
        }
    }
    out->width = chars_between(src, lexer->pos, lexer->pos + out->len);
    lexer->pos += out->len;
    lexer->col += out->width;
    lexer->prev = out->kind;
    lexer->has_prev = true;
    return 0;
}
