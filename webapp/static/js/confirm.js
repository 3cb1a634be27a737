// A write that asks first (hx-confirm: withdrawing a sign-up, ending an agreement) asks on its own button, where
// the thumb is, not in a browser dialog over the page: the first tap turns the button into its yes
// (data-confirm-label, "Ja, intrekken") for ARMED_MS; a second tap in that time acts, otherwise the button goes
// back to what it was. A tap elsewhere changes nothing. Screen readers hear the question (the hx-confirm text).
// Without this module htmx asks with the browser's confirm(), so the question is never skipped.
const ARMED_MS = 5000, DOUBLE_TAP_MS = 400;  // a double tap is one tap, not a yes
const armed = new Map();  // button → { since, text, label, timer }

function disarm(button) {
  const state = armed.get(button);
  if (!state) return;
  clearTimeout(state.timer);
  armed.delete(button);
  button.textContent = state.text;
  if (state.label === null) button.removeAttribute("aria-label");
  else button.setAttribute("aria-label", state.label);
  button.classList.remove("armed");
}

// True when this tap is the yes; otherwise the button now asks (and the tap does nothing else).
export function confirmed(button) {
  const state = armed.get(button);
  if (state && Date.now() - state.since >= DOUBLE_TAP_MS) {
    disarm(button);
    return true;
  }
  if (state) return false;
  const question = button.getAttribute("hx-confirm");
  armed.set(button, { since: Date.now(), text: button.textContent, label: button.getAttribute("aria-label"),
                      timer: setTimeout(() => disarm(button), ARMED_MS) });
  button.textContent = button.dataset.confirmLabel || question;
  button.setAttribute("aria-label", `${question} ${button.textContent}`);
  button.classList.add("armed");
  return false;
}
