/* Smart Kassel: the search dialog, answered by Pagefind through workers/search.js.
   theme-loader.js loads this file when the visitor opens the search. It fills Material's dialog
   markup (the page holds it, Material's CSS styles it, the theme's German texts come from
   #__config) without Material's script bundle, which weighed 34 KB compressed on top of the
   first query's 140 KB. Keyboard: type to search, ArrowDown/ArrowUp move through the field and
   the results, Enter opens the focused result (in the field: the first), Escape and Tab
   close it. */
(function () {
  "use strict";

  var SETUP = 0;
  var READY = 1;
  var QUERY = 2;
  var RESULT = 3;

  var config = JSON.parse(document.getElementById("__config").textContent);
  var texts = config.translations;
  var site = new URL(config.base + "/", location.href);
  var toggle = document.getElementById("__search");
  var input = document.querySelector("[data-md-component=search-query]");
  var form = input.form;
  var meta = document.querySelector(".md-search-result__meta");
  var list = document.querySelector(".md-search-result__list");
  var script = document.currentScript.src;
  var worker = null;
  var ready = false;
  /* Said instead of "no results" when nothing could be searched (a slow or broken line). */
  var FAILED = "Die Suche ist gerade nicht erreichbar. Bitte prüfen Sie Ihre " +
    "Internetverbindung und versuchen Sie es noch einmal.";

  function setOpen(open) {
    if (toggle.checked === open) return;
    toggle.checked = open;
    toggle.dispatchEvent(new Event("change"));
  }

  /* On a phone the open search covers the page: hold the page still beneath it (Material's CSS
     fixes body[data-md-scrolllock]), after the overlay has grown, and give it back its place. */
  var phone = window.matchMedia("(max-width: 59.984375em)");
  var locking = null;

  function holdPage() {
    clearTimeout(locking);
    var open = toggle.checked && phone.matches;
    locking = setTimeout(function () {
      var body = document.body;
      if (open && !body.hasAttribute("data-md-scrolllock")) {
        body.style.top = -window.scrollY + "px";
        body.setAttribute("data-md-scrolllock", "");
      } else if (!open && body.hasAttribute("data-md-scrolllock")) {
        var offset = -parseInt(body.style.top || "0", 10);
        body.removeAttribute("data-md-scrolllock");
        body.style.top = "";
        if (offset) window.scrollTo(0, offset);
      }
    }, open ? 400 : 100);
  }

  toggle.addEventListener("change", holdPage);
  phone.addEventListener("change", holdPage);

  function countLine(shown, total) {
    if (shown === 0) return texts["search.result.none"];
    if (total > shown) {
      return total.toLocaleString("de-DE") + " Suchergebnisse, die " + shown +
        " passendsten sind aufgeführt";
    }
    return shown === 1 ? texts["search.result.one"] : texts["search.result.other"].replace("#", shown);
  }

  /* Pagefind's excerpt is page text with <mark> around the words found: keep those marks and
     nothing else of it as markup. */
  function excerpt(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html || "";
    var paragraph = document.createElement("p");
    holder.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent));
      }
    });
    return paragraph;
  }

  /* One result: the page, and below it up to three of its sections, as Material lays them out. */
  function link(doc, heading, withIcon) {
    var address = new URL(doc.location, site);
    var terms = Object.keys(doc.terms || {});
    if (terms.length) address.searchParams.set("h", terms.join(" "));
    var anchor = document.createElement("a");
    anchor.href = address.href;
    anchor.className = "md-search-result__link";
    anchor.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    if (withIcon) {
      var icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      article.appendChild(icon);
    }
    var title = document.createElement(heading);
    title.textContent = doc.title;
    article.append(title, excerpt(doc.text));
    anchor.appendChild(article);
    return anchor;
  }

  function item(group) {
    var entry = document.createElement("li");
    entry.className = "md-search-result__item";
    entry.appendChild(link(group[0], "h1", true));
    var sections = group.slice(1);
    if (sections.length) {
      var more = document.createElement("details");
      more.className = "md-search-result__more";
      var summary = document.createElement("summary");
      summary.tabIndex = -1;
      var label = document.createElement("div");
      label.textContent = sections.length === 1
        ? texts["search.result.more.one"]
        : texts["search.result.more.other"].replace("#", sections.length);
      summary.appendChild(label);
      more.appendChild(summary);
      sections.forEach(function (section) {
        more.appendChild(link(section, "h2", false));
      });
      entry.appendChild(more);
    }
    return entry;
  }

  function show(answer) {
    if (answer.query !== input.value) return; // an answer to an earlier keystroke
    if (!input.value.trim()) {
      meta.textContent = texts["search.result.placeholder"];
      list.replaceChildren();
      return;
    }
    if (answer.failed) {
      meta.textContent = FAILED;
      list.replaceChildren();
      return;
    }
    meta.textContent = countLine(answer.items.length, answer.total);
    list.replaceChildren.apply(list, answer.items.map(item));
  }

  /* Ask once the visitor pauses: each answer loads the fragments of its ten results, which
     for "P", "Pa", "Par", ... would be spent on words nobody meant (Pagefind's own UI waits
     300 ms as well). */
  var PAUSE_MS = 300;
  var pending = null;

  function ask(now) {
    clearTimeout(pending);
    pending = null;
    if (!worker) start(); // the worker's own file could not be loaded last time: try again
    if (!ready) return;
    if (!input.value.trim()) {
      show({ query: input.value, items: [], total: 0 });
      return;
    }
    if (now) {
      worker.postMessage({ type: QUERY, data: input.value });
      return;
    }
    pending = setTimeout(function () {
      pending = null;
      if (worker) worker.postMessage({ type: QUERY, data: input.value });
    }, PAUSE_MS);
  }

  function start() {
    var own = new Worker(new URL("workers/search.js", script).href);
    worker = own;
    own.addEventListener("message", function (event) {
      var message = event.data;
      if (message.type === READY) {
        ready = true;
        meta.textContent = texts["search.result.placeholder"];
        ask(); // what was typed while the dialog loaded
      } else if (message.type === RESULT) {
        show(message.data);
      }
    });
    own.addEventListener("error", function () {
      own.terminate();
      if (worker !== own) return;
      worker = null;
      ready = false;
      meta.textContent = FAILED;
      list.replaceChildren();
    });
    own.postMessage({ type: SETUP, data: {} });
  }

  start();
  if (document.activeElement === input) setOpen(true); // focused before this file arrived
  holdPage(); // opened by the header's search button before this file arrived

  input.addEventListener("input", function () {
    setOpen(true);
    ask();
  });
  input.addEventListener("focus", function () {
    setOpen(true);
  });
  form.addEventListener("reset", function () {
    setTimeout(function () {
      ask();
      input.focus();
    });
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector(".md-search-result__link");
    if (first && !pending) first.click();
    else ask(true); // Enter before the pause: answer now, open nothing unseen
  });
  list.addEventListener("click", function (event) {
    if (event.target.closest("a")) setOpen(false); // a link to this page's own section
  });

  /* The field and the results, in the order the arrow keys walk them. */
  function stops() {
    var found = list.querySelectorAll(".md-search-result__link, .md-search-result__more > summary");
    return [input].concat(Array.prototype.filter.call(found, function (element) {
      return element.getClientRects().length > 0;
    }));
  }

  document.addEventListener("keydown", function (event) {
    if (!toggle.checked) return;
    if (event.key === "Escape") {
      event.preventDefault();
      // From a result too: focus must not stay on a link the closed dialog hides.
      if (list.contains(document.activeElement)) input.focus();
      setOpen(false);
      // Focus goes back to what opened the search, never to the page's start (WCAG 2.4.3):
      // the header's "Suche" button where the closed search hides the field (phones), else
      // it stays in the field, and Tab goes on after it.
      var opener = document.querySelector("button[data-sk-for='__search']");
      if (opener && opener.getClientRects().length > 0) opener.focus();
      return;
    }
    if (event.key === "Tab") {
      // Leaving the dialog closes it, so it covers nothing Tab reaches next; from a result,
      // Tab goes on from the field (the results are no Tab stops of the page).
      if (document.activeElement !== input && list.contains(document.activeElement)) input.focus();
      setOpen(false);
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var all = stops();
    var at = all.indexOf(document.activeElement);
    if (at === -1) return;
    event.preventDefault();
    var step = event.key === "ArrowDown" ? 1 : -1;
    all[Math.max(0, Math.min(all.length - 1, at + step))].focus();
  });
})();
