/* libxml2's memory, counted per thread: helder_global_init routes libxml2's (and so libxslt's)
 * allocator through here, so that a designer's template, whose operations are limited but whose
 * strings and trees are not (concat($s, $s) in a recursion doubles with every call), can be
 * stopped at a budget of live bytes instead of taking all the memory there is. Nor is the cost
 * of one operation bounded (string(/) reads the whole document), so the budget also holds a
 * limit of CPU time, looked at from here: the work that takes time allocates.
 */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/xmlmemory.h>

#include "model/model.h"

/* The budget of the work under way on this thread, or NULL. */
static _Thread_local helder_xml_budget *budget;

/* Allocations between two looks at the clock: a look is a system call. */
#define CALLS_PER_LOOK 256

static int64_t thread_cpu_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

static void exceed(int why)
{
    if (budget->exceeded)
        return;
    budget->exceeded = why;
    if (budget->over)
        budget->over(budget->arg);
}

/* The size malloc really gave: what free gives back, so the two sides of the count agree. A
 * block allocated before the budget began and freed under it only lowers the count (to 0 at
 * least), which errs on the side of the template. */
static void charge(void *block)
{
    budget->used += malloc_usable_size(block);
    if (budget->limit && budget->used > budget->limit)
        exceed(HELDER_XML_OVER_MEMORY);
    if (budget->deadline_ns && ++budget->calls % CALLS_PER_LOOK == 0 &&
        thread_cpu_ns() > budget->deadline_ns)
        exceed(HELDER_XML_OVER_TIME);
}

static void refund(void *block)
{
    size_t size = malloc_usable_size(block);
    budget->used = budget->used > size ? budget->used - size : 0;
}

static void *counted_malloc(size_t size)
{
    void *block = malloc(size);
    if (block && budget)
        charge(block);
    return block;
}

static void *counted_realloc(void *block, size_t size)
{
    if (block && budget)
        refund(block);
    void *moved = realloc(block, size);
    if (budget) {
        if (moved)
            charge(moved);
        else if (block && size != 0)
            charge(block); /* it is still there (a size of 0 freed it) */
    }
    return moved;
}

static void counted_free(void *block)
{
    if (block && budget)
        refund(block);
    free(block);
}

static char *counted_strdup(const char *text)
{
    size_t len = strlen(text) + 1;
    char *copy = counted_malloc(len);
    if (copy)
        memcpy(copy, text, len);
    return copy;
}

void helder_xml_memory_setup(void)
{
    /* Plain malloc underneath, so a block libxml2 allocated before this (or after, with the
     * budget off) is freed the same way. */
    xmlMemSetup(counted_free, counted_malloc, counted_realloc, counted_strdup);
}

void helder_xml_budget_begin(helder_xml_budget *on)
{
    on->used = 0;
    on->exceeded = 0;
    on->calls = 0;
    on->deadline_ns = on->cpu_seconds > 0 ? thread_cpu_ns() + (int64_t)(on->cpu_seconds * 1e9) : 0;
    budget = on;
}

void helder_xml_budget_end(void)
{
    budget = NULL;
}
