// The admin console: login modal, hash routing over the view registry, role-aware navigation.
import { ApiError, clearCredentials, request, storedCredentials } from "../js/api.js";
import { h, clear } from "../js/dom.js";
import { addTexts, t } from "../js/i18n.js";
import { resetLoginForm, resumeSession, showUser, startPage } from "../js/session.js";
import { EN, PT } from "./texts.js";
import views from "./views/index.js";

addTexts(PT, EN);

const DEFAULT_VIEW = "overview";
const RANK = { viewer: 0, operator: 1, admin: 2 };
const $ = (id) => document.getElementById(id);

const state = {
  user: null,
  view: null,
  cleanups: [],
  renderId: 0,
  login: null, // {promise, resolve} while the login modal waits for credentials
};

export function allowed(user, role) {
  return Boolean(user) && (RANK[user.role] ?? -1) >= (RANK[role] ?? 0);
}

function visibleViews() {
  return views.filter((view) => allowed(state.user, view.role));
}

// ---- login ------------------------------------------------------------------------------

/** Open the login modal (if not open) and resolve once someone signed in through it. */
function requireLogin(message) {
  if (!state.login) {
    let resolve;
    const promise = new Promise((done) => {
      resolve = done;
    });
    state.login = { promise, resolve };
  }
  const dialog = $("login-dialog");
  if (!dialog.open) dialog.showModal();
  resetLoginForm(message);
  return state.login.promise;
}

/** The login modal worked: close it, and give the user to whoever waited for a sign-in. */
function loggedIn(user) {
  $("login-dialog").close();
  const waiting = state.login;
  state.login = null;
  signedIn(user);
  if (waiting) waiting.resolve(user);
}

function signedIn(user) {
  const changed = !state.user || state.user.username !== user.username || state.user.role !== user.role;
  state.user = user;
  $("logout").hidden = false;
  showUser(user);
  if (changed) {
    buildNav();
    route();
  }
}

function signOut() {
  clearCredentials();
  runCleanups();
  state.user = null;
  state.view = null;
  clear($("console-nav"));
  clear($("view-slot"));
  $("view-heading").textContent = "";
  $("logout").hidden = true;
  $("user-label").hidden = true;
  requireLogin().then(() => {});
}

/** The API as views use it: a 401 opens the login modal and the call is made again after. */
async function call(method, path, body) {
  for (;;) {
    const sent = storedCredentials();
    try {
      return await request(method, path, body);
    } catch (failure) {
      if (!(failure instanceof ApiError) || failure.status !== 401) throw failure;
      if (storedCredentials() !== sent) continue; // signed in again while this call ran
      clearCredentials();
      await requireLogin(t("session_expired"));
    }
  }
}

const api = {
  call,
  get: (path) => call("GET", path),
  post: (path, body) => call("POST", path, body ?? {}),
  patch: (path, body) => call("PATCH", path, body ?? {}),
  put: (path, body) => call("PUT", path, body ?? {}),
  delete: (path) => call("DELETE", path),
};

// ---- routing ----------------------------------------------------------------------------

function buildNav() {
  const nav = clear($("console-nav"));
  const list = h("ul", { class: "nav-list" });
  for (const view of visibleViews()) {
    list.append(h("li", {}, h("a", { href: `#${view.name}`, "data-nav": view.name }, t(view.titleKey))));
  }
  nav.append(list);
  markNav();
}

function markNav() {
  for (const link of document.querySelectorAll("[data-nav]")) {
    if (state.view && link.dataset.nav === state.view.name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

function runCleanups() {
  const pending = state.cleanups;
  state.cleanups = [];
  for (const fn of pending) {
    try {
      fn();
    } catch {
      // a view's cleanup failing must not keep the next view from opening
    }
  }
}

function navigate(name) {
  if (location.hash === `#${name}`) route();
  else location.hash = name;
}

async function route() {
  if (!state.user) return;
  const wanted = decodeURIComponent(location.hash.replace(/^#/, "")).split("?")[0];
  const shown = visibleViews();
  const view = shown.find((candidate) => candidate.name === wanted)
    || shown.find((candidate) => candidate.name === DEFAULT_VIEW)
    || shown[0];
  if (!view) return;
  if (wanted !== view.name) history.replaceState(null, "", `#${view.name}`);
  runCleanups();
  state.view = view;
  const renderId = ++state.renderId;
  markNav();
  document.title = `${t(view.titleKey)} · Resync`;
  $("view-heading").textContent = t(view.titleKey);
  const root = h("section", { class: "view", "data-view": view.name, "aria-labelledby": "view-heading" });
  clear($("view-slot")).append(root);
  const ctx = {
    api,
    t,
    user: state.user,
    navigate,
    allowed: (role) => allowed(state.user, role),
    onCleanup: (fn) => {
      if (renderId === state.renderId) state.cleanups.push(fn);
      else fn(); // the view was left while it rendered
    },
    current: () => renderId === state.renderId,
  };
  try {
    await view.render(root, ctx);
    if (renderId === state.renderId) root.dataset.ready = "true";
  } catch (failure) {
    if (renderId !== state.renderId) return;
    root.dataset.error = "true";
    root.append(h("p", { class: "form-error", role: "alert" }, `${t("view_failed")}: ${failure.message || failure}`));
  }
}

function languageChanged() {
  showUser(state.user);
  if (state.user) {
    buildNav();
    route();
  }
}

function start() {
  startPage({ signedIn: loggedIn, onLogout: signOut, onLanguage: languageChanged });
  $("login-dialog").addEventListener("cancel", (event) => event.preventDefault());
  window.addEventListener("hashchange", route);
  resumeSession({
    signedIn,
    signedOut: () => {
      clearCredentials(); // whatever went wrong, the console asks for a fresh sign-in
      requireLogin();
    },
  });
}

start();
