/* Shared pieces of the fuzz harnesses: a diagnostic sink that checks every diagnostic's contract,
 * reading the shipped forms once, and picking the form a submission names. Header-only (static
 * functions) so that each harness stays one file that libFuzzer, AFL++ and the replay driver
 * (fuzz/replay.c) can all build.
 */
#ifndef HELDER_FUZZ_FUZZ_H
#define HELDER_FUZZ_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helder.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stops the run loudly: a broken contract is a finding like a sanitizer report. */
#define FUZZ_ASSERT(cond)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: fuzz assertion failed: %s\n", __FILE__, __LINE__, #cond);      \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* Every diagnostic: a known severity, a kebab-case rule, one line of message, all strings
 * readable (ASan catches a dangling one here). */
static inline void fuzz_check_diag(const helder_diag *diag, void *payload)
{
    (void)payload;
    FUZZ_ASSERT(diag->severity >= HELDER_SEVERITY_NOTE && diag->severity <= HELDER_SEVERITY_ERROR);
    FUZZ_ASSERT(diag->rule && diag->rule[0]);
    for (const char *at = diag->rule; *at; at++)
        FUZZ_ASSERT((*at >= 'a' && *at <= 'z') || (*at >= '0' && *at <= '9') || *at == '-');
    FUZZ_ASSERT(diag->message && diag->message[0]);
    FUZZ_ASSERT(strchr(diag->message, '\n') == NULL);
    FUZZ_ASSERT(diag->file != NULL);
    (void)strlen(diag->file);
}

static inline helder_diag_sink fuzz_sink(void)
{
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(fuzz_check_diag, NULL);
    return sink;
}

/* The repository root: $HELDER_FUZZ_ROOT, else the working directory (fuzz/run and make check
 * run from the root). */
static inline char *fuzz_path(const char *relative)
{
    const char *root = getenv("HELDER_FUZZ_ROOT");
    size_t len;
    char *path;
    if (!root || !root[0])
        root = ".";
    len = strlen(root) + strlen(relative) + 2;
    path = malloc(len);
    FUZZ_ASSERT(path != NULL);
    snprintf(path, len, "%s/%s", root, relative);
    return path;
}

/* The shipped forms every harness that needs one checks against; loaded once per process. */
#define FUZZ_NFORMS 3
static const char *const fuzz_form_ids[FUZZ_NFORMS] = {"partner", "study", "naturalisation"};

static inline helder_form *fuzz_load_shipped(unsigned index)
{
    char relative[64];
    helder_form *form = NULL;
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(NULL, NULL);
    snprintf(relative, sizeof relative, "forms/%s/form.xml", fuzz_form_ids[index]);
    char *path = fuzz_path(relative);
    if (helder_form_load_file(&form, path, NULL, &sink) != HELDER_OK) {
        fprintf(stderr,
                "fuzz: cannot load %s (run from the repository root or set "
                "HELDER_FUZZ_ROOT)\n",
                path);
        exit(2);
    }
    free(path);
    return form;
}

/* The index of the shipped form named right after `key` and ended by `end`, or by the end of
 * the input when end_of_input_ends (form="study" in a submission, _form=study& in a posted
 * body), searched in the first `limit` bytes; -1 when the bytes name none. A plain byte search:
 * the harness must not depend on the parser it tests. */
static inline int fuzz_find_form(const uint8_t *data, size_t size, const char *key, char end,
                                 int end_of_input_ends, size_t limit)
{
    size_t key_len = strlen(key);
    for (size_t at = 0; at + key_len < size && at < limit; at++) {
        if (memcmp(data + at, key, key_len) != 0)
            continue;
        for (unsigned i = 0; i < FUZZ_NFORMS; i++) {
            size_t id_len = strlen(fuzz_form_ids[i]);
            size_t after = at + key_len + id_len;
            if (after > size || memcmp(data + at + key_len, fuzz_form_ids[i], id_len) != 0)
                continue;
            if (after == size ? end_of_input_ends : data[after] == end)
                return (int)i;
        }
    }
    return -1;
}

/* The index of the shipped form a submission names in its form="…" attribute; 0 when none. */
static inline unsigned fuzz_pick_form(const uint8_t *data, size_t size)
{
    int index = fuzz_find_form(data, size, "form=\"", '"', 0, 512);
    return index < 0 ? 0 : (unsigned)index;
}

/* 1 when the bytes mention the namespace, to route one corpus of forms and submissions. */
static inline int fuzz_mentions(const uint8_t *data, size_t size, const char *text)
{
    size_t len = strlen(text);
    for (size_t at = 0; at + len <= size; at++)
        if (memcmp(data + at, text, len) == 0)
            return 1;
    return 0;
}

#endif
