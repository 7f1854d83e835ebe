/* The driver for building a harness without libFuzzer: `make check` replays every corpus file
 * through it (files and directories as arguments), and AFL++ builds it with afl-clang-fast for a
 * persistent-mode main reading standard input. An input slower than HELDER_REPLAY_SECONDS (10)
 * is a failure, like libFuzzer's -timeout.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fuzz/fuzz.h"

typedef struct {
    unsigned passed, failed;
    double limit;
} replay_stats;

static unsigned char *read_all(FILE *in, size_t *out_len)
{
    size_t cap = 4096, len = 0;
    unsigned char *buf = malloc(cap);
    FUZZ_ASSERT(buf != NULL);
    for (;;) {
        size_t got = fread(buf + len, 1, cap - len, in);
        len += got;
        if (got == 0)
            break;
        if (len == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            FUZZ_ASSERT(buf != NULL);
        }
    }
    *out_len = len;
    return buf;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void replay_file(const char *path, replay_stats *stats)
{
    FILE *in = fopen(path, "rb");
    size_t len;
    unsigned char *data;
    double start, took;
    if (!in) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        stats->failed++;
        return;
    }
    data = read_all(in, &len);
    fclose(in);
    /* Named before it runs: if it crashes, the log's last line says which input did it. */
    printf("replay %s (%zu bytes)\n", path, len);
    fflush(stdout);
    start = now();
    LLVMFuzzerTestOneInput(data, len);
    took = now() - start;
    free(data);
    if (took > stats->limit) {
        printf("FAIL %s: took %.1f s, more than %.0f s\n", path, took, stats->limit);
        stats->failed++;
    } else {
        stats->passed++;
    }
}

static int skip_name(const struct dirent *entry)
{
    return entry->d_name[0] != '.';
}

static void replay_path(const char *path, replay_stats *stats)
{
    struct stat st;
    struct dirent **entries;
    int count;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        replay_file(path, stats);
        return;
    }
    /* Sorted, so that two runs replay in the same order. */
    count = scandir(path, &entries, skip_name, alphasort);
    if (count < 0) {
        fprintf(stderr, "replay: cannot list %s\n", path);
        stats->failed++;
        return;
    }
    for (int i = 0; i < count; i++) {
        size_t len = strlen(path) + strlen(entries[i]->d_name) + 2;
        char *child = malloc(len);
        FUZZ_ASSERT(child != NULL);
        snprintf(child, len, "%s/%s", path, entries[i]->d_name);
        replay_path(child, stats);
        free(child);
        free(entries[i]);
    }
    free(entries);
}

#ifdef __AFL_FUZZ_TESTCASE_LEN
__AFL_FUZZ_INIT();
#endif

int main(int argc, char **argv)
{
    replay_stats stats = {0, 0, 10.0};
    const char *limit = getenv("HELDER_REPLAY_SECONDS");
    if (limit && atof(limit) > 0)
        stats.limit = atof(limit);
    LLVMFuzzerInitialize(&argc, &argv);
#ifdef __AFL_FUZZ_TESTCASE_LEN
    if (argc < 2) {
        /* AFL++ persistent mode: the test case arrives in shared memory. */
        __AFL_INIT();
        const unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
        while (__AFL_LOOP(10000))
            LLVMFuzzerTestOneInput(buf, (size_t)__AFL_FUZZ_TESTCASE_LEN);
        return 0;
    }
#endif
    if (argc < 2) {
        size_t len;
        unsigned char *data = read_all(stdin, &len);
        LLVMFuzzerTestOneInput(data, len);
        free(data);
        return 0;
    }
    for (int i = 1; i < argc; i++)
        replay_path(argv[i], &stats);
    printf("replay: %u passed, %u failed\n", stats.passed, stats.failed);
    return stats.failed ? 1 : 0;
}
