/* The applicant's wording of the report: one sentence per change an applicant would notice,
 * built from the form's own texts (labels, titles, messages) in the applicant's language and
 * the facts that decided it, from a small catalogue in Dutch and English. Other languages get
 * the English sentence around the form's texts in their own language, as check's messages do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/buffer.h"
#include "simplify/simplify.h"

enum { CAT_EN, CAT_NL, CAT__COUNT };

/* {label}: the item's label or title; {because}: the deciding facts, or nothing; {value}: an
 * answer; {option}: an option's label; {count}: a number; {message}: a rule's own message. */
static const char *const catalogue[HELDER_CHANGE__COUNT][CAT__COUNT] = {
    [HELDER_CHANGE_REMOVED] = {"We did not ask \"{label}\": it does not apply to you{because}.",
                               "We vragen niet \"{label}\": dit geldt niet voor u{because}."},
    [HELDER_CHANGE_PREFILLED] = {"We filled in \"{label}\" for you: {value}.",
                                 "We hebben \"{label}\" al voor u ingevuld: {value}."},
    [HELDER_CHANGE_FORCED] = {"We answered \"{label}\" for you: only \"{value}\" applies{because}.",
                              "We hebben \"{label}\" voor u beantwoord: alleen \"{value}\" is "
                              "mogelijk{because}."},
    [HELDER_CHANGE_OPTION_REMOVED] = {"For \"{label}\" we left out the answer \"{option}\": it "
                                      "does not apply to you{because}.",
                                      "Bij \"{label}\" staat het antwoord \"{option}\" er niet "
                                      "meer bij: dit geldt niet voor u{because}."},
    [HELDER_CHANGE_EMPTY] = {"We left out the part \"{label}\": none of it applies to you.",
                             "Het deel \"{label}\" is weggelaten: niets daarvan geldt voor u."},
    [HELDER_CHANGE_ITEMS] = {"We filled in \"{label}\" from what we already know ({count}).",
                             "We hebben \"{label}\" ingevuld met wat we al weten ({count})."},
    [HELDER_CHANGE_EARLY_NO] = {"Based on what we already know, your application cannot "
                                "succeed: {message}",
                                "Op grond van wat we al van u weten, kan uw aanvraag niet "
                                "slagen: {message}"},
};

static const char *const document_removed[CAT__COUNT] = {
    "You do not need to send \"{label}\"{because}.",
    "U hoeft \"{label}\" niet te sturen{because}.",
};

static const char *const because_intro[CAT__COUNT] = {", because we already know ",
                                                      ", want we weten al "};
static const char *const and_word[CAT__COUNT] = {" and ", " en "};
static const char *const today_words[CAT__COUNT] = {"today's date", "de datum van vandaag"};
static const char *const item_word[CAT__COUNT] = {"item", "nummer"};
static const char *const yes_no[CAT__COUNT][2] = {{"no", "yes"}, {"nee", "ja"}};
static const char *const months[CAT__COUNT][12] = {
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"},
    {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
     "oktober", "november", "december"},
};

const char *helder_simplify_catalogue(const char *lang)
{
    if (lang && strncmp(lang, "nl", 2) == 0 && (lang[2] == '\0' || lang[2] == '-'))
        return "nl";
    return "en";
}

static int cat_index(const char *cat)
{
    return strcmp(cat, "nl") == 0 ? CAT_NL : CAT_EN;
}

/* A text as one line: the form's texts may span lines in the source. */
static void put_line(helder_buf *out, const char *text)
{
    bool space = false;
    size_t start = out->len;
    for (const char *at = text ? text : ""; *at; at++) {
        if (*at == ' ' || *at == '\n' || *at == '\r' || *at == '\t') {
            space = true;
            continue;
        }
        if (space && out->len > start)
            helder_buf_put(out, " ", 1);
        space = false;
        helder_buf_put(out, at, 1);
    }
}

/* What a node is called for the applicant. */
static const char *node_words(const helder_node *node, int lang)
{
    const char *text = NULL;
    switch (node->type) {
    case HELDER_NODE_SECTION:
    case HELDER_NODE_REPEAT:
    case HELDER_NODE_DOCUMENTS:
        text = helder_text_in(&node->title, lang);
        break;
    case HELDER_NODE_QUESTION:
    case HELDER_NODE_OPTION:
    case HELDER_NODE_DOCUMENT:
        text = helder_text_in(&node->label, lang);
        break;
    default:
        text = helder_text_in(&node->text, lang);
        break;
    }
    return text ? text : node->id ? node->id : "";
}

/* An answer as the applicant would say it: an option's label, yes or no, a date in words. */
static void put_value(helder_buf *out, const helder_node *question, const char *text, int cat,
                      int lang)
{
    int32_t days;
    if (!text)
        return;
    switch (question->u.question.qtype) {
    case HELDER_Q_YESNO:
        put_line(out, yes_no[cat][strcmp(text, "yes") == 0]);
        return;
    case HELDER_Q_DATE:
        if (helder_date_parse(&days, text, strlen(text)) == 0) {
            char words[64];
            int year;
            unsigned month, day;
            helder_date_civil(days, &year, &month, &day);
            snprintf(words, sizeof words, "%u %s %d", day, months[cat][month - 1], year);
            put_line(out, words);
            return;
        }
        break;
    case HELDER_Q_CHOICE:
    case HELDER_Q_MULTICHOICE: {
        /* Each value by its option's label. */
        const char *at = text;
        bool first = true;
        while (*at) {
            size_t len = strcspn(at, " ");
            const char *label = NULL;
            for (unsigned i = 0; i < question->u.question.noptions; i++) {
                const helder_node *option = question->u.question.options[i];
                if (option->u.option.value && strlen(option->u.option.value) == len &&
                    memcmp(option->u.option.value, at, len) == 0)
                    label = helder_text_in(&option->label, lang);
            }
            if (!first)
                helder_buf_put(out, ", ", 2);
            first = false;
            if (label)
                put_line(out, label);
            else
                helder_buf_put(out, at, len);
            at += len;
            while (*at == ' ')
                at++;
        }
        return;
    }
    default:
        break;
    }
    put_line(out, text);
}

#define MAX_BECAUSE 3

static void put_because(helder_buf *out, const helder_simplify_result *result,
                        const helder_change *change, int cat, int lang)
{
    const helder_simplifier *simp = &result->simp;
    unsigned shown = 0;
    if (change->why.count == 0)
        return;
    helder_buf_puts(out, because_intro[cat]);
    /* What is known about the applicant first, the date last. */
    unsigned order[64], n = 0;
    for (int pass = 0; pass < 2; pass++)
        for (unsigned i = 0; i < change->why.count && n < 64; i++)
            if ((simp->reasons[change->why.ids[i]].kind == HELDER_REASON_TODAY) == (pass == 1))
                order[n++] = change->why.ids[i];
    for (unsigned i = 0; i < n && shown <= MAX_BECAUSE; i++) {
        const helder_reason *reason = &simp->reasons[order[i]];
        if (shown == MAX_BECAUSE) {
            helder_buf_puts(out, ", …");
            break;
        }
        if (shown > 0)
            helder_buf_puts(out, i + 1 == n ? and_word[cat] : ", ");
        shown++;
        switch (reason->kind) {
        case HELDER_REASON_FACT:
        case HELDER_REASON_FORCED: {
            helder_buf_put(out, "\"", 1);
            put_line(out, node_words(reason->node, lang));
            helder_buf_put(out, "\"", 1);
            if (reason->item) {
                char item[64];
                snprintf(item, sizeof item, " (%s %u)", item_word[cat], reason->item);
                helder_buf_puts(out, item);
            }
            helder_buf_put(out, ": ", 2);
            put_value(out, reason->node, reason->text, cat, lang);
            break;
        }
        case HELDER_REASON_GROUP: {
            char count[32];
            helder_buf_put(out, "\"", 1);
            put_line(out, node_words(reason->node, lang));
            helder_buf_put(out, "\"", 1);
            snprintf(count, sizeof count, " (%ld)", reason->count);
            helder_buf_puts(out, count);
            break;
        }
        case HELDER_REASON_TODAY:
            helder_buf_puts(out, today_words[cat]);
            break;
        }
    }
}

char *helder_simplify_sentence(const helder_simplify_result *result, const helder_change *change,
                               const char *cat_name, int lang)
{
    int cat = cat_index(cat_name);
    const helder_node *node = change->node;
    const char *pattern = catalogue[change->kind][cat];
    helder_buf out = {NULL, 0, 0};

    if (change->kind == HELDER_CHANGE_REMOVED) {
        if (node->type == HELDER_NODE_DOCUMENT)
            pattern = document_removed[cat];
        else if (node->type != HELDER_NODE_QUESTION && node->type != HELDER_NODE_SECTION &&
                 node->type != HELDER_NODE_REPEAT)
            return NULL; /* notes and computed values: nothing the applicant misses */
    }
    if (!pattern)
        return NULL;
    if (change->item && change->kind != HELDER_CHANGE_EARLY_NO)
        return NULL; /* one item of a repeat: the applicant sees the item, not the rule */
    helder_buf_put(&out, "", 0);
    for (const char *at = pattern; *at;) {
        if (*at != '{') {
            size_t len = strcspn(at, "{");
            helder_buf_put(&out, at, len);
            at += len;
            continue;
        }
        size_t len = strcspn(at, "}");
        char key[16];
        snprintf(key, sizeof key, "%.*s", (int)(len > 1 ? len - 1 : 0), at + 1);
        at += at[len] ? len + 1 : len;
        if (strcmp(key, "label") == 0) {
            const helder_node *named = node->type == HELDER_NODE_OPTION ? node->parent : node;
            put_line(&out, node_words(named, lang));
        } else if (strcmp(key, "option") == 0) {
            put_line(&out, node_words(node, lang));
        } else if (strcmp(key, "value") == 0) {
            put_value(&out, node, change->value, cat, lang);
        } else if (strcmp(key, "count") == 0) {
            put_line(&out, change->value);
        } else if (strcmp(key, "because") == 0) {
            put_because(&out, result, change, cat, lang);
        } else if (strcmp(key, "message") == 0) {
            const helder_node *owner = node;
            const char *message = NULL;
            if (owner->type == HELDER_NODE_RULE || owner->type == HELDER_NODE_CONSTRAINT)
                message = helder_text_in(&owner->text, lang);
            if (message) {
                put_line(&out, message);
            } else {
                /* A facet or an option: say which question cannot be answered. */
                const helder_node *question =
                    owner->type == HELDER_NODE_OPTION ? owner->parent : owner;
                helder_buf_put(&out, "\"", 1);
                put_line(&out, node_words(question, lang));
                helder_buf_put(&out, "\"", 1);
                put_because(&out, result, change, cat, lang);
                helder_buf_put(&out, ".", 1);
            }
        }
    }
    return out.data;
}
