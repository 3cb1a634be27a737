// The Werkvloer board's tally: present, other, open, counted from the rows on screen (with what waits).
import { ATTENDED } from "../page.js";

export function tally() {
  const rows = document.getElementById("rows");
  if (!rows || !document.getElementById("tally")) return;
  const numbers = { present: 0, other: 0, open: 0 };
  rows.querySelectorAll(".att-row").forEach((row) => {
    if (row.classList.contains("status-open")) numbers.open++;
    else if (ATTENDED.some((s) => row.classList.contains("status-" + s))) numbers.present++;
    else numbers.other++;
  });
  Object.keys(numbers).forEach((key) => {
    const place = document.querySelector("#tally [data-tally=" + key + "]");
    if (place) place.textContent = String(numbers[key]);
  });
}
