// DOM probes for the layout checks (tests/e2e/test_layout.py) and the page benchmark (benchmarks/bench_pages.py).
//
// Installed as window.__probe. Generic on purpose: nothing here knows a chart title, a page or a trace name; it
// reads what Streamlit and Plotly put in the DOM (data-testid attributes, Plotly's SVG class names, gd._fullLayout).
//
//   __probe.state()            -> {ready, reason, sig, h1, firstContent, charts}: is the app idle and is every visible
//                                 chart painted? `sig` changes whenever the set/size/content of charts changes.
//   __probe.settled(ms, h1Not) -> true once state().ready has held with the same sig for `ms` milliseconds (and the
//                                 page's h1 text differs from h1Not, for in-app navigation). Records the time the
//                                 final state was first reached in __probe.readyAt (performance.now()).
//   __probe.audit(opts)        -> list of layout problems (see checkChart, checkMetrics, checkOverflow, checkSvg).
//   __probe.highlight(probs)   -> outlines the boxes named in the problems (for failure screenshots).
(() => {
  if (window.__probe) return;
  const TOL = 2; // px: boxes may touch or graze by this much (anti-aliasing, line-box rounding)

  // ---------------------------------------------------------------------------------------------- geometry
  // A box is a convex quad in client (viewport) coordinates: SVG text keeps its rotation (a tick label at -45° is
  // not its axis-aligned bounding box), HTML boxes are axis-aligned.
  function quadOfSvg(el) {
    let b;
    try { b = el.getBBox(); } catch (e) { return null; }
    if (!b || b.width <= 0 || b.height <= 0) return null;
    const m = el.getScreenCTM();
    if (!m) return null;
    const pt = (x, y) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f];
    return [pt(b.x, b.y), pt(b.x + b.width, b.y), pt(b.x + b.width, b.y + b.height), pt(b.x, b.y + b.height)];
  }
  // The ink of an SVG <text>, not its line box. getBBox() is as tall as the fonts' ascent + descent: for Noto Nastaliq
  // Urdu (and for Latin titles whose Urdu glyphs fall back to it) that is ~2.5 em, so line boxes of Urdu labels
  // "overlap" where no glyphs touch. Per line (<tspan class="line">): the horizontal extent is the line box's (advance
  // widths), the vertical one is the baseline (getStartPositionOfChar) minus/plus the ink ascent/descent of the
  // actual string as canvas measureText() shapes it in the same font list (fallback fonts included). In the element's
  // own coordinates, then through its CTM, so rotated labels stay rotated. Falls back to the line box on any doubt.
  const ctx2d = document.createElement('canvas').getContext('2d');
  function inkQuad(el) {
    const m = el.getScreenCTM();
    if (!m) return null;
    const lines = [...el.querySelectorAll('tspan.line')];
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const line of (lines.length ? lines : [el])) {
      const s = line.textContent;
      if (!s || !s.trim()) continue;
      let b, base = null;
      try { b = line.getBBox(); } catch (e) { return quadOfSvg(el); }
      if (!b || b.width <= 0 || b.height <= 0) continue;
      try { base = line.getNumberOfChars() > 0 ? line.getStartPositionOfChar(0).y : null; } catch (e) { base = null; }
      const ls = getComputedStyle(line);
      ctx2d.font = `${ls.fontStyle} ${ls.fontWeight} ${ls.fontSize} ${ls.fontFamily}`;
      const t = ctx2d.measureText(s);
      let top = base - t.actualBoundingBoxAscent, bottom = base + t.actualBoundingBoxDescent;
      if (base === null || !isFinite(top) || !isFinite(bottom) || bottom <= top || top < b.y - 2 || bottom > b.y + b.height + 2) {
        top = b.y; bottom = b.y + b.height; // ink must lie within the line box; if not, trust the line box
      }
      x0 = Math.min(x0, b.x); x1 = Math.max(x1, b.x + b.width);
      y0 = Math.min(y0, top); y1 = Math.max(y1, bottom);
    }
    if (!(x1 > x0 && y1 > y0)) return null;
    const pt = (x, y) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f];
    return [pt(x0, y0), pt(x1, y0), pt(x1, y1), pt(x0, y1)];
  }
  function quadOfRect(r) {
    if (!r || r.width <= 0 || r.height <= 0) return null;
    return [[r.left, r.top], [r.right, r.top], [r.right, r.bottom], [r.left, r.bottom]];
  }
  function quadOf(el) {
    if (el instanceof SVGTextElement) return inkQuad(el);
    return el instanceof SVGGraphicsElement ? quadOfSvg(el) : quadOfRect(el.getBoundingClientRect());
  }
  function bounds(q) {
    const xs = q.map(p => p[0]), ys = q.map(p => p[1]);
    return {left: Math.min(...xs), top: Math.min(...ys), right: Math.max(...xs), bottom: Math.max(...ys)};
  }
  // Separating-axis test for two convex quads; returns the penetration depth (px) along the best separating axis,
  // so a value <= TOL means "they at most touch".
  function overlapDepth(a, b) {
    let depth = Infinity;
    for (const q of [a, b]) {
      for (let i = 0; i < 4; i++) {
        const [x1, y1] = q[i], [x2, y2] = q[(i + 1) % 4];
        let nx = y1 - y2, ny = x2 - x1;
        const len = Math.hypot(nx, ny);
        if (!len) continue;
        nx /= len; ny /= len;
        const pa = a.map(p => p[0] * nx + p[1] * ny), pb = b.map(p => p[0] * nx + p[1] * ny);
        const d = Math.min(Math.max(...pa), Math.max(...pb)) - Math.max(Math.min(...pa), Math.min(...pb));
        if (d <= 0) return 0;
        depth = Math.min(depth, d);
      }
    }
    return depth === Infinity ? 0 : depth;
  }
  // How far (px) quad q sticks out of rectangle r (0 if inside).
  function outside(q, r) {
    const b = bounds(q);
    return Math.max(r.left - b.left, b.right - r.right, r.top - b.top, b.bottom - r.bottom, 0);
  }
  const round = v => Math.round(v);
  function rel(q, origin) { // "x,y wxh" relative to origin's top-left, for messages
    const b = bounds(q);
    return `${round(b.left - origin.left)},${round(b.top - origin.top)} ${round(b.right - b.left)}x${round(b.bottom - b.top)}`;
  }
  function clientRect(q) {
    const b = bounds(q);
    return {x: b.left, y: b.top, w: b.right - b.left, h: b.bottom - b.top};
  }
  const text = el => (el.textContent || '').replace(/\s+/g, ' ').trim();
  const short = (s, n = 60) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

  // Rendered and not hidden (closed expander, inactive tab, display:none, visibility:hidden, zero size).
  function shown(el, checkOpacity = false) {
    if (!el || !el.isConnected) return false;
    if (el.closest('details:not([open]) > :not(summary)')) return false;
    if (el.checkVisibility && !el.checkVisibility({checkOpacity, checkVisibilityCSS: true})) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  }

  // ---------------------------------------------------------------------------------------------- painted?
  function mapSubplotReady(gd, id) {
    const sub = gd._fullLayout[id] && gd._fullLayout[id]._subplot;
    const m = sub && (sub.map || sub.mapbox);
    if (!m) return `${id}: map not created`;
    if (!m.isStyleLoaded() || !m.loaded() || m.isMoving() || !m.areTilesLoaded()) return `${id}: map loading`;
    const sources = Object.keys((m.getStyle() || {}).sources || {});
    for (const s of sources) if (!m.isSourceLoaded(s)) return `${id}: source ${s} loading`;
    return null;
  }

  // null when every visible trace of a Plotly graph div has been drawn, else why not. A verdict of "drawn" is kept
  // while the figure objects stay the same (Plotly makes new _fullLayout/calcdata on every redraw), so polling a
  // settled page costs next to nothing; maps are asked again every time (cheap).
  const drawnFor = new WeakMap();
  function plotlyPainted(gd) {
    const fl = gd._fullLayout, fd = gd._fullData;
    if (!fl || !fd || !gd.calcdata) return 'no _fullLayout yet';
    if (gd._transitioning || (gd._promises && gd._promises.length)) return 'drawing';
    const seen = drawnFor.get(gd);
    if (seen && seen.fl === fl && seen.cd === gd.calcdata && seen.marks === gd.getElementsByTagName('path').length) {
      for (const id of seen.maps) { const r = mapSubplotReady(gd, id); if (r) return r; }
      return null;
    }
    const drawn = new Map(); // uid -> trace group element, from d3's data binding on g.trace
    for (const g of gd.querySelectorAll('g.trace, g.hm, g.contour, g.im')) {
      const d = g.__data__, tr = d && d[0] && d[0].trace;
      if (tr && tr.uid !== undefined) drawn.set(tr.uid, g);
    }
    const maps = new Set();
    for (let i = 0; i < fd.length; i++) {
      const tr = fd[i];
      if (tr.visible !== true) continue;
      const cd = gd.calcdata[i] || [];
      if (tr.subplot && /^(map|mapbox)\d*$/.test(tr.subplot)) { maps.add(tr.subplot); continue; }
      if (/gl|^splom$|^parcoords$|^surface$|^mesh3d$/.test(tr.type)) { if (!fl._glcanvas && !gd.querySelector('canvas')) return `${tr.type}: no canvas`; continue; }
      if (!cd.length || (cd[0] && cd[0].t && cd[0].t.empty)) continue; // nothing to draw
      const g = drawn.get(tr.uid);
      if (!g) return `trace ${i} (${tr.type}) not drawn`;
      let want = 0, have = 0;
      if (tr.type === 'scatter' || tr.type === 'scattergeo') {
        if (String(tr.mode || '').includes('markers')) {
          want = cd.filter(p => p && p.x !== undefined && p.y !== undefined && isFinite(p.x) && isFinite(p.y)).length;
          if (tr.type === 'scattergeo') want = cd.filter(p => p && p.lonlat && isFinite(p.lonlat[0])).length;
          have = g.querySelectorAll('.points .point, .point').length;
        } else if (String(tr.mode || '').includes('lines')) { want = 1; have = g.querySelectorAll('.js-line, path.js-line').length; }
      } else if (tr.type === 'bar') { want = cd.filter(p => p && isFinite(p.s)).length; have = g.querySelectorAll('.point').length; }
      else if (tr.type === 'choropleth') { want = cd.length; have = g.querySelectorAll('path.choroplethlocation').length; }
      else if (tr.type === 'heatmap') { want = 1; have = g.querySelectorAll('image').length; }
      if (have < want) return `trace ${i} (${tr.type}) ${have}/${want} marks drawn`;
    }
    for (const id of maps) { const r = mapSubplotReady(gd, id); if (r) return r; }
    drawnFor.set(gd, {fl, cd: gd.calcdata, marks: gd.getElementsByTagName('path').length, maps: [...maps]});
    return null;
  }

  function mainEl() { return document.querySelector('[data-testid="stMain"]') || document.body || document.documentElement; }

  // The first element after the page title, for "first content visible".
  function firstContent() {
    const h1 = mainEl().querySelector('h1');
    if (!h1 || !shown(h1) || !text(h1)) return null;
    const container = h1.closest('[data-testid="stElementContainer"]');
    let next = container && container.nextElementSibling;
    while (next && !(shown(next) && next.getBoundingClientRect().height > 2)) next = next.nextElementSibling;
    return {h1: text(h1), next: !!next};
  }

  // Chart-like elements: Plotly graph divs (and Streamlit's Plotly element before Plotly has mounted in it),
  // Vega-Lite and deck.gl charts, images, iframes. Simple queries: this runs on every poll.
  function charts() {
    const main = mainEl();
    const out = [...main.getElementsByClassName('js-plotly-plot')];
    for (const el of main.querySelectorAll('[data-testid="stPlotlyChart"],[data-testid="stVegaLiteChart"],[data-testid="stDeckGlJsonChart"]')) out.push(el);
    for (const el of main.getElementsByTagName('img')) if (el.closest('[data-testid="stImage"]')) out.push(el);
    for (const el of main.getElementsByTagName('iframe')) out.push(el);
    return out.filter(el => shown(el));
  }

  function state() {
    const app = document.querySelector('[data-testid="stApp"]');
    const out = {ready: false, reason: '', sig: '', h1: null, firstContent: firstContent(), charts: 0};
    const h1 = mainEl().querySelector('h1');
    out.h1 = h1 ? text(h1) : null;
    if (!app && !window.__probeStatic) { out.reason = 'app not mounted'; return out; }
    if (app) {
      if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') { out.reason = 'not connected'; return out; }
      if (app.getAttribute('data-test-script-state') !== 'notRunning') { out.reason = 'script ' + app.getAttribute('data-test-script-state'); return out; }
      if (document.querySelector('[data-testid="stSkeleton"]')) { out.reason = 'skeleton'; return out; }
      if (mainEl().querySelector('[data-stale="true"]')) { out.reason = 'stale elements'; return out; }
    }
    if (document.fonts && document.fonts.status !== 'loaded') { out.reason = 'fonts loading'; return out; }
    const sig = [];
    const list = charts();
    out.charts = list.filter(el => el.classList.contains('js-plotly-plot')).length;
    out.hiddenCharts = mainEl().getElementsByClassName('js-plotly-plot').length - out.charts;
    for (const el of list) {
      const r = el.getBoundingClientRect();
      if (el.matches('[data-testid="stPlotlyChart"]')) {
        if (!el.querySelector('.js-plotly-plot')) { out.reason = 'plotly chart not mounted'; return out; }
        continue;
      }
      if (el.classList.contains('js-plotly-plot')) {
        const why = plotlyPainted(el);
        if (why) { out.reason = why; return out; }
        const t = el.querySelector('.gtitle');
        sig.push(`P${round(r.width)}x${round(r.height)}:${el._fullData.length}:${t ? text(t) : ''}`);
      } else if (el.tagName === 'IMG') {
        if (!el.complete || !el.naturalWidth) { out.reason = 'image loading'; return out; }
        sig.push(`I${round(r.width)}x${round(r.height)}`);
      } else if (el.tagName === 'IFRAME') {
        let doc = null;
        try { doc = el.contentDocument; } catch (e) { /* cross-origin: nothing to wait for */ }
        if (doc && doc.readyState !== 'complete') { out.reason = 'iframe loading'; return out; }
        sig.push(`F${round(r.width)}x${round(r.height)}`);
      } else {
        if (!el.querySelector('canvas, svg')) { out.reason = 'chart not mounted'; return out; }
        sig.push(`C${round(r.width)}x${round(r.height)}`);
      }
    }
    const blocks = mainEl().querySelectorAll('[data-testid="stElementContainer"]').length;
    out.sig = `${out.h1}|${blocks}|${sig.join(';')}`;
    out.ready = true;
    return out;
  }

  let last = null;
  function settled(ms, h1Not) {
    const s = probe.lastState = state();
    const now = performance.now();
    if (!s.ready || (h1Not !== undefined && h1Not !== null && s.h1 === h1Not)) { last = null; return false; }
    if (!last || last.sig !== s.sig) { last = {sig: s.sig, since: now}; return false; }
    probe.readyAt = last.since;
    return now - last.since >= ms;
  }

  // ---------------------------------------------------------------------------------------------- audit
  function chartName(gd, i) {
    const t = gd.querySelector('.g-gtitle .gtitle');
    return `chart ${i + 1}` + (t && text(t) ? ` "${short(text(t))}"` : '');
  }

  function checkChart(gd, i, problems) {
    const name = chartName(gd, i);
    const svg = gd.querySelector('.main-svg');
    if (!svg) return;
    const frame = svg.getBoundingClientRect();
    const add = (kind, detail, quads) => problems.push({where: name, kind, detail, rects: quads.map(clientRect)});
    const boxes = []; // text-like boxes that must not overlap each other
    const push = (label, el, q) => { q = q || quadOf(el); if (q) boxes.push({label, q}); };

    for (const el of gd.querySelectorAll('.g-gtitle .gtitle')) if (text(el)) push('title', el);
    for (const el of gd.querySelectorAll('.infolayer > g[class^="g-"][class$="title"]:not(.g-gtitle) > text')) {
      if (text(el)) push(`${el.getAttribute('class').split(' ')[0]} "${short(text(el), 30)}"`, el);
    }
    for (const a of gd.querySelectorAll('.annotation')) {
      const g = a.querySelector('.annotation-text-g');
      if (!g || !text(g) || !shown(g)) continue;
      // Plotly sizes the annotation's background/border box from the line box; a transparent, borderless box is not
      // seen, so only the text's ink counts then.
      const bg = g.querySelector('rect.bg');
      const bs = bg && getComputedStyle(bg);
      const paints = (colour, opacity) => colour && colour !== 'none' && !/rgba\(.*,\s*0\)$|transparent/.test(colour) && +opacity > 0;
      const seen = bs && (paints(bs.fill, bs.fillOpacity) || (parseFloat(bs.strokeWidth) > 0 && paints(bs.stroke, bs.strokeOpacity)));
      const t = g.querySelector('text.annotation-text') || g.querySelector('text');
      push(`annotation "${short(text(g), 40)}"`, seen ? g : t, seen ? quadOfSvg(g) : null);
    }
    const legends = [...gd.querySelectorAll('.infolayer > g')].filter(g => /^legend\d*$/.test(g.getAttribute('class') || ''));
    for (const lg of legends) {
      const bg = lg.querySelector(':scope > rect.bg');
      const q = bg ? quadOf(bg) : quadOf(lg);
      if (!q) continue;
      push('legend', lg, q);
      const sb = lg.querySelector(':scope > rect.scrollbar');
      const sw = sb ? +sb.getAttribute('width') || 0 : 0, sh = sb ? +sb.getAttribute('height') || 0 : 0;
      if (sw > 0 && sh > 0) {
        const b = bounds(q);
        const hidden = [...lg.querySelectorAll('g.traces')].filter(t => {
          const tq = quadOf(t); if (!tq) return false;
          const tb = bounds(tq); return tb.top < b.top - 1 || tb.bottom > b.bottom + 1;
        }).map(t => text(t)).filter(Boolean);
        add('legend scrolls', `legend has a scrollbar (${round(sw)}x${round(sh)}px); entries out of view: ${hidden.join(', ') || 'none yet, but it scrolls'}`, [q]);
      }
      const out = outside(q, frame);
      if (out > TOL) add('legend outside chart', `legend sticks out of the chart by ${round(out)}px at ${rel(q, frame)}`, [q]);
    }
    for (const cb of gd.querySelectorAll('.infolayer g.colorbar')) push('colorbar', cb);
    const mb = gd.querySelector('.modebar');
    if (mb && getComputedStyle(mb).display !== 'none' && mb.children.length) push('modebar', mb);

    // (b) no two of title, legend, annotations, axis titles, colorbar, modebar overlap
    for (let a = 0; a < boxes.length; a++) for (let b = a + 1; b < boxes.length; b++) {
      const d = overlapDepth(boxes[a].q, boxes[b].q);
      if (d > TOL) add('overlap', `${boxes[a].label} [${rel(boxes[a].q, frame)}] overlaps ${boxes[b].label} [${rel(boxes[b].q, frame)}] by ${round(d)}px`, [boxes[a].q, boxes[b].q]);
    }

    // plot areas: the legend, colorbar, chart title and axis titles must not sit on the data
    const areas = [];
    for (const r of gd.querySelectorAll('.draglayer > g > rect.nsewdrag')) { const q = quadOf(r); if (q) areas.push({label: `plot area ${r.parentNode.getAttribute('class') || ''}`.trim(), q}); }
    for (const r of gd.querySelectorAll('.geolayer .bglayer rect.bg')) { const q = quadOf(r); if (q) areas.push({label: 'geo plot area', q}); }
    for (const m of gd.querySelectorAll('.maplibregl-map, .mapboxgl-map')) { const q = quadOf(m); if (q) areas.push({label: 'map plot area', q}); }
    for (const box of boxes) {
      if (!/^(legend|colorbar|title|g-.*title)/.test(box.label) && !/^[xy]\d*title/.test(box.label)) continue;
      for (const area of areas) {
        const d = overlapDepth(box.q, area.q);
        if (d > TOL) add('over plot', `${box.label} [${rel(box.q, frame)}] covers the ${area.label} [${rel(area.q, frame)}] by ${round(d)}px`, [box.q, area.q]);
      }
    }

    // (c) tick labels: none overlap another of the same axis, nor any of the boxes above
    const axes = new Map();
    for (const t of gd.querySelectorAll('.cartesianlayer g[class$="tick"] > text, .cartesianlayer g[class$="tick2"] > text')) {
      if (!text(t) || !shown(t, true)) continue;
      const q = quadOf(t); if (!q) continue;
      const ax = t.parentNode.getAttribute('class').split(' ')[0].replace(/tick2?$/, '');
      if (!axes.has(ax)) axes.set(ax, []);
      axes.get(ax).push({label: text(t), q});
    }
    for (const [ax, ticks] of axes) {
      const bad = [];
      for (let a = 0; a < ticks.length; a++) for (let b = a + 1; b < ticks.length; b++) {
        const d = overlapDepth(ticks[a].q, ticks[b].q);
        if (d > TOL) bad.push([ticks[a], ticks[b], d]);
      }
      if (bad.length) {
        const sample = bad.slice(0, 4).map(([x, y, d]) => `"${x.label}"/"${y.label}" by ${round(d)}px`).join(', ');
        add('tick overlap', `${ax}-axis: ${bad.length} overlapping tick-label pair(s) of ${ticks.length} labels, e.g. ${sample}`, bad.slice(0, 6).flatMap(([x, y]) => [x.q, y.q]));
      }
      for (const box of boxes) {
        const hit = ticks.filter(t => overlapDepth(t.q, box.q) > TOL);
        if (hit.length) add('overlap', `${box.label} [${rel(box.q, frame)}] overlaps ${hit.length} ${ax}-axis tick label(s): ${hit.slice(0, 5).map(t => `"${t.label}"`).join(', ')}`, [box.q, ...hit.slice(0, 5).map(t => t.q)]);
      }
      // (d) tick labels cut by the chart's edge
      const cut = ticks.filter(t => outside(t.q, frame) > TOL);
      if (cut.length) add('clipped', `${ax}-axis tick label(s) cut by the chart edge: ${cut.slice(0, 5).map(t => `"${t.label}" by ${round(outside(t.q, frame))}px`).join(', ')}`, cut.slice(0, 5).map(t => t.q));
    }
    // data labels on marks (scatter text, bar text, pie slices): none on top of another, nor under the boxes above
    const labels = [...gd.querySelectorAll('.textpoint > text, text.bartext, .slicetext > text')]
      .filter(t => text(t) && shown(t, true)).map(t => ({label: text(t), q: quadOf(t)})).filter(t => t.q);
    labels.forEach(t => { t.b = bounds(t.q); });
    labels.sort((a, b) => a.b.left - b.b.left);
    const clash = [];
    for (let a = 0; a < labels.length; a++) {
      for (let b = a + 1; b < labels.length && labels[b].b.left < labels[a].b.right - TOL; b++) {
        const d = overlapDepth(labels[a].q, labels[b].q);
        if (d > TOL) clash.push([labels[a], labels[b], d]);
      }
    }
    if (clash.length) {
      add('label overlap', `${clash.length} overlapping data-label pair(s) of ${labels.length} labels, e.g. ` +
        clash.slice(0, 4).map(([x, y, d]) => `"${short(x.label, 20)}"/"${short(y.label, 20)}" by ${round(d)}px`).join(', '),
        clash.slice(0, 6).flatMap(([x, y]) => [x.q, y.q]));
    }
    for (const box of boxes) {
      const hit = labels.filter(t => overlapDepth(t.q, box.q) > TOL);
      if (hit.length) add('overlap', `${box.label} [${rel(box.q, frame)}] overlaps ${hit.length} data label(s): ${hit.slice(0, 5).map(t => `"${short(t.label, 20)}"`).join(', ')}`, [box.q, ...hit.slice(0, 5).map(t => t.q)]);
    }

    // (d) text cut by the chart's edge (the SVG clips what lies outside it)
    for (const box of boxes) {
      if (box.label === 'modebar' || box.label === 'legend') continue; // legend reported above
      const out = outside(box.q, frame);
      if (out > TOL) add('clipped', `${box.label} [${rel(box.q, frame)}] is cut by the chart edge (${round(out)}px outside ${round(frame.width)}x${round(frame.height)})`, [box.q]);
    }
  }

  // Ink of the HTML text under `el`, line by line: a Range's client rects are the inline content areas (the primary
  // font's ascent + descent); the baseline is the top plus that ascent, and the glyphs reach the ascent/descent canvas
  // measureText() reports for the string in the same font list. Used to tell "line box taller than its container"
  // (Nastaliq's line box is ~2.5 em) from "glyphs actually cut". Falls back to the content area on any doubt.
  function htmlInkRects(el) {
    const out = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const str = node.textContent;
      if (!str.trim()) continue;
      const cs = getComputedStyle(node.parentElement);
      ctx2d.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const t = ctx2d.measureText(str.trim());
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width <= 0) continue;
        const area = t.fontBoundingBoxAscent + t.fontBoundingBoxDescent;
        if (!isFinite(area) || Math.abs(area - r.height) > 2) { out.push({node, left: r.left, right: r.right, top: r.top, bottom: r.bottom}); continue; }
        const base = r.top + t.fontBoundingBoxAscent;
        out.push({node, left: r.left, right: r.right, top: base - t.actualBoundingBoxAscent, bottom: base + t.actualBoundingBoxDescent});
      }
    }
    return out;
  }

  // Metric labels and values are never truncated: no ellipsis, no text wider than its box, no glyphs cut off at
  // the top or bottom by an overflow:hidden box.
  function checkMetrics(root, problems) {
    for (const m of root.querySelectorAll('[data-testid="stMetricLabel"], [data-testid="stMetricValue"], [data-testid="stMetricDelta"]')) {
      if (!shown(m)) continue;
      const kind = m.getAttribute('data-testid').replace('stMetric', 'metric ').toLowerCase();
      const where = `${kind} "${short(text(m), 80)}"`;
      let found = false;
      for (const el of [m, ...m.querySelectorAll('*')]) {
        const cs = getComputedStyle(el);
        if (cs.display === 'inline' || cs.display === 'contents' || !shown(el)) continue;
        if (el.scrollWidth - el.clientWidth > 1) {
          problems.push({where, kind: 'truncated', detail: `${el.scrollWidth}px of text in a ${el.clientWidth}px box`
            + (cs.textOverflow === 'ellipsis' && /hidden|clip/.test(cs.overflowX) ? ' (ellipsis shown)' : /visible/.test(cs.overflowX) ? ' (spills out of its box)' : ''),
            rects: [clientRect(quadOf(el))]});
          found = true;
          break;
        }
      }
      if (found) continue;
      // vertical: glyphs cut by a clipping box between the text and the metric container
      const stop = m.closest('[data-testid="stMetric"]') || m;
      let worst = null;
      for (const ink of htmlInkRects(m)) {
        for (let a = ink.node.parentElement; a; a = a.parentElement) {
          if (/hidden|clip|auto|scroll/.test(getComputedStyle(a).overflowY)) {
            const r = a.getBoundingClientRect();
            const top = r.top + a.clientTop, bottom = top + a.clientHeight;
            const cut = Math.max(top - ink.top, ink.bottom - bottom);
            if (cut > 1 && (!worst || cut > worst.cut)) worst = {cut, box: r, h: a.clientHeight};
          }
          if (a === stop) break;
        }
      }
      if (worst) problems.push({where, kind: 'truncated', detail: `glyphs cut by ${round(worst.cut)}px at the top/bottom of a ${round(worst.h)}px-high box`,
        rects: [{x: worst.box.left, y: worst.box.top, w: worst.box.width, h: worst.box.height}]});
    }
  }

  // HTML bar rankings (.td-rank): one unit's name never runs into the next one's (Nastaliq rises and falls far past
  // its line box: at a Latin line height two wrapped Urdu names overlapped on a phone).
  function checkRankings(root, problems) {
    for (const rank of root.querySelectorAll('.td-rank')) {
      if (!shown(rank)) continue;
      const names = [...rank.children].filter(el => !el.classList.contains('bar'));
      const inks = names.map(el => htmlInkRects(el));
      const hits = [];
      for (let i = 0; i < inks.length; i++) for (let j = i + 1; j < inks.length; j++) {
        for (const a of inks[i]) for (const b of inks[j]) {
          const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left), dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (dx > 1 && dy > 1) hits.push([i, j, a, b]);
        }
      }
      if (hits.length) {
        const [i, j, a, b] = hits[0];
        problems.push({where: `ranking "${short(text(names[0]), 30)}…"`, kind: 'overlap', detail: `${hits.length} overlapping name pair(s), e.g. "${short(text(names[i]), 30)}" and "${short(text(names[j]), 30)}"`,
          rects: [a, b].map(r => ({x: r.left, y: r.top, w: r.right - r.left, h: r.bottom - r.top}))});
      }
    }
  }

  // A table that scrolls sideways on purpose may hide whole columns past its edge, but never cut a number in two: a
  // value column half past the edge of a phone showed "600" for 1,600. Measured on the text (a Range), not the cell,
  // so a cell's padding past the edge is not counted.
  function checkTableNumbers(root, problems) {
    let cut = 0, first = null;
    for (const td of root.querySelectorAll('table td')) {
      const t = text(td);
      if (!/\d/.test(t) || !/^[\s\d.,%≥≤<>~+\-–()]+$/.test(t) || !shown(td)) continue;
      let box = null;
      for (let a = td.parentElement; a && a !== root; a = a.parentElement) {
        if (/auto|scroll|hidden|clip/.test(getComputedStyle(a).overflowX)) { box = a; break; }
      }
      if (!box) continue;
      const range = document.createRange();
      range.selectNodeContents(td);
      const r = range.getBoundingClientRect();
      const b = box.getBoundingClientRect();
      const left = b.left + box.clientLeft, right = left + box.clientWidth;
      const partly = (r.left < left - 1 && r.right > left + 1) || (r.left < right - 1 && r.right > right + 1);
      if (!partly) continue;
      cut += 1;
      if (!first) first = {t, r, b};
    }
    if (cut) problems.push({where: 'table', kind: 'truncated', detail: `${cut} number(s) cut by the edge of a sideways-scrolling table, e.g. "${short(first.t, 20)}" at ${round(first.r.left)}..${round(first.r.right)} in a box ${round(first.b.left)}..${round(first.b.right)}`,
      rects: [{x: first.r.left, y: first.r.top, w: first.r.width, h: first.r.height}, {x: first.b.left, y: first.b.top, w: first.b.width, h: first.b.height}]});
  }

  // Nothing sticks out of the page sideways (a horizontal page scroll, or content cut at the screen edge), except
  // inside an element that scrolls on purpose (overflow-x: auto|scroll: data grids, tab bars, code blocks).
  function checkOverflow(problems, opts) {
    // On an emulated phone Chromium may widen the layout viewport to fit overflowing content, so compare with the
    // width the test asked for as well as with innerWidth.
    const vw = Math.min(window.innerWidth, opts.width || Infinity);
    const de = document.documentElement;
    const main = mainEl();
    for (const [label, el] of [['document', de], ['body', document.body], ['main', main],
      ['app view', document.querySelector('[data-testid="stAppViewContainer"]')]]) {
      if (!el) continue;
      const limit = el === de ? vw : Math.min(el.clientWidth, vw);
      if (el.scrollWidth > limit + 1) {
        problems.push({where: 'page', kind: 'horizontal scroll', detail: `${label} scrolls sideways: scrollWidth ${el.scrollWidth}px > ${limit}px viewport`, rects: []});
      }
    }
    const area = main.getBoundingClientRect();
    const left = Math.max(0, area.left), right = Math.min(vw, area.right);
    const reported = [];
    for (const el of main.querySelectorAll('*')) {
      if (reported.some(r => r.contains(el))) continue;
      const r = el.getBoundingClientRect();
      if (r.width <= 0 || r.height <= 0) continue;
      const over = Math.max(r.right - right, left - r.left);
      if (over <= 1) continue;
      let intentional = false, clippedBy = null;
      for (let a = el.parentElement; a && a !== main; a = a.parentElement) {
        const ox = getComputedStyle(a).overflowX;
        if (ox === 'auto' || ox === 'scroll') { intentional = true; break; }
        if ((ox === 'hidden' || ox === 'clip') && !clippedBy) clippedBy = a;
      }
      if (intentional || !shown(el)) continue;
      if (clippedBy) {
        const c = clippedBy.getBoundingClientRect();
        if (c.right <= right + 1 && c.left >= left - 1) continue; // cut inside the page: the element's own business
      }
      reported.push(el);
      const id = el.getAttribute('data-testid') || el.tagName.toLowerCase() + (el.classList[0] ? '.' + el.classList[0] : '');
      problems.push({where: 'page', kind: 'overflow', detail: `${id} "${short(text(el), 50)}" extends ${round(over)}px past the page (${round(r.left)}..${round(r.right)} in ${round(left)}..${round(right)})`,
        rects: [{x: r.left, y: r.top, w: r.width, h: r.height}]});
      if (reported.length >= 8) break;
    }
    // Same-origin iframes (st.iframe / st.html documents): their content must fit their width.
    for (const f of main.querySelectorAll('iframe')) {
      if (!shown(f)) continue;
      let doc = null;
      try { doc = f.contentDocument; } catch (e) { continue; }
      if (!doc || !doc.documentElement) continue;
      const d = doc.documentElement;
      if (d.scrollWidth > d.clientWidth + 1) {
        const fr = f.getBoundingClientRect();
        problems.push({where: `iframe "${short(text(doc.querySelector('h1') || doc.body || d), 50)}"`, kind: 'overflow',
          detail: `iframe content is ${d.scrollWidth}px wide in a ${d.clientWidth}px frame (scrolls sideways)`, rects: [{x: fr.left, y: fr.top, w: fr.width, h: fr.height}]});
      }
    }
  }

  // Non-Plotly SVG charts (st.html / server-made SVG, also inside same-origin iframes): no two text labels overlap,
  // and no label is cut by the SVG's edge. Icons (tiny SVGs, SVGs without text) are ignored.
  function checkSvgCharts(doc, offset, problems) {
    const svgs = [...doc.querySelectorAll('svg')].filter(s => !s.closest('.js-plotly-plot') && !s.parentElement.closest('svg'));
    svgs.forEach((svg, i) => {
      const fr = svg.getBoundingClientRect();
      if (fr.width < 60 || fr.height < 30 || !shown(svg)) return;
      const texts = [...svg.querySelectorAll('text')].filter(t => text(t) && shown(t, true))
        .map(t => ({label: text(t), q: quadOf(t)})).filter(t => t.q);
      if (!texts.length) return;
      const title = svg.querySelector('title');
      const where = `svg chart ${i + 1}` + (title && text(title) ? ` "${short(text(title))}"` : ` (first label "${short(texts[0].label, 30)}")`);
      const shift = q => q.map(([x, y]) => [x + offset.x, y + offset.y]);
      const bad = [];
      for (let a = 0; a < texts.length; a++) for (let b = a + 1; b < texts.length; b++) {
        const A = texts[a], B = texts[b];
        const d = overlapDepth(A.q, B.q);
        if (d <= TOL) continue;
        const ba = bounds(A.q), bb = bounds(B.q); // the same label drawn twice (halo under text) is not a collision
        if (A.label === B.label && Math.abs(ba.left - bb.left) < 1 && Math.abs(ba.top - bb.top) < 1) continue;
        bad.push([A, B, d]);
      }
      if (bad.length) problems.push({where, kind: 'overlap', detail: `${bad.length} overlapping text pair(s), e.g. ` +
        bad.slice(0, 4).map(([A, B, d]) => `"${short(A.label, 25)}"/"${short(B.label, 25)}" by ${round(d)}px`).join(', '),
        rects: bad.slice(0, 6).flatMap(([A, B]) => [clientRect(shift(A.q)), clientRect(shift(B.q))])});
      const cut = texts.filter(t => outside(t.q, fr) > TOL);
      if (cut.length) problems.push({where, kind: 'clipped', detail: `label(s) cut by the SVG edge: ` +
        cut.slice(0, 5).map(t => `"${short(t.label, 25)}" by ${round(outside(t.q, fr))}px`).join(', '), rects: cut.slice(0, 5).map(t => clientRect(shift(t.q)))});
    });
  }

  function audit(opts = {}) {
    const problems = [];
    const main = mainEl();
    const gds = [...main.querySelectorAll('.js-plotly-plot')].filter(gd => shown(gd));
    gds.forEach((gd, i) => checkChart(gd, i, problems));
    checkMetrics(main, problems);
    checkTableNumbers(main, problems);
    checkRankings(main, problems);
    if (opts.overflow !== false) checkOverflow(problems, opts);
    checkSvgCharts(main, {x: 0, y: 0}, problems);
    for (const f of main.querySelectorAll('iframe')) {
      if (!shown(f)) continue;
      let doc = null;
      try { doc = f.contentDocument; } catch (e) { continue; }
      if (!doc || !doc.body) continue;
      const r = f.getBoundingClientRect();
      checkSvgCharts(doc, {x: r.left + f.clientLeft, y: r.top + f.clientTop}, problems);
    }
    return {charts: gds.length, problems};
  }

  function highlight(problems) {
    const layer = document.createElement('div');
    layer.id = '__probe_highlight';
    layer.style.cssText = 'position:fixed;inset:0;pointer-events:none;z-index:2147483647';
    // show the hover-only modebars, so the shot shows what a hover or a tap on a phone shows
    layer.innerHTML = '<style>.js-plotly-plot .plotly .modebar--hover > :not(.watermark) { opacity: 1 !important; }</style>';
    const colours = ['#e00000', '#0050ff', '#00a000', '#ff8c00', '#b000b0', '#008b8b'];
    problems.forEach((p, i) => (p.rects || []).forEach(r => {
      const d = document.createElement('div');
      d.style.cssText = `position:absolute;left:${r.x - 1}px;top:${r.y - 1}px;width:${r.w + 2}px;height:${r.h + 2}px;`
        + `outline:2px solid ${colours[i % colours.length]};background:${colours[i % colours.length]}22`;
      layer.appendChild(d);
    }));
    document.body.appendChild(layer);
  }

  const probe = {state, settled, audit, highlight, plotlyPainted, overlapDepth, readyAt: null, lastState: null};
  window.__probe = probe;
})();
