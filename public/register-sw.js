// Starts the service worker (sw.js: pages stay readable with no signal), and on a page that is
// a saved copy rather than fresh from the server, says so at the bottom of the screen.
"use strict";

(function () {
  if (!("serviceWorker" in navigator)) return;
  const workers = navigator.serviceWorker;
  workers.register("/sw.js", { scope: "/" }).catch(() => undefined);

  // A tap on a link changes the page without loading one, so the worker never sees it: tell it
  // when that happens (it keeps a copy only of the pages worth having offline: /my, /driver,
  // /calendar).
  if ("navigation" in window) {
    window.navigation.addEventListener("currententrychange", () => {
      if (workers.controller) {
        workers.controller.postMessage({ type: "keep", path: location.pathname + location.search });
      }
    });
  }

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
