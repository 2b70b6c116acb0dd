// newsroom serve: reloads the page when the site was rebuilt, and shows the errors of a failed
// rebuild over the page (which still shows the last good build). Added by the preview server only.
(function () {
  "use strict";
  var overlay = null;
  var connected = false;

  function hide() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function show(errors) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "newsroom-errors";
    overlay.dir = "ltr";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;box-sizing:border-box;" +
      "padding:2rem;background:rgba(24,24,24,.94);color:#f5f5f5;text-align:left;" +
      "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;";
    var title = document.createElement("h2");
    title.textContent = "The site could not be rebuilt";
    title.style.cssText = "margin:0 0 .5rem;font-size:1.25rem;color:#ff8a80;";
    var hint = document.createElement("p");
    hint.textContent =
      "This page shows the last good build. Fix the file below and the page reloads by itself.";
    var list = document.createElement("pre");
    list.style.cssText = "white-space:pre-wrap;margin:1rem 0;";
    list.textContent = errors.join("\n");
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Close";
    close.addEventListener("click", hide);
    overlay.append(title, hint, list, close);
    document.body.appendChild(overlay);
  }

  var events = new EventSource("/__newsroom/events");
  events.addEventListener("hello", function () {
    // A second hello means the server came back (restarted): the page may be stale.
    if (connected) {
      location.reload();
    }
    connected = true;
  });
  events.addEventListener("reload", function () {
    location.reload();
  });
  events.addEventListener("problems", function (event) {
    var errors = JSON.parse(event.data).errors || [];
    if (errors.length) {
      show(errors);
    } else {
      hide();
    }
  });
})();
