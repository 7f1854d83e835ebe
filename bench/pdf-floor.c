/* pdf-floor STRINGS OUT.pdf: the floor for `helder render --format pdf`. Reads the strings helder
 * draws (one per line, as bench/pdf-strings prints them), lays each out with pango (wrapped to the
 * page's content width, one font, no cache) and draws it with cairo's PDF surface, flowing down
 * A4 pages. No form, no model, no boxes, no tags, no routing: what any renderer that draws the
 * same strings with pango and cairo pays at least.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#define PAGE_W 595.276
#define PAGE_H 841.89
#define MARGIN 44.0

typedef struct {
    cairo_t *cr;
    PangoContext *context;
    PangoFontDescription *font;
    double y;
    unsigned pages;
} floor_state;

static void draw_string(floor_state *state, const char *text)
{
    PangoLayout *layout = pango_layout_new(state->context);
    int width, height;
    pango_layout_set_font_description(layout, state->font);
    pango_layout_set_width(layout, (int)((PAGE_W - 2 * MARGIN) * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(layout, text, -1);
    pango_layout_get_size(layout, &width, &height);
    if (state->y + height / (double)PANGO_SCALE > PAGE_H - MARGIN) {
        cairo_show_page(state->cr);
        state->pages++;
        state->y = MARGIN;
    }
    cairo_move_to(state->cr, MARGIN, state->y);
    pango_cairo_show_layout(state->cr, layout);
    state->y += height / (double)PANGO_SCALE + 6;
    g_object_unref(layout);
}

int main(int argc, char **argv)
{
    floor_state state;
    cairo_surface_t *surface;
    cairo_font_options_t *options;
    FILE *in;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int status;
    if (argc < 3) {
        fprintf(stderr, "usage: pdf-floor STRINGS OUT.pdf\n");
        return 2;
    }
    in = fopen(argv[1], "r");
    if (!in) {
        fprintf(stderr, "pdf-floor: cannot read %s\n", argv[1]);
        return 1;
    }
    memset(&state, 0, sizeof state);
    surface = cairo_pdf_surface_create(argv[2], PAGE_W, PAGE_H);
    state.cr = cairo_create(surface);
    state.context = pango_font_map_create_context(pango_cairo_font_map_get_default());
    options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(state.context, options);
    cairo_font_options_destroy(options);
    pango_cairo_context_set_resolution(state.context, 72);
    state.font = pango_font_description_from_string("Noto Sans, Noto Naskh Arabic, "
                                                    "Noto Sans Ethiopic, DejaVu Sans 10");
    state.y = MARGIN;
    state.pages = 1;
    while ((len = getline(&line, &cap, in)) > 0) {
        if (line[len - 1] == '\n')
            line[len - 1] = '\0';
        draw_string(&state, line);
    }
    free(line);
    fclose(in);
    cairo_show_page(state.cr);
    cairo_destroy(state.cr);
    cairo_surface_finish(surface);
    status = cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(surface);
    pango_font_description_free(state.font);
    g_object_unref(state.context);
    fprintf(stderr, "pdf-floor: %u pages\n", state.pages);
    return status;
}
