/* `helder lint FORM...`: load each form (schema, references, types) and run every lint rule,
 * then print all diagnostics at once, ordered by position. */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "model/model.h"

/* Reads a jargon list: one word or phrase per line, '#' starts a comment. */
static char **read_jargon(const char *path)
{
    char *buf, *save = NULL;
    size_t len, count = 0;
    char **words;
    if (helder_read_file(&buf, &len, path, 1u << 20) != HELDER_OK)
        return NULL;
    words = helder_xcalloc(len / 2 + 2, sizeof *words);
    for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *end = line + strlen(line);
        while (*line == ' ' || *line == '\t')
            line++;
        while (end > line && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
            *--end = '\0';
        if (*line && *line != '#')
            words[count++] = helder_xstrdup(line);
    }
    free(buf);
    return words;
}

static void free_jargon(char **words)
{
    for (size_t i = 0; words && words[i]; i++)
        free(words[i]);
    free(words);
}

static void list_rules(void)
{
    static const char *const severities[] = {"note", "warning", "error"};
    const helder_rule_info *rules;
    size_t count = helder_rules(&rules);
    for (size_t i = 0; i < count; i++)
        printf("%-28s %-8s %s\n", rules[i].id, severities[rules[i].severity], rules[i].summary);
}

int cmd_lint(int argc, char **argv)
{
    static const struct option options[] = {
        {"format", required_argument, NULL, 'f'}, {"strict", no_argument, NULL, 's'},
        {"jargon", required_argument, NULL, 'j'}, {"list-rules", no_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    cli_format format = CLI_FORMAT_TEXT;
    int strict = 0, opt, status = EXIT_CLEAN, io_failed = 0;
    char **jargon = NULL;
    cli_diags diags = {0};
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(cli_diags_collect, &diags);
    helder_lint_options lint_opts = HELDER_LINT_OPTIONS_INIT;

    while ((opt = getopt_long(argc, argv, "f:h", options, NULL)) != -1) {
        switch (opt) {
        case 'f':
            if (cli_parse_format(optarg, &format) != 0) {
                fprintf(stderr, "helder lint: unknown format '%s' (text, json or sarif)\n", optarg);
                free_jargon(jargon);
                return EXIT_USAGE;
            }
            break;
        case 's':
            strict = 1;
            break;
        case 'j':
            free_jargon(jargon);
            jargon = read_jargon(optarg);
            if (!jargon) {
                fprintf(stderr, "helder lint: cannot read jargon list '%s': %s\n", optarg,
                        strerror(errno));
                return EXIT_SYSTEM;
            }
            break;
        case 'l':
            list_rules();
            free_jargon(jargon);
            return EXIT_CLEAN;
        case 'h':
            cli_print_usage(stdout, cli_find_command("lint"));
            free_jargon(jargon);
            return EXIT_CLEAN;
        default:
            cli_print_usage(stderr, cli_find_command("lint"));
            free_jargon(jargon);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "helder lint: no form given\n");
        cli_print_usage(stderr, cli_find_command("lint"));
        free_jargon(jargon);
        return EXIT_USAGE;
    }
    lint_opts.jargon = (const char *const *)jargon;
#ifdef M_MXFAST
    /* Loading builds a libxml2 tree of a few hundred thousand small blocks and frees it. With
     * glibc's fast bins those frees are deferred to a consolidation pass over the whole heap at
     * the next large allocation, a walk that cost a tenth of linting a large form; without them
     * each free coalesces at once. */
    mallopt(M_MXFAST, 0);
#endif
    for (int i = optind; i < argc; i++) {
        helder_form *form = NULL;
        int rc = helder_form_load_file(&form, argv[i], NULL, &sink);
        if (rc == HELDER_EIO)
            io_failed = 1;
        if (form)
            helder_lint(form, &lint_opts, &sink);
        helder_form_free(form);
    }
    cli_diags_sort(&diags);
    switch (format) {
    case CLI_FORMAT_TEXT:
        cli_diags_print_text(stdout, &diags, isatty(STDOUT_FILENO));
        break;
    case CLI_FORMAT_JSON:
        cli_diags_print_json(stdout, &diags);
        break;
    case CLI_FORMAT_SARIF:
        cli_diags_print_sarif(stdout, &diags);
        break;
    }
    if (diags.counts[HELDER_SEVERITY_ERROR] || (strict && diags.counts[HELDER_SEVERITY_WARNING]))
        status = EXIT_INPUT;
    if (io_failed)
        status = EXIT_SYSTEM;
    if (format == CLI_FORMAT_TEXT && diags.count && isatty(STDERR_FILENO))
        fprintf(stderr, "%u error(s), %u warning(s)\n", diags.counts[HELDER_SEVERITY_ERROR],
                diags.counts[HELDER_SEVERITY_WARNING]);
    cli_diags_free(&diags);
    free_jargon(jargon);
    return status;
}
