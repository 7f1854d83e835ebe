/* Designer patterns (question pattern="…" and matches()): a PCRE2 wrapper with helder's limits.
 *
 * A pattern must match the whole answer (PCRE2_ANCHORED | PCRE2_ENDANCHORED, never a "^(?:…)$"
 * wrapper). Compiled patterns are read-only and may be shared between threads.
 */
#ifndef HELDER_MODEL_PATTERN_H
#define HELDER_MODEL_PATTERN_H

#include <stddef.h>

struct helder_pattern;

#define HELDER_PATTERN_MAX_LEN 1024 /* bytes of pattern source */
#define HELDER_PATTERN_MAX_NEST 32  /* nested parentheses */

/* helder_pattern_match results besides 1 (match) and 0 (no match). */
/* A match, depth or heap limit was hit: the answer could not be checked. */
#define HELDER_PATTERN_LIMIT (-10)
/* The subject is not valid UTF-8. */
#define HELDER_PATTERN_BADUTF (-11)

/* Compile src[0..len) into *out (caller frees with helder_pattern_free). Returns 0, or
 * HELDER_EINVALID with a one-line message in errbuf and the 1-based column (in characters) of
 * the problem inside the pattern in *err_col. Start-of-pattern items such as (*LIMIT_MATCH=…)
 * or (*NO_JIT) are refused. */
int helder_pattern_compile(struct helder_pattern **out, const char *src, size_t len, char *errbuf,
                           size_t errlen, unsigned *err_col);

/* Whether the whole of subject[0..len) matches: 1 yes, 0 no, HELDER_PATTERN_LIMIT or
 * HELDER_PATTERN_BADUTF. Thread-safe; allocates only inside PCRE2, freed before returning. */
int helder_pattern_match(const struct helder_pattern *pattern, const char *subject, size_t len);

/* The same compiled pattern for one more owner, who frees it with helder_pattern_free like the
 * first: the last call frees it. Owners are counted without locks: share and free a pattern in
 * the thread that owns its form (matching from any thread stays safe). */
struct helder_pattern *helder_pattern_share(struct helder_pattern *pattern);

/* Drops one owner's pattern; frees it with the last. NULL does nothing. */
void helder_pattern_free(struct helder_pattern *pattern);

/* A heuristic: 0 when src uses PCRE-only syntax that a JavaScript RegExp with the 'u' flag lacks
 * (possessive quantifiers, atomic groups, \A \Z \z \G \Q…\E \h \v \R \X \K, recursion,
 * conditionals, callouts, verbs, inline flags after the start, POSIX classes, …), else 1. */
int helder_pattern_browser_compatible(const char *src);

#endif
