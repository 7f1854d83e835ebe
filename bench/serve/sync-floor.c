/* The disk's floor for the outbox: what `helder serve` does for accepted applications, without
 * HTTP or check: batches of BATCH (two small files each written to tmp/, one syncfs, renames into
 * new/, one fsync of new/) on THREADS committers. Prints stores per second.
 * Usage: sync-floor DIR THREADS SECONDS BATCH */
#define _GNU_SOURCE /* syncfs */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *root;
static double seconds;
static long batch = 64;
static char submission[2600], receipt[220];

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int put(int dir, const char *name, const char *data, size_t len)
{
    int fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL, 0640);
    if (fd < 0)
        return -1;
    int ok = write(fd, data, len) == (ssize_t)len;
    return close(fd) == 0 && ok ? 0 : -1;
}

static void *run(void *arg)
{
    long id = (long)arg, count = 0;
    char path[512], a[64], b[64];
    snprintf(path, sizeof path, "%s/tmp", root);
    int tmp = open(path, O_RDONLY | O_DIRECTORY);
    snprintf(path, sizeof path, "%s/new", root);
    int new_dir = open(path, O_RDONLY | O_DIRECTORY);
    double end = now() + seconds;
    while (now() < end) {
        for (long i = 0; i < batch; i++) {
            snprintf(a, sizeof a, "%ld-%ld.receipt", id, count + i);
            snprintf(b, sizeof b, "%ld-%ld.xml", id, count + i);
            if (put(tmp, a, receipt, sizeof receipt) || put(tmp, b, submission, sizeof submission))
                return (void *)count;
        }
        if (syncfs(tmp) != 0)
            break;
        for (long i = 0; i < batch; i++) {
            snprintf(a, sizeof a, "%ld-%ld.receipt", id, count + i);
            snprintf(b, sizeof b, "%ld-%ld.xml", id, count + i);
            if (renameat(tmp, a, new_dir, a) || renameat(tmp, b, new_dir, b))
                return (void *)count;
        }
        if (fsync(new_dir) != 0)
            break;
        count += batch;
    }
    close(tmp);
    close(new_dir);
    return (void *)count;
}

int main(int argc, char **argv)
{
    if (argc != 5)
        return 2;
    batch = atol(argv[4]);
    root = argv[1];
    long threads = atol(argv[2]);
    seconds = atof(argv[3]);
    char path[512];
    memset(submission, 'x', sizeof submission);
    memset(receipt, 'r', sizeof receipt);
    mkdir(root, 0750);
    snprintf(path, sizeof path, "%s/tmp", root);
    mkdir(path, 0750);
    snprintf(path, sizeof path, "%s/new", root);
    mkdir(path, 0750);
    pthread_t *tids = calloc((size_t)threads, sizeof *tids);
    double start = now();
    for (long t = 0; t < threads; t++)
        pthread_create(&tids[t], NULL, run, (void *)t);
    long total = 0;
    for (long t = 0; t < threads; t++) {
        void *count;
        pthread_join(tids[t], &count);
        total += (long)count;
    }
    printf("%.0f\n", (double)total / (now() - start));
    free(tids);
    return 0;
}
