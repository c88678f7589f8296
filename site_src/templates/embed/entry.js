/* Smart Kassel form on another page: every `<div data-sk-form="FORM_ID">` becomes the form of
 * that id, in a shadow root so the host page's styles and ours stay apart. The div's own
 * content (a link to the form on the site) stays for browsers without JavaScript and for
 * unknown form ids. Sections, styles and the proof-of-work worker come from the build
 * (SK_EMBED, ALTCHA_SOURCE); the form posts to the service across origins (CORS).
 */
import { setUp } from "./form-send.js";

const SCRIPT_URL = document.currentScript ? document.currentScript.src : location.href;

function embedAll() {
  document.querySelectorAll("[data-sk-form]:not(form)").forEach(embed);
}

function embed(host) {
  const html = SK_EMBED.sections[host.dataset.skForm];
  if (!html || host.shadowRoot || !host.attachShadow) return;
  const root = host.attachShadow({ mode: "open" });
  style(root);
  const holder = document.createElement("div");
  holder.className = "sk-embed";
  holder.innerHTML = html;
  root.append(holder);
  const section = holder.querySelector("[data-sk-form-section]");
  const form = section.querySelector("form[data-sk-form]");
  // Addresses in the built markup are relative to the site, not to the host page.
  section.dataset.skApi = new URL(section.dataset.skApi || "/api", SCRIPT_URL).href;
  if (form) form.action = new URL(form.getAttribute("action"), SCRIPT_URL).href;
  setUp(section, startWorker);
}

function style(root) {
  const css = `:host { all: initial; display: block; }\n${SK_EMBED.css}`;
  if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function") {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
      return;
    } catch (error) {
      // Older browsers: fall back to a style element.
    }
  }
  const element = document.createElement("style");
  element.textContent = css;
  root.append(element);
}

// --- Proof of work: a worker from the built source, else the same code on the main thread ----

function startWorker() {
  let worker;
  try {
    const url = URL.createObjectURL(new Blob([ALTCHA_SOURCE], { type: "text/javascript" }));
    worker = new Worker(url);
  } catch (error) {
    return mainThreadSolver();
  }
  // A host page whose policy forbids blob: workers reports it as an error event.
  const proxy = {
    onmessage: null,
    onerror: null,
    challenge: null,
    postMessage(challenge) {
      proxy.challenge = challenge;
      worker.postMessage(challenge);
    },
    terminate: () => worker.terminate(),
  };
  worker.onmessage = (event) => proxy.onmessage(event);
  worker.onerror = (event) => {
    event.preventDefault();
    worker.terminate();
    const fallback = mainThreadSolver();
    fallback.onmessage = proxy.onmessage;
    fallback.postMessage(proxy.challenge);
  };
  return proxy;
}

function mainThreadSolver() {
  const solver = { onmessage: null, onerror: null, terminate() {} };
  const scope = { postMessage: (data) => setTimeout(() => solver.onmessage({ data })) };
  altchaOnMainThread(scope);
  solver.postMessage = (challenge) => scope.onmessage({ data: challenge });
  return solver;
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", embedAll);
else embedAll();
