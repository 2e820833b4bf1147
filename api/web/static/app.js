// Blanko planner page: a few behaviours on top of htmx (vendored in this folder).
(function () {
  "use strict";
  // After new results arrive, move keyboard focus to their heading.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target.id !== "results") return;
    var heading = document.getElementById("results-heading");
    // What the results are (a plan, a comparison, refused input): the language switch
    // asks for them again in the other language.
    var shown = document.getElementById("shown");
    if (shown) {
      shown.value = document.getElementById("kecamatan-table") ? "plan" :
        document.getElementById("compare-table") ? "compare" : "";
    }
    var target = heading || event.target;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
  });
  // The history section answers a refused approval (409: the store's status rules) or an
  // unknown plan (404) with a sentence to show in place, not as a failure.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var inHistory = event.detail.target && event.detail.target.closest &&
      event.detail.target.closest("#history");
    if (inHistory && (status === 409 || status === 404)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // A failed request (busy server, crash): say so instead of doing nothing.
  document.addEventListener("htmx:responseError", function (event) {
    var results = document.getElementById("results");
    var box = document.createElement("div");
    box.className = "problems";
    box.setAttribute("role", "alert");
    var detail = event.detail.xhr.responseText || "";
    try { detail = JSON.parse(detail).detail || detail; } catch (e) { /* not JSON */ }
    box.textContent = event.detail.xhr.status + ": " + detail;
    results.replaceChildren(box);
  });
  // The language switch posts the form as it is to /web/language: the page comes back in
  // the other language with the typed values (and the results asked for again).
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".langs a[hreflang]") : null;
    var form = document.getElementById("planner");
    if (!link || !form || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "switch_lang";
    input.value = link.getAttribute("hreflang");
    form.appendChild(input);
    form.setAttribute("action", "/web/language");
    form.removeAttribute("target");
    form.submit();
  });
  // Choosing a file selects "my own files"; choosing a dataset selects the dataset.
  document.addEventListener("change", function (event) {
    if (event.target.id === "file") document.getElementById("source-upload").checked = true;
    if (event.target.id === "dataset") document.getElementById("source-dataset").checked = true;
  });
})();
