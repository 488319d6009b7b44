// Single-key shortcuts: Space or Enter = the main button, S = skip rest, P = pause/resume.
// They can be turned off, and are ignored while typing or on a focused control.

import { setting } from "./settings.js";

const KEYS = { " ": "done", Enter: "done", s: "skip", S: "skip", p: "pause", P: "pause" };

export function wireShortcuts({ onKey }) {
  document.addEventListener("keydown", (event) => {
    if (!setting("shortcuts") || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target.closest?.("input, textarea, select, [contenteditable], button, a, summary")) return;
    const name = KEYS[event.key];
    const button = name && document.querySelector(`#screen [data-shortcut="${name}"]`);
    if (!button) return;
    event.preventDefault();
    onKey();
    button.click();
  });
}
