// A modal <dialog> asking for a required comment; resolves to the text or null if cancelled.
import { t } from "./i18n.js";

export function askComment(title) {
  const dialog = document.getElementById("comment-dialog");
  const form = dialog.querySelector("form");
  const input = document.getElementById("comment-input");
  const error = document.getElementById("comment-error");
  const opener = document.activeElement;
  document.getElementById("comment-title").textContent = title;
  input.value = "";
  error.hidden = true;

  return new Promise((resolve) => {
    const finish = (value) => {
      form.removeEventListener("submit", onSubmit);
      dialog.removeEventListener("cancel", onCancel);
      if (dialog.open) dialog.close();
      if (opener && typeof opener.focus === "function" && opener.isConnected) opener.focus();
      resolve(value);
    };
    const onSubmit = (event) => {
      event.preventDefault();
      if (event.submitter && event.submitter.value === "cancel") {
        finish(null);
        return;
      }
      const text = input.value.trim();
      if (!text) {
        error.textContent = t("comment_required");
        error.hidden = false;
        input.focus();
        return;
      }
      finish(text);
    };
    const onCancel = (event) => {
      event.preventDefault();
      finish(null);
    };
    form.addEventListener("submit", onSubmit);
    dialog.addEventListener("cancel", onCancel);
    dialog.showModal();
    input.focus();
  });
}

export function confirmAction(title, text) {
  const dialog = document.getElementById("confirm-dialog");
  const form = dialog.querySelector("form");
  const opener = document.activeElement;
  document.getElementById("confirm-title").textContent = title;
  document.getElementById("confirm-text").textContent = text;
  return new Promise((resolve) => {
    const finish = (value) => {
      form.removeEventListener("submit", onSubmit);
      dialog.removeEventListener("cancel", onCancel);
      if (dialog.open) dialog.close();
      if (opener && typeof opener.focus === "function" && opener.isConnected) opener.focus();
      resolve(value);
    };
    const onSubmit = (event) => {
      event.preventDefault();
      finish(Boolean(event.submitter && event.submitter.value === "confirm"));
    };
    const onCancel = (event) => {
      event.preventDefault();
      finish(false);
    };
    form.addEventListener("submit", onSubmit);
    dialog.addEventListener("cancel", onCancel);
    dialog.showModal();
    dialog.querySelector("button[value=cancel]").focus();
  });
}

/** The thumbs-down dialog: resolves to {reason, comment} or null if cancelled. */
export function askFeedback() {
  const dialog = document.getElementById("feedback-dialog");
  const form = dialog.querySelector("form");
  const reason = document.getElementById("feedback-reason");
  const comment = document.getElementById("feedback-comment");
  const opener = document.activeElement;
  reason.selectedIndex = 0;
  comment.value = "";
  return new Promise((resolve) => {
    const finish = (value) => {
      form.removeEventListener("submit", onSubmit);
      dialog.removeEventListener("cancel", onCancel);
      if (dialog.open) dialog.close();
      if (opener && typeof opener.focus === "function" && opener.isConnected) opener.focus();
      resolve(value);
    };
    const onSubmit = (event) => {
      event.preventDefault();
      if (!event.submitter || event.submitter.value !== "confirm") {
        finish(null);
        return;
      }
      finish({ reason: reason.value, comment: comment.value.trim() || undefined });
    };
    const onCancel = (event) => {
      event.preventDefault();
      finish(null);
    };
    form.addEventListener("submit", onSubmit);
    dialog.addEventListener("cancel", onCancel);
    dialog.showModal();
    reason.focus();
  });
}
