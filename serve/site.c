/* The forms a server offers: each FORMS_DIR/NAME/form.xml loaded and compiled for checking once,
 * and its page rendered once per language (helder_render_html) and kept split where every
 * response adds its own hidden fields, so that serving a blank form costs a few copies.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "model/model.h"
#include "serve/site.h"

#define FORM_MAX_BYTES (8u << 20)

size_t helder_serve_tag_end(const char *html, size_t len, size_t at)
{
    char quote = 0;
    for (size_t i = at + 1; i < len; i++) {
        char c = html[i];
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return i + 1;
        }
    }
    return len;
}

static const char *find(const char *html, size_t len, size_t from, const char *what)
{
    size_t wlen = strlen(what);
    for (size_t i = from; i + wlen <= len; i++)
        if (html[i] == what[0] && memcmp(html + i, what, wlen) == 0)
            return html + i;
    return NULL;
}

static int split_page(helder_serve_split *out, const char *html, size_t len, const char *nav);

int helder_serve_split_page(helder_serve_split *out, const char *html, size_t len,
                            const char *nav)
{
    /* the server's stylesheet after the renderer's, at the end of the head */
    static const char link[] = "<link rel=\"stylesheet\" href=\"/assets/serve.css\">";
    const char *head_end = find(html, len, 0, "</head>");
    if (!head_end)
        return split_page(out, html, len, nav);
    size_t at = (size_t)(head_end - html);
    char *with = helder_xmalloc(len + sizeof link);
    memcpy(with, html, at);
    memcpy(with + at, link, sizeof link - 1);
    memcpy(with + at + sizeof link - 1, html + at, len - at);
    int rc = split_page(out, with, len + sizeof link - 1, nav);
    free(with);
    return rc;
}

static int split_page(helder_serve_split *out, const char *html, size_t len, const char *nav)
{
    const char *form = find(html, len, 0, "<form ");
    const char *header_end = find(html, len, 0, "</header>");
    size_t nav_len = nav ? strlen(nav) : 0;
    memset(out, 0, sizeof *out);
    if (!form)
        return -1;
    size_t form_end = helder_serve_tag_end(html, len, (size_t)(form - html));
    size_t insert = header_end && header_end < form ? (size_t)(header_end - html) : 0;
    if (!header_end || header_end > form)
        nav_len = 0;
    out->head_len = form_end + nav_len;
    out->head = helder_xmalloc(out->head_len + 1);
    if (nav_len) {
        memcpy(out->head, html, insert);
        memcpy(out->head + insert, nav, nav_len);
        memcpy(out->head + insert + nav_len, html + insert, form_end - insert);
    } else {
        memcpy(out->head, html, form_end);
    }
    out->head[out->head_len] = '\0';
    out->tail_len = len - form_end;
    out->tail = helder_xstrndup(html + form_end, out->tail_len);
    return 0;
}

void helder_serve_split_free(helder_serve_split *split)
{
    free(split->head);
    free(split->tail);
    memset(split, 0, sizeof *split);
}

/* Plain text of html[start..end): tags dropped, the few entities libxslt writes decoded. */
static char *plain_text(const char *html, size_t start, size_t end)
{
    helder_serve_buf text = {0};
    for (size_t i = start; i < end; i++) {
        if (html[i] == '<') {
            i = helder_serve_tag_end(html, end, i) - 1;
            continue;
        }
        if (html[i] == '&') {
            static const struct {
                const char *entity, *text;
            } entities[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
                            {"&#39;", "'"}, {"&nbsp;", " "}};
            size_t e = 0;
            for (; e < sizeof entities / sizeof entities[0]; e++) {
                size_t elen = strlen(entities[e].entity);
                if (i + elen <= end && memcmp(html + i, entities[e].entity, elen) == 0) {
                    helder_serve_buf_puts(&text, entities[e].text);
                    i += elen - 1;
                    break;
                }
            }
            if (e < sizeof entities / sizeof entities[0])
                continue;
        }
        helder_serve_buf_add(&text, html + i, 1);
    }
    if (!text.data)
        return helder_xstrdup("");
    return text.data;
}

size_t helder_serve_sections(helder_serve_section **out, const char *html, size_t len)
{
    helder_serve_section *sections = NULL;
    size_t count = 0, at = 0;
    const char *start;
    while ((start = find(html, len, at, "<section class=\"part")) != NULL) {
        size_t open = (size_t)(start - html);
        size_t tag_end = helder_serve_tag_end(html, len, open);
        const char *close = find(html, len, tag_end, "</section>");
        size_t end = close ? (size_t)(close - html) + strlen("</section>") : len;
        const char *id = find(html, tag_end, open, " id=\"s-");
        const char *h2 = find(html, end, tag_end, "<h2");
        const char *h2_end = find(html, end, tag_end, "</h2>");
        sections = helder_xrealloc(sections, (count + 1) * sizeof *sections);
        helder_serve_section *section = &sections[count++];
        memset(section, 0, sizeof *section);
        section->start = open;
        section->end = end;
        section->documents = find(html, tag_end, open, "class=\"part documents\"") != NULL;
        if (id) {
            size_t id_len = strcspn(id + 7, "\"");
            section->id = helder_xstrndup(id + 7, id_len);
        } else {
            section->id = helder_xstrdup("");
        }
        if (h2 && h2_end && h2 < h2_end)
            section->title =
                plain_text(html, helder_serve_tag_end(html, len, (size_t)(h2 - html)),
                           (size_t)(h2_end - html));
        else
            section->title = helder_xstrdup(section->id);
        at = end;
    }
    *out = sections;
    return count;
}

void helder_serve_sections_free(helder_serve_section *sections, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(sections[i].id);
        free(sections[i].title);
    }
    free(sections);
}

unsigned helder_serve_form_languages(char ***out, const char *source, size_t len)
{
    /* The form loaded cleanly, so it has no DOCTYPE; parse it again only for the attribute. */
    xmlDocPtr doc = xmlReadMemory(source, (int)len, "form.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING);
    char **codes = NULL;
    unsigned count = 0;
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    xmlChar *value = root ? xmlGetProp(root, (const xmlChar *)"languages") : NULL;
    if (value) {
        const char *at = (const char *)value;
        while (*at) {
            at += strspn(at, " \t\r\n");
            size_t code_len = strcspn(at, " \t\r\n");
            if (code_len == 0)
                break;
            codes = helder_xrealloc(codes, (count + 1) * sizeof *codes);
            codes[count++] = helder_xstrndup(at, code_len);
            at += code_len;
        }
        xmlFree(value);
    }
    if (doc)
        xmlFreeDoc(doc);
    *out = codes;
    return count;
}

static void print_diag(const helder_diag *diag, void *payload)
{
    static const char *const names[] = {"note", "warning", "error"};
    if (diag->severity < HELDER_SEVERITY_ERROR)
        return;
    fprintf((FILE *)payload, "%s:%u:%u: %s: %s [%s]\n", diag->file ? diag->file : "-", diag->line,
            diag->col, names[diag->severity], diag->message, diag->rule ? diag->rule : "");
}

static int title_of(char **out, const char *html, size_t len)
{
    const char *open = find(html, len, 0, "<title>");
    const char *close = open ? find(html, len, (size_t)(open - html), "</title>") : NULL;
    if (!open || !close)
        return -1;
    *out = helder_xstrndup(open + 7, (size_t)(close - open - 7));
    return 0;
}

static void free_form(helder_serve_form *form);

static int load_form(helder_serve_site *site, const char *path, FILE *err)
{
    helder_serve_form entry;
    helder_load_options load = HELDER_LOAD_OPTIONS_INIT;
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(print_diag, err);
    int rc;

    memset(&entry, 0, sizeof entry);
    rc = helder_read_file(&entry.source, &entry.source_len, path, FORM_MAX_BYTES);
    if (rc != HELDER_OK) {
        fprintf(err, "%s: cannot read the form\n", path);
        return rc;
    }
    rc = helder_form_load_memory(&entry.form, entry.source, entry.source_len, path, &load, &sink);
    if (rc == HELDER_OK)
        rc = helder_check_plan_new(&entry.plan, entry.form);
    if (rc != HELDER_OK) {
        fprintf(err, "%s: the form has errors; run helder lint on it\n", path);
        goto fail;
    }
    entry.id = helder_xstrdup(helder_form_id(entry.form));
    entry.path = helder_xstrdup(path);
    if (helder_serve_site_find(site, entry.id, strlen(entry.id))) {
        fprintf(err, "%s: another form has the id '%s'\n", path, entry.id);
        rc = HELDER_EINVALID;
        goto fail;
    }
    entry.nlangs = helder_serve_form_languages(&entry.codes, entry.source, entry.source_len);
    if (entry.nlangs == 0) {
        fprintf(err, "%s: the form declares no languages\n", path);
        rc = HELDER_EINVALID;
        goto fail;
    }
    entry.langs = helder_xcalloc(entry.nlangs, sizeof *entry.langs);
    for (unsigned l = 0; l < entry.nlangs; l++) {
        helder_html_options opts = HELDER_HTML_OPTIONS_INIT;
        helder_serve_buf nav = {0}, base = {0};
        char *html = NULL;
        size_t html_len = 0;
        opts.lang = entry.codes[l];
        opts.today = site->today;
        rc = helder_render_html(&html, &html_len, entry.form, &opts, &sink);
        if (rc != HELDER_OK) {
            fprintf(err, "%s: cannot render the form in '%s'\n", path, entry.codes[l]);
            goto fail;
        }
        helder_serve_buf_printf(&base, "/forms/%s/", entry.id);
        helder_serve_language_nav(&nav, entry.codes[l], base.data, NULL, entry.codes,
                                  entry.nlangs);
        entry.langs[l].code = helder_xstrdup(entry.codes[l]);
        if (title_of(&entry.langs[l].title_html, html, html_len) != 0)
            entry.langs[l].title_html = helder_xstrdup(entry.id);
        rc = helder_serve_split_page(&entry.langs[l].page, html, html_len, nav.data);
        free(html);
        helder_serve_buf_free(&nav);
        helder_serve_buf_free(&base);
        if (rc != 0) {
            fprintf(err, "%s: the rendered page has no form\n", path);
            rc = HELDER_EINVALID;
            goto fail;
        }
    }
    site->forms = helder_xrealloc(site->forms, (site->nforms + 1) * sizeof *site->forms);
    site->forms[site->nforms++] = entry;
    return HELDER_OK;

fail:
    free_form(&entry);
    return rc;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int helder_serve_site_load(helder_serve_site *site, const char *forms_dir, const char *today,
                           FILE *err)
{
    DIR *dir = opendir(forms_dir);
    struct dirent *ent;
    char **names = NULL;
    size_t nnames = 0;
    int rc = HELDER_OK;

    memset(site, 0, sizeof *site);
    site->today = today ? helder_xstrdup(today) : NULL;
    if (!dir) {
        fprintf(err, "%s: cannot open the forms folder\n", forms_dir);
        return HELDER_EIO;
    }
    while ((ent = readdir(dir)) != NULL) {
        if (ent->d_name[0] == '.')
            continue;
        names = helder_xrealloc(names, (nnames + 1) * sizeof *names);
        names[nnames++] = helder_xstrdup(ent->d_name);
    }
    closedir(dir);
    qsort(names, nnames, sizeof *names, compare_names);
    for (size_t i = 0; i < nnames; i++) {
        size_t plen = strlen(forms_dir) + strlen(names[i]) + 16;
        char *path = helder_xmalloc(plen);
        FILE *probe;
        snprintf(path, plen, "%s/%s/form.xml", forms_dir, names[i]);
        probe = fopen(path, "rb");
        if (probe) {
            fclose(probe);
            int one = load_form(site, path, err);
            if (one != HELDER_OK && rc == HELDER_OK)
                rc = one;
        }
        free(path);
        free(names[i]);
    }
    free(names);
    if (rc == HELDER_OK && site->nforms == 0) {
        fprintf(err, "%s: no NAME/form.xml in the forms folder\n", forms_dir);
        rc = HELDER_EINVALID;
    }
    return rc;
}

static void free_form(helder_serve_form *form)
{
    for (unsigned l = 0; l < form->nlangs; l++) {
        if (form->langs) {
            free(form->langs[l].code);
            free(form->langs[l].title_html);
            helder_serve_split_free(&form->langs[l].page);
        }
        free(form->codes[l]);
    }
    free(form->langs);
    free(form->codes);
    helder_check_plan_free(form->plan);
    helder_form_free(form->form);
    free(form->source);
    free(form->id);
    free(form->path);
}

void helder_serve_site_free(helder_serve_site *site)
{
    for (size_t f = 0; f < site->nforms; f++)
        free_form(&site->forms[f]);
    free(site->forms);
    free(site->today);
    memset(site, 0, sizeof *site);
}

const helder_serve_form *helder_serve_site_find(const helder_serve_site *site, const char *id,
                                                size_t id_len)
{
    for (size_t f = 0; f < site->nforms; f++)
        if (strlen(site->forms[f].id) == id_len && memcmp(site->forms[f].id, id, id_len) == 0)
            return &site->forms[f];
    return NULL;
}

int helder_serve_form_lang(const helder_serve_form *form, const char *code, size_t code_len)
{
    for (unsigned l = 0; l < form->nlangs; l++)
        if (strlen(form->codes[l]) == code_len && memcmp(form->codes[l], code, code_len) == 0)
            return (int)l;
    return -1;
}
