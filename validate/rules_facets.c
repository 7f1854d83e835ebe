/* Lint rules about question facets: min-above-max, browser-pattern, unknown-autocomplete and
 * autocomplete-mismatch. A facet on a type that does not take it [facet-not-applicable] is an
 * error the loader reports (model/load.c), so that no command uses such a form.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "model/pattern.h"
#include "validate/lint.h"

#define Q(type) (1u << HELDER_Q_##type)
#define TEXTUAL (Q(TEXT) | Q(LONGTEXT))
#define ANY_TYPE (~0u)

/* ---- min-above-max ---- */

static void format_bound(char *buf, size_t size, double value, bool is_date)
{
    if (is_date) {
        char date[16];
        helder_date_format(date, (int32_t)value);
        snprintf(buf, size, "%s", date);
    } else {
        snprintf(buf, size, "%g", value);
    }
}

static void check_bounds(lint_ctx *ctx, const helder_node *question)
{
    const char *id = question->id ? question->id : "?";
    const helder_attr_expr *min = &question->u.question.min, *max = &question->u.question.max;
    double low, high;
    bool low_date, high_date;
    bool has_low = min->expr && min->type != HELDER_TYPE_ERROR &&
                   lint_literal_value(min->expr, &low, &low_date);
    bool has_high = max->expr && max->type != HELDER_TYPE_ERROR &&
                    lint_literal_value(max->expr, &high, &high_date);
    if (has_low && has_high && low_date == high_date && low > high) {
        char low_text[32], high_text[32];
        format_bound(low_text, sizeof low_text, low, low_date);
        format_bound(high_text, sizeof high_text, high, high_date);
        lint_report(ctx, HELDER_RULE_MIN_ABOVE_MAX, min->pos,
                    "min %s of question '%s' is above its max %s, so no answer fits", low_text, id,
                    high_text);
    }
    if (question->u.question.qtype == HELDER_Q_MULTICHOICE && has_low && !low_date &&
        question->u.question.noptions > 0 && low > question->u.question.noptions)
        lint_report(ctx, HELDER_RULE_MIN_ABOVE_MAX, min->pos,
                    "question '%s' asks for at least %g choices but has only %u options", id, low,
                    question->u.question.noptions);
    if (question->u.question.minlength >= 0 && question->u.question.maxlength >= 0 &&
        question->u.question.minlength > question->u.question.maxlength)
        lint_report(ctx, HELDER_RULE_MIN_ABOVE_MAX, question->u.question.minlength_pos,
                    "minlength %ld of question '%s' is above its maxlength %ld, so no answer fits",
                    question->u.question.minlength, id, question->u.question.maxlength);
}

static void check_repeat_bounds(lint_ctx *ctx, const helder_node *repeat)
{
    if (repeat->u.repeat.min > repeat->u.repeat.max)
        lint_report(ctx, HELDER_RULE_MIN_ABOVE_MAX, repeat->u.repeat.min_pos,
                    "repeat '%s' needs at least %ld items but allows at most %ld",
                    repeat->id ? repeat->id : "?", repeat->u.repeat.min, repeat->u.repeat.max);
}

/* ---- browser-pattern ---- */

static void check_matches_patterns(lint_ctx *ctx, const helder_node *node,
                                   const helder_attr_expr *attr, const char *name,
                                   const helder_expr *expr)
{
    if (!expr)
        return;
    if (expr->op == HELDER_OP_CALL && expr->u.call.fn == HELDER_FN_MATCHES && expr->nargs == 2 &&
        expr->args[1] && expr->args[1]->op == HELDER_OP_STRING &&
        strlen(expr->args[1]->u.string.text) == expr->args[1]->u.string.len &&
        !helder_pattern_browser_compatible(expr->args[1]->u.string.text)) {
        char where[256];
        lint_report(ctx, HELDER_RULE_BROWSER_PATTERN, lint_expr_pos(ctx, attr, expr->args[1]),
                    "the pattern in %s uses syntax that a browser's RegExp lacks, so the web form "
                    "cannot check it",
                    lint_attr_describe(node, name, where, sizeof where));
    }
    for (unsigned i = 0; i < expr->nargs; i++)
        check_matches_patterns(ctx, node, attr, name, expr->args[i]);
}

static void check_browser_patterns(lint_ctx *ctx, const helder_node *node)
{
    const helder_attr_expr *attrs[4];
    const char *names[4];
    size_t count = lint_node_attrs(node, attrs, names);
    for (size_t i = 0; i < count; i++)
        check_matches_patterns(ctx, node, attrs[i], names[i], attrs[i]->expr);
    if (node->type == HELDER_NODE_QUESTION && node->u.question.pattern_src &&
        node->u.question.pattern &&
        !helder_pattern_browser_compatible(node->u.question.pattern_src))
        lint_report(ctx, HELDER_RULE_BROWSER_PATTERN, node->u.question.pattern_pos,
                    "the pattern of question '%s' uses syntax that a browser's RegExp lacks "
                    "(possessive or atomic groups, \\A, \\z, \\h, POSIX classes, ...), so the web "
                    "form cannot check it",
                    node->id ? node->id : "?");
}

/* ---- autocomplete ---- */

/* The autofill field names of the HTML standard that the schema allows, with the question
 * types each one fits (text and longtext take most of them). */
static const struct {
    const char *token;
    unsigned types;
    const char *kind; /* what the browser fills in, for the message */
} autofill[] = {
    {"off", ANY_TYPE, NULL},
    {"on", ANY_TYPE, NULL},
    {"name", TEXTUAL, "a name"},
    {"honorific-prefix", TEXTUAL | Q(CHOICE), "a title"},
    {"given-name", TEXTUAL, "a name"},
    {"additional-name", TEXTUAL, "a name"},
    {"family-name", TEXTUAL, "a name"},
    {"honorific-suffix", TEXTUAL | Q(CHOICE), "a title"},
    {"nickname", TEXTUAL, "a name"},
    {"username", TEXTUAL | Q(EMAIL), "a user name"},
    {"new-password", TEXTUAL, "a password"},
    {"current-password", TEXTUAL, "a password"},
    {"one-time-code", TEXTUAL | Q(INTEGER), "a one-time code"},
    {"organization-title", TEXTUAL, "a job title"},
    {"organization", TEXTUAL, "an organisation"},
    {"street-address", TEXTUAL, "an address"},
    {"address-line1", TEXTUAL, "an address"},
    {"address-line2", TEXTUAL, "an address"},
    {"address-line3", TEXTUAL, "an address"},
    {"address-level4", TEXTUAL, "an address"},
    {"address-level3", TEXTUAL, "an address"},
    {"address-level2", TEXTUAL, "a city"},
    {"address-level1", TEXTUAL | Q(CHOICE), "a region"},
    {"country", Q(COUNTRY) | Q(CHOICE) | TEXTUAL, "a country code"},
    {"country-name", Q(COUNTRY) | Q(CHOICE) | TEXTUAL, "a country"},
    {"postal-code", Q(POSTCODE) | TEXTUAL, "a postcode"},
    {"cc-name", TEXTUAL, "a card holder's name"},
    {"cc-given-name", TEXTUAL, "a card holder's name"},
    {"cc-additional-name", TEXTUAL, "a card holder's name"},
    {"cc-family-name", TEXTUAL, "a card holder's name"},
    {"cc-number", TEXTUAL, "a card number"},
    {"cc-exp", TEXTUAL | Q(DATE), "a card's expiry date"},
    {"cc-exp-month", TEXTUAL | Q(INTEGER), "a month"},
    {"cc-exp-year", TEXTUAL | Q(INTEGER), "a year"},
    {"cc-csc", TEXTUAL | Q(INTEGER), "a card security code"},
    {"cc-type", TEXTUAL | Q(CHOICE), "a card type"},
    {"transaction-currency", TEXTUAL | Q(CHOICE), "a currency"},
    {"transaction-amount", TEXTUAL | Q(INTEGER) | Q(DECIMAL), "an amount"},
    {"language", TEXTUAL | Q(CHOICE), "a language"},
    {"bday", Q(DATE), "a date of birth"},
    {"bday-day", TEXTUAL | Q(INTEGER), "a day of birth"},
    {"bday-month", TEXTUAL | Q(INTEGER), "a month of birth"},
    {"bday-year", TEXTUAL | Q(INTEGER), "a year of birth"},
    {"sex", TEXTUAL | Q(CHOICE), "a gender"},
    {"url", TEXTUAL, "a web address"},
    {"photo", TEXTUAL | Q(FILE), "a photo's address"},
    {"tel", Q(PHONE) | TEXTUAL, "a phone number"},
    {"tel-country-code", Q(PHONE) | TEXTUAL, "a country calling code"},
    {"tel-national", Q(PHONE) | TEXTUAL, "a phone number"},
    {"tel-area-code", Q(PHONE) | TEXTUAL, "an area code"},
    {"tel-local", Q(PHONE) | TEXTUAL, "a phone number"},
    {"tel-extension", Q(PHONE) | TEXTUAL, "a phone extension"},
    {"email", Q(EMAIL) | TEXTUAL, "an email address"},
    {"impp", TEXTUAL, "a messaging address"},
};

/* Names designers reach for that are not tokens, and the token they mean. */
static const struct {
    const char *wrong, *token;
} autofill_aliases[] = {
    {"birthday", "bday"},
    {"birthdate", "bday"},
    {"birth-date", "bday"},
    {"dob", "bday"},
    {"date-of-birth", "bday"},
    {"phone", "tel"},
    {"telephone", "tel"},
    {"mobile", "tel"},
    {"e-mail", "email"},
    {"mail", "email"},
    {"zip", "postal-code"},
    {"zipcode", "postal-code"},
    {"postcode", "postal-code"},
    {"postalcode", "postal-code"},
    {"first-name", "given-name"},
    {"firstname", "given-name"},
    {"last-name", "family-name"},
    {"lastname", "family-name"},
    {"surname", "family-name"},
    {"address", "street-address"},
    {"city", "address-level2"},
    {"town", "address-level2"},
    {"gender", "sex"},
    {"nationality", "country"},
};

static int find_autofill(const char *token)
{
    for (size_t i = 0; i < sizeof autofill / sizeof autofill[0]; i++)
        if (strcmp(autofill[i].token, token) == 0)
            return (int)i;
    return -1;
}

static void check_autocomplete(lint_ctx *ctx, const helder_node *question)
{
    const char *token = question->u.question.autocomplete;
    const char *id = question->id ? question->id : "?";
    int index;
    if (!token)
        return;
    index = find_autofill(token);
    if (index < 0) {
        const char *meant = NULL;
        char hint[96] = "";
        for (size_t i = 0; i < sizeof autofill_aliases / sizeof autofill_aliases[0]; i++)
            if (strcasecmp(autofill_aliases[i].wrong, token) == 0)
                meant = autofill_aliases[i].token;
        for (size_t i = 0; !meant && i < sizeof autofill / sizeof autofill[0]; i++)
            if (strcasecmp(autofill[i].token, token) == 0)
                meant = autofill[i].token;
        if (meant)
            snprintf(hint, sizeof hint, "; did you mean '%s'?", meant);
        lint_report(ctx, HELDER_RULE_UNKNOWN_AUTOCOMPLETE, question->pos,
                    "autocomplete '%.60s' of question '%s' is not an HTML autofill token%s", token,
                    id, hint);
        return;
    }
    if (!(autofill[index].types & (1u << question->u.question.qtype)))
        lint_report(ctx, HELDER_RULE_AUTOCOMPLETE_MISMATCH, question->pos,
                    "autocomplete '%s' fills in %s, which %s question '%s' does not take", token,
                    autofill[index].kind, helder_qtype_name(question->u.question.qtype), id);
}

void lint_facets(lint_ctx *ctx)
{
    const helder_form *form = ctx->form;
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        if (node->type == HELDER_NODE_QUESTION) {
            check_bounds(ctx, node);
            check_autocomplete(ctx, node);
        } else if (node->type == HELDER_NODE_REPEAT) {
            check_repeat_bounds(ctx, node);
        }
        check_browser_patterns(ctx, node);
    }
}
