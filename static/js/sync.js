// Screens never go stale. A page shown again from the back/forward cache, a tab that becomes
// visible or gets focus, and (every 15 s) a visible player ask the server whether the screen
// is still current: it answers 304 for the version the screen shows, or the current screen,
// which replaces this one. Never while Reps is being edited, pacing runs or a request is out,
// nor offline.

const EVERY_MS = 15_000;
let checking = false;

function current() {
  const screen = document.getElementById("screen");
  return screen?.dataset.checkUrl ? screen : null;
}

async function check({ isBusy, onSwap }) {
  const screen = current();
  if (!screen || checking || navigator.onLine === false || isBusy(screen)) return;
  checking = true;
  try {
    const response = await fetch(screen.dataset.checkUrl, {
      headers: { "If-None-Match": `"${screen.dataset.version}"`, "HX-Request": "true" },
      cache: "no-store",
      credentials: "same-origin",
    });
    if (response.status !== 200 || !screen.isConnected || isBusy(screen)) return;
    const template = document.createElement("template");
    template.innerHTML = (await response.text()).trim();
    const fresh = template.content.firstElementChild;
    if (!fresh || fresh.id !== "screen" || !screen.isConnected || isBusy(screen)) return;
    const active = document.activeElement;
    const hadFocus = !active || active === document.body || screen.contains(active);
    screen.replaceWith(fresh);
    window.htmx?.process(fresh);
    onSwap(fresh, { hadFocus });
  } catch {
    // Offline or the server is away: the screen stays as it is, the next check tries again.
  } finally {
    checking = false;
  }
}

// Returns the check, for asking at once (offline.js, once what was kept is sent).
export function watchScreen(hooks) {
  const run = () => check(hooks);
  window.addEventListener("pageshow", (event) => { if (event.persisted) run(); });
  window.addEventListener("focus", run);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") run();
  });
  setInterval(() => { if (document.visibilityState === "visible") run(); }, EVERY_MS);
  return run;
}
