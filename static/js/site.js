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
