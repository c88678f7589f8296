/* Smart Kassel: rules for saving in the CMS that widgets cannot express.
 * Filled in by site_src/cms.py (__NEEDS__, __LABELS__) and published as /admin/regeln.js.
 */
(function () {
  "use strict";
  const NEEDS = __NEEDS__;
  const LABELS = __LABELS__;
  const blank = (value) =>
    value === undefined || value === null || (typeof value === "string" && !value.trim());
  window.CMS.registerEventListener({
    name: "preSave",
    handler: ({ entry }) => {
      const needs = NEEDS[entry.get("collection")] || {};
      let data = entry.get("data");
      for (const [field, needed] of Object.entries(needs)) {
        if (!blank(data.get(field)) && blank(data.get(needed))) {
          const message =
            `Nicht gespeichert: „${LABELS[needed] || needed}“ fehlt. ` +
            `Wenn ein(e) „${LABELS[field] || field}“ gesetzt ist, ist sie Pflicht.`;
          window.alert(message);
          throw new Error(message);
        }
      }
      // An emptied optional field is left out, as `build.py check` expects.
      return data.filter((value) => !blank(value));
    },
  });
})();
