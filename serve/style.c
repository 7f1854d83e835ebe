/* The server's own stylesheet (/assets/serve.css), loaded after the renderer's style.css by every
 * page the server sends: the language switch in the masthead, the index, the receipt, the step
 * counter and Back button, and "check your answers". Only the renderer's custom properties are
 * used, so a designer's restyling carries over.
 */
#include <string.h>

#include "serve/site.h"

static const char serve_css[] =
    ".language-switch { margin: 0.5rem auto 0; max-width: var(--helder-measure); }\n"
    ".language-list { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap;"
    " gap: 0.25rem 1.25rem; }\n"
    ".language-list a { color: var(--helder-accent-text); font-size: 1rem;"
    " text-underline-offset: 0.2em; }\n"
    ".language-list a[aria-current] { font-weight: 700; text-decoration: none; }\n"
    ".masthead-form a { color: var(--helder-accent-text); }\n"
    ".form-index, .form-languages { list-style: none; padding: 0; margin: 0; }\n"
    ".form-entry { border-block-start: 1px solid var(--helder-border);"
    " padding-block: var(--helder-space); }\n"
    ".form-languages > li { margin-block-end: var(--helder-space); }\n"
    ".form-languages h2 { margin: 0 0 0.25rem; font-size: 1.25rem; }\n"
    ".form-languages p { margin: 0; color: var(--helder-muted); }\n"
    ".receipt-panel { background: var(--helder-accent); color: var(--helder-accent-text);"
    " padding: calc(var(--helder-space) * 1.5); border-radius: var(--helder-radius);"
    " text-align: center; margin: var(--helder-space) 0; }\n"
    ".receipt-panel dt { font-size: 1rem; }\n"
    ".receipt-panel dd { margin: 0 0 var(--helder-space); }\n"
    ".receipt-panel dd:last-child { margin-block-end: 0; }\n"
    ".receipt-panel .reference { font-size: 1.75rem; font-weight: 700;"
    " letter-spacing: 0.05em; }\n"
    ".summary-list { margin: 0 0 var(--helder-space); }\n"
    ".summary-row { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);"
    " gap: 0.5rem var(--helder-space); padding-block: 0.5rem;"
    " border-block-end: 1px solid var(--helder-surface); }\n"
    ".summary-row dt { font-weight: 600; }\n"
    ".summary-row dd { margin: 0; overflow-wrap: anywhere; }\n"
    "@media (max-width: 30rem) { .summary-row { grid-template-columns: 1fr; } }\n"
    ".summary-change { margin: 0; }\n"
    ".step-counter { color: var(--helder-muted); margin-block-end: 0; }\n"
    ".step-back { margin: calc(var(--helder-space) * -1) 0 calc(var(--helder-space) * 2); }\n"
    "@media print { .step-back { display: none; } }\n"
    ".personal-intro { border-inline-start: 4px solid var(--helder-accent);"
    " padding-inline-start: var(--helder-space); }\n";

const char *helder_serve_css(size_t *len)
{
    *len = sizeof serve_css - 1;
    return serve_css;
}
