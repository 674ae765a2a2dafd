// apimock journal: live updates and copy buttons. Everything else works
// without JavaScript; nothing here is needed to read the journal.
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var done = document.execCommand("copy");
      area.remove();
      if (done) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  function bindCopyButtons(root) {
    root.querySelectorAll("button[data-copy]").forEach(function (button) {
      if (button.dataset.bound) { return; }
      button.dataset.bound = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.dataset.copy);
        var status = document.getElementById(button.dataset.copy + "-status");
        copyText(source.textContent.trim()).then(
          function () { status.textContent = "Copied to the clipboard."; },
          function () { status.textContent = "Could not copy: select the line and copy it by hand."; }
        );
      });
    });
  }

  function startPolling(page) {
    var version = page.dataset.version;
    var every = Number(page.dataset.every) || 1000;
    var running = true;
    var toggle = document.getElementById("live-toggle");
    if (toggle) {
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        running = !running;
        toggle.setAttribute("aria-pressed", String(running));
        toggle.textContent = running ? "Pause live updates" : "Resume live updates";
      });
    }
    var regions = ["summary", "calls", "misses", "stubs"];
    function replace(id, html) {
      var region = document.getElementById(id);
      // Keep the keyboard where it is: a region holding the focus waits.
      if (!region || region.contains(document.activeElement)) { return false; }
      region.innerHTML = html;
      bindCopyButtons(region);
      return true;
    }
    function poll() {
      if (!running) { return schedule(); }
      var query = new URLSearchParams(window.location.search);
      query.set("version", version);
      fetch(page.dataset.poll + "?" + query.toString(), {
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        if (response.status !== 200) { return null; }
        return response.json();
      }).then(function (data) {
        if (data) {
          var all = true;
          regions.forEach(function (id) { all = replace(id, data[id]) && all; });
          if (all) { version = String(data.version); }
          page.dataset.version = version;
        }
      }).catch(function () { /* the server restarted: try again */ }).then(schedule);
    }
    function schedule() { window.setTimeout(poll, every); }
    schedule();
  }

  bindCopyButtons(document);
  var page = document.querySelector("[data-poll]");
  if (page) { startPolling(page); }
})();
