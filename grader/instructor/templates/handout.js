"use strict";
// Flip cards, and buttons that show or hide a hint or an answer; no network, no libraries.
function flip(card) {
  const flipped = card.classList.toggle("flipped");
  card.setAttribute("aria-pressed", String(flipped));
}
function reveal(button) {
  const box = document.getElementById(button.getAttribute("aria-controls"));
  box.hidden = !box.hidden;
  button.setAttribute("aria-expanded", String(!box.hidden));
  button.textContent = box.hidden ? button.dataset.show : button.dataset.hide;
}
document.addEventListener("click", (event) => {
  const button = event.target.closest("button.toggle");
  if (button) { reveal(button); return; }
  const card = event.target.closest(".card");
  if (card) { flip(card); }
});
document.addEventListener("keydown", (event) => {
  const card = event.target.closest && event.target.closest(".card");
  if (card && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); flip(card); }
});
