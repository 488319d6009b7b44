// Sending what the player kept offline (offline.js): in order, one tab at a time (a lock),
// each action with its step and, for a set, the time it was done. An action is settled by
// the server's word on it: the outcome header of a player action, or a refusal (400, 404,
// 409, 410). Anything else (no network, a 5xx, a 403 of a lapsed log-in) ends the round and
// keeps the rest for the next one.

import { store } from "./store.js";

export const isSet = (entry) => entry.url.endsWith("/done/");

// The token htmx sends (<body data-hx-headers>): the same on a copy the worker kept.
export function csrfToken() {
  try {
    return JSON.parse(document.body.dataset.hxHeaders || "{}")["X-CSRFToken"] ?? "";
  } catch {
    return "";
  }
}

// A new deployment's worker waits while anything is kept (sw.js); now it may take over.
export async function releaseWaitingWorker() {
  if ((await store.count().catch(() => 1)) > 0) return;
  const registration = await navigator.serviceWorker?.getRegistration();
  registration?.waiting?.postMessage({ type: "queue-empty" });
}
const LOGGED = ["done", "already_logged"];
const REFUSED = [400, 404, 409, 410];

async function sendAll(session, token) {
  const result = { kept: [], refused: [], elsewhere: [], finished: false, status: 0 };
  for (const entry of await store.queued(session)) {
    let response;
    try {
      response = await fetch(entry.url, {
        method: "POST",
        body: new URLSearchParams(entry.fields),
        headers: { "X-CSRFToken": token, "HX-Request": "true" },
        credentials: "same-origin",
        cache: "no-store",
        redirect: "manual",
      });
    } catch {
      return result;
    }
    const outcome = response.headers.get("Hipdips-Outcome");
    if (!outcome && !REFUSED.includes(response.status)) return { ...result, status: response.status };
    if (isSet(entry)) {
      // Logged already: this set (its answer was lost), or another device's with other reps.
      const theirs = response.headers.get("Hipdips-Logged-Reps");
      if (outcome === "already_logged" && theirs !== entry.fields.reps) result.elsewhere.push({ ...entry, theirs });
      else (LOGGED.includes(outcome) ? result.kept : result.refused).push(entry);
    }
    await store.remove("queue", entry.id);
  }
  return { ...result, finished: true };
}

// session: a workout page's path, or null for every workout's.
export function sendKept(session, token) {
  const round = () => sendAll(session, token);
  return navigator.locks ? navigator.locks.request("hipdips-queue", round) : round();
}

// What the person is told after a round: all logged, which were not, or what to do.
export function sentReport({ kept, refused, elsewhere = [], status }) {
  if (status === 403) return "The kept sets wait: log in again in this browser to send them.";
  const n = kept.length;
  if (!refused.length && !elsewhere.length) {
    if (!n) return "";
    return `Back online: ${n === 1 ? "the kept set is" : `${n === 2 ? "both" : `all ${n}`} kept sets are`} logged.`;
  }
  const parts = [`Back online. Logged: ${n === 1 ? "1 kept set" : `${n} kept sets`}.`];
  if (refused.length) parts.push(`Not logged, because the workout had moved on or ended elsewhere: ${refused.map((e) => e.label).join("; ")}.`);
  if (elsewhere.length) parts.push(`Logged first from another device, whose reps stand: ${elsewhere.map((e) => `${e.label} (logged: ${e.theirs})`).join("; ")}.`);
  return parts.join(" ");
}
