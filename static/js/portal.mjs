// Turns on GOV.UK Frontend's JavaScript components. Loaded as a module,
// so only browsers GOV.UK Frontend supports run it; no inline script needed.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Radios that reveal follow-up questions (GOV.UK's conditional reveal), kept in step with the
// chosen radio. Unlike GOV.UK Frontend's, without aria-expanded, which ARIA does not allow on
// a radio (govuk-frontend issue 979); the questions follow their radio in reading order.
for (const group of document.querySelectorAll('[data-module="app-conditional-radios"]')) {
  const radios = [...group.querySelectorAll('input[type="radio"][aria-controls]')];
  const sync = () => {
    for (const radio of radios) {
      document
        .getElementById(radio.getAttribute("aria-controls"))
        ?.classList.toggle("govuk-radios__conditional--hidden", !radio.checked);
    }
  };
  group.addEventListener("change", sync);
  window.addEventListener("pageshow", sync);
  sync();
}
