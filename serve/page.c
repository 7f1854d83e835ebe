/* The server's own pages around the rendered forms: the index, the receipt, "check your answers",
 * errors; and its own words in the languages of the shipped forms. Every text from a form, an
 * applicant or a URL is escaped here; the pages need no script and carry no inline style.
 */
#include <stdio.h>
#include <string.h>

#include "serve/serve.h"
#include "serve/site.h"

typedef struct {
    const char *lang;
    const char *text[HELDER_UI__COUNT];
} catalogue;

static const catalogue catalogues[] = {
    {"en",
     {
         [HELDER_UI_SITE] = "Application forms",
         [HELDER_UI_INDEX_INTRO] = "Choose a form and the language you want to fill it in.",
         [HELDER_UI_WHOLE_FORM] = "All questions on one page",
         [HELDER_UI_STEP_BY_STEP] = "One part at a time",
         [HELDER_UI_LANGUAGE] = "Language",
         [HELDER_UI_RECEIVED_TITLE] = "Application received",
         [HELDER_UI_REFERENCE] = "Your reference number",
         [HELDER_UI_RECEIVED_ON] = "Received on",
         [HELDER_UI_KEEP_REFERENCE] = "Keep this number. Put it on everything you send us about "
                                      "this application.",
         [HELDER_UI_SUMMARY] = "What you told us",
         [HELDER_UI_DOCUMENTS] = "Documents you still need to send",
         [HELDER_UI_DOCUMENTS_HINT] = "Send a copy of each of these documents, with your "
                                      "reference number.",
         [HELDER_UI_NO_DOCUMENTS] = "You do not need to send any documents.",
         [HELDER_UI_PDF] = "Download a copy of your application (PDF)",
         [HELDER_UI_CHECK_TITLE] = "Check your answers before sending your application",
         [HELDER_UI_CHANGE] = "Change",
         [HELDER_UI_BACK] = "Back",
         [HELDER_UI_CONTINUE] = "Continue",
         [HELDER_UI_SEND] = "Send application",
         [HELDER_UI_STEP] = "Part {1} of {2}",
         [HELDER_UI_NOT_ANSWERED] = "Not answered",
         [HELDER_UI_NOT_FOUND] = "Page not found",
         [HELDER_UI_NOT_FOUND_TEXT] = "If you typed the address, check it is correct.",
         [HELDER_UI_EXPIRED] = "This page has expired",
         [HELDER_UI_EXPIRED_TEXT] = "For your safety we could not accept what you sent. Open the "
                                    "form again and send it from there.",
         [HELDER_UI_BAD_REQUEST] = "We could not read what you sent",
         [HELDER_UI_BAD_REQUEST_TEXT] = "Open the form again and fill it in there.",
         [HELDER_UI_SERVER_ERROR] = "Sorry, there is a problem with the service",
         [HELDER_UI_SERVER_ERROR_TEXT] = "Your application was not received. Try again later.",
         [HELDER_UI_START_AGAIN] = "Open the form again",
         [HELDER_UI_PERSONAL_INTRO] = "We already know some of your answers. Check them; only "
                                      "the questions that apply to you are asked.",
         [HELDER_UI_INELIGIBLE] = "From what we already know, this application cannot succeed",
         [HELDER_UI_NOT_STORED] = "Your application has not been received",
         [HELDER_UI_NOT_STORED_TEXT] = "Something went wrong on our side while saving it. Your "
                                       "answers are still here: check them and send the "
                                       "application again.",
     }},
    {"nl",
     {
         [HELDER_UI_SITE] = "Aanvraagformulieren",
         [HELDER_UI_INDEX_INTRO] = "Kies een formulier en de taal waarin u het wilt invullen.",
         [HELDER_UI_WHOLE_FORM] = "Alle vragen op één pagina",
         [HELDER_UI_STEP_BY_STEP] = "Eén deel per keer",
         [HELDER_UI_LANGUAGE] = "Taal",
         [HELDER_UI_RECEIVED_TITLE] = "Aanvraag ontvangen",
         [HELDER_UI_REFERENCE] = "Uw referentienummer",
         [HELDER_UI_RECEIVED_ON] = "Ontvangen op",
         [HELDER_UI_KEEP_REFERENCE] = "Bewaar dit nummer. Zet het op alles wat u ons over deze "
                                      "aanvraag stuurt.",
         [HELDER_UI_SUMMARY] = "Wat u ons hebt verteld",
         [HELDER_UI_DOCUMENTS] = "Documenten die u nog moet sturen",
         [HELDER_UI_DOCUMENTS_HINT] = "Stuur van elk van deze documenten een kopie, met uw "
                                      "referentienummer.",
         [HELDER_UI_NO_DOCUMENTS] = "U hoeft geen documenten te sturen.",
         [HELDER_UI_PDF] = "Download een kopie van uw aanvraag (pdf)",
         [HELDER_UI_CHECK_TITLE] = "Controleer uw antwoorden voordat u de aanvraag verstuurt",
         [HELDER_UI_CHANGE] = "Wijzigen",
         [HELDER_UI_BACK] = "Terug",
         [HELDER_UI_CONTINUE] = "Verder",
         [HELDER_UI_SEND] = "Aanvraag versturen",
         [HELDER_UI_STEP] = "Deel {1} van {2}",
         [HELDER_UI_NOT_ANSWERED] = "Niet ingevuld",
         [HELDER_UI_NOT_FOUND] = "Pagina niet gevonden",
         [HELDER_UI_NOT_FOUND_TEXT] = "Hebt u het adres getypt? Controleer dan of het klopt.",
         [HELDER_UI_EXPIRED] = "Deze pagina is verlopen",
         [HELDER_UI_EXPIRED_TEXT] = "Voor uw veiligheid konden we niet aannemen wat u stuurde. "
                                    "Open het formulier opnieuw en verstuur het van daaruit.",
         [HELDER_UI_BAD_REQUEST] = "We konden niet lezen wat u stuurde",
         [HELDER_UI_BAD_REQUEST_TEXT] = "Open het formulier opnieuw en vul het daar in.",
         [HELDER_UI_SERVER_ERROR] = "Sorry, er is een probleem met de dienst",
         [HELDER_UI_SERVER_ERROR_TEXT] = "Uw aanvraag is niet ontvangen. Probeer het later "
                                         "opnieuw.",
         [HELDER_UI_START_AGAIN] = "Open het formulier opnieuw",
         [HELDER_UI_PERSONAL_INTRO] = "Een deel van uw antwoorden weten we al. Controleer ze; we "
                                      "vragen alleen wat voor u geldt.",
         [HELDER_UI_INELIGIBLE] = "Met wat we al weten kan deze aanvraag niet slagen",
         [HELDER_UI_NOT_STORED] = "Uw aanvraag is niet ontvangen",
         [HELDER_UI_NOT_STORED_TEXT] = "Bij het opslaan ging er bij ons iets mis. Uw antwoorden "
                                       "staan er nog: controleer ze en verstuur de aanvraag "
                                       "opnieuw.",
     }},
    {"ar",
     {
         [HELDER_UI_SITE] = "نماذج الطلبات",
         [HELDER_UI_INDEX_INTRO] = "اختر نموذجًا واللغة التي تريد أن تملأه بها.",
         [HELDER_UI_WHOLE_FORM] = "كل الأسئلة في صفحة واحدة",
         [HELDER_UI_STEP_BY_STEP] = "جزء واحد في كل مرة",
         [HELDER_UI_LANGUAGE] = "اللغة",
         [HELDER_UI_RECEIVED_TITLE] = "تم استلام الطلب",
         [HELDER_UI_REFERENCE] = "رقمك المرجعي",
         [HELDER_UI_RECEIVED_ON] = "تاريخ الاستلام",
         [HELDER_UI_KEEP_REFERENCE] = "احتفظ بهذا الرقم. اكتبه على كل ما ترسله إلينا بخصوص "
                                      "هذا الطلب.",
         [HELDER_UI_SUMMARY] = "ما أخبرتنا به",
         [HELDER_UI_DOCUMENTS] = "الوثائق التي ما زال عليك إرسالها",
         [HELDER_UI_DOCUMENTS_HINT] = "أرسل نسخة من كل وثيقة من هذه الوثائق مع رقمك المرجعي.",
         [HELDER_UI_NO_DOCUMENTS] = "لا تحتاج إلى إرسال أي وثائق.",
         [HELDER_UI_PDF] = "نزّل نسخة من طلبك (PDF)",
         [HELDER_UI_CHECK_TITLE] = "راجع إجاباتك قبل إرسال طلبك",
         [HELDER_UI_CHANGE] = "تغيير",
         [HELDER_UI_BACK] = "رجوع",
         [HELDER_UI_CONTINUE] = "متابعة",
         [HELDER_UI_SEND] = "إرسال الطلب",
         [HELDER_UI_STEP] = "الجزء {1} من {2}",
         [HELDER_UI_NOT_ANSWERED] = "لم تتم الإجابة",
         [HELDER_UI_NOT_FOUND] = "الصفحة غير موجودة",
         [HELDER_UI_NOT_FOUND_TEXT] = "إذا كتبت العنوان بنفسك، فتأكد من صحته.",
         [HELDER_UI_EXPIRED] = "انتهت صلاحية هذه الصفحة",
         [HELDER_UI_EXPIRED_TEXT] = "حفاظًا على أمانك لم نتمكن من قبول ما أرسلته. افتح النموذج "
                                    "مرة أخرى وأرسله من هناك.",
         [HELDER_UI_BAD_REQUEST] = "لم نتمكن من قراءة ما أرسلته",
         [HELDER_UI_BAD_REQUEST_TEXT] = "افتح النموذج مرة أخرى واملأه هناك.",
         [HELDER_UI_SERVER_ERROR] = "عذرًا، توجد مشكلة في الخدمة",
         [HELDER_UI_SERVER_ERROR_TEXT] = "لم يتم استلام طلبك. حاول مرة أخرى لاحقًا.",
         [HELDER_UI_START_AGAIN] = "افتح النموذج مرة أخرى",
         [HELDER_UI_PERSONAL_INTRO] = "نعرف بعض إجاباتك مسبقًا. راجعها؛ لا نسأل إلا الأسئلة "
                                      "التي تنطبق عليك.",
         [HELDER_UI_INELIGIBLE] = "بناءً على ما نعرفه، لا يمكن أن ينجح هذا الطلب",
         [HELDER_UI_NOT_STORED] = "لم يتم استلام طلبك",
         [HELDER_UI_NOT_STORED_TEXT] = "حدثت مشكلة عندنا أثناء حفظ طلبك. إجاباتك ما زالت هنا: "
                                       "راجعها ثم أرسل الطلب مرة أخرى.",
     }},
};

#define NCATALOGUES (sizeof catalogues / sizeof catalogues[0])

const char *helder_serve_ui(const char *lang, helder_serve_ui_id id)
{
    for (size_t i = 0; lang && i < NCATALOGUES; i++)
        if (strcmp(catalogues[i].lang, lang) == 0 && catalogues[i].text[id])
            return catalogues[i].text[id];
    return catalogues[0].text[id];
}

/* ---- the language of a page that has no form's language ---- */

/* A hostile header costs no more than this: the first 4 KB (a range the bound cuts off is
 * dropped, so that "arx" cut to "ar" is never read) and the first 32 ranges. Browsers send a
 * few hundred bytes at most. */
#define ACCEPT_MAX_BYTES 4096
#define ACCEPT_MAX_RANGES 32

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_ows(char c)
{
    return c == ' ' || c == '\t';
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* 1 when text[0..len) is code, in any case. */
static int code_is(const char *text, size_t len, const char *code)
{
    if (strlen(code) != len)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (lower(text[i]) != code[i])
            return 0;
    return 1;
}

/* A qvalue (RFC 9110 12.4.2: "0" ["." 0*3DIGIT] / "1" ["." 0*3"0"]) in thousandths, or -1. */
static int parse_qvalue(const char *text, size_t len)
{
    int q;
    if (len == 0 || (text[0] != '0' && text[0] != '1'))
        return -1;
    q = text[0] == '1' ? 1000 : 0;
    if (len == 1)
        return q;
    if (text[1] != '.' || len > 5)
        return -1;
    int scale = 100;
    for (size_t i = 2; i < len; i++, scale /= 10) {
        if (text[i] < '0' || text[i] > '9' || (q == 1000 && text[i] != '0'))
            return -1;
        q += (text[i] - '0') * scale;
    }
    return q;
}

/* One element of the list, without the OWS around it: a language range (RFC 4647: "*" or
 * 1*8ALPHA *("-" 1*8alphanum)) and at most a weight. Sets *primary_len (0 for "*") and *q;
 * returns 0, or -1 when the element is not that (it is then ignored, as RFC 9110 allows of a
 * malformed part of a list). */
static int parse_range(const char *text, size_t len, size_t *primary_len, int *q)
{
    size_t at = 0;
    *q = 1000;
    *primary_len = 0;
    if (len > 0 && text[0] == '*') {
        at = 1;
    } else {
        while (at < len && is_alpha(text[at]))
            at++;
        if (at == 0 || at > 8)
            return -1;
        *primary_len = at;
        while (at < len && text[at] == '-') {
            size_t start = ++at;
            while (at < len && (is_alpha(text[at]) || (text[at] >= '0' && text[at] <= '9')))
                at++;
            if (at == start || at - start > 8)
                return -1;
        }
    }
    while (at < len && is_ows(text[at]))
        at++;
    if (at == len)
        return 0;
    if (text[at++] != ';')
        return -1;
    while (at < len && is_ows(text[at]))
        at++;
    /* the weight is the only parameter Accept-Language has */
    if (len - at < 2 || lower(text[at]) != 'q' || text[at + 1] != '=')
        return -1;
    at += 2;
    *q = parse_qvalue(text + at, len - at);
    return *q < 0 ? -1 : 0;
}

const char *helder_serve_accept_language(const char *header)
{
    /* per catalogue language: the best weight a range gives it, and the place of that range (a
     * tie goes to the language named first, then to catalogue order) */
    int named_q[NCATALOGUES], any_q = -1;
    unsigned named_at[NCATALOGUES], any_at = 0, ranges = 0;
    for (size_t i = 0; i < NCATALOGUES; i++) {
        named_q[i] = -1;
        named_at[i] = 0;
    }
    if (!header)
        return catalogues[0].lang;
    size_t limit = strnlen(header, ACCEPT_MAX_BYTES + 1), at = 0;
    while (at < limit && ranges < ACCEPT_MAX_RANGES) {
        size_t end = at;
        while (end < limit && header[end] != ',')
            end++;
        if (end == limit && limit > ACCEPT_MAX_BYTES)
            break; /* cut off by the bound: not read at all */
        size_t start = at, stop = end, primary_len;
        int q;
        at = end + 1;
        while (start < stop && is_ows(header[start]))
            start++;
        while (stop > start && is_ows(header[stop - 1]))
            stop--;
        if (start == stop)
            continue; /* an empty element: allowed in a list, and no range */
        unsigned place = ranges++;
        if (parse_range(header + start, stop - start, &primary_len, &q) != 0)
            continue;
        if (primary_len == 0) {
            if (q > any_q) {
                any_q = q;
                any_at = place;
            }
            continue;
        }
        /* nl-BE asks for Dutch: catalogues are by primary language */
        for (size_t i = 0; i < NCATALOGUES; i++)
            if (code_is(header + start, primary_len, catalogues[i].lang) && q > named_q[i]) {
                named_q[i] = q;
                named_at[i] = place;
            }
    }
    /* "*" stands for every catalogue language the header does not name, and at equal weight
     * comes after those it does ("*, nl" is Dutch); q=0, named or by "*", rules a language out */
    size_t best = 0;
    int best_q = 0;
    unsigned best_at = 0;
    for (size_t i = 0; i < NCATALOGUES; i++) {
        int q = named_q[i] >= 0 ? named_q[i] : any_q;
        unsigned place = named_q[i] >= 0 ? named_at[i] : ACCEPT_MAX_RANGES + any_at;
        if (q > best_q || (q == best_q && q > 0 && place < best_at)) {
            best = i;
            best_q = q;
            best_at = place;
        }
    }
    /* nothing acceptable: English all the same, better than no page */
    return best_q > 0 ? catalogues[best].lang : catalogues[0].lang;
}

const char *helder_serve_ui_lang(const char *query, const char *accept_language)
{
    for (size_t i = 0; query && i < NCATALOGUES; i++)
        if (code_is(query, strlen(query), catalogues[i].lang))
            return catalogues[i].lang;
    return helder_serve_accept_language(accept_language);
}

static const struct {
    const char *code, *name;
} language_names[] = {
    {"nl", "Nederlands"}, {"en", "English"}, {"ar", "العربية"},    {"tr", "Türkçe"},
    {"fa", "فارسی"},      {"ti", "ትግርኛ"},    {"uk", "Українська"}, {"de", "Deutsch"},
    {"fr", "Français"},   {"pl", "Polski"},  {"es", "Español"},    {"so", "Soomaali"},
};

const char *helder_serve_language_name(const char *code)
{
    for (size_t i = 0; i < sizeof language_names / sizeof language_names[0]; i++)
        if (strcmp(language_names[i].code, code) == 0)
            return language_names[i].name;
    return code;
}

const char *helder_serve_dir(const char *lang)
{
    static const char *const rtl[] = {"ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv"};
    for (size_t i = 0; lang && i < sizeof rtl / sizeof rtl[0]; i++) {
        size_t len = strlen(rtl[i]);
        if (strncmp(lang, rtl[i], len) == 0 && (lang[len] == '\0' || lang[len] == '-'))
            return "rtl";
    }
    return "ltr";
}

void helder_serve_language_nav(helder_buf *buf, const char *current, const char *base,
                               const char *suffix, char *const *langs, unsigned nlangs)
{
    if (nlangs < 2)
        return;
    helder_buf_puts(buf, "<nav class=\"language-switch\" aria-label=\"");
    helder_buf_html(buf, helder_serve_ui(current, HELDER_UI_LANGUAGE));
    helder_buf_puts(buf, "\"><ul class=\"language-list\">");
    for (unsigned i = 0; i < nlangs; i++) {
        helder_buf_puts(buf, "<li>");
        if (current && strcmp(langs[i], current) == 0) {
            helder_buf_puts(buf, "<a aria-current=\"page\" lang=\"");
        } else {
            helder_buf_puts(buf, "<a lang=\"");
        }
        helder_buf_html(buf, langs[i]);
        helder_buf_puts(buf, "\" hreflang=\"");
        helder_buf_html(buf, langs[i]);
        helder_buf_puts(buf, "\" href=\"");
        helder_buf_html(buf, base);
        helder_buf_html(buf, langs[i]);
        helder_buf_html(buf, suffix ? suffix : "");
        helder_buf_puts(buf, "\">");
        helder_buf_html(buf, helder_serve_language_name(langs[i]));
        helder_buf_puts(buf, "</a></li>");
    }
    helder_buf_puts(buf, "</ul></nav>");
}

void helder_serve_page_begin(helder_buf *buf, const char *lang, const char *title_html,
                             const char *nav_html)
{
    helder_buf_puts(buf, "<!DOCTYPE html>\n<html lang=\"");
    helder_buf_html(buf, lang);
    helder_buf_printf(buf, "\" dir=\"%s\"><head><meta charset=\"utf-8\">", helder_serve_dir(lang));
    helder_buf_puts(buf, "<meta name=\"viewport\" content=\"width=device-width, "
                         "initial-scale=1\"><meta name=\"referrer\" content=\"no-referrer\">"
                         "<title>");
    helder_buf_puts(buf, title_html);
    helder_buf_puts(buf, "</title><link rel=\"stylesheet\" href=\"/assets/style.css\">"
                         "<link rel=\"stylesheet\" href=\"/assets/serve.css\">"
                         "</head><body><a class=\"skip-link\" href=\"#main\">");
    helder_buf_html(buf, helder_serve_ui(lang, HELDER_UI_SITE));
    helder_buf_puts(buf, "</a><header class=\"masthead\"><p class=\"masthead-form\">"
                         "<a href=\"/\">");
    helder_buf_html(buf, helder_serve_ui(lang, HELDER_UI_SITE));
    helder_buf_puts(buf, "</a></p>");
    if (nav_html)
        helder_buf_puts(buf, nav_html);
    helder_buf_puts(buf, "</header><main id=\"main\" class=\"page\">");
}

void helder_serve_page_end(helder_buf *buf)
{
    helder_buf_puts(buf, "</main></body></html>\n");
}

void helder_serve_page_message(helder_buf *buf, const char *lang, helder_serve_ui_id title,
                               helder_serve_ui_id text, const char *back_href)
{
    helder_buf title_html = {0};
    helder_buf_html(&title_html, helder_serve_ui(lang, title));
    helder_serve_page_begin(buf, lang, title_html.data, NULL);
    helder_buf_puts(buf, "<h1 class=\"page-title\">");
    helder_buf_puts(buf, title_html.data);
    helder_buf_puts(buf, "</h1><p class=\"intro\">");
    helder_buf_html(buf, helder_serve_ui(lang, text));
    helder_buf_puts(buf, "</p>");
    if (back_href) {
        helder_buf_puts(buf, "<p><a href=\"");
        helder_buf_html(buf, back_href);
        helder_buf_puts(buf, "\">");
        helder_buf_html(buf, helder_serve_ui(lang, HELDER_UI_START_AGAIN));
        helder_buf_puts(buf, "</a></p>");
    }
    helder_serve_page_end(buf);
    helder_buf_free(&title_html);
}

/* Styled as the renderer's error summary, with an id of its own: a rendered step page can show
 * both (and its script focuses the first). */
void helder_serve_not_stored_html(helder_buf *buf, const char *lang)
{
    helder_buf_puts(buf, "<div class=\"error-summary not-stored\" role=\"alert\" tabindex=\"-1\" "
                         "aria-labelledby=\"not-stored-title\" data-error-summary=\"\">"
                         "<h2 id=\"not-stored-title\" class=\"error-summary-title\">");
    helder_buf_html(buf, helder_serve_ui(lang, HELDER_UI_NOT_STORED));
    helder_buf_puts(buf, "</h2><p>");
    helder_buf_html(buf, helder_serve_ui(lang, HELDER_UI_NOT_STORED_TEXT));
    helder_buf_puts(buf, "</p></div>");
}

/* The index of the form's page in lang, or -1. */
static int form_lang_index(const helder_serve_form *form, const char *lang)
{
    for (unsigned l = 0; l < form->nlangs; l++)
        if (strcmp(form->langs[l].code, lang) == 0)
            return (int)l;
    return -1;
}

/* One form in one language on the index: its title in that language, and the two ways in. */
static void index_entry(helder_buf *buf, const helder_serve_form *form,
                        const helder_serve_lang *page)
{
    helder_buf_puts(buf, "<li lang=\"");
    helder_buf_html(buf, page->code);
    helder_buf_printf(buf, "\" dir=\"%s\"><h2 class=\"part-title\">", helder_serve_dir(page->code));
    helder_buf_printf(buf, "<a href=\"/forms/%s/%s\">", form->id, page->code);
    helder_buf_puts(buf, page->title_html);
    helder_buf_puts(buf, "</a></h2><p>");
    helder_buf_html(buf, helder_serve_language_name(page->code));
    helder_buf_printf(buf, " · <a href=\"/forms/%s/%s\">", form->id, page->code);
    helder_buf_html(buf, helder_serve_ui(page->code, HELDER_UI_WHOLE_FORM));
    helder_buf_printf(buf, "</a> · <a href=\"/forms/%s/%s/steps\">", form->id, page->code);
    helder_buf_html(buf, helder_serve_ui(page->code, HELDER_UI_STEP_BY_STEP));
    helder_buf_puts(buf, "</a></p></li>");
}

void helder_serve_page_index(helder_buf *buf, const helder_serve_site *site, const char *lang)
{
    helder_buf title = {0}, nav = {0};
    /* the nav only reads the codes; it takes them as a form's languages are kept (char *) */
    char *codes[NCATALOGUES];
    for (size_t i = 0; i < NCATALOGUES; i++)
        codes[i] = (char *)catalogues[i].lang;
    helder_serve_language_nav(&nav, lang, "/?lang=", NULL, codes, (unsigned)NCATALOGUES);
    helder_buf_html(&title, helder_serve_ui(lang, HELDER_UI_SITE));
    helder_serve_page_begin(buf, lang, title.data, nav.data);
    helder_buf_puts(buf, "<h1 class=\"page-title\">");
    helder_buf_puts(buf, title.data);
    helder_buf_puts(buf, "</h1><p class=\"intro\">");
    helder_buf_html(buf, helder_serve_ui(lang, HELDER_UI_INDEX_INTRO));
    helder_buf_puts(buf, "</p><ul class=\"form-index\">");
    /* The reader's language first: the forms that have it, and in each form its page in it. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t f = 0; f < site->nforms; f++) {
            const helder_serve_form *form = &site->forms[f];
            int own = form_lang_index(form, lang);
            if ((own >= 0) != (pass == 0))
                continue;
            helder_buf_puts(buf, "<li class=\"form-entry\"><ul class=\"form-languages\">");
            if (own >= 0)
                index_entry(buf, form, &form->langs[own]);
            for (unsigned l = 0; l < form->nlangs; l++)
                if ((int)l != own)
                    index_entry(buf, form, &form->langs[l]);
            helder_buf_puts(buf, "</ul></li>");
        }
    }
    helder_buf_puts(buf, "</ul>");
    helder_serve_page_end(buf);
    helder_buf_free(&title);
    helder_buf_free(&nav);
}

/* The rows of a summary: section headings, repeat items and answers, as a description list. */
void helder_serve_summary_html(helder_buf *buf, const helder_serve_summary *summary,
                               const char *lang, const char *change_base)
{
    int open = 0;
    for (size_t i = 0; i < summary->nrows; i++) {
        const helder_serve_row *row = &summary->rows[i];
        if (row->kind == HELDER_ROW_SECTION || row->kind == HELDER_ROW_ITEM) {
            if (open)
                helder_buf_puts(buf, "</dl>");
            helder_buf_puts(buf, row->kind == HELDER_ROW_SECTION ? "<h2 class=\"part-title\">"
                                                                 : "<h3 class=\"repeat-title\">");
            helder_buf_html(buf, row->label);
            helder_buf_puts(buf, row->kind == HELDER_ROW_SECTION ? "</h2>" : "</h3>");
            if (change_base && row->kind == HELDER_ROW_SECTION) {
                helder_buf_puts(buf, "<p class=\"summary-change\">");
                helder_buf_printf(buf,
                                  "<button type=\"submit\" class=\"button "
                                  "button-secondary\" name=\"_go\" value=\"%u\">",
                                  row->step);
                helder_buf_html(buf, helder_serve_ui(lang, HELDER_UI_CHANGE));
                helder_buf_puts(buf, "<span class=\"visually-hidden\"> ");
                helder_buf_html(buf, row->label);
                helder_buf_puts(buf, "</span></button></p>");
            }
            helder_buf_puts(buf, "<dl class=\"summary-list\">");
            open = 1;
            continue;
        }
        if (row->kind != HELDER_ROW_ANSWER)
            continue;
        if (!open) {
            helder_buf_puts(buf, "<dl class=\"summary-list\">");
            open = 1;
        }
        helder_buf_puts(buf, "<div class=\"summary-row\"><dt>");
        if (row->number) {
            helder_buf_html(buf, row->number);
            helder_buf_puts(buf, " ");
        }
        helder_buf_html(buf, row->label);
        helder_buf_puts(buf, "</dt><dd>");
        if (row->value && *row->value)
            helder_buf_html(buf, row->value);
        else
            helder_buf_html(buf, helder_serve_ui(lang, HELDER_UI_NOT_ANSWERED));
        helder_buf_puts(buf, "</dd></div>");
    }
    if (open)
        helder_buf_puts(buf, "</dl>");
}

void helder_serve_documents_html(helder_buf *buf, const helder_serve_summary *summary,
                                 const char *lang)
{
    size_t count = 0;
    helder_buf_puts(buf, "<h2 class=\"part-title\">");
    helder_buf_html(buf, helder_serve_ui(lang, HELDER_UI_DOCUMENTS));
    helder_buf_puts(buf, "</h2>");
    for (size_t i = 0; i < summary->nrows; i++)
        count += summary->rows[i].kind == HELDER_ROW_DOCUMENT;
    if (count == 0) {
        helder_buf_puts(buf, "<p>");
        helder_buf_html(buf, helder_serve_ui(lang, HELDER_UI_NO_DOCUMENTS));
        helder_buf_puts(buf, "</p>");
        return;
    }
    helder_buf_puts(buf, "<p class=\"part-hint\">");
    helder_buf_html(buf, helder_serve_ui(lang, HELDER_UI_DOCUMENTS_HINT));
    helder_buf_puts(buf, "</p><ul class=\"document-list\">");
    for (size_t i = 0; i < summary->nrows; i++) {
        const helder_serve_row *row = &summary->rows[i];
        if (row->kind != HELDER_ROW_DOCUMENT)
            continue;
        helder_buf_puts(buf, "<li class=\"document\"><span class=\"document-label\">");
        helder_buf_html(buf, row->label);
        helder_buf_puts(buf, "</span>");
        if (row->value && *row->value) {
            helder_buf_puts(buf, "<span class=\"only-if\">");
            helder_buf_html(buf, row->value);
            helder_buf_puts(buf, "</span>");
        }
        helder_buf_puts(buf, "</li>");
    }
    helder_buf_puts(buf, "</ul>");
}
