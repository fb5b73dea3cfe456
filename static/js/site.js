// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Search suggestions as an ARIA combobox (the WAI-ARIA "list autocomplete" pattern): the box
  // stays a plain search field that submits the form; this adds a listbox of page titles that
  // ArrowDown/ArrowUp move through, Enter opens and Escape closes, and a polite status line that
  // says how many suggestions there are.
  document.querySelectorAll("input[data-autocomplete]").forEach(function (input) {
    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    list.className = "suggestions";
    list.id = listId;
    list.hidden = true;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "搜索建议");
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    input.parentNode.appendChild(list);
    input.parentNode.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("aria-expanded", "false");

    var timer = null;
    var asked = 0;
    var active = -1;

    function options() { return list.querySelectorAll("[role=option]"); }
    function open() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      highlight(-1);
    }
    function highlight(index) {
      var items = options();
      active = index;
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function go(item) { window.location.assign(item.dataset.url); }
    function show(results) {
      list.textContent = "";
      results.forEach(function (result, i) {
        var item = document.createElement("li");
        item.id = listId + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.dataset.url = result.url;
        var title = document.createElement("span");
        title.className = "suggestions__title";
        title.textContent = result.title;
        item.appendChild(title);
        if (result.kind) {
          // Read as "title，kind"; seen as the title with its kind at the right.
          var kind = document.createElement("span");
          kind.className = "suggestions__kind";
          var pause = document.createElement("span");
          pause.className = "visually-hidden";
          pause.textContent = "，";
          kind.appendChild(pause);
          kind.appendChild(document.createTextNode(result.kind));
          item.appendChild(kind);
        }
        list.appendChild(item);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (results.length) {
        open();
        status.textContent = "有 " + results.length + " 条搜索建议，按上下方向键选择，回车打开。";
      } else {
        close();
        status.textContent = "没有搜索建议，按回车搜索。";
      }
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q) { list.textContent = ""; close(); status.textContent = ""; return; }
      timer = setTimeout(function () {
        var mine = ++asked;
        fetch(input.dataset.autocomplete + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) { if (mine === asked) { show(data.results || []); } })
          .catch(function () { if (mine === asked) { close(); } });
      }, 200);
    });
    input.addEventListener("keydown", function (e) {
      var items = options();
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!items.length) { return; }
        e.preventDefault();
        if (list.hidden) { open(); }
        // Past either end the highlight goes back to the text in the box, then wraps round.
        if (e.key === "ArrowDown") {
          highlight(active + 1 < items.length ? active + 1 : -1);
        } else {
          highlight(active === -1 ? items.length - 1 : active - 1);
        }
      } else if (e.key === "Enter") {
        if (!list.hidden && active >= 0 && items[active]) {
          e.preventDefault();
          go(items[active]);
        }
      } else if (e.key === "Escape") {
        if (!list.hidden) { e.preventDefault(); close(); }
      }
    });
    // A pointer picks an option without taking the focus from the box first.
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    list.addEventListener("click", function (e) {
      var item = e.target.closest("[role=option]");
      if (item) { go(item); }
    });
    input.addEventListener("blur", function () { close(); });
  });
})();

// 适老模式 is large (or extra large) text together with high contrast. /preferences.css sets the
// variables of each choice; where the browser lacks CSS style queries (site.css), this marks the
// page the same way so the switch reads 退出适老模式 only in elder mode, not for 大字 alone.
(function () {
  "use strict";
  var root = document.documentElement;
  var style = window.getComputedStyle(root);
  var enlarged = ["1.25rem", "1.5rem"].indexOf(style.getPropertyValue("--font-size").trim()) >= 0;
  var contrast = style.getPropertyValue("--color-brand").trim() === "#000";
  root.classList.toggle("elder-mode", enlarged && contrast);
})();

// The print view's 打印 button: shown only where the script runs; the hint names the browser's
// menu otherwise.
(function () {
  "use strict";
  var button = document.querySelector("[data-print]");
  if (!button || typeof window.print !== "function") { return; }
  button.hidden = false;
  var hint = document.querySelector("[data-print-hint]");
  if (hint) { hint.hidden = true; }
  button.addEventListener("click", function () { window.print(); });
})();

// Read aloud (语音朗读) with the browser's own speech synthesis, on pages that mark their text.
// The text is read in its own language (the nearest lang attribute): Kazakh only with a Kazakh
// voice; a browser without one says so rather than reading Kazakh with a Chinese voice.
(function () {
  "use strict";
  var article = document.querySelector("[data-read-aloud]");
  if (!article || !("speechSynthesis" in window) || !window.SpeechSynthesisUtterance) { return; }
  var carrier = article.closest("[lang]");
  var kazakh = /^kk/i.test(carrier ? carrier.getAttribute("lang") : "");
  var labels = kazakh
    ? { read: "بەتتى داۋىستاپ وقۋ", stop: "وقۋدى توقتاتۋ",
        noVoice: "بۇل شولعىشتا قازاقشا داۋىس جوق، سوندىقتان بەت وقىلمايدى." }
    : { read: "朗读本页", stop: "停止朗读" };
  var button = document.createElement("button");
  button.type = "button";
  button.className = "read-aloud";
  button.setAttribute("aria-pressed", "false");
  button.textContent = labels.read;
  var status = document.createElement("p");
  status.className = "read-aloud__status";
  status.setAttribute("role", "status");
  var heading = article.querySelector("h1");
  (heading || article).insertAdjacentElement(heading ? "afterend" : "afterbegin", button);
  button.insertAdjacentElement("afterend", status);
  function stop() {
    window.speechSynthesis.cancel();
    button.setAttribute("aria-pressed", "false");
    button.textContent = labels.read;
  }
  function kazakhVoice() {
    return window.speechSynthesis.getVoices().filter(function (voice) {
      return /^kk/i.test(voice.lang);
    })[0];
  }
  button.addEventListener("click", function () {
    if (button.getAttribute("aria-pressed") === "true") { stop(); return; }
    var voice = kazakh ? kazakhVoice() : null;
    if (kazakh && !voice) { status.textContent = labels.noVoice; return; }
    status.textContent = "";
    var text = article.innerText.replace(button.textContent, "");
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = kazakh ? voice.lang : "zh-CN";
    if (voice) { utterance.voice = voice; }
    utterance.rate = 0.9;
    utterance.onend = stop;
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(utterance);
    button.setAttribute("aria-pressed", "true");
    button.textContent = labels.stop;
  });
  window.addEventListener("pagehide", stop);
})();
