/* Test support: a diagnostic sink that records every diagnostic for assertions. */
#ifndef HELDER_TESTS_CAPTURE_H
#define HELDER_TESTS_CAPTURE_H

#include <stddef.h>

#include "helder.h"

typedef struct {
    helder_severity severity;
    char rule[64];
    unsigned line, col;
    char message[512];
} capture_item;

typedef struct {
    capture_item items[256];
    size_t count;
    helder_diag_sink sink;
} capture;

void capture_init(capture *cap);
/* The first diagnostic with this rule, or NULL. */
const capture_item *capture_find(const capture *cap, const char *rule);
/* Number of diagnostics with this rule. */
size_t capture_count(const capture *cap, const char *rule);
/* All diagnostics as "line:col: severity: message [rule]" lines, for failure messages and golden
 * files. Returns a static buffer. */
const char *capture_text(const capture *cap);

#endif
