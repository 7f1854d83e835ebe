/* Country names for country questions (ISO 3166-1 alpha-2), in the languages helder knows. */
#ifndef HELDER_RENDER_COUNTRIES_H
#define HELDER_RENDER_COUNTRIES_H

#include <stddef.h>

#define HELDER_COUNTRY_NLANGS 3 /* en, nl, ar */

typedef struct {
    const char *code;
    const char *names[HELDER_COUNTRY_NLANGS];
} helder_country;

/* The table, sorted by code; returns its length. */
size_t helder_countries(const helder_country **out);
/* The country's name in lang (English when helder has no names in lang). */
const char *helder_country_name(const helder_country *country, const char *lang);

#endif
