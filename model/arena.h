/* An arena: allocations that live exactly as long as their owner (a check result, a set of
 * facts, a plan) and are freed at once with it (arena.c). A zeroed helder_arena is empty.
 */
#ifndef HELDER_MODEL_ARENA_H
#define HELDER_MODEL_ARENA_H

#include <stddef.h>

#include "model/model.h"

typedef struct helder_arena_chunk helder_arena_chunk;

typedef struct {
    helder_arena_chunk *head;
} helder_arena;

void *helder_arena_alloc(helder_arena *arena, size_t size);
void *helder_arena_calloc(helder_arena *arena, size_t count, size_t size);
char *helder_arena_strndup(helder_arena *arena, const char *text, size_t len);
void helder_arena_free(helder_arena *arena);

#endif
