/* What helder.js does in the page, under the CSP: conditional questions appear when their
 * condition becomes true and their fields are disabled while hidden; repeat items are added and
 * removed with their field names renumbered; the error summary takes the focus and its links move
 * it to the field. Without the script every question is shown. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from './lib.mjs';

export async function behaviour({ bin, out, browser, server, results }) {
    const form = 'forms/partner/form.xml';
    const file = render(bin, form, 'en', out, 'behaviour-partner-en');
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text()); });
    page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`); });
    await page.goto(`${server.base}/${file}`);

    /* a question shown only for one answer: partner_location decides application_kind's options */
    const optionHidden = () => page.evaluate(() =>
        document.querySelector('[data-q="application_kind"] [data-option="extension"]').hidden);
    const before = await optionHidden();
    await page.check('#f-partner_location-2'); /* in_nl */
    const after = await optionHidden();
    await page.check('#f-partner_location-1'); /* abroad */
    const again = await optionHidden();
    results.check('behaviour: a conditional option appears and disappears with the answer',
        before === true && after === false && again === true, JSON.stringify({ before, after, again }));

    /* hidden questions have their fields disabled, so that they are not sent */
    const hiddenEnabled = await page.evaluate(() => [...document.querySelectorAll('[data-when][hidden] input, [data-when][hidden] select, [data-when][hidden] textarea')]
        .filter((f) => !f.disabled).map((f) => f.name));
    const shownDisabled = await page.evaluate(() => [...document.querySelectorAll('form input, form select, form textarea')]
        .filter((f) => f.disabled && !f.closest('[hidden]')).map((f) => f.name));
    results.check('behaviour: fields are disabled exactly while hidden', hiddenEnabled.length === 0 && shownDisabled.length === 0,
        JSON.stringify({ hiddenEnabled: hiddenEnabled.slice(0, 5), shownDisabled: shownDisabled.slice(0, 5) }));

    /* repeats: add, remove, renumber, at most max */
    const small = join(out, 'behaviour-repeat.xml');
    writeFileSync(small, `<form xmlns="urn:helder:form:1" id="r" version="1" languages="en"><title xml:lang="en">Children</title>
<section id="s"><title xml:lang="en">Your children</title>
<question id="has_children" type="yesno" required="true"><label xml:lang="en">Do you have children?</label></question>
<question id="month" type="choice"><label xml:lang="en">In which month?</label>${[...Array(12).keys()].map((i) => `<option value="m${i + 1}"><label xml:lang="en">Month ${i + 1}</label></option>`).join('')}<option value="other" when="has_children"><label xml:lang="en">Another</label></option></question>
<repeat id="children" min="1" max="3" when="has_children"><title xml:lang="en">Child</title>
<question id="child_name" type="text" required="true"><label xml:lang="en">What is the child's name?</label></question>
<question id="child_school" type="yesno" when="string-length(child_name) &gt; 2"><label xml:lang="en">Does this child go to school?</label></question>
</repeat></section></form>`);
    const repeatFile = render(bin, small, 'en', out, 'behaviour-repeat');
    await page.goto(`${server.base}/${repeatFile}`);
    const offered = () => page.evaluate(() => {
        const option = document.querySelector('#f-month option[value="other"]');
        return [option.hidden, option.disabled];
    });
    const notYet = await offered();
    const repeatHidden = await page.evaluate(() => document.querySelector('[data-repeat]').hidden);
    await page.check('#f-has_children-1');
    const repeatShown = await page.evaluate(() => !document.querySelector('[data-repeat]').hidden);
    results.check('behaviour: a repeat appears when its condition holds', repeatHidden && repeatShown,
        JSON.stringify({ repeatHidden, repeatShown }));
    const nowOffered = await offered();
    results.check('behaviour: a conditional option of a drop-down list is offered only when it applies',
        notYet[0] && notYet[1] && !nowOffered[0] && !nowOffered[1], JSON.stringify({ notYet, nowOffered }));
    await page.fill('#f-children-1-child_name', 'Amal');
    const inItem = await page.evaluate(() => !document.querySelector('#q-f-children-1-child_school').hidden);
    results.check('behaviour: a condition inside a repeat item reads that item', inItem, 'child_school stayed hidden');
    await page.click('[data-add]');
    const names = await page.evaluate(() => [...document.querySelectorAll('[data-items] > [data-item]')]
        .map((item) => [item.dataset.item, item.querySelector('[name]').name, item.querySelector('legend').textContent]));
    const focused = await page.evaluate(() => document.activeElement.closest('[data-item]')?.dataset.item);
    results.check('behaviour: "add another" adds an item numbered 2 and focuses it',
        names.length === 2 && names[1][0] === '2' && names[1][1] === 'children.2.child_name' && /2/.test(names[1][2]) && focused === '2',
        JSON.stringify({ names, focused }));
    await page.keyboard.type('Sami');
    await page.click('[data-add]');
    const full = await page.evaluate(() => document.querySelector('[data-add]').hidden);
    results.check('behaviour: no more items than max', full, 'the add button is still shown at max');
    await page.click('[data-items] > [data-item] [data-remove]');
    const left = await page.evaluate(() => [...document.querySelectorAll('[data-items] > [data-item]')]
        .map((item) => [item.dataset.item, item.querySelector('[name]').name, item.querySelector('[name]').value, item.querySelector('input').id]));
    results.check('behaviour: "remove" removes an item and renumbers the rest',
        left.length === 2 && left[0][0] === '1' && left[0][1] === 'children.1.child_name' && left[0][2] === 'Sami' &&
        left[0][3] === 'f-children-1-child_name' && left[1][1] === 'children.2.child_name',
        JSON.stringify(left));
    results.check('behaviour: no script errors', errors.length === 0, errors.join('\n'));
    await page.close();

    /* the error summary */
    const errFile = render(bin, form, 'en', out, 'behaviour-errors', ['--error', 'sponsor_family_name=Enter your family name']);
    const errPage = await browser.newPage();
    await errPage.goto(`${server.base}/${errFile}`);
    await errPage.waitForFunction(() => document.activeElement && document.activeElement.matches('[data-error-summary]'));
    await errPage.keyboard.press('Tab');
    await errPage.keyboard.press('Enter');
    const target = await errPage.evaluate(() => document.activeElement.id);
    results.check('behaviour: the error summary has the focus and its link moves it to the field',
        target === 'f-sponsor_family_name', `focus on '${target}'`);
    await errPage.close();

    /* reflow (WCAG 1.4.10): 320 CSS pixels wide, as 1280 px at 400 % zoom, and 640 px (200 %) */
    for (const width of [320, 640]) {
        const narrow = await browser.newPage({ viewport: { width, height: 800 } });
        await narrow.goto(`${server.base}/${file}`);
        const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        results.check(`behaviour: no sideways scrolling at ${width} px`, overflow <= 0, `${overflow} px too wide`);
        await narrow.close();
    }

    /* --inline: the page's own policy allows its style and script by hash; a server sending the
     * plain policy (script-src 'self') blocks them, and the page still works without them */
    const inlineFile = render(bin, small, 'en', out, 'behaviour-inline', ['--inline']);
    for (const [query, expect] of [['?own-csp', true], ['', false]]) {
        const inl = await browser.newPage();
        const blocked = [];
        inl.on('console', (m) => { if (/Content Security Policy/.test(m.text())) blocked.push(m.text()); });
        await inl.goto(`${server.base}/${inlineFile}${query}`);
        const state = await inl.evaluate(() => ({
            js: document.documentElement.classList.contains('js'),
            styled: getComputedStyle(document.querySelector('.masthead')).backgroundColor !== 'rgba(0, 0, 0, 0)',
        }));
        results.check(`behaviour: --inline ${expect ? 'runs under its own CSP' : 'is blocked by the plain CSP, as documented'}`,
            state.js === expect && state.styled === expect && (expect ? blocked.length === 0 : blocked.length > 0),
            JSON.stringify({ state, blocked: blocked.slice(0, 2) }));
        await inl.close();
    }

    /* --css: a designer's stylesheet restyles through the custom properties */
    const css = join(out, 'brand.css');
    writeFileSync(css, ':root { --helder-accent: rgb(1, 104, 155); }\n');
    const cssFile = render(bin, small, 'en', out, 'behaviour-css', ['--css', css]);
    const styled = await browser.newPage();
    await styled.goto(`${server.base}/${cssFile}`);
    const accent = await styled.evaluate(() => getComputedStyle(document.querySelector('.masthead')).backgroundColor);
    results.check('behaviour: --css restyles through the custom properties', accent === 'rgb(1, 104, 155)', accent);
    await styled.close();

    /* without the script */
    const context = await browser.newContext({ javaScriptEnabled: false });
    const plain = await context.newPage();
    await plain.goto(`${server.base}/${file}`);
    const hidden = await plain.evaluate(() => document.querySelectorAll('[hidden]:not([data-add]):not([data-remove])').length);
    results.check('behaviour: without JavaScript every question is shown', hidden === 0, `${hidden} hidden elements`);
    await plain.goto(`${server.base}/${repeatFile}`);
    const items = await plain.evaluate(() => document.querySelectorAll('[data-items] > [data-item]').length);
    results.check('behaviour: without JavaScript a repeat offers blank items to fill in', items === 3, `${items} items`);
    await context.close();
}
