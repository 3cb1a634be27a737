// A print page's "Afdrukken" button (print_base.html): the browser's print dialog, also on a phone.
document.querySelectorAll("[data-print]").forEach((button) => button.addEventListener("click", () => window.print()));
