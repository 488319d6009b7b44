// A workout that goes on without a connection. Once the page has loaded, the screens still
// ahead come from the server (rendered there, with their words, forms and steps). When an
// action cannot reach the server, or others wait before it, it is kept (store.js, with the
// moment it was done, on the server's clock) and the next of those screens is shown: a rest
// counts from the set before it. A reload rebuilds the screen from the last one the server
// confirmed plus what was kept. Back online the kept actions go out in order (outbox.js),
// each with its step, so the compare-and-set makes a resend harmless; then the screen is the
// server's again. Without IndexedDB nothing here runs: the retries of retry.js stay.

import { csrfToken, isSet, releaseWaitingWorker, sendKept, sentReport } from "./outbox.js";
import { available, store } from "./store.js";

const ADD_REST_MS = 15_000;
let hooks = null;
let page = ""; // the workout page's path: the key of everything kept for it
let ahead = null; // { plan_version, frames: [{ key, rest_seconds, html }] }
let queue = []; // this workout's kept actions, every tab's, oldest first
let clock = 0; // the server's clock minus this device's, from the last screen it sent
let sending = false;
let report = "";

const screen = () => document.getElementById("screen");
const isOffline = () => queue.length > 0 || navigator.onLine === false;

export function isHolding() {
  return queue.length > 0;
}

function showStatus() {
  const status = document.getElementById("offline-status");
  if (!status) return;
  const sets = queue.filter(isSet).length;
  const count = sets === 1 ? "1 set" : `${sets} sets`;
  let text = !report && isOffline() || queue.length ? "Offline: sets are kept on this device." : report;
  if (sending) text = `Back online: sending ${count}.`;
  else if (sets) text = `Offline: ${count} to send when back online.`;
  const why = isOffline() && !sending; // read out; on screen, one line
  if (status.dataset.said !== `${text}${why}`) { // said once, not at every screen
    status.dataset.said = `${text}${why}`;
    status.textContent = text;
    if (why) status.insertAdjacentHTML("beforeend", '<span class="visually-hidden"> The workout goes on. Pause, End workout and changes to the plan need the connection.</span>');
  }
  // What would change the plan or the session's state waits for the connection.
  for (const button of document.querySelectorAll("#screen form:not([data-offline]) button")) {
    button.disabled = isOffline();
    if (isOffline()) button.setAttribute("aria-describedby", "offline-status");
    else button.removeAttribute("aria-describedby");
  }
}

// Where the workout stands: the last screen the server confirmed, then the frame after each
// kept action that moves on (one per screen, whichever tab kept it); a rest ends its length
// after the action that began it.
function place(confirmed) {
  const frames = ahead?.frames ?? [];
  let index = frames.findIndex((frame) => frame.key === confirmed?.key);
  if (index < 0) return null;
  let { endsAt = null, extensions = 0 } = confirmed;
  for (const entry of queue) {
    const from = frames.findIndex((frame) => frame.key === entry.frame);
    if (entry.kind === "next" && from >= index) {
      index = Math.min(from + 1, frames.length - 1);
      const seconds = frames[index].rest_seconds;
      endsAt = seconds ? entry.at + seconds * 1000 : null;
      extensions = 0;
    } else if (entry.kind === "more-rest" && from === index && endsAt !== null) {
      endsAt += ADD_REST_MS;
      extensions += 1;
    }
  }
  return { index, endsAt, extensions };
}

function swapIn(fresh) {
  screen().replaceWith(fresh);
  window.htmx?.process(fresh);
  hooks.onSwap(fresh);
  showStatus();
}

function showFrame({ index, endsAt, extensions }) {
  const template = document.createElement("template");
  template.innerHTML = ahead.frames[index].html.trim();
  const fresh = template.content.firstElementChild;
  fresh.dataset.offlineFrame = "";
  fresh.dataset.version = "offline"; // never the server's: its next check brings its screen
  fresh.dataset.offset = String(clock);
  const timer = fresh.querySelector("[data-ends-at]");
  if (timer && endsAt !== null) timer.dataset.endsAt = String(endsAt);
  for (const input of fresh.querySelectorAll("input[name=extensions]")) input.value = String(extensions);
  swapIn(fresh);
}

// A screen the server sent (an answer, or a screen check's): where to go on from offline,
// and its clock.
export async function confirmScreen(element) {
  if (!hooks || !element?.dataset.frame || "offlineFrame" in element) return;
  clock = Number(element.dataset.offset || 0);
  const timer = element.querySelector("[data-ends-at]");
  const endsAt = timer ? Number(timer.dataset.endsAt) : null;
  const extensions = Number(element.querySelector("input[name=extensions]")?.value || 0);
  await store.put("confirmed", { session: page, key: element.dataset.frame, endsAt, extensions, clock });
  if (!element.dataset.offlineUrl) {
    navigator.serviceWorker?.controller?.postMessage({ type: "workout-over", url: page });
    await store.remove("screens", page);
    ahead = null;
  } else if (document.readyState === "complete" && element.dataset.planVersion !== String(ahead?.plan_version)) {
    await fetchAhead(element.dataset.offlineUrl); // a new plan (start() fetches the first)
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

function forget(entry, why) {
  queue = queue.filter((kept) => kept !== entry);
  report = why;
  showStatus();
}

// Keeps the action of a form that cannot be sent now and shows the next screen; false when
// the screens ahead are not known here (the page then retries as before).
export function keep(form) {
  const current = screen();
  if (!hooks || !ahead || !current?.contains(form) || !form.dataset.offline) return false;
  const index = ahead.frames.findIndex((frame) => frame.key === current.dataset.frame);
  if (index < 0) return false; // a screen with no frame (paused): retry instead
  const at = Math.round(Date.now() + clock);
  const fields = Object.fromEntries(new FormData(form));
  const url = new URL(form.getAttribute("action"), location.href).pathname;
  const entry = { session: page, frame: current.dataset.frame, url, fields, kind: form.dataset.offline, at };
  if (entry.kind === "next") entry.slot = `${page} ${entry.frame}`;
  if (isSet(entry)) {
    fields.done_at = String(at);
    fields.version = String(ahead.plan_version); // a set added elsewhere meanwhile: refused
    const title = current.querySelector("h1")?.textContent.trim();
    entry.label = `${title}, ${current.querySelector(".set-count")?.textContent.trim().toLowerCase()}: ${fields.reps} reps`;
  }
  queue.push(entry);
  report = "";
  store.keep(entry).then(
    (id) => (id === null ? forget(entry, "That set was already kept in another tab.") : (entry.id = id)),
    () => forget(entry, "This browser could not keep that action; it needs the connection."),
  );
  if (entry.kind === "more-rest") {
    const timer = current.querySelector("[data-ends-at]");
    if (timer) timer.dataset.endsAt = String(Number(timer.dataset.endsAt) + ADD_REST_MS);
    for (const input of current.querySelectorAll("input[name=extensions]")) input.value = String(Number(input.value) + 1);
    hooks.onSwap(current);
    showStatus();
  } else {
    const next = Math.min(index + 1, ahead.frames.length - 1);
    const seconds = ahead.frames[next].rest_seconds;
    showFrame({ index: next, endsAt: seconds ? at + seconds * 1000 : null, extensions: 0 });
  }
  return true;
}

async function send() {
  if (sending || !queue.length || navigator.onLine === false) return;
  sending = true;
  showStatus();
  let result = { kept: [], refused: [], finished: false };
  try {
    result = await sendKept(page, csrfToken());
  } catch {
    // The store could not be read: the next round tries again.
  } finally {
    sending = false;
    queue = await store.queued(page).catch(() => queue);
  }
  report = sentReport(result) || report;
  if (result.finished && !queue.length) {
    releaseWaitingWorker();
    hooks.checkNow(); // the server's screen again
  }
  showStatus();
}

async function start(first) {
  ahead = (await store.get("screens", page)) ?? null;
  if (ahead) document.documentElement.dataset.offlineReady = ""; // ready to go on offline
  queue = await store.queued(page);
  const saved = document.documentElement.hasAttribute("data-saved-copy");
  const confirmed = await store.get("confirmed", page);
  if (saved || queue.length) {
    clock = confirmed?.clock ?? 0;
    const where = place(confirmed);
    if (where) showFrame(where);
  } else {
    await confirmScreen(first);
  }
  showStatus();
  // The screens ahead come after the page's own files.
  if (document.readyState !== "complete") await new Promise((done) => window.addEventListener("load", done, { once: true }));
  if (first.dataset.planVersion !== String(ahead?.plan_version)) await fetchAhead(first.dataset.offlineUrl);
  if (queue.length) send();
  else releaseWaitingWorker();
  // Loaded without the worker (a first visit, or it took over meanwhile): it keeps it now.
  if (!(performance.getEntriesByType("navigation")[0]?.workerStart > 0)) navigator.serviceWorker?.ready.then((r) => r.active?.postMessage({ type: "keep-workout", url: page }));
}

export function wireOffline(first, { onSwap, checkNow }) {
  if (!available() || !first?.dataset.offlineUrl) return;
  hooks = { onSwap, checkNow };
  page = location.pathname;
  // Once something is kept, what follows is kept after it; offline, an action is not tried.
  document.body.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.detail.elt?.closest?.("form");
    if (!form || !screen()?.contains(form)) return;
    if (queue.length) {
      event.preventDefault();
      keep(form);
    } else if (navigator.onLine === false && keep(form)) {
      event.preventDefault();
    }
  });
  window.addEventListener("offline", showStatus);
  // The "online" event may come a moment before the network answers: then the next try.
  window.addEventListener("online", () => { showStatus(); setTimeout(send, 300); });
  setInterval(send, 3_000);
  start(first).catch(() => {});
}
