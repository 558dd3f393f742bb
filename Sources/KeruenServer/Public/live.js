// Reloads a declaration's page when the server says the declaration changed (server-sent events).
(function () {
  var main = document.querySelector("[data-live]");
  if (!main || !window.EventSource) return;
  var source = new EventSource(main.getAttribute("data-live"));
  source.addEventListener("changed", function () {
    source.close();
    var note = document.getElementById("live-note");
    if (note) note.hidden = false;
    window.location.reload();
  });
})();
