// imha: starts GOV.UK Frontend's JavaScript from an external module, because
// imha's Content-Security-Policy allows no inline script. Module scripts only
// run in browsers that GOV.UK Frontend supports, so both classes that GOV.UK's
// inline snippet would add are correct here. Modules run after the document
// is parsed, so document.body exists.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
