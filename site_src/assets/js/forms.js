/* Smart Kassel forms on the site's own pages: set up every form section (form-send.js), with
 * the proof of work solved in ../workers/altcha.js; registrations also show their seats left.
 */
import { setUp } from "./form-send.js";
import { showSeats } from "./form-seats.js";

const startWorker = () => new Worker(new URL("../workers/altcha.js", import.meta.url));
document.querySelectorAll("[data-sk-form-section]").forEach((section) => {
  setUp(section, startWorker);
  if (section.dataset.skKind === "registration") showSeats(section);
});
