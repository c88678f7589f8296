/* Smart Kassel forms: progressive enhancement of one form section built from content/forms/.
 *
 * Without this script a form posts form-encoded and the service answers with whole pages.
 * With it: the deadline is re-checked in the browser (a page built earlier closes on time),
 * an ALTCHA proof of work is solved in the background (a Web Worker made by `startWorker`),
 * the form posts JSON, and the answer is shown in place (form-answers.js). Nothing a person
 * typed is ever cleared. Each page load gets a random submission id that every retry repeats,
 * so a resend after a timeout gets the first answer again instead of storing a second entry.
 * Used by the site's pages (forms.js) and by the embed (embed.js), so it never reaches for
 * `document` itself: the section may live in a shadow root.
 */
import { TEXT, clear, explain, fieldErrors, problem, succeed } from "./form-answers.js";

export function setUp(section, startWorker) {
  const state = stateAt(section, sectionNow(section));
  show(section, state);
  const form = section.querySelector("form[data-sk-form]");
  if (!form || state === "closed" || !(window.crypto && crypto.subtle)) return;
  enhance(form, section, startWorker);
}

// --- Deadline ------------------------------------------------------------------------------

function sectionNow(section) {
  const real = Date.now();
  const preview = Date.parse(section.dataset.skPreviewNow || "");
  const builtAt = Date.parse(section.dataset.skBuiltAt || "");
  // A preview build keeps its own clock running from the moment of the build, as the service's
  // preview clock does. A browser clock set before the build cannot be the real time (a test or
  // a demo set it): it is taken as it is.
  if (Number.isNaN(preview) || Number.isNaN(builtAt) || real < builtAt) return real;
  return preview + (real - builtAt);
}

function stateAt(section, now) {
  const opens = Date.parse(section.dataset.skOpens || "");
  const closes = Date.parse(section.dataset.skCloses || "");
  if (now > closes) return "closed";
  if (now < opens) return "not_yet_open";
  return "open";
}

function show(section, state) {
  const ended = section.querySelector("[data-sk-form-ended]");
  const notYet = section.querySelector("[data-sk-form-not-yet]");
  const body = section.querySelector("[data-sk-form-body]");
  if (state === "closed") {
    if (ended) ended.hidden = false;
    if (notYet) notYet.remove();
    if (body) body.remove();
    return;
  }
  if (notYet) notYet.hidden = state !== "not_yet_open";
  if (body) body.hidden = state === "not_yet_open";
}

// --- Sending -------------------------------------------------------------------------------

function enhance(form, section, startWorker) {
  renewSubmissionId(form);
  const proof = proofOfWork(section.dataset.skApi || "/api", startWorker);
  const status = document.createElement("p");
  status.className = "sk-form-status";
  status.setAttribute("role", "status");
  form.append(status);
  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    try {
      await send(form, proof, status);
    } finally {
      busy = false;
      status.textContent = "";
    }
  });
}

async function send(form, proof, status) {
  clear(form);
  let response;
  try {
    status.textContent = proof.ready() ? TEXT.sending : TEXT.solving;
    const altcha = await proof.get();
    if (proof.waitMs() > 0) {
      // Sent very early: say what is missing now rather than after the wait (or a refusal).
      const missing = await missingAnswers(form);
      if (Object.keys(missing).length) {
        fieldErrors(form, missing);
        return;
      }
    }
    await waitUntilReady(form, proof, status);
    status.textContent = TEXT.sending;
    response = await fetch(form.action, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(collect(form, altcha)),
      credentials: "same-origin",
    });
  } catch (error) {
    proof.restart();
    problem(form, TEXT.network);
    return;
  }
  const body = await response.json().catch(() => ({}));
  if (response.status === 201) {
    succeed(form, body);
    renewSubmissionId(form); // stored: anything sent from this form now is a new submission
    return;
  }
  // A proof counts as used once the service accepted it; only field errors leave it unused.
  if (response.status !== 422) proof.restart();
  if (response.status === 422 && body.errors) fieldErrors(form, body.errors);
  else problem(form, explain(response, body));
}

/* Required fields and questions left empty, with the service's own messages (its public
   description of the form carries them). Anything else the service checks after sending. */
async function missingAnswers(form) {
  let definition;
  try {
    const response = await fetch(form.action, { headers: { Accept: "application/json" } });
    definition = await response.json();
  } catch (error) {
    return {};
  }
  const missing = {};
  const items = [...(definition.questions || []), ...(definition.fields || [])];
  for (const item of items) {
    const name = item.id || item.name;
    if (item.required_message && !answered(form, name)) missing[name] = item.required_message;
  }
  return missing;
}

function answered(form, name) {
  const controls = [...form.querySelectorAll(`[name="${CSS.escape(name)}"]`)];
  return controls.some((control) =>
    control.type === "radio" || control.type === "checkbox"
      ? control.checked
      : control.value.trim() !== "",
  );
}

/* The service refuses a form sent sooner than a person can fill it in (a spam defence): wait out
   the rest of that time here, saying so on the button, instead of sending to be refused. */
async function waitUntilReady(form, proof, status) {
  const button = form.querySelector("button[type=submit]");
  const label = button ? button.textContent : "";
  try {
    for (let left = proof.waitMs(); left > 0; left = proof.waitMs()) {
      const seconds = Math.ceil(left / 1000);
      const text = TEXT.waiting(seconds);
      if (button) button.textContent = text;
      status.textContent = text;
      await new Promise((resolve) => setTimeout(resolve, Math.min(left, 1000)));
    }
  } finally {
    if (button) button.textContent = label;
  }
  status.textContent = TEXT.sending;
}

function collect(form, altcha) {
  const data = {};
  for (const [name, value] of new FormData(form)) {
    data[name] = name in data ? [].concat(data[name], value) : value;
  }
  data.altcha = altcha;
  return data;
}

function renewSubmissionId(form) {
  const field = form.querySelector("[data-sk-submission-id]");
  if (!field) return;
  if (crypto.randomUUID) {
    field.value = crypto.randomUUID();
    return;
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  field.value = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// --- ALTCHA proof of work --------------------------------------------------------------------

function proofOfWork(api, startWorker) {
  let pending = null;
  let solved = false;
  let fetchedAt = 0;
  let lifetime = 0;
  let readyAt = 0;

  function restart() {
    solved = false;
    fetchedAt = performance.now();
    readyAt = fetchedAt;
    pending = fetchChallenge(api).then((challenge) => {
      const data = challenge.parameters.data || {};
      lifetime = ((data.expires || 0) - (data.issued || 0)) * 1000;
      // Counted from when the challenge was asked for, a little late rather than too early.
      readyAt = fetchedAt + (Number(challenge.wait_seconds) || 0) * 1000 + 500;
      delete challenge.wait_seconds;
      return solveInWorker(challenge, startWorker);
    });
    pending.then(
      () => (solved = true),
      () => {},
    );
    return pending;
  }

  function stale() {
    // Fetch a new challenge a minute before the old one expires (a form kept open for long).
    return lifetime > 0 && performance.now() - fetchedAt > lifetime - 60000;
  }

  restart();
  return {
    restart,
    ready: () => solved && !stale(),
    waitMs: () => Math.max(0, readyAt - performance.now()),
    get: () => (pending === null || stale() ? restart() : pending).catch(() => restart()),
  };
}

async function fetchChallenge(api) {
  const response = await fetch(`${api}/challenge`, {
    headers: { Accept: "application/json" },
    cache: "no-store",
    credentials: "same-origin",
  });
  if (!response.ok) throw new Error(`challenge: HTTP ${response.status}`);
  return response.json();
}

function solveInWorker(challenge, startWorker) {
  return new Promise((resolve, reject) => {
    const worker = startWorker();
    worker.onmessage = ({ data }) => {
      worker.terminate();
      if (data.payload) resolve(data.payload);
      else reject(new Error(data.error));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || "worker failed"));
    };
    worker.postMessage(challenge);
  });
}
