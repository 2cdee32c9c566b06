// TurnAround's service worker: the pages a person has opened stay readable with no signal.
//
// - Pages (GET navigations): from the network first. If it has not answered within
//   NETWORK_TIMEOUT_MS and a saved copy exists, the saved copy is shown (the network's answer,
//   when it comes, replaces the copy for next time); with no network at all, the saved copy.
//   Only the pages meant to work with no signal are saved (OFFLINE_PAGES: the week, My
//   activities, Calendar, the driver's list), for PAGE_MAX_AGE_MS at most. Never people admin,
//   invite links, the audit log or any other page: they hold referral data or secrets.
// - The bundle (/pkg/*) is named by its content in a release (`turnaround.<hash>.wasm`), and the
//   plain scripts carry their content's version (`/plain-page.js?v=…`): a saved copy is used
//   for ever, never asked for again, so a phone never mixes two releases and a new release
//   arrives with the first page that names it. Only what a page has used is saved (installing
//   the worker downloads nothing: a participant's phone never fetches the staff bundle). Copies
//   that no saved page and no open page names are deleted.
// - Icons, favicon and manifest: the saved copy at once, refreshed in the background
//   (stale-while-revalidate).
// - Server functions (/api/*) and anything that is not GET are never saved. A plain form sent
//   with no signal gets a page saying it was not sent (503), never the browser's error page.
// - Privacy: saved pages are personal. All of them are deleted when anyone signs in or out and
//   whenever a page lands on /sign-in, and whenever any request answers 401 (the sign-in ran
//   out or was ended elsewhere), so a shared phone never shows one person's page to the next.
//
// Change VERSION when what is saved changes: activating a new version deletes the old caches.
"use strict";

const VERSION = "3";
const PAGES = `turnaround-pages-v${VERSION}`;
const ASSETS = `turnaround-assets-v${VERSION}`;
const NETWORK_TIMEOUT_MS = 4000;
/** As long as the longest sign-in lasts (the server's absolute session lifetime). */
const PAGE_MAX_AGE_MS = 12 * 60 * 60 * 1000;
/** Set on a saved page: when it was saved (milliseconds since 1970). */
const SAVED_AT = "x-turnaround-saved-at";
/** cargo-leptos's content hash in a bundle file's name: `/pkg/turnaround.<hash>.wasm`. */
const HASHED_BUNDLE_FILE = /^\/pkg\/[^/]+\.[A-Za-z0-9_-]{22}\.[a-z]+$/;
/** The plain scripts, linked with their content's version (`/plain-page.js?v=…`, see
 * src/server/script_urls.rs). */
const VERSIONED_SCRIPTS = ["/register-sw.js", "/plain-page.js", "/pickup-list.js", "/claim-form.js"];
/** Where a page names a content-named file. */
const NAMED_IN_PAGE = /\/pkg\/[^"'\s]+|\/[a-z-]+\.js\?v=[0-9a-f]+/g;

/** A file whose address changes whenever its content does: a saved copy is good for ever. */
function isContentNamed(url) {
  return HASHED_BUNDLE_FILE.test(url.pathname) || (VERSIONED_SCRIPTS.includes(url.pathname) && url.searchParams.has("v"));
}

/** The only pages ever saved: what a person needs with no signal (the week is "/"). */
const OFFLINE_PAGES = ["/", "/my", "/driver", "/calendar"];
/** Goes up whenever the saved pages are deleted: a page still being saved then is dropped. */
let generation = 0;
/** Pages shown from a saved copy, by the client (tab) that shows them: when it was saved. */
const shownCopies = new Map();

self.addEventListener("install", (event) => {
  // Nothing to download: pages tell the worker what they used (see the "keep-assets" message).
  event.waitUntil(self.skipWaiting());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("turnaround-") && name !== PAGES && name !== ASSETS) {
          await caches.delete(name);
        }
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && (url.pathname === "/api/sign_in" || url.pathname === "/api/sign_out")) {
    event.respondWith(forgetPages().then(() => send(request)));
    return;
  }
  if (request.method !== "GET") {
    // A plain form (sent before the page's script took over, or without it): answer it even
    // when it cannot reach the server. The app's own calls go to the network, watched for 401.
    event.respondWith(request.mode === "navigate" ? send(request) : watched(request));
    return;
  }
  if (url.pathname.startsWith("/api/")) {
    event.respondWith(watched(request));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(page(event, url));
    return;
  }
  if (isContentNamed(url)) event.respondWith(savedForEver(request));
  else if (isAsset(url)) event.respondWith(staleWhileRevalidate(event));
});

self.addEventListener("message", (event) => {
  if (!event.source) return;
  // A page asks whether it is a saved copy (register-sw.js), to say so on screen.
  if (event.data === "saved-copy?") {
    const savedAt = shownCopies.get(event.source.id) ?? null;
    shownCopies.delete(event.source.id);
    event.source.postMessage({ type: "saved-copy", savedAt });
    return;
  }
  // A page lists the bundle files it used (register-sw.js): keep them, so a page saved with no
  // signal can still start; they come from the browser's own cache, not the network.
  if (event.data && event.data.type === "keep-assets" && Array.isArray(event.data.paths)) {
    const paths = event.data.paths.filter((path) => {
      if (typeof path !== "string") return false;
      const url = new URL(path, self.location.origin);
      return isContentNamed(url) || isAsset(url);
    });
    event.waitUntil(keepAssets(paths).catch(() => undefined));
    return;
  }
});

function isAsset(url) {
  const path = url.pathname;
  return (
    url.origin === self.location.origin &&
    (path.startsWith("/pkg/") ||
      path.startsWith("/icons/") ||
      path === "/favicon.svg" ||
      path === "/manifest.webmanifest" ||
      path === "/register-sw.js" ||
      path === "/plain-page.js" ||
      path === "/pickup-list.js" ||
      path === "/claim-form.js")
  );
}

/** A content-named bundle file: the saved copy if there is one, else fetched once and saved. */
async function savedForEver(request) {
  const cache = await caches.open(ASSETS);
  const saved = await cache.match(request.url, { ignoreVary: true });
  if (saved) return saved;
  const response = await fetch(request);
  if (response.status === 200 && response.type === "basic") {
    await cache.put(request.url, response.clone()).catch(() => undefined);
  }
  return response;
}

/** Saves the files `paths` names that are not saved yet, then deletes bundle files that neither
 * they nor any saved page name (an older release's). */
async function keepAssets(paths) {
  const cache = await caches.open(ASSETS);
  for (const path of paths) {
    const url = new URL(path, self.location.origin).href;
    if (await cache.match(url, { ignoreVary: true })) continue;
    // The page has just loaded it: the browser's cache answers, or the network once.
    const response = await fetch(url).catch(() => null);
    if (response && response.status === 200 && response.type === "basic") await cache.put(url, response);
  }
  const named = new Set(paths);
  const pages = await caches.open(PAGES);
  for (const page of await pages.keys()) {
    const html = await (await pages.match(page)).text();
    for (const found of html.matchAll(NAMED_IN_PAGE)) named.add(found[0]);
  }
  for (const key of await cache.keys()) {
    const url = new URL(key.url);
    if (isContentNamed(url) && !named.has(url.pathname + url.search)) await cache.delete(key);
  }
}

/** The app's own calls, straight to the network; a 401 means nobody is signed in here now. */
function watched(request) {
  return fetch(request).then((response) => {
    forgetIfSignedOut(response);
    return response;
  });
}

function forgetIfSignedOut(response) {
  if (response.status === 401) forgetPages().catch(() => undefined);
}

async function forgetPages() {
  generation += 1;
  shownCopies.clear();
  await caches.delete(PAGES);
}

/** Sends a request that changes something; with no signal, a plain form gets a clear answer. */
async function send(request) {
  try {
    const response = await fetch(request);
    forgetIfSignedOut(response);
    return response;
  } catch {
    if (request.mode !== "navigate") return Response.error();
    return answer(
      503,
      "Not sent",
      ["Not sent — you have no signal. Nothing was changed. Try again when you have signal."],
      backFrom(request),
    );
  }
}

async function page(event, url) {
  const request = event.request;
  const isSignIn = url.pathname === "/sign-in";
  if (isSignIn) await forgetPages();
  const started = generation;
  const network = fetch(request).then((response) => {
    forgetIfSignedOut(response);
    if (!isSignIn && OFFLINE_PAGES.includes(url.pathname) && worthSaving(response)) {
      event.waitUntil(save(request.url, response.clone(), started).catch(() => undefined));
    }
    return response;
  });
  // Never an unhandled rejection, whichever answer is used.
  event.waitUntil(network.then(
    () => undefined,
    () => undefined,
  ));
  const timeUp = new Promise((resolve) => setTimeout(() => resolve(null), NETWORK_TIMEOUT_MS));
  try {
    const first = await Promise.race([network, timeUp]);
    if (first) return first;
    // A slow network: the saved copy now, if there is one; otherwise keep waiting.
    const copy = await savedCopy(request.url);
    if (copy) return shown(event, copy);
    return await network;
  } catch {
    const copy = await savedCopy(request.url);
    if (copy) return shown(event, copy);
    // The start page sends a participant on to /my, which is what was saved.
    if (url.pathname === "/" && url.search === "" && (await savedCopy(new URL("/my", url).href))) {
      return Response.redirect("/my", 302);
    }
    return answer(
      503,
      "No signal",
      [
        "You have no signal, and this page has not been saved on this phone.",
        "Pages you opened while you had signal can still be read. Try this one again when you have signal.",
      ],
      backFrom(request),
    );
  }
}

function worthSaving(response) {
  return (
    response.status === 200 &&
    response.type === "basic" &&
    !response.redirected &&
    (response.headers.get("content-type") ?? "").startsWith("text/html")
  );
}

async function save(key, response, started) {
  const body = await response.arrayBuffer();
  if (started !== generation) return;
  const headers = new Headers(response.headers);
  headers.set(SAVED_AT, String(Date.now()));
  headers.delete("vary");
  const cache = await caches.open(PAGES);
  // Someone signed in or out while this page was on its way: it is not theirs to keep.
  if (started !== generation) return;
  await cache.put(key, new Response(body, { status: response.status, statusText: response.statusText, headers }));
}

/** The saved copy of a page, unless it is older than PAGE_MAX_AGE_MS (then it is deleted). */
async function savedCopy(key) {
  const cache = await caches.open(PAGES);
  const copy = await cache.match(key, { ignoreVary: true });
  if (!copy) return null;
  const savedAt = Number(copy.headers.get(SAVED_AT));
  if (!(Date.now() - savedAt < PAGE_MAX_AGE_MS)) {
    await cache.delete(key, { ignoreVary: true });
    return null;
  }
  return copy;
}

function shown(event, copy) {
  const client = event.resultingClientId;
  if (client) shownCopies.set(client, Number(copy.headers.get(SAVED_AT)));
  return copy;
}

async function staleWhileRevalidate(event) {
  const request = event.request;
  const cache = await caches.open(ASSETS);
  const saved = await cache.match(request, { ignoreVary: true });
  const fresh = fetch(request).then((response) => {
    if (response.status === 200 && response.type === "basic") {
      event.waitUntil(cache.put(request, response.clone()).catch(() => undefined));
    }
    return response;
  });
  if (saved) {
    event.waitUntil(fresh.then(
      () => undefined,
      () => undefined,
    ));
    return saved;
  }
  return fresh;
}

/** Where "Go back" leads: the page the person came from, if it is one of ours. */
function backFrom(request) {
  try {
    const referrer = new URL(request.referrer);
    if (referrer.origin === self.location.origin) return referrer.pathname + referrer.search;
  } catch {
    // No referrer, or not a URL.
  }
  return "/";
}

/** A plain page of our own, styled by the saved stylesheet when there is one. */
async function answer(status, title, paragraphs, back) {
  const cache = await caches.open(ASSETS);
  const stylesheet = (await cache.keys()).map((key) => new URL(key.url).pathname).find((path) => path.startsWith("/pkg/") && path.endsWith(".css"));
  const html = `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · TurnAround</title>
${stylesheet ? `<link rel="stylesheet" href="${escapeHtml(stylesheet)}">` : ""}
</head>
<body>
<header class="site-header"><span class="brand">TurnAround</span></header>
<main id="main" class="no-signal">
<h1>${escapeHtml(title)}</h1>
${paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join("\n")}
<p><a class="button primary" href="${escapeHtml(back)}">Go back</a></p>
</main>
</body>
</html>`;
  return new Response(html, {
    status,
    statusText: "Service Unavailable",
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
