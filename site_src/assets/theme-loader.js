/* Smart Kassel: start Material's script bundle, and with it the search index download, only when
   the visitor opens the search. Reading a page needs no theme script (navigation works with CSS
   alone), so a first visit stays light and the index, which grows with every article, is
   fetched by those who search. Until then this script does the one thing of the bundle every
   page needs: the "focus-visible" class Material's focus outlines depend on. */
(function () {
  "use strict";

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(":focus-visible")) {
      event.target.classList.add("focus-visible");
    }
  });
  document.addEventListener("focusout", function (event) {
    if (event.target.classList) event.target.classList.remove("focus-visible");
  });

  /* Material opens the drawer and, on narrow screens, the search with labels of hidden
     checkboxes: pointer only, and unnamed. Put real buttons in their place, with their state. */
  function buttonFor(label, name, toggle) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className;
    button.innerHTML = label.innerHTML;
    button.setAttribute("aria-label", name);
    button.dataset.skFor = toggle.id;
    var sync = function () {
      button.setAttribute("aria-expanded", String(toggle.checked));
    };
    toggle.addEventListener("change", sync);
    sync();
    label.replaceWith(button);
    return button;
  }

  function firstShown(selector, root) {
    var elements = (root || document).querySelectorAll(selector);
    return Array.prototype.find.call(elements, function (element) {
      return element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden";
    });
  }

  var drawer = document.getElementById("__drawer");
  var opener = document.querySelector(".md-header label[for=__drawer]");
  if (drawer && opener) {
    var button = buttonFor(opener, "Navigation", drawer);
    button.addEventListener("click", function () {
      drawer.click();
      if (!drawer.checked) return;
      var first = firstShown(".md-sidebar--primary a[href], .md-sidebar--primary [data-sk-panel]");
      if (first) first.focus();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !drawer.checked) return;
      drawer.click();
      button.focus();
    });
  }

  /* In the drawer a section opens as a panel over its parent and closes with its title; make
     both labels keyboard buttons there (on wide screens the sections are simply shown). */
  var narrow = window.matchMedia("(max-width: 76.234375em)");
  var panelLabels = document.querySelectorAll(
    ".md-nav--primary label.md-nav__link[for^=__nav], .md-nav--primary label.md-nav__title[for^=__nav]"
  );
  function usePanelLabels() {
    panelLabels.forEach(function (label) {
      label.toggleAttribute("data-sk-panel", narrow.matches);
      if (!narrow.matches) {
        label.removeAttribute("tabindex");
        label.removeAttribute("role");
        return;
      }
      label.tabIndex = 0;
      label.setAttribute("role", "button");
    });
  }
  panelLabels.forEach(function (label) {
    var toggle = document.getElementById(label.htmlFor);
    var back = label.classList.contains("md-nav__title");
    var section = back ? label.textContent.trim() : (label.parentElement.textContent || "").trim();
    label.setAttribute("aria-label", back ? "Zurück, " + section : section + ": Unterseiten");
    label.addEventListener("keydown", function (event) {
      if (!narrow.matches || (event.key !== "Enter" && event.key !== " ")) return;
      event.preventDefault();
      toggle.click();
      var panel = toggle.parentElement.querySelector(".md-nav");
      var next = back
        ? toggle.parentElement.querySelector("label.md-nav__link[for='" + toggle.id + "']")
        : panel && firstShown("a[href]", panel);
      if (next) next.focus();
    });
  });
  usePanelLabels();
  narrow.addEventListener("change", usePanelLabels);

  function fold(text) {
    return text.toLowerCase()
      .replace(/ß/g, "ss")
      .replace(/ä/g, "a")
      .replace(/ö/g, "o")
      .replace(/ü/g, "u")
      .replace(/([aou])e/g, "$1");
  }

  function markWords(terms) {
    var content = document.querySelector(".md-content");
    if (!content || !terms.length) return;
    var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    var texts = [];
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement.closest("script, style, svg, mark")) texts.push(node);
    }
    texts.forEach(function (text) {
      var parts = [], last = 0, word = /[\p{L}\p{N}]+/gu, match;
      while ((match = word.exec(text.data))) {
        var folded = fold(match[0]);
        if (!terms.some(function (term) { return folded.indexOf(term) === 0; })) continue;
        var mark = document.createElement("mark");
        mark.textContent = match[0];
        parts.push(text.data.slice(last, match.index), mark);
        last = match.index + match[0].length;
      }
      if (parts.length) text.replaceWith.apply(text, parts.concat(text.data.slice(last)));
    });
  }

  var template = document.getElementById("__sk-theme-bundle");
  var input = document.querySelector("[data-md-component=search-query]");
  var toggle = document.getElementById("__search");
  if (!template || !input || !toggle) return;
  /* The count line changes as the visitor types ("Suchbegriff eingeben", "12 Suchergebnisse"):
     a status message (WCAG 4.1.3) that screen readers announce without moving the focus. It
     must be a live region before the first change, so mark it now, not when the bundle loads. */
  var resultCount = document.querySelector(".md-search-result__meta");
  if (resultCount) resultCount.setAttribute("role", "status");
  var searchLabel = document.querySelector(".md-header label[for=__search]");
  if (searchLabel) {
    buttonFor(searchLabel, "Suche", toggle).addEventListener("click", function () {
      if (!toggle.checked) toggle.click();
      input.focus();
    });
  }
  var source = template.content.querySelector("script").getAttribute("src");
  var worker = new URL("workers/search.js", document.currentScript.src).href;
  document.documentElement.classList.add("sk-search");
  var loading = null;

  /* The bundle starts on DOMContentLoaded, which has passed: hand it that event directly
     instead of dispatching it again to every other script of the page. */
  function loadBundle() {
    if (loading) return loading;
    useStemmingWorker();
    loading = new Promise(function (resolve, reject) {
      var addEventListener = document.addEventListener;
      document.addEventListener = function (type, listener, options) {
        if (type !== "DOMContentLoaded") return addEventListener.call(this, type, listener, options);
        queueMicrotask(function () {
          var event = new Event(type);
          if (typeof listener === "function") listener.call(document, event);
          else listener.handleEvent(event);
        });
      };
      var script = document.createElement("script");
      script.src = source;
      script.onload = function () {
        document.addEventListener = addEventListener;
        setTimeout(resolve);
      };
      script.onerror = function () {
        document.addEventListener = addEventListener;
        reject(new Error("search could not be loaded"));
      };
      document.body.appendChild(script);
    });
    return loading;
  }

  /* Point the bundle at our worker, which answers from Pagefind's chunked index. */
  function useStemmingWorker() {
    var element = document.getElementById("__config");
    var config = JSON.parse(element.textContent);
    if (!config.search) return;
    config.search = worker;
    element.textContent = JSON.stringify(config);
    countAllMatches();
  }

  /* The worker sends the best SHOWN results (each costs a fragment download) and the number of
     pages that matched. Material's count line counts only what it was given ("10
     Suchergebnisse" for 972 matches): say how many matched and how many are listed. */
  var counts = null;
  var RESULT = 3;

  function countLine(meta) {
    if (!counts || counts.total <= counts.shown) return;
    var shown = meta.textContent.match(/^(\d+) Suchergebnisse$/);
    if (!shown || Number(shown[1]) !== counts.shown) return;
    meta.textContent = counts.total.toLocaleString("de-DE") + " Suchergebnisse, die " +
      counts.shown + " passendsten sind aufgeführt";
  }

  function countAllMatches() {
    var NativeWorker = window.Worker;
    window.Worker = function (url, options) {
      var created = new NativeWorker(url, options);
      created.addEventListener("message", function (event) {
        var message = event.data;
        if (!message || message.type !== RESULT || typeof message.data.total !== "number") return;
        counts = { total: message.data.total, shown: message.data.items.length };
      });
      return created;
    };
    if (!resultCount) return;
    new MutationObserver(function () {
      countLine(resultCount);
    }).observe(resultCount, { childList: true, characterData: true, subtree: true });
  }

  /* Once the bundle runs, replay the visitor's focus and typing so nothing they did is lost. */
  function openSearch() {
    loadBundle().then(function () {
      input.blur();
      input.focus();
      if (input.value) input.dispatchEvent(new KeyboardEvent("keyup", { key: input.value.slice(-1) }));
    });
  }

  function typing(target) {
    return target.isContentEditable || /^(input|select|textarea)$/i.test(target.tagName);
  }

  input.addEventListener("focus", openSearch, { once: true });
  toggle.addEventListener("change", openSearch, { once: true });
  document.addEventListener("keydown", function shortcut(event) {
    if (loading || typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (["/", "s", "S", "f", "F"].indexOf(event.key) === -1) return;
    event.preventDefault();
    document.removeEventListener("keydown", shortcut);
    input.focus();
  });
  /* A visitor who arrives from a search result sees the words found marked. The result link's
     "h" holds the words found (folded, see workers/search.js), which Material's
     own highlighter compares with the raw text and so misses "Mobilität" for "mobilitat":
     mark every word whose folded form starts with a term, then drop "h" from the address. */
  var found = new URLSearchParams(location.search).get("h");
  if (found) {
    markWords(found.split(/\s+/).map(fold).filter(function (term) { return term.length > 2; }));
    var address = new URL(location.href);
    address.searchParams.delete("h");
    history.replaceState(history.state, "", address);
  }

  /* Printed pages show where links lead (print.css): the absolute address, which CSS cannot
     work out from a relative href. */
  Array.prototype.forEach.call(document.querySelectorAll(".md-content a[href]"), function (link) {
    var target = link.getAttribute("href");
    var address = link.href.replace(/^mailto:|^tel:/, "");
    var shown = link.textContent.replace(/\s/g, "") === address.replace(/\s/g, "");
    if (target.charAt(0) !== "#" && !/^javascript:/i.test(target) && !shown) {
      link.dataset.skHref = address;
    }
  });
})();
