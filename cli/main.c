/* helder's entry point: global options and dispatch to one cmd_<name>.c per subcommand. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const cli_command commands[] = {
    {"lint", "check form definitions and report problems like a compiler",
     "usage: helder lint [OPTIONS] FORM...\n"
     "\n"
     "Check form definitions: the schema, ids, references, expression types, cycles, conditions\n"
     "that can never hold, patterns, translations and plain language. Every problem in one run.\n"
     "\n"
     "  -f, --format FORMAT   text (default), json (one object per line) or sarif (SARIF 2.1.0)\n"
     "      --strict          warnings make the exit status 1 too\n"
     "      --jargon FILE     extra jargon words for the plain-language rule, one per line\n"
     "      --list-rules      print every rule id, severity and summary, then exit\n"
     "  -h, --help            show this help\n"
     "\n"
     "Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 usage, 3 a file could not\n"
     "be read.\n",
     cmd_lint},
    {"check", "check submissions against a form: verdicts as text, JSON lines or XML",
     "usage: helder check [OPTIONS] FORM SUBMISSION...\n"
     "       helder check [OPTIONS] --stream FORM < SUBMISSIONS\n"
     "\n"
     "Check submissions against a form, applying exactly its rules: the answer form of every\n"
     "question type, required-when-relevant, facets, patterns, option conditions, constraints,\n"
     "repeat counts and eligibility rules. The form is compiled once; messages are given in\n"
     "each submission's language (docs/check-output.md). SUBMISSION - is standard input.\n"
     "\n"
     "  -f, --format FORMAT   text (default), json (one object per submission per line) or xml\n"
     "      --facts FILE      known facts: they answer what a submission leaves out, and an\n"
     "                        answer that differs from them is an error\n"
     "      --normalized DIR  write each valid submission, cleaned (answers that do not apply\n"
     "                        left out, canonical forms), to DIR\n"
     "  -j, --jobs N          check on N threads (default 1); output stays in input order\n"
     "      --stream          read submissions from standard input, separated by NUL bytes, and\n"
     "                        write one JSON line for each as soon as it is checked\n"
     "      --today DATE      today() as YYYY-MM-DD (default: the local date)\n"
     "      --max-bytes N     refuse submissions larger than N bytes (default 1048576)\n"
     "      --list-rules      print every check rule id, severity and summary, then exit\n"
     "  -h, --help            show this help\n"
     "\n"
     "Exit status: 0 every submission valid, 1 some submission invalid (or facts in error), 2\n"
     "usage, 3 the form cannot be used, or a submission, the facts or an output file could not be\n"
     "read or written.\n",
     cmd_check},
    {"simplify", "the shortest form for what is already known, and a report of why",
     "usage: helder simplify FORM --facts F [OPTIONS]\n"
     "\n"
     "Simplify a form for what the facts F already say about an applicant: everything that does\n"
     "not apply is removed, questions the facts answer are prefilled, options that cannot apply\n"
     "are dropped, a required choice with one option left is answered, decided conditions,\n"
     "constraints and rules are removed, computed values folded, empty sections dropped; to a\n"
     "fixed point. The result is itself a form (same id and version, with <provenance>) that\n"
     "check accepts without the facts: a submission may leave out what they answer\n"
     "(docs/simplify.md).\n"
     "\n"
     "      --facts F         the facts about the applicant (urn:helder:facts:1); required\n"
     "  -o, --output OUT      write the simplified form to OUT (default: standard output)\n"
     "      --report FILE     write the report to FILE: every change, what happened and why (the\n"
     "                        condition, what is left of it, the facts that decided it, the\n"
     "                        line), in the applicant's words too; then the burden before/after\n"
     "  -f, --format FORMAT   the report as text (default) or json\n"
     "      --known MODE      confirm (default): questions the facts answer stay, read-only, for\n"
     "                        the applicant to confirm; drop: they stay in the form with their\n"
     "                        answer but are not shown (hidden=\"true\")\n"
     "      --today DATE      decide conditions on today() for the days from DATE to\n"
     "                        --valid-until (without it, today() is left as it is)\n"
     "      --valid-until D   the last day the simplified form is valid (default: 30 days after\n"
     "                        --today; at most 10 years)\n"
     "  -h, --help            show this help\n"
     "\n"
     "Exit status: 0 simplified, 1 the form or the facts have errors, 2 usage, 3 a file could not\n"
     "be read or written, 4 not eligible: the facts alone make the application fail (an early no;\n"
     "the form and the report are still written, and the report says why first).\n",
     cmd_simplify},
    {"render", "render a form as an accessible web form (html) or a paper form (pdf)",
     "usage: helder render FORM --format html|pdf [OPTIONS]\n"
     "\n"
     "Render a form in one language. html: one HTML5 page that works without JavaScript, with\n"
     "style.css and helder.js written beside it (docs/html.md). pdf: a paper form to print, with\n"
     "numbered questions, boxes to write in, routing (\"go to question 12\") and a checklist of\n"
     "documents; with --submission, the filled-in copy.\n"
     "\n"
     "  -f, --format FORMAT   html or pdf\n"
     "      --lang L          one of the form's languages (default: its first)\n"
     "  -o, --output OUT      write the page or PDF to OUT (default: standard output; a PDF is\n"
     "                        not written to a terminal)\n"
     "      --submission S    fill the form in with the answers of submission S (html: with\n"
     "                        check's errors in the page)\n"
     "      --facts F         first simplify the form for the facts F (as helder simplify)\n"
     "      --action URL      where the form posts (default: the page's own address)\n"
     "      --css FILE        an extra stylesheet, loaded after style.css (restyle through its\n"
     "                        custom properties)\n"
     "      --templates DIR   form.xsl, style.css, helder.js from DIR instead of the built-in "
     "ones\n"
     "      --inline          put the stylesheet and script in the page (allowed by hashes in\n"
     "                        its Content-Security-Policy; see docs/html.md)\n"
     "      --today DATE      today() for the page's script (default: the browser's date); pdf:\n"
     "                        for conditions on today() and the PDF's date (default: today)\n"
     "      --paper SIZE      pdf: a4 (default) or letter\n"
     "      --error ID[:ITEM]=MESSAGE  show an error as check would (previews, tests)\n"
     "  -h, --help            show this help\n"
     "\n"
     "Exit status: 0 rendered, 1 the form or a template has errors, 2 usage, 3 a file could not\n"
     "be read or written.\n",
     cmd_render},
    {"form-data", "turn a web form's POST body into a submission",
     "usage: helder form-data [OPTIONS] FORM BODY\n"
     "\n"
     "Read BODY (a file, or - for standard input): the application/x-www-form-urlencoded body a\n"
     "form rendered by `helder render --format html` posts. Write the submission document\n"
     "(urn:helder:submission:1) that `helder check` reads. Field names: q for a question,\n"
     "r.N.q for question q in item N of repeat r; fields starting with _ are skipped; empty\n"
     "fields and empty repeat items are left out (docs/html.md).\n"
     "\n"
     "  -l, --lang L          the language the applicant used (default: the form's first)\n"
     "  -o, --output OUT      write the submission to OUT (default: standard output)\n"
     "  -h, --help            show this help\n"
     "\n"
     "Exit status: 0 converted, 1 the body has unknown, repeated or malformed fields, 2 usage,\n"
     "3 a file could not be read or written.\n",
     cmd_form_data},
    {"serve", "serve the forms to applicants on the web; submissions go to an outbox",
     "usage: helder serve FORMS_DIR [OPTIONS]\n"
     "\n"
     "Serve every FORMS_DIR/NAME/form.xml as a web form in each of its languages, all questions\n"
     "on one page or one part at a time. A POST is checked like `helder check`: errors come back\n"
     "in the page; a valid application is written to the outbox (a Maildir: tmp/, then new/,\n"
     "synced to disk) before the applicant gets a receipt with a reference number. With an intake\n"
     "key, an intake system posts facts to /api/personal?form=ID and gets a personal link to the\n"
     "simplified form (docs/serve.md).\n"
     "\n"
     "  -l, --listen ADDR:PORT   where to listen (default 127.0.0.1:8080; port 0 picks one)\n"
     "      --outbox DIR         the Maildir for accepted applications (default ./outbox)\n"
     "      --key-file F         the server key (made when missing); without it a fresh key\n"
     "                           each start, so pages open before a restart cannot be sent\n"
     "      --intake-key-file F  the shared secret the intake system sends as a Bearer token\n"
     "      --public-url URL     origin of the personal links given to the intake system\n"
     "      --access-log FILE    one line per request (default: standard error; off: none)\n"
     "      --today DATE         today() as YYYY-MM-DD (default: the local date)\n"
     "      --threads N          threads answering requests (default 2)\n"
     "      --writers N          threads committing to the outbox (default 2)\n"
     "      --timeout S          close a connection idle for S seconds (default 10)\n"
     "      --head-timeout S     close a connection whose request line and headers are not all\n"
     "                           in S seconds after it opened or answered (default 30)\n"
     "      --deadline S         close a request body still arriving after S seconds (default 30)\n"
     "      --max-connections N  (default 1000)   --max-per-address N (default 32)\n"
     "      --max-body BYTES     larger bodies are refused with 413 (default 1048576)\n"
     "      --max-fields N       more form fields are refused (default 2000)\n"
     "      --connection-memory BYTES  per connection, for the request line and headers\n"
     "                           (default 65536)\n"
     "      --secure-cookies     mark the cookie Secure (behind a TLS proxy)\n"
     "  -h, --help               show this help\n"
     "\n"
     "Exit status: 0 stopped by SIGTERM or SIGINT, 1 a form has errors, 2 usage, 3 the address,\n"
     "the outbox or a key file cannot be used.\n",
     cmd_serve},
};

const cli_command *cli_find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

void cli_print_usage(FILE *out, const cli_command *command)
{
    fputs(command->usage, out);
}

static void print_help(FILE *out)
{
    fputs("usage: helder [--help] [--version] COMMAND [ARGS]\n"
          "\n"
          "helder makes government application forms simple: it lints form definitions,\n"
          "simplifies them for what is known about an applicant, renders them as web and paper\n"
          "forms, and checks the submissions applicants send.\n"
          "\n"
          "Commands:\n",
          out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("  help       show the help of a command: helder help COMMAND\n"
          "\n"
          "See helder(1) and docs/ for the form language and every rule.\n",
          out);
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const cli_command *command;
    int opt, status;

    /* Global options stop at the first non-option: the rest belongs to the subcommand. */
    while ((opt = getopt_long(argc, argv, "+hV", options, NULL)) != -1) {
        switch (opt) {
        case 'h':
            print_help(stdout);
            return EXIT_CLEAN;
        case 'V':
            printf("helder %s\n", helder_version());
            return EXIT_CLEAN;
        default:
            print_help(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        print_help(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[optind], "help") == 0) {
        if (optind + 1 >= argc) {
            print_help(stdout);
            return EXIT_CLEAN;
        }
        command = cli_find_command(argv[optind + 1]);
        if (!command) {
            fprintf(stderr, "helder: no such command '%s'\n", argv[optind + 1]);
            return EXIT_USAGE;
        }
        cli_print_usage(stdout, command);
        return EXIT_CLEAN;
    }
    command = cli_find_command(argv[optind]);
    if (!command) {
        fprintf(stderr, "helder: no such command '%s' (see helder --help)\n", argv[optind]);
        return EXIT_USAGE;
    }
    helder_global_init();
    argv[optind] = (char *)command->name;
    optind++;
    {
        int sub_argc = argc - optind + 1;
        char **sub_argv = argv + optind - 1;
        optind = 0; /* glibc: 0 re-initialises getopt for the subcommand */
        status = command->run(sub_argc, sub_argv);
    }
    helder_global_cleanup();
    return status;
}
