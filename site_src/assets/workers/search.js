/* Smart Kassel: the search worker, answered by Pagefind's chunked index.
   Material's own worker needs the whole site's index before the first query (5.2 MB at 1,000
   articles). Pagefind (site_src/search_index.py) splits the index by word: a query loads the
   chunks of its words and the fragments of the results it shows. This worker speaks Material's
   worker protocol (0 setup, 1 ready, 2 query, 3 result) to our dialog (search-dialog.js), which
   renders Material's result markup with the theme's German texts.
   German: Pagefind stems with Snowball (lang="de"), which also folds ß to ss and ä to a.
   People who type "ae" for "ä" ("Mobilitaet") get the umlaut form searched as well. */
"use strict";

var SETUP = 0;
var READY = 1;
var QUERY = 2;
var RESULT = 3;
/* Results shown at once: each loads one small fragment file. */
var SHOWN = 10;
var SECTIONS = 3;

/* This worker is the site's assets/sk/workers/search.js. */
var SITE = new URL("../../../", self.location.href);
var pagefind = null;
/* Chromium keeps a module whose download failed as failed: a retry asks under a new address. */
var failedImports = 0;

function load() {
  if (!pagefind) {
    var script = new URL("search/pagefind/pagefind.js", SITE);
    if (failedImports) script.searchParams.set("retry", failedImports);
    pagefind = import(script.href).then(function (module) {
      var options = { baseUrl: SITE.pathname, excerptLength: 24 };
      return module.options(options).then(function () {
        module.init();
        return module;
      });
    });
  }
  return pagefind;
}

/* Pagefind reports an index chunk it could not load only on the console and answers without it:
   no results, and the same for that word until the page is reloaded. Counting failed loads lets
   a query that lost one be answered as failed, not as "no results". (Pagefind runs in this
   worker, so its requests go through this fetch.) */
var failedLoads = 0;
var nativeFetch = self.fetch.bind(self);
self.fetch = function (input, init) {
  return nativeFetch(input, init).then(
    function (response) {
      if (!response.ok) failedLoads += 1;
      return response;
    },
    function (error) {
      failedLoads += 1;
      throw error;
    }
  );
};

/* Pagefind keeps a chunk or fragment that failed to load as failed, so one dropped request on
   a slow line would fail that word until the page is reloaded. After a failure the next query
   starts a fresh Pagefind instead (unless a newer one is running already). */
function forget(loading) {
  if (pagefind !== loading) return;
  pagefind = null;
  loading.then(
    function (module) {
      return module.destroy();
    },
    function () {
      failedImports += 1;
    }
  );
}

/* The umlaut spellings of a query typed without them; null when there is none. */
function withUmlauts(query) {
  var spelled = query
    .replace(/ae/g, "ä")
    .replace(/oe/g, "ö")
    .replace(/ue/g, "ü")
    .replace(/Ae/g, "Ä")
    .replace(/Oe/g, "Ö")
    .replace(/Ue/g, "Ü");
  return spelled === query ? null : spelled;
}

/* The folding theme-loader.js marks words with on the page a result leads to. */
function fold(text) {
  return text
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/ä/g, "a")
    .replace(/ö/g, "o")
    .replace(/ü/g, "u")
    .replace(/([aou])e/g, "$1");
}

/* The words found on the page (folded), for the result link's "h" parameter. */
function foundTerms(data) {
  var words = data.content.split(/\s+/);
  var terms = {};
  data.locations.slice(0, 20).forEach(function (index) {
    var word = (words[index] || "").replace(/[^\p{L}\p{N}-]/gu, "");
    if (word.length > 2) terms[fold(word)] = true;
  });
  return terms;
}

/* A site-relative address: the dialog resolves it against the site's base. */
function relative(url) {
  return url.indexOf(SITE.pathname) === 0 ? url.slice(SITE.pathname.length) : url;
}

function asGroup(data, score) {
  var terms = foundTerms(data);
  var page = {
    location: relative(data.url),
    title: data.meta.title || "",
    text: data.excerpt,
    score: score,
    terms: terms,
  };
  var sections = (data.sub_results || [])
    .filter(function (section) {
      return section.anchor && section.url !== data.url;
    })
    .slice(0, SECTIONS)
    .map(function (section) {
      return {
        location: relative(section.url),
        title: section.title,
        text: section.excerpt,
        score: score,
        terms: terms,
      };
    });
  return [page].concat(sections);
}

function merged(searches) {
  var best = new Map();
  searches.forEach(function (found) {
    if (!found) return;
    found.results.forEach(function (result) {
      var known = best.get(result.id);
      if (!known || known.score < result.score) best.set(result.id, result);
    });
  });
  return Array.from(best.values()).sort(function (a, b) {
    return b.score - a.score;
  });
}

/* `current` says whether this query is still the latest: an answer nobody will see loads no
   fragments. */
function search(query, current) {
  query = query.trim();
  if (!query) return Promise.resolve({ items: [], total: 0 });
  var loading = load();
  var failedBefore = failedLoads;
  return loading.then(function (module) {
    var spelled = withUmlauts(query);
    return Promise.all([module.search(query), spelled ? module.search(spelled) : null]).then(
      function (searches) {
        if (!current()) return null;
        if (failedLoads !== failedBefore) throw new Error("a part of the index did not load");
        var found = merged(searches);
        return Promise.all(
          found.slice(0, SHOWN).map(function (result) {
            return result.data().then(function (data) {
              return asGroup(data, result.score);
            });
          })
        ).then(function (items) {
          /* "total" lets the dialog tell the visitor how many pages matched in all. */
          return { items: items, total: found.length };
        });
      }
    );
  }).catch(function (error) {
    forget(loading);
    throw error;
  });
}

/* Answer queries in order: a late answer to an old query must not replace a newer one. Each
   answer names its query, so whoever listens can tell the answer to the last keystroke. */
var latest = 0;

addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    load();
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    var number = ++latest;
    var current = function () {
      return number === latest;
    };
    search(message.data, current).then(
      function (data) {
        if (!data || !current()) return;
        data.query = message.data;
        postMessage({ type: RESULT, data: data });
      },
      function (error) {
        /* Not "no results": the visitor must learn that nothing was searched. Pagefind's
           index chunks and fragments are loaded over the network, which can fail. */
        console.warn("Suche fehlgeschlagen", error);
        var failed = { items: [], total: 0, query: message.data, failed: true };
        if (number === latest) postMessage({ type: RESULT, data: failed });
      }
    );
  }
});
