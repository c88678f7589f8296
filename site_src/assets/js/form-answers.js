/* Smart Kassel forms: how the service's answers are shown, with the same markup as the Jinja
 * macros in site_src/overrides/partials/forms/ (error summary, inline messages), plus the
 * success and problem notices. Focus moves to whatever appears, so screen readers announce it.
 * Everything is looked up from the form's own root (the page, or the embed's shadow root), and
 * only the site's own pages get "Fehler: " in their title; a host page's title is not ours.
 */

export const TEXT = {
  solving: "Die Sicherheitsprüfung läuft noch, einen Moment bitte …",
  sending: "Wird gesendet …",
  waiting: (seconds) =>
    `Einen Moment bitte: wird in ${seconds === 1 ? "einer Sekunde" : `${seconds} Sekunden`} gesendet`,
  errorOne: "Bitte korrigieren Sie die folgende Angabe",
  errorMany: (count) => `Bitte korrigieren Sie die folgenden ${count} Angaben`,
  // A quiz entry counts once confirmed by mail; the Losnummer comes with the confirmation.
  success: {
    quiz: "Fast geschafft: Bitte prüfen Sie Ihre E-Mails",
    registration: "Fast geschafft: Bitte prüfen Sie Ihre E-Mails",
    contact: "Nachricht gesendet",
  },
  kept: "Ihre Eingaben sind noch da.",
  network: [
    "Nicht gesendet: keine Verbindung zum Server",
    "Ihre Angaben wurden nicht gesendet, weil der Server nicht erreichbar war. Alle Eingaben " +
      "sind noch da. Bitte prüfen Sie Ihre Internetverbindung und senden Sie das Formular " +
      "dann noch einmal.",
  ],
  // The service sends the same words (forms/intake/api.py DUPLICATE); this is the fallback.
  duplicate: [
    "Sie haben bereits teilgenommen",
    "Mit dieser E-Mail-Adresse ist schon eine Teilnahme bei uns eingegangen. Jede Person " +
      "kann nur einmal teilnehmen. Ihre erste Teilnahme zählt – Sie müssen nichts weiter " +
      "tun. Haben Sie nicht selbst teilgenommen? Dann schreiben Sie uns über die Seite Kontakt.",
  ],
  closed: [
    "Einsendeschluss vorbei",
    "Dieses Formular nimmt keine Einsendungen mehr an. Ihre Angaben wurden nicht gespeichert.",
  ],
  notYet: ["Noch nicht geöffnet", "Dieses Formular nimmt noch keine Einsendungen an."],
  tooMany: (wait) => [
    "Zu viele Versuche in kurzer Zeit",
    `Bitte warten Sie ${wait} und senden Sie das Formular dann noch einmal. ` +
      "Ihre Eingaben sind noch da.",
  ],
  // Only when the service gave no reason of its own (it names each refusal).
  refused: [
    "Nicht gesendet",
    "Das Formular wurde nicht angenommen. Ihre Eingaben sind noch da. Bitte warten Sie ein " +
      "paar Sekunden und senden Sie das Formular dann noch einmal. Klappt es wieder nicht, " +
      "laden Sie die Seite bitte neu.",
  ],
  failed: [
    "Nicht gesendet",
    "Bei uns ist ein Fehler aufgetreten, Ihre Angaben wurden nicht gespeichert. Bitte " +
      "versuchen Sie es später noch einmal. Ihre Eingaben sind noch da. Wenn es eilt: Rufen " +
      "Sie uns an unter 0561 787-2467 oder schreiben Sie an smart@kassel.de.",
  ],
};

export function explain(response, body) {
  const server = typeof body.message === "string" ? body.message : "";
  switch (response.status) {
    case 409:
      // 409 is also a resend whose content changed: then the service's own words decide.
      // The service words it for the form: "bereits teilgenommen" or "bereits angemeldet".
      if (body.error === "duplicate" || !server) {
        return [(server && body.title) || TEXT.duplicate[0], server || TEXT.duplicate[1]];
      }
      return [TEXT.refused[0], server];
    case 410:
      return [TEXT.closed[0], server ? `${server} ${TEXT.closed[1]}` : TEXT.closed[1]];
    case 403:
      return [TEXT.notYet[0], server || TEXT.notYet[1]];
    case 429:
      return TEXT.tooMany(waitWords(response.headers.get("Retry-After")));
    case 400:
      // The service words what to do for each refusal (too early, expired, used twice).
      return [TEXT.refused[0], server ? `${server} ${TEXT.kept}` : TEXT.refused[1]];
    default:
      return [TEXT.failed[0], server ? `${server} ${TEXT.kept}` : TEXT.failed[1]];
  }
}

function waitWords(retryAfter) {
  const seconds = Math.max(1, Number.parseInt(retryAfter, 10) || 60);
  if (seconds < 120) return seconds === 1 ? "eine Sekunde" : `${seconds} Sekunden`;
  return `${Math.ceil(seconds / 60)} Minuten`;
}

export function fieldErrors(form, errors) {
  const prefix = form.dataset.skForm;
  const names = fieldNames(form).filter((name) => name in errors);
  const summary = element("div", "sk-error-summary");
  summary.setAttribute("role", "alert");
  summary.tabIndex = -1;
  summary.setAttribute("aria-labelledby", `${prefix}-error-summary-title`);
  summary.dataset.skErrorSummary = "";
  const heading = element("h2", "sk-error-summary__title");
  heading.id = `${prefix}-error-summary-title`;
  heading.textContent = names.length === 1 ? TEXT.errorOne : TEXT.errorMany(names.length);
  const list = element("ul", "sk-error-summary__list");
  for (const name of names) {
    const link = element("a");
    link.href = `#${prefix}-${name}`;
    link.textContent = errors[name];
    link.addEventListener("click", (event) => focusField(event, form, `${prefix}-${name}`));
    const item = element("li");
    item.append(link);
    list.append(item);
    inlineError(form, `${prefix}-${name}`, errors[name]);
  }
  summary.append(heading, list);
  form.prepend(summary);
  markTitle(form);
  summary.focus();
}

function inlineError(form, id, message) {
  const input = rootOf(form).getElementById(id);
  const field = input && form.contains(input) ? input.closest(".sk-field") : null;
  if (!field) return;
  field.classList.add("sk-field--error");
  const fieldset = input.closest("fieldset.sk-fieldset");
  const holder = fieldset && field.contains(fieldset) ? fieldset : input;
  const error = element("p", "sk-error-message");
  error.id = `${id}-error`;
  const prefix = element("span", "sk-visually-hidden");
  prefix.textContent = "Fehler:";
  error.append(prefix, ` ${message}`);
  const hint = rootOf(form).getElementById(`${id}-hint`);
  const label = field.querySelector(":scope > .sk-label");
  if (hint) hint.after(error);
  else if (holder === fieldset) fieldset.querySelector("legend").after(error);
  else if (label) label.after(error);
  else field.prepend(error);
  if (holder === input) input.setAttribute("aria-invalid", "true");
  const described = (holder.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
  holder.setAttribute("aria-describedby", [...described, error.id].join(" "));
}

function focusField(event, form, id) {
  const input = rootOf(form).getElementById(id);
  if (!input) return;
  event.preventDefault();
  const field = input.closest(".sk-field");
  const caption = field && field.querySelector("legend, .sk-label, label");
  (caption || input).scrollIntoView();
  input.focus({ preventScroll: true });
}

export function problem(form, [title, text]) {
  const box = result(form, "sk-form-result sk-form-result--problem", title, text);
  box.setAttribute("role", "alert");
  form.prepend(box);
  markTitle(form);
  box.focus();
}

export function succeed(form, body) {
  const kind = form.closest("[data-sk-form-section]").dataset.skKind;
  const text = typeof body.message === "string" ? body.message : "";
  const title = TEXT.success[kind] || TEXT.success.contact;
  const box = result(form, "sk-form-result sk-form-result--success", title, text);
  form.replaceWith(box);
  box.focus();
}

function result(form, className, title, text) {
  const box = element("div", className);
  box.tabIndex = -1;
  box.dataset.skFormResult = "";
  const heading = element("h2", "sk-form-result__title");
  heading.id = `${form.dataset.skForm}-result-title`;
  heading.textContent = title;
  box.setAttribute("aria-labelledby", heading.id);
  const paragraph = element("p");
  paragraph.textContent = text;
  box.append(heading, paragraph);
  return box;
}

export function clear(form) {
  if (ownsTitle(form)) document.title = document.title.replace(/^Fehler: /, "");
  form.querySelectorAll("[data-sk-error-summary], [data-sk-form-result], .sk-error-message")
    .forEach((node) => node.remove());
  form.querySelectorAll(".sk-field--error").forEach((node) => {
    node.classList.remove("sk-field--error");
  });
  form.querySelectorAll("[aria-invalid]").forEach((node) => {
    node.removeAttribute("aria-invalid");
  });
  form.querySelectorAll("[aria-describedby]").forEach((node) => {
    const kept = node.getAttribute("aria-describedby").split(" ")
      .filter((id) => id && !id.endsWith("-error"));
    if (kept.length) node.setAttribute("aria-describedby", kept.join(" "));
    else node.removeAttribute("aria-describedby");
  });
}

function markTitle(form) {
  if (ownsTitle(form) && !document.title.startsWith("Fehler: ")) {
    document.title = `Fehler: ${document.title}`;
  }
}

function rootOf(form) {
  return form.getRootNode();
}

function ownsTitle(form) {
  return rootOf(form) === document;
}

function fieldNames(form) {
  const names = [];
  for (const control of form.elements) {
    if (control.name && control.name !== "website" && !names.includes(control.name)) {
      names.push(control.name);
    }
  }
  return names;
}

function element(tag, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}
