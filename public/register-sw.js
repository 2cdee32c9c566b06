// Starts the service worker (sw.js: pages stay readable with no signal), and on a page that is
// a saved copy rather than fresh from the server, says so at the bottom of the screen.
"use strict";

(function () {
  if (!("serviceWorker" in navigator)) return;
  const workers = navigator.serviceWorker;
  workers.register("/sw.js", { scope: "/" }).catch(() => undefined);
  if (!workers.controller) return;

  workers.addEventListener("message", (event) => {
    const data = event.data;
    if (data && data.type === "saved-copy" && data.savedAt) showSavedCopy(new Date(data.savedAt));
  });
  workers.startMessages();
  workers.controller.postMessage("saved-copy?");

  function showSavedCopy(savedAt) {
    const sameDay = savedAt.toDateString() === new Date().toDateString();
    const when =
      (sameDay ? "" : savedAt.toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long" }) + " ") +
      savedAt.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
    const notice = document.createElement("p");
    notice.className = "saved-copy";
    notice.setAttribute("role", "status");
    notice.setAttribute("data-testid", "saved-copy");
    notice.textContent = `No signal: this is the copy saved on this phone at ${when}. It may be out of date.`;
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
