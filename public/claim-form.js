// The expense form on /claims (src/claims/claims_page.rs), for a phone with a poor signal. The
// form works as a plain multipart form without this; with it:
//
// - the photo is made smaller on the phone first (at most 1600 px, JPEG), so a 5 MB camera
//   picture goes up as about 300 KB;
// - the form is sent in the background with its progress shown, and nothing typed is lost when
//   it fails: the fields and the chosen photo stay, the sentence says what happened, and the
//   same button tries again;
// - every try carries the form's own key, so a retry after an answer that never arrived adds
//   the expense once (the server keeps one line per key).
"use strict";

(function () {
  const form = document.querySelector("form[data-claim-form]");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  const status = form.querySelector(".claim-form-status");
  const button = form.querySelector("button[type=submit]");
  const keyField = form.querySelector("input[name=form_key]");
  const LONGEST_SIDE = 1600;
  const NO_SIGNAL =
    "Not sent: you have no signal. Your expense and photo are still here: press “Add the expense” again when you have signal.";
  const TOO_SLOW =
    "Not sent: the signal is too weak to send the photo. Everything is still here: try again when the signal is better.";
  const SIGNED_OUT =
    "Not sent: your sign-in has run out. Sign in again in a new tab, then press “Add the expense” here again.";
  const NOT_ANSWERING =
    "Not sent: TurnAround is not answering just now. Everything is still here: try again in a minute.";
  let sending = false;

  function say(text, trouble) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("form-error", Boolean(trouble));
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    let key = "";
    for (let i = 0; i < 32; i += 1) key += Math.floor(Math.random() * 16).toString(16);
    return key;
  }

  /** The photo at most LONGEST_SIDE px on its longest side, as a JPEG; the original when the
   * phone cannot redraw it (or it is small already). */
  async function smaller(file) {
    if (!file || !window.createImageBitmap || !file.type.startsWith("image/")) return file;
    try {
      const bitmap = await createImageBitmap(file);
      const scale = Math.min(1, LONGEST_SIDE / Math.max(bitmap.width, bitmap.height));
      if (scale === 1 && file.size < 1024 * 1024) return file;
      const canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const blob = await new Promise((done) => canvas.toBlob(done, "image/jpeg", 0.8));
      return blob && blob.size < file.size ? blob : file;
    } catch {
      return file;
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (sending || !form.reportValidity()) return;
    sending = true;
    button.disabled = true;
    // One key for every try of this expense; a new one once it is saved.
    if (!keyField.value) keyField.value = newKey();
    say("Getting the photo ready…");
    const body = new FormData(form);
    const photo = await smaller(body.get("photo"));
    if (photo) body.set("photo", photo, "receipt.jpg");
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("x-requested-with", "claim-form");
    request.timeout = 120000;
    request.upload.onprogress = (progress) => {
      if (progress.lengthComputable) {
        say(`Sending… ${Math.round((progress.loaded / progress.total) * 100)}%`);
      }
    };
    const finish = (text, trouble) => {
      say(text, trouble);
      sending = false;
      button.disabled = false;
    };
    request.onerror = () => finish(navigator.onLine === false ? NO_SIGNAL : NOT_ANSWERING, true);
    request.ontimeout = () => finish(TOO_SLOW, true);
    request.onload = () => {
      // Sent to another page (the sign-in page, once a sign-in has run out): not saved.
      const answeredHere = !request.responseURL || request.responseURL.endsWith(form.getAttribute("action"));
      if (!answeredHere) return finish(SIGNED_OUT, true);
      if (request.status === 200) {
        keyField.value = "";
        say("Saved.");
        location.assign(`/claims?month=${encodeURIComponent(request.responseText.trim())}`);
        return;
      }
      if (request.status === 401) return finish(SIGNED_OUT, true);
      if (request.status >= 500 || request.status === 0) return finish(NOT_ANSWERING, true);
      // A refusal is a sentence saying what to put right; nothing was saved.
      finish(`Not saved: ${request.responseText}`, true);
    };
    say("Sending…");
    request.send(body);
  });
})();
