// Sending what the player kept offline (offline.js): in order, one tab at a time (a lock),
// each action with its step and, for a set, the time it was done. A network failure stops
// the round and the rest stays kept; any answer of the server settles an action, and the
// server says in a header whether a set is logged.

import { store } from "./store.js";

export const isSet = (entry) => entry.url.endsWith("/done/");
const LOGGED = ["done", "already_logged"];

async function sendAll(page, token) {
  const kept = [];
  const refused = [];
  for (const entry of await store.queued(page)) {
    let response;
    try {
      response = await fetch(entry.url, {
        method: "POST",
        body: new URLSearchParams(entry.fields),
        headers: { "X-CSRFToken": token, "HX-Request": "true" },
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch {
      return { kept, refused, finished: false };
    }
    if (response.status >= 500) return { kept, refused, finished: false };
    if (isSet(entry)) (LOGGED.includes(response.headers.get("Hipdips-Outcome")) ? kept : refused).push(entry);
    await store.remove("queue", entry.id);
  }
  return { kept, refused, finished: true };
}

export function sendKept(page, token) {
  const round = () => sendAll(page, token);
  return navigator.locks ? navigator.locks.request("hipdips-queue", round) : round();
}

// What the person is told once the kept sets are sent: all logged, or which were not.
export function sentReport({ kept, refused }) {
  if (refused.length) {
    const sets = refused.map((entry) => entry.label).join("; ");
    const logged = kept.length === 1 ? "1 kept set is logged" : `${kept.length} kept sets are logged`;
    return `Back online. ${logged}; ${refused.length === 1 ? "1 set was" : `${refused.length} sets were`} not, because the workout had moved on or ended elsewhere: ${sets}.`;
  }
  if (kept.length) return `Back online: ${kept.length === 1 ? "the kept set is" : `all ${kept.length} kept sets are`} logged.`;
  return "";
}
