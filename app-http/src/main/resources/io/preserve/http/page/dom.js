// Building the status page from data, as text: elements whose data go in as text nodes and attribute values, never
// as HTML; and the numbers, sizes and times as the page writes them.

const SVG = 'http://www.w3.org/2000/svg';

export function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
        if (value !== null && value !== undefined) node.setAttribute(name, String(value));
    }
    for (const child of children) {
        if (child === null || child === undefined) continue;
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
}

export function svg(tag, attributes, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, String(value));
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
}

export function show(id, ...nodes) {
    const target = document.getElementById(id);
    target.replaceChildren(...nodes);
}

export function message(text, detail, isError) {
    return el('p', { class: isError ? 'message error' : 'message' }, text, detail ? ' ' + detail : null);
}

const numberFormat = new Intl.NumberFormat('en-US');

export function count(n) {
    return typeof n === 'number' ? numberFormat.format(n) : '—';
}

export function bytes(n) {
    if (typeof n !== 'number') return '—';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = n;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return (unit === 0 ? String(value) : value.toFixed(value < 10 ? 1 : 0)) + ' ' + units[unit];
}

export function age(iso, now) {
    const then = Date.parse(iso);
    if (Number.isNaN(then)) return '—';
    const seconds = Math.max(0, Math.round((now - then) / 1000));
    if (seconds < 60) return seconds + ' s';
    if (seconds < 3600) return Math.floor(seconds / 60) + ' min';
    if (seconds < 86400) return Math.floor(seconds / 3600) + ' h ' + Math.floor((seconds % 3600) / 60) + ' min';
    return Math.floor(seconds / 86400) + ' d ' + Math.floor((seconds % 86400) / 3600) + ' h';
}

export function when(iso) {
    const t = Date.parse(iso);
    return Number.isNaN(t) ? String(iso) : new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}
