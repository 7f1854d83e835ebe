/* The table of diagnostic rules and the functions that format and emit diagnostics.
 *
 * Rules live once in model/rules.def; this file turns that list into the lookup tables and the
 * public helder_rules() listing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model/model.h"

static const helder_rule_info rule_table[] = {
#define HELDER_RULE(id, name, severity, summary) {name, severity, summary},
#include "model/rules.def"
#undef HELDER_RULE
};

size_t helder_rules(const helder_rule_info **out)
{
    *out = rule_table;
    return HELDER_RULE__COUNT;
}

const char *helder_rule_name(helder_rule rule)
{
    return rule_table[rule].id;
}

helder_severity helder_rule_severity(helder_rule rule)
{
    return rule_table[rule].severity;
}

int helder_rule_lookup(const char *name)
{
    for (size_t i = 0; i < HELDER_RULE__COUNT; i++)
        if (strcmp(rule_table[i].id, name) == 0)
            return (int)i;
    return -1;
}

static void emit(helder_diag_sink *sink, helder_rule rule, helder_severity severity,
                 const char *file, helder_pos pos, const char *fmt, va_list args)
{
    char message[1024];
    helder_diag diag;
    if (!sink)
        return;
    vsnprintf(message, sizeof message, fmt, args);
    /* One line: a message must never smuggle a newline into the output. */
    for (char *at = message; *at; at++)
        if (*at == '\n' || *at == '\r')
            *at = ' ';
    diag.severity = severity;
    diag.rule = helder_rule_name(rule);
    diag.file = file;
    diag.line = pos.line;
    diag.col = pos.col;
    diag.message = message;
    sink->counts[severity]++;
    if (sink->fn)
        sink->fn(&diag, sink->payload);
}

void helder_diagf(helder_diag_sink *sink, helder_rule rule, const char *file, helder_pos pos,
                  const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    emit(sink, rule, helder_rule_severity(rule), file, pos, fmt, args);
    va_end(args);
}

void helder_diagf_sev(helder_diag_sink *sink, helder_rule rule, helder_severity severity,
                      const char *file, helder_pos pos, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    emit(sink, rule, severity, file, pos, fmt, args);
    va_end(args);
}
