/* `helder render`: a form as a web page or a paper form. Options common to every format are read
 * here, then one function per format does the rest (render_html, render_pdf).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "model/model.h"

typedef struct {
    const char *form_path;
    const char *format;
    const char *lang;
    const char *out;
    const char *submission;
    const char *action;
    const char *css;
    const char *templates;
    const char *facts;
    const char *today;
    const char *paper;
    int inline_assets;
    helder_html_error *errors; /* --error, for previews and tests */
    size_t nerrors;
} render_args;

typedef int (*render_fn)(const render_args *args, helder_form *form, cli_diags *diags);

/* Writes bytes to path ("-" or NULL: stdout). Returns 0 or EXIT_SYSTEM. */
static int write_output(const char *path, const char *bytes, size_t len)
{
    FILE *file = !path || strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    int failed;
    if (!file) {
        fprintf(stderr, "helder render: cannot write %s: %s\n", path, strerror(errno));
        return EXIT_SYSTEM;
    }
    failed = fwrite(bytes, 1, len, file) != len;
    failed |= file == stdout ? fflush(file) != 0 : fclose(file) != 0;
    if (failed) {
        fprintf(stderr, "helder render: cannot write %s: %s\n", path ? path : "stdout",
                strerror(errno));
        return EXIT_SYSTEM;
    }
    return EXIT_CLEAN;
}

/* Reads the submission to render (at most 1 MiB): EXIT_CLEAN, or EXIT_SYSTEM after saying why. */
static int read_submission(char **out, size_t *out_len, const char *path)
{
    int rc = helder_read_file(out, out_len, path, 1u << 20);
    if (rc != HELDER_OK) {
        fprintf(stderr, "helder render: cannot read %s: %s\n", path,
                rc == HELDER_ETOOBIG ? "larger than 1 MiB" : strerror(errno));
        return EXIT_SYSTEM;
    }
    return EXIT_CLEAN;
}

/* What check said about the submission being rendered: its errors go into the page. */
typedef struct {
    helder_check_plan *plan;
    helder_check_result *result;
    helder_html_error *errors;
} html_check;

/* A copy of the submission with the xml:lang of its root element set to lang, or NULL when it
 * has none (check then uses the form's first language). */
static char *with_lang(const char *submission, size_t len, const char *lang, size_t *out_len)
{
    const char *root = strstr(submission, "<submission");
    const char *end = root ? strchr(root, '>') : NULL;
    const char *attr = root ? strstr(root, "xml:lang=") : NULL;
    if (!attr || !end || attr > end || (attr[9] != '"' && attr[9] != '\''))
        return NULL;
    const char *value = attr + 10;
    const char *close = strchr(value, attr[9]);
    if (!close || close > end)
        return NULL;
    size_t before = (size_t)(value - submission), after = len - (size_t)(close - submission);
    char *copy = helder_xmalloc(before + strlen(lang) + after + 1);
    memcpy(copy, submission, before);
    memcpy(copy + before, lang, strlen(lang));
    memcpy(copy + before + strlen(lang), close, after);
    *out_len = before + strlen(lang) + after;
    copy[*out_len] = '\0';
    return copy;
}

/* Checks the submission to render (as `helder check` would) and adds its errors to those given
 * with --error. The page is in the submission's language unless --lang says otherwise. */
static int check_submission(html_check *check, helder_html_options *opts, const helder_form *form,
                            const char *submission, size_t len, const render_args *args)
{
    helder_check_options check_opts = HELDER_CHECK_OPTIONS_INIT;
    const helder_check_finding *findings;
    if (args->today && helder_check_today(&check_opts.today, args->today) != HELDER_OK) {
        fprintf(stderr, "helder render: --today takes a date YYYY-MM-DD\n");
        return EXIT_USAGE;
    }
    if (helder_check_plan_new(&check->plan, form) != HELDER_OK)
        return EXIT_INPUT;
    /* check speaks the submission's language; with --lang, the page's language wins */
    char *relabelled = args->lang ? with_lang(submission, len, args->lang, &len) : NULL;
    int rc =
        helder_check_submission(&check->result, check->plan, relabelled ? relabelled : submission,
                                len, args->submission, &check_opts);
    free(relabelled);
    if (!check->result)
        return rc == HELDER_ETOOBIG ? EXIT_INPUT : EXIT_SYSTEM;
    if (!opts->lang)
        opts->lang = helder_check_result_lang(check->result);
    size_t count = helder_check_result_findings(check->result, &findings);
    check->errors = helder_xcalloc(count + args->nerrors + 1, sizeof *check->errors);
    size_t used = 0;
    for (size_t i = 0; i < args->nerrors; i++)
        check->errors[used++] = args->errors[i];
    for (size_t i = 0; i < count; i++) {
        if (findings[i].severity != HELDER_SEVERITY_ERROR)
            continue;
        check->errors[used].id = findings[i].question;
        check->errors[used].item = findings[i].item;
        check->errors[used].message = findings[i].message;
        used++;
    }
    opts->errors = check->errors;
    opts->nerrors = used;
    return EXIT_CLEAN;
}

static int render_html(const render_args *args, helder_form *form, cli_diags *diags)
{
    html_check check = {NULL, NULL, NULL};
    helder_html_options opts = HELDER_HTML_OPTIONS_INIT;
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(cli_diags_collect, diags);
    char *submission = NULL, *html = NULL;
    size_t submission_len = 0, html_len = 0;
    int status = EXIT_CLEAN, rc;

    opts.lang = args->lang;
    opts.action = args->action;
    opts.templates_dir = args->templates;
    opts.css_path = args->css;
    opts.inline_assets = args->inline_assets;
    opts.today = args->today;
    opts.errors = args->errors;
    opts.nerrors = args->nerrors;
    if (args->submission) {
        rc = read_submission(&submission, &submission_len, args->submission);
        if (rc != EXIT_CLEAN)
            return rc;
        opts.submission = submission;
        opts.submission_len = submission_len;
        opts.submission_name = args->submission;
        rc = check_submission(&check, &opts, form, submission, submission_len, args);
        if (rc != EXIT_CLEAN) {
            free(submission);
            return rc;
        }
    }
    rc = helder_render_html(&html, &html_len, form, &opts, &sink);
    if (rc == HELDER_OK) {
        status = write_output(args->out, html, html_len);
        if (status == EXIT_CLEAN && !args->inline_assets) {
            if (args->out && strcmp(args->out, "-") != 0) {
                char *dir = helder_xstrdup(args->out);
                char *slash = strrchr(dir, '/');
                if (slash)
                    *slash = '\0';
                if (helder_render_html_assets(slash ? dir : ".", &opts) != HELDER_OK) {
                    fprintf(stderr,
                            "helder render: cannot write style.css and helder.js beside "
                            "%s: %s\n",
                            args->out, strerror(errno));
                    status = EXIT_SYSTEM;
                }
                free(dir);
            } else {
                fprintf(stderr, "helder render: the page links style.css and helder.js; use -o "
                                "to write them beside it, or --inline\n");
            }
        }
    } else {
        status = rc == HELDER_EUSAGE ? EXIT_USAGE : rc == HELDER_EIO ? EXIT_SYSTEM : EXIT_INPUT;
    }
    free(html);
    free(submission);
    if (check.errors != args->errors)
        free(check.errors);
    helder_check_result_free(check.result);
    helder_check_plan_free(check.plan);
    return status;
}

/* --error ID=MESSAGE or ID:ITEM=MESSAGE: an error to show as if check had found it. The strings
 * are borrowed from argv. An empty ID is an error about the whole application. */
static int add_error(render_args *args, char *spec)
{
    char *equals = strchr(spec, '=');
    helder_html_error error = {NULL, 0, NULL};
    if (!equals)
        return -1;
    *equals = '\0';
    error.message = equals + 1;
    char *colon = strchr(spec, ':');
    if (colon) {
        char *end;
        *colon = '\0';
        unsigned long item = strtoul(colon + 1, &end, 10);
        if (*end != '\0' || item == 0 || item > 100000)
            return -1;
        error.item = (unsigned)item;
    }
    error.id = *spec ? spec : NULL;
    args->errors = helder_xrealloc(args->errors, (args->nerrors + 1) * sizeof *args->errors);
    args->errors[args->nerrors++] = error;
    return 0;
}

static int render_pdf(const render_args *args, helder_form *form, cli_diags *diags)
{
    helder_pdf_options opts = HELDER_PDF_OPTIONS_INIT;
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(cli_diags_collect, diags);
    char *submission = NULL, *pdf = NULL;
    size_t submission_len = 0, pdf_len = 0;
    int status = EXIT_CLEAN, rc;

    opts.lang = args->lang;
    opts.paper = args->paper;
    opts.today = args->today;
    if (args->paper && strcmp(args->paper, "a4") != 0 && strcmp(args->paper, "letter") != 0) {
        fprintf(stderr, "helder render: --paper takes a4 or letter\n");
        return EXIT_USAGE;
    }
    if (args->today) {
        int32_t days;
        if (helder_date_parse(&days, args->today, strlen(args->today)) != 0) {
            fprintf(stderr, "helder render: --today takes a date YYYY-MM-DD\n");
            return EXIT_USAGE;
        }
    }
    if (!args->out && isatty(fileno(stdout))) {
        fprintf(stderr, "helder render: not writing a PDF to a terminal; use -o FILE (or -o -)\n");
        return EXIT_USAGE;
    }
    if (args->submission) {
        rc = read_submission(&submission, &submission_len, args->submission);
        if (rc != EXIT_CLEAN)
            return rc;
        opts.submission = submission;
        opts.submission_len = submission_len;
        opts.submission_name = args->submission;
    }
    rc = helder_render_pdf(&pdf, &pdf_len, form, &opts, &sink);
    if (rc == HELDER_OK)
        status = write_output(args->out, pdf, pdf_len);
    else if (rc == HELDER_EIO)
        fprintf(stderr, "helder render: cairo could not draw the PDF\n");
    status = rc == HELDER_OK       ? status
             : rc == HELDER_EUSAGE ? EXIT_USAGE
             : rc == HELDER_EIO    ? EXIT_SYSTEM
                                   : EXIT_INPUT;
    free(pdf);
    free(submission);
    return status;
}

/* --facts: replaces *form by the form simplified for those facts (as `helder simplify` makes it),
 * so that every format shows only what the applicant still has to answer. */
static int simplify_for(helder_form **form, const render_args *args, cli_diags *diags)
{
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(cli_diags_collect, diags);
    helder_simplify_options opts = HELDER_SIMPLIFY_OPTIONS_INIT;
    helder_check_plan *plan = NULL;
    helder_facts *facts = NULL;
    helder_simplify_result *result = NULL;
    helder_form *simplified = NULL;
    int status = EXIT_INPUT, rc;

    opts.today = args->today;
    if (helder_check_plan_new(&plan, *form) != HELDER_OK)
        goto out;
    rc = helder_facts_load_file(&facts, plan, args->facts, NULL, &sink);
    if (rc != HELDER_OK) {
        status = rc == HELDER_EINVALID ? EXIT_INPUT : EXIT_SYSTEM;
        goto out;
    }
    rc = helder_simplify(&result, *form, facts, &opts);
    if (rc != HELDER_OK) {
        status = rc == HELDER_EUSAGE ? EXIT_USAGE : EXIT_INPUT;
        goto out;
    }
    if (!helder_simplify_result_eligible(result))
        fprintf(stderr,
                "helder render: the facts already rule this application out; see "
                "`helder simplify %s --facts %s` for why\n",
                args->form_path, args->facts);
    size_t len = 0;
    const char *xml = helder_simplify_result_form(result, &len);
    rc = helder_form_load_memory(&simplified, xml, len, args->form_path, NULL, &sink);
    if (rc != HELDER_OK)
        goto out;
    status = EXIT_CLEAN;
out:
    /* the result and the facts may borrow the original form: free them first */
    helder_simplify_result_free(result);
    helder_facts_free(facts);
    helder_check_plan_free(plan);
    if (status == EXIT_CLEAN) {
        helder_form_free(*form);
        *form = simplified;
    } else {
        helder_form_free(simplified);
    }
    return status;
}

static const struct {
    const char *name;
    render_fn fn;
} formats[] = {
    {"html", render_html},
    {"pdf", render_pdf},
};

int cmd_render(int argc, char **argv)
{
    enum {
        OPT_SUBMISSION = 256,
        OPT_ACTION,
        OPT_CSS,
        OPT_TEMPLATES,
        OPT_INLINE,
        OPT_FACTS,
        OPT_TODAY,
        OPT_LANG,
        OPT_PAPER,
        OPT_ERROR
    };
    static const struct option options[] = {
        {"format", required_argument, NULL, 'f'},
        {"lang", required_argument, NULL, OPT_LANG},
        {"output", required_argument, NULL, 'o'},
        {"submission", required_argument, NULL, OPT_SUBMISSION},
        {"action", required_argument, NULL, OPT_ACTION},
        {"css", required_argument, NULL, OPT_CSS},
        {"templates", required_argument, NULL, OPT_TEMPLATES},
        {"inline", no_argument, NULL, OPT_INLINE},
        {"facts", required_argument, NULL, OPT_FACTS},
        {"today", required_argument, NULL, OPT_TODAY},
        {"paper", required_argument, NULL, OPT_PAPER},
        {"error", required_argument, NULL, OPT_ERROR},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    render_args args;
    render_fn fn = NULL;
    helder_form *form = NULL;
    cli_diags diags = {0};
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(cli_diags_collect, &diags);
    int opt, status, rc;

    memset(&args, 0, sizeof args);
    while ((opt = getopt_long(argc, argv, "f:o:h", options, NULL)) != -1) {
        switch (opt) {
        case 'f':
            args.format = optarg;
            break;
        case 'o':
            args.out = optarg;
            break;
        case OPT_LANG:
            args.lang = optarg;
            break;
        case OPT_SUBMISSION:
            args.submission = optarg;
            break;
        case OPT_ACTION:
            args.action = optarg;
            break;
        case OPT_CSS:
            args.css = optarg;
            break;
        case OPT_TEMPLATES:
            args.templates = optarg;
            break;
        case OPT_INLINE:
            args.inline_assets = 1;
            break;
        case OPT_FACTS:
            args.facts = optarg;
            break;
        case OPT_TODAY:
            args.today = optarg;
            break;
        case OPT_PAPER:
            args.paper = optarg;
            break;
        case OPT_ERROR:
            if (add_error(&args, optarg) != 0) {
                fprintf(stderr, "helder render: --error takes ID=MESSAGE or ID:ITEM=MESSAGE\n");
                free(args.errors);
                return EXIT_USAGE;
            }
            break;
        case 'h':
            cli_print_usage(stdout, cli_find_command("render"));
            return EXIT_CLEAN;
        default:
            cli_print_usage(stderr, cli_find_command("render"));
            return EXIT_USAGE;
        }
    }
    if (optind + 1 != argc || !args.format) {
        fprintf(stderr, "helder render: give one FORM and --format\n");
        cli_print_usage(stderr, cli_find_command("render"));
        return EXIT_USAGE;
    }
    args.form_path = argv[optind];
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(formats[i].name, args.format) == 0)
            fn = formats[i].fn;
    if (!fn) {
        fprintf(stderr, "helder render: unknown format '%s'\n", args.format);
        return EXIT_USAGE;
    }

    rc = helder_form_load_file(&form, args.form_path, NULL, &sink);
    if (rc != HELDER_OK) {
        cli_diags_sort(&diags);
        cli_diags_print_text(stderr, &diags, 0);
        status = rc == HELDER_EIO || rc == HELDER_ETOOBIG ? EXIT_SYSTEM : EXIT_INPUT;
        if (rc == HELDER_EIO)
            fprintf(stderr, "helder render: cannot read %s: %s\n", args.form_path, strerror(errno));
        goto out;
    }
    if (args.facts) {
        status = simplify_for(&form, &args, &diags);
        if (status != EXIT_CLEAN)
            goto out;
    }
    status = fn(&args, form, &diags);
    cli_diags_sort(&diags);
    cli_diags_print_text(stderr, &diags, 0);

out:
    free(args.errors);
    helder_form_free(form);
    cli_diags_free(&diags);
    return status;
}
