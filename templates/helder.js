/* helder's web form script: shows and hides conditional questions, options, notes and documents
 * as answers change, and adds and removes repeat items. The page works without it.
 *
 * Conditions arrive as JSON in data-when attributes (docs/html.md) and are evaluated here with the
 * same rules as helder's C evaluator (model/eval.c): three-valued logic, "unknown" and "no answer"
 * kept apart. The parity test (tests/browser/parity.mjs) holds the two to identical results.
 * Plain modern JavaScript, no dependencies, no inline code: it runs under the page's CSP.
 */
(function () {
    'use strict';

    /* ---- values: {k: 'u'} unknown, {k: 'a'} no answer, b n s d set ---- */

    const UNKNOWN = Object.freeze({ k: 'u' });
    const ABSENT = Object.freeze({ k: 'a' });
    const DATE_MIN = -719162; /* 0001-01-01 */
    const DATE_MAX = 2932896; /* 9999-12-31 */

    const bool = (v) => ({ k: 'b', v: !!v });
    const str = (v) => ({ k: 's', v });
    function num(n) {
        if (!Number.isFinite(n)) return UNKNOWN;
        return { k: 'n', v: n === 0 ? 0 : n };
    }
    function dateValue(days) {
        if (!(days >= DATE_MIN && days <= DATE_MAX)) return UNKNOWN;
        return { k: 'd', v: Math.trunc(days) };
    }
    const known = (a) => a.k !== 'u' && a.k !== 'a';
    /* 1 true, 0 false, -1 unknown (also for no answer) */
    const truth = (a) => (a.k === 'b' ? (a.v ? 1 : 0) : -1);
    const tristate = (t) => (t < 0 ? UNKNOWN : bool(t !== 0));

    function valuesEqual(a, b) {
        if (!known(a) || !known(b) || a.k !== b.k) return -1;
        switch (a.k) {
            case 'b': case 'n': case 's': case 'd': return a.v === b.v ? 1 : 0;
            default: return -1;
        }
    }
    function valuesOrder(a, b) {
        if ((a.k === 'n' && b.k === 'n') || (a.k === 'd' && b.k === 'd'))
            return (a.v > b.v) - (a.v < b.v);
        return 2;
    }

    /* ---- dates: days since 1970-01-01, proleptic Gregorian (as model/eval.c) ---- */

    const idiv = (a, b) => Math.trunc(a / b);
    function fromCivil(year, month, day) {
        year -= month <= 2 ? 1 : 0;
        const era = idiv(year >= 0 ? year : year - 399, 400);
        const yoe = year - era * 400;
        const doy = idiv(153 * (month > 2 ? month - 3 : month + 9) + 2, 5) + day - 1;
        const doe = yoe * 365 + idiv(yoe, 4) - idiv(yoe, 100) + doy;
        return era * 146097 + doe - 719468;
    }
    function civil(days) {
        const z = days + 719468;
        const era = idiv(z >= 0 ? z : z - 146096, 146097);
        const doe = z - era * 146097;
        const yoe = idiv(doe - idiv(doe, 1460) + idiv(doe, 36524) - idiv(doe, 146096), 365);
        const doy = doe - (365 * yoe + idiv(yoe, 4) - idiv(yoe, 100));
        const mp = idiv(5 * doy + 2, 153);
        const day = doy - idiv(153 * mp + 2, 5) + 1;
        const month = mp < 10 ? mp + 3 : mp - 9;
        return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
    }
    const isLeap = (y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    const daysInMonth = (y, m) => (m === 2 && isLeap(y) ? 29 : monthDays[m - 1]);
    function parseDate(text) {
        const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
        if (!m) return null;
        const y = +m[1], mo = +m[2], d = +m[3];
        if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
        return fromCivil(y, mo, d);
    }
    function yearsBetween(from, to) {
        if (to < from) return -yearsBetween(to, from);
        const [y1, m1, d1] = civil(from);
        const [y2, m2, d2] = civil(to);
        let years = y2 - y1;
        if (m2 < m1 || (m2 === m1 && d2 < d1)) years--;
        return years;
    }
    function addMonths(day, months) {
        if (day.k !== 'd' || months.k !== 'n') return UNKNOWN;
        const n = Math.trunc(months.v);
        if (Math.abs(n) > 12 * 10000) return UNKNOWN;
        const [year, month, dom] = civil(day.v);
        const total = year * 12 + (month - 1) + n;
        if (total < 12 || total > 9999 * 12 + 11) return UNKNOWN;
        const newYear = Math.trunc(total / 12);
        const newMonth = (total % 12) + 1;
        const last = daysInMonth(newYear, newMonth);
        return dateValue(fromCivil(newYear, newMonth, dom < last ? dom : last));
    }

    /* ---- patterns: PCRE2 (UTF, UCP, anchored at both ends) as a JavaScript RegExp ---- */

    const patternCache = new Map();
    function compilePattern(src) {
        if (patternCache.has(src)) return patternCache.get(src);
        let re = null;
        try {
            let flags = 'u', body = src;
            const lead = /^\(\?([ims]+)\)/.exec(body);
            if (lead) {
                flags += lead[1];
                body = body.slice(lead[0].length);
            }
            new RegExp(body, flags); /* must stand alone: "x)|(.*" must not become valid */
            /* With UCP, \d \w \s are Unicode classes and '.' matches anything but '\n'. */
            let out = '', inClass = false;
            for (let i = 0; i < body.length; i++) {
                const c = body[i];
                if (c === '\\') {
                    const e = body[i + 1];
                    i++;
                    if (e === 'd') out += '\\p{Nd}';
                    else if (e === 'D') out += inClass ? (() => { throw new Error('\\D in class'); })() : '\\P{Nd}';
                    else if (e === 'w') out += inClass ? '\\p{L}\\p{N}_' : '[\\p{L}\\p{N}_]';
                    else if (e === 'W') out += inClass ? (() => { throw new Error('\\W in class'); })() : '[^\\p{L}\\p{N}_]';
                    else if (e === 's') out += inClass ? '\\p{White_Space}' : '\\p{White_Space}';
                    else if (e === 'S') out += inClass ? (() => { throw new Error('\\S in class'); })() : '\\P{White_Space}';
                    else if (e === 'p' || e === 'P' || e === 'u' || e === 'x') {
                        /* copy the escape with its argument */
                        let j = i + 1;
                        if (body[j] === '{') j = body.indexOf('}', j) + 1;
                        else j = e === 'x' ? j + 2 : e === 'u' ? j + 4 : j + 1;
                        out += '\\' + body.slice(i, j);
                        i = j - 1;
                    } else out += '\\' + e;
                    continue;
                }
                if (inClass) {
                    if (c === ']') inClass = false;
                    out += c;
                } else if (c === '[') {
                    inClass = true;
                    out += c;
                    if (body[i + 1] === '^') { out += '^'; i++; }
                    if (body[i + 1] === ']') { out += '\\]'; i++; }
                } else if (c === '.') {
                    out += flags.includes('s') ? '.' : '[^\\n]';
                } else if (c === '$') {
                    throw new Error('$ inside a pattern');
                } else {
                    out += c;
                }
            }
            re = new RegExp('^(?:' + out + ')$', flags);
        } catch (e) {
            re = null;
        }
        patternCache.set(src, re);
        return re;
    }

    /* ---- evaluation (model/eval.c, case by case) ---- */

    /* env: { root: frame, item: frame|null, today: days, scopeOf(id) -> repeat id|null|undefined,
     *        isRepeat(id) }, frame: { values: Map id -> value, repeats: Map id -> {count, items} } */
    function readSlot(id, env) {
        const scope = env.scopeOf(id);
        if (scope === undefined) return UNKNOWN; /* a repeat or an id the page does not know */
        const frame = scope !== null ? env.item : env.root;
        if (!frame) return UNKNOWN;
        const value = frame.values.get(id);
        return value === undefined ? UNKNOWN : value;
    }

    function repeatItems(ref, env) {
        if (ref[0] !== 'ref' || !env.isRepeat(ref[1]) || !env.root || !env.root.repeats) return null;
        const items = env.root.repeats.get(ref[1]);
        if (!items || items.count < 0) return null;
        return items;
    }

    function aggregate(arg, env, sum) {
        const source = arg[0] === 'path' ? arg[1] : arg;
        const pred = source[0] === 'filter' ? source[2] : null;
        const ref = source[0] === 'filter' ? source[1] : source;
        const items = repeatItems(ref, env);
        const saved = env.item;
        let total = 0, count = 0, undecided = false;
        if (!items || (sum && arg[0] !== 'path')) return UNKNOWN;
        for (let i = 0; i < items.count && !undecided; i++) {
            env.item = items.items[i];
            if (pred) {
                const t = truth(evaluate(pred, env));
                if (t === 0) continue;
                if (t < 0) { undecided = true; break; }
            }
            if (arg[0] !== 'path') { count++; continue; }
            const value = readSlot(arg[2], env);
            if (sum) {
                if (value.k === 'n') total += value.v;
                else undecided = true;
            } else if (value.k === 'u') {
                undecided = true;
            } else if (value.k !== 'a') {
                count++;
            }
        }
        env.item = saved;
        if (undecided) return UNKNOWN;
        return num(sum ? total : count);
    }

    function evaluate(expr, env) {
        let a, b, t;
        switch (expr[0]) {
            case 'num':
                if (typeof expr[1] === 'string') return UNKNOWN; /* "inf", "-inf", "nan" */
                return num(expr[1]);
            case 'str': return str(expr[1]);
            case 'ref': return readSlot(expr[1], env);
            case 'filter': case 'path': return UNKNOWN;
            case 'or': case 'and': {
                const decisive = expr[0] === 'or' ? 1 : 0;
                t = truth(evaluate(expr[1], env));
                if (t === decisive) return bool(decisive);
                const right = truth(evaluate(expr[2], env));
                if (right === decisive) return bool(decisive);
                if (t < 0 || right < 0) return UNKNOWN;
                return bool(!decisive);
            }
            case 'eq': case 'ne':
                t = valuesEqual(evaluate(expr[1], env), evaluate(expr[2], env));
                if (t < 0) return UNKNOWN;
                return bool(expr[0] === 'eq' ? t : !t);
            case 'lt': case 'le': case 'gt': case 'ge': {
                const order = valuesOrder(evaluate(expr[1], env), evaluate(expr[2], env));
                if (order === 2) return UNKNOWN;
                switch (expr[0]) {
                    case 'lt': return bool(order < 0);
                    case 'le': return bool(order <= 0);
                    case 'gt': return bool(order > 0);
                    default: return bool(order >= 0);
                }
            }
            case 'add': case 'sub': case 'mul': case 'div': case 'mod':
                a = evaluate(expr[1], env);
                b = evaluate(expr[2], env);
                if (a.k !== 'n' || b.k !== 'n') return UNKNOWN;
                switch (expr[0]) {
                    case 'add': return num(a.v + b.v);
                    case 'sub': return num(a.v - b.v);
                    case 'mul': return num(a.v * b.v);
                    case 'div': return b.v === 0 ? UNKNOWN : num(a.v / b.v);
                    default: return b.v === 0 ? UNKNOWN : num(a.v % b.v);
                }
            case 'neg':
                a = evaluate(expr[1], env);
                return a.k === 'n' ? num(-a.v) : UNKNOWN;
            case 'call': return call(expr, env);
            default: return UNKNOWN;
        }
    }

    function call(expr, env) {
        const fn = expr[1], args = expr.slice(2), n = args.length;
        let a, b, t;
        switch (fn) {
            case 'true': return bool(true);
            case 'false': return bool(false);
            case 'not':
                if (n !== 1) break;
                t = truth(evaluate(args[0], env));
                return tristate(t < 0 ? -1 : t ? 0 : 1);
            case 'answered':
                if (n !== 1) break;
                a = evaluate(args[0], env);
                if (a.k === 'u') return UNKNOWN;
                return bool(a.k !== 'a');
            case 'selected':
                if (n !== 2) break;
                a = evaluate(args[0], env);
                b = evaluate(args[1], env);
                if (a.k !== 'set' || b.k !== 's') break;
                return bool(a.v.includes(b.v));
            case 'count-selected':
                if (n !== 1) break;
                a = evaluate(args[0], env);
                return a.k === 'set' ? num(a.v.length) : UNKNOWN;
            case 'count': case 'sum':
                if (n !== 1) break;
                return aggregate(args[0], env, fn === 'sum');
            case 'string-length':
                if (n !== 1) break;
                a = evaluate(args[0], env);
                if (a.k !== 's') break;
                return num([...a.v].length);
            case 'contains': case 'starts-with':
                if (n !== 2) break;
                a = evaluate(args[0], env);
                b = evaluate(args[1], env);
                if (a.k !== 's' || b.k !== 's') break;
                return bool(fn === 'contains' ? a.v.includes(b.v) : a.v.startsWith(b.v));
            case 'matches': {
                if (n !== 2 || args[1][0] !== 'str') break;
                const re = compilePattern(args[1][1]);
                a = evaluate(args[0], env);
                if (!re || a.k !== 's') break;
                return bool(re.test(a.v));
            }
            case 'today': return dateValue(env.today);
            case 'date': {
                if (n !== 1 || args[0][0] !== 'str') break;
                const days = parseDate(args[0][1]);
                return days === null ? UNKNOWN : dateValue(days);
            }
            case 'age':
                if (n !== 1) break;
                a = evaluate(args[0], env);
                if (a.k !== 'd') break;
                return num(yearsBetween(a.v, env.today));
            case 'years-between': case 'days-between':
                if (n !== 2) break;
                a = evaluate(args[0], env);
                b = evaluate(args[1], env);
                if (a.k !== 'd' || b.k !== 'd') break;
                if (fn === 'days-between') return num(b.v - a.v);
                return num(yearsBetween(a.v, b.v));
            case 'add-days':
                if (n !== 2) break;
                a = evaluate(args[0], env);
                b = evaluate(args[1], env);
                if (a.k !== 'd' || b.k !== 'n') break;
                return dateValue(a.v + Math.trunc(b.v));
            case 'add-months': case 'add-years':
                if (n !== 2) break;
                a = evaluate(args[0], env);
                b = evaluate(args[1], env);
                if (fn === 'add-years' && b.k === 'n') b = { k: 'n', v: Math.trunc(b.v) * 12 };
                return addMonths(a, b);
            case 'round': case 'floor': case 'ceiling': case 'abs':
                if (n !== 1) break;
                a = evaluate(args[0], env);
                if (a.k !== 'n') break;
                switch (fn) {
                    case 'round': {
                        const lower = Math.floor(a.v);
                        return num(a.v - lower >= 0.5 ? lower + 1 : lower);
                    }
                    case 'floor': return num(Math.floor(a.v));
                    case 'ceiling': return num(Math.ceil(a.v));
                    default: return num(Math.abs(a.v));
                }
            case 'min': case 'max': {
                let best = UNKNOWN;
                if (n === 0) break;
                for (let i = 0; i < n; i++) {
                    a = evaluate(args[i], env);
                    const order = i === 0 ? 0 : valuesOrder(a, best);
                    if (!known(a) || order === 2) return UNKNOWN;
                    if (i === 0 || (fn === 'min' ? order < 0 : order > 0)) best = a;
                }
                return best.k === 'n' || best.k === 'd' ? best : UNKNOWN;
            }
            case 'if':
                if (n !== 3) break;
                t = truth(evaluate(args[0], env));
                if (t >= 0) return evaluate(args[t ? 1 : 2], env);
                a = evaluate(args[1], env);
                b = evaluate(args[2], env);
                return valuesEqual(a, b) === 1 ? a : UNKNOWN;
            default: break;
        }
        return UNKNOWN;
    }

    /* Computed values, in dependency order, into the frames (as check fills its frames). */
    function compute(computed, env) {
        for (const [id, scope, expr] of computed) {
            if (scope === null) {
                env.item = null;
                env.root.values.set(id, evaluate(expr, env));
            } else {
                const items = env.root.repeats.get(scope);
                for (let i = 0; items && i < items.count; i++) {
                    env.item = items.items[i];
                    items.items[i].values.set(id, evaluate(expr, env));
                }
            }
        }
        env.item = null;
    }

    const api = { evaluate, compute, parseDate, civil, fromCivil, UNKNOWN, ABSENT };
    globalThis.helderExpr = api;

    /* ---- the page ---- */

    if (typeof document === 'undefined') return;

    function todayDays(form) {
        const fixed = form.dataset.today && parseDate(form.dataset.today);
        if (fixed !== null && fixed !== undefined && fixed !== '') return fixed;
        const now = new Date();
        return fromCivil(now.getFullYear(), now.getMonth() + 1, now.getDate());
    }

    const controls = (el) => el.querySelectorAll('input, select, textarea');

    /* The answer a question holds while filling in (docs/form-language.md, "What each place does
     * with unknown"): an empty field, or one hidden because it is not relevant, is unknown: the
     * applicant may still answer it. No answer (ABSENT) exists only in a final submission. */
    function readQuestion(q) {
        const type = q.dataset.type;
        if (q.dataset.prefill !== undefined) return parseAnswer(type, q.dataset.prefill);
        if (type === 'yesno' || type === 'multichoice' || (type === 'choice' && !q.querySelector('select'))) {
            const checked = [...q.querySelectorAll('input:checked')].filter((i) => !i.disabled);
            if (type === 'multichoice') {
                return checked.length ? { k: 'set', v: checked.map((i) => i.value) } : UNKNOWN;
            }
            if (!checked.length) return UNKNOWN;
            return type === 'yesno' ? bool(checked[0].value === 'yes') : str(checked[0].value);
        }
        const field = q.querySelector('input, select, textarea');
        if (!field || field.disabled) return UNKNOWN;
        /* an option of a drop-down list that is not offered (its condition is false) */
        if (field.tagName === 'SELECT' && field.selectedOptions.length && field.selectedOptions[0].disabled)
            return UNKNOWN;
        let text = field.value;
        if (type !== 'longtext') text = text.trim();
        if (text === '') return UNKNOWN;
        switch (type) {
            case 'integer': return /^-?[0-9]+$/.test(text) ? num(Number(text)) : UNKNOWN;
            case 'decimal': return /^-?[0-9]+(\.[0-9]+)?$/.test(text) ? num(Number(text)) : UNKNOWN;
            case 'date': {
                const days = parseDate(text);
                return days === null ? UNKNOWN : dateValue(days);
            }
            case 'iban': return str(text.replace(/\s+/g, '').toUpperCase());
            case 'postcode': return str(text.replace(/\s+/g, '').toUpperCase());
            default: return str(text);
        }
    }

    /* An answer as a submission writes it (prefilled by simplify), as a value. */
    function parseAnswer(type, text) {
        if (text === '') return UNKNOWN;
        switch (type) {
            case 'yesno': return text === 'yes' ? bool(true) : text === 'no' ? bool(false) : UNKNOWN;
            case 'multichoice': return { k: 'set', v: text.split(/\s+/).filter(Boolean) };
            case 'integer': case 'decimal':
                return /^-?[0-9]+(\.[0-9]+)?$/.test(text) ? num(Number(text)) : UNKNOWN;
            case 'date': {
                const days = parseDate(text);
                return days === null ? UNKNOWN : dateValue(days);
            }
            default: return str(text);
        }
    }

    function setup(form) {
        const computed = JSON.parse(form.dataset.computed || '[]');
        const scopes = new Map();
        const repeatIds = new Set();
        form.querySelectorAll('[data-repeat]').forEach((r) => repeatIds.add(r.dataset.repeat));
        form.querySelectorAll('[data-q]').forEach((q) => {
            const repeat = q.closest('[data-repeat]');
            scopes.set(q.dataset.q, repeat ? repeat.dataset.repeat : null);
        });
        for (const [id, scope] of computed) scopes.set(id, scope);
        const today = todayDays(form);
        const parsed = new WeakMap();
        const exprOf = (el, attr) => {
            let cache = parsed.get(el);
            if (!cache) parsed.set(el, (cache = {}));
            if (!(attr in cache)) cache[attr] = JSON.parse(el.getAttribute(attr));
            return cache[attr];
        };

        function frames() {
            const root = { values: new Map(), repeats: new Map() };
            const itemFrames = new Map();
            form.querySelectorAll('[data-repeat]').forEach((repeat) => {
                const items = [...repeat.querySelector('[data-items]').children]
                    .filter((item) => !item.hidden && !repeat.hidden && !repeat.closest('[hidden]'));
                const frameItems = items.map((item) => {
                    const frame = { values: new Map() };
                    itemFrames.set(item, frame);
                    return frame;
                });
                root.repeats.set(repeat.dataset.repeat, { count: frameItems.length, items: frameItems });
            });
            form.querySelectorAll('[data-q]').forEach((q) => {
                if (q.closest('template')) return;
                const item = q.closest('[data-item]');
                const frame = item ? itemFrames.get(item) : root;
                if (frame) frame.values.set(q.dataset.q, readQuestion(q));
            });
            const env = {
                root, item: null, today,
                scopeOf: (id) => (scopes.has(id) ? scopes.get(id) : undefined),
                isRepeat: (id) => repeatIds.has(id),
            };
            compute(computed, env);
            return { env, itemFrames };
        }

        function update() {
            /* Hiding an item changes what is submitted, which may change other conditions: repeat
             * until nothing changes (conditions refer to earlier answers, so this ends fast). */
            for (let pass = 0; pass < 8; pass++) {
                const { env, itemFrames } = frames();
                let changed = false;
                form.querySelectorAll('[data-when]').forEach((el) => {
                    const item = el.closest('[data-item]');
                    env.item = item ? itemFrames.get(item) || null : null;
                    const show = truth(evaluate(exprOf(el, 'data-when'), env)) === 1 ||
                        el.querySelector('.has-error') !== null || el.classList.contains('has-error');
                    if (el.hidden === show) {
                        el.hidden = !show;
                        changed = true;
                    }
                });
                form.querySelectorAll('[data-required-when]').forEach((el) => {
                    const item = el.closest('[data-item]');
                    env.item = item ? itemFrames.get(item) || null : null;
                    const required = truth(evaluate(exprOf(el, 'data-required-when'), env)) === 1;
                    const optional = el.querySelector('.optional');
                    if (optional) optional.hidden = required;
                });
                /* options of a drop-down list: a hidden one is not offered, and not sent */
                form.querySelectorAll('select option[data-when]').forEach((option) => {
                    option.disabled = option.hidden;
                });
                controls(form).forEach((field) => {
                    const off = field.closest('[hidden]') !== null;
                    if (field.disabled !== off) {
                        field.disabled = off;
                        changed = true;
                    }
                });
                if (!changed) break;
            }
            form.querySelectorAll('[data-repeat]').forEach(updateButtons);
        }

        /* ---- repeats ---- */

        function renumber(repeat) {
            const id = repeat.dataset.repeat;
            const tmpl = repeat.querySelector('template[data-item-template]');
            const caption = tmpl.content.querySelector('legend').textContent;
            const names = new RegExp('^' + id + '\\.([0-9]+|__N__)\\.');
            const ids = new RegExp('^f-' + id + '-([0-9]+|__N__)-');
            const items = [...repeat.querySelector('[data-items]').children];
            items.forEach((item, index) => {
                const n = String(index + 1);
                item.dataset.item = n;
                const fix = (value) => value.split(' ').map((v) => v.replace(ids, 'f-' + id + '-' + n + '-')).join(' ');
                item.querySelectorAll('[name]').forEach((el) => { el.name = el.name.replace(names, id + '.' + n + '.'); });
                item.querySelectorAll('[id]').forEach((el) => {
                    el.id = el.id.startsWith('q-') ? 'q-' + fix(el.id.slice(2)) : fix(el.id);
                });
                item.querySelectorAll('[for]').forEach((el) => { el.htmlFor = fix(el.htmlFor); });
                item.querySelectorAll('[aria-describedby]').forEach((el) => {
                    el.setAttribute('aria-describedby', fix(el.getAttribute('aria-describedby')));
                });
                const text = caption.replace('__N__', n);
                item.querySelector('legend').textContent = text;
                const hidden = item.querySelector('[data-remove] .visually-hidden');
                if (hidden) hidden.textContent = ' ' + text;
            });
        }

        function updateButtons(repeat) {
            const count = repeat.querySelector('[data-items]').children.length;
            const min = Number(repeat.dataset.min), max = Number(repeat.dataset.max);
            const add = repeat.querySelector('[data-add]');
            add.hidden = max > 0 && count >= max;
            add.disabled = repeat.closest('[hidden]') !== null;
            repeat.querySelectorAll('[data-items] > [data-item] > [data-remove]').forEach((button) => {
                button.hidden = count <= min;
                button.disabled = button.closest('[hidden]') !== null;
            });
        }

        form.addEventListener('click', (event) => {
            const add = event.target.closest('[data-add]');
            const remove = event.target.closest('[data-remove]');
            if (add) {
                const repeat = add.closest('[data-repeat]');
                const tmpl = repeat.querySelector('template[data-item-template]');
                const item = tmpl.content.firstElementChild.cloneNode(true);
                repeat.querySelector('[data-items]').appendChild(item);
                renumber(repeat);
                update();
                const first = item.querySelector('input, select, textarea');
                if (first) first.focus();
            } else if (remove) {
                const repeat = remove.closest('[data-repeat]');
                remove.closest('[data-item]').remove();
                renumber(repeat);
                update();
                repeat.querySelector('[data-add]').focus();
            }
        });
        /* blank items the page offers for applicants without the script: "Add another" does it */
        form.querySelectorAll('[data-repeat]').forEach((repeat) => {
            let removed = false;
            repeat.querySelectorAll('[data-items] > [data-spare]').forEach((item) => {
                const filled = [...item.querySelectorAll('input, select, textarea')].some((f) =>
                    (f.type === 'radio' || f.type === 'checkbox') ? f.checked : f.value !== '');
                if (!filled) {
                    item.remove();
                    removed = true;
                }
            });
            if (removed) renumber(repeat);
        });
        form.addEventListener('input', update);
        form.addEventListener('change', update);
        update();
    }

    function start() {
        document.documentElement.classList.replace('no-js', 'js');
        document.querySelectorAll('form[data-computed]').forEach(setup);
        const summary = document.querySelector('[data-error-summary]');
        if (summary) summary.focus();
    }

    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
})();
