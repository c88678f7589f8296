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

  /* Material opens the navigation drawer with a label of a hidden checkbox: pointer only, and
     unnamed. Put a real button in its place, with its state, and close the drawer on Escape. */
  var drawer = document.getElementById("__drawer");
  var opener = document.querySelector(".md-header label[for=__drawer]");
  if (drawer && opener) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = opener.className;
    button.innerHTML = opener.innerHTML;
    button.setAttribute("aria-label", "Navigation");
    var sync = function () {
      button.setAttribute("aria-expanded", String(drawer.checked));
    };
    button.addEventListener("click", function () {
      drawer.click();
      if (!drawer.checked) return;
      var links = document.querySelectorAll(".md-sidebar--primary a[href]");
      var first = Array.prototype.find.call(links, function (link) {
        return link.getClientRects().length > 0;
      });
      if (first) first.focus();
    });
    drawer.addEventListener("change", sync);
    sync();
    opener.replaceWith(button);
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !drawer.checked) return;
      drawer.click();
      button.focus();
    });
  }

  var template = document.getElementById("__sk-theme-bundle");
  var input = document.querySelector("[data-md-component=search-query]");
  var toggle = document.getElementById("__search");
  if (!template || !input || !toggle) return;
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

  /* Point the bundle at our worker, which wraps Material's and stems wildcard terms. */
  function useStemmingWorker() {
    var element = document.getElementById("__config");
    var config = JSON.parse(element.textContent);
    if (!config.search) return;
    config.search = worker + "?" + encodeURIComponent(new URL(config.search, location.href).href);
    element.textContent = JSON.stringify(config);
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
  /* A visitor who arrives from a search result gets the matches highlighted (search.highlight). */
  if (new URLSearchParams(location.search).has("h")) loadBundle();
})();
