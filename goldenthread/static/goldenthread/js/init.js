// Golden Thread — initialise GOV.UK Frontend.
//
// Load at the end of <body> as an ES module (no inline script: we run a
// strict Content Security Policy):
//   <script type="module" src="{% static 'goldenthread/js/init.js' %}"></script>
//
// GOV.UK Frontend 6.x only initialises components when <body> has the
// `govuk-frontend-supported` class (its isSupported() check). The class is
// normally added by govuk-frontend-supported.js at the very start of <body>,
// so the JavaScript-enhanced styles apply before first paint; it is added
// again here in case that script is missing. A browser that runs this module
// supports ES modules, which is exactly what the class signals.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("govuk-frontend-supported");
initAll();
