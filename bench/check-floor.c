/* check-floor: the floor `helder check --stream` is measured against. Reads NUL-separated
 * submissions from standard input exactly as helder does (64 KiB reads, one record copied out at a
 * time) and parses each once with libxml2's xmlReadMemory (XML_PARSE_NONET | XML_PARSE_NOCDATA),
 * then frees the tree: the least any XML tool must do with the same bytes, in one process.
 * Prints the number of records parsed and of those not well-formed to stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

static void parse_record(const char *buf, size_t len, size_t *records, size_t *bad)
{
    if (len == 0)
        return;
    char *copy = malloc(len);
    if (!copy)
        abort();
    memcpy(copy, buf, len);
    xmlDocPtr doc =
        xmlReadMemory(copy, (int)len, "record", NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA);
    (*records)++;
    if (!doc)
        (*bad)++;
    xmlFreeDoc(doc);
    free(copy);
}

int main(void)
{
    size_t cap = 1u << 16, len = 0, pos = 0, records = 0, bad = 0;
    char *buf = malloc(cap);
    xmlInitParser();
    for (;;) {
        char *nul;
        while (pos < len && (nul = memchr(buf + pos, '\0', len - pos)) != NULL) {
            parse_record(buf + pos, (size_t)(nul - (buf + pos)), &records, &bad);
            pos = (size_t)(nul - buf) + 1;
        }
        memmove(buf, buf + pos, len - pos);
        len -= pos;
        pos = 0;
        if (len == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            if (!buf)
                abort();
        }
        ssize_t got = read(STDIN_FILENO, buf + len, cap - len);
        if (got <= 0)
            break;
        len += (size_t)got;
    }
    parse_record(buf, len, &records, &bad);
    fprintf(stderr, "check-floor: %zu records, %zu not well-formed\n", records, bad);
    free(buf);
    xmlCleanupParser();
    return 0;
}
