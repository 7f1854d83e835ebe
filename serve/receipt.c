/* Receipts: a valid submission stamped with its reference and the time, and its receipt (the
 * reference, the form, the language and the stored file's SHA-256) for the outbox; the address of
 * the receipt page, whose key is the MAC of the reference, so only who sent it can see it; and
 * that page, from what the outbox holds: the reference, the time, the documents that apply and a
 * summary of the answers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nettle/sha2.h>

#include "model/model.h"
#include "serve/http.h"

/* xsd:dateTime of now, local time with its offset. */
static void received_now(char out[40])
{
    time_t now = time(NULL);
    struct tm local;
    char zone[8];
    localtime_r(&now, &local);
    strftime(out, 40, "%Y-%m-%dT%H:%M:%S", &local);
    strftime(zone, sizeof zone, "%z", &local);
    if (strlen(zone) == 5)
        snprintf(out + strlen(out), 8, "%.3s:%.2s", zone, zone + 3);
}

int helder_serve_reply_accept(helder_serve_reply *reply, const helder_serve_form *form,
                              const helder_check_result *result)
{
    char *clean = NULL, received[40], digest_hex[65];
    size_t clean_len = 0;
    unsigned char digest[SHA256_DIGEST_SIZE];
    int rc = helder_check_result_normalized(&clean, &clean_len, result);
    if (rc != HELDER_OK)
        return rc;
    const char *root = strstr(clean, "<submission");
    if (!root || strstr(clean, " reference=") || strstr(clean, " received=")) {
        free(clean);
        return HELDER_EINVALID;
    }
    helder_serve_reference_new(reply->reference);
    received_now(received);
    size_t insert = (size_t)(root - clean) + strlen("<submission");
    helder_buf stored = {0};
    helder_buf_put(&stored, clean, insert);
    helder_buf_printf(&stored, " reference=\"%s\" received=\"%s\"", reply->reference, received);
    helder_buf_put(&stored, clean + insert, clean_len - insert);
    free(clean);

    struct sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, stored.len, (const uint8_t *)stored.data);
    sha256_digest(&ctx, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++)
        snprintf(digest_hex + 2 * i, 3, "%02x", digest[i]);

    helder_buf receipt = {0};
    const char *lang = helder_check_result_lang(result);
    reply->lang = form->codes[0];
    for (unsigned i = 0; lang && i < form->nlangs; i++)
        if (strcmp(form->codes[i], lang) == 0)
            reply->lang = form->codes[i];
    helder_buf_printf(&receipt,
                      "reference: %s\nreceived: %s\nform: %s\nversion: %s\nlanguage: %s\n"
                      "submission: %s.xml\nsha256: %s\n",
                      reply->reference, received, form->id, helder_form_version(form->form),
                      lang ? lang : form->codes[0], reply->reference, digest_hex);
    reply->store = stored.data;
    reply->store_len = stored.len;
    reply->receipt = receipt.data;
    reply->receipt_len = receipt.len;
    return HELDER_OK;
}

/* /receipt/REF/KEY: KEY is the MAC of REF, so only who sent it can see it. */
void helder_serve_receipt_key(char out[44], const unsigned char *key, const char *reference)
{
    unsigned char mac[HELDER_SERVE_MAC_LEN];
    const char *parts[1] = {reference};
    size_t lens[1] = {strlen(reference)};
    helder_serve_mac(mac, key, "receipt", parts, lens, 1);
    helder_serve_b64_encode(out, mac, 24);
}

helder_check_result *helder_serve_receipt_load(char **submission, size_t *len,
                                               const helder_serve_form **form,
                                               const helder_serve_server *server,
                                               const char *reference, const char *key,
                                               size_t key_len)
{
    char expected[44];
    helder_check_result *result = NULL;
    *submission = NULL;
    if (!helder_serve_reference_valid(reference))
        return NULL;
    helder_serve_receipt_key(expected, server->key, reference);
    if (key_len != strlen(expected) || !helder_serve_equal(expected, key, key_len))
        return NULL;
    if (helder_serve_outbox_read(submission, len, server->outbox, reference) != HELDER_OK)
        return NULL;
    for (size_t f = 0; f < server->site.nforms && !result; f++) {
        helder_check_options opts = HELDER_CHECK_OPTIONS_INIT;
        opts.today = server->today_days;
        opts.max_bytes = *len + 1;
        helder_check_submission(&result, server->site.forms[f].plan, *submission, *len, reference,
                                &opts);
        const char *id = result ? helder_check_result_attr(result, "form") : NULL;
        if (id && strcmp(id, server->site.forms[f].id) == 0) {
            *form = &server->site.forms[f];
            break;
        }
        helder_check_result_free(result);
        result = NULL;
    }
    if (!result) {
        free(*submission);
        *submission = NULL;
    }
    return result;
}

void helder_serve_receipt_page(helder_buf *page, const helder_serve_server *server,
                               const helder_serve_form *form, const helder_check_result *result,
                               const char *lang, const char *reference, const char *key,
                               size_t key_len)
{
    const helder_serve_lang *words = &form->langs[helder_serve_form_lang(form, lang, strlen(lang))];
    helder_serve_summary summary = {0};
    helder_buf title = {0};
    helder_serve_summary_answers(&summary, result, words->plan);
    /* the documents that apply: those left when the answers decide the conditions */
    helder_form *decided = NULL;
    helder_render_plan *decided_words = NULL;
    if (helder_serve_decided_form(&decided, form, server->site.today, result) == HELDER_OK &&
        helder_render_plan_new(&decided_words, decided, lang) == HELDER_OK)
        helder_serve_summary_documents(&summary, decided_words);
    else
        helder_serve_summary_documents(&summary, words->plan);
    helder_render_plan_free(decided_words);
    helder_form_free(decided);
    helder_buf_html(&title, helder_serve_ui(lang, HELDER_UI_RECEIVED_TITLE));
    helder_serve_page_begin(page, lang, title.data, NULL);
    helder_buf_puts(page, "<div class=\"receipt\"><h1 class=\"page-title\">");
    helder_buf_puts(page, title.data);
    helder_buf_puts(page, "</h1><p class=\"intro\">");
    helder_buf_puts(page, words->title_html);
    helder_buf_puts(page, "</p><dl class=\"receipt-panel\"><dt>");
    helder_buf_html(page, helder_serve_ui(lang, HELDER_UI_REFERENCE));
    helder_buf_puts(page, "</dt><dd class=\"reference\"><bdi data-reference=\"");
    helder_buf_puts(page, reference);
    helder_buf_puts(page, "\">");
    helder_buf_puts(page, reference);
    helder_buf_puts(page, "</bdi></dd><dt>");
    helder_buf_html(page, helder_serve_ui(lang, HELDER_UI_RECEIVED_ON));
    helder_buf_puts(page, "</dt><dd><bdi><time datetime=\"");
    const char *received = helder_check_result_attr(result, "received");
    helder_buf_html(page, received ? received : "");
    /* 2026-11-30T09:15:00+01:00 shown as 2026-11-30 09:15 */
    helder_buf_puts(page, "\">");
    if (received && strlen(received) >= 16) {
        helder_buf_put(page, received, 10);
        helder_buf_puts(page, " ");
        helder_buf_put(page, received + 11, 5);
    }
    helder_buf_puts(page, "</time></bdi></dd></dl><p>");
    helder_buf_html(page, helder_serve_ui(lang, HELDER_UI_KEEP_REFERENCE));
    helder_buf_printf(page, "</p><p><a class=\"button\" href=\"/receipt/%s/", reference);
    helder_buf_put(page, key, key_len);
    helder_buf_puts(page, "/application.pdf\">");
    helder_buf_html(page, helder_serve_ui(lang, HELDER_UI_PDF));
    helder_buf_puts(page, "</a></p>");
    helder_serve_documents_html(page, &summary, lang);
    helder_buf_puts(page, "<h2 class=\"part-title\">");
    helder_buf_html(page, helder_serve_ui(lang, HELDER_UI_SUMMARY));
    helder_buf_puts(page, "</h2><div class=\"summary\">");
    helder_serve_summary_html(page, &summary, lang, NULL);
    helder_buf_puts(page, "</div></div>");
    helder_serve_page_end(page);
    helder_serve_summary_free(&summary);
    helder_buf_free(&title);
}
