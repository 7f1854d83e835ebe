/* Shared pieces of the command-line interface: the subcommand table and diagnostic printing.
 * cli/ is the only code that touches argv, stdout and the exit status. */
#ifndef HELDER_CLI_H
#define HELDER_CLI_H

#include <stdio.h>

#include "helder.h"

/* Exit statuses (STYLE.md): a subcommand may add one documented status of its own. */
enum { EXIT_CLEAN = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_SYSTEM = 3 };

typedef struct {
    const char *name;
    const char *summary;
    const char *usage; /* the full help text of `helder help NAME` */
    int (*run)(int argc, char **argv);
} cli_command;

const cli_command *cli_find_command(const char *name);
void cli_print_usage(FILE *out, const cli_command *command);

/* Collects diagnostics so that they can be sorted and printed as text, JSON or SARIF. */
typedef enum { CLI_FORMAT_TEXT, CLI_FORMAT_JSON, CLI_FORMAT_SARIF } cli_format;

typedef struct cli_diag {
    helder_severity severity;
    char *rule, *file, *message;
    unsigned line, col;
} cli_diag;

typedef struct {
    cli_diag *items;
    size_t count, cap;
    unsigned counts[3];
} cli_diags;

void cli_diags_collect(const helder_diag *diag, void *payload);
void cli_diags_sort(cli_diags *diags);
void cli_diags_free(cli_diags *diags);
/* Text: gcc style; with `color_source`, the source line and a caret under the column. */
void cli_diags_print_text(FILE *out, const cli_diags *diags, int show_source);
void cli_diags_print_json(FILE *out, const cli_diags *diags);
void cli_diags_print_sarif(FILE *out, const cli_diags *diags);
int cli_parse_format(const char *name, cli_format *out);

int cmd_lint(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_simplify(int argc, char **argv);
int cmd_form_data(int argc, char **argv);
int cmd_serve(int argc, char **argv);

#endif
