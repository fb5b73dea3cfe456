// 按距离排序 on /communities/: progressive enhancement only, the page works fully without it.
// The visitor's position is asked for only on a click, used here in the browser to measure the
// distance to each station (data-lat/data-lng on its card, WGS-84 as GPS gives them) and never
// sent anywhere: this file makes no request.
(function () {
  "use strict";
  var container = document.querySelector("[data-nearest-stations]");
  if (!container || !("geolocation" in navigator)) { return; }
  var cards = Array.prototype.slice.call(container.querySelectorAll("li[data-street]"));
  var located = cards.filter(function (card) { return card.dataset.lat && card.dataset.lng; });
  if (located.length < 2) { return; }

  var panel = document.createElement("div");
  panel.className = "nearest";
  var button = document.createElement("button");
  button.type = "button";
  button.textContent = "按距离排序（使用本机定位）";
  var note = document.createElement("p");
  note.className = "meta";
  note.id = "nearest-note";
  note.textContent = "您的位置只在本机上用来计算距离，不会发送给网站。";
  button.setAttribute("aria-describedby", note.id);
  // Announced to screen readers; present from the start so every change is read out.
  var status = document.createElement("p");
  status.className = "nearest__status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  panel.appendChild(button);
  panel.appendChild(note);
  panel.appendChild(status);
  container.parentNode.insertBefore(panel, container);

  // Each card's street list, so "按街道显示" puts it back (in page order, a list holds only cards).
  var places = cards.map(function (card) { return { card: card, parent: card.parentNode }; });
  var sorted = null;
  var nearestFirst = false;
  var busy = false;

  function kilometres(lat1, lng1, lat2, lng2) {
    // Great-circle distance (haversine) on a sphere of the Earth's mean radius.
    var rad = Math.PI / 180;
    var dLat = (lat2 - lat1) * rad;
    var dLng = (lng2 - lng1) * rad;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) * Math.sin(dLng / 2);
    return 6371.0088 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
  }

  function spoken(km) {
    if (km < 1) { return "约 " + Math.max(50, Math.round(km * 1000 / 50) * 50) + " 米"; }
    return "约 " + (Math.round(km * 10) / 10).toFixed(1) + " 公里";
  }

  function distanceLine(card) {
    var line = card.querySelector(".nearest__distance");
    if (!line) {
      line = document.createElement("p");
      line.className = "nearest__distance";
      card.insertBefore(line, card.children[1] || null);
    }
    return line;
  }

  function showNearestFirst(position) {
    var here = position.coords;
    var measured = located.map(function (card) {
      return {
        card: card,
        km: kilometres(here.latitude, here.longitude, parseFloat(card.dataset.lat), parseFloat(card.dataset.lng))
      };
    });
    measured.sort(function (a, b) { return a.km - b.km; });
    // Stations without coordinates keep their place after the others, still listed.
    var unlocated = cards.filter(function (card) { return located.indexOf(card) < 0; });
    if (!sorted) {
      sorted = document.createElement("section");
      sorted.setAttribute("aria-labelledby", "nearest-title");
      var heading = document.createElement("h2");
      heading.id = "nearest-title";
      heading.textContent = "离您由近到远的社区";
      var list = document.createElement("ol");
      list.className = "card-list card-list--grid";
      sorted.appendChild(heading);
      sorted.appendChild(list);
      container.parentNode.insertBefore(sorted, container);
    }
    var ordered = sorted.querySelector("ol");
    measured.forEach(function (item) {
      distanceLine(item.card).textContent = item.card.dataset.street + " · " + spoken(item.km);
      ordered.appendChild(item.card);
    });
    unlocated.forEach(function (card) {
      distanceLine(card).textContent = card.dataset.street + " · 距离未知";
      ordered.appendChild(card);
    });
    sorted.hidden = false;
    container.hidden = true;
    nearestFirst = true;
    button.textContent = "按街道显示";
    var nearest = measured[0].card.querySelector("h3");
    status.textContent = "已按距离由近到远排列，最近的是" + (nearest ? nearest.textContent.trim() : "第一个社区") +
      "（" + spoken(measured[0].km) + "，直线距离）。";
  }

  function showByStreet() {
    places.forEach(function (place) {
      var line = place.card.querySelector(".nearest__distance");
      if (line) { line.remove(); }
      place.parent.appendChild(place.card);
    });
    if (sorted) { sorted.hidden = true; }
    container.hidden = false;
    nearestFirst = false;
    button.textContent = "按距离排序（使用本机定位）";
    status.textContent = "已恢复按街道显示。";
  }

  function failed(error) {
    busy = false;
    if (error && error.code === 1) {
      status.textContent = "没有获得定位权限，所以无法按距离排序。您可以在浏览器设置中允许本网站使用位置，或按下面的街道查找社区。";
    } else {
      status.textContent = "暂时没能获取您的位置，请稍后再试，或按下面的街道查找社区。";
    }
  }

  button.addEventListener("click", function () {
    if (nearestFirst) { showByStreet(); return; }
    if (busy) { return; }  // not disabled while waiting, so keyboard focus stays on it
    busy = true;
    status.textContent = "正在获取您的位置……";
    navigator.geolocation.getCurrentPosition(
      function (position) { busy = false; showNearestFirst(position); },
      failed,
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 }
    );
  });
})();
