// The console's views in navigation order. Adding one: an import line and an array entry.
// Each module's default export is {name, titleKey, role, render(root, ctx)}.
import alerts from "./alerts.js";
import approvals from "./approvals.js";
import audit from "./audit.js";
import health from "./health.js";
import knowledge from "./knowledge.js";
import metrics from "./metrics.js";
import overview from "./overview.js";
import routing from "./routing.js";
import users from "./users.js";
import config from "./config.js";
import payload from "./payload.js";
import review from "./review.js";
import teams from "./teams.js";

export default [
  overview,
  health,
  alerts,
  routing,
  metrics,
  knowledge,
  approvals,
  audit,
  users,
  config,
  payload,
  review,
  teams,
];
