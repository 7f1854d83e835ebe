/* The web form renderer: runs the XSLT templates (templates/html/form.xsl, or a designer's) over
 * the render model under SECURITY.md's settings and writes one HTML5 document. Templates may not
 * read or write files or the network, include other files, or run past a depth and operation limit.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <nettle/base64.h>
#include <nettle/sha2.h>
#include <libxslt/documents.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "model/buffer.h"
#include "render/rmodel.h"

/* The built-in templates, compiled into the library (templates/embed.S). */
extern const char helder_html_form_xsl[], helder_html_form_xsl_end[];
extern const char helder_html_style_css[], helder_html_style_css_end[];
extern const char helder_html_script_js[], helder_html_script_js_end[];

#define TEMPLATE_MAX_BYTES (1u << 20)
#define DEFAULT_MAX_OPERATIONS 10000000ul
#define DEFAULT_MAX_DEPTH 200
/* Live bytes a transform may allocate. The operation limit does not bound memory: one operation
 * can double a string or a tree, so a recursion of 30 calls asks for gigabytes. The built-in
 * template over the largest shipped form needs less than 5 MB. */
#define TEMPLATE_MAX_MEMORY (128ul << 20)
/* CPU time a designer's transform may take. Neither limit above bounds it: one operation can
 * take the string value of the whole render model (string(/)), so two loops over //node() with
 * that inside ran for minutes on the partner form. The built-in template takes about 10 ms there
 * and is not timed, so that a form of any size renders on a machine of any speed. */
#define DEFAULT_MAX_SECONDS 5.0

/* ---- security settings, set once for the process ---- */

static xsltSecurityPrefsPtr security_prefs;
static pthread_once_t security_once = PTHREAD_ONCE_INIT;

/* What went wrong in the current render; libxslt reports through global and per-context hooks,
 * so each thread keeps its own. */
typedef struct {
    helder_diag_sink *sink;
    const char *name;
    unsigned errors;
    unsigned refused;
    unsigned shown;  /* libxslt messages reported */
    unsigned hidden; /* and those past TEMPLATE_MAX_MESSAGES, counted only */
    unsigned line;   /* of the template element libxslt last named, 0 when none */
    int stopped;     /* the memory or time budget stopped the transform */
} render_state;

/* A template that goes wrong in a loop (or in a recursion 200 deep) makes libxslt report every
 * turn; the designer needs the first few. */
#define TEMPLATE_MAX_MESSAGES 5

static _Thread_local render_state *current;

/* document(), xsl:include and xsl:import all come here: every one is refused. */
static xmlDocPtr refuse_load(const xmlChar *uri, xmlDictPtr dict, int options, void *ctxt,
                             xsltLoadType type)
{
    (void)dict;
    (void)options;
    (void)ctxt;
    if (current) {
        current->refused++;
        /* One per call: document() in a loop must not flood the diagnostics either. */
        if (current->shown >= TEMPLATE_MAX_MESSAGES) {
            current->hidden++;
            return NULL;
        }
        current->shown++;
        helder_diagf(current->sink, HELDER_RULE_RENDER_REFUSED, current->name, (helder_pos){0, 0},
                     "the template may not load '%s' (%s is refused)", uri ? (const char *)uri : "",
                     type == XSLT_LOAD_DOCUMENT ? "document()" : "xsl:include and xsl:import");
    }
    return NULL;
}

static void setup_security(void)
{
    security_prefs = xsltNewSecurityPrefs();
    if (!security_prefs)
        helder_xmalloc(SIZE_MAX);
    xsltSetSecurityPrefs(security_prefs, XSLT_SECPREF_READ_FILE, xsltSecurityForbid);
    xsltSetSecurityPrefs(security_prefs, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
    xsltSetSecurityPrefs(security_prefs, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
    xsltSetSecurityPrefs(security_prefs, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
    xsltSetSecurityPrefs(security_prefs, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
    xsltSetDefaultSecurityPrefs(security_prefs);
    xsltSetLoaderFunc(refuse_load);
    xsltMaxDepth = DEFAULT_MAX_DEPTH;
}

/* libxslt's debugging dump after a runtime error ("templates:", "#0 name r", "variables:", …):
 * the stack of a runaway template, 15 lines that say less than the message before them. */
static int stack_dump_line(const char *text)
{
    return strcmp(text, "templates:") == 0 || strcmp(text, "variables:") == 0 ||
           (text[0] == '#' && isdigit((unsigned char)text[1]));
}

/* "runtime error: file F line N element E" (or "compilation error: …") names where the next
 * message happened; without a line ("compilation error: element E"), or with nothing known (a
 * bare "error" before a refused read), it is still no message of its own. */
static int context_line(const char *text, unsigned *line)
{
    if (strcmp(text, "error") == 0) {
        *line = 0;
        return 1;
    }
    if (strncmp(text, "runtime error: ", 15) != 0 && strncmp(text, "compilation error: ", 19) != 0)
        return 0;
    const char *at = strstr(text, " line ");
    unsigned long number = at ? strtoul(at + 6, NULL, 10) : 0;
    *line = number <= UINT_MAX ? (unsigned)number : 0;
    return 1;
}

static void report_line(render_state *state, char *text)
{
    /* libxslt's own words, lower-cased at the start, as our messages are. */
    while (*text == ' ')
        text++;
    size_t len = strlen(text);
    while (len > 0 && isspace((unsigned char)text[len - 1]))
        text[--len] = '\0';
    text[0] = (char)tolower((unsigned char)text[0]);
    if (*text == '\0' || stack_dump_line(text) || context_line(text, &state->line))
        return;
    /* A budget stops the transform through the operation limit; its own message says why. */
    if (state->stopped && strstr(text, "peration limit exceeded"))
        return;
    int recursion = strstr(text, "infinite template recursion") != NULL;
    int limit = recursion || strstr(text, "recursion") || strstr(text, "limit") ||
                strstr(text, "denied") || strstr(text, "forbidden");
    if (limit)
        state->refused++;
    else
        state->errors++;
    if (state->shown >= TEMPLATE_MAX_MESSAGES) {
        state->hidden++;
        return;
    }
    state->shown++;
    helder_rule rule = limit ? HELDER_RULE_RENDER_REFUSED : HELDER_RULE_RENDER_TEMPLATE;
    helder_pos pos = {state->line, 0};
    if (recursion) /* libxslt's advice names xsltproc's --maxdepth, which helder does not have */
        helder_diagf(state->sink, rule, state->name, pos,
                     "the templates call each other without end (more than %d nested calls)",
                     xsltMaxDepth);
    else
        helder_diagf(state->sink, rule, state->name, pos, "%s", text);
}

/* libxslt's messages arrive in pieces; collect a line, then report it. */
static void report_message(void *ctx, const char *fmt, ...)
{
    static _Thread_local char line[512];
    static _Thread_local size_t used;
    va_list args;
    (void)ctx;
    va_start(args, fmt);
    int n = vsnprintf(line + used, sizeof line - used, fmt, args);
    va_end(args);
    if (n > 0)
        used = used + (size_t)n < sizeof line - 1 ? used + (size_t)n : sizeof line - 1;
    if (used == 0 || line[used - 1] != '\n')
        return;
    line[used - 1] = '\0';
    used = 0;
    if (current)
        report_line(current, line);
}

/* The memory or time budget ran out (called from inside an allocation): the transform stops at
 * its next operation, as at the operation limit. libxslt copies its count into the XPath context
 * for each expression, so the one under way is stopped there. */
static void stop_transform(void *arg)
{
    xsltTransformContextPtr ctxt = arg;
    ctxt->opCount = ctxt->opLimit;
    if (ctxt->xpathCtxt)
        ctxt->xpathCtxt->opCount = ctxt->xpathCtxt->opLimit;
    ctxt->state = XSLT_STATE_STOPPED;
    if (current)
        current->stopped = 1;
}

/* ---- the CSP hashes of inline assets ---- */

/* "sha256-<base64>" of text, into out (at least 52 bytes). */
static void csp_hash(char *out, const char *text, size_t len)
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, (const uint8_t *)text);
    sha256_digest(&ctx, sizeof digest, digest);
    memcpy(out, "sha256-", 7);
    base64_encode_raw(out + 7, sizeof digest, digest);
    out[7 + BASE64_ENCODE_RAW_LENGTH(SHA256_DIGEST_SIZE)] = '\0';
}

/* ---- assets ---- */

typedef struct {
    char *text;
    size_t len;
} asset;

/* A template file from opts->templates_dir when it has one, else the built-in copy. */
static int load_asset(asset *out, const helder_html_options *opts, const char *name,
                      const char *builtin, const char *builtin_end, int required_in_dir)
{
    if (opts->templates_dir) {
        size_t plen = strlen(opts->templates_dir) + strlen(name) + 2;
        char *path = helder_xmalloc(plen);
        snprintf(path, plen, "%s/%s", opts->templates_dir, name);
        int rc = helder_read_file(&out->text, &out->len, path, TEMPLATE_MAX_BYTES);
        int missing = rc == HELDER_EIO && errno == ENOENT;
        free(path);
        if (rc == 0)
            return 0;
        if (!missing || required_in_dir)
            return rc;
    }
    out->len = (size_t)(builtin_end - builtin);
    out->text = helder_xstrndup(builtin, out->len);
    return 0;
}

static int read_custom_css(asset *out, const helder_html_options *opts)
{
    out->text = NULL;
    out->len = 0;
    if (!opts->css_path)
        return 0;
    return helder_read_file(&out->text, &out->len, opts->css_path, TEMPLATE_MAX_BYTES);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Text that goes inside <style> or <script> must not be able to end the element early. */
static int closes_element(const char *text, const char *tag)
{
    size_t tag_len = strlen(tag);
    for (const char *at = strstr(text, "</"); at; at = strstr(at + 2, "</")) {
        size_t i = 0;
        while (i < tag_len && tolower((unsigned char)at[2 + i]) == tag[i])
            i++;
        if (i == tag_len)
            return 1;
    }
    return strstr(text, "<!--") != NULL;
}

int helder_render_html_assets(const char *dir, const helder_html_options *opts)
{
    static const struct {
        const char *name;
        const char *start, *end;
    } files[] = {
        {"style.css", helder_html_style_css, helder_html_style_css_end},
        {"helder.js", helder_html_script_js, helder_html_script_js_end},
    };
    int rc = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0] + 1 && rc == 0; i++) {
        asset content = {NULL, 0};
        const char *name;
        if (i < sizeof files / sizeof files[0]) {
            name = files[i].name;
            rc = load_asset(&content, opts, name, files[i].start, files[i].end, 0);
        } else {
            if (!opts->css_path)
                break;
            name = base_name(opts->css_path);
            rc = read_custom_css(&content, opts);
        }
        if (rc == 0) {
            size_t plen = strlen(dir) + strlen(name) + 2;
            char *path = helder_xmalloc(plen);
            snprintf(path, plen, "%s/%s", dir, name);
            FILE *file = fopen(path, "wb");
            if (!file || fwrite(content.text, 1, content.len, file) != content.len)
                rc = HELDER_EIO;
            if (file && fclose(file) != 0)
                rc = HELDER_EIO;
            free(path);
        }
        free(content.text);
    }
    return rc;
}

/* The origin of an absolute http(s) action URL ("https://host:port"), for form-action; NULL for
 * a relative one. Sets *bad for URLs of any other scheme (javascript:, data:, …). */
static char *action_origin(const char *action, int *bad)
{
    *bad = 0;
    if (!action || !*action)
        return NULL;
    for (const char *c = action; *c; c++)
        if ((unsigned char)*c < 0x21 || *c == '"' || *c == '\'' || *c == '<' || *c == '>' ||
            *c == '\\' || *c == ';' || *c == ',') {
            *bad = 1;
            return NULL;
        }
    size_t scheme = strcspn(action, ":/?#");
    if (action[scheme] != ':')
        return NULL; /* relative: same origin */
    if (!(scheme == 4 && strncmp(action, "http", 4) == 0) &&
        !(scheme == 5 && strncmp(action, "https", 5) == 0)) {
        *bad = 1;
        return NULL;
    }
    if (strncmp(action + scheme, "://", 3) != 0) {
        *bad = 1;
        return NULL;
    }
    size_t host = scheme + 3 + strcspn(action + scheme + 3, "/?#");
    return helder_xstrndup(action, host);
}

/* ---- writing the result as HTML5 ----
 *
 * helder writes the page itself rather than through libxml2's HTML serializer: the HTML5 syntax
 * (doctype, void elements, no META that libxml2 would insert), about three times less work on large
 * forms, and one more guard: text inside a script or style element (raw text in HTML) that could
 * end it early is refused, whoever put it there. */

static const char *const void_elements[] = {"area",  "base", "br",   "col",    "embed", "hr", "img",
                                            "input", "link", "meta", "source", "track", "wbr"};

static int is_void(const char *name)
{
    for (size_t i = 0; i < sizeof void_elements / sizeof void_elements[0]; i++)
        if (strcmp(void_elements[i], name) == 0)
            return 1;
    return 0;
}

typedef struct {
    helder_buf buf;
    int refused;
} html_out;

/* HTML's escaping, not XML's (model/buffer.h): the serializer writes CR, LF and TAB as they are. */
static void out_escaped(html_out *out, const char *text, int attribute)
{
    const char *run = text;
    for (; *text; text++) {
        const char *rep;
        switch (*text) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = attribute ? "&quot;" : NULL;
            break;
        default:
            rep = NULL;
        }
        if (!rep)
            continue;
        helder_buf_put(&out->buf, run, (size_t)(text - run));
        helder_buf_puts(&out->buf, rep);
        run = text + 1;
    }
    helder_buf_put(&out->buf, run, (size_t)(text - run));
}

static void write_node(html_out *out, xmlNodePtr node, int raw);

static void write_children(html_out *out, xmlNodePtr node, int raw)
{
    for (xmlNodePtr child = node->children; child; child = child->next)
        write_node(out, child, raw);
}

static void write_node(html_out *out, xmlNodePtr node, int raw)
{
    switch (node->type) {
    case XML_ELEMENT_NODE: {
        const char *name = (const char *)node->name;
        int raw_text = strcmp(name, "script") == 0 || strcmp(name, "style") == 0;
        helder_buf_put(&out->buf, "<", 1);
        helder_buf_puts(&out->buf, name);
        for (xmlAttrPtr attr = node->properties; attr; attr = attr->next) {
            helder_buf_put(&out->buf, " ", 1);
            helder_buf_puts(&out->buf, (const char *)attr->name);
            helder_buf_put(&out->buf, "=\"", 2);
            for (xmlNodePtr value = attr->children; value; value = value->next)
                if (value->content)
                    out_escaped(out, (const char *)value->content, 1);
            helder_buf_put(&out->buf, "\"", 1);
        }
        helder_buf_put(&out->buf, ">", 1);
        if (is_void(name))
            return;
        write_children(out, node, raw_text);
        helder_buf_put(&out->buf, "</", 2);
        helder_buf_puts(&out->buf, name);
        helder_buf_put(&out->buf, ">", 1);
        return;
    }
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
        if (!node->content)
            return;
        if (raw) {
            if (closes_element((const char *)node->content, "script") ||
                closes_element((const char *)node->content, "style")) {
                out->refused = 1;
                return;
            }
            helder_buf_puts(&out->buf, (const char *)node->content);
        } else {
            out_escaped(out, (const char *)node->content, 0);
        }
        return;
    case XML_DOCUMENT_FRAG_NODE:
        write_children(out, node, raw);
        return;
    default:
        return; /* comments and processing instructions are left out */
    }
}

/* The page as HTML5 in *out (caller frees). Returns 0, or -1 when raw text was refused. */
static int write_html(char **text, size_t *len, xmlDocPtr result)
{
    html_out out = {{NULL, 0, 0}, 0};
    helder_buf_put(&out.buf, "<!DOCTYPE html>\n", 16);
    for (xmlNodePtr node = result->children; node; node = node->next)
        if (node->type == XML_ELEMENT_NODE)
            write_node(&out, node, 0);
    helder_buf_put(&out.buf, "\n", 1);
    if (out.refused) {
        helder_buf_free(&out.buf);
        return -1;
    }
    *text = out.buf.data;
    *len = out.buf.len;
    return 0;
}

/* ---- the transform ---- */

int helder_render_html(char **out, size_t *out_len, const helder_form *form,
                       const helder_html_options *opts_in, helder_diag_sink *sink)
{
    helder_html_options defaults = HELDER_HTML_OPTIONS_INIT;
    const helder_html_options *opts = opts_in ? opts_in : &defaults;
    render_state state = {sink, NULL, 0, 0, 0, 0, 0, 0};
    asset xsl = {NULL, 0}, css = {NULL, 0}, js = {NULL, 0}, custom = {NULL, 0};
    char *origin = NULL, *csp = NULL, *inline_css = NULL;
    xmlDocPtr style_doc = NULL, model = NULL, result = NULL;
    xsltStylesheetPtr style = NULL;
    xsltTransformContextPtr ctxt = NULL;
    int bad_action, rc;

    *out = NULL;
    *out_len = 0;
    if (!form || form->has_errors)
        return HELDER_EUSAGE;
    pthread_once(&security_once, setup_security);
    state.name = opts->templates_dir ? "form.xsl" : "<built-in form.xsl>";

    origin = action_origin(opts->action, &bad_action);
    if (bad_action) {
        helder_diagf(sink, HELDER_RULE_BAD_ATTRIBUTE, "--action", (helder_pos){0, 0},
                     "the form may post only to a relative or an http(s) address");
        rc = HELDER_EUSAGE;
        goto out;
    }
    if (helder_rmodel_lang_index(form, opts->lang) < 0) {
        helder_diagf(sink, HELDER_RULE_RENDER_LANGUAGE, form->file, form->pos,
                     "the form has no language '%s' (it declares %u)", opts->lang, form->nlangs);
        rc = HELDER_EINVALID;
        goto out;
    }

    rc = load_asset(&xsl, opts, "form.xsl", helder_html_form_xsl, helder_html_form_xsl_end, 1);
    if (rc == 0)
        rc = read_custom_css(&custom, opts);
    if (rc == 0 && opts->inline_assets) {
        rc = load_asset(&css, opts, "style.css", helder_html_style_css, helder_html_style_css_end,
                        0);
        if (rc == 0)
            rc = load_asset(&js, opts, "helder.js", helder_html_script_js,
                            helder_html_script_js_end, 0);
    }
    if (rc != 0) {
        helder_diagf(sink, HELDER_RULE_FILE_UNREADABLE,
                     opts->templates_dir ? opts->templates_dir : opts->css_path, (helder_pos){0, 0},
                     "a template or stylesheet cannot be read: %s", strerror(errno));
        goto out;
    }

    /* The policy the page declares for itself. Inline assets are allowed by their hashes, never by
     * 'unsafe-inline'; a server sending its own CSP header must add the same hashes. */
    {
        char style_src[80] = "'self'", script_src[80] = "'self'";
        size_t cap;
        if (opts->inline_assets) {
            size_t css_len = css.len + (custom.text ? custom.len + 1 : 0);
            inline_css = helder_xmalloc(css_len + 1);
            memcpy(inline_css, css.text, css.len);
            if (custom.text) {
                inline_css[css.len] = '\n';
                memcpy(inline_css + css.len + 1, custom.text, custom.len);
            }
            inline_css[css_len] = '\0';
            if (closes_element(inline_css, "style") || closes_element(js.text, "script")) {
                helder_diagf(sink, HELDER_RULE_RENDER_REFUSED, state.name, (helder_pos){0, 0},
                             "a stylesheet or script to inline contains '</style', '</script' "
                             "or '<!--'");
                rc = HELDER_EINVALID;
                goto out;
            }
            style_src[0] = script_src[0] = '\'';
            csp_hash(style_src + 1, inline_css, css_len);
            strcat(style_src, "'");
            csp_hash(script_src + 1, js.text, js.len);
            strcat(script_src, "'");
        }
        cap = 256 + (origin ? strlen(origin) : 0) + 160;
        csp = helder_xmalloc(cap);
        snprintf(csp, cap,
                 "default-src 'none'; style-src %s; script-src %s; img-src 'self'; "
                 "form-action 'self'%s%s; base-uri 'none'",
                 style_src, script_src, origin ? " " : "", origin ? origin : "");
    }

    {
        helder_rmodel_assets assets = {
            opts->inline_assets ? NULL : "style.css",
            opts->inline_assets ? NULL : "helder.js",
            opts->css_path && !opts->inline_assets ? base_name(opts->css_path) : NULL,
            opts->inline_assets ? inline_css : NULL,
            opts->inline_assets ? js.text : NULL,
            csp,
        };
        model = helder_rmodel_build(form, opts, &assets, sink);
    }
    if (!model) {
        rc = HELDER_EINVALID;
        goto out;
    }

    current = &state;
    {
        helder_xml_limits limits = {TEMPLATE_MAX_BYTES, 64};
        style_doc = helder_xml_parse(xsl.text, xsl.len, state.name, &limits, 0, sink);
    }
    if (!style_doc) {
        rc = HELDER_EINVALID;
        goto out;
    }
    /* libxslt's messages, and libxml2's from the XPath it runs, name the designer's mistakes. */
    xsltSetGenericErrorFunc(NULL, report_message);
    xmlSetGenericErrorFunc(NULL, report_message);
    style = xsltParseStylesheetDoc(style_doc);
    if (!style || style->errors > 0 || state.errors || state.refused) {
        if (!state.errors && !state.refused)
            helder_diagf(sink, HELDER_RULE_RENDER_TEMPLATE, state.name, (helder_pos){0, 0},
                         "the template is not a usable XSLT stylesheet");
        if (!style)
            xmlFreeDoc(style_doc);
        rc = HELDER_EINVALID;
        goto out;
    }
    ctxt = xsltNewTransformContext(style, model);
    if (!ctxt)
        helder_xmalloc(SIZE_MAX);
    xsltSetCtxtSecurityPrefs(security_prefs, ctxt);
    xsltSetTransformErrorFunc(ctxt, NULL, report_message);
    ctxt->maxTemplateDepth =
        opts->max_template_depth > 0 ? opts->max_template_depth : DEFAULT_MAX_DEPTH;
    ctxt->opLimit = opts->max_operations ? opts->max_operations : DEFAULT_MAX_OPERATIONS;
    helder_xml_budget budget = {.limit = TEMPLATE_MAX_MEMORY, .over = stop_transform, .arg = ctxt};
    if (opts->templates_dir)
        budget.cpu_seconds = opts->max_seconds > 0 ? opts->max_seconds : DEFAULT_MAX_SECONDS;
    helder_xml_budget_begin(&budget);
    result = xsltApplyStylesheetUser(style, model, NULL, NULL, NULL, ctxt);
    helder_xml_budget_end();
    if (budget.exceeded == HELDER_XML_OVER_MEMORY) {
        state.refused++;
        helder_diagf(sink, HELDER_RULE_RENDER_REFUSED, state.name, (helder_pos){0, 0},
                     "the template used more than its %lu MB of memory", TEMPLATE_MAX_MEMORY >> 20);
    } else if (budget.exceeded == HELDER_XML_OVER_TIME) {
        state.refused++;
        helder_diagf(sink, HELDER_RULE_RENDER_REFUSED, state.name, (helder_pos){0, 0},
                     "the template ran for more than its %g seconds of CPU time",
                     budget.cpu_seconds);
    } else if (ctxt->opLimit && ctxt->opCount >= ctxt->opLimit && !state.refused) {
        state.refused++;
        helder_diagf(sink, HELDER_RULE_RENDER_REFUSED, state.name, (helder_pos){0, 0},
                     "the template ran over its limit of %lu operations", ctxt->opLimit);
    }
    if (!result || ctxt->state != XSLT_STATE_OK || state.errors || state.refused) {
        if (!state.errors && !state.refused)
            helder_diagf(sink, HELDER_RULE_RENDER_TEMPLATE, state.name, (helder_pos){0, 0},
                         "the template stopped with an error");
        rc = HELDER_EINVALID;
        goto out;
    }
    if (write_html(out, out_len, result) != 0) {
        helder_diagf(sink, HELDER_RULE_RENDER_REFUSED, state.name, (helder_pos){0, 0},
                     "the template puts text into a script or style element that could end it "
                     "early");
        rc = HELDER_EINVALID;
        goto out;
    }
    rc = 0;

out:
    if (state.hidden)
        helder_diagf(sink, HELDER_RULE_RENDER_TEMPLATE, state.name, (helder_pos){0, 0},
                     "%u more messages from the template are not shown", state.hidden);
    if (current == &state) {
        xsltSetGenericErrorFunc(NULL, NULL);
        xmlSetGenericErrorFunc(NULL, NULL);
        current = NULL;
    }
    xmlFreeDoc(result);
    if (ctxt)
        xsltFreeTransformContext(ctxt);
    xsltFreeStylesheet(style);
    xmlFreeDoc(model);
    free(xsl.text);
    free(css.text);
    free(js.text);
    free(custom.text);
    free(inline_css);
    free(origin);
    free(csp);
    return rc;
}
