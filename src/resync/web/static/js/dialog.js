// The modal dialogs of the pages (their markup is in partials.html and chat.html): a required
// comment, a confirmation, the thumbs-down reason. One builder opens each and cleans up.
import { t } from "./i18n.js";

/**
 * Show the modal <dialog id=`id`> with `focus` focused. Each submit calls
 * `onSubmit(choice, finish)` with the pressed button's value (null without one); Escape
 * finishes with `cancelled`. Resolves with the value given to `finish`, after closing the
 * dialog and giving focus back to whatever had it.
 */
function openDialog(id, { focus, cancelled, onSubmit }) {
  const dialog = document.getElementById(id);
  const form = dialog.querySelector("form");
  const opener = document.activeElement;
  return new Promise((resolve) => {
    const finish = (value) => {
      form.removeEventListener("submit", submitted);
      dialog.removeEventListener("cancel", onCancel);
      if (dialog.open) dialog.close();
      if (opener && typeof opener.focus === "function" && opener.isConnected) opener.focus();
      resolve(value);
    };
    const submitted = (event) => {
      event.preventDefault();
      onSubmit(event.submitter ? event.submitter.value : null, finish);
    };
    const onCancel = (event) => {
      event.preventDefault();
      finish(cancelled);
    };
    form.addEventListener("submit", submitted);
    dialog.addEventListener("cancel", onCancel);
    dialog.showModal();
    focus.focus();
  });
}

/** A required comment: resolves to the text, or null if cancelled. */
export function askComment(title) {
  const input = document.getElementById("comment-input");
  const error = document.getElementById("comment-error");
  document.getElementById("comment-title").textContent = title;
  input.value = "";
  error.hidden = true;
  return openDialog("comment-dialog", {
    focus: input,
    cancelled: null,
    onSubmit: (choice, finish) => {
      if (choice === "cancel") {
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
    },
  });
}

/** Resolves to true when confirmed, false otherwise. */
export function confirmAction(title, text) {
  const dialog = document.getElementById("confirm-dialog");
  document.getElementById("confirm-title").textContent = title;
  document.getElementById("confirm-text").textContent = text;
  return openDialog("confirm-dialog", {
    focus: dialog.querySelector("button[value=cancel]"),
    cancelled: false,
    onSubmit: (choice, finish) => finish(choice === "confirm"),
  });
}

/** The thumbs-down dialog: resolves to {reason, comment} or null if cancelled. */
export function askFeedback() {
  const reason = document.getElementById("feedback-reason");
  const comment = document.getElementById("feedback-comment");
  reason.selectedIndex = 0;
  comment.value = "";
  return openDialog("feedback-dialog", {
    focus: reason,
    cancelled: null,
    onSubmit: (choice, finish) =>
      finish(choice === "confirm" ? { reason: reason.value, comment: comment.value.trim() || undefined } : null),
  });
}
