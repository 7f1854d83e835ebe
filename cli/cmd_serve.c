/* `helder serve FORMS_DIR`: parse the options and run the web server (serve/). The server
 * prints where to open it and runs until SIGTERM or SIGINT, finishing requests in flight.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "serve/serve.h"

static int parse_count(const char *text, unsigned long max, unsigned long *out)
{
    char *end;
    unsigned long value = strtoul(text, &end, 10);
    if (*end || end == text || value == 0 || value > max)
        return -1;
    *out = value;
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    enum {
        OPT_OUTBOX = 256,
        OPT_KEY,
        OPT_INTAKE_KEY,
        OPT_LOG,
        OPT_TODAY,
        OPT_THREADS,
        OPT_WRITERS,
        OPT_TIMEOUT,
        OPT_DEADLINE,
        OPT_HEAD_TIMEOUT,
        OPT_MAX_CONN,
        OPT_PER_IP,
        OPT_MAX_BODY,
        OPT_MEMORY,
        OPT_FIELDS,
        OPT_PUBLIC,
        OPT_SECURE
    };
    static const struct option options[] = {
        {"listen", required_argument, NULL, 'l'},
        {"outbox", required_argument, NULL, OPT_OUTBOX},
        {"key-file", required_argument, NULL, OPT_KEY},
        {"intake-key-file", required_argument, NULL, OPT_INTAKE_KEY},
        {"access-log", required_argument, NULL, OPT_LOG},
        {"today", required_argument, NULL, OPT_TODAY},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"writers", required_argument, NULL, OPT_WRITERS},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"deadline", required_argument, NULL, OPT_DEADLINE},
        {"head-timeout", required_argument, NULL, OPT_HEAD_TIMEOUT},
        {"max-connections", required_argument, NULL, OPT_MAX_CONN},
        {"max-per-address", required_argument, NULL, OPT_PER_IP},
        {"max-body", required_argument, NULL, OPT_MAX_BODY},
        {"connection-memory", required_argument, NULL, OPT_MEMORY},
        {"max-fields", required_argument, NULL, OPT_FIELDS},
        {"public-url", required_argument, NULL, OPT_PUBLIC},
        {"secure-cookies", no_argument, NULL, OPT_SECURE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    helder_serve_options opts = HELDER_SERVE_OPTIONS_INIT;
    unsigned long value = 0;
    int opt;

    while ((opt = getopt_long(argc, argv, "l:h", options, NULL)) != -1) {
        int bad = 0;
        switch (opt) {
        case 'l':
            opts.listen = optarg;
            break;
        case OPT_OUTBOX:
            opts.outbox = optarg;
            break;
        case OPT_KEY:
            opts.key_file = optarg;
            break;
        case OPT_INTAKE_KEY:
            opts.intake_key_file = optarg;
            break;
        case OPT_LOG:
            opts.access_log = optarg;
            break;
        case OPT_TODAY:
            opts.today = optarg;
            break;
        case OPT_PUBLIC:
            opts.public_url = optarg;
            break;
        case OPT_SECURE:
            opts.secure_cookies = 1;
            break;
        case OPT_THREADS:
            bad = parse_count(optarg, 256, &value);
            opts.threads = (unsigned)value;
            break;
        case OPT_WRITERS:
            bad = parse_count(optarg, 1024, &value);
            opts.writers = (unsigned)value;
            break;
        case OPT_TIMEOUT:
            bad = parse_count(optarg, 3600, &value);
            opts.timeout = (unsigned)value;
            break;
        case OPT_DEADLINE:
            bad = parse_count(optarg, 3600, &value);
            opts.request_deadline = (unsigned)value;
            break;
        case OPT_HEAD_TIMEOUT:
            bad = parse_count(optarg, 3600, &value);
            opts.head_timeout = (unsigned)value;
            break;
        case OPT_MAX_CONN:
            bad = parse_count(optarg, 100000, &value);
            opts.max_connections = (unsigned)value;
            break;
        case OPT_PER_IP:
            bad = parse_count(optarg, 100000, &value);
            opts.max_per_ip = (unsigned)value;
            break;
        case OPT_MAX_BODY:
            bad = parse_count(optarg, 64ul << 20, &value);
            opts.max_body = value;
            break;
        case OPT_MEMORY:
            bad = parse_count(optarg, 16ul << 20, &value) || value < 8192;
            opts.connection_memory = value;
            break;
        case OPT_FIELDS:
            bad = parse_count(optarg, 100000, &value);
            opts.max_fields = (unsigned)value;
            break;
        case 'h':
            cli_print_usage(stdout, cli_find_command("serve"));
            return EXIT_CLEAN;
        default:
            cli_print_usage(stderr, cli_find_command("serve"));
            return EXIT_USAGE;
        }
        if (bad) {
            fprintf(stderr, "helder serve: bad option value '%s'\n", optarg);
            return EXIT_USAGE;
        }
    }
    if (optind + 1 != argc) {
        cli_print_usage(stderr, cli_find_command("serve"));
        return EXIT_USAGE;
    }
    opts.forms_dir = argv[optind];
    switch (helder_serve_run(&opts)) {
    case HELDER_OK:
        return EXIT_CLEAN;
    case HELDER_EINVALID:
        return EXIT_INPUT;
    case HELDER_EUSAGE:
        return EXIT_USAGE;
    default:
        return EXIT_SYSTEM;
    }
}
