/* Prints a shipped submission as the urlencoded body its form posts (q, and r.N.q in repeats),
 * for the POST benchmark. Usage: node bench/serve/post-body.mjs SUBMISSION.xml */
import { readFileSync } from 'node:fs';

const xml = readFileSync(process.argv[2], 'utf8');
const decode = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const pairs = [];
const rest = xml.replace(/<repeat id="([^"]+)">([\s\S]*?)<\/repeat>/g, (m, repeat, inner) => {
    let n = 0;
    inner.replace(/<item>([\s\S]*?)<\/item>/g, (m2, item) => {
        n++;
        item.replace(/<answer id="([^"]+)">([^<]*)<\/answer>/g, (m3, id, value) => {
            pairs.push([`${repeat}.${n}.${id}`, decode(value)]);
        });
    });
    return '';
});
const top = [];
rest.replace(/<answer id="([^"]+)">([^<]*)<\/answer>/g, (m, id, value) => top.push([id, decode(value)]));
process.stdout.write(new URLSearchParams([...top, ...pairs]).toString());
