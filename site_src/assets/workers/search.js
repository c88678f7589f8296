/* Smart Kassel: Material's search worker with German stemming that also works while typing.
   Material adds a trailing wildcard to every query term, and lunr does not stem wildcard terms,
   so with a stemmed index "Bürgerräte" or "Mobilität" (stems "burgerrat", "mobilitat") found
   nothing. Stem each wildcard term before it is matched, keeping it a prefix search.
   Both sides are also folded (ä/ae -> a, ö/oe -> o, ü/ue -> u, ß -> ss), so "Mobilitaet" finds
   "Mobilität" and "Strasse" finds "Straße", as people type without umlauts. The page a result
   leads to marks its words with the same folding (theme-loader.js). */
var materialWorker = new URL(decodeURIComponent(location.search.slice(1)), location.href).href;
var importMaterialScripts = self.importScripts;
/* Material loads its language files relative to its own worker, not to this one. */
self.importScripts = function () {
  var urls = Array.prototype.map.call(arguments, function (url) {
    return new URL(url, materialWorker).href;
  });
  var result = importMaterialScripts.apply(self, urls);
  foldBeforeStemming(self.lunr);
  return result;
};
importMaterialScripts(materialWorker);

/* The German stemmer runs on every indexed word and every query term (Material's pipelines
   read lunr.de.stemmer when the index is built): fold the word first. */
function foldBeforeStemming(lunr) {
  if (!lunr || !lunr.de || lunr.de.stemmer.folds) return;
  var stemmer = lunr.de.stemmer;
  var folding = function (token, index, tokens) {
    return stemmer(token.update(fold), index, tokens);
  };
  folding.folds = true;
  folding.label = stemmer.label;
  lunr.Pipeline.registeredFunctions[stemmer.label] = folding;
  lunr.de.stemmer = folding;
}

function fold(text) {
  return text
    .replace(/ß/g, "ss")
    .replace(/ä/g, "a")
    .replace(/ö/g, "o")
    .replace(/ü/g, "u")
    .replace(/([aou])e/g, "$1");
}

(function (lunr) {
  "use strict";

  var parse = lunr.QueryParser.prototype.parse;
  var stemmer = null;

  function stem(term) {
    if (!lunr.de) return term;
    if (!stemmer) {
      stemmer = new lunr.Pipeline();
      stemmer.add(lunr.de.stemmer);
    }
    var stems = stemmer.runString(term);
    return stems.length ? String(stems[0]) : term;
  }

  lunr.QueryParser.prototype.parse = function () {
    var query = parse.call(this);
    query.clauses.forEach(function (clause) {
      var match = /^([^*]+)\*$/.exec(clause.term);
      if (match) clause.term = stem(match[1]) + "*";
    });
    return query;
  };
})(self.lunr);
