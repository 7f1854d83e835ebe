/* Shared pieces of the browser tests: Debian's Chromium through playwright-core, a static server
 * on 127.0.0.1 that sends the page's Content-Security-Policy, and helder itself. */
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';

export const CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; " +
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export async function launch() {
    return chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
}

const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
    '.json': 'application/json' };

/* Serves dir; POSTs are recorded in server.posts and answered with a small page. */
export function serve(dir) {
    const posts = [];
    const server = createServer((req, res) => {
        if (req.method === 'POST') {
            const chunks = [];
            req.on('data', (c) => chunks.push(c));
            req.on('end', () => {
                posts.push({ url: req.url, type: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
                res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP });
                res.end('<!DOCTYPE html><html lang="en"><title>Received</title><h1>Received</h1></html>');
            });
            return;
        }
        const path = normalize(join(dir, decodeURIComponent(req.url.split('?')[0])));
        if (!path.startsWith(normalize(dir)) || !existsSync(path)) {
            res.writeHead(404);
            res.end();
            return;
        }
        /* ?own-csp: no header, the page's own <meta> policy applies (--inline pages) */
        const headers = { 'content-type': types[extname(path)] || 'application/octet-stream',
            'x-content-type-options': 'nosniff' };
        if (!req.url.endsWith('?own-csp')) headers['content-security-policy'] = CSP;
        res.writeHead(200, headers);
        res.end(readFileSync(path));
    });
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
        server.posts = posts;
        server.base = `http://127.0.0.1:${server.address().port}`;
        resolve(server);
    }));
}

/* helder render FORM --format html into dir/name.html; returns the file name. */
export function render(bin, form, lang, dir, name, extra = []) {
    mkdirSync(dir, { recursive: true });
    const out = join(dir, name + '.html');
    execFileSync(bin, ['render', form, '--format', 'html', '--lang', lang, '-o', out, ...extra],
        { stdio: ['ignore', 'inherit', 'inherit'] });
    return name + '.html';
}

/* The languages a form declares. */
export function languages(formPath) {
    const text = readFileSync(formPath, 'utf8');
    const match = /<form\b[^>]*\blanguages="([^"]*)"/.exec(text);
    return match ? match[1].trim().split(/\s+/) : [];
}

export class Results {
    constructor() { this.passed = 0; this.failed = 0; }
    ok(name) { this.passed++; console.log(`ok   ${name}`); }
    fail(name, detail) { this.failed++; console.log(`FAIL ${name}\n${detail}`); }
    check(name, condition, detail) { if (condition) this.ok(name); else this.fail(name, detail); }
}
