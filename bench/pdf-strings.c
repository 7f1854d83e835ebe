/* pdf-strings FORM [LANG]: prints every string that `helder render --format pdf` draws for FORM
 * (in LANG, default the form's first language), one per line in drawing order, for pdf-floor.
 * Comb cells print their characters; line breaks inside a string become spaces.
 */
#include <stdio.h>
#include <stdlib.h>

#include "model/model.h"
#include "render/layout.h"
#include "render/plan.h"

static void ignore(const helder_diag *diag, void *payload)
{
    (void)payload;
    fprintf(stderr, "%s:%u:%u: %s\n", diag->file, diag->line, diag->col, diag->message);
}

int main(int argc, char **argv)
{
    helder_diag_sink sink = HELDER_DIAG_SINK_INIT(ignore, NULL);
    helder_form *form = NULL;
    helder_plan *plan = NULL;
    helder_layout *layout = NULL;
    int lang = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: pdf-strings FORM [LANG]\n");
        return 2;
    }
    helder_global_init();
    if (helder_form_load_file(&form, argv[1], NULL, &sink) != HELDER_OK)
        return 1;
    if (argc > 2 && (lang = helder_plan_find_lang(form, argv[2])) < 0)
        return 2;
    if (helder_plan_new(&plan, form, (unsigned)lang, NULL) != HELDER_OK ||
        helder_layout_new(&layout, plan, NULL) != HELDER_OK)
        return 1;
    for (size_t i = 0; i < layout->nboxes; i++) {
        const char *text = layout->boxes[i].text;
        if (!text)
            continue;
        for (const char *c = text; *c; c++)
            putchar(*c == '\n' || *c == '\r' ? ' ' : *c);
        putchar('\n');
    }
    helder_layout_free(layout);
    helder_plan_free(plan);
    helder_form_free(form);
    helder_global_cleanup();
    return 0;
}
