/* Smart Kassel: what pages need of a theme script, without Material's bundle. Reading a page needs
   no theme script (navigation works with CSS alone), so a first visit stays light; the search
   dialog (search-dialog.js) and its index load only when the visitor opens the search. This
   script sets the "focus-visible" class Material's focus outlines depend on, makes the
   drawer and search openers real buttons, and marks the words a search result led to. */
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

  var input = document.querySelector("[data-md-component=search-query]");
  var toggle = document.getElementById("__search");
  if (!input || !toggle) return;
  /* The count line changes as the visitor types ("Suchbegriff eingeben", "12 Suchergebnisse"):
     a status message (WCAG 4.1.3) that screen readers announce without moving the focus. It
     must be a live region before the first change, so mark it now, not when the dialog loads. */
  var resultCount = document.querySelector(".md-search-result__meta");
  if (resultCount) resultCount.setAttribute("role", "status");
  var searchLabel = document.querySelector(".md-header label[for=__search]");
  if (searchLabel) {
    buttonFor(searchLabel, "Suche", toggle).addEventListener("click", function () {
      if (!toggle.checked) toggle.click();
      input.focus();
    });
  }
  var dialog = new URL("search-dialog.js", document.currentScript.src).href;
  document.documentElement.classList.add("sk-search");
  var loading = null;

  /* The dialog (search-dialog.js) and with it Pagefind start when the visitor opens the search;
     what they typed meanwhile stays in the field, and the dialog answers it when ready. */
  function openSearch() {
    if (loading) return;
    loading = document.createElement("script");
    loading.src = dialog;
    loading.onerror = function () {
      if (resultCount) resultCount.textContent = "Die Suche konnte nicht geladen werden.";
    };
    document.body.appendChild(loading);
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
