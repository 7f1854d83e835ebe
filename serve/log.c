/* The access log: one line per request (client address, local time, method, the path with
 * personalised links and receipt keys left out, status, bytes, time taken, the reference of a
 * stored submission), the connections the head deadline cut, libmicrohttpd's own messages and the
 * stop. One lock, so lines from the server's threads never interleave.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "serve/http.h"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

double helder_serve_elapsed_ms(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) * 1e3 +
           (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

/* The path without what a log must not keep, the bearer secrets in it: a personal link's id
 * (/p/ID/...) and a receipt's key (/receipt/REF/KEY/...) become "…"; bytes a log line cannot hold
 * are %-escaped. */
static void log_path(char *out, size_t size, const char *path)
{
    const char *secret = NULL;
    size_t used = 0, secret_len = 0;
    if (strncmp(path, "/p/", 3) == 0) {
        secret = path + 3;
    } else if (strncmp(path, "/receipt/", 9) == 0) {
        const char *key = strchr(path + 9, '/');
        secret = key ? key + 1 : NULL;
    }
    if (secret)
        secret_len = strcspn(secret, "/");
    for (const char *at = path; *at && used + 8 < size; at++) {
        if (at == secret) {
            used += (size_t)snprintf(out + used, size - used, "\xE2\x80\xA6"); /* … */
            at += secret_len;
            if (!*at)
                break;
        }
        unsigned char c = (unsigned char)*at;
        if (c < 0x21 || c == '"' || c == '\\' || c >= 0x7f)
            used += (size_t)snprintf(out + used, size - used, "%%%02X", c);
        else
            out[used++] = (char)c;
    }
    out[used] = '\0';
}

void helder_serve_client_address(char out[INET6_ADDRSTRLEN], struct MHD_Connection *connection)
{
    const union MHD_ConnectionInfo *info =
        connection ? MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS) : NULL;
    snprintf(out, INET6_ADDRSTRLEN, "-");
    if (info && info->client_addr) {
        const struct sockaddr *sa = info->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                      INET6_ADDRSTRLEN);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                      INET6_ADDRSTRLEN);
    }
}

static void log_time(char when[40])
{
    time_t now = time(NULL);
    struct tm local;
    localtime_r(&now, &local);
    strftime(when, 40, "%Y-%m-%dT%H:%M:%S%z", &local);
}

void helder_serve_log_request(FILE *log, struct MHD_Connection *connection, const char *method,
                              const char *path, unsigned status, size_t sent,
                              const struct timespec *start, const char *reference)
{
    char address[INET6_ADDRSTRLEN], when[40], logged[512];
    if (!log)
        return;
    helder_serve_client_address(address, connection);
    log_time(when);
    log_path(logged, sizeof logged, path ? path : "-");
    pthread_mutex_lock(&log_lock);
    if (status)
        fprintf(log, "%s %s \"%s %s\" %u %zu %.1fms%s%s\n", address, when, method, logged, status,
                sent, helder_serve_elapsed_ms(start), reference[0] ? " ref=" : "", reference);
    else
        fprintf(log, "%s %s \"%s %s\" - 0 %.1fms (closed by the server's limits)\n", address, when,
                method, logged, helder_serve_elapsed_ms(start));
    fflush(log);
    pthread_mutex_unlock(&log_lock);
}

void helder_serve_log_cut(FILE *log, char (*address)[INET6_ADDRSTRLEN], size_t count,
                          unsigned seconds)
{
    /* no byte the client sent is written, only its address */
    if (log) {
        char when[40];
        log_time(when);
        pthread_mutex_lock(&log_lock);
        for (size_t i = 0; i < count; i++)
            fprintf(log,
                    "%s %s \"- -\" - 0 (request head not complete in %u s: connection "
                    "cut)\n",
                    address[i], when, seconds);
        fflush(log);
        pthread_mutex_unlock(&log_lock);
    }
}

void helder_serve_log_mhd(void *cls, const char *fmt, va_list ap)
{
    helder_serve_server *server = cls;
    if (!server->log)
        return;
    pthread_mutex_lock(&log_lock);
    fputs("libmicrohttpd: ", server->log);
    vfprintf(server->log, fmt, ap);
    fflush(server->log);
    pthread_mutex_unlock(&log_lock);
}

void helder_serve_log_stopped(FILE *log, int sig)
{
    if (log) {
        pthread_mutex_lock(&log_lock);
        fprintf(log, "helder serve: stopped (signal %d)\n", sig);
        fflush(log);
        pthread_mutex_unlock(&log_lock);
    }
}
