/* Collecting, ordering and printing diagnostics: gcc-style text (with the source line and a caret
 * on a terminal), JSON lines, and SARIF 2.1.0 for CI systems that show findings inline.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "model/model.h"

static const char *const severity_names[] = {"note", "warning", "error"};

void cli_diags_collect(const helder_diag *diag, void *payload)
{
    cli_diags *diags = payload;
    cli_diag *item;
    if (diags->count == diags->cap) {
        diags->cap = diags->cap ? diags->cap * 2 : 16;
        diags->items = helder_xrealloc(diags->items, diags->cap * sizeof *diags->items);
    }
    item = &diags->items[diags->count++];
    item->severity = diag->severity;
    item->rule = helder_xstrdup(diag->rule);
    item->file = helder_xstrdup(diag->file ? diag->file : "-");
    item->message = helder_xstrdup(diag->message);
    item->line = diag->line;
    item->col = diag->col;
    diags->counts[diag->severity]++;
}

static int compare_diags(const void *a, const void *b)
{
    const cli_diag *left = a, *right = b;
    int order = strcmp(left->file, right->file);
    if (order)
        return order;
    if (left->line != right->line)
        return left->line < right->line ? -1 : 1;
    if (left->col != right->col)
        return left->col < right->col ? -1 : 1;
    if (left->severity != right->severity)
        return left->severity > right->severity ? -1 : 1;
    return strcmp(left->rule, right->rule);
}

void cli_diags_sort(cli_diags *diags)
{
    /* qsort is not stable; the comparison is total except for identical diagnostics. */
    if (diags->count > 1)
        qsort(diags->items, diags->count, sizeof *diags->items, compare_diags);
}

void cli_diags_free(cli_diags *diags)
{
    for (size_t i = 0; i < diags->count; i++) {
        free(diags->items[i].rule);
        free(diags->items[i].file);
        free(diags->items[i].message);
    }
    free(diags->items);
    memset(diags, 0, sizeof *diags);
}

/* Prints line `line` of file and a caret under column `col` (columns count characters). */
static void print_source_line(FILE *out, const char *file, unsigned line, unsigned col)
{
    char *buf;
    size_t len, at = 0;
    unsigned current = 1;
    if (helder_read_file(&buf, &len, file, 64u << 20) != HELDER_OK)
        return;
    while (current < line && at < len) {
        if (buf[at++] == '\n')
            current++;
    }
    if (current == line && at < len) {
        size_t end = at;
        while (end < len && buf[end] != '\n' && end - at < 400)
            end++;
        fprintf(out, "  %.*s\n  ", (int)(end - at), buf + at);
        /* Tabs stay tabs so that the caret lines up in a terminal. */
        size_t byte = at;
        for (unsigned c = 1; c < col && byte < end; c++) {
            fputc(buf[byte] == '\t' ? '\t' : ' ', out);
            byte++;
            while (byte < end && ((unsigned char)buf[byte] & 0xC0) == 0x80)
                byte++;
        }
        fputs("^\n", out);
    }
    free(buf);
}

void cli_diags_print_text(FILE *out, const cli_diags *diags, int show_source)
{
    for (size_t i = 0; i < diags->count; i++) {
        const cli_diag *d = &diags->items[i];
        if (d->line && d->col)
            fprintf(out, "%s:%u:%u: ", d->file, d->line, d->col);
        else if (d->line)
            fprintf(out, "%s:%u: ", d->file, d->line);
        else
            fprintf(out, "%s: ", d->file);
        fprintf(out, "%s: %s [%s]\n", severity_names[d->severity], d->message, d->rule);
        if (show_source && d->line && d->col)
            print_source_line(out, d->file, d->line, d->col);
    }
}

void cli_diags_print_json(FILE *out, const cli_diags *diags)
{
    for (size_t i = 0; i < diags->count; i++) {
        const cli_diag *d = &diags->items[i];
        json_t *object =
            json_pack("{s:s, s:i, s:i, s:s, s:s, s:s}", "file", d->file, "line",
                      (json_int_t)d->line, "column", (json_int_t)d->col, "severity",
                      severity_names[d->severity], "rule", d->rule, "message", d->message);
        char *text = json_dumps(object, JSON_COMPACT | JSON_ENSURE_ASCII);
        fprintf(out, "%s\n", text);
        free(text);
        json_decref(object);
    }
}

void cli_diags_print_sarif(FILE *out, const cli_diags *diags)
{
    static const char *const levels[] = {"note", "warning", "error"};
    const helder_rule_info *rules;
    size_t nrules = helder_rules(&rules);
    json_t *rule_array = json_array(), *results = json_array();
    for (size_t i = 0; i < nrules; i++)
        json_array_append_new(rule_array, json_pack("{s:s, s:{s:s}, s:{s:s}}", "id", rules[i].id,
                                                    "shortDescription", "text", rules[i].summary,
                                                    "defaultConfiguration", "level",
                                                    levels[rules[i].severity]));
    for (size_t i = 0; i < diags->count; i++) {
        const cli_diag *d = &diags->items[i];
        json_t *region = json_object();
        if (d->line)
            json_object_set_new(region, "startLine", json_integer(d->line));
        if (d->col)
            json_object_set_new(region, "startColumn", json_integer(d->col));
        json_t *location =
            json_pack("{s:{s:{s:s}}}", "physicalLocation", "artifactLocation", "uri", d->file);
        if (d->line)
            json_object_set_new(json_object_get(location, "physicalLocation"), "region", region);
        else
            json_decref(region);
        int rule_index = helder_rule_lookup(d->rule);
        json_t *result =
            json_pack("{s:s, s:s, s:{s:s}, s:[o]}", "ruleId", d->rule, "level", levels[d->severity],
                      "message", "text", d->message, "locations", location);
        if (rule_index >= 0)
            json_object_set_new(result, "ruleIndex", json_integer(rule_index));
        json_array_append_new(results, result);
    }
    json_t *log = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:o}}, s:o}]}", "$schema",
                            "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0",
                            "runs", "tool", "driver", "name", "helder", "version", helder_version(),
                            "rules", rule_array, "results", results);
    char *text = json_dumps(log, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    fprintf(out, "%s\n", text);
    free(text);
    json_decref(log);
}

int cli_parse_format(const char *name, cli_format *out)
{
    if (strcmp(name, "text") == 0)
        *out = CLI_FORMAT_TEXT;
    else if (strcmp(name, "json") == 0)
        *out = CLI_FORMAT_JSON;
    else if (strcmp(name, "sarif") == 0)
        *out = CLI_FORMAT_SARIF;
    else
        return -1;
    return 0;
}
