/* Writing the simplified form: the source form's tree with what simplify decided, back as a
 * form definition (urn:helder:form:1) with the same ids, every text in every language, residual
 * expressions printed as source text, the facts' answers as prefill (per item for repeats the
 * facts fill) and a <provenance> element saying where it came from and for which days it holds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/buffer.h"
#include "model/expr_print.h"
#include "simplify/simplify.h"

static void indent(helder_buf *out, int depth)
{
    for (int i = 0; i < depth; i++)
        helder_buf_puts(out, "  ");
}

static void attr(helder_buf *out, const char *name, const char *value)
{
    if (!value)
        return;
    helder_buf_puts(out, " ");
    helder_buf_puts(out, name);
    helder_buf_puts(out, "=\"");
    helder_buf_xml_attr(out, value, strlen(value));
    helder_buf_puts(out, "\"");
}

static void attr_expr(helder_buf *out, const char *name, const helder_expr *expr)
{
    char *text = helder_expr_print(expr);
    attr(out, name, text);
    free(text);
}

static void attr_long(helder_buf *out, const char *name, long value)
{
    char number[32];
    snprintf(number, sizeof number, "%ld", value);
    attr(out, name, number);
}

/* A partial value written as an attribute: the residual, or the literal of a known value. */
static void attr_pv(helder_buf *out, const char *name, const helder_pv *pv,
                    const char *fallback_src)
{
    helder_expr *expr = NULL;
    if (pv->kind == HELDER_PV_NULL)
        expr = helder_expr_no_answer(pv->type);
    else
        expr = helder_pv_to_expr(pv);
    if (expr) {
        attr_expr(out, name, expr);
        helder_expr_free(expr);
    } else if (fallback_src) {
        attr(out, name, fallback_src);
    }
}

static void texts(helder_buf *out, const helder_form *form, const char *element,
                  const helder_text *text, int depth)
{
    for (unsigned i = 0; i < form->nlangs; i++) {
        const char *value = text->by_lang[i];
        if (!value)
            continue;
        indent(out, depth);
        helder_buf_puts(out, "<");
        helder_buf_puts(out, element);
        attr(out, "xml:lang", form->langs[i]);
        helder_buf_puts(out, ">");
        helder_buf_xml_text(out, value, strlen(value));
        helder_buf_puts(out, "</");
        helder_buf_puts(out, element);
        helder_buf_puts(out, ">\n");
    }
}

static int truth(const helder_pv *pv)
{
    if (pv->kind != HELDER_PV_KNOWN)
        return -1;
    return helder_value_truth(pv->value) == 1;
}

/* when="…": nothing when it always holds. */
static void attr_when(helder_buf *out, const helder_pv *when)
{
    int decided = truth(when);
    if (decided == 1)
        return;
    if (decided == 0) {
        attr(out, "when", "false()");
        return;
    }
    attr_pv(out, "when", when, NULL);
}

typedef struct {
    const helder_simplify_result *result;
    const helder_simplifier *simp;
    const helder_form *form;
    helder_buf out;
} writer;

static const helder_node_state *state_of(const writer *w, const helder_node *node)
{
    return &w->simp->nodes[node->index];
}

/* Whether every item that asks question (in a repeat the facts fill) has its answer. */
static bool all_items_known(const writer *w, const helder_node *question)
{
    const helder_repeat_state *rstate = &w->simp->repeats[question->scope->slot];
    unsigned nslots = question->scope->u.repeat.nslots;
    if (!rstate->applied || rstate->count == 0)
        return false;
    for (long i = 0; i < rstate->count; i++)
        if (rstate->rel[i * (long)nslots + question->slot] != HELDER_REL_FALSE &&
            !w->simp->groups[question->scope->slot].items[i][question->slot].known)
            return false;
    return true;
}

static void write_question(writer *w, const helder_node *question, int depth)
{
    helder_buf *out = &w->out;
    const helder_node_state *state = state_of(w, question);
    const helder_known *known = question->scope ? NULL : &w->simp->top[question->slot];
    bool prefilled = known ? known->known : all_items_known(w, question);
    helder_qtype qtype = question->u.question.qtype;

    indent(out, depth);
    helder_buf_puts(out, "<question");
    attr(out, "id", question->id);
    attr(out, "type", helder_qtype_name(qtype));
    if (state->required.kind == HELDER_PV_RESIDUAL)
        attr_pv(out, "required", &state->required, NULL);
    else if (truth(&state->required) == 1)
        attr(out, "required", "true");
    attr_when(out, &state->when);
    attr(out, "fact", question->u.question.fact);
    if (helder_simplify_bound_written(w->result, question, true))
        attr_pv(out, "min", &state->min, question->u.question.min.src);
    if (helder_simplify_bound_written(w->result, question, false))
        attr_pv(out, "max", &state->max, question->u.question.max.src);
    if (!prefilled) {
        if (question->u.question.minlength >= 0)
            attr_long(out, "minlength", question->u.question.minlength);
        if (question->u.question.maxlength >= 0)
            attr_long(out, "maxlength", question->u.question.maxlength);
        attr(out, "pattern", question->u.question.pattern_src);
    }
    attr(out, "autocomplete", question->u.question.autocomplete);
    if (known && known->known) {
        char *text = helder_xstrndup(known->text ? known->text : "", known->len);
        attr(out, "readonly", "true");
        attr(out, "prefill", text);
        free(text);
    } else {
        if (question->u.question.readonly)
            attr(out, "readonly", "true");
        attr(out, "prefill", question->u.question.prefill);
    }
    if (prefilled && w->result->opts.known == HELDER_KNOWN_DROP)
        attr(out, "hidden", "true");
    helder_buf_puts(out, ">\n");
    texts(out, w->form, "label", &question->label, depth + 1);
    texts(out, w->form, "hint", &question->hint, depth + 1);
    for (unsigned i = 0; i < question->u.question.noptions; i++) {
        const helder_node *option = question->u.question.options[i];
        if (!helder_simplify_option_kept(w->result, option))
            continue;
        indent(out, depth + 1);
        helder_buf_puts(out, "<option");
        attr(out, "value", option->u.option.value);
        attr_when(out, &state_of(w, option)->when);
        helder_buf_puts(out, ">\n");
        texts(out, w->form, "label", &option->label, depth + 2);
        indent(out, depth + 1);
        helder_buf_puts(out, "</option>\n");
    }
    for (unsigned i = 0; i < question->u.question.nconstraints; i++) {
        const helder_node *constraint = question->u.question.constraints[i];
        const helder_pv *test = &state_of(w, constraint)->value;
        if (truth(test) == 1)
            continue;
        indent(out, depth + 1);
        helder_buf_puts(out, "<constraint");
        if (truth(test) == 0)
            attr(out, "test", "false()");
        else
            attr_pv(out, "test", test, constraint->u.constraint.test.src);
        helder_buf_puts(out, ">\n");
        texts(out, w->form, "message", &constraint->text, depth + 2);
        indent(out, depth + 1);
        helder_buf_puts(out, "</constraint>\n");
    }
    indent(out, depth);
    helder_buf_puts(out, "</question>\n");
}

static void write_computed(writer *w, const helder_node *computed, int depth)
{
    helder_buf *out = &w->out;
    indent(out, depth);
    helder_buf_puts(out, "<computed");
    attr(out, "id", computed->id);
    attr_pv(out, "value", &state_of(w, computed)->value, computed->u.computed.value.src);
    helder_buf_puts(out, "/>\n");
}

static void write_note(writer *w, const helder_node *note, int depth)
{
    helder_buf *out = &w->out;
    indent(out, depth);
    helder_buf_puts(out, "<note");
    attr(out, "id", note->id);
    attr_when(out, &state_of(w, note)->when);
    helder_buf_puts(out, ">\n");
    texts(out, w->form, "text", &note->text, depth + 1);
    indent(out, depth);
    helder_buf_puts(out, "</note>\n");
}

/* The items the facts give, each with the answers they know (docs/form-language.md,
 * "Repeats filled by facts"). */
static void write_items(writer *w, const helder_node *repeat, int depth)
{
    helder_buf *out = &w->out;
    const helder_repeat_state *rstate = &w->simp->repeats[repeat->slot];
    const helder_known_group *group = &w->simp->groups[repeat->slot];
    unsigned nslots = repeat->u.repeat.nslots;
    if (!rstate->applied)
        return;
    for (long i = 0; i < rstate->count; i++) {
        indent(out, depth);
        helder_buf_puts(out, "<item>\n");
        for (const helder_node *child = repeat->first_child; child; child = child->next) {
            if (child->type != HELDER_NODE_QUESTION || !w->result->kept[child->index])
                continue;
            const helder_known *known = &group->items[i][child->slot];
            if (!known->known || rstate->rel[i * (long)nslots + child->slot] == HELDER_REL_FALSE)
                continue;
            indent(out, depth + 1);
            helder_buf_puts(out, "<prefill");
            attr(out, "id", child->id);
            helder_buf_puts(out, ">");
            helder_buf_xml_text(out, known->text ? known->text : "", known->len);
            helder_buf_puts(out, "</prefill>\n");
        }
        indent(out, depth);
        helder_buf_puts(out, "</item>\n");
    }
}

static void write_children(writer *w, const helder_node *parent, int depth);

static void write_container(writer *w, const helder_node *node, int depth)
{
    helder_buf *out = &w->out;
    bool repeat = node->type == HELDER_NODE_REPEAT;
    indent(out, depth);
    helder_buf_puts(out, repeat ? "<repeat" : "<section");
    attr(out, "id", node->id);
    if (repeat) {
        attr_long(out, "min", node->u.repeat.min);
        attr_long(out, "max", node->u.repeat.max);
    }
    attr_when(out, &state_of(w, node)->when);
    helder_buf_puts(out, ">\n");
    texts(out, w->form, "title", &node->title, depth + 1);
    texts(out, w->form, "hint", &node->hint, depth + 1);
    write_children(w, node, depth + 1);
    if (repeat)
        write_items(w, node, depth + 1);
    indent(out, depth);
    helder_buf_puts(out, repeat ? "</repeat>\n" : "</section>\n");
}

static void write_rule(writer *w, const helder_node *rule, int depth)
{
    helder_buf *out = &w->out;
    const helder_pv *test = &state_of(w, rule)->value;
    indent(out, depth);
    helder_buf_puts(out, "<rule");
    attr(out, "id", rule->id);
    if (truth(test) == 0)
        attr(out, "test", "false()");
    else
        attr_pv(out, "test", test, rule->u.constraint.test.src);
    helder_buf_puts(out, ">\n");
    texts(out, w->form, "message", &rule->text, depth + 1);
    indent(out, depth);
    helder_buf_puts(out, "</rule>\n");
}

static void write_documents(writer *w, const helder_node *documents, int depth)
{
    helder_buf *out = &w->out;
    indent(out, depth);
    helder_buf_puts(out, "<documents>\n");
    texts(out, w->form, "title", &documents->title, depth + 1);
    for (const helder_node *doc = documents->first_child; doc; doc = doc->next) {
        if (doc->type != HELDER_NODE_DOCUMENT || !w->result->kept[doc->index])
            continue;
        indent(out, depth + 1);
        helder_buf_puts(out, "<document");
        attr(out, "id", doc->id);
        attr_when(out, &state_of(w, doc)->when);
        helder_buf_puts(out, ">\n");
        texts(out, w->form, "label", &doc->label, depth + 2);
        texts(out, w->form, "hint", &doc->hint, depth + 2);
        indent(out, depth + 1);
        helder_buf_puts(out, "</document>\n");
    }
    indent(out, depth);
    helder_buf_puts(out, "</documents>\n");
}

static void write_computed(writer *w, const helder_node *computed, int depth);

/* Computed values whose own section went, hosted by section: those from sections before it
 * first, those from sections after it last (document order either way). */
static void write_hosted(writer *w, const helder_node *section, int depth, bool before)
{
    for (size_t i = 0; i < w->form->nnodes; i++) {
        const helder_node *node = w->form->nodes[i];
        if (w->result->host[i] == section && (node->index < section->index) == before)
            write_computed(w, node, depth);
    }
}

static void write_children(writer *w, const helder_node *parent, int depth)
{
    if (parent->type == HELDER_NODE_SECTION)
        write_hosted(w, parent, depth, true);
    for (const helder_node *child = parent->first_child; child; child = child->next) {
        if (!w->result->kept[child->index] || w->result->host[child->index])
            continue;
        switch (child->type) {
        case HELDER_NODE_SECTION:
        case HELDER_NODE_REPEAT:
            write_container(w, child, depth);
            break;
        case HELDER_NODE_QUESTION:
            write_question(w, child, depth);
            break;
        case HELDER_NODE_NOTE:
            write_note(w, child, depth);
            break;
        case HELDER_NODE_COMPUTED:
            write_computed(w, child, depth);
            break;
        case HELDER_NODE_RULE:
            write_rule(w, child, depth);
            break;
        case HELDER_NODE_DOCUMENTS:
            write_documents(w, child, depth);
            break;
        default:
            break;
        }
    }
    if (parent->type == HELDER_NODE_SECTION)
        write_hosted(w, parent, depth, false);
}

static void write_provenance(writer *w)
{
    helder_buf *out = &w->out;
    const helder_simplify_result *result = w->result;
    char digest[72], generator[64];
    helder_sha256_hex(digest, w->form->source ? w->form->source : "",
                      w->form->source ? w->form->source_len : 0);
    snprintf(generator, sizeof generator, "helder %s", helder_version());
    helder_buf_puts(out, "  <provenance");
    attr(out, "form", w->form->id);
    attr(out, "version", w->form->version);
    attr(out, "form-digest", digest);
    attr(out, "facts-digest", result->facts_digest);
    attr(out, "known", result->opts.known == HELDER_KNOWN_DROP ? "drop" : "confirm");
    attr(out, "valid-from", result->today);
    attr(out, "valid-until", result->valid_until);
    attr(out, "generator", generator);
    helder_buf_puts(out, "/>\n");
}

void helder_simplify_write(helder_simplify_result *result)
{
    writer w;
    const helder_form *form = result->simp.form;
    char languages[HELDER_MAX_LANGS * 36];
    size_t used = 0;
    memset(&w, 0, sizeof w);
    w.result = result;
    w.simp = &result->simp;
    w.form = form;
    languages[0] = '\0';
    for (unsigned i = 0; i < form->nlangs; i++)
        used += (size_t)snprintf(languages + used, sizeof languages - used, "%s%s", i ? " " : "",
                                 form->langs[i]);

    helder_buf_puts(&w.out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                            "<form xmlns=\"urn:helder:form:1\"");
    attr(&w.out, "id", form->id);
    attr(&w.out, "version", form->version);
    attr(&w.out, "languages", languages);
    helder_buf_puts(&w.out, ">\n");
    write_provenance(&w);
    texts(&w.out, form, "title", &form->root->title, 1);
    texts(&w.out, form, "intro", &form->root->text, 1);
    write_children(&w, form->root, 1);
    helder_buf_puts(&w.out, "</form>\n");
    result->form_xml = w.out.data;
    result->form_len = w.out.len;
}
