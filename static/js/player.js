// The guided player's browser side: timers, sound, vibration, wake lock, shortcuts.
// The server owns the session; this script only counts down to end times the server sent
// (with the server's own "now", so a wrong device clock does not matter), announces them,
// and presses the button the server offered when a countdown ends.

// Cue switches: the checkboxes of the settings form are the truth. A signed-in person's
// come from the account (htmx saves each change); an anonymous browser keeps its own.
const settingsForm = document.querySelector("form[data-remember]");
const settings = {
  get(name) {
    const box = document.querySelector(`input[data-setting="${name}"]`);
    return box ? box.checked : true;
  },
};
function wireSettings() {
  if (!settingsForm || settingsForm.dataset.remember !== "browser") return;
  for (const box of settingsForm.querySelectorAll("input[data-setting]")) {
    try {
      const stored = localStorage.getItem(`hipdips.${box.dataset.setting}`);
      if (stored !== null) box.checked = stored === "on";
    } catch {
      // Storage refused (private mode): the defaults hold for this page.
    }
    box.addEventListener("change", () => {
      try {
        localStorage.setItem(`hipdips.${box.dataset.setting}`, box.checked ? "on" : "off");
      } catch {
        // As above.
      }
    });
  }
}

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

function speak(text) {
  if (!text || !settings.get("voice") || !("speechSynthesis" in window)) return;
  try {
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
  } catch {
    // No voice on this device: the screen and the beep still say it.
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
      speak(["", "One", "Two", "Three"][left] ?? "");
    }
    if (left === 0) {
      stopTicker();
      submit(form);
    }
  };
  tick();
  ticker = setInterval(tick, 200);
}

// Hold pacing: the server sends the schedule ([rep, phase, seconds] beats); this plays it
// against the clock, so a slow tick never stretches a hold.
let pacing = null;
function stopPacing({ keepCount }) {
  if (!pacing) return;
  clearInterval(pacing.timer);
  const { pacer, done } = pacing;
  pacing = null;
  if (!pacer.isConnected) return;
  pacer.querySelector("[data-pace-panel]").hidden = true;
  pacer.querySelector("[data-pace-start]").hidden = false;
  const reps = pacer.closest("#screen")?.querySelector("input[name=reps]");
  if (keepCount && reps) reps.value = String(done);
}

function startPacing(pacer) {
  stopPacing({ keepCount: false });
  const beats = JSON.parse(pacer.dataset.pace);
  const target = Number(pacer.dataset.repsTarget);
  const started = Date.now();
  let end = started;
  const ends = beats.map(([, , seconds]) => (end += seconds * 1000));
  const phaseText = pacer.querySelector("[data-pace-phase]");
  const repText = pacer.querySelector("[data-pace-rep]");
  pacer.querySelector("[data-pace-panel]").hidden = false;
  pacer.querySelector("[data-pace-start]").hidden = true;
  pacer.querySelector("[data-pace-stop]").focus();
  pacing = { pacer, done: 0, timer: null, shown: -1 };

  const tick = () => {
    const now = Date.now();
    const index = ends.findIndex((beatEnd) => now < beatEnd);
    pacing.done = beats.filter(([, phase], i) => phase === "lower" && ends[i] <= now).length;
    if (index === -1) {
      stopPacing({ keepCount: true });
      announce(`${target} reps. Press Set done.`);
      speak("Done");
      pacer.closest("#screen")?.querySelector('[data-shortcut="done"]')?.focus();
      return;
    }
    const [rep, phase] = beats[index];
    const left = Math.ceil((ends[index] - now) / 1000);
    repText.textContent = `Rep ${rep} of ${target}`;
    phaseText.textContent = phase === "hold" ? `Hold ${left}` : phase === "lift" ? "Lift" : "Lower";
    phaseText.dataset.phase = phase;
    if (index !== pacing.shown) {
      pacing.shown = index;
      if (phase === "hold") speak("Hold");
      else if (phase === "lower") speak("Lower");
      if (phase === "lift" && (rep === 1 || rep % 5 === 0)) announce(`Rep ${rep} of ${target}`);
    }
  };
  tick();
  pacing.timer = setInterval(tick, 100);
}

// Plus and minus beside Reps: a tap each, no keyboard needed with the phone on the floor.
function setUpSteppers(screen) {
  const input = screen.querySelector("input[name=reps]");
  for (const button of screen.querySelectorAll("[data-step-reps]")) {
    button.hidden = false;
    button.addEventListener("click", () => {
      const value = Number.parseInt(input.value, 10) || 0;
      const next = Math.min(Number(input.max), Math.max(Number(input.min), value + Number(button.dataset.stepReps)));
      input.value = String(next);
      announce(`${next} reps`);
    });
  }
}

function setUpPacer(screen) {
  const pacer = screen.querySelector("[data-pace]");
  if (!pacer) return;
  pacer.querySelector("[data-pace-start]").addEventListener("click", () => {
    unlockAudio();
    startPacing(pacer);
  });
  pacer.querySelector("[data-pace-stop]").addEventListener("click", () => {
    stopPacing({ keepCount: true });
    pacer.querySelector("[data-pace-start]").focus();
  });
}

// A failed POST (no connection, server restarting): say so, keep what was typed, try again
// with a growing delay and on a tap. The step in the form makes a retry safe.
const connection = document.getElementById("connection");
const MAX_RETRIES = 8;
let retry = { form: null, attempts: 0, timer: null };
function onRequestFailed(event) {
  const status = event.detail.xhr?.status ?? 0;
  const form = event.detail.elt?.closest?.("form") ?? null;
  if (!connection) return;
  if (status >= 400 && status < 500) {
    showConnectionProblem("That did not work. Reload the page to see where your workout stands.", false);
    return;
  }
  if (!form) return;
  clearTimeout(retry.timer);
  retry.form = form;
  retry.attempts += 1;
  if (retry.attempts > MAX_RETRIES) {
    showConnectionProblem("Still no answer. What you entered is kept: tap to try again.", true);
    return;
  }
  const delay = Math.min(30, 2 ** retry.attempts);
  const problem = status >= 500 ? "The server had a problem." : "No connection to the server.";
  showConnectionProblem(
    `${problem} What you entered is kept; trying again in ${delay} s.`,
    true,
  );
  retry.timer = setTimeout(retryNow, delay * 1000);
}
function retryNow() {
  clearTimeout(retry.timer);
  if (retry.form?.isConnected) submit(retry.form);
}
function showConnectionProblem(text, canRetry) {
  connection.querySelector("[data-connection-text]").textContent = text;
  connection.querySelector("[data-connection-retry]").hidden = !canRetry;
  connection.hidden = false;
}
function onRequestDone(event) {
  if (!event.detail.successful) return;
  clearTimeout(retry.timer);
  retry = { form: null, attempts: 0, timer: null };
  if (connection) connection.hidden = true;
}

function setUpScreen(screen, { focus }) {
  stopTicker();
  cancelBeep();
  stopPacing({ keepCount: false });
  const kind = screen.dataset.screen;
  // The server's clock minus ours, measured once, when this screen arrived.
  screen.dataset.offset ??= String(Number(screen.dataset.now || Date.now()) - Date.now());
  const offset = Number(screen.dataset.offset);
  if (focus) screen.querySelector("h1")?.focus({ preventScroll: false });
  holdWakeLock(["ready", "set", "rest", "switch"].includes(kind));
  if (kind === "rest" || kind === "switch") {
    startRestTimer(screen, offset);
    speak(kind === "rest" ? "Rest" : "Switch sides");
  } else if (kind === "ready") {
    startGetReady(screen);
  } else if (kind === "set") {
    const name = screen.querySelector("h1")?.textContent.trim() ?? "";
    const side = screen.querySelector(".side")?.textContent.trim().toLowerCase();
    const count = screen.querySelector(".set-count")?.textContent.trim() ?? "";
    announce([name, count, side && `${side} side`].filter(Boolean).join(", "));
    speak(side ? `${name}, ${side} side` : name);
    setUpPacer(screen);
    setUpSteppers(screen);
  }
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
  document.body.addEventListener("htmx:sendError", onRequestFailed);
  document.body.addEventListener("htmx:responseError", onRequestFailed);
  document.body.addEventListener("htmx:afterRequest", onRequestDone);
  connection?.querySelector("[data-connection-retry]")?.addEventListener("click", retryNow);
  window.addEventListener("online", retryNow);
  document.addEventListener("visibilitychange", () => {
    const current = document.getElementById("screen");
    if (document.visibilityState === "visible" && current) {
      // Timers are right again at once: they count to an end time. Re-arm the beep (its
      // clock may have been suspended) and take the wake lock again; nothing else restarts.
      if (audio && audio.state !== "running") audio.resume().catch(() => {});
      const kind = current.dataset.screen;
      holdWakeLock(["ready", "set", "rest", "switch"].includes(kind));
      if (kind === "rest" || kind === "switch") {
        stopTicker();
        startRestTimer(current, Number(current.dataset.offset));
      }
    }
  });
  setUpScreen(screen, { focus: false });
}

init();
