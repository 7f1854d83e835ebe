/* Test support: records diagnostics in a fixed array so tests can assert on rule, line, column. */
#include <stdio.h>
#include <string.h>

#include "tests/support/capture.h"

static void collect(const helder_diag *diag, void *payload)
{
    capture *cap = payload;
    capture_item *item;
    if (cap->count == sizeof cap->items / sizeof cap->items[0])
        return;
    item = &cap->items[cap->count++];
    item->severity = diag->severity;
    snprintf(item->rule, sizeof item->rule, "%s", diag->rule);
    snprintf(item->message, sizeof item->message, "%s", diag->message);
    item->line = diag->line;
    item->col = diag->col;
}

void capture_init(capture *cap)
{
    memset(cap, 0, sizeof *cap);
    cap->sink.fn = collect;
    cap->sink.payload = cap;
}

const capture_item *capture_find(const capture *cap, const char *rule)
{
    for (size_t i = 0; i < cap->count; i++)
        if (strcmp(cap->items[i].rule, rule) == 0)
            return &cap->items[i];
    return NULL;
}

size_t capture_count(const capture *cap, const char *rule)
{
    size_t count = 0;
    for (size_t i = 0; i < cap->count; i++)
        count += strcmp(cap->items[i].rule, rule) == 0;
    return count;
}

const char *capture_text(const capture *cap)
{
    static const char *const severities[] = {"note", "warning", "error"};
    static char text[65536];
    size_t used = 0;
    text[0] = '\0';
    for (size_t i = 0; i < cap->count && used < sizeof text; i++) {
        const capture_item *item = &cap->items[i];
        used += (size_t)snprintf(text + used, sizeof text - used, "%u:%u: %s: %s [%s]\n",
                                 item->line, item->col, severities[item->severity], item->message,
                                 item->rule);
    }
    return text;
}
