/* The expression language: AST, values, and the lexer/parser/type-checker/evaluator API.
 *
 * Expressions are parsed once when a form is loaded, resolved to node pointers and type-checked;
 * checking and simplifying then only evaluate the tree. Logic is three-valued (Kleene): a value
 * may be unknown, and "no answer" is never turned into '' or false.
 */
#ifndef HELDER_MODEL_EXPR_H
#define HELDER_MODEL_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct helder_node;
struct helder_pattern;

/* Static types, computed by the type checker. */
typedef enum {
    HELDER_TYPE_ERROR = 0, /* type checking failed below this node */
    HELDER_TYPE_BOOLEAN,
    HELDER_TYPE_NUMBER,
    HELDER_TYPE_STRING,
    HELDER_TYPE_DATE,
    HELDER_TYPE_SET,    /* a multichoice answer */
    HELDER_TYPE_REPEAT, /* a repeat's items (r or r[cond]): only count() takes it */
    HELDER_TYPE_NODESET /* r/q: a question over all items; only aggregates take it */
} helder_type;

const char *helder_type_name(helder_type type);

typedef enum {
    HELDER_OP_NUMBER, /* literal number */
    HELDER_OP_STRING, /* literal string */
    HELDER_OP_REF,    /* a question, computed value or repeat, resolved to u.ref.target */
    HELDER_OP_FILTER, /* args[0] a REF to a repeat, args[1] a predicate evaluated per item */
    HELDER_OP_PATH,   /* args[0] a REF or FILTER of a repeat; u.ref names a question inside it */
    HELDER_OP_OR,
    HELDER_OP_AND,
    HELDER_OP_EQ,
    HELDER_OP_NE,
    HELDER_OP_LT,
    HELDER_OP_LE,
    HELDER_OP_GT,
    HELDER_OP_GE,
    HELDER_OP_ADD,
    HELDER_OP_SUB,
    HELDER_OP_MUL,
    HELDER_OP_DIV,
    HELDER_OP_MOD,
    HELDER_OP_NEG,
    HELDER_OP_CALL /* u.call.fn with args */
} helder_op;

/* Built-in functions, one entry each in the table in eval.c. */
typedef enum {
    HELDER_FN_TRUE,
    HELDER_FN_FALSE,
    HELDER_FN_NOT,
    HELDER_FN_ANSWERED,
    HELDER_FN_SELECTED,
    HELDER_FN_COUNT_SELECTED,
    HELDER_FN_COUNT,
    HELDER_FN_SUM,
    HELDER_FN_STRING_LENGTH,
    HELDER_FN_CONTAINS,
    HELDER_FN_STARTS_WITH,
    HELDER_FN_MATCHES,
    HELDER_FN_TODAY,
    HELDER_FN_DATE,
    HELDER_FN_AGE,
    HELDER_FN_YEARS_BETWEEN,
    HELDER_FN_DAYS_BETWEEN,
    HELDER_FN_ADD_DAYS,
    HELDER_FN_ADD_MONTHS,
    HELDER_FN_ADD_YEARS,
    HELDER_FN_ROUND,
    HELDER_FN_FLOOR,
    HELDER_FN_CEILING,
    HELDER_FN_ABS,
    HELDER_FN_MIN,
    HELDER_FN_MAX,
    HELDER_FN_IF,
    HELDER_FN__COUNT
} helder_fn;

typedef struct helder_expr {
    helder_op op;
    helder_type type; /* set by the type checker */
    unsigned col;     /* 1-based column of the token that starts this node, in the source */
    unsigned len;     /* length in characters of the node's source text */
    unsigned nargs;
    struct helder_expr **args;
    union {
        double number; /* HELDER_OP_NUMBER */
        struct {       /* HELDER_OP_STRING */
            char *text;
            size_t len;
        } string;
        struct { /* HELDER_OP_REF, HELDER_OP_PATH */
            char *name;
            struct helder_node *target; /* set by resolution; borrowed from the form */
        } ref;
        struct { /* HELDER_OP_CALL */
            helder_fn fn;
            char *name;
            int32_t date;                   /* date('…') literal, folded at check time */
            struct helder_pattern *pattern; /* matches(): compiled at check time, owned */
        } call;
    } u;
} helder_expr;

void helder_expr_free(helder_expr *expr);

/* The built-in functions: name ("count-selected") and lookup by name (HELDER_FN__COUNT when
 * there is no such function). */
const char *helder_fn_name(helder_fn fn);
helder_fn helder_fn_lookup(const char *name, size_t len);

/* A syntax or type error inside an expression. col is 1-based within the source string. */
typedef struct {
    unsigned col;
    char message[256];
} helder_expr_error;

/* Parse src (NUL-terminated, at most max_len bytes considered) into *out (caller frees).
 * Returns 0, or HELDER_EINVALID with err filled. Nesting deeper than HELDER_EXPR_MAX_DEPTH and
 * sources longer than HELDER_EXPR_MAX_LEN are errors, never stack overflows. */
#define HELDER_EXPR_MAX_DEPTH 64
#define HELDER_EXPR_MAX_LEN 4096
/* The tree's height, so that every recursive walk (check, eval, simplify, render) stays shallow:
 * operator chains ("a + b + …") count here, not in the nesting depth above. */
#define HELDER_EXPR_MAX_HEIGHT 512
int helder_expr_parse(helder_expr **out, const char *src, helder_expr_error *err);

/* The lexer, used by the parser (and by tests). Tokens carry their 1-based column and width in
 * characters. A '-' inside a name belongs to it only when a letter follows directly
 * ("count-selected", "a-b"); otherwise it is the minus operator ("a-1", "a - b"). "or", "and",
 * "div" and "mod" are operators only right after an operand (XPath's rule), else names. */
typedef enum {
    HELDER_TOK_EOF,
    HELDER_TOK_NUMBER,
    HELDER_TOK_STRING, /* text/len: the contents, without the quotes */
    HELDER_TOK_NAME,
    HELDER_TOK_LPAREN,
    HELDER_TOK_RPAREN,
    HELDER_TOK_LBRACKET,
    HELDER_TOK_RBRACKET,
    HELDER_TOK_COMMA,
    HELDER_TOK_SLASH,
    HELDER_TOK_PLUS,
    HELDER_TOK_MINUS,
    HELDER_TOK_STAR,
    HELDER_TOK_EQ,
    HELDER_TOK_NE,
    HELDER_TOK_LT,
    HELDER_TOK_LE,
    HELDER_TOK_GT,
    HELDER_TOK_GE,
    HELDER_TOK_OR,
    HELDER_TOK_AND,
    HELDER_TOK_DIV,
    HELDER_TOK_MOD
} helder_tok;

typedef struct {
    helder_tok kind;
    const char *text; /* borrowed from the source */
    size_t len;       /* bytes */
    unsigned col;     /* 1-based, in characters */
    unsigned width;   /* in characters, quotes included */
    double number;    /* HELDER_TOK_NUMBER; may be infinite for huge literals */
} helder_token;

typedef struct {
    const char *src;
    size_t pos, len;
    unsigned col;
    helder_tok prev;
    bool has_prev;
} helder_lexer;

void helder_lexer_init(helder_lexer *lexer, const char *src, size_t len);
/* Returns 0 with *out filled, or HELDER_EINVALID with err filled. EOF repeats at the end. */
int helder_lexer_next(helder_lexer *lexer, helder_token *out, helder_expr_error *err);

/* Name resolution and type checking.
 *
 * `lookup` finds a node by id in the form (NULL when none). `scope` is the repeat the expression
 * lives in, or NULL for top level. The checker reports every problem through `report` (col within
 * the source, a rule id from model/rules.def, a message) and returns the expression's type, or
 * HELDER_TYPE_ERROR. Rules it uses: unknown-reference, type-mismatch, wrong-arity,
 * unknown-function, repeat-scope, bad-literal, bad-pattern. */
typedef struct {
    struct helder_node *(*lookup)(const char *name, void *payload);
    void (*report)(unsigned col, const char *rule, const char *message, void *payload);
    void *payload;
    const struct helder_node *scope; /* enclosing repeat, or NULL */
    /* Optional, for "did you mean" hints: the index-th id of the form, NULL past the last. */
    const char *(*id_at)(size_t index, void *payload);
} helder_expr_checker;

helder_type helder_expr_check(helder_expr *expr, const helder_expr_checker *checker);

/* Calls fn for every node that REF/PATH resolves to (for dependency graphs and lint). */
void helder_expr_each_ref(const helder_expr *expr,
                          void (*fn)(const helder_expr *ref, struct helder_node *target,
                                     void *payload),
                          void *payload);

/* ---- values and evaluation ---- */

typedef enum {
    HELDER_VALUE_UNKNOWN = 0, /* may be anything (partial evaluation, or undecidable) */
    HELDER_VALUE_ABSENT,      /* no answer, in a final submission */
    HELDER_VALUE_BOOLEAN,
    HELDER_VALUE_NUMBER,
    HELDER_VALUE_STRING,
    HELDER_VALUE_DATE,
    HELDER_VALUE_SET
} helder_value_kind;

typedef struct {
    const char *text; /* UTF-8, not necessarily NUL-terminated */
    size_t len;
} helder_str;

typedef struct {
    helder_value_kind kind;
    union {
        bool boolean;
        double number;
        helder_str string;
        int32_t date; /* days since 1970-01-01 */
        struct {
            const helder_str *items; /* borrowed */
            size_t count;
        } set;
    } u;
} helder_value;

/* Answers for one scope (the form, or one repeat item). Values are indexed by node->slot; the
 * strings they point to are borrowed from whoever built the frame. */
struct helder_items;
typedef struct helder_frame {
    helder_value *values;         /* form->nslots or repeat->nslots entries */
    struct helder_items *repeats; /* form->nrepeats entries (top-level frame only) */
} helder_frame;

typedef struct helder_items {
    long count;          /* number of items, or -1 when unknown */
    helder_frame *items; /* count entries */
} helder_items;

typedef struct {
    const helder_frame *root; /* top-level answers */
    const helder_frame *item; /* the current repeat item, or NULL */
    int32_t today;            /* days since 1970-01-01 */
    unsigned limit_hits;      /* incremented when a pattern hit its match limit (result unknown) */
} helder_env;

/* Evaluate a checked expression. Never allocates for scalar results; string results point into
 * the expression or the frames. */
helder_value helder_expr_eval(const helder_expr *expr, helder_env *env);

/* Dates: parse "YYYY-MM-DD" (a day that exists, years 1..9999) into days since 1970-01-01.
 * Returns 0 on success, -1 otherwise. Format into buf (at least 11 bytes). */
int helder_date_parse(int32_t *out, const char *text, size_t len);
void helder_date_format(char *buf, int32_t days);
/* Civil-date helpers shared by eval and check. */
void helder_date_civil(int32_t days, int *year, unsigned *month, unsigned *day);
int32_t helder_date_from_civil(int year, unsigned month, unsigned day);

/* Kleene truth of a value: 1 true, 0 false, -1 unknown (also for ABSENT). */
int helder_value_truth(helder_value value);

#endif
