/* The browser test driver: `node tests/browser/run.mjs BUILD`. Each suite adds to one tally and
 * the last line is "N passed, M failed"; the exit status is 1 when anything failed. */
import { readdirSync, existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launch, serve, Results } from './lib.mjs';
import { accessibility } from './a11y.mjs';
import { keyboard } from './keyboard.mjs';
import { parity } from './parity.mjs';
import { hostile } from './xss.mjs';
import { behaviour } from './behaviour.mjs';

const build = resolve(process.argv[2] || 'build');
const bin = join(build, 'helder');
const out = join(build, 'browser');
const forms = readdirSync('forms').map((name) => join('forms', name, 'form.xml')).filter(existsSync).sort();
const results = new Results();

rmSync(out, { recursive: true, force: true });
const browser = await launch();
const server = await serve(out);
const ctx = { bin, out, forms, browser, server, results, build };
try {
    const only = (process.env.HELDER_BROWSER_SUITES || '').split(',').filter(Boolean);
    for (const suite of [parity, hostile, behaviour, keyboard, accessibility]) {
        if (only.length && !only.includes(suite.name)) continue;
        try {
            await suite(ctx);
        } catch (error) {
            results.fail(suite.name, error.stack || String(error));
        }
    }
} finally {
    await browser.close();
    server.close();
}
console.log(`browser: ${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed ? 1 : 0);
