// Progressive enhancement only: every page works without this file.
import { initAll } from "./govuk-frontend.min.js";
import "./timeout-warning.js";
import "./plan-totals.js";

initAll();

// On wider screens there is room to show the directory's filters open beside the results.
const wideScreen = window.matchMedia("(min-width: 40.0625em)");
for (const filters of document.querySelectorAll("[data-app-open-on-wide-screens]")) {
  if (wideScreen.matches) {
    filters.open = true;
  }
}
