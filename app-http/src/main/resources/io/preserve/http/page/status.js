// The status page's script: it reads /v1/snapshots, /v1/jobs and /v1/migrations with the token the user gives and
// draws what they say. All data goes into the page as text nodes and attribute values (never as HTML), so a name
// holding markup shows as the characters it is. No external resource, no inline script (the server's CSP forbids both).

import { age, bytes, count, el, message, show, when } from './dom.js';
import { plot } from './plot.js';

const KEY = 'preserve.token';
let memoryToken = null; // where sessionStorage is not available

// ---- the token: from the URL fragment (#token=...), then removed from the address bar; kept for the session ----

function storedToken() {
    try {
        return sessionStorage.getItem(KEY);
    } catch (e) {
        return memoryToken;
    }
}

function storeToken(token) {
    memoryToken = token;
    try {
        if (token) sessionStorage.setItem(KEY, token);
        else sessionStorage.removeItem(KEY);
    } catch (e) {
        // storage refused: the token lives as long as the page
    }
}

/** Takes #token=... (among other fragment parts) into the session and leaves the address without it. */
function takeTokenFromFragment() {
    const hash = window.location.hash;
    if (!hash || hash.length < 2) return;
    const parts = hash.slice(1).split('&');
    const rest = [];
    let found = null;
    for (const part of parts) {
        if (part.startsWith('token=')) {
            try {
                found = decodeURIComponent(part.slice(6));
            } catch (e) {
                found = part.slice(6);
            }
        } else if (part) {
            rest.push(part);
        }
    }
    if (found === null) return;
    if (found) storeToken(found);
    const address = window.location.pathname + window.location.search + (rest.length ? '#' + rest.join('&') : '');
    window.history.replaceState(null, '', address);
}

// ---- the API ----

class ApiError extends Error {
    constructor(status, title, detail) {
        super(title);
        this.status = status;
        this.title = title;
        this.detail = detail;
    }
}

async function api(path) {
    const headers = { Accept: 'application/json' };
    const token = storedToken();
    if (token) headers.Authorization = 'Bearer ' + token;
    let response;
    try {
        response = await fetch(path, { headers: headers, cache: 'no-store', credentials: 'omit', redirect: 'error' });
    } catch (e) {
        throw new ApiError(0, 'The server did not answer.', String(e && e.message || e));
    }
    const type = response.headers.get('Content-Type') || '';
    let body = null;
    if (type.includes('json')) {
        try {
            body = await response.json();
        } catch (e) {
            body = null;
        }
    }
    if (!response.ok) {
        const title = body && typeof body.title === 'string' ? body.title : 'HTTP ' + response.status;
        const detail = body && typeof body.detail === 'string' ? body.detail : '';
        throw new ApiError(response.status, title, detail);
    }
    return body;
}

function failure(error) {
    if (!(error instanceof ApiError)) return message('Could not show this:', String(error && error.message || error), true);
    if (error.status === 401) {
        return message('A token is needed: paste one above (the reader role is enough).', '(' + error.title + ')', true);
    }
    if (error.status === 403) return message('This token may not read this.', error.detail, true);
    return message(error.title, error.detail, true);
}

// ---- snapshots: the list and the plot ----

function snapshotTable(snapshots, now) {
    const head = el('thead', null, el('tr', null, el('th', null, 'Snapshot'), el('th', null, 'Kind'), el('th', null, 'Label'),
        el('th', null, 'Taken'), el('th', { class: 'num' }, 'Age'), el('th', { class: 'num' }, 'Size'), el('th', { class: 'num' }, 'Rows')));
    const body = el('tbody');
    for (const s of snapshots) {
        const label = el('td', { class: 'label' });
        if (typeof s.label === 'string' && s.label) label.append(s.label);
        if (s.pinned === true) label.append(el('span', { class: 'badge' }, 'pinned'));
        const name = el('td', { class: 'mono name' }, String(s.snapshot));
        if (s.partial === true) name.append(el('span', { class: 'badge' }, 'only some categories'));
        if (typeof s.problem === 'string') name.append(el('div', { class: 'muted' }, s.problem));
        body.append(el('tr', { class: 'snapshot' }, name,
            el('td', { class: 'kind' }, typeof s.kind === 'string' ? s.kind : '—'), label,
            el('td', null, when(s.createdAt)), el('td', { class: 'num' }, age(s.createdAt, now)),
            el('td', { class: 'num' }, bytes(s.sizeBytes)), el('td', { class: 'num' }, count(s.rows))));
    }
    return el('table', { class: 'snapshots' }, head, body);
}

async function loadSnapshots() {
    try {
        const snapshots = await api('v1/snapshots');
        const list = Array.isArray(snapshots) ? snapshots : [];
        if (list.length === 0) {
            show('snapshots-body', el('p', { class: 'muted', id: 'no-snapshots' },
                'No snapshots yet. Take one with preserve backup, or POST /v1/snapshots.'));
        } else {
            const total = list.reduce((sum, s) => sum + (typeof s.sizeBytes === 'number' ? s.sizeBytes : 0), 0);
            show('snapshots-body', snapshotTable(list, Date.now()),
                el('p', { class: 'muted' }, list.length + (list.length === 1 ? ' snapshot, ' : ' snapshots, ') + bytes(total)));
        }
        show('plot-body', plot(list));
    } catch (e) {
        show('snapshots-body', failure(e));
        show('plot-body');
    }
}

// ---- the last restore ----

function restoreReport(job) {
    const parts = [];
    const state = el('p', null, 'Job ', el('span', { class: 'mono' }, String(job.id)), ': ', el('strong', { class: 'state' }, String(job.state)),
        job.finishedAt ? ', finished ' + when(job.finishedAt) : job.startedAt ? ', started ' + when(job.startedAt) : ', asked for ' + when(job.createdAt));
    parts.push(state);
    if (job.state === 'queued' || job.state === 'running') {
        const p = job.progress || {};
        parts.push(el('p', null, 'Tables done: ' + count(p.tablesDone) + ' of ' + count(p.tablesTotal) + '; rows: ' + count(p.rowsDone)));
    }
    if (job.problem) parts.push(message(String(job.problem.title || 'Failed'), typeof job.problem.detail === 'string' ? job.problem.detail : '', true));
    const r = job.result;
    if (r) {
        parts.push(el('p', { class: 'summary' }, (r.dryRun ? 'Dry run (nothing was written) of ' : 'Restored ') ,
            el('span', { class: 'mono' }, String(r.snapshot)), ' into ' + r.database + ' (schema ' + r.schema + ', mode ' + r.mode + '): '
            + count(r.inserted) + ' inserted, ' + count(r.updated) + ' updated, ' + count(r.kept) + ' kept, ' + count(r.skipped)
            + ' skipped, in ' + (typeof r.elapsedMillis === 'number' ? (r.elapsedMillis / 1000).toFixed(1) + ' s' : '—')));
        if (r.nothingRestored && r.whyNothingRestored) parts.push(message('Nothing restored:', String(r.whyNothingRestored), false));
        const rows = el('tbody');
        for (const t of Array.isArray(r.tables) ? r.tables : []) {
            const name = el('td', { class: 'mono' }, String(t.table));
            if (typeof t.excluded === 'string') name.append(el('div', { class: 'muted' }, 'not restored: ' + t.excluded));
            for (const s of Array.isArray(t.skips) ? t.skips : []) {
                name.append(el('div', { class: 'muted' }, count(s.rows) + ' skipped: ' + s.reason));
            }
            rows.append(el('tr', { class: 'restored-table' }, name, el('td', { class: 'num' }, count(t.inSnapshot)),
                el('td', { class: 'num' }, count(t.inserted)), el('td', { class: 'num' }, count(t.updated)),
                el('td', { class: 'num' }, count(t.kept)), el('td', { class: 'num' }, count(t.skipped))));
        }
        parts.push(el('table', { class: 'restore' }, el('thead', null, el('tr', null, el('th', null, 'Table'), el('th', { class: 'num' }, 'In snapshot'),
            el('th', { class: 'num' }, 'Inserted'), el('th', { class: 'num' }, 'Updated'), el('th', { class: 'num' }, 'Kept'),
            el('th', { class: 'num' }, 'Skipped'))), rows));
        for (const hint of Array.isArray(r.hints) ? r.hints : []) parts.push(el('p', { class: 'muted' }, String(hint)));
    }
    return parts;
}

async function loadRestore() {
    try {
        const jobs = await api('v1/jobs?kind=restore&limit=1');
        if (!Array.isArray(jobs) || jobs.length === 0) {
            show('restore-body', el('p', { class: 'muted', id: 'no-restore' }, 'No restore since the server started.'));
        } else {
            show('restore-body', ...restoreReport(jobs[0]));
        }
    } catch (e) {
        show('restore-body', failure(e));
    }
}

// ---- what the pending migrations would destroy ----

function migrationsReport(m) {
    const parts = [];
    const pending = Array.isArray(m.pending) ? m.pending : [];
    parts.push(el('p', null, String(m.tool) + ' migrations in ' + String(m.folder) + ': ',
        pending.length === 0 ? 'none pending.' : pending.length + ' pending (' + pending.join(', ') + ').'));
    for (const d of Array.isArray(m.dangerous) ? m.dangerous : []) {
        parts.push(message(String(d.id) + ' is ' + String(d.state) + ':', String(d.detail), true));
    }
    for (const step of Array.isArray(m.nextSteps) ? m.nextSteps : []) {
        parts.push(el('p', { class: step.rowsLost > 0 ? 'destroys' : null }, String(step.text)));
    }
    const risky = (Array.isArray(m.statements) ? m.statements : []).filter(s => s.class !== 'safe');
    if (risky.length > 0) {
        const rows = el('tbody');
        for (const s of risky) {
            const effect = el('td', null, String(s.effect));
            if (typeof s.hint === 'string') effect.append(el('div', { class: 'muted' }, s.hint));
            rows.append(el('tr', { class: 'statement' }, el('td', { class: 'mono' }, String(s.migration) + ':' + s.line),
                el('td', { class: s.class === 'destroys' ? 'destroys' : null }, String(s.class)),
                el('td', { class: 'num' }, s.count === null || s.count === undefined ? '?' : count(s.count)), effect,
                el('td', null, el('pre', { class: 'mono' }, String(s.statement)))));
        }
        parts.push(el('table', { class: 'statements' }, el('thead', null, el('tr', null, el('th', null, 'Migration:line'),
            el('th', null, 'Class'), el('th', { class: 'num' }, 'Count'), el('th', null, 'Effect'), el('th', null, 'Statement'))), rows));
    } else if (pending.length > 0) {
        parts.push(el('p', { class: 'muted' }, 'The pending statements destroy nothing that is there.'));
    }
    return parts;
}

async function loadMigrations() {
    try {
        show('migrations-body', ...migrationsReport(await api('v1/migrations') || {}));
    } catch (e) {
        if (e instanceof ApiError && e.status === 400) {
            show('migrations-body', el('p', { class: 'muted' }, 'No migrations to read: ' + e.detail));
        } else {
            show('migrations-body', failure(e));
        }
    }
}

// ---- start ----

function tokenState() {
    document.getElementById('token-state').textContent = storedToken()
        ? 'A token is set for this browser tab.' : 'No token set: the server may ask for one.';
}

/** Reads everything again; the body's data-loaded is "true" once all of it is shown. */
function refresh() {
    document.body.removeAttribute('data-loaded');
    tokenState();
    return Promise.all([loadSnapshots(), loadRestore(), loadMigrations()])
        .finally(() => document.body.setAttribute('data-loaded', 'true'));
}

function start() {
    takeTokenFromFragment();
    document.getElementById('token-form').addEventListener('submit', event => {
        event.preventDefault();
        const input = document.getElementById('token');
        const token = input.value.trim();
        input.value = '';
        if (token) storeToken(token);
        refresh();
    });
    document.getElementById('forget').addEventListener('click', () => {
        storeToken(null);
        refresh();
    });
    document.getElementById('refresh').addEventListener('click', () => refresh());
    refresh();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
