// Pace me: the server sends the schedule ([rep, phase, seconds, spoken, shown] beats, a
// lead-in first, rep 0); this plays it
// against the clock, so a slow tick never stretches a hold. Pacing never lowers Reps: Stop
// keeps the larger of what was typed and what was paced; a finished run sets its count.

import { announce, say, words } from "./cues.js";

let run = null;

export function isPacing() {
  return run !== null;
}

export function stopPacing({ keep = true } = {}) {
  if (!run) return;
  clearInterval(run.timer);
  const { screen, done } = run;
  run = null;
  if (!screen.isConnected) return;
  showPanel(screen, false);
  const reps = screen.querySelector("input[name=reps]");
  if (keep && reps) reps.value = String(Math.max(Number.parseInt(reps.value, 10) || 0, done));
}

function showPanel(screen, pacing) {
  screen.querySelector("[data-pace-panel]").hidden = !pacing;
  screen.querySelector("[data-pace-start]").hidden = pacing;
  for (const element of screen.querySelectorAll("[data-pace-hide]")) element.hidden = pacing;
}

function startPacing(screen, button) {
  stopPacing({ keep: false });
  const beats = JSON.parse(button.dataset.pace);
  const target = Number(button.dataset.repsTarget);
  let end = Date.now();
  const ends = beats.map(([, , seconds]) => (end += seconds * 1000));
  // A rep is done when its last beat has ended.
  const repEnds = beats
    .map(([rep], i) => (rep > 0 && beats[i + 1]?.[0] !== rep ? ends[i] : null))
    .filter((at) => at !== null);
  const phaseText = screen.querySelector("[data-pace-phase]");
  const repText = screen.querySelector("[data-pace-rep]");
  showPanel(screen, true);
  screen.querySelector("[data-pace-stop]").focus();
  run = { screen, done: 0, timer: null, shown: -1 };

  const tick = () => {
    const now = Date.now();
    const index = ends.findIndex((beatEnd) => now < beatEnd);
    run.done = repEnds.filter((at) => at <= now).length;
    if (index === -1) {
      const reps = screen.querySelector("input[name=reps]");
      stopPacing({ keep: false });
      if (reps) reps.value = String(target);
      say(words("paced", target));
      screen.querySelector('[data-shortcut="done"]')?.focus();
      return;
    }
    const [rep, phase, , spoken, shown] = beats[index];
    const left = Math.ceil((ends[index] - now) / 1000);
    repText.textContent = `Rep ${Math.max(rep, 1)} of ${target}`;
    phaseText.textContent = phase === "hold" || phase === "ready" ? `${shown} ${left}` : shown;
    phaseText.dataset.phase = phase;
    if (index !== run.shown) {
      run.shown = index;
      // The rep number and the lead-in go to the live region too; the rest only to the voice.
      say(spoken, { live: beats[index - 1]?.[0] !== rep });
    }
  };
  tick();
  run.timer = setInterval(tick, 100);
}

// Set done while pacing runs: stop first, so the reps paced so far are the ones sent.
document.addEventListener(
  "submit",
  (event) => {
    if (run && event.target.matches?.(".set-form")) stopPacing({ keep: true });
  },
  { capture: true },
);

export function setUpPacer(screen, { onStart }) {
  const button = screen.querySelector("[data-pace-start]");
  if (!button) return;
  button.addEventListener("click", () => {
    onStart();
    startPacing(screen, button);
  });
  screen.querySelector("[data-pace-stop]").addEventListener("click", () => {
    stopPacing({ keep: true });
    screen.querySelector("[data-pace-start]").focus();
    announce(words("pacing_stopped"));
  });
}
