/* End-to-end test of `helder serve` in headless Chromium (Debian's, driven by playwright-core):
 * fill in the shipped partner form in English (with JavaScript) and Arabic (without), make a
 * mistake, see it in the error summary, correct it, send, and find the submission in the outbox
 * under the reference the receipt shows. The index in an Arabic browser's language, right to left.
 * Then a personalised form: the intake system posts an applicant's facts, the applicant opens the
 * link, finds the known answers read-only, answers the rest and sends.
 * Usage: node tests/serve/browser.mjs [BUILD_DIR]
 */
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const build = process.argv[2] || 'build';
const bin = join(build, 'helder');
const SUBMISSION = 'forms/partner/submissions/valid-01.xml';
const WRONG_BSN = '123456789';   /* fails the 11-test */
const FACTS = 'forms/partner/facts/sanne-de-vries.xml';
const INTAKE_SECRET = 'an-intake-secret-for-the-browser-test-0123456789';
let passed = 0, failed = 0;

function check(name, condition, detail = '') {
    if (condition) { passed++; console.log(`ok   ${name}`); }
    else { failed++; console.log(`FAIL ${name} ${detail}`); }
}

/* The answers of a submission as the form's field names: q, or r.N.q inside repeats. */
function fields(xml) {
    const out = [];
    const decode = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'").replace(/&amp;/g, '&');
    const body = xml.replace(/<repeat id="([^"]+)">([\s\S]*?)<\/repeat>/g, (m, repeat, inner) => {
        let n = 0;
        inner.replace(/<item>([\s\S]*?)<\/item>/g, (m2, item) => {
            n++;
            item.replace(/<answer id="([^"]+)">([^<]*)<\/answer>/g, (m3, id, value) => {
                out.push([`${repeat}.${n}.${id}`, decode(value)]);
            });
        });
        return '';
    });
    const top = [];
    body.replace(/<answer id="([^"]+)">([^<]*)<\/answer>/g, (m, id, value) => {
        top.push([id, decode(value)]);
    });
    return [...top, ...out];
}

async function startServer(dir) {
    writeFileSync(join(dir, 'intake.key'), INTAKE_SECRET + '\n');
    const child = spawn(bin, ['serve', 'forms', '--listen', '127.0.0.1:0', '--outbox',
        join(dir, 'outbox'), '--key-file', join(dir, 'key'), '--today', '2026-11-30',
        '--intake-key-file', join(dir, 'intake.key'),
        '--access-log', join(dir, 'access.log')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const base = await new Promise((resolve, reject) => {
        let text = '';
        const timer = setTimeout(() => reject(new Error('the server did not start')), 30000);
        child.stdout.on('data', (chunk) => {
            text += chunk;
            const match = /open (http:\/\/[^/\s]+)\//.exec(text);
            if (match) { clearTimeout(timer); resolve(match[1]); }
        });
        child.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    });
    return { child, base };
}

async function fill(page, answers) {
    for (const [name, value] of answers) {
        const controls = page.locator(`[name="${name}"]`);
        if (await controls.count() === 0) {
            /* a repeat item beyond those on the page: add one (with JavaScript) */
            const repeat = name.split('.')[0];
            const add = page.locator(`[data-repeat="${repeat}"] [data-add]`);
            if (name.includes('.') && await add.count() && await add.isVisible()) await add.click();
            if (await controls.count() === 0) throw new Error(`no field ${name}`);
        }
        const first = controls.first();
        const tag = await first.evaluate((el) => el.tagName.toLowerCase());
        const type = await first.evaluate((el) => el.type);
        if (type === 'radio') {
            await page.locator(`[name="${name}"][value="${value}"]`).check();
        } else if (type === 'checkbox') {
            for (const v of value.split(/\s+/)) await page.locator(`[name="${name}"][value="${v}"]`).check();
        } else if (tag === 'select') {
            await first.selectOption(value);
        } else {
            await first.fill(value);
        }
    }
}

/* The answers a page still asks for: its fields that are not read-only. */
async function open(page, answers) {
    const left = [];
    for (const [name, value] of answers) {
        const field = page.locator(`[name="${name}"]`).first();
        if (await page.locator(`[name="${name}"]`).count() === 0) continue;
        if (await field.evaluate((el) => el.readOnly || el.disabled)) continue;
        left.push([name, value]);
    }
    return left;
}

async function personal(browser, base, dir) {
    const where = 'personal link (no JavaScript)';
    const facts = readFileSync(FACTS);
    const intake = await fetch(`${base}/api/personal?form=partner`, {
        method: 'POST', body: facts,
        headers: { 'content-type': 'application/xml', authorization: `Bearer ${INTAKE_SECRET}` },
    });
    const link = intake.status === 201 ? (await intake.json()).url : '';
    check(`${where}: the intake system gets a link`, /\/p\/[A-Za-z0-9_-]{22}$/.test(link), `${intake.status}`);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(`${link}/en`);
    check(`${where}: the form opens`, response.status() === 200, `status ${response.status()}`);
    check(`${where}: the known answers are there, read-only`,
        await page.locator('input[readonly][name="sponsor_family_name"]').count() === 1 &&
        await page.inputValue('[name="sponsor_family_name"]') === 'de Vries');
    const asked = await open(page, fields(readFileSync(SUBMISSION, 'utf8')));
    const all = await page.locator('.question').count();
    /* the same form without the facts, as it comes (repeat items, blank ones, included) */
    const whole = await context.newPage();
    await whole.goto(`${base}/forms/partner/en`);
    const wholeCount = await whole.locator('.question').count();
    await whole.close();
    check(`${where}: fewer questions than the whole form`, all < wholeCount,
        `${all} questions, the whole form ${wholeCount}`);
    await fill(page, asked);
    const [sent] = await Promise.all([page.waitForNavigation(), page.locator('form.form button[type=submit]').click()]);
    const reference = sent.status() === 200 ? (await page.locator('[data-reference]').textContent() || '').trim() : '';
    check(`${where}: sent`, /^H\d{6}-[0-9A-Z]{12}$/.test(reference), `status ${sent.status()} at ${page.url()}`);
    const stored = join(dir, 'outbox', 'new', `${reference}.xml`);
    const text = existsSync(stored) ? readFileSync(stored, 'utf8') : '';
    check(`${where}: in the outbox with the known answers`,
        text.includes('<answer id="sponsor_family_name">de Vries</answer>'));
    await context.close();
}

/* The index in the browser's language: Chromium's own Accept-Language for an Arabic locale, and
 * the language switch to Dutch. */
async function index(browser, base) {
    const where = 'index (locale ar-SY)';
    const context = await browser.newContext({ locale: 'ar-SY', javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(`${base}/`);
    check(`${where}: opens`, response.status() === 200, `status ${response.status()}`);
    check(`${where}: Arabic, right to left`, await page.getAttribute('html', 'lang') === 'ar' &&
        await page.getAttribute('html', 'dir') === 'rtl' &&
        await page.locator('h1').evaluate((el) => getComputedStyle(el).direction) === 'rtl' &&
        await page.title() === 'نماذج الطلبات');
    await Promise.all([page.waitForNavigation(), page.locator('.language-switch a[hreflang="nl"]').click()]);
    check(`${where}: the switch to Dutch`, await page.getAttribute('html', 'lang') === 'nl' &&
        await page.getAttribute('html', 'dir') === 'ltr' && await page.title() === 'Aanvraagformulieren');
    await context.close();
}

async function run(browser, base, dir, lang, javaScriptEnabled) {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    const where = `${lang}${javaScriptEnabled ? '' : ' (no JavaScript)'}`;
    let response = await page.goto(`${base}/forms/partner/${lang}`);
    check(`${where}: the form opens`, response.status() === 200, `status ${response.status()}`);
    check(`${where}: lang and dir`, await page.getAttribute('html', 'lang') === lang &&
        await page.getAttribute('html', 'dir') === (lang === 'ar' ? 'rtl' : 'ltr'));
    check(`${where}: a language switch`, await page.locator('.language-switch a[hreflang]').count() === 3);

    const answers = fields(readFileSync(SUBMISSION, 'utf8'));
    const mistaken = answers.map(([k, v]) => [k, k === 'sponsor_bsn' ? WRONG_BSN : v]);
    await fill(page, mistaken);
    [response] = await Promise.all([page.waitForNavigation(), page.locator('form.form button[type=submit]').click()]);
    check(`${where}: the mistake comes back`, response.status() === 422, `status ${response.status()}`);
    const summary = page.locator('.error-summary a[href="#f-sponsor_bsn"]');
    check(`${where}: the error summary links to the field`, await summary.count() === 1);
    check(`${where}: the answers are kept`,
        await page.inputValue('[name="sponsor_family_name"]') === 'de Vries' &&
        await page.inputValue('[name="sponsor_bsn"]') === WRONG_BSN);

    await page.fill('[name="sponsor_bsn"]', '234567892');
    [response] = await Promise.all([page.waitForNavigation(), page.locator('form.form button[type=submit]').click()]);
    check(`${where}: sent after the correction`, response.status() === 200 && /\/receipt\//.test(page.url()),
        `status ${response.status()} at ${page.url()}`);
    const reference = (await page.locator('[data-reference]').textContent() || '').trim();
    check(`${where}: the receipt shows a reference`, /^H\d{6}-[0-9A-Z]{12}$/.test(reference), reference);
    check(`${where}: the receipt is in the language`, await page.getAttribute('html', 'lang') === lang);
    const stored = join(dir, 'outbox', 'new', `${reference}.xml`);
    const text = existsSync(stored) ? readFileSync(stored, 'utf8') : '';
    check(`${where}: the submission is in the outbox`, text.includes(`reference="${reference}"`) &&
        text.includes(`xml:lang="${lang}"`) && text.includes('<answer id="sponsor_bsn">234567892</answer>'));
    check(`${where}: its receipt beside it`, existsSync(join(dir, 'outbox', 'new', `${reference}.receipt`)));
    const pdf = await page.request.get(await page.locator('a[href$="application.pdf"]').getAttribute('href')
        .then((href) => base + href));
    check(`${where}: the filled PDF`, pdf.status() === 200 && (await pdf.body()).subarray(0, 4).toString() === '%PDF');
    await context.close();
}

const dir = mkdtempSync(join(tmpdir(), 'helder-serve-e2e-'));
const { child, base } = await startServer(dir);
const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
    await index(browser, base);
    await run(browser, base, dir, 'en', true);
    await run(browser, base, dir, 'ar', false);
    await personal(browser, base, dir);
} catch (error) {
    check('the browser run', false, error.stack);
} finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
}
console.log(`serve browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
