// Small behaviours for every page; each one is wired by a data attribute.

import { wireDemos } from "./demo.js";
import { csrfToken, sendKept, sentReport } from "./outbox.js";
import { exists } from "./store.js";

wireDemos(document);

// A time zone list marked data-guess-time-zone starts at the browser's own zone,
// unless the person already chose one (a form sent back with errors).
for (const select of document.querySelectorAll("select[data-guess-time-zone]")) {
  const guess = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const untouched = select.value === "UTC" && !select.closest("form")?.querySelector("[aria-invalid]");
  if (guess && untouched && [...select.options].some((option) => option.value === guess)) {
    select.value = guess;
  }
}

// The service worker (the app installed, what it teaches readable offline), once the page
// has loaded so that it never competes with it.
const worker = document.documentElement.dataset.worker;
if (worker && "serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register(worker).catch(() => {});
  });
}

function note(text) {
  const line = document.createElement("p");
  line.className = "saved-copy";
  line.setAttribute("role", "status");
  line.textContent = text;
  document.getElementById("main")?.prepend(line);
  return line;
}

// A page the worker served from its cache says so (the player says it in its own words).
// It was kept as a visitor sees it: its account links are not this person's.
if (document.documentElement.hasAttribute("data-saved-copy") && !document.getElementById("screen")) {
  const line = note("Offline: this is the copy kept on this device.");
  document.querySelector(".nav-account")?.setAttribute("hidden", "");
  window.addEventListener("online", () => {
    line.textContent = "Back online: reload the page for its latest version.";
  });
}

// Sets a workout kept offline go out from any page once back online (the workout may be
// over, or its page closed); the player sends its own.
const token = csrfToken();
if (token && navigator.onLine !== false && !document.getElementById("screen")) {
  exists().then(async (kept) => {
    const report = kept ? sentReport(await sendKept(null, token)) : "";
    if (report) note(`${report} Reload this page for the latest.`);
  }).catch(() => {});
}

// The offline page leads back to a workout whose page is kept on this device.
const openWorkout = document.querySelector("[data-open-workout]");
if (openWorkout && "caches" in window) {
  caches.open("hipdips-player").then((cache) => cache.keys()).then((kept) => {
    if (!kept.length) return;
    openWorkout.querySelector("a").href = new URL(kept[0].url).pathname;
    openWorkout.hidden = false;
  }).catch(() => {});
}
