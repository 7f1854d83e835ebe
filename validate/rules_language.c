/* Lint rules about the texts applicants read: missing-translation, empty-text, label-too-long,
 * hint-repeats-label, jargon, and double negation in labels. Each text is split into words once
 * per language and every check reads those words (a hint is compared with its label's words as
 * the label check left them); comparing a hint with its label hashes the label's words, so no
 * check compares every word with every other.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate/lint.h"

#define MAX_LABEL_WORDS 25
#define LABEL_SET_SIZE 128 /* hash slots for a label's distinct words; longer labels skip */

typedef enum { TEXT_TITLE, TEXT_LABEL, TEXT_HINT, TEXT_OTHER } text_kind;

typedef struct {
    lint_ctx *ctx;
    const helder_node *node;
    const char *what; /* "label", "hint", … */
    unsigned lang;
    helder_pos pos; /* the text element in that language */
    lint_jargon *jargon;
    lint_words *words;                        /* the current text's: one of these */
    lint_words other_words;                   /* scratch for titles, hints, messages */
    lint_words label_words[HELDER_MAX_LANGS]; /* the current node's label, per language:
                                                 its hint is compared with them */
} text_ctx;

/* The name a node's `text` field has: a note's text, a rule's message, the form's intro. */
static const char *text_name(const helder_node *node)
{
    switch (node->type) {
    case HELDER_NODE_FORM:
        return "intro";
    case HELDER_NODE_NOTE:
        return "text";
    default:
        return "message";
    }
}

static const char *text_where(const text_ctx *tc, char *buf, size_t size)
{
    char who[200];
    snprintf(buf, size, "the %s of %s", tc->what, lint_describe(tc->node, who, sizeof who));
    return buf;
}

static const char *lang_name(const text_ctx *tc)
{
    return tc->ctx->form->langs[tc->lang];
}

static bool blank(const char *text)
{
    for (; *text; text++)
        if (*text != ' ' && *text != '\t' && *text != '\r' && *text != '\n')
            return false;
    return true;
}

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

static bool same_word(const char *a, size_t alen, const char *b, size_t blen)
{
    if (alen != blen)
        return false;
    for (size_t i = 0; i < alen; i++)
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
            return false;
    return true;
}

/* ---- jargon ---- */

static void report_jargon(const char *found, size_t found_len, const char *plain, const char *gloss,
                          void *payload)
{
    text_ctx *tc = payload;
    int len = (int)(found_len > 60 ? 60 : found_len);
    if (!plain)
        lint_report(tc->ctx, HELDER_RULE_JARGON, tc->pos, "'%.*s' is jargon: leave it out", len,
                    found);
    else if (!plain[0])
        lint_report(tc->ctx, HELDER_RULE_JARGON, tc->pos,
                    "'%.*s' is jargon: write it in plain words", len, found);
    else if (gloss)
        lint_report(tc->ctx, HELDER_RULE_JARGON, tc->pos, "'%.*s' is jargon: write '%s' (%s)", len,
                    found, plain, gloss);
    else
        lint_report(tc->ctx, HELDER_RULE_JARGON, tc->pos, "'%.*s' is jargon: write '%s'", len,
                    found, plain);
}

/* ---- double negation in labels ---- */

static bool word_is(const char *text, const lint_word *word, const char *lower_word)
{
    return same_word(text + word->start, word->len, lower_word, strlen(lower_word));
}

static bool any_word(const char *text, const lint_word *word, const char *const *list)
{
    for (; *list; list++)
        if (word_is(text, word, *list))
            return true;
    return false;
}

static bool ends_with(const char *text, const lint_word *word, const char *suffix)
{
    size_t len = strlen(suffix);
    return word->len > len && strncmp(text + word->start + word->len - len, suffix, len) == 0;
}

static bool english_negation(const char *text, const lint_word *word)
{
    static const char *const nots[] = {"not", "cannot", NULL};
    return any_word(text, word, nots) || ends_with(text, word, "n't") ||
           ends_with(text, word, "n\xE2\x80\x99t");
}

/* "not un…" where un- negates: not "under", "until", "unit", "union", "unique", … */
static bool negating_un(const char *text, const lint_word *word)
{
    static const char *const exceptions[] = {"under",   "until",   "unit",   "union", "uniq",
                                             "univers", "uniform", "unless", "unto",  NULL};
    const char *start = text + word->start;
    if (word->len < 5 || lower((unsigned char)start[0]) != 'u' || start[1] != 'n')
        return false;
    for (const char *const *exception = exceptions; *exception; exception++)
        if (strncmp(start + 1, *exception + 1, strlen(*exception) - 1) == 0)
            return false;
    return true;
}

static bool lang_is(const char *lang, const char *primary)
{
    size_t len = strlen(primary);
    return strncmp(lang, primary, len) == 0 && (lang[len] == '\0' || lang[len] == '-');
}

/* Whether word can be one of the negations below, by its first and last letters: every one
 * starts with n, g or c, or ends in n't. Most words are not, and are passed at once. */
static bool may_negate(const char *text, const lint_word *word)
{
    unsigned char first = lower((unsigned char)text[word->start]);
    return first == 'n' || first == 'g' || first == 'c' || text[word->start + word->len - 1] == 't';
}

/* A second negation within three words of a first one in the same clause: returns the index of
 * the second word, or 0 when there is none; *first gets the first one's index. */
static size_t find_double_negation(const char *text, const lint_words *words, const char *lang,
                                   size_t *first)
{
    static const char *const nl_neg[] = {"niet", "geen", "niets", "nooit", "niemand", NULL};
    static const char *const en_neg[] = {"no",     "none",    "nothing", "never",
                                         "nobody", "neither", NULL};
    bool dutch = lang_is(lang, "nl"), english = lang_is(lang, "en");
    const lint_word *word = words->items;
    if (!dutch && !english)
        return 0;
    for (size_t i = 0; i < words->count; i++) {
        if (!may_negate(text, &word[i]))
            continue;
        bool negation = dutch ? any_word(text, &word[i], nl_neg) : english_negation(text, &word[i]);
        if (!negation)
            continue;
        if (english && i + 1 < words->count && !word[i + 1].clause_start &&
            negating_un(text, &word[i + 1])) {
            *first = i;
            return i + 1;
        }
        for (size_t j = i + 1; j < words->count && j <= i + 3 && !word[j].clause_start; j++) {
            /* Dutch: "niet" with one of the others ("niet … geen", "geen … niet") */
            if (!may_negate(text, &word[j]))
                continue;
            bool second =
                dutch ? any_word(text, &word[j], nl_neg) &&
                            word_is(text, &word[i], "niet") != word_is(text, &word[j], "niet")
                      : any_word(text, &word[j], en_neg);
            if (second) {
                *first = i;
                return j;
            }
        }
    }
    return 0;
}

static void check_double_negation(text_ctx *tc, const char *text)
{
    size_t first = 0, second = find_double_negation(text, tc->words, lang_name(tc), &first);
    char where[256];
    if (second) {
        size_t from = tc->words->items[first].start;
        size_t to = tc->words->items[second].start + tc->words->items[second].len;
        lint_report(tc->ctx, HELDER_RULE_DOUBLE_NEGATION, tc->pos,
                    "double negation in %s in '%s' ('%.*s'): say it positively",
                    text_where(tc, where, sizeof where), lang_name(tc),
                    (int)(to - from > 60 ? 60 : to - from), text + from);
    }
}

/* ---- hints that repeat their label ---- */

static uint32_t hash_word(const char *word, size_t len)
{
    uint32_t hash = 2166136261u;
    for (size_t i = 0; i < len; i++)
        hash = (hash ^ lower((unsigned char)word[i])) * 16777619u;
    return hash;
}

/* The hint repeats the label: the same words in the same order, or (for a label of three or
 * more distinct words) every word of the label somewhere in the hint. */
static bool hint_repeats(text_ctx *tc, const char *label, const char *hint)
{
    const lint_words *label_words = &tc->label_words[tc->lang], *hint_words = tc->words;
    const lint_word *slots[LABEL_SET_SIZE] = {NULL};
    bool found[LABEL_SET_SIZE] = {false};
    size_t distinct = 0, matched = 0;
    bool same = label_words->count == hint_words->count && label_words->count > 0;
    for (size_t i = 0; same && i < label_words->count; i++)
        same = same_word(label + label_words->items[i].start, label_words->items[i].len,
                         hint + hint_words->items[i].start, hint_words->items[i].len);
    if (same)
        return true;
    if (label_words->count > LABEL_SET_SIZE / 2)
        return false;
    for (size_t i = 0; i < label_words->count; i++) {
        const lint_word *word = &label_words->items[i];
        size_t slot = hash_word(label + word->start, word->len) & (LABEL_SET_SIZE - 1);
        while (slots[slot] && !same_word(label + slots[slot]->start, slots[slot]->len,
                                         label + word->start, word->len))
            slot = (slot + 1) & (LABEL_SET_SIZE - 1);
        if (!slots[slot]) {
            slots[slot] = word;
            distinct++;
        }
    }
    if (distinct < 3)
        return false;
    for (size_t i = 0; i < hint_words->count && matched < distinct; i++) {
        const lint_word *word = &hint_words->items[i];
        size_t slot = hash_word(hint + word->start, word->len) & (LABEL_SET_SIZE - 1);
        while (slots[slot] && !same_word(label + slots[slot]->start, slots[slot]->len,
                                         hint + word->start, word->len))
            slot = (slot + 1) & (LABEL_SET_SIZE - 1);
        if (slots[slot] && !found[slot]) {
            found[slot] = true;
            matched++;
        }
    }
    return matched == distinct;
}

/* ---- per text ---- */

static void check_text(text_ctx *tc, const helder_node *node, const helder_text *text,
                       const char *what, text_kind kind)
{
    const helder_form *form = tc->ctx->form;
    int first = -1;
    char where[256];
    if (!text->present)
        return;
    tc->node = node;
    tc->what = what;
    for (unsigned i = 0; i < form->nlangs && first < 0; i++)
        if (text->by_lang[i])
            first = (int)i;
    for (unsigned i = 0; i < form->nlangs; i++) {
        const char *value = text->by_lang[i];
        tc->lang = i;
        tc->pos = text->pos[i];
        if (!value) {
            if (first >= 0)
                lint_report(tc->ctx, HELDER_RULE_MISSING_TRANSLATION, text->pos[first],
                            "%s has no '%s' translation", text_where(tc, where, sizeof where),
                            form->langs[i]);
            continue;
        }
        tc->words = kind == TEXT_LABEL ? &tc->label_words[i] : &tc->other_words;
        lint_words_split(tc->words, value);
        if (tc->words->count == 0 && blank(value)) {
            lint_report(tc->ctx, HELDER_RULE_EMPTY_TEXT, tc->pos, "%s in '%s' is empty",
                        text_where(tc, where, sizeof where), form->langs[i]);
            continue;
        }
        if (kind == TEXT_LABEL) {
            if (tc->words->count > MAX_LABEL_WORDS)
                lint_report(tc->ctx, HELDER_RULE_LABEL_TOO_LONG, tc->pos,
                            "%s has %zu words in '%s'; keep it to %d and move the rest to the "
                            "hint",
                            text_where(tc, where, sizeof where), tc->words->count, form->langs[i],
                            MAX_LABEL_WORDS);
            check_double_negation(tc, value);
        } else if (kind == TEXT_HINT && node->label.by_lang[i]) {
            /* label_words[i] holds this label's words: lint_language checks a node's label
             * just before its hint. */
            if (hint_repeats(tc, node->label.by_lang[i], value))
                lint_report(tc->ctx, HELDER_RULE_HINT_REPEATS_LABEL, tc->pos,
                            "%s repeats its label in '%s'; use the hint for what the label does "
                            "not say",
                            text_where(tc, where, sizeof where), form->langs[i]);
        }
        lint_jargon_scan(tc->jargon, value, tc->words, form->langs[i], report_jargon, tc);
    }
}

void lint_language(lint_ctx *ctx)
{
    const helder_form *form = ctx->form;
    text_ctx tc;
    memset(&tc, 0, sizeof tc);
    tc.ctx = ctx;
    tc.jargon = lint_jargon_new(ctx->opts);
    for (size_t i = 0; i < form->nnodes; i++) {
        const helder_node *node = form->nodes[i];
        check_text(&tc, node, &node->title, "title", TEXT_TITLE);
        check_text(&tc, node, &node->label, "label", TEXT_LABEL);
        check_text(&tc, node, &node->hint, "hint", TEXT_HINT);
        check_text(&tc, node, &node->text, text_name(node), TEXT_OTHER);
    }
    lint_words_free(&tc.other_words);
    for (unsigned i = 0; i < HELDER_MAX_LANGS; i++)
        lint_words_free(&tc.label_words[i]);
    lint_jargon_free(tc.jargon);
}
