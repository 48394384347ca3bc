// GMQ chat: a plain client of the IM protocol (docs/IM.md). Logs in on im-logic (this page's origin), talks to a
// comet over WebSocket (?comet=ws://host:port/ws overrides the one /api/v1/client-config names).
'use strict';
const $ = (id) => document.getElementById(id);
const state = { token: sessionStorage.getItem('gmq.token'), me: sessionStorage.getItem('gmq.user'), ws: null,
  room: null, joined: new Set(), messages: new Map(), heartbeat: null };

async function api(method, path, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  const response = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Error((data && data.message) || ('HTTP ' + response.status));
  return data;
}

function status(text) { $('status').textContent = text; }

async function login(register) {
  const user = $('user').value.trim();
  const password = $('password').value;
  try {
    if (register) await api('POST', '/api/v1/register', { user, password });
    const reply = await api('POST', '/api/v1/login', { user, password });
    state.token = reply.token;
    state.me = user;
    sessionStorage.setItem('gmq.token', state.token);
    sessionStorage.setItem('gmq.user', user);
    await start();
  } catch (e) {
    status('login failed: ' + e.message);
  }
}

async function start() {
  $('login-view').hidden = true;
  $('chat-view').hidden = false;
  renderDms();
  const comet = new URLSearchParams(location.search).get('comet') || (await api('GET', '/api/v1/client-config')).comet;
  const ws = new WebSocket(comet, ['gmq.im.v1', 'quarkus-http-upgrade' + encodeURIComponent('#Authorization#Bearer ' + state.token)]);
  state.ws = ws;
  ws.onmessage = (event) => onFrame(JSON.parse(event.data));
  ws.onclose = (event) => {
    clearInterval(state.heartbeat);
    status('disconnected (' + event.code + ')');
    // Codes 4000-4499 ask to reconnect and recover; others (and a refused token) end the session.
    if (event.code >= 4000 && event.code < 4500) setTimeout(start, 1000);
  };
  await loadRooms();
}

function send(frame) { state.ws.send(JSON.stringify(frame)); }

function onFrame(frame) {
  switch (frame.type) {
    case 'welcome': {
      status('signed in as ' + frame.user + ' on ' + frame.comet);
      state.heartbeat = setInterval(() => send({ type: 'heartbeat' }), Math.max(5000, frame.heartbeat / 3));
      frame.rooms.forEach((room) => state.joined.add(room));
      // History after a reload: each joined room from the start of what the server keeps.
      const last = {};
      frame.rooms.forEach((room) => { last['r:' + room] = 0; });
      if (frame.rooms.length) send({ type: 'recover', last });
      if (!state.room && frame.rooms.length) openRoom(frame.rooms[0]);
      loadRooms();
      break;
    }
    case 'message': onMessage(frame); break;
    case 'joined': state.joined.add(frame.room); openRoom(frame.room); loadRooms(); break;
    case 'error': status('error ' + frame.code + ': ' + frame.message); break;
    case 'disconnect': status('disconnected: ' + frame.reason); break;
    default: break;
  }
}

function onMessage(frame) {
  const seen = state.messages.get(frame.conversation) || new Map();
  if (seen.has(frame.seq)) return; // at-least-once: a repeat has the same seq
  seen.set(frame.seq, frame);
  state.messages.set(frame.conversation, seen);
  if (frame.conversation === 'u:' + state.me) {
    storeDm(frame.from, state.me, frame.body);
    send({ type: 'ack', seq: frame.seq });
  } else if (frame.conversation === 'r:' + state.room) {
    renderRoom();
  }
}

function storeDm(from, to, body) {
  const key = 'gmq.dms.' + state.me;
  const dms = JSON.parse(localStorage.getItem(key) || '[]');
  dms.push({ from, to, body });
  localStorage.setItem(key, JSON.stringify(dms.slice(-200)));
  renderDms();
}

function renderDms() {
  const dms = JSON.parse(localStorage.getItem('gmq.dms.' + state.me) || '[]');
  $('dms').replaceChildren(...dms.map((dm) => line(dm.from === state.me ? 'to ' + dm.to : dm.from, dm.body, 'dm')));
}

async function loadRooms() {
  const rooms = await api('GET', '/api/v1/rooms');
  $('rooms').replaceChildren(...rooms.map((room) => {
    const li = document.createElement('li');
    li.dataset.room = room.id;
    const button = document.createElement('button');
    button.className = 'join';
    button.textContent = (state.joined.has(room.id) ? 'open ' : 'join ') + room.title;
    button.onclick = () => (state.joined.has(room.id) ? openRoom(room.id) : send({ type: 'join', room: room.id }));
    li.append(button, document.createTextNode(' ' + room.online + '/' + room.members + ' online'));
    if (state.joined.has(room.id)) li.classList.add('joined');
    return li;
  }));
}

function openRoom(room) {
  state.room = room;
  $('room-title').textContent = room;
  renderRoom();
}

function renderRoom() {
  const seen = state.messages.get('r:' + state.room) || new Map();
  const ordered = [...seen.values()].sort((a, b) => a.seq - b.seq);
  $('messages').replaceChildren(...ordered.map((m) => line(m.from, m.body, 'msg')));
}

function line(who, body, cls) {
  const li = document.createElement('li');
  li.className = cls;
  const from = document.createElement('span');
  from.className = 'from';
  from.textContent = who;
  li.append(from, document.createTextNode(body));
  return li;
}

function cid() { return Date.now().toString(36) + Math.random().toString(36).slice(2, 8); }

$('login-form').onsubmit = (e) => { e.preventDefault(); login(false); };
$('register').onclick = () => login(true);
$('send-form').onsubmit = (e) => {
  e.preventDefault();
  if (!state.room) return status('join a room first');
  send({ type: 'send', cid: cid(), kind: 'room', room: state.room, body: $('body').value });
  $('body').value = '';
};
$('dm-form').onsubmit = (e) => {
  e.preventDefault();
  const to = $('dm-to').value.trim();
  send({ type: 'send', cid: cid(), kind: 'peer', to: [to], body: $('dm-body').value });
  storeDm(state.me, to, $('dm-body').value);
  $('dm-body').value = '';
};
$('logout').onclick = () => { sessionStorage.clear(); location.reload(); };
if (state.token) start();
