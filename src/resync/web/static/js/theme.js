// Light (default) or dark theme, persisted in localStorage; follows the OS until chosen.
import { t } from "./i18n.js";

const STORAGE_KEY = "resync.theme";

function stored() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function currentTheme() {
  return document.documentElement.dataset.theme === "dark" ? "dark" : "light";
}

export function applyTheme(theme) {
  document.documentElement.dataset.theme = theme === "dark" ? "dark" : "light";
  const button = document.getElementById("theme-toggle");
  const dark = currentTheme() === "dark";
  button.setAttribute("aria-pressed", String(dark));
  button.textContent = dark ? t("theme_light") : t("theme_dark");
}

export function initTheme() {
  const saved = stored();
  const prefersDark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  applyTheme(saved || (prefersDark ? "dark" : "light"));
  document.getElementById("theme-toggle").addEventListener("click", () => {
    const next = currentTheme() === "dark" ? "light" : "dark";
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // storage disabled: the choice lasts for this page only
    }
    applyTheme(next);
  });
}
