// The player's switches (voice, sound, vibration, shortcuts). The checkboxes of the settings
// form are the truth: a signed-in person's come from the account (htmx saves each change);
// an anonymous browser keeps its own in localStorage.

export function setting(name) {
  const box = document.querySelector(`input[data-setting="${name}"]`);
  return box ? box.checked : true;
}

export function wireSettings() {
  const form = document.querySelector("form[data-remember]");
  if (!form || form.dataset.remember !== "browser") return;
  for (const box of form.querySelectorAll("input[data-setting]")) {
    const key = `hipdips.${box.dataset.setting}`;
    try {
      const stored = localStorage.getItem(key);
      if (stored !== null) box.checked = stored === "on";
    } catch {
      // Storage refused (private mode): the defaults hold for this page.
    }
    box.addEventListener("change", () => {
      try {
        localStorage.setItem(key, box.checked ? "on" : "off");
      } catch {
        // As above.
      }
    });
  }
}
