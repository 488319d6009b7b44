// The coach's voice. The words come from the server with each screen (data-say...); this
// module only says them: through speechSynthesis when the voice is on and the page has had
// a tap (browsers refuse speech before one), and always through the aria-live region, so a
// screen reader hears the same words. A new utterance cancels the one still speaking: two
// never overlap, and nothing waits for an `end` event (headless Chromium has no voices).

import { setting } from "./settings.js";

let unlocked = false;
const announcer = () => document.getElementById("announcer");

export function unlockSpeech() {
  unlocked = true;
}

export function say(text, { live = true } = {}) {
  if (!text) return;
  if (live) announce(text);
  // Sticky activation also covers a tap made before this script had loaded.
  const allowed = unlocked || navigator.userActivation?.hasBeenActive;
  // A tab in the background stays quiet: the one in front speaks for the workout.
  if (!allowed || document.hidden || !setting("voice") || !("speechSynthesis" in window)) return;
  try {
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
  } catch {
    // No voice on this device: the screen, the tones and the live region still say it.
  }
}

export function hush() {
  if (!("speechSynthesis" in window)) return;
  try {
    window.speechSynthesis.cancel();
  } catch {
    // Nothing was speaking.
  }
}

// The few words the browser puts together itself ("{n} seconds"), from the server too.
export function words(name, number) {
  const screen = document.getElementById("screen");
  try {
    const phrases = JSON.parse(screen?.dataset.words || "{}");
    return (phrases[name] ?? "").replace("{n}", String(number));
  } catch {
    return "";
  }
}

export function announce(text) {
  const region = announcer();
  if (!region) return;
  region.textContent = "";
  // A fresh text node after a moment makes screen readers speak a repeated message again.
  setTimeout(() => { region.textContent = text; }, 30);
}
