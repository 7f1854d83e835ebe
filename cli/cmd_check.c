/* `helder check FORM SUBMISSION...`: compile the form once, then check each submission (from
 * files, standard input, or a NUL-separated stream) on N threads, printing verdicts as text, JSON
 * lines or XML in input order, and writing cleaned submissions with --normalized.
 * Output formats and the pipeline recipes are in docs/check-output.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "model/model.h"

typedef enum { OUT_TEXT, OUT_JSON, OUT_XML } out_format;

typedef struct {
    out_format format;
    const char *normalized_dir;
    int stream;
    unsigned jobs;
    helder_check_options opts;
    const helder_check_plan *plan;
} settings;

/* One submission on its way through the pipeline. */
typedef struct {
    size_t index; /* 1-based position in the input */
    char *name;   /* as shown in the output */
    char *buf;
    size_t len;
    int read_rc; /* HELDER_OK, HELDER_EIO or HELDER_ETOOBIG */
    int read_errno;
    char *output; /* the rendered verdict */
    size_t output_len;
    int status; /* EXIT_CLEAN, EXIT_INPUT or EXIT_SYSTEM */
    int done;
} job;

/* ---- writing verdicts ---- */

static const char *const severity_names[] = {"note", "warning", "error"};

static void json_string(FILE *out, const char *text)
{
    const unsigned char *at = (const unsigned char *)text;
    const unsigned char *end = at + strlen(text);
    fputc('"', out);
    while (at < end) {
        unsigned char c = *at;
        if (c == '"' || c == '\\') {
            fputc('\\', out);
            fputc(c, out);
            at++;
        } else if (c < 0x20 || c == 0x7F) {
            fprintf(out, "\\u%04x", c);
            at++;
        } else if (c < 0x80) {
            fputc(c, out);
            at++;
        } else {
            /* Non-ASCII passes through when it is valid UTF-8 (file names may not be). */
            size_t step = 1;
            while (step < 4 && at + step < end && (at[step] & 0xC0) == 0x80)
                step++;
            if (helder_utf8_valid((const char *)at, step, NULL)) {
                fwrite(at, 1, step, out);
                at += step;
            } else {
                fputs("\\ufffd", out);
                at++;
            }
        }
    }
    fputc('"', out);
}

static void xml_text(FILE *out, const char *text)
{
    for (const unsigned char *at = (const unsigned char *)text; *at; at++) {
        switch (*at) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\n':
            fputs("&#10;", out);
            break;
        case '\t':
            fputs("&#9;", out);
            break;
        case '\r':
            fputs("&#13;", out);
            break;
        default:
            if (*at < 0x20)
                fputc('?', out); /* not allowed in XML 1.0, even as a reference */
            else
                fputc(*at, out);
        }
    }
}

static void print_counts(FILE *out, unsigned errors, unsigned warnings)
{
    if (errors)
        fprintf(out, "%u error%s", errors, errors == 1 ? "" : "s");
    if (errors && warnings)
        fputs(", ", out);
    if (warnings)
        fprintf(out, "%u warning%s", warnings, warnings == 1 ? "" : "s");
}

/* A verdict for an input that could not be checked at all (unreadable, too large to read). */
typedef struct {
    const char *rule;
    char message[256];
} io_problem;

static void render_text(FILE *out, const job *item, const helder_check_result *result,
                        const io_problem *problem)
{
    const helder_check_finding *findings;
    size_t count = 0;
    unsigned errors = 1, warnings = 0;
    if (problem) {
        fprintf(out, "%s: error: %s [%s]\n", item->name, problem->message, problem->rule);
    } else {
        count = helder_check_result_findings(result, &findings);
        errors = helder_check_result_count(result, HELDER_SEVERITY_ERROR);
        warnings = helder_check_result_count(result, HELDER_SEVERITY_WARNING);
    }
    for (size_t i = 0; i < count; i++) {
        const helder_check_finding *f = &findings[i];
        fputs(item->name, out);
        if (f->line)
            fprintf(out, ":%u", f->line);
        if (f->line && f->col)
            fprintf(out, ":%u", f->col);
        fprintf(out, ": %s: ", severity_names[f->severity]);
        if (f->question) {
            if (f->repeat)
                fprintf(out, "%s[%u]/", f->repeat, f->item);
            fputs(f->question, out);
            if (f->label)
                fprintf(out, " \"%s\"", f->label);
            fputs(": ", out);
        }
        fprintf(out, "%s [%s]\n", f->message, f->rule);
    }
    if (count < (size_t)errors + warnings && !problem)
        fprintf(out, "%s: note: %zu more findings not listed\n", item->name,
                (size_t)errors + warnings - count);
    fprintf(out, "%s: %s", item->name, errors ? "invalid" : "valid");
    if (errors || warnings) {
        fputs(" (", out);
        print_counts(out, errors, warnings);
        fputc(')', out);
    }
    fputc('\n', out);
}

static void json_field(FILE *out, const char *key, const char *value)
{
    if (!value)
        return;
    fprintf(out, ",\"%s\":", key);
    json_string(out, value);
}

static void render_json(FILE *out, const job *item, const helder_check_result *result,
                        const io_problem *problem)
{
    const helder_check_finding *findings;
    size_t count = 0;
    unsigned errors = 1, warnings = 0;
    fprintf(out, "{\"input\":%zu,\"file\":", item->index);
    json_string(out, item->name);
    if (result) {
        static const char *const attrs[] = {"form", "version", "reference", "received"};
        for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
            json_field(out, attrs[i], helder_check_result_attr(result, attrs[i]));
        if (helder_check_result_attr(result, "form"))
            json_field(out, "lang", helder_check_result_lang(result));
        count = helder_check_result_findings(result, &findings);
        errors = helder_check_result_count(result, HELDER_SEVERITY_ERROR);
        warnings = helder_check_result_count(result, HELDER_SEVERITY_WARNING);
    }
    fprintf(out, ",\"valid\":%s,\"errors\":%u,\"warnings\":%u,\"findings\":[",
            errors ? "false" : "true", errors, warnings);
    if (problem) {
        fprintf(out, "{\"severity\":\"error\",\"rule\":\"%s\",\"message\":", problem->rule);
        json_string(out, problem->message);
        fputc('}', out);
    }
    for (size_t i = 0; i < count; i++) {
        const helder_check_finding *f = &findings[i];
        fprintf(out, "%s{\"severity\":\"%s\",\"rule\":", i ? "," : "", severity_names[f->severity]);
        json_string(out, f->rule);
        json_field(out, "question", f->question);
        json_field(out, "repeat", f->repeat);
        if (f->item)
            fprintf(out, ",\"item\":%u", f->item);
        json_field(out, "label", f->label);
        json_field(out, "message", f->message);
        if (f->line)
            fprintf(out, ",\"line\":%u", f->line);
        if (f->col)
            fprintf(out, ",\"column\":%u", f->col);
        fputc('}', out);
    }
    fputs("]}\n", out);
}

static void xml_attr(FILE *out, const char *key, const char *value)
{
    if (!value)
        return;
    fprintf(out, " %s=\"", key);
    xml_text(out, value);
    fputc('"', out);
}

static void render_xml(FILE *out, const job *item, const helder_check_result *result,
                       const io_problem *problem)
{
    const helder_check_finding *findings;
    size_t count = 0;
    unsigned errors = 1, warnings = 0;
    fprintf(out, "  <result input=\"%zu\"", item->index);
    xml_attr(out, "file", item->name);
    if (result) {
        static const char *const attrs[] = {"form", "version", "reference", "received"};
        for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
            xml_attr(out, attrs[i], helder_check_result_attr(result, attrs[i]));
        if (helder_check_result_attr(result, "form"))
            xml_attr(out, "lang", helder_check_result_lang(result));
        count = helder_check_result_findings(result, &findings);
        errors = helder_check_result_count(result, HELDER_SEVERITY_ERROR);
        warnings = helder_check_result_count(result, HELDER_SEVERITY_WARNING);
    }
    fprintf(out, " valid=\"%s\" errors=\"%u\" warnings=\"%u\">\n", errors ? "false" : "true",
            errors, warnings);
    if (problem) {
        fprintf(out, "    <finding severity=\"error\" rule=\"%s\">", problem->rule);
        xml_text(out, problem->message);
        fputs("</finding>\n", out);
    }
    for (size_t i = 0; i < count; i++) {
        const helder_check_finding *f = &findings[i];
        char number[32];
        fprintf(out, "    <finding severity=\"%s\"", severity_names[f->severity]);
        xml_attr(out, "rule", f->rule);
        xml_attr(out, "question", f->question);
        xml_attr(out, "repeat", f->repeat);
        snprintf(number, sizeof number, "%u", f->item);
        xml_attr(out, "item", f->item ? number : NULL);
        xml_attr(out, "label", f->label);
        snprintf(number, sizeof number, "%u", f->line);
        xml_attr(out, "line", f->line ? number : NULL);
        fputc('>', out);
        xml_text(out, f->message);
        fputs("</finding>\n", out);
    }
    fputs("  </result>\n", out);
}

/* ---- --normalized ---- */

/* DIR/NAME: the input's base name; in a stream the record number, and the submission's
 * reference when it has one (references are letters, digits, dots, hyphens, underscores). */
static char *normalized_path(const settings *set, const job *item,
                             const helder_check_result *result)
{
    const char *reference = helder_check_result_attr(result, "reference");
    char name[PATH_MAX];
    if (set->stream) {
        if (reference)
            snprintf(name, sizeof name, "%06zu-%s.xml", item->index, reference);
        else
            snprintf(name, sizeof name, "%06zu.xml", item->index);
    } else if (strcmp(item->name, "-") == 0) {
        snprintf(name, sizeof name, "stdin.xml");
    } else {
        const char *base = strrchr(item->name, '/');
        snprintf(name, sizeof name, "%s", base ? base + 1 : item->name);
    }
    size_t len = strlen(set->normalized_dir) + strlen(name) + 2;
    char *path = helder_xmalloc(len);
    snprintf(path, len, "%s/%s", set->normalized_dir, name);
    return path;
}

/* Written to a temporary name, synced and renamed into place: a reader of DIR never sees half a
 * file. Returns 0 or an errno value. */
static int write_normalized(const settings *set, const job *item, const helder_check_result *result)
{
    char *doc = NULL, *path = normalized_path(set, item, result), *tmp;
    size_t len = 0, tmp_len = strlen(path) + 64;
    int err = 0, fd;
    if (helder_check_result_normalized(&doc, &len, result) != HELDER_OK) {
        free(path);
        return 0;
    }
    tmp = helder_xmalloc(tmp_len);
    snprintf(tmp, tmp_len, "%s.tmp.%ld.%zu", path, (long)getpid(), item->index);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        err = errno;
        goto out;
    }
    for (size_t done = 0; done < len;) {
        ssize_t wrote = write(fd, doc + done, len - done);
        if (wrote < 0 && errno == EINTR)
            continue;
        if (wrote < 0) {
            err = errno;
            break;
        }
        done += (size_t)wrote;
    }
    if (!err && fsync(fd) != 0)
        err = errno;
    if (close(fd) != 0 && !err)
        err = errno;
    if (!err && rename(tmp, path) != 0)
        err = errno;
    if (err)
        unlink(tmp);
out:
    if (err)
        fprintf(stderr, "helder check: cannot write %s: %s\n", path, strerror(err));
    free(tmp);
    free(path);
    free(doc);
    return err;
}

/* ---- one job ---- */

static void run_job(const settings *set, job *item)
{
    helder_check_result *result = NULL;
    io_problem problem, *failed = NULL;
    char *output = NULL;
    size_t output_len = 0;
    FILE *out = open_memstream(&output, &output_len);
    if (!out)
        helder_xmalloc(SIZE_MAX); /* aborts: only out of memory makes this fail */
    item->status = EXIT_CLEAN;
    if (item->read_rc == HELDER_EIO) {
        failed = &problem;
        problem.rule = "file-unreadable";
        snprintf(problem.message, sizeof problem.message, "cannot read the file: %s",
                 strerror(item->read_errno));
        item->status = EXIT_SYSTEM;
    } else if (item->read_rc == HELDER_ETOOBIG) {
        failed = &problem;
        problem.rule = "input-too-large";
        snprintf(problem.message, sizeof problem.message,
                 "the file is larger than the limit of %zu bytes", set->opts.max_bytes);
        item->status = EXIT_INPUT;
    } else {
        int rc = helder_check_submission(&result, set->plan, item->buf, item->len, item->name,
                                         &set->opts);
        if (rc != HELDER_OK)
            item->status = EXIT_INPUT;
        else if (set->normalized_dir && write_normalized(set, item, result) != 0)
            item->status = EXIT_SYSTEM;
    }
    switch (set->format) {
    case OUT_TEXT:
        render_text(out, item, result, failed);
        break;
    case OUT_JSON:
        render_json(out, item, result, failed);
        break;
    case OUT_XML:
        render_xml(out, item, result, failed);
        break;
    }
    fclose(out);
    helder_check_result_free(result);
    free(item->buf);
    item->buf = NULL;
    item->output = output;
    item->output_len = output_len;
}

/* ---- inputs: files, or records separated by NUL bytes on standard input ---- */

typedef struct {
    char **paths;
    size_t npaths, next;
    /* --stream */
    int stream;
    char *buf;
    size_t len, pos, cap;
    int eof;
    size_t records;
    size_t max_bytes;
} source;

static void read_file_job(source *src, job *item)
{
    const char *path = src->paths[src->next++];
    item->name = helder_xstrdup(path);
    item->read_rc = helder_read_file(&item->buf, &item->len, path, src->max_bytes);
    item->read_errno = item->read_rc == HELDER_EIO ? errno : 0;
}

/* Fills src->buf from stdin; returns 0 at end of input. */
static int fill(source *src)
{
    if (src->pos > 0 && src->pos == src->len) {
        src->pos = src->len = 0;
    } else if (src->pos > src->cap / 2) {
        memmove(src->buf, src->buf + src->pos, src->len - src->pos);
        src->len -= src->pos;
        src->pos = 0;
    }
    if (src->len == src->cap) {
        src->cap = src->cap ? src->cap * 2 : 1u << 16;
        src->buf = helder_xrealloc(src->buf, src->cap);
    }
    for (;;) {
        ssize_t got = read(STDIN_FILENO, src->buf + src->len, src->cap - src->len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return 0; /* a read error ends the stream like its end does */
        src->len += (size_t)got;
        return 1;
    }
}

/* The next NUL-terminated record (the last may lack its NUL). Empty records are skipped. A record
 * over the size cap is read to its end and dropped, and reported as too large. Returns 0 when
 * there are no more records. */
static int read_record_job(source *src, job *item)
{
    for (;;) {
        char *nul =
            src->len > src->pos ? memchr(src->buf + src->pos, '\0', src->len - src->pos) : NULL;
        size_t record_len = nul ? (size_t)(nul - (src->buf + src->pos)) : src->len - src->pos;
        if (!nul && !src->eof && record_len <= src->max_bytes) {
            if (!fill(src))
                src->eof = 1;
            continue;
        }
        if (!nul && record_len > src->max_bytes) {
            /* Too large: skip to the next NUL without keeping the bytes. */
            while (!(nul = memchr(src->buf + src->pos, '\0', src->len - src->pos))) {
                src->pos = src->len;
                if (src->eof || !fill(src)) {
                    src->eof = 1;
                    break;
                }
            }
            src->pos = nul ? (size_t)(nul - src->buf) + 1 : src->len;
            item->read_rc = HELDER_ETOOBIG;
        } else {
            if (record_len == 0) {
                if (!nul)
                    return 0; /* end of input */
                src->pos++;
                continue;
            }
            if (record_len > src->max_bytes) {
                item->read_rc = HELDER_ETOOBIG;
            } else {
                item->buf = helder_xstrndup(src->buf + src->pos, record_len);
                item->len = record_len;
                item->read_rc = HELDER_OK;
            }
            src->pos += record_len + (nul != NULL);
        }
        char name[64];
        snprintf(name, sizeof name, "stdin[%zu]", ++src->records);
        item->name = helder_xstrdup(name);
        return 1;
    }
}

/* Reads the next input into item; returns 0 when there is none. */
static int next_input(source *src, job *item)
{
    memset(item, 0, sizeof *item);
    if (src->stream)
        return read_record_job(src, item);
    if (src->next >= src->npaths)
        return 0;
    read_file_job(src, item);
    return 1;
}

/* ---- progress on a terminal ---- */

typedef struct {
    int on;
    size_t total; /* 0 when not known (a stream) */
    size_t done, invalid;
    struct timespec last;
} progress;

static void progress_update(progress *prog, int final)
{
    struct timespec now;
    if (!prog->on)
        return;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long elapsed_ms =
        (now.tv_sec - prog->last.tv_sec) * 1000 + (now.tv_nsec - prog->last.tv_nsec) / 1000000;
    if (final) {
        fputs("\r\033[K", stderr);
        return;
    }
    if (elapsed_ms < 200)
        return;
    prog->last = now;
    if (prog->total)
        fprintf(stderr, "\r\033[Khelder check: %zu of %zu checked, %zu invalid", prog->done,
                prog->total, prog->invalid);
    else
        fprintf(stderr, "\r\033[Khelder check: %zu checked, %zu invalid", prog->done,
                prog->invalid);
}

/* ---- the pipeline: one reader (this thread), N checkers, output in input order ---- */

typedef struct {
    const settings *set;
    pthread_mutex_t mutex;
    pthread_cond_t work, done;
    job *ring;
    size_t window;
    size_t next_read, next_claim, next_write;
    int eof;
} pipeline;

static void *worker(void *payload)
{
    pipeline *pipe = payload;
    pthread_mutex_lock(&pipe->mutex);
    for (;;) {
        while (pipe->next_claim == pipe->next_read && !pipe->eof)
            pthread_cond_wait(&pipe->work, &pipe->mutex);
        if (pipe->next_claim == pipe->next_read)
            break;
        job *item = &pipe->ring[pipe->next_claim++ % pipe->window];
        pthread_mutex_unlock(&pipe->mutex);
        run_job(pipe->set, item);
        pthread_mutex_lock(&pipe->mutex);
        item->done = 1;
        pthread_cond_signal(&pipe->done);
    }
    pthread_mutex_unlock(&pipe->mutex);
    return NULL;
}

/* Prints a finished job and folds its status into *status. */
static void emit(const settings *set, job *item, int *status, progress *prog)
{
    fwrite(item->output, 1, item->output_len, stdout);
    if (set->stream)
        fflush(stdout);
    if (item->status > *status)
        *status = item->status;
    prog->done++;
    prog->invalid += item->status != EXIT_CLEAN;
    free(item->output);
    free(item->name);
    memset(item, 0, sizeof *item);
    progress_update(prog, 0);
}

static int run_all(const settings *set, source *src, progress *prog)
{
    int status = EXIT_CLEAN;
    if (set->jobs <= 1) {
        job item;
        while (next_input(src, &item)) {
            item.index = prog->done + 1;
            run_job(set, &item);
            emit(set, &item, &status, prog);
        }
        return status;
    }
    pipeline pipe;
    pthread_t *threads = helder_xcalloc(set->jobs, sizeof *threads);
    memset(&pipe, 0, sizeof pipe);
    pipe.set = set;
    pipe.window = (size_t)set->jobs * 4;
    pipe.ring = helder_xcalloc(pipe.window, sizeof *pipe.ring);
    pthread_mutex_init(&pipe.mutex, NULL);
    pthread_cond_init(&pipe.work, NULL);
    pthread_cond_init(&pipe.done, NULL);
    for (unsigned i = 0; i < set->jobs; i++)
        if (pthread_create(&threads[i], NULL, worker, &pipe) != 0)
            helder_xmalloc(SIZE_MAX); /* aborts: no thread means no memory for its stack */
    pthread_mutex_lock(&pipe.mutex);
    for (;;) {
        job *head = &pipe.ring[pipe.next_write % pipe.window];
        if (pipe.next_write < pipe.next_read && head->done) {
            job finished = *head;
            memset(head, 0, sizeof *head);
            pipe.next_write++;
            pthread_mutex_unlock(&pipe.mutex);
            emit(set, &finished, &status, prog);
            pthread_mutex_lock(&pipe.mutex);
            continue;
        }
        if (pipe.eof && pipe.next_write == pipe.next_read)
            break;
        if (!pipe.eof && pipe.next_read - pipe.next_write < pipe.window) {
            job item;
            pthread_mutex_unlock(&pipe.mutex);
            int more = next_input(src, &item);
            pthread_mutex_lock(&pipe.mutex);
            if (more) {
                item.index = pipe.next_read + 1;
                pipe.ring[pipe.next_read % pipe.window] = item;
                pipe.next_read++;
                pthread_cond_signal(&pipe.work);
            } else {
                pipe.eof = 1;
                pthread_cond_broadcast(&pipe.work);
            }
            continue;
        }
        pthread_cond_wait(&pipe.done, &pipe.mutex);
    }
    pthread_mutex_unlock(&pipe.mutex);
    for (unsigned i = 0; i < set->jobs; i++)
        pthread_join(threads[i], NULL);
    pthread_mutex_destroy(&pipe.mutex);
    pthread_cond_destroy(&pipe.work);
    pthread_cond_destroy(&pipe.done);
    free(pipe.ring);
    free(threads);
    return status;
}

/* ---- the command ---- */

static void list_rules(void)
{
    const helder_rule_info *rules;
    size_t count = helder_check_rules(&rules);
    for (size_t i = 0; i < count; i++)
        printf("%-24s %-8s %s\n", rules[i].id, severity_names[rules[i].severity], rules[i].summary);
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "helder check: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    cli_print_usage(stderr, cli_find_command("check"));
    return EXIT_USAGE;
}

/* Prints what loading the form or the facts reported, to stderr. */
static void print_diags(cli_diags *diags)
{
    cli_diags_sort(diags);
    cli_diags_print_text(stderr, diags, 0);
    cli_diags_free(diags);
}

int cmd_check(int argc, char **argv)
{
    static const struct option options[] = {
        {"format", required_argument, NULL, 'f'},
        {"facts", required_argument, NULL, 'F'},
        {"normalized", required_argument, NULL, 'n'},
        {"jobs", required_argument, NULL, 'j'},
        {"stream", no_argument, NULL, 's'},
        {"today", required_argument, NULL, 't'},
        {"max-bytes", required_argument, NULL, 'm'},
        {"list-rules", no_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    settings set;
    const char *facts_path = NULL, *today = NULL, *format = NULL;
    helder_form *form = NULL;
    helder_check_plan *plan = NULL;
    helder_facts *facts = NULL;
    cli_diags diags = {0};
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(cli_diags_collect, &diags);
    source src;
    progress prog;
    int opt, status = EXIT_CLEAN, facts_status = EXIT_CLEAN;
    char *end;
    unsigned long number;

    memset(&set, 0, sizeof set);
    memset(&src, 0, sizeof src);
    memset(&prog, 0, sizeof prog);
    helder_check_options defaults = HELDER_CHECK_OPTIONS_INIT;
    set.opts = defaults;
    set.jobs = 1;
    while ((opt = getopt_long(argc, argv, "f:j:h", options, NULL)) != -1) {
        switch (opt) {
        case 'f':
            format = optarg;
            if (strcmp(optarg, "text") == 0)
                set.format = OUT_TEXT;
            else if (strcmp(optarg, "json") == 0)
                set.format = OUT_JSON;
            else if (strcmp(optarg, "xml") == 0)
                set.format = OUT_XML;
            else
                return usage_error("unknown format '%s' (text, json or xml)", optarg);
            break;
        case 'F':
            facts_path = optarg;
            break;
        case 'n':
            set.normalized_dir = optarg;
            break;
        case 'j':
            errno = 0;
            number = strtoul(optarg, &end, 10);
            if (end == optarg || *end || errno || number < 1 || number > 256)
                return usage_error("-j takes a number of threads from 1 to 256, not '%s'", optarg);
            set.jobs = (unsigned)number;
            break;
        case 's':
            set.stream = 1;
            break;
        case 't':
            today = optarg;
            break;
        case 'm':
            errno = 0;
            number = strtoul(optarg, &end, 10);
            if (end == optarg || *end || errno || number < 1 || number > (1ul << 30))
                return usage_error("--max-bytes takes a number of bytes up to 1 GiB, not '%s'",
                                   optarg);
            set.opts.max_bytes = number;
            break;
        case 'l':
            list_rules();
            return EXIT_CLEAN;
        case 'h':
            cli_print_usage(stdout, cli_find_command("check"));
            return EXIT_CLEAN;
        default:
            cli_print_usage(stderr, cli_find_command("check"));
            return EXIT_USAGE;
        }
    }
    if (optind >= argc)
        return usage_error("%s", "no form given");
    if (set.stream && optind + 1 < argc)
        return usage_error("%s", "--stream reads the submissions from standard input: give only "
                                 "the form");
    if (!set.stream && optind + 1 >= argc)
        return usage_error("%s", "no submission given (use - for standard input, or --stream)");
    if (set.stream && format && set.format != OUT_JSON)
        return usage_error("--stream writes JSON lines, not '%s'", format);
    if (set.stream)
        set.format = OUT_JSON;
    if (helder_check_today(&set.opts.today, today) != HELDER_OK)
        return usage_error("--today takes a date that exists, as YYYY-MM-DD, not '%s'", today);
    if (set.normalized_dir) {
        struct stat st;
        if (stat(set.normalized_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            fprintf(stderr, "helder check: --normalized needs an existing directory: %s\n",
                    set.normalized_dir);
            return EXIT_SYSTEM;
        }
    }

    /* The form, compiled once. A form that cannot be used stops the run: nothing could be
     * checked against it. */
    int rc = helder_form_load_file(&form, argv[optind], NULL, &sink);
    if (rc != HELDER_OK || helder_check_plan_new(&plan, form) != HELDER_OK) {
        print_diags(&diags);
        fprintf(stderr, "helder check: %s cannot be used to check submissions\n", argv[optind]);
        status = EXIT_SYSTEM;
        goto out;
    }
    if (diags.count)
        print_diags(&diags);
    if (facts_path) {
        rc = helder_facts_load_file(&facts, plan, facts_path, NULL, &sink);
        unsigned fact_errors = diags.counts[HELDER_SEVERITY_ERROR];
        print_diags(&diags);
        if (rc == HELDER_EIO || (rc != HELDER_OK && !facts)) {
            fprintf(stderr, "helder check: the facts in %s cannot be used\n", facts_path);
            status = rc == HELDER_EIO ? EXIT_SYSTEM : EXIT_INPUT;
            goto out;
        }
        /* Facts in error are left out; the run goes on with the rest, and its status says
         * the input had errors. */
        if (fact_errors)
            facts_status = EXIT_INPUT;
        set.opts.facts = facts;
    }
    set.plan = plan;

    src.stream = set.stream;
    src.paths = argv + optind + 1;
    src.npaths = set.stream ? 0 : (size_t)(argc - optind - 1);
    src.max_bytes = set.opts.max_bytes;
    prog.total = src.npaths;
    prog.on = isatty(STDERR_FILENO) && !isatty(STDOUT_FILENO) && (set.stream || src.npaths >= 50);
    clock_gettime(CLOCK_MONOTONIC, &prog.last);

    if (set.format == OUT_XML)
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<results xmlns=\"urn:helder:check:1\">\n",
              stdout);
    status = run_all(&set, &src, &prog);
    if (set.format == OUT_XML)
        fputs("</results>\n", stdout);
    progress_update(&prog, 1);
    if (facts_status > status)
        status = facts_status;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "helder check: cannot write the output: %s\n", strerror(errno));
        status = EXIT_SYSTEM;
    }
out:
    free(src.buf);
    helder_facts_free(facts);
    helder_check_plan_free(plan);
    helder_form_free(form);
    cli_diags_free(&diags);
    return status;
}
