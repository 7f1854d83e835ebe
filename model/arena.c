/* The arena: many small allocations freed at once, for what one check result, one set of facts or
 * one compiled plan holds. Out of memory aborts in helder_xmalloc, as everywhere.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/arena.h"

struct helder_arena_chunk {
    helder_arena_chunk *next;
    size_t used, cap;
    max_align_t data[];
};

#define ARENA_CHUNK 16384u

void *helder_arena_alloc(helder_arena *arena, size_t size)
{
    helder_arena_chunk *chunk = arena->head;
    size_t align = sizeof(max_align_t);
    size = (size + align - 1) / align * align;
    if (!chunk || chunk->cap - chunk->used < size) {
        size_t cap = size > ARENA_CHUNK ? size : ARENA_CHUNK;
        chunk = helder_xmalloc(sizeof *chunk + cap);
        chunk->used = 0;
        chunk->cap = cap;
        /* A large block gets a chunk of its own behind the current one, so that the space left
         * in the current chunk is not wasted. */
        if (arena->head && size > ARENA_CHUNK) {
            chunk->next = arena->head->next;
            arena->head->next = chunk;
        } else {
            chunk->next = arena->head;
            arena->head = chunk;
        }
    }
    void *ptr = (char *)chunk->data + chunk->used;
    chunk->used += size;
    return ptr;
}

void *helder_arena_calloc(helder_arena *arena, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        helder_xmalloc(SIZE_MAX); /* aborts, as any impossible allocation does */
    void *ptr = helder_arena_alloc(arena, count * size);
    memset(ptr, 0, count * size);
    return ptr;
}

char *helder_arena_strndup(helder_arena *arena, const char *text, size_t len)
{
    char *copy = helder_arena_alloc(arena, len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    return copy;
}

void helder_arena_free(helder_arena *arena)
{
    helder_arena_chunk *chunk = arena->head;
    while (chunk) {
        helder_arena_chunk *next = chunk->next;
        free(chunk);
        chunk = next;
    }
    arena->head = NULL;
}
