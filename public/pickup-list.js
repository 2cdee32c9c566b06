// The driver's ticks, never lost (the script of /driver, a page served without the app's
// WebAssembly: src/ui/plain_pages.rs). Without this script every "Boarded" / "Not here" button
// is a plain form; with it:
//
// - A tap shows at once, is written to the phone's storage, then sent. It leaves the storage only
//   when the server has settled it: saved, or refused for good (400, 403, 404, 409: the server's
//   sentence is shown). With no signal it waits and is sent when the phone is back online; when
//   the sign-in has run out (401) the page says how many wait and offers "Sign in again", and
//   they are sent when the list opens signed in; when the server or a proxy is in trouble (500,
//   502, 429, anything that is not the app's answer) the phone tries again, 2 s, 4 s, 8 s… up to
//   once a minute.
// - Each tick carries the moment it was tapped, so one sent late never overwrites a newer one
//   (the server keeps that moment only when it is plausible: src/transport/tick_time.rs).
// - The stored form is one line per tick, "run booking mark at", and never changes shape: it
//   must read back after the browser is closed and after a new release (a browser test stores a
//   line written by the first release that queued ticks).
// - The list refreshes itself every 30 seconds while open (plain-page.js does the refresh; this
//   script puts the waiting taps back on the fresh list).
"use strict";

(function () {
  const STORAGE_KEY = "turnaround.driver-ticks";
  const MARKS = ["boarded", "not_here"];
  const main = document.getElementById("main");
  if (!main || !window.fetch || !window.localStorage) return;

  /** Why ticks still wait on the phone. */
  const NO_SIGNAL = "no-signal";
  const SIGNED_OUT = "signed-out";
  const SERVER_TROUBLE = "server-trouble";

  let waiting = read();
  let why = NO_SIGNAL;
  let sending = false;
  let failures = 0;
  let retry = null;
  let refused = null;
  /** Latest tap per passenger ("run booking") this page has seen settled: shown until the list reloads. */
  const settledHere = new Map();

  function read() {
    let text = "";
    try {
      text = localStorage.getItem(STORAGE_KEY) || "";
    } catch {
      // Storage refused (private browsing): the ticks wait in memory only.
    }
    return text
      .split("\n")
      .map((line) => line.trim().split(/\s+/))
      .filter(
        ([run, booking, mark, at]) =>
          /^\d+$/.test(run || "") && /^\d+$/.test(booking || "") && MARKS.includes(mark) && !!at,
      )
      .map(([run, booking, mark, at]) => ({ run, booking, mark, at }));
  }

  function store() {
    try {
      localStorage.setItem(STORAGE_KEY, waiting.map((t) => `${t.run} ${t.booking} ${t.mark} ${t.at}`).join("\n"));
    } catch {
      // As above: still waiting in memory.
    }
  }

  const key = (run, booking) => `${run} ${booking}`;

  /** The passenger rows on the page now (the list is redrawn by refreshes). */
  function rows() {
    return Array.from(main.querySelectorAll("li.passenger[data-run][data-booking]"));
  }

  /** Shows on each row the driver's latest tap (waiting or just sent), else what the server said. */
  function drawRows() {
    for (const row of rows()) {
      const id = key(row.dataset.run, row.dataset.booking);
      const status = row.querySelector(".tick-status");
      if (!status) continue;
      if (row.dataset.serverStatus === undefined) row.dataset.serverStatus = status.textContent;
      const pending = waiting.filter((t) => key(t.run, t.booking) === id).pop();
      const mark = pending ? pending.mark : settledHere.get(id) || row.dataset.mark || "";
      for (const button of row.querySelectorAll("button[name=mark]")) {
        const chosen = button.value === mark;
        button.classList.toggle("chosen", chosen);
        button.setAttribute("aria-pressed", String(chosen));
      }
      row.classList.toggle("boarded", mark === "boarded");
      row.classList.toggle("not-here", mark === "not_here");
      const button = row.querySelector(`button[name=mark][value="${mark}"]`);
      const words = button ? button.textContent.trim() : "";
      if (pending) status.textContent = `${words} · saved on this phone, not sent yet`;
      else if (settledHere.has(id)) status.textContent = words;
      else status.textContent = row.dataset.serverStatus;
    }
  }

  /** The words above the list while ticks wait, and what the driver should do. */
  function drawBanner() {
    let banner = main.querySelector(".tick-banner");
    if (!banner) {
      banner = document.createElement("div");
      banner.className = "tick-banner";
      const title = main.querySelector("h1");
      if (title) title.after(banner);
      else main.prepend(banner);
    }
    banner.replaceChildren();
    const count = waiting.length;
    if (count > 0) {
      const ticks = count === 1 ? "1 tick is" : `${count} ticks are`;
      const them = count === 1 ? "it" : "they";
      const line = document.createElement("p");
      line.className = "offline-banner";
      line.setAttribute("role", "status");
      if (why === SIGNED_OUT) {
        line.textContent = `Your sign-in has run out. ${ticks} waiting on this phone: sign in again and ${them} will be sent. `;
        const link = document.createElement("a");
        link.className = "button primary";
        link.href = "/sign-in?then=/driver";
        link.textContent = "Sign in again";
        line.appendChild(link);
      } else if (why === SERVER_TROUBLE) {
        line.textContent = `${ticks} saved on this phone. TurnAround is not answering just now; this phone keeps trying.`;
      } else {
        const They = them[0].toUpperCase() + them.slice(1);
        line.textContent = `No signal: ${ticks} saved on this phone. ${They} will be sent when you are back online.`;
      }
      banner.appendChild(line);
    }
    if (refused) {
      const notice = document.createElement("p");
      notice.className = "error-notice";
      notice.setAttribute("role", "alert");
      notice.textContent = refused;
      banner.appendChild(notice);
    }
  }

  function draw() {
    drawRows();
    drawBanner();
  }

  /** Sends one tick; what the answer means for it: "saved", "refused" (with `said`) or a reason to wait. */
  async function send(tick) {
    let response;
    try {
      response = await fetch("/api/mark_passenger", {
        method: "POST",
        credentials: "same-origin",
        headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ run: tick.run, booking: tick.booking, mark: tick.mark, marked_at: tick.at }),
      });
    } catch {
      return { outcome: NO_SIGNAL };
    }
    if (response.ok) return { outcome: "saved" };
    if (response.status === 401) return { outcome: SIGNED_OUT };
    // The app's own refusal carries its sentence; anything else (a proxy's 502 page, a crash)
    // means it is not answering, and the tick is tried again.
    const said = response.headers.get("x-turnaround-said");
    if ([400, 403, 404, 409].includes(response.status) && said) {
      return { outcome: "refused", said: decodeURIComponent(said) };
    }
    return { outcome: SERVER_TROUBLE };
  }

  /** Sends what waits, oldest first, stopping at the first tick the server did not settle. */
  async function sendWaiting() {
    if (sending || waiting.length === 0) return;
    clearTimeout(retry);
    sending = true;
    let settled = false;
    try {
      while (waiting.length > 0) {
        const tick = waiting[0];
        const answer = await send(tick);
        if (answer.outcome === "saved" || answer.outcome === "refused") {
          waiting = waiting.filter((t) => t !== tick);
          store();
          const id = key(tick.run, tick.booking);
          const stillWaiting = waiting.some((t) => key(t.run, t.booking) === id);
          if (!stillWaiting) {
            if (answer.outcome === "saved") settledHere.set(id, tick.mark);
            else settledHere.delete(id);
          }
          if (answer.outcome === "refused") refused = answer.said;
          failures = 0;
          settled = true;
          draw();
          continue;
        }
        why = answer.outcome;
        draw();
        // A sign-in that ran out waits for the driver; the rest try again, less often each time.
        if (why !== SIGNED_OUT) {
          retry = setTimeout(sendWaiting, Math.min(2000 * 2 ** Math.min(failures, 5), 60000));
          failures += 1;
        }
        break;
      }
    } finally {
      sending = false;
    }
    if (settled && waiting.length === 0) document.dispatchEvent(new Event("turnaround:refresh"));
  }

  // A tap on "Boarded" or "Not here": shown, stored, sent.
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.classList.contains("tick-form")) return;
      const row = form.closest("li.passenger[data-run][data-booking]");
      const button = event.submitter;
      if (!row || !button || !MARKS.includes(button.value)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      waiting.push({ run: row.dataset.run, booking: row.dataset.booking, mark: button.value, at: new Date().toISOString() });
      store();
      draw();
      sendWaiting();
    },
    true,
  );

  window.addEventListener("online", sendWaiting);
  // plain-page.js redrew the list from the server: what it settled shows as the server says it
  // now (a coordinator's correction included); taps still waiting keep showing.
  document.addEventListener("turnaround:redrawn", () => {
    settledHere.clear();
    draw();
    sendWaiting();
  });
  // plain-page.js asks before a refresh: not while ticks are on their way.
  document.addEventListener("turnaround:may-refresh", (event) => {
    if (sending) event.preventDefault();
  });
  draw();
  sendWaiting();
})();
