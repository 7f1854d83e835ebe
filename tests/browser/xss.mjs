/* Hostile labels and answers in a real browser: no dialog opens, no element appears that the
 * templates did not write (no img, no inline script), under the page's CSP. */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { render } from './lib.mjs';

const HOSTILE = [
    '</script><script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "');alert(1);//",
    'javascript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    "' onfocus='alert(1)' autofocus='",
];

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function formXml(t) {
    const l = (x) => `<label xml:lang="en">${esc(x)}</label>`;
    return `<form xmlns="urn:helder:form:1" id="x" version="1" languages="en"><title xml:lang="en">${esc(t)}</title>
<intro xml:lang="en">${esc(t)}</intro><section id="s"><title xml:lang="en">${esc(t)}</title><hint xml:lang="en">${esc(t)}</hint>
<question id="a" type="text">${l(t)}<hint xml:lang="en">${esc(t)}</hint></question>
<question id="b" type="choice" when="a = '${esc(t.replace(/'/g, ''))}'">${l(t)}<option value="v">${l(t)}</option></question>
<note id="n"><text xml:lang="en">${esc(t)}</text></note>
<repeat id="r"><title xml:lang="en">${esc(t)}</title><question id="c" type="longtext">${l(t)}</question></repeat></section>
<documents><title xml:lang="en">${esc(t)}</title><document id="d">${l(t)}</document></documents></form>`;
}

export async function hostile({ bin, out, browser, server, results }) {
    const dir = join(out, 'hostile');
    mkdirSync(dir, { recursive: true });
    for (const [i, text] of HOSTILE.entries()) {
        const form = join(dir, `form-${i}.xml`);
        const sub = join(dir, `sub-${i}.xml`);
        writeFileSync(form, formXml(text));
        writeFileSync(sub, `<submission xmlns="urn:helder:submission:1" form="x" version="1" xml:lang="en">` +
            `<answer id="a">${esc(text)}</answer><answer id="b">${esc(text)}</answer>` +
            `<repeat id="r"><item><answer id="c">${esc(text)}</answer></item></repeat></submission>`);
        const file = render(bin, form, 'en', out, `hostile-${i}`,
            ['--submission', sub, '--error', `a=${text}`]);
        const page = await browser.newPage();
        const dialogs = [];
        const violations = [];
        page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
        page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) violations.push(m.text()); });
        await page.goto(`${server.base}/${file}`);
        await page.focus('#f-a');
        await page.keyboard.type('x');
        const found = await page.evaluate(() => ({
            img: document.querySelectorAll('img').length,
            scripts: [...document.scripts].map((s) => s.src ? new URL(s.src).pathname : 'inline'),
            handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
            text: document.querySelector('#f-a').value,
        }));
        await page.close();
        const ok = dialogs.length === 0 && found.img === 0 && found.handlers.length === 0 &&
            found.scripts.length === 1 && found.scripts[0].endsWith('/helder.js') && violations.length === 0;
        results.check(`hostile text ${i} stays text in the browser`, ok, JSON.stringify({ dialogs, found, violations }));
    }
}
