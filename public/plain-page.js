// The only script on the pages served without the app's WebAssembly (src/ui/plain_pages.rs): a
// participant's sign-in, My activities and calendar link. Those pages work as plain HTML forms;
// this makes them quicker on a phone, and nothing breaks if it never loads:
//
// - A form inside an element marked `data-answers-here` is sent in the background, and the
//   server's answer (the same page the plain form would have loaded) replaces the page's main
//   part, without loading the header, the stylesheet or the icons again. A refusal is shown on
//   the card whose button was pressed. With no signal, the card says the form was not sent.
// - An element with `data-refresh-ms` asks for the page again that often while it is on screen,
//   and when the phone comes back online; with no signal it shows `data-offline-words` (the
//   server's sentence, "No signal. This is your page as it was at 9:05 am.") and keeps the page.
"use strict";

(function () {
  const main = document.getElementById("main");
  if (!main || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;
  const NOT_SENT = "Not sent: you have no signal. Nothing has changed. Try again when you have signal.";
  const NOT_ANSWERING = "Not sent: TurnAround is not answering just now. Nothing has changed. Try again in a minute.";
  /** A form is on its way: a refresh then waits its turn. */
  let sending = false;

  document.addEventListener("submit", (event) => {
    const form = event.target;
    // A form with a script of its own (the expense form's photo upload) has taken it already.
    if (event.defaultPrevented) return;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
    if (!main.contains(form) || !form.closest("[data-answers-here]")) return;
    event.preventDefault();
    send(form, event.submitter);
  });

  async function send(form, submitter) {
    if (sending) return;
    sending = true;
    const card = form.closest("li[aria-labelledby]");
    const cardHeading = card ? card.getAttribute("aria-labelledby") : null;
    const body = new URLSearchParams(new FormData(form));
    if (submitter && submitter.name) body.append(submitter.name, submitter.value);
    const buttons = form.querySelectorAll("button");
    buttons.forEach((button) => (button.disabled = true));
    try {
      let response;
      try {
        response = await fetch(form.action, {
          method: "POST",
          body,
          credentials: "same-origin",
          // Asks for the page, as a plain form does: the server answers with a redirect to it.
          headers: { accept: "text/html" },
        });
      } catch {
        say(card || form.parentElement, NOT_SENT);
        return;
      }
      const shown = await showAnswer(response);
      if (shown === TROUBLE) {
        say(card || form.parentElement, NOT_ANSWERING);
        return;
      }
      if (shown !== SHOWN) {
        // Another page answered (the sign-in ran out, say): go there, as a plain form would.
        location.assign(response.url);
        return;
      }
      // The server puts a refusal at the top of the page; show it on the card pressed.
      const heading = cardHeading && document.getElementById(cardHeading);
      const newCard = heading && heading.closest("li");
      const refusal = main.querySelector(":scope > .notice-error, :scope > * > .notice-error");
      if (newCard && refusal && !newCard.contains(refusal)) {
        newCard.insertBefore(refusal, newCard.querySelector(".my-actions"));
      }
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
      }
    } finally {
      buttons.forEach((button) => (button.disabled = false));
      sending = false;
    }
  }

  const SHOWN = "shown";
  const SIGNED_OUT = "signed-out";
  const TROUBLE = "trouble";

  /** Puts the page `response` holds in place of this one's main part, if it is this page. */
  async function showAnswer(response) {
    const url = new URL(response.url);
    if (response.status === 401 || url.pathname === "/sign-in") return SIGNED_OUT;
    if (!response.ok) return TROUBLE;
    if (url.origin !== location.origin || url.pathname !== location.pathname) return "elsewhere";
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.getElementById("main");
    if (!fresh) return TROUBLE;
    // A copy of the list first: adopting a node takes it out of the live `childNodes`.
    const nodes = Array.from(fresh.childNodes);
    main.replaceChildren(...nodes.map((node) => document.adoptNode(node)));
    if (page.title) document.title = page.title;
    // The server's answer may carry a refusal in the address (`__err`): not worth keeping.
    url.searchParams.delete("__err");
    url.searchParams.delete("__path");
    history.replaceState(history.state, "", url.pathname + url.search + url.hash);
    // Other scripts on the page (pickup-list.js) put their own state back on the fresh page.
    document.dispatchEvent(new Event("turnaround:redrawn"));
    return SHOWN;
  }

  /** Shows `words` as a refusal at the top of `place`, replacing one shown before. */
  function say(place, words) {
    const old = place.querySelector(":scope > .plain-page-said");
    if (old) old.remove();
    const notice = document.createElement("div");
    notice.className = "notice notice-error plain-page-said";
    notice.setAttribute("role", "alert");
    const text = document.createElement("p");
    text.textContent = words;
    notice.appendChild(text);
    place.insertBefore(notice, place.querySelector(".my-actions") || place.firstChild);
  }

  /** Says, under the page's title, that what is on screen is the page as it last loaded. */
  function keepWithNotice(words) {
    const old = main.querySelector(".notice-kept");
    if (old) old.remove();
    if (!words) return;
    const notice = document.createElement("p");
    notice.className = "notice notice-offline notice-kept";
    notice.setAttribute("role", "status");
    notice.textContent = words;
    const title = main.querySelector("h1");
    if (title) title.after(notice);
    else main.prepend(notice);
  }

  // Keeping the page fresh.
  async function refresh() {
    const marked = main.querySelector("[data-refresh-ms]");
    // Not while a form is on its way or a question ("I can't come"?) is open on screen, nor
    // while another script says to wait (ticks being sent).
    if (!marked || sending || main.querySelector("details[open]")) return;
    if (!document.dispatchEvent(new Event("turnaround:may-refresh", { cancelable: true }))) return;
    const offlineWords = marked.getAttribute("data-offline-words");
    let response;
    try {
      response = await fetch(location.href, { credentials: "same-origin", headers: { accept: "text/html" } });
    } catch {
      keepWithNotice(offlineWords);
      return;
    }
    const shown = await showAnswer(response);
    if (shown === SIGNED_OUT) {
      // A page that keeps its own state (the driver's ticks) stays, and says why; others go to
      // the sign-in page.
      const words = marked.getAttribute("data-signed-out-words");
      if (words) keepWithNotice(words);
      else location.assign("/sign-in");
    } else if (shown !== SHOWN) {
      keepWithNotice(marked.getAttribute("data-trouble-words") || offlineWords);
    }
  }

  document.addEventListener("turnaround:refresh", refresh);

  const marked = main.querySelector("[data-refresh-ms]");
  const every = marked ? Number(marked.getAttribute("data-refresh-ms")) : 0;
  if (every >= 10_000) {
    setInterval(() => {
      if (document.visibilityState === "visible") refresh();
    }, every);
    window.addEventListener("online", refresh);
  }
  // Lets the browser tests see that the page's script is running.
  document.documentElement.setAttribute("data-enhanced", "true");
})();
