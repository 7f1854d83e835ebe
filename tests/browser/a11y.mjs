/* Accessibility: axe-core finds no violation (WCAG 2.1 A and AA, and best practices) in any
 * shipped form in any language, with and without JavaScript, plain and with errors rendered; the
 * Nu HTML checker finds no error in any of those pages. */
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { render, languages } from './lib.mjs';

const require = createRequire(import.meta.url);

/* A few questions to put errors on: top-level ones of different kinds, one in a repeat item. */
export function errorTargets(formPath) {
    const text = readFileSync(formPath, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    const targets = [];
    const seen = new Set();
    let depth = 0;
    const re = /<(\/?)(repeat|question)\b[^>]*?(?:\bid="([a-z0-9_]+)")?[^>]*?(?:\btype="([a-z]+)")?[^>]*>/g;
    let m;
    while ((m = re.exec(text))) {
        if (m[2] === 'repeat') {
            if (m[1]) depth--;
            else if (!m[0].endsWith('/>')) depth++;
            continue;
        }
        if (m[1] || !m[3]) continue;
        const kind = depth ? 'item' : m[4] === 'yesno' || m[4] === 'choice' ? 'choice' : m[4];
        if (seen.has(kind) || !['text', 'date', 'choice', 'multichoice', 'country', 'item'].includes(kind)) continue;
        seen.add(kind);
        targets.push(depth ? `${m[3]}:1` : m[3]);
    }
    return targets;
}

export function errorArgs(formPath) {
    const args = [];
    for (const target of errorTargets(formPath))
        args.push('--error', `${target}=Enter an answer that fits this question (test error)`);
    args.push('--error', '=The application as a whole does not meet a rule (test error)');
    const invalid = join(dirname(formPath), 'submissions', 'invalid-01.xml');
    if (existsSync(invalid)) args.push('--submission', invalid);
    return args;
}

async function axeRun(browser, url, axeSource, script) {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (!script) await page.route('**/helder.js', (route) => route.abort());
    await page.goto(url);
    await page.evaluate(axeSource);
    const result = await page.evaluate(async () => {
        const r = await globalThis.axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
            resultTypes: ['violations'],
        });
        return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
    });
    await context.close();
    return result;
}

export async function accessibility({ bin, out, forms, browser, server, results }) {
    const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    const pages = [];
    for (const form of forms) {
        const name = basename(dirname(form));
        for (const lang of languages(form)) {
            pages.push({ file: render(bin, form, lang, out, `${name}-${lang}`), errors: false });
            pages.push({ file: render(bin, form, lang, out, `${name}-${lang}-errors`, errorArgs(form)), errors: true });
        }
    }
    for (const { file, errors } of pages) {
        for (const script of errors ? [true] : [true, false]) {
            const violations = await axeRun(browser, `${server.base}/${file}`, axeSource, script);
            results.check(`axe ${file}${script ? '' : ' (no JavaScript)'}: no violations`, violations.length === 0,
                violations.map((v) => `  ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n'));
        }
    }
    /* the Nu HTML checker, on every page at once */
    const jar = 'node_modules/vnu-jar/build/dist/vnu.jar';
    let report;
    try {
        report = execFileSync('java', ['-jar', jar, '--errors-only', '--format', 'json', ...pages.map((p) => join(out, p.file))],
            { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
        report = error.stderr || error.stdout || '';
    }
    let messages = [];
    try {
        messages = JSON.parse(report || '{"messages":[]}').messages.filter((m) => m.type === 'error');
    } catch (error) {
        messages = [{ url: '', message: `the checker's output is not JSON: ${report.slice(0, 500)}` }];
    }
    for (const { file } of pages) {
        const mine = messages.filter((m) => (m.url || '').endsWith('/' + file));
        results.check(`vnu ${file}: no errors`, mine.length === 0,
            mine.slice(0, 5).map((m) => `  ${m.lastLine}:${m.firstColumn}: ${m.message}`).join('\n'));
    }
    /* the checkers are live: a page with known faults must fail both */
    const broken = 'canary-broken.html';
    writeFileSync(join(out, broken), '<!DOCTYPE html><html><head><title>x</title></head><body>' +
        '<form action=""><input id="a" type="text"><div><li>x</li></div></form></body></html>');
    const canary = await axeRun(browser, `${server.base}/${broken}`, axeSource, true);
    results.check('axe canary: a page without lang and labels fails', canary.some((v) => v.id === 'label') &&
        canary.some((v) => v.id === 'html-has-lang'), JSON.stringify(canary.map((v) => v.id)));
    let canaryReport = '';
    try {
        execFileSync('java', ['-jar', jar, '--errors-only', '--format', 'json', join(out, broken)], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
        canaryReport = String(error.stderr || '');
    }
    results.check('vnu canary: a page with known errors fails', /"type":"error"/.test(canaryReport), canaryReport.slice(0, 300));

    const stray = messages.filter((m) => !pages.some((p) => (m.url || '').endsWith('/' + p.file)));
    if (stray.length) results.fail('vnu', stray.map((m) => `  ${m.message}`).join('\n'));
}
