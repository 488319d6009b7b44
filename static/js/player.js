// The guided player's browser side, wiring only: each job lives in its own module. The
// server owns the session and writes every word the coach says (data-say... on #screen);
// this counts down to the end times it sent, speaks and sounds them, and presses the button
// the server offered when a countdown ends.

import { announce, say, unlockSpeech, words } from "./cues.js";
import { wireDemos } from "./demo.js";
import { countdown } from "./countdown.js";
import { isPacing, setUpPacer, stopPacing } from "./pacing.js";
import { confirmScreen, isHolding, keep, wireOffline } from "./offline.js";
import { isRetrying, submit, wireRetry } from "./retry.js";
import { wireSettings } from "./settings.js";
import { wireShortcuts } from "./shortcuts.js";
import { cancelTones, resumeAudio, scheduleCountdownTones, unlockAudio, vibrate } from "./sound.js";
import { watchScreen } from "./sync.js";
import { holdWakeLock } from "./wakelock.js";

const RUNNING = ["ready", "set", "rest", "switch"];
const NEXT_UP_SECONDS = 10; // "Next up: ..." this long before a rest ends
const GET_READY_SECONDS = 5;

let running = null; // the countdown of the screen shown
let lastSaid = ""; // the screen whose words were said last: a check that swaps in the same one stays quiet

function unlock() {
  unlockAudio();
  unlockSpeech();
}

function countWords(screen) {
  try {
    return JSON.parse(screen.dataset.countdownWords || "[]");
  } catch {
    return [];
  }
}

function startRest(screen, { quiet }) {
  const timer = screen.querySelector("[data-ends-at]");
  if (!timer) return;
  const offset = Number(screen.dataset.offset);
  const endsAt = Number(timer.dataset.endsAt);
  const value = timer.querySelector(".timer-value");
  const counting = countWords(screen);
  const next = screen.dataset.sayNext || "";
  const secondsLeft = (endsAt - (Date.now() + offset)) / 1000;
  let nextSaid = !next || quiet && secondsLeft <= NEXT_UP_SECONDS;
  scheduleCountdownTones(secondsLeft);
  if (!quiet) {
    // A short rest says what comes next at once, in the same breath.
    const soon = !nextSaid && secondsLeft <= NEXT_UP_SECONDS + 3;
    say(soon ? `${screen.dataset.say} ${next}` : screen.dataset.say);
    nextSaid ||= soon;
  }
  running = countdown({
    endsAt,
    offset,
    onSecond(left) {
      if (value) value.textContent = String(left);
      if (!nextSaid && left <= NEXT_UP_SECONDS && left > 3) {
        nextSaid = true;
        say(next);
      } else if (left > 0 && left <= 3) {
        say(counting[3 - left] ?? String(left));
      } else if (left > 0 && left % 15 === 0) {
        announce(words("seconds", left));
      }
    },
    onEnd() {
      screen.classList.add("timer-done");
      vibrate([200, 100, 200]);
      submit(screen.querySelector("form[data-timer-end]"));
    },
  });
}

function startGetReady(screen, { quiet }) {
  const counter = screen.querySelector("[data-countdown]");
  const form = screen.querySelector("form[data-auto-submit]");
  if (!counter || !form) return;
  const counting = countWords(screen);
  if (!quiet) say(screen.dataset.say);
  scheduleCountdownTones(GET_READY_SECONDS);
  running = countdown({
    endsAt: Date.now() + GET_READY_SECONDS * 1000,
    onSecond(left) {
      counter.textContent = left > 0 ? String(left) : "Go";
      if (left > 0 && left <= 3) say(counting[3 - left] ?? String(left));
    },
    onEnd: () => submit(form),
  });
}

// Plus and minus beside Reps: a tap each, no keyboard needed with the phone on the floor.
function setUpSteppers(screen) {
  const input = screen.querySelector("input[name=reps]");
  for (const button of screen.querySelectorAll("[data-step-reps]")) {
    button.addEventListener("click", () => {
      const value = Number.parseInt(input.value, 10) || 0;
      const next = Math.min(Number(input.max), Math.max(Number(input.min), value + Number(button.dataset.stepReps)));
      input.value = String(next);
      announce(words("reps", next));
    });
  }
}

function setUpScreen(screen, { focus }) {
  running?.stop();
  running = null;
  cancelTones();
  stopPacing({ keep: false });
  const kind = screen.dataset.screen;
  // The server's clock minus ours, measured once, when this screen arrived.
  screen.dataset.offset ??= String(Number(screen.dataset.now || Date.now()) - Date.now());
  wireDemos(screen);
  if (focus) screen.querySelector("h1")?.focus({ preventScroll: false });
  const notice = screen.querySelector(".notice");
  if (notice) announce(notice.textContent.trim());
  holdWakeLock(RUNNING.includes(kind));
  const said = `${kind}|${screen.dataset.say ?? ""}`;
  const quiet = said === lastSaid;
  lastSaid = said;
  if (kind === "rest" || kind === "switch") {
    startRest(screen, { quiet });
  } else if (kind === "ready") {
    startGetReady(screen, { quiet });
  } else {
    if (!quiet) say(screen.dataset.say);
    if (kind === "set") {
      setUpPacer(screen, { onStart: unlock });
      setUpSteppers(screen);
    }
  }
}

// What a screen check must not interrupt: typing Reps, pacing, a request on its way, actions
// kept offline and not sent yet.
function isBusy(screen) {
  const reps = screen.querySelector("input[name=reps]");
  const editing = reps && (document.activeElement === reps || reps.value !== reps.defaultValue);
  const reading = screen.querySelector("details[open]");
  return Boolean(editing || reading || isPacing() || isRetrying() || isHolding() || screen.querySelector(".htmx-request"));
}

function init() {
  let shown = document.getElementById("screen");
  if (!shown) return;
  wireSettings();
  wireRetry({ keep });
  wireShortcuts({ onKey: unlock });
  // Escape closes an open sheet (settings, how-to), as it would a dialog.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const sheet of document.querySelectorAll("details[open]")) {
      sheet.open = false;
      sheet.querySelector("summary")?.focus();
    }
  });
  // Any tap may unlock sound and speech; the Begin tap is the usual one.
  document.addEventListener("pointerdown", unlock, { capture: true });
  document.addEventListener("keydown", unlock, { capture: true });
  document.body.addEventListener("htmx:afterSettle", () => {
    const fresh = document.getElementById("screen");
    if (fresh && fresh !== shown) {
      shown = fresh;
      setUpScreen(fresh, { focus: true });
      confirmScreen(fresh).catch(() => {});
    }
  });
  const checkNow = watchScreen({
    isBusy,
    onSwap(fresh, { hadFocus }) {
      shown = fresh;
      setUpScreen(fresh, { focus: hadFocus });
      confirmScreen(fresh).catch(() => {});
    },
  });
  document.addEventListener("visibilitychange", () => {
    const screen = document.getElementById("screen");
    if (document.visibilityState !== "visible" || !screen) return;
    // Timers are right again at once (they count to an end time); the tones are scheduled
    // again, since the audio clock may have been suspended, and the wake lock taken again.
    resumeAudio();
    holdWakeLock(RUNNING.includes(screen.dataset.screen));
    if (screen.dataset.screen === "rest" || screen.dataset.screen === "switch") {
      running?.stop();
      startRest(screen, { quiet: true });
    }
  });
  setUpScreen(shown, { focus: false });
  wireOffline(shown, {
    checkNow,
    onSwap(fresh) {
      shown = fresh;
      setUpScreen(fresh, { focus: true });
    },
  });
}

init();
