/* Two-click video players: nothing loads from YouTube until the visitor asks for it.
 *
 * The page ships a poster we host, a consent panel (hidden) and a plain link (shown). With
 * JavaScript the panel replaces the link; its button inserts the youtube-nocookie.com player.
 * "Always allow" is kept in localStorage only and can be withdrawn on the same page.
 * Chapter links ("?t=SECONDS#player-id") seek the player without reloading the page.
 */
(() => {
  "use strict";

  const STORAGE_KEY = "sk-video-consent-youtube";
  const EMBED_ORIGIN = "https://www.youtube-nocookie.com";
  const placeholders = new WeakMap();

  function remembered() {
    try {
      return window.localStorage.getItem(STORAGE_KEY) === "allow";
    } catch (error) {
      return false;
    }
  }

  function remember(allow) {
    try {
      if (allow) {
        window.localStorage.setItem(STORAGE_KEY, "allow");
      } else {
        window.localStorage.removeItem(STORAGE_KEY);
      }
    } catch (error) {
      /* Storage blocked: the choice simply lasts for this page view. */
    }
  }

  function secondsFrom(value) {
    const seconds = Number.parseInt(value || "0", 10);
    return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
  }

  function youtubePlayers() {
    return Array.from(document.querySelectorAll('[data-sk-player="youtube"]'));
  }

  function embedUrl(figure, start, autoplay) {
    const params = new URLSearchParams({
      autoplay: autoplay ? "1" : "0",
      enablejsapi: "1",
      origin: window.location.origin,
      rel: "0",
      hl: "de",
      cc_lang_pref: "de",
    });
    if (start > 0) {
      params.set("start", String(start));
    }
    return `${EMBED_ORIGIN}/embed/${encodeURIComponent(figure.dataset.youtubeId)}?${params}`;
  }

  function loadYoutube(figure, { autoplay, focus }) {
    const stage = figure.querySelector(".sk-player__stage");
    if (!stage || figure.querySelector("iframe")) {
      return;
    }
    const iframe = document.createElement("iframe");
    iframe.className = "sk-player__frame";
    iframe.title = `YouTube-Video: ${figure.dataset.title || ""}`;
    iframe.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    iframe.allowFullscreen = true;
    iframe.referrerPolicy = "strict-origin-when-cross-origin";
    iframe.src = embedUrl(figure, secondsFrom(figure.dataset.skStart), autoplay);
    placeholders.set(figure, Array.from(stage.childNodes));
    stage.replaceChildren(iframe);
    figure.classList.add("sk-player--loaded");
    if (focus) {
      iframe.focus();
    }
  }

  function unloadYoutube(figure) {
    const stage = figure.querySelector(".sk-player__stage");
    const saved = placeholders.get(figure);
    if (stage && saved) {
      stage.replaceChildren(...saved);
      placeholders.delete(figure);
    }
    figure.classList.remove("sk-player--loaded");
    const checkbox = figure.querySelector("[data-sk-consent-remember]");
    if (checkbox) {
      checkbox.checked = false;
    }
  }

  function showWithdrawControls() {
    const allowed = remembered();
    for (const figure of youtubePlayers()) {
      const withdraw = figure.querySelector("[data-sk-consent-withdraw]");
      if (withdraw) {
        withdraw.hidden = !allowed;
      }
    }
  }

  function consentGiven(figure) {
    const checkbox = figure.querySelector("[data-sk-consent-remember]");
    if (checkbox && checkbox.checked) {
      remember(true);
      for (const other of youtubePlayers()) {
        if (other !== figure) {
          loadYoutube(other, { autoplay: false, focus: false });
        }
      }
    }
    loadYoutube(figure, { autoplay: true, focus: true });
    showWithdrawControls();
  }

  function withdraw(figure) {
    remember(false);
    youtubePlayers().forEach(unloadYoutube);
    showWithdrawControls();
    const button = figure.querySelector("[data-sk-consent-button]");
    if (button) {
      button.focus();
    }
  }

  function seek(figure, seconds) {
    if (figure.dataset.skPlayer === "file") {
      const video = figure.querySelector("video");
      video.currentTime = seconds;
      video.focus();
      const playing = video.play();
      if (playing && playing.catch) {
        playing.catch(() => {});
      }
      return;
    }
    const iframe = figure.querySelector("iframe");
    if (!iframe) {
      figure.dataset.skStart = String(seconds);
      const button = figure.querySelector("[data-sk-consent-button]");
      figure.scrollIntoView({ block: "nearest" });
      if (button) {
        button.focus();
      }
      return;
    }
    const command = (func, args) =>
      iframe.contentWindow.postMessage(JSON.stringify({ event: "command", func, args }), EMBED_ORIGIN);
    command("seekTo", [seconds, true]);
    command("playVideo", []);
    iframe.focus();
  }

  function startAtRequestedTime() {
    const start = secondsFrom(new URLSearchParams(window.location.search).get("t"));
    const list = document.querySelector("[data-sk-chapters-for]");
    const figure = list
      ? document.getElementById(list.dataset.skChaptersFor)
      : document.querySelector("[data-sk-player]");
    if (!start || !figure) {
      return;
    }
    if (figure.dataset.skPlayer === "file") {
      const video = figure.querySelector("video");
      video.preload = "metadata";
      video.addEventListener("loadedmetadata", () => (video.currentTime = start), { once: true });
      video.load();
    } else {
      figure.dataset.skStart = String(start);
    }
  }

  function onClick(event) {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) {
      return;
    }
    const figure = target.closest("[data-sk-player]");
    if (target.closest("[data-sk-consent-button]") && figure) {
      consentGiven(figure);
    } else if (target.closest("[data-sk-consent-withdraw-button]") && figure) {
      withdraw(figure);
    }
    const link = target.closest("a[data-sk-seek]");
    const list = link && link.closest("[data-sk-chapters-for]");
    const player = list && document.getElementById(list.dataset.skChaptersFor);
    if (player) {
      event.preventDefault();
      seek(player, secondsFrom(link.dataset.skSeek));
    }
  }

  function init() {
    startAtRequestedTime();
    const allowed = remembered();
    for (const figure of youtubePlayers()) {
      figure.querySelector("[data-sk-consent]").hidden = false;
      figure.querySelector("[data-sk-fallback]").hidden = true;
      if (allowed) {
        loadYoutube(figure, { autoplay: false, focus: false });
      }
    }
    showWithdrawControls();
    document.addEventListener("click", onClick);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init, { once: true });
  } else {
    init();
  }
})();
