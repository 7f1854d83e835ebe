/* The message catalogue: every word helder itself puts on a rendered form, per language, as
 * data. English is complete and the fallback; nl, ar and ti (Tigrinya) follow it entry by entry.
 * The Arabic and Tigrinya texts are helder's own translations and want a native reviewer.
 */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "render/messages.h"

typedef struct {
    const char *lang;
    const char *text[HELDER_MSG__COUNT];
} catalogue;

static const catalogue catalogues[] = {
    {"en",
     {
         [HELDER_MSG_YES] = "Yes",
         [HELDER_MSG_NO] = "No",
         [HELDER_MSG_PAGE_OF] = "Page {1} of {2}",
         [HELDER_MSG_FORM_VERSION] = "Form {1}, version {2}",
         [HELDER_MSG_PART] = "Part {1}",
         [HELDER_MSG_QUESTION] = "Question {1}",
         [HELDER_MSG_HOW_TITLE] = "How to fill in this form",
         [HELDER_MSG_CAPITALS] = "Write in CAPITAL LETTERS with a black or blue pen. Write one "
                                 "letter or digit in each box.",
         [HELDER_MSG_MARK_ONE] = "Circles: choose one answer and fill in its circle.",
         [HELDER_MSG_MARK_ANY] = "Squares: put a cross in every square that applies.",
         [HELDER_MSG_ROUTING_HELP] =
             "When an answer says \u201cgo to question \u2026\u201d, skip the "
             "questions in between. A line \u201cAnswer only if \u2026\u201d "
             "tells you when a question applies to you.",
         [HELDER_MSG_SEND_TO] = "Send the form and the documents on the checklist to the IND by "
                                "post; the address is on ind.nl. Keep a copy for yourself.",
         [HELDER_MSG_FILLED_COPY] = "Filled-in copy",
         [HELDER_MSG_DATE_PARTS] = "DD MM YYYY",
         [HELDER_MSG_ATTACH] = "Attach a copy to this form.",
         [HELDER_MSG_MAX_CHARS] = "at most {1} characters",
         [HELDER_MSG_CHOOSE_ONE] = "Choose one answer.",
         [HELDER_MSG_CHOOSE_ANY] = "Put a cross in every square that applies.",
         [HELDER_MSG_COUNTRY_HINT] = "Write the name of the country.",
         [HELDER_MSG_GOTO] = "go to question {1}",
         [HELDER_MSG_GOTO_END] = "go to the end of the form",
         [HELDER_MSG_ONLY_IF] = "Answer only if {1}.",
         [HELDER_MSG_ONLY_IF_GENERIC] = "Answer only if this applies to you.",
         [HELDER_MSG_PART_ONLY_IF] = "Fill in this part only if {1}.",
         [HELDER_MSG_PART_ONLY_IF_GENERIC] = "Fill in this part only if it applies to you.",
         [HELDER_MSG_SEND_ONLY_IF] = "Send this only if {1}.",
         [HELDER_MSG_SEND_ONLY_IF_GENERIC] = "Send this only if it applies to you.",
         [HELDER_MSG_NOTE_ONLY_IF] = "This applies only if {1}.",
         [HELDER_MSG_NOTE_ONLY_IF_GENERIC] = "Read this only if it applies to you.",
         [HELDER_MSG_OPTION_ONLY_IF] = "only if {1}",
         [HELDER_MSG_OPTION_ONLY_IF_GENERIC] = "only if this applies to you",
         [HELDER_MSG_C_YES] = "you answered Yes to question {1}",
         [HELDER_MSG_C_NO] = "you answered No to question {1}",
         [HELDER_MSG_C_CHOSE] = "you chose {2} at question {1}",
         [HELDER_MSG_C_NOT_CHOSE] = "you did not choose {2} at question {1}",
         [HELDER_MSG_C_TICKED] = "you ticked {2} at question {1}",
         [HELDER_MSG_C_NOT_TICKED] = "you did not tick {2} at question {1}",
         [HELDER_MSG_C_ANSWERED] = "you answered question {1}",
         [HELDER_MSG_C_NOT_ANSWERED] = "you did not answer question {1}",
         [HELDER_MSG_C_EQ] = "question {1} is {2}",
         [HELDER_MSG_C_NE] = "question {1} is not {2}",
         [HELDER_MSG_C_GT] = "question {1} is more than {2}",
         [HELDER_MSG_C_GE] = "question {1} is {2} or more",
         [HELDER_MSG_C_LT] = "question {1} is less than {2}",
         [HELDER_MSG_C_LE] = "question {1} is {2} or less",
         [HELDER_MSG_C_DATE_AFTER] = "the date at question {1} is after {2}",
         [HELDER_MSG_C_DATE_FROM] = "the date at question {1} is {2} or later",
         [HELDER_MSG_C_DATE_BEFORE] = "the date at question {1} is before {2}",
         [HELDER_MSG_C_DATE_UNTIL] = "the date at question {1} is {2} or earlier",
         [HELDER_MSG_C_AGE_GE] = "the date at question {1} is at least {2} years ago",
         [HELDER_MSG_C_AGE_LT] = "the date at question {1} is less than {2} years ago",
         [HELDER_MSG_AND] = "{1} and {2}",
         [HELDER_MSG_OR] = "{1} or {2}",
         [HELDER_MSG_QUOTE] = "\u2018{1}\u2019",
         [HELDER_MSG_REPEAT_COPY] = "{1}, number {2}",
         [HELDER_MSG_COPY_MORE] = "Do you need more than {1}? Copy these pages before you fill "
                                  "them in.",
         [HELDER_MSG_DOCUMENTS_HOW] = "Put a cross next to each document you send with this form.",
         [HELDER_MSG_SIGN_TITLE] = "Signature",
         [HELDER_MSG_DECLARATION] = "I declare that I have filled in this form completely and "
                                    "truthfully.",
         [HELDER_MSG_SIGN_HERE] = "Sign here",
         [HELDER_MSG_DATE] = "Date",
         [HELDER_MSG_NAME] = "Name",
     }},
    {"nl",
     {
         [HELDER_MSG_YES] = "Ja",
         [HELDER_MSG_NO] = "Nee",
         [HELDER_MSG_PAGE_OF] = "Pagina {1} van {2}",
         [HELDER_MSG_FORM_VERSION] = "Formulier {1}, versie {2}",
         [HELDER_MSG_PART] = "Deel {1}",
         [HELDER_MSG_QUESTION] = "Vraag {1}",
         [HELDER_MSG_HOW_TITLE] = "Zo vult u dit formulier in",
         [HELDER_MSG_CAPITALS] = "Schrijf in HOOFDLETTERS, met een zwarte of blauwe pen. Schrijf "
                                 "\u00e9\u00e9n letter of cijfer in elk vakje.",
         [HELDER_MSG_MARK_ONE] = "Rondjes: kies \u00e9\u00e9n antwoord en kleur het rondje in.",
         [HELDER_MSG_MARK_ANY] = "Vierkantjes: zet een kruisje in elk vierkantje dat klopt.",
         [HELDER_MSG_ROUTING_HELP] =
             "Staat er bij een antwoord \u201cga naar vraag \u2026\u201d? "
             "Sla dan de vragen daartussen over. De regel \u201cAlleen "
             "invullen als \u2026\u201d zegt wanneer een vraag voor u geldt.",
         [HELDER_MSG_SEND_TO] = "Stuur het formulier met de documenten van de lijst per post naar "
                                "de IND; het adres staat op ind.nl. Bewaar een kopie voor uzelf.",
         [HELDER_MSG_FILLED_COPY] = "Ingevuld exemplaar",
         [HELDER_MSG_DATE_PARTS] = "DD MM JJJJ",
         [HELDER_MSG_ATTACH] = "Stuur een kopie mee met dit formulier.",
         [HELDER_MSG_MAX_CHARS] = "hoogstens {1} tekens",
         [HELDER_MSG_CHOOSE_ONE] = "Kies \u00e9\u00e9n antwoord.",
         [HELDER_MSG_CHOOSE_ANY] = "Zet een kruisje in elk vierkantje dat klopt.",
         [HELDER_MSG_COUNTRY_HINT] = "Schrijf de naam van het land.",
         [HELDER_MSG_GOTO] = "ga naar vraag {1}",
         [HELDER_MSG_GOTO_END] = "ga naar het einde van het formulier",
         [HELDER_MSG_ONLY_IF] = "Alleen invullen als {1}.",
         [HELDER_MSG_ONLY_IF_GENERIC] = "Alleen invullen als dit voor u geldt.",
         [HELDER_MSG_PART_ONLY_IF] = "Vul dit deel alleen in als {1}.",
         [HELDER_MSG_PART_ONLY_IF_GENERIC] = "Vul dit deel alleen in als het voor u geldt.",
         [HELDER_MSG_SEND_ONLY_IF] = "Alleen meesturen als {1}.",
         [HELDER_MSG_SEND_ONLY_IF_GENERIC] = "Alleen meesturen als dit voor u geldt.",
         [HELDER_MSG_NOTE_ONLY_IF] = "Dit geldt alleen als {1}.",
         [HELDER_MSG_NOTE_ONLY_IF_GENERIC] = "Lees dit alleen als het voor u geldt.",
         [HELDER_MSG_OPTION_ONLY_IF] = "alleen als {1}",
         [HELDER_MSG_OPTION_ONLY_IF_GENERIC] = "alleen als dit voor u geldt",
         [HELDER_MSG_C_YES] = "u bij vraag {1} Ja heeft geantwoord",
         [HELDER_MSG_C_NO] = "u bij vraag {1} Nee heeft geantwoord",
         [HELDER_MSG_C_CHOSE] = "u bij vraag {1} {2} heeft gekozen",
         [HELDER_MSG_C_NOT_CHOSE] = "u bij vraag {1} niet {2} heeft gekozen",
         [HELDER_MSG_C_TICKED] = "u bij vraag {1} {2} heeft aangekruist",
         [HELDER_MSG_C_NOT_TICKED] = "u bij vraag {1} {2} niet heeft aangekruist",
         [HELDER_MSG_C_ANSWERED] = "u vraag {1} heeft beantwoord",
         [HELDER_MSG_C_NOT_ANSWERED] = "u vraag {1} niet heeft beantwoord",
         [HELDER_MSG_C_EQ] = "het antwoord op vraag {1} {2} is",
         [HELDER_MSG_C_NE] = "het antwoord op vraag {1} niet {2} is",
         [HELDER_MSG_C_GT] = "het antwoord op vraag {1} meer dan {2} is",
         [HELDER_MSG_C_GE] = "het antwoord op vraag {1} {2} of meer is",
         [HELDER_MSG_C_LT] = "het antwoord op vraag {1} minder dan {2} is",
         [HELDER_MSG_C_LE] = "het antwoord op vraag {1} {2} of minder is",
         [HELDER_MSG_C_DATE_AFTER] = "de datum bij vraag {1} na {2} is",
         [HELDER_MSG_C_DATE_FROM] = "de datum bij vraag {1} op of na {2} is",
         [HELDER_MSG_C_DATE_BEFORE] = "de datum bij vraag {1} v\u00f3\u00f3r {2} is",
         [HELDER_MSG_C_DATE_UNTIL] = "de datum bij vraag {1} op of v\u00f3\u00f3r {2} is",
         [HELDER_MSG_C_AGE_GE] = "de datum bij vraag {1} minstens {2} jaar geleden is",
         [HELDER_MSG_C_AGE_LT] = "de datum bij vraag {1} minder dan {2} jaar geleden is",
         [HELDER_MSG_AND] = "{1} en {2}",
         [HELDER_MSG_OR] = "{1} of {2}",
         [HELDER_MSG_QUOTE] = "\u2018{1}\u2019",
         [HELDER_MSG_REPEAT_COPY] = "{1}, nummer {2}",
         [HELDER_MSG_COPY_MORE] = "Heeft u er meer dan {1}? Kopieer deze pagina's dan voordat u "
                                  "ze invult.",
         [HELDER_MSG_DOCUMENTS_HOW] = "Zet een kruisje bij elk document dat u meestuurt.",
         [HELDER_MSG_SIGN_TITLE] = "Ondertekening",
         [HELDER_MSG_DECLARATION] = "Ik verklaar dat ik dit formulier volledig en naar waarheid "
                                    "heb ingevuld.",
         [HELDER_MSG_SIGN_HERE] = "Handtekening",
         [HELDER_MSG_DATE] = "Datum",
         [HELDER_MSG_NAME] = "Naam",
     }},
    {"ar",
     {
         [HELDER_MSG_YES] = "نعم",
         [HELDER_MSG_NO] = "لا",
         [HELDER_MSG_PAGE_OF] = "الصفحة {1} من {2}",
         [HELDER_MSG_FORM_VERSION] = "النموذج {1}، الإصدار {2}",
         [HELDER_MSG_PART] = "الجزء {1}",
         [HELDER_MSG_QUESTION] = "السؤال {1}",
         [HELDER_MSG_HOW_TITLE] = "كيف تملأ هذا النموذج",
         [HELDER_MSG_CAPITALS] = "اكتب بخط واضح بقلم أسود أو أزرق. اكتب الأسماء بالحروف اللاتينية "
                                 "الكبيرة كما في جواز السفر، حرفًا أو رقمًا واحدًا في كل مربع.",
         [HELDER_MSG_MARK_ONE] = "الدوائر: اختر إجابة واحدة واملأ دائرتها.",
         [HELDER_MSG_MARK_ANY] = "المربعات: ضع علامة × في كل مربع ينطبق عليك.",
         [HELDER_MSG_ROUTING_HELP] = "إذا كُتب بجانب إجابة «انتقل إلى السؤال …» فتخطَّ الأسئلة التي "
                                     "بينهما. والسطر «أجب فقط إذا …» يبيّن متى ينطبق السؤال عليك.",
         [HELDER_MSG_SEND_TO] = "أرسل النموذج مع الوثائق المذكورة في القائمة بالبريد إلى دائرة "
                                "الهجرة (IND)؛ العنوان موجود على ind.nl. احتفظ بنسخة لنفسك.",
         [HELDER_MSG_FILLED_COPY] = "نسخة مملوءة",
         [HELDER_MSG_DATE_PARTS] = "يوم شهر سنة",
         [HELDER_MSG_ATTACH] = "أرفق نسخة مع هذا النموذج.",
         [HELDER_MSG_MAX_CHARS] = "{1} حرفًا على الأكثر",
         [HELDER_MSG_CHOOSE_ONE] = "اختر إجابة واحدة.",
         [HELDER_MSG_CHOOSE_ANY] = "ضع علامة × في كل مربع ينطبق عليك.",
         [HELDER_MSG_COUNTRY_HINT] = "اكتب اسم البلد.",
         [HELDER_MSG_GOTO] = "انتقل إلى السؤال {1}",
         [HELDER_MSG_GOTO_END] = "انتقل إلى نهاية النموذج",
         [HELDER_MSG_ONLY_IF] = "أجب فقط إذا {1}.",
         [HELDER_MSG_ONLY_IF_GENERIC] = "أجب فقط إذا كان هذا ينطبق عليك.",
         [HELDER_MSG_PART_ONLY_IF] = "املأ هذا الجزء فقط إذا {1}.",
         [HELDER_MSG_PART_ONLY_IF_GENERIC] = "املأ هذا الجزء فقط إذا كان ينطبق عليك.",
         [HELDER_MSG_SEND_ONLY_IF] = "أرسل هذا فقط إذا {1}.",
         [HELDER_MSG_SEND_ONLY_IF_GENERIC] = "أرسل هذا فقط إذا كان ينطبق عليك.",
         [HELDER_MSG_NOTE_ONLY_IF] = "ينطبق هذا فقط إذا {1}.",
         [HELDER_MSG_NOTE_ONLY_IF_GENERIC] = "اقرأ هذا فقط إذا كان ينطبق عليك.",
         [HELDER_MSG_OPTION_ONLY_IF] = "فقط إذا {1}",
         [HELDER_MSG_OPTION_ONLY_IF_GENERIC] = "فقط إذا كان ينطبق عليك",
         [HELDER_MSG_C_YES] = "أجبت بـ«نعم» على السؤال {1}",
         [HELDER_MSG_C_NO] = "أجبت بـ«لا» على السؤال {1}",
         [HELDER_MSG_C_CHOSE] = "اخترت {2} في السؤال {1}",
         [HELDER_MSG_C_NOT_CHOSE] = "لم تختر {2} في السؤال {1}",
         [HELDER_MSG_C_TICKED] = "وضعت علامة عند {2} في السؤال {1}",
         [HELDER_MSG_C_NOT_TICKED] = "لم تضع علامة عند {2} في السؤال {1}",
         [HELDER_MSG_C_ANSWERED] = "أجبت على السؤال {1}",
         [HELDER_MSG_C_NOT_ANSWERED] = "لم تجب على السؤال {1}",
         [HELDER_MSG_C_EQ] = "كانت الإجابة على السؤال {1} هي {2}",
         [HELDER_MSG_C_NE] = "لم تكن الإجابة على السؤال {1} هي {2}",
         [HELDER_MSG_C_GT] = "كانت الإجابة على السؤال {1} أكثر من {2}",
         [HELDER_MSG_C_GE] = "كانت الإجابة على السؤال {1} هي {2} أو أكثر",
         [HELDER_MSG_C_LT] = "كانت الإجابة على السؤال {1} أقل من {2}",
         [HELDER_MSG_C_LE] = "كانت الإجابة على السؤال {1} هي {2} أو أقل",
         [HELDER_MSG_C_DATE_AFTER] = "كان التاريخ في السؤال {1} بعد {2}",
         [HELDER_MSG_C_DATE_FROM] = "كان التاريخ في السؤال {1} في {2} أو بعده",
         [HELDER_MSG_C_DATE_BEFORE] = "كان التاريخ في السؤال {1} قبل {2}",
         [HELDER_MSG_C_DATE_UNTIL] = "كان التاريخ في السؤال {1} في {2} أو قبله",
         [HELDER_MSG_C_AGE_GE] = "مضى على التاريخ في السؤال {1} {2} سنة على الأقل",
         [HELDER_MSG_C_AGE_LT] = "مضى على التاريخ في السؤال {1} أقل من {2} سنة",
         [HELDER_MSG_AND] = "{1} و{2}",
         [HELDER_MSG_OR] = "{1} أو {2}",
         [HELDER_MSG_QUOTE] = "«{1}»",
         [HELDER_MSG_REPEAT_COPY] = "{1}، رقم {2}",
         [HELDER_MSG_COPY_MORE] = "هل تحتاج إلى أكثر من {1}؟ انسخ هذه الصفحات قبل أن تملأها.",
         [HELDER_MSG_DOCUMENTS_HOW] = "ضع علامة × بجانب كل وثيقة ترسلها مع هذا النموذج.",
         [HELDER_MSG_SIGN_TITLE] = "التوقيع",
         [HELDER_MSG_DECLARATION] = "أقر بأنني ملأت هذا النموذج كاملًا وبصدق.",
         [HELDER_MSG_SIGN_HERE] = "وقّع هنا",
         [HELDER_MSG_DATE] = "التاريخ",
         [HELDER_MSG_NAME] = "الاسم",
     }},
    {"ti",
     {
         [HELDER_MSG_YES] = "እወ",
         [HELDER_MSG_NO] = "ኣይፋል",
         [HELDER_MSG_PAGE_OF] = "ገጽ {1} ካብ {2}",
         [HELDER_MSG_FORM_VERSION] = "ቅጥዒ {1}፣ ሕታም {2}",
         [HELDER_MSG_PART] = "ክፋል {1}",
         [HELDER_MSG_QUESTION] = "ሕቶ {1}",
         [HELDER_MSG_HOW_TITLE] = "ነዚ ቅጥዒ ብኸመይ ትመልእዎ",
         [HELDER_MSG_CAPITALS] = "ብጸሊም ወይ ሰማያዊ ብርዒ ብንጹር ጽሓፉ። ኣስማት ከም ኣብ ፓስፖርት ብዓበይቲ "
                                 "ላቲን ፊደላት ጽሓፉ፣ ኣብ ነፍሲ ወከፍ ሳጹን ሓንቲ ፊደል ወይ ቁጽሪ።",
         [HELDER_MSG_MARK_ONE] = "ዓንኬላት፦ ሓደ መልሲ ምረጹ እሞ ዓንኬሉ ምልእዎ።",
         [HELDER_MSG_MARK_ANY] = "ሳጹናት፦ ኣብ ነፍሲ ወከፍ ዝምልከተኩም ሳጹን × ግበሩ።",
         [HELDER_MSG_ROUTING_HELP] = "ኣብ ጥቓ መልሲ «ናብ ሕቶ … ኺዱ» እንተተጻሒፉ፣ ኣብ ማእከል ዘለዉ ሕቶታት "
                                     "ሕለፍዎም። «… ጥራይ ምለሱ» ዝብል መስመር ሕቶ መዓስ ከም ዝምልከተኩም ይሕብር።",
         [HELDER_MSG_SEND_TO] = "ነቲ ቅጥዒ ምስቶም ኣብ ዝርዝር ዘለዉ ሰነዳት ብፖስታ ናብ IND ስደዱ፤ ኣድራሻ ኣብ "
                                "ind.nl ኣሎ። ንገዛእ ርእስኹም ቅዳሕ ሓዙ።",
         [HELDER_MSG_FILLED_COPY] = "ዝተመልአ ቅዳሕ",
         [HELDER_MSG_DATE_PARTS] = "መዓልቲ ወርሒ ዓመት",
         [HELDER_MSG_ATTACH] = "ምስዚ ቅጥዒ ቅዳሕ ኣተሓሒዝኩም ስደዱ።",
         [HELDER_MSG_MAX_CHARS] = "ብዝበዝሐ {1} ፊደላት",
         [HELDER_MSG_CHOOSE_ONE] = "ሓደ መልሲ ምረጹ።",
         [HELDER_MSG_CHOOSE_ANY] = "ኣብ ነፍሲ ወከፍ ዝምልከተኩም ሳጹን × ግበሩ።",
         [HELDER_MSG_COUNTRY_HINT] = "ስም ሃገር ጽሓፉ።",
         [HELDER_MSG_GOTO] = "ናብ ሕቶ {1} ኺዱ",
         [HELDER_MSG_GOTO_END] = "ናብ መወዳእታ ቅጥዒ ኺዱ",
         [HELDER_MSG_ONLY_IF] = "{1} ጥራይ ምለሱ።",
         [HELDER_MSG_ONLY_IF_GENERIC] = "ዝምልከተኩም እንተኾይኑ ጥራይ ምለሱ።",
         [HELDER_MSG_PART_ONLY_IF] = "{1} ጥራይ ነዚ ክፋል ምልእዎ።",
         [HELDER_MSG_PART_ONLY_IF_GENERIC] = "ዝምልከተኩም እንተኾይኑ ጥራይ ነዚ ክፋል ምልእዎ።",
         [HELDER_MSG_SEND_ONLY_IF] = "{1} ጥራይ ነዚ ስደዱ።",
         [HELDER_MSG_SEND_ONLY_IF_GENERIC] = "ዝምልከተኩም እንተኾይኑ ጥራይ ነዚ ስደዱ።",
         [HELDER_MSG_NOTE_ONLY_IF] = "እዚ {1} ጥራይ እዩ ዝምልከት።",
         [HELDER_MSG_NOTE_ONLY_IF_GENERIC] = "ዝምልከተኩም እንተኾይኑ ጥራይ ኣንብቡ።",
         [HELDER_MSG_OPTION_ONLY_IF] = "{1} ጥራይ",
         [HELDER_MSG_OPTION_ONLY_IF_GENERIC] = "ዝምልከተኩም እንተኾይኑ ጥራይ",
         [HELDER_MSG_C_YES] = "ንሕቶ {1} «እወ» እንተ መሊስኩም",
         [HELDER_MSG_C_NO] = "ንሕቶ {1} «ኣይፋል» እንተ መሊስኩም",
         [HELDER_MSG_C_CHOSE] = "ኣብ ሕቶ {1} {2} እንተ መሪጽኩም",
         [HELDER_MSG_C_NOT_CHOSE] = "ኣብ ሕቶ {1} {2} እንተ ዘይመረጽኩም",
         [HELDER_MSG_C_TICKED] = "ኣብ ሕቶ {1} ኣብ {2} ምልክት እንተ ገይርኩም",
         [HELDER_MSG_C_NOT_TICKED] = "ኣብ ሕቶ {1} ኣብ {2} ምልክት እንተ ዘይገበርኩም",
         [HELDER_MSG_C_ANSWERED] = "ንሕቶ {1} እንተ መሊስኩም",
         [HELDER_MSG_C_NOT_ANSWERED] = "ንሕቶ {1} እንተ ዘይመለስኩም",
         [HELDER_MSG_C_EQ] = "መልሲ ሕቶ {1} {2} እንተኾይኑ",
         [HELDER_MSG_C_NE] = "መልሲ ሕቶ {1} {2} እንተ ዘይኮይኑ",
         [HELDER_MSG_C_GT] = "መልሲ ሕቶ {1} ካብ {2} ንላዕሊ እንተኾይኑ",
         [HELDER_MSG_C_GE] = "መልሲ ሕቶ {1} {2} ወይ ልዕሊኡ እንተኾይኑ",
         [HELDER_MSG_C_LT] = "መልሲ ሕቶ {1} ካብ {2} ንታሕቲ እንተኾይኑ",
         [HELDER_MSG_C_LE] = "መልሲ ሕቶ {1} {2} ወይ ትሕቲኡ እንተኾይኑ",
         [HELDER_MSG_C_DATE_AFTER] = "ዕለት ሕቶ {1} ድሕሪ {2} እንተኾይኑ",
         [HELDER_MSG_C_DATE_FROM] = "ዕለት ሕቶ {1} {2} ወይ ድሕሪኡ እንተኾይኑ",
         [HELDER_MSG_C_DATE_BEFORE] = "ዕለት ሕቶ {1} ቅድሚ {2} እንተኾይኑ",
         [HELDER_MSG_C_DATE_UNTIL] = "ዕለት ሕቶ {1} {2} ወይ ቅድሚኡ እንተኾይኑ",
         [HELDER_MSG_C_AGE_GE] = "ካብ ዕለት ሕቶ {1} ንደሓር እንተ ወሓደ {2} ዓመት እንተ ሓሊፉ",
         [HELDER_MSG_C_AGE_LT] = "ካብ ዕለት ሕቶ {1} ንደሓር ካብ {2} ዓመት ዝወሓደ እንተ ሓሊፉ",
         [HELDER_MSG_AND] = "{1}፣ ከምኡ'ውን {2}",
         [HELDER_MSG_OR] = "{1}፣ ወይ {2}",
         [HELDER_MSG_QUOTE] = "«{1}»",
         [HELDER_MSG_REPEAT_COPY] = "{1}፣ ቁጽሪ {2}",
         [HELDER_MSG_COPY_MORE] = "ካብ {1} ዝበዝሐ የድልየኩም ዶ? ቅድሚ ምምላእኩም ነዞም ገጻት ቅድሑ።",
         [HELDER_MSG_DOCUMENTS_HOW] = "ኣብ ጥቓ ነፍሲ ወከፍ እትሰድዎ ሰነድ × ግበሩ።",
         [HELDER_MSG_SIGN_TITLE] = "ፌርማ",
         [HELDER_MSG_DECLARATION] = "ነዚ ቅጥዒ ምሉእን ሓቅን ገይረ ከም ዝመላእክዎ የረጋግጽ።",
         [HELDER_MSG_SIGN_HERE] = "ኣብዚ ፈርሙ",
         [HELDER_MSG_DATE] = "ዕለት",
         [HELDER_MSG_NAME] = "ስም",
     }},
};

#define NCATALOGUES (sizeof catalogues / sizeof catalogues[0])

/* "nl-BE" uses the "nl" catalogue: compare the primary subtag only. */
static const catalogue *find_catalogue(const char *lang)
{
    size_t len;
    if (!lang)
        return NULL;
    len = strcspn(lang, "-_");
    for (size_t i = 0; i < NCATALOGUES; i++)
        if (strlen(catalogues[i].lang) == len && strncmp(catalogues[i].lang, lang, len) == 0)
            return &catalogues[i];
    return NULL;
}

const char *helder_msg_get(const char *lang, helder_msg id)
{
    const catalogue *found = find_catalogue(lang);
    if (id >= HELDER_MSG__COUNT)
        return "";
    if (found && found->text[id])
        return found->text[id];
    return catalogues[0].text[id] ? catalogues[0].text[id] : "";
}

bool helder_msg_has_lang(const char *lang)
{
    return find_catalogue(lang) != NULL;
}

bool helder_lang_rtl(const char *lang)
{
    static const char *const rtl[] = {"ar", "fa", "he", "ur", "ps", "yi", "dv", "ckb", "ug", "sd"};
    size_t len;
    if (!lang)
        return false;
    len = strcspn(lang, "-_");
    for (size_t i = 0; i < sizeof rtl / sizeof rtl[0]; i++)
        if (strlen(rtl[i]) == len && strncmp(rtl[i], lang, len) == 0)
            return true;
    return false;
}

char *helder_msg_fill(const char *tmpl, unsigned nargs, const char *const *args)
{
    size_t len = 0, at = 0;
    char *out = NULL;
    /* Two passes: measure, then copy. Placeholders are {1} to {9}. */
    for (int pass = 0; pass < 2; pass++) {
        at = 0;
        for (const char *c = tmpl; *c;) {
            if (c[0] == '{' && c[1] >= '1' && c[1] <= '9' && c[2] == '}' &&
                (unsigned)(c[1] - '1') < nargs) {
                const char *arg = args[c[1] - '1'] ? args[c[1] - '1'] : "";
                size_t arg_len = strlen(arg);
                if (pass)
                    memcpy(out + at, arg, arg_len);
                at += arg_len;
                c += 3;
            } else {
                if (pass)
                    out[at] = *c;
                at++;
                c++;
            }
        }
        if (!pass) {
            len = at;
            out = helder_xmalloc(len + 1);
        }
    }
    out[len] = '\0';
    return out;
}
