// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Autocomplete for search boxes that declare an endpoint.
  document.querySelectorAll("input[data-autocomplete]").forEach(function (input) {
    var list = document.createElement("ul");
    list.className = "suggestions";
    list.hidden = true;
    list.id = input.id + "-suggestions";
    input.setAttribute("aria-controls", list.id);
    input.parentNode.appendChild(list);
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q) { list.hidden = true; return; }
      timer = setTimeout(function () {
        fetch(input.dataset.autocomplete + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            list.textContent = "";
            (data.results || []).forEach(function (item) {
              var li = document.createElement("li");
              var a = document.createElement("a");
              a.href = item.url;
              a.textContent = item.title;
              li.appendChild(a);
              list.appendChild(li);
            });
            list.hidden = !list.children.length;
          })
          .catch(function () { list.hidden = true; });
      }, 200);
    });
    input.addEventListener("keydown", function (e) { if (e.key === "Escape") { list.hidden = true; } });
  });
})();

// Read aloud (语音朗读) with the browser's own speech synthesis, on pages that mark their text.
(function () {
  "use strict";
  var article = document.querySelector("[data-read-aloud]");
  if (!article || !("speechSynthesis" in window) || !window.SpeechSynthesisUtterance) { return; }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "read-aloud";
  button.setAttribute("aria-pressed", "false");
  button.textContent = "朗读本页";
  var heading = article.querySelector("h1");
  (heading || article).insertAdjacentElement(heading ? "afterend" : "afterbegin", button);
  function stop() {
    window.speechSynthesis.cancel();
    button.setAttribute("aria-pressed", "false");
    button.textContent = "朗读本页";
  }
  button.addEventListener("click", function () {
    if (button.getAttribute("aria-pressed") === "true") { stop(); return; }
    var text = article.innerText.replace(button.textContent, "");
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "zh-CN";
    utterance.rate = 0.9;
    utterance.onend = stop;
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(utterance);
    button.setAttribute("aria-pressed", "true");
    button.textContent = "停止朗读";
  });
  window.addEventListener("pagehide", stop);
})();
