/*! Waarborg cookie consent. No dependencies. Put it first in <head>:
 *    <script src="https://privacy.example.nl/consent.js" data-lang="nl"></script>
 *  and mark every script that needs consent with its cookie category:
 *    <script type="text/plain" data-waarborg-category="analytics" src="..."></script>
 *  A marked script runs only once its category is accepted (or needs no consent).
 *  The choice is kept in a first-party cookie (wbg_consent) and recorded in the
 *  organisation's consent ledger under a random visitor id. Global Privacy Control
 *  (Sec-GPC: 1, navigator.globalPrivacyControl) refuses marketing. Elements with
 *  data-waarborg-open reopen the choice; so does the "Cookies" button.
 *  Google Consent Mode v2 (docs/consent.md): load gtag.js or GTM after this script. */
(function (C) {
  "use strict";
  var d = document, w = window, NAME = "wbg_consent", YEAR = 31536000;
  var me = d.currentScript, root = null, opener = null;
  var lang = pickLang(), W = C.words[lang];
  var gpc = C.gpc || navigator.globalPrivacyControl === true;
  var state = read();
  var G = C.gcm, gm = me && me.getAttribute("data-google-consent-mode");
  var gcm = !!G && (gm === "on" || (G.auto && gm !== "off"));

  function pickLang() {
    var want = ((me && me.getAttribute("data-lang")) || d.documentElement.lang || "");
    want = want.slice(0, 2).toLowerCase();
    return C.langs.indexOf(want) >= 0 ? want : C.langs[0];
  }

  function keys() {
    return C.asked.map(function (c) { return c.key; });
  }

  function read() {
    var m = d.cookie.match(/(?:^|;\s*)wbg_consent=([^;]*)/), p;
    if (!m) return null;
    try { p = decodeURIComponent(m[1]).split("|"); } catch (e) { return null; }
    if (p.length !== 4 || !/^[A-Za-z0-9_-]{16,64}$/.test(p[1])) return null;
    return {
      version: p[0], visitor: p[1], pending: p[3],
      accepted: p[2] ? p[2].split(",").filter(function (k) { return keys().indexOf(k) >= 0; }) : []
    };
  }

  function write(s) {
    var v = [s.version, s.visitor, s.accepted.join(","), s.pending].join("|");
    d.cookie = NAME + "=" + encodeURIComponent(v) + "; Max-Age=" + YEAR + "; Path=/; SameSite=Lax" +
      (location.protocol === "https:" ? "; Secure" : "");
  }

  function erase(name) {
    var host = location.hostname.split("."), i, domains = [""];
    for (i = 0; i < host.length - 1; i++) domains.push("; Domain=." + host.slice(i).join("."));
    domains.forEach(function (dm) { d.cookie = name + "=; Max-Age=0; Path=/" + dm; });
  }

  function randomId(n) {
    var b = new Uint8Array(n), s = "", i;
    var a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    w.crypto.getRandomValues(b);
    for (i = 0; i < n; i++) s += a.charAt(b[i] & 63);
    return s;
  }

  function decided() {
    return !!state && state.version === C.version;
  }

  function allowed(key) {
    if (C.free.indexOf(key) >= 0) return true;
    if (gpc && key === "marketing") return false; // GPC refuses it, whatever was stored
    return decided() && state.accepted.indexOf(key) >= 0;
  }

  function activate() {
    var list = d.querySelectorAll('script[type="text/plain"][data-waarborg-category]'), i, j;
    for (i = 0; i < list.length; i++) {
      var old = list[i];
      if (!allowed(old.getAttribute("data-waarborg-category"))) continue;
      var s = d.createElement("script");
      for (j = 0; j < old.attributes.length; j++) {
        if (old.attributes[j].name !== "type") s.setAttribute(old.attributes[j].name, old.attributes[j].value);
      }
      s.type = old.getAttribute("data-waarborg-type") || "text/javascript";
      s.text = old.text;
      old.parentNode.replaceChild(s, old);
    }
  }

  function gtag() {
    (w.dataLayer = w.dataLayer || []).push(arguments);
  }

  // Consent Mode: a signal is granted only by a declared category accepted or free.
  function signals(accepted) {
    var out = {};
    G.signals.forEach(function (s) { out[s] = "denied"; });
    C.free.concat(accepted).forEach(function (k) {
      (G.grants[k] || []).forEach(function (s) {
        if (!(gpc && G.ads.indexOf(s) >= 0)) out[s] = "granted";
      });
    });
    return out;
  }

  function google(accepted, chosen) {
    if (!gcm) return;
    gtag("consent", "update", signals(accepted));
    if (!chosen) return;
    var choice = {};
    C.asked.forEach(function (c) { choice[c.key] = accepted.indexOf(c.key) >= 0; });
    w.dataLayer.push({ event: "waarborg_consent", waarborg_choice: choice });
  }

  function googleDefault() {
    if (!gcm) return;
    var none = signals([]), k, any = false;
    for (k in none) if (none[k] === "granted") { none[k] = "denied"; any = true; }
    none.wait_for_update = G.wait;
    gtag("consent", "default", none);
    gtag("set", "ads_data_redaction", true);
    if (decided()) google(state.accepted, true);
    else if (any) google([], false);
  }

  function send(s) {
    var choices = {};
    C.asked.forEach(function (c) { choices[c.key] = s.accepted.indexOf(c.key) >= 0; });
    return fetch(C.api + "/api/v1/consent/visitor", {
      method: "POST", mode: "cors", credentials: "omit", keepalive: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        visitor: s.visitor, choices: choices, lang: lang, version: s.version, gpc: gpc, event: s.pending
      })
    }).then(function (r) {
      if (r.status === 409) { state = null; erase(NAME); google([], false); show(false); }
      else if (r.ok && state === s) { s.pending = ""; write(s); }
    }, function () { /* kept as pending; sent again on the next page */ });
  }

  function clearCookies(key) {
    var c = C.asked.filter(function (x) { return x.key === key; })[0];
    if (!c) return;
    d.cookie.split(";").forEach(function (part) {
      var name = part.split("=")[0].trim();
      c.cookies.forEach(function (p) {
        var prefix = p.charAt(p.length - 1) === "*";
        if (prefix ? name.indexOf(p.slice(0, -1)) === 0 : name === p) erase(name);
      });
    });
  }

  function decide(accepted) {
    var before = decided() ? state.accepted : [];
    var s = {
      version: C.version, visitor: (state && state.visitor) || randomId(22),
      accepted: accepted, pending: randomId(16)
    };
    var dropped = before.filter(function (k) { return accepted.indexOf(k) < 0; });
    state = s;
    write(s);
    google(accepted, true);
    hide();
    var sent = send(s);
    d.dispatchEvent(new CustomEvent("waarborg:consent", { detail: { accepted: accepted.slice() } }));
    if (dropped.length) {
      // Scripts that already ran cannot be stopped: their cookies go, and the page reloads.
      dropped.forEach(clearCookies);
      sent.then(function () { location.reload(); });
      return;
    }
    activate();
    button();
  }

  function el(tag, attrs, text) {
    var e = d.createElement(tag), k;
    for (k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    if (text) e.textContent = text;
    return e;
  }

  function hide() {
    if (root) root.parentNode.removeChild(root);
    root = null;
  }

  function button() {
    if (opener || !C.asked.length) return;
    opener = el("button", { type: "button", "class": "wbg-open", "aria-haspopup": "dialog" }, W.settings);
    opener.addEventListener("click", function () { show(true); });
    d.body.appendChild(opener);
  }

  function show(choosing) {
    hide();
    root = el("div", { "class": "wbg", role: "dialog", "aria-labelledby": "wbg-title", lang: lang, tabindex: "-1" });
    root.appendChild(el("h2", { id: "wbg-title" }, W.title));
    var intro = el("p", {}, W.intro + " ");
    intro.appendChild(el("a", { href: C.link[lang] }, W.declaration));
    root.appendChild(intro);
    var blocked = gpc && keys().indexOf("marketing") >= 0;
    if (blocked) root.appendChild(el("p", { "class": "wbg-gpc" }, W.gpc));
    var list = el("fieldset", {});
    list.appendChild(el("legend", {}, W.legend));
    C.free.forEach(function (key) { list.appendChild(option(C.labels[key], null, true, true, W.always)); });
    C.asked.forEach(function (c) {
      var off = blocked && c.key === "marketing";
      list.appendChild(option(c, c.key, !off && decided() && state.accepted.indexOf(c.key) >= 0, off, ""));
    });
    if (!choosing) list.hidden = true;
    root.appendChild(list);
    var bar = el("div", { "class": "wbg-b" });
    var all = el("button", { type: "button" }, W.accept), none = el("button", { type: "button" }, W.reject);
    all.addEventListener("click", function () {
      decide(keys().filter(function (k) { return !(blocked && k === "marketing"); }));
    });
    none.addEventListener("click", function () { decide([]); });
    var pick = el("button", { type: "button", "class": "wbg-s" }, choosing ? W.save : W.choose);
    pick.addEventListener("click", function () {
      if (list.hidden) { list.hidden = false; pick.textContent = W.save; return; }
      var boxes = list.querySelectorAll("input[data-key]"), out = [], i;
      for (i = 0; i < boxes.length; i++) if (boxes[i].checked) out.push(boxes[i].getAttribute("data-key"));
      decide(out);
    });
    bar.appendChild(all);
    bar.appendChild(none);
    bar.appendChild(pick);
    root.appendChild(bar);
    d.body.appendChild(root);
    root.focus();
  }

  function option(c, key, checked, disabled, note) {
    var id = "wbg-" + (key || c.key), box = el("input", { type: "checkbox", id: id });
    if (key) box.setAttribute("data-key", key);
    box.checked = checked;
    box.disabled = disabled;
    var wrap = el("div", { "class": "wbg-o" }), label = el("label", { "for": id });
    label.appendChild(box);
    label.appendChild(d.createTextNode(" " + c.label[lang] + (note ? " (" + note + ")" : "")));
    wrap.appendChild(label);
    wrap.appendChild(el("small", {}, c.text[lang]));
    return wrap;
  }

  function style() {
    var s = el("style", {}, C.css);
    (d.head || d.documentElement).appendChild(s);
  }

  function start() {
    style();
    if (decided() && state.pending) send(state);
    activate();
    if (decided() || !C.asked.length) button();
    else show(false);
    d.addEventListener("click", function (e) {
      var t = e.target && e.target.closest && e.target.closest("[data-waarborg-open]");
      if (t) { e.preventDefault(); show(true); }
    });
  }

  w.waarborgConsent = {
    open: function () { show(true); },
    accepted: function (key) { return allowed(key); }
  };
  googleDefault();
  activate();
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", start);
  else start();
})(/*CONFIG*/);
