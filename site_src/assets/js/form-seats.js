/* Seats left of an event registration, read from the form service when the page opens.
 * Without JavaScript the form is shown as it is; the confirmation page then says whether a
 * seat or the waiting list is the answer.
 */
export async function showSeats(section) {
  const output = section.closest(".sk-registration")?.querySelector("[data-sk-seats]");
  if (!output) return;
  let seats;
  try {
    const response = await fetch(`${section.dataset.skApi}/forms/${section.dataset.skFormSection}`, {
      headers: { Accept: "application/json" },
    });
    if (!response.ok) return;
    seats = (await response.json()).seats;
  } catch (error) {
    return;
  }
  if (!seats) return;
  output.textContent =
    seats.left > 0
      ? `Noch ${seats.left} von ${seats.capacity} Plätzen frei.`
      : "Alle Plätze sind vergeben. Sie können sich auf die Warteliste setzen lassen" +
        (seats.waiting ? ` (${seats.waiting} Personen warten schon).` : ".");
  output.hidden = false;
}
