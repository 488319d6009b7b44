// A failed POST (no connection, server restarting): say so, keep what was typed, try again
// with a growing delay, at once when the browser is back online, and on a tap. The step in
// the form makes a retry safe: the server changes nothing twice. An action the workout can
// go on without the server for (offline.js) is kept instead, when there is no connection.

const MAX_RETRIES = 8;
let retry = { form: null, attempts: 0, timer: null };
let keepOffline = () => false;
const banner = () => document.getElementById("connection");

export function submit(form) {
  if (!form || !form.isConnected) return;
  if (typeof form.requestSubmit === "function") form.requestSubmit();
  else form.submit();
}

function show(text, canRetry) {
  const connection = banner();
  connection.querySelector("[data-connection-text]").textContent = text;
  connection.querySelector("[data-connection-retry]").hidden = !canRetry;
  connection.hidden = false;
}

function onRequestFailed(event) {
  const status = event.detail.xhr?.status ?? 0;
  const form = event.detail.elt?.closest?.("form") ?? null;
  if (!banner()) return;
  if (status >= 400 && status < 500) {
    clearTimeout(retry.timer);
    retry = { form: null, attempts: 0, timer: null };
    show("That did not work. Reload the page to see where your workout stands.", false);
    return;
  }
  if (!form) return;
  if (status === 0 && keepOffline(form)) return;
  clearTimeout(retry.timer);
  retry.form = form;
  retry.attempts += 1;
  if (retry.attempts > MAX_RETRIES) {
    show("Still no answer. What you entered is kept: tap to try again.", true);
    return;
  }
  const delay = Math.min(30, 2 ** retry.attempts);
  const problem = status >= 500 ? "The server had a problem." : "No connection to the server.";
  show(`${problem} What you entered is kept; trying again in ${delay} s.`, true);
  retry.timer = setTimeout(retryNow, delay * 1000);
}

function retryNow() {
  clearTimeout(retry.timer);
  if (retry.form?.isConnected) submit(retry.form);
}

function onRequestDone(event) {
  if (!event.detail.successful) return;
  clearTimeout(retry.timer);
  retry = { form: null, attempts: 0, timer: null };
  const connection = banner();
  if (connection) connection.hidden = true;
}

export function isRetrying() {
  return retry.form !== null;
}

export function wireRetry({ keep } = {}) {
  if (keep) keepOffline = keep;
  document.body.addEventListener("htmx:sendError", onRequestFailed);
  document.body.addEventListener("htmx:responseError", onRequestFailed);
  document.body.addEventListener("htmx:afterRequest", onRequestDone);
  banner()?.querySelector("[data-connection-retry]")?.addEventListener("click", retryNow);
  window.addEventListener("online", retryNow);
}
