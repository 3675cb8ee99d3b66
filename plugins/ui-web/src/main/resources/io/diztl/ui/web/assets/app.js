// diztl web UI: the little the pages need beyond htmx. Loaded from the server itself; no inline code.
(function () {
  "use strict";

  // Shows a failed htmx request's message (the server answers errors as plain text) in #flash.
  document.addEventListener("htmx:responseError", function (event) {
    var flash = document.getElementById("flash");
    if (!flash) {
      return;
    }
    var text = event.detail.xhr ? event.detail.xhr.responseText : "";
    flash.textContent = text || "The request failed.";
    flash.hidden = false;
  });

  document.addEventListener("htmx:sendError", function () {
    var flash = document.getElementById("flash");
    if (flash) {
      flash.textContent = "The node cannot be reached.";
      flash.hidden = false;
    }
  });

  // A new row replaces "No downloads"/"No events yet"; the events table keeps its newest 500 rows.
  document.addEventListener("htmx:sseMessage", function (event) {
    var body = event.target;
    if (body && body.id === "event-rows") {
      var placeholder = body.querySelector("tr.empty-row");
      if (placeholder && body.rows.length > 1) {
        placeholder.remove();
      }
      while (body.rows.length > 500) {
        body.deleteRow(body.rows.length - 1);
      }
    }
  });

  // A result whose node makes no thumbnail (404) shows none rather than a broken image.
  document.addEventListener(
    "error",
    function (event) {
      var image = event.target;
      if (image && image.tagName === "IMG" && image.classList.contains("thumb")) {
        image.hidden = true;
      }
    },
    true
  );

  // "/" focuses the search box, as on many sites, unless the user is typing somewhere.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      var box = document.querySelector('input[name="q"]');
      if (box) {
        event.preventDefault();
        box.focus();
        box.select();
      }
    }
  });
})();
