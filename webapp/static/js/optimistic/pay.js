// The day payout list opens for payment at the end of the workday, also on a screen loaded in the morning.
export function payReadiness() {
  const list = document.querySelector("ul.payouts[data-ready-at]");
  if (!list) return;
  const readyAt = Date.parse(list.dataset.readyAt);  // the server's clock when it rendered, or the phone's since
  const ready = Date.now() >= readyAt || Date.parse(list.dataset.renderedAt) >= readyAt;
  const notice = document.querySelector(".not-ready");
  if (notice) notice.hidden = ready || !list.querySelector(".pay-row");
  list.querySelectorAll(".tap-pay").forEach((button) => {
    if (ready) button.removeAttribute("aria-disabled"); else button.setAttribute("aria-disabled", "true");
  });
}

// A pay button that is not open yet stays readable (it says from when) but a tap on it sends nothing.
export function guardPay() {
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest(".tap-pay[aria-disabled='true']");
    if (button) { event.preventDefault(); event.stopPropagation(); }
  }, true);
}
