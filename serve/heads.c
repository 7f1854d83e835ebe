/* The head deadline: each connection whose request head (request line and headers) is under way
 * is listed with the time that head began, and a watchdog thread shuts down the socket of one
 * still listed after --head-timeout seconds. server.c tells it when a connection opens and
 * closes, when a head is complete and when a response has been sent.
 */
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "model/model.h"
#include "serve/http.h"

/* libmicrohttpd 0.9.75's timeout measures idleness only: a client that trickles a header byte
 * every few seconds keeps its connection, and a place under --max-connections, forever. So each
 * connection whose request head (request line and headers) is under way is listed here with the
 * time that head began: when the connection opened, or when the previous response on it was sent
 * (NOTIFY_COMPLETED). The handler's first call for a request (the head is complete) takes it off.
 * A watchdog thread shuts down the socket of a connection still listed after --head-timeout
 * seconds; libmicrohttpd sees the peer gone and closes and frees the connection itself.
 *
 * shutdown(), never close(): the descriptor is libmicrohttpd's. It notifies
 * MHD_CONNECTION_NOTIFY_CLOSED before it closes the socket (MHD_cleanup_connections: the
 * notification, then EPOLL_CTL_DEL, then close, on the connection's own thread), and that
 * notification takes the entry off the list under the same lock the watchdog holds while it shuts
 * sockets down, so a descriptor that was closed and reused for another connection is never hit.
 *
 * An entry always goes on at the tail with the current time, so the list is in order of deadline
 * and the watchdog looks at its front only. */

typedef struct head_watch head_watch;
struct head_watch {
    head_watch *prev, *next;
    int listed; /* on the list: a head is under way */
    int cut;    /* shut down by the watchdog: never listed again */
    MHD_socket fd;
    struct timespec since; /* when the head under way began */
    char address[INET6_ADDRSTRLEN];
};

static pthread_mutex_t heads_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t heads_wake; /* on CLOCK_MONOTONIC: set up by helder_serve_heads_init */
static head_watch *heads_first, *heads_last;
static unsigned heads_seconds;
static int heads_stop;
/* the main thread's alone: */
static pthread_t watchdog;
static int watchdog_started;

/* Both with heads_lock held. */
static void heads_unlink(head_watch *w)
{
    if (!w->listed)
        return;
    if (w->prev)
        w->prev->next = w->next;
    else
        heads_first = w->next;
    if (w->next)
        w->next->prev = w->prev;
    else
        heads_last = w->prev;
    w->prev = w->next = NULL;
    w->listed = 0;
}

static void heads_append(head_watch *w)
{
    heads_unlink(w);
    clock_gettime(CLOCK_MONOTONIC, &w->since);
    w->prev = heads_last;
    if (heads_last)
        heads_last->next = w;
    else
        heads_first = w;
    heads_last = w;
    w->listed = 1;
    if (heads_first == w)
        pthread_cond_signal(&heads_wake); /* the watchdog had nothing to wait for */
}

void helder_serve_heads_connected(struct MHD_Connection *connection, void **socket_context)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (!info)
        return; /* not watched; libmicrohttpd's idle timeout still applies */
    head_watch *w = helder_xcalloc(1, sizeof *w);
    w->fd = info->connect_fd;
    helder_serve_client_address(w->address, connection);
    pthread_mutex_lock(&heads_lock);
    heads_append(w);
    pthread_mutex_unlock(&heads_lock);
    *socket_context = w;
}

void helder_serve_heads_closed(void **socket_context)
{
    head_watch *w = *socket_context;
    if (!w)
        return;
    pthread_mutex_lock(&heads_lock);
    heads_unlink(w);
    pthread_mutex_unlock(&heads_lock);
    free(w);
    *socket_context = NULL;
}

static head_watch *watch_of(struct MHD_Connection *connection)
{
    const union MHD_ConnectionInfo *info =
        connection ? MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT) : NULL;
    return info ? info->socket_context : NULL;
}

void helder_serve_heads_complete(struct MHD_Connection *connection)
{
    head_watch *w = watch_of(connection);
    if (!w)
        return;
    pthread_mutex_lock(&heads_lock);
    heads_unlink(w);
    pthread_mutex_unlock(&heads_lock);
}

void helder_serve_heads_restart(struct MHD_Connection *connection)
{
    head_watch *w = watch_of(connection);
    if (!w)
        return;
    pthread_mutex_lock(&heads_lock);
    if (!w->cut)
        heads_append(w);
    pthread_mutex_unlock(&heads_lock);
}

static int head_due(const head_watch *w, const struct timespec *now)
{
    return now->tv_sec - w->since.tv_sec > (time_t)heads_seconds ||
           (now->tv_sec - w->since.tv_sec == (time_t)heads_seconds &&
            now->tv_nsec >= w->since.tv_nsec);
}

static void *head_watchdog(void *arg)
{
    FILE *log = arg;
    char cut[16][INET6_ADDRSTRLEN];
    pthread_mutex_lock(&heads_lock);
    while (!heads_stop) {
        struct timespec now;
        size_t ncut = 0;
        clock_gettime(CLOCK_MONOTONIC, &now);
        while (heads_first && ncut < sizeof cut / sizeof cut[0] && head_due(heads_first, &now)) {
            head_watch *w = heads_first;
            shutdown(w->fd, SHUT_RDWR);
            w->cut = 1;
            memcpy(cut[ncut++], w->address, sizeof w->address);
            heads_unlink(w);
        }
        if (ncut > 0) {
            /* logged without the lock, so a slow log never holds up libmicrohttpd's threads */
            pthread_mutex_unlock(&heads_lock);
            helder_serve_log_cut(log, cut, ncut, heads_seconds);
            pthread_mutex_lock(&heads_lock);
            continue;
        }
        if (heads_first) {
            struct timespec deadline = heads_first->since;
            deadline.tv_sec += (time_t)heads_seconds;
            pthread_cond_timedwait(&heads_wake, &heads_lock, &deadline);
        } else {
            pthread_cond_wait(&heads_wake, &heads_lock);
        }
    }
    pthread_mutex_unlock(&heads_lock);
    return NULL;
}

void helder_serve_heads_init(unsigned seconds)
{
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&heads_wake, &attr);
    pthread_condattr_destroy(&attr);
    heads_seconds = seconds;
    heads_stop = 0;
}

int helder_serve_heads_start(FILE *log)
{
    if (pthread_create(&watchdog, NULL, head_watchdog, log) != 0)
        return -1;
    watchdog_started = 1;
    return 0;
}

void helder_serve_heads_stop(void)
{
    if (watchdog_started) {
        pthread_mutex_lock(&heads_lock);
        heads_stop = 1;
        pthread_cond_signal(&heads_wake);
        pthread_mutex_unlock(&heads_lock);
        pthread_join(watchdog, NULL);
        watchdog_started = 0;
    }
    pthread_cond_destroy(&heads_wake);
}
