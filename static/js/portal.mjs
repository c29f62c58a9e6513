// Turns on GOV.UK Frontend's JavaScript components. Loaded as a module,
// so only browsers GOV.UK Frontend supports run it; no inline script needed.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
