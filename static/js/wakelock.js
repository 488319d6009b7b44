// Screen Wake Lock: held while a session runs, taken again when the page is visible.

let wakeLock = null;

export async function holdWakeLock(wanted) {
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
