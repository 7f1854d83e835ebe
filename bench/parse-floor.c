/* parse-floor FILE: the floor lint is measured against. Reads the file and parses it once with
 * libxml2's xmlReadMemory (XML_PARSE_NONET | XML_PARSE_NOCDATA), then frees the tree: the least
 * any XML tool must do with the same bytes, as one whole process, so that hyperfine can time it
 * beside `helder lint FILE`. Exit status: 0 parsed, 1 not well-formed, 2 usage, 3 unreadable.
 */
#include <stdio.h>
#include <stdlib.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

/* The whole file in one buffer; caller frees. NULL when it cannot be read. */
static char *read_all(const char *path, size_t *out_len)
{
    FILE *file = fopen(path, "rb");
    size_t cap = 1 << 16, len = 0, got;
    char *buf;
    if (!file)
        return NULL;
    buf = malloc(cap);
    while (buf && (got = fread(buf + len, 1, cap - len, file)) > 0) {
        len += got;
        if (len == cap) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    if (ferror(file)) {
        free(buf);
        buf = NULL;
    }
    fclose(file);
    *out_len = len;
    return buf;
}

int main(int argc, char **argv)
{
    size_t len = 0;
    char *buf;
    xmlDocPtr doc;
    if (argc != 2) {
        fprintf(stderr, "usage: parse-floor FILE\n");
        return 2;
    }
    buf = read_all(argv[1], &len);
    if (!buf) {
        perror(argv[1]);
        return 3;
    }
    doc = xmlReadMemory(buf, (int)len, argv[1], NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA);
    free(buf);
    if (!doc)
        return 1;
    xmlFreeDoc(doc);
    xmlCleanupParser();
    return 0;
}
