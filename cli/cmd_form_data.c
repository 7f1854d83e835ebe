/* `helder form-data`: turns the body a rendered web form POSTs (application/x-www-form-urlencoded)
 * into a submission document that `helder check` reads. The field names are in docs/html.md.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/model.h"

#define BODY_MAX_BYTES (4u << 20)

int cmd_form_data(int argc, char **argv)
{
    static const struct option options[] = {
        {"lang", required_argument, NULL, 'l'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *lang = NULL, *output = NULL;
    helder_form *form = NULL;
    cli_diags diags = {0};
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(cli_diags_collect, &diags);
    char *body = NULL, *submission = NULL;
    size_t body_len = 0, submission_len = 0;
    int opt, rc, status = EXIT_CLEAN;

    while ((opt = getopt_long(argc, argv, "l:o:h", options, NULL)) != -1) {
        switch (opt) {
        case 'l':
            lang = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 'h':
            cli_print_usage(stdout, cli_find_command("form-data"));
            return EXIT_CLEAN;
        default:
            cli_print_usage(stderr, cli_find_command("form-data"));
            return EXIT_USAGE;
        }
    }
    if (optind + 2 != argc) {
        cli_print_usage(stderr, cli_find_command("form-data"));
        return EXIT_USAGE;
    }
    rc = helder_form_load_file(&form, argv[optind], NULL, &sink);
    if (rc != HELDER_OK) {
        status = rc == HELDER_EINVALID ? EXIT_INPUT : EXIT_SYSTEM;
        goto out;
    }
    rc = helder_read_file(&body, &body_len, argv[optind + 1], BODY_MAX_BYTES);
    if (rc != HELDER_OK) {
        fprintf(stderr, "helder form-data: cannot read %s: %s\n", argv[optind + 1],
                rc == HELDER_ETOOBIG ? "larger than 4 MiB" : strerror(errno));
        status = EXIT_SYSTEM;
        goto out;
    }
    /* a trailing line break from a file is not part of the body */
    while (body_len > 0 && (body[body_len - 1] == '\n' || body[body_len - 1] == '\r'))
        body_len--;
    rc = helder_form_data_to_submission(&submission, &submission_len, form, body, body_len, lang,
                                        &sink);
    if (rc != HELDER_OK) {
        status = EXIT_INPUT;
        goto out;
    }
    FILE *file = output && strcmp(output, "-") != 0 ? fopen(output, "wb") : stdout;
    if (!file || fwrite(submission, 1, submission_len, file) != submission_len ||
        (file == stdout ? fflush(file) : fclose(file)) != 0) {
        fprintf(stderr, "helder form-data: cannot write %s: %s\n", output ? output : "stdout",
                strerror(errno));
        status = EXIT_SYSTEM;
    }

out:
    cli_diags_sort(&diags);
    cli_diags_print_text(stderr, &diags, 0);
    cli_diags_free(&diags);
    free(body);
    free(submission);
    helder_form_free(form);
    return status;
}
