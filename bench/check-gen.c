/* check-gen: synthetic forms and submissions for bench/check-bench, with the grammar and rules a
 * pipeline would otherwise use for the same form (xmllint --relaxng R --schematron S).
 *
 *   check-gen form N            the form: N questions (shared/PEERS.md's synthetic forms)
 *   check-gen rng N             RELAX NG for its submissions: ids, types, options, ranges
 *   check-gen sch N             ISO Schematron: required-when-relevant, not-relevant answers,
 *                               max="today()", multichoice counts, duplicate answers
 *   check-gen subs N COUNT DIR  COUNT submissions into DIR/NNNNNN.xml, about 70% valid
 *
 * Deterministic (fixed seeds). Sections of 10 questions; text, date, integer, yes/no, choice,
 * multichoice and email (with a pattern) in the proportions 20:15:15:20:15:10:5; 70% required;
 * 30% with a `when` on an earlier yes/no, choice or integer answer; labels in Dutch and English.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { T_TEXT, T_DATE, T_INTEGER, T_YESNO, T_CHOICE, T_MULTI, T_EMAIL } qtype;

static const char *const type_names[] = {"text",   "date",        "integer", "yesno",
                                         "choice", "multichoice", "email"};

typedef struct {
    qtype type;
    int required;
    int when_on;     /* index of the question its when reads, or -1 */
    int when_choice; /* for a choice: the option value it needs (1..4) */
} question;

static unsigned long long seed;

static unsigned next_random(void)
{
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(seed >> 33);
}

static question *make_form(int n)
{
    static const qtype bag[20] = {T_TEXT,   T_TEXT,   T_TEXT,    T_TEXT,    T_DATE,
                                  T_DATE,   T_DATE,   T_INTEGER, T_INTEGER, T_INTEGER,
                                  T_YESNO,  T_YESNO,  T_YESNO,   T_YESNO,   T_CHOICE,
                                  T_CHOICE, T_CHOICE, T_MULTI,   T_MULTI,   T_EMAIL};
    question *qs = calloc((size_t)n, sizeof *qs);
    seed = 42;
    for (int i = 0; i < n; i++) {
        qs[i].type = bag[next_random() % 20];
        qs[i].required = next_random() % 10 < 7;
        qs[i].when_on = -1;
        if (i > 0 && next_random() % 10 < 3) {
            /* an earlier yes/no, choice or integer among the last 20 */
            for (int tries = 0; tries < 20; tries++) {
                int at = i - 1 - (int)(next_random() % (unsigned)(i < 20 ? i : 20));
                if (qs[at].type == T_YESNO || qs[at].type == T_CHOICE || qs[at].type == T_INTEGER) {
                    qs[i].when_on = at;
                    qs[i].when_choice = 1 + (int)(next_random() % 4);
                    break;
                }
            }
        }
    }
    return qs;
}

/* The condition in helder's expression language. */
static void print_when(const question *qs, const question *q)
{
    const question *on = &qs[q->when_on];
    if (on->type == T_YESNO)
        printf(" when=\"q%d\"", q->when_on + 1);
    else if (on->type == T_CHOICE)
        printf(" when=\"q%d = 'o%d'\"", q->when_on + 1, q->when_choice);
    else
        printf(" when=\"q%d &gt; 500\"", q->when_on + 1);
}

/* The same condition in XPath over the submission (the s: prefix), true only when answered. */
static void print_xpath_when(const question *qs, const question *q)
{
    const question *on = &qs[q->when_on];
    if (on->type == T_YESNO)
        printf("s:answer[@id='q%d'] = 'yes'", q->when_on + 1);
    else if (on->type == T_CHOICE)
        printf("s:answer[@id='q%d'] = 'o%d'", q->when_on + 1, q->when_choice);
    else
        printf("number(s:answer[@id='q%d']) &gt; 500", q->when_on + 1);
}

static void emit_form(int n)
{
    question *qs = make_form(n);
    printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<form xmlns=\"urn:helder:form:1\" id=\"bench%d\" version=\"1\" languages=\"nl en\">\n"
           "  <title xml:lang=\"nl\">Proefformulier</title>\n"
           "  <title xml:lang=\"en\">Test form</title>\n",
           n);
    for (int i = 0; i < n; i++) {
        const question *q = &qs[i];
        if (i % 10 == 0)
            printf("  <section id=\"s%d\">\n    <title xml:lang=\"nl\">Deel %d</title>\n"
                   "    <title xml:lang=\"en\">Part %d</title>\n",
                   i / 10 + 1, i / 10 + 1, i / 10 + 1);
        printf("    <question id=\"q%d\" type=\"%s\"%s", i + 1, type_names[q->type],
               q->required ? " required=\"true\"" : "");
        if (q->when_on >= 0)
            print_when(qs, q);
        switch (q->type) {
        case T_TEXT:
            printf(" maxlength=\"100\"");
            break;
        case T_DATE:
            printf(" min=\"date('1900-01-01')\" max=\"today()\"");
            break;
        case T_INTEGER:
            printf(" min=\"0\" max=\"1000\"");
            break;
        case T_MULTI:
            printf(" min=\"1\" max=\"3\"");
            break;
        case T_EMAIL:
            printf(" pattern=\"[^@ ]+@[^@ ]+\\.[a-z]{2,}\"");
            break;
        default:
            break;
        }
        printf(">\n      <label xml:lang=\"nl\">Vraag %d</label>\n"
               "      <label xml:lang=\"en\">Question %d</label>\n",
               i + 1, i + 1);
        if (q->type == T_CHOICE || q->type == T_MULTI)
            for (int o = 1; o <= 4; o++)
                printf("      <option value=\"o%d\"><label xml:lang=\"nl\">Keuze %d</label>"
                       "<label xml:lang=\"en\">Option %d</label></option>\n",
                       o, o, o);
        printf("    </question>\n");
        if (i % 10 == 9 || i == n - 1)
            printf("  </section>\n");
    }
    printf("</form>\n");
    free(qs);
}

static void emit_rng(int n)
{
    question *qs = make_form(n);
    printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<grammar xmlns=\"http://relaxng.org/ns/structure/1.0\"\n"
           "         datatypeLibrary=\"http://www.w3.org/2001/XMLSchema-datatypes\"\n"
           "         ns=\"urn:helder:submission:1\">\n"
           "  <start>\n    <element name=\"submission\">\n"
           "      <attribute name=\"form\"><value>bench%d</value></attribute>\n"
           "      <attribute name=\"version\"><value>1</value></attribute>\n"
           "      <attribute name=\"xml:lang\"><data type=\"language\"/></attribute>\n"
           "      <optional><attribute name=\"reference\"><data type=\"token\"/></attribute>"
           "</optional>\n"
           "      <zeroOrMore>\n        <element name=\"answer\">\n          <choice>\n",
           n);
    for (int i = 0; i < n; i++) {
        const question *q = &qs[i];
        /* One <answer> element with a choice of (id, content) groups: libxml2 validates this
         * twenty times faster than a choice of <answer> elements told apart by their id. */
        printf("            <group><attribute name=\"id\"><value>q%d</value></attribute>", i + 1);
        switch (q->type) {
        case T_TEXT:
            printf("<data type=\"string\"><param name=\"maxLength\">100</param>"
                   "<param name=\"pattern\">[^\\n\\r]*</param></data>");
            break;
        case T_DATE:
            printf("<data type=\"date\"><param name=\"minInclusive\">1900-01-01</param>"
                   "<param name=\"pattern\">[0-9]{4}-[0-9]{2}-[0-9]{2}</param></data>");
            break;
        case T_INTEGER:
            printf("<data type=\"integer\"><param name=\"minInclusive\">0</param>"
                   "<param name=\"maxInclusive\">1000</param></data>");
            break;
        case T_YESNO:
            printf("<choice><value>yes</value><value>no</value></choice>");
            break;
        case T_CHOICE:
            printf("<choice><value>o1</value><value>o2</value><value>o3</value>"
                   "<value>o4</value></choice>");
            break;
        case T_MULTI:
            printf("<list><oneOrMore><choice><value>o1</value><value>o2</value><value>o3</value>"
                   "<value>o4</value></choice></oneOrMore></list>");
            break;
        case T_EMAIL:
            printf("<data type=\"string\"><param name=\"pattern\">[^@ ]+@[^@ ]+\\.[a-z]{2,}"
                   "</param></data>");
            break;
        }
        printf("</group>\n");
    }
    printf("          </choice>\n        </element>\n      </zeroOrMore>\n    </element>\n"
           "  </start>\n</grammar>\n");
    free(qs);
}

static void emit_sch(int n, const char *today)
{
    question *qs = make_form(n);
    char compact[9];
    snprintf(compact, sizeof compact, "%.4s%.2s%.2s", today, today + 5, today + 8);
    printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<schema xmlns=\"http://purl.oclc.org/dsdl/schematron\">\n"
           "  <ns prefix=\"s\" uri=\"urn:helder:submission:1\"/>\n"
           "  <pattern name=\"form\">\n"
           "    <rule context=\"s:answer\">\n"
           "      <assert test=\"not(@id = preceding-sibling::s:answer/@id)\">"
           "answered twice</assert>\n"
           "    </rule>\n"
           "    <rule context=\"s:submission\">\n");
    for (int i = 0; i < n; i++) {
        const question *q = &qs[i];
        if (q->required) {
            printf("      <assert test=\"");
            if (q->when_on >= 0) {
                printf("not(");
                print_xpath_when(qs, q);
                printf(") or ");
            }
            printf("normalize-space(s:answer[@id='q%d']) != ''\">q%d is required</assert>\n", i + 1,
                   i + 1);
        }
        if (q->when_on >= 0) {
            printf("      <report test=\"normalize-space(s:answer[@id='q%d']) != '' and not(",
                   i + 1);
            print_xpath_when(qs, q);
            printf(")\">q%d does not apply</report>\n", i + 1);
        }
        if (q->type == T_DATE)
            printf("      <assert test=\"not(s:answer[@id='q%d']) or "
                   "number(translate(s:answer[@id='q%d'], '-', '')) &lt;= %s\">q%d is after "
                   "today</assert>\n",
                   i + 1, i + 1, compact, i + 1);
        if (q->type == T_MULTI)
            printf("      <assert test=\"not(s:answer[@id='q%d']) or "
                   "string-length(normalize-space(s:answer[@id='q%d'])) - "
                   "string-length(translate(normalize-space(s:answer[@id='q%d']), ' ', ''))"
                   " &lt; 3\">"
                   "q%d has more than 3 choices</assert>\n",
                   i + 1, i + 1, i + 1, i + 1);
    }
    printf("    </rule>\n  </pattern>\n</schema>\n");
    free(qs);
}

/* ---- submissions ---- */

static const char *const names[] = {"Jansen",    "de Vries", "Bakker",   "Visser", "Smit",
                                    "Al-Hassan", "Yilmaz",   "Kowalski", "Haile",  "Rahimi"};

static void answer_value(FILE *out, const question *q, unsigned pick)
{
    switch (q->type) {
    case T_TEXT:
        fprintf(out, "%s %u", names[pick % 10], pick % 97);
        break;
    case T_DATE:
        fprintf(out, "%04u-%02u-%02u", 1950 + pick % 70, 1 + pick % 12, 1 + pick % 28);
        break;
    case T_INTEGER:
        fprintf(out, "%u", pick % 1001);
        break;
    case T_YESNO:
        fputs(pick % 2 ? "yes" : "no", out);
        break;
    case T_CHOICE:
        fprintf(out, "o%u", 1 + pick % 4);
        break;
    case T_MULTI:
        fprintf(out, "o%u o%u", 1 + pick % 2, 3 + pick % 2);
        break;
    case T_EMAIL:
        fprintf(out, "%c.%s%u@example.nl", 'a' + pick % 26, "jansen", pick % 100);
        break;
    }
}

/* Whether q applies, given the answers so far (the generator answers in form order, and a
 * condition reads an earlier question only). */
static int applies(const question *qs, const question *q, const int *answered,
                   const unsigned *picks)
{
    if (q->when_on < 0)
        return 1;
    const question *on = &qs[q->when_on];
    int i = q->when_on;
    if (!answered[i])
        return 0;
    if (on->type == T_YESNO)
        return picks[i] % 2 == 1;
    if (on->type == T_CHOICE)
        return (int)(1 + picks[i] % 4) == q->when_choice;
    return picks[i] % 1001 > 500;
}

static void emit_subs(int n, int count, const char *dir)
{
    question *qs = make_form(n);
    int *answered = calloc((size_t)n, sizeof *answered);
    unsigned *picks = calloc((size_t)n, sizeof *picks);
    seed = 7;
    for (int s = 0; s < count; s++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%06d.xml", dir, s + 1);
        FILE *out = fopen(path, "w");
        if (!out) {
            perror(path);
            exit(1);
        }
        /* 0: valid; 1..6: one mistake each, made at the first fitting question from a
         * random place on */
        unsigned mistake = next_random() % 10 < 7 ? 0 : 1 + next_random() % 6;
        int victim = (int)(next_random() % (unsigned)n), done = 0;
        fprintf(out,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<submission xmlns=\"urn:helder:submission:1\" form=\"bench%d\" version=\"1\" "
                "xml:lang=\"%s\" reference=\"B-%06d\">\n",
                n, s % 2 ? "en" : "nl", s + 1);
        for (int i = 0; i < n; i++) {
            const question *q = &qs[i];
            int here = !done && i >= victim;
            picks[i] = next_random();
            answered[i] = 0;
            if (!applies(qs, q, answered, picks))
                continue;
            if (here && mistake == 1 && q->required) {
                done = 1;
                continue; /* a required answer left out */
            }
            if (!q->required && picks[i] % 5 < 2)
                continue;
            answered[i] = 1;
            fprintf(out, "  <answer id=\"q%d\">", i + 1);
            if (here && mistake == 2 && q->type == T_DATE)
                fputs("2026-02-30", out), done = 1;
            else if (here && mistake == 3 && q->type == T_INTEGER)
                fputs("1001", out), done = 1;
            else if (here && mistake == 4 && (q->type == T_CHOICE || q->type == T_MULTI))
                fputs("o9", out), done = 1;
            else if (here && mistake == 5 && q->type == T_EMAIL)
                fputs("jansen.example.nl", out), done = 1;
            else
                answer_value(out, q, picks[i]);
            fputs("</answer>\n", out);
        }
        if (mistake == 6)
            fputs("  <answer id=\"shoe_size\">44</answer>\n", out);
        fputs("</submission>\n", out);
        fclose(out);
    }
    free(answered);
    free(picks);
    free(qs);
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "form") == 0) {
        emit_form(atoi(argv[2]));
    } else if (argc >= 3 && strcmp(argv[1], "rng") == 0) {
        emit_rng(atoi(argv[2]));
    } else if (argc >= 3 && strcmp(argv[1], "sch") == 0) {
        emit_sch(atoi(argv[2]), argc >= 4 ? argv[3] : "2026-11-30");
    } else if (argc >= 5 && strcmp(argv[1], "subs") == 0) {
        emit_subs(atoi(argv[2]), atoi(argv[3]), argv[4]);
    } else {
        fprintf(stderr, "usage: check-gen form|rng|sch N [TODAY] | check-gen subs N COUNT DIR\n");
        return 2;
    }
    return 0;
}
