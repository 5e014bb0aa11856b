// The plot of the snapshots' size and rows over time: inline SVG, built element by element.

import { bytes, count, el, svg, when } from './dom.js';

export const SIZE_COLOUR = '#1f6feb';
export const ROWS_COLOUR = '#e16f24';

/** Size (left scale) and rows (right scale) of each snapshot against the time it was taken. */
export function plot(snapshots) {
    const points = snapshots.map(s => ({ t: Date.parse(s.createdAt), size: s.sizeBytes, rows: s.rows, name: s.snapshot }))
        .filter(p => !Number.isNaN(p.t) && typeof p.size === 'number').sort((a, b) => a.t - b.t);
    if (points.length === 0) return el('p', { class: 'muted' }, 'Nothing to plot yet.');
    const W = 640, H = 260, left = 70, right = 70, top = 16, bottom = 40;
    const t0 = points[0].t, t1 = points[points.length - 1].t;
    const x = t => t1 === t0 ? left + (W - left - right) / 2 : left + (t - t0) / (t1 - t0) * (W - left - right);
    const maxSize = Math.max(...points.map(p => p.size), 1);
    const withRows = points.filter(p => typeof p.rows === 'number');
    const maxRows = Math.max(...withRows.map(p => p.rows), 1);
    const y = (v, max) => top + (1 - v / max) * (H - top - bottom);
    const chart = svg('svg', { class: 'plot', id: 'plot-svg', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img',
        'aria-label': 'Snapshot size and row count over time' });
    chart.append(svg('rect', { x: 0, y: 0, width: W, height: H, fill: '#ffffff' }));
    // axes, the scales' ends, and the time span
    chart.append(svg('line', { x1: left, y1: H - bottom, x2: W - right, y2: H - bottom, stroke: '#8c959f', 'stroke-width': 1 }));
    chart.append(svg('line', { x1: left, y1: top, x2: left, y2: H - bottom, stroke: SIZE_COLOUR, 'stroke-width': 1 }));
    chart.append(svg('line', { x1: W - right, y1: top, x2: W - right, y2: H - bottom, stroke: ROWS_COLOUR, 'stroke-width': 1 }));
    const label = (text, attrs) => svg('text', Object.assign({ 'font-size': 11, fill: '#59636e' }, attrs), text);
    chart.append(label(bytes(maxSize), { x: left - 6, y: top + 10, 'text-anchor': 'end' }));
    chart.append(label('0', { x: left - 6, y: H - bottom, 'text-anchor': 'end' }));
    if (withRows.length) chart.append(label(count(maxRows) + ' rows', { x: W - right + 6, y: top + 10 }));
    chart.append(label('0', { x: W - right + 6, y: H - bottom }));
    chart.append(label(when(new Date(t0).toISOString()), { x: left, y: H - bottom + 18 }));
    if (t1 !== t0) chart.append(label(when(new Date(t1).toISOString()), { x: W - right, y: H - bottom + 18, 'text-anchor': 'end' }));
    // the two series
    const series = (list, value, max, colour, name) => {
        if (list.length === 0) return;
        chart.append(svg('polyline', { class: 'series-' + name, fill: 'none', stroke: colour, 'stroke-width': 3,
            points: list.map(p => x(p.t).toFixed(1) + ',' + y(value(p), max).toFixed(1)).join(' ') }));
        for (const p of list) {
            chart.append(svg('circle', { class: 'point-' + name, cx: x(p.t).toFixed(1), cy: y(value(p), max).toFixed(1), r: 5, fill: colour },
                svg('title', null, p.name + ': ' + (name === 'size' ? bytes(p.size) : count(p.rows) + ' rows'))));
        }
    };
    series(points, p => p.size, maxSize, SIZE_COLOUR, 'size');
    series(withRows, p => p.rows, maxRows, ROWS_COLOUR, 'rows');
    const legend = el('p', { class: 'legend' }, el('span', { class: 'swatch-size' }, '● size'), ' (left scale)   ',
        el('span', { class: 'swatch-rows' }, '● rows'), ' (right scale)');
    return el('div', null, chart, legend);
}
