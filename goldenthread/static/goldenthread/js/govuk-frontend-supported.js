// Golden Thread — mark <body> as supported by GOV.UK Frontend's JavaScript.
//
// External replacement for the inline <script> in GOV.UK Frontend's page
// template, so that it works under a strict Content Security Policy
// (script-src 'self', no 'unsafe-inline', no nonce needed).
//
// Include it as a classic (non-module, non-deferred) script as the FIRST
// child of <body>:
//   <body class="govuk-template__body">
//     <script src="{% static 'goldenthread/js/govuk-frontend-supported.js' %}"></script>
//
// Only browsers that support ES modules get the class, as GOV.UK Frontend
// requires; the CSS for JavaScript-enhanced components (accordion, tabs,
// service navigation menu, …) keys off it.
if (document.body && "noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
