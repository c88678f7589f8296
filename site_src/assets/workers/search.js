/* Smart Kassel: Material's search worker with German stemming that also works while typing.
   Material adds a trailing wildcard to every query term, and lunr does not stem wildcard terms,
   so with a stemmed index "Bürgerräte" or "Mobilität" (stems "burgerrat", "mobilitat") found
   nothing. Stem each wildcard term before it is matched, keeping it a prefix search. */
var materialWorker = new URL(decodeURIComponent(location.search.slice(1)), location.href).href;
var importMaterialScripts = self.importScripts;
/* Material loads its language files relative to its own worker, not to this one. */
self.importScripts = function () {
  var urls = Array.prototype.map.call(arguments, function (url) {
    return new URL(url, materialWorker).href;
  });
  return importMaterialScripts.apply(self, urls);
};
importMaterialScripts(materialWorker);

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
