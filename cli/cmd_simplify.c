/* `helder simplify FORM --facts F`: the shortest form that still asks what the facts do not
 * answer, and a report of every change and why. Exit 4 is this command's own: the facts alone
 * make the application fail (an early no); the simplified form and the report are still written.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "model/model.h"

enum { EXIT_EARLY_NO = 4 };

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("helder simplify: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n", stderr);
    cli_print_usage(stderr, cli_find_command("simplify"));
    return EXIT_USAGE;
}

static int write_file(const char *path, const char *data, size_t len)
{
    FILE *file = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    if (!file) {
        fprintf(stderr, "helder simplify: cannot write %s: %s\n", path, strerror(errno));
        return EXIT_SYSTEM;
    }
    size_t written = fwrite(data, 1, len, file);
    int failed = written != len || fflush(file) != 0;
    if (file != stdout)
        failed |= fclose(file) != 0;
    if (failed) {
        fprintf(stderr, "helder simplify: cannot write %s: %s\n", path, strerror(errno));
        return EXIT_SYSTEM;
    }
    return EXIT_CLEAN;
}

static bool valid_day(const char *text)
{
    int32_t days;
    return helder_date_parse(&days, text, strlen(text)) == 0;
}

int cmd_simplify(int argc, char **argv)
{
    static const struct option options[] = {
        {"facts", required_argument, NULL, 'F'},
        {"output", required_argument, NULL, 'o'},
        {"report", required_argument, NULL, 'r'},
        {"format", required_argument, NULL, 'f'},
        {"known", required_argument, NULL, 'k'},
        {"today", required_argument, NULL, 't'},
        {"valid-until", required_argument, NULL, 'u'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *facts_path = NULL, *output = "-", *report_path = NULL;
    helder_report_format format = HELDER_REPORT_TEXT;
    helder_simplify_options opts = HELDER_SIMPLIFY_OPTIONS_INIT;
    cli_diags diags = {0};
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(cli_diags_collect, &diags);
    helder_form *form = NULL;
    helder_check_plan *plan = NULL;
    helder_facts *facts = NULL;
    helder_simplify_result *result = NULL;
    char digest[72], *facts_buf = NULL;
    size_t facts_len = 0;
    int opt, status = EXIT_CLEAN, rc;

    while ((opt = getopt_long(argc, argv, "F:o:r:f:h", options, NULL)) != -1) {
        switch (opt) {
        case 'F':
            facts_path = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 'r':
            report_path = optarg;
            break;
        case 'f':
            if (strcmp(optarg, "text") == 0)
                format = HELDER_REPORT_TEXT;
            else if (strcmp(optarg, "json") == 0)
                format = HELDER_REPORT_JSON;
            else
                return usage_error("unknown report format '%s' (text or json)", optarg);
            break;
        case 'k':
            if (strcmp(optarg, "confirm") == 0)
                opts.known = HELDER_KNOWN_CONFIRM;
            else if (strcmp(optarg, "drop") == 0)
                opts.known = HELDER_KNOWN_DROP;
            else
                return usage_error("--known takes drop or confirm, not '%s'", optarg);
            break;
        case 't':
            if (!valid_day(optarg))
                return usage_error("--today takes a date that exists, as YYYY-MM-DD, not '%s'",
                                   optarg);
            opts.today = optarg;
            break;
        case 'u':
            if (!valid_day(optarg))
                return usage_error("--valid-until takes a date that exists, as YYYY-MM-DD, "
                                   "not '%s'",
                                   optarg);
            opts.valid_until = optarg;
            break;
        case 'h':
            cli_print_usage(stdout, cli_find_command("simplify"));
            return EXIT_CLEAN;
        default:
            cli_print_usage(stderr, cli_find_command("simplify"));
            return EXIT_USAGE;
        }
    }
    if (optind >= argc)
        return usage_error("no form given");
    if (optind + 1 < argc)
        return usage_error("one form at a time (got '%s' too)", argv[optind + 1]);
    if (!facts_path)
        return usage_error("--facts is required");
    if (opts.valid_until && !opts.today)
        return usage_error("--valid-until needs --today: the window starts on that day");
    if (opts.valid_until && strcmp(opts.valid_until, opts.today) < 0)
        return usage_error("--valid-until %s is before --today %s", opts.valid_until, opts.today);

    rc = helder_form_load_file(&form, argv[optind], NULL, &sink);
    if (rc != HELDER_OK || helder_check_plan_new(&plan, form) != HELDER_OK) {
        status = rc == HELDER_EIO ? EXIT_SYSTEM : EXIT_INPUT;
        goto out;
    }
    /* The facts are read once: for their digest, then parsed by the same loader check uses. */
    rc = helder_read_file(&facts_buf, &facts_len, facts_path, 1u << 20);
    if (rc != HELDER_OK) {
        helder_pos nowhere = {0, 0};
        if (rc == HELDER_ETOOBIG)
            helder_diagf(&sink, HELDER_RULE_INPUT_TOO_LARGE, facts_path, nowhere,
                         "the file is larger than the limit of %u bytes", 1u << 20);
        else
            helder_diagf(&sink, HELDER_RULE_FILE_UNREADABLE, facts_path, nowhere,
                         "cannot read the file: %s", strerror(errno));
        status = rc == HELDER_ETOOBIG ? EXIT_INPUT : EXIT_SYSTEM;
        goto out;
    }
    helder_sha256_hex(digest, facts_buf, facts_len);
    opts.facts_digest = digest;
    rc = helder_facts_load_memory(&facts, plan, facts_buf, facts_len, facts_path, NULL, &sink);
    if (rc != HELDER_OK) {
        status = EXIT_INPUT;
        goto out;
    }
    rc = helder_simplify(&result, form, facts, &opts);
    if (rc != HELDER_OK) {
        status = rc == HELDER_EUSAGE ? EXIT_USAGE : EXIT_INPUT;
        if (rc == HELDER_EUSAGE)
            fprintf(stderr, "helder simplify: the validity window is too long (at most 10 "
                            "years)\n");
        goto out;
    }
    {
        size_t len;
        const char *xml = helder_simplify_result_form(result, &len);
        status = write_file(output, xml, len);
    }
    if (status == EXIT_CLEAN && report_path) {
        char *report;
        size_t len;
        helder_simplify_result_report(&report, &len, result, format);
        status = write_file(report_path, report, len);
        free(report);
    }
    if (status == EXIT_CLEAN && !helder_simplify_result_eligible(result)) {
        fprintf(stderr,
                "helder simplify: not eligible: the facts alone make the application "
                "fail%s\n",
                report_path ? " (the report says why)" : "; see --report");
        status = EXIT_EARLY_NO;
    }
out:
    cli_diags_sort(&diags);
    cli_diags_print_text(stderr, &diags, isatty(STDERR_FILENO));
    cli_diags_free(&diags);
    helder_simplify_result_free(result);
    helder_facts_free(facts);
    helder_check_plan_free(plan);
    helder_form_free(form);
    free(facts_buf);
    return status;
}
