/* The rules of `helder check` and the catalogue of built-in messages for applicants (nl, en),
 * both as data (check_rules.def, check_messages.def), and filling in {placeholders}. In model/
 * because the answer rules (answer.c) and the facts loader (facts.c) report through them too,
 * for check and simplify alike.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/messages.h"

/* ---- rules ---- */

static const helder_rule_info rule_table[] = {
#define HELDER_CHECK_RULE(id, name, severity, summary) {name, severity, summary},
#include "model/check_rules.def"
#undef HELDER_CHECK_RULE
};

size_t helder_check_rules(const helder_rule_info **out)
{
    *out = rule_table;
    return HELDER_CHECK_RULE__COUNT;
}

const char *helder_check_rule_name(helder_check_rule rule)
{
    return rule_table[rule].id;
}

helder_severity helder_check_rule_severity(helder_check_rule rule)
{
    return rule_table[rule].severity;
}

/* ---- messages ---- */

enum { LANG_EN, LANG_NL, LANG__COUNT };

static const char *const catalogue_langs[LANG__COUNT] = {"en", "nl"};

static const struct {
    helder_check_rule rule;
    const char *text[LANG__COUNT];
} messages[HELDER_MSG__COUNT] = {
    [HELDER_MSG_NONE] = {HELDER_CHECK_RULE_REQUIRED, {"", ""}},
#define HELDER_CHECK_MSG(id, rule_id, en, nl)                                                      \
    [HELDER_MSG_##id] = {HELDER_CHECK_RULE_##rule_id, {en, nl}},
#include "model/check_messages.def"
#undef HELDER_CHECK_MSG
};

helder_check_rule helder_check_msg_rule(helder_check_msg msg)
{
    return messages[msg].rule;
}

int helder_catalogue_lang(const char *lang)
{
    size_t primary = lang ? strcspn(lang, "-_") : 0;
    for (int i = 0; i < LANG__COUNT; i++)
        if (primary == strlen(catalogue_langs[i]) &&
            strncasecmp(lang, catalogue_langs[i], primary) == 0)
            return i;
    return LANG_EN;
}

const char *helder_catalogue_lang_name(int catalogue_lang)
{
    return catalogue_langs[catalogue_lang];
}

const char *helder_msg_format(helder_arena *arena, helder_check_msg msg, int catalogue_lang,
                              const helder_msg_args *args)
{
    static const helder_msg_args none = {NULL, NULL, NULL, NULL, NULL};
    const char *template = messages[msg].text[catalogue_lang];
    size_t len = 0, cap;
    char *out;
    if (!args)
        args = &none;
    /* Two passes: measure, then copy, so the message is one arena allocation. */
    for (int pass = 0; pass < 2; pass++) {
        const char *at = template;
        size_t used = 0;
        while (*at) {
            const char *value = NULL;
            size_t skip = 0;
            if (*at == '{') {
                static const struct {
                    const char *name;
                    size_t offset;
                } fields[] = {
                    {"{min}", offsetof(helder_msg_args, min)},
                    {"{max}", offsetof(helder_msg_args, max)},
                    {"{count}", offsetof(helder_msg_args, count)},
                    {"{expected}", offsetof(helder_msg_args, expected)},
                    {"{value}", offsetof(helder_msg_args, value)},
                };
                for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
                    size_t name_len = strlen(fields[i].name);
                    if (strncmp(at, fields[i].name, name_len) == 0) {
                        value = *(const char *const *)((const char *)args + fields[i].offset);
                        value = value ? value : "?";
                        skip = name_len;
                        break;
                    }
                }
            }
            if (value) {
                size_t value_len = strlen(value);
                if (pass == 1)
                    memcpy(out + used, value, value_len);
                used += value_len;
                at += skip;
            } else {
                if (pass == 1)
                    out[used] = *at;
                used++;
                at++;
            }
        }
        if (pass == 0) {
            len = used;
            cap = len + 1;
            out = helder_arena_alloc(arena, cap);
        }
    }
    out[len] = '\0';
    return out;
}
