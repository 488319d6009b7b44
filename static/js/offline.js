// A workout that goes on without a connection. Once the page has loaded, the screens still
// ahead come from the server (rendered there, with their words, forms and steps). When an
// action cannot reach the server, or others wait before it, the action is kept in the queue
// (IndexedDB, with the time it was done) and the next screen is taken from those: rests
// count from the moment of the set. A reload rebuilds the screen from the last one the
// server confirmed plus the queue. Back online, the queue goes out in order, each action
// with its step, so the server's compare-and-set makes a resend harmless; then the screen
// is the server's again. Without IndexedDB nothing here runs: the retries of retry.js stay.

import { isSet, sendKept, sentReport } from "./outbox.js";
import { available, store } from "./store.js";

const ADD_REST_MS = 15_000;
let hooks = null;
let page = ""; // the workout page's path: the key of everything kept for it
let checkUrl = "";
let ahead = null; // { plan_version, frames: [{ key, rest_seconds, html }] }
let queue = []; // this workout's kept actions, oldest first
let sending = false;
let report = "";

const screen = () => document.getElementById("screen");

export function isHolding() {
  return queue.length > 0;
}

// The token htmx sends (<body data-hx-headers>): the same on a copy the worker kept.
function csrfToken() {
  try {
    return JSON.parse(document.body.dataset.hxHeaders || "{}")["X-CSRFToken"] ?? "";
  } catch {
    return "";
  }
}

function showStatus() {
  const status = document.getElementById("offline-status");
  if (!status) return;
  const sets = queue.filter(isSet).length;
  let text = report;
  if (queue.length) {
    const waiting = sets === 1 ? "1 set waits" : `${sets} sets wait`;
    text = sending ? `Sending: ${waiting}.` : `Offline: ${waiting} to be sent; the workout goes on. Pause and End need the connection.`;
  }
  status.querySelector("[data-offline-text]").textContent = text;
  status.hidden = !text;
  // What would change the plan or the session's state waits for the connection.
  for (const button of document.querySelectorAll("#screen form:not([data-offline]) button")) {
    button.disabled = queue.length > 0;
  }
}

// Where the workout stands: the last screen the server confirmed, one frame on for each
// kept action that moves on; a rest ends its length after the action that began it.
function place(confirmed) {
  let index = ahead?.frames.findIndex((frame) => frame.key === confirmed?.key) ?? -1;
  if (index < 0) return null;
  let endsAt = confirmed.endsAt ?? null;
  let extensions = confirmed.extensions ?? 0;
  for (const entry of queue) {
    if (entry.kind === "next") {
      index = Math.min(index + 1, ahead.frames.length - 1);
      const seconds = ahead.frames[index].rest_seconds;
      endsAt = seconds ? entry.at + seconds * 1000 : null;
      extensions = 0;
    } else if (entry.kind === "more-rest" && endsAt !== null) {
      endsAt += ADD_REST_MS;
      extensions += 1;
    }
  }
  return { index, endsAt, extensions };
}

function setRest(element, { endsAt, extensions }) {
  const timer = element.querySelector("[data-ends-at]");
  if (timer && endsAt !== null) timer.dataset.endsAt = String(endsAt);
  for (const input of element.querySelectorAll("input[name=extensions]")) input.value = String(extensions);
}

function showFrame(where) {
  const template = document.createElement("template");
  template.innerHTML = ahead.frames[where.index].html.trim();
  const fresh = template.content.firstElementChild;
  fresh.dataset.offlineFrame = "";
  fresh.dataset.offset = "0"; // its times are this device's
  setRest(fresh, where);
  screen().replaceWith(fresh);
  window.htmx?.process(fresh);
  hooks.onSwap(fresh);
  showStatus();
}

async function confirmed() {
  return store.get("confirmed", page);
}

// A screen the server sent: the place to start from, offline.
async function remember(element) {
  if (!element?.dataset.frame || "offlineFrame" in element) return;
  const timer = element.querySelector("[data-ends-at]");
  const offset = Number(element.dataset.offset || 0);
  const extensions = Number(element.querySelector("input[name=extensions]")?.value || 0);
  const endsAt = timer ? Number(timer.dataset.endsAt) - offset : null;
  await store.put("confirmed", { session: page, key: element.dataset.frame, endsAt, extensions });
  if (!element.dataset.offlineUrl) {
    navigator.serviceWorker?.controller?.postMessage({ type: "workout-over", url: page });
    await store.remove("screens", page);
    ahead = null;
  } else if (element.dataset.planVersion !== String(ahead?.plan_version)) {
    await fetchAhead(element.dataset.offlineUrl);
  }
}

async function fetchAhead(url) {
  try {
    const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok) return;
    ahead = await response.json();
    await store.put("screens", { session: page, ...ahead });
    document.documentElement.dataset.offlineReady = "";
  } catch {
    // Offline already: the screens kept before, if any, still serve.
  }
}

function describe(form, fields) {
  const title = screen()?.querySelector("h1")?.textContent.trim() ?? "";
  const count = screen()?.querySelector(".set-count")?.textContent.trim() ?? "";
  return `${title}, ${count.toLowerCase()}: ${fields.reps} reps`;
}

// Keeps the action of a form that cannot be sent now; false when the screens ahead are not
// known (the page then retries as before).
export function keep(form) {
  const current = screen();
  if (!hooks || !ahead || !current?.contains(form) || !form.dataset.offline) return false;
  const index = ahead.frames.findIndex((frame) => frame.key === current.dataset.frame);
  if (index < 0) return false; // a screen the plan has no frame for (paused): retry instead
  const now = Date.now();
  const fields = Object.fromEntries(new FormData(form));
  const url = new URL(form.getAttribute("action"), location.href).pathname;
  const entry = { session: page, url, fields, kind: form.dataset.offline, at: now };
  if (isSet(entry)) {
    fields.done_at = String(Math.round(now + Number(current.dataset.offset || 0)));
    entry.label = describe(form, fields);
  }
  queue.push(entry);
  report = "";
  store.keep(entry).catch(() => {});
  if (entry.kind === "more-rest") {
    const timer = current.querySelector("[data-ends-at]");
    if (timer) timer.dataset.endsAt = String(Number(timer.dataset.endsAt) + ADD_REST_MS);
    for (const input of current.querySelectorAll("input[name=extensions]")) input.value = String(Number(input.value) + 1);
    hooks.onSwap(current);
    showStatus();
  } else {
    const next = Math.min(index + 1, ahead.frames.length - 1);
    const seconds = ahead.frames[next].rest_seconds;
    showFrame({ index: next, endsAt: seconds ? now + seconds * 1000 : null, extensions: 0 });
  }
  return true;
}

async function send() {
  if (sending || !queue.length || !navigator.onLine) return;
  sending = true;
  showStatus();
  let result = { kept: [], refused: [], finished: false };
  try {
    result = await sendKept(page, csrfToken());
  } finally {
    sending = false;
    queue = await store.queued(page).catch(() => queue);
  }
  report = sentReport(result) || report;
  if (result.finished && !queue.length) {
    releaseWaitingWorker();
    await takeServerScreen();
  }
  showStatus();
}

// A new deployment's worker waits while actions are kept (sw.js); now it may take over.
function releaseWaitingWorker() {
  navigator.serviceWorker?.getRegistration().then((registration) => {
    registration?.waiting?.postMessage({ type: "queue-empty" });
  }).catch(() => {});
}

async function takeServerScreen() {
  try {
    const response = await fetch(checkUrl, { headers: { "HX-Request": "true" }, cache: "no-store", credentials: "same-origin" });
    if (!response.ok) return;
    const template = document.createElement("template");
    template.innerHTML = (await response.text()).trim();
    const fresh = template.content.firstElementChild;
    if (fresh?.id !== "screen") return;
    screen().replaceWith(fresh);
    window.htmx?.process(fresh);
    hooks.onSwap(fresh);
    await remember(fresh);
  } catch {
    // Gone again: the screen shown stays, the next check brings the server's.
  }
}

async function start(first) {
  ahead = (await store.get("screens", page)) ?? null;
  if (ahead) document.documentElement.dataset.offlineReady = ""; // ready to go on offline
  queue = await store.queued(page);
  const saved = document.documentElement.hasAttribute("data-saved-copy");
  if (saved || queue.length) {
    const where = place(await confirmed());
    if (where) showFrame(where);
  } else {
    await remember(first);
  }
  if (first.dataset.offlineUrl && first.dataset.planVersion !== String(ahead?.plan_version)) {
    await fetchAhead(first.dataset.offlineUrl);
  }
  showStatus();
  if (queue.length) send();
  else releaseWaitingWorker();
}

export function wireOffline(first, { onSwap }) {
  if (!available() || !first?.dataset.offlineUrl) return;
  hooks = { onSwap };
  page = location.pathname;
  checkUrl = first.dataset.checkUrl;
  // Once something is kept, what follows is kept after it, in order, until it is sent; with
  // the browser offline, an action is kept rather than tried.
  document.body.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.detail.elt?.closest?.("form");
    if (!form || !screen()?.contains(form) && !form.closest(".session-controls")) return;
    if (queue.length) {
      event.preventDefault();
      keep(form);
    } else if (navigator.onLine === false && keep(form)) {
      event.preventDefault();
    }
  });
  document.body.addEventListener("htmx:afterSettle", () => remember(screen()).catch(() => {}));
  // The "online" event may come a moment before the network answers: then the next try.
  window.addEventListener("online", () => setTimeout(send, 300));
  setInterval(send, 3_000);
  start(first).catch(() => {});
}
