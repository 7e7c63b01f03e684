// The ap2p dashboard. Plain JavaScript, no build step. Everything a peer controls (names,
// descriptions, reasons, outputs' media types, verdicts) reaches the page through textContent or
// attribute values this file builds itself: never innerHTML, never a peer's string as a URL.
'use strict';

const state = { snapshot: null, page: 'node', trustPeer: null, trustSeen: 0 };

/** An element: el('td', {class: 'x', text: 'y'}, child...). */
function el(tag, props, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === 'text') e.textContent = String(v);
    else if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, String(v));
  }
  for (const kid of kids) {
    if (kid !== null && kid !== undefined) e.append(kid instanceof Node ? kid : String(kid));
  }
  return e;
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

function short(id) {
  const s = String(id || '');
  return s.length > 20 ? s.slice(0, 10) + '…' + s.slice(-6) : s;
}

function peerCell(id) {
  return el('td', { class: 'mono', title: String(id || ''), text: short(id) });
}

function ago(ms) {
  if (!ms) return 'never';
  return seconds(Math.round((Date.now() - ms) / 1000)) + ' ago';
}

function seconds(s) {
  if (s < 0) return '–';
  if (s < 120) return s + ' s';
  if (s < 7200) return Math.round(s / 60) + ' min';
  return Math.round(s / 3600) + ' h';
}

function badge(text, kind) {
  return el('span', { class: 'badge ' + kind, text: text });
}

function stateBadge(s) {
  const kind = { SUCCEEDED: 'ok', FAILED: 'bad', CANCELLED: 'bad', RUNNING: 'run' }[s] || 'off';
  return badge(s, kind);
}

/** Calls the node's API with the session cookie; state-changing calls carry the CSRF header. */
async function api(method, path, body) {
  const headers = { 'X-Ap2p-Dash': '1' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  let json = null;
  try { json = await r.json(); } catch (e) { json = null; }
  if (!r.ok) throw new Error((json && json.error) || ('HTTP ' + r.status));
  return json;
}

// ---- pages ----------------------------------------------------------------------------------

function renderNode(n) {
  document.getElementById('peer').textContent = n.peerId;
  const facts = [
    ['peer id', n.peerId],
    ['agent', n.agentVersion],
    ['listening', (n.listen || []).join('\n')],
    ['up for', seconds(Math.round((Date.now() - n.upSinceMillis) / 1000))],
    ['connections', String(n.connections)],
    ['registry', n.registry ? 'serving, ' + n.registry.descriptors + ' descriptors' : 'not serving'],
    ['DHT', n.dht ? n.dht.protocol + ', ' + n.dht.routingTable + ' peers in the table' : 'off'],
    ['refused by limits', Object.entries((n.resources || {}).refusals || {})
      .filter(([, v]) => v > 0).map(([k, v]) => k + ' ' + v).join(', ') || 'nothing']
  ];
  fill(document.getElementById('node-facts'),
    facts.map(([k, v]) => el('tr', {}, el('th', { text: k }), el('td', { class: 'pre', text: v }))));
  const conns = n.connectionList || [];
  document.getElementById('conn-count').textContent = '(' + conns.length + ')';
  fill(document.querySelector('#connections tbody'), conns.map(c => el('tr', {},
    peerCell(c.peer), el('td', { class: 'mono', text: c.addr }), el('td', { text: c.direction }),
    el('td', { text: c.agent }),
    el('td', {}, ...c.protocols.map(p => el('span', { class: 'proto', text: p }))))));
}

function renderCapabilities(n) {
  const pub = n.publishing;
  const target = document.getElementById('publish-target');
  const body = document.querySelector('#capabilities tbody');
  if (!pub) {
    target.textContent = 'This node publishes nothing (no registry to publish to).';
    fill(body, []);
    return;
  }
  target.textContent = 'Registered with ' + pub.registry;
  fill(body, pub.descriptors.map(d => el('tr', {},
    el('td', { class: 'mono', text: d.id }),
    el('td', {}, d.discoverable ? badge('yes', 'ok') : badge('no', 'bad')),
    el('td', { text: seconds(d.expiresInSeconds) }),
    el('td', { text: ago(d.lastRefreshMillis) }),
    el('td', { text: seconds(d.nextRefreshInSeconds) }),
    el('td', { class: 'mono', text: d.seq }),
    el('td', { text: d.lastVerdict }))));
}

function renderTrust(t) {
  document.getElementById('trust-summary').textContent =
    t.peers + ' peers known; scores halve after ' + t.halfLifeDays + ' days without news.';
  fill(document.querySelector('#trust tbody'), (t.entries || []).map(e => el('tr',
    { class: 'clickable', onclick: () => showTrust(e.peer) },
    peerCell(e.peer), el('td', { text: e.score.toFixed(3) }), el('td', { text: e.good.toFixed(2) }),
    el('td', { text: e.bad.toFixed(2) }), el('td', { text: ago(e.lastAtMillis) }),
    el('td', { text: (e.tags || []).map(x => x.tag + ' ' + x.score.toFixed(2)).join(', ') }))));
}

async function showTrust(peer) {
  state.trustPeer = peer;
  const entry = ((state.snapshot && state.snapshot.trust.entries) || []).find(e => e.peer === peer);
  state.trustSeen = entry ? entry.lastAtMillis : 0;
  const box = document.getElementById('trust-detail');
  try {
    const d = await api('GET', '/v1/trust/' + encodeURIComponent(peer) + '?history=20');
    box.replaceChildren(
      el('h3', { text: 'History of ' + short(peer) }),
      el('table', {},
        el('thead', {}, el('tr', {}, ...['when', 'tag', 'outcome', 'kind'].map(h => el('th', { text: h })))),
        el('tbody', {}, ...(d.history || []).map(h => el('tr', {},
          el('td', { text: new Date(h.atMillis).toLocaleTimeString() }), el('td', { text: h.tag }),
          el('td', {}, h.ok ? badge('good', 'ok') : badge('bad', 'bad')), el('td', { text: h.kind }))))));
  } catch (e) {
    box.replaceChildren(el('p', { class: 'error', text: e.message }));
  }
}

function renderTasks(tasks) {
  const box = document.getElementById('tasks');
  if (!tasks.length) {
    box.replaceChildren(el('p', { text: 'No runs yet.' }));
    return;
  }
  box.replaceChildren(...tasks.map(t => {
    const head = el('div', { class: 'run-head' }, stateBadge(t.state), ' ',
      el('span', { class: 'mono', text: t.id }), ' ', el('span', { text: t.kind }),
      t.startedAtMillis ? el('span', { class: 'dim', text: ' started ' + ago(t.startedAtMillis) }) : null,
      t.detail ? el('span', { class: 'dim', text: ' · ' + t.detail }) : null,
      t.state === 'RUNNING' || t.state === 'PENDING'
        ? el('button', { class: 'small', text: 'Cancel', onclick: () => cancel(t.id) }) : null);
    const rows = (t.steps || []).map(s => el('tr', {},
      el('td', { text: s.name }), el('td', {}, stateBadge(s.state)),
      el('td', {}, el('progress', { max: 1, value: s.progress }), ' ',
        el('span', { class: 'dim', text: s.progressMessage })),
      el('td', { text: s.attempts }), el('td', { text: s.canaries }),
      peerCell(s.provider), el('td', { class: 'mono', text: s.capability }),
      el('td', {}, receipt(s.receipt)), el('td', {}, output(t.id, s)),
      el('td', { class: 'dim', text: (s.failures || []).join('; ') })));
    return el('div', { class: 'run', 'data-state': t.state, 'data-id': t.id }, head,
      el('table', {}, el('thead', {}, el('tr', {}, ...['step', 'state', 'progress', 'attempts',
        'canaries', 'provider', 'capability', 'receipt', 'output', 'failures']
        .map(h => el('th', { text: h })))), el('tbody', {}, ...rows)));
  }));
}

function receipt(r) {
  if (!r) return el('span', { class: 'dim', text: 'none' });
  return el('span', { class: 'mono', title: 'tool ' + r.tool + ' ' + r.version + (r.attestor ? ', attested by ' + r.attestor : ''),
    text: short(r.hash) + (r.attestor ? ' ✓attested' : '') });
}

function output(id, s) {
  if (!s.output) return el('span', { class: 'dim', text: '–' });
  const href = '/v1/tasks/' + encodeURIComponent(id) + '/steps/' + encodeURIComponent(s.name) + '/output';
  const link = el('a', { href: href, target: '_blank', rel: 'noopener noreferrer', class: 'output-link',
    text: s.output.size + ' bytes' });
  if (/^image\/(png|jpeg|gif|webp)$/.test(s.mediaType)) {
    return el('span', {}, el('img', { src: href, alt: 'output of ' + s.name, class: 'thumb' }), link);
  }
  return link;
}

async function cancel(id) {
  try { await api('DELETE', '/v1/tasks/' + encodeURIComponent(id)); } catch (e) { alert(e.message); }
}

// ---- search ---------------------------------------------------------------------------------

async function search(ev) {
  ev.preventDefault();
  const text = document.getElementById('search-text').value.trim();
  const tag = document.getElementById('search-tag').value.trim();
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const query = { limit: 10 };
  if (text) query.text = text;
  if (tag) query.tags = [tag];
  status.textContent = 'searching…';
  try {
    const r = await api('POST', '/v1/find', query);
    status.textContent = r.returned + ' answers (' + r.rejected + ' rejected), best first';
    list.replaceChildren(...r.matches.map(m => {
      const intent = (m.descriptor && m.descriptor.intent) || {};
      return el('li', { class: 'match' },
        el('div', {}, el('strong', { class: 'match-name', text: m.name || intent.name || m.capability }),
          ' ', el('span', { class: 'mono dim', text: m.capability }),
          ' score ', el('b', { text: Number(m.score).toFixed(3) }),
          ' · trust ', el('span', { text: Number(m.trust).toFixed(3) + (m.known ? '' : ' (new peer)') })),
        el('div', { class: 'match-desc', text: intent.description || '' }),
        el('div', { class: 'dim' }, 'peer ', el('span', { class: 'mono', text: m.peer }),
          ' · tags ', el('span', { text: (m.tags || []).join(', ') })),
        el('div', { class: 'why', text: 'why: ' + m.why }));
    }));
  } catch (e) {
    status.textContent = 'search failed: ' + e.message;
    list.replaceChildren();
  }
}

// ---- workflows ------------------------------------------------------------------------------

const EXAMPLE = {
  name: 'summarize-and-draw',
  steps: [
    { name: 'summarize', tag: 'text.summarize',
      input: { text: 'Peer-to-peer networks let agents find each other without a central index. ' +
        'Each node publishes signed descriptors of what it can do; others rank them by trust.' } },
    { name: 'draw', tag: 'image.generate',
      input: { json: { prompt: 'a watercolor fox in a snowy forest', width: 96, height: 96 } } }
  ]
};

async function startWorkflow(ev) {
  ev.preventDefault();
  const status = document.getElementById('workflow-status');
  let workflow;
  try {
    workflow = JSON.parse(document.getElementById('workflow-json').value);
  } catch (e) {
    status.textContent = 'not JSON: ' + e.message;
    return;
  }
  status.textContent = 'starting…';
  try {
    const r = await api('POST', '/v1/tasks', { workflow: workflow });
    status.textContent = 'started ' + r.id + ' (' + r.state + ')';
    status.dataset.id = r.id;
  } catch (e) {
    status.textContent = 'refused: ' + e.message;
  }
}

// ---- live updates ---------------------------------------------------------------------------

function render() {
  const s = state.snapshot;
  if (!s) return;
  renderNode(s.node);
  renderCapabilities(s.node);
  renderTrust(s.trust);
  const open = (s.trust.entries || []).find(e => e.peer === state.trustPeer);
  if (open && open.lastAtMillis !== state.trustSeen) showTrust(open.peer); // new outcomes
  renderTasks(s.tasks);
  for (const id of ['chart-node', 'chart-tasks']) {
    document.getElementById(id).replaceChildren(window.ap2pChart(s.history, Date.now()));
  }
}

function connect() {
  const live = document.getElementById('live');
  const events = new EventSource('/dash/events');
  events.addEventListener('snapshot', e => {
    state.snapshot = JSON.parse(e.data);
    live.textContent = 'live';
    live.className = 'badge ok';
    render();
  });
  events.onerror = () => {
    live.textContent = 'reconnecting';
    live.className = 'badge off';
  };
}

function route() {
  const page = (location.hash || '#node').slice(1);
  state.page = ['node', 'capabilities', 'search', 'trust', 'tasks'].includes(page) ? page : 'node';
  for (const sec of document.querySelectorAll('.page')) {
    sec.hidden = sec.id !== 'page-' + state.page;
  }
  for (const a of document.querySelectorAll('nav a')) {
    a.classList.toggle('active', a.dataset.page === state.page);
  }
}

window.addEventListener('hashchange', route);
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('workflow-json').value = JSON.stringify(EXAMPLE, null, 2);
  document.getElementById('search-form').addEventListener('submit', search);
  document.getElementById('workflow-form').addEventListener('submit', startWorkflow);
  route();
  connect();
  setInterval(render, 5000); // ages and uptime move on between events
});
