/* The typed form model: the tree a form definition compiles into.
 *
 * Every node keeps its file position. References inside expressions are resolved to node
 * pointers and patterns are compiled when the form is loaded, so later stages (lint, check,
 * simplify, render) never look anything up by name. The form owns every node, string and
 * expression reachable from it; the libxml2 document is freed after loading.
 */
#ifndef HELDER_MODEL_MODEL_H
#define HELDER_MODEL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "helder.h"
#include "model/expr.h"

#define HELDER_MAX_LANGS 16

typedef enum {
    HELDER_NODE_FORM,
    HELDER_NODE_SECTION,
    HELDER_NODE_QUESTION,
    HELDER_NODE_OPTION,
    HELDER_NODE_CONSTRAINT,
    HELDER_NODE_REPEAT,
    HELDER_NODE_NOTE,
    HELDER_NODE_COMPUTED,
    HELDER_NODE_RULE,
    HELDER_NODE_DOCUMENTS,
    HELDER_NODE_DOCUMENT
} helder_node_type;

const char *helder_node_type_name(helder_node_type type);

typedef enum {
    HELDER_Q_TEXT,
    HELDER_Q_LONGTEXT,
    HELDER_Q_INTEGER,
    HELDER_Q_DECIMAL,
    HELDER_Q_DATE,
    HELDER_Q_YESNO,
    HELDER_Q_CHOICE,
    HELDER_Q_MULTICHOICE,
    HELDER_Q_EMAIL,
    HELDER_Q_PHONE,
    HELDER_Q_COUNTRY,
    HELDER_Q_BSN,
    HELDER_Q_IBAN,
    HELDER_Q_POSTCODE,
    HELDER_Q_FILE,
    HELDER_Q__COUNT
} helder_qtype;

const char *helder_qtype_name(helder_qtype qtype);
/* Returns the type or -1 for an unknown name. */
int helder_qtype_parse(const char *name);
/* The expression type a question of this type has. */
helder_type helder_qtype_value_type(helder_qtype qtype);

/* A source position. Lines and columns are 1-based; 0 means unknown. */
typedef struct {
    unsigned line;
    unsigned col;
} helder_pos;

/* One text (title, label, …) in every declared language: by_lang[i] is the text in
 * form->langs[i], or NULL when the translation is missing. */
typedef struct {
    char *by_lang[HELDER_MAX_LANGS];
    helder_pos pos[HELDER_MAX_LANGS];
    bool present; /* the element occurred at all */
} helder_text;

/* The text in language `lang` (an index into form->langs), else in the form's first language,
 * else any; NULL when the text is missing altogether. */
const char *helder_text_in(const helder_text *text, int lang);

/* An expression attribute: the source, where it starts, and the compiled tree. */
typedef struct {
    char *src;         /* NULL when the attribute is absent */
    helder_pos pos;    /* position of the first character of the value */
    size_t offset;     /* byte offset of that character in form->source */
    helder_expr *expr; /* NULL when absent or when it failed to parse */
    helder_type type;  /* checked type, HELDER_TYPE_ERROR when broken */
} helder_attr_expr;

struct helder_pattern;

/* A simplified form's answers for one item of a repeat the facts filled (<item><prefill id>;
 * docs/form-language.md, "Attributes set by simplify"). */
typedef struct {
    char *id;                     /* the question's id, as written */
    struct helder_node *question; /* resolved to a question of the repeat; NULL when not */
    char *text;
    helder_pos pos;
} helder_prefill;

typedef struct {
    helder_pos pos;
    unsigned count;
    helder_prefill *prefills;
} helder_prefill_item;

/* <provenance> of a simplified form: what it was made from and the days it holds for. */
typedef struct {
    bool present;
    helder_pos pos;
    char *form, *version, *form_digest, *facts_digest, *known, *valid_from, *valid_until,
        *generator;
} helder_provenance;

typedef struct helder_node {
    helder_node_type type;
    helder_pos pos; /* the element's start tag */
    unsigned flags; /* HELDER_NODE_GENERATED, … */
    char *id;       /* NULL for options (see value) and the documents list */
    struct helder_node *parent, *first_child, *last_child, *prev, *next;
    unsigned index; /* position in form->nodes, document order */

    helder_attr_expr when; /* relevance; src NULL when always relevant */
    helder_text title;     /* section, repeat, documents, form */
    helder_text hint;      /* section, repeat, question, document */
    helder_text label;     /* question, option, document */
    helder_text text;      /* note; message of constraint and rule */

    /* Slots: questions and computed values have a value slot in their scope's frame
     * (the form, or their repeat); repeats have a slot in form->repeats. */
    int slot;
    struct helder_node *scope; /* enclosing repeat, or NULL */

    union {
        struct {
            helder_qtype qtype;
            helder_attr_expr required; /* "true"/"false" parse as true()/false() */
            helder_attr_expr min, max;
            long minlength, maxlength; /* -1 when absent */
            helder_pos minlength_pos, maxlength_pos;
            char *pattern_src;
            helder_pos pattern_pos;
            struct helder_pattern *pattern; /* compiled, owned; NULL when absent or broken */
            char *fact;
            helder_pos fact_pos;
            char *autocomplete;
            bool readonly;
            char *prefill; /* value set by simplify */
            bool hidden;   /* set by simplify: prefilled and not shown */
            unsigned noptions;
            struct helder_node **options; /* borrowed pointers into the child list */
            unsigned nconstraints;
            struct helder_node **constraints; /* borrowed */
        } question;
        struct {
            char *value;
            helder_pos value_pos;
        } option;
        struct {
            helder_attr_expr test; /* constraint and rule */
        } constraint;
        struct {
            long min, max;
            helder_pos min_pos, max_pos;
            unsigned nslots; /* value slots in each item's frame */
            unsigned nitems; /* items a simplified form carries (the facts gave them) */
            helder_prefill_item *items;
        } repeat;
        struct {
            helder_attr_expr value;
        } computed;
    } u;
} helder_node;

#define HELDER_NODE_GENERATED 1u

struct helder_form {
    char *file; /* name used in diagnostics */
    char *id;
    char *version;
    helder_pos pos;
    unsigned nlangs;
    char *langs[HELDER_MAX_LANGS];
    helder_node *root; /* the HELDER_NODE_FORM node */

    /* Every node in document order; index matches node->index. */
    size_t nnodes;
    helder_node **nodes;

    /* Id lookup, used only while loading and by lint; a sorted array of (id, node). */
    size_t nids;
    struct helder_id_entry {
        const char *id;
        helder_node *node;
    } * ids;

    unsigned nslots;            /* top-level value slots */
    unsigned nrepeats;          /* top-level repeat slots */
    helder_node **slot_nodes;   /* top-level slot -> node */
    helder_node **repeat_nodes; /* repeat slot -> repeat node */

    /* Computed values in dependency order (a computed value after everything it reads). */
    size_t ncomputed;
    helder_node **computed_order;

    helder_provenance provenance; /* a simplified form's, else present is false */

    char *source; /* the raw bytes, kept for exact positions inside attributes */
    size_t source_len;

    struct helder_node_block *node_blocks; /* the nodes live here (model/load.c, node.c) */

    bool has_errors; /* load reported an error; only lint may use the model */
    bool has_cycle;  /* a cycle among computed values or conditions was found */
};

/* Look a node up by id (binary search over form->ids). NULL when absent. */
helder_node *helder_form_find(const helder_form *form, const char *id);

/* A zeroed node that form owns and frees with itself, for the loader; the caller links it. */
helder_node *helder_node_alloc(helder_form *form);

/* ---- iteration ---- */

typedef enum { HELDER_WALK_CONTINUE, HELDER_WALK_PRUNE, HELDER_WALK_ABORT } helder_walk_result;
typedef helder_walk_result (*helder_walk_fn)(helder_node *node, void *payload);
/* Pre-order walk from node; PRUNE skips the children, ABORT stops. Returns 1 when aborted. */
int helder_node_walk(helder_node *node, helder_walk_fn fn, void *payload);

/* ---- memory: out of memory aborts here, so no other code carries OOM paths ---- */
void *helder_xmalloc(size_t size);
void *helder_xcalloc(size_t count, size_t size);
void *helder_xrealloc(void *ptr, size_t size);
char *helder_xstrdup(const char *text);
char *helder_xstrndup(const char *text, size_t len);

/* ---- diagnostics ---- */

/* Rules, in one table (model/rules.def): id, kebab-case name, severity, summary. */
typedef enum {
#define HELDER_RULE(id, name, severity, summary) HELDER_RULE_##id,
#include "model/rules.def"
#undef HELDER_RULE
    HELDER_RULE__COUNT
} helder_rule;

const char *helder_rule_name(helder_rule rule);
helder_severity helder_rule_severity(helder_rule rule);
/* Find a rule by its kebab-case name; -1 when unknown. */
int helder_rule_lookup(const char *name);

/* Emit a diagnostic with the rule's own severity. fmt is printf-style. */
void helder_diagf(helder_diag_sink *sink, helder_rule rule, const char *file, helder_pos pos,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Same with an explicit severity (e.g. a schema error found while loading facts). */
void helder_diagf_sev(helder_diag_sink *sink, helder_rule rule, helder_severity severity,
                      const char *file, helder_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Position in the source file of column `col` (1-based, in characters of the decoded value)
 * inside an attribute value, following entity references and line breaks in the raw bytes. */
helder_pos helder_form_attr_pos(const struct helder_form *form, const helder_attr_expr *attr,
                                unsigned col);

/* ---- UTF-8 ---- */
/* Returns 1 when text[0..len) is valid UTF-8 (no overlongs, no surrogates), else 0;
 * *bad_offset gets the offset of the first bad byte. */
int helder_utf8_valid(const char *text, size_t len, size_t *bad_offset);
/* Number of code points in valid UTF-8. */
size_t helder_utf8_length(const char *text, size_t len);

/* ---- "did you mean" ---- */
#define HELDER_EDIT_DISTANCE_MAX 64
/* The Levenshtein distance of a[0..alen) and b[0..blen), in bytes; SIZE_MAX when either is
 * longer than HELDER_EDIT_DISTANCE_MAX bytes (too long to be a typo worth suggesting for). */
size_t helder_edit_distance(const char *a, size_t alen, const char *b, size_t blen);

/* ---- safe XML reading, shared by forms, facts and submissions ---- */
struct _xmlDoc;
typedef struct {
    size_t max_bytes;
    unsigned max_depth;
} helder_xml_limits;

/* Read a file into memory with a size cap. Returns 0, HELDER_EIO or HELDER_ETOOBIG; *out is the
 * caller's (free()). "-" reads stdin. */
int helder_read_file(char **out, size_t *out_len, const char *path, size_t max_bytes);
/* The same, with why it failed reported to sink at the path (input-too-large, file-unreadable). */
int helder_read_file_reported(char **out, size_t *out_len, const char *path, size_t max_bytes,
                              helder_diag_sink *sink);

/* A budget for work libxml2 and libxslt do on this thread (model/memory.c; helder_global_init
 * routes their allocator through it): live bytes, and CPU time, looked at every few hundred
 * allocations. Past either, over(arg) is called once, from inside the allocation, to stop the
 * work; the allocation itself succeeds. */
typedef struct {
    size_t limit;       /* live bytes; 0: no limit */
    double cpu_seconds; /* this thread's CPU time from helder_xml_budget_begin; 0: no limit */
    void (*over)(void *arg);
    void *arg;
    size_t used;         /* set by helder_xml_budget_begin */
    int exceeded;        /* the same: 0, or which limit was passed */
    unsigned calls;      /* the same */
    int64_t deadline_ns; /* the same */
} helder_xml_budget;

enum { HELDER_XML_OVER_MEMORY = 1, HELDER_XML_OVER_TIME = 2 };

void helder_xml_memory_setup(void);
/* Count libxml2's allocations on this thread against budget until helder_xml_budget_end. */
void helder_xml_budget_begin(helder_xml_budget *budget);
void helder_xml_budget_end(void);

/* Flags of helder_xml_parse. */
enum {
    /* Each element's _private holds the byte offset of the end of its start tag, plus one, so
     * that attribute positions can be found in the raw bytes (see helder_xml_attr_pos). */
    HELDER_XML_OFFSETS = 1,
    /* A document that is only read, never changed nor written back: whitespace-only text
     * between elements is dropped (XML_PARSE_NOBLANKS; text that is an element's only content
     * stays) and short texts are kept inside their nodes (XML_PARSE_COMPACT). */
    HELDER_XML_FORM = 2,
};

/* Parse bytes with SECURITY.md's settings: UTF-8 only, no DOCTYPE, no entities, no network,
 * depth limit. Errors go to sink (rule xml-malformed, xml-doctype, xml-encoding, xml-depth).
 * flags: HELDER_XML_* or'ed. Returns the document (caller frees with xmlFreeDoc) or NULL. */
struct _xmlDoc *helder_xml_parse(const char *buf, size_t len, const char *name,
                                 const helder_xml_limits *limits, unsigned flags,
                                 helder_diag_sink *sink);

/* The same safe parse without building a tree, for readers that keep only what they need. The
 * handlers return 0 to go on, non-zero to stop the parse. start gets the element's local name,
 * its namespace URI (NULL for none), nb_attributes groups of five pointers (local name, prefix,
 * URI, value, end of value; values are decoded and not NUL-terminated) and the byte offset just
 * past its start tag. text gets character data (CDATA included) in pieces. Returns 0 when the
 * document is well-formed, 1 when a handler stopped it, HELDER_EINVALID after reporting why it
 * was refused or malformed to sink. */
typedef struct {
    int (*start)(void *payload, const char *localname, const char *uri, int nb_attributes,
                 const char *const *attributes, size_t end_offset);
    int (*end)(void *payload);
    int (*text)(void *payload, const char *text, size_t len);
} helder_xml_sax;

int helder_xml_sax_parse(const char *buf, size_t len, const char *name,
                         const helder_xml_limits *limits, const helder_xml_sax *sax, void *payload,
                         helder_diag_sink *sink);

/* Line starts of a buffer, for turning byte offsets into line:col. */
typedef struct {
    const char *buf;
    size_t len;
    size_t nlines;
    size_t *starts;
    size_t *near; /* the line found last: lookups come mostly in document order */
} helder_lines;

void helder_lines_init(helder_lines *lines, const char *buf, size_t len);
void helder_lines_free(helder_lines *lines);
/* Position (line, column in characters) of byte offset. */
helder_pos helder_lines_pos(const helder_lines *lines, size_t offset);

struct _xmlNode;
/* Position of the first character of attribute `name`'s value in element `elem`, found in the
 * raw bytes; falls back to the element's line when offsets were not recorded. *offset (may be
 * NULL) gets the byte offset of that character, or SIZE_MAX when unknown. */
helder_pos helder_xml_attr_pos(const helder_lines *lines, const struct _xmlNode *elem,
                               const char *name, size_t *offset);
/* Position of an element's start tag. */
helder_pos helder_xml_elem_pos(const helder_lines *lines, const struct _xmlNode *elem);
/* Byte offsets of attribute values in elem's start tag, from one scan of the raw bytes:
 * offsets[i] is that of the i-th attribute of elem->properties. Returns how many were found
 * (at most max), fewer when the start tag and the tree disagree or offsets were not recorded:
 * the others are then to be found with helder_xml_attr_pos. */
size_t helder_xml_attr_offsets(const helder_lines *lines, const struct _xmlNode *elem,
                               size_t *offsets, size_t max);

#endif
