// Sign-in and page start-up shared by the chat page and the admin console: translations,
// theme and language toggles, the login form (its fields come from partials.html), the
// signed-in user's label, and resuming the session the stored credentials belong to.
import { api, ApiError, clearCredentials, hasCredentials, saveCredentials } from "./api.js";
import { applyTranslations, label, language, setLanguage, t } from "./i18n.js";
import { applyTheme, currentTheme, initTheme } from "./theme.js";

const $ = (id) => document.getElementById(id);

/** Show `message` (or no error) in the login form, empty the password, focus the username. */
export function resetLoginForm(message) {
  const error = $("login-error");
  error.hidden = !message;
  error.textContent = message || "";
  $("login-password").value = "";
  $("login-username").focus();
}

export function showUser(user) {
  if (!user) return;
  const el = $("user-label");
  el.textContent = `${user.display_name || user.username} · ${label("role", user.role)}`;
  el.hidden = false;
}

async function submitLogin(event, signedIn) {
  event.preventDefault();
  const username = $("login-username").value.trim();
  const password = $("login-password").value;
  const error = $("login-error");
  if (!username || !password) {
    error.textContent = t("login_required");
    error.hidden = false;
    (username ? $("login-password") : $("login-username")).focus();
    return;
  }
  const submit = $("login-submit");
  submit.disabled = true;
  submit.textContent = t("login_checking");
  saveCredentials(username, password);
  try {
    signedIn(await api.me());
  } catch (failure) {
    clearCredentials();
    error.textContent = failure instanceof ApiError && failure.status === 401 ? t("login_failed") : t("login_unavailable");
    error.hidden = false;
    $("login-password").select();
    $("login-password").focus();
  } finally {
    submit.disabled = false;
    submit.textContent = t("login_submit");
  }
}

/**
 * Translate the page, set the theme, and wire the language toggle (then `onLanguage()`),
 * the logout button (`onLogout()`) and the login form (`signedIn(user)` once it worked).
 */
export function startPage({ signedIn, onLogout, onLanguage }) {
  applyTranslations(document);
  initTheme();
  $("lang-toggle").addEventListener("click", () => {
    setLanguage(language() === "en" ? "pt" : "en");
    applyTheme(currentTheme());
    onLanguage();
  });
  $("logout").addEventListener("click", () => onLogout());
  $("login-form").addEventListener("submit", (event) => submitLogin(event, signedIn));
}

/**
 * Resume with the stored credentials: `signedIn(user)` when they still work, otherwise
 * `signedOut(message, failure)`; a 401 clears them and says the session expired.
 */
export function resumeSession({ signedIn, signedOut }) {
  if (!hasCredentials()) {
    signedOut("", null);
    return;
  }
  api.me().then(signedIn, (failure) => {
    const refused = failure instanceof ApiError && failure.status === 401;
    if (refused) clearCredentials();
    signedOut(refused ? t("session_expired") : "", failure);
  });
}
