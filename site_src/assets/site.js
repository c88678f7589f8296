/* Smart Kassel: e-mail links hidden from harvesters, and whether the office chat is open now. */
(function () {
  "use strict";

  var reverse = function (text) {
    return text.split("").reverse().join("");
  };

  /* The address is stored reversed in data attributes; the readable text form stays without JS. */
  function revealEmails(root) {
    root.querySelectorAll("[data-sk-user][data-sk-domain]").forEach(function (node) {
      var address = reverse(node.dataset.skUser) + "@" + reverse(node.dataset.skDomain);
      var link = document.createElement("a");
      link.href = "mailto:" + address;
      link.textContent = address;
      node.replaceWith(link);
    });
  }

  /* Weekday (1 = Monday), calendar day and minutes since midnight in Kassel. */
  function berlinNow(date) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Berlin", weekday: "short", year: "numeric", month: "numeric",
      day: "numeric", hour: "numeric", minute: "numeric", hourCycle: "h23"
    }).formatToParts(date).forEach(function (part) { parts[part.type] = part.value; });
    var days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    return {
      weekday: days.indexOf(parts.weekday) + 1,
      year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
      minutes: Number(parts.hour) * 60 + Number(parts.minute)
    };
  }

  /* "1 16:00-17:00, 3 10:00-11:00" -> [{day, start, end}] in minutes. */
  function parseHours(text) {
    var minutes = function (hhmm) {
      var p = hhmm.split(":");
      return Number(p[0]) * 60 + Number(p[1]);
    };
    return text.split(",").map(function (slot) {
      var m = slot.trim().match(/^(\d) (\d\d:\d\d)-(\d\d:\d\d)$/);
      return { day: Number(m[1]), start: minutes(m[2]), end: minutes(m[3]) };
    });
  }

  function clock(minutes) {
    var h = Math.floor(minutes / 60), m = minutes % 60;
    return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m + " Uhr";
  }

  /* The notice for `date`, computed for Europe/Berlin whatever the visitor's time zone is. */
  function chatStatus(date, hoursText) {
    var now = berlinNow(date), slots = parseHours(hoursText);
    for (var i = 0; i < slots.length; i++) {
      var s = slots[i];
      if (s.day === now.weekday && now.minutes >= s.start && now.minutes < s.end) {
        return { open: true, text: "Der Chat ist jetzt geöffnet, noch bis " + clock(s.end) + "." };
      }
    }
    for (var offset = 0; offset <= 7; offset++) {
      var weekday = ((now.weekday - 1 + offset) % 7) + 1;
      var next = slots.filter(function (slot) {
        return slot.day === weekday && (offset > 0 || slot.start > now.minutes);
      }).sort(function (a, b) { return a.start - b.start; })[0];
      if (next) {
        var day = new Date(Date.UTC(now.year, now.month - 1, now.day + offset));
        var when = offset === 0 ? "heute" : "am " + new Intl.DateTimeFormat("de-DE", {
          timeZone: "UTC", weekday: "long", day: "numeric", month: "long"
        }).format(day) + ",";
        return {
          open: false,
          text: "Der Chat ist gerade geschlossen. Er öffnet wieder " + when + " um " +
            clock(next.start) + "."
        };
      }
    }
    return { open: false, text: "" };
  }

  function showChatStatus(root) {
    root.querySelectorAll("[data-sk-chat]").forEach(function (node) {
      var update = function () {
        var status = chatStatus(new Date(), node.dataset.skChat);
        node.textContent = status.text;
        node.dataset.skOpen = String(status.open);
      };
      update();
      window.setInterval(update, 60000);
    });
  }

  window.SmartKassel = { chatStatus: chatStatus };
  revealEmails(document);
  showChatStatus(document);
})();
