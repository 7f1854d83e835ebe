/* The outbox: accepted submissions in a Maildir that an intake pipeline consumes from new/. Each
 * entry is written to tmp/, synced to disk, linked into new/ (never over an entry there) and new/
 * is synced before anyone is told it was received, so nothing acknowledged is lost when the server
 * or the machine stops. Group commit: a committer takes every entry waiting, writes them all, syncs
 * them with one syncfs(2) (one journal commit and one cache flush, where an fdatasync per file
 * costs a commit each), moves them all and syncs new/ once. Two committers take turns, so one batch
 * fills while the other is on its way to disk.
 */
#define _GNU_SOURCE /* syncfs */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "model/model.h"
#include "serve/serve.h"

#define READ_MAX (4u << 20)
#define BATCH_MAX 256

typedef struct entry {
    struct entry *next;
    char reference[24];
    char *submission, *receipt;
    size_t submission_len, receipt_len;
    helder_serve_outbox_fn done;
    void *payload;
    int status; /* while committing: 0 so far, or HELDER_EIO */
    int fds[2]; /* receipt, submission in tmp/, open until synced */
    char names[2][40];
} entry;

struct helder_serve_outbox {
    char *dir;
    int tmp_fd, new_fd, cur_fd;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    entry *head, *tail;
    int stopping;
    unsigned nwriters;
    pthread_t *writers;
};

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* tmp/name holds data (not yet synced); the file stays open. Returns the descriptor or -1. */
static int write_tmp(const helder_serve_outbox *outbox, const char *name, const char *data,
                     size_t len)
{
    int fd = openat(outbox->tmp_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0)
        return -1;
    if (write_all(fd, data, len) != 0) {
        close(fd);
        unlinkat(outbox->tmp_fd, name, 0);
        return -1;
    }
    return fd;
}

static void free_entry(entry *item)
{
    free(item->submission);
    free(item->receipt);
    free(item);
}

static void discard(const helder_serve_outbox *outbox, entry *item)
{
    for (int f = 0; f < 2; f++) {
        if (item->fds[f] >= 0) {
            close(item->fds[f]);
            item->fds[f] = -1;
        }
        if (item->names[f][0])
            unlinkat(outbox->tmp_fd, item->names[f], 0);
    }
    item->status = HELDER_EIO;
}

/* tmp/name into new/name, never over an entry already there: link(2) fails on an existing name
 * where rename(2) would silently replace a submission someone was told was received. */
static int publish(const helder_serve_outbox *outbox, const char *name)
{
    if (linkat(outbox->tmp_fd, name, outbox->new_fd, name, 0) != 0)
        return -1;
    unlinkat(outbox->tmp_fd, name, 0);
    return 0;
}

/* One batch, all the way to disk; then every entry's callback. */
static void commit(helder_serve_outbox *outbox, entry *batch)
{
    int any = 0;
    for (entry *item = batch; item; item = item->next) {
        const char *data[2] = {item->receipt, item->submission};
        size_t len[2] = {item->receipt_len, item->submission_len};
        item->status = HELDER_OK;
        item->fds[0] = item->fds[1] = -1;
        snprintf(item->names[0], sizeof item->names[0], "%s.receipt", item->reference);
        snprintf(item->names[1], sizeof item->names[1], "%s.xml", item->reference);
        for (int f = 0; f < 2 && item->status == HELDER_OK; f++) {
            item->fds[f] = write_tmp(outbox, item->names[f], data[f], len[f]);
            if (item->fds[f] < 0) {
                item->names[f][0] = '\0';
                discard(outbox, item);
            }
        }
        any |= item->status == HELDER_OK;
    }
    /* the data and the new inodes on disk: one syncfs, or a sync per file where it fails */
    if (any && syncfs(outbox->tmp_fd) != 0) {
        for (entry *item = batch; item; item = item->next)
            if (item->status == HELDER_OK &&
                (fdatasync(item->fds[0]) != 0 || fdatasync(item->fds[1]) != 0))
                discard(outbox, item);
    }
    for (entry *item = batch; item; item = item->next) {
        if (item->status != HELDER_OK)
            continue;
        int closed = close(item->fds[0]) == 0;
        closed = close(item->fds[1]) == 0 && closed;
        item->fds[0] = item->fds[1] = -1;
        /* the receipt first: a submission in new/ always has its receipt beside it */
        if (!closed || publish(outbox, item->names[0]) != 0) {
            discard(outbox, item);
        } else if (publish(outbox, item->names[1]) != 0) {
            unlinkat(outbox->new_fd, item->names[0], 0);
            discard(outbox, item);
        }
    }
    /* the moves on disk */
    int renamed_synced = fsync(outbox->new_fd) == 0;
    while (batch) {
        entry *next = batch->next;
        batch->done(batch->status == HELDER_OK && renamed_synced ? HELDER_OK : HELDER_EIO,
                    batch->payload);
        free_entry(batch);
        batch = next;
    }
}

static void *writer(void *arg)
{
    helder_serve_outbox *outbox = arg;
    for (;;) {
        pthread_mutex_lock(&outbox->lock);
        while (!outbox->head && !outbox->stopping)
            pthread_cond_wait(&outbox->wake, &outbox->lock);
        /* everything waiting, up to a batch */
        entry *batch = outbox->head, *last = batch;
        for (unsigned n = 1; last && last->next && n < BATCH_MAX; n++)
            last = last->next;
        if (batch) {
            outbox->head = last->next;
            if (!outbox->head)
                outbox->tail = NULL;
            last->next = NULL;
        }
        pthread_mutex_unlock(&outbox->lock);
        if (!batch)
            return NULL; /* stopping, and nothing left */
        commit(outbox, batch);
    }
}

static int open_dir(int parent, const char *name)
{
    if (mkdirat(parent, name, 0750) != 0 && errno != EEXIST)
        return -1;
    return openat(parent, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

int helder_serve_outbox_open(helder_serve_outbox **out, const char *dir, unsigned writers)
{
    helder_serve_outbox *outbox;
    int root;
    *out = NULL;
    if (mkdir(dir, 0750) != 0 && errno != EEXIST)
        return HELDER_EIO;
    root = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root < 0)
        return HELDER_EIO;
    outbox = helder_xcalloc(1, sizeof *outbox);
    outbox->tmp_fd = open_dir(root, "tmp");
    outbox->new_fd = open_dir(root, "new");
    outbox->cur_fd = open_dir(root, "cur");
    int ok = outbox->tmp_fd >= 0 && outbox->new_fd >= 0 && outbox->cur_fd >= 0 &&
             fsync(root) == 0 && faccessat(root, "new", W_OK, 0) == 0 &&
             faccessat(root, "tmp", W_OK, 0) == 0;
    close(root);
    if (!ok) {
        if (outbox->tmp_fd >= 0)
            close(outbox->tmp_fd);
        if (outbox->new_fd >= 0)
            close(outbox->new_fd);
        if (outbox->cur_fd >= 0)
            close(outbox->cur_fd);
        free(outbox);
        return HELDER_EIO;
    }
    outbox->dir = helder_xstrdup(dir);
    pthread_mutex_init(&outbox->lock, NULL);
    pthread_cond_init(&outbox->wake, NULL);
    outbox->nwriters = writers ? writers : 2;
    outbox->writers = helder_xcalloc(outbox->nwriters, sizeof *outbox->writers);
    for (unsigned i = 0; i < outbox->nwriters; i++)
        if (pthread_create(&outbox->writers[i], NULL, writer, outbox) != 0)
            helder_xmalloc(SIZE_MAX); /* no thread: as out of memory */
    *out = outbox;
    return HELDER_OK;
}

void helder_serve_outbox_close(helder_serve_outbox *outbox)
{
    if (!outbox)
        return;
    pthread_mutex_lock(&outbox->lock);
    outbox->stopping = 1;
    pthread_cond_broadcast(&outbox->wake);
    pthread_mutex_unlock(&outbox->lock);
    for (unsigned i = 0; i < outbox->nwriters; i++)
        pthread_join(outbox->writers[i], NULL);
    close(outbox->tmp_fd);
    close(outbox->new_fd);
    close(outbox->cur_fd);
    pthread_mutex_destroy(&outbox->lock);
    pthread_cond_destroy(&outbox->wake);
    free(outbox->writers);
    free(outbox->dir);
    free(outbox);
}

void helder_serve_outbox_submit(helder_serve_outbox *outbox, const char *reference,
                                char *submission, size_t submission_len, char *receipt,
                                size_t receipt_len, helder_serve_outbox_fn done, void *payload)
{
    entry *item = helder_xcalloc(1, sizeof *item);
    snprintf(item->reference, sizeof item->reference, "%s", reference);
    item->submission = submission;
    item->submission_len = submission_len;
    item->receipt = receipt;
    item->receipt_len = receipt_len;
    item->done = done;
    item->payload = payload;
    pthread_mutex_lock(&outbox->lock);
    if (outbox->tail)
        outbox->tail->next = item;
    else
        outbox->head = item;
    outbox->tail = item;
    pthread_cond_signal(&outbox->wake);
    pthread_mutex_unlock(&outbox->lock);
}

typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t done;
    int finished, status;
} waiter;

static void wake_waiter(int status, void *payload)
{
    waiter *wait = payload;
    pthread_mutex_lock(&wait->lock);
    wait->status = status;
    wait->finished = 1;
    pthread_cond_signal(&wait->done);
    pthread_mutex_unlock(&wait->lock);
}

int helder_serve_outbox_store(helder_serve_outbox *outbox, const char *reference, char *submission,
                              size_t submission_len, char *receipt, size_t receipt_len)
{
    waiter wait = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
    helder_serve_outbox_submit(outbox, reference, submission, submission_len, receipt, receipt_len,
                               wake_waiter, &wait);
    pthread_mutex_lock(&wait.lock);
    while (!wait.finished)
        pthread_cond_wait(&wait.done, &wait.lock);
    pthread_mutex_unlock(&wait.lock);
    pthread_mutex_destroy(&wait.lock);
    pthread_cond_destroy(&wait.done);
    return wait.status;
}

int helder_serve_outbox_read(char **out, size_t *out_len, const helder_serve_outbox *outbox,
                             const char *reference)
{
    static const char *const folders[] = {"new", "cur"};
    *out = NULL;
    *out_len = 0;
    if (!helder_serve_reference_valid(reference))
        return HELDER_EIO;
    for (size_t i = 0; i < sizeof folders / sizeof folders[0]; i++) {
        size_t plen = strlen(outbox->dir) + strlen(reference) + 16;
        char *path = helder_xmalloc(plen);
        snprintf(path, plen, "%s/%s/%s.xml", outbox->dir, folders[i], reference);
        int rc = helder_read_file(out, out_len, path, READ_MAX);
        free(path);
        if (rc == HELDER_OK)
            return HELDER_OK;
    }
    return HELDER_EIO;
}

/* Crockford's base32: no I, L, O or U, so a reference read aloud or retyped stays itself. */
static const char ref_chars[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void helder_serve_reference_new(char out[24])
{
    unsigned char raw[12];
    time_t now = time(NULL);
    struct tm day;
    gmtime_r(&now, &day);
    helder_serve_random(raw, sizeof raw);
    size_t used = strftime(out, 24, "H%y%m%d-", &day);
    for (size_t i = 0; i < sizeof raw; i++)
        out[used++] = ref_chars[raw[i] & 31];
    out[used] = '\0';
}

int helder_serve_reference_valid(const char *text)
{
    size_t len = strlen(text);
    if (len != 20 || text[0] != 'H' || text[7] != '-')
        return 0;
    for (size_t i = 1; i < len; i++) {
        if (i == 7)
            continue;
        if (i < 7 ? !(text[i] >= '0' && text[i] <= '9') : !strchr(ref_chars, text[i]))
            return 0;
    }
    return 1;
}
