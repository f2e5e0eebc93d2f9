// Thumbs up/down under each answer: POST …/messages/{id}/feedback (a thumbs-down asks why).
import { api } from "./api.js";
import { askFeedback } from "./dialog.js";
import { h } from "./dom.js";
import { t } from "./i18n.js";

function mark(bar, rating) {
  for (const button of bar.querySelectorAll("button[data-rating]")) {
    button.setAttribute("aria-pressed", String(button.dataset.rating === rating));
  }
  bar.dataset.rating = rating || "";
}

async function rate(bar, conversationId, messageId, rating, announce) {
  let body = { rating };
  if (rating === "down") {
    const why = await askFeedback();
    if (!why) return;
    body = { rating, ...why };
  }
  try {
    await api.feedback(conversationId, messageId, body);
  } catch {
    announce(t("feedback_failed"));
    return;
  }
  mark(bar, rating);
  announce(t("feedback_saved"));
}

/** The rating buttons of one stored answer; `current` is its earlier rating, if any. */
export function feedbackBar(conversationId, messageId, current, announce) {
  const bar = h("div", { class: "feedback", role: "group", "aria-label": t("feedback_label") });
  for (const [rating, symbol, label] of [
    ["up", "👍", "feedback_up"],
    ["down", "👎", "feedback_down"],
  ]) {
    const button = h(
      "button",
      { type: "button", class: "ghost small", "data-rating": rating, "aria-pressed": "false", "aria-label": t(label), title: t(label) },
      symbol,
    );
    button.addEventListener("click", () => rate(bar, conversationId, messageId, rating, announce));
    bar.append(button);
  }
  mark(bar, current);
  return bar;
}
