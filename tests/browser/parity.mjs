/* Parity: the expressions of every shipped form and of generated forms, on random answer sets,
 * evaluated by helder.js in Chromium must give exactly what model/eval.c gave (unknown and no
 * answer included). The C side writes build/parity/*.json (tests/html_parity.inc). */
import { readdirSync, readFileSync, copyFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export async function parity({ out, build, browser, server, results }) {
    const dir = process.env.HELDER_PARITY_DIR || join(build, 'parity');
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
    if (!files.length) {
        results.fail('parity', `no parity data in ${dir}: run the Check suite check_html first`);
        return;
    }
    mkdirSync(out, { recursive: true });
    copyFileSync('templates/helder.js', join(out, 'helder.js'));
    writeFileSync(join(out, 'parity.html'),
        '<!DOCTYPE html><html lang="en"><head><title>parity</title><script src="helder.js"></script></head><body></body></html>');
    const page = await browser.newPage();
    await page.goto(`${server.base}/parity.html`);
    for (const file of files) {
        const data = JSON.parse(readFileSync(join(dir, file), 'utf8'));
        const report = await page.evaluate((d) => {
            const { evaluate, compute } = globalThis.helderExpr;
            const toMap = (o) => new Map(Object.entries(o));
            const same = (a, b) => a.k === b.k && (a.k === 'set'
                ? a.v.length === b.v.length && a.v.every((x, i) => x === b.v[i])
                : a.v === b.v);
            const repeats = new Set(d.repeats);
            let compared = 0;
            const mismatches = [];
            d.cases.forEach((c, ci) => {
                const root = { values: toMap(c.root), repeats: new Map() };
                for (const [id, r] of Object.entries(c.repeats))
                    root.repeats.set(id, { count: r.count, items: r.items.map((o) => ({ values: toMap(o) })) });
                const env = { root, item: null, today: c.today,
                    scopeOf: (id) => (id in d.scopes ? d.scopes[id] : undefined),
                    isRepeat: (id) => repeats.has(id) };
                compute(d.computed, env);
                d.exprs.forEach((e, ei) => {
                    const expected = c.results[ei];
                    const got = [];
                    if (e.scope === null) {
                        env.item = null;
                        got.push(evaluate(e.expr, env));
                    } else {
                        const items = root.repeats.get(e.scope);
                        for (let i = 0; i < Math.max(items.count, 0); i++) {
                            env.item = items.items[i];
                            got.push(evaluate(e.expr, env));
                        }
                    }
                    for (let i = 0; i < Math.max(got.length, expected.length); i++) {
                        compared++;
                        if (!got[i] || !expected[i] || !same(got[i], expected[i]))
                            mismatches.push({ case: ci, expr: JSON.stringify(e.expr), item: i,
                                c: JSON.stringify(expected[i]), js: JSON.stringify(got[i]) });
                    }
                });
            });
            return { compared, mismatches: mismatches.slice(0, 5), count: mismatches.length };
        }, data);
        results.check(`parity ${data.form}: ${report.compared} results agree`, report.count === 0 && report.compared > 0,
            `${report.count} of ${report.compared} differ, e.g.\n` +
            report.mismatches.map((m) => `  case ${m.case} item ${m.item}: ${m.expr}\n    C ${m.c}\n    JS ${m.js}`).join('\n'));
    }
    await page.close();
}
