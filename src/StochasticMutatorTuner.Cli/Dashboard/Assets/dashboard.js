// smt dashboard: draws every view of a study from the JSON that `smt dashboard` serves (polled, so the page follows
// a running study) or that a static report embeds. Plain JavaScript, no libraries, nothing fetched from elsewhere.
// Text from a study (names, values, errors) only ever reaches the page as textContent, never as HTML.
(() => {
  'use strict';

  const COLORS = { complete: '#4682b4', best: '#d1242f', pruned: '#e8860c', failed: '#8c959f', running: '#2da44e' };
  const PAGE_SIZE = 50;
  const POLL_MS = 2000;
  const config = readJson('smt-config') || { mode: 'live' };
  const embedded = readJson('smt-data');
  const app = document.getElementById('app');
  const statusEl = document.getElementById('status');
  const crumb = document.getElementById('crumb');
  const drawer = document.getElementById('trial-details');
  const tip = el('div', { class: 'tip', hidden: '' });
  document.body.appendChild(tip);

  const state = {
    storage: '', studies: [], study: null, importance: null, importanceScored: -1,
    selected: null, table: { sort: 'n', asc: true, filter: '', state: 'all', page: 0 },
    timer: 0, route: '', renders: 0,
  };

  // ---------- small helpers ----------

  function readJson(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function el(tag, attrs, ...children) {
    const svg = ['svg', 'g', 'line', 'path', 'rect', 'text', 'circle', 'polyline', 'defs', 'linearGradient', 'stop', 'title'].includes(tag);
    const node = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      // style through the CSSOM: the server's Content Security Policy blocks style attributes, not this.
      if (k.startsWith('on')) node.addEventListener(k.slice(2), v); else if (k === 'style') node.style.cssText = v; else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return node;
  }

  function num(x) { return typeof x === 'number' ? x : x === undefined || x === null ? null : Number(x); }

  // Scores and metrics with 4 significant digits (the full value is in the tooltip / details).
  function fmt(x) {
    x = num(x);
    if (x === null) return '';
    if (!isFinite(x)) return String(x);
    if (x === 0) return '0';
    const a = Math.abs(x);
    if (a >= 1e6 || a < 1e-4) return x.toExponential(3).replace(/\.?0+e/, 'e');
    return String(Number(x.toPrecision(4)));
  }

  function duration(ms) {
    if (ms === null || ms === undefined) return '';
    const s = ms / 1000;
    return s < 60 ? s.toFixed(1) + ' s' : s < 3600 ? (s / 60).toFixed(1) + ' min' : (s / 3600).toFixed(2) + ' h';
  }

  function time(ms) { return ms ? new Date(ms).toLocaleString() : ''; }

  function count(n) { return Number(n).toLocaleString('en-US'); }

  function niceTicks(min, max, n) {
    if (!isFinite(min) || !isFinite(max)) return [];
    if (min === max) { const d = Math.abs(min) * 0.1 || 1; min -= d; max += d; }
    const raw = (max - min) / Math.max(1, n);
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map(m => m * mag).find(s => s >= raw) || raw;
    const ticks = [];
    for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
    return ticks;
  }

  function extent(values, pad) {
    let lo = Infinity, hi = -Infinity;
    for (const v of values) { if (isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; } }
    if (lo === Infinity) return [0, 1];
    if (lo === hi) { const d = Math.abs(lo) * 0.05 || 0.5; return [lo - d, hi + d]; }
    const d = (hi - lo) * (pad || 0.05);
    return [lo - d, hi + d];
  }

  // Viridis, as 9 stops; t in [0, 1] (1 = yellow).
  const VIRIDIS = [[68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142], [31, 158, 137], [53, 183, 121], [109, 205, 89], [253, 231, 37]];
  function viridis(t, alpha) {
    t = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
    const i = Math.min(VIRIDIS.length - 2, Math.floor(t)), f = t - i;
    const c = VIRIDIS[i].map((v, k) => Math.round(v + (VIRIDIS[i + 1][k] - v) * f));
    return `rgba(${c[0]},${c[1]},${c[2]},${alpha === undefined ? 1 : alpha})`;
  }

  // ---------- the study model ----------

  function newStudy(json) {
    return { name: json.name, direction: json.direction, parameters: [], trials: new Map(), list: [], sequence: 0, bestNumber: null, metrics: [] };
  }

  function merge(study, json) {
    study.parameters = json.parameters;
    study.sequence = json.sequence;
    study.bestNumber = json.bestNumber === undefined ? null : json.bestNumber;
    for (const t of json.trials) {
      t.score = num(t.score);
      if (t.c) t.c = t.c.map(([s, v]) => [s, num(v)]);
      study.trials.set(t.n, t);
    }
    study.list = [...study.trials.values()].sort((a, b) => a.n - b.n);
    const metrics = new Set();
    for (const t of study.list) for (const k of Object.keys(t.m || {})) metrics.add(k);
    study.metrics = [...metrics].sort();
    // Values per parameter: the space's, then any only a stored trial has.
    for (let i = 0; i < study.parameters.length; i++) {
      const p = study.parameters[i], known = new Set(p.values);
      for (const t of study.list) { const v = t.p[i]; if (v !== null && v !== undefined && !known.has(v)) { known.add(v); p.values.push(v); } }
      // An "(inactive)" slot where a complete trial had the parameter off (a condition that never bit needs none).
      p.conditional = study.list.some(t => scored(t) && (t.p[i] === null || t.p[i] === undefined));
    }
    return json.trials.length;
  }

  function scored(t) { return t.state === 'complete' && t.score !== null && t.score !== undefined && isFinite(t.score); }
  function better(study, a, b) { return study.direction === 'minimize' ? a < b : a > b; }
  function lastValue(t) { return t.c && t.c.length ? t.c[t.c.length - 1][1] : null; }
  function value(study, t, i) { const v = t.p[i]; return v === undefined ? null : v; }

  function configJson(study, t) {
    const o = {};
    study.parameters.forEach((p, i) => { const v = value(study, t, i); if (v !== null) o[p.name] = v; });
    return JSON.stringify(o, null, 2);
  }

  // ---------- data sources: the live API or the embedded report ----------

  async function api(path) {
    const response = await fetch(path, { cache: 'no-store' });
    const body = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
    if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
    return body;
  }

  function setStatus(text, error) {
    statusEl.textContent = text;
    statusEl.classList.toggle('error', !!error);
  }

  function schedule(fn) {
    clearTimeout(state.timer);
    state.poll = fn;
    // A big study takes a while to draw: poll no more often than every 10 drawing times, so drawing never takes
    // more than a tenth of the page's time and it stays responsive (nothing is lost: the next answer has it all).
    const wait = Math.max(POLL_MS, 10 * Number(document.body.dataset.renderMs || 0));
    if (config.mode === 'live') state.timer = setTimeout(fn, document.hidden ? wait * 3 : wait);
  }

  async function showStudies() {
    state.study = null;
    crumb.textContent = '';
    if (embedded) { renderStudies(); return; }
    try {
      const json = await api('api/studies');
      state.storage = json.storage;
      state.studies = json.studies;
      setStatus('live · ' + new Date().toLocaleTimeString());
      if (state.route === '') renderStudies();
    } catch (e) {
      setStatus('cannot read the storage: ' + e.message + ' — retrying', true);
      if (!app.querySelector('table')) app.replaceChildren(el('p', { class: 'message' }, e.message));
    }
    if (state.route === '') schedule(showStudies);
  }

  async function showStudy(name) {
    if (!state.study || state.study.name !== name) {
      state.study = null; state.importance = null; state.importanceScored = -1; state.selected = null;
      state.table = { sort: 'n', asc: true, filter: '', state: 'all', page: 0 };
    }
    crumb.textContent = '› ' + name;
    document.title = 'Study ' + name;
    if (embedded) {
      state.study = newStudy(embedded.study);
      merge(state.study, embedded.study);
      state.importance = embedded.importance;
      setStatus('report of ' + count(state.study.list.length) + ' trials, written ' + time(embedded.generatedAt));
      renderStudy();
      return;
    }
    try {
      const since = state.study ? state.study.sequence : 0, started = performance.now();
      const json = await api('api/study?name=' + encodeURIComponent(name) + '&since=' + since);
      if (state.route !== 'study/' + name) return;
      if (!state.study) state.study = newStudy(json);
      const changed = merge(state.study, json);
      document.body.dataset.loadMs = String(Math.round(performance.now() - started));
      const scoredCount = state.study.list.filter(scored).length;
      if (scoredCount !== state.importanceScored) {
        state.importance = await api('api/importance?name=' + encodeURIComponent(name));
        state.importanceScored = scoredCount;
      }
      setStatus('live · ' + count(state.study.list.length) + ' trials · ' + new Date().toLocaleTimeString());
      if (changed > 0 || since === 0 || !app.querySelector('#view-history')) renderStudy();
    } catch (e) {
      setStatus('cannot read the study: ' + e.message + ' — retrying', true);
      if (!state.study) app.replaceChildren(el('p', { class: 'message' }, e.message));
    }
    if (state.route === 'study/' + name) schedule(() => showStudy(name));
  }

  function route() {
    clearTimeout(state.timer);
    const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
    if (embedded && !hash.startsWith('study/')) { location.replace('#/study/' + encodeURIComponent(embedded.study.name)); return; }
    if (!hash && config.study) { location.replace('#/study/' + encodeURIComponent(config.study)); return; }
    state.route = hash.startsWith('study/') ? hash : '';
    closeDetails();
    if (state.route) showStudy(state.route.slice('study/'.length)); else showStudies();
  }

  // ---------- the study list ----------

  function renderStudies() {
    const rows = state.studies.map(s => el('tr', { onclick: () => { location.hash = '#/study/' + encodeURIComponent(s.name); } },
      el('td', {}, el('a', { href: '#/study/' + encodeURIComponent(s.name) }, s.name)),
      el('td', {}, s.direction),
      el('td', { class: 'num' }, count(s.trials)),
      el('td', { class: 'num' }, count(s.complete)), el('td', { class: 'num' }, count(s.pruned)),
      el('td', { class: 'num' }, count(s.failed)), el('td', { class: 'num' }, count(s.running)),
      el('td', { class: 'num', title: s.best === undefined ? '' : String(s.best) }, s.best === undefined ? '–' : fmt(s.best) + ' (#' + s.bestNumber + ')')));
    app.replaceChildren(
      el('h1', {}, 'Studies'),
      el('p', { class: 'note' }, state.storage),
      state.studies.length === 0 ? el('p', { class: 'message' }, 'This storage has no studies yet.') :
        el('div', { class: 'card table-wrap' }, el('table', { class: 'studies', id: 'studies' },
          el('thead', {}, el('tr', {}, ['study', 'direction', 'trials', 'complete', 'pruned', 'failed', 'running', 'best'].map(h => el('th', {}, h)))),
          el('tbody', {}, rows))));
  }

  // ---------- the study page ----------

  const cards = {};

  function card(id, title, caption, wide) {
    if (!cards[id] || !app.contains(cards[id].node)) {
      const body = el('div', { class: 'body' });
      const cap = el('p', { class: 'caption' });
      const node = el('section', { class: 'card' + (wide ? ' wide' : ''), id }, el('h2', {}, title), cap, body);
      cards[id] = { node, body, cap };
    }
    cards[id].cap.textContent = caption;
    return cards[id];
  }

  function renderStudy() {
    const started = performance.now();
    const study = state.study;
    state.renders++;
    document.body.dataset.trials = String(study.list.length);
    document.body.dataset.renders = String(state.renders);
    const counts = { complete: 0, pruned: 0, failed: 0, running: 0 };
    for (const t of study.list) counts[t.state] = (counts[t.state] || 0) + 1;
    const best = study.bestNumber === null ? null : study.trials.get(study.bestNumber);

    const summary = el('div', { class: 'summary', id: 'summary' },
      el('span', {}, count(study.list.length) + ' trials'),
      ...Object.entries(counts).map(([k, v]) => el('span', { class: 'chip ' + k }, count(v) + ' ' + k)),
      el('span', {}, study.direction + ' the score'),
      best ? el('span', {}, 'best ', el('a', { href: '#', onclick: e => { e.preventDefault(); showDetails(best.n); } }, fmt(best.score) + ' (#' + best.n + ')')) : el('span', { class: 'note' }, 'no complete trial yet'));

    // Lay the cards out first, so each view is drawn at the width it gets.
    let grid = app.querySelector('.grid');
    if (!grid) {
      grid = el('div', { class: 'grid' });
      app.replaceChildren(el('h1', {}, study.name), summary, grid);
    } else {
      app.replaceChild(summary, app.querySelector('#summary'));
    }
    const layout = [['view-history', 'Optimization history', false], ['view-curves', 'Learning curves', false],
      ['view-importance', 'Parameter importance', false], ['view-best', 'Best trial', false],
      ['view-parallel', 'Parallel coordinates', true], ['view-slices', 'Slices', true], ['view-trials', 'Trials', true]];
    for (const [id, title, wide] of layout) { const c = card(id, title, '', wide); if (c.node.parentNode !== grid) grid.appendChild(c.node); }
    history(study); curves(study); importance(study); bestTrial(study); parallel(study); slices(study); trialsTable(study);
    // How long drawing every view took (and, below, reading the data): measured by the benchmark in docs/benchmarks.md.
    document.body.dataset.renderMs = String(Math.round(performance.now() - started));
    if (state.selected !== null && !drawer.hidden) showDetails(state.selected);
  }

  // A canvas for the marks and an SVG on top for axes and labels (so labels are text, readable and selectable).
  function figure(container, height, margin) {
    const width = Math.max(240, container.clientWidth || container.getBoundingClientRect().width || 600);
    const ratio = window.devicePixelRatio || 1;
    const canvas = el('canvas', { width: Math.round(width * ratio), height: Math.round(height * ratio), style: `width:${width}px;height:${height}px` });
    const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}` });
    const box = el('div', { class: 'figure', style: `height:${height}px` }, canvas, svg);
    container.replaceChildren(box);
    const ctx = canvas.getContext('2d');
    ctx.scale(ratio, ratio);
    const plot = { left: margin.l, top: margin.t, right: width - margin.r, bottom: height - margin.b };
    const hits = [];
    const f = {
      width, height, ctx, svg, plot, box, hits,
      text(x, y, s, o) {
        o = o || {};
        const t = el('text', { x, y, 'text-anchor': o.anchor || 'middle', 'dominant-baseline': o.baseline || 'middle', class: o.cls, transform: o.rotate ? `rotate(${o.rotate} ${x} ${y})` : null, fill: o.fill }, s);
        svg.appendChild(t);
        return t;
      },
      line(x1, y1, x2, y2, cls, extra) { svg.appendChild(el('line', Object.assign({ x1, y1, x2, y2, class: cls }, extra || {}))); },
      hit(x, y, n, label) { hits.push([x, y, n, label]); },
    };
    const nearest = e => {
      const r = box.getBoundingClientRect(), x = e.clientX - r.left, y = e.clientY - r.top;
      let best = null, d = 64;
      for (const h of hits) { const dd = (h[0] - x) ** 2 + (h[1] - y) ** 2; if (dd < d) { d = dd; best = h; } }
      return best;
    };
    box.addEventListener('mousemove', e => {
      const h = nearest(e);
      if (!h) { tip.hidden = true; return; }
      tip.hidden = false; tip.textContent = h[3]; tip.style.left = (e.clientX + 12) + 'px'; tip.style.top = (e.clientY + 12) + 'px';
    });
    box.addEventListener('mouseleave', () => { tip.hidden = true; });
    box.addEventListener('click', e => { const h = nearest(e); if (h) showDetails(h[2]); });
    return f;
  }

  function linear(d0, d1, r0, r1) {
    const s = v => r0 + (v - d0) / (d1 - d0 || 1) * (r1 - r0);
    s.domain = [d0, d1];
    return s;
  }

  function axisLeft(f, y, label, ticks) {
    const p = f.plot;
    for (const t of ticks || niceTicks(y.domain[0], y.domain[1], 5)) {
      const py = y(t);
      if (py < p.top - 1 || py > p.bottom + 1) continue;
      f.line(p.left, py, p.right, py, 'grid-line');
      f.text(p.left - 6, py, fmt(t), { anchor: 'end' });
    }
    f.line(p.left, p.top, p.left, p.bottom, 'axis');
    if (label) f.text(14, (p.top + p.bottom) / 2, label, { rotate: -90, cls: 'muted' });
  }

  function axisBottom(f, x, label, integer) {
    const p = f.plot;
    let ticks = niceTicks(x.domain[0], x.domain[1], Math.max(2, Math.floor((p.right - p.left) / 80)));
    if (integer) ticks = ticks.filter(t => Number.isInteger(t));
    for (const t of ticks) {
      const px = x(t);
      if (px < p.left - 1 || px > p.right + 1) continue;
      f.line(px, p.bottom, px, p.bottom + 4, 'axis');
      f.text(px, p.bottom + 14, fmt(t));
    }
    f.line(p.left, p.bottom, p.right, p.bottom, 'axis');
    if (label) f.text((p.left + p.right) / 2, f.height - 6, label, { cls: 'muted' });
  }

  function marker(ctx, shape, x, y, color, size) {
    ctx.fillStyle = color; ctx.strokeStyle = color;
    ctx.beginPath();
    if (shape === 'cross') {
      ctx.lineWidth = 1.6;
      ctx.moveTo(x - size, y - size); ctx.lineTo(x + size, y + size); ctx.moveTo(x + size, y - size); ctx.lineTo(x - size, y + size); ctx.stroke();
    } else if (shape === 'down') {
      ctx.moveTo(x - size, y - size); ctx.lineTo(x + size, y - size); ctx.lineTo(x, y + size); ctx.closePath(); ctx.fill();
    } else {
      ctx.arc(x, y, size, 0, Math.PI * 2); ctx.fill();
    }
  }

  function legend(items) {
    return el('div', { class: 'legend' }, items.map(([color, text]) => el('span', {}, el('i', { style: 'background:' + color }), text)));
  }

  function trialLabel(t) {
    return '#' + t.n + ' ' + t.state + (scored(t) ? '  score ' + fmt(t.score) : lastValue(t) !== null ? '  last value ' + fmt(lastValue(t)) : '');
  }

  // ---------- views ----------

  function history(study) {
    const c = card('view-history', 'Optimization history', 'Every trial\'s score by trial number; the line is the best so far. Pruned trials at their last reported value, failed ones in the band below. Click a point for details.', false);
    const trials = study.list;
    const ys = [];
    for (const t of trials) { if (scored(t)) ys.push(t.score); else if (t.state === 'pruned' && lastValue(t) !== null) ys.push(lastValue(t)); }
    const f = figure(c.body, 300, { l: 64, r: 12, t: 10, b: 36 });
    const p = f.plot;
    const band = p.bottom - 9; // failed trials have no score: they sit in a band under the scores
    const x = linear(-0.5, Math.max(1, trials.length) - 0.5, p.left + 4, p.right - 4);
    const [lo, hi] = extent(ys);
    const y = linear(lo, hi, p.bottom - 24, p.top);
    axisLeft(f, y, 'score', niceTicks(lo, hi, 5).filter(t => y(t) <= p.bottom - 20));
    axisBottom(f, x, 'trial', true);
    f.line(p.left, p.bottom - 18, p.right, p.bottom - 18, 'grid-line');
    f.text(p.left - 6, band, 'failed', { anchor: 'end', cls: 'muted' });
    const ctx = f.ctx;
    const size = trials.length > 2000 ? 1.6 : trials.length > 300 ? 2.5 : 3.5;
    let best = null;
    const step = [];
    for (const t of trials) {
      const px = x(t.n);
      if (scored(t)) {
        marker(ctx, 'dot', px, y(t.score), COLORS.complete, size);
        f.hit(px, y(t.score), t.n, trialLabel(t));
        if (best === null || better(study, t.score, best)) best = t.score;
      } else if (t.state === 'pruned' && lastValue(t) !== null) {
        marker(ctx, 'cross', px, y(lastValue(t)), COLORS.pruned, size + 0.5);
        f.hit(px, y(lastValue(t)), t.n, trialLabel(t));
      } else if (t.state === 'failed' || t.state === 'complete') {
        marker(ctx, 'down', px, band, COLORS.failed, size);
        f.hit(px, band, t.n, trialLabel(t) + (t.error ? '\n' + t.error.slice(0, 120) : ''));
      }
      if (best !== null) step.push([px, y(best)]);
    }
    if (step.length) {
      ctx.strokeStyle = COLORS.best; ctx.lineWidth = 2; ctx.beginPath();
      step.forEach(([px, py], i) => { if (i === 0) ctx.moveTo(px, py); else { ctx.lineTo(px, step[i - 1][1]); ctx.lineTo(px, py); } });
      ctx.stroke();
    }
    if (!c.node.querySelector('.legend')) c.node.appendChild(legend([[COLORS.complete, 'complete'], [COLORS.best, 'best so far'], [COLORS.pruned, 'pruned (×, last value)'], [COLORS.failed, 'failed or no score (▼)']]));
    return c;
  }

  function curves(study) {
    const withCurves = study.list.filter(t => t.c && t.c.length);
    const c = card('view-curves', 'Learning curves', withCurves.length
      ? `The values each trial reported per step (${count(withCurves.length)} trials). Pruned trials end where they were stopped (×); the best trial is drawn on top.`
      : 'No trial reported per-step values (trial.Report(step, value)) yet.', false);
    if (!withCurves.length) { c.body.replaceChildren(); return c; }
    const f = figure(c.body, 300, { l: 64, r: 12, t: 10, b: 36 });
    let maxStep = 1;
    const values = [];
    for (const t of withCurves) for (const [s, v] of t.c) { if (s > maxStep) maxStep = s; if (isFinite(v)) values.push(v); }
    // Clip to the 1st–99th percentile so one diverged trial does not flatten the rest.
    values.sort((a, b) => a - b);
    const q = k => values[Math.min(values.length - 1, Math.max(0, Math.round(k * (values.length - 1))))];
    const [lo, hi] = extent(values.length > 50 ? [q(0.01), q(0.99)] : values);
    const minStep = withCurves.reduce((m, t) => Math.min(m, t.c[0][0]), Infinity);
    const x = linear(minStep, Math.max(minStep + 1, maxStep), f.plot.left + 4, f.plot.right - 4);
    const y = linear(lo, hi, f.plot.bottom, f.plot.top);
    axisLeft(f, y, 'reported value');
    axisBottom(f, x, 'step', true);
    const ctx = f.ctx;
    ctx.save();
    ctx.beginPath(); ctx.rect(f.plot.left, f.plot.top, f.plot.right - f.plot.left, f.plot.bottom - f.plot.top); ctx.clip();
    const alpha = withCurves.length > 1000 ? 0.15 : withCurves.length > 200 ? 0.35 : 0.7;
    const order = [...withCurves].sort((a, b) => (a.n === study.bestNumber) - (b.n === study.bestNumber));
    for (const t of order) {
      const isBest = t.n === study.bestNumber;
      ctx.globalAlpha = isBest ? 1 : alpha;
      ctx.strokeStyle = isBest ? COLORS.best : COLORS[t.state] || COLORS.complete;
      ctx.lineWidth = isBest ? 2.5 : 1.2;
      ctx.beginPath();
      t.c.forEach(([s, v], i) => { const px = x(s), py = y(v); if (i === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py); });
      ctx.stroke();
      const [ls, lv] = t.c[t.c.length - 1];
      if (t.state === 'pruned') { ctx.globalAlpha = Math.min(1, alpha * 2); marker(ctx, 'cross', x(ls), y(lv), COLORS.pruned, 3.5); }
      f.hit(x(ls), y(lv), t.n, trialLabel(t) + ' · ' + t.c.length + ' steps');
    }
    ctx.restore();
    if (!c.node.querySelector('.legend')) c.node.appendChild(legend([[COLORS.complete, 'complete'], [COLORS.pruned, 'pruned (cut at ×)'], [COLORS.running, 'running'], [COLORS.best, 'best trial']]));
    return c;
  }

  function parallel(study) {
    const trials = study.list.filter(scored);
    const params = study.parameters;
    const c = card('view-parallel', 'Parallel coordinates', `Each complete trial is a line through its value of every parameter (${params.length}) and its score, coloured by score (yellow = better). "(inactive)" is where a conditional parameter was off.`, true);
    const f = figure(c.body, 400, { l: 24, r: 150, t: 44, b: 20 });
    const p = f.plot;
    const axes = params.length + 1;
    const gap = (p.right - p.left - 40) / Math.max(1, axes - 1);
    const ax = i => p.left + 40 + i * gap;
    const positions = params.map(q => {
      const slots = q.values.length + (q.conditional ? 1 : 0);
      const top = p.top, bottom = p.bottom;
      return v => {
        const index = v === null ? -1 : q.values.indexOf(v);
        const slot = q.conditional ? index + 1 : index;
        return slots <= 1 ? (top + bottom) / 2 : bottom - (slot / (slots - 1)) * (bottom - top);
      };
    });
    const scores = trials.map(t => t.score);
    const [lo, hi] = extent(scores, 0.02);
    const y = linear(lo, hi, p.bottom, p.top);
    const quality = s => (hi === lo ? 1 : study.direction === 'minimize' ? (hi - s) / (hi - lo) : (s - lo) / (hi - lo));
    const ctx = f.ctx;
    const alpha = trials.length > 2000 ? 0.12 : trials.length > 300 ? 0.3 : 0.75;
    ctx.lineWidth = trials.length > 2000 ? 0.6 : 1.2;
    for (const t of [...trials].sort((a, b) => quality(a.score) - quality(b.score))) {
      ctx.strokeStyle = viridis(quality(t.score), alpha);
      ctx.beginPath();
      params.forEach((q, i) => { const py = positions[i](value(study, t, i)); if (i === 0) ctx.moveTo(ax(i), py); else ctx.lineTo(ax(i), py); });
      ctx.lineTo(ax(params.length), y(t.score));
      ctx.stroke();
      f.hit(ax(params.length), y(t.score), t.n, trialLabel(t));
    }
    // Axes with their real values as labels.
    params.forEach((q, i) => {
      const x0 = ax(i);
      f.line(x0, p.top, x0, p.bottom, 'axis');
      // Names take two staggered rows when axes are close, and are shortened to fit (the full name is the tooltip).
      const staggered = gap < 110, room = Math.max(4, Math.floor(((staggered ? 2 : 1) * gap - 10) / 6.5));
      const shown = q.name.length > room ? q.name.slice(0, room - 1) + '…' : q.name;
      f.text(x0, p.top - (staggered && i % 2 ? 12 : 28), shown, { cls: 'title' }).appendChild(el('title', {}, q.name + (q.parent ? ` (active when ${q.parent} is ${(q.when || []).join(' or ')})` : '')));
      const spacing = (p.bottom - p.top) / Math.max(1, q.values.length);
      const every = Math.max(1, Math.ceil(13 / spacing));
      q.values.forEach((v, k) => { if (k % every === 0 || k === q.values.length - 1) f.text(x0 - 5, positions[i](v), v, { anchor: 'end', cls: 'pc-value' }); });
      if (q.conditional) f.text(x0 - 5, positions[i](null), '(inactive)', { anchor: 'end', cls: 'muted pc-value' });
    });
    const xs = ax(params.length);
    f.line(xs, p.top, xs, p.bottom, 'axis');
    f.text(xs, p.top - 28, 'score', { cls: 'title' });
    for (const t of niceTicks(lo, hi, 6)) if (y(t) >= p.top - 1 && y(t) <= p.bottom + 1) f.text(xs - 5, y(t), fmt(t), { anchor: 'end' });
    // The colour bar: score to colour, better at the top.
    const id = 'cb' + Math.random().toString(36).slice(2);
    const grad = el('linearGradient', { id, x1: 0, y1: 1, x2: 0, y2: 0 });
    for (let k = 0; k <= 8; k++) grad.appendChild(el('stop', { offset: k / 8, 'stop-color': viridis(k / 8) }));
    f.svg.appendChild(el('defs', {}, grad));
    const bx = p.right + 40;
    f.svg.appendChild(el('rect', { x: bx, y: p.top, width: 12, height: p.bottom - p.top, fill: `url(#${id})`, class: 'colorbar' }));
    f.text(bx + 6, p.top - 28, 'colour', { cls: 'title' });
    const [smin, smax] = scores.length ? [scores.reduce((a, b) => Math.min(a, b)), scores.reduce((a, b) => Math.max(a, b))] : [lo, hi];
    const better = study.direction === 'minimize' ? smin : smax, worse = study.direction === 'minimize' ? smax : smin;
    f.text(bx + 16, p.top + 4, fmt(better) + ' (better)', { anchor: 'start' });
    f.text(bx + 16, p.bottom - 4, fmt(worse) + ' (worse)', { anchor: 'start' });
    if (!trials.length) f.text((p.left + p.right) / 2, (p.top + p.bottom) / 2, 'No complete trial with a score yet.', { cls: 'muted' });
    return c;
  }

  function bestTrial(study) {
    const t = study.bestNumber === null ? null : study.trials.get(study.bestNumber);
    const c = card('view-best', 'Best trial', t ? `Trial #${t.n}: score ${fmt(t.score)} (${study.direction}).` : 'No complete trial with a score yet.', false);
    if (!t) { c.body.replaceChildren(); return c; }
    const rows = study.parameters.map((q, i) => [q.name, value(study, t, i)]).filter(([, v]) => v !== null);
    for (const m of study.metrics) if (t.m && m in t.m) rows.push([m, fmt(t.m[m])]);
    c.body.replaceChildren(
      el('table', { id: 'best-config' }, el('tbody', {}, rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v))))),
      el('p', {}, el('button', { onclick: () => showDetails(t.n) }, 'details and JSON')));
    return c;
  }

  function importance(study) {
    const imp = state.importance;
    const c = card('view-importance', 'Parameter importance', imp
      ? `Share of the variance of score ranks each parameter's value explains, judged on the complete trials where it was active (ε²). Bars: the estimate; whiskers: 90 % bootstrap interval (${imp.resamples} resamples of the ${count(imp.scored)} complete trials).`
      : 'Loading…', false);
    if (!imp) return c;
    const rows = imp.parameters;
    const nodes = [];
    if (imp.message) nodes.push(el('p', { class: 'message', id: 'importance-message' }, imp.message));
    const width = Math.max(300, c.body.clientWidth || 500), labelW = Math.min(160, width * 0.3), rowH = 24, barW = width - labelW - 200;
    const svg = el('svg', { width, height: rows.length * rowH + 26, class: 'importance' });
    const x = v => labelW + v * barW;
    [0, 0.25, 0.5, 0.75, 1].forEach(v => {
      svg.appendChild(el('line', { x1: x(v), y1: 0, x2: x(v), y2: rows.length * rowH, class: 'grid-line' }));
      svg.appendChild(el('text', { x: x(v), y: rows.length * rowH + 14, 'text-anchor': 'middle' }, Math.round(v * 100) + ' %'));
    });
    rows.forEach((r, i) => {
      const cy = i * rowH + rowH / 2;
      const tooFew = r.trials < imp.minimumTrials;
      svg.appendChild(el('text', { x: labelW - 8, y: cy, 'text-anchor': 'end', 'dominant-baseline': 'middle' }, r.name));
      svg.appendChild(el('rect', { x: x(0), y: cy - 7, width: Math.max(0, r.importance * barW), height: 14, fill: COLORS.complete, opacity: 0.85 }));
      svg.appendChild(el('line', { x1: x(r.low), y1: cy, x2: x(r.high), y2: cy, stroke: '#24292f', 'stroke-width': 1.5 }));
      svg.appendChild(el('line', { x1: x(r.low), y1: cy - 5, x2: x(r.low), y2: cy + 5, stroke: '#24292f', 'stroke-width': 1.5 }));
      svg.appendChild(el('line', { x1: x(r.high), y1: cy - 5, x2: x(r.high), y2: cy + 5, stroke: '#24292f', 'stroke-width': 1.5 }));
      const label = tooFew ? `too few trials (${r.trials})` : `${(r.importance * 100).toFixed(1)} % (${(r.low * 100).toFixed(0)}–${(r.high * 100).toFixed(0)} %), ${r.trials} trials`;
      svg.appendChild(el('text', { x: x(1) + 6, y: cy, 'dominant-baseline': 'middle', class: tooFew ? 'muted' : null }, label));
    });
    nodes.push(svg);
    c.body.replaceChildren(...nodes);
    return c;
  }

  function slices(study) {
    const c = card('view-slices', 'Slices', 'The score of every complete trial against each parameter\'s value, on the trials where the parameter was active (points spread sideways to show how many).', true);
    const grid = c.body.querySelector('.slices') || el('div', { class: 'slices' });
    c.body.replaceChildren(grid);
    const trials = study.list.filter(scored);
    const [lo, hi] = extent(trials.map(t => t.score));
    const existing = new Map([...grid.children].map(n => [n.dataset.param, n]));
    grid.replaceChildren();
    study.parameters.forEach((q, i) => {
      const box = existing.get(q.name) || el('div', { class: 'slice', 'data-param': q.name }, el('h3', {}, q.name), el('div', { class: 'plot' }));
      grid.appendChild(box);
      const active = trials.filter(t => value(study, t, i) !== null);
      box.querySelector('h3').textContent = `${q.name} (${count(active.length)} trials)`;
      const f = figure(box.querySelector('.plot'), 210, { l: 56, r: 8, t: 6, b: 44 });
      const slots = Math.max(1, q.values.length);
      const x = linear(-0.5, slots - 0.5, f.plot.left, f.plot.right);
      const y = linear(lo, hi, f.plot.bottom, f.plot.top);
      axisLeft(f, y, null, niceTicks(lo, hi, 4));
      f.line(f.plot.left, f.plot.bottom, f.plot.right, f.plot.bottom, 'axis');
      const every = Math.max(1, Math.ceil(slots * 44 / (f.plot.right - f.plot.left)));
      q.values.forEach((v, k) => {
        f.line(x(k), f.plot.bottom, x(k), f.plot.bottom + 4, 'axis');
        if (k % every === 0) f.text(x(k), f.plot.bottom + 14, v.length > 10 ? v.slice(0, 9) + '…' : v, { cls: 'slice-value' }).appendChild(el('title', {}, v));
      });
      const ctx = f.ctx, size = active.length > 2000 ? 1.4 : 2.6;
      for (const t of active) {
        // A stable spread per trial, so points do not jump between refreshes.
        const jitter = (((t.n * 2654435761) >>> 0) / 4294967296 - 0.5) * 0.5;
        const px = x(q.values.indexOf(value(study, t, i)) + jitter), py = y(t.score);
        marker(ctx, 'dot', px, py, t.n === study.bestNumber ? COLORS.best : 'rgba(70,130,180,0.6)', t.n === study.bestNumber ? 4 : size);
        f.hit(px, py, t.n, trialLabel(t) + '\n' + q.name + ' = ' + value(study, t, i));
      }
    });
    return c;
  }

  // ---------- the trials table ----------

  function columns(study) {
    const cols = [
      { key: 'n', label: '#', num: true, get: t => t.n, text: t => String(t.n) },
      { key: 'state', label: 'state', get: t => t.state, text: t => t.state, cls: t => 'state-' + t.state },
      { key: 'score', label: 'score', num: true, get: t => (scored(t) ? t.score : null), text: t => (t.score === null || t.score === undefined ? '' : fmt(t.score)), title: t => (t.score === null || t.score === undefined ? '' : String(t.score)) },
      { key: 'duration', label: 'duration', num: true, get: t => (t.end ? t.end - t.start : null), text: t => (t.end ? duration(t.end - t.start) : '') },
      { key: 'steps', label: 'steps', num: true, get: t => (t.c ? t.c.length : 0), text: t => (t.c ? String(t.c.length) : '') },
    ];
    for (const m of study.metrics) cols.push({ key: 'm:' + m, label: m, num: true, get: t => (t.m && m in t.m ? num(t.m[m]) : null), text: t => (t.m && m in t.m ? fmt(t.m[m]) : ''), title: t => (t.m && m in t.m ? String(t.m[m]) : '') });
    study.parameters.forEach((q, i) => cols.push({
      key: 'p:' + q.name, label: q.name, get: t => { const v = value(study, t, i); return v === null ? null : q.values.indexOf(v); },
      text: t => { const v = value(study, t, i); return v === null ? '–' : v; }, cls: t => (value(study, t, i) === null ? 'inactive' : null),
    }));
    cols.push({ key: 'error', label: 'error', get: t => t.error || null, text: t => (t.error ? t.error.split('\n')[0] : ''), cls: () => 'error', title: t => t.error || '' });
    return cols;
  }

  function trialsTable(study) {
    const c = card('view-trials', 'Trials', 'Click a column to sort, a row for details. The filter matches any cell (e.g. a state, a value, words of an error).', true);
    const tbl = state.table;
    const cols = columns(study);
    const col = cols.find(k => k.key === tbl.sort) || cols[0];
    const needle = tbl.filter.trim().toLowerCase();
    let rows = study.list.filter(t => (tbl.state === 'all' || t.state === tbl.state) &&
      (!needle || cols.some(k => String(k.text(t)).toLowerCase().includes(needle))));
    const dir = tbl.asc ? 1 : -1;
    rows.sort((a, b) => {
      const x = col.get(a), y = col.get(b);
      if (x === null && y === null) return a.n - b.n;
      if (x === null) return 1;
      if (y === null) return -1;
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * dir || a.n - b.n;
    });
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    tbl.page = Math.min(tbl.page, pages - 1);
    const shown = rows.slice(tbl.page * PAGE_SIZE, (tbl.page + 1) * PAGE_SIZE);

    let controls = c.body.querySelector('.controls');
    if (!controls) {
      const search = el('input', { type: 'search', placeholder: 'filter trials…', 'aria-label': 'filter trials', id: 'trial-filter' });
      search.addEventListener('input', () => { tbl.filter = search.value; tbl.page = 0; trialsTable(state.study); });
      const select = el('select', { 'aria-label': 'state', id: 'trial-state' }, ['all', 'complete', 'pruned', 'failed', 'running'].map(s => el('option', { value: s }, s)));
      select.addEventListener('change', () => { tbl.state = select.value; tbl.page = 0; trialsTable(state.study); });
      controls = el('div', { class: 'controls' }, search, select, el('span', { class: 'note count' }));
      c.body.replaceChildren(controls, el('div', { class: 'table-wrap' }), el('div', { class: 'pager' }));
    }
    controls.querySelector('.count').textContent = rows.length === study.list.length ? `${count(rows.length)} trials` : `${count(rows.length)} of ${count(study.list.length)} trials`;

    const head = el('tr', {}, cols.map(k => el('th', {
      class: k.key === tbl.sort ? (tbl.asc ? 'sorted-asc' : 'sorted-desc') : null, 'data-key': k.key,
      onclick: () => { if (tbl.sort === k.key) tbl.asc = !tbl.asc; else { tbl.sort = k.key; tbl.asc = k.key !== 'score' || study.direction === 'minimize'; } trialsTable(state.study); },
    }, k.label)));
    const body = el('tbody', {}, shown.map(t => el('tr', {
      class: [t.n === study.bestNumber ? 'best' : '', t.n === state.selected ? 'selected' : ''].join(' ').trim() || null,
      'data-n': t.n, onclick: () => showDetails(t.n),
    }, cols.map(k => el('td', { class: [k.num ? 'num' : '', k.cls ? k.cls(t) || '' : ''].join(' ').trim() || null, title: k.title ? k.title(t) || null : null }, k.text(t))))));
    c.body.querySelector('.table-wrap').replaceChildren(el('table', { id: 'trials' }, el('thead', {}, head), body));

    const pager = c.body.querySelector('.pager');
    pager.replaceChildren(
      el('button', { disabled: tbl.page === 0, onclick: () => { tbl.page--; trialsTable(state.study); } }, '‹ previous'),
      el('span', { class: 'note' }, rows.length ? `${count(tbl.page * PAGE_SIZE + 1)}–${count(tbl.page * PAGE_SIZE + shown.length)} of ${count(rows.length)}` : 'no trial matches'),
      el('button', { disabled: tbl.page >= pages - 1, onclick: () => { tbl.page++; trialsTable(state.study); } }, 'next ›'));
    return c;
  }

  // ---------- trial details ----------

  function closeDetails() { drawer.hidden = true; state.selected = null; }

  function showDetails(n) {
    const study = state.study, t = study && study.trials.get(n);
    if (!t) return;
    state.selected = n;
    const json = configJson(study, t);
    const copy = el('button', { id: 'copy-json', onclick: async () => {
      try { await navigator.clipboard.writeText(json); copy.textContent = 'copied'; } catch (e) {
        const range = document.createRange(); range.selectNodeContents(pre); getSelection().removeAllRanges(); getSelection().addRange(range); copy.textContent = 'selected: press Ctrl+C';
      }
    } }, 'copy JSON');
    const pre = el('pre', { id: 'config-json' }, json);
    const kv = rows => el('table', {}, el('tbody', {}, rows.map(([k, v, cls]) => el('tr', {}, el('th', {}, k), el('td', { class: cls || null }, v)))));
    const curve = el('div', { class: 'plot' });
    const metrics = study.metrics.filter(m => t.m && m in t.m);
    drawer.replaceChildren(...[
      el('button', { class: 'close', onclick: closeDetails, 'aria-label': 'close' }, '✕'),
      el('h2', {}, `Trial #${t.n}`),
      kv([
        ['state', t.state, 'state-' + t.state],
        ['score', t.score === null || t.score === undefined ? '–' : String(t.score)],
        ['duration', t.end ? duration(t.end - t.start) : 'running'],
        ['started', time(t.start)], ['finished', time(t.end)],
        ['steps reported', t.c ? String(t.c.length) : '0'],
        ['worker', t.worker || ''],
      ]),
      el('h2', {}, 'Config'),
      kv(study.parameters.map((q, i) => { const v = value(study, t, i); return [q.name, v === null ? '(inactive)' : v, v === null ? 'inactive' : null]; })),
      metrics.length ? el('h2', {}, 'Metrics') : null,
      metrics.length ? kv(metrics.map(m => [m, String(t.m[m])])) : null,
      t.error ? el('h2', {}, 'Error') : null,
      t.error ? el('pre', { class: 'error', id: 'trial-error' }, t.error) : null,
      el('h2', {}, 'Config as JSON ', copy), pre,
      t.c && t.c.length ? el('h2', {}, 'Learning curve') : null, curve,
    ].filter(Boolean)); // replaceChildren would write a null as the text "null"
    drawer.hidden = false;
    if (t.c && t.c.length) {
      const f = figure(curve, 160, { l: 56, r: 8, t: 6, b: 30 });
      const x = linear(t.c[0][0], Math.max(t.c[0][0] + 1, t.c[t.c.length - 1][0]), f.plot.left + 4, f.plot.right - 4);
      const [lo, hi] = extent(t.c.map(([, v]) => v));
      const y = linear(lo, hi, f.plot.bottom, f.plot.top);
      axisLeft(f, y, null, niceTicks(lo, hi, 3));
      axisBottom(f, x, null, true);
      f.ctx.strokeStyle = COLORS[t.state] || COLORS.complete; f.ctx.lineWidth = 2; f.ctx.beginPath();
      t.c.forEach(([s, v], i) => (i ? f.ctx.lineTo(x(s), y(v)) : f.ctx.moveTo(x(s), y(v))));
      f.ctx.stroke();
    }
    document.querySelectorAll('#trials tr.selected').forEach(r => r.classList.remove('selected'));
    const row = document.querySelector(`#trials tr[data-n="${n}"]`);
    if (row) row.classList.add('selected');
  }

  document.addEventListener('keydown', e => { if (e.key === 'Escape') closeDetails(); });
  document.addEventListener('visibilitychange', () => { if (!document.hidden && state.poll) { clearTimeout(state.timer); state.poll(); } });
  let resizeTimer = 0;
  window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => { if (state.study) renderStudy(); }, 150); });
  window.addEventListener('hashchange', route);
  route();
})();
