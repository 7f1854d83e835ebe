/* Tests for serve/: `helder serve` over raw sockets. Every hostile HTTP case of SECURITY.md
 * (slowloris, a trickled request head, slow body, 100 MB body, lying Content-Length, %00, duplicate
 * keys, 10,000 fields, a 1 MB key, CSRF, cross-site fetch metadata, 1,000 connections from one
 * address), the headers, a valid submission end to end, a failed store that keeps the answers, a
 * graceful SIGTERM, and SIGKILL under load:
 * every reference acknowledged to a client is in new/, whole and valid; the index and error pages
 * in the applicant's language. Units: tokens, CSRF, the outbox, the answers in words and as facts
 * (from check's answers and the render plan), the language chosen from ?lang= and Accept-Language,
 * the URL path's segments and a POST body's server fields (serve/request.c).
 */
#define _GNU_SOURCE /* prlimit(2): the file size limit of a test's server, see file_limit */
#include <arpa/inet.h>
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "model/model.h"
#include "serve/http.h"
#include "serve/serve.h"

#define FORM_PATH "/forms/partner/nl"
#define VALID_SUBMISSION "forms/partner/submissions/valid-01.xml"
#define INTAKE_SECRET "an-intake-secret-of-at-least-32-bytes-0123456789"
#define FACTS "forms/partner/facts/sanne-de-vries.xml"

/* ---- a server in a child process ---- */

typedef struct {
    pid_t pid;
    unsigned port;
    char dir[64]; /* its outbox, key and log live here */
    char outbox[96];
    char log[96];
} server;

static server srv; /* the suite's server (unchecked fixture) */

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* head_timeout: seconds for a request head (0: the default, 30). */
static void server_start(server *s, unsigned head_timeout)
{
    int out[2];
    char line[256];
    size_t used = 0;
    snprintf(s->dir, sizeof s->dir, "/tmp/helder-serve-test-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(s->dir));
    snprintf(s->outbox, sizeof s->outbox, "%s/outbox", s->dir);
    snprintf(s->log, sizeof s->log, "%s/access.log", s->dir);
    ck_assert_int_eq(pipe(out), 0);
    s->pid = fork();
    ck_assert_int_ge(s->pid, 0);
    if (s->pid == 0) {
        char key[96], intake[96];
        helder_serve_options opts = HELDER_SERVE_OPTIONS_INIT;
        snprintf(key, sizeof key, "%s/key", s->dir);
        snprintf(intake, sizeof intake, "%s/intake.key", s->dir);
        FILE *secret = fopen(intake, "w");
        if (secret) {
            fputs(INTAKE_SECRET "\n", secret);
            fclose(secret);
        }
        opts.intake_key_file = intake;
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        opts.forms_dir = "forms";
        opts.listen = "127.0.0.1:0";
        opts.outbox = s->outbox;
        opts.key_file = key;
        opts.access_log = s->log;
        opts.today = "2026-11-30";
        opts.timeout = 2;
        opts.request_deadline = 4;
        opts.head_timeout = head_timeout;
        opts.max_per_ip = 32;
        opts.max_connections = 1000;
        helder_global_init();
        _exit(helder_serve_run(&opts) == HELDER_OK ? 0 : 3);
    }
    close(out[1]);
    /* "helder serve: N forms, outbox DIR; open http://127.0.0.1:PORT/" */
    double start = now_s();
    while (now_s() - start < 30 && used < sizeof line - 1) {
        struct pollfd p = {out[0], POLLIN, 0};
        if (poll(&p, 1, 1000) <= 0)
            continue;
        ssize_t n = read(out[0], line + used, sizeof line - 1 - used);
        if (n <= 0)
            break;
        used += (size_t)n;
        line[used] = '\0';
        if (strchr(line, '\n'))
            break;
    }
    line[used] = '\0';
    close(out[0]);
    const char *port = strstr(line, "127.0.0.1:");
    ck_assert_msg(port != NULL, "the server did not start: '%s'", line);
    s->port = (unsigned)atoi(port + 10);
    ck_assert_uint_gt(s->port, 0);
}

static int server_stop(server *s, int sig)
{
    int status = 0;
    if (s->pid <= 0)
        return -1;
    kill(s->pid, sig);
    waitpid(s->pid, &status, 0);
    s->pid = 0;
    return status;
}

/* A test's own server: SIGTERM stops it cleanly (exit 0), the shared server's port is put back,
 * and its directory goes. */
static void own_server_stop(server *own, unsigned saved_port)
{
    int status = server_stop(own, SIGTERM);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    srv.port = saved_port;
    char command[128];
    snprintf(command, sizeof command, "rm -rf %s", own->dir);
    ck_assert_int_eq(system(command), 0);
}

static void suite_setup(void)
{
    server_start(&srv, 0);
}

static void suite_teardown(void)
{
    char command[160];
    server_stop(&srv, SIGTERM);
    snprintf(command, sizeof command, "rm -rf %s", srv.dir);
    if (system(command) != 0)
        fprintf(stderr, "could not remove %s\n", srv.dir);
}

/* ---- raw HTTP ---- */

static int connect_from(const char *source, unsigned port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    if (fd < 0)
        return -1;
    if (source) {
        memset(&addr, 0, sizeof addr);
        addr.sin_family = AF_INET;
        inet_pton(AF_INET, source, &addr.sin_addr);
        if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
            close(fd);
            return -1;
        }
    }
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int connect_server(void)
{
    return connect_from(NULL, srv.port);
}

static int send_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

typedef struct {
    int status; /* 0: none (closed or timed out) */
    int closed; /* the server closed the connection */
    char *head; /* status line and headers */
    char *body;
    size_t body_len;
} response;

static const char *find_ci(const char *haystack, const char *needle)
{
    size_t len = strlen(needle);
    for (const char *at = haystack; *at; at++)
        if (strncasecmp(at, needle, len) == 0)
            return at;
    return NULL;
}

static void response_free(response *r)
{
    free(r->head);
    free(r->body);
    memset(r, 0, sizeof *r);
}

/* Read one response (Content-Length bodies) within timeout seconds. */
static response read_response(int fd, double timeout)
{
    response r = {0, 0, NULL, NULL, 0};
    size_t cap = 1 << 16, used = 0;
    char *buf = helder_xmalloc(cap + 1);
    double start = now_s();
    long want = -1;
    size_t head_len = 0;
    for (;;) {
        double left = timeout - (now_s() - start);
        if (left <= 0)
            break;
        struct pollfd p = {fd, POLLIN, 0};
        int ready = poll(&p, 1, (int)(left * 1000) + 1);
        if (ready <= 0)
            continue;
        if (used == cap) {
            cap *= 2;
            buf = helder_xrealloc(buf, cap + 1);
        }
        ssize_t n = recv(fd, buf + used, cap - used, 0);
        if (n <= 0) {
            r.closed = 1;
            break;
        }
        used += (size_t)n;
        buf[used] = '\0';
        if (!head_len) {
            char *end = strstr(buf, "\r\n\r\n");
            if (end) {
                head_len = (size_t)(end - buf) + 4;
                const char *length = find_ci(buf, "\r\nContent-Length:");
                want = length && length < end ? atol(length + 17) : 0;
            }
        }
        if (head_len && used >= head_len + (size_t)want)
            break;
    }
    buf[used] = '\0';
    if (head_len) {
        r.status = atoi(buf + 9);
        r.head = helder_xstrndup(buf, head_len);
        r.body_len = used - head_len;
        r.body = helder_xstrndup(buf + head_len, r.body_len);
    }
    free(buf);
    return r;
}

/* One request on a new connection; extra_headers end in \r\n. */
static response request(const char *method, const char *path, const char *extra_headers,
                        const char *body, size_t body_len)
{
    int fd = connect_server();
    char head[4096];
    ck_assert_int_ge(fd, 0);
    int n = snprintf(head, sizeof head,
                     "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n%s", method,
                     path, srv.port, extra_headers ? extra_headers : "");
    if (body)
        n += snprintf(head + n, sizeof head - (size_t)n, "Content-Length: %zu\r\n", body_len);
    n += snprintf(head + n, sizeof head - (size_t)n, "\r\n");
    send_all(fd, head, (size_t)n);
    if (body)
        send_all(fd, body, body_len);
    response r = read_response(fd, 20);
    close(fd);
    return r;
}

/* The value is good until the calling thread's next call: the SIGKILL test's loaders read
 * Location at once, and with one buffer for all of them one thread's reference could be torn by
 * another's copy (a reference that no server ever gave, "not in new/"). */
static const char *header(const response *r, const char *name)
{
    static _Thread_local char value[512];
    char pattern[128];
    snprintf(pattern, sizeof pattern, "\r\n%s:", name);
    const char *at = r->head ? find_ci(r->head, pattern) : NULL;
    if (!at)
        return NULL;
    at += strlen(pattern);
    while (*at == ' ')
        at++;
    size_t len = strcspn(at, "\r\n");
    if (len >= sizeof value)
        len = sizeof value - 1;
    memcpy(value, at, len);
    value[len] = '\0';
    return value;
}

/* A form page: the cookie it sets and the token in it. */
typedef struct {
    char cookie[64];
    char token[64];
} session;

static session open_form(void)
{
    session s;
    memset(&s, 0, sizeof s);
    response r = request("GET", FORM_PATH, NULL, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    const char *set = header(&r, "Set-Cookie");
    ck_assert_ptr_nonnull(set);
    snprintf(s.cookie, sizeof s.cookie, "%.*s", (int)strcspn(set, ";"), set);
    const char *token = strstr(r.body, "name=\"_csrf\" value=\"");
    ck_assert_ptr_nonnull(token);
    token += strlen("name=\"_csrf\" value=\"");
    snprintf(s.token, sizeof s.token, "%.*s", (int)strcspn(token, "\""), token);
    response_free(&r);
    return s;
}

/* The shipped valid submission as the browser would post it. */
static void urlencode(helder_buf *out, const char *text)
{
    for (const unsigned char *at = (const unsigned char *)text; *at; at++) {
        if ((*at >= 'a' && *at <= 'z') || (*at >= 'A' && *at <= 'Z') ||
            (*at >= '0' && *at <= '9') || *at == '-' || *at == '.' || *at == '_')
            helder_buf_put(out, (const char *)at, 1);
        else if (*at == ' ')
            helder_buf_puts(out, "+");
        else
            helder_buf_printf(out, "%%%02X", *at);
    }
}

static void add_field(helder_buf *out, const char *key, const char *value)
{
    if (out->len)
        helder_buf_puts(out, "&");
    urlencode(out, key);
    helder_buf_puts(out, "=");
    urlencode(out, value);
}

static char *valid_fields(void)
{
    helder_buf out = {0};
    char *text = NULL;
    size_t len = 0;
    ck_assert_int_eq(helder_read_file(&text, &len, VALID_SUBMISSION, 1 << 20), 0);
    xmlDocPtr doc = xmlReadMemory(text, (int)len, VALID_SUBMISSION, NULL, XML_PARSE_NONET);
    free(text);
    ck_assert_ptr_nonnull(doc);
    for (xmlNodePtr el = xmlDocGetRootElement(doc)->children; el; el = el->next) {
        if (el->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *id = xmlGetProp(el, (const xmlChar *)"id");
        if (xmlStrcmp(el->name, (const xmlChar *)"answer") == 0) {
            xmlChar *value = xmlNodeGetContent(el);
            add_field(&out, (const char *)id, (const char *)value);
            xmlFree(value);
        } else {
            unsigned n = 0;
            for (xmlNodePtr item = el->children; item; item = item->next) {
                if (item->type != XML_ELEMENT_NODE)
                    continue;
                n++;
                for (xmlNodePtr a = item->children; a; a = a->next) {
                    if (a->type != XML_ELEMENT_NODE)
                        continue;
                    xmlChar *qid = xmlGetProp(a, (const xmlChar *)"id");
                    xmlChar *value = xmlNodeGetContent(a);
                    char key[256];
                    snprintf(key, sizeof key, "%s.%u.%s", id, n, qid);
                    add_field(&out, key, (const char *)value);
                    xmlFree(qid);
                    xmlFree(value);
                }
            }
        }
        xmlFree(id);
    }
    xmlFreeDoc(doc);
    return out.data;
}

static response post_form(const session *s, const char *body, const char *more_headers)
{
    char headers[1024];
    snprintf(headers, sizeof headers,
             "Content-Type: application/x-www-form-urlencoded\r\nCookie: %s\r\n%s", s->cookie,
             more_headers ? more_headers : "");
    return request("POST", FORM_PATH, headers, body, strlen(body));
}

static char *with_token(const session *s, const char *fields)
{
    helder_buf body = {0};
    helder_buf_printf(&body, "_csrf=%s&%s", s->token, fields);
    return body.data;
}

static int server_alive(void)
{
    response r = request("GET", "/healthz", NULL, NULL, 0);
    int ok = r.status == 200;
    response_free(&r);
    return ok;
}

/* ---- units: tokens, CSRF, references ---- */

START_TEST(token_roundtrip)
{
    unsigned char key[HELDER_SERVE_KEY_LEN] = {1, 2, 3};
    char *token = helder_serve_token_seal(key, "steps", "a=1&b=2", 7);
    char *out = NULL;
    size_t len = 0;
    ck_assert_int_eq(helder_serve_token_open(&out, &len, key, "steps", token, strlen(token), 100),
                     0);
    ck_assert_str_eq(out, "a=1&b=2");
    free(out);
    /* another purpose, another key, a changed payload: refused */
    ck_assert_int_ne(helder_serve_token_open(&out, &len, key, "other", token, strlen(token), 100),
                     0);
    token[0] = token[0] == 'A' ? 'B' : 'A';
    ck_assert_int_ne(helder_serve_token_open(&out, &len, key, "steps", token, strlen(token), 100),
                     0);
    ck_assert_int_ne(helder_serve_token_open(&out, &len, key, "steps", "x.y", 3, 100), 0);
    free(token);
}
END_TEST

START_TEST(csrf_units)
{
    unsigned char key[HELDER_SERVE_KEY_LEN] = {9};
    char nonce[HELDER_SERVE_NONCE_CHARS + 1], token[HELDER_SERVE_CSRF_CHARS + 1];
    char cookie[128];
    helder_serve_csrf_nonce_new(nonce);
    helder_serve_csrf_token(token, key, nonce, "partner");
    ck_assert(helder_serve_csrf_valid(key, nonce, "partner", token, strlen(token)));
    ck_assert(!helder_serve_csrf_valid(key, nonce, "study", token, strlen(token)));
    ck_assert(!helder_serve_csrf_valid(key, nonce, "partner", token, strlen(token) - 1));
    snprintf(cookie, sizeof cookie, "a=b; helder_csrf=%s; c=d", nonce);
    char read_back[HELDER_SERVE_NONCE_CHARS + 1];
    ck_assert(helder_serve_csrf_nonce_from_cookie(read_back, cookie));
    ck_assert_str_eq(read_back, nonce);
    ck_assert(!helder_serve_csrf_nonce_from_cookie(read_back, "helder_csrf=short"));
    ck_assert(helder_serve_fetch_allowed(NULL, NULL, "h:1"));
    ck_assert(helder_serve_fetch_allowed("same-origin", "http://h:1", "h:1"));
    ck_assert(!helder_serve_fetch_allowed("cross-site", NULL, "h:1"));
    ck_assert(!helder_serve_fetch_allowed("same-site", NULL, "h:1"));
    ck_assert(!helder_serve_fetch_allowed(NULL, "http://evil.example", "h:1"));
    ck_assert(helder_serve_fetch_allowed("same-origin", "null", "h:1"));
    ck_assert(!helder_serve_fetch_allowed("cross-site", "null", "h:1"));
}
END_TEST

START_TEST(reference_shape)
{
    char ref[24];
    helder_serve_reference_new(ref);
    ck_assert_msg(helder_serve_reference_valid(ref), "%s", ref);
    ck_assert(!helder_serve_reference_valid("H261130-../../etc/pa"));
    ck_assert(!helder_serve_reference_valid("H261130-ABC"));
}
END_TEST

/* A reference already in new/ is never written over (rename(2) would replace it silently): the
 * store fails, the submission someone was told was received stays as it was, and tmp/ is left
 * empty. */
static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

static int dir_is_empty(const char *path)
{
    char command[256];
    snprintf(command, sizeof command, "[ -z \"$(ls -A '%s')\" ]", path);
    return system(command) == 0;
}

START_TEST(outbox_never_replaces)
{
    char dir[] = "/tmp/helder-outbox-XXXXXX", path[128];
    const char *reference = "H261130-ABCDEFGHJKMN";
    helder_serve_outbox *outbox = NULL;
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert_int_eq(helder_serve_outbox_open(&outbox, dir, 1), HELDER_OK);
    snprintf(path, sizeof path, "%s/new/%s.receipt", dir, reference);
    write_text(path, "first receipt");
    snprintf(path, sizeof path, "%s/new/%s.xml", dir, reference);
    write_text(path, "first");
    ck_assert_int_eq(helder_serve_outbox_store(outbox, reference, helder_xstrdup("second"), 6,
                                               helder_xstrdup("second receipt"), 14),
                     HELDER_EIO);
    char *text = NULL;
    size_t len = 0;
    ck_assert_int_eq(helder_serve_outbox_read(&text, &len, outbox, reference), HELDER_OK);
    ck_assert_str_eq(text, "first");
    free(text);
    snprintf(path, sizeof path, "%s/tmp", dir);
    ck_assert_msg(dir_is_empty(path), "tmp/ keeps a file");
    /* another reference goes through, receipt and submission both */
    const char *other = "H261130-ABCDEFGHJKMP";
    ck_assert_int_eq(helder_serve_outbox_store(outbox, other, helder_xstrdup("third"), 5,
                                               helder_xstrdup("third receipt"), 13),
                     HELDER_OK);
    ck_assert_int_eq(helder_serve_outbox_read(&text, &len, outbox, other), HELDER_OK);
    ck_assert_str_eq(text, "third");
    free(text);
    ck_assert_msg(dir_is_empty(path), "tmp/ keeps a file");
    helder_serve_outbox_close(outbox);
    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(path), 0);
}
END_TEST

/* ---- units: what serve reads of a request itself (serve/request.c) ---- */

typedef struct {
    const char *path;
    int rc;
    const char *segments; /* joined with '|' when accepted */
} path_case;

static const path_case path_cases[] = {
    {"/", 0, ""},
    {"/forms/partner/nl", 0, "forms|partner|nl"},
    {"/forms/partner/nl/steps", 0, "forms|partner|nl|steps"},
    {"/receipt/H261130-TPQEKB60FA0Y/KEY/application.pdf", 0,
     "receipt|H261130-TPQEKB60FA0Y|KEY|application.pdf"},
    {"/a/b/c/d/e/f", 0, "a|b|c|d|e|f"},
    {"/a/b/c/d/e/f/g", -1, NULL},
    {"", -1, NULL},
    {"forms/partner", -1, NULL},
    {"//", -1, NULL},
    {"//forms/partner/nl", -1, NULL},
    {"/forms//nl", -1, NULL},
    {"/forms/partner/nl/", -1, NULL},
    {"/.", -1, NULL},
    {"/..", -1, NULL},
    {"/forms/../receipt", -1, NULL},
    {"/forms/partner/.", -1, NULL},
    {"/%2e%2e/etc", -1, NULL},
    {"/%2E%2E", -1, NULL},
    {"/.%2e", -1, NULL},
    {"/%2e", -1, NULL},
    /* not dot segments: names like any other, found by no route */
    {"/...", 0, "..."},
    {"/.well-known", 0, ".well-known"},
    {"/%2e%2e%2e", 0, "%2e%2e%2e"},
    {"/%2f..", 0, "%2f.."},
    {"/a%2Fb", 0, "a%2Fb"},
};

START_TEST(split_path_table)
{
    const path_case *c = &path_cases[_i];
    helder_serve_segments s;
    int rc = helder_serve_split_path(&s, c->path);
    ck_assert_msg(rc == c->rc, "'%s': %d", c->path, rc);
    if (rc != 0)
        return;
    helder_buf joined = {0};
    for (unsigned i = 0; i < s.count; i++) {
        if (i)
            helder_buf_puts(&joined, "|");
        helder_buf_put(&joined, s.seg[i], s.len[i]);
    }
    ck_assert_msg(strcmp(joined.data ? joined.data : "", c->segments) == 0, "'%s': %s", c->path,
                  joined.data ? joined.data : "");
    helder_buf_free(&joined);
}
END_TEST

/* Very long paths cost one pass: a 100,000-byte segment is one segment, six of 20,000 bytes are
 * six, and 10,000 short ones are refused at the seventh. */
START_TEST(split_path_long)
{
    helder_serve_segments s;
    helder_buf path = {0};
    helder_buf_puts(&path, "/");
    for (int i = 0; i < 100000; i++)
        helder_buf_puts(&path, "a");
    ck_assert_int_eq(helder_serve_split_path(&s, path.data), 0);
    ck_assert_uint_eq(s.count, 1);
    ck_assert_uint_eq(s.len[0], 100000);
    helder_buf_free(&path);
    for (int seg = 0; seg < 6; seg++) {
        helder_buf_puts(&path, "/");
        for (int i = 0; i < 20000; i++)
            helder_buf_puts(&path, "b");
    }
    ck_assert_int_eq(helder_serve_split_path(&s, path.data), 0);
    ck_assert_uint_eq(s.count, 6);
    ck_assert_uint_eq(s.len[5], 20000);
    helder_buf_free(&path);
    for (int i = 0; i < 10000; i++)
        helder_buf_puts(&path, "/x");
    ck_assert_int_eq(helder_serve_split_path(&s, path.data), -1);
    helder_buf_free(&path);
    for (int i = 0; i < 10000; i++)
        helder_buf_puts(&path, "/");
    ck_assert_int_eq(helder_serve_split_path(&s, path.data), -1);
    helder_buf_free(&path);
}
END_TEST

typedef struct {
    const char *name;
    const char *body;
    size_t len; /* 0: strlen(body) */
    unsigned max;
    int rc;
    unsigned fields;               /* when accepted */
    const char *csrf, *state, *go; /* when accepted; NULL: absent */
} fields_case;

static const fields_case fields_cases[] = {
    {"empty", "", 0, 2000, 0, 0, NULL, NULL, NULL},
    {"a form's fields", "filler=sponsor&sponsor_given_names=Sanne+Maria", 0, 2000, 0, 2, NULL, NULL,
     NULL},
    {"the whole form", "_csrf=Ab-_.9&filler=sponsor", 0, 2000, 0, 2, "Ab-_.9", NULL, NULL},
    {"a step", "filler=x&_csrf=abc&_state=cGFy.dG5l&_go=continue", 0, 2000, 0, 4, "abc",
     "cGFy.dG5l", "continue"},
    {"no value", "_csrf&_go", 0, 2000, 0, 2, "", NULL, ""},
    {"empty pieces are no fields", "&&a=1&&_go=back&", 0, 2000, 0, 2, NULL, NULL, "back"},
    {"duplicate _csrf", "_csrf=a&_csrf=a", 0, 2000, -1, 0, NULL, NULL, NULL},
    {"duplicate _csrf, apart", "_csrf=a&filler=x&_csrf=b", 0, 2000, -1, 0, NULL, NULL, NULL},
    {"duplicate _go, one empty", "_go&_go=send", 0, 2000, -1, 0, NULL, NULL, NULL},
    {"an unknown server field", "_admin=1", 0, 2000, -1, 0, NULL, NULL, NULL},
    {"a server field's prefix", "_csr=a", 0, 2000, -1, 0, NULL, NULL, NULL},
    {"a server field lengthened", "_csrfx=a", 0, 2000, -1, 0, NULL, NULL, NULL},
    {"an escaped underscore", "%5Fcsrf=x", 0, 2000, -1, 0, NULL, NULL, NULL},
    {"an escaped underscore, small", "%5fgo=send", 0, 2000, -1, 0, NULL, NULL, NULL},
    {"an escape in a value", "_go=se%6Ed", 0, 2000, -1, 0, NULL, NULL, NULL},
    {"escaped dots in a value", "_state=%2e%2e", 0, 2000, -1, 0, NULL, NULL, NULL},
    {"a space in a value", "_go=a+b", 0, 2000, -1, 0, NULL, NULL, NULL},
    {"an '=' in a value", "_csrf=a=b", 0, 2000, -1, 0, NULL, NULL, NULL},
    {"a NUL", "a=1\0&_go=send", 13, 2000, -1, 0, NULL, NULL, NULL},
    {"a NUL at the end", "a=1\0", 4, 2000, -1, 0, NULL, NULL, NULL},
    {"at the cap", "a=1&b=2", 0, 2, 0, 2, NULL, NULL, NULL},
    {"past the cap", "a=1&b=2&c=3", 0, 2, -2, 0, NULL, NULL, NULL},
    {"malformed before the cap", "_x=1&b=2&c=3", 0, 2, -1, 0, NULL, NULL, NULL},
    {"malformed past the cap", "a=1&b=2&_x=3", 0, 2, -2, 0, NULL, NULL, NULL},
};

/* The body in a buffer of its exact length, as the server's parser must never need more. */
static int parse_exact(helder_serve_fields *out, const char *body, size_t len, unsigned max)
{
    char *copy = helder_xmalloc(len ? len : 1);
    memcpy(copy, body, len);
    int rc = helder_serve_parse_fields(out, copy, len, max);
    /* the values point into the copy: compare before it goes */
    static char found[3][64];
    const char *values[3] = {out->csrf, out->state, out->go};
    size_t lens[3] = {out->csrf_len, out->state_len, out->go_len};
    for (int i = 0; i < 3; i++) {
        snprintf(found[i], sizeof found[i], "%.*s", (int)lens[i], values[i] ? values[i] : "");
        ck_assert(!values[i] || (values[i] >= copy && values[i] + lens[i] <= copy + len));
    }
    out->csrf = out->csrf ? found[0] : NULL;
    out->state = out->state ? found[1] : NULL;
    out->go = out->go ? found[2] : NULL;
    free(copy);
    return rc;
}

START_TEST(parse_fields_table)
{
    const fields_case *c = &fields_cases[_i];
    helder_serve_fields out;
    int rc = parse_exact(&out, c->body, c->len ? c->len : strlen(c->body), c->max);
    ck_assert_msg(rc == c->rc, "%s: %d", c->name, rc);
    if (rc != 0)
        return;
    ck_assert_msg(out.fields == c->fields, "%s: %u fields", c->name, out.fields);
    const char *want[3] = {c->csrf, c->state, c->go}, *got[3] = {out.csrf, out.state, out.go};
    for (int i = 0; i < 3; i++) {
        if (!want[i])
            ck_assert_msg(got[i] == NULL, "%s: field %d found", c->name, i);
        else
            ck_assert_msg(got[i] && strcmp(got[i], want[i]) == 0, "%s: field %d is '%s'", c->name,
                          i, got[i] ? got[i] : "(none)");
    }
}
END_TEST

/* 10,000 fields: counted to the cap and refused there (413), or all counted under a cap above
 * them; 10,000 _csrf fields are refused at the second. */
START_TEST(parse_fields_ten_thousand)
{
    helder_buf body = {0};
    helder_serve_fields out;
    for (int i = 0; i < 10000; i++)
        helder_buf_printf(&body, "%sf%d=x", i ? "&" : "", i);
    ck_assert_int_eq(parse_exact(&out, body.data, body.len, 2000), -2);
    ck_assert_int_eq(parse_exact(&out, body.data, body.len, 10000), 0);
    ck_assert_uint_eq(out.fields, 10000);
    ck_assert_int_eq(parse_exact(&out, body.data, body.len, 9999), -2);
    helder_buf_free(&body);
    for (int i = 0; i < 10000; i++)
        helder_buf_printf(&body, "%s_csrf=x", i ? "&" : "");
    ck_assert_int_eq(parse_exact(&out, body.data, body.len, 20000), -1);
    ck_assert_int_eq(parse_exact(&out, body.data, 7, 20000), 0);
    ck_assert_str_eq(out.csrf, "x");
    helder_buf_free(&body);
}
END_TEST

/* ---- the happy path and the headers ---- */

START_TEST(headers_on_every_response)
{
    static const char *const paths[] = {"/", FORM_PATH, "/nothing-here", "/assets/style.css"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        response r = request("GET", paths[i], NULL, NULL, 0);
        ck_assert_msg(r.status == 200 || r.status == 404, "%s: %d", paths[i], r.status);
        const char *csp = header(&r, "Content-Security-Policy");
        ck_assert_ptr_nonnull(csp);
        ck_assert_str_eq(csp, "default-src 'none'; style-src 'self'; script-src 'self'; "
                              "img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                              "base-uri 'none'");
        ck_assert_str_eq(header(&r, "X-Content-Type-Options"), "nosniff");
        ck_assert_str_eq(header(&r, "Referrer-Policy"), "no-referrer");
        ck_assert_str_eq(header(&r, "Cache-Control"), "no-store");
        response_free(&r);
    }
    response r = request("GET", FORM_PATH, NULL, NULL, 0);
    const char *cookie = header(&r, "Set-Cookie");
    ck_assert_ptr_nonnull(cookie);
    ck_assert_ptr_nonnull(strstr(cookie, "HttpOnly"));
    ck_assert_ptr_nonnull(strstr(cookie, "SameSite=Strict"));
    ck_assert_ptr_nonnull(strstr(r.body, "class=\"language-switch\""));
    response_free(&r);
}
END_TEST

START_TEST(valid_submission_is_stored_then_acknowledged)
{
    session s = open_form();
    char *fields = valid_fields(), *body = with_token(&s, fields);
    response r = post_form(&s, body, NULL);
    ck_assert_msg(r.status == 303, "status %d: %s", r.status, r.body ? r.body : "");
    const char *location = header(&r, "Location");
    ck_assert_ptr_nonnull(location);
    ck_assert_int_eq(strncmp(location, "/receipt/H", 10), 0);
    char path[256], reference[24], file[256];
    snprintf(path, sizeof path, "%s", location);
    snprintf(reference, sizeof reference, "%.20s", location + 9);
    response_free(&r);
    /* on disk, with its receipt, before the redirect was sent */
    snprintf(file, sizeof file, "%s/new/%s.xml", srv.outbox, reference);
    ck_assert_int_eq(access(file, R_OK), 0);
    snprintf(file, sizeof file, "%s/new/%s.receipt", srv.outbox, reference);
    ck_assert_int_eq(access(file, R_OK), 0);
    /* the receipt page names the reference; the filled PDF is a PDF */
    r = request("GET", path, NULL, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body, reference));
    ck_assert_ptr_nonnull(strstr(r.body, "application.pdf"));
    response_free(&r);
    strcat(path, "/application.pdf");
    r = request("GET", path, NULL, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(memcmp(r.body, "%PDF", 4), 0);
    response_free(&r);
    /* a wrong key shows nothing */
    snprintf(path, sizeof path, "/receipt/%s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", reference);
    r = request("GET", path, NULL, NULL, 0);
    ck_assert_int_eq(r.status, 404);
    response_free(&r);
    free(body);
    free(fields);
}
END_TEST

START_TEST(invalid_submission_comes_back_with_errors)
{
    session s = open_form();
    char *body = with_token(&s, "filler=sponsor&sponsor_given_names=Sanne");
    response r = post_form(&s, body, NULL);
    ck_assert_int_eq(r.status, 422);
    ck_assert_ptr_nonnull(strstr(r.body, "error-summary"));
    ck_assert_ptr_nonnull(strstr(r.body, "value=\"Sanne\""));
    ck_assert_ptr_nonnull(strstr(r.body, "name=\"_csrf\""));
    response_free(&r);
    free(body);
}
END_TEST

/* ---- hostile bodies ---- */

typedef struct {
    const char *name;
    const char *fields; /* after a valid _csrf */
    int status;
} body_case;

static const body_case body_cases[] = {
    {"%00 in a value", "sponsor_given_names=Sa%00nne", 400},
    {"%00 in a key", "sponsor_given%00_names=Sanne", 400},
    {"%00 in a key, at the start", "%00=x", 400},
    {"a raw NUL", "sponsor_given_names=Sa\x01nne", 400},
    {"invalid UTF-8", "sponsor_given_names=%C3%28", 400},
    {"an overlong form", "sponsor_given_names=%C0%AF", 400},
    {"a duplicate key", "sponsor_given_names=A&sponsor_given_names=B", 400},
    {"a duplicate token", "_csrf=AAAA", 400},
    {"an unknown key", "no_such_question=1", 400},
    {"an unknown server field", "_admin=1", 400},
    {"an escaped server field", "%5Fcsrf=x", 400},
    {"a bad escape", "sponsor_given_names=%G1", 400},
    {"an option that is not one", "filler=nobody", 400},
};

START_TEST(hostile_bodies)
{
    const body_case *c = &body_cases[_i];
    session s = open_form();
    char *body = with_token(&s, c->fields);
    size_t len = strlen(body);
    char *nul = strchr(body, '\x01');
    if (nul)
        *nul = '\0'; /* a NUL byte as such, not escaped */
    char headers[256];
    snprintf(headers, sizeof headers,
             "Content-Type: application/x-www-form-urlencoded\r\nCookie: %s\r\n", s.cookie);
    response r = request("POST", FORM_PATH, headers, body, len);
    ck_assert_msg(r.status == c->status, "%s: %d", c->name, r.status);
    response_free(&r);
    free(body);
    ck_assert(server_alive());
}
END_TEST

START_TEST(ten_thousand_fields)
{
    session s = open_form();
    helder_buf body = {0};
    helder_buf_printf(&body, "_csrf=%s", s.token);
    for (int i = 0; i < 10000; i++)
        helder_buf_printf(&body, "&f%d=x", i);
    response r = post_form(&s, body.data, NULL);
    ck_assert_msg(r.status == 413 || r.status == 400, "%d", r.status);
    response_free(&r);
    helder_buf_free(&body);
    ck_assert(server_alive());
}
END_TEST

START_TEST(one_megabyte_key)
{
    session s = open_form();
    helder_buf body = {0};
    helder_buf_printf(&body, "_csrf=%s&", s.token);
    char *key = helder_xmalloc(1 << 20);
    memset(key, 'k', 1 << 20);
    helder_buf_put(&body, key, 1 << 20);
    helder_buf_puts(&body, "=v");
    free(key);
    response r = post_form(&s, body.data, NULL);
    ck_assert_msg(r.status == 413 || r.status == 400, "%d", r.status);
    response_free(&r);
    helder_buf_free(&body);
    /* and a 100 KB key under the cap: refused as malformed, not truncated */
    body.len = 0;
    helder_buf_printf(&body, "_csrf=%s&", s.token);
    for (int i = 0; i < 100000; i++)
        helder_buf_puts(&body, "k");
    helder_buf_puts(&body, "=v");
    r = post_form(&s, body.data, NULL);
    ck_assert_int_eq(r.status, 400);
    response_free(&r);
    helder_buf_free(&body);
    ck_assert(server_alive());
}
END_TEST

START_TEST(hundred_megabyte_body)
{
    /* declared: refused before a byte of it is read */
    int fd = connect_server();
    char head[512];
    double start = now_s();
    snprintf(head, sizeof head,
             "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nContent-Type: "
             "application/x-www-form-urlencoded\r\nContent-Length: 104857600\r\n\r\n",
             FORM_PATH, srv.port);
    send_all(fd, head, strlen(head));
    response r = read_response(fd, 10);
    ck_assert_int_eq(r.status, 413);
    ck_assert(now_s() - start < 5);
    response_free(&r);
    close(fd);

    /* chunked, so undeclared: the server stops reading past the cap and closes */
    fd = connect_server();
    snprintf(head, sizeof head,
             "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nContent-Type: "
             "application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n",
             FORM_PATH, srv.port);
    send_all(fd, head, strlen(head));
    char *chunk = helder_xmalloc(65536 + 16);
    int n = sprintf(chunk, "10000\r\n");
    memset(chunk + n, 'a', 65536);
    memcpy(chunk + n + 65536, "\r\n", 2);
    size_t sent = 0;
    while (sent < (100u << 20)) {
        if (send_all(fd, chunk, (size_t)n + 65536 + 2) != 0)
            break;
        sent += 65536;
    }
    free(chunk);
    ck_assert_msg(sent < (8u << 20), "the server read %zu bytes of a body over its cap", sent);
    close(fd);
    ck_assert(server_alive());
}
END_TEST

START_TEST(lying_content_length)
{
    session s = open_form();
    char head[512];
    /* shorter than the body: the rest is no request, and is answered as such */
    int fd = connect_server();
    snprintf(head, sizeof head,
             "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nContent-Type: "
             "application/x-www-form-urlencoded\r\nCookie: %s\r\nContent-Length: 5\r\n\r\n"
             "_csrf=x&filler=sponsor GARBAGE\r\n\r\n",
             FORM_PATH, srv.port, s.cookie);
    send_all(fd, head, strlen(head));
    response r = read_response(fd, 10);
    ck_assert_msg(r.status == 400 || r.status == 403, "%d", r.status);
    response_free(&r);
    r = read_response(fd, 10);
    ck_assert_msg(r.status == 0 || r.status == 400, "%d", r.status);
    response_free(&r);
    close(fd);

    /* longer than the body: the server waits no longer than its timeout, then closes */
    fd = connect_server();
    snprintf(head, sizeof head,
             "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nContent-Type: "
             "application/x-www-form-urlencoded\r\nCookie: %s\r\nContent-Length: 5000\r\n\r\n"
             "_csrf=x",
             FORM_PATH, srv.port, s.cookie);
    send_all(fd, head, strlen(head));
    double start = now_s();
    r = read_response(fd, 15);
    ck_assert(r.closed || r.status >= 400);
    ck_assert_msg(now_s() - start < 8, "held for %.1f s", now_s() - start);
    response_free(&r);
    close(fd);
    ck_assert(server_alive());
}
END_TEST

START_TEST(slowloris)
{
    /* 20 connections that send half a request and then stall: closed at the 2 s timeout */
    int fds[20];
    const char *line = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    for (int i = 0; i < 20; i++) {
        fds[i] = connect_server();
        ck_assert_int_ge(fds[i], 0);
        send_all(fds[i], line, strlen(line));
    }
    /* others are served meanwhile */
    ck_assert(server_alive());
    double start = now_s();
    int open_count = 20;
    while (open_count > 0 && now_s() - start < 10) {
        open_count = 0;
        for (int i = 0; i < 20; i++) {
            if (fds[i] < 0)
                continue;
            char byte;
            if (recv(fds[i], &byte, 1, MSG_DONTWAIT) == 0) {
                close(fds[i]);
                fds[i] = -1;
                continue;
            }
            open_count++;
        }
        struct timespec nap = {0, 200 * 1000 * 1000};
        nanosleep(&nap, NULL);
    }
    ck_assert_msg(open_count == 0, "%d slow connections still open after %.1f s", open_count,
                  now_s() - start);
    ck_assert_msg(now_s() - start < 6, "closed only after %.1f s", now_s() - start);
    for (int i = 0; i < 20; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    ck_assert(server_alive());
}
END_TEST

/* ---- the head deadline: its own server, a 3 s head timeout over the 2 s idle timeout ---- */

START_TEST(trickled_head_is_cut)
{
    /* A byte every half second is never idle for 2 s, so only the head deadline can end these:
     * one trickles a header, one the request line itself (before any request exists). */
    server own;
    server_start(&own, 3);
    unsigned saved = srv.port;
    srv.port = own.port;
    const char *starts[2] = {"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ", "GET /"};
    int fds[2];
    double opened[2], cut[2] = {-1, -1};
    for (int i = 0; i < 2; i++) {
        fds[i] = connect_server();
        ck_assert_int_ge(fds[i], 0);
        opened[i] = now_s();
        send_all(fds[i], starts[i], strlen(starts[i]));
    }
    double start = now_s(), last_byte = start;
    while ((cut[0] < 0 || cut[1] < 0) && now_s() - start < 12) {
        int byte_due = now_s() - last_byte >= 0.5;
        for (int i = 0; i < 2; i++) {
            if (cut[i] >= 0)
                continue;
            char byte;
            ssize_t n = recv(fds[i], &byte, 1, MSG_DONTWAIT);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) ||
                (byte_due && send_all(fds[i], "a", 1) != 0))
                cut[i] = now_s() - opened[i];
        }
        if (byte_due)
            last_byte = now_s();
        struct timespec nap = {0, 50 * 1000 * 1000};
        nanosleep(&nap, NULL);
    }
    for (int i = 0; i < 2; i++) {
        close(fds[i]);
        ck_assert_msg(cut[i] >= 0, "a trickled %s was still open after %.1f s",
                      i ? "request line" : "header", now_s() - opened[i]);
        ck_assert_msg(cut[i] >= 2.5, "cut after %.1f s, before the 3 s head timeout", cut[i]);
        ck_assert_msg(cut[i] < 8, "cut only after %.1f s", cut[i]);
    }

    /* A kept-alive connection whose heads each take 1.5 s (under the idle timeout) lives past the
     * 3 s head timeout: each head is timed from the answer before it, not from the connection. */
    int fd = connect_server();
    ck_assert_int_ge(fd, 0);
    const char *get = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    double born = now_s();
    for (int round = 0; round < 4; round++) {
        if (round > 0) {
            struct timespec pause = {1, 0}, half = {0, 500 * 1000 * 1000};
            nanosleep(&pause, NULL);
            send_all(fd, get, 20);
            nanosleep(&half, NULL);
            send_all(fd, get + 20, strlen(get) - 20);
        } else {
            send_all(fd, get, strlen(get));
        }
        response r = read_response(fd, 5);
        ck_assert_msg(r.status == 200, "round %d, %.1f s into the connection: status %d%s", round,
                      now_s() - born, r.status, r.closed ? ", closed" : "");
        response_free(&r);
    }
    ck_assert_msg(now_s() - born > 3.5, "the connection lived only %.1f s", now_s() - born);
    close(fd);
    ck_assert(server_alive());

    /* the cuts are in the log, with the address and nothing the client sent */
    char *log = NULL;
    size_t log_len = 0;
    ck_assert_int_eq(helder_read_file(&log, &log_len, own.log, 1 << 20), 0);
    size_t cuts = 0;
    for (const char *at = log; (at = strstr(at, "request head not complete in 3 s")); at++)
        cuts++;
    ck_assert_uint_eq(cuts, 2);
    ck_assert_ptr_null(strstr(log, "X-Slow"));
    free(log);

    /* and SIGTERM still stops it cleanly (the watchdog thread included) */
    own_server_stop(&own, saved);
}
END_TEST

START_TEST(slow_body)
{
    /* a byte a second keeps the connection from idling out, but not past the request deadline */
    session s = open_form();
    int fd = connect_server();
    char head[512];
    snprintf(head, sizeof head,
             "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nContent-Type: "
             "application/x-www-form-urlencoded\r\nCookie: %s\r\nContent-Length: 1000\r\n\r\n",
             FORM_PATH, srv.port, s.cookie);
    send_all(fd, head, strlen(head));
    double start = now_s();
    int closed = 0;
    while (!closed && now_s() - start < 15) {
        if (send_all(fd, "a", 1) != 0)
            closed = 1;
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 1000) > 0) {
            char buf[256];
            if (recv(fd, buf, sizeof buf, 0) <= 0)
                closed = 1;
        }
    }
    ck_assert_msg(closed, "a slow body was still being read after %.1f s", now_s() - start);
    ck_assert_msg(now_s() - start < 8, "closed only after %.1f s", now_s() - start);
    close(fd);
    ck_assert(server_alive());
}
END_TEST

START_TEST(thousand_connections_from_one_address)
{
    struct rlimit limit;
    getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < 1200 && limit.rlim_max >= 1200) {
        limit.rlim_cur = limit.rlim_max < 4096 ? limit.rlim_max : 4096;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    int *fds = helder_xcalloc(1000, sizeof *fds);
    int connected = 0;
    for (int i = 0; i < 1000; i++) {
        fds[i] = connect_from("127.0.0.3", srv.port);
        connected += fds[i] >= 0;
    }
    /* past the per-address limit the server closes them at once */
    struct timespec nap = {0, 500 * 1000 * 1000};
    nanosleep(&nap, NULL);
    int kept = 0;
    for (int i = 0; i < 1000; i++) {
        if (fds[i] < 0)
            continue;
        char byte;
        ssize_t n = recv(fds[i], &byte, 1, MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            kept++;
    }
    ck_assert_msg(kept <= 32, "%d of %d connections from one address kept open", kept, connected);
    /* another address is served at once */
    double start = now_s();
    int fd = connect_from("127.0.0.4", srv.port);
    ck_assert_int_ge(fd, 0);
    const char *get = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    send_all(fd, get, strlen(get));
    response r = read_response(fd, 5);
    ck_assert_int_eq(r.status, 200);
    ck_assert(now_s() - start < 2);
    response_free(&r);
    close(fd);
    for (int i = 0; i < 1000; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    free(fds);
}
END_TEST

/* ---- CSRF and fetch metadata ---- */

START_TEST(csrf_refused)
{
    session s = open_form(), other = open_form();
    char *fields = valid_fields();
    char *body;
    response r;

    /* no token */
    r = post_form(&s, fields, NULL);
    ck_assert_int_eq(r.status, 403);
    response_free(&r);
    /* a wrong token */
    body = with_token(&s, fields);
    body[6] = body[6] == 'A' ? 'B' : 'A';
    r = post_form(&s, body, NULL);
    ck_assert_int_eq(r.status, 403);
    response_free(&r);
    free(body);
    /* another browser's token */
    body = with_token(&other, fields);
    r = post_form(&s, body, NULL);
    ck_assert_int_eq(r.status, 403);
    response_free(&r);
    /* no cookie */
    char headers[256];
    snprintf(headers, sizeof headers, "Content-Type: application/x-www-form-urlencoded\r\n");
    r = request("POST", FORM_PATH, headers, body, strlen(body));
    ck_assert_int_eq(r.status, 403);
    response_free(&r);
    free(body);
    /* a token for another form */
    body = with_token(&s, fields);
    snprintf(headers, sizeof headers,
             "Content-Type: application/x-www-form-urlencoded\r\nCookie: %s\r\n", s.cookie);
    r = request("POST", "/forms/study/en", headers, body, strlen(body));
    ck_assert_int_eq(r.status, 403);
    response_free(&r);
    free(body);
    free(fields);
}
END_TEST

START_TEST(cross_site_refused)
{
    session s = open_form();
    char *fields = valid_fields(), *body = with_token(&s, fields);
    static const char *const cases[] = {
        "Sec-Fetch-Site: cross-site\r\n",
        "Sec-Fetch-Site: same-site\r\n",
        "Origin: http://evil.example\r\n",
        "Sec-Fetch-Site: cross-site\r\nOrigin: null\r\n",
        "Sec-Fetch-Site: same-origin\r\nOrigin: http://127.0.0.1:1\r\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        response r = post_form(&s, body, cases[i]);
        ck_assert_msg(r.status == 403, "%s: %d", cases[i], r.status);
        response_free(&r);
    }
    /* same-origin is fine */
    char same[128];
    snprintf(same, sizeof same, "Sec-Fetch-Site: same-origin\r\nOrigin: http://127.0.0.1:%u\r\n",
             srv.port);
    response r = post_form(&s, body, same);
    ck_assert_int_eq(r.status, 303);
    response_free(&r);
    free(body);
    free(fields);
}
END_TEST

START_TEST(content_types_and_methods)
{
    response r = request("POST", FORM_PATH, "Content-Type: text/plain\r\n", "a=b", 3);
    ck_assert_int_eq(r.status, 415);
    response_free(&r);
    r = request("POST", FORM_PATH, "Content-Type: multipart/form-data; boundary=x\r\n", "a=b", 3);
    ck_assert_int_eq(r.status, 415);
    response_free(&r);
    r = request("POST", FORM_PATH, NULL, "a=b", 3);
    ck_assert_int_eq(r.status, 415);
    response_free(&r);
    r = request("PUT", FORM_PATH, NULL, NULL, 0);
    ck_assert_int_eq(r.status, 405);
    response_free(&r);
    r = request("GET", "/forms/partner/xx", NULL, NULL, 0);
    ck_assert_int_eq(r.status, 404);
    response_free(&r);
    r = request("GET", "/forms/../../etc/passwd", NULL, NULL, 0);
    ck_assert_int_eq(r.status, 404);
    response_free(&r);
}
END_TEST

START_TEST(huge_header)
{
    /* the per-connection memory limit: a 1 MB header line is refused, the server lives */
    int fd = connect_server();
    char *line = helder_xmalloc((1 << 20) + 64);
    int n = sprintf(line, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: ");
    memset(line + n, 'b', 1 << 20);
    memcpy(line + n + (1 << 20), "\r\n\r\n", 4);
    send_all(fd, line, (size_t)n + (1 << 20) + 4);
    free(line);
    response r = read_response(fd, 5);
    ck_assert(r.closed || r.status == 431 || r.status == 413 || r.status == 400);
    response_free(&r);
    close(fd);
    ck_assert(server_alive());
}
END_TEST

/* One address per page: an empty segment (a doubled '/') or a dot segment, in any spelling, is no
 * page, and the server stays up. A page's address with one '/' at the end is sent on to the
 * address (301), never to another server ("//evil.example/" is refused, not redirected). */
START_TEST(paths_are_exact)
{
    static const char *const refused[] = {
        "/forms//partner/nl",
        "//forms/partner/nl",
        "/forms/../forms/partner/nl",
        "/forms/partner/nl/.",
        "/forms/%2e%2e/x",
        "/forms/partner/%2E/nl",
        "//evil.example/",
        "///evil.example/",
        "/forms/partner/nl//",
        "/forms/../forms/partner/nl/",
    };
    static const struct {
        const char *path, *location;
    } moved[] = {
        {"/forms/partner/nl/", "/forms/partner/nl"},
        {"/healthz/", "/healthz"},
        {"/forms/partner/nl/steps/", "/forms/partner/nl/steps"},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        response r = request("GET", refused[i], NULL, NULL, 0);
        ck_assert_msg(r.status == 404, "%s: %d", refused[i], r.status);
        response_free(&r);
    }
    for (size_t i = 0; i < sizeof moved / sizeof moved[0]; i++) {
        response r = request("GET", moved[i].path, NULL, NULL, 0);
        ck_assert_msg(r.status == 301, "%s: %d", moved[i].path, r.status);
        const char *location = header(&r, "Location");
        ck_assert_msg(location && strcmp(location, moved[i].location) == 0, "%s: %s", moved[i].path,
                      location ? location : "(none)");
        response_free(&r);
    }
    response r = request("GET", FORM_PATH, NULL, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    response_free(&r);
    ck_assert(server_alive());
}
END_TEST

START_TEST(access_log_line_per_request)
{
    /* Paths no other test asks for, so a line an earlier test's request writes late is not
     * counted: the log must have one line for each of them. */
    char command[256];
    snprintf(command, sizeof command, "grep -c '/no-page-for-the-log-[0-9]' %s", srv.log);
    for (int i = 0; i < 5; i++) {
        char path[64];
        snprintf(path, sizeof path, "/no-page-for-the-log-%d", i);
        response r = request("GET", path, NULL, NULL, 0);
        ck_assert_int_eq(r.status, 404);
        response_free(&r);
    }
    /* a line is written once its response is sent: give the last one up to 10 s */
    long lines = 0;
    for (int tries = 0; tries < 100 && lines < 5; tries++) {
        if (tries) {
            struct timespec nap = {0, 100 * 1000 * 1000};
            nanosleep(&nap, NULL);
        }
        FILE *count = popen(command, "r");
        ck_assert(fscanf(count, "%ld", &lines) == 1);
        pclose(count);
    }
    ck_assert_int_eq(lines, 5);
}
END_TEST

/* The log keeps no bearer secret: a personal link's id and a receipt's key become "…", the rest of
 * the path stays as it was (the PDF receipt's file name included). */
START_TEST(access_log_keeps_no_secret)
{
    static const struct {
        const char *path, *logged, *secret;
    } cases[] = {
        {"/p/SECRETLINKID22CHARSXX/review", "\"GET /p/\xE2\x80\xA6/review\"", "SECRETLINKID"},
        {"/receipt/H261130-ABCDEFGHJKMN/SECRETKEYABC/application.pdf",
         "\"GET /receipt/H261130-ABCDEFGHJKMN/\xE2\x80\xA6/application.pdf\"", "SECRETKEY"},
        {"/receipt/H261130-ABCDEFGHJKMN/SECRETKEYDEF",
         "\"GET /receipt/H261130-ABCDEFGHJKMN/\xE2\x80\xA6\"", "SECRETKEYDEF"},
        {"/p//x", "\"GET /p/\xE2\x80\xA6/x\"", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        response r = request("GET", cases[i].path, NULL, NULL, 0);
        response_free(&r);
    }
    /* the server writes a request's line once the response is sent, so it may come a moment
     * after the client has read the response, and a later request's line (another thread's)
     * before it: wait for all of them (at most 10 s) */
    char *log = NULL;
    size_t len = 0;
    for (int tries = 0; tries < 100; tries++) {
        free(log);
        ck_assert_int_eq(helder_read_file(&log, &len, srv.log, 16u << 20), HELDER_OK);
        size_t logged = 0;
        while (logged < sizeof cases / sizeof cases[0] && strstr(log, cases[logged].logged))
            logged++;
        if (logged == sizeof cases / sizeof cases[0])
            break;
        struct timespec nap = {0, 100 * 1000 * 1000};
        nanosleep(&nap, NULL);
    }
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_msg(strstr(log, cases[i].logged) != NULL, "no %s in the log", cases[i].logged);
        if (cases[i].secret)
            ck_assert_msg(strstr(log, cases[i].secret) == NULL, "%s is in the log",
                          cases[i].secret);
    }
    free(log);
}
END_TEST

/* ---- step by step ---- */

/* The value of attribute attr ("name=\"_csrf\" value=\"") in html, or "". */
static void attr_after(char *out, size_t size, const char *html, const char *marker)
{
    const char *at = strstr(html, marker);
    out[0] = '\0';
    if (at) {
        at += strlen(marker);
        snprintf(out, size, "%.*s", (int)strcspn(at, "\""), at);
    }
}

/* Of the urlencoded fields, those whose name (or repeat, before the first '.') the page has. */
static char *fields_on_page(const char *fields, const char *page)
{
    helder_buf out = {0};
    const char *at = fields;
    while (*at) {
        size_t len = strcspn(at, "&"), key_len = strcspn(at, "=&");
        char probe[300];
        size_t dot = strcspn(at, ".=&");
        snprintf(probe, sizeof probe, " name=\"%.*s\"", (int)key_len, at);
        int here = strstr(page, probe) != NULL;
        if (!here && dot < key_len) {
            snprintf(probe, sizeof probe, " data-repeat=\"%.*s\"", (int)dot, at);
            here = strstr(page, probe) != NULL;
        }
        if (here) {
            if (out.len)
                helder_buf_puts(&out, "&");
            helder_buf_put(&out, at, len);
        }
        at += len;
        if (*at == '&')
            at++;
    }
    return out.data ? out.data : helder_xstrdup("");
}

/* Walk the step-by-step form at path with the valid answers, each step given the fields its page
 * has, up to "check your answers": that page's response, with the Cookie that goes with it in
 * headers. *pages: the step pages on the way. */
static response steps_to_check_page(const char *path, char *headers, size_t size, int *pages)
{
    response r = request("GET", path, NULL, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body, "step-counter"));
    char cookie[64], token[64], state[8192];
    const char *set = header(&r, "Set-Cookie");
    snprintf(cookie, sizeof cookie, "%.*s", (int)strcspn(set, ";"), set);
    snprintf(headers, size, "Content-Type: application/x-www-form-urlencoded\r\nCookie: %s\r\n",
             cookie);
    char *fields = valid_fields();
    *pages = 0;
    while (strstr(r.body, "step-counter")) {
        ck_assert_msg(++*pages < 30, "still no \"check your answers\" after %d steps", *pages);
        ck_assert_msg(r.status == 200, "step %d: %d", *pages, r.status);
        attr_after(token, sizeof token, r.body, "name=\"_csrf\" value=\"");
        attr_after(state, sizeof state, r.body, "name=\"_state\" value=\"");
        ck_assert_msg(*token && *state, "step %d: no token or state", *pages);
        char *mine = fields_on_page(fields, r.body);
        helder_buf body = {0};
        helder_buf_printf(&body, "_csrf=%s&_state=%s&_go=continue%s%s", token, state,
                          *mine ? "&" : "", mine);
        free(mine);
        response_free(&r);
        r = request("POST", path, headers, body.data, body.len);
        helder_buf_free(&body);
        ck_assert_msg(r.body != NULL, "step %d: no answer", *pages);
    }
    ck_assert_ptr_nonnull(strstr(r.body, "summary-row"));
    free(fields);
    return r;
}

START_TEST(steps_walk_to_receipt)
{
    const char *path = "/forms/partner/nl/steps";
    char headers[256], token[64], state[8192];
    int pages;
    response r = steps_to_check_page(path, headers, sizeof headers, &pages);
    ck_assert_msg(pages < 12, "%d steps: the sections that do not apply were not skipped", pages);
    attr_after(token, sizeof token, r.body, "name=\"_csrf\" value=\"");
    attr_after(state, sizeof state, r.body, "name=\"_state\" value=\"");
    ck_assert(*token && *state);
    helder_buf body = {0};
    helder_buf_printf(&body, "_csrf=%s&_state=%s&_go=send", token, state);
    response_free(&r);
    r = request("POST", path, headers, body.data, body.len);
    helder_buf_free(&body);
    ck_assert_msg(r.status == 303, "send: %d", r.status);
    ck_assert_int_eq(strncmp(header(&r, "Location"), "/receipt/H", 10), 0);
    response_free(&r);
}
END_TEST

START_TEST(steps_state_is_sealed)
{
    const char *path = "/forms/partner/nl/steps";
    response r = request("GET", path, NULL, NULL, 0);
    char cookie[64], token[64], state[8192], headers[256];
    const char *set = header(&r, "Set-Cookie");
    snprintf(cookie, sizeof cookie, "%.*s", (int)strcspn(set, ";"), set);
    attr_after(token, sizeof token, r.body, "name=\"_csrf\" value=\"");
    attr_after(state, sizeof state, r.body, "name=\"_state\" value=\"");
    response_free(&r);
    snprintf(headers, sizeof headers,
             "Content-Type: application/x-www-form-urlencoded\r\nCookie: %s\r\n", cookie);
    state[1] = state[1] == 'A' ? 'B' : 'A'; /* another form, step or answers */
    helder_buf body = {0};
    helder_buf_printf(&body, "_csrf=%s&_state=%s&_go=continue", token, state);
    r = request("POST", path, headers, body.data, body.len);
    ck_assert_int_eq(r.status, 403);
    response_free(&r);
    helder_buf_free(&body);
}
END_TEST

/* ---- personalised forms ---- */

/* The pages without a form's language speak the applicant's: ?lang=, then Accept-Language. */
START_TEST(index_in_the_applicants_language)
{
    response r = request("GET", "/", "Accept-Language: ar, en;q=0.5\r\n", NULL, 0);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body, "<html lang=\"ar\" dir=\"rtl\">"));
    ck_assert_ptr_nonnull(strstr(r.body, "<title>نماذج الطلبات</title>"));
    ck_assert_ptr_nonnull(strstr(r.body, "<h1 class=\"page-title\">نماذج الطلبات</h1>"));
    ck_assert_ptr_nonnull(strstr(r.body, "اختر نموذجًا"));
    /* a switch to each catalogue language, this one current */
    ck_assert_ptr_nonnull(strstr(r.body, "class=\"language-switch\""));
    ck_assert_ptr_nonnull(strstr(r.body, "href=\"/?lang=en\""));
    ck_assert_ptr_nonnull(strstr(r.body, "href=\"/?lang=nl\""));
    ck_assert_ptr_nonnull(strstr(r.body, "aria-current=\"page\" lang=\"ar\""));
    /* each form's entries stay in their own language */
    ck_assert_ptr_nonnull(strstr(r.body, "<li lang=\"nl\" dir=\"ltr\">"));
    ck_assert_ptr_nonnull(strstr(r.body, "<li lang=\"en\" dir=\"ltr\">"));
    ck_assert_ptr_nonnull(strstr(r.body, "Alle vragen op één pagina"));
    /* the reader's language first: the first entry is a form's Arabic page */
    const char *entries = strstr(r.body, "<ul class=\"form-index\">");
    ck_assert_ptr_nonnull(entries);
    const char *first = strstr(entries, "<li lang=\"");
    ck_assert_ptr_nonnull(first);
    static const char arabic[] = "<li lang=\"ar\" dir=\"rtl\">";
    ck_assert_msg(strncmp(first, arabic, sizeof arabic - 1) == 0, "%.80s", first);
    const char *vary = header(&r, "Vary");
    ck_assert_ptr_nonnull(vary);
    ck_assert_str_eq(vary, "Accept-Language");
    response_free(&r);

    /* ?lang= over the header */
    r = request("GET", "/?lang=nl", "Accept-Language: ar\r\n", NULL, 0);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body, "<html lang=\"nl\" dir=\"ltr\">"));
    ck_assert_ptr_nonnull(strstr(r.body, "<title>Aanvraagformulieren</title>"));
    ck_assert_ptr_nonnull(strstr(r.body, "aria-current=\"page\" lang=\"nl\""));
    response_free(&r);
    /* a ?lang= that is no catalogue's is passed over */
    r = request("GET", "/?lang=xx", "Accept-Language: ar\r\n", NULL, 0);
    ck_assert_ptr_nonnull(strstr(r.body, "<html lang=\"ar\" dir=\"rtl\">"));
    response_free(&r);
    /* neither: English */
    r = request("GET", "/", NULL, NULL, 0);
    ck_assert_ptr_nonnull(strstr(r.body, "<html lang=\"en\" dir=\"ltr\">"));
    ck_assert_ptr_nonnull(strstr(r.body, "<title>Application forms</title>"));
    response_free(&r);
}
END_TEST

START_TEST(messages_in_the_applicants_language)
{
    response r = request("GET", "/nothing-here", "Accept-Language: nl-BE, en;q=0.5\r\n", NULL, 0);
    ck_assert_int_eq(r.status, 404);
    ck_assert_ptr_nonnull(strstr(r.body, "<html lang=\"nl\" dir=\"ltr\">"));
    ck_assert_ptr_nonnull(strstr(r.body, "Pagina niet gevonden"));
    ck_assert_str_eq(header(&r, "Vary"), "Accept-Language");
    response_free(&r);
    /* a form without the language asked for, and a personal link that is none */
    static const char *const missing[] = {"/forms/partner/xx", "/forms/nosuchform/nl",
                                          "/p/AAAAAAAAAAAAAAAAAAAAAA", "/receipt/H1/x"};
    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        r = request("GET", missing[i], "Accept-Language: ar\r\n", NULL, 0);
        ck_assert_msg(r.status == 404, "%s: %d", missing[i], r.status);
        ck_assert_msg(strstr(r.body, "<html lang=\"ar\" dir=\"rtl\">") != NULL, "%s", missing[i]);
        ck_assert_msg(strstr(r.body, "الصفحة غير موجودة") != NULL, "%s", missing[i]);
        response_free(&r);
    }
    /* refused before routing: the request's language, or the form's when the path names one */
    r = request("POST", "/",
                "Content-Type: application/x-www-form-urlencoded\r\n"
                "Accept-Language: ar\r\n",
                "_bogus=1", 8);
    ck_assert_int_eq(r.status, 400);
    ck_assert_ptr_nonnull(strstr(r.body, "<html lang=\"ar\" dir=\"rtl\">"));
    ck_assert_ptr_nonnull(strstr(r.body, "لم نتمكن من قراءة ما أرسلته"));
    response_free(&r);
    r = request("POST", "/forms/partner/en",
                "Content-Type: application/x-www-form-urlencoded\r\nSec-Fetch-Site: cross-site\r\n"
                "Accept-Language: nl\r\n",
                "a=b", 3);
    ck_assert_int_eq(r.status, 403);
    ck_assert_ptr_nonnull(strstr(r.body, "<html lang=\"en\" dir=\"ltr\">"));
    ck_assert_ptr_nonnull(strstr(r.body, "This page has expired"));
    ck_assert_ptr_null(header(&r, "Vary"));
    response_free(&r);
    r = request("POST", "/nothing-here",
                "Content-Type: application/x-www-form-urlencoded\r\nSec-Fetch-Site: cross-site\r\n"
                "Accept-Language: nl\r\n",
                "a=b", 3);
    ck_assert_int_eq(r.status, 403);
    ck_assert_ptr_nonnull(strstr(r.body, "Deze pagina is verlopen"));
    response_free(&r);
    /* a form's own page keeps the form's language whatever the header says */
    r = request("GET", FORM_PATH, "Accept-Language: ar\r\n", NULL, 0);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body, "lang=\"nl\""));
    ck_assert_ptr_null(strstr(r.body, "dir=\"rtl\""));
    response_free(&r);
}
END_TEST

static response intake(const char *secret, const char *form)
{
    char *facts = NULL, headers[256], path[128];
    size_t len = 0;
    ck_assert_int_eq(helder_read_file(&facts, &len, FACTS, 1 << 20), 0);
    snprintf(headers, sizeof headers,
             "Content-Type: application/xml\r\nAuthorization: Bearer %s\r\n", secret);
    snprintf(path, sizeof path, "/api/personal?form=%s", form);
    response r = request("POST", path, headers, facts, len);
    free(facts);
    return r;
}

START_TEST(personal_link)
{
    response r = intake("wrong-secret-wrong-secret-wrong-secret", "partner");
    ck_assert_int_eq(r.status, 401);
    response_free(&r);
    r = intake(INTAKE_SECRET, "nosuchform");
    ck_assert_int_eq(r.status, 404);
    response_free(&r);
    r = request("POST", "/api/personal?form=partner", "Content-Type: text/plain\r\n", "x", 1);
    ck_assert_int_eq(r.status, 415);
    response_free(&r);

    r = intake(INTAKE_SECRET, "partner");
    ck_assert_msg(r.status == 201, "%d %s", r.status, r.body ? r.body : "");
    const char *url = strstr(r.body, "/p/");
    ck_assert_ptr_nonnull(url);
    char path[128];
    snprintf(path, sizeof path, "%.*s", (int)strcspn(url, "\""), url);
    response_free(&r);

    /* the simplified form: the known answers shown, read-only, to confirm */
    r = request("GET", path, NULL, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body, "personal-intro"));
    ck_assert_ptr_nonnull(strstr(r.body, "readonly"));
    ck_assert_ptr_nonnull(strstr(r.body, "de Vries"));
    session s;
    const char *set = header(&r, "Set-Cookie");
    snprintf(s.cookie, sizeof s.cookie, "%.*s", (int)strcspn(set, ";"), set);
    attr_after(s.token, sizeof s.token, r.body, "name=\"_csrf\" value=\"");
    response_free(&r);

    /* sent incomplete: back with errors, checked against the simplified form */
    char headers[256], target[160];
    snprintf(target, sizeof target, "%s/nl", path);
    snprintf(headers, sizeof headers,
             "Content-Type: application/x-www-form-urlencoded\r\nCookie: %s\r\n", s.cookie);
    char *body = with_token(&s, "filler=sponsor");
    r = request("POST", target, headers, body, strlen(body));
    ck_assert_int_eq(r.status, 422);
    ck_assert_ptr_nonnull(strstr(r.body, "error-summary"));
    response_free(&r);
    free(body);
    /* a token for the plain form does not open the personal one */
    session plain = open_form();
    body = with_token(&plain, "filler=sponsor");
    snprintf(headers, sizeof headers,
             "Content-Type: application/x-www-form-urlencoded\r\nCookie: %s\r\n", plain.cookie);
    r = request("POST", target, headers, body, strlen(body));
    ck_assert_int_eq(r.status, 403);
    response_free(&r);
    free(body);
    /* guessing: nothing there */
    r = request("GET", "/p/AAAAAAAAAAAAAAAAAAAAAA", NULL, NULL, 0);
    ck_assert_int_eq(r.status, 404);
    response_free(&r);
}
END_TEST

/* ---- a failed store loses nothing the applicant typed ---- */

/* The file size limit of a server's process (prlimit(2)): at 0 every file the outbox writes fails
 * (EFBIG; the server ignores SIGXFSZ) as on a full disk, and works again when it is lifted. Only
 * the soft limit, so that it can be. */
static void file_limit(pid_t pid, rlim_t limit)
{
    struct rlimit value = {limit, RLIM_INFINITY};
    ck_assert_int_eq(prlimit(pid, RLIMIT_FSIZE, &value, NULL), 0);
}

static unsigned files_in(const char *dir)
{
    unsigned count = 0;
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    for (struct dirent *e; (e = readdir(d));)
        count += e->d_name[0] != '.';
    closedir(d);
    return count;
}

/* 1 when html has an <input> named name holding value (and checked, when asked). */
static int input_holds(const char *html, const char *name, const char *value, int checked)
{
    char want_name[160], want_value[160];
    snprintf(want_name, sizeof want_name, " name=\"%s\"", name);
    snprintf(want_value, sizeof want_value, " value=\"%s\"", value);
    for (const char *at = strstr(html, "<input"); at; at = strstr(at + 1, "<input")) {
        size_t len = strcspn(at, ">");
        char *tag = helder_xstrndup(at, len);
        int found = strstr(tag, want_name) && strstr(tag, want_value) &&
                    (!checked || strstr(tag, " checked"));
        free(tag);
        if (found)
            return 1;
    }
    return 0;
}

/* 1 when html says text in an error summary (role="alert") before its <h1>: the top of the page,
 * where errors are told. */
static int said_at_the_top(const char *html, const char *text)
{
    const char *alert = strstr(html, "class=\"error-summary");
    const char *said = alert ? strstr(alert, text) : NULL;
    const char *h1 = strstr(html, "<h1");
    return said && h1 && said < h1 && strstr(alert, "role=\"alert\"") < said;
}

/* A send that could not be stored: 503 and the page it was sent from, with the answers and the
 * banner in its language, nothing in new/ or tmp/; the same page sent again once the outbox
 * works is stored and acknowledged. The whole form (Dutch), step by step (Arabic), a personal
 * link (English), on a server of the test's own. */
START_TEST(failed_store_keeps_the_answers)
{
    server own;
    server_start(&own, 0);
    unsigned saved = srv.port;
    srv.port = own.port;
    char new_dir[128], tmp_dir[128];
    snprintf(new_dir, sizeof new_dir, "%s/new", own.outbox);
    snprintf(tmp_dir, sizeof tmp_dir, "%s/tmp", own.outbox);
    char *fields = valid_fields();

    /* the whole form */
    session s = open_form();
    char *body = with_token(&s, fields), token[64], state[8192];
    file_limit(own.pid, 0);
    response r = post_form(&s, body, NULL);
    file_limit(own.pid, RLIM_INFINITY);
    ck_assert_msg(r.status == 503, "whole form: %d %s", r.status, r.body ? r.body : "");
    ck_assert_ptr_nonnull(strstr(r.body, "<html lang=\"nl\""));
    ck_assert(said_at_the_top(r.body, "Uw aanvraag is niet ontvangen. Bij het opslaan"));
    ck_assert_ptr_nonnull(strstr(r.body, "verstuur de aanvraag opnieuw"));
    ck_assert(input_holds(r.body, "sponsor_given_names", "Sanne Maria", 0));
    ck_assert(input_holds(r.body, "partner_passport_number", "WB1234567", 0));
    ck_assert(input_holds(r.body, "income.1.income_employer", "Gemeente Utrecht", 0));
    ck_assert(input_holds(r.body, "filler", "sponsor", 1));
    ck_assert(!input_holds(r.body, "filler", "representative", 1));
    attr_after(token, sizeof token, r.body, "name=\"_csrf\" value=\"");
    ck_assert_str_eq(token, s.token);
    ck_assert_uint_eq(files_in(new_dir), 0);
    ck_assert_uint_eq(files_in(tmp_dir), 0);
    response_free(&r);
    r = post_form(&s, body, NULL);
    ck_assert_msg(r.status == 303, "whole form, again: %d", r.status);
    ck_assert_int_eq(strncmp(header(&r, "Location"), "/receipt/H", 10), 0);
    ck_assert_uint_eq(files_in(new_dir), 2);
    response_free(&r);
    free(body);

    /* step by step: "check your answers" again, its state as it was */
    const char *steps_path = "/forms/partner/ar/steps";
    char headers[256], again[8192];
    int pages;
    r = steps_to_check_page(steps_path, headers, sizeof headers, &pages);
    attr_after(token, sizeof token, r.body, "name=\"_csrf\" value=\"");
    attr_after(state, sizeof state, r.body, "name=\"_state\" value=\"");
    response_free(&r);
    helder_buf send = {0};
    helder_buf_printf(&send, "_csrf=%s&_state=%s&_go=send", token, state);
    file_limit(own.pid, 0);
    r = request("POST", steps_path, headers, send.data, send.len);
    file_limit(own.pid, RLIM_INFINITY);
    ck_assert_msg(r.status == 503, "steps: %d", r.status);
    ck_assert_ptr_nonnull(strstr(r.body, "<html lang=\"ar\" dir=\"rtl\">"));
    ck_assert(said_at_the_top(r.body, "لم يتم استلام طلبك"));
    ck_assert_ptr_nonnull(strstr(r.body, "أرسل الطلب مرة أخرى"));
    ck_assert_ptr_nonnull(strstr(r.body, "summary-row"));
    ck_assert_ptr_nonnull(strstr(r.body, "Sanne Maria"));
    ck_assert_ptr_nonnull(strstr(r.body, "WB1234567"));
    attr_after(again, sizeof again, r.body, "name=\"_state\" value=\"");
    ck_assert_str_eq(again, state);
    attr_after(again, sizeof again, r.body, "name=\"_csrf\" value=\"");
    ck_assert_str_eq(again, token);
    ck_assert_uint_eq(files_in(new_dir), 2);
    response_free(&r);
    r = request("POST", steps_path, headers, send.data, send.len);
    ck_assert_msg(r.status == 303, "steps, again: %d", r.status);
    ck_assert_int_eq(strncmp(header(&r, "Location"), "/receipt/H", 10), 0);
    ck_assert_uint_eq(files_in(new_dir), 4);
    response_free(&r);
    helder_buf_free(&send);

    /* a personal link */
    r = intake(INTAKE_SECRET, "partner");
    ck_assert_int_eq(r.status, 201);
    const char *url = strstr(r.body, "/p/");
    ck_assert_ptr_nonnull(url);
    char target[160];
    snprintf(target, sizeof target, "%.*s/en", (int)strcspn(url, "\""), url);
    response_free(&r);
    r = request("GET", target, NULL, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    session p;
    const char *set = header(&r, "Set-Cookie");
    snprintf(p.cookie, sizeof p.cookie, "%.*s", (int)strcspn(set, ";"), set);
    attr_after(p.token, sizeof p.token, r.body, "name=\"_csrf\" value=\"");
    char *mine = fields_on_page(fields, r.body);
    body = with_token(&p, mine);
    response_free(&r);
    snprintf(headers, sizeof headers,
             "Content-Type: application/x-www-form-urlencoded\r\nCookie: %s\r\n", p.cookie);
    file_limit(own.pid, 0);
    r = request("POST", target, headers, body, strlen(body));
    file_limit(own.pid, RLIM_INFINITY);
    ck_assert_msg(r.status == 503, "personal: %d %s", r.status, r.body ? r.body : "");
    ck_assert(said_at_the_top(r.body, "Your application has not been received."));
    ck_assert_ptr_nonnull(strstr(r.body, "send the application again"));
    ck_assert_ptr_nonnull(strstr(r.body, "personal-intro"));
    ck_assert(input_holds(r.body, "partner_passport_number", "WB1234567", 0));
    ck_assert(input_holds(r.body, "sponsor_family_name", "de Vries", 0));
    attr_after(token, sizeof token, r.body, "name=\"_csrf\" value=\"");
    ck_assert_str_eq(token, p.token);
    ck_assert_uint_eq(files_in(new_dir), 4);
    response_free(&r);
    r = request("POST", target, headers, body, strlen(body));
    ck_assert_msg(r.status == 303, "personal, again: %d", r.status);
    ck_assert_uint_eq(files_in(new_dir), 6);
    ck_assert_uint_eq(files_in(tmp_dir), 0);
    response_free(&r);
    free(body);
    free(mine);
    free(fields);

    own_server_stop(&own, saved);
}
END_TEST

/* ---- stopping ---- */

START_TEST(sigterm_finishes_requests_in_flight)
{
    server own;
    server_start(&own, 0);
    unsigned saved = srv.port;
    srv.port = own.port;
    session s = open_form();
    char *fields = valid_fields(), *body = with_token(&s, fields);
    int fd = connect_server();
    char head[512];
    int n =
        snprintf(head, sizeof head,
                 "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nContent-Type: "
                 "application/x-www-form-urlencoded\r\nCookie: %s\r\nContent-Length: %zu\r\n\r\n",
                 FORM_PATH, own.port, s.cookie, strlen(body));
    send_all(fd, head, (size_t)n);
    send_all(fd, body, strlen(body) / 2);
    struct timespec nap = {0, 200 * 1000 * 1000};
    nanosleep(&nap, NULL);
    kill(own.pid, SIGTERM);
    nanosleep(&nap, NULL);
    send_all(fd, body + strlen(body) / 2, strlen(body) - strlen(body) / 2);
    response r = read_response(fd, 10);
    ck_assert_int_eq(r.status, 303);
    response_free(&r);
    close(fd);
    int status = 0;
    waitpid(own.pid, &status, 0);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    /* it no longer listens */
    ck_assert_int_lt(connect_server(), 0);
    srv.port = saved;
    free(body);
    free(fields);
    snprintf(head, sizeof head, "rm -rf %s", own.dir);
    ck_assert_int_eq(system(head), 0);
}
END_TEST

typedef struct {
    unsigned port;
    session s;
    const char *body;
    char (*refs)[24];
    size_t count, cap;
    atomic_int *stop;    /* set when the server is gone */
    atomic_int *killing; /* set just before the server is killed */
} loader;

static void *load(void *arg)
{
    loader *l = arg;
    char head[512];
    while (!*l->stop && l->count < l->cap) {
        struct sockaddr_in addr;
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        memset(&addr, 0, sizeof addr);
        addr.sin_family = AF_INET;
        addr.sin_port = htons((uint16_t)l->port);
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
        if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
            close(fd);
            break;
        }
        /* A connection made after the kill may reach another process that has since been given
         * the same port (other test runs on the machine): only one made before it is ours. */
        if (atomic_load(l->killing)) {
            close(fd);
            break;
        }
        int n = snprintf(head, sizeof head,
                         "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n"
                         "Content-Type: application/x-www-form-urlencoded\r\nCookie: %s\r\n"
                         "Content-Length: %zu\r\n\r\n",
                         FORM_PATH, l->port, l->s.cookie, strlen(l->body));
        send_all(fd, head, (size_t)n);
        send_all(fd, l->body, strlen(l->body));
        response r = read_response(fd, 10);
        close(fd);
        if (r.status == 303) {
            const char *location = header(&r, "Location");
            if (location && strncmp(location, "/receipt/", 9) == 0)
                snprintf(l->refs[l->count++], 24, "%.20s", location + 9);
        }
        response_free(&r);
    }
    return NULL;
}

START_TEST(sigkill_under_load_loses_nothing_acknowledged)
{
    server own;
    server_start(&own, 0);
    unsigned saved = srv.port;
    srv.port = own.port;
    session s = open_form();
    srv.port = saved;
    char *fields = valid_fields(), *body = with_token(&s, fields);
    enum { THREADS = 8, CAP = 5000 };
    loader loaders[THREADS];
    pthread_t threads[THREADS];
    atomic_int stop = 0;
    atomic_int killing = 0;
    for (int t = 0; t < THREADS; t++) {
        loaders[t].killing = &killing;
        loaders[t].port = own.port;
        loaders[t].s = s;
        loaders[t].body = body;
        loaders[t].refs = helder_xcalloc(CAP, sizeof *loaders[t].refs);
        loaders[t].count = 0;
        loaders[t].cap = CAP;
        loaders[t].stop = &stop;
        pthread_create(&threads[t], NULL, load, &loaders[t]);
    }
    struct timespec nap = {1, 500 * 1000 * 1000};
    nanosleep(&nap, NULL);
    atomic_store(&killing, 1);
    kill(own.pid, SIGKILL);
    waitpid(own.pid, NULL, 0);
    stop = 1;
    for (int t = 0; t < THREADS; t++)
        pthread_join(threads[t], NULL);

    /* every acknowledged reference: in new/, whole, valid against the form, with its receipt */
    helder_form *form = NULL;
    helder_check_plan *plan = NULL;
    ck_assert_int_eq(helder_form_load_file(&form, "forms/partner/form.xml", NULL, NULL), 0);
    ck_assert_int_eq(helder_check_plan_new(&plan, form), 0);
    size_t total = 0;
    for (int t = 0; t < THREADS; t++) {
        for (size_t i = 0; i < loaders[t].count; i++) {
            char path[256], *text = NULL;
            size_t len = 0;
            helder_check_options opts = HELDER_CHECK_OPTIONS_INIT;
            helder_check_result *result = NULL;
            snprintf(path, sizeof path, "%s/new/%s.xml", own.outbox, loaders[t].refs[i]);
            ck_assert_msg(helder_read_file(&text, &len, path, 1 << 20) == 0,
                          "acknowledged %s is not in new/", loaders[t].refs[i]);
            helder_check_today(&opts.today, "2026-11-30");
            ck_assert_msg(helder_check_submission(&result, plan, text, len, path, &opts) == 0,
                          "acknowledged %s is not valid", loaders[t].refs[i]);
            ck_assert_str_eq(helder_check_result_attr(result, "reference"), loaders[t].refs[i]);
            helder_check_result_free(result);
            free(text);
            snprintf(path, sizeof path, "%s/new/%s.receipt", own.outbox, loaders[t].refs[i]);
            ck_assert_int_eq(access(path, R_OK), 0);
            total++;
        }
        free(loaders[t].refs);
    }
    ck_assert_msg(total > 20, "only %zu submissions were acknowledged before the kill", total);
    fprintf(stderr, "sigkill: %zu acknowledged submissions all in new/\n", total);
    helder_check_plan_free(plan);
    helder_form_free(form);
    free(body);
    free(fields);
    char command[160];
    snprintf(command, sizeof command, "rm -rf %s", own.dir);
    ck_assert_int_eq(system(command), 0);
}
END_TEST

/* ---- what serve says about answers, from the public API alone ---- */

#define WORDS_FORM                                                                                 \
    "<form xmlns=\"urn:helder:form:1\" id=\"w\" version=\"1\" languages=\"en nl\">"                \
    "<title xml:lang=\"en\">Words</title>"                                                         \
    "<section id=\"one\"><title xml:lang=\"en\">One</title><title xml:lang=\"nl\">Een</title>"     \
    "<question id=\"kids_yes\" type=\"yesno\"><label xml:lang=\"en\">Kids?</label></question>"     \
    "<question id=\"pick\" type=\"choice\"><label xml:lang=\"en\">Pick</label>"                    \
    "<option value=\"a\"><label xml:lang=\"en\">Apple</label></option>"                            \
    "<option value=\"b\"><label xml:lang=\"en\">Pear</label></option></question>"                  \
    "<question id=\"why\" type=\"text\" when=\"not(kids_yes)\"><label xml:lang=\"en\">Why"         \
    "</label></question></section>"                                                                \
    "<section id=\"two\" when=\"kids_yes\"><title xml:lang=\"en\">Two</title>"                     \
    "<repeat id=\"kids\" max=\"5\"><title xml:lang=\"en\">Child</title>"                           \
    "<question id=\"name\" type=\"text\"><label xml:lang=\"en\">Name</label></question>"           \
    "<question id=\"land\" type=\"country\"><label xml:lang=\"en\">Land</label></question>"        \
    "</repeat></section>"                                                                          \
    "<section id=\"three\"><title xml:lang=\"en\">Three</title>"                                   \
    "<question id=\"note\" type=\"text\"><label xml:lang=\"en\">Note</label></question>"           \
    "</section></form>"

#define WORDS_SUB(body)                                                                            \
    "<submission xmlns=\"urn:helder:submission:1\" form=\"w\" version=\"1\" xml:lang=\"en\">" body \
    "</submission>"

typedef struct {
    helder_form *form;
    helder_check_plan *plan;
    helder_render_plan *words;
    helder_check_result *result;
} words_fixture;

static words_fixture words_open(const char *submission, const char *lang)
{
    words_fixture w = {NULL, NULL, NULL, NULL};
    helder_check_options opts = HELDER_CHECK_OPTIONS_INIT;
    static const char form[] = WORDS_FORM;
    ck_assert_int_eq(helder_form_load_memory(&w.form, form, strlen(form), "w.xml", NULL, NULL),
                     HELDER_OK);
    ck_assert_int_eq(helder_check_plan_new(&w.plan, w.form), HELDER_OK);
    ck_assert_int_eq(helder_render_plan_new(&w.words, w.form, lang), HELDER_OK);
    helder_check_submission(&w.result, w.plan, submission, strlen(submission), "s", &opts);
    return w;
}

static void words_close(words_fixture *w)
{
    helder_check_result_free(w->result);
    helder_render_plan_free(w->words);
    helder_check_plan_free(w->plan);
    helder_form_free(w->form);
}

/* "S:title I:title A:number label=value D:label(condition)" */
static char *describe_rows(const helder_serve_summary *summary)
{
    helder_buf out = {0};
    for (size_t i = 0; i < summary->nrows; i++) {
        const helder_serve_row *row = &summary->rows[i];
        static const char *const kinds[] = {"S", "I", "A", "D"};
        helder_buf_printf(&out, "%s%s:", i ? " " : "", kinds[row->kind]);
        if (row->number)
            helder_buf_printf(&out, "%s ", row->number);
        helder_buf_puts(&out, row->label);
        if (row->kind == HELDER_ROW_SECTION)
            helder_buf_printf(&out, "#%u", row->step);
        if (row->value)
            helder_buf_printf(&out, "=%s", row->value);
    }
    return out.data ? out.data : helder_xstrdup("");
}

typedef struct {
    const char *name;
    const char *submission;
    const char *lang;
    const char *rows;
} summary_case;

static const summary_case summary_cases[] = {
    {"options in words, blank items and empty sections left out",
     WORDS_SUB("<answer id=\"kids_yes\">yes</answer><answer id=\"pick\">b</answer>"
               "<repeat id=\"kids\"><item><answer id=\"name\">Noor</answer>"
               "<answer id=\"land\">MA</answer></item><item/><item>"
               "<answer id=\"name\">Sami</answer></item></repeat>"),
     "en",
     "S:One#1 A:1. Kids?=Yes A:2. Pick=Pear S:Two#2 I:Child 1 A:4. Name=Noor A:5. Land=Morocco "
     "I:Child 3 A:4. Name=Sami"},
    {"answers that no longer apply are not shown",
     WORDS_SUB("<answer id=\"kids_yes\">yes</answer><answer id=\"why\">none</answer>"
               "<answer id=\"note\">n</answer>"),
     "en", "S:One#1 A:1. Kids?=Yes S:Three#3 A:6. Note=n"},
    {"a value that is no option shows nothing; another language",
     WORDS_SUB("<answer id=\"kids_yes\">no</answer><answer id=\"pick\">c</answer>"), "nl",
     "S:Een#1 A:1. Kids?=Nee"},
    {"an unreadable submission says nothing", "hello", "en", ""},
};

START_TEST(summary_from_answers)
{
    const summary_case *c = &summary_cases[_i];
    words_fixture w = words_open(c->submission, c->lang);
    helder_serve_summary summary;
    helder_serve_summary_answers(&summary, w.result, w.words);
    char *got = describe_rows(&summary);
    ck_assert_msg(strcmp(got, c->rows) == 0, "%s:\n got  %s\n want %s", c->name, got, c->rows);
    free(got);
    helder_serve_summary_free(&summary);
    words_close(&w);
}
END_TEST

START_TEST(documents_in_words)
{
    static const char form_xml[] =
        "<form xmlns=\"urn:helder:form:1\" id=\"d\" version=\"1\" languages=\"en\">"
        "<title xml:lang=\"en\">D</title><section id=\"s\"><title xml:lang=\"en\">S</title>"
        "<question id=\"wed\" type=\"yesno\"><label xml:lang=\"en\">Married?</label></question>"
        "</section><documents><title xml:lang=\"en\">Send</title>"
        "<document id=\"pass\"><label xml:lang=\"en\">Passport</label></document>"
        "<document id=\"cert\" when=\"wed\"><label xml:lang=\"en\">Certificate</label>"
        "</document></documents></form>";
    helder_form *form = NULL;
    helder_render_plan *words = NULL;
    helder_serve_summary summary = {0};
    ck_assert_int_eq(
        helder_form_load_memory(&form, form_xml, strlen(form_xml), "d.xml", NULL, NULL), HELDER_OK);
    ck_assert_int_eq(helder_render_plan_new(&words, form, NULL), HELDER_OK);
    helder_serve_summary_documents(&summary, words);
    ck_assert_uint_eq(summary.nrows, 2);
    ck_assert_str_eq(summary.rows[0].label, "Passport");
    ck_assert_ptr_null(summary.rows[0].value);
    ck_assert_str_eq(summary.rows[1].label, "Certificate");
    ck_assert_msg(strstr(summary.rows[1].value, "question 1"), "%s", summary.rows[1].value);
    helder_serve_summary_free(&summary);
    helder_render_plan_free(words);
    helder_form_free(form);
}
END_TEST

/* The answers as facts, for what they decide: a repeat given without items is known to have
 * none; a blank item keeps its place. */
START_TEST(answers_as_facts)
{
    words_fixture w = words_open(
        WORDS_SUB("<answer id=\"kids_yes\">yes</answer><answer id=\"note\">a &lt; b</answer>"
                  "<repeat id=\"kids\"><item/><item><answer id=\"name\">Sami</answer></item>"
                  "</repeat>"),
        "en");
    char *facts = NULL;
    size_t len = 0;
    ck_assert_int_eq(helder_serve_answers_as_facts(&facts, &len, w.result, w.words), HELDER_OK);
    ck_assert_uint_eq(strlen(facts), len);
    ck_assert_msg(strstr(facts, "<fact name=\"kids_yes\">yes</fact>") &&
                      strstr(facts, "<fact name=\"note\">a &lt; b</fact>") &&
                      strstr(facts, "<group name=\"kids\">\n    <item>\n    </item>\n    <item>\n"
                                    "      <fact name=\"name\">Sami</fact>\n    </item>\n"
                                    "  </group>"),
                  "%s", facts);
    free(facts);
    words_close(&w);

    w = words_open(WORDS_SUB("<answer id=\"kids_yes\">yes</answer><repeat id=\"kids\"/>"), "en");
    ck_assert_int_eq(helder_serve_answers_as_facts(&facts, &len, w.result, w.words), HELDER_OK);
    ck_assert_msg(strstr(facts, "<group name=\"kids\">\n  </group>"), "%s", facts);
    free(facts);
    words_close(&w);

    w = words_open(WORDS_SUB("<answer id=\"kids_yes\">no</answer>"), "en");
    ck_assert_int_eq(helder_serve_answers_as_facts(&facts, &len, w.result, w.words), HELDER_OK);
    ck_assert_msg(!strstr(facts, "group"), "%s", facts);
    free(facts);
    words_close(&w);

    w = words_open("hello", "en");
    ck_assert_int_eq(helder_serve_answers_as_facts(&facts, &len, w.result, w.words),
                     HELDER_EINVALID);
    words_close(&w);
}
END_TEST

/* ---- the language of the server's own pages ---- */

typedef struct {
    const char *header; /* Accept-Language, or NULL for none */
    const char *lang;
} accept_case;

static const accept_case accept_cases[] = {
    {NULL, "en"},
    {"", "en"},
    {"nl", "nl"},
    {"nl-BE,nl;q=0.9,en;q=0.8", "nl"},
    {"ar;q=0.1, en;q=0.5", "en"},
    {"en;q=0, nl", "nl"},
    {"NL-be", "nl"},
    {"ar-SY, en-GB;q=0.8", "ar"},
    {"de-DE,de;q=0.9,ar;q=0.8,en;q=0.7", "ar"},
    {"fr, *;q=0.1", "en"},       /* "*": any, so catalogue order */
    {"en;q=0, *;q=0.5", "nl"},   /* the first that "*" covers and q=0 does not rule out */
    {"*, nl", "nl"},             /* at equal weight, named before "*" */
    {"nl;q=0.2, *;q=0.5", "en"}, /* "*" outweighs it */
    {"*;q=0, ar", "ar"},
    {"en;q=0, nl;q=0, ar;q=0", "en"}, /* nothing acceptable: English all the same */
    {"fr, de", "en"},
    {"en;q=0.5, nl;q=0.5", "en"}, /* a tie: the first named */
    {"nl;q=0.5, en;q=0.5", "nl"},
    {"nl;q=0.001, en;q=0", "nl"},
    {"nl;q=1.0, ar;q=0.999", "nl"},
    {"  ,, ar ; q=0.7 ,en;q=0.6", "ar"}, /* empty elements and white space */
    {"\tnl\t", "nl"},
    /* malformed parts are ignored, the rest is read */
    {"garbage", "en"},
    {"%%%, ;;;, q=1", "en"},
    {"ar;q=2, nl;q=0.5", "nl"},
    {"ar;q=1.5, nl;q=0.5", "nl"},
    {"ar;q=0.1234, nl;q=0.5", "nl"},
    {"ar;q=, nl;q=0.5", "nl"},
    {"ar;q=.5, nl;q=0.4", "nl"},
    {"ar;level=1, nl;q=0.5", "nl"},
    {"ar;q=0.9;x=1, nl;q=0.5", "nl"},
    {"ar q=0.9, nl;q=0.5", "nl"},
    {"arabicscript, nl;q=0.5", "nl"}, /* more than 8 letters */
    {"ar-, nl;q=0.5", "nl"},
    {"ar-toolongsubtag, nl;q=0.5", "nl"},
    {"a_r, nl;q=0.5", "nl"},
    {"arx, nl;q=0.5", "nl"}, /* not Arabic */
    {"e, nl;q=0.5", "nl"},
};

START_TEST(accept_language)
{
    const accept_case *c = &accept_cases[_i];
    const char *got = helder_serve_accept_language(c->header);
    ck_assert_msg(strcmp(got, c->lang) == 0, "'%s': %s, not %s", c->header ? c->header : "(none)",
                  got, c->lang);
}
END_TEST

/* A hostile header costs at most 4 KB and 32 ranges of reading. */
START_TEST(accept_language_bounded)
{
    size_t size = 100 * 1024;
    char *header = helder_xmalloc(size + 16);
    /* 100 KB of ranges none of which is a catalogue language, then Arabic: past the bound */
    for (size_t i = 0; i + 3 <= size; i += 3)
        memcpy(header + i, "xx,", 3);
    strcpy(header + size - size % 3, "ar");
    ck_assert_str_eq(helder_serve_accept_language(header), "en");
    /* the first valid range, within the bound, is found */
    memcpy(header, "nl,", 3);
    ck_assert_str_eq(helder_serve_accept_language(header), "nl");
    /* 31 ranges before Arabic are read; 32 are all that is */
    header[0] = '\0';
    for (int i = 0; i < 31; i++)
        strcat(header, "xx,");
    strcat(header, "ar");
    ck_assert_str_eq(helder_serve_accept_language(header), "ar");
    memmove(header + 3, header, strlen(header) + 1);
    memcpy(header, "xx,", 3);
    ck_assert_str_eq(helder_serve_accept_language(header), "en");
    /* a range that the 4 KB bound cuts is not read ("arx" is not "ar"); one that ends on it is */
    memset(header, ' ', 4094);
    strcpy(header + 4094, "arx");
    ck_assert_str_eq(helder_serve_accept_language(header), "en");
    header[4096] = '\0';
    ck_assert_str_eq(helder_serve_accept_language(header), "ar");
    /* a header of one endless range */
    memset(header, 'a', size);
    header[size] = '\0';
    ck_assert_str_eq(helder_serve_accept_language(header), "en");
    free(header);
}
END_TEST

START_TEST(ui_lang_query_first)
{
    ck_assert_str_eq(helder_serve_ui_lang("nl", "ar"), "nl");
    ck_assert_str_eq(helder_serve_ui_lang("AR", NULL), "ar");
    ck_assert_str_eq(helder_serve_ui_lang("en", "nl"), "en");
    /* not a catalogue's code: the header decides */
    ck_assert_str_eq(helder_serve_ui_lang("fr", "ar"), "ar");
    ck_assert_str_eq(helder_serve_ui_lang("nl-BE", NULL), "en");
    ck_assert_str_eq(helder_serve_ui_lang("", "nl"), "nl");
    ck_assert_str_eq(helder_serve_ui_lang(NULL, NULL), "en");
}
END_TEST

/* Any page with a form will do: no header, upper case, a form without attributes. */
START_TEST(split_any_page)
{
    static const char page[] = "<html><head><title>x</title></head><body><p>hi</p>"
                               "<FORM>\n<input name=\"q\"></FORM></body></html>";
    helder_serve_split split;
    ck_assert_int_eq(helder_serve_split_page(&split, page, strlen(page), "<nav>n</nav>"), 0);
    ck_assert_ptr_nonnull(strstr(split.head, "serve.css\"></head>"));
    ck_assert_ptr_null(strstr(split.head, "<nav>"));
    ck_assert_int_eq(strncmp(split.head + split.head_len - 6, "<FORM>", 6), 0);
    ck_assert_str_eq(split.tail, "\n<input name=\"q\"></FORM></body></html>");
    ck_assert_uint_eq(helder_serve_form_end(split.tail, split.tail_len),
                      strlen("\n<input name=\"q\">"));
    helder_serve_split_free(&split);
    ck_assert_int_eq(helder_serve_split_page(&split, "<p>no form</p><formula>", 23, NULL), -1);
}
END_TEST

static Suite *serve_suite(void)
{
    Suite *suite = suite_create("serve");
    TCase *units = tcase_create("units");
    tcase_add_test(units, token_roundtrip);
    tcase_add_test(units, csrf_units);
    tcase_add_test(units, reference_shape);
    tcase_add_test(units, outbox_never_replaces);
    tcase_add_loop_test(units, summary_from_answers, 0,
                        sizeof summary_cases / sizeof summary_cases[0]);
    tcase_add_test(units, documents_in_words);
    tcase_add_test(units, answers_as_facts);
    tcase_add_test(units, split_any_page);
    tcase_add_loop_test(units, accept_language, 0, sizeof accept_cases / sizeof accept_cases[0]);
    tcase_add_test(units, accept_language_bounded);
    tcase_add_test(units, ui_lang_query_first);
    tcase_add_loop_test(units, split_path_table, 0, sizeof path_cases / sizeof path_cases[0]);
    tcase_add_test(units, split_path_long);
    tcase_add_loop_test(units, parse_fields_table, 0, sizeof fields_cases / sizeof fields_cases[0]);
    tcase_add_test(units, parse_fields_ten_thousand);
    suite_add_tcase(suite, units);

    TCase *http = tcase_create("http");
    tcase_add_unchecked_fixture(http, suite_setup, suite_teardown);
    tcase_set_timeout(http, 60);
    tcase_add_test(http, headers_on_every_response);
    tcase_add_test(http, valid_submission_is_stored_then_acknowledged);
    tcase_add_test(http, invalid_submission_comes_back_with_errors);
    tcase_add_loop_test(http, hostile_bodies, 0, sizeof body_cases / sizeof body_cases[0]);
    tcase_add_test(http, ten_thousand_fields);
    tcase_add_test(http, one_megabyte_key);
    tcase_add_test(http, hundred_megabyte_body);
    tcase_add_test(http, lying_content_length);
    tcase_add_test(http, slowloris);
    tcase_add_test(http, slow_body);
    tcase_add_test(http, thousand_connections_from_one_address);
    tcase_add_test(http, csrf_refused);
    tcase_add_test(http, cross_site_refused);
    tcase_add_test(http, content_types_and_methods);
    tcase_add_test(http, huge_header);
    tcase_add_test(http, access_log_line_per_request);
    tcase_add_test(http, access_log_keeps_no_secret);
    tcase_add_test(http, paths_are_exact);
    tcase_add_test(http, steps_walk_to_receipt);
    tcase_add_test(http, steps_state_is_sealed);
    tcase_add_test(http, personal_link);
    tcase_add_test(http, index_in_the_applicants_language);
    tcase_add_test(http, messages_in_the_applicants_language);
    suite_add_tcase(suite, http);

    TCase *deadline = tcase_create("head deadline");
    tcase_set_timeout(deadline, 60);
    tcase_add_test(deadline, trickled_head_is_cut);
    suite_add_tcase(suite, deadline);

    TCase *store = tcase_create("store failure");
    tcase_set_timeout(store, 60);
    tcase_add_test(store, failed_store_keeps_the_answers);
    suite_add_tcase(suite, store);

    TCase *stopping = tcase_create("stopping");
    tcase_add_unchecked_fixture(stopping, suite_setup, suite_teardown);
    tcase_set_timeout(stopping, 120);
    tcase_add_test(stopping, sigterm_finishes_requests_in_flight);
    tcase_add_test(stopping, sigkill_under_load_loses_nothing_acknowledged);
    suite_add_tcase(suite, stopping);
    return suite;
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    helder_global_init();
    SRunner *runner = srunner_create(serve_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
