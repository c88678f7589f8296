/* Smart Kassel: rules for saving in the CMS that widgets cannot express.
 * Filled in by site_src/cms.py (rules and labels below) and published as /admin/regeln.js.
 * Each rule repeats one of `build.py check` (site_src/schema.py, site_src/termine/schema.py,
 * site_src/videos/*_schema.py); the check stays the judge, this only stops a save early.
 */
(function () {
  "use strict";
  const RULES = __RULES__;
  const LABELS = __LABELS__;
  const blank = (value) =>
    value === undefined || value === null || (typeof value === "string" && !value.trim());
  const name = (field) => `„${LABELS[field] || field}“`;

  /* Empty optional values are left out, as `build.py check` expects (also inside groups). */
  function clean(value) {
    if (Array.isArray(value)) {
      const items = value.map(clean).filter((item) => item !== undefined);
      return items.length ? items : undefined;
    }
    if (value && typeof value === "object") {
      const kept = Object.entries(value)
        .map(([key, item]) => [key, clean(item)])
        .filter(([, item]) => item !== undefined);
      return kept.length ? Object.fromEntries(kept) : undefined;
    }
    return blank(value) ? undefined : value;
  }

  /* "2021-06-21 16:00" -> a number that sorts like the moment; null for a day that does not exist. */
  function moment(text) {
    const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(String(text).trim());
    if (!match) return null;
    const [year, month, day] = match.slice(1, 4).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
      return null;
    }
    const hour = match[4] === undefined ? 0 : Number(match[4]);
    const minute = match[5] === undefined ? 0 : Number(match[5]);
    if (hour > 23 || minute > 59) return null;
    return { value: ((year * 100 + month) * 100 + day) * 10000 + hour * 100 + minute, timed: match[4] !== undefined };
  }

  /* "12:05", "1:02:05" or "PT12M5S" in seconds; null otherwise. */
  function seconds(text) {
    const value = String(text).trim();
    let match = /^(?:(\d+):([0-5]\d)|(\d{1,3})):([0-5]\d)$/.exec(value);
    if (match) {
      const hours = Number(match[1] || 0);
      return hours * 3600 + Number(match[1] ? match[2] : match[3]) * 60 + Number(match[4]);
    }
    match = /^PT(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(value.toUpperCase());
    if (match && (match[1] || match[2] || match[3])) {
      return Number(match[1] || 0) * 3600 + Number(match[2] || 0) * 60 + Number(match[3] || 0);
    }
    return null;
  }

  /* The address part the build makes from a title (site_src/text.py: slugify). */
  function slugify(text) {
    const umlauts = { ä: "ae", ö: "oe", ü: "ue", ß: "ss", Ä: "ae", Ö: "oe", Ü: "ue" };
    return String(text)
      .replace(/[äöüßÄÖÜ]/g, (c) => umlauts[c])
      .normalize("NFKD")
      .replace(/[^\x00-\x7f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
  }

  function needs(rules, data, problems) {
    for (const [field, needed] of Object.entries(rules.needs || {})) {
      if (data[field] !== undefined && data[needed] === undefined) {
        problems.push(`${name(needed)} fehlt. Wenn ${name(field)} gesetzt ist, ist sie Pflicht.`);
      }
    }
  }

  /* Events (site_src/termine/schema.py). Also completes what the form shows: switches left off. */
  function events(rules, data, problems) {
    for (const [group, required] of Object.entries(rules.groups)) {
      if (data[group] === undefined) continue;
      for (const key of required) {
        if (data[group][key] === undefined) {
          problems.push(`${name(group + "." + key)} fehlt (${name(group)}).`);
        }
      }
    }
    if (data.place === undefined && data.online === undefined) {
      problems.push(`Bitte ${name("place")} oder ${name("online")} angeben.`);
    }
    const access = data.accessibility || {};
    const keys = data.place === undefined ? rules.access.online : rules.access.keys;
    const flags = {};
    for (const key of keys) {
      if (access[key] !== undefined || data.place !== undefined) flags[key] = access[key] === true;
    }
    if (Object.keys(flags).length) data.accessibility = flags;
    else delete data.accessibility;
    const start = data.start === undefined ? null : moment(data.start);
    if (data.start !== undefined && start === null) {
      problems.push(`${name("start")}: diesen Tag gibt es nicht im Kalender.`);
    }
    const end = data.end === undefined ? null : moment(data.end);
    if (data.end !== undefined && end === null) {
      problems.push(`${name("end")}: diesen Tag gibt es nicht im Kalender.`);
    }
    if (start && start.timed && data.end === undefined) {
      problems.push(`${name("end")} fehlt; bei einem Beginn mit Uhrzeit ist es Pflicht.`);
    }
    if (start && end) {
      if (start.timed !== end.timed) {
        problems.push(`${name("end")} muss wie ${name("start")} geschrieben sein: beide mit Uhrzeit oder beide ohne.`);
      } else if (end.value < start.value || (end.timed && end.value === start.value)) {
        problems.push(`${name("end")} liegt vor ${name("start")}.`);
      }
    }
    if (data.until !== undefined) {
      const until = moment(data.until);
      if (data.repeat === undefined) {
        problems.push(`${name("until")} gilt nur für wiederkehrende Termine (${name("repeat")}).`);
      }
      if (until === null) problems.push(`${name("until")}: diesen Tag gibt es nicht im Kalender.`);
      else if (start && until.value < Math.floor(start.value / 10000) * 10000) {
        problems.push(`${name("until")} liegt vor ${name("start")}.`);
      }
    }
    const deadline = data.registration && data.registration.deadline;
    if (deadline !== undefined) {
      const when = moment(deadline);
      if (when === null) problems.push(`${name("registration.deadline")}: diesen Tag gibt es nicht.`);
      else if (start && when.value > start.value) {
        problems.push(`${name("registration.deadline")} liegt nach ${name("start")}.`);
      }
    }
  }

  /* Video evenings (site_src/videos/schema.py and recording_schema.py), one recording at a time. */
  function videos(rules, data, problems) {
    const seen = {};
    if (!(data[rules.list] || []).length) {
      problems.push("Mindestens eine Aufzeichnung eintragen (oder den Abend noch nicht anlegen).");
    }
    (data[rules.list] || []).forEach((item, index) => {
      const where = `Aufzeichnung ${index + 1}`;
      const sources = rules.sources.filter((key) => item[key] !== undefined);
      if (sources.length !== 1) {
        problems.push(`${where}: genau eine Quelle angeben (YouTube-Video-ID oder eigene Videodatei).`);
      }
      if (item[rules.own_file] !== undefined && item[rules.captions] === undefined) {
        problems.push(`${where}: eine eigene Videodatei braucht Untertitel (WebVTT).`);
      }
      if (item.draft !== true && rules.aids.every((key) => item[key] === undefined)) {
        problems.push(`${where}: braucht Untertitel oder ein Transkript, bevor sie erscheint (sonst als Entwurf speichern).`);
      }
      const duration = item.duration === undefined ? null : seconds(item.duration);
      if (duration !== null && duration <= 0) problems.push(`${where}: die Dauer muss länger als 0:00 sein.`);
      let previous = -1;
      (item.chapters || []).forEach((chapter, number) => {
        const start = chapter.start === undefined ? null : seconds(chapter.start);
        if (start === null) return;
        if (start <= previous) problems.push(`${where}, Kapitel ${number + 1}: beginnt nicht nach dem vorigen.`);
        else if (duration !== null && start >= duration) {
          problems.push(`${where}, Kapitel ${number + 1}: beginnt nach dem Ende der Aufzeichnung.`);
        }
        previous = Math.max(previous, start);
      });
      const address = item.slug !== undefined ? item.slug : slugify(item.title || "");
      if (item.title !== undefined && !address) {
        problems.push(`${where}: der Titel braucht Buchstaben oder Ziffern für die Adresse.`);
      } else if (address && seen[address] !== undefined) {
        problems.push(`${where}: ergibt dieselbe Adresse „${address}“ wie Aufzeichnung ${seen[address] + 1}; Kurzname setzen.`);
      } else if (address) {
        seen[address] = index;
      }
    });
  }

  const CHECKS = { termine: events, videos: videos };

  /* The data as it will be written, and what `build.py check` would say against it. */
  function review(collection, data) {
    const cleaned = clean(data) || {};
    const problems = [];
    const rules = RULES[collection] || {};
    needs(rules, cleaned, problems);
    if (CHECKS[collection]) CHECKS[collection](rules, cleaned, problems);
    return { data: cleaned, problems };
  }

  /* Back into Decap's own (Immutable) kind of map, built from its empty map and list. */
  function rebuild(template, value) {
    const list = template.clear().toList();
    const build = (item) => {
      if (Array.isArray(item)) return item.reduce((all, one) => all.push(build(one)), list);
      if (item && typeof item === "object") {
        return Object.entries(item).reduce((all, [key, one]) => all.set(key, build(one)), template.clear());
      }
      return item;
    };
    return build(value);
  }

  window.SK_RULES = { review, clean, slugify };
  if (!window.CMS) return;
  window.CMS.registerEventListener({
    name: "preSave",
    handler: ({ entry }) => {
      const data = entry.get("data");
      const { data: cleaned, problems } = review(entry.get("collection"), data.toJS());
      if (problems.length) {
        const message = "Nicht gespeichert:\n" + problems.join("\n");
        window.alert(message);
        throw new Error(message);
      }
      return rebuild(data, cleaned);
    },
  });
})();
