/* Printing expression trees back to source text (model/expr_print.c).
 *
 * The printed text parses back into an expression with the same meaning: operators get the
 * parentheses their precedence needs and no more, numbers are written so that they read back as
 * the same double, and literals are written the way the lexer reads them.
 */
#ifndef HELDER_MODEL_EXPR_PRINT_H
#define HELDER_MODEL_EXPR_PRINT_H

#include <stdbool.h>
#include <stddef.h>

#include "model/expr.h"

/* The source text of expr (caller frees). References print their name; a call to date() with a
 * folded date prints as date('YYYY-MM-DD'). Never fails: a string literal that holds both kinds
 * of quote (which no source text can) prints with single quotes removed from it, so callers
 * that build trees check helder_expr_string_printable first. */
char *helder_expr_print(const helder_expr *expr);

/* Whether text[0..len) can be written as a string literal: it may contain one kind of quote, not
 * both. */
bool helder_expr_string_printable(const char *text, size_t len);

/* A number as the expression language writes it: digits and at most one '.', no exponent, no
 * sign (a negative number prints with a leading '-'), the shortest form that reads back as the
 * same double. buf needs at least 400 bytes (a double of 1e308 has 309 digits). Returns buf. */
char *helder_number_format(char *buf, size_t size, double number);

#endif
