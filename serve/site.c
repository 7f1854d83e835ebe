/* The forms a server offers: each FORMS_DIR/NAME/form.xml loaded and compiled for checking once,
 * its words planned once per language (helder_render_plan_new), and its page rendered once per
 * language (helder_render_html) and kept split after its form's start tag, where every response
 * adds its own hidden fields, so that serving a blank form costs a few copies.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* A tag of element `name` ("<form", "</form") at html[at]: the name in any case, then white
 * space, '>' or '/'. */
static int tag_at(const char *html, size_t len, size_t at, const char *name)
{
    size_t name_len = strlen(name);
    if (at + name_len >= len || strncasecmp(html + at, name, name_len) != 0)
        return 0;
    char next = html[at + name_len];
    return next == ' ' || next == '\t' || next == '\n' || next == '\r' || next == '>' ||
           next == '/';
}

/* The start tag of the page's form element, or NULL. */
static const char *form_start(const char *html, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (html[i] == '<' && tag_at(html, len, i, "<form"))
            return html + i;
    return NULL;
}

size_t helder_serve_form_end(const char *html, size_t len)
{
    for (size_t i = len; i-- > 0;)
        if (html[i] == '<' && tag_at(html, len, i, "</form"))
            return i;
    return len;
}

static int split_page(helder_serve_split *out, const char *html, size_t len, const char *nav);

int helder_serve_split_page(helder_serve_split *out, const char *html, size_t len, const char *nav)
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
    const char *form = form_start(html, len);
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

static void print_diag(const helder_diag *diag, void *payload)
{
    static const char *const names[] = {"note", "warning", "error"};
    if (diag->severity < HELDER_SEVERITY_ERROR)
        return;
    fprintf((FILE *)payload, "%s:%u:%u: %s: %s [%s]\n", diag->file ? diag->file : "-", diag->line,
            diag->col, names[diag->severity], diag->message, diag->rule ? diag->rule : "");
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
    {
        const char *const *codes;
        entry.nlangs = (unsigned)helder_form_languages(&codes, entry.form);
        entry.codes = helder_xcalloc(entry.nlangs + 1, sizeof *entry.codes);
        for (unsigned l = 0; l < entry.nlangs; l++)
            entry.codes[l] = helder_xstrdup(codes[l]);
    }
    if (entry.nlangs == 0) {
        fprintf(err, "%s: the form declares no languages\n", path);
        rc = HELDER_EINVALID;
        goto fail;
    }
    entry.langs = helder_xcalloc(entry.nlangs, sizeof *entry.langs);
    for (unsigned l = 0; l < entry.nlangs; l++) {
        helder_html_options opts = HELDER_HTML_OPTIONS_INIT;
        helder_buf nav = {0}, base = {0};
        char *html = NULL;
        size_t html_len = 0;
        opts.lang = entry.codes[l];
        opts.today = site->today;
        rc = helder_render_html(&html, &html_len, entry.form, &opts, &sink);
        if (rc != HELDER_OK) {
            fprintf(err, "%s: cannot render the form in '%s'\n", path, entry.codes[l]);
            goto fail;
        }
        helder_buf_printf(&base, "/forms/%s/", entry.id);
        helder_serve_language_nav(&nav, entry.codes[l], base.data, NULL, entry.codes, entry.nlangs);
        entry.langs[l].code = helder_xstrdup(entry.codes[l]);
        if (helder_render_plan_new(&entry.langs[l].plan, entry.form, entry.codes[l]) == HELDER_OK) {
            helder_buf title = {0};
            helder_buf_html(&title, helder_render_plan_title(entry.langs[l].plan));
            entry.langs[l].title_html = title.data ? title.data : helder_xstrdup("");
        }
        rc = entry.langs[l].plan
                 ? helder_serve_split_page(&entry.langs[l].page, html, html_len, nav.data)
                 : -1;
        free(html);
        helder_buf_free(&nav);
        helder_buf_free(&base);
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
            helder_render_plan_free(form->langs[l].plan);
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
