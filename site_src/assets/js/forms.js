/* Smart Kassel forms on the site's own pages: set up every form section (form-send.js), with
 * the proof of work solved in ../workers/altcha.js.
 */
import { setUp } from "./form-send.js";

const startWorker = () => new Worker(new URL("../workers/altcha.js", import.meta.url));
document.querySelectorAll("[data-sk-form-section]").forEach((section) => setUp(section, startWorker));
