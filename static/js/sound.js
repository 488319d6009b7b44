// Tones and vibration. One AudioContext, unlocked by the first tap; every tick and the end
// tone is its own oscillator started at its time on the audio clock, so they stay on the
// beat whatever the page's timers do.

import { setting } from "./settings.js";

let audio = null;
let scheduled = [];

export function unlockAudio() {
  const AudioContextClass = window.AudioContext || window.webkitAudioContext;
  if (!AudioContextClass) return;
  try {
    audio ??= new AudioContextClass();
    if (audio.state !== "running") audio.resume().catch(() => {});
  } catch {
    audio = null;
  }
}

function tone(at, { frequency, length }) {
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.frequency.value = frequency;
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + length);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(at);
  oscillator.stop(at + length + 0.05);
  scheduled.push({ oscillator, at });
}

// Ticks at 3, 2 and 1 seconds before the end (those still ahead), a longer tone at zero.
export function scheduleCountdownTones(secondsToEnd) {
  cancelTones();
  if (!audio || !setting("sound")) return;
  try {
    if (audio.state !== "running") audio.resume().catch(() => {});
    const end = audio.currentTime + Math.max(secondsToEnd, 0);
    for (const before of [3, 2, 1]) {
      if (secondsToEnd - before > 0.05) tone(end - before, { frequency: 660, length: 0.12 });
    }
    tone(end, { frequency: 880, length: 0.6 });
  } catch {
    scheduled = [];
  }
}

// Tones still to come are cancelled; one already sounding (the end tone, as the next screen
// arrives) plays out.
export function cancelTones() {
  const now = audio ? audio.currentTime : Infinity;
  for (const { oscillator, at } of scheduled) {
    if (at <= now) continue;
    try {
      oscillator.stop();
    } catch {
      // It may have played already.
    }
  }
  scheduled = [];
}

export function resumeAudio() {
  if (audio && audio.state !== "running") audio.resume().catch(() => {});
}

export function vibrate(pattern) {
  if (!setting("vibration") || !("vibrate" in navigator)) return;
  try {
    navigator.vibrate(pattern);
  } catch {
    // Not allowed here; the screen and the tone remain.
  }
}
