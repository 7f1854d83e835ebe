/* gen-form N: writes a synthetic form of N questions in the helder form language to stdout, for
 * bench/run. Sections of ten questions; text, date, integer, yes/no, choice, multichoice and email
 * questions; about 30% shown only when an earlier answer allows it; a repeat every 50 questions;
 * computed values that later conditions read; every text in Dutch and English. The form is meant
 * to lint clean, so the benchmark times lint on a valid form. Deterministic: a fixed seed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECTION_SIZE 10
#define BLOCK_SIZE 50    /* one repeat in every block of this many questions */
#define REPEAT_SECTION 2 /* ... in this section of the block */
#define REPEAT_FIRST 4   /* ... holding questions 4 to 7 of that section */
#define REPEAT_SIZE 4
#define MAX_OPTIONS 5
#define WHEN_PERCENT 28 /* plus the questions that read a computed value: about 30% in all */
#define COMPUTED_PERCENT 8
#define LOOKBACK 24 /* conditions read one of the last this many answers in scope */

typedef enum {
    T_TEXT,
    T_DATE,
    T_INTEGER,
    T_YESNO,
    T_CHOICE,
    T_MULTICHOICE,
    T_EMAIL,
    T__COUNT
} qtype;

static const char *const type_names[T__COUNT] = {"text",   "date",        "integer", "yesno",
                                                 "choice", "multichoice", "email"};

typedef struct {
    const char *value, *nl, *en;
} option_text;

typedef struct {
    qtype type;
    const char *stem;              /* id prefix */
    const char *nl, *en;           /* label */
    const char *hint_nl, *hint_en; /* NULL: no hint */
    long min, max;                 /* integer bounds */
    const char *autocomplete;
    option_text options[MAX_OPTIONS];
} question_text;

/* Every question the generator can ask outside repeats, by type. Labels are short and plain;
 * each hint adds something its label does not say. */
static const question_text questions[] = {
    /* text */
    {T_TEXT,
     "family_name",
     "Wat is uw achternaam?",
     "What is your last name?",
     "Schrijf uw naam zoals die in uw paspoort staat.",
     "Write your name as it is in your passport.",
     0,
     0,
     "family-name",
     {{0}}},
    {T_TEXT,
     "given_names",
     "Wat zijn uw voornamen?",
     "What are your first names?",
     "Schrijf al uw voornamen op.",
     "Write down all of your first names.",
     0,
     0,
     "given-name",
     {{0}}},
    {T_TEXT,
     "street",
     "In welke straat woont u?",
     "Which street do you live on?",
     NULL,
     NULL,
     0,
     0,
     "address-line1",
     {{0}}},
    {T_TEXT,
     "city",
     "In welke plaats woont u?",
     "In which town or city do you live?",
     NULL,
     NULL,
     0,
     0,
     "address-level2",
     {{0}}},
    {T_TEXT,
     "employer",
     "Wat is de naam van uw werkgever?",
     "What is the name of your employer?",
     "Dit is het bedrijf dat uw loon betaalt.",
     "This is the company that pays your wages.",
     0,
     0,
     "organization",
     {{0}}},
    {T_TEXT,
     "job",
     "Wat voor werk doet u?",
     "What kind of work do you do?",
     "Bijvoorbeeld kok, verpleegkundige of monteur.",
     "For example cook, nurse or mechanic.",
     0,
     0,
     NULL,
     {{0}}},
    {T_TEXT,
     "school",
     "Op welke school zit u?",
     "Which school do you go to?",
     "Noem ook de plaats van de school.",
     "Also give the town the school is in.",
     0,
     0,
     NULL,
     {{0}}},
    {T_TEXT,
     "birth_place",
     "Waar bent u geboren?",
     "Where were you born?",
     "Schrijf de plaats en het land.",
     "Write the town and the country.",
     0,
     0,
     NULL,
     {{0}}},
    {T_TEXT,
     "passport_number",
     "Wat is het nummer van uw paspoort?",
     "What is your passport number?",
     "U vindt het nummer op de pagina met uw foto.",
     "You find it on the page with your photo.",
     0,
     0,
     NULL,
     {{0}}},
    {T_TEXT,
     "insurer",
     "Bij welk bedrijf heeft u uw zorgverzekering?",
     "Which company provides your health insurance?",
     NULL,
     NULL,
     0,
     0,
     NULL,
     {{0}}},
    {T_TEXT,
     "reason",
     "Waarom wilt u in Nederland wonen?",
     "Why do you want to live in the Netherlands?",
     "Een paar zinnen is genoeg.",
     "A few sentences are enough.",
     0,
     0,
     NULL,
     {{0}}},
    /* date */
    {T_DATE,
     "birth_date",
     "Wat is uw geboortedatum?",
     "What is your date of birth?",
     "Schrijf de dag, de maand en het jaar.",
     "Write the day, the month and the year.",
     0,
     0,
     "bday",
     {{0}}},
    {T_DATE,
     "arrival_date",
     "Wanneer kwam u naar Nederland?",
     "When did you come to the Netherlands?",
     NULL,
     NULL,
     0,
     0,
     NULL,
     {{0}}},
    {T_DATE,
     "job_start",
     "Wanneer begon u bij deze werkgever?",
     "When did you start with this employer?",
     "Kijk op uw contract als u het niet meer weet.",
     "Look at your contract if you do not remember.",
     0,
     0,
     NULL,
     {{0}}},
    {T_DATE,
     "move_date",
     "Sinds wanneer woont u op dit adres?",
     "Since when have you lived at this address?",
     NULL,
     NULL,
     0,
     0,
     NULL,
     {{0}}},
    {T_DATE,
     "marriage_date",
     "Op welke dag bent u getrouwd?",
     "On what day did you get married?",
     "Deze datum staat op uw huwelijksakte.",
     "This date is on your marriage certificate.",
     0,
     0,
     NULL,
     {{0}}},
    {T_DATE,
     "passport_date",
     "Wanneer kreeg u uw paspoort?",
     "When did you get your passport?",
     "Deze datum staat in uw paspoort.",
     "This date is printed in your passport.",
     0,
     0,
     NULL,
     {{0}}},
    {T_DATE,
     "last_visit",
     "Wanneer was u voor het laatst in uw geboorteland?",
     "When were you last in the country where you were born?",
     NULL,
     NULL,
     0,
     0,
     NULL,
     {{0}}},
    /* integer */
    {T_INTEGER,
     "household_size",
     "Hoeveel mensen wonen er in uw huis?",
     "How many people live in your home?",
     "Tel uzelf ook mee.",
     "Count yourself as well.",
     1,
     20,
     NULL,
     {{0}}},
    {T_INTEGER,
     "work_hours",
     "Hoeveel uur per week werkt u?",
     "How many hours a week do you work?",
     "Neem het gemiddelde van de laatste drie maanden.",
     "Take the average of the last three months.",
     0,
     80,
     NULL,
     {{0}}},
    {T_INTEGER,
     "monthly_income",
     "Hoeveel verdient u per maand, in euro?",
     "How much do you earn a month, in euros?",
     "Noem het bedrag dat u na belasting krijgt.",
     "Give the amount you get after tax.",
     0,
     100000,
     NULL,
     {{0}}},
    {T_INTEGER,
     "years_address",
     "Hoeveel jaar woont u al op dit adres?",
     "How many years have you lived at this address?",
     NULL,
     NULL,
     0,
     100,
     NULL,
     {{0}}},
    {T_INTEGER,
     "rent",
     "Hoeveel huur betaalt u per maand, in euro?",
     "How much rent do you pay a month, in euros?",
     "Reken de kosten voor water en stroom niet mee.",
     "Leave out what you pay for water and power.",
     0,
     10000,
     NULL,
     {{0}}},
    {T_INTEGER,
     "rooms",
     "Hoeveel kamers heeft uw huis?",
     "How many rooms does your home have?",
     "Keuken en badkamer tellen niet mee.",
     "Leave out the kitchen and the bathroom.",
     1,
     30,
     NULL,
     {{0}}},
    {T_INTEGER,
     "trips",
     "Hoe vaak ging u vorig jaar naar het buitenland?",
     "How many times did you travel abroad last year?",
     NULL,
     NULL,
     0,
     100,
     NULL,
     {{0}}},
    /* yesno */
    {T_YESNO,
     "has_job",
     "Heeft u werk?",
     "Do you have a job?",
     "Ook werk voor uzelf telt mee.",
     "Working for yourself also counts.",
     0,
     0,
     NULL,
     {{0}}},
    {T_YESNO,
     "partner_in_nl",
     "Woont uw partner in Nederland?",
     "Does your partner live in the Netherlands?",
     NULL,
     NULL,
     0,
     0,
     NULL,
     {{0}}},
    {T_YESNO,
     "has_insurance",
     "Heeft u een zorgverzekering in Nederland?",
     "Do you have health insurance in the Netherlands?",
     NULL,
     NULL,
     0,
     0,
     NULL,
     {{0}}},
    {T_YESNO,
     "has_debts",
     "Heeft u schulden?",
     "Do you owe money to anyone?",
     "Een studielening telt ook mee.",
     "A student loan also counts.",
     0,
     0,
     NULL,
     {{0}}},
    {T_YESNO,
     "convicted",
     "Heeft een rechter u ooit gestraft?",
     "Has a court ever punished you?",
     "Verkeersboetes hoeft u niet te noemen.",
     "You can leave out traffic fines.",
     0,
     0,
     NULL,
     {{0}}},
    {T_YESNO,
     "rents_home",
     "Huurt u uw huis?",
     "Do you rent your home?",
     NULL,
     NULL,
     0,
     0,
     NULL,
     {{0}}},
    {T_YESNO,
     "lived_abroad",
     "Heeft u eerder in een ander land gewoond?",
     "Have you lived in another country before?",
     "Vakanties tellen niet mee.",
     "Holidays do not count.",
     0,
     0,
     NULL,
     {{0}}},
    {T_YESNO,
     "has_children",
     "Heeft u kinderen?",
     "Do you have children?",
     "Ook kinderen die niet bij u wonen.",
     "Also children who live somewhere else.",
     0,
     0,
     NULL,
     {{0}}},
    /* choice */
    {T_CHOICE,
     "partner_status",
     "Bent u getrouwd of heeft u een partner?",
     "Are you married or do you have a partner?",
     NULL,
     NULL,
     0,
     0,
     NULL,
     {{"married", "Ik ben getrouwd", "I am married"},
      {"registered", "Wij hebben een geregistreerd partnerschap",
       "We have a registered partnership"},
      {"partner", "Ik woon samen met mijn partner", "I live with my partner"},
      {"single", "Ik heb geen partner", "I have no partner"}}},
    {T_CHOICE,
     "housing",
     "Wat voor huis heeft u?",
     "What kind of home do you have?",
     NULL,
     NULL,
     0,
     0,
     NULL,
     {{"rented", "Een huurhuis", "A rented home"},
      {"owned", "Een eigen huis", "A home I own"},
      {"family", "Ik woon bij familie", "I live with family"},
      {"other", "Iets anders", "Something else"}}},
    {T_CHOICE,
     "contract",
     "Wat voor contract heeft u?",
     "What kind of work contract do you have?",
     "Kijk in uw contract wat er staat.",
     "Check what your contract says.",
     0,
     0,
     NULL,
     {{"permanent", "Een vast contract", "A permanent contract"},
      {"temporary", "Een tijdelijk contract", "A temporary contract"},
      {"self_employed", "Ik werk voor mezelf", "I work for myself"}}},
    {T_CHOICE,
     "education",
     "Wat is uw hoogste diploma?",
     "What is the highest diploma you have?",
     NULL,
     NULL,
     0,
     0,
     NULL,
     {{"primary", "Basisschool", "Primary school"},
      {"secondary", "Middelbare school", "Secondary school"},
      {"vocational", "Beroepsopleiding", "Vocational training"},
      {"university", "Universiteit of hogeschool", "University or college"},
      {"none", "Ik heb geen diploma", "I have no diploma"}}},
    {T_CHOICE,
     "dutch_level",
     "Hoe goed spreekt u Nederlands?",
     "How well do you speak Dutch?",
     "Kies wat het beste bij u past.",
     "Choose what fits you best.",
     0,
     0,
     NULL,
     {{"none", "Nog niet", "Not yet"},
      {"basic", "Een beetje", "A little"},
      {"good", "Goed", "Well"},
      {"fluent", "Heel goed", "Very well"}}},
    {T_CHOICE,
     "travel_document",
     "Met welk document reist u?",
     "Which document do you travel with?",
     NULL,
     NULL,
     0,
     0,
     NULL,
     {{"passport", "Een paspoort", "A passport"},
      {"id_card", "Een identiteitskaart", "An identity card"},
      {"refugee", "Een reisdocument voor vluchtelingen", "A travel document for refugees"}}},
    {T_CHOICE,
     "contact_by",
     "Hoe wilt u dat wij u bereiken?",
     "How do you want us to reach you?",
     "U kunt dit later nog veranderen.",
     "You can change this later.",
     0,
     0,
     NULL,
     {{"email", "Per e-mail", "By email"},
      {"phone", "Per telefoon", "By phone"},
      {"post", "Per post", "By post"}}},
    /* multichoice */
    {T_MULTICHOICE,
     "languages",
     "Welke talen spreekt u?",
     "Which languages do you speak?",
     "Kies alle talen die u goed spreekt.",
     "Choose every language you speak well.",
     1,
     5,
     NULL,
     {{"dutch", "Nederlands", "Dutch"},
      {"english", "Engels", "English"},
      {"arabic", "Arabisch", "Arabic"},
      {"turkish", "Turks", "Turkish"},
      {"other", "Een andere taal", "Another language"}}},
    {T_MULTICHOICE,
     "income_sources",
     "Waar komt uw geld vandaan?",
     "Where does your money come from?",
     "U kunt meer dan een antwoord kiezen.",
     "You can choose more than one answer.",
     1,
     4,
     NULL,
     {{"work", "Werk", "Work"},
      {"business", "Mijn eigen bedrijf", "My own business"},
      {"pension", "Pensioen", "Pension"},
      {"benefit", "Een uitkering", "Benefits"}}},
    {T_MULTICHOICE,
     "papers",
     "Welke papieren heeft u al?",
     "Which papers do you already have?",
     NULL,
     NULL,
     0,
     4,
     NULL,
     {{"birth", "Geboorteakte", "Birth certificate"},
      {"marriage", "Huwelijksakte", "Marriage certificate"},
      {"diploma", "Diploma", "Diploma"},
      {"contract", "Arbeidscontract", "Work contract"}}},
    {T_MULTICHOICE,
     "commute",
     "Hoe reist u naar uw werk?",
     "How do you get to work?",
     "Kies alles wat u meestal gebruikt.",
     "Choose everything you usually use.",
     1,
     3,
     NULL,
     {{"bike", "Fiets", "Bike"},
      {"car", "Auto", "Car"},
      {"public", "Bus of trein", "Bus or train"}}},
    /* email */
    {T_EMAIL,
     "email",
     "Wat is uw e-mailadres?",
     "What is your email address?",
     "Wij sturen u daar een bevestiging.",
     "We send a confirmation there.",
     0,
     0,
     "email",
     {{0}}},
    {T_EMAIL,
     "employer_email",
     "Wat is het e-mailadres van uw werkgever?",
     "What is the email address of your employer?",
     NULL,
     NULL,
     0,
     0,
     NULL,
     {{0}}},
    {T_EMAIL,
     "contact_email",
     "Op welk e-mailadres kunnen wij u bereiken?",
     "Which email address can we use to reach you?",
     "Gebruik een adres dat u vaak leest.",
     "Use an address you read often.",
     0,
     0,
     "email",
     {{0}}},
};
#define NQUESTIONS (sizeof questions / sizeof questions[0])

/* How often each type is picked, out of the sum. */
static const unsigned type_weight[T__COUNT] = {20, 15, 15, 20, 15, 10, 5};

static const struct {
    const char *stem, *nl, *en, *hint_nl, *hint_en;
} themes[] = {
    {"about_you", "Over u", "About you", "Vul uw gegevens in zoals ze in uw paspoort staan.",
     "Fill in your details as they are in your passport."},
    {"home", "Uw woning", "Your home", "Het gaat om het adres waar u nu woont.",
     "This is about the address where you live now."},
    {"work", "Uw werk", "Your work", "Heeft u meer dan een baan? Noem dan uw grootste baan.",
     "Do you have more than one job? Then tell us about your main job."},
    {"money", "Uw inkomen", "Your income", "Wij vragen dit om te zien of u genoeg verdient.",
     "We ask this to see if you earn enough."},
    {"family", "Uw gezin", "Your family",
     "Noem iedereen die bij u hoort, ook als die ergens anders woont.",
     "Include everyone in your family, also those who live somewhere else."},
    {"travel", "Uw reizen", "Your travel", "Denk aan de laatste vijf jaar.",
     "Think of the last five years."},
};
#define NTHEMES (sizeof themes / sizeof themes[0])

/* An answer a later condition may read. */
typedef struct {
    char id[48];
    qtype type;
    const question_text *text; /* NULL for a computed number */
    long min, max;             /* numbers: the range a condition may test */
    int repeat;                /* the repeat it lives in, or -1 */
} answer;

static uint64_t rng_state = 0x2545F4914F6CDD1DULL;

static uint32_t rnd(uint32_t bound)
{
    /* xorshift64*: small, deterministic on every platform */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)(((rng_state * 0x2545F4914F6CDD1DULL) >> 32) % bound);
}

static answer *answers;
static size_t nanswers;
static int current_repeat = -1;

static void remember(const char *id, qtype type, const question_text *text, long min, long max)
{
    answer *kept = &answers[nanswers++];
    snprintf(kept->id, sizeof kept->id, "%s", id);
    kept->type = type;
    kept->text = text;
    kept->min = min;
    kept->max = max;
    kept->repeat = current_repeat;
}

static size_t count_options(const question_text *text)
{
    size_t count = 0;
    while (count < MAX_OPTIONS && text->options[count].value)
        count++;
    return count;
}

/* Writes a condition on one of the recent answers in scope; returns 0 when there is none. */
static int write_condition_on(FILE *out, const answer *dep)
{
    long threshold;
    switch (dep->type) {
    case T_YESNO:
        fprintf(out, " when=\"%s\"", dep->id);
        return 1;
    case T_CHOICE:
        fprintf(out, " when=\"%s = '%s'\"", dep->id,
                dep->text->options[rnd((uint32_t)count_options(dep->text))].value);
        return 1;
    case T_INTEGER:
        threshold = dep->min + (long)rnd((uint32_t)((dep->max - dep->min) / 4 + 1));
        fprintf(out, " when=\"%s &gt; %ld\"", dep->id, threshold);
        return 1;
    default:
        return 0;
    }
}

static int write_random_condition(FILE *out)
{
    const answer *picks[LOOKBACK];
    size_t npicks = 0;
    for (size_t i = nanswers; i > 0 && nanswers - i < LOOKBACK; i--) {
        const answer *dep = &answers[i - 1];
        if (dep->repeat >= 0 && dep->repeat != current_repeat)
            continue; /* outside its repeat an answer is read only through count() or sum() */
        if (dep->type == T_YESNO || dep->type == T_CHOICE || dep->type == T_INTEGER)
            picks[npicks++] = dep;
    }
    if (npicks == 0)
        return 0;
    return write_condition_on(out, picks[rnd((uint32_t)npicks)]);
}

static void write_texts(FILE *out, const char *indent, const char *element, const char *nl,
                        const char *en)
{
    fprintf(out, "%s<%s xml:lang=\"nl\">%s</%s>\n", indent, element, nl, element);
    fprintf(out, "%s<%s xml:lang=\"en\">%s</%s>\n", indent, element, en, element);
}

/* One question from the table. `forced` is a computed number the question's condition must read
 * (so that every computed value is used), or NULL. */
static void write_question(FILE *out, const char *indent, const question_text *text,
                           unsigned number, const answer *forced)
{
    char id[48];
    char inner[16];
    snprintf(id, sizeof id, "%s_%u", text->stem, number);
    snprintf(inner, sizeof inner, "%s  ", indent);
    fprintf(out, "%s<question id=\"%s\" type=\"%s\"", indent, id, type_names[text->type]);
    if (rnd(2))
        fprintf(out, " required=\"true\"");
    if (forced)
        write_condition_on(out, forced);
    else if (rnd(100) < WHEN_PERCENT)
        write_random_condition(out);
    switch (text->type) {
    case T_DATE:
        fprintf(out, " min=\"date('1900-01-01')\" max=\"today()\"");
        break;
    case T_INTEGER:
        fprintf(out, " min=\"%ld\" max=\"%ld\"", text->min, text->max);
        break;
    case T_MULTICHOICE:
        fprintf(out, " min=\"%ld\" max=\"%ld\"", text->min, text->max);
        break;
    case T_EMAIL:
        fprintf(out, " maxlength=\"254\" pattern=\"[^@ ]+@[^@ ]+\\.[A-Za-z]{2,}\"");
        break;
    case T_TEXT:
        fprintf(out, " maxlength=\"200\"");
        break;
    default:
        break;
    }
    if (text->autocomplete)
        fprintf(out, " autocomplete=\"%s\"", text->autocomplete);
    fprintf(out, ">\n");
    write_texts(out, inner, "label", text->nl, text->en);
    if (text->hint_nl)
        write_texts(out, inner, "hint", text->hint_nl, text->hint_en);
    for (size_t i = 0; i < count_options(text); i++) {
        const option_text *option = &text->options[i];
        fprintf(out, "%s<option value=\"%s\">\n", inner, option->value);
        fprintf(out, "%s  <label xml:lang=\"nl\">%s</label>\n", inner, option->nl);
        fprintf(out, "%s  <label xml:lang=\"en\">%s</label>\n", inner, option->en);
        fprintf(out, "%s</option>\n", inner);
    }
    fprintf(out, "%s</question>\n", indent);
    remember(id, text->type, text, text->min, text->max);
}

/* A computed value derived from the question just written, when it is a number or a date.
 * Returns the computed answer for the next question's condition, or NULL. */
static const answer *write_computed(FILE *out, unsigned number)
{
    const answer *source = &answers[nanswers - 1];
    char id[48];
    if (source->repeat >= 0)
        return NULL;
    if (source->type == T_DATE) {
        snprintf(id, sizeof id, "years_since_%u", number);
        fprintf(out, "    <computed id=\"%s\" value=\"age(%s)\"/>\n", id, source->id);
        remember(id, T_INTEGER, NULL, 0, 120);
        return &answers[nanswers - 1];
    }
    if (source->type == T_INTEGER) {
        snprintf(id, sizeof id, "per_year_%u", number);
        fprintf(out, "    <computed id=\"%s\" value=\"%s * 12\"/>\n", id, source->id);
        remember(id, T_INTEGER, NULL, source->min * 12, source->max * 12);
        return &answers[nanswers - 1];
    }
    return NULL;
}

/* Four questions asked once per child or once per income source, then a computed total that the
 * next question reads. Returns that computed answer. */
static const answer *write_repeat(FILE *out, unsigned number, int kind)
{
    char repeat_id[48], id[4][48], computed_id[48];
    current_repeat = (int)number;
    if (kind == 0) {
        snprintf(repeat_id, sizeof repeat_id, "children_%u", number);
        snprintf(id[0], sizeof id[0], "child_name_%u", number);
        snprintf(id[1], sizeof id[1], "child_birth_date_%u", number + 1);
        snprintf(id[2], sizeof id[2], "child_lives_with_you_%u", number + 2);
        snprintf(id[3], sizeof id[3], "child_school_%u", number + 3);
        fprintf(out,
                "    <repeat id=\"%s\" min=\"0\" max=\"12\">\n"
                "      <title xml:lang=\"nl\">Uw kinderen</title>\n"
                "      <title xml:lang=\"en\">Your children</title>\n"
                "      <hint xml:lang=\"nl\">Vul deze vragen in voor elk kind.</hint>\n"
                "      <hint xml:lang=\"en\">Answer these questions for each child.</hint>\n",
                repeat_id);
        fprintf(out,
                "      <question id=\"%s\" type=\"text\" required=\"true\" maxlength=\"200\">\n"
                "        <label xml:lang=\"nl\">Wat is de naam van uw kind?</label>\n"
                "        <label xml:lang=\"en\">What is the name of your child?</label>\n"
                "      </question>\n",
                id[0]);
        fprintf(
            out,
            "      <question id=\"%s\" type=\"date\" required=\"true\" min=\"date('1900-01-01')\" "
            "max=\"today()\">\n"
            "        <label xml:lang=\"nl\">Wanneer is uw kind geboren?</label>\n"
            "        <label xml:lang=\"en\">When was your child born?</label>\n"
            "      </question>\n",
            id[1]);
        fprintf(out,
                "      <question id=\"%s\" type=\"yesno\" required=\"true\">\n"
                "        <label xml:lang=\"nl\">Woont dit kind bij u?</label>\n"
                "        <label xml:lang=\"en\">Does this child live with you?</label>\n"
                "      </question>\n",
                id[2]);
        fprintf(out,
                "      <question id=\"%s\" type=\"choice\" when=\"%s\">\n"
                "        <label xml:lang=\"nl\">Waar gaat dit kind overdag heen?</label>\n"
                "        <label xml:lang=\"en\">Where does this child go during the day?</label>\n"
                "        <hint xml:lang=\"nl\">Kies wat het kind meestal doet.</hint>\n"
                "        <hint xml:lang=\"en\">Choose what the child usually does.</hint>\n"
                "        <option value=\"home\">\n"
                "          <label xml:lang=\"nl\">Thuis</label>\n"
                "          <label xml:lang=\"en\">At home</label>\n"
                "        </option>\n"
                "        <option value=\"daycare\">\n"
                "          <label xml:lang=\"nl\">Kinderopvang</label>\n"
                "          <label xml:lang=\"en\">Day care</label>\n"
                "        </option>\n"
                "        <option value=\"school\">\n"
                "          <label xml:lang=\"nl\">School</label>\n"
                "          <label xml:lang=\"en\">School</label>\n"
                "        </option>\n"
                "      </question>\n",
                id[3], id[2]);
        fprintf(out, "    </repeat>\n");
        current_repeat = -1;
        snprintf(computed_id, sizeof computed_id, "number_of_children_%u", number);
        fprintf(out, "    <computed id=\"%s\" value=\"count(%s)\"/>\n", computed_id, repeat_id);
        remember(computed_id, T_INTEGER, NULL, 0, 12);
    } else {
        snprintf(repeat_id, sizeof repeat_id, "incomes_%u", number);
        snprintf(id[0], sizeof id[0], "income_kind_%u", number);
        snprintf(id[1], sizeof id[1], "income_amount_%u", number + 1);
        snprintf(id[2], sizeof id[2], "income_since_%u", number + 2);
        snprintf(id[3], sizeof id[3], "income_payer_%u", number + 3);
        fprintf(
            out,
            "    <repeat id=\"%s\" min=\"1\" max=\"10\">\n"
            "      <title xml:lang=\"nl\">Uw inkomsten</title>\n"
            "      <title xml:lang=\"en\">Your sources of income</title>\n"
            "      <hint xml:lang=\"nl\">Vul deze vragen in voor elk bedrag dat u krijgt.</hint>\n"
            "      <hint xml:lang=\"en\">Answer these questions for each amount you get.</hint>\n",
            repeat_id);
        fprintf(out,
                "      <question id=\"%s\" type=\"choice\" required=\"true\">\n"
                "        <label xml:lang=\"nl\">Waar krijgt u dit geld voor?</label>\n"
                "        <label xml:lang=\"en\">What do you get this money for?</label>\n"
                "        <option value=\"salary\">\n"
                "          <label xml:lang=\"nl\">Loon</label>\n"
                "          <label xml:lang=\"en\">Wages</label>\n"
                "        </option>\n"
                "        <option value=\"business\">\n"
                "          <label xml:lang=\"nl\">Winst uit mijn bedrijf</label>\n"
                "          <label xml:lang=\"en\">Profit from my business</label>\n"
                "        </option>\n"
                "        <option value=\"benefit\">\n"
                "          <label xml:lang=\"nl\">Een uitkering</label>\n"
                "          <label xml:lang=\"en\">Benefits</label>\n"
                "        </option>\n"
                "        <option value=\"other\">\n"
                "          <label xml:lang=\"nl\">Iets anders</label>\n"
                "          <label xml:lang=\"en\">Something else</label>\n"
                "        </option>\n"
                "      </question>\n",
                id[0]);
        fprintf(out,
                "      <question id=\"%s\" type=\"integer\" required=\"true\" min=\"0\" "
                "max=\"100000\">\n"
                "        <label xml:lang=\"nl\">Hoeveel krijgt u per maand, in euro?</label>\n"
                "        <label xml:lang=\"en\">How much do you get a month, in euros?</label>\n"
                "        <hint xml:lang=\"nl\">Noem het bedrag na belasting.</hint>\n"
                "        <hint xml:lang=\"en\">Give the amount after tax.</hint>\n"
                "      </question>\n",
                id[1]);
        fprintf(
            out,
            "      <question id=\"%s\" type=\"date\" min=\"date('1900-01-01')\" max=\"today()\">\n"
            "        <label xml:lang=\"nl\">Sinds wanneer krijgt u dit geld?</label>\n"
            "        <label xml:lang=\"en\">Since when have you been getting this money?</label>\n"
            "      </question>\n",
            id[2]);
        fprintf(
            out,
            "      <question id=\"%s\" type=\"text\" maxlength=\"200\" when=\"%s = 'salary'\">\n"
            "        <label xml:lang=\"nl\">Wie betaalt u dit loon?</label>\n"
            "        <label xml:lang=\"en\">Who pays you these wages?</label>\n"
            "        <hint xml:lang=\"nl\">Noem de naam van het bedrijf.</hint>\n"
            "        <hint xml:lang=\"en\">Give the name of the company.</hint>\n"
            "      </question>\n",
            id[3], id[0]);
        fprintf(out, "    </repeat>\n");
        current_repeat = -1;
        snprintf(computed_id, sizeof computed_id, "total_income_%u", number);
        fprintf(out, "    <computed id=\"%s\" value=\"sum(%s/%s)\"/>\n", computed_id, repeat_id,
                id[1]);
        remember(computed_id, T_INTEGER, NULL, 0, 1000000);
    }
    return &answers[nanswers - 1];
}

/* Picks a question of a weighted random type that this section has not asked yet. */
static const question_text *pick_question(const unsigned char *used)
{
    unsigned total = 0;
    for (int type = 0; type < T__COUNT; type++)
        total += type_weight[type];
    for (;;) {
        unsigned roll = rnd(total);
        int type = 0;
        size_t candidates[NQUESTIONS], ncandidates = 0;
        while (roll >= type_weight[type])
            roll -= type_weight[type++];
        for (size_t i = 0; i < NQUESTIONS; i++)
            if (questions[i].type == (qtype)type && !used[i])
                candidates[ncandidates++] = i;
        if (ncandidates)
            return &questions[candidates[rnd((uint32_t)ncandidates)]];
    }
}

int main(int argc, char **argv)
{
    char *end;
    unsigned long count;
    unsigned number = 1, section = 0;
    const answer *pending = NULL; /* a computed value the next question must read */
    if (argc != 2 || (count = strtoul(argv[1], &end, 10), *end) || count == 0 || count > 1000000) {
        fprintf(stderr, "usage: gen-form N > form.xml   (N questions, 1 to 1000000)\n");
        return 2;
    }
    answers = calloc(count * 2 + 16, sizeof *answers);
    if (!answers) {
        fprintf(stderr, "gen-form: out of memory\n");
        return 3;
    }
    printf(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!-- Synthetic form of %lu questions, made by bench/gen-form for the lint benchmark. -->\n"
        "<form xmlns=\"urn:helder:form:1\" id=\"bench_%lu\" version=\"2026.1\" languages=\"nl "
        "en\">\n",
        count, count);
    write_texts(stdout, "  ", "title", "Verblijfsvergunning aanvragen",
                "Apply for a residence permit");
    write_texts(
        stdout, "  ", "intro",
        "Met dit formulier vraagt u een verblijfsvergunning aan. Wij stellen alleen de vragen "
        "die voor u gelden.",
        "Use this form to apply for a residence permit. We only ask the questions that apply "
        "to you.");
    while (number <= count) {
        unsigned char used[NQUESTIONS] = {0};
        unsigned in_section = 0;
        unsigned theme = (unsigned)(section % NTHEMES);
        char title_nl[96], title_en[96];
        snprintf(title_nl, sizeof title_nl, "%s, deel %u", themes[theme].nl,
                 (unsigned)(section / NTHEMES + 1));
        snprintf(title_en, sizeof title_en, "%s, part %u", themes[theme].en,
                 (unsigned)(section / NTHEMES + 1));
        printf("  <section id=\"%s_%u\">\n", themes[theme].stem, section + 1);
        write_texts(stdout, "    ", "title", title_nl, title_en);
        write_texts(stdout, "    ", "hint", themes[theme].hint_nl, themes[theme].hint_en);
        while (in_section < SECTION_SIZE && number <= count) {
            const question_text *text;
            if (section % (BLOCK_SIZE / SECTION_SIZE) == REPEAT_SECTION &&
                in_section == REPEAT_FIRST && number + REPEAT_SIZE <= count) {
                /* only when a question follows, to read the repeat's total */
                pending = write_repeat(stdout, number, (int)(section / 5 % 2));
                number += REPEAT_SIZE;
                in_section += REPEAT_SIZE;
                continue;
            }
            text = pick_question(used);
            used[text - questions] = 1;
            write_question(stdout, "    ", text, number, pending);
            pending = NULL;
            /* not right before a repeat, whose own total the next question reads */
            if (rnd(100) < COMPUTED_PERCENT && number < count &&
                !(section % (BLOCK_SIZE / SECTION_SIZE) == REPEAT_SECTION &&
                  in_section + 1 == REPEAT_FIRST))
                pending = write_computed(stdout, number);
            number++;
            in_section++;
        }
        printf("  </section>\n");
        section++;
    }
    printf("</form>\n");
    free(answers);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("gen-form");
        return 3;
    }
    return 0;
}
