// The runs-over-time chart: inline SVG built with DOM calls (no library). Bars: runs that ended
// in each time bucket (green succeeded, red failed); line: their mean latency.
'use strict';

(function () {
  const NS = 'http://www.w3.org/2000/svg';
  const W = 560, H = 140, PAD = 28, BUCKETS = 30;

  function svg(tag, attrs, text) {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  window.ap2pChart = function (points, now) {
    const root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, role: 'img',
      class: 'runs-chart' });
    const ok = points.filter(p => p.ok).length;
    root.append(svg('title', {}, points.length + ' runs ended, ' + ok + ' succeeded'));
    if (!points.length) {
      root.append(svg('text', { x: PAD, y: H / 2, class: 'chart-label' }, 'no runs have ended yet'));
      return root;
    }
    const start = Math.min(points[0].endedAtMillis, now - 60000);
    const width = Math.max(1000, Math.ceil((now - start) / BUCKETS));
    const buckets = Array.from({ length: BUCKETS }, () => ({ ok: 0, bad: 0, latency: 0 }));
    for (const p of points) {
      const i = Math.min(BUCKETS - 1, Math.max(0, Math.floor((p.endedAtMillis - (now - width * BUCKETS)) / width)));
      if (p.ok) buckets[i].ok++; else buckets[i].bad++;
      buckets[i].latency += p.latencyMillis;
    }
    const most = Math.max(1, ...buckets.map(b => b.ok + b.bad));
    const slowest = Math.max(1, ...buckets.map(b => b.ok + b.bad ? b.latency / (b.ok + b.bad) : 0));
    const bw = (W - 2 * PAD) / BUCKETS, ph = H - 2 * PAD;
    const line = [];
    buckets.forEach((b, i) => {
      const x = PAD + i * bw;
      const hOk = ph * b.ok / most, hBad = ph * b.bad / most;
      if (b.ok) root.append(svg('rect', { x: x + 1, y: H - PAD - hOk, width: bw - 2, height: hOk, class: 'bar-ok' }));
      if (b.bad) root.append(svg('rect', { x: x + 1, y: H - PAD - hOk - hBad, width: bw - 2, height: hBad, class: 'bar-bad' }));
      if (b.ok + b.bad) {
        const y = H - PAD - ph * (b.latency / (b.ok + b.bad)) / slowest;
        line.push((x + bw / 2) + ',' + y);
        root.append(svg('circle', { cx: x + bw / 2, cy: y, r: 3, class: 'latency-dot' }));
      }
    });
    if (line.length) root.append(svg('polyline', { points: line.join(' '), class: 'latency' }));
    root.append(svg('line', { x1: PAD, y1: H - PAD, x2: W - PAD, y2: H - PAD, class: 'axis' }));
    root.append(svg('text', { x: PAD, y: H - 8, class: 'chart-label' },
      Math.round(width * BUCKETS / 1000) + ' s ago'));
    root.append(svg('text', { x: W - PAD, y: H - 8, class: 'chart-label', 'text-anchor': 'end' }, 'now'));
    root.append(svg('text', { x: PAD, y: 14, class: 'chart-label' },
      ok + '/' + points.length + ' succeeded · bars: runs ended (max ' + most + ') · line: mean latency (max ' +
      Math.round(slowest) + ' ms)'));
    return root;
  };
})();
