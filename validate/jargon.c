/* The jargon list of the plain-language rule: words and phrases of Dutch immigration law and
 * English officialese that applicants stumble over, each with the plain words to write instead
 * (shared/DOMAIN.md section 4). Kept as data; designers extend it with `helder lint --jargon`.
 * Matching is on whole words, ASCII case-insensitive, through a hash of each entry's first word.
 * A term in parentheses counts as explained ("officially stamped (legalisation)") and passes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "validate/lint.h"

typedef struct {
    const char *phrase; /* lower case, words separated by one space */
    const char *lang;   /* primary language subtag it applies to, or NULL for every language */
    const char *plain;  /* what to write instead, in that language; NULL: leave it out;
                         * "": not known (a designer's entry without " = …") */
    const char *gloss;  /* the plain words in English, for designers of other languages */
} jargon_entry;

static const jargon_entry builtin[] = {
    /* Dutch: the plain-language table of the immigration service's own writing guide */
    {"referent", "nl", "de persoon in Nederland bij wie u wilt wonen",
     "the person in the Netherlands you want to live with"},
    {"vreemdeling", "nl", "u of uw partner", "you, your partner"},
    {"vreemdelingen", "nl", "mensen uit het buitenland", "people from abroad"},
    {"leges", "nl", "kosten", "costs"},
    {"mvv", "nl", "visum om naar Nederland te reizen", "entry visa"},
    {"antecedentenverklaring", "nl", "vragen over strafbare feiten", "questions about crimes"},
    {"vrijstelling", "nl", "u hoeft dit niet te doen", "you don't have to"},
    {"legaliseren", "nl", "officieel laten stempelen", "have the document officially stamped"},
    {"gelegaliseerd", "nl", "officieel gestempeld", "officially stamped"},
    {"gelegaliseerde", "nl", "officieel gestempelde", "officially stamped"},
    {"legalisatie", "nl", "officiële stempel", "official stamp"},
    {"bewijsmiddelen", "nl", "documenten die dit bewijzen", "documents that prove this"},
    {"middelenvereiste", "nl", "inkomenseis", "income requirement"},
    {"bestendig verblijf", "nl", "land waar u mag wonen", "country where you may live"},
    {"verblijfsgat", "nl", "periode zonder verblijfsvergunning", "gap between permits"},
    {"indien", "nl", "als", "if"},
    {"derhalve", "nl", "daarom", "so"},
    {"dient te", "nl", "moet", "must"},
    {"dienen te", "nl", "moeten", "must"},
    {"bezwaar maken", "nl", "laten weten dat u het er niet mee eens bent",
     "tell us if you disagree"},
    {"teneinde", "nl", "om", "to"},
    {"middels", "nl", "met", "with"},
    {"alsmede", "nl", "en", "and"},
    {"ten behoeve van", "nl", "voor", "for"},
    {"onverwijld", "nl", "meteen", "at once"},
    {"ingevolge", "nl", "volgens", "under"},
    {"woonachtig", "nl", "wonen", "living"},
    /* English officialese */
    {"mvv", "en", "entry visa", NULL},
    {"sponsor", "en", "the person you want to live with", NULL},
    {"aforementioned", "en", "this", NULL},
    {"hereby", "en", NULL, NULL},
    {"herewith", "en", NULL, NULL},
    {"pursuant to", "en", "under", NULL},
    {"in accordance with", "en", "under", NULL},
    {"notwithstanding", "en", "despite", NULL},
    {"prior to", "en", "before", NULL},
    {"in the event that", "en", "if", NULL},
    {"commence", "en", "start", NULL},
    {"henceforth", "en", "from now on", NULL},
    {"furnish", "en", "give", NULL},
    {"alien", "en", "foreign national", NULL},
    {"means requirement", "en", "income requirement", NULL},
    {"legalise", "en", "have officially stamped", NULL},
    {"legalised", "en", "officially stamped", NULL},
    {"legalize", "en", "have officially stamped", NULL},
    {"legalized", "en", "officially stamped", NULL},
    {"legalisation", "en", "official stamp", NULL},
    {"lodge an objection", "en", "tell us if you disagree", NULL},
};

struct lint_jargon {
    size_t count;
    jargon_entry *entries;
    char **owned; /* strings copied from opts->jargon */
    size_t nowned;
    size_t nbuckets;    /* a power of two */
    size_t *buckets;    /* entry index + 1, 0 for empty */
    size_t *chain;      /* next entry index + 1 with the same first-word hash */
    unsigned *reported; /* per entry, the scan generation it was last reported in */
    unsigned generation;
};

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

static uint32_t hash_word(const char *word, size_t len)
{
    uint32_t hash = 2166136261u;
    for (size_t i = 0; i < len; i++)
        hash = (hash ^ lower((unsigned char)word[i])) * 16777619u;
    return hash;
}

static size_t first_word_len(const char *phrase)
{
    const char *space = strchr(phrase, ' ');
    return space ? (size_t)(space - phrase) : strlen(phrase);
}

/* A user entry: "phrase" or "phrase = plain words"; the phrase is normalised to lower case
 * words separated by single spaces. Returns false when it has no words. */
static bool parse_user_entry(lint_jargon *jargon, const char *line, jargon_entry *out)
{
    const char *equals = strchr(line, '=');
    size_t phrase_end = equals ? (size_t)(equals - line) : strlen(line);
    char *phrase = helder_xmalloc(phrase_end + 1), *plain = NULL;
    size_t at = 0, start, len, used = 0;
    char *copy = helder_xstrndup(line, phrase_end);
    while (lint_next_word(copy, &at, &start, &len)) {
        if (used)
            phrase[used++] = ' ';
        for (size_t i = 0; i < len; i++)
            phrase[used++] = (char)lower((unsigned char)copy[start + i]);
    }
    phrase[used] = '\0';
    free(copy);
    if (!used) {
        free(phrase);
        return false;
    }
    if (equals) {
        const char *begin = equals + 1, *end = equals + strlen(equals);
        while (*begin == ' ' || *begin == '\t')
            begin++;
        while (end > begin && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        if (end > begin)
            plain = helder_xstrndup(begin, (size_t)(end - begin));
    }
    jargon->owned[jargon->nowned++] = phrase;
    if (plain)
        jargon->owned[jargon->nowned++] = plain;
    out->phrase = phrase;
    out->lang = NULL;
    out->plain = plain ? plain : "";
    out->gloss = NULL;
    return true;
}

lint_jargon *lint_jargon_new(const helder_lint_options *opts)
{
    lint_jargon *jargon = helder_xcalloc(1, sizeof *jargon);
    size_t nuser = 0, nbuiltin = sizeof builtin / sizeof builtin[0];
    while (opts && opts->jargon && opts->jargon[nuser])
        nuser++;
    jargon->entries = helder_xcalloc(nbuiltin + nuser + 1, sizeof *jargon->entries);
    jargon->owned = helder_xcalloc(2 * nuser + 1, sizeof *jargon->owned);
    memcpy(jargon->entries, builtin, sizeof builtin);
    jargon->count = nbuiltin;
    for (size_t i = 0; i < nuser; i++)
        if (parse_user_entry(jargon, opts->jargon[i], &jargon->entries[jargon->count]))
            jargon->count++;
    jargon->nbuckets = 64;
    while (jargon->nbuckets < 2 * jargon->count)
        jargon->nbuckets *= 2;
    jargon->buckets = helder_xcalloc(jargon->nbuckets, sizeof *jargon->buckets);
    jargon->chain = helder_xcalloc(jargon->count + 1, sizeof *jargon->chain);
    jargon->reported = helder_xcalloc(jargon->count + 1, sizeof *jargon->reported);
    /* Insert in reverse so that each chain lists entries in table order. */
    for (size_t i = jargon->count; i-- > 0;) {
        const char *phrase = jargon->entries[i].phrase;
        size_t bucket = hash_word(phrase, first_word_len(phrase)) & (jargon->nbuckets - 1);
        jargon->chain[i] = jargon->buckets[bucket];
        jargon->buckets[bucket] = i + 1;
    }
    return jargon;
}

void lint_jargon_free(lint_jargon *jargon)
{
    if (!jargon)
        return;
    for (size_t i = 0; i < jargon->nowned; i++)
        free(jargon->owned[i]);
    free(jargon->owned);
    free(jargon->entries);
    free(jargon->buckets);
    free(jargon->chain);
    free(jargon->reported);
    free(jargon);
}

static bool lang_applies(const char *entry_lang, const char *lang)
{
    size_t len;
    if (!entry_lang)
        return true;
    if (!lang)
        return false;
    len = strlen(entry_lang);
    return strncmp(lang, entry_lang, len) == 0 && (lang[len] == '\0' || lang[len] == '-');
}

static bool word_equals(const char *text, size_t len, const char *word, size_t word_len)
{
    if (len != word_len)
        return false;
    for (size_t i = 0; i < len; i++)
        if (lower((unsigned char)text[i]) != (unsigned char)word[i])
            return false;
    return true;
}

/* Whether the words of phrase match the text's words from `first` on; *last gets the index of
 * the last matched word. */
static bool phrase_matches(const char *phrase, const char *text, const lint_word *words,
                           size_t nwords, size_t first, size_t *last)
{
    size_t index = first;
    const char *at = phrase;
    for (;;) {
        size_t len = first_word_len(at);
        if (index >= nwords || !word_equals(text + words[index].start, words[index].len, at, len))
            return false;
        if (at[len] == '\0') {
            *last = index;
            return true;
        }
        at += len + 1;
        index++;
    }
}

void lint_jargon_scan(lint_jargon *jargon, const char *text, const lint_words *words,
                      const char *lang, lint_jargon_fn fn, void *payload)
{
    unsigned generation = ++jargon->generation;
    for (size_t i = 0; i < words->count; i++) {
        const lint_word *word = &words->items[i];
        uint32_t hash;
        if (word->in_parens)
            continue;
        hash = hash_word(text + word->start, word->len);
        for (size_t slot = jargon->buckets[hash & (jargon->nbuckets - 1)]; slot;
             slot = jargon->chain[slot - 1]) {
            const jargon_entry *entry = &jargon->entries[slot - 1];
            size_t last;
            if (jargon->reported[slot - 1] == generation || !lang_applies(entry->lang, lang) ||
                !phrase_matches(entry->phrase, text, words->items, words->count, i, &last))
                continue;
            jargon->reported[slot - 1] = generation;
            fn(text + word->start, words->items[last].start + words->items[last].len - word->start,
               entry->plain, entry->gloss, payload);
        }
    }
}
