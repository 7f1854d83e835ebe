/* node bench/enketo/transform.mjs FORM.xform > FORM.html: enketo-transformer's XForm-to-HTML
 * transform, the way its users call it (PEERS.md: its ESM entry names a file it does not ship, so
 * the transformer module is imported directly). ENKETO_DIR is where its node_modules are. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(process.env.ENKETO_DIR || 'build/bench/enketo');
const { transform } = await import(join(dir, 'node_modules/enketo-transformer/dist/enketo-transformer/transformer.js'));
const result = await transform({ xform: readFileSync(process.argv[2], 'utf8') });
process.stdout.write(result.form);
