// The guided player's browser side: timers, sound, vibration, wake lock, shortcuts.
// The server owns the session; this script only counts down to end times the server sent
// (with the server's own "now", so a wrong device clock does not matter), announces them,
// and presses the button the server offered when a countdown ends.

const settings = {
  get(name) {
    try {
      return localStorage.getItem(`hipdips.${name}`) !== "off";
    } catch {
      return true;
    }
  },
  set(name, on) {
    try {
      localStorage.setItem(`hipdips.${name}`, on ? "on" : "off");
    } catch {
      // Private mode: the setting lasts for this page only.
    }
  },
};

const announcer = document.getElementById("announcer");
function announce(text) {
  if (!announcer) return;
  announcer.textContent = "";
  // A fresh text node after a tick makes screen readers speak a repeated message again.
  setTimeout(() => { announcer.textContent = text; }, 30);
}

// Sound: one AudioContext, unlocked by the first tap on this page, beeps scheduled on its clock.
let audio = null;
let scheduledBeep = null;
function unlockAudio() {
  const AudioContextClass = window.AudioContext || window.webkitAudioContext;
  if (!AudioContextClass) return;
  try {
    audio ??= new AudioContextClass();
    if (audio.state !== "running") audio.resume().catch(() => {});
  } catch {
    audio = null;
  }
}
function scheduleBeep(secondsFromNow) {
  cancelBeep();
  if (!audio || !settings.get("sound")) return;
  try {
    if (audio.state !== "running") audio.resume().catch(() => {});
    const start = audio.currentTime + Math.max(secondsFromNow, 0);
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = 880;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.4, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.35);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start);
    oscillator.stop(start + 0.4);
    scheduledBeep = oscillator;
  } catch {
    scheduledBeep = null;
  }
}
function cancelBeep() {
  if (!scheduledBeep) return;
  try {
    scheduledBeep.stop();
  } catch {
    // It may have played already.
  }
  scheduledBeep = null;
}
function vibrate(pattern) {
  if (!settings.get("vibration") || !("vibrate" in navigator)) return;
  try {
    navigator.vibrate(pattern);
  } catch {
    // Not allowed here; the visual change and the beep remain.
  }
}

// Screen Wake Lock: held while a session runs, taken again when the page is visible.
let wakeLock = null;
async function holdWakeLock(wanted) {
  if (!wanted) {
    const lock = wakeLock;
    wakeLock = null;
    if (lock) lock.release().catch(() => {});
    return;
  }
  if (wakeLock || !("wakeLock" in navigator) || document.visibilityState !== "visible") return;
  try {
    wakeLock = await navigator.wakeLock.request("screen");
    wakeLock.addEventListener("release", () => { wakeLock = null; });
  } catch {
    wakeLock = null; // Refused (battery saver, headless, no permission): the session goes on.
  }
}

// Countdowns to an end time, never by counting ticks.
let ticker = null;
function stopTicker() {
  if (ticker) clearInterval(ticker);
  ticker = null;
}

function submit(form) {
  if (!form || !form.isConnected) return;
  if (typeof form.requestSubmit === "function") form.requestSubmit();
  else form.submit();
}

function startRestTimer(screen, offset) {
  const timer = screen.querySelector("[data-ends-at]");
  if (!timer) return;
  const endsAt = Number(timer.dataset.endsAt);
  const value = timer.querySelector(".timer-value");
  const title = screen.querySelector("h1")?.textContent.trim() ?? "Rest";
  let lastSpoken = null;
  let finished = false;
  const remaining = () => Math.max(0, Math.ceil((endsAt - (Date.now() + offset)) / 1000));

  scheduleBeep((endsAt - (Date.now() + offset)) / 1000);
  announce(`${title}: ${remaining()} seconds`);
  lastSpoken = remaining();

  const tick = () => {
    const left = remaining();
    if (value) value.textContent = String(left);
    if (left !== lastSpoken && left > 0 && (left <= 3 || left % 10 === 0)) {
      announce(left <= 3 ? String(left) : `${left} seconds`);
      lastSpoken = left;
    }
    if (left === 0 && !finished) {
      finished = true;
      stopTicker();
      screen.classList.add("timer-done");
      vibrate([200, 100, 200]);
      announce("Time. Next set.");
      submit(screen.querySelector("form[data-timer-end]"));
    }
  };
  tick();
  ticker = setInterval(tick, 250);
}

function startGetReady(screen) {
  const counter = screen.querySelector("[data-countdown]");
  const form = screen.querySelector("form[data-auto-submit]");
  if (!counter || !form) return;
  const endsAt = Date.now() + Number(counter.dataset.countdown) * 1000;
  const spoken = new Set();
  const tick = () => {
    const left = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
    counter.textContent = left > 0 ? String(left) : "Go";
    if (left > 0 && !spoken.has(left)) {
      spoken.add(left);
      announce(String(left));
    }
    if (left === 0) {
      stopTicker();
      submit(form);
    }
  };
  tick();
  ticker = setInterval(tick, 200);
}

function setUpScreen(screen, { focus }) {
  stopTicker();
  cancelBeep();
  const kind = screen.dataset.screen;
  // The server's clock minus ours, measured once, when this screen arrived.
  screen.dataset.offset ??= String(Number(screen.dataset.now || Date.now()) - Date.now());
  const offset = Number(screen.dataset.offset);
  if (focus) screen.querySelector("h1")?.focus({ preventScroll: false });
  holdWakeLock(["ready", "set", "rest", "switch"].includes(kind));
  if (kind === "rest" || kind === "switch") startRestTimer(screen, offset);
  else if (kind === "ready") startGetReady(screen);
  else if (kind === "set") announce(screen.querySelector("h1")?.textContent.trim() ?? "");
}

// Single-key shortcuts: Space or Enter = the main button, S = skip rest, P = pause/resume.
function onKey(event) {
  if (!settings.get("shortcuts") || event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target;
  if (target.closest?.("input, textarea, select, [contenteditable], button, a, summary")) return;
  const name = { " ": "done", Enter: "done", s: "skip", S: "skip", p: "pause", P: "pause" }[
    event.key
  ];
  const button = name && document.querySelector(`#screen [data-shortcut="${name}"]`);
  if (!button) return;
  event.preventDefault();
  unlockAudio();
  button.click();
}

function wireSettings() {
  for (const box of document.querySelectorAll("input[data-setting]")) {
    box.checked = settings.get(box.dataset.setting);
    box.addEventListener("change", () => settings.set(box.dataset.setting, box.checked));
  }
}

function init() {
  const screen = document.getElementById("screen");
  if (!screen) return;
  wireSettings();
  document.addEventListener("keydown", onKey);
  // Any tap may unlock sound; the Begin tap is the usual one.
  document.addEventListener("pointerdown", unlockAudio, { capture: true });
  document.addEventListener("keydown", unlockAudio, { capture: true });
  let shown = screen;
  document.body.addEventListener("htmx:afterSettle", () => {
    const fresh = document.getElementById("screen");
    if (fresh && fresh !== shown) {
      shown = fresh;
      setUpScreen(fresh, { focus: true });
    }
  });
  document.addEventListener("visibilitychange", () => {
    const current = document.getElementById("screen");
    if (document.visibilityState === "visible" && current) {
      // Timers are right again at once: they count to an end time. Re-arm the beep and lock.
      setUpScreen(current, { focus: false });
      if (audio && audio.state !== "running") audio.resume().catch(() => {});
    }
  });
  setUpScreen(screen, { focus: false });
}

init();
