"use strict";
// Flip cards and reveal buttons; no network, no libraries.
function flip(card) {
  const flipped = card.classList.toggle("flipped");
  card.setAttribute("aria-pressed", String(flipped));
}
function reveal(button) {
  const box = document.getElementById(button.getAttribute("aria-controls"));
  box.hidden = !box.hidden;
  button.setAttribute("aria-expanded", String(!box.hidden));
  button.textContent = box.hidden ? "Show answer" : "Hide answer";
}
document.addEventListener("click", (event) => {
  const button = event.target.closest("button.reveal");
  if (button) { reveal(button); return; }
  const card = event.target.closest(".card");
  if (card) { flip(card); }
});
document.addEventListener("keydown", (event) => {
  const card = event.target.closest && event.target.closest(".card");
  if (card && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); flip(card); }
});
