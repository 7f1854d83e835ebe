/* Keyboard only: fill in the partner form (English) from the first field to the submit button
 * with Tab, Space, arrow keys and typing, then send it with Enter. The POST must arrive and turn
 * into a submission with `helder form-data`. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from './lib.mjs';

const TEXT = {
    text: 'Jansen', longtext: 'Some words', email: 'sanne@example.nl', tel: '0612345678',
    integer: '2', decimal: '2500', bsn: '111222333', iban: 'NL91ABNA0417164300', postcode: '1234 AB',
};

export async function keyboard({ bin, out, browser, server, results }) {
    const form = 'forms/partner/form.xml';
    const file = render(bin, form, 'en', out, 'keyboard-partner-en', ['--action', '/submit']);
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${server.base}/${file}`);
    const before = server.posts.length;
    const visited = new Set();
    let submitted = false, steps = 0;
    const kb = page.keyboard;
    for (; steps < 3000 && !submitted; steps++) {
        await kb.press('Tab');
        const focus = await page.evaluate(() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const q = el.closest('[data-q]');
            return { tag: el.tagName.toLowerCase(), type: el.type || '', id: el.id, name: el.name || '',
                checked: !!el.checked, value: el.value || '', qtype: q ? q.dataset.type : '',
                submit: el.type === 'submit', add: el.hasAttribute('data-add'),
                groupChecked: el.name ? [...document.querySelectorAll(`input[name="${CSS.escape(el.name)}"]`)].some((i) => i.checked) : false };
        });
        if (!focus) continue;
        if (focus.submit) {
            await Promise.all([page.waitForURL('**/submit'), kb.press('Enter')]);
            submitted = true;
            break;
        }
        if (visited.has(focus.id + focus.name)) continue;
        visited.add(focus.id + focus.name);
        if (focus.tag === 'input' && focus.type === 'radio') {
            if (!focus.groupChecked) await kb.press('Space');
        } else if (focus.tag === 'input' && focus.type === 'checkbox') {
            if (!focus.checked && !focus.groupChecked) await kb.press('Space');
        } else if (focus.tag === 'select') {
            if (!focus.value) await kb.press('ArrowDown');
        } else if (focus.tag === 'input' && focus.type === 'date') {
            await kb.type('03121990'); /* en-US: month, day, year */
        } else if ((focus.tag === 'input' || focus.tag === 'textarea') && !focus.value) {
            await kb.type(TEXT[focus.qtype] || TEXT[focus.type] || 'Test');
        }
    }
    results.check('keyboard: the partner form is filled in and sent with the keyboard alone', submitted,
        `the submit button was not reached in ${steps} key presses`);
    const post = server.posts[before];
    results.check('keyboard: the POST arrives as form data', post && /x-www-form-urlencoded/.test(post.type),
        post ? `content type ${post.type}` : 'no POST arrived');
    if (post) {
        const body = join(out, 'keyboard-post.txt');
        writeFileSync(body, post.body);
        let submission = '', ok = true;
        try {
            submission = execFileSync(bin, ['form-data', form, body, '--lang', 'en'], { encoding: 'utf8' });
        } catch (error) {
            ok = false;
            submission = String(error.stderr || error);
        }
        results.check('keyboard: the POST converts to a submission', ok && submission.includes('<submission'),
            submission.slice(0, 2000));
        results.check('keyboard: the answers typed are in it', submission.includes('sanne@example.nl') || submission.includes('Jansen'),
            submission.slice(0, 2000));
    }
    await context.close();
}
