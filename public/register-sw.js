// Starts the service worker (sw.js: pages stay readable with no signal), and on a page that is
// a saved copy rather than fresh from the server, says so at the bottom of the screen.
"use strict";

(function () {
  if (!("serviceWorker" in navigator)) return;
  const workers = navigator.serviceWorker;
  workers.register("/sw.js", { scope: "/" }).catch(() => undefined);

  // Tell the worker which of the app's files this page uses, so it keeps them for a reload with
  // no signal (it downloads nothing when it installs: a participant's phone only ever gets what
  // their own pages use).
  window.addEventListener("load", () => {
    const paths = Array.from(document.querySelectorAll("script[src], link[href]"), (element) => {
      const url = new URL(element.getAttribute("src") || element.getAttribute("href"), location.href);
      return url.origin === location.origin ? url.pathname + url.search : null;
    }).filter((path) => path !== null); // the worker keeps only the app's own files among them
    workers.ready.then((registration) => {
      if (registration.active) registration.active.postMessage({ type: "keep-assets", paths });
    });
  });

  if (!workers.controller) return;
  workers.addEventListener("message", (event) => {
    const data = event.data;
    if (data && data.type === "saved-copy" && data.savedAt) showSavedCopy(new Date(data.savedAt));
  });
  workers.startMessages();
  workers.controller.postMessage("saved-copy?");

  function showSavedCopy(savedAt) {
    const time = savedAt.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
    const day = savedAt.toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long" });
    const when = savedAt.toDateString() === new Date().toDateString() ? `at ${time}` : `on ${day} at ${time}`;
    const notice = document.createElement("p");
    notice.className = "saved-copy";
    notice.setAttribute("role", "status");
    notice.setAttribute("data-testid", "saved-copy");
    notice.textContent = `No signal: this is the copy saved on this phone ${when}. It may be out of date.`;
    // After the app's own nodes, so it never gets in the way of the page taking over.
    document.body.appendChild(notice);
    document.documentElement.classList.add("showing-saved-copy");
    window.addEventListener(
      "online",
      () => {
        notice.textContent = "Signal is back. ";
        const reload = document.createElement("a");
        reload.href = window.location.href;
        reload.textContent = "Show the latest";
        notice.appendChild(reload);
      },
      { once: true },
    );
  }
})();
