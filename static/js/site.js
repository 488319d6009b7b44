// Small behaviours for every page; each one is wired by a data attribute.

import { wireDemos } from "./demo.js";

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

// A page the worker served from its cache says so (the player says it in its own words).
if (document.documentElement.hasAttribute("data-saved-copy") && !document.body.classList.contains("player-page")) {
  const main = document.getElementById("main");
  const note = document.createElement("p");
  note.className = "saved-copy";
  note.setAttribute("role", "status");
  note.textContent = "Offline: this is the copy kept on this device.";
  main?.prepend(note);
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
