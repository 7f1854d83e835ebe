/* `make screenshots`, web part: the first screen of each shipped form at phone (390 px) and desktop
 * (1280 px) width, plus the partner form in Arabic (right to left) and with errors, as
 * DIR/<form>-<lang>-html-<width>.png. node tests/browser/screenshots.mjs HELDER DIR */
import { mkdirSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launch, serve, render, languages } from './lib.mjs';
import { errorArgs } from './a11y.mjs';

const [bin, dir] = [resolve(process.argv[2]), resolve(process.argv[3] || 'docs/screenshots')];
const work = resolve('build/screenshots-html');
rmSync(work, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const shots = [];
for (const name of readdirSync('forms').sort()) {
    const form = join('forms', name, 'form.xml');
    if (!existsSync(form)) continue;
    const langs = languages(form);
    const lang = langs.includes('en') ? 'en' : langs[0];
    shots.push({ file: render(bin, form, lang, work, `${name}-${lang}`, ['--today', '2026-11-30']), out: `${name}-${lang}-html` });
    if (langs.includes('ar'))
        shots.push({ file: render(bin, form, 'ar', work, `${name}-ar`, ['--today', '2026-11-30']), out: `${name}-ar-html` });
    if (name === 'partner')
        shots.push({ file: render(bin, form, lang, work, `${name}-${lang}-errors`, errorArgs(form)), out: `${name}-${lang}-errors-html` });
}
const browser = await launch();
const server = await serve(work);
try {
    for (const { file, out } of shots) {
        for (const [width, height] of [[390, 844], [1280, 800]]) {
            const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
            await page.goto(`${server.base}/${file}`);
            const path = join(dir, `${out}-${width}.png`);
            await page.screenshot({ path });
            await page.close();
            console.log(path);
        }
    }
} finally {
    await browser.close();
    server.close();
}
